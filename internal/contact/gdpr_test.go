package contact_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
)

func TestPlanErasure(t *testing.T) {
	tests := []struct {
		lastGift, today string
		want            contact.Erasure
	}{
		{"", "2026-11-21", contact.Erasure{}},
		{"2025-03-10", "2026-11-21", contact.Erasure{Retained: true, RetainUntil: "2031-03-10"}},
		{"2020-11-21", "2026-11-21", contact.Erasure{Retained: true, RetainUntil: "2026-11-21"}},
		{"2020-11-20", "2026-11-21", contact.Erasure{}},
		{"2024-02-29", "2026-11-21", contact.Erasure{Retained: true, RetainUntil: "2030-03-01"}},
	}
	for _, tt := range tests {
		if got := contact.PlanErasure(tt.lastGift, tt.today); got != tt.want {
			t.Errorf("PlanErasure(%q, %q) = %+v, want %+v", tt.lastGift, tt.today, got, tt.want)
		}
	}
}

func TestPersonDataJSONHasEverySection(t *testing.T) {
	b, err := contact.PersonData{Contact: contact.Contact{ID: 7, Kind: contact.Person, LastName: "X"}}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"exported_at", "contact", "emails", "phones", "addresses", "tags", "memberships",
		"consents", "interactions", "gifts", "journalist", "press_lists", "audit"} {
		v, ok := m[k]
		if !ok {
			t.Errorf("section %q missing", k)
			continue
		}
		if k != "journalist" && k != "contact" && k != "exported_at" {
			if _, isList := v.([]any); !isList {
				t.Errorf("section %q = %v, want a list (empty rather than null)", k, v)
			}
		}
	}
}

func TestEmailHash(t *testing.T) {
	a := contact.EmailHash("  Hélène.Dupont@Example.ORG ")
	tests := []struct {
		in   string
		same bool
	}{
		{"helene.dupont@example.org", true},
		{"HELENE.DUPONT@EXAMPLE.ORG", true},
		{"helene.dupond@example.org", false},
	}
	for _, tt := range tests {
		if got := contact.EmailHash(tt.in) == a; got != tt.same {
			t.Errorf("EmailHash(%q) == EmailHash(Hélène…) is %v, want %v", tt.in, got, tt.same)
		}
	}
	if len(a) != 64 || strings.Contains(a, "helene") {
		t.Errorf("EmailHash = %q, want 64 hex digits", a)
	}
}
