package civildate_test

import (
	"testing"

	"github.com/bureau-asso/bureau/internal/civildate"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2026-07-14", "2026-07-14", true},
		{"14/07/2026", "2026-07-14", true},
		{"4/7/2026", "2026-07-04", true},
		{" 09/10/2025 21:59 ", "2025-10-09", true},
		{"29/02/2024", "2024-02-29", true},
		{"29/02/2025", "", false},
		{"31/04/2026", "", false},
		{"14/07/26", "", false},
		{"2026-13-01", "", false},
		{"", "", false},
		{"demain", "", false},
		{"01/10/2019 20:36:00", "2019-10-01", true},
		{"29/02/2026", "", false},
		{"2026-02-30", "", false},
		{"03/01/26", "", false},
		{"2026/03/01", "", false},
	}
	for _, tt := range tests {
		got, ok := civildate.Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFrench(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-07-14", "14/07/2026"},
		{"2026-01-05", "05/01/2026"},
		{"", ""},
		{"cumul 2025", "cumul 2025"},
	}
	for _, tt := range tests {
		if got := civildate.French(tt.in); got != tt.want {
			t.Errorf("French(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
