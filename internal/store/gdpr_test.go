package store_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// The -update flag rewrites golden files; it is declared once whichever
// test file of the package declares it first.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		mustDo(t, "mkdir", os.MkdirAll("testdata", 0o755))
		mustDo(t, "write golden", os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden: %v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// richPerson creates a person with something in every section a data
// export or an erasure covers.
func richPerson(t *testing.T, db *store.DB) (contact.Contact, contact.Contact) {
	t.Helper()
	svc := contact.NewService(db)
	p := mustCreate(t, db, contact.Contact{Kind: contact.Person, Civility: "Mme", FirstName: "Hélène", LastName: "Dupont",
		Notes:  "Allergique aux abeilles",
		Emails: []contact.Email{{Address: "helene@example.org", Preferred: true}, {Address: "h.dupont@travail.fr", Label: "travail"}},
		Phones: []contact.Phone{{Number: "06 12 34 56 78", Preferred: true}},
		Addresses: []contact.Address{
			{Label: "domicile", Street: "1 rue Royale", Postcode: "45000", City: "Orléans", Country: "France", Preferred: true},
			{Label: "vacances", Street: "3 quai Nord", Postcode: "56000", City: "Vannes", Country: "France"}},
		Tags: []string{"bénévole", "presse"}})
	org := storetest.Org(t, db, "La République du Centre", contact.OrgPress)
	mustDo(t, "membership", db.AddMembership(ctx, p.ID, org.ID, "journaliste"))
	mustDo(t, "consent", svc.SetConsent(ctx, contact.Consent{ContactID: p.ID, Channel: contact.ChannelPost,
		Status: contact.StatusConsent, Date: "2025-06-01", Source: "bulletin d'adhésion 2025"}))
	mustDo(t, "interaction", svc.AddInteraction(ctx, &contact.Interaction{ContactID: p.ID, Kind: contact.InteractionMeeting,
		Date: "2026-03-02", Subject: "Visite du jardin", Body: "Article prévu en avril"}))
	mustDo(t, "journalist", svc.SetJournalist(ctx, contact.Journalist{PersonID: p.ID, Topics: "environnement", Regions: "Loiret"}))
	mustDo(t, "press list", svc.CreatePressList(ctx, &contact.PressList{Name: "PQR Centre"}))
	mustDo(t, "add", svc.AddToPressList(ctx, "PQR Centre", p.ID))
	return p, org
}

func TestExportPersonCoversEverySection(t *testing.T) {
	db := storetest.Open(t)
	p, _ := richPerson(t, db)
	storetest.Gift(t, db, p.ID, 5000, "2025-03-10")
	b, err := contact.NewService(db).ExportPerson(ctx, p.ID)
	mustDo(t, "export", err)
	goldenFile(t, "person-export.golden", b)
	for _, empty := range []string{`[]`, `null`} {
		if strings.Contains(string(b), empty) {
			t.Errorf("a section of the rich person's export is empty (%s):\n%s", empty, b)
		}
	}
	audit, _ := db.ListAudit(ctx, store.AuditFilter{Entity: "contact", EntityID: p.ID, Limit: 1})
	if len(audit) != 1 || audit[0].Action != "export_person" {
		t.Errorf("the export is not in the audit log: %+v", audit)
	}
	if _, err := contact.NewService(db).ExportPerson(ctx, 999); !errors.Is(err, apperr.ErrNotFound) || !apperr.Is(err) {
		t.Errorf("export of an unknown contact = %v, want a user not-found error", err)
	}
}

// count runs a count query on the raw connection.
func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := rawOpen(t, db.Path()).QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestEraseKeepsWhatReceiptsNeed(t *testing.T) {
	db := storetest.Open(t) // today is 2026-11-21
	svc := contact.NewService(db)
	p, org := richPerson(t, db)
	storetest.Gift(t, db, p.ID, 5000, "2025-03-10")

	e, err := svc.Erase(ctx, p.ID)
	mustDo(t, "erase", err)
	if want := (contact.Erasure{Retained: true, RetainUntil: "2031-03-10"}); e != want {
		t.Errorf("Erase = %+v, want %+v", e, want)
	}
	var first, last, notes, erased, until string
	mustDo(t, "read", rawOpen(t, db.Path()).QueryRow(`SELECT first_name, last_name, notes, coalesce(erased_at, ''), coalesce(retain_until, '')
		FROM contact WHERE id = ?`, p.ID).Scan(&first, &last, &notes, &erased, &until))
	if first != "Hélène" || last != "Dupont" || notes != "" || erased == "" || until != "2031-03-10" {
		t.Errorf("erased record = %q %q notes %q erased %q until %q; want the name kept, notes gone, retained until 2031-03-10",
			first, last, notes, erased, until)
	}
	kept := []struct {
		what  string
		query string
		want  int
	}{
		{"preferred address", `SELECT count(*) FROM contact_address WHERE contact_id = ? AND city = 'Orléans'`, 1},
		{"other addresses", `SELECT count(*) FROM contact_address WHERE contact_id = ? AND city <> 'Orléans'`, 0},
		{"gifts", `SELECT count(*) FROM gift WHERE donor_id = ?`, 1},
		{"emails", `SELECT count(*) FROM contact_email WHERE contact_id = ?`, 0},
		{"phones", `SELECT count(*) FROM contact_phone WHERE contact_id = ?`, 0},
		{"tags", `SELECT count(*) FROM contact_tag WHERE contact_id = ?`, 0},
		{"interactions", `SELECT count(*) FROM interaction WHERE contact_id = ?`, 0},
		{"consents", `SELECT count(*) FROM consent WHERE contact_id = ?`, 0},
		{"memberships", `SELECT count(*) FROM membership WHERE person_id = ?`, 0},
		{"press lists", `SELECT count(*) FROM press_list_member WHERE contact_id = ?`, 0},
		{"journalist", `SELECT count(*) FROM journalist WHERE person_id = ?`, 0},
		{"search", `SELECT count(*) FROM contact_fts WHERE rowid = ?`, 0},
	}
	for _, k := range kept {
		if n := count(t, db, k.query, p.ID); n != k.want {
			t.Errorf("%s: %d rows, want %d", k.what, n, k.want)
		}
	}
	assertGone(t, db, p.ID, "helene@example.org", "h.dupont@travail.fr")
	// The organisation's own record is untouched and no longer lists her.
	if _, err := db.GetContact(ctx, org.ID); err != nil {
		t.Errorf("organisation: %v", err)
	}
	audit, _ := db.ListAudit(ctx, store.AuditFilter{Entity: "contact", EntityID: p.ID, Limit: 1})
	if len(audit) != 1 || audit[0].Action != "erase" {
		t.Fatalf("audit = %+v", audit)
	}
	for _, personal := range []string{"Hélène", "Dupont", "helene", "Orléans"} {
		if strings.Contains(audit[0].Details, personal) {
			t.Errorf("the erase audit entry holds %q: %s", personal, audit[0].Details)
		}
	}
	if _, err := svc.Erase(ctx, p.ID); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("second erase = %v, want not found", err)
	}

	// Six years after the last gift, the retained record is anonymised.
	db.Now = func() time.Time { return time.Date(2031, 3, 11, 9, 0, 0, 0, time.UTC) }
	n, err := svc.PurgeRetained(ctx)
	mustDo(t, "purge", err)
	if n != 1 || count(t, db, `SELECT count(*) FROM contact WHERE id = ? AND first_name = 'Personne effacée' AND last_name = '' AND retain_until IS NULL`, p.ID) != 1 ||
		count(t, db, `SELECT count(*) FROM contact_address WHERE contact_id = ?`, p.ID) != 0 {
		t.Errorf("purge anonymised %d record(s); the retained record is not anonymised", n)
	}
}

// assertGone checks that an erased contact is out of every list and
// search and that its emails are on the objection list.
func assertGone(t *testing.T, db *store.DB, id int64, emails ...string) {
	t.Helper()
	if _, err := db.GetContact(ctx, id); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("GetContact of an erased contact = %v, want not found", err)
	}
	for _, q := range []string{"", "helene", "orleans", "Personne effacée"} {
		rows, err := db.ListContacts(ctx, contact.Filter{Query: q})
		mustDo(t, "list", err)
		for _, r := range rows {
			if r.ID == id {
				t.Errorf("ListContacts(%q) still shows the erased contact", q)
			}
		}
	}
	for _, e := range emails {
		if ok, err := db.IsObjected(ctx, e); err != nil || !ok {
			t.Errorf("IsObjected(%q) = %v, %v after erasure, want true", e, ok, err)
		}
	}
}

func TestEraseWithoutRecentGiftsAnonymises(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	p, _ := richPerson(t, db)
	g := storetest.Gift(t, db, p.ID, 3000, "2019-05-04")
	raw := rawOpen(t, db.Path())
	if _, err := raw.Exec(`UPDATE gift SET note = 'remis en main propre', cheque_number = '1234567' WHERE id = ?`, g.ID); err != nil {
		t.Fatal(err)
	}
	e, err := svc.Erase(ctx, p.ID)
	mustDo(t, "erase", err)
	if e.Retained {
		t.Errorf("Erase = %+v, want a full anonymisation (last gift more than 6 years ago)", e)
	}
	if n := count(t, db, `SELECT count(*) FROM contact WHERE id = ? AND first_name = 'Personne effacée' AND last_name = ''
		AND civility = '' AND notes = '' AND erased_at IS NOT NULL AND retain_until IS NULL`, p.ID); n != 1 {
		t.Error("the contact is not anonymised")
	}
	if n := count(t, db, `SELECT count(*) FROM contact_address WHERE contact_id = ?`, p.ID); n != 0 {
		t.Errorf("%d addresses left", n)
	}
	if n := count(t, db, `SELECT count(*) FROM gift WHERE id = ? AND donor_id = ? AND amount_cents = 3000 AND note = '' AND cheque_number = ''`, g.ID, p.ID); n != 1 {
		t.Error("the gift row is not kept, anonymised, for the accounts")
	}
	assertGone(t, db, p.ID, "helene@example.org", "h.dupont@travail.fr")

	// A re-import brings the address back into the contacts: importers and
	// mailings ask IsObjected and leave it out.
	again := storetest.Person(t, db, "Hélène", "Dupont", " Helene@Example.org", "45000", "Orléans")
	if ok, _ := db.IsObjected(ctx, again.PreferredEmail()); !ok {
		t.Error("the re-imported address is not reported as objected")
	}
}

func TestEraseWithoutGifts(t *testing.T) {
	db := storetest.Open(t)
	p := storetest.Person(t, db, "Marc", "Lenoir", "marc@example.org", "37000", "Tours")
	e, err := contact.NewService(db).Erase(ctx, p.ID)
	mustDo(t, "erase", err)
	if e.Retained {
		t.Errorf("Erase = %+v, want anonymised", e)
	}
	assertGone(t, db, p.ID, "marc@example.org")
}

func TestConsentObjectionFeedsTheObjectionList(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	p := storetest.Person(t, db, "Marc", "Lenoir", "marc@example.org", "37000", "Tours")
	steps := []struct {
		status contact.ConsentStatus
		want   bool
	}{
		{contact.StatusObjection, true},
		{contact.StatusConsent, false},
	}
	for _, s := range steps {
		mustDo(t, "consent", svc.SetConsent(ctx, contact.Consent{ContactID: p.ID, Channel: contact.ChannelEmail, Status: s.status, Date: "2026-11-01", Source: "courriel"}))
		if ok, _ := db.IsObjected(ctx, "MARC@example.org"); ok != s.want {
			t.Errorf("after %s: IsObjected = %v, want %v", s.status, ok, s.want)
		}
	}
	cs, err := svc.Consents(ctx, p.ID)
	mustDo(t, "consents", err)
	if len(cs) != 1 || cs[0].Status != contact.StatusConsent || cs[0].Source != "courriel" {
		t.Errorf("consents = %+v, want one email consent", cs)
	}
	err = svc.SetConsent(ctx, contact.Consent{ContactID: 999, Channel: contact.ChannelEmail, Status: contact.StatusConsent, Date: "2026-11-01"})
	if !errors.Is(err, apperr.ErrNotFound) || !apperr.Is(err) {
		t.Errorf("consent of an unknown contact = %v", err)
	}
}

func TestTimelineNewestFirst(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	p := storetest.Person(t, db, "Marc", "Lenoir", "", "", "")
	for _, d := range []string{"2026-01-05", "2026-03-01", "2025-12-24"} {
		mustDo(t, "add", svc.AddInteraction(ctx, &contact.Interaction{ContactID: p.ID, Kind: contact.InteractionNote, Date: d, Body: "note du " + d}))
	}
	tl, err := svc.Timeline(ctx, p.ID)
	mustDo(t, "timeline", err)
	var got []string
	for _, i := range tl {
		got = append(got, i.Date)
	}
	if strings.Join(got, " ") != "2026-03-01 2026-01-05 2025-12-24" {
		t.Errorf("timeline dates = %v, want newest first", got)
	}
	if err := svc.AddInteraction(ctx, &contact.Interaction{ContactID: 999, Kind: contact.InteractionNote, Date: "2026-01-01", Body: "x"}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("interaction on an unknown contact = %v", err)
	}
}
