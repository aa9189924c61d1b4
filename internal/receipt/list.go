package receipt

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/donation"
)

// StatusLabel names a status in French.
func StatusLabel(s donation.ReceiptStatus) string {
	if s == donation.Cancelled {
		return "annulé"
	}
	return "valide"
}

// KindLabel names the form of a donor kind.
func KindLabel(k donation.DonorKind) string {
	if k == donation.Company {
		return "entreprise (2041-MEC-SD)"
	}
	return "particulier (2041-RD)"
}

// csvHeader are the columns of the receipts list (R8.2: number, date,
// donor, amount, status, linked gifts).
var csvHeader = []string{"Numéro", "Date d'émission", "Donateur", "N° de fiche", "Formulaire", "Montant",
	"Statut", "Annulé le", "Motif d'annulation", "Remplace", "Remplacé par", "Année des dons", "Annuel",
	"Dons couverts", "SHA-256"}

// WriteCSV writes rows as a CSV file that French spreadsheets open as it
// is: ";" between cells, a byte order mark, CRLF line ends, amounts as
// "1234,56", and a leading apostrophe on a cell a spreadsheet would run
// as a formula.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	head := append([]string(nil), csvHeader...)
	head[0] = "\uFEFF" + head[0]
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range rows {
		gifts := make([]string, len(r.GiftIDs))
		for i, id := range r.GiftIDs {
			gifts[i] = strconv.FormatInt(id, 10)
		}
		annual := "non"
		if r.Annual {
			annual = "oui"
		}
		rec := []string{r.Number, civildate.French(r.IssuedOn), safeCell(r.DonorName), strconv.FormatInt(r.DonorID, 10),
			KindLabel(r.DonorKind), r.Total.Plain(), StatusLabel(r.Status), civildate.French(r.CancelledOn),
			safeCell(r.CancelReason), r.Replaces, r.ReplacedBy, strconv.Itoa(r.PeriodYear), annual,
			strings.Join(gifts, " "), r.SHA256}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCell keeps a spreadsheet from running a cell as a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
