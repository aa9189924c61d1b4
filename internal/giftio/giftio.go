// Package giftio reads gifts from CSV files: Bureau's own format and the
// payments export of HelloAsso. It maps every row to a donor and a gift,
// checks it as it would be saved, and imports a file through a small
// store interface in one transaction. It holds no SQL and imports neither
// the store nor Fyne. The CSV delimiter and encoding are detected by
// contactio.Sniff, as for contacts.
package giftio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// File formats.
const (
	FormatBureau    = "bureau"
	FormatHelloAsso = "helloasso"
)

// Formats lists the formats Read accepts.
var Formats = []string{FormatBureau, FormatHelloAsso}

// Sources recorded on imported gifts: with the reference they make the
// key that recognises a gift imported before.
const (
	SourceBureau    = "bureau-csv"
	SourceHelloAsso = "helloasso"
)

// Row is one gift read from a file, with its donor as the file gives it
// and what is wrong with it.
type Row struct {
	// Line is the physical line where the row starts (1 is the header).
	// For HelloAsso, the first line of the order.
	Line  int
	Donor contact.Contact
	// Gift has no DonorID: the importer matches or creates the donor.
	Gift donation.Gift
	Errs []string
	// Warnings are imported all the same, and reported.
	Warnings []string
}

// RowError tells why a row is refused, left out or worth a look.
type RowError struct {
	Line    int
	Reasons []string
}

// Position says where the row is, in French: "ligne 7".
func (e RowError) Position() string { return fmt.Sprintf("ligne %d", e.Line) }

// Preview is a file read and checked, before anything is saved.
type Preview struct {
	Format string // FormatBureau or FormatHelloAsso
	// Layout names the HelloAsso export recognised, in French.
	Layout string
	CSV    contactio.Format
	Header []string
	// Used[i] reports whether column i is read.
	Used   []bool
	Source string
	Rows   []Row
	// Skipped lists rows left out on purpose (an order not validated, a
	// free ticket): they are neither errors nor gifts.
	Skipped []RowError
}

// Bad returns the rows that have errors, in file order.
func (p Preview) Bad() []RowError {
	var out []RowError
	for _, r := range p.Rows {
		if len(r.Errs) > 0 {
			out = append(out, RowError{Line: r.Line, Reasons: r.Errs})
		}
	}
	return out
}

// Read reads data in format (FormatBureau or FormatHelloAsso).
func Read(data []byte, format string) (Preview, error) {
	switch format {
	case FormatBureau, "":
		return ReadBureau(data)
	case FormatHelloAsso:
		return ReadHelloAsso(data)
	}
	return Preview{}, apperr.Invalid("gift_import.format_unknown", fmt.Sprintf(
		"Le format « %s » est inconnu. Choisissez %s.", format, strings.Join(Formats, " ou ")))
}

// record is one CSV record with the line it starts on.
type record struct {
	line   int
	fields []string
	err    string // the record could not be read
}

// table is a CSV file read into records, its header trimmed.
type table struct {
	format  contactio.Format
	header  []string
	records []record
}

// readTable detects the format of data with contactio.Sniff, decodes it
// and reads its records. lazyQuotes tolerates a quote inside an unquoted
// value, as HelloAsso's legacy exports need.
func readTable(data []byte, lazyQuotes bool) (table, error) {
	t := table{format: contactio.Sniff(data)}
	text := contactio.Decode(data, t.format.Encoding)
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r", "\n") // old Mac line ends
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = t.format.Delimiter
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazyQuotes
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return t, apperr.Invalid("gift_import.empty", "Le fichier est vide. Choisissez le fichier qui contient les dons.")
	}
	if err != nil {
		return t, apperr.Invalid("gift_import.header", fmt.Sprintf(
			"La première ligne du fichier (les noms des colonnes) est illisible : %v. Ouvrez le fichier dans un tableur et enregistrez-le au format CSV.", err))
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	}
	t.header = header
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.records = append(t.records, record{line: pe.StartLine, err: csvReason(pe)})
			continue
		}
		if err != nil {
			return t, err
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		t.records = append(t.records, record{line: line, fields: rec})
	}
	return t, nil
}

func csvReason(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("guillemet (\") au milieu d'une valeur qui n'est pas entre guillemets, ligne %d", pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		if pe.Line != pe.StartLine {
			return fmt.Sprintf("guillemet ouvert ligne %d et jamais refermé (vérifiez la ligne %d)", pe.StartLine, pe.Line)
		}
		return "guillemet mal refermé"
	}
	return pe.Err.Error()
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// headerKey is the form in which column names are compared: folded,
// single spaces, "_" and "-" as spaces.
func headerKey(h string) string {
	h = strings.NewReplacer("_", " ", "-", " ").Replace(h)
	return strings.Join(strings.Fields(textfold.Fold(h)), " ")
}

// columns finds columns by name: each wanted name lists accepted header
// names, compared with headerKey.
type columns struct {
	index map[string]int
	used  []bool
}

func newColumns(header []string, strip func(string) string) columns {
	c := columns{index: map[string]int{}, used: make([]bool, len(header))}
	for i, h := range header {
		k := headerKey(h)
		if strip != nil {
			k = strip(k)
		}
		if _, dup := c.index[k]; !dup {
			c.index[k] = i
		}
	}
	return c
}

// find returns the index of the first of names present, or -1, and marks
// it used.
func (c columns) find(names ...string) int {
	for _, n := range names {
		if i, ok := c.index[headerKey(n)]; ok {
			c.used[i] = true
			return i
		}
	}
	return -1
}

// get returns the trimmed value of column i of rec, "" when absent.
func get(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}
