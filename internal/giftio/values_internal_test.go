package giftio

import "testing"

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2026-03-01", "2026-03-01"},
		{"01/03/2026", "2026-03-01"},
		{"1/3/2026", "2026-03-01"},
		{" 09/10/2025 21:59", "2025-10-09"},
		{"01/10/2019 20:36:00", "2019-10-01"},
		{"29/02/2024", "2024-02-29"},
		{"29/02/2026", ""},
		{"31/04/2026", ""},
		{"2026-02-30", ""},
		{"03/01/26", ""},
		{"2026/03/01", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("parseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestNormPostcode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"37000", "37000", true},
		{"37 000", "37000", true},
		{"1000", "01000", true},
		{"370", "370", false},
		{"2A004", "2A004", false},
	}
	for _, tt := range tests {
		if got, ok := normPostcode(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("normPostcode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
