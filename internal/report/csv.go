package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// CSV writes r as a CSV file that French spreadsheets open as it is: ";"
// between cells, a byte order mark, CRLF line ends, dates as JJ/MM/AAAA,
// amounts as "1234,56", and a leading apostrophe on a cell a spreadsheet
// would run as a formula. The sections follow one another, each under its
// title line and column titles, separated by an empty line: the header,
// the gifts, the gifts by month, the sponsorship cases, their
// counterparts, the interactions, the email threads and the president's
// word.
func (r Partner) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	rec := func(cells ...string) {
		for i, c := range cells {
			cells[i] = safeCell(c)
		}
		_ = cw.Write(cells) // the error sticks: cw.Error() below
	}
	section := func(title string, head ...string) {
		rec()
		rec(title)
		rec(head...)
	}

	rec("\uFEFFRapport partenaire", r.Name())
	rec("Période", civildate.French(r.From), civildate.French(r.To))
	rec("Association", r.Association.Name)
	rec("Dons", strconv.Itoa(r.GiftCount), r.GiftTotal.Plain())
	rec("Dons couverts par un reçu fiscal", strconv.Itoa(r.ReceiptedCount), r.ReceiptedTotal.Plain())

	section("Dons", "N° du don", "Date de réception", "Montant", "Type", "Mode de paiement", "Nature",
		"Campagne", "Reçu fiscal", "Reçu émis le")
	for _, g := range r.Gifts {
		kind := "don"
		if g.Membership {
			kind = "cotisation"
		}
		rec(strconv.FormatInt(g.ID, 10), civildate.French(g.Date), g.Amount.Plain(), kind, g.Method.Label(), g.Nature.Label(),
			g.Campaign, g.Receipt, civildate.French(g.ReceiptOn))
	}
	rec("Total", "", r.GiftTotal.Plain())

	section("Dons par mois", "Mois", "Nombre de dons", "Montant")
	for _, m := range r.Months {
		rec(m.Label(), strconv.Itoa(m.Count), m.Total.Plain())
	}

	section("Mécénat", "Année", "Étape", "Montant attendu", "Probabilité (%)", "Dons reçus dans l'année",
		"Début de convention", "Fin de convention", "Prochaine action", "Date de la prochaine action",
		"Contreparties (part des dons)", "Contreparties au-delà de 25 %")
	for _, c := range r.Cases {
		rec(strconv.Itoa(c.Year), c.Stage.Label(), c.Expected.Plain(), strconv.Itoa(c.Probability), c.Received.Plain(),
			civildate.French(c.ConventionStart), civildate.French(c.ConventionEnd), c.NextAction, civildate.French(c.NextActionDate),
			ratioPlain(c.Ratio), yesNo(c.Warning))
	}

	section("Contreparties", "Année", "Contrepartie", "Valeur", "Promise", "Remise", "Remise le")
	for _, c := range r.Cases {
		for _, cp := range c.Counterparts {
			rec(strconv.Itoa(c.Year), cp.Item, cp.Value.Plain(), yesNo(true), yesNo(cp.Delivered), civildate.French(cp.DeliveredOn))
		}
	}
	rec("Total promis", "", r.CounterpartsPromised.Plain())
	rec("Dont remis", "", r.CounterpartsDelivered.Plain())

	section("Échanges", "Date", "Type", "Avec", "Objet", "Texte")
	for _, i := range r.Interactions {
		with := i.With
		if with == "" {
			with = r.Name()
		}
		rec(civildate.French(i.Date), i.Kind.Label(), with, i.Subject, oneLine(i.Body))
	}

	section("Courriels", "Objet", "Premier message", "Dernier message", "Messages")
	for _, th := range r.Threads {
		rec(th.Subject, civildate.French(th.First), civildate.French(th.Last), strconv.Itoa(th.Messages))
	}

	rec()
	rec("Mot du président")
	for _, p := range Paragraphs(r.Text) {
		rec(p)
	}
	cw.Flush()
	return cw.Error()
}

// Paragraphs splits a free text at blank lines and joins the lines of
// each paragraph with spaces.
func Paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = oneLine(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\t'
	}), " "))
}

// safeCell keeps a spreadsheet from running a cell as a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// ratioPlain writes a share in basis points as "12,5" (percent).
func ratioPlain(r sponsor.Ratio) string {
	return strings.TrimSuffix(r.String(), "\u00a0%")
}
