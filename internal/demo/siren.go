package demo

import "fmt"

// sirenFrom returns a 9-digit SIREN made of n on eight digits followed by
// its Luhn check digit, so that association.ValidSIREN accepts it. The
// numbers are made up: they identify no company on purpose.
func sirenFrom(n int) string {
	base := fmt.Sprintf("%08d", n%100_000_000)
	sum := 0
	for j := range len(base) {
		d := int(base[j] - '0')
		// Once the check digit is appended, the digits at odd positions
		// from the left are the ones the Luhn algorithm doubles.
		if j%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return fmt.Sprintf("%s%d", base, (10-sum%10)%10)
}
