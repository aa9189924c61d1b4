package donation

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/bureau-asso/bureau/assets"
	"github.com/bureau-asso/bureau/internal/money"
)

// counterpartsFile holds the counterpart rule for individuals as dated
// data (receipts-law.md R4.11).
const counterpartsFile = "legal/counterparts.json"

// CounterpartCap is the yearly flat cap on the counterparts an individual
// may receive, in force from EffectiveFrom.
type CounterpartCap struct {
	EffectiveFrom string      `json:"effective_from"` // YYYY-MM-DD
	Cap           money.Cents `json:"cap_cents"`
	Source        string      `json:"source"`
}

type counterpartRule struct {
	Percent int              `json:"percent"`
	Caps    []CounterpartCap `json:"caps"`
}

// counterparts is loaded once; the embedded file is part of the program,
// so a malformed one is a programming error that the tests catch.
var counterparts = mustLoadCounterparts(assets.Legal, counterpartsFile)

func mustLoadCounterparts(fsys fs.FS, name string) counterpartRule {
	r, err := loadCounterparts(fsys, name)
	if err != nil {
		panic(err)
	}
	return r
}

// loadCounterparts reads and checks the counterpart rule: a percentage
// and caps with valid, strictly increasing dates and positive amounts.
func loadCounterparts(fsys fs.FS, name string) (counterpartRule, error) {
	var r counterpartRule
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return r, fmt.Errorf("read %s: %w", name, err)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("parse %s: %w", name, err)
	}
	if r.Percent <= 0 || r.Percent >= 100 {
		return r, fmt.Errorf("%s: percent %d out of range", name, r.Percent)
	}
	if len(r.Caps) == 0 {
		return r, fmt.Errorf("%s: no cap", name)
	}
	for i, c := range r.Caps {
		if _, err := time.Parse(time.DateOnly, c.EffectiveFrom); err != nil {
			return r, fmt.Errorf("%s: cap %d: effective_from %q: %w", name, i+1, c.EffectiveFrom, err)
		}
		if c.Cap <= 0 || c.Source == "" {
			return r, fmt.Errorf("%s: cap %d: needs a positive amount and a source", name, i+1)
		}
		if i > 0 && c.EffectiveFrom <= r.Caps[i-1].EffectiveFrom {
			return r, fmt.Errorf("%s: caps must be in increasing date order", name)
		}
	}
	return r, nil
}

// CounterpartCaps returns the dated caps, oldest first.
func CounterpartCaps() []CounterpartCap { return slices.Clone(counterparts.Caps) }

// CounterpartCapOn returns the cap in force on date (YYYY-MM-DD); ok is
// false before the first recorded cap.
func CounterpartCapOn(date string) (amount money.Cents, ok bool) {
	for _, c := range counterparts.Caps {
		if c.EffectiveFrom <= date {
			amount, ok = c.Cap, true
		}
	}
	return amount, ok
}

// CounterpartWarning checks the counterparts of g, a gift by an
// individual, against R4.11: they may be worth at most 25 % of the gift
// (exactly 25 % is allowed: 4 × counterparts ≤ amount, in integer cents)
// and, with those of the donor's other gifts of the same calendar year,
// at most the flat cap in force on g's date received (65 € from 2011,
// 69 € from 2016, 73 € from 2021: assets/legal/counterparts.json).
// yearCounterpartsOfDonor is the value of the counterparts of the donor's
// OTHER gifts received in the same calendar year, g excluded.
//
// It returns one French sentence per broken limit, none when the rule
// holds. A membership fee gets none: its counterpart is deducted from
// what is receipted (Receiptable). Companies have the 25 % limit only
// (sponsor.CounterpartWarning).
func CounterpartWarning(g Gift, yearCounterpartsOfDonor money.Cents) []string {
	if g.Membership || g.Counterparts <= 0 {
		return nil
	}
	var out []string
	if 100*int64(g.Counterparts) > int64(counterparts.Percent)*int64(g.Amount) {
		out = append(out, fmt.Sprintf(
			"Les contreparties (%s) dépassent %d %% du don de %s (%s au plus) : le don risque de ne pas ouvrir droit à la réduction d'impôt. Réduisez les contreparties, ou n'établissez pas de reçu pour ce don.",
			g.Counterparts, counterparts.Percent, g.Amount, maxShare(g.Amount, counterparts.Percent)))
	}
	if c, ok := CounterpartCapOn(g.DateReceived); ok {
		if year := yearCounterpartsOfDonor + g.Counterparts; year > c {
			out = append(out, fmt.Sprintf(
				"Les contreparties reçues par ce donateur en %s (%s) dépassent le plafond annuel de %s : le don risque de ne pas ouvrir droit à la réduction d'impôt. Réduisez les contreparties de cette année, ou n'établissez pas de reçu pour ce don.",
				g.DateReceived[:4], year, c))
		}
	}
	return out
}

// maxShare is percent % of amount, rounded down to the cent: the largest
// counterpart allowed.
func maxShare(amount money.Cents, percent int) money.Cents {
	return money.Cents(int64(amount) * int64(percent) / 100)
}
