package association

import (
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// NormalizeSIREN returns s without the spaces that INSEE prints between
// groups of digits ("732 829 320" becomes "732829320").
func NormalizeSIREN(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f': // also the no-break spaces of copied text
			return -1
		}
		return r
	}, s)
}

// ValidSIREN checks a SIREN number: 9 digits, spaces allowed, whose Luhn
// check digit matches. A receipt must show the SIREN or the RNA number of
// the organisation (Cerfa 11580*05, R1.6).
//
// La Poste (SIREN 356000000) is a known exception to the Luhn check, but only
// for the SIRET numbers of its establishments, whose digits sum to a multiple
// of 5 instead. The SIREN itself passes the Luhn check, so no exception is
// needed here.
func ValidSIREN(s string) error {
	n := NormalizeSIREN(s)
	if len(n) != 9 || !allDigits(n) {
		return apperr.InvalidField("siren", "association.siren_format", fmt.Sprintf(
			"Le SIREN « %s » doit compter 9 chiffres. Recopiez-le depuis l'avis de situation INSEE.", s))
	}
	if !luhn(n) {
		return apperr.InvalidField("siren", "association.siren_checksum", fmt.Sprintf(
			"Le SIREN « %s » est erroné : la clé de contrôle ne correspond pas. Vérifiez chaque chiffre sur l'avis de situation INSEE.", s))
	}
	return nil
}

// luhn reports whether the last digit of s is the Luhn check digit of the
// others: every second digit from the right is doubled.
func luhn(s string) bool {
	sum := 0
	for i := range len(s) {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// NormalizeRNA returns s in upper case without spaces ("w751234567"
// becomes "W751234567").
func NormalizeRNA(s string) string {
	return strings.ToUpper(NormalizeSIREN(s))
}

// ValidRNA checks a number of the Répertoire national des associations:
// "W" then 9 characters. The first three identify the prefecture that
// registered the association and may hold a letter (W2A… and W2B… for
// Corsica, W9M… for Mayotte); the last six are always digits. Lower case
// and spaces are accepted, as NormalizeRNA removes them.
func ValidRNA(s string) error {
	n := NormalizeRNA(s)
	if len(n) != 10 || n[0] != 'W' || !alphanumeric(n[1:4]) || !allDigits(n[4:]) {
		return apperr.InvalidField("rna", "association.rna_format", fmt.Sprintf(
			"Le numéro RNA « %s » doit commencer par W suivi de 9 caractères, par exemple W751234567. Recopiez-le depuis le récépissé de déclaration de l'association.", s))
	}
	return nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func alphanumeric(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
