package contactio

import (
	"net/mail"
	"strings"

	"github.com/bureau-asso/bureau/internal/contact"
)

// parseKind reads the kind column: "personne", "organisation" and their
// English and common French synonyms.
func parseKind(s string) (contact.Kind, bool) {
	switch normHeader(s) {
	case "personne", "person", "particulier", "individu", "individual", "p", "physique", "personne physique":
		return contact.Person, true
	case "organisation", "organization", "org", "o", "structure", "entreprise", "societe", "company",
		"personne morale", "morale":
		return contact.Organisation, true
	}
	return "", false
}

// kindLabel is how the CSV export writes a kind.
func kindLabel(k contact.Kind) string {
	if k == contact.Organisation {
		return "organisation"
	}
	return "personne"
}

// orgKindLabels are the French words the CSV export writes for each
// organisation kind; parseOrgKind reads them back, with the codes and
// a few synonyms.
var orgKindLabels = map[contact.OrgKind]string{
	contact.OrgAssociation:  "association",
	contact.OrgCompany:      "entreprise",
	contact.OrgPublicFunder: "financeur public",
	contact.OrgFoundation:   "fondation",
	contact.OrgPress:        "presse",
	contact.OrgOther:        "autre",
}

func parseOrgKind(s string) (contact.OrgKind, bool) {
	n := normHeader(s)
	for k, label := range orgKindLabels {
		if n == normHeader(label) || n == normHeader(string(k)) {
			return k, true
		}
	}
	switch n {
	case "asso", "association loi 1901", "club":
		return contact.OrgAssociation, true
	case "societe", "company", "mecene", "sponsor", "commerce", "sarl", "sas", "sa":
		return contact.OrgCompany, true
	case "collectivite", "collectivite territoriale", "commune", "mairie", "departement", "region", "etat",
		"public", "financeur", "public funder":
		return contact.OrgPublicFunder, true
	case "foundation", "fonds de dotation":
		return contact.OrgFoundation, true
	case "press", "media", "medias", "journal":
		return contact.OrgPress, true
	case "other":
		return contact.OrgOther, true
	}
	return "", false
}

// normCivility writes the usual French civilities the way Bureau does
// ("Mme", "M.") and keeps any other title as it is ("Dr", "Me").
func normCivility(s string) string {
	switch s {
	case "", "Mme", "M.":
		return s
	}
	switch normHeader(s) {
	case "mme", "madame", "mrs", "ms", "mlle", "mademoiselle", "miss", "f":
		return "Mme"
	case "m", "monsieur", "mr", "h":
		return "M."
	}
	return strings.TrimSpace(s)
}

// cleanEmail returns the address in s: "mailto:" and a display name
// ("Jean <jean@x.fr>") are dropped.
func cleanEmail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	if strings.ContainsAny(s, "<\"") {
		if a, err := mail.ParseAddress(s); err == nil {
			return a.Address
		}
		if i, j := strings.LastIndexByte(s, '<'), strings.LastIndexByte(s, '>'); i >= 0 && j > i {
			return strings.TrimSpace(s[i+1 : j])
		}
	}
	return s
}

// validEmail checks the shape of an address: one "@", something before
// it, a domain with a dot, no spaces. It does not ask the domain.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') {
		return false
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == ',' || r == ';' || r == '<' || r == '>' }) {
		return false
	}
	domain := s[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1 && !strings.Contains(domain, "..") &&
		!strings.HasPrefix(domain, ".") && !strings.HasPrefix(domain, "-")
}

// isFrance reports whether a country cell means France; an empty cell
// does, in files kept by French associations.
func isFrance(country string) bool {
	if country == "" || country == "France" {
		return true
	}
	switch normHeader(country) {
	case "", "france", "fr", "fra", "france metropolitaine":
		return true
	}
	return false
}

// normPostcode fixes what spreadsheets do to French postcodes: Excel
// reads "01000" as the number 1000, so four digits get their zero back.
// It reports whether the result is a valid French postcode.
func normPostcode(p string) (string, bool) {
	p = strings.Join(strings.Fields(p), "")
	if len(p) == 4 && digits(p) {
		p = "0" + p
	}
	return p, len(p) == 5 && digits(p)
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// labelOf derives a French label for a phone or an email from the
// words of a column header or the TYPE of a vCard property.
func labelOf(words string, phone bool) string {
	has := func(ws ...string) bool {
		for _, w := range strings.Fields(normHeader(words)) {
			for _, v := range ws {
				if w == v {
					return true
				}
			}
		}
		return false
	}
	switch {
	case phone && has("fax", "telecopie"):
		return "fax"
	case phone && has("mobile", "portable", "cell", "cellulaire", "gsm", "iphone"):
		return "mobile"
	case has("business", "work", "bureau", "pro", "professionnel", "professionnelle", "travail"):
		return "travail"
	case has("home", "domicile", "perso", "personnel", "personnelle", "prive"):
		return "domicile"
	}
	return ""
}

// splitList splits a cell that holds several values: "a | b", "a, b",
// Google's "a ::: b".
func splitList(s string, seps string) []string {
	if strings.Contains(s, ":::") {
		s = strings.ReplaceAll(s, ":::", seps[:1])
	}
	if !strings.ContainsAny(s, seps) {
		return []string{s}
	}
	var out []string
	for s != "" {
		v := s
		if i := strings.IndexAny(s, seps); i >= 0 {
			v, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// neutralised reports whether a spreadsheet would read s as a formula
// (or strip it): such cells are written with a leading apostrophe.
func neutralised(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// unneutralise removes the apostrophe that the export put before a cell
// that looked like a formula, so that an export imports back unchanged.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && neutralised(s[1:]) {
		return s[1:]
	}
	return s
}
