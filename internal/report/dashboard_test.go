package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/demo"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/report"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

var today = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// dashboardCore seeds a register seen on 21 November 2026: gifts of 2025
// and 2026 from four donors, gifts that cannot be receipted, one already
// receipted, and a sponsorship pipeline with deadlines.
func dashboardCore(t *testing.T) *core.Core {
	t.Helper()
	ctx := context.Background()
	c := openCore(t)
	person := func(first, last string) int64 {
		p := contact.Contact{Kind: contact.Person, FirstName: first, LastName: last,
			Addresses: []contact.Address{{Street: "1 rue de la Paix", Postcode: "75002", City: "Paris", Preferred: true}}}
		if err := c.Contacts.Create(ctx, &p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	ana, bob, cle, dan := person("Ana", "Martin"), person("Bob", "Petit"), person("Cléo", "Roux"), person("Dan", "Simon")
	gift := func(donor int64, amount money.Cents, received, cashed string, change func(*donation.Gift)) donation.Gift {
		g := donation.Gift{DonorID: donor, Amount: amount, DateReceived: received, DateCashed: cashed, Method: donation.Cheque}
		if change != nil {
			change(&g)
		}
		if err := c.Gifts.CreateGift(ctx, &g); err != nil {
			t.Fatal(err)
		}
		return g
	}
	// 2025: 100 + 50 (same day as today) + 1 000 in December.
	gift(ana, 100_00, "2025-01-10", "", nil)
	gift(ana, 50_00, "2025-11-21", "", nil)
	gift(bob, 1_000_00, "2025-12-28", "2026-01-05", nil) // counts for 2026 receipts (cashed)
	// 2026.
	receipted := gift(cle, 300_00, "2026-02-03", "", nil)
	gift(ana, 200_00, "2026-02-20", "", nil)
	gift(dan, 500_00, "2026-05-05", "", nil)
	gift(bob, 40_00, "2026-05-06", "", func(g *donation.Gift) { g.Counterparts = 20_00 }) // counterparts above 25 %
	gift(cle, 80_00, "2026-06-01", "", func(g *donation.Gift) {
		g.Nature, g.Description = donation.InKind, "Outils de jardin" // no valuation
	})
	gift(dan, 150_00, "2026-09-30", "", func(g *donation.Gift) { g.Membership, g.Counterparts = true, 40_00 }) // 110 receiptable
	gift(ana, 30_00, "2026-10-02", "", func(g *donation.Gift) { g.Membership, g.Counterparts = true, 30_00 })  // all counterpart
	gift(bob, 60_00, "2026-10-15", "", func(g *donation.Gift) { g.Nature = donation.ExpensesWaived })          // no claim
	if _, err := c.Receipts.Issue(ctx, receipted.ID); err != nil {
		t.Fatal(err)
	}
	// Receiptable in kind and expenses given up with a complete claim.
	gift(cle, 25_00, "2026-06-02", "", func(g *donation.Gift) {
		g.Nature, g.Description, g.ValuationMethod = donation.InKind, "Graines", "facture du grainetier"
	})
	claim := donation.ExpenseClaim{VolunteerID: bob, ClaimDate: "2026-10-20", Purpose: "Achat de terreau pour les jardins"}
	if err := c.Gifts.CreateClaim(ctx, &claim); err != nil {
		t.Fatal(err)
	}
	if err := c.Gifts.AddLine(ctx, claim.ID, &donation.ExpenseLine{Date: "2026-10-19", Description: "Terreau",
		Kind: donation.ExpenseItem, Amount: 45_00}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Gifts.AttachDocumentData(ctx, claim.ID, "ticket.pdf", []byte("%PDF-1.4 ticket")); err != nil {
		t.Fatal(err)
	}
	if err := c.Gifts.SignWaiver(ctx, claim.ID, "2026-10-21", "Je renonce au remboursement de ces frais."); err != nil {
		t.Fatal(err)
	}
	if err := c.Gifts.MarkRecorded(ctx, claim.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Gifts.ToGift(ctx, claim.ID); err != nil {
		t.Fatal(err)
	}

	org := func(name string) int64 {
		return storetest.Org(t, c.DB, name, contact.OrgCompany).ID
	}
	for _, k := range []sponsor.Case{
		{OrgID: org("Transports Ligériens"), Year: 2026, Stage: sponsor.Agreed, Expected: 10_000_00, Probability: 100,
			ConventionStart: "2026-01-01", ConventionEnd: "2026-12-31", NextAction: "Envoyer le bilan", NextActionDate: "2026-11-15"},
		{OrgID: org("Menuiserie Girard"), Year: 2026, Stage: sponsor.Agreed, Expected: 1_500_00, Probability: 100,
			ConventionStart: "2026-04-01", ConventionEnd: "2027-03-31"},
		{OrgID: org("Ligéria Énergies"), Year: 2026, Stage: sponsor.ProposalSent, Expected: 12_000_00, Probability: 60,
			NextAction: "Relancer pour la signature", NextActionDate: "2026-11-30"},
		{OrgID: org("Imprimerie Rabelais"), Year: 2026, Stage: sponsor.Meeting, Expected: 3_000_00, Probability: 33,
			NextAction: "Rendez-vous avec le gérant", NextActionDate: "2026-12-20"},
		{OrgID: org("Fondation du Val"), Year: 2026, Stage: sponsor.Declined, Expected: 5_000_00,
			NextAction: "Remercier malgré le refus", NextActionDate: "2026-10-01"},
		{OrgID: org("Boulangerie Martin"), Year: 2027, Stage: sponsor.Prospect, Expected: 2_000_00, Probability: 10},
	} {
		if err := c.Sponsors.Create(ctx, &k); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func TestDashboard(t *testing.T) {
	c := dashboardCore(t)
	d, err := c.Reports.Dashboard(context.Background(), 2026, today)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("this year", d.ThisYear, donation.YearTotal{Year: 2026, Count: 10, Total: 1_430_00})
	check("previous year", d.PreviousYear, donation.YearTotal{Year: 2025, Count: 3, Total: 1_150_00})
	check("previous year to date", d.PreviousToDate, donation.YearTotal{Year: 2025, Count: 2, Total: 150_00})
	check("February", d.Months[1], money.Cents(500_00))
	check("October", d.Months[9], money.Cents(135_00))
	check("June", d.Months[5], money.Cents(105_00))
	check("December before", d.PreviousMonths[11], money.Cents(1_000_00))

	var top []string
	for _, dt := range d.TopDonors {
		top = append(top, fmt.Sprintf("%s %d %s", dt.Name, dt.Count, dt.Total.Plain()))
	}
	check("top donors", strings.Join(top, " | "),
		"SIMON Dan 2 650,00 | ROUX Cléo 3 405,00 | MARTIN Ana 2 230,00 | PETIT Bob 3 145,00")

	var stages []string
	for _, st := range d.Pipeline {
		if st.Cases > 0 {
			stages = append(stages, fmt.Sprintf("%s %d %s %s", st.Stage, st.Cases, st.Expected.Plain(), st.Weighted.Plain()))
		}
	}
	check("pipeline", strings.Join(stages, " | "),
		"meeting 1 3000,00 990,00 | proposal_sent 1 12000,00 7200,00 | agreed 2 11500,00 11500,00 | declined 1 5000,00 0,00")
	check("pipeline totals", d.PipelineExpected.Plain()+" "+d.PipelineWeighted.Plain(), "26500,00 19690,00")

	var dls []string
	for _, dl := range d.Deadlines {
		dls = append(dls, fmt.Sprintf("%s %s %v %s", dl.Date, dl.Kind, dl.Overdue, dl.Label))
	}
	check("deadlines", strings.Join(dls, "\n"), strings.Join([]string{
		"2026-11-15 action true Transports Ligériens : Envoyer le bilan",
		"2026-11-30 action false Ligéria Énergies : Relancer pour la signature",
		"2026-12-31 renewal false Convention de mécénat 2026 de Transports Ligériens à renouveler (fin le 31/12/2026)",
		"2027-05-04 declaration false Déclaration des dons de l'exercice 2026 (art. 222 bis CGI), au plus tard le 04/05/2027",
	}, "\n"))

	// 2025: the gift cashed in 2026 counts for 2026; 2026: the receipted
	// gift and those that cannot be receipted are left out, a fee counts
	// for its part without counterpart.
	check("waiting", d.Waiting, []report.Waiting{{Year: 2025, Gifts: 2, Total: 150_00}, {Year: 2026, Gifts: 6, Total: 1_880_00}})
}

func TestDashboardFiscalYear(t *testing.T) {
	c := openCore(t)
	ctx := context.Background()
	if err := c.Receipts.SetSetting(ctx, receipt.SettingFiscalYearEnd, "06-30"); err != nil {
		t.Fatal(err)
	}
	if err := c.Receipts.SetSetting(ctx, receipt.SettingDateRule, "received"); err != nil {
		t.Fatal(err)
	}
	d, err := c.Reports.Dashboard(ctx, 2026, today)
	if err != nil {
		t.Fatal(err)
	}
	last := d.Deadlines[len(d.Deadlines)-1]
	if last.Kind != report.Declaration || last.Date != "2027-09-30" || last.Year != 2027 {
		t.Errorf("declaration = %+v, want the year closing on 30/06/2027, due 30/09/2027", last)
	}
	// A year in the past compares whole years and has no waiting gifts
	// for the future.
	d, err = c.Reports.Dashboard(ctx, 2027, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Waiting) != 1 || d.Waiting[0].Year != 2026 {
		t.Errorf("waiting for a future year = %+v", d.Waiting)
	}
	if _, err := c.Reports.Dashboard(ctx, 1999, today); err == nil {
		t.Error("year 1999 accepted")
	}
}

// bigCore is one database of 100,000 contacts and 250,000 gifts shared
// by the dashboard benchmark; seeding it takes about a minute. With
// BUREAU_BENCH_DB set to a database made by « bureau seed --contacts
// 100000 --donations 250000 », that one is used (and migrated) instead.
var bigCore = sync.OnceValues(func() (*core.Core, error) {
	if path := os.Getenv("BUREAU_BENCH_DB"); path != "" {
		return core.Open(context.Background(), core.Options{DBPath: path})
	}
	dir, err := benchDir()
	if err != nil {
		return nil, err
	}
	c, err := core.Open(context.Background(), core.Options{DBPath: filepath.Join(dir, "big.db")})
	if err != nil {
		return nil, err
	}
	_, err = demo.Seed(context.Background(), c.DB, demo.SeedParams{Contacts: 100_000, Donations: 250_000, Seed: 1,
		Now: today}, nil)
	return c, err
})

// BenchmarkDashboard250k reads every figure of the dashboard on 250,000
// gifts: what the start screen waits for.
func BenchmarkDashboard250k(b *testing.B) {
	c, err := bigCore()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		d, err := c.Reports.Dashboard(ctx, 2026, today)
		if err != nil {
			b.Fatal(err)
		}
		if d.ThisYear.Count == 0 || len(d.TopDonors) != report.TopDonorCount {
			b.Fatalf("dashboard of an empty register: %+v", d.ThisYear)
		}
	}
}
