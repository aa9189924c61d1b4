package money_test

import (
	"math"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/money"
)

// nb writes s with U+00A0 in place of its spaces, to keep wants readable.
func nb(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }

func TestFormat(t *testing.T) {
	tests := []struct {
		in                   money.Cents
		str, plain, dot, frm string
	}{
		{0, nb("0,00 €"), "0,00", "0.00", nb("***0,00 €***")},
		{5, nb("0,05 €"), "0,05", "0.05", nb("***0,05 €***")},
		{50, nb("0,50 €"), "0,50", "0.50", nb("***0,50 €***")},
		{100, nb("1,00 €"), "1,00", "1.00", nb("***1,00 €***")},
		{99_999, nb("999,99 €"), "999,99", "999.99", nb("***999,99 €***")},
		{100_000, nb("1 000,00 €"), "1000,00", "1000.00", nb("***1 000,00 €***")},
		{123_456, nb("1 234,56 €"), "1234,56", "1234.56", nb("***1 234,56 €***")},
		{12_345_678, nb("123 456,78 €"), "123456,78", "123456.78", nb("***123 456,78 €***")},
		{100_000_000, nb("1 000 000,00 €"), "1000000,00", "1000000.00", nb("***1 000 000,00 €***")},
		{99_999_999_999_999, nb("999 999 999 999,99 €"), "999999999999,99", "999999999999.99", nb("***999 999 999 999,99 €***")},
		{-5, nb("-0,05 €"), "-0,05", "-0.05", nb("***-0,05 €***")},
		{-123_456, nb("-1 234,56 €"), "-1234,56", "-1234.56", nb("***-1 234,56 €***")},
		{math.MaxInt64, nb("92 233 720 368 547 758,07 €"), "92233720368547758,07", "92233720368547758.07", nb("***92 233 720 368 547 758,07 €***")},
		{math.MinInt64, nb("-92 233 720 368 547 758,08 €"), "-92233720368547758,08", "-92233720368547758.08", nb("***-92 233 720 368 547 758,08 €***")},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.str {
			t.Errorf("Cents(%d).String() = %q, want %q", int64(tt.in), got, tt.str)
		}
		if got := tt.in.Plain(); got != tt.plain {
			t.Errorf("Cents(%d).Plain() = %q, want %q", int64(tt.in), got, tt.plain)
		}
		if got := tt.in.Dot(); got != tt.dot {
			t.Errorf("Cents(%d).Dot() = %q, want %q", int64(tt.in), got, tt.dot)
		}
		if got := tt.in.Framed(); got != tt.frm {
			t.Errorf("Cents(%d).Framed() = %q, want %q", int64(tt.in), got, tt.frm)
		}
	}
}

// TestFormatParse checks that every format Bureau writes is read back.
func TestFormatParse(t *testing.T) {
	for _, c := range []money.Cents{0, 1, 99, 100, 123_456, 100_000_000, -1, -123_456, 99_999_999_999_999, -99_999_999_999_999} {
		for _, s := range []string{c.String(), c.Plain(), c.Dot()} {
			got, err := money.Parse(s)
			if err != nil || got != c {
				t.Errorf("Parse(%q) = %d, %v, want %d", s, got, err, c)
			}
		}
	}
}
