package contactio

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/bureau-asso/bureau/internal/contact"
)

// csvColumns are the columns of Bureau's CSV export, in order. Their
// headers are the fields' French labels, which GuessMapping reads back.
var csvColumns = []Field{FieldKind, FieldCivility, FieldFirstName, FieldLastName, FieldOrgName, FieldOrgKind,
	FieldLegalForm, FieldSIREN, FieldEmail, FieldEmail2, FieldPhone, FieldPhone2, FieldStreet, FieldPostcode,
	FieldCity, FieldCountry, FieldWebsite, FieldTags, FieldNotes, FieldOrganisation, FieldRole}

// CSVWriter writes contacts as a CSV file that French Excel and
// LibreOffice open as they are: ";" between cells, UTF-8 with a byte
// order mark (without it Excel reads UTF-8 as Windows-1252), CRLF line
// ends. A cell that a spreadsheet would run as a formula (starting with
// = + - @, a tab or a carriage return) gets a leading apostrophe.
type CSVWriter struct {
	w      *csv.Writer
	header bool
	n      int
}

// NewCSVWriter returns a writer to w; the header is written with the
// first contact, or by Flush when there is none.
func NewCSVWriter(w io.Writer) *CSVWriter {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &CSVWriter{w: cw}
}

// Count returns how many contacts were written.
func (w *CSVWriter) Count() int { return w.n }

func (w *CSVWriter) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	// The BOM goes through the csv.Writer's buffer, before the header.
	rec := make([]string, len(csvColumns))
	for i, f := range csvColumns {
		rec[i] = f.Label()
	}
	rec[0] = "\uFEFF" + rec[0]
	return w.w.Write(rec)
}

// Write writes one contact; orgs are the organisations a person belongs
// to, of which the file keeps the first (with its role). Only the first
// address is written; emails and phones beyond the first go, comma
// separated, in the second column.
func (w *CSVWriter) Write(c contact.Contact, orgs []contact.OrgRole) error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	v := map[Field]string{
		FieldKind:      kindLabel(c.Kind),
		FieldCivility:  c.Civility,
		FieldFirstName: c.FirstName,
		FieldLastName:  c.LastName,
		FieldLegalForm: c.LegalForm,
		FieldSIREN:     c.SIREN,
		FieldWebsite:   c.Website,
		FieldTags:      strings.Join(c.Tags, ", "),
		FieldNotes:     c.Notes,
	}
	if c.Kind == contact.Organisation {
		v[FieldOrgName] = c.OrgName
		v[FieldOrgKind] = orgKindLabels[c.OrgKind]
	} else if len(orgs) > 0 {
		v[FieldOrganisation] = orgs[0].Org
		v[FieldRole] = orgs[0].Role
	}
	emails := make([]string, 0, len(c.Emails))
	if p := c.PreferredEmail(); p != "" {
		emails = append(emails, p)
	}
	for _, e := range c.Emails {
		if e.Address != "" && !(len(emails) > 0 && e.Address == emails[0]) {
			emails = append(emails, e.Address)
		}
	}
	if len(emails) > 0 {
		v[FieldEmail] = emails[0]
		v[FieldEmail2] = strings.Join(emails[1:], ", ")
	}
	phones := make([]string, 0, len(c.Phones))
	for _, p := range c.Phones {
		if p.Preferred {
			phones = append([]string{p.Number}, phones...)
		} else {
			phones = append(phones, p.Number)
		}
	}
	if len(phones) > 0 {
		v[FieldPhone] = phones[0]
		v[FieldPhone2] = strings.Join(phones[1:], ", ")
	}
	if a, ok := c.PreferredAddress(); ok {
		v[FieldStreet] = a.Street
		v[FieldPostcode] = a.Postcode
		v[FieldCity] = a.City
		v[FieldCountry] = a.Country
	}
	rec := make([]string, len(csvColumns))
	for i, f := range csvColumns {
		rec[i] = Neutralise(v[f])
	}
	w.n++
	return w.w.Write(rec)
}

// Flush writes what is buffered (and the header of an empty export) and
// returns the first error met.
func (w *CSVWriter) Flush() error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.w.Flush()
	return w.w.Error()
}

// WriteCSV writes cs as Bureau's CSV export (see CSVWriter).
func WriteCSV(w io.Writer, cs []contact.Contact) error {
	cw := NewCSVWriter(w)
	for _, c := range cs {
		if err := cw.Write(c, nil); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// Neutralise protects a cell from formula injection: a spreadsheet runs
// a cell that starts with = + - @ (and some strip a leading tab or
// carriage return first), so such a cell gets a leading apostrophe,
// which makes it text. ReadCSV removes it again.
func Neutralise(s string) string {
	if neutralised(s) {
		return "'" + s
	}
	return s
}
