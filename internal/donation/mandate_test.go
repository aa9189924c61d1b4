package donation_test

import (
	"slices"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/donation"
)

func TestMandateGiftFor(t *testing.T) {
	m := donation.Mandate{ID: 4, DonorID: 9, Amount: 15_00, DayOfMonth: 5, StartDate: "2026-02-10",
		EndDate: "2026-06-05", Reference: "RUM-0004", Method: donation.DirectDebit, Campaign: "Hiver", Active: true}
	tests := []struct {
		name        string
		m           donation.Mandate
		year        int
		month       time.Month
		wantDate    string
		wantCreated bool
	}{
		{"before the start", m, 2026, time.January, "", false},
		{"start month, day before the start", m, 2026, time.February, "", false},
		{"first month", m, 2026, time.March, "2026-03-05", true},
		{"last day included", m, 2026, time.June, "2026-06-05", true},
		{"after the end", m, 2026, time.July, "", false},
		{"inactive", func() donation.Mandate { x := m; x.Active = false; return x }(), 2026, time.April, "", false},
		{"no end", func() donation.Mandate { x := m; x.EndDate = ""; return x }(), 2031, time.December, "2031-12-05", true},
	}
	for _, tt := range tests {
		g, ok := tt.m.GiftFor(tt.year, tt.month)
		if ok != tt.wantCreated || g.DateReceived != tt.wantDate {
			t.Errorf("%s: GiftFor(%d, %d) = %q, %v; want %q, %v", tt.name, tt.year, tt.month, g.DateReceived, ok, tt.wantDate, tt.wantCreated)
		}
	}
	g, _ := m.GiftFor(2026, time.March)
	want := donation.Gift{DonorID: 9, Amount: 15_00, DateReceived: "2026-03-05", Method: donation.DirectDebit,
		Nature: donation.Numeraire, Forme: donation.DonManuel, Campaign: "Hiver", Source: "mandate",
		Reference: "mandate-4-2026-03", Note: "Don mensuel, mandat RUM-0004", MandateID: 4}
	if g != want {
		t.Errorf("GiftFor(2026, 3) =\n%+v\nwant\n%+v", g, want)
	}
}

func TestMandateValidate(t *testing.T) {
	ok := donation.Mandate{DonorID: 1, Amount: 10_00, DayOfMonth: 28, StartDate: "2026-01-01"}
	tests := []struct {
		name     string
		m        donation.Mandate
		wantKeys []string
	}{
		{"valid", ok, nil},
		{"day 29", func() donation.Mandate { x := ok; x.DayOfMonth = 29; return x }(), []string{"mandate.day_invalid"}},
		{"day 0, no amount", func() donation.Mandate { x := ok; x.DayOfMonth, x.Amount = 0, 0; return x }(),
			[]string{"mandate.amount_not_positive", "mandate.day_invalid"}},
		{"end before start", func() donation.Mandate { x := ok; x.EndDate = "2025-12-31"; return x }(), []string{"mandate.end_before_start"}},
		{"no donor, bad start", donation.Mandate{Amount: 1, DayOfMonth: 1, StartDate: "1/1/2026"},
			[]string{"mandate.donor_missing", "mandate.start_invalid"}},
	}
	for _, tt := range tests {
		if got := keysOf(tt.m.Validate()); !slices.Equal(got, tt.wantKeys) {
			t.Errorf("%s: Validate keys = %q, want %q", tt.name, got, tt.wantKeys)
		}
	}
}
