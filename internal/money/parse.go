package money

import (
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// maxEuros is the largest integer part Parse accepts: 999 999 999 999 €.
const maxEuros = 999_999_999_999

// Parse reads an amount as French users type it and as CSV files hold it:
// "1234,56", "1234.56", "1 234,56" (space, U+00A0, U+202F or U+2009
// between groups of three digits), "1.234,56", "1,234.56", "12", "12,5",
// with an optional leading "+" or "-" and an optional trailing "€" or
// "EUR". Negative amounts are returned as they are: callers decide
// whether they are allowed.
//
// When both '.' and ',' appear, the last one is the decimal separator.
// A mark that appears more than once only groups thousands ("1.234.567").
// A single mark followed by three digits ("1.234") is refused rather than
// guessed. More than two decimals are refused, never rounded, and so are
// amounts above 999 999 999 999,99 €. Every error is an apperr.Invalid
// with key "money.invalid".
func Parse(s string) (Cents, error) {
	c, ok := parse(s)
	if !ok {
		in := strings.TrimSpace(s)
		if r := []rune(in); len(r) > 40 { // garbage from a CSV cell can be long
			in = string(r[:40]) + "…"
		}
		return 0, apperr.Invalid("money.invalid", fmt.Sprintf(
			"Le montant « %s » n'est pas reconnu. Écrivez-le comme 1234,56 (virgule pour les centimes).", in))
	}
	return c, nil
}

func parse(s string) (Cents, bool) {
	s = strings.TrimSpace(s)
	if n := len(s) - 3; n >= 0 && strings.EqualFold(s[n:], "EUR") {
		s = s[:n]
	} else {
		s = strings.TrimSuffix(s, "€")
	}
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	if neg || strings.HasPrefix(s, "+") {
		s = s[1:]
	}

	whole, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && strings.Count(s, s[i:i+1]) == 1 {
		whole, frac = s[:i], s[i+1:]
		if len(frac) < 1 || len(frac) > 2 {
			return 0, false
		}
	}

	// The integer part: digits, possibly in groups of three after a first
	// group of one to three.
	var euros int64
	n, grouped := 0, false // digits in the current group; whether a separator was seen
	for _, r := range whole {
		switch {
		case '0' <= r && r <= '9':
			euros = euros*10 + int64(r-'0')
			if euros > maxEuros {
				return 0, false
			}
			n++
		case strings.ContainsRune(" \u00a0\u202f\u2009.,", r):
			if n == 0 || n > 3 || grouped && n != 3 {
				return 0, false
			}
			n, grouped = 0, true
		default:
			return 0, false
		}
	}
	if n == 0 || grouped && n != 3 {
		return 0, false
	}

	cents := euros * 100
	for i, place := range []int64{10, 1} {
		if i < len(frac) {
			d := frac[i]
			if d < '0' || d > '9' {
				return 0, false
			}
			cents += int64(d-'0') * place
		}
	}
	if neg {
		cents = -cents
	}
	return Cents(cents), true
}
