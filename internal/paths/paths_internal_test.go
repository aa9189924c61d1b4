package paths

import (
	"path/filepath"
	"testing"
)

func TestDataDir(t *testing.T) {
	home := func() (string, error) { return "/home/anne", nil }
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, "/home/anne/.local/share/bureau"},
		{"linux", map[string]string{"XDG_DATA_HOME": "/data"}, "/data/bureau"},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative"}, "/home/anne/.local/share/bureau"},
		{"darwin", nil, "/home/anne/Library/Application Support/Bureau"},
		{"windows", map[string]string{"APPDATA": `/C/Users/Anne/AppData/Roaming`}, filepath.Join(`/C/Users/Anne/AppData/Roaming`, "Bureau")},
	}
	for _, tt := range tests {
		got, err := dataDir(tt.goos, env(tt.env), home)
		if err != nil || got != tt.want {
			t.Errorf("dataDir(%s, %v) = %q, %v; want %q", tt.goos, tt.env, got, err, tt.want)
		}
	}
	if _, err := dataDir("windows", env(nil), home); err == nil {
		t.Error("dataDir(windows) without APPDATA: want an error")
	}
}

func TestDBPathPrecedence(t *testing.T) {
	t.Setenv(EnvDB, "/env/bureau.db")
	if got, _ := DBPath("/flag.db"); got != "/flag.db" {
		t.Errorf("flag: got %q", got)
	}
	if got, _ := DBPath(""); got != "/env/bureau.db" {
		t.Errorf("env: got %q", got)
	}
	t.Setenv(EnvDB, "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got, _ := DBPath(""); got != "/xdg/bureau/bureau.db" {
		t.Errorf("default: got %q", got)
	}
}
