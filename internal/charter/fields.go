package charter

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// Field is a field that a charter's text may contain, as {{Name}}.
type Field struct {
	Name string
	// Label says, in French, what the field is filled with.
	Label string
	// Example is what a preview without a signer prints.
	Example string
}

// Fields lists every field, in the order the editor shows them. The
// association's fields come from its profile; the partner is the
// organisation of the signer (or the signer); the convention fields come
// from the partner's sponsorship case of the year of the date.
var Fields = []Field{
	{"association.name", "nom de l'association", "[nom de l'association]"},
	{"association.object", "objet de l'association", "[objet de l'association]"},
	{"association.address", "adresse du siège de l'association", "[adresse de l'association]"},
	{"association.city", "commune du siège de l'association", "[commune]"},
	{"association.signer", "représentant de l'association (fiche de l'association)", "[représentant de l'association]"},
	{"association.signer_role", "qualité du représentant de l'association", "[qualité du représentant]"},
	{"partenaire.nom", "nom du partenaire : l'organisation du signataire, ou le signataire", "[nom du partenaire]"},
	{"partenaire.adresse", "adresse du partenaire", "[adresse du partenaire]"},
	{"signataire.nom", "prénom et nom du signataire", "[prénom et nom du signataire]"},
	{"signataire.role", "qualité du signataire dans son organisation", "[qualité du signataire]"},
	{"date", "date du document, en toutes lettres (21 novembre 2026)", "[date]"},
	{"contreparties", "contreparties promises dans le dossier de mécénat du partenaire, une par ligne avec sa valeur", "[contrepartie 1 — valeur]\n[contrepartie 2 — valeur]"},
	{"convention.montant", "montant attendu ou convenu du dossier de mécénat", "[montant]"},
	{"convention.debut", "début de la convention de mécénat, en toutes lettres", "[date de début]"},
	{"convention.fin", "fin de la convention de mécénat, en toutes lettres", "[date de fin]"},
}

// KnownField reports whether name is one of Fields.
func KnownField(name string) bool {
	return slices.ContainsFunc(Fields, func(f Field) bool { return f.Name == name })
}

// Examples returns the example value of every field, for a preview.
func Examples() Values {
	v := Values{}
	for _, f := range Fields {
		v[f.Name] = f.Example
	}
	return v
}

var months = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// LongDate writes a date the French way, in words: « 21 novembre 2026 »,
// « 1er mai 2027 ».
func LongDate(t time.Time) string {
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + months[t.Month()-1] + " " + fmt.Sprint(t.Year())
}

// longDate is LongDate of a civil date YYYY-MM-DD, or "" when s is not one.
func longDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return ""
	}
	return LongDate(t)
}

// Parties are who a charter is filled for.
type Parties struct {
	Association association.Profile
	// Signer is the contact the charter is issued to: a person, or an
	// organisation (the partner itself).
	Signer contact.Contact
	// Partner is the organisation the signer acts for: the signer itself
	// when it is an organisation, else the first organisation the person
	// belongs to, or nothing.
	Partner *contact.Contact
	// Representative is, for an organisation, the first person belonging
	// to it: the one who signs for it.
	Representative *contact.Membership
	// Role is the signer's role in the partner.
	Role string
	// Case is the partner's sponsorship case for the year of Date, if any.
	Case *sponsor.Case
	// Date is the date of the document, YYYY-MM-DD.
	Date string
}

// Values returns the value of every field for p. A field that p cannot
// fill is left out, so that Fill prints it as a blank to fill by hand.
func (p Parties) Values() Values {
	a := p.Association
	v := Values{
		"association.name":        a.Name,
		"association.object":      oneLine(a.Object),
		"association.address":     address(a.Street, a.Postcode, a.City),
		"association.city":        a.City,
		"association.signer":      a.SignerName,
		"association.signer_role": a.SignerRole,
		"date":                    longDate(p.Date),
	}
	partner := p.Partner
	switch {
	case p.Signer.Kind == contact.Organisation:
		partner = &p.Signer
		if r := p.Representative; r != nil {
			v["signataire.nom"], v["signataire.role"] = r.Person, r.Role
		}
	default:
		v["signataire.nom"], v["signataire.role"] = PersonName(p.Signer), p.Role
		if partner == nil {
			partner = &p.Signer
		}
	}
	if partner.Kind == contact.Organisation {
		v["partenaire.nom"] = partner.OrgName
	} else {
		v["partenaire.nom"] = PersonName(*partner)
	}
	if ad, ok := partner.PreferredAddress(); ok {
		v["partenaire.adresse"] = address(ad.Street, ad.Postcode, ad.City)
	}
	if c := p.Case; c != nil {
		var lines []string
		for _, cp := range c.Counterparts {
			line := strings.TrimSpace(cp.Item)
			if cp.Value > 0 {
				line += " — valeur " + cp.Value.String()
			}
			lines = append(lines, line)
		}
		v["contreparties"] = strings.Join(lines, "\n")
		if c.Expected > 0 {
			v["convention.montant"] = c.Expected.String()
		}
		v["convention.debut"] = longDate(c.ConventionStart)
		v["convention.fin"] = longDate(c.ConventionEnd)
	}
	return v
}

// PersonName is a person as a charter names them: « Marie Lefèvre ».
func PersonName(c contact.Contact) string {
	if c.Kind == contact.Organisation {
		return c.OrgName
	}
	return strings.TrimSpace(strings.TrimSpace(c.FirstName) + " " + strings.TrimSpace(c.LastName))
}

// address writes « 12 rue des Envierges, 75020 Paris ».
func address(street, postcode, city string) string {
	town := strings.TrimSpace(strings.TrimSpace(postcode) + " " + strings.TrimSpace(city))
	switch {
	case strings.TrimSpace(street) == "":
		return town
	case town == "":
		return oneLine(street)
	}
	return oneLine(street) + ", " + town
}

// oneLine turns line breaks and tabs into spaces; no-break spaces stay.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\t'
	}), " "))
}
