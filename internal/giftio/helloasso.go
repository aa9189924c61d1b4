package giftio

import (
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// HelloAsso exports are read by column name, never by position
// (/work/shared/reference/helloasso-export.md, which this follows):
//
//   - the current "orders" export (2023 on): UTF-8 with a BOM, ";", CRLF,
//     dates "dd/MM/yyyy HH:mm", decimal commas, one row per item, so the
//     same « Référence commande » repeats on the rows of one order;
//   - the legacy membership export (2019): « Numéro », « Formule »,
//     « Montant adhésion », « Nom acheteur »…, dates with seconds, custom
//     questions prefixed « Champ additionnel: ».
//
// Donation-form exports were never seen raw: they are assumed to follow
// the orders layout, with the amount in « Montant tarif » (or a column
// named « Montant du don » or « Montant »). An export of tickets
// (billetterie) is refused whole: a ticket is the price of an activity,
// never a gift (receipts-law.md R4.10). A membership export is imported
// as membership fees whose whole amount is recorded as counterpart, since
// the export does not tell the statutory part from the activities: no
// receipt is possible until the user records that part (R4.10).
//
// One gift is made per order: the rows of an order are added up, and the
// order reference is the gift's reference, so importing the file again
// adds nothing. Orders whose status is not « Validé » are left out and
// listed.

// helloAssoCols are the accepted header names of each field, current
// names first.
var helloAssoCols = map[string][]string{
	"reference":   {"Référence commande", "Numéro"},
	"date":        {"Date de la commande", "Date du paiement", "Date"},
	"status":      {"Statut de la commande", "Statut du paiement", "Statut"},
	"last":        {"Nom payeur", "Nom acheteur", "Nom donateur", "Nom adhérent", "Nom"},
	"first":       {"Prénom payeur", "Prénom acheteur", "Prénom donateur", "Prénom adhérent", "Prénom"},
	"email":       {"Email payeur", "Email acheteur", "Email"},
	"company":     {"Raison sociale", "Société"},
	"method":      {"Moyen de paiement"},
	"tariff":      {"Tarif", "Formule"},
	"amount":      {"Montant tarif", "Montant adhésion", "Montant du don", "Montant"},
	"promo":       {"Montant code promo"},
	"promo_code":  {"Code Promo"},
	"street":      {"Adresse acheteur", "Adresse payeur", "Adresse"},
	"postcode":    {"Code Postal acheteur", "Code postal payeur", "Code postal"},
	"city":        {"Ville acheteur", "Ville payeur", "Ville"},
	"country":     {"Pays acheteur", "Pays payeur", "Pays"},
	"ticket":      {"Billet", "Numéro de billet", "Nom participant"},
	"member_last": {"Nom adhérent"},
	"membership":  {"Montant adhésion"},
}

var helloAssoMethods = map[string]donation.Method{
	"carte bancaire": donation.Card, "carte": donation.Card, "cb": donation.Card,
	"prelevement": donation.DirectDebit, "prelevement sepa": donation.DirectDebit, "sepa": donation.DirectDebit,
	"virement": donation.Transfer, "cheque": donation.Cheque, "especes": donation.Cash,
}

// ReadHelloAsso reads a HelloAsso CSV export into one row per validated
// order.
func ReadHelloAsso(data []byte) (Preview, error) {
	p := Preview{Format: FormatHelloAsso, Source: SourceHelloAsso}
	t, err := readTable(data, true)
	p.CSV, p.Header = t.format, t.header
	if err != nil {
		return p, err
	}
	cols := newColumns(t.header, func(k string) string { return strings.TrimPrefix(k, "champ additionnel: ") })
	at := map[string]int{}
	for k, names := range helloAssoCols {
		at[k] = cols.find(names...)
	}
	p.Used = cols.used
	switch {
	case at["ticket"] >= 0:
		return p, apperr.Invalid("gift_import.helloasso_tickets",
			"Ce fichier est un export de billetterie HelloAsso (colonnes de billets ou de participants) : un billet est le prix d'une activité, pas un don, et n'entre pas dans le registre des dons. Exportez plutôt le formulaire de dons ou d'adhésions.")
	case at["reference"] < 0 || at["amount"] < 0 || at["date"] < 0 || (at["last"] < 0 && at["company"] < 0):
		return p, apperr.Invalid("gift_import.helloasso_layout", fmt.Sprintf(
			"Ce fichier n'a pas la forme d'un export HelloAsso connu : il faut au moins « Référence commande », « Date de la commande », « Montant tarif » et « Nom payeur » (colonnes du fichier : %s). Vérifiez que c'est bien l'export CSV de HelloAsso, ou utilisez --format bureau.",
			strings.Join(t.header, ", ")))
	}
	membership := at["membership"] >= 0 || at["member_last"] >= 0
	switch {
	case at["membership"] >= 0:
		p.Layout = "adhésions HelloAsso (ancien export)"
	case membership:
		p.Layout = "adhésions HelloAsso"
	default:
		p.Layout = "commandes HelloAsso (formulaire de dons)"
	}

	orders := map[string]int{} // reference → index in p.Rows
	for _, rec := range t.records {
		if rec.err != "" {
			p.Rows = append(p.Rows, Row{Line: rec.line, Errs: []string{rec.err}})
			continue
		}
		v := func(k string) string { return get(rec.fields, at[k]) }
		ref := v("reference")
		if s := v("status"); s != "" && headerKey(s) != "valide" {
			p.Skipped = append(p.Skipped, RowError{Line: rec.line, Reasons: []string{
				fmt.Sprintf("commande %s au statut « %s » : seuls les paiements validés sont des dons", ref, s)}})
			continue
		}
		row := helloAssoRow(rec, v, membership)
		if len(row.Errs) == 0 && row.Gift.Amount == 0 {
			p.Skipped = append(p.Skipped, RowError{Line: rec.line, Reasons: []string{
				fmt.Sprintf("commande %s d'un montant nul : rien n'a été payé", ref)}})
			continue
		}
		i, seen := orders[ref]
		if !seen || ref == "" {
			orders[ref] = len(p.Rows)
			p.Rows = append(p.Rows, row)
			continue
		}
		// Another item of the same order: same payer, amounts added.
		first := &p.Rows[i]
		switch {
		case len(row.Errs) > 0:
			first.Errs = append(first.Errs, fmt.Sprintf("ligne %d de la même commande : %s", rec.line, strings.Join(row.Errs, " ; ")))
		case len(first.Errs) > 0:
		case row.Donor.DisplayName() != first.Donor.DisplayName() || row.Donor.PreferredEmail() != first.Donor.PreferredEmail() ||
			row.Gift.DateReceived != first.Gift.DateReceived:
			first.Errs = append(first.Errs, fmt.Sprintf(
				"la ligne %d porte la même référence de commande (%s) avec un autre payeur ou une autre date : vérifiez l'export", rec.line, ref))
		default:
			first.Gift.Amount += row.Gift.Amount
			if first.Gift.Membership {
				first.Gift.Counterparts += row.Gift.Counterparts
			}
		}
	}
	for i := range p.Rows {
		validateGift(&p.Rows[i])
	}
	return p, nil
}

// helloAssoRow maps one row of an export.
func helloAssoRow(rec record, v func(string) string, membership bool) Row {
	row := Row{Line: rec.line}
	bad := func(format string, a ...any) { row.Errs = append(row.Errs, fmt.Sprintf(format, a...)) }
	d := &row.Donor
	if org := v("company"); org != "" {
		d.Kind, d.OrgKind, d.OrgName = contact.Organisation, contact.OrgCompany, org
	} else {
		d.Kind, d.LastName, d.FirstName = contact.Person, v("last"), v("first")
	}
	if e := strings.ToLower(v("email")); e != "" {
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
			if pc, ok := normPostcode(a.Postcode); ok {
				a.Postcode = pc
			}
		}
		d.Addresses = []contact.Address{a}
	}
	if err := d.Validate(); err != nil {
		addValidation(&row, err)
	}

	g := &row.Gift
	g.Source, g.Reference = SourceHelloAsso, v("reference")
	if g.Reference == "" {
		bad("référence de commande absente : la ligne ne peut pas être reconnue à un nouvel import, vérifiez l'export")
	}
	if s := v("date"); s == "" {
		bad("date de la commande absente")
	} else if dt, ok := civildate.Parse(s); !ok {
		bad("date de la commande « %s » illisible (attendu JJ/MM/AAAA HH:MM)", s)
	} else {
		g.DateReceived = dt
	}
	if s := v("amount"); s == "" {
		bad("montant absent")
	} else if c, err := money.Parse(s); err != nil || c < 0 {
		bad("montant « %s » illisible (attendu 25,00)", s)
	} else {
		g.Amount = c
	}
	if p := v("promo"); p != "" {
		if c, err := money.Parse(p); err != nil || c != 0 {
			bad("code promo « %s » (%s) : le montant réellement payé n'est pas sûr, saisissez ce don à la main", v("promo_code"), p)
		}
	}
	if s := v("method"); s == "" {
		if g.Amount > 0 {
			bad("moyen de paiement absent")
		}
	} else if m, ok := helloAssoMethods[headerKey(s)]; ok {
		g.Method = m
	} else {
		bad("moyen de paiement « %s » inconnu", s)
	}
	g.Nature, g.Forme = donation.Numeraire, donation.DonManuel
	if tariff := v("tariff"); tariff != "" {
		g.Note = fmt.Sprintf("HelloAsso, tarif « %s »", tariff)
	} else {
		g.Note = "HelloAsso"
	}
	if membership {
		g.Membership, g.Counterparts = true, g.Amount
		row.Warnings = append(row.Warnings,
			"cotisation : l'export ne dit pas quelle part est statutaire, sans contrepartie ; elle est enregistrée comme entièrement payée en contreparties et n'ouvre droit à aucun reçu tant que vous n'avez pas indiqué cette part")
	}
	return row
}
