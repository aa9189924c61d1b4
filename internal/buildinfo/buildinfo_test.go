package buildinfo_test

import (
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/buildinfo"
)

func TestVersionFromFyneAppTOML(t *testing.T) {
	v := buildinfo.Version()
	if v == "" || v == "dev" || !strings.Contains(v, ".") {
		t.Fatalf("Version() = %q, want the version of FyneApp.toml", v)
	}
	if buildinfo.AppID != "fr.bureau-asso.bureau" {
		t.Fatalf("AppID = %q", buildinfo.AppID)
	}
	buildinfo.GitDescribe = "v9.9.9-1-gabc"
	defer func() { buildinfo.GitDescribe = "" }()
	if got := buildinfo.Version(); !strings.HasSuffix(got, "(v9.9.9-1-gabc)") {
		t.Fatalf("Version() with git = %q", got)
	}
}
