package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/money"
)

// seedGifts records three gifts in 2026 and one in 2025 (testNow is in
// June 2026).
func seedGifts(t *testing.T, c *core.Core) {
	t.Helper()
	a := addPerson(t, c, "Hélène", "Dupont", "", "Orléans")
	b := addPerson(t, c, "Paul", "Martin", "", "Tours")
	addOrg(t, c, "Boulangerie Martin", contact.OrgCompany)
	addGift(t, c, a, 10_000, "2026-01-20")
	addGift(t, c, b, 5_050, "2026-03-02")
	addGift(t, c, a, 2_500, "2026-03-30")
	addGift(t, c, b, 2_000, "2025-12-24")
}

func TestDashboardShowsSeededFigures(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	seedGifts(t, c)
	w := test.NewTempWindow(t, nil)
	settings := 0
	d := newDashboard(testEnv(t, w), dashboardServices{contacts: c.Contacts, gifts: c.Gifts, profile: c.Association},
		func() { settings++ })
	w.SetContent(d.view())
	d.refresh(func() {})

	for _, tc := range []struct{ name, got, want string }{
		{"people", d.people.Text, "2 personnes"},
		{"organisations", d.orgs.Text, "1 organisation"},
		{"this year's title", d.thisCard.Title, "Dons 2026"},
		{"this year's total", d.thisTotal.Text, money.Cents(17_550).String()},
		{"this year's count", d.thisCount.Text, "3 dons"},
		{"last year's title", d.lastCard.Title, "Dons 2025"},
		{"last year's total", d.lastTotal.Text, "20,00\u00a0€"},
		{"last year's count", d.lastCount.Text, "1 don"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if want := [12]money.Cents{10_000, 0, 7_550}; d.chart.values != want {
		t.Errorf("chart = %v, want %v", d.chart.values, want)
	}
	// An empty profile lacks everything receipts need.
	if len(d.missingList.Objects) == 0 || !strings.HasPrefix(d.missingTitle.Text, "Avant d'émettre") {
		t.Errorf("missing card: title %q, %d lines", d.missingTitle.Text, len(d.missingList.Objects))
	}
	test.Tap(d.missingButton)
	if settings != 1 {
		t.Errorf("the button did not lead to Réglages")
	}
}

func TestDonationsByYearAndMonth(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	seedGifts(t, c)
	w := test.NewTempWindow(t, nil)
	d := newDonationsScreen(testEnv(t, w), c.Gifts)
	w.SetContent(d.view())
	d.refresh(func() {})

	if len(d.years) != 2 || d.years[0].Year != 2026 || d.years[0].Count != 3 || d.years[1].Total != 2_000 {
		t.Errorf("years = %+v", d.years)
	}
	if d.year != 2026 || d.monthTitle.Text != "Dons de 2026 par mois" {
		t.Errorf("chosen year %d, title %q", d.year, d.monthTitle.Text)
	}
	if got := d.monthRows[2].Text; got != money.Cents(7_550).String() {
		t.Errorf("March = %q", got)
	}
	if got := d.monthTotal.Text; got != money.Cents(17_550).String() {
		t.Errorf("total = %q", got)
	}

	d.yearList.Select(1)
	if d.year != 2025 || d.monthRows[11].Text != "20,00\u00a0€" || d.monthRows[0].Text != "0,00\u00a0€" {
		t.Errorf("2025: year %d, December %q, January %q", d.year, d.monthRows[11].Text, d.monthRows[0].Text)
	}
}

func TestShortEuros(t *testing.T) {
	for _, tc := range []struct {
		in   money.Cents
		want string
	}{
		{0, "0\u00a0€"}, {49, "0\u00a0€"}, {50, "1\u00a0€"}, {123_456, "1\u00a0235\u00a0€"},
	} {
		if got := shortEuros(tc.in); got != tc.want {
			t.Errorf("shortEuros(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
