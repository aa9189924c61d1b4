package donation_test

import (
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

func TestCounterpartCapOn(t *testing.T) {
	tests := []struct {
		date   string
		want   money.Cents
		wantOK bool
	}{
		{"2010-12-31", 0, false},
		{"2011-01-01", 65_00, true},
		{"2015-12-31", 65_00, true},
		{"2016-01-01", 69_00, true},
		{"2020-12-31", 69_00, true},
		{"2021-01-01", 73_00, true},
		{"2026-06-15", 73_00, true},
	}
	for _, tt := range tests {
		got, ok := donation.CounterpartCapOn(tt.date)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("CounterpartCapOn(%s) = %d, %v; want %d, %v", tt.date, got, ok, tt.want, tt.wantOK)
		}
	}
	if caps := donation.CounterpartCaps(); len(caps) != 3 || caps[2].Source == "" {
		t.Errorf("CounterpartCaps() = %+v, want three dated caps with sources", caps)
	}
}

func TestCounterpartWarning(t *testing.T) {
	gift := func(amount, counterparts money.Cents, date string) donation.Gift {
		return donation.Gift{DonorID: 1, Amount: amount, Counterparts: counterparts, DateReceived: date, Method: donation.Cheque}
	}
	tests := []struct {
		name   string
		g      donation.Gift
		others money.Cents
		want   []string // substrings, one per warning
	}{
		{"no counterpart", gift(100_00, 0, "2026-03-01"), 0, nil},
		{"exactly 25 %", gift(100_00, 25_00, "2026-03-01"), 0, nil},
		{"one cent above 25 %", gift(100_00, 25_01, "2026-03-01"), 0, []string{"dépassent 25 % du don de 100,00\u00a0€"}},
		{"59 € gift, 14,75 € allowed (R4.11)", gift(59_00, 14_75, "2026-03-01"), 0, nil},
		{"59 € gift, 14,76 €", gift(59_00, 14_76, "2026-03-01"), 0, []string{"14,75\u00a0€ au plus"}},
		{"yearly cap reached exactly", gift(400_00, 23_00, "2026-03-01"), 50_00, nil},
		{"yearly cap passed by one cent", gift(400_00, 23_01, "2026-03-01"), 50_00, []string{"plafond annuel de 73,00\u00a0€"}},
		{"a 2020 gift uses 69 €", gift(400_00, 20_00, "2020-12-31"), 50_00, []string{"plafond annuel de 69,00\u00a0€"}},
		{"a 2021 gift uses 73 €", gift(400_00, 20_00, "2021-01-01"), 50_00, nil},
		{"both limits", gift(100_00, 80_00, "2026-03-01"), 0, []string{"dépassent 25", "plafond annuel"}},
		{"membership fee: deducted, no warning", donation.Gift{Amount: 30_00, Counterparts: 30_00,
			DateReceived: "2026-03-01", Membership: true}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := donation.CounterpartWarning(tt.g, tt.others)
			if len(got) != len(tt.want) {
				t.Fatalf("CounterpartWarning = %q, want %d warnings", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}
