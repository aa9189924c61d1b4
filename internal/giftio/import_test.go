package giftio_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/giftio"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// register is a database holding the contacts the test files refer to.
type register struct {
	db                     *store.DB
	anne, anneTwin, helene contact.Contact
	henri, luc             contact.Contact
}

func newRegister(t *testing.T) register {
	t.Helper()
	db := storetest.Open(t)
	return register{
		db:   db,
		anne: storetest.Person(t, db, "Anne", "Roux", "anne@exemple.fr", "37000", "Tours"),
		// The same name and postcode without email: the email must win.
		anneTwin: storetest.Person(t, db, "Anne", "Roux", "", "37000", "Tours"),
		// Same initial and postcode as Hélène Dupré: not the same donor.
		henri:  storetest.Person(t, db, "Henri", "Dupré", "", "37000", "Tours"),
		helene: storetest.Person(t, db, "Hélène", "Dupré", "", "37000", "Tours"),
		// A person whose email a company row uses: a company is never
		// given to a person.
		luc: storetest.Person(t, db, "Luc", "Girard", "luc@menuiserie-girard.example", "", ""),
	}
}

func (r register) gifts(t *testing.T) []donation.GiftRow {
	t.Helper()
	rows, err := r.db.ListGifts(context.Background(), donation.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func (r register) people(t *testing.T) (int, int) {
	t.Helper()
	p, o, err := r.db.CountContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p, o
}

func importFile(t *testing.T, r register, name, format string, o giftio.Options) (giftio.Report, error) {
	t.Helper()
	p, err := giftio.Read(readFile(t, name), format)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return giftio.NewImporter(r.db).Import(context.Background(), p, o)
}

func TestImportBureauMatchesDonorsAndIsIdempotent(t *testing.T) {
	r := newRegister(t)
	rep, err := importFile(t, r, "bureau-utf8-comma.csv", giftio.FormatBureau, giftio.Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if rep.Read != 6 || rep.Imported != 6 || rep.Already != 0 || rep.NewDonors != 3 {
		t.Errorf("report = %+v; want 6 read, 6 imported, 3 new donors (Zoé once, the bakery, Paul)", rep)
	}
	wantMatches := []giftio.DonorMatch{
		{Line: 2, ContactID: r.anne.ID, Name: "ROUX Anne", Reason: contact.SameEmail},
		{Line: 3, ContactID: r.helene.ID, Name: "DUPRÉ Hélène", Reason: contact.SameNamePostcode},
	}
	if !slices.Equal(rep.Matched, wantMatches) {
		t.Errorf("matches = %+v, want %+v", rep.Matched, wantMatches)
	}
	rows := r.gifts(t)
	if len(rows) != 6 {
		t.Fatalf("%d gifts saved, want 6", len(rows))
	}
	byLine := map[string]donation.GiftRow{}
	for _, g := range rows {
		byLine[g.DateReceived] = g
	}
	if byLine["2026-02-10"].DonorID != byLine["2026-03-10"].DonorID || byLine["2026-02-10"].DonorName != "LEFÈVRE Zoé" {
		t.Errorf("Zoé's two gifts: %+v and %+v, want one new contact", byLine["2026-02-10"], byLine["2026-03-10"])
	}
	if g := byLine["2026-03-01"]; g.DonorName != "Boulangerie Martin" || g.Reference != "VIR-2026-031" || g.Source != "bureau-csv" {
		t.Errorf("company gift = %+v", g)
	}
	if people, orgs := r.people(t); people != 5+2 || orgs != 1 {
		t.Errorf("contacts: %d people, %d organisations; want 7 and 1", people, orgs)
	}

	// The same file again, then the same gifts saved by French Excel:
	// nothing is added.
	for _, name := range []string{"bureau-utf8-comma.csv", "bureau-1252-semicolon.csv"} {
		rep, err := importFile(t, r, name, giftio.FormatBureau, giftio.Options{})
		if err != nil || rep.Imported != 0 || rep.Already != 6 || rep.NewDonors != 0 {
			t.Errorf("re-import %s = %+v, %v; want 6 already imported, nothing added", name, rep, err)
		}
	}
	if n := len(r.gifts(t)); n != 6 {
		t.Errorf("after re-imports: %d gifts, want 6", n)
	}
	if people, orgs := r.people(t); people != 7 || orgs != 1 {
		t.Errorf("after re-imports: %d people, %d organisations; want 7 and 1", people, orgs)
	}
}

func TestImportBadFile(t *testing.T) {
	r := newRegister(t)
	rep, err := importFile(t, r, "bureau-bad.csv", giftio.FormatBureau, giftio.Options{})
	if !errors.Is(err, apperr.ErrInvalid) || rep.Refused != 7 || rep.Imported != 0 {
		t.Errorf("import of a file with bad rows = %+v, %v; want refused whole, 7 bad rows", rep, err)
	}
	if n := len(r.gifts(t)); n != 0 {
		t.Fatalf("%d gifts saved by a refused import", n)
	}
	rep, err = importFile(t, r, "bureau-bad.csv", giftio.FormatBureau, giftio.Options{DryRun: true, OnlyValid: true})
	if err != nil || rep.Imported != 2 || rep.Refused != 7 || len(r.gifts(t)) != 0 {
		t.Errorf("dry run --only-valid = %+v, %v; want 2 to import and nothing saved", rep, err)
	}
	rep, err = importFile(t, r, "bureau-bad.csv", giftio.FormatBureau, giftio.Options{OnlyValid: true})
	if err != nil || rep.Imported != 2 || rep.NewDonors != 0 {
		t.Errorf("--only-valid = %+v, %v; want lines 2 and 12, both Anne's", rep, err)
	}
	for _, g := range r.gifts(t) {
		if g.DonorID != r.anne.ID {
			t.Errorf("gift %+v: want Anne (matched by email)", g.Gift)
		}
	}
}

func TestImportHelloAsso(t *testing.T) {
	r := newRegister(t)
	rep, err := importFile(t, r, "helloasso-dons.csv", giftio.FormatHelloAsso, giftio.Options{DryRun: true})
	if err != nil || rep.Imported != 3 || rep.NewDonors != 2 || len(rep.Skipped) != 2 || len(r.gifts(t)) != 0 {
		t.Fatalf("dry run = %+v, %v; want 3 gifts, 2 new donors, 2 skipped, nothing saved", rep, err)
	}
	rep, err = importFile(t, r, "helloasso-dons.csv", giftio.FormatHelloAsso, giftio.Options{})
	if err != nil || rep.Imported != 3 {
		t.Fatalf("import = %+v, %v", rep, err)
	}
	if !slices.Equal(rep.Matched, []giftio.DonorMatch{{Line: 7, ContactID: r.anne.ID, Name: "ROUX Anne", Reason: contact.SameEmail}}) {
		t.Errorf("matches = %+v, want Anne by email only (the company is not given to Luc)", rep.Matched)
	}
	rows := r.gifts(t)
	var got []string
	for _, g := range rows {
		got = append(got, g.Reference+" "+g.DonorName+" "+g.Amount.Plain())
	}
	want := []string{"150000001 MARTIN Élodie 15,00", "150000002 Menuiserie Girard 250,00", "150000005 ROUX Anne 30,00"}
	if !slices.Equal(got, want) {
		t.Errorf("gifts = %q, want %q", got, want)
	}
	rep, err = importFile(t, r, "helloasso-dons.csv", giftio.FormatHelloAsso, giftio.Options{})
	if err != nil || rep.Imported != 0 || rep.Already != 3 || len(r.gifts(t)) != 3 {
		t.Errorf("re-import = %+v, %v; want nothing added", rep, err)
	}
}

func TestImportNothingToImport(t *testing.T) {
	r := newRegister(t)
	p := giftio.Preview{Format: giftio.FormatBureau, Source: giftio.SourceBureau}
	if _, err := giftio.NewImporter(r.db).Import(context.Background(), p, giftio.Options{}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("Import of an empty preview = %v, want ErrInvalid", err)
	}
}
