package demo_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/demo"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store"
)

// install installs the demonstration as of at in a new database.
func install(t *testing.T, at time.Time) (*store.DB, demo.Summary) {
	t.Helper()
	db := openDB(t)
	s, err := demo.Install(context.Background(), db, at)
	if err != nil {
		t.Fatalf("Install(%v) = %v", at, err)
	}
	return db, s
}

// contactID returns the ID of the only contact of kind whose name is name.
func contactID(t *testing.T, db *store.DB, kind contact.Kind, name string) int64 {
	t.Helper()
	rows, err := db.ListContacts(context.Background(), contact.Filter{Query: name, Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Name == name {
			return r.ID
		}
	}
	t.Fatalf("no contact named %q among %v", name, rows)
	return 0
}

// actions lists the organisations of cases with the date of their next action.
func actions(cases []sponsor.Case) []string {
	var out []string
	for _, c := range cases {
		out = append(out, c.OrgName+" "+c.NextActionDate)
	}
	return out
}

// ends lists the organisations of cases with the end of their convention.
func ends(cases []sponsor.Case) []string {
	var out []string
	for _, c := range cases {
		out = append(out, c.OrgName+" "+c.ConventionEnd)
	}
	return out
}

func TestInstallSponsorship(t *testing.T) {
	ctx := context.Background()
	db, _ := install(t, now)
	cases, err := db.ListSponsorCases(ctx, sponsor.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	stages := map[sponsor.Stage]int{}
	for _, c := range cases {
		stages[c.Stage]++
		if c.Year != 2025 {
			t.Errorf("%s: case of %d, want 2025", c.OrgName, c.Year)
		}
	}
	want := map[sponsor.Stage]int{sponsor.Prospect: 1, sponsor.Meeting: 1, sponsor.ProposalSent: 1,
		sponsor.Agreed: 2, sponsor.Renewed: 1, sponsor.Declined: 1}
	if len(cases) != 7 || !maps.Equal(stages, want) {
		t.Errorf("%d cases by stage %v, want 7: %v", len(cases), stages, want)
	}

	i := slices.IndexFunc(cases, func(c sponsor.Case) bool { return c.OrgName == "Transports Ligériens" })
	if i < 0 {
		t.Fatalf("no case for Transports Ligériens among %v", ends(cases))
	}
	tl := cases[i]
	if tl.Stage != sponsor.Agreed || tl.Expected != 10_000_00 || tl.Probability != 100 ||
		tl.ConventionStart != "2025-01-01" || tl.ConventionEnd != "2025-12-31" {
		t.Errorf("Transports Ligériens = %s, %v, %d %%, %s to %s; want agreed, 10 000 €, 100 %%, 2025-01-01 to 2025-12-31",
			tl.Stage, tl.Expected, tl.Probability, tl.ConventionStart, tl.ConventionEnd)
	}
	wantCP := []sponsor.Counterpart{
		{Item: "Logo sur les panneaux des jardins", Value: 500_00, Promised: true, Delivered: true, DeliveredOn: "2025-03-02"},
		{Item: "Dix places au dîner de gala", Value: 2_200_00, Promised: true},
	}
	for i := range tl.Counterparts {
		tl.Counterparts[i].ID = 0
	}
	if !slices.Equal(tl.Counterparts, wantCP) {
		t.Errorf("Transports Ligériens counterparts = %+v, want %+v", tl.Counterparts, wantCP)
	}

	overdue := sponsor.Overdue(cases, now)
	if got, want := actions(overdue), []string{"Transports Ligériens 2025-06-09", "Ligéria Énergies 2025-06-12"}; !slices.Equal(got, want) {
		t.Errorf("Overdue = %q, want %q", got, want)
	}
	if overdue[0].NextAction != "Envoyer le bilan" {
		t.Errorf("overdue action = %q, want « Envoyer le bilan »", overdue[0].NextAction)
	}
	renewals := sponsor.UpcomingRenewals(cases, now, sponsor.DefaultRenewalDays)
	if got, want := ends(renewals), []string{"Crédit Coopératif de Touraine 2025-07-25"}; !slices.Equal(got, want) {
		t.Errorf("UpcomingRenewals(60 days) = %q, want %q", got, want)
	}
	if got := ends(sponsor.UpcomingRenewals(cases, now, 130)); len(got) != 2 || got[1] != "Cabinet Durand & Associés 2025-10-15" {
		t.Errorf("UpcomingRenewals(130 days) = %q, want Crédit Coopératif then Cabinet Durand on 2025-10-15", got)
	}

	warnings, err := sponsor.NewService(db, func() time.Time { return now }).Warnings(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range warnings {
		if w.Case.OrgName == "Transports Ligériens" {
			found = true
			if w.Counterparts != 2_700_00 || w.Gift != 10_000_00 {
				t.Errorf("Transports Ligériens warning: %v of counterparts for %v, want 2 700 € for 10 000 €", w.Counterparts, w.Gift)
			}
		}
	}
	if !found {
		t.Errorf("Warnings(2025) = %+v, want one for Transports Ligériens", warnings)
	}
}

func TestInstallPress(t *testing.T) {
	ctx := context.Background()
	db, _ := install(t, now)
	lists, err := db.ListPressLists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lists {
		got = append(got, fmt.Sprintf("%s: %d", l.Name, l.Members))
	}
	if want := []string{"Médias environnement: 5", "Presse locale: 10"}; !slices.Equal(got, want) {
		t.Errorf("press lists = %q, want %q", got, want)
	}

	releases, err := db.ListPressReleases(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type rel struct {
		date, list, subject string
		recipients          int
	}
	var gotR []rel
	for _, r := range releases {
		gotR = append(gotR, rel{r.Date, r.ListName, r.Subject, r.Recipients})
	}
	// Thomas Lemaire opted out: the local list reaches 9 of its 10 members.
	wantR := []rel{
		{"2025-03-12", "Presse locale", "Bilan de la collecte d'hiver", 9},
		{"2024-06-20", "Médias environnement", "Inauguration de la serre pédagogique", 5},
	}
	if !slices.Equal(gotR, wantR) {
		t.Errorf("press releases = %+v, want %+v", gotR, wantR)
	}

	lemaire := contactID(t, db, contact.Person, "LEMAIRE Thomas")
	if j, err := db.GetJournalist(ctx, lemaire); err != nil || !j.OptOut || j.LastContacted != "" {
		t.Errorf("GetJournalist(Thomas Lemaire) = %+v, %v; want opted out, never contacted", j, err)
	}
	members, err := db.PressListMembers(ctx, "Presse locale")
	if err != nil || len(members) != 9 || slices.Contains(members, lemaire) {
		t.Errorf("PressListMembers(Presse locale) = %v, %v; want 9, without Thomas Lemaire (%d)", members, err, lemaire)
	}
	girard := contactID(t, db, contact.Person, "GIRARD Sophie")
	want := contact.Journalist{PersonID: girard, Topics: "environnement, solidarité", Regions: "Indre-et-Loire", LastContacted: "2025-03-12"}
	if j, err := db.GetJournalist(ctx, girard); err != nil || j != want {
		t.Errorf("GetJournalist(Sophie Girard) = %+v, %v; want %+v", j, err, want)
	}
}

func TestInstallTimelinesAndConsents(t *testing.T) {
	ctx := context.Background()
	db, _ := install(t, now)
	rows, err := db.ListContacts(ctx, contact.Filter{Limit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[contact.InteractionKind]int{}
	statuses := map[contact.ConsentStatus]int{}
	var objector int64
	for _, r := range rows {
		is, err := db.ListInteractions(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range is {
			kinds[i.Kind]++
			if i.Date >= "2025-06-15" || i.Date < "2025-03-01" {
				t.Errorf("%s: interaction of %s, want within the last months before 2025-06-15", r.Name, i.Date)
			}
			if r.Kind != contact.Organisation {
				t.Errorf("interaction with %s, want only with organisations", r.Name)
			}
		}
		cs, err := db.ListConsents(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			statuses[c.Status]++
			if c.Date > "2025-06-15" {
				t.Errorf("%s: consent dated %s, after now", r.Name, c.Date)
			}
			if c.Status == contact.StatusConsent && (c.Channel != contact.ChannelEmail || c.Source != "bulletin papier") {
				t.Errorf("%s: consent %+v, want to email from « bulletin papier »", r.Name, c)
			}
			if c.Status == contact.StatusObjection {
				objector = r.ID
			}
		}
	}
	if want := map[contact.InteractionKind]int{contact.InteractionMeeting: 4, contact.InteractionCall: 3, contact.InteractionNote: 2}; !maps.Equal(kinds, want) {
		t.Errorf("interactions by kind = %v, want %v", kinds, want)
	}
	if want := map[contact.ConsentStatus]int{contact.StatusConsent: 12, contact.StatusObjection: 1}; !maps.Equal(statuses, want) {
		t.Errorf("consents by status = %v, want %v", statuses, want)
	}
	tl, err := db.ListInteractions(ctx, contactID(t, db, contact.Organisation, "Transports Ligériens"))
	if err != nil || len(tl) != 2 || tl[0].Kind != contact.InteractionCall || tl[1].Kind != contact.InteractionMeeting {
		t.Errorf("Transports Ligériens timeline = %+v, %v; want a call, then a meeting before it", tl, err)
	}
	c, err := db.GetContact(ctx, objector)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := db.IsObjected(ctx, c.PreferredEmail()); err != nil || !ok {
		t.Errorf("IsObjected(%q) = %v, %v; want the objector's address on the objection list", c.PreferredEmail(), ok, err)
	}
}

func TestInstallMandatesGiveNoMonthTwice(t *testing.T) {
	ctx := context.Background()
	db, _ := install(t, now)
	ms, err := db.ListMandates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("%d mandates, want 2", len(ms))
	}
	for _, m := range ms {
		if m.StartDate != "2025-07-01" || m.DayOfMonth != 5 || !m.Active || m.Method != donation.DirectDebit || m.Reference == "" {
			t.Errorf("mandate %+v, want active, by direct debit on the 5th from 2025-07-01, with a reference", m)
		}
		// The mandate carries on the donor's direct debits, which went up
		// to this month.
		gs, err := db.ListGifts(ctx, donation.Filter{DonorID: m.DonorID, Year: 2025, Method: donation.DirectDebit})
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) == 0 || gs[len(gs)-1].DateReceived != "2025-06-05" || gs[len(gs)-1].Amount != m.Amount {
			t.Errorf("%s: direct debits of 2025 %+v, want the last on 2025-06-05 for %v", m.DonorName, gs, m.Amount)
		}
	}
	s := donation.NewService(db)
	for month := time.January; month <= time.June; month++ {
		if n, err := s.RunMandates(ctx, 2025, month); err != nil || n != 0 {
			t.Errorf("RunMandates(2025, %d) = %d, %v; want 0: the demonstration has those months already", month, n, err)
		}
	}
	if n, err := s.RunMandates(ctx, 2025, time.July); err != nil || n != 2 {
		t.Errorf("RunMandates(2025, 7) = %d, %v; want 2", n, err)
	}
}

func TestInstallExpenseClaim(t *testing.T) {
	ctx := context.Background()
	db, _ := install(t, now)
	gs, err := db.ListGifts(ctx, donation.Filter{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	var claimGifts []donation.GiftRow
	for _, g := range gs {
		if g.Source == donation.SourceClaim {
			claimGifts = append(claimGifts, g)
		}
	}
	if len(claimGifts) != 1 {
		t.Fatalf("%d gifts from expense claims, want 1", len(claimGifts))
	}
	g := claimGifts[0]
	if g.Nature != donation.ExpensesWaived || g.DateReceived != "2025-06-05" || g.DonorName != "MÜLLER Hélène" {
		t.Errorf("claim gift = %s by %s on %s, want frais_benevoles by MÜLLER Hélène on 2025-06-05", g.Nature, g.DonorName, g.DateReceived)
	}
	c, err := db.ExpenseClaimOfGift(ctx, g.ID)
	if err != nil || c == nil {
		t.Fatalf("ExpenseClaimOfGift(%d) = %v, %v", g.ID, c, err)
	}
	if len(c.Lines) != 6 || len(c.Documents) != 1 || c.Documents[0].MIME != "image/png" ||
		c.WaiverSignedOn != "2025-06-05" || c.WaiverText == "" || !c.RecordedInAccounts || c.ScaleEffectiveFrom == "" {
		t.Errorf("claim = %d lines, documents %+v, waiver %q signed %s, recorded %v, scale %q",
			len(c.Lines), c.Documents, c.WaiverText, c.WaiverSignedOn, c.RecordedInAccounts, c.ScaleEffectiveFrom)
	}
	km := 0
	for _, l := range c.Lines {
		km += l.Km
		if l.Kind != donation.KmLine || l.FiscalHP != 5 || l.Vehicle != donation.Car || l.Amount <= 0 || l.Date > c.WaiverSignedOn {
			t.Errorf("claim line %+v, want a valued trip by a 5 CV car before the waiver", l)
		}
	}
	if km != 146 || g.Amount != c.Total() {
		t.Errorf("claim of %d km for %v, gift of %v; want 146 km and the gift equal to the claim", km, c.Total(), g.Amount)
	}
	if got, err := donation.NewService(db).ReceiptableAmount(ctx, g.ID); err != nil || got != g.Amount {
		t.Errorf("ReceiptableAmount(claim gift) = %v, %v; want %v", got, err, g.Amount)
	}
}

// TestInstallFollowsNow installs on days that move the dates across a
// month or a year: the activity stays relative to now.
func TestInstallFollowsNow(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		now                          time.Time
		overdue, renewal, mandate    string
		claimFrom, claimTo, giftDate string
	}{
		{time.Date(2026, time.January, 2, 9, 0, 0, 0, time.UTC), "2025-12-27", "2026-02-11", "2026-02-01",
			"2025-11-16", "2025-12-21", "2025-12-23"},
		// The trips would straddle two years: the claim is last autumn's.
		{time.Date(2026, time.January, 20, 9, 0, 0, 0, time.UTC), "2026-01-14", "2026-03-01", "2026-02-01",
			"2025-11-02", "2025-12-07", "2025-12-10"},
		{time.Date(2025, time.December, 28, 18, 0, 0, 0, time.UTC), "2025-12-22", "2026-02-06", "2026-01-01",
			"2025-11-11", "2025-12-16", "2025-12-18"},
		{time.Date(2026, time.March, 1, 8, 0, 0, 0, time.UTC), "2026-02-23", "2026-04-10", "2026-04-01",
			"2026-01-13", "2026-02-17", "2026-02-19"},
	}
	for _, tt := range tests {
		db, s := install(t, tt.now)
		cases, err := db.ListSponsorCases(ctx, sponsor.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		overdue := sponsor.Overdue(cases, tt.now)
		if len(overdue) != 2 || overdue[0].OrgName != "Transports Ligériens" || overdue[0].NextActionDate != tt.overdue {
			t.Errorf("%v: Overdue = %q, want Transports Ligériens on %s first", tt.now, actions(overdue), tt.overdue)
		}
		renewals := sponsor.UpcomingRenewals(cases, tt.now, 45)
		if !slices.ContainsFunc(renewals, func(c sponsor.Case) bool {
			return c.OrgName == "Crédit Coopératif de Touraine" && c.ConventionEnd == tt.renewal
		}) {
			t.Errorf("%v: UpcomingRenewals = %q, want Crédit Coopératif ending %s", tt.now, ends(renewals), tt.renewal)
		}
		ms, err := db.ListMandates(ctx)
		if err != nil || len(ms) != 2 || ms[0].StartDate != tt.mandate {
			t.Errorf("%v: mandates %+v, %v; want 2 from %s", tt.now, ms, err, tt.mandate)
		}
		var claimGift donation.Gift
		var total money.Cents
		var n int
		for _, y := range []int{tt.now.Year() - 1, tt.now.Year()} {
			gs, err := db.ListGifts(ctx, donation.Filter{Year: y})
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range gs {
				n++
				total += g.Amount
				if g.Source == donation.SourceClaim {
					claimGift = g.Gift
				}
			}
		}
		if n != s.Gifts || total != s.Total {
			t.Errorf("%v: %d gifts for %v, summary says %d for %v", tt.now, n, total, s.Gifts, s.Total)
		}
		c, err := db.ExpenseClaimOfGift(ctx, claimGift.ID)
		if err != nil || c == nil || claimGift.DateReceived != tt.giftDate ||
			c.Lines[0].Date != tt.claimFrom || c.Lines[len(c.Lines)-1].Date != tt.claimTo {
			t.Errorf("%v: claim gift of %s, claim %+v, %v; want trips from %s to %s and the gift on %s",
				tt.now, claimGift.DateReceived, c, err, tt.claimFrom, tt.claimTo, tt.giftDate)
		}
	}
}

// TestInstallIsFast keeps the demonstration quick to open from the
// welcome screen.
func TestInstallIsFast(t *testing.T) {
	start := time.Now()
	install(t, now)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Install took %v, want less than a second", d)
	}
}
