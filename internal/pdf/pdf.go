// Package pdf draws receipts (and later charters and reports) with fpdf.
// Fonts are embedded, and the output is byte-identical for identical
// input: the document dates come from the receipt, never from the clock,
// and fpdf's catalog sort is on, so a receipt can be hashed, stored and
// compared with a golden file.
//
// Every fixed text of a receipt, from the title of the Cerfa to the page
// numbers, is data: assets/legal/cerfa-*/mentions*.json, chosen by the
// form recorded on the receipt so that an old receipt reprints with its
// own wording.
//
// It is an adapter: it imports the domain packages (donation, money,
// apperr) and fpdf, never store, mailsync, app or cli.
package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// Mark is a stamp printed over a receipt.
type Mark int

const (
	// None prints the receipt as issued.
	None Mark = iota
	// Cancelled stamps « ANNULÉ » across every page and prints the date and
	// reason of the cancellation (receipts-law.md R3.4). A receipt whose
	// Status is donation.Cancelled is always printed this way.
	Cancelled
	// Duplicate prints « DUPLICATA délivré le JJ/MM/AAAA » in the header: a
	// reprint of the same receipt, with the same number (R3.6).
	Duplicate
)

// Options tune how receipts are printed.
type Options struct {
	Mark Mark
	// MarkDate is the date of the mark, YYYY-MM-DD: the day a duplicate is
	// issued, or the day of the cancellation (defaults to the receipt's
	// CancelledOn).
	MarkDate string
	// Spelling spells the amounts in words. Rectified1990 is used when
	// either this or the receipt's own Spelling asks for it, so a reprint
	// keeps the spelling the receipt was issued with.
	Spelling money.Spelling
}

// compressPages deflates the page contents. The fonts are compressed
// either way, so it saves only 12 to 16 KB on a 70 KB receipt, while fpdf
// allocates a 1.1 MB deflate writer for every page: about half the CPU of
// a receipt and 80 % of its allocations (BenchmarkAnnualReceipt).
const compressPages = true

// Receipt draws receipt r as an A4 PDF: the Cerfa 11580*05 model for an
// individual, 16216 for a company, with an annex that lists the gifts when
// the receipt covers several. It returns an apperr.Invalid error, listing
// every problem, when r lacks something the form requires.
func Receipt(r donation.Receipt, opts Options) ([]byte, error) {
	b, err := render([]donation.Receipt{r}, opts)
	if err != nil {
		return nil, fmt.Errorf("draw receipt %s: %w", r.Number, err)
	}
	return b, nil
}

// Receipts draws rs one after the other in one PDF, each starting on a new
// page with its own page numbers: the year-end printing file. fpdf cannot
// import pages, so this replaces merging the receipts' own PDFs; the
// pages are drawn the same way.
func Receipts(rs []donation.Receipt, opts Options) ([]byte, error) {
	if len(rs) == 0 {
		return nil, apperr.Invalid("pdf.no_receipts", "Aucun reçu à imprimer. Choisissez au moins un reçu.")
	}
	b, err := render(rs, opts)
	if err != nil {
		return nil, fmt.Errorf("draw %d receipts: %w", len(rs), err)
	}
	return b, nil
}

// render checks every receipt, then draws them with the WinAnsi fonts, or
// the Unicode fonts when some text does not fit WinAnsi.
func render(rs []donation.Receipt, opts Options) ([]byte, error) {
	jobs := make([]*job, len(rs))
	var errs apperr.Multi
	for i, r := range rs {
		j, err := prepare(r, opts)
		if err != nil {
			if m, ok := err.(apperr.Multi); ok {
				errs = append(errs, m...)
				continue
			}
			return nil, err
		}
		jobs[i] = j
	}
	if err := errs.OrNil(); err != nil {
		return nil, err
	}
	fs, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("load fonts: %w", err)
	}
	unicode := slices.ContainsFunc(rs, needsUnicode)
	b, lost, err := compose(jobs, fs, unicode)
	if err == nil && lost {
		b, _, err = compose(jobs, fs, true) // a text needsUnicode missed
	}
	return b, err
}

// needsUnicode reports whether a text of r has a character outside
// Windows-1252, which only the Unicode fonts can print.
func needsUnicode(r donation.Receipt) bool {
	is, dn := r.Issuer, r.Donor
	texts := []string{r.Number, r.Replaces, r.ReplacedBy, r.CancelReason,
		is.Name, is.SIREN, is.RNA, is.Street, is.Postcode, is.City, is.Country, is.Object,
		is.CategoryWording, is.ParentWording, is.SignerName, is.SignerRole,
		dn.LastName, dn.FirstName, dn.CompanyName, dn.LegalForm, dn.SIREN, dn.Street, dn.Postcode, dn.City, dn.Country}
	for _, l := range r.Lines {
		texts = append(texts, l.Description, l.Valuation)
	}
	for _, s := range texts {
		for _, c := range s {
			if _, ok := winAnsiByte(c); !ok && c >= 0x20 && c != 0x7f {
				return true
			}
		}
	}
	return false
}

// newDocument starts an A4 document with Bureau's fonts and the settings
// that make its bytes depend on its content only (catalog sort; the
// caller sets the dates).
func newDocument(fs *fontSet, unicode bool) (*fpdf.Fpdf, *doc) {
	p := fpdf.New("P", "mm", "A4", "")
	d := &doc{p: p, unicode: unicode}
	fs.addFonts(p, unicode)
	p.SetMargins(marginX, marginTop, marginX)
	p.SetAutoPageBreak(false, 0)
	p.SetCellMargin(0)
	p.SetCompression(compressPages)
	p.SetCatalogSort(true)
	p.SetLang("fr-FR")
	p.SetCreator("Bureau", true)
	p.SetProducer("Bureau", true)
	return p, d
}

// compose lays out jobs in one document. lost reports that a character could
// not be written in WinAnsi and was replaced.
func compose(jobs []*job, fs *fontSet, unicode bool) (b []byte, lost bool, err error) {
	p, d := newDocument(fs, unicode)

	first, last := jobs[0], jobs[len(jobs)-1]
	var created, modified time.Time
	for _, j := range jobs {
		created = later(created, j.issued)
		modified = later(modified, j.modified)
	}
	// Dates come from the receipts, so identical input gives identical bytes.
	p.SetCreationDate(created)
	p.SetModificationDate(modified)
	if len(jobs) == 1 {
		p.SetTitle(first.m.t("bureau_pdf_title", "number", first.r.Number), true)
	} else {
		p.SetTitle(first.m.t("bureau_pdf_batch_title", "first", first.r.Number, "last", last.r.Number), true)
	}
	p.SetSubject(first.m.t("title"), true)
	p.SetAuthor(first.r.Issuer.Name, true)
	p.SetKeywords(first.m.t("form_code")+" "+first.r.Form.Cerfa+" "+first.r.Number, true)

	for _, j := range jobs {
		if err := d.receipt(j); err != nil {
			return nil, false, err
		}
	}
	if err := p.Error(); err != nil {
		return nil, false, fmt.Errorf("fpdf: %w", err)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, false, fmt.Errorf("fpdf output: %w", err)
	}
	return buf.Bytes(), d.lost, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
