package sponsor_test

import (
	"testing"

	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

func TestCounterpartWarning(t *testing.T) {
	tests := []struct {
		name               string
		gift, counterparts money.Cents
		wantWarn           bool
		wantRatio          sponsor.Ratio
	}{
		{"exactly 25 %", 10_000_00, 2_500_00, false, 2500},
		{"25 % and one cent", 10_000_00, 2_500_01, true, 2501},
		{"just under 25 %", 10_000_00, 2_499_99, false, 2500},
		{"5 %", 10_000_00, 500_00, false, 500},
		{"no counterpart", 10_000_00, 0, false, 0},
		{"odd gift: 25 % is 14,75 €", 59_00, 14_75, false, 2500},
		{"odd gift: 14,76 € is too much", 59_00, 14_76, true, 2502},
		{"gift of 1 cent, counterpart of 1 cent", 1, 1, true, 10_000},
		{"gift of 3 cents, counterpart 1 cent: 33,34 %", 3, 1, true, 3334},
		{"gift of 4 cents, counterpart 1 cent: 25 %", 4, 1, false, 2500},
		{"counterparts above the gift", 1_000_00, 1_500_00, true, 15_000},
		{"no gift, no counterpart", 0, 0, false, 0},
		{"no gift, a counterpart", 0, 1, true, 0},
		{"large amounts do not overflow", 999_999_999_999_99, 250_000_000_000_00, true, 2501},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warn, ratio := sponsor.CounterpartWarning(tt.gift, tt.counterparts)
			if warn != tt.wantWarn || ratio != tt.wantRatio {
				t.Errorf("CounterpartWarning(%d, %d) = %v, %d, want %v, %d",
					tt.gift, tt.counterparts, warn, ratio, tt.wantWarn, tt.wantRatio)
			}
		})
	}
}

func TestRatioString(t *testing.T) {
	tests := []struct {
		in   sponsor.Ratio
		want string
	}{
		{2500, "25\u00a0%"},
		{2501, "25,01\u00a0%"},
		{3333, "33,33\u00a0%"},
		{5, "0,05\u00a0%"},
		{0, "0\u00a0%"},
		{15_000, "150\u00a0%"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Ratio(%d).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckCounterparts(t *testing.T) {
	c := sponsor.Case{Expected: 10_000_00, Counterparts: []sponsor.Counterpart{
		{Item: "Logo sur les panneaux", Value: 2_000_00, Delivered: true, DeliveredOn: "2026-04-01"},
		{Item: "Dix places au dîner", Value: 600_00}, // promised, not delivered: it counts
	}}
	tests := []struct {
		name      string
		received  money.Cents
		wantWarn  bool
		wantBasis sponsor.Basis
		wantGift  money.Cents
	}{
		{"nothing received: compared with the expected amount", 0, true, sponsor.BasisExpected, 10_000_00},
		{"received more than expected", 12_000_00, false, sponsor.BasisGifts, 12_000_00},
		{"received less than expected", 8_000_00, true, sponsor.BasisGifts, 8_000_00},
		{"received exactly four times the counterparts", 10_400_00, false, sponsor.BasisGifts, 10_400_00},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, warn := sponsor.CheckCounterparts(c, tt.received)
			if warn != tt.wantWarn || w.Basis != tt.wantBasis || w.Gift != tt.wantGift || w.Counterparts != 2_600_00 {
				t.Errorf("CheckCounterparts(received %d) = %+v, %v; want basis %s, gift %d, counterparts 2 600 €, warn %v",
					tt.received, w, warn, tt.wantBasis, tt.wantGift, tt.wantWarn)
			}
		})
	}
}
