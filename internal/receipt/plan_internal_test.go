package receipt

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden: %v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func testProfile() association.Profile {
	return association.Profile{
		Name: "Les Jardins partagés de Belleville", RNA: "W751234567",
		Street: "12 rue des Envierges", Postcode: "75020", City: "Paris",
		Object:   "Créer et animer des jardins ouverts à tous les habitants du quartier.",
		Category: "asso_1901_ig", SignerName: "Claire Dubois", SignerRole: "Trésorière",
	}
}

func person(id int64, first, last string) Donor {
	return Donor{Contact: contact.Contact{ID: id, Kind: contact.Person, FirstName: first, LastName: last,
		Addresses: []contact.Address{{Street: "7 rue du Cœur-Volant", Postcode: "78430", City: "Louveciennes", Preferred: true}}}}
}

func company(id int64, name, yearEnd string) Donor {
	return Donor{Contact: contact.Contact{ID: id, Kind: contact.Organisation, OrgKind: contact.OrgCompany, OrgName: name,
		LegalForm: "SARL", SIREN: "732829320", FiscalYearEnd: yearEnd,
		Addresses: []contact.Address{{Street: "18 avenue Jean-Jaurès", Postcode: "93100", City: "Montreuil", Preferred: true}}}}
}

func gift(id, donor int64, amount money.Cents, date string, nature donation.Nature) Candidate {
	g := donation.Gift{ID: id, DonorID: donor, Amount: amount, DateReceived: date, Method: donation.Cheque,
		Nature: nature, Forme: donation.DonManuel}
	if nature == donation.InKind {
		g.Method, g.Description, g.ValuationMethod = donation.Transfer, "12 ordinateurs portables", "coût de revient"
	}
	return Candidate{Gift: g}
}

func defaultSettings() Settings {
	return Settings{DateRule: Cashed, FiscalYearEnd: "12-31"}
}

func run(in planInput) Plan {
	if in.issuedOn == "" {
		in.issuedOn = "2027-01-15"
	}
	if in.profile.Name == "" {
		in.profile = testProfile()
	}
	if in.settings.DateRule == "" {
		in.settings = defaultSettings()
	}
	return plan(in)
}

func TestPlanAnnualGroupsByDonorAndNature(t *testing.T) {
	donors := map[int64]Donor{1: person(1, "Marie", "Dupont"), 2: person(2, "Jean", "Albert")}
	p := run(planInput{annual: true, year: 2026, donors: donors, candidates: []Candidate{
		gift(10, 1, 5000, "2026-03-01", donation.Numeraire),
		gift(11, 1, 2500, "2026-09-01", donation.Numeraire),
		gift(12, 1, 30000, "2026-06-01", donation.InKind),
		gift(13, 2, 1000, "2026-01-05", donation.Numeraire),
	}})
	if err := p.Err(); err != nil {
		t.Fatalf("plan: %v", err)
	}
	type got struct {
		donor int64
		gifts string
		total money.Cents
	}
	var gs []got
	for _, d := range p.Drafts {
		var ids []string
		for _, l := range d.Receipt.Lines {
			ids = append(ids, itoa(l.GiftID))
		}
		gs = append(gs, got{d.Receipt.DonorID, strings.Join(ids, ","), d.Receipt.Total})
		if !d.Receipt.Annual || d.Receipt.PeriodYear != 2026 || d.Receipt.Form.Code != "2041-RD" || !d.Receipt.Article200 || d.Receipt.Article978 {
			t.Errorf("draft %+v: want annual 2026 on 2041-RD, article 200 only", d.Receipt)
		}
	}
	want := []got{{2, "13", 1000}, {1, "10,11", 7500}, {1, "12", 30000}}
	if len(gs) != len(want) {
		t.Fatalf("drafts = %+v, want %+v", gs, want)
	}
	for i := range want {
		if gs[i] != want[i] {
			t.Errorf("draft %d = %+v, want %+v (Albert first, then Dupont cash, then Dupont in kind)", i, gs[i], want[i])
		}
	}
}

func TestPlanCompanySplitsByFiscalYear(t *testing.T) {
	donors := map[int64]Donor{5: company(5, "Atelier Numérique", "06-30"), 6: company(6, "Boulangerie Martin", "12-31")}
	p := run(planInput{annual: true, year: 2026, donors: donors, candidates: []Candidate{
		gift(50, 5, 10000, "2026-02-01", donation.Numeraire),
		gift(51, 5, 20000, "2026-06-30", donation.Numeraire),
		gift(52, 5, 40000, "2026-07-01", donation.Numeraire),
		gift(60, 6, 7000, "2026-03-03", donation.Numeraire),
		gift(61, 6, 8000, "2026-11-03", donation.Numeraire),
	}})
	if err := p.Err(); err != nil {
		t.Fatalf("plan: %v", err)
	}
	var got []string
	for _, d := range p.Drafts {
		r := d.Receipt
		if r.Form.Code != "2041-MEC-SD" || r.Article200 || r.Article978 {
			t.Errorf("company receipt %+v: want 2041-MEC-SD without articles 200/978", r.Form)
		}
		got = append(got, r.Donor.CompanyName+" "+r.PeriodFrom+".."+r.PeriodTo+" "+r.Total.Plain())
	}
	want := []string{
		"Atelier Numérique 2026-01-01..2026-06-30 300,00",
		"Atelier Numérique 2026-07-01..2026-12-31 400,00",
		"Boulangerie Martin 2026-01-01..2026-12-31 150,00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("company receipts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSegmentLeapYearEnd(t *testing.T) {
	d := company(1, "X", "02-29")
	for _, tt := range []struct{ date, want string }{
		{"2026-02-28", "2026-01-01..2026-02-28"},
		{"2026-03-01", "2026-03-01..2026-12-31"},
		{"2028-02-29", "2028-01-01..2028-02-29"},
	} {
		s := segmentOf(d, tt.date)
		if got := s.from + ".." + s.to; got != tt.want {
			t.Errorf("segmentOf(%s) = %s, want %s", tt.date, got, tt.want)
		}
	}
}

func TestPlanArticle978OnlyWhenEligible(t *testing.T) {
	donors := map[int64]Donor{1: person(1, "Marie", "Dupont")}
	cands := []Candidate{gift(10, 1, 5000, "2026-03-01", donation.Numeraire), gift(11, 1, 9000, "2026-04-01", donation.InKind)}
	tests := []struct {
		name     string
		category string
		setting  bool
		want     []bool // per draft: cash, in kind
	}{
		{"ordinary association, setting on", "asso_1901_ig", true, []bool{false, false}},
		{"eligible category, setting off", "recherche", false, []bool{false, false}},
		{"eligible category, setting on: cash only", "recherche", true, []bool{true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prof := testProfile()
			prof.Category = tt.category
			st := defaultSettings()
			st.Article978 = tt.setting
			p := run(planInput{profile: prof, settings: st, annual: true, year: 2026, donors: donors, candidates: cands})
			if err := p.Err(); err != nil {
				t.Fatal(err)
			}
			for i, d := range p.Drafts {
				if d.Receipt.Article978 != tt.want[i] || !d.Receipt.Article200 {
					t.Errorf("draft %d (%s): 200=%v 978=%v, want 200 and 978=%v", i, d.Receipt.Lines[0].Nature,
						d.Receipt.Article200, d.Receipt.Article978, tt.want[i])
				}
				if d.Receipt.Issuer.IFIEligible != (tt.category == "recherche") {
					t.Errorf("issuer IFIEligible = %v", d.Receipt.Issuer.IFIEligible)
				}
			}
		})
	}
}

func TestPlanDateRule(t *testing.T) {
	c := gift(10, 1, 5000, "2026-12-30", donation.Numeraire)
	c.Gift.DateCashed = "2027-01-04"
	donors := map[int64]Donor{1: person(1, "Marie", "Dupont")}
	for _, tt := range []struct {
		rule DateRule
		year int
		want string
	}{{Cashed, 2027, "2027-01-04"}, {Received, 2026, "2026-12-30"}} {
		st := defaultSettings()
		st.DateRule = tt.rule
		p := run(planInput{settings: st, annual: true, year: tt.year, donors: donors, candidates: []Candidate{c}})
		if err := p.Err(); err != nil {
			t.Fatalf("%s: %v", tt.rule, err)
		}
		if got := p.Drafts[0].Receipt.Lines[0].Date; got != tt.want {
			t.Errorf("%s: line date %s, want %s", tt.rule, got, tt.want)
		}
	}
}

// TestMissingMentions lists every missing mention at once: the
// association's, each donor's and each gift's (golden).
func TestMissingMentions(t *testing.T) {
	prof := association.Profile{Name: "Les Jardins", Street: "12 rue des Envierges", City: "Paris",
		Category: "asso_1901_ig", SignerName: "Claire Dubois"}
	noAddress := person(1, "Marie", "Dupont")
	noAddress.Addresses = nil
	partial := person(2, "", "Martin")
	partial.Addresses = []contact.Address{{Street: "", Postcode: "7500", City: "Paris"}}
	co := company(3, "Atelier Numérique", "")
	co.LegalForm, co.SIREN = "", "732829321"
	commune := Donor{Contact: contact.Contact{ID: 4, Kind: contact.Organisation, OrgKind: contact.OrgPublicFunder, OrgName: "Commune de Lagny"}}
	erased := person(5, "Effacé", "Effacé")
	erased.Erased = true
	inKind := gift(20, 6, 9000, "2026-05-02", donation.InKind)
	inKind.Gift.ValuationMethod = ""
	fee := gift(21, 6, 2000, "2026-05-03", donation.Numeraire)
	fee.Gift.Membership, fee.Gift.Counterparts = true, 2000
	already := gift(22, 6, 1500, "2026-05-04", donation.Numeraire)
	already.Receipted = "2026-00007"
	frais := gift(23, 6, 4200, "2026-05-05", donation.ExpensesWaived)

	p := run(planInput{profile: prof, annual: true, year: 2026,
		donors: map[int64]Donor{1: noAddress, 2: partial, 3: co, 4: commune, 5: erased, 6: person(6, "Paul", "Petit")},
		candidates: []Candidate{
			gift(10, 1, 1000, "2026-01-10", donation.Numeraire),
			gift(11, 2, 1000, "2026-01-11", donation.Numeraire),
			gift(12, 3, 1000, "2026-01-12", donation.Numeraire),
			gift(13, 4, 1000, "2026-01-13", donation.Numeraire),
			gift(14, 5, 1000, "2026-01-14", donation.Numeraire),
			gift(15, 6, 1000, "2025-12-31", donation.Numeraire),
			gift(16, 7, 1000, "2026-01-16", donation.Numeraire),
			inKind, fee, already, frais,
		}})
	if len(p.Drafts) != 0 {
		t.Errorf("drafts = %d, want none", len(p.Drafts))
	}
	var b strings.Builder
	b.WriteString("Association :\n")
	for _, e := range p.Issuer {
		b.WriteString("  [" + e.Key + "] " + e.Message + "\n")
	}
	for _, bl := range p.Blocked {
		b.WriteString(bl.DonorName + " — dons")
		for _, id := range bl.GiftIDs {
			b.WriteString(" " + itoa(id))
		}
		b.WriteString(" :\n")
		for _, e := range bl.Errors {
			b.WriteString("  [" + e.Key + "] " + e.Message + "\n")
		}
	}
	golden(t, "missing-mentions", b.String())
	var m apperr.Multi
	if !errors.As(p.Err(), &m) || len(m) != 19 {
		t.Errorf("Err() = %v, want every problem in one apperr.Multi", p.Err())
	}
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestSingleReceiptPerGift(t *testing.T) {
	donors := map[int64]Donor{1: person(1, "Marie", "Dupont"), 5: company(5, "Atelier", "06-30")}
	p := run(planInput{donors: donors, candidates: []Candidate{
		gift(10, 1, 5000, "2026-03-01", donation.Numeraire),
		gift(11, 1, 2500, "2026-09-01", donation.Numeraire),
		gift(12, 5, 2500, "2026-09-01", donation.Numeraire),
	}})
	if err := p.Err(); err != nil {
		t.Fatal(err)
	}
	if len(p.Drafts) != 3 {
		t.Fatalf("drafts = %d, want one per gift", len(p.Drafts))
	}
	for _, d := range p.Drafts {
		r := d.Receipt
		if r.Annual || len(r.Lines) != 1 || r.PeriodFrom != "" || r.PeriodYear != 2026 {
			t.Errorf("single receipt %+v: want one line, not annual, no period", r)
		}
	}
}

func TestParseMonthDay(t *testing.T) {
	for in, want := range map[string]string{"12-31": "12-31", "31/12": "12-31", "06-30": "06-30", "29/02": "02-29",
		"02-30": "", "13-01": "", "": "", "1231": "", "00-10": ""} {
		got, ok := ParseMonthDay(in)
		if ok != (want != "") || got != want {
			t.Errorf("ParseMonthDay(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"DUPONT Marie":                      "DUPONT-Marie",
		"LEFÈVRE Marie-Hélène":              "LEFEVRE-Marie-Helene",
		"Boulangerie Lœuf & Fils, S.A.R.L.": "Boulangerie-Loeuf-Fils-S-A-R-L",
		"../../etc/passwd":                  "etc-passwd",
		"Łukasz Wołoszyński":                "ukasz-Wo-oszynski",
		"":                                  "",
		"日本":                                "",
		"Aaaaaaaaaa Bbbbbbbbbb Cccccccccc Dddddddddd Eeeee": "Aaaaaaaaaa-Bbbbbbbbbb-Cccccccccc-Ddddddd",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOnlyCompaniesAmongOrganisations: public bodies, foundations and
// partner associations give grants, which take no tax receipt; a company
// (or an organisation of another kind) is checked for Cerfa 16216.
func TestOnlyCompaniesAmongOrganisations(t *testing.T) {
	tests := []struct {
		kind    contact.OrgKind
		wantKey string // "" when the donor may be receipted
	}{
		{contact.OrgPublicFunder, "receipt.donor_public_funder"},
		{contact.OrgFoundation, "receipt.donor_not_company"},
		{contact.OrgAssociation, "receipt.donor_not_company"},
		{contact.OrgCompany, ""},
		{contact.OrgOther, ""},
	}
	for _, tt := range tests {
		d := company(3, "Donatrice", "732829320")
		d.OrgKind = tt.kind
		d.LegalForm, d.FiscalYearEnd = "SAS", "12-31"
		var keys []string
		for _, e := range donorProblems(d, true, true) {
			keys = append(keys, e.Key)
		}
		switch {
		case tt.wantKey == "" && len(keys) != 0:
			t.Errorf("org kind %q: problems %q, want none", tt.kind, keys)
		case tt.wantKey != "" && (len(keys) != 1 || keys[0] != tt.wantKey):
			t.Errorf("org kind %q: problems %q, want only %s", tt.kind, keys, tt.wantKey)
		}
	}
}
