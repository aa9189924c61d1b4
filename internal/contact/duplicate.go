package contact

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/bureau-asso/bureau/internal/textfold"
)

// DuplicateReason says why two contacts look like the same one.
type DuplicateReason string

// Reasons for a likely duplicate, from the strongest to the weakest: a
// pair that matches on several is reported with the first.
const (
	SameEmail        DuplicateReason = "same_email"
	SameSIREN        DuplicateReason = "same_siren"
	SameNamePostcode DuplicateReason = "same_name_postcode"
)

// DuplicateReasons lists the reasons from the strongest to the weakest.
var DuplicateReasons = []DuplicateReason{SameEmail, SameSIREN, SameNamePostcode}

// Label returns the reason in French, for lists and reports.
func (r DuplicateReason) Label() string {
	switch r {
	case SameEmail:
		return "même adresse électronique"
	case SameSIREN:
		return "même SIREN"
	case SameNamePostcode:
		return "nom proche et même code postal"
	}
	return string(r)
}

// Duplicate is a pair of contacts that are probably the same person or
// organisation. In a stored pair A < B; A is 0 when the first contact is
// not saved yet (a form being filled in, a row being imported).
type Duplicate struct {
	A, B         int64
	Reason       DuplicateReason
	NameA, NameB string
}

// DuplicateStore finds likely duplicates; *store.DB implements it.
type DuplicateStore interface {
	// DuplicatesOf returns the stored contacts that c probably duplicates.
	DuplicatesOf(ctx context.Context, c Contact) ([]Duplicate, error)
	// ListDuplicates returns every likely pair among stored contacts.
	ListDuplicates(ctx context.Context) ([]Duplicate, error)
}

// LikelyDuplicates returns the stored contacts that c probably
// duplicates. Screens call it before saving a new contact, to offer to
// open the existing record instead; it never stops a save.
func (s *Service) LikelyDuplicates(ctx context.Context, c Contact) ([]Duplicate, error) {
	return s.store.DuplicatesOf(ctx, c)
}

// Duplicates returns every likely pair of duplicates among stored
// contacts.
func (s *Service) Duplicates(ctx context.Context) ([]Duplicate, error) {
	return s.store.ListDuplicates(ctx)
}

// EmailKey is the form in which emails are compared: trimmed, lower case.
func EmailKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// SIRENKey is the form in which SIREN numbers are compared: the digits
// only, or "" when that does not leave 9 digits.
func SIRENKey(siren string) string {
	var b strings.Builder
	for _, r := range siren {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '.' || r == '-' || r == '\u202f':
		default:
			return ""
		}
	}
	if b.Len() != 9 {
		return ""
	}
	return b.String()
}

// NameKeys returns the keys under which c's name is compared with other
// names: the folded name without punctuation and, for a person with a
// first name, the folded last name with the first-name initial, so that
// "Jean Dupont", "J. Dupont" and "DUPONT Jean" meet. People and
// organisations never share a key.
func NameKeys(c Contact) []string {
	if c.Kind == Organisation {
		if k := nameWords(c.OrgName); k != "" {
			return []string{"o:" + k}
		}
		return nil
	}
	last, first := nameWords(c.LastName), nameWords(c.FirstName)
	switch {
	case last == "" && first == "":
		return nil
	case last == "" || first == "":
		return []string{"p:" + strings.TrimSpace(last+" "+first)}
	}
	initial, _, _ := strings.Cut(first, " ")
	full, short := "p:"+last+" "+first, "p:"+last+" "+string([]rune(initial)[:1])
	if full == short {
		return []string{full}
	}
	return []string{full, short}
}

// nameWords folds s and keeps its letters and digits as words separated
// by one space: "Dupont-Moretti" and "dupont moretti" are the same.
func nameWords(s string) string {
	return strings.Join(strings.FieldsFunc(textfold.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// Postcodes returns the distinct non-empty postcodes of c's addresses.
func Postcodes(c Contact) []string {
	var out []string
	for _, a := range c.Addresses {
		p := strings.ToUpper(strings.Join(strings.Fields(a.Postcode), ""))
		if p != "" && !contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// DuplicateIndex finds likely duplicates among the contacts added to it,
// in memory. The store uses it to compare rows it has read; an import
// uses it to find the rows of one file that duplicate each other.
type DuplicateIndex struct {
	byKey map[string][]indexed
}

type indexed struct {
	id   int64
	name string
}

// NewDuplicateIndex returns an empty index.
func NewDuplicateIndex() *DuplicateIndex {
	return &DuplicateIndex{byKey: map[string][]indexed{}}
}

// DuplicateKeys are what a contact is compared on, computed once.
type DuplicateKeys struct {
	Name      string   // display name, for reports
	Emails    []string // EmailKey of each email
	SIREN     string   // SIRENKey, or ""
	Names     []string // NameKeys
	Postcodes []string // Postcodes
}

// KeysOf returns the comparison keys of c.
func KeysOf(c Contact) DuplicateKeys {
	k := DuplicateKeys{Name: c.DisplayName(), SIREN: SIRENKey(c.SIREN), Postcodes: Postcodes(c)}
	for _, e := range c.Emails {
		if v := EmailKey(e.Address); v != "" && !contains(k.Emails, v) {
			k.Emails = append(k.Emails, v)
		}
	}
	if len(k.Postcodes) > 0 {
		k.Names = NameKeys(c)
	}
	return k
}

// indexKeys returns the index keys of k for each reason, in the order of
// DuplicateReasons.
func (k DuplicateKeys) indexKeys() [3][]string {
	var out [3][]string
	for _, e := range k.Emails {
		out[0] = append(out[0], "e|"+e)
	}
	if k.SIREN != "" {
		out[1] = []string{"s|" + k.SIREN}
	}
	for _, n := range k.Names {
		for _, p := range k.Postcodes {
			out[2] = append(out[2], "n|"+n+"|"+p)
		}
	}
	return out
}

// Add indexes c under id; c.ID is not used, so that callers may index
// contacts that are not saved yet under a number of their own.
func (x *DuplicateIndex) Add(id int64, c Contact) { x.AddKeys(id, KeysOf(c)) }

// AddKeys indexes the keys of a contact under id. Only the first two
// contacts of each key are kept: Find pairs a contact with the first one
// that is not itself, so that a group of n namesakes gives n-1 pairs
// rather than n(n-1)/2.
func (x *DuplicateIndex) AddKeys(id int64, k DuplicateKeys) {
	for _, keys := range k.indexKeys() {
		for _, key := range keys {
			if l := x.byKey[key]; len(l) < 2 && (len(l) == 0 || l[len(l)-1].id != id) {
				x.byKey[key] = append(l, indexed{id: id, name: k.Name})
			}
		}
	}
}

// Find returns the indexed contacts that c probably duplicates, at most
// one per key (the first added that is not c itself), each once with the
// strongest reason. A is c.ID; entries indexed under c.ID are skipped.
func (x *DuplicateIndex) Find(c Contact) []Duplicate { return x.FindKeys(c.ID, KeysOf(c)) }

// FindKeys is Find for a contact numbered id whose keys are known.
func (x *DuplicateIndex) FindKeys(id int64, k DuplicateKeys) []Duplicate {
	var out []Duplicate
	for why, keys := range k.indexKeys() {
		for _, key := range keys {
			for _, e := range x.byKey[key] {
				if id != 0 && e.id == id {
					continue
				}
				if !slices.ContainsFunc(out, func(d Duplicate) bool { return d.B == e.id }) {
					out = append(out, Duplicate{A: id, B: e.id, Reason: DuplicateReasons[why], NameA: k.Name, NameB: e.name})
				}
				break
			}
		}
	}
	return out
}
