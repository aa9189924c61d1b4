package giftio

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// BureauColumns are the columns of Bureau's gift CSV format, in the
// order a template lists them. amount, date_received, method and a name
// (last_name, first_name or company_name) are required; the others may be
// absent or empty. Optional extra columns: cheque_number, bank,
// counterparts, kind (don|cotisation), valuation_method, note.
var BureauColumns = []string{"donor_kind", "last_name", "first_name", "company_name", "legal_form", "siren",
	"street", "postcode", "city", "country", "email", "amount", "date_received", "date_cashed", "method",
	"nature", "forme", "campaign", "reference", "description"}

var bureauExtra = []string{"cheque_number", "bank", "counterparts", "kind", "valuation_method", "note"}

// natureAliases and formeAliases accept the French words users type.
var (
	natureAliases = map[string]donation.Nature{
		"especes": donation.Numeraire, "argent": donation.Numeraire, "titres cotes": donation.ListedShares,
		"abandon de revenus": donation.IncomeWaived, "frais": donation.ExpensesWaived,
		"frais de benevoles": donation.ExpensesWaived, "abandon de frais": donation.ExpensesWaived,
		"don en nature": donation.InKind, "en nature": donation.InKind,
	}
	formeAliases = map[string]donation.Forme{
		"declaration de don manuel": donation.DonManuel, "don manuel": donation.DonManuel,
		"acte authentique": donation.ActeAuthentique, "acte sous seing prive": donation.ActeSousSeingPrive,
	}
	methodAliases = map[string]donation.Method{
		"espece": donation.Cash, "cash": donation.Cash, "cb": donation.Card, "carte bancaire": donation.Card,
		"prelevement sepa": donation.DirectDebit, "sepa": donation.DirectDebit,
	}
)

// ReadBureau reads a file in Bureau's gift format (BureauColumns), with
// ";" or "," between cells, in UTF-8 or Windows-1252. Every row becomes
// a donor and a gift checked as it would be saved; rows without a
// reference get autoReference. A row identical to an earlier one (same
// reference) is refused. The error is for a file that cannot be imported
// at all.
func ReadBureau(data []byte) (Preview, error) {
	p := Preview{Format: FormatBureau, Source: SourceBureau}
	t, err := readTable(data, false)
	p.CSV, p.Header = t.format, t.header
	if err != nil {
		return p, err
	}
	cols := newColumns(t.header, nil)
	at := map[string]int{}
	for _, n := range append(append([]string(nil), BureauColumns...), bureauExtra...) {
		at[n] = cols.find(n)
	}
	p.Used = cols.used
	var missing []string
	for _, n := range []string{"amount", "date_received", "method"} {
		if at[n] < 0 {
			missing = append(missing, n)
		}
	}
	if at["last_name"] < 0 && at["first_name"] < 0 && at["company_name"] < 0 {
		missing = append(missing, "last_name ou company_name")
	}
	if len(missing) > 0 {
		return p, apperr.Invalid("gift_import.columns_missing", fmt.Sprintf(
			"Colonnes obligatoires absentes : %s (colonnes du fichier : %s). Le format bureau attend les colonnes %s : renommez les colonnes ou choisissez --format helloasso.",
			strings.Join(missing, ", "), strings.Join(t.header, ", "), strings.Join(BureauColumns, ", ")))
	}
	seen := map[string]int{}
	for _, rec := range t.records {
		if rec.err != "" {
			p.Rows = append(p.Rows, Row{Line: rec.line, Errs: []string{rec.err}})
			continue
		}
		row := bureauRow(rec, at, len(t.header))
		if len(row.Errs) == 0 {
			if first, dup := seen[row.Gift.Reference]; dup {
				row.Errs = append(row.Errs, fmt.Sprintf(
					"même don que la ligne %d (même référence, ou même donateur, montant, date, mode et nature) : s'il s'agit de deux dons distincts, donnez à chacun une référence dans la colonne reference",
					first))
			} else {
				seen[row.Gift.Reference] = rec.line
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// bureauRow maps one record to a donor and a gift and checks both.
func bureauRow(rec record, at map[string]int, width int) Row {
	row := Row{Line: rec.line}
	bad := func(format string, a ...any) { row.Errs = append(row.Errs, fmt.Sprintf(format, a...)) }
	v := func(name string) string { return get(rec.fields, at[name]) }
	if len(rec.fields) > width && !blank(rec.fields[width:]) {
		bad("%d valeurs pour %d colonnes : une valeur contient sans doute le séparateur sans être entre guillemets", len(rec.fields), width)
	}

	d := &row.Donor
	d.FirstName, d.LastName, d.OrgName = v("first_name"), v("last_name"), v("company_name")
	switch k := headerKey(v("donor_kind")); k {
	case "person", "personne", "particulier":
		d.Kind = contact.Person
	case "company", "entreprise", "societe", "organisation":
		d.Kind, d.OrgKind = contact.Organisation, contact.OrgCompany
	case "":
		switch {
		case (d.FirstName != "" || d.LastName != "") && d.OrgName != "":
			bad("nom de personne et raison sociale sont tous deux remplis : indiquez donor_kind (person ou company)")
			d.Kind = contact.Person
		case d.OrgName != "":
			d.Kind, d.OrgKind = contact.Organisation, contact.OrgCompany
		default:
			d.Kind = contact.Person
		}
	default:
		bad("donor_kind « %s » inconnu : écrivez person ou company", v("donor_kind"))
		d.Kind = contact.Person
	}
	switch d.Kind {
	case contact.Person:
		if d.OrgName != "" && d.FirstName+d.LastName != "" && headerKey(v("donor_kind")) != "" {
			bad("raison sociale « %s » sur une ligne de personne : videz company_name, ou écrivez donor_kind=company si l'entreprise est la donatrice", d.OrgName)
		}
		d.OrgName = ""
	case contact.Organisation:
		if d.FirstName != "" || d.LastName != "" {
			bad("prénom ou nom de personne sur une ligne d'entreprise : videz first_name et last_name (le reçu est établi au nom de l'entreprise)")
		}
		d.LegalForm = v("legal_form")
		if s := v("siren"); s != "" {
			s = association.NormalizeSIREN(s)
			if len(s) == 14 && allDigits(s) { // a SIRET starts with the SIREN
				s = s[:9]
			}
			if err := association.ValidSIREN(s); err != nil {
				bad("%s", apperr.Message(err))
			} else {
				d.SIREN = s
			}
		}
	}
	if e := v("email"); e != "" {
		e = strings.ToLower(e)
		if validEmail(e) {
			d.Emails = []contact.Email{{Address: e, Preferred: true}}
		} else {
			bad("adresse électronique invalide « %s »", v("email"))
		}
	}
	a := contact.Address{Street: v("street"), Postcode: v("postcode"), City: v("city"), Country: v("country"), Preferred: true}
	if a.Street != "" || a.Postcode != "" || a.City != "" {
		if isFrance(a.Country) {
			a.Country = "France"
			if a.Postcode != "" {
				pc, ok := normPostcode(a.Postcode)
				if !ok {
					bad("code postal « %s » invalide : en France il compte 5 chiffres", a.Postcode)
				}
				a.Postcode = pc
			}
		}
		d.Addresses = []contact.Address{a}
	}
	if err := d.Validate(); err != nil {
		addValidation(&row, err)
	}

	g := &row.Gift
	if s := v("amount"); s == "" {
		bad("montant absent : indiquez-le comme 1234,56")
	} else if c, err := money.Parse(s); err != nil {
		bad("montant « %s » illisible : écrivez-le comme 1234,56 ou 1234.56", s)
	} else if c <= 0 {
		bad("montant %s : il doit être supérieur à zéro", s)
	} else {
		g.Amount = c
	}
	if s := v("date_received"); s == "" {
		bad("date de réception absente : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA")
	} else if dt, ok := civildate.Parse(s); !ok {
		bad("date de réception « %s » illisible : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA", s)
	} else {
		g.DateReceived = dt
	}
	if s := v("date_cashed"); s != "" {
		if dt, ok := civildate.Parse(s); !ok {
			bad("date d'encaissement « %s » illisible : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA", s)
		} else if g.DateReceived != "" && dt < g.DateReceived {
			bad("date d'encaissement %s antérieure à la date de réception : corrigez l'une des deux", s)
		} else {
			g.DateCashed = dt
		}
	}
	if s := v("method"); s == "" {
		bad("mode de paiement absent : écrivez %s", names(donation.Methods))
	} else if m, ok := codeOf(s, donation.Methods, donation.Method.Label, methodAliases); !ok {
		bad("mode de paiement « %s » inconnu : écrivez %s", s, names(donation.Methods))
	} else {
		g.Method = m
	}
	g.Nature = donation.Numeraire
	if s := v("nature"); s != "" {
		if n, ok := codeOf(s, donation.Natures, donation.Nature.Label, natureAliases); ok {
			g.Nature = n
		} else {
			bad("nature « %s » inconnue : écrivez %s", s, names(donation.Natures))
		}
	}
	g.Forme = donation.DonManuel
	if s := v("forme"); s != "" {
		if f, ok := codeOf(s, donation.Formes, nil, formeAliases); ok {
			g.Forme = f
		} else {
			bad("forme « %s » inconnue : écrivez %s", s, names(donation.Formes))
		}
	}
	switch k := headerKey(v("kind")); k {
	case "", "don":
	case "cotisation", "adhesion":
		g.Membership = true
	default:
		bad("kind « %s » inconnu : écrivez don ou cotisation", v("kind"))
	}
	if s := v("counterparts"); s != "" {
		if c, err := money.Parse(s); err != nil || c < 0 {
			bad("contreparties « %s » illisibles : écrivez leur valeur comme 12,50", s)
		} else {
			g.Counterparts = c
		}
	}
	g.Campaign, g.Description, g.ValuationMethod = v("campaign"), v("description"), v("valuation_method")
	g.ChequeNumber, g.Bank, g.Note = v("cheque_number"), v("bank"), v("note")
	g.Source, g.Reference = SourceBureau, v("reference")
	validateGift(&row)
	if len(row.Errs) > 0 {
		return row
	}
	if g.Nature == donation.InKind && g.ValuationMethod == "" {
		row.Warnings = append(row.Warnings,
			"don en nature sans méthode d'évaluation (colonne valuation_method) : indiquez-la, avec son justificatif, avant d'établir le reçu")
	}
	if d.Kind == contact.Person {
		row.Warnings = append(row.Warnings, donation.CounterpartWarning(*g, 0)...)
	}
	if g.Reference == "" {
		g.Reference = autoReference(row.Donor, *g)
	}
	return row
}

// validateGift checks the gift of a row without errors as it would be
// saved. The donor is not known yet: the importer sets it.
func validateGift(row *Row) {
	if len(row.Errs) > 0 {
		return
	}
	g := row.Gift
	g.DonorID = -1
	if err := g.Validate(); err != nil {
		addValidation(row, err)
	}
}

// addValidation adds the messages of a Validate error to row.
func addValidation(row *Row, err error) {
	var multi apperr.Multi
	if errors.As(err, &multi) {
		for _, e := range multi {
			row.Errs = append(row.Errs, e.Message)
		}
		return
	}
	row.Errs = append(row.Errs, apperr.Message(err))
}
