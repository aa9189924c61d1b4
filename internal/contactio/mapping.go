package contactio

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// Field is a contact field that a CSV column can fill.
type Field string

// Fields of a contact that an import can fill. Several columns may map
// to Email, Phone or Street: every value is kept (emails and phones as
// separate entries, street lines joined).
const (
	FieldKind         Field = "kind" // personne / organisation; inferred when absent
	FieldCivility     Field = "civility"
	FieldFirstName    Field = "first_name"
	FieldLastName     Field = "last_name"
	FieldOrgName      Field = "org_name" // an organisation's own name
	FieldOrgKind      Field = "org_kind"
	FieldLegalForm    Field = "legal_form"
	FieldSIREN        Field = "siren"
	FieldEmail        Field = "email"
	FieldEmail2       Field = "email2"
	FieldPhone        Field = "phone"
	FieldPhone2       Field = "phone2"
	FieldStreet       Field = "street"
	FieldPostcode     Field = "postcode"
	FieldCity         Field = "city"
	FieldCountry      Field = "country"
	FieldWebsite      Field = "website"
	FieldTags         Field = "tags" // separated by "," or "|"
	FieldNotes        Field = "notes"
	FieldOrganisation Field = "organisation" // a person's organisation: becomes a membership
	FieldRole         Field = "role"         // the person's role in that organisation
)

// Fields lists every field in the order a mapping screen shows them.
var Fields = []Field{FieldKind, FieldCivility, FieldFirstName, FieldLastName, FieldOrgName, FieldOrgKind,
	FieldLegalForm, FieldSIREN, FieldEmail, FieldEmail2, FieldPhone, FieldPhone2, FieldStreet, FieldPostcode,
	FieldCity, FieldCountry, FieldWebsite, FieldTags, FieldNotes, FieldOrganisation, FieldRole}

// Label returns the French name of a field, as Bureau's CSV export
// writes it in its header.
func (f Field) Label() string {
	switch f {
	case FieldKind:
		return "Type"
	case FieldCivility:
		return "Civilité"
	case FieldFirstName:
		return "Prénom"
	case FieldLastName:
		return "Nom"
	case FieldOrgName:
		return "Raison sociale"
	case FieldOrgKind:
		return "Type d'organisation"
	case FieldLegalForm:
		return "Forme juridique"
	case FieldSIREN:
		return "SIREN"
	case FieldEmail:
		return "Courriel"
	case FieldEmail2:
		return "Courriel 2"
	case FieldPhone:
		return "Téléphone"
	case FieldPhone2:
		return "Téléphone 2"
	case FieldStreet:
		return "Adresse"
	case FieldPostcode:
		return "Code postal"
	case FieldCity:
		return "Ville"
	case FieldCountry:
		return "Pays"
	case FieldWebsite:
		return "Site web"
	case FieldTags:
		return "Étiquettes"
	case FieldNotes:
		return "Notes"
	case FieldOrganisation:
		return "Organisation"
	case FieldRole:
		return "Fonction"
	}
	return string(f)
}

// Mapping says which field each column fills, by column index (from 0).
// Columns that are absent are ignored.
type Mapping map[int]Field

// Columns returns the indexes of the mapped columns in order.
func (m Mapping) Columns() []int {
	out := make([]int, 0, len(m))
	for i := range m {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}

// Has reports whether some column fills f.
func (m Mapping) Has(f Field) bool {
	for _, v := range m {
		if v == f {
			return true
		}
	}
	return false
}

// aliases maps a normalised header (see normHeader) to the fields it
// may fill, the first free one winning: a second "Titre" column in a
// French Outlook export is the job title, the first is the civility.
// Headers come from French spreadsheets, Outlook (French and English),
// Gmail/Google Contacts and Bureau's own export.
var aliases = map[string][]Field{
	// kind
	"type": {FieldKind}, "type de contact": {FieldKind}, "kind": {FieldKind}, "contact type": {FieldKind},
	"personne ou organisation": {FieldKind}, "nature": {FieldKind},
	// civility
	"civilite": {FieldCivility}, "titre": {FieldCivility, FieldRole}, "title": {FieldCivility},
	"name prefix": {FieldCivility}, "prefix": {FieldCivility}, "salutation": {FieldCivility},
	"titre de civilite": {FieldCivility}, "genre": {FieldCivility},
	// names
	"prenom": {FieldFirstName}, "first name": {FieldFirstName}, "firstname": {FieldFirstName},
	"given name": {FieldFirstName}, "prenom usuel": {FieldFirstName},
	"nom": {FieldLastName}, "nom de famille": {FieldLastName}, "last name": {FieldLastName},
	"lastname": {FieldLastName}, "family name": {FieldLastName}, "surname": {FieldLastName},
	"nom d usage": {FieldLastName}, "nom de naissance": {FieldLastName},
	// organisations
	"raison sociale": {FieldOrgName}, "denomination": {FieldOrgName}, "denomination sociale": {FieldOrgName},
	"nom de l organisation": {FieldOrgName}, "nom de la structure": {FieldOrgName}, "org name": {FieldOrgName},
	"organisation name": {FieldOrgName}, "nom de l association": {FieldOrgName},
	"type d organisation": {FieldOrgKind}, "type de structure": {FieldOrgKind}, "org kind": {FieldOrgKind},
	"organisation type": {FieldOrgKind}, "organization type": {FieldOrgKind},
	"forme juridique": {FieldLegalForm}, "statut juridique": {FieldLegalForm}, "legal form": {FieldLegalForm},
	"siren": {FieldSIREN}, "n siren": {FieldSIREN}, "numero siren": {FieldSIREN}, "siret": {FieldSIREN},
	"n siret": {FieldSIREN}, "numero siret": {FieldSIREN},
	// emails
	"email": {FieldEmail}, "e mail": {FieldEmail}, "mail": {FieldEmail}, "courriel": {FieldEmail},
	"adresse electronique": {FieldEmail}, "adresse e mail": {FieldEmail}, "adresse mail": {FieldEmail},
	"adresse email": {FieldEmail}, "email address": {FieldEmail}, "e mail address": {FieldEmail},
	"adresse de messagerie": {FieldEmail}, "e mail 1 value": {FieldEmail}, "email 1": {FieldEmail},
	"e mail 1": {FieldEmail}, "courriel 1": {FieldEmail}, "mel": {FieldEmail},
	"email 2": {FieldEmail2}, "e mail 2": {FieldEmail2}, "courriel 2": {FieldEmail2},
	"e mail 2 address": {FieldEmail2}, "e mail 2 value": {FieldEmail2}, "adresse de messagerie 2": {FieldEmail2},
	"email 3": {FieldEmail2}, "e mail 3": {FieldEmail2}, "e mail 3 address": {FieldEmail2},
	"e mail 3 value": {FieldEmail2}, "adresse de messagerie 3": {FieldEmail2},
	// phones
	"telephone": {FieldPhone}, "tel": {FieldPhone}, "phone": {FieldPhone}, "telephone fixe": {FieldPhone},
	"phone number": {FieldPhone}, "numero de telephone": {FieldPhone}, "phone 1 value": {FieldPhone},
	"mobile": {FieldPhone}, "portable": {FieldPhone}, "tel mobile": {FieldPhone}, "mobile phone": {FieldPhone},
	"telephone mobile": {FieldPhone}, "telephone portable": {FieldPhone}, "cell": {FieldPhone},
	"cellulaire": {FieldPhone}, "gsm": {FieldPhone}, "tel portable": {FieldPhone},
	"standard": {FieldPhone}, "fax": {FieldPhone}, "telecopie": {FieldPhone}, "main phone": {FieldPhone},
	"telephone principal": {FieldPhone},
	"telephone 2":         {FieldPhone2}, "tel 2": {FieldPhone2}, "phone 2": {FieldPhone2},
	"phone 2 value": {FieldPhone2}, "phone 3 value": {FieldPhone2},
	// address
	"adresse": {FieldStreet}, "rue": {FieldStreet}, "street": {FieldStreet}, "address": {FieldStreet},
	"adresse postale": {FieldStreet}, "adresse 1": {FieldStreet}, "adresse ligne 1": {FieldStreet},
	"address line 1": {FieldStreet}, "street 1": {FieldStreet}, "voie": {FieldStreet},
	"adresse 2": {FieldStreet}, "adresse 3": {FieldStreet}, "adresse ligne 2": {FieldStreet},
	"adresse ligne 3": {FieldStreet}, "rue 2": {FieldStreet}, "rue 3": {FieldStreet},
	"street 2": {FieldStreet}, "street 3": {FieldStreet}, "address line 2": {FieldStreet},
	"complement": {FieldStreet}, "complement d adresse": {FieldStreet}, "complement adresse": {FieldStreet},
	"extended address": {FieldStreet}, "lieu dit": {FieldStreet}, "boite postale": {FieldStreet},
	"bp": {FieldStreet}, "po box": {FieldStreet},
	"code postal": {FieldPostcode}, "cp": {FieldPostcode}, "postal code": {FieldPostcode},
	"postcode": {FieldPostcode}, "zip": {FieldPostcode}, "zip code": {FieldPostcode}, "zipcode": {FieldPostcode},
	"ville": {FieldCity}, "commune": {FieldCity}, "localite": {FieldCity}, "city": {FieldCity},
	"town": {FieldCity},
	"pays": {FieldCountry}, "country": {FieldCountry}, "country region": {FieldCountry},
	"pays region": {FieldCountry},
	// the rest
	"site web": {FieldWebsite}, "site internet": {FieldWebsite}, "site": {FieldWebsite},
	"web page": {FieldWebsite}, "page web": {FieldWebsite}, "website": {FieldWebsite},
	"website 1 value": {FieldWebsite}, "url": {FieldWebsite},
	"etiquettes": {FieldTags}, "etiquette": {FieldTags}, "tags": {FieldTags}, "tag": {FieldTags},
	"categories": {FieldTags}, "categorie": {FieldTags}, "groupes": {FieldTags}, "groupe": {FieldTags},
	"group membership": {FieldTags}, "labels": {FieldTags}, "mots cles": {FieldTags},
	"notes": {FieldNotes}, "note": {FieldNotes}, "commentaire": {FieldNotes}, "commentaires": {FieldNotes},
	"remarques": {FieldNotes}, "observations": {FieldNotes}, "comments": {FieldNotes},
	"organisation": {FieldOrganisation}, "organization": {FieldOrganisation}, "societe": {FieldOrganisation},
	"entreprise": {FieldOrganisation}, "company": {FieldOrganisation}, "employeur": {FieldOrganisation},
	"structure": {FieldOrganisation}, "organization 1 name": {FieldOrganisation},
	"organization name": {FieldOrganisation}, "association": {FieldOrganisation},
	"fonction": {FieldRole}, "poste": {FieldRole}, "job title": {FieldRole}, "role": {FieldRole},
	"qualite": {FieldRole}, "organization 1 title": {FieldRole}, "organization title": {FieldRole},
	"titre du poste": {FieldRole}, "fonction dans l organisation": {FieldRole},
}

// groupWords mark which address or phone of several a column is about
// ("Business Street", "Rue (domicile)", "Address 1 - City").
var groupWords = map[string]bool{"business": true, "home": true, "other": true, "work": true,
	"bureau": true, "domicile": true, "autre": true, "personal": true, "perso": true, "pro": true,
	"professionnel": true, "professionnelle": true, "personnel": true, "personnelle": true, "prive": true}

// normHeader folds a header to lower-case words without accents or
// punctuation: "E-mail Address" → "e mail address", "Code postal (bureau)"
// → "code postal bureau".
func normHeader(h string) string {
	return strings.Join(strings.FieldsFunc(textfold.Fold(h), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// splitGroup separates a normalised header into its base name and the
// group it belongs to: "business street 2" → "street 2", "business";
// "address 2 city" → "city", "address 2".
func splitGroup(h string) (base, group string) {
	words := strings.Fields(h)
	if len(words) >= 3 && (words[0] == "address" || words[0] == "adresse") && isNumber(words[1]) {
		return strings.Join(words[2:], " "), words[0] + " " + words[1]
	}
	var kept, groups []string
	for _, w := range words {
		if groupWords[w] {
			groups = append(groups, w)
		} else {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " "), strings.Join(groups, " ")
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func isAddressField(f Field) bool {
	return f == FieldStreet || f == FieldPostcode || f == FieldCity || f == FieldCountry
}

// multiField reports whether several columns may fill f.
func multiField(f Field) bool {
	return f == FieldEmail || f == FieldEmail2 || f == FieldPhone || f == FieldPhone2 || f == FieldStreet || f == FieldTags
}

// GuessMapping maps the columns of header to contact fields, ignoring
// case, accents and punctuation. It knows French and English headers,
// those of Outlook and Google Contacts exports and those of Bureau's own
// export. When a file holds several addresses (business and home), the
// first one found is kept.
func GuessMapping(header []string) Mapping {
	m := Mapping{}
	used := map[Field]bool{}
	addressGroup, haveAddress := "", false
	for i, h := range header {
		n := normHeader(h)
		base, group := splitGroup(n)
		fields, ok := aliases[n]
		if !ok {
			fields, ok = aliases[base]
		}
		if !ok {
			continue
		}
		numbered := strings.HasPrefix(group, "address ") || strings.HasPrefix(group, "adresse ")
		for _, f := range fields {
			if used[f] && !multiField(f) {
				continue
			}
			if numbered && !isAddressField(f) {
				break // "Address 1 - Type" is not the contact's type
			}
			if isAddressField(f) {
				if haveAddress && group != addressGroup {
					break
				}
				addressGroup, haveAddress = group, true
			}
			m[i] = f
			used[f] = true
			break
		}
	}
	return m
}

// Override changes m by the assignments of spec, "column=field,…". A
// column is named by its header (case and accents ignored) or by its
// number from 1; a field of "-" or "ignorer" ignores the column. The
// result is a new mapping; m is not changed.
func (m Mapping) Override(header []string, spec string) (Mapping, error) {
	out := Mapping{}
	for k, v := range m {
		out[k] = v
	}
	for _, a := range strings.Split(spec, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		col, field, ok := strings.Cut(a, "=")
		if !ok {
			return nil, apperr.Invalid("import.map_syntax", fmt.Sprintf(
				"« %s » n'est pas de la forme colonne=champ. Écrivez par exemple « Nom complet=last_name ».", a))
		}
		i, err := findColumn(header, strings.TrimSpace(col))
		if err != nil {
			return nil, err
		}
		f := Field(strings.ToLower(strings.TrimSpace(field)))
		switch {
		case f == "-" || f == "ignorer" || f == "ignore" || f == "":
			delete(out, i)
		case slices.Contains(Fields, f):
			out[i] = f
		default:
			names := make([]string, len(Fields))
			for j, v := range Fields {
				names[j] = string(v)
			}
			return nil, apperr.Invalid("import.map_field", fmt.Sprintf(
				"Le champ « %s » n'existe pas. Choisissez parmi : %s, ou « - » pour ignorer la colonne.",
				field, strings.Join(names, ", ")))
		}
	}
	return out, nil
}

func findColumn(header []string, col string) (int, error) {
	if n, err := strconv.Atoi(col); err == nil {
		if n >= 1 && n <= len(header) {
			return n - 1, nil
		}
		return 0, apperr.Invalid("import.map_column", fmt.Sprintf(
			"Il n'y a pas de colonne n° %d : le fichier en a %d.", n, len(header)))
	}
	want := normHeader(col)
	for i, h := range header {
		if normHeader(h) == want {
			return i, nil
		}
	}
	return 0, apperr.Invalid("import.map_column", fmt.Sprintf(
		"Aucune colonne ne s'appelle « %s ». Colonnes du fichier : %s.", col, strings.Join(quoteAll(header), ", ")))
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "« " + s + " »"
	}
	return out
}
