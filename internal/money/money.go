// Package money handles amounts of euros as integer cents: parsing what
// users type, French formatting and amounts in words for tax receipts.
// It imports only the standard library and apperr.
package money

import (
	"strconv"
	"strings"
)

// Cents is an amount of money in euro cents. Amounts are never float64:
// a receipt must show exactly what was given.
type Cents int64

// nbsp separates groups of digits and the "€" sign. U+00A0 rather than
// the typographic U+202F, because PDF fonts and Windows consoles render
// it reliably, and the figures never break across lines.
const nbsp = "\u00a0"

// String formats c the French way: "1 234,56 €", with U+00A0 between
// groups of three digits and before "€"; negative amounts start with "-".
func (c Cents) String() string {
	return c.format(nbsp, ",") + nbsp + "€"
}

// Plain formats c as "1234,56", without separators or symbol, for CSV
// files read by French spreadsheets.
func (c Cents) Plain() string {
	return c.format("", ",")
}

// Dot formats c as "1234.56", for CSV files and programs that expect a
// decimal point.
func (c Cents) Dot() string {
	return c.format("", ".")
}

// Framed formats c as String does, framed by asterisks: "***1 234,56 €***".
// Framed figures alone satisfy the amount rule for computer-generated
// receipts (receipts-law R9.7, R2.2). The spaces are U+00A0 like in
// String, so the framed amount never breaks across lines.
func (c Cents) Framed() string {
	return "***" + c.String() + "***"
}

// format writes the absolute value of c with group between groups of
// three digits of the integer part and decimal before the two cent digits.
func (c Cents) format(group, decimal string) string {
	u := uint64(c)
	if c < 0 {
		u = -u // two's complement: also correct for the smallest int64
	}
	digits := strconv.FormatUint(u/100, 10)
	var b strings.Builder
	if c < 0 {
		b.WriteByte('-')
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteByte(digits[i])
	}
	b.WriteString(decimal)
	b.WriteByte(byte('0' + u%100/10))
	b.WriteByte(byte('0' + u%10))
	return b.String()
}
