package giftio

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
)

// Store is the persistence an import needs; *store.DB implements it.
type Store interface {
	// DuplicatesOf returns the stored contacts that c probably duplicates.
	DuplicatesOf(ctx context.Context, c contact.Contact) ([]contact.Duplicate, error)
	GetContact(ctx context.Context, id int64) (contact.Contact, error)
	// GiftReferencesExist returns which of refs already name a gift of
	// source.
	GiftReferencesExist(ctx context.Context, source string, refs []string) (map[string]bool, error)
	// ImportGifts saves the new donors and the gifts in one transaction;
	// donorIndex[i] ≥ 0 gives gifts[i] to donors[donorIndex[i]].
	ImportGifts(ctx context.Context, source string, donors []contact.Contact, gifts []donation.Gift, donorIndex []int) error
}

// Importer saves the rows of a preview.
type Importer struct {
	store Store
}

// NewImporter returns an Importer on store.
func NewImporter(store Store) *Importer {
	if store == nil {
		panic("giftio.NewImporter: nil store")
	}
	return &Importer{store: store}
}

// Options tune an import.
type Options struct {
	// DryRun checks everything, matches the donors and reports what would
	// happen, and saves nothing.
	DryRun bool
	// OnlyValid imports the valid rows of a file that has bad ones;
	// without it such a file is refused whole.
	OnlyValid bool
}

// DonorMatch says which stored contact a row's gift goes to, and why.
type DonorMatch struct {
	Line      int
	ContactID int64
	Name      string
	Reason    contact.DuplicateReason
}

// String says it in French: "DUPONT Jean (n° 12), même adresse
// électronique".
func (m DonorMatch) String() string {
	return fmt.Sprintf("%s (n° %d), %s", m.Name, m.ContactID, m.Reason.Label())
}

// Report says what an import did, or would do in a dry run.
type Report struct {
	DryRun bool
	Read   int // gifts read: rows, or orders for HelloAsso
	// Imported counts the gifts saved, or that would be saved.
	Imported int
	// Already counts the gifts imported before (same source and
	// reference): they are left as they are.
	Already  int
	Refused  int
	Bad      []RowError
	Skipped  []RowError
	Warnings []RowError
	// Matched lists the rows given to an existing contact.
	Matched []DonorMatch
	// NewDonors counts the contacts created, or that would be.
	NewDonors int
}

// Import saves the gifts of p in one transaction: a failure leaves
// nothing half-imported. A file with bad rows is refused whole, with
// every bad row in the report, unless o.OnlyValid. Gifts already imported
// (same source and reference) are counted and left alone. Each donor is
// matched with a stored contact of the same kind: by email first, then
// SIREN, then by the same name (accents and case aside) with a postcode
// in common; else with a donor created earlier in the same file by the
// same keys; else created.
func (im *Importer) Import(ctx context.Context, p Preview, o Options) (Report, error) {
	r := Report{DryRun: o.DryRun, Read: len(p.Rows), Skipped: p.Skipped}
	r.Bad = p.Bad()
	r.Refused = len(r.Bad)
	if len(p.Rows) == 0 {
		return r, apperr.Invalid("gift_import.no_gift",
			"Le fichier ne contient aucun don à importer. Vérifiez que c'est bien le bon fichier et le bon format (--format).")
	}
	if len(r.Bad) > 0 && !o.OnlyValid {
		return r, apperr.Invalid("gift_import.refused", fmt.Sprintf(
			"%s : le fichier n'a pas été importé, rien n'a été enregistré. Corrigez ces lignes puis recommencez, ou choisissez de n'importer que les lignes valides (--only-valid).",
			plural(len(r.Bad), "ligne invalide", "lignes invalides")))
	}
	var good []Row
	var refs []string
	for _, row := range p.Rows {
		if len(row.Errs) == 0 {
			good = append(good, row)
			refs = append(refs, row.Gift.Reference)
		}
	}
	exists, err := im.store.GiftReferencesExist(ctx, p.Source, refs)
	if err != nil {
		return r, fmt.Errorf("look for gifts imported before: %w", err)
	}

	m := newMatcher(ctx, im.store)
	var gifts []donation.Gift
	var donorIndex []int
	for _, row := range good {
		if exists[row.Gift.Reference] {
			r.Already++
			continue
		}
		if len(row.Warnings) > 0 {
			r.Warnings = append(r.Warnings, RowError{Line: row.Line, Reasons: row.Warnings})
		}
		g := row.Gift
		g.Source = p.Source
		id, newIndex, match, err := m.donor(row.Donor)
		if err != nil {
			return r, fmt.Errorf("match donor of line %d: %w", row.Line, err)
		}
		if id != 0 {
			match.Line = row.Line
			r.Matched = append(r.Matched, match)
		}
		g.DonorID = id
		gifts = append(gifts, g)
		donorIndex = append(donorIndex, newIndex)
	}
	slices.SortStableFunc(r.Warnings, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
	r.Imported, r.NewDonors = len(gifts), len(m.created)
	if o.DryRun || len(gifts) == 0 {
		return r, nil
	}
	if err := im.store.ImportGifts(ctx, p.Source, m.created, gifts, donorIndex); err != nil {
		r.Imported, r.NewDonors = 0, 0
		return r, fmt.Errorf("save %d imported gifts: %w", len(gifts), err)
	}
	return r, nil
}

// matcher finds the contact of each donor of a file.
type matcher struct {
	ctx     context.Context
	store   Store
	created []contact.Contact
	// newByKey indexes the created donors by "kind|email" and
	// "kind|full name key|postcode".
	newByKey map[string]int
	cache    map[int64]contact.Contact
}

func newMatcher(ctx context.Context, st Store) *matcher {
	return &matcher{ctx: ctx, store: st, newByKey: map[string]int{}, cache: map[int64]contact.Contact{}}
}

// donor returns the stored contact d matches (id, with why), or the index
// of the donor to create (id 0).
func (m *matcher) donor(d contact.Contact) (id int64, newIndex int, match DonorMatch, err error) {
	ds, err := m.store.DuplicatesOf(m.ctx, d)
	if err != nil {
		return 0, -1, match, err
	}
	slices.SortStableFunc(ds, func(a, b contact.Duplicate) int {
		if c := cmp.Compare(slices.Index(contact.DuplicateReasons, a.Reason), slices.Index(contact.DuplicateReasons, b.Reason)); c != 0 {
			return c
		}
		return cmp.Compare(a.B, b.B)
	})
	for _, dup := range ds {
		c, ok := m.cache[dup.B]
		if !ok {
			if c, err = m.store.GetContact(m.ctx, dup.B); err != nil {
				return 0, -1, match, err
			}
			m.cache[dup.B] = c
		}
		if c.Kind != d.Kind {
			continue
		}
		// DuplicatesOf also pairs "J. Dupont" with "Jean Dupont": a gift
		// needs the same full name.
		if dup.Reason == contact.SameNamePostcode && fullNameKey(c) != fullNameKey(d) {
			continue
		}
		return c.ID, -1, DonorMatch{ContactID: c.ID, Name: c.DisplayName(), Reason: dup.Reason}, nil
	}
	keys := m.keys(d)
	for _, k := range keys {
		if i, ok := m.newByKey[k]; ok {
			return 0, i, match, nil
		}
	}
	m.created = append(m.created, d)
	i := len(m.created) - 1
	for _, k := range keys {
		m.newByKey[k] = i
	}
	return 0, i, match, nil
}

// keys lists what identifies a new donor within a file, strongest first.
func (m *matcher) keys(d contact.Contact) []string {
	var out []string
	for _, e := range d.Emails {
		out = append(out, string(d.Kind)+"|e|"+contact.EmailKey(e.Address))
	}
	if s := contact.SIRENKey(d.SIREN); s != "" {
		out = append(out, string(d.Kind)+"|s|"+s)
	}
	if n := fullNameKey(d); n != "" {
		for _, p := range contact.Postcodes(d) {
			out = append(out, string(d.Kind)+"|n|"+n+"|"+p)
		}
	}
	return out
}

// fullNameKey is the first of contact.NameKeys: the whole folded name.
func fullNameKey(c contact.Contact) string {
	if ks := contact.NameKeys(c); len(ks) > 0 {
		return ks[0]
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Summary describes a row on one line, for previews.
func (r Row) Summary() string {
	if len(r.Errs) > 0 {
		return "refusée — " + strings.Join(r.Errs, " ; ")
	}
	g := r.Gift
	parts := []string{r.Donor.DisplayName(), g.Amount.String(), g.DateReceived, g.Method.Label(), g.Nature.Label()}
	if g.Membership {
		parts = append(parts, "cotisation")
	}
	if g.Campaign != "" {
		parts = append(parts, "campagne "+g.Campaign)
	}
	if e := r.Donor.PreferredEmail(); e != "" {
		parts = append(parts, e)
	}
	return strings.Join(parts, " — ")
}
