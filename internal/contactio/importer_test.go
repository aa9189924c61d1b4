package contactio_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

var ctx = context.Background()

func count(t *testing.T, db *store.DB) int {
	t.Helper()
	p, o, err := db.CountContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return p + o
}

func preview(t *testing.T, file string) contactio.Preview {
	t.Helper()
	p, err := contactio.ReadCSV(readFile(t, file), nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportRefusesBadFileWhole: one bad row and nothing is saved; every
// bad row is listed with its line.
func TestImportRefusesBadFileWhole(t *testing.T) {
	db := storetest.Open(t)
	for _, dry := range []bool{false, true} {
		rep, err := contactio.NewImporter(db).Import(ctx, preview(t, "csv/bad-rows.csv"), contactio.Options{DryRun: dry}, nil)
		var e *apperr.Error
		if !errors.As(err, &e) || e.Key != "import.refused" || !strings.Contains(e.Message, "3 lignes invalides") {
			t.Fatalf("dry run %v: error = %v", dry, err)
		}
		if rep.Imported != 0 || rep.Refused != 3 || rep.Read != 7 {
			t.Errorf("report = %+v", rep)
		}
		var lines []int
		for _, b := range rep.Bad {
			lines = append(lines, b.Line)
		}
		if len(lines) != 3 || lines[0] != 4 || lines[1] != 8 || lines[2] != 10 {
			t.Errorf("bad lines = %v", lines)
		}
	}
	if n := count(t, db); n != 0 {
		t.Errorf("%d contacts saved from a refused file", n)
	}
}

func TestImportOnlyValid(t *testing.T) {
	db := storetest.Open(t)
	rep, err := contactio.NewImporter(db).Import(ctx, preview(t, "csv/bad-rows.csv"), contactio.Options{OnlyValid: true, Source: "bad-rows.csv"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 4 || rep.Refused != 3 || count(t, db) != 4 {
		t.Errorf("report %+v, %d stored", rep, count(t, db))
	}
	rows, _ := db.ListContacts(ctx, contact.Filter{Query: "jardins"})
	if len(rows) != 0 {
		t.Error("a bad row was imported")
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	db := storetest.Open(t)
	storetest.Person(t, db, "Hélène", "Lefèvre", "HELENE.LEFEVRE@example.fr", "45000", "Orléans")
	before, _ := db.ListAudit(ctx, store.AuditFilter{})
	p := preview(t, "csv/excel-fr-1252.csv")
	rep, err := contactio.NewImporter(db).Import(ctx, p, contactio.Options{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.DryRun || rep.Imported != 3 || len(rep.Duplicates) != 1 {
		t.Errorf("report = %+v", rep)
	}
	after, _ := db.ListAudit(ctx, store.AuditFilter{})
	if count(t, db) != 1 || len(after) != len(before) {
		t.Errorf("a dry run wrote: %d contacts, audit %d → %d", count(t, db), len(before), len(after))
	}
}

func TestImportDuplicatesAndMemberships(t *testing.T) {
	db := storetest.Open(t)
	h := storetest.Person(t, db, "Hélène", "Lefèvre", "HELENE.LEFEVRE@example.fr", "45000", "Orléans")
	storetest.Org(t, db, "Mairie d'Orléans", contact.OrgPublicFunder)
	data := []byte("Prénom;Nom;Courriel;Code postal;Société;Fonction\n" +
		"Hélène;Lefèvre;helene.lefevre@example.fr;45000;MAIRIE D'ORLEANS;Adjointe\n" + // stored: same email
		"Paul;Roux;paul@example.fr;37000;Crèche Les Lutins;Directeur\n" +
		"P.;Roux;p.roux@example.fr;37000;;\n") // earlier row: similar name, same postcode
	p, err := contactio.ReadCSV(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	var calls []int
	rep, err := contactio.NewImporter(db).Import(ctx, p, contactio.Options{Source: "t.csv"}, func(done, total int) {
		if total != 3 {
			t.Errorf("total = %d", total)
		}
		calls = append(calls, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 3 || len(calls) < 2 || calls[len(calls)-1] != 3 {
		t.Errorf("report %+v, progress %v", rep, calls)
	}
	want := []contactio.DuplicateWarning{
		{Line: 2, Name: "LEFÈVRE Hélène", Reason: contact.SameEmail, OfID: h.ID, OfName: "LEFèVRE Hélène"},
		{Line: 4, Name: "ROUX P.", Reason: contact.SameNamePostcode, OfLine: 3, OfName: "ROUX Paul"},
	}
	if len(rep.Duplicates) != len(want) {
		t.Fatalf("duplicates = %+v", rep.Duplicates)
	}
	for i, w := range want {
		d := rep.Duplicates[i]
		if d.Line != w.Line || d.Reason != w.Reason || d.OfID != w.OfID || d.OfLine != w.OfLine {
			t.Errorf("duplicate %d = %+v, want %+v", i, d, w)
		}
	}
	if s := rep.Duplicates[1].String(); s != "doublon probable de la ligne 3 (ROUX Paul) : nom proche et même code postal" {
		t.Errorf("String() = %q", s)
	}
	// The Mairie was found by its folded name, the Crèche created.
	_, orgs, _ := db.CountContacts(ctx)
	if orgs != 2 {
		t.Errorf("%d organisations, want 2", orgs)
	}
	rows, _ := db.ListContacts(ctx, contact.Filter{Query: "lutins"})
	if len(rows) != 2 { // the Crèche and Paul, a member
		t.Errorf("search lutins = %+v", rows)
	}
}

// TestImportSkipsObjections: a person on the objection list does not come
// back through an import.
func TestImportSkipsObjections(t *testing.T) {
	db := storetest.Open(t)
	c := storetest.Person(t, db, "Jean", "Martin", "Jean.Martin@example.org", "", "")
	if err := db.SetConsent(ctx, contact.Consent{ContactID: c.ID, Channel: contact.ChannelEmail,
		Status: contact.StatusObjection, Date: "2026-11-01", Source: "courriel"}); err != nil {
		t.Fatal(err)
	}
	data := []byte("Prénom;Nom;Courriel\nJean;Martin;jean.martin@example.org\nZoé;Noël;zoe@example.org\n")
	p, _ := contactio.ReadCSV(data, nil)
	rep, err := contactio.NewImporter(db).Import(ctx, p, contactio.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || len(rep.Objected) != 1 || rep.Objected[0].Line != 2 {
		t.Errorf("report = %+v", rep)
	}
}

func TestImportVCardKeepsGoodCards(t *testing.T) {
	db := storetest.Open(t)
	p := contactio.VCardPreview(readVCardFile(t, "bureau/mixed.vcf"))
	rep, err := contactio.NewImporter(db).Import(ctx, p, contactio.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 3 || rep.Refused != 2 || rep.Bad[0].Position() != "carte 2 (ligne 12)" {
		t.Errorf("report = %+v", rep)
	}
	if rows, _ := db.ListContacts(ctx, contact.Filter{Query: "pecheurs"}); len(rows) != 2 {
		t.Errorf("Anne and her Amicale: %+v", rows)
	}
}

func TestImportEmpty(t *testing.T) {
	db := storetest.Open(t)
	_, err := contactio.NewImporter(db).Import(ctx, contactio.VCardPreview(contactio.ReadVCard(strings.NewReader(""))), contactio.Options{}, nil)
	if !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("error = %v", err)
	}
}

// TestExportImportRoundTrip goes through the database both ways, in
// every format.
func TestExportImportRoundTrip(t *testing.T) {
	src := storetest.Open(t)
	cs, orgs := testContacts()
	flat := make([]contact.OrgRole, len(cs))
	for i, o := range orgs {
		if len(o) > 0 {
			flat[i] = o[0]
		}
	}
	if err := src.InsertContactsWithMemberships(ctx, cs, flat, "test", nil); err != nil {
		t.Fatal(err)
	}
	for _, o := range []contactio.ExportOptions{{Format: "csv"}, {Format: "vcard", VCardVersion: "3.0"}, {Format: "vcard", VCardVersion: "4.0"}} {
		t.Run(o.Format+o.VCardVersion, func(t *testing.T) {
			var b bytes.Buffer
			n, err := contactio.Export(ctx, src, &b, o)
			if err != nil || n != len(cs) {
				t.Fatalf("export: %d, %v", n, err)
			}
			var p contactio.Preview
			if o.Format == "csv" {
				p, err = contactio.ReadCSV(b.Bytes(), nil)
			} else {
				p = contactio.VCardPreview(contactio.ReadVCard(&b))
			}
			if err != nil {
				t.Fatal(err)
			}
			dst := storetest.Open(t)
			if _, err := contactio.NewImporter(dst).Import(ctx, p, contactio.Options{}, nil); err != nil {
				t.Fatal(err)
			}
			var got []contact.Contact
			var gotOrgs [][]contact.OrgRole
			if err := dst.ExportContacts(ctx, nil, func(c contact.Contact, o []contact.OrgRole) error {
				got, gotOrgs = append(got, c), append(gotOrgs, o)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			// Export order is name order: -DUPONT, LEFÈVRE, Les Amis.
			byName := map[string]int{}
			for i, c := range got {
				byName[c.DisplayName()] = i
			}
			for i, want := range cs {
				j, ok := byName[want.DisplayName()]
				if !ok {
					t.Errorf("%s missing after the round trip", want.DisplayName())
					continue
				}
				compareContact(t, got[j], want, o.Format != "csv")
				if len(orgs[i]) > 0 && (len(gotOrgs[j]) != 1 || gotOrgs[j][0] != orgs[i][0]) {
					t.Errorf("%s belongs to %+v, want %+v", want.DisplayName(), gotOrgs[j], orgs[i])
				}
			}
		})
	}
}

func TestExportList(t *testing.T) {
	db := storetest.Open(t)
	a := storetest.Person(t, db, "Anne", "Azur", "anne@journal.example", "", "")
	storetest.Person(t, db, "Bob", "Bleu", "bob@example.org", "", "")
	if err := db.CreatePressList(ctx, &contact.PressList{Name: "PQR Centre"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddToPressList(ctx, "PQR Centre", a.ID); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	n, err := contactio.Export(ctx, db, &b, contactio.ExportOptions{Format: "vcard", List: "pqr centre"})
	if err != nil || n != 1 || !strings.Contains(b.String(), "anne@journal.example") || strings.Contains(b.String(), "bob@") {
		t.Errorf("export of the list: %d, %v\n%s", n, err, b.String())
	}
	if err := db.CreatePressList(ctx, &contact.PressList{Name: "Vide"}); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if n, err := contactio.Export(ctx, db, &b, contactio.ExportOptions{Format: "csv", List: "Vide"}); err != nil || n != 0 {
		t.Errorf("an empty list exported %d contacts (%v)", n, err)
	}
	if _, err := contactio.Export(ctx, db, &b, contactio.ExportOptions{Format: "csv", List: "Inconnue"}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown list: %v", err)
	}
	if _, err := contactio.Export(ctx, db, &b, contactio.ExportOptions{Format: "xls"}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("unknown format: %v", err)
	}
}
