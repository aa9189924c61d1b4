package money_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

var parseTests = []struct {
	in   string
	want money.Cents
	ok   bool
}{
	// What French users type.
	{"1234,56", 123_456, true},
	{"1 234,56", 123_456, true},
	{"1\u00a0234,56", 123_456, true},
	{"1\u202f234,56", 123_456, true},
	{"1\u2009234,56", 123_456, true},
	{"1.234,56", 123_456, true},
	{"1.234.567,89", 123_456_789, true},
	{"1 234 567", 123_456_700, true},
	{"12", 1_200, true},
	{"12,5", 1_250, true},
	{"12,50", 1_250, true},
	{"0,05", 5, true},
	{"0", 0, true},
	{"007", 700, true},
	{"  12,30  ", 1_230, true},
	// What CSV files hold.
	{"1234.56", 123_456, true},
	{"12.5", 1_250, true},
	{"1,234.56", 123_456, true},
	{"1,234,567.89", 123_456_789, true},
	{"1,234,567", 123_456_700, true},
	{"1.234.567", 123_456_700, true},
	// Signs and currency.
	{"+12", 1_200, true},
	{"-12,00", -1_200, true},
	{"-0,50", -50, true},
	{"-0", 0, true},
	{"12 €", 1_200, true},
	{"12€", 1_200, true},
	{"12\u00a0€", 1_200, true},
	{"1\u00a0234,56\u00a0€", 123_456, true},
	{"-1 234,56 €", -123_456, true},
	{"12 EUR", 1_200, true},
	{"12EUR", 1_200, true},
	{"12,50 eur", 1_250, true},
	{"999 999 999 999,99", 99_999_999_999_999, true},
	{"-999999999999.99", -99_999_999_999_999, true},

	// Errors.
	{"", 0, false},
	{"   ", 0, false},
	{"€", 0, false},
	{"EUR", 0, false},
	{"-", 0, false},
	{"+", 0, false},
	{"abc", 0, false},
	{"douze", 0, false},
	{"12,345", 0, false},    // three decimals: never rounded
	{"12,3456", 0, false},   // four decimals
	{"1.234", 0, false},     // one mark and three digits: ambiguous, refused
	{"1,234.5,6", 0, false}, // ',' last and repeated
	{"1,234,56", 0, false},  // repeated ',' groups thousands, and "56" is no group
	{"1.234.56", 0, false},
	{"12,", 0, false},
	{"12.", 0, false},
	{",50", 0, false},
	{".5", 0, false},
	{"1 23,45", 0, false},
	{"12 34", 0, false},
	{"1234 567", 0, false},
	{"1  234", 0, false},
	{"1 234 ,56", 0, false},
	{" 1,2,3", 0, false},
	{"--12", 0, false},
	{"+-12", 0, false},
	{"- 12", 0, false},
	{"12-", 0, false},
	{"€12", 0, false},
	{"12 € €", 0, false},
	{"12 euros", 0, false},
	{"12,5a", 0, false},
	{"1e3", 0, false},
	{"0x10", 0, false},
	{"1_000", 0, false},
	{"NaN", 0, false},
	{"Inf", 0, false},
	{"١٢", 0, false}, // Arabic-Indic digits
	{"12\t34", 0, false},
	{"1 000 000 000 000", 0, false}, // above 999 999 999 999,99 €
	{"1000000000000,00", 0, false},
	{"-1000000000000", 0, false},
	{"99999999999999999999999999", 0, false},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		got, err := money.Parse(tt.in)
		if !tt.ok {
			if err == nil {
				t.Errorf("Parse(%q) = %d, want error", tt.in, got)
				continue
			}
			var e *apperr.Error
			if !errors.Is(err, apperr.ErrInvalid) || !errors.As(err, &e) || e.Key != "money.invalid" {
				t.Errorf("Parse(%q) error = %#v, want apperr.Invalid with key money.invalid", tt.in, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v, want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		{" 12,345 ", "Le montant « 12,345 » n'est pas reconnu. Écrivez-le comme 1234,56 (virgule pour les centimes)."},
		{"", "Le montant «  » n'est pas reconnu. Écrivez-le comme 1234,56 (virgule pour les centimes)."},
		{"0123456789012345678901234567890123456789xyz",
			"Le montant « 0123456789012345678901234567890123456789… » n'est pas reconnu. Écrivez-le comme 1234,56 (virgule pour les centimes)."},
	}
	for _, tt := range tests {
		_, err := money.Parse(tt.in)
		if got := apperr.Message(err); got != tt.want {
			t.Errorf("Parse(%q) message = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := money.Parse(s)
		if err != nil {
			if !errors.Is(err, apperr.ErrInvalid) {
				t.Fatalf("Parse(%q) error = %v, want kind ErrInvalid", s, err)
			}
			return
		}
		if c > 99_999_999_999_999 || c < -99_999_999_999_999 {
			t.Fatalf("Parse(%q) = %d, beyond 999 999 999 999,99 €", s, c)
		}
		for _, out := range []string{c.String(), c.Plain(), c.Dot(), strings.Trim(c.Framed(), "*")} {
			if got, err := money.Parse(out); err != nil || got != c {
				t.Fatalf("Parse(%q) = %d; Parse(%q) = %d, %v", s, c, out, got, err)
			}
		}
	})
}
