package cli

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSeed(t *testing.T) {
	tests := []struct {
		args    []string
		want    seedOptions
		wantErr string // part of the usage error, "" when none
	}{
		{[]string{"--contacts", "100000", "--donations", "250000"}, seedOptions{100_000, 250_000, 1}, ""},
		{[]string{"--contacts=10", "--donations=0", "--seed=42"}, seedOptions{10, 0, 42}, ""},
		{[]string{"--contacts", "5"}, seedOptions{5, 0, 1}, ""},
		{[]string{"--contacts", "-1", "--donations", "3"}, seedOptions{}, "--contacts attend un nombre entier positif ou nul, pas « -1 »"},
		{[]string{"--contacts", "3", "--donations", "-3"}, seedOptions{}, "--donations attend un nombre entier positif ou nul, pas « -3 »"},
		{[]string{"--contacts", "dix"}, seedOptions{}, "--contacts attend un nombre entier positif ou nul, pas « dix »"},
		{[]string{"--contacts", "1.5"}, seedOptions{}, "pas « 1.5 »"},
		{[]string{"--contacts", "1", "--seed", "-2"}, seedOptions{}, "--seed attend un nombre entier positif ou nul"},
		{[]string{"--donations", "10"}, seedOptions{}, "indiquez aussi --contacts"},
		{nil, seedOptions{}, "indiquez combien de contacts"},
		{[]string{"--contacts", "1", "encore"}, seedOptions{}, "argument inattendu « encore »"},
		{[]string{"--contact", "1"}, seedOptions{}, "option inconnue -contact"},
		{[]string{"--contacts"}, seedOptions{}, "attend une valeur"},
	}
	for _, tt := range tests {
		got, err := parseSeed(tt.args)
		var ue usageError
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("parseSeed(%q) = %v", tt.args, err)
		case tt.wantErr != "" && (!errors.As(err, &ue) || !strings.Contains(ue.msg, tt.wantErr)):
			t.Errorf("parseSeed(%q) = %v, want a usage error containing %q", tt.args, err, tt.wantErr)
		case got != tt.want:
			t.Errorf("parseSeed(%q) = %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

func TestParseDemo(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{nil, ""},
		{[]string{"maintenant"}, "argument inattendu « maintenant »"},
		{[]string{"--force"}, "option inconnue -force"},
	}
	for _, tt := range tests {
		err := parseDemo(tt.args)
		var ue usageError
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (!errors.As(err, &ue) || !strings.Contains(ue.msg, tt.wantErr)) {
			t.Errorf("parseDemo(%q) = %v, want %q", tt.args, err, tt.wantErr)
		}
	}
}

func TestNounCount(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 don"}, {1, "1 don"}, {2, "2 dons"}, {250000, "250000 dons"},
	}
	for _, tt := range tests {
		if got := nounCount(tt.n, "don"); got != tt.want {
			t.Errorf("nounCount(%d, don) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestQuotedPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"demo.db", "demo.db"},
		{"/home/claire/démo.db", "/home/claire/démo.db"},
		{"/home/claire/Mes documents/demo.db", `"/home/claire/Mes documents/demo.db"`},
		{`C:\Users\Claire\demo.db`, `"C:\Users\Claire\demo.db"`},
	}
	for _, tt := range tests {
		if got := quotedPath(tt.in); got != tt.want {
			t.Errorf("quotedPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
