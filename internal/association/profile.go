// Package association owns the profile of the association that issues tax
// receipts (its identity, address, Cerfa category, signer, signature and
// logo) and the rules that say whether the profile is valid and complete
// enough to issue receipts.
//
// It is a domain package: it imports no SQL, Fyne or PDF package.
package association

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// Profile describes the issuing organisation, as printed in the block
// « Organisme bénéficiaire des dons et versements » of the receipt (R1.6)
// and in its signature block (R1.15). Any field may be empty while the
// profile is being filled in.
type Profile struct {
	Name     string
	SIREN    string // 9 digits, no spaces
	RNA      string // "W" and 9 characters, upper case
	Street   string // number and street
	Postcode string
	City     string
	Country  string // empty means France
	// Object is the purpose of the association, as explicit as possible so
	// that the administration can check its general-interest character.
	Object            string
	Category          string // Category.Code
	CategoryPrecision string // free text of the category "autre"
	// Dates maps a date key (DateRUPDecree…) to a date as "YYYY-MM-DD".
	Dates      map[string]string
	SignerName string
	SignerRole string // président, trésorier or another authorised person
	Signature  Image
	Logo       Image
}

// labels names the fields in messages.
var labels = map[string]string{
	"name":               "Nom ou dénomination",
	"street":             "Rue",
	"postcode":           "Code postal",
	"city":               "Commune",
	"country":            "Pays",
	"category_precision": "Précision de la catégorie",
	"signer_name":        "Nom du signataire",
	"signer_role":        "Qualité du signataire",
}

// Validate checks the fields that are set and returns an apperr.Multi of
// the invalid ones, or nil. It does not require the profile to be
// complete: see MissingForReceipts.
func (p Profile) Validate() error {
	var m apperr.Multi
	add := func(err error) {
		var e *apperr.Error
		if errors.As(err, &e) {
			m = append(m, e)
		}
	}
	for _, f := range []struct{ key, value string }{
		{"name", p.Name}, {"street", p.Street}, {"postcode", p.Postcode}, {"city", p.City},
		{"country", p.Country}, {"category_precision", p.CategoryPrecision},
		{"signer_name", p.SignerName}, {"signer_role", p.SignerRole},
	} {
		if strings.ContainsFunc(f.value, isControl) {
			add(apperr.InvalidField(f.key, "association.multiline", fmt.Sprintf(
				"Le champ « %s » doit tenir sur une seule ligne. Retirez les retours à la ligne et les tabulations.", labels[f.key])))
		}
	}
	if p.SIREN != "" {
		add(ValidSIREN(p.SIREN))
	}
	if p.RNA != "" {
		add(ValidRNA(p.RNA))
	}
	if p.Postcode != "" && inFrance(p.Country) && (len(p.Postcode) != 5 || !allDigits(p.Postcode)) {
		add(apperr.InvalidField("postcode", "association.postcode_format", fmt.Sprintf(
			"Le code postal « %s » doit compter 5 chiffres, par exemple 75011. Corrigez-le, ou indiquez le pays si l'adresse est hors de France.", p.Postcode)))
	}
	if _, ok := CategoryByCode(p.Category); p.Category != "" && !ok {
		add(apperr.InvalidField("category", "association.category_unknown", fmt.Sprintf(
			"La catégorie « %s » n'existe pas sur le Cerfa %s. Choisissez-en une dans la liste des catégories.", p.Category, categories.Cerfa)))
	}
	for _, k := range sortedDateKeys(p.Dates) {
		v := p.Dates[k]
		switch {
		case v == "":
		case !slices.Contains(dateKeys, k):
			add(apperr.InvalidField("dates."+k, "association.date_unknown", fmt.Sprintf(
				"La date « %s » n'est pas demandée par le formulaire. Utilisez l'une de celles-ci : %s.", k, strings.Join(dateKeys, ", "))))
		case !validDate(v):
			add(dateError(k, v))
		}
	}
	for _, f := range []struct {
		key   string
		image Image
	}{{"signature", p.Signature}, {"logo", p.Logo}} {
		if f.image.IsZero() {
			continue
		}
		if e := f.image.check(f.key); e != nil {
			e.Field = f.key
			m = append(m, e)
		}
	}
	return m.OrNil()
}

// MissingForReceipts lists what a receipt needs that the profile lacks
// (R1.6, R1.7, R1.15, R2.2). Receipts must not be issued while it is not
// empty. It does not repeat the errors of Validate, which callers check too.
func (p Profile) MissingForReceipts() apperr.Multi {
	var m apperr.Multi
	missing := func(field, message string) {
		m = append(m, apperr.InvalidField(field, "association.missing_"+strings.ReplaceAll(field, ".", "_"), message))
	}
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	if blank(p.Name) {
		missing("name", "Le nom de l'association manque. Renseignez-le : il figure sur chaque reçu.")
	}
	if blank(p.SIREN) && blank(p.RNA) {
		missing("siren", "Le numéro SIREN ou RNA de l'association manque. Renseignez l'un des deux : le Cerfa 11580*05 l'exige sur chaque reçu.")
	}
	if blank(p.Street) {
		missing("street", "La rue de l'association manque. Renseignez le numéro et la rue : le reçu doit porter l'adresse complète.")
	}
	if blank(p.Postcode) {
		missing("postcode", "Le code postal de l'association manque. Renseignez-le : le reçu doit porter l'adresse complète.")
	}
	if blank(p.City) {
		missing("city", "La commune de l'association manque. Renseignez-la : le reçu doit porter l'adresse complète.")
	}
	if blank(p.Object) {
		missing("object", "L'objet de l'association manque. Décrivez précisément son activité : l'administration s'en sert pour vérifier l'intérêt général.")
	}
	if c, ok := CategoryByCode(p.Category); !ok {
		missing("category", "La catégorie de l'association manque. Choisissez la case du reçu qui correspond à l'association.")
	} else {
		for _, k := range c.Dates {
			if blank(p.Dates[k]) {
				missing("dates."+k, capitalize(dateLabels[k])+" manque : la catégorie choisie l'imprime sur le reçu. Renseignez-la.")
			}
		}
		if c.NeedsPrecision && blank(p.CategoryPrecision) {
			missing("category_precision", "La catégorie « Autres » demande une précision. Indiquez la nature de l'organisme.")
		}
	}
	if blank(p.SignerName) {
		missing("signer_name", "Le nom du signataire des reçus manque. Indiquez la personne autorisée à les signer (président, trésorier…).")
	}
	if blank(p.SignerRole) {
		missing("signer_role", "La qualité du signataire manque. Indiquez sa fonction, par exemple « Président » ou « Trésorière ».")
	}
	return m
}

// CategoryWording returns the wording of the profile's category box, with
// its dates as jj/mm/aaaa and its precision filled in; what is missing is
// shown as "…". It returns "" when the category is unknown.
func (p Profile) CategoryWording() string {
	c, ok := CategoryByCode(p.Category)
	if !ok {
		return ""
	}
	return placeholderPattern.ReplaceAllStringFunc(c.Wording, func(ph string) string {
		k := ph[1 : len(ph)-1]
		if k == "precision" {
			return cmp.Or(strings.TrimSpace(p.CategoryPrecision), "…")
		}
		t, err := time.Parse(time.DateOnly, p.Dates[k])
		if err != nil {
			return "…"
		}
		return t.Format("02/01/2006")
	})
}

// inFrance reports whether country designates France, where postcodes
// have 5 digits (overseas departments included).
func inFrance(country string) bool {
	switch strings.ToLower(strings.TrimSpace(country)) {
	case "", "france", "fr":
		return true
	}
	return false
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f
}

// validDate reports whether s is a real date written YYYY-MM-DD.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func dateError(key, value string) *apperr.Error {
	label := dateLabels[key]
	if label == "" {
		label = "la date"
	}
	return apperr.InvalidField("dates."+key, "association.date_format", fmt.Sprintf(
		"%s « %s » n'est pas une date valide. Saisissez-la au format jj/mm/aaaa, par exemple 14/07/2023.", capitalize(label), value))
}

// sortedDateKeys returns the keys of dates, known ones first in form order.
func sortedDateKeys(dates map[string]string) []string {
	keys := slices.Sorted(maps.Keys(dates))
	slices.SortStableFunc(keys, func(a, b string) int { return rank(a) - rank(b) })
	return keys
}

func rank(key string) int {
	if i := slices.Index(dateKeys, key); i >= 0 {
		return i
	}
	return len(dateKeys)
}

// capitalize upper-cases the first letter of s, which starts with ASCII.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
