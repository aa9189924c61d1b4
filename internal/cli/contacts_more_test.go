package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// pressOfficeDB returns the path of a database with a duplicated person,
// a press outlet, journalists (one opted out) and a press list:
//
//	1 Hélène Dupont   2 Helene DUPONT (duplicate)   3 Marc Lenoir
//	4 La République du Centre   5 Anne Bleu   6 Paul Rouge (opted out)
func pressOfficeDB(t *testing.T) (string, *store.DB) {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	svc := contact.NewService(db)
	add := func(c contact.Contact) contact.Contact {
		if err := db.CreateContact(ctx, &c); err != nil {
			t.Fatalf("create %s: %v", c.DisplayName(), err)
		}
		return c
	}
	orleans := []contact.Address{{Street: "1 rue Royale", Postcode: "45000", City: "Orléans", Country: "France", Preferred: true}}
	add(contact.Contact{Kind: contact.Person, FirstName: "Hélène", LastName: "Dupont", Tags: []string{"bénévole"},
		Emails: []contact.Email{{Address: "helene@example.org", Preferred: true}}, Addresses: orleans})
	add(contact.Contact{Kind: contact.Person, Civility: "Mme", FirstName: "Helene", LastName: "DUPONT", Website: "https://helene.example.org",
		Emails: []contact.Email{{Address: "h.dupont@travail.fr", Preferred: true}}, Addresses: orleans,
		Phones: []contact.Phone{{Number: "06 12 34 56 78"}}, Tags: []string{"donatrice"}})
	add(contact.Contact{Kind: contact.Person, FirstName: "Marc", LastName: "Lenoir",
		Emails:    []contact.Email{{Address: "marc@example.org", Preferred: true}},
		Addresses: []contact.Address{{Street: "2 rue Colbert", Postcode: "37000", City: "Tours", Country: "France"}}})
	rep := add(contact.Contact{Kind: contact.Organisation, OrgName: "La République du Centre", OrgKind: contact.OrgPress,
		PressKind: contact.PressRegionalDaily, Emails: []contact.Email{{Address: "redaction@larep.fr", Preferred: true}}, Addresses: orleans})
	anne := add(contact.Contact{Kind: contact.Person, FirstName: "Anne", LastName: "Bleu",
		Emails: []contact.Email{{Address: "anne.bleu@larep.fr", Preferred: true}, {Address: "anne@perso.fr"}}})
	paul := add(contact.Contact{Kind: contact.Person, FirstName: "Paul", LastName: "Rouge",
		Emails: []contact.Email{{Address: "paul@radio.fr", Preferred: true}}})
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	must("membership", db.AddMembership(ctx, anne.ID, rep.ID, "journaliste"))
	must("journalist", svc.SetJournalist(ctx, contact.Journalist{PersonID: anne.ID, Topics: "environnement", Regions: "Loiret"}))
	must("journalist", svc.SetJournalist(ctx, contact.Journalist{PersonID: paul.ID, OptOut: true}))
	must("list", svc.CreatePressList(ctx, &contact.PressList{Name: "PQR Centre"}))
	must("add", svc.AddToPressList(ctx, "PQR Centre", rep.ID, anne.ID, paul.ID))
	return db.Path(), db
}

func TestContactsGoldens(t *testing.T) {
	path, _ := pressOfficeDB(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"contacts-search", []string{"contacts", "search", "helene", "orleans"}},
		{"contacts-search-accents", []string{"contacts", "search", "ORLÉANS"}},
		{"contacts-search-none", []string{"contacts", "search", "zébulon"}},
		{"contacts-merge-preview", []string{"contacts", "merge", "1", "2", "--take", "first_name"}},
		{"press-lists", []string{"press", "lists"}},
		{"press-export-bcc", []string{"press", "export", "pqr centre", "--format", "bcc"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := run(t, path, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestContactsMergeCommand(t *testing.T) {
	path, db := pressOfficeDB(t)
	storetest.Gift(t, db, 2, 5000, "2026-03-10")
	code, out, stderr := run(t, path, "contacts", "merge", "1", "2", "--take", "first_name", "--yes")
	if code != 0 {
		t.Fatalf("merge: exit %d, stderr %q", code, stderr)
	}
	golden(t, "contacts-merge", out)
	_, out, _ = run(t, path, "contacts", "search", "dupont")
	if want := "1  DUPONT Helene  personne  helene@example.org  Orléans"; !strings.Contains(out, want) || strings.Count(out, "\n") != 2 {
		t.Errorf("search after merge:\n%s\nwant one line with %q", out, want)
	}
	var donor int64
	rawSQLite(t, path).QueryRow(`SELECT donor_id FROM gift`).Scan(&donor)
	if donor != 1 {
		t.Errorf("gift donor = %d after merge, want 1", donor)
	}
	code, _, stderr = run(t, path, "contacts", "merge", "1", "2")
	if code != 1 || !strings.Contains(stderr, "Aucun contact n'a le numéro 2") {
		t.Errorf("merge of a merged record: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, path, "contacts", "merge", "1", "4")
	if code != 1 || !strings.Contains(stderr, "ne peuvent pas être fusionnées") {
		t.Errorf("merge of a person with an organisation: exit %d, stderr %q", code, stderr)
	}
}

func TestContactsEraseCommand(t *testing.T) {
	path, db := pressOfficeDB(t)
	code, _, stderr := run(t, path, "contacts", "erase", "5")
	if code != 2 || !strings.Contains(stderr, "--yes") {
		t.Fatalf("erase without --yes: exit %d, stderr %q", code, stderr)
	}
	code, out, stderr := run(t, path, "contacts", "erase", "5", "--yes")
	if code != 0 {
		t.Fatalf("erase: exit %d, stderr %q", code, stderr)
	}
	golden(t, "contacts-erase", out)
	_, out, _ = run(t, path, "press", "export", "PQR Centre", "--format", "bcc")
	if out != "redaction@larep.fr\n" {
		t.Errorf("bcc after erasing Anne Bleu = %q, want only the outlet", out)
	}
	_, out, _ = run(t, path, "contacts", "search", "anne")
	if !strings.Contains(out, "Aucun contact ne correspond") {
		t.Errorf("erased person still found:\n%s", out)
	}

	// A donor of last year is kept, nameable, for the receipts.
	lastYear := time.Now().AddDate(-1, 0, 0)
	storetest.Gift(t, db, 3, 2000, lastYear.Format(time.DateOnly))
	_, out, _ = run(t, path, "contacts", "erase", "3", "--yes")
	until := lastYear.AddDate(6, 0, 0).Format("02/01/2006")
	if !strings.Contains(out, "Fiche 3 effacée. Son nom et une adresse postale sont gardés jusqu'au "+until) {
		t.Errorf("erase of a recent donor:\n%s\nwant the name kept until %s", out, until)
	}
}

func TestContactsConsentNoteTimelineExport(t *testing.T) {
	path, _ := pressOfficeDB(t)
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"contacts", "consent", "1", "--channel", "post", "--status", "consent", "--source", "bulletin 2026", "--date", "2026-01-15"},
			"Fiche 1 : accord aux courriers enregistré (le 15/01/2026).\n"},
		{[]string{"contacts", "consent", "3", "--channel", "email", "--status", "objection", "--date", "2026-02-01"},
			"Fiche 3 : opposition aux courriels enregistrée (le 01/02/2026).\nSes adresses électroniques sont inscrites sur la liste d'opposition.\n"},
		{[]string{"contacts", "note", "1", "--date", "2026-03-02", "--kind", "meeting", "--subject", "Visite", "Article", "prévu"},
			"Échange ajouté à l'historique de la fiche 1 (rendez-vous du 02/03/2026).\n"},
		{[]string{"contacts", "note", "1", "--date", "2026-04-10", "Relancée", "pour", "la", "fête"},
			"Échange ajouté à l'historique de la fiche 1 (note du 10/04/2026).\n"},
		{[]string{"contacts", "timeline", "1"},
			"10/04/2026  note         Relancée pour la fête\n02/03/2026  rendez-vous  Visite — Article prévu\n"},
		{[]string{"contacts", "timeline", "3"},
			"Aucun échange n'est noté pour la fiche 3. Ajoutez-en un avec « bureau contacts note 3 TEXTE ».\n"},
	}
	for _, s := range steps {
		code, out, stderr := run(t, path, s.args...)
		if code != 0 || out != s.want {
			t.Errorf("%q: exit %d, stderr %q, out\n%s\nwant\n%s", s.args, code, stderr, out, s.want)
		}
	}
	file := filepath.Join(t.TempDir(), "hélène.json")
	code, out, stderr := run(t, path, "contacts", "export-person", "1", "--out", file)
	if code != 0 || out != "Données de la fiche 1 écrites dans "+file+".\n" {
		t.Fatalf("export-person: exit %d, stderr %q, out %q", code, stderr, out)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Contact struct {
			FirstName string `json:"first_name"`
		} `json:"contact"`
		Consents     []any    `json:"consents"`
		Interactions []any    `json:"interactions"`
		Tags         []string `json:"tags"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, b)
	}
	if got.Contact.FirstName != "Hélène" || len(got.Consents) != 1 || len(got.Interactions) != 2 || len(got.Tags) != 1 {
		t.Errorf("export = %+v", got)
	}
	if st, _ := os.Stat(file); st != nil && st.Mode().Perm() != 0o600 {
		t.Errorf("export file mode = %v, want 0600 (personal data)", st.Mode().Perm())
	}
	// The objection keeps Marc Lenoir out of press exports too.
	code, _, _ = run(t, path, "press", "add", "PQR Centre", "3")
	_, out, _ = run(t, path, "press", "export", "PQR Centre", "--format", "bcc")
	if code != 0 || strings.Contains(out, "marc@") {
		t.Errorf("bcc includes a person who objected to emails: %q", out)
	}
}

func TestPressSentAndReleases(t *testing.T) {
	path, _ := pressOfficeDB(t)
	code, out, stderr := run(t, path, "press", "sent", "PQR Centre", "--subject", "Fête des jardins 2026", "--date", "2026-05-02")
	if code != 0 || out != "Communiqué « Fête des jardins 2026 » noté : envoyé le 02/05/2026 à la liste « PQR Centre » (2 destinataires).\n" {
		t.Fatalf("sent: exit %d, stderr %q, out %q", code, stderr, out)
	}
	run(t, path, "press", "sent", "pqr centre", "--subject", "Bilan de la saison", "--date", "2026-10-12")
	_, out, _ = run(t, path, "press", "releases")
	golden(t, "press-releases", out)
	code, out, _ = run(t, path, "press", "journalist", "5", "--regions", "Loiret, Cher")
	if code != 0 || !strings.Contains(out, "Régions :        Loiret, Cher") || !strings.Contains(out, "Dernier envoi :  12/10/2026") ||
		!strings.Contains(out, "Sujets :         environnement") {
		t.Errorf("journalist: exit %d\n%s", code, out)
	}
	code, _, stderr = run(t, path, "press", "export", "Radios", "--format", "bcc")
	if code != 1 || !strings.Contains(stderr, "Il n'y a pas de liste de presse « Radios »") {
		t.Errorf("unknown list: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, path, "press", "create", "pqr CENTRE")
	if code != 1 || !strings.Contains(stderr, "s'appelle déjà") {
		t.Errorf("duplicate list: exit %d, stderr %q", code, stderr)
	}
}

// rawSQLite opens the database file directly, to check what commands
// did below the services.
func rawSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPressExportCSV(t *testing.T) {
	path, _ := pressOfficeDB(t)
	file := filepath.Join(t.TempDir(), "pqr.csv")
	code, out, stderr := run(t, path, "press", "export", "PQR Centre", "--format", "csv", "--out", file)
	if code != 0 || out != "2 contacts exportés dans "+file+".\n" {
		t.Fatalf("export: exit %d, stderr %q, out %q", code, stderr, out)
	}
	if want := "1 membre de la liste n'est pas exporté"; !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want it to say %q", stderr, want)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, b)
	}
	text := string(b)
	if len(rows) != 3 || !strings.Contains(text, "anne.bleu@larep.fr") || !strings.Contains(text, "redaction@larep.fr") ||
		strings.Contains(text, "paul@radio.fr") {
		t.Errorf("CSV export has %d rows (want a header and 2), opted-out journalist must be absent:\n%s", len(rows), text)
	}
}

func TestPressExportVCard(t *testing.T) {
	path, _ := pressOfficeDB(t)
	code, out, stderr := run(t, path, "press", "export", "PQR Centre", "--format", "vcard")
	if code != 0 {
		t.Fatalf("export: exit %d, stderr %q", code, stderr)
	}
	if n := strings.Count(out, "BEGIN:VCARD"); n != 2 || !strings.Contains(out, "anne.bleu@larep.fr") ||
		!strings.Contains(out, "VERSION:3.0") || strings.Contains(out, "paul@radio.fr") {
		t.Errorf("vCard export has %d cards (want 2, without the opted-out journalist):\n%s", n, out)
	}
}
