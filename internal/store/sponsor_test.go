package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// sponsorCase saves a case of org for year at stage, failing the test on
// error.
func sponsorCase(t *testing.T, db *store.DB, org contact.Contact, year int, stage sponsor.Stage, cps ...sponsor.Counterpart) sponsor.Case {
	t.Helper()
	c := sponsor.Case{OrgID: org.ID, Year: year, Stage: stage, Expected: 10_000_00, Probability: 50, Counterparts: cps}
	if err := db.CreateSponsorCase(ctx, &c); err != nil {
		t.Fatalf("create case %s %d: %v", org.OrgName, year, err)
	}
	return c
}

func TestSponsorCaseRoundTrip(t *testing.T) {
	db := storetest.Open(t)
	org := storetest.Org(t, db, "Transports Ligériens", contact.OrgCompany)
	in := sponsor.Case{
		OrgID: org.ID, Year: 2026, Stage: sponsor.Agreed, Expected: 10_000_00, Probability: 90,
		NextAction: "Envoyer le bilan des jardins", NextActionDate: "2026-12-15",
		ConventionStart: "2026-01-01", ConventionEnd: "2026-12-31", Notes: "Signée par la DRH.",
		Counterparts: []sponsor.Counterpart{
			{Item: "Logo sur les panneaux des jardins", Value: 500_00},
			{Item: "Visite pour les salariés", Value: 0, Delivered: true, DeliveredOn: "2026-06-12"},
		},
	}
	if err := db.CreateSponsorCase(ctx, &in); err != nil {
		t.Fatal(err)
	}
	if in.ID == 0 || in.OrgName != "Transports Ligériens" || !in.CreatedAt.Equal(storetest.Clock) {
		t.Errorf("after create: id %d, org %q, created %v", in.ID, in.OrgName, in.CreatedAt)
	}
	got, err := db.GetSponsorCase(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.Counterparts = []sponsor.Counterpart{
		{ID: in.Counterparts[0].ID, Item: "Logo sur les panneaux des jardins", Value: 500_00, Promised: true},
		{ID: in.Counterparts[1].ID, Item: "Visite pour les salariés", Promised: true, Delivered: true, DeliveredOn: "2026-06-12"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GetSponsorCase =\n%+v\nwant\n%+v", got, want)
	}

	got.Stage, got.Probability, got.NextAction, got.NextActionDate = sponsor.Renewed, 100, "", ""
	if err := db.UpdateSponsorCase(ctx, &got); err != nil {
		t.Fatal(err)
	}
	again, _ := db.GetSponsorCase(ctx, in.ID)
	if again.Stage != sponsor.Renewed || again.Probability != 100 || again.NextActionDate != "" || len(again.Counterparts) != 2 {
		t.Errorf("after update: %+v", again)
	}
}

func TestListSponsorCases(t *testing.T) {
	db := storetest.Open(t)
	zeta := storetest.Org(t, db, "Zeta Conseil", contact.OrgCompany)
	alpha := storetest.Org(t, db, "Épicerie Alpha", contact.OrgCompany) // sorts as "epicerie"
	fond := storetest.Org(t, db, "Fondation du Val", contact.OrgFoundation)
	sponsorCase(t, db, zeta, 2026, sponsor.Prospect)
	sponsorCase(t, db, alpha, 2026, sponsor.Agreed, sponsor.Counterpart{Item: "Logo", Value: 100_00})
	sponsorCase(t, db, alpha, 2025, sponsor.Agreed, sponsor.Counterpart{Item: "Places", Value: 50_00},
		sponsor.Counterpart{Item: "Article", Value: 20_00})
	sponsorCase(t, db, fond, 2026, sponsor.Declined)

	tests := []struct {
		name   string
		filter sponsor.Filter
		want   []string
	}{
		{"all, newest year first then by name", sponsor.Filter{},
			[]string{"Épicerie Alpha 2026", "Fondation du Val 2026", "Zeta Conseil 2026", "Épicerie Alpha 2025"}},
		{"year", sponsor.Filter{Year: 2025}, []string{"Épicerie Alpha 2025"}},
		{"stage", sponsor.Filter{Stage: sponsor.Agreed}, []string{"Épicerie Alpha 2026", "Épicerie Alpha 2025"}},
		{"organisation", sponsor.Filter{OrgID: zeta.ID}, []string{"Zeta Conseil 2026"}},
		{"year and stage", sponsor.Filter{Year: 2026, Stage: sponsor.Declined}, []string{"Fondation du Val 2026"}},
		{"nothing", sponsor.Filter{Year: 2030}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cases, err := db.ListSponsorCases(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cases {
				got = append(got, fmt.Sprintf("%s %d", c.OrgName, c.Year))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ListSponsorCases(%+v) = %q, want %q", tt.filter, got, tt.want)
			}
		})
	}
	// Each case gets its own counterparts.
	cases, _ := db.ListSponsorCases(ctx, sponsor.Filter{OrgID: alpha.ID})
	if len(cases) != 2 || cases[0].CounterpartTotal() != 100_00 || cases[1].CounterpartTotal() != 70_00 {
		t.Errorf("counterparts per case: %+v", cases)
	}
}

func TestSponsorCaseOnePerOrganisationAndYear(t *testing.T) {
	db := storetest.Open(t)
	org := storetest.Org(t, db, "Boulangerie Martin", contact.OrgCompany)
	first := sponsorCase(t, db, org, 2026, sponsor.Prospect)
	other := sponsorCase(t, db, org, 2027, sponsor.Prospect)

	second := sponsor.Case{OrgID: org.ID, Year: 2026, Stage: sponsor.Contacted}
	err := db.CreateSponsorCase(ctx, &second)
	checkConflict(t, "create", err)

	other.Year = 2026 // moving the 2027 case onto 2026 collides too
	checkConflict(t, "update", db.UpdateSponsorCase(ctx, &other))

	// Nothing of the refused writes was kept.
	cases, _ := db.ListSponsorCases(ctx, sponsor.Filter{OrgID: org.ID})
	if len(cases) != 2 || cases[1].ID != first.ID || cases[1].Stage != sponsor.Prospect || cases[0].Year != 2027 {
		t.Errorf("after refused writes: %+v", cases)
	}
}

func checkConflict(t *testing.T, op string, err error) {
	t.Helper()
	if !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("%s a second case for 2026 = %v, want ErrConflict", op, err)
	}
	msg := apperr.Message(err)
	for _, want := range []string{"Boulangerie Martin", "2026", "déjà un dossier", "Ouvrez ce dossier"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%s: message %q, want it to contain %q", op, msg, want)
		}
	}
}

func TestSponsorCaseRefusesBadReferences(t *testing.T) {
	db := storetest.Open(t)
	person := storetest.Person(t, db, "Hélène", "Dupont", "", "", "")
	org := storetest.Org(t, db, "Fondation du Val", contact.OrgFoundation)
	c := sponsorCase(t, db, org, 2026, sponsor.Prospect)

	tests := []struct {
		name string
		err  error
		kind error
		want string
	}{
		{"a person as sponsor", db.CreateSponsorCase(ctx, &sponsor.Case{OrgID: person.ID, Year: 2026, Stage: sponsor.Prospect}),
			apperr.ErrInvalid, "pas à une personne"},
		{"unknown organisation", db.CreateSponsorCase(ctx, &sponsor.Case{OrgID: 4242, Year: 2026, Stage: sponsor.Prospect}),
			apperr.ErrNotFound, "n° 4242 n'existe pas"},
		{"update unknown case", db.UpdateSponsorCase(ctx, &sponsor.Case{ID: 999, OrgID: org.ID, Year: 2026, Stage: sponsor.Prospect}),
			apperr.ErrNotFound, "dossier de mécénat n° 999"},
		{"get unknown case", func() error { _, err := db.GetSponsorCase(ctx, 999); return err }(),
			apperr.ErrNotFound, "dossier de mécénat n° 999"},
		{"counterpart of unknown case", db.AddCounterpart(ctx, 999, &sponsor.Counterpart{Item: "Logo"}),
			apperr.ErrNotFound, "dossier de mécénat n° 999"},
		{"deliver unknown counterpart", db.MarkCounterpartDelivered(ctx, 999, "2026-05-01"),
			apperr.ErrNotFound, "contrepartie n° 999"},
		{"update with a person", db.UpdateSponsorCase(ctx, &sponsor.Case{ID: c.ID, OrgID: person.ID, Year: 2026, Stage: sponsor.Prospect}),
			apperr.ErrInvalid, "pas à une personne"},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, tt.kind) || !strings.Contains(apperr.Message(tt.err), tt.want) {
			t.Errorf("%s: %v, want %v mentioning %q", tt.name, tt.err, tt.kind, tt.want)
		}
	}
}

func TestSponsorAudit(t *testing.T) {
	db := storetest.Open(t)
	org := storetest.Org(t, db, "Imprimerie Rabelais", contact.OrgCompany)
	c := sponsorCase(t, db, org, 2026, sponsor.Meeting, sponsor.Counterpart{Item: "Logo", Value: 100_00})
	c.Stage = sponsor.ProposalSent
	if err := db.UpdateSponsorCase(ctx, &c); err != nil {
		t.Fatal(err)
	}
	cp := sponsor.Counterpart{Item: "Places au concert", Value: 80_00}
	if err := db.AddCounterpart(ctx, c.ID, &cp); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkCounterpartDelivered(ctx, cp.ID, "2026-09-30"); err != nil {
		t.Fatal(err)
	}

	cases, _ := db.ListAudit(ctx, store.AuditFilter{Entity: "sponsorship_case", EntityID: c.ID})
	if len(cases) != 2 || cases[0].Action != "update" || cases[1].Action != "create" ||
		!strings.Contains(cases[0].Details, `"stage":"proposal_sent"`) ||
		!strings.Contains(cases[1].Details, `"counterparts":1`) {
		t.Errorf("case audit = %+v", cases)
	}
	cps, _ := db.ListAudit(ctx, store.AuditFilter{Entity: "counterpart", EntityID: cp.ID})
	if len(cps) != 2 || cps[0].Action != "deliver" || cps[1].Action != "create" ||
		!strings.Contains(cps[0].Details, `"delivered_on":"2026-09-30"`) {
		t.Errorf("counterpart audit = %+v", cps)
	}
	got, _ := db.GetSponsorCase(ctx, c.ID)
	if len(got.Counterparts) != 2 || !got.Counterparts[1].Delivered || got.Counterparts[1].DeliveredOn != "2026-09-30" {
		t.Errorf("after delivery: %+v", got.Counterparts)
	}
}

func TestCounterpartsCascade(t *testing.T) {
	db := storetest.Open(t)
	org := storetest.Org(t, db, "Menuiserie Girard", contact.OrgCompany)
	c := sponsorCase(t, db, org, 2026, sponsor.Agreed,
		sponsor.Counterpart{Item: "Logo", Value: 100_00}, sponsor.Counterpart{Item: "Article", Value: 0})
	keep := sponsorCase(t, db, org, 2027, sponsor.Prospect, sponsor.Counterpart{Item: "Logo", Value: 100_00})

	// Bureau never deletes a case; a repair by hand must not leave orphans.
	raw := rawOpen(t, db.Path())
	if _, err := raw.Exec(`DELETE FROM sponsorship_case WHERE id = ?`, c.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	raw.QueryRow(`SELECT count(*) FROM counterpart WHERE case_id = ?`, c.ID).Scan(&n)
	if n != 0 {
		t.Errorf("%d counterparts left after their case was deleted", n)
	}
	raw.QueryRow(`SELECT count(*) FROM counterpart WHERE case_id = ?`, keep.ID).Scan(&n)
	if n != 1 {
		t.Errorf("the other case has %d counterparts, want 1", n)
	}
	// The organisation cannot be deleted while it has a case.
	if _, err := raw.Exec(`DELETE FROM contact WHERE id = ?`, org.ID); err == nil {
		t.Error("deleting an organisation with a sponsorship case was accepted")
	}
}

// TestSponsorSchemaChecks checks that the database itself refuses what
// Validate refuses, for writes that bypass the service.
func TestSponsorSchemaChecks(t *testing.T) {
	db := storetest.Open(t)
	org := storetest.Org(t, db, "Zeta Conseil", contact.OrgCompany)
	raw := rawOpen(t, db.Path())
	insert := `INSERT INTO sponsorship_case (organisation_id, year, stage, expected_cents, probability,
		next_action_date, convention_start, convention_end, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')`
	tests := []struct {
		name string
		args []any
		ok   bool
	}{
		{"valid", []any{org.ID, 2026, "agreed", 100, 50, "2026-01-02", "2026-01-01", "2026-12-31"}, true},
		{"unknown stage", []any{org.ID, 2027, "won", 100, 50, "", "", ""}, false},
		{"negative expected", []any{org.ID, 2027, "prospect", -1, 50, "", "", ""}, false},
		{"probability 101", []any{org.ID, 2027, "prospect", 0, 101, "", "", ""}, false},
		{"year 1999", []any{org.ID, 1999, "prospect", 0, 0, "", "", ""}, false},
		{"French date", []any{org.ID, 2027, "prospect", 0, 0, "02/01/2027", "", ""}, false},
		{"30 February", []any{org.ID, 2027, "prospect", 0, 0, "", "2027-02-30", ""}, false},
		{"end before start", []any{org.ID, 2027, "prospect", 0, 0, "", "2027-06-01", "2027-05-31"}, false},
		{"unknown organisation", []any{4242, 2027, "prospect", 0, 0, "", "", ""}, false},
	}
	for _, tt := range tests {
		_, err := raw.Exec(insert, tt.args...)
		if (err == nil) != tt.ok {
			t.Errorf("%s: insert error %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
	var caseID int64
	raw.QueryRow(`SELECT id FROM sponsorship_case`).Scan(&caseID)
	for _, q := range []string{
		`INSERT INTO counterpart (case_id, item, value_cents, created_at) VALUES (?, '', 0, 'x')`,
		`INSERT INTO counterpart (case_id, item, value_cents, created_at) VALUES (?, 'Logo', -1, 'x')`,
		`INSERT INTO counterpart (case_id, item, value_cents, delivered, delivered_on, created_at) VALUES (?, 'Logo', 0, 0, '2026-01-01', 'x')`,
		`INSERT INTO counterpart (case_id, item, value_cents, delivered, delivered_on, created_at) VALUES (?, 'Logo', 0, 1, '2026-1-1', 'x')`,
	} {
		if _, err := raw.Exec(q, caseID); err == nil {
			t.Errorf("accepted: %s", q)
		}
	}
}

func TestOrganisationGiftTotal(t *testing.T) {
	db := storetest.Open(t)
	org := storetest.Org(t, db, "Crédit Coopératif de Touraine", contact.OrgCompany)
	other := storetest.Org(t, db, "Ligéria Énergies", contact.OrgCompany)
	storetest.Gift(t, db, org.ID, 10_000_00, "2026-01-01")
	storetest.Gift(t, db, org.ID, 5_000_00, "2026-12-31")
	storetest.Gift(t, db, org.ID, 1_000_00, "2025-12-31")
	storetest.Gift(t, db, org.ID, 2_000_00, "2027-01-01")
	storetest.Gift(t, db, other.ID, 7_000_00, "2026-06-01")
	fee := donation.Gift{DonorID: org.ID, Amount: 150_00, DateReceived: "2026-03-01",
		Method: donation.Transfer, Membership: true}
	if err := db.CreateGift(ctx, &fee); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		org  int64
		year int
		want money.Cents
	}{
		{org.ID, 2026, 15_000_00}, // first and last day included, the fee left out
		{org.ID, 2025, 1_000_00},
		{org.ID, 2024, 0},
		{other.ID, 2026, 7_000_00},
	}
	for _, tt := range tests {
		got, err := db.OrganisationGiftTotal(ctx, tt.org, tt.year)
		if err != nil || got != tt.want {
			t.Errorf("OrganisationGiftTotal(%d, %d) = %d, %v, want %d", tt.org, tt.year, got, err, tt.want)
		}
	}
}
