package contactio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// ParsedRow is one contact read from a file, with what is wrong with it.
type ParsedRow struct {
	// Line is the physical line where the row starts in the file (1 is
	// a CSV file's header), or where a vCard card begins.
	Line    int
	Card    int // position of a vCard card in its file (from 1); 0 for CSV
	Contact contact.Contact
	Org     string // the organisation a person belongs to, by name
	Role    string // the person's role in Org
	Errs    []string
}

// RowError tells why a row or a card is not imported.
type RowError struct {
	Line    int
	Card    int // position of the card in a vCard file (from 1); 0 for CSV
	Reasons []string
}

// Position says where the error is, in French: "ligne 7", "carte 3
// (ligne 45)".
func (e RowError) Position() string {
	if e.Card > 0 {
		if e.Line > 0 {
			return fmt.Sprintf("carte %d (ligne %d)", e.Card, e.Line)
		}
		return fmt.Sprintf("carte %d", e.Card)
	}
	return fmt.Sprintf("ligne %d", e.Line)
}

// Preview is a file read and checked, before anything is saved.
type Preview struct {
	Kind    string // "csv" or "vcard"
	Header  []string
	Mapping Mapping
	Format  Format
	Rows    []ParsedRow
	// Unreadable lists the vCard cards that could not be read: they are
	// reported and left out, and do not stop the others (unlike the bad
	// rows of a CSV file).
	Unreadable []RowError
}

// Bad returns the rows that have errors.
func (p Preview) Bad() []RowError {
	var out []RowError
	for _, r := range p.Rows {
		if len(r.Errs) > 0 {
			out = append(out, RowError{Line: r.Line, Card: r.Card, Reasons: r.Errs})
		}
	}
	return out
}

// ReadCSV reads a CSV file: it detects its format, maps its columns
// (with GuessMapping when m is nil), and turns every row into a contact
// checked as it would be saved. Rows that fail carry their reasons; the
// error is for a file that cannot be imported at all.
func ReadCSV(data []byte, m Mapping) (Preview, error) {
	p := Preview{Kind: "csv", Format: Sniff(data)}
	text := Decode(data, p.Format.Encoding)
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r", "\n") // old Mac line ends
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = p.Format.Delimiter
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return p, apperr.Invalid("import.empty", "Le fichier est vide. Choisissez le fichier qui contient les contacts.")
	}
	if err != nil {
		return p, apperr.Invalid("import.header", fmt.Sprintf(
			"La première ligne du fichier (les noms des colonnes) est illisible : %s. Ouvrez le fichier dans un tableur et enregistrez-le au format CSV.",
			csvReason(err)))
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
	}
	p.Header = header
	if m == nil {
		m = GuessMapping(header)
	}
	p.Mapping = m
	if !m.Has(FieldLastName) && !m.Has(FieldFirstName) && !m.Has(FieldOrgName) && !m.Has(FieldOrganisation) {
		return p, apperr.Invalid("import.no_name_column", fmt.Sprintf(
			"Aucune colonne du fichier n'a été reconnue comme un nom (colonnes : %s). Indiquez quelle colonne contient le nom, le prénom ou la raison sociale.",
			strings.Join(quoteAll(header), ", ")))
	}
	rr := newRowReader(m, header)
	type record struct {
		line     int
		fields   []string
		parseErr string
	}
	records := make([]record, 0, strings.Count(text, "\n"))
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			records = append(records, record{line: pe.StartLine, parseErr: csvReason(err)})
			continue
		}
		if err != nil {
			return p, err
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		records = append(records, record{line: line, fields: rec})
	}
	// Rows are checked on every core: it is most of the reading time.
	p.Rows = make([]ParsedRow, len(records))
	parallel(len(records), func(lo, hi int) {
		rr := rr.clone()
		for i := lo; i < hi; i++ {
			if rec := records[i]; rec.parseErr != "" {
				p.Rows[i] = ParsedRow{Line: rec.line, Errs: []string{rec.parseErr}}
			} else {
				p.Rows[i] = rr.row(rec.line, rec.fields)
			}
		}
	})
	return p, nil
}

// csvReason says in French what encoding/csv found wrong.
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
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
	return err.Error()
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// fieldOrdinal numbers the fields, to keep a row's values in an array.
var fieldOrdinal = func() map[Field]int {
	out := make(map[Field]int, len(Fields))
	for i, f := range Fields {
		out[f] = i
	}
	return out
}()

// rowReader turns the records of one file into contacts.
type rowReader struct {
	fields []int    // by column: field ordinal, or -1 when ignored
	labels []string // by column: label of its phones or emails
	width  int
	folds  map[string]string // folded tags, which repeat from row to row
}

func newRowReader(m Mapping, header []string) *rowReader {
	rr := &rowReader{fields: make([]int, len(header)), labels: make([]string, len(header)), width: len(header),
		folds: map[string]string{}}
	for i, h := range header {
		rr.fields[i] = -1
		if f, ok := m[i]; ok {
			rr.fields[i] = fieldOrdinal[f]
			rr.labels[i] = labelOf(h, f == FieldPhone || f == FieldPhone2)
		}
	}
	return rr
}

// clone returns a reader for another goroutine, with its own cache.
func (rr *rowReader) clone() *rowReader {
	c := *rr
	c.folds = map[string]string{}
	return &c
}

func (rr *rowReader) fold(s string) string {
	f, ok := rr.folds[s]
	if !ok {
		f = textfold.Fold(s)
		rr.folds[s] = f
	}
	return f
}

// cell is a non-empty value of a row, with the label its column gives.
type cell struct{ value, label string }

// row turns one record into a contact and checks it.
func (rr *rowReader) row(line int, rec []string) ParsedRow {
	row := ParsedRow{Line: line}
	bad := func(format string, a ...any) { row.Errs = append(row.Errs, fmt.Sprintf(format, a...)) }
	if len(rec) > rr.width {
		extra := false
		for _, v := range rec[rr.width:] {
			extra = extra || strings.TrimSpace(v) != ""
		}
		if extra {
			bad("%d valeurs pour %d colonnes : une valeur contient sans doute le séparateur sans être entre guillemets", len(rec), rr.width)
		}
	}
	cells := make([][]cell, len(Fields))
	for i, fi := range rr.fields {
		if fi < 0 || i >= len(rec) {
			continue
		}
		v := strings.TrimSpace(unneutralise(rec[i]))
		if v != "" {
			cells[fi] = append(cells[fi], cell{v, rr.labels[i]})
		}
	}
	values := func(f Field) []cell { return cells[fieldOrdinal[f]] }
	get := func(f Field) string {
		if vs := values(f); len(vs) > 0 {
			return vs[0].value
		}
		return ""
	}

	c := &row.Contact
	c.Civility = normCivility(get(FieldCivility))
	c.FirstName = get(FieldFirstName)
	c.LastName = get(FieldLastName)
	c.OrgName = get(FieldOrgName)
	c.LegalForm = get(FieldLegalForm)
	c.Website = get(FieldWebsite)
	for _, n := range values(FieldNotes) {
		c.Notes = strings.TrimSpace(c.Notes + "\n" + n.value)
	}
	row.Org = get(FieldOrganisation)
	row.Role = get(FieldRole)

	kind, known := parseKind(get(FieldKind))
	if k := get(FieldKind); k != "" && !known {
		bad("type « %s » inconnu : écrivez personne ou organisation", k)
	}
	switch {
	case known:
		c.Kind = kind
	case c.FirstName != "" || c.LastName != "":
		c.Kind = contact.Person
	case c.OrgName != "" || row.Org != "":
		c.Kind = contact.Organisation
	default:
		c.Kind = contact.Person
	}
	switch c.Kind {
	case contact.Organisation:
		if c.OrgName == "" {
			c.OrgName, row.Org = row.Org, ""
		}
		if row.Org != "" && textfold.Fold(row.Org) != textfold.Fold(c.OrgName) {
			bad("une organisation ne peut pas être membre d'une autre (« %s ») : videz la colonne de l'organisation de rattachement", row.Org)
		}
		row.Org = ""
		if c.FirstName != "" || c.LastName != "" {
			bad("une organisation n'a ni prénom ni nom de personne (« %s ») : mettez la personne sur une ligne à elle, rattachée à l'organisation",
				strings.TrimSpace(c.FirstName+" "+c.LastName))
		}
	case contact.Person:
		// A person's "company" is the organisation they belong to.
		if c.OrgName != "" {
			if row.Org == "" {
				row.Org = c.OrgName
			}
			c.OrgName = ""
		}
	}
	if row.Role != "" && row.Org == "" {
		c.Notes = strings.TrimSpace(c.Notes + "\nFonction : " + row.Role)
		row.Role = ""
	}
	if v := get(FieldOrgKind); v != "" {
		k, ok := parseOrgKind(v)
		switch {
		case !ok:
			bad("type d'organisation « %s » inconnu : écrivez association, entreprise, financeur public, fondation, presse ou autre", v)
		case c.Kind != contact.Organisation:
			bad("type d'organisation « %s » sur une personne : ce type ne s'applique qu'aux organisations", v)
		default:
			c.OrgKind = k
		}
	}
	if v := get(FieldSIREN); v != "" {
		s := association.NormalizeSIREN(v)
		if len(s) == 14 && digits(s) { // a SIRET starts with the SIREN
			s = s[:9]
		}
		if err := association.ValidSIREN(s); err != nil {
			bad("%s", apperr.Message(err))
		} else {
			c.SIREN = s
		}
	}

	for _, f := range []Field{FieldEmail, FieldEmail2} {
		for _, v := range values(f) {
			for _, e := range splitList(v.value, ",;") {
				addr := cleanEmail(e)
				if !validEmail(addr) {
					bad("adresse électronique invalide « %s »", e)
					continue
				}
				c.Emails = append(c.Emails, contact.Email{Address: addr, Label: v.label, Preferred: len(c.Emails) == 0})
			}
		}
	}
	for _, f := range []Field{FieldPhone, FieldPhone2} {
		for _, v := range values(f) {
			for _, n := range splitList(v.value, ",;/") {
				c.Phones = append(c.Phones, contact.Phone{Number: n, Label: v.label, Preferred: len(c.Phones) == 0})
			}
		}
	}
	a := contact.Address{
		Street:   joinCells(values(FieldStreet), "\n"),
		Postcode: get(FieldPostcode),
		City:     get(FieldCity),
		Country:  get(FieldCountry),
	}
	if a.Street != "" || a.Postcode != "" || a.City != "" {
		if isFrance(a.Country) {
			a.Country = "France"
			if a.Postcode != "" {
				p, ok := normPostcode(a.Postcode)
				if !ok {
					bad("code postal « %s » invalide : en France il compte 5 chiffres", a.Postcode)
				}
				a.Postcode = p
			}
		}
		a.Preferred = true
		c.Addresses = []contact.Address{a}
	}
	var folded []string
	for _, v := range values(FieldTags) {
		for _, t := range splitList(v.value, ",|") {
			if f := rr.fold(t); !slices.Contains(folded, f) {
				folded = append(folded, f)
				c.Tags = append(c.Tags, t)
			}
		}
	}
	if err := c.Validate(); err != nil {
		var multi apperr.Multi
		if errors.As(err, &multi) {
			for _, e := range multi {
				if e.Field != "emails" { // already reported, more precisely
					row.Errs = append(row.Errs, e.Message)
				}
			}
		} else {
			row.Errs = append(row.Errs, apperr.Message(err))
		}
	}
	return row
}

func joinCells(cs []cell, sep string) string {
	switch len(cs) {
	case 0:
		return ""
	case 1:
		return cs[0].value
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.value
	}
	return strings.Join(parts, sep)
}

// parallel calls work on consecutive parts of [0, n), one per core, and
// waits for them. Small inputs stay on one goroutine.
func parallel(n int, work func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 1000 || workers < 2 {
		work(0, n)
		return
	}
	var wg sync.WaitGroup
	step := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += step {
		wg.Go(func() { work(lo, min(lo+step, n)) })
	}
	wg.Wait()
}
