package money

import (
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// Spelling selects how numbers are hyphenated in words (receipts-law R9.6).
type Spelling int

const (
	// Traditional hyphenates only tens and units below one hundred, except
	// around "et": "deux cent trente et un". It is the default.
	Traditional Spelling = iota
	// Rectified1990 hyphenates all numerals, "et" included:
	// "deux-cent-trente-et-un", "mille-deux-cent-trente-quatre".
	Rectified1990
)

// maxWords is the largest amount Words spells: 999 999 999,99 €.
const maxWords Cents = 99_999_999_999

// Words spells c in French for the « somme en toutes lettres » of a
// receipt (receipts-law R9.1): "mille deux cent trente-quatre euros et
// cinquante-six centimes", "un euro", "cinquante centimes", "zéro euro",
// "un million d'euros". Any Spelling other than Rectified1990 is spelled
// Traditional. Amounts below zero or above 999 999 999,99 € return an
// apperr.Invalid error.
func Words(c Cents, sp Spelling) (string, error) {
	if c < 0 || c > maxWords {
		return "", apperr.Invalid("money.words_out_of_range", fmt.Sprintf(
			"Le montant %s ne peut pas être écrit en toutes lettres : il doit être compris entre 0 € et 999 999 999,99 €. Corrigez le montant.", c))
	}
	euros, cents := int64(c/100), int64(c%100)
	var s string
	switch {
	case euros == 0 && cents > 0:
		// "cinquante centimes", not "zéro euro et cinquante centimes" (R9.1)
	case euros%1_000_000 == 0 && euros > 0:
		s = IntegerWords(euros, sp) + " d'euros" // million is a noun: "un million d'euros" (R9.5)
	case euros <= 1:
		s = IntegerWords(euros, sp) + " euro"
	default:
		s = IntegerWords(euros, sp) + " euros"
	}
	if cents == 0 {
		return s, nil
	}
	if s != "" {
		s += " et "
	}
	s += IntegerWords(cents, sp) + " centime"
	if cents > 1 {
		s += "s"
	}
	return s, nil
}

var units = [...]string{"zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit",
	"neuf", "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"}

var tens = [...]string{2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

// IntegerWords spells n, from 0 to 999 999 999, in French: "deux cents",
// "quatre-vingt mille", "deux cents millions". It panics if n is out of
// that range; Words checks the range first.
//
// In Rectified1990 spelling, "million(s)" is treated as a noun and is not
// hyphenated: "deux-cents millions", "un million deux-cent-mille". R9.6
// reports that sources disagree; this is the convention Bureau keeps.
func IntegerWords(n int64, sp Spelling) string {
	if n < 0 || n > 999_999_999 {
		panic(fmt.Sprintf("money.IntegerWords(%d): out of range 0..999 999 999", n))
	}
	if n == 0 {
		return units[0]
	}
	// Below a million the words are numerals, joined by hyphens in the
	// rectified spelling (R9.6). Traditional spelling uses hyphens only
	// inside below100, so replacing the spaces is enough.
	hyphenate := func(s string) string {
		if sp == Rectified1990 {
			return strings.ReplaceAll(s, " ", "-")
		}
		return s
	}
	var parts []string
	if m := n / 1_000_000; m > 0 {
		// million is a noun: plural -s, and "vingt" and "cent" keep their
		// -s before it: "deux cents millions" (R9.3, R9.5).
		w := hyphenate(below1000(m, true)) + " million"
		if m > 1 {
			w += "s"
		}
		parts = append(parts, w)
	}
	if r := n % 1_000_000; r > 0 {
		parts = append(parts, hyphenate(below1000000(r)))
	}
	return strings.Join(parts, " ")
}

// below1000000 spells n in 1..999 999 in traditional spelling.
func below1000000(n int64) string {
	t, r := n/1000, n%1000
	var parts []string
	switch {
	case t == 1:
		parts = append(parts, "mille") // never "un mille" (R9.4)
	case t > 1:
		// mille is an invariable adjective; "vingt" and "cent" before it
		// stay singular: "quatre-vingt mille", "deux cent mille" (R9.3, R9.4).
		parts = append(parts, below1000(t, false)+" mille")
	}
	if r > 0 {
		parts = append(parts, below1000(r, true))
	}
	return strings.Join(parts, " ")
}

// below1000 spells n in 1..999 in traditional spelling. plural reports
// whether a final multiplied "vingt" or "cent" takes its -s, which it
// does at the end of the number and before "million", not before "mille"
// (R9.3).
func below1000(n int64, plural bool) string {
	h, r := n/100, n%100
	var s string
	switch {
	case h == 1:
		s = "cent" // never "un cent" (R9.3)
	case h > 1:
		s = units[h] + " cent"
		if r == 0 && plural {
			s += "s" // "deux cents", but "deux cent un"
		}
	}
	if r == 0 {
		return s
	}
	if s != "" {
		s += " "
	}
	return s + below100(r, plural)
}

// below100 spells n in 1..99 in traditional spelling (R9.2).
func below100(n int64, plural bool) string {
	switch {
	case n <= 16:
		return units[n]
	case n < 20:
		return "dix-" + units[n-10]
	case n == 80:
		if plural {
			return "quatre-vingts"
		}
		return "quatre-vingt"
	case n > 80:
		return "quatre-vingt-" + below100(n-80, plural) // no "et": "quatre-vingt-un", "quatre-vingt-onze"
	}
	t, u := n/10, n%10
	if t == 7 {
		t, u = 6, u+10 // 70–79 count on from soixante: "soixante-dix", "soixante et onze"
	}
	switch u {
	case 0:
		return tens[t]
	case 1, 11:
		return tens[t] + " et " + units[u] // "vingt et un" … "soixante et un", "soixante et onze"
	}
	return tens[t] + "-" + below100(u, plural)
}
