package store_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// mustCreate saves c and returns it with its ID.
func mustCreate(t *testing.T, db *store.DB, c contact.Contact) contact.Contact {
	t.Helper()
	if err := db.CreateContact(ctx, &c); err != nil {
		t.Fatalf("create %s: %v", c.DisplayName(), err)
	}
	return c
}

func mustDo(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func TestMergeMovesEveryLink(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	keep := mustCreate(t, db, contact.Contact{Kind: contact.Person, FirstName: "Helene", LastName: "Dupont",
		Emails:    []contact.Email{{Address: "helene@example.org", Preferred: true}},
		Addresses: []contact.Address{{Street: "1 rue Royale", Postcode: "45000", City: "Orléans", Preferred: true}},
		Tags:      []string{"bénévole"}})
	other := mustCreate(t, db, contact.Contact{Kind: contact.Person, Civility: "Mme", FirstName: "Hélène", LastName: "Dupont",
		Emails:    []contact.Email{{Address: "h.dupont@travail.fr", Preferred: true}},
		Phones:    []contact.Phone{{Number: "06 12 34 56 78"}},
		Addresses: []contact.Address{{Street: "1 rue Royale", Postcode: "45000", City: "Orléans", Preferred: true}},
		Tags:      []string{"Bénévole", "donatrice"}, Notes: "Préfère le courrier"})
	jardins := storetest.Org(t, db, "Jardins du Loiret", contact.OrgAssociation)
	amap := storetest.Org(t, db, "AMAP de Tours", contact.OrgAssociation)
	mustDo(t, "membership", db.AddMembership(ctx, keep.ID, jardins.ID, "trésorière"))
	mustDo(t, "membership", db.AddMembership(ctx, other.ID, jardins.ID, "trésorière")) // the same link twice
	mustDo(t, "membership", db.AddMembership(ctx, other.ID, amap.ID, "bénévole"))
	gift := storetest.Gift(t, db, other.ID, 5000, "2025-03-10")
	mustDo(t, "interaction", svc.AddInteraction(ctx, &contact.Interaction{ContactID: other.ID, Kind: contact.InteractionCall, Date: "2026-02-01", Subject: "Appel"}))
	for _, name := range []string{"PQR Centre", "Radios"} {
		mustDo(t, "press list", svc.CreatePressList(ctx, &contact.PressList{Name: name}))
	}
	mustDo(t, "add", db.AddToPressList(ctx, "PQR Centre", keep.ID, other.ID))
	mustDo(t, "add", db.AddToPressList(ctx, "Radios", other.ID))
	mustDo(t, "journalist", db.SetJournalist(ctx, contact.Journalist{PersonID: keep.ID, Topics: "jardins"}))
	mustDo(t, "journalist", db.SetJournalist(ctx, contact.Journalist{PersonID: other.ID, Topics: "alimentation", OptOut: true}))
	mustDo(t, "consent", db.SetConsent(ctx, contact.Consent{ContactID: keep.ID, Channel: contact.ChannelPost, Status: contact.StatusConsent, Date: "2025-01-01"}))
	mustDo(t, "consent", db.SetConsent(ctx, contact.Consent{ContactID: other.ID, Channel: contact.ChannelPost, Status: contact.StatusObjection, Date: "2024-01-01"}))
	mustDo(t, "consent", db.SetConsent(ctx, contact.Consent{ContactID: other.ID, Channel: contact.ChannelPhone, Status: contact.StatusConsent, Date: "2024-01-01"}))

	// A table that no migration knows, created the way a later migration
	// would: the merge must move its rows too.
	raw := rawOpen(t, db.Path())
	if _, err := raw.Exec(`CREATE TABLE future_link (id INTEGER PRIMARY KEY,
		who INTEGER NOT NULL REFERENCES contact (id), what TEXT NOT NULL) STRICT`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO future_link (who, what) VALUES (?, 'reçu 2025-001')`, other.ID); err != nil {
		t.Fatal(err)
	}

	diffs, _, err := svc.MergePreview(ctx, keep.ID, other.ID, nil)
	mustDo(t, "preview", err)
	wantDiffs := []contact.FieldDiff{{Field: "civility", Keep: "", Other: "Mme"}, {Field: "first_name", Keep: "Helene", Other: "Hélène"}}
	if !reflect.DeepEqual(diffs, wantDiffs) {
		t.Errorf("preview = %v, want %v", diffs, wantDiffs)
	}
	if _, err := svc.Merge(ctx, keep.ID, other.ID, map[string]bool{"first_name": true}); err != nil {
		t.Fatalf("merge: %v", err)
	}

	if _, err := db.GetContact(ctx, other.ID); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("merged record still readable: %v", err)
	}
	got, err := db.GetContact(ctx, keep.ID)
	mustDo(t, "get", err)
	if got.FirstName != "Hélène" || got.Civility != "Mme" || got.Notes != "Préfère le courrier" {
		t.Errorf("kept record = %q %q notes %q", got.Civility, got.FirstName, got.Notes)
	}
	if len(got.Emails) != 2 || len(got.Phones) != 1 || len(got.Addresses) != 1 {
		t.Errorf("kept record has %d emails, %d phones, %d addresses; want 2, 1, 1", len(got.Emails), len(got.Phones), len(got.Addresses))
	}
	if !reflect.DeepEqual(got.Tags, []string{"bénévole", "donatrice"}) {
		t.Errorf("tags = %v", got.Tags)
	}
	counts := []struct {
		query string
		want  int
	}{
		{`SELECT count(*) FROM gift WHERE id = ? AND donor_id = ?`, 1},
		{`SELECT count(*) FROM future_link WHERE ? > 0 AND who = ?`, 1},
		{`SELECT count(*) FROM membership WHERE ? > 0 AND person_id = ?`, 2},
		{`SELECT count(*) FROM interaction WHERE ? > 0 AND contact_id = ?`, 1},
		{`SELECT count(*) FROM press_list_member WHERE ? > 0 AND contact_id = ?`, 2},
		{`SELECT count(*) FROM journalist WHERE ? > 0 AND person_id = ? AND opt_out = 1 AND topics = 'jardins, alimentation'`, 1},
		{`SELECT count(*) FROM consent WHERE ? > 0 AND contact_id = ? AND channel = 'post' AND status = 'objection'`, 1},
		{`SELECT count(*) FROM consent WHERE ? > 0 AND contact_id = ?`, 2},
	}
	for _, c := range counts {
		var n int
		if err := raw.QueryRow(c.query, gift.ID, keep.ID).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if n != c.want {
			t.Errorf("%s = %d, want %d", c.query, n, c.want)
		}
	}
	var left int
	raw.QueryRow(`SELECT (SELECT count(*) FROM membership WHERE person_id = ?1) + (SELECT count(*) FROM future_link WHERE who = ?1)
		+ (SELECT count(*) FROM contact_fts WHERE rowid = ?1)`, other.ID).Scan(&left)
	if left != 0 {
		t.Errorf("%d rows still point to the merged record", left)
	}
	rows, err := db.ListContacts(ctx, contact.Filter{Query: "travail amap"})
	mustDo(t, "search", err)
	if len(rows) != 1 || rows[0].ID != keep.ID {
		t.Errorf("search by the merged record's email and organisation = %v, want the kept record", rows)
	}
	audit, err := db.ListAudit(ctx, store.AuditFilter{Entity: "contact", EntityID: keep.ID, Limit: 1})
	mustDo(t, "audit", err)
	if len(audit) != 1 || audit[0].Action != "merge" ||
		!strings.Contains(audit[0].Details, `"merged_id":`) || !strings.Contains(audit[0].Details, `{"field":"first_name","from_other":true}`) ||
		!strings.Contains(audit[0].Details, `"future_link.who":1`) {
		t.Errorf("audit = %+v", audit)
	}
	if strings.Contains(audit[0].Details, "Hélène") {
		t.Errorf("the merge audit entry holds personal data: %s", audit[0].Details)
	}
}

func TestMergeCollisionIsReportedAndNothingChanges(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	a := storetest.Org(t, db, "Boulangerie Martin", contact.OrgCompany)
	b := storetest.Org(t, db, "Boulangerie MARTIN SARL", contact.OrgCompany)
	gift := storetest.Gift(t, db, b.ID, 20000, "2026-01-15")
	raw := rawOpen(t, db.Path())
	// One case per organisation and year, like sponsorship cases.
	if _, err := raw.Exec(`CREATE TABLE yearly_case (id INTEGER PRIMARY KEY,
		organisation_id INTEGER NOT NULL REFERENCES contact (id), year INTEGER NOT NULL,
		UNIQUE (organisation_id, year)) STRICT`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO yearly_case (organisation_id, year) VALUES (?, 2026), (?, 2026)`, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Merge(ctx, a.ID, b.ID, nil)
	if !errors.Is(err, apperr.ErrConflict) || !strings.Contains(apperr.Message(err), "yearly_case") ||
		!strings.Contains(apperr.Message(err), "Rien n'a été fusionné") {
		t.Fatalf("merge = %v, want a conflict naming the table", err)
	}
	if _, err := db.GetContact(ctx, b.ID); err != nil {
		t.Errorf("the other record is gone after a refused merge: %v", err)
	}
	var donor int64
	raw.QueryRow(`SELECT donor_id FROM gift WHERE id = ?`, gift.ID).Scan(&donor)
	if donor != b.ID {
		t.Errorf("gift moved to %d by a refused merge, want it still on %d", donor, b.ID)
	}
}

func TestMergeRefusals(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	p := storetest.Person(t, db, "Jean", "Petit", "", "", "")
	o := storetest.Org(t, db, "Mairie", contact.OrgPublicFunder)
	tests := []struct {
		name        string
		keep, other int64
		take        map[string]bool
		kind        error
	}{
		{"person and organisation", p.ID, o.ID, nil, apperr.ErrInvalid},
		{"itself", p.ID, p.ID, nil, apperr.ErrInvalid},
		{"unknown contact", p.ID, 9999, nil, apperr.ErrNotFound},
	}
	for _, tt := range tests {
		_, err := svc.Merge(ctx, tt.keep, tt.other, tt.take)
		if !errors.Is(err, tt.kind) || !apperr.Is(err) {
			t.Errorf("%s: Merge = %v, want a user error of kind %v", tt.name, err, tt.kind)
		}
	}
}

func TestMergeSponsorshipCasesOfTheSameYearCollide(t *testing.T) {
	db := storetest.Open(t)
	cases := sponsor.NewService(db, func() time.Time { return storetest.Clock })
	a := storetest.Org(t, db, "Transports Ligériens", contact.OrgCompany)
	b := storetest.Org(t, db, "Transports Ligeriens SA", contact.OrgCompany)
	for _, org := range []int64{a.ID, b.ID} {
		mustDo(t, "case", cases.Create(ctx, &sponsor.Case{OrgID: org, Year: 2026, Stage: sponsor.Prospect}))
	}
	mustDo(t, "case", cases.Create(ctx, &sponsor.Case{OrgID: b.ID, Year: 2027, Stage: sponsor.Prospect}))
	_, err := contact.NewService(db).Merge(ctx, a.ID, b.ID, nil)
	if !errors.Is(err, apperr.ErrConflict) || !strings.Contains(apperr.Message(err), "dossiers de mécénat") {
		t.Fatalf("merge = %v, want a conflict about sponsorship cases", err)
	}
	if n := count(t, db, `SELECT count(*) FROM sponsorship_case WHERE organisation_id = ?`, b.ID); n != 2 {
		t.Errorf("the other organisation has %d cases after a refused merge, want 2", n)
	}
}
