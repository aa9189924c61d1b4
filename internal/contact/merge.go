package contact

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// mergeField is one single-valued field that a merge chooses.
type mergeField struct {
	name  string
	label string
	get   func(Contact) string
	set   func(*Contact, string)
}

// mergeFields are the fields chosen one by one when two records are
// merged. Emails, phones, addresses, tags and notes are not chosen: they
// are united, so nothing is lost.
var mergeFields = []mergeField{
	{"civility", "civilité", func(c Contact) string { return c.Civility }, func(c *Contact, v string) { c.Civility = v }},
	{"first_name", "prénom", func(c Contact) string { return c.FirstName }, func(c *Contact, v string) { c.FirstName = v }},
	{"last_name", "nom", func(c Contact) string { return c.LastName }, func(c *Contact, v string) { c.LastName = v }},
	{"org_name", "dénomination", func(c Contact) string { return c.OrgName }, func(c *Contact, v string) { c.OrgName = v }},
	{"org_kind", "type d'organisation", func(c Contact) string { return string(c.OrgKind) }, func(c *Contact, v string) { c.OrgKind = OrgKind(v) }},
	{"press_kind", "type de média", func(c Contact) string { return string(c.PressKind) }, func(c *Contact, v string) { c.PressKind = PressKind(v) }},
	{"legal_form", "forme juridique", func(c Contact) string { return c.LegalForm }, func(c *Contact, v string) { c.LegalForm = v }},
	{"siren", "SIREN", func(c Contact) string { return c.SIREN }, func(c *Contact, v string) { c.SIREN = v }},
	{"fiscal_year_end", "fin d'exercice", func(c Contact) string { return c.FiscalYearEnd }, func(c *Contact, v string) { c.FiscalYearEnd = v }},
	{"website", "site web", func(c Contact) string { return c.Website }, func(c *Contact, v string) { c.Website = v }},
}

// MergeFields returns the names of the fields chosen in a merge, in
// display order.
func MergeFields() []string {
	out := make([]string, len(mergeFields))
	for i, f := range mergeFields {
		out[i] = f.name
	}
	return out
}

// FieldLabel returns the French label of a merge field.
func FieldLabel(name string) string {
	for _, f := range mergeFields {
		if f.name == name {
			return f.label
		}
	}
	return name
}

// FieldDiff is a field whose value differs between the two records.
type FieldDiff struct {
	Field string
	Keep  string
	Other string
}

// FieldChoice says which record a differing field was taken from; it is
// what the audit log keeps of a merge (names of fields, no values).
type FieldChoice struct {
	Field     string `json:"field"`
	FromOther bool   `json:"from_other"`
}

// Diff returns the fields whose values differ between keep and other, in
// display order.
func Diff(keep, other Contact) []FieldDiff {
	var out []FieldDiff
	for _, f := range mergeFields {
		if k, o := f.get(keep), f.get(other); k != o {
			out = append(out, FieldDiff{Field: f.name, Keep: k, Other: o})
		}
	}
	return out
}

// Choices resolves every differing field: takeOther[f] true takes other's
// value, false keeps keep's; a field absent from takeOther keeps keep's
// value unless it is empty, in which case other's value fills the gap.
func Choices(keep, other Contact, takeOther map[string]bool) []FieldChoice {
	diffs := Diff(keep, other)
	out := make([]FieldChoice, len(diffs))
	for i, d := range diffs {
		take, chosen := takeOther[d.Field]
		if !chosen {
			take = d.Keep == ""
		}
		out[i] = FieldChoice{Field: d.Field, FromOther: take}
	}
	return out
}

// CheckMerge refuses merges that cannot be done: a record with itself, a
// person with an organisation, or an unknown field name in takeOther.
func CheckMerge(keep, other Contact, takeOther map[string]bool) error {
	if keep.ID != 0 && keep.ID == other.ID {
		return apperr.Invalid("merge.same", "Les deux numéros désignent la même fiche. Indiquez deux fiches différentes.")
	}
	if keep.Kind != other.Kind {
		return apperr.Invalid("merge.kinds_differ",
			fmt.Sprintf("La fiche %d est une %s et la fiche %d une %s : elles ne peuvent pas être fusionnées. Vérifiez les numéros.",
				keep.ID, kindLabel(keep.Kind), other.ID, kindLabel(other.Kind)))
	}
	var unknown []string
	for f := range takeOther {
		if !slices.Contains(MergeFields(), f) {
			unknown = append(unknown, f)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return apperr.Invalid("merge.field_unknown",
			fmt.Sprintf("Champ inconnu : %s. Choisissez parmi : %s.", strings.Join(unknown, ", "), strings.Join(MergeFields(), ", ")))
	}
	return nil
}

func kindLabel(k Kind) string {
	if k == Organisation {
		return "organisation"
	}
	return "personne"
}

// Merge returns the record that results from merging other into keep: it
// has keep's ID, the field values resolved by Choices, the union of both
// records' emails, phones, addresses and tags (keep's first, duplicates
// dropped, keep's preferred entries staying preferred), and both notes.
func Merge(keep, other Contact, takeOther map[string]bool) Contact {
	m := keep
	for _, ch := range Choices(keep, other, takeOther) {
		if !ch.FromOther {
			continue
		}
		for _, f := range mergeFields {
			if f.name == ch.Field {
				f.set(&m, f.get(other))
			}
		}
	}
	m.Emails = unite(keep.Emails, other.Emails,
		func(e Email) string { return strings.ToLower(strings.TrimSpace(e.Address)) },
		func(e Email) bool { return e.Preferred }, func(e *Email) { e.Preferred = false })
	m.Phones = unite(keep.Phones, other.Phones, func(p Phone) string { return phoneKey(p.Number) },
		func(p Phone) bool { return p.Preferred }, func(p *Phone) { p.Preferred = false })
	m.Addresses = unite(keep.Addresses, other.Addresses,
		func(a Address) string { return textfold.Fold(a.Street + "|" + a.Postcode + "|" + a.City) },
		func(a Address) bool { return a.Preferred }, func(a *Address) { a.Preferred = false })
	m.Tags = unite(keep.Tags, other.Tags, textfold.Fold, func(string) bool { return false }, func(*string) {})
	switch k, o := strings.TrimSpace(keep.Notes), strings.TrimSpace(other.Notes); {
	case o == "" || k == o:
	case k == "":
		m.Notes = other.Notes
	default:
		m.Notes = keep.Notes + "\n\n" + other.Notes
	}
	if !other.CreatedAt.IsZero() && (m.CreatedAt.IsZero() || other.CreatedAt.Before(m.CreatedAt)) {
		m.CreatedAt = other.CreatedAt
	}
	return m
}

// unite appends to a copy of keep the items of other whose key is new;
// other's items lose their preferred flag when keep already has one, so
// that one entry at most stays preferred.
func unite[T any](keep, other []T, key func(T) string, preferred func(T) bool, unprefer func(*T)) []T {
	out := slices.Clone(keep)
	seen := map[string]bool{}
	hasPreferred := false
	for _, v := range keep {
		seen[key(v)] = true
		hasPreferred = hasPreferred || preferred(v)
	}
	for _, v := range other {
		k := key(v)
		if seen[k] {
			continue
		}
		seen[k] = true
		if preferred(v) {
			if hasPreferred {
				unprefer(&v)
			}
			hasPreferred = true
		}
		out = append(out, v)
	}
	return out
}

// phoneKey reduces a phone number to its digits, with +33 read as a
// leading 0, so that "06 12 34 56 78" and "+33 6 12 34 56 78" are one.
func phoneKey(n string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(n) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if rest, ok := strings.CutPrefix(s, "+33"); ok {
		return "0" + strings.TrimPrefix(rest, "0")
	}
	return s
}

// MergeStore is the persistence of merges; *store.DB implements it.
type MergeStore interface {
	// MergeContacts saves merged (which has keep's ID), moves every row
	// that points to otherID onto it and deletes otherID, in one
	// transaction recorded in the audit log with choices.
	MergeContacts(ctx context.Context, merged Contact, otherID int64, choices []FieldChoice) error
}

// MergePreview returns what merging other into keep would change, without
// changing anything: the differing fields and the resulting record.
func (s *Service) MergePreview(ctx context.Context, keepID, otherID int64, takeOther map[string]bool) ([]FieldDiff, Contact, error) {
	keep, other, err := s.mergePair(ctx, keepID, otherID, takeOther)
	if err != nil {
		return nil, Contact{}, err
	}
	return Diff(keep, other), Merge(keep, other, takeOther), nil
}

// Merge merges other into keep: fields as chosen by takeOther (see
// Choices), lists united, and every link (gifts, receipts, cases,
// interactions, memberships, press lists…) moved to keep. other is
// deleted. It returns the merged record.
func (s *Service) Merge(ctx context.Context, keepID, otherID int64, takeOther map[string]bool) (Contact, error) {
	keep, other, err := s.mergePair(ctx, keepID, otherID, takeOther)
	if err != nil {
		return Contact{}, err
	}
	merged := Merge(keep, other, takeOther)
	if err := merged.Validate(); err != nil {
		return Contact{}, err
	}
	if err := s.store.MergeContacts(ctx, merged, otherID, Choices(keep, other, takeOther)); err != nil {
		return Contact{}, err
	}
	return merged, nil
}

func (s *Service) mergePair(ctx context.Context, keepID, otherID int64, takeOther map[string]bool) (Contact, Contact, error) {
	if keepID == otherID {
		return Contact{}, Contact{}, CheckMerge(Contact{ID: keepID}, Contact{ID: otherID}, nil)
	}
	keep, err := s.store.GetContact(ctx, keepID)
	if err != nil {
		return Contact{}, Contact{}, contactNotFound(keepID, err)
	}
	other, err := s.store.GetContact(ctx, otherID)
	if err != nil {
		return Contact{}, Contact{}, contactNotFound(otherID, err)
	}
	if err := CheckMerge(keep, other, takeOther); err != nil {
		return Contact{}, Contact{}, err
	}
	return keep, other, nil
}

// NotFoundError is the user error for a contact number that does not
// exist or was erased.
func NotFoundError(id int64) *apperr.Error {
	return apperr.NotFound("contact.not_found",
		fmt.Sprintf("Aucun contact n'a le numéro %d (ou il a été effacé). Vérifiez le numéro avec « bureau contacts search ».", id))
}

// contactNotFound turns a store's bare ErrNotFound into NotFoundError.
func contactNotFound(id int64, err error) error {
	if errors.Is(err, apperr.ErrNotFound) && !apperr.Is(err) {
		return NotFoundError(id)
	}
	return err
}
