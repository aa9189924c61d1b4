package giftio

import "testing"

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
