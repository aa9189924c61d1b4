package charter_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// fakeRenderer records what it is asked to draw and returns a short
// document made of the documents' texts, so that hashes differ when the
// text does.
type fakeRenderer struct {
	mu   sync.Mutex
	docs [][]charter.Document
}

func (f *fakeRenderer) render(docs []charter.Document) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs = append(f.docs, docs)
	var b strings.Builder
	for _, d := range docs {
		fmt.Fprintf(&b, "%s v%d %s %s|", d.Name, d.Version, d.Date, d.SignerName)
		for _, bl := range d.Blocks {
			b.WriteString(bl.Text() + "\n")
		}
	}
	return []byte(b.String()), nil
}

func (f *fakeRenderer) last() []charter.Document {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.docs[len(f.docs)-1]
}

// newService opens a store with an association profile and returns the
// service on it.
func newService(t *testing.T) (*charter.Service, *store.DB, *fakeRenderer) {
	t.Helper()
	db := storetest.Open(t)
	if err := db.SaveAssociation(context.Background(), association.Profile{
		Name: "Les Jardins partagés de Belleville", Street: "12 rue des Envierges", Postcode: "75020", City: "Paris",
		Object: "Créer et animer des jardins ouverts à tous", SignerName: "Claire Dubois", SignerRole: "Présidente",
	}); err != nil {
		t.Fatal(err)
	}
	f := &fakeRenderer{}
	s := charter.NewService(charter.Params{Store: db, Render: f.render, Now: func() time.Time { return storetest.Clock }})
	return s, db, f
}

// tagged creates a person carrying tags.
func tagged(t *testing.T, db *store.DB, first, last string, tags ...string) contact.Contact {
	t.Helper()
	c := contact.Contact{Kind: contact.Person, FirstName: first, LastName: last, Tags: tags}
	if err := db.CreateContact(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestInstallShippedOnce(t *testing.T) {
	s, db, _ := newService(t)
	ctx := context.Background()
	cs, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, fmt.Sprintf("%s v%d %q tag %q", c.Name, c.Latest, c.Title, c.AudienceTag))
	}
	want := []string{`benevolat v1 "Charte du bénévolat" tag "bénévole"`,
		`collectif v1 "Charte de fonctionnement du collectif" tag ""`,
		`partenariat v1 "Charte de partenariat et de mécénat" tag ""`}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Fatalf("List =\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	// Another service on the same database (the GUI and a command) does
	// not install them again; nor does an edited database.
	other := charter.NewService(charter.Params{Store: db, Render: (&fakeRenderer{}).render})
	if _, err := s.SaveNewVersion(ctx, "collectif", "# Collectif\n\nNouveau texte.", ""); err != nil {
		t.Fatal(err)
	}
	again, err := other.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 3 || again[1].Latest != 2 {
		t.Errorf("second List = %+v, want the same three charters, collectif at version 2", again)
	}
	if n, err := db.InstallCharters(ctx, []charter.Template{{Name: "x", Title: "X", Body: "# X\n\nx\n"}}, ""); err != nil || n != 0 {
		t.Errorf("InstallCharters on a database with charters = %d, %v; want 0, nil", n, err)
	}
}

func TestVersioning(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	v1, err := s.Get(ctx, "benevolat", 0)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v1.Note != charter.ShippedNote {
		t.Fatalf("shipped version = %d %q", v1.Version, v1.Note)
	}

	// The same text, even with other line ends, makes no new version.
	same := strings.ReplaceAll(v1.Body, "\n", "\r\n") + "\r\n\r\n"
	_, err = s.SaveNewVersion(ctx, "benevolat", same, "sans changement")
	if !errors.Is(err, apperr.ErrConflict) || !strings.Contains(apperr.Message(err), "identique à la version 1") {
		t.Fatalf("SaveNewVersion(same) = %v, want the unchanged conflict", err)
	}

	changed := strings.Replace(v1.Body, "Article 5 — Assurance", "Article 5 — Assurance et sécurité", 1)
	v2, err := s.SaveNewVersion(ctx, "benevolat", changed, "  article 5 précisé\n")
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.Note != "article 5 précisé" || v2.CreatedAt.IsZero() {
		t.Errorf("new version = %d %q %v", v2.Version, v2.Note, v2.CreatedAt)
	}
	if _, err := s.SaveNewVersion(ctx, "benevolat", changed, ""); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("saving version 2 again = %v, want ErrConflict", err)
	}

	old, err := s.Get(ctx, "benevolat", 1)
	if err != nil || old.Body != v1.Body {
		t.Errorf("version 1 changed after an edit: %v", err)
	}
	vs, err := s.Versions(ctx, "benevolat")
	if err != nil || len(vs) != 2 || vs[0].Version != 2 || vs[1].Version != 1 {
		t.Errorf("Versions = %+v, %v; want 2 then 1", vs, err)
	}

	// An invalid text is refused with its line; nothing is saved.
	_, err = s.SaveNewVersion(ctx, "benevolat", "# Charte\n\nSigné par {{signataire.name}}.", "")
	if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(err.Error(), "Ligne 3 : le champ {{signataire.name}} est inconnu") {
		t.Errorf("invalid text: %v", err)
	}
	if c, _ := s.List(ctx); c[0].Latest != 2 {
		t.Errorf("latest after a refused text = %d, want 2", c[0].Latest)
	}

	// A new name creates a charter, titled by its "# " line.
	nv, err := s.SaveNewVersion(ctx, "charte-2027", "# Charte des adhérents\n\nTexte.", "création")
	if err != nil || nv.Version != 1 || nv.Title != "Charte des adhérents" {
		t.Fatalf("new charter = %+v, %v", nv, err)
	}
	if _, err := s.SaveNewVersion(ctx, "Charte", "# C\n\nT", ""); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("upper-case name = %v, want ErrInvalid", err)
	}

	// Unknown charters and versions say what exists.
	if _, err := s.Get(ctx, "nope", 0); !errors.Is(err, apperr.ErrNotFound) || !strings.Contains(apperr.Message(err), "« nope »") {
		t.Errorf("Get(nope) = %v", err)
	}
	if _, err := s.Get(ctx, "benevolat", 7); !errors.Is(err, apperr.ErrNotFound) || !strings.Contains(apperr.Message(err), "de 1 à 2") {
		t.Errorf("Get(benevolat, 7) = %v", err)
	}
}

func TestSignaturesRegister(t *testing.T) {
	s, db, f := newService(t)
	ctx := context.Background()
	lea := tagged(t, db, "Léa", "Arnaud", "Bénévole")
	paul := tagged(t, db, "Paul", "Bernard", "benevole", "jardinier")
	anne := tagged(t, db, "Anne", "Duval", "bénévole")
	luc := tagged(t, db, "Luc", "Charpentier") // not a volunteer
	tagged(t, db, "Zoé", "Étienne", "adhérent")

	// Version 1: Léa, Paul and Luc sign it.
	out, err := s.Render(ctx, "benevolat", 0, lea.ID, "2026-09-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []contact.Contact{lea, paul, luc} {
		if _, err := s.RecordSignature(ctx, "benevolat", 0, c.ID, "2026-09-02", nil); err != nil {
			t.Fatal(err)
		}
	}
	reg, err := s.Signatures(ctx, "benevolat")
	if err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(reg); got != fmt.Sprint([]int64{anne.ID}) {
		t.Errorf("pending after version 1 = %s, want only Anne", got)
	}
	if reg.Charter.Signed != 3 || len(reg.Signatures) != 3 {
		t.Errorf("signed = %d, %d signatures; want 3", reg.Charter.Signed, len(reg.Signatures))
	}
	// Léa's signature carries the hash of the document issued to her.
	for _, sg := range reg.Signatures {
		want := ""
		if sg.ContactID == lea.ID {
			want = out.SHA256
		}
		if sg.SHA256 != want {
			t.Errorf("signature of %s has hash %q, want %q", sg.ContactName, sg.SHA256, want)
		}
	}
	if _, err := s.RecordSignature(ctx, "benevolat", 1, lea.ID, "2026-09-03", nil); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("signing version 1 twice = %v, want ErrConflict", err)
	}

	// Version 2: everyone must sign again, the volunteers and Luc.
	v1, _ := s.Get(ctx, "benevolat", 0)
	if _, err := s.SaveNewVersion(ctx, "benevolat", v1.Body+"\nUn paragraphe ajouté.\n", "ajout"); err != nil {
		t.Fatal(err)
	}
	scan := []byte("scan signé de Paul")
	if _, err := s.RecordSignature(ctx, "benevolat", 0, paul.ID, "", scan); err != nil {
		t.Fatal(err)
	}
	reg, err = s.Signatures(ctx, "benevolat")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		name   string
		last   int
		tagged bool
	}
	var rows []row
	for _, p := range reg.Pending {
		rows = append(rows, row{p.Name, p.LastSigned, p.Tagged})
	}
	want := []row{{"ARNAUD Léa", 1, true}, {"CHARPENTIER Luc", 1, false}, {"DUVAL Anne", 0, true}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("pending after version 2 = %v, want %v", rows, want)
	}
	if reg.Charter.Latest != 2 || reg.Charter.Signed != 1 {
		t.Errorf("charter = version %d signed by %d, want 2 and 1", reg.Charter.Latest, reg.Charter.Signed)
	}
	first := reg.Signatures[0]
	sum := sha256.Sum256(scan)
	if first.Version != 2 || first.ContactID != paul.ID || first.SignedOn != "2026-11-21" || first.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("newest signature = %+v, want Paul's scan today on version 2", first)
	}
	if len(f.docs) != 1 {
		t.Errorf("%d renderings, want 1", len(f.docs))
	}
}

func pendingIDs(r charter.Register) string {
	var ids []int64
	for _, p := range r.Pending {
		ids = append(ids, p.ID)
	}
	return fmt.Sprint(ids)
}

func TestRenderFillsParties(t *testing.T) {
	s, db, f := newService(t)
	ctx := context.Background()
	org := storetest.Org(t, db, "Transports Ligériens", contact.OrgCompany)
	org.Addresses = []contact.Address{{Street: "4 rue de l'Industrie", Postcode: "37700", City: "Saint-Pierre-des-Corps", Preferred: true}}
	if err := db.UpdateContact(ctx, &org); err != nil {
		t.Fatal(err)
	}
	nathalie := tagged(t, db, "Nathalie", "Chevalier")
	if err := db.AddMembership(ctx, nathalie.ID, org.ID, "responsable RSE"); err != nil {
		t.Fatal(err)
	}
	sp := sponsor.NewService(db, nil)
	if err := sp.Create(ctx, &sponsor.Case{OrgID: org.ID, Year: 2026, Stage: sponsor.Agreed, Expected: 10_000_00, Probability: 100,
		ConventionStart: "2026-01-01", ConventionEnd: "2026-12-31",
		Counterparts: []sponsor.Counterpart{{Item: "Logo sur les panneaux", Value: 500_00}, {Item: "Remerciements dans la lettre"}}}); err != nil {
		t.Fatal(err)
	}

	// For the organisation: its representative signs.
	out, err := s.Render(ctx, "partenariat", 0, org.ID, "2026-11-21")
	if err != nil {
		t.Fatal(err)
	}
	doc := f.last()[0]
	text := string(out.PDF)
	for _, w := range []string{"Transports Ligériens", "4 rue de l'Industrie, 37700 Saint-Pierre-des-Corps",
		"Nathalie Chevalier, responsable RSE", "Logo sur les panneaux — valeur 500,00\u00a0€\nRemerciements dans la lettre\n",
		"10\u00a0000,00\u00a0€", "du 1er janvier 2026 au 31 décembre 2026", "Fait à Paris, le 21 novembre 2026"} {
		if !strings.Contains(text, w) {
			t.Errorf("document lacks %q:\n%s", w, text)
		}
	}
	if doc.SignerName != "Nathalie Chevalier" || doc.SignerRole != "responsable RSE" || doc.Partner != "Transports Ligériens" ||
		doc.Version != 1 || doc.VersionOn != "2026-11-21" || doc.Date != "2026-11-21" {
		t.Errorf("document = %+v", doc)
	}
	if len(out.Missing) != 0 {
		t.Errorf("missing = %+v, want none", out.Missing)
	}

	// For a person of the organisation: the person signs for it.
	if _, err := s.Render(ctx, "partenariat", 0, nathalie.ID, "2026-11-21"); err != nil {
		t.Fatal(err)
	}
	if doc := f.last()[0]; doc.SignerName != "Nathalie Chevalier" || doc.Partner != "Transports Ligériens" {
		t.Errorf("document for the person = %+v", doc)
	}

	// For a volunteer without organisation: the partner fields are blank.
	lea := tagged(t, db, "Léa", "Arnaud", "bénévole")
	out, err = s.RenderBatch(ctx, "partenariat", 0, []int64{lea.ID, nathalie.ID}, "2026-11-21")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.last()) != 2 || len(out.Missing) != 1 || out.Missing[0].ContactID != lea.ID ||
		!strings.Contains(strings.Join(out.Missing[0].Fields, " "), "contreparties") {
		t.Errorf("batch: %d documents, missing %+v", len(f.last()), out.Missing)
	}

	// Unknown contacts, empty batches and bad dates are refused.
	if _, err := s.Render(ctx, "partenariat", 0, 9999, ""); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown contact = %v", err)
	}
	if _, err := s.RenderBatch(ctx, "partenariat", 0, nil, ""); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("empty batch = %v", err)
	}
	if _, err := s.Render(ctx, "partenariat", 0, lea.ID, "2026-02-30"); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("bad date = %v", err)
	}

	// A preview draws a text being typed with the fields' examples.
	out, err = s.Preview(ctx, "# Brouillon\n\nEntre {{association.name}} et {{partenaire.nom}}.", 0, "2026-11-21")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out.PDF), "Entre Les Jardins partagés de Belleville et [nom du partenaire].") || out.Version != 0 {
		t.Errorf("preview = %q", out.PDF)
	}
}

func TestValuesOfParties(t *testing.T) {
	p := charter.Parties{
		Association: association.Profile{Name: "Asso", Street: "1 rue A\n(bâtiment B)", Postcode: "75001", City: "Paris",
			SignerName: "Claire", SignerRole: "Présidente"},
		Signer: contact.Contact{Kind: contact.Person, FirstName: "Marie", LastName: "Lefèvre"},
		Date:   "2027-05-01",
	}
	v := p.Values()
	for k, want := range map[string]string{
		"association.address": "1 rue A (bâtiment B), 75001 Paris", "partenaire.nom": "Marie Lefèvre",
		"signataire.nom": "Marie Lefèvre", "date": "1er mai 2027", "signataire.role": "", "contreparties": "",
	} {
		if v[k] != want {
			t.Errorf("%s = %q, want %q", k, v[k], want)
		}
	}
	for _, f := range charter.Fields {
		if _, ok := charter.Examples()[f.Name]; !ok || f.Label == "" {
			t.Errorf("field %s has no example or label", f.Name)
		}
	}
}
