package giftio

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// isFrance reports whether a country cell means France (empty included).
func isFrance(country string) bool {
	switch headerKey(country) {
	case "", "france", "fr", "fra", "france metropolitaine":
		return true
	}
	return false
}

// normPostcode gives French postcodes their leading zero back (Excel
// reads "01000" as 1000) and reports whether the result has 5 digits.
func normPostcode(p string) (string, bool) {
	p = strings.Join(strings.Fields(p), "")
	if len(p) == 4 && allDigits(p) {
		p = "0" + p
	}
	return p, len(p) == 5 && allDigits(p)
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// validEmail is a loose check: one "@" with text on both sides, a dot in
// the domain, no space.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t;,<>") &&
		!strings.Contains(domain, "@")
}

// autoReference is the reference given to a row without one: a hash of
// what identifies the gift, so that the same gift read again, from the
// same file or from a copy saved in another encoding, delimiter or date
// format, gets the same reference. It covers the donor's kind and name
// (or company name), the amount, the date received, the method, the
// cheque number and the nature; not the address, email, campaign, date
// cashed or description, so that correcting those and importing the file
// again adds nothing (nor changes the gift already saved).
func autoReference(d contact.Contact, g donation.Gift) string {
	name := textfold.Fold(d.OrgName)
	if d.Kind == contact.Person {
		name = textfold.Fold(d.LastName) + "|" + textfold.Fold(d.FirstName)
	}
	key := strings.Join([]string{string(d.Kind), name, strconv.FormatInt(int64(g.Amount), 10), g.DateReceived,
		string(g.Method), strings.TrimSpace(g.ChequeNumber), string(g.Nature)}, "\x1f")
	sum := sha256.Sum256([]byte(key))
	return "auto-" + hex.EncodeToString(sum[:8])
}

// codeOf matches s, folded, with the codes and labels of a list.
func codeOf[T ~string](s string, codes []T, label func(T) string, aliases map[string]T) (T, bool) {
	k := headerKey(s)
	for _, c := range codes {
		if k == headerKey(string(c)) || (label != nil && k == headerKey(label(c))) {
			return c, true
		}
	}
	c, ok := aliases[k]
	return c, ok
}

// names lists the codes of a list for a message: "a, b ou c".
func names[T ~string](codes []T) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = string(c)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return fmt.Sprintf("%s ou %s", strings.Join(s[:len(s)-1], ", "), s[len(s)-1])
}
