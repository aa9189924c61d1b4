package sponsor

import (
	"fmt"

	"github.com/bureau-asso/bureau/internal/money"
)

// CounterpartLimitPercent is the share of a company's gift that its
// counterparts may reach: « dans la limite de 25 % du don », with no flat
// cap (receipts-law R4.12; culture.gouv.fr « Le régime fiscal général »).
// The 73 € cap of R4.11 applies to individuals, never to a sponsor case.
const CounterpartLimitPercent = 25

// Ratio is a share in basis points: hundredths of a percent, 2500 = 25 %.
type Ratio int64

// String formats r the French way: "25 %", "25,01 %", with U+00A0 before
// the sign.
func (r Ratio) String() string {
	if r%100 == 0 {
		return fmt.Sprintf("%d\u00a0%%", r/100)
	}
	return fmt.Sprintf("%d,%02d\u00a0%%", r/100, r%100)
}

// CounterpartWarning compares counterparts worth counterparts with a gift
// (R4.12). It warns when they exceed 25 % of the gift, compared exactly in
// integer cents (4 × counterparts > gift): exactly 25 % is allowed, one
// cent more is not. ratio is counterparts / gift in basis points, rounded
// up, so that a share above 25 % never shows as 25 %. With no gift
// (gift ≤ 0) the ratio is 0 and any counterpart warns.
func CounterpartWarning(gift, counterparts money.Cents) (warn bool, ratio Ratio) {
	if gift <= 0 {
		return counterparts > 0, 0
	}
	warn = 100*int64(counterparts) > CounterpartLimitPercent*int64(gift)
	ratio = Ratio((int64(counterparts)*10_000 + int64(gift) - 1) / int64(gift))
	return warn, ratio
}

// Basis says which amount counterparts were compared with.
type Basis string

// Bases of comparison.
const (
	// BasisGifts is the sum of the gifts received from the organisation in
	// the case's year: what the sponsor actually gave.
	BasisGifts Basis = "gifts"
	// BasisExpected is the case's expected amount, used while nothing has
	// been received yet.
	BasisExpected Basis = "expected"
)

// Warning is a case whose counterparts exceed 25 % of the gift.
type Warning struct {
	Case         Case
	Basis        Basis
	Gift         money.Cents // the amount compared with, see Basis
	Counterparts money.Cents // every counterpart, delivered or not
	Ratio        Ratio
}

// CheckCounterparts compares the counterparts of c with the gift of its
// year. received is the sum of the gifts recorded from the organisation in
// c.Year; when it is zero (the money has not come yet), the expected
// amount stands in for it, so that a convention promising too much is
// caught before it is signed. It returns the warning and whether there is
// one.
func CheckCounterparts(c Case, received money.Cents) (Warning, bool) {
	w := Warning{Case: c, Basis: BasisGifts, Gift: received, Counterparts: c.CounterpartTotal()}
	if received <= 0 {
		w.Basis, w.Gift = BasisExpected, c.Expected
	}
	warn, ratio := CounterpartWarning(w.Gift, w.Counterparts)
	w.Ratio = ratio
	return w, warn
}
