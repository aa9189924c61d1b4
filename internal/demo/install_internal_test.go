package demo

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/money"
)

var testNow = time.Date(2025, time.June, 15, 14, 30, 0, 0, time.UTC)

func TestSirenFrom(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{73282932, "732829320"},
		{35600000, "356000000"},
		{55210055, "552100554"},
		{0, "000000000"},
	}
	for _, tt := range tests {
		if got := sirenFrom(tt.in); got != tt.want {
			t.Errorf("sirenFrom(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for n := range 1000 {
		s := sirenFrom(n * 99_991)
		if err := association.ValidSIREN(s); err != nil {
			t.Errorf("ValidSIREN(sirenFrom(%d) = %q) = %v", n*99_991, s, err)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"N'Diaye", "ndiaye"},
		{"Anne-Sophie", "anne-sophie"},
		{"Da Silva", "da-silva"},
		{"Hélène", "helene"},
		{"L'Épicerie Vrac & Bio", "lepicerie-vrac-bio"},
		{"État – DRAJES Centre-Val de Loire", "etat-drajes-centre-val-de-loire"},
		{"Müller", "muller"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	a, b := build(testNow), build(testNow)
	if !reflect.DeepEqual(a, b) {
		t.Error("build(now) gave two different datasets for the same now")
	}
}

func TestBuildProfile(t *testing.T) {
	p := build(testNow).profile
	if err := p.Validate(); err != nil {
		t.Errorf("profile.Validate() = %v", err)
	}
	if m := p.MissingForReceipts(); len(m) > 0 {
		t.Errorf("profile.MissingForReceipts() = %v", m)
	}
	if p.Category != "asso_1901_ig" || p.RNA != "W372012345" {
		t.Errorf("profile category, RNA = %q, %q; want asso_1901_ig, W372012345", p.Category, p.RNA)
	}
}

func TestBuildContacts(t *testing.T) {
	d := build(testNow)
	s := d.summary()
	if s.People < 120 || s.People > 200 {
		t.Errorf("people = %d, want 120 to 200", s.People)
	}
	if s.Organisations < 25 || s.Organisations > 35 {
		t.Errorf("organisations = %d, want 25 to 35", s.Organisations)
	}
	kinds := map[contact.OrgKind]int{}
	names := map[string]bool{}
	tags := map[string]int{}
	for _, c := range d.contacts {
		if err := c.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v", c.DisplayName(), err)
		}
		if names[c.DisplayName()] {
			t.Errorf("%s appears twice", c.DisplayName())
		}
		names[c.DisplayName()] = true
		for _, tag := range c.Tags {
			tags[tag]++
		}
		for _, e := range c.Emails {
			_, domain, _ := strings.Cut(e.Address, "@")
			if !slices.ContainsFunc(emailDomains, func(d string) bool { return domain == d || strings.HasSuffix(domain, "."+d) }) {
				t.Errorf("%s: email %q is not at an example domain", c.DisplayName(), e.Address)
			}
		}
		for _, p := range c.Phones {
			if !strings.HasPrefix(p.Number, fictionMobile) && !strings.HasPrefix(p.Number, fictionWest) &&
				!strings.HasPrefix(p.Number, fictionIDF) || len(p.Number) != len("06 39 98 00 00") {
				t.Errorf("%s: phone %q is not in a range reserved for fiction", c.DisplayName(), p.Number)
			}
		}
		for _, a := range c.Addresses {
			if len(a.Postcode) != 5 || a.City == "" {
				t.Errorf("%s: address %+v lacks a postcode or city", c.DisplayName(), a)
			}
		}
		if c.Kind != contact.Organisation {
			continue
		}
		kinds[c.OrgKind]++
		if c.OrgKind == contact.OrgPress && c.PressKind == "" {
			t.Errorf("%s: press outlet without a kind", c.OrgName)
		}
		if c.OrgKind == contact.OrgCompany {
			if err := association.ValidSIREN(c.SIREN); err != nil {
				t.Errorf("%s: SIREN %q: %v", c.OrgName, c.SIREN, err)
			}
			if _, err := time.Parse("01-02", c.FiscalYearEnd); err != nil || c.LegalForm == "" {
				t.Errorf("%s: fiscal-year end %q, legal form %q", c.OrgName, c.FiscalYearEnd, c.LegalForm)
			}
		}
	}
	for _, k := range contact.OrgKinds {
		if kinds[k] == 0 {
			t.Errorf("no organisation of kind %q", k)
		}
	}
	for _, tag := range []string{tagVolunteer, tagMember, tagRegular, tagBoard, tagPress, tagSponsor} {
		if tags[tag] == 0 {
			t.Errorf("no contact tagged %q", tag)
		}
	}
	if tags[tagRegular] != regularDonors {
		t.Errorf("%d regular donors, want %d", tags[tagRegular], regularDonors)
	}
}

// TestBuildOrgDomains checks that mail is linked to an organisation by
// its own domain only: people's addresses and the other organisations'
// link no organisation by domain.
func TestBuildOrgDomains(t *testing.T) {
	d := build(testNow)
	var cs []mail.Contact
	for i, c := range d.contacts {
		mc := mail.Contact{ID: int64(i), Name: c.DisplayName(), IsOrg: c.Kind == contact.Organisation, Website: c.Website}
		for _, e := range c.Emails {
			mc.Emails = append(mc.Emails, e.Address)
		}
		cs = append(cs, mc)
	}
	m := mail.NewMatcher(cs, nil)
	for _, dom := range emailDomains {
		if orgs := m.DomainOrgs("quelqu.un@" + dom); len(orgs) > 0 {
			t.Errorf("DomainOrgs(quelqu.un@%s) = %v, want none", dom, orgs)
		}
	}
	for i, c := range d.contacts {
		if c.Kind != contact.Organisation {
			continue
		}
		want := "contact@" + slug(c.OrgName) + ".example.fr"
		if got := c.PreferredEmail(); got != want {
			t.Errorf("%s: email %q, want %q", c.OrgName, got, want)
		}
		if got := mail.WebsiteDomain(c.Website); got != slug(c.OrgName)+".example.fr" {
			t.Errorf("%s: website %q has domain %q, want the email's", c.OrgName, c.Website, got)
		}
		if orgs := m.DomainOrgs("direction@" + slug(c.OrgName) + ".example.fr"); !slices.Equal(orgs, []int64{int64(i)}) {
			t.Errorf("%s: DomainOrgs = %v, want only %d", c.OrgName, orgs, i)
		}
	}
}

func TestBuildLinks(t *testing.T) {
	d := build(testNow)
	roles := map[string]int{}
	linked := map[int]bool{}
	for _, l := range d.links {
		if d.contacts[l.person].Kind != contact.Person || d.contacts[l.org].Kind != contact.Organisation {
			t.Errorf("link %+v does not join a person to an organisation", l)
		}
		roles[l.role]++
		linked[l.org] = true
	}
	for _, r := range []string{"journaliste", "rédactrice en chef", "responsable RSE"} {
		if roles[r] == 0 {
			t.Errorf("no link with role %q", r)
		}
	}
	for i, c := range d.contacts {
		if c.Kind == contact.Organisation && c.OrgKind == contact.OrgPress && !linked[i] {
			t.Errorf("press outlet %s has no journalist", c.OrgName)
		}
	}
}

func TestBuildGifts(t *testing.T) {
	d := build(testNow)
	if n := len(d.gifts); n < 400 || n > 700 {
		t.Errorf("%d gifts, want 400 to 700", n)
	}
	start, end := "2024-01-01", "2025-06-15"
	refs := map[string]bool{}
	natures := map[donation.Nature]int{}
	methods := map[donation.Method]int{}
	campaigns := map[string]int{}
	var memberships, large, sponsorships int
	var byMonth [12]int // of 2024
	var totalByMonth [12]money.Cents
	for i, g := range d.gifts {
		name := fmt.Sprintf("gift %d (%s)", i, g.Reference)
		g.DonorID = 1
		if err := g.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v", name, err)
		}
		if g.DateReceived < start || g.DateReceived > end {
			t.Errorf("%s: received %s, want from %s to %s", name, g.DateReceived, start, end)
		}
		if i > 0 && g.DateReceived < d.gifts[i-1].DateReceived {
			t.Errorf("%s: not in date order", name)
		}
		if g.Method == donation.Cheque && (g.ChequeNumber == "" || g.Bank == "") {
			t.Errorf("%s: cheque without number or bank", name)
		}
		if g.DateCashed != "" && (g.DateCashed <= g.DateReceived || g.DateCashed > end) {
			t.Errorf("%s: cashed %s, received %s", name, g.DateCashed, g.DateReceived)
		}
		if g.Method == donation.Cheque && g.DateCashed == "" && g.DateReceived < "2025-06-01" {
			t.Errorf("%s: cheque of %s never cashed", name, g.DateReceived)
		}
		if g.Source != demoSource || refs[g.Reference] || g.Reference == "" {
			t.Errorf("%s: source %q reference %q, want a unique reference from %q", name, g.Source, g.Reference, demoSource)
		}
		refs[g.Reference] = true
		if g.Nature != donation.Numeraire && (g.Description == "" || g.ValuationMethod == "") {
			t.Errorf("%s: %s without description or valuation", name, g.Nature)
		}
		if g.Counterparts*4 > g.Amount {
			t.Errorf("%s: counterparts %v exceed a quarter of %v", name, g.Counterparts, g.Amount)
		}
		natures[g.Nature]++
		methods[g.Method]++
		campaigns[g.Campaign]++
		if g.Membership {
			memberships++
			if g.Amount != 20_00 {
				t.Errorf("%s: membership fee %v, want 20 €", name, g.Amount)
			}
		}
		if g.Method == donation.DirectDebit && !slices.Contains([]money.Cents{10_00, 15_00, 20_00}, g.Amount) {
			t.Errorf("%s: direct debit of %v", name, g.Amount)
		}
		if d.contacts[g.donor].OrgKind == contact.OrgCompany && g.Nature == donation.Numeraire {
			sponsorships++
			if g.Amount < 1_500_00 || g.Amount > 20_000_00 || g.Method != donation.Transfer {
				t.Errorf("%s: sponsorship of %v by %s", name, g.Amount, g.Method)
			}
		}
		if d.contacts[g.donor].Kind == contact.Person && g.Amount >= 500_00 && g.Nature == donation.Numeraire {
			large++
		}
		if strings.HasPrefix(g.DateReceived, "2024-") {
			k, _ := strconv.Atoi(g.DateReceived[5:7])
			byMonth[k-1]++
			totalByMonth[k-1] += g.Amount
		}
	}
	for _, n := range []donation.Nature{donation.Numeraire, donation.InKind, donation.ExpensesWaived} {
		if natures[n] == 0 {
			t.Errorf("no gift of nature %q", n)
		}
	}
	for _, m := range donation.Methods {
		if methods[m] == 0 {
			t.Errorf("no gift paid by %q", m)
		}
	}
	for _, c := range []string{campaignYearEnd, campaignGreen, campaignWinter} {
		if campaigns[c] == 0 {
			t.Errorf("no gift for campaign %q", c)
		}
	}
	if memberships < 50 {
		t.Errorf("%d membership fees, want 50 or more", memberships)
	}
	if large < 5 {
		t.Errorf("%d large gifts from people, want 5 or more", large)
	}
	if sponsorships < 10 {
		t.Errorf("%d sponsorship gifts, want 10 or more", sponsorships)
	}
	for m := range 11 {
		if byMonth[m] >= byMonth[11] || totalByMonth[m] >= totalByMonth[11] {
			t.Errorf("2024: month %d has %d gifts for %v, December %d for %v; want a December peak",
				m+1, byMonth[m], totalByMonth[m], byMonth[11], totalByMonth[11])
		}
	}
}

func TestBuildEarlyInTheYear(t *testing.T) {
	// On 2 January, only last year's gifts and this month's first days exist.
	d := build(time.Date(2026, time.January, 2, 9, 0, 0, 0, time.UTC))
	for _, g := range d.gifts {
		if g.DateReceived < "2025-01-01" || g.DateReceived > "2026-01-02" {
			t.Errorf("gift %s received %s, want from 2025-01-01 to 2026-01-02", g.Reference, g.DateReceived)
		}
	}
	if len(d.gifts) < 250 {
		t.Errorf("%d gifts, want at least a year's worth (250)", len(d.gifts))
	}
}

func TestOrgIndexes(t *testing.T) {
	tests := []struct {
		i    int
		want string
	}{
		{orgBoulangerie, "Boulangerie Martin"},
		{orgMenuiserie, "Menuiserie Girard"},
		{orgVilleTours, "Ville de Tours"},
		{orgFondJardins, "Fondation pour les Jardins Solidaires"},
		{orgEpicerieSanitas, "Épicerie solidaire du Sanitas"},
		{orgCourrier, "Le Courrier de Loire"},
		{orgWeb, "Le Fil Tourangeau"},
		{orgHabitants, "Collectif des habitants du Sanitas"},
	}
	for _, tt := range tests {
		if got := orgList[tt.i].name; got != tt.want {
			t.Errorf("orgList[%d] = %q, want %q", tt.i, got, tt.want)
		}
	}
	if len(orgList) != orgHabitants+1 {
		t.Errorf("len(orgList) = %d, want %d", len(orgList), orgHabitants+1)
	}
}
