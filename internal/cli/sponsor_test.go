package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// sponsorsDB returns the path of a database holding a sponsorship
// pipeline seen on 21 November 2026: overdue actions, a convention to
// renew, one whose renewal is already opened, counterparts above 25 % of
// the gift received and of the amount expected.
func sponsorsDB(t *testing.T) string {
	t.Helper()
	db := storetest.Open(t)
	s := sponsor.NewService(db, func() time.Time { return storetest.Clock })
	ctx := context.Background()
	add := func(name string, kind contact.OrgKind, cases ...sponsor.Case) contact.Contact {
		org := storetest.Org(t, db, name, kind)
		for _, c := range cases {
			c.OrgID = org.ID
			if err := s.Create(ctx, &c); err != nil {
				t.Fatalf("case %s %d: %v", name, c.Year, err)
			}
		}
		return org
	}
	tl := add("Transports Ligériens", contact.OrgCompany, sponsor.Case{
		Year: 2026, Stage: sponsor.Agreed, Expected: 10_000_00, Probability: 100,
		NextAction: "Envoyer le bilan des jardins", NextActionDate: "2026-11-15",
		ConventionStart: "2026-01-01", ConventionEnd: "2026-12-31",
		Counterparts: []sponsor.Counterpart{
			{Item: "Logo sur les panneaux des jardins", Value: 2_000_00, Delivered: true, DeliveredOn: "2026-04-02"},
			{Item: "Dix places au dîner de gala", Value: 800_00},
		}})
	storetest.Gift(t, db, tl.ID, 10_000_00, "2026-03-10")
	add("Crédit Coopératif de Touraine", contact.OrgCompany, sponsor.Case{
		Year: 2026, Stage: sponsor.Renewed, Expected: 15_000_00, Probability: 100,
		NextAction: "Préparer le rendez-vous de renouvellement", NextActionDate: "2026-12-05",
		ConventionStart: "2026-02-01", ConventionEnd: "2027-01-15",
		Counterparts: []sponsor.Counterpart{{Item: "Article dans la lettre d'information", Value: 0}}})
	add("Boulangerie Martin", contact.OrgCompany, sponsor.Case{
		Year: 2026, Stage: sponsor.Prospect, Expected: 2_000_00, Probability: 10,
		NextAction: "Appeler la gérante", NextActionDate: "2026-11-25"})
	add("Ligéria Énergies", contact.OrgCompany, sponsor.Case{
		Year: 2026, Stage: sponsor.ProposalSent, Expected: 12_000_00, Probability: 60,
		NextAction: "Relancer pour la signature", NextActionDate: "2026-11-18",
		Counterparts: []sponsor.Counterpart{{Item: "Stand à la fête des jardins", Value: 3_500_00}}})
	add("Imprimerie Rabelais", contact.OrgCompany, sponsor.Case{
		Year: 2026, Stage: sponsor.Meeting, Expected: 3_000_00, Probability: 30,
		NextAction: "Rendez-vous avec le gérant", NextActionDate: "2026-11-28"})
	add("Fondation du Val", contact.OrgFoundation, sponsor.Case{
		Year: 2026, Stage: sponsor.Declined, Expected: 5_000_00, Probability: 0,
		NextAction: "Remercier malgré le refus", NextActionDate: "2026-10-01"})
	add("Cabinet Durand & Associés", contact.OrgCompany,
		sponsor.Case{Year: 2026, Stage: sponsor.Agreed, Expected: 4_000_00, Probability: 100,
			ConventionStart: "2026-01-01", ConventionEnd: "2026-12-31"},
		sponsor.Case{Year: 2027, Stage: sponsor.Contacted, Expected: 4_500_00, Probability: 70,
			NextAction: "Envoyer la convention 2027", NextActionDate: "2026-11-21"})
	add("Menuiserie Girard", contact.OrgCompany, sponsor.Case{
		Year: 2026, Stage: sponsor.Agreed, Expected: 1_500_00, Probability: 100,
		ConventionStart: "2026-04-01", ConventionEnd: "2027-03-31"})
	return db.Path()
}

func TestSponsorsGoldens(t *testing.T) {
	db := sponsorsDB(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"sponsors-list", []string{"sponsors", "list"}},
		{"sponsors-list-agreed-2026", []string{"sponsors", "list", "--year", "2026", "--stage", "agreed"}},
		{"sponsors-board-2026", []string{"sponsors", "board", "--year", "2026"}},
		{"sponsors-due", []string{"sponsors", "due", "--today", "2026-11-21"}},
		{"sponsors-due-180", []string{"sponsors", "due", "--today", "2026-11-21", "--days", "180"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := run(t, db, tt.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			golden(t, tt.golden, out)
		})
	}
}

// TestSponsorsDueOnAPastDate checks that --today moves both lists: on
// 1 November nothing was overdue yet and the Crédit Coopératif convention
// was still more than 60 days away.
func TestSponsorsDueOnAPastDate(t *testing.T) {
	db := sponsorsDB(t)
	code, out, _ := run(t, db, "sponsors", "due", "--today", "2026-11-01")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := "Actions en retard au 01/11/2026 :\n  aucune\n"
	if !strings.HasPrefix(out, want) || strings.Contains(out, "Crédit Coopératif") {
		t.Errorf("due on 2026-11-01:\n%s", out)
	}
}

func TestSponsorsEmptyDatabase(t *testing.T) {
	db := storetest.Open(t).Path()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sponsors", "list"}, "Aucun dossier de mécénat ne correspond."},
		{[]string{"sponsors", "board", "--year", "2026"}, "Mécénat 2026 : attendu 0,00\u00a0€, pondéré 0,00\u00a0€ (hors refus)\n\nProspect — aucun dossier\n"},
		{[]string{"sponsors", "due", "--today", "2026-11-21"}, "Actions en retard au 21/11/2026 :\n  aucune\n\nConventions à renouveler d'ici le 20/01/2027 (60 jours) :\n  aucune\n"},
	}
	for _, tt := range tests {
		code, out, stderr := run(t, db, tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("%q: exit %d, stderr %q, out\n%s\nwant it to contain\n%s", tt.args, code, stderr, out, tt.want)
		}
	}
}

func TestSponsorsUsage(t *testing.T) {
	db := storetest.Open(t).Path()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sponsors", "list", "--stage", "gagné"}, "bureau sponsors list : étape « gagné » inconnue"},
		{[]string{"sponsors", "board", "--year", "26"}, "Usage : bureau sponsors board [--year AAAA]"},
		{[]string{"sponsors", "due", "--today", "hier"}, "--today attend une date AAAA-MM-JJ"},
		{[]string{"sponsors", "due", "--days", "0"}, "--days attend un nombre de jours entre 1 et 3660"},
	}
	for _, tt := range tests {
		code, out, stderr := run(t, db, tt.args...)
		if code != 2 || out != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, out, stderr, tt.want)
		}
	}
}
