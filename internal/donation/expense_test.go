package donation_test

import (
	"slices"
	"testing"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// scale2024 is part of the scale seeded by 0006_register.sql (the store
// tests check the seed against the same amounts).
func scale2024() []donation.KmRate {
	r := func(v donation.Vehicle, hpMin, hpMax, kmMax int, rate int64, fixed money.Cents) donation.KmRate {
		return donation.KmRate{EffectiveFrom: "2024-01-01", Vehicle: v, HPMin: hpMin, HPMax: hpMax, KmMax: kmMax,
			RateMillicentsPerKm: rate, Fixed: fixed, ElectricBonusPercent: 20}
	}
	return []donation.KmRate{
		// Listed out of order on purpose: the band is chosen by KmMax.
		r(donation.Car, 0, 3, 0, 37000, 0),
		r(donation.Car, 0, 3, 20000, 31600, 1065_00),
		r(donation.Car, 0, 3, 5000, 52900, 0),
		r(donation.Car, 4, 4, 5000, 60600, 0),
		r(donation.Car, 5, 5, 5000, 63600, 0),
		r(donation.Car, 5, 5, 20000, 35700, 1395_00),
		r(donation.Car, 5, 5, 0, 42700, 0),
		r(donation.Car, 7, 0, 5000, 69700, 0),
		r(donation.Motorbike, 0, 2, 3000, 39500, 0),
		r(donation.Motorbike, 0, 2, 6000, 9900, 891_00),
		r(donation.Motorbike, 0, 2, 0, 24800, 0),
		r(donation.Moped, 0, 0, 3000, 31500, 0),
	}
}

func TestKmAmount(t *testing.T) {
	scale := scale2024()
	tests := []struct {
		name     string
		vehicle  donation.Vehicle
		hp, km   int
		electric bool
		yearKm   int
		want     money.Cents
	}{
		// Car, 3 CV: d × 0,529 / d × 0,316 + 1 065 / d × 0,370.
		{"5 000 km: first band", donation.Car, 3, 5000, false, 5000, 2645_00},
		{"5 001 km: second band", donation.Car, 3, 5001, false, 5001, 2645_32}, // 2 645,316
		{"20 000 km: second band", donation.Car, 3, 20000, false, 20000, 7385_00},
		{"20 001 km: third band", donation.Car, 3, 20001, false, 20001, 7400_37},
		{"electric +20 %, 5 000 km", donation.Car, 3, 5000, true, 5000, 3174_00},
		{"electric +20 %, 5 001 km", donation.Car, 3, 5001, true, 5001, 3174_38}, // 3 174,3792
		{"2 CV is in « 3 CV and less »", donation.Car, 2, 100, false, 0, 52_90},
		{"year distance raised to the trip", donation.Car, 5, 6000, false, 100, 3537_00},
		{"share of a year in the second band", donation.Car, 5, 100, false, 6000, 58_95}, // 3 537 × 100 / 6 000
		{"7 CV and more", donation.Car, 11, 1000, false, 1000, 697_00},
		{"rounding: 60,6 cents up", donation.Car, 4, 1, false, 1, 61},
		{"rounding: 72,72 cents up", donation.Car, 4, 1, true, 1, 73},
		{"rounding: half a cent up", donation.Car, 3, 5, false, 5, 2_65}, // 264,5 cents
		{"rounding: 158,7 cents", donation.Car, 3, 3, false, 3, 1_59},
		// Motorbike 1–2 CV: bands at 3 000 and 6 000 km.
		{"motorbike 3 000 km", donation.Motorbike, 1, 3000, false, 3000, 1185_00},
		{"motorbike 3 001 km", donation.Motorbike, 1, 3001, false, 3001, 1188_10}, // 1 188,099
		{"motorbike 6 000 km", donation.Motorbike, 2, 6000, false, 6000, 1485_00},
		{"motorbike 6 001 km", donation.Motorbike, 2, 6001, false, 6001, 1488_25}, // 1 488,248
		{"moped, any power", donation.Moped, 0, 3000, false, 3000, 945_00},
		{"no row for 4 CV above 5 000 km", donation.Car, 4, 6000, false, 6000, 0},
		{"motorbike of 3 CV: no row here", donation.Motorbike, 3, 100, false, 100, 0},
		{"unknown vehicle", donation.Vehicle("truck"), 5, 100, false, 100, 0},
		{"no distance", donation.Car, 5, 0, false, 100, 0},
	}
	for _, tt := range tests {
		got := donation.KmAmount(scale, tt.vehicle, tt.hp, tt.km, tt.electric, tt.yearKm)
		if got != tt.want {
			t.Errorf("%s: KmAmount(%s, %d CV, %d km, electric %v, year %d km) = %d, want %d",
				tt.name, tt.vehicle, tt.hp, tt.km, tt.electric, tt.yearKm, got, tt.want)
		}
	}
}

func TestScaleOn(t *testing.T) {
	rates := []donation.KmRate{
		{EffectiveFrom: "2024-01-01", Vehicle: donation.Car, RateMillicentsPerKm: 1},
		{EffectiveFrom: "2026-01-01", Vehicle: donation.Car, RateMillicentsPerKm: 2},
		{EffectiveFrom: "2024-01-01", Vehicle: donation.Moped, RateMillicentsPerKm: 3},
	}
	tests := []struct {
		date        string
		wantVersion string
		wantRates   []int64
	}{
		{"2023-12-31", "", nil},
		{"2024-01-01", "2024-01-01", []int64{1, 3}},
		{"2025-12-31", "2024-01-01", []int64{1, 3}},
		{"2026-01-01", "2026-01-01", []int64{2}},
	}
	for _, tt := range tests {
		s, ok := donation.ScaleOn(rates, tt.date)
		var got []int64
		for _, r := range s.Rates {
			got = append(got, r.RateMillicentsPerKm)
		}
		if s.EffectiveFrom != tt.wantVersion || ok != (tt.wantVersion != "") || !slices.Equal(got, tt.wantRates) {
			t.Errorf("ScaleOn(%s) = %s %v, %v; want %s %v", tt.date, s.EffectiveFrom, got, ok, tt.wantVersion, tt.wantRates)
		}
	}
}

func TestExpenseLineValidate(t *testing.T) {
	km := donation.ExpenseLine{Date: "2026-03-02", Description: "Tours – Amboise, atelier compost", Kind: donation.KmLine,
		Km: 52, Vehicle: donation.Car, FiscalHP: 5}
	tests := []struct {
		name     string
		l        donation.ExpenseLine
		wantKeys []string
	}{
		{"km line", km, nil},
		{"expense line", donation.ExpenseLine{Date: "2026-03-02", Description: "Graines", Kind: donation.ExpenseItem, Amount: 12_50}, nil},
		{"moped needs no power", donation.ExpenseLine{Date: "2026-03-02", Description: "Trajet", Kind: donation.KmLine,
			Km: 5, Vehicle: donation.Moped}, nil},
		{"car without power", func() donation.ExpenseLine { l := km; l.FiscalHP = 0; return l }(), []string{"expense.hp_missing"}},
		{"no km, unknown vehicle", func() donation.ExpenseLine { l := km; l.Km, l.Vehicle = 0, "bus"; return l }(),
			[]string{"expense.km_not_positive", "expense.vehicle_unknown"}},
		{"expense without amount, bad date", donation.ExpenseLine{Date: "02/03/2026", Description: "Graines", Kind: donation.ExpenseItem},
			[]string{"expense.line_date_invalid", "expense.amount_not_positive"}},
		{"no description, no kind", donation.ExpenseLine{Date: "2026-03-02"},
			[]string{"expense.line_description_missing", "expense.kind_unknown"}},
	}
	for _, tt := range tests {
		if got := keysOf(tt.l.Validate()); !slices.Equal(got, tt.wantKeys) {
			t.Errorf("%s: Validate keys = %q, want %q", tt.name, got, tt.wantKeys)
		}
	}
}

func TestDetectDocumentMIME(t *testing.T) {
	tests := []struct {
		data   string
		want   string
		wantOK bool
	}{
		{"%PDF-1.7\n", "application/pdf", true},
		{"\x89PNG\r\n\x1a\n\x00\x00", "image/png", true},
		{"\xff\xd8\xff\xe0JFIF", "image/jpeg", true},
		{"GIF89a", "image/gif", true},
		{"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp", true},
		{"II*\x00", "image/tiff", true},
		{"PK\x03\x04 a Word file", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := donation.DetectDocumentMIME([]byte(tt.data))
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("DetectDocumentMIME(%q) = %q, %v; want %q, %v", tt.data, got, ok, tt.want, tt.wantOK)
		}
	}
}
