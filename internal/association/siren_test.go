package association_test

import (
	"errors"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
)

func TestValidSIREN(t *testing.T) {
	tests := []struct {
		in      string
		wantKey string // "" when valid
	}{
		{"732829320", ""},
		{"552100554", ""},
		{"775672272", ""},
		{"542051180", ""},
		{"356000000", ""}, // La Poste: its SIREN passes Luhn, only its SIRETs do not
		{"732 829 320", ""},
		{"732\u00a0829\u00a0320", ""},
		{"732829321", "association.siren_checksum"},
		{"552100555", "association.siren_checksum"},
		{"12345678", "association.siren_format"},
		{"1234567890", "association.siren_format"},
		{"73282932A", "association.siren_format"},
		{"732-829-320", "association.siren_format"},
		{"", "association.siren_format"},
	}
	for _, tt := range tests {
		err := association.ValidSIREN(tt.in)
		if got := errKey(err); got != tt.wantKey {
			t.Errorf("ValidSIREN(%q) = %v, want key %q", tt.in, err, tt.wantKey)
		}
		if err != nil && !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("ValidSIREN(%q) = %v, want an apperr.ErrInvalid", tt.in, err)
		}
	}
}

func TestValidSIRENMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"12345678", "Le SIREN « 12345678 » doit compter 9 chiffres. Recopiez-le depuis l'avis de situation INSEE."},
		{"732829321", "Le SIREN « 732829321 » est erroné : la clé de contrôle ne correspond pas. Vérifiez chaque chiffre sur l'avis de situation INSEE."},
	}
	for _, tt := range tests {
		if got := apperr.Message(association.ValidSIREN(tt.in)); got != tt.want {
			t.Errorf("ValidSIREN(%q) message = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeSIREN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"732 829 320", "732829320"},
		{"732\u202f829\u202f320", "732829320"},
		{"732829320", "732829320"},
	}
	for _, tt := range tests {
		if got := association.NormalizeSIREN(tt.in); got != tt.want {
			t.Errorf("NormalizeSIREN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidRNA(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
	}{
		{"W751234567", true},
		{"w751234567", true},
		{"W 751 234 567", true},
		{"W2A1000123", true}, // Corse-du-Sud
		{"W2B1000123", true}, // Haute-Corse
		{"W9M1000001", true}, // Mayotte
		{"X751234567", false},
		{"W75123456", false},
		{"W7512345678", false},
		{"751234567", false},
		{"W75123456A", false}, // the last six are digits
		{"W7-1234567", false},
		{"", false},
	}
	for _, tt := range tests {
		err := association.ValidRNA(tt.in)
		if (err == nil) != tt.valid {
			t.Errorf("ValidRNA(%q) = %v, want valid %v", tt.in, err, tt.valid)
		}
		if err != nil && errField(err) != "rna" {
			t.Errorf("ValidRNA(%q) field = %q, want rna", tt.in, errField(err))
		}
	}
}

func TestNormalizeRNA(t *testing.T) {
	if got, want := association.NormalizeRNA(" w2a 100 0123 "), "W2A1000123"; got != want {
		t.Errorf("NormalizeRNA = %q, want %q", got, want)
	}
}

// errKey returns the message key of the first user error in err, or "".
func errKey(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

// errField returns the field of the first user error in err, or "".
func errField(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// errFields returns the fields of all the user errors in err.
func errFields(err error) []string {
	var m apperr.Multi
	if errors.As(err, &m) {
		out := []string{}
		for _, e := range m {
			out = append(out, e.Field)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []string{errField(err)}
}
