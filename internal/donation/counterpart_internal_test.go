package donation

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bureau-asso/bureau/assets"
)

func TestLoadCounterparts(t *testing.T) {
	if _, err := loadCounterparts(assets.Legal, counterpartsFile); err != nil {
		t.Fatalf("embedded %s: %v", counterpartsFile, err)
	}
	tests := []struct {
		name, json, wantErr string
	}{
		{"no cap", `{"percent":25,"caps":[]}`, "no cap"},
		{"bad percent", `{"percent":0,"caps":[{"effective_from":"2021-01-01","cap_cents":7300,"source":"x"}]}`, "percent"},
		{"bad date", `{"percent":25,"caps":[{"effective_from":"2021-13-01","cap_cents":7300,"source":"x"}]}`, "effective_from"},
		{"no source", `{"percent":25,"caps":[{"effective_from":"2021-01-01","cap_cents":7300}]}`, "source"},
		{"out of order", `{"percent":25,"caps":[{"effective_from":"2021-01-01","cap_cents":7300,"source":"x"},
			{"effective_from":"2016-01-01","cap_cents":6900,"source":"x"}]}`, "increasing"},
		{"not JSON", `{`, "parse"},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{"c.json": {Data: []byte(tt.json)}}
		if _, err := loadCounterparts(fsys, "c.json"); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: loadCounterparts = %v, want an error about %q", tt.name, err, tt.wantErr)
		}
	}
}
