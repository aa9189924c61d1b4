package contactio

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
)

// Store is the persistence an import needs; *store.DB implements it.
type Store interface {
	// InsertContactsWithMemberships saves the contacts and their
	// memberships in one transaction.
	InsertContactsWithMemberships(ctx context.Context, cs []contact.Contact, orgs []contact.OrgRole,
		source string, progress func(done int)) error
	// DuplicatesOfEach returns the stored contacts that each contact,
	// known by its keys, probably duplicates.
	DuplicatesOfEach(ctx context.Context, keys []contact.DuplicateKeys) ([][]contact.Duplicate, error)
	// ObjectionHashes returns the objection list (contact.EmailHash).
	ObjectionHashes(ctx context.Context) (map[string]bool, error)
}

// Importer saves the rows of a preview.
type Importer struct {
	store Store
}

// NewImporter returns an Importer on store.
func NewImporter(store Store) *Importer {
	if store == nil {
		panic("contactio.NewImporter: nil store")
	}
	return &Importer{store: store}
}

// Options tune an import.
type Options struct {
	// DryRun checks everything and reports what would happen, and saves
	// nothing.
	DryRun bool
	// OnlyValid imports the valid rows of a file that has bad ones;
	// without it such a file is refused whole.
	OnlyValid bool
	// Source names the import in the audit log (the file name).
	Source string
}

// DuplicateWarning is a row that probably duplicates a stored contact
// or an earlier row of the same file. It is imported all the same: the
// user merges later, knowing which.
type DuplicateWarning struct {
	Line   int
	Card   int // position of a vCard card, or 0
	Name   string
	Reason contact.DuplicateReason
	OfID   int64 // the stored contact, or 0
	OfLine int   // the earlier row, or 0
	OfName string
}

// Position says where the row is, in French.
func (d DuplicateWarning) Position() string {
	return RowError{Line: d.Line, Card: d.Card}.Position()
}

// String says it in French: "doublon probable de DUPONT Jean (n° 12) :
// même adresse électronique".
func (d DuplicateWarning) String() string {
	of := fmt.Sprintf("%s (n° %d)", d.OfName, d.OfID)
	if d.OfID == 0 {
		of = fmt.Sprintf("la ligne %d (%s)", d.OfLine, d.OfName)
	}
	return fmt.Sprintf("doublon probable de %s : %s", of, d.Reason.Label())
}

// Report says what an import did, or would do in a dry run.
type Report struct {
	DryRun   bool
	Read     int // contacts read from the file, good and bad
	Imported int // saved, or that would be saved in a dry run
	Refused  int // rows and cards not imported because they are wrong
	// Bad lists the refused rows and cards, in file order.
	Bad []RowError
	// Objected lists the rows left out because the person is on the
	// objection list (GDPR art. 21: an objection outlives erasure).
	Objected   []RowError
	Duplicates []DuplicateWarning
}

// Import saves the rows of p in one transaction: a failure leaves
// nothing half-imported. A file with bad rows is refused whole, with
// every bad row in the report, unless o.OnlyValid. vCard cards that
// could not be read never stop the others. People on the objection
// list are left out. Likely duplicates are imported and reported.
// progress, when not nil, is called with the number of contacts saved.
func (im *Importer) Import(ctx context.Context, p Preview, o Options, progress func(done, total int)) (Report, error) {
	r := Report{DryRun: o.DryRun, Read: len(p.Rows) + len(p.Unreadable)}
	bad := p.Bad()
	r.Bad = append(append(r.Bad, bad...), p.Unreadable...)
	slices.SortStableFunc(r.Bad, func(a, b RowError) int { return cmp.Compare(a.Line, b.Line) })
	r.Refused = len(r.Bad)
	if r.Read == 0 {
		return r, apperr.Invalid("import.no_contact",
			"Le fichier ne contient aucun contact. Vérifiez que c'est bien le fichier exporté de votre carnet d'adresses ou de votre tableur.")
	}
	if len(bad) > 0 && !o.OnlyValid {
		return r, apperr.Invalid("import.refused", fmt.Sprintf(
			"%s : le fichier n'a pas été importé, rien n'a été enregistré. Corrigez ces lignes puis recommencez, ou choisissez de n'importer que les lignes valides.",
			plural(len(bad), "ligne invalide", "lignes invalides")))
	}

	objected, err := im.store.ObjectionHashes(ctx)
	if err != nil {
		return r, fmt.Errorf("read objection list: %w", err)
	}
	var rows []ParsedRow
	for _, row := range p.Rows {
		if len(row.Errs) > 0 {
			continue
		}
		if onObjectionList(row.Contact, objected) {
			r.Objected = append(r.Objected, RowError{Line: row.Line, Card: row.Card, Reasons: []string{
				"personne inscrite sur la liste d'opposition (elle a refusé d'être contactée ou demandé l'effacement de ses données) : elle n'est pas réimportée"}})
			continue
		}
		rows = append(rows, row)
	}

	cs := make([]contact.Contact, len(rows))
	orgs := make([]contact.OrgRole, len(rows))
	for i, row := range rows {
		cs[i] = row.Contact
		orgs[i] = contact.OrgRole{Org: row.Org, Role: row.Role}
	}
	keys := make([]contact.DuplicateKeys, len(rows))
	parallel(len(rows), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i] = contact.KeysOf(rows[i].Contact)
		}
	})
	// Stored duplicates are looked up before saving, or the new rows
	// would find themselves.
	stored, err := im.store.DuplicatesOfEach(ctx, keys)
	if err != nil {
		return r, fmt.Errorf("look for duplicates: %w", err)
	}
	// Duplicates within the file are found while the rows are saved.
	var warnings []DuplicateWarning
	var wg sync.WaitGroup
	wg.Go(func() { warnings = duplicateWarnings(rows, keys, stored) })
	defer wg.Wait()
	report := func() Report {
		wg.Wait()
		r.Duplicates = warnings
		return r
	}

	r.Imported = len(cs)
	if o.DryRun || len(cs) == 0 {
		return report(), nil
	}
	source := o.Source
	if source == "" {
		source = "import"
	}
	var step func(int)
	if progress != nil {
		progress(0, len(cs))
		step = func(done int) { progress(done, len(cs)) }
	}
	if err := im.store.InsertContactsWithMemberships(ctx, cs, orgs, source, step); err != nil {
		r = report()
		r.Imported = 0
		return r, fmt.Errorf("save %d imported contacts: %w", len(cs), err)
	}
	return report(), nil
}

// duplicateWarnings lists the rows that probably duplicate a stored
// contact (stored[i]) or an earlier row of the file.
func duplicateWarnings(rows []ParsedRow, keys []contact.DuplicateKeys, stored [][]contact.Duplicate) []DuplicateWarning {
	var out []DuplicateWarning
	inFile := contact.NewDuplicateIndex()
	for i, row := range rows {
		for _, d := range stored[i] {
			out = append(out, DuplicateWarning{Line: row.Line, Card: row.Card, Name: d.NameA, Reason: d.Reason,
				OfID: d.B, OfName: d.NameB})
		}
		for _, d := range inFile.FindKeys(0, keys[i]) {
			out = append(out, DuplicateWarning{Line: row.Line, Card: row.Card, Name: d.NameA, Reason: d.Reason,
				OfLine: int(d.B), OfName: d.NameB})
		}
		inFile.AddKeys(int64(row.Line), keys[i])
	}
	return out
}

func onObjectionList(c contact.Contact, hashes map[string]bool) bool {
	if len(hashes) == 0 {
		return false
	}
	for _, e := range c.Emails {
		if hashes[contact.EmailHash(e.Address)] {
			return true
		}
	}
	return false
}

// plural writes n with the singular or plural noun: "1 ligne invalide",
// "3 lignes invalides".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
