package pdf

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bureau-asso/bureau/assets"
	"github.com/bureau-asso/bureau/internal/donation"
)

func TestMentionsFiles(t *testing.T) {
	all, err := loadMentions(assets.Legal, mentionsGlob)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]donation.DonorKind{}
	for _, m := range all {
		got[m.Cerfa] = m.DonorKind
		if len(m.Footnotes) == 0 {
			t.Errorf("%s has no footnotes", m.file)
		}
	}
	want := map[string]donation.DonorKind{"11580*05": donation.Individual, "16216*03": donation.Company}
	for cerfa, kind := range want {
		if got[cerfa] != kind {
			t.Errorf("Cerfa %s: donor kind %q, want %q", cerfa, got[cerfa], kind)
		}
	}
}

// mentionsFile returns the 11580*05 file with some fields changed.
func mentionsFile(t *testing.T, change func(f map[string]any)) []byte {
	t.Helper()
	data, err := assets.Legal.ReadFile("legal/cerfa-11580-05/mentions.json")
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	change(f)
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMentionsForVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"legal/a/mentions.json": {Data: mentionsFile(t, func(f map[string]any) {})},
		"legal/a/mentions-2027-01-01.json": {Data: mentionsFile(t, func(f map[string]any) {
			f["effective_from"] = "2027-01-01"
			f["texts"].(map[string]any)["title"] = "Nouveau titre"
		})},
	}
	all, err := loadMentions(fsys, mentionsGlob)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		version, issued, want string
	}{
		{"2023-03-01", "2027-06-01", "2023-03-01"}, // the version recorded wins
		{"", "2026-12-31", "2023-03-01"},
		{"", "2027-01-01", "2027-01-01"},
		{"2027-01-01", "2027-02-01", "2027-01-01"},
	}
	for _, tt := range tests {
		r := donation.Receipt{Number: "1", IssuedOn: tt.issued, Form: donation.Form{Cerfa: "11580*05", Version: tt.version}}
		m, err := pick(all, r)
		if err != nil {
			t.Fatal(err)
		}
		if m.EffectiveFrom != tt.want {
			t.Errorf("version %q issued %s: wording of %s, want %s", tt.version, tt.issued, m.EffectiveFrom, tt.want)
		}
	}
	if _, err := pick(all, donation.Receipt{IssuedOn: "2020-01-01", Form: donation.Form{Cerfa: "11580*05"}}); err == nil {
		t.Error("a receipt older than every wording got one")
	}
}

func TestMentionsInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(f map[string]any)
		want   string
	}{
		{"missing text", func(f map[string]any) { delete(f["texts"].(map[string]any), "certification") }, `"certification" is missing`},
		{"unused text", func(f map[string]any) { f["texts"].(map[string]any)["company_name"] = "x" }, "not used"},
		{"unknown placeholder", func(f map[string]any) { f["texts"].(map[string]any)["title"] = "{titre}" }, "unknown placeholder"},
		{"outside WinAnsi", func(f map[string]any) { f["texts"].(map[string]any)["title"] = "☐ Reçu" }, "outside WinAnsi"},
		{"bad kind", func(f map[string]any) { f["donor_kind"] = "person" }, "donor_kind"},
		{"bad date", func(f map[string]any) { f["effective_from"] = "01/03/2023" }, "effective_from"},
		{"unknown field", func(f map[string]any) { f["remarks"] = "x" }, "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"legal/a/mentions.json": {Data: mentionsFile(t, tt.change)}}
			_, err := loadMentions(fsys, mentionsGlob)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one about %q", err, tt.want)
			}
		})
	}
	same := mentionsFile(t, func(f map[string]any) {})
	fsys := fstest.MapFS{"legal/a/mentions.json": {Data: same}, "legal/b/mentions.json": {Data: same}}
	if _, err := loadMentions(fsys, mentionsGlob); err == nil || !strings.Contains(err.Error(), "both define") {
		t.Errorf("two files for one version: error = %v", err)
	}
}

func TestMentionsText(t *testing.T) {
	m := &mentions{Texts: map[string]string{"page": "Page {page}/{pages}"}}
	if got := m.t("page", "page", "1", "pages", "2"); got != "Page 1/2" {
		t.Errorf("t = %q, want Page 1/2", got)
	}
	if got := m.t("nope"); got != "{nope}" {
		t.Errorf("t(unknown) = %q, want {nope}", got)
	}
}
