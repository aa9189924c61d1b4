package pdf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/association"
)

// What charters and reports share: the document settings of every Bureau
// PDF, the letterhead, text in mixed regular and bold, tables that
// continue across pages, and the footer with « Page i/n ». Receipts have
// their own layout (receipt.go); these reuse its fonts and primitives
// (draw.go).

// Colours of charters and reports: a sober blue for titles and bars.
var (
	accent      = rgb{31, 73, 125}
	accentLight = rgb{214, 226, 240}
	zebraGrey   = rgb{244, 246, 249}
	warnRed     = rgb{170, 20, 20}
)

// meta is what a document says about itself, and its date: the creation
// and modification dates of the PDF come from the data, never from the
// clock, so that the same input gives the same bytes.
type meta struct {
	title, subject, author, keywords string
	date                             time.Time
}

// drawDocument draws a document with fn, with the WinAnsi fonts or, when
// a text has a character outside Windows-1252, again with the Unicode
// fonts.
func drawDocument(m meta, fn func(d *doc) error) ([]byte, error) {
	fs, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("load fonts: %w", err)
	}
	b, lost, err := drawWith(fs, false, m, fn)
	if err == nil && lost {
		b, _, err = drawWith(fs, true, m, fn)
	}
	return b, err
}

func drawWith(fs *fontSet, unicode bool, m meta, fn func(d *doc) error) ([]byte, bool, error) {
	p, d := newDocument(fs, unicode)
	p.SetCreationDate(m.date)
	p.SetModificationDate(m.date)
	p.SetTitle(m.title, true)
	p.SetSubject(m.subject, true)
	p.SetAuthor(m.author, true)
	p.SetKeywords(m.keywords, true)
	if err := fn(d); err != nil {
		return nil, false, err
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

// civilTime reads a date YYYY-MM-DD as midnight UTC; the zero time when
// s is not one.
func civilTime(s string) time.Time {
	t, _ := parseDate(s)
	return t
}

// frDay writes YYYY-MM-DD as JJ/MM/AAAA; anything else as it is.
func frDay(s string) string {
	t, err := parseDate(s)
	if err != nil {
		return s
	}
	return frDate(t)
}

// letterhead draws the association's logo, name, address and
// identifiers at the top of the page, over an accent rule.
func (d *doc) letterhead(a association.Profile, logo *picture) {
	top := d.y
	x := marginX
	bottom := top
	if logo != nil {
		if w, h := d.place(logo, marginX, top, 30, 18); w > 0 {
			x += w + 5
			bottom = top + h
		}
	}
	w := marginX + contentW - x
	y := top + 1
	d.font(true, 11)
	d.color(black)
	for _, l := range d.wrap(oneLine(a.Name), w) {
		d.text(x, y, w, lineH(11), l, "L")
		y += lineH(11)
	}
	var lines []string
	if street := oneLine(a.Street); street != "" {
		lines = append(lines, street)
	}
	if town := strings.TrimSpace(a.Postcode + " " + a.City); town != "" {
		lines = append(lines, town)
	}
	var ids []string
	if a.RNA != "" {
		ids = append(ids, "RNA "+a.RNA)
	}
	if a.SIREN != "" {
		ids = append(ids, "SIREN "+a.SIREN)
	}
	if len(ids) > 0 {
		lines = append(lines, strings.Join(ids, " · "))
	}
	d.font(false, 8)
	d.color(labelGrey)
	for _, l := range lines {
		d.text(x, y, w, lineH(8), l, "L")
		y += lineH(8)
	}
	d.y = max(bottom, y) + 3
	d.rule(d.y, accent, 0.5)
	d.y += 5
}

// footers writes on every page from first to last a rule, left on the
// left and « Page i/n » on the right, n counting those pages only.
func (d *doc) footers(first, last int, left string) {
	n := last - first + 1
	for pg := first; pg <= last; pg++ {
		d.p.SetPage(pg)
		d.p.SetFillColor(255, 255, 255)
		d.rule(footerY-1.2, ruleGrey, 0.2)
		d.refont(false, sizeFooter)
		d.color(labelGrey)
		d.text(marginX, footerY, contentW-30, 4, fitText(d, left, contentW-32), "L")
		d.text(marginX+contentW-30, footerY, 30, 4, "Page "+strconv.Itoa(pg-first+1)+"/"+strconv.Itoa(n), "R")
	}
	d.p.SetPage(last)
}

// fitText shortens s with « … » until it fits in w in the current font.
func fitText(d *doc, s string, w float64) string {
	if d.width(s) <= w {
		return s
	}
	for s != "" && d.width(s+"…") > w {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return strings.TrimRight(s, " ") + "…"
}

// piece is a run of one style inside a word.
type piece struct {
	text string
	bold bool
}

// richWord is a word, maybe in several styles ("mot**gras**" is one word).
type richWord struct {
	pieces []piece
	w      float64
}

// richRun is text of one style placed on a line.
type richRun struct {
	text string
	bold bool
	x    float64
}

// richSpan is a run of the text of a paragraph.
type richSpan struct {
	text string
	bold bool
}

// richLines wraps spans into lines of width w at size points, breaking at
// spaces; it returns each line as runs placed from 0.
func (d *doc) richLines(spans []richSpan, w, size float64) [][]richRun {
	var words []richWord
	var cur *richWord
	for _, sp := range spans {
		for _, r := range sp.text {
			if isBreak(r) || r == '\n' {
				cur = nil
				continue
			}
			if cur == nil {
				words = append(words, richWord{})
				cur = &words[len(words)-1]
			}
			n := len(cur.pieces)
			if n == 0 || cur.pieces[n-1].bold != sp.bold {
				cur.pieces = append(cur.pieces, piece{bold: sp.bold})
				n++
			}
			cur.pieces[n-1].text += string(r)
		}
	}
	space := [2]float64{}
	for i, bold := range []bool{false, true} {
		d.font(bold, size)
		space[i] = d.width(" ")
	}
	spaceOf := func(bold bool) float64 {
		if bold {
			return space[1]
		}
		return space[0]
	}
	for i := range words {
		for _, p := range words[i].pieces {
			d.font(p.bold, size)
			words[i].w += d.width(p.text)
		}
	}
	var lines [][]richRun
	var line []richRun
	x := 0.0
	for _, wd := range words {
		gap := 0.0
		if len(line) > 0 {
			gap = spaceOf(wd.pieces[0].bold)
		}
		if len(line) > 0 && x+gap+wd.w > w {
			lines = append(lines, line)
			line, x, gap = nil, 0, 0
		}
		for k, p := range wd.pieces {
			d.font(p.bold, size)
			pw := d.width(p.text)
			n := len(line)
			switch {
			case n > 0 && line[n-1].bold == p.bold && k == 0:
				line[n-1].text += " " + p.text
			case n > 0 && line[n-1].bold == p.bold:
				line[n-1].text += p.text
			default:
				line = append(line, richRun{text: p.text, bold: p.bold, x: x + gap})
			}
			x += gap + pw
			gap = 0
		}
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines
}

// rich writes spans wrapped in w from x, with a line height of lh,
// breaking pages between lines.
func (d *doc) rich(x, w float64, spans []richSpan, size, lh float64, c rgb) {
	for _, line := range d.richLines(spans, w, size) {
		d.need(lh)
		d.color(c)
		for _, r := range line {
			d.font(r.bold, size)
			d.text(x+r.x, d.y, w-r.x, lh, r.text, "L")
		}
		d.y += lh
	}
}

// section writes the title of a section of a report: accent text over a
// rule, kept with the space below it.
func (d *doc) section(title string, keep float64) {
	const h = 7.0
	d.need(h + keep)
	d.font(true, 11)
	d.color(accent)
	d.text(marginX, d.y, contentW, h-1.5, title, "L")
	d.rule(d.y+h-1, accent, 0.35)
	d.y += h + 2
}

// column is a column of a table.
type column struct {
	title string
	w     float64
	align string // "L" or "R"
}

// Table geometry.
const (
	tableSize = 8.3
	cellPadX  = 1.5
	cellPadY  = 1.1
)

// table draws rows under the column titles, wrapping each cell, with a
// light band every other row; total, when set, ends it in bold under a
// rule. A table short enough is kept on one page; a longer one running
// onto a new page repeats its column titles there.
func (d *doc) table(cols []column, rows [][]string, total []string) {
	lh := lineH(tableSize)
	wrapAll := func(cells []string, bold bool) ([][]string, float64) {
		d.font(bold, tableSize)
		wrapped := make([][]string, len(cols))
		n := 1
		for i, c := range cols {
			if i < len(cells) {
				wrapped[i] = d.wrap(cells[i], c.w-2*cellPadX)
			}
			n = max(n, len(wrapped[i]))
		}
		return wrapped, float64(n)*lh + 2*cellPadY
	}
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.title
	}
	headCells, headH := wrapAll(titles, true)
	draw := func(wrapped [][]string, h float64, bold bool, fill *rgb) {
		if fill != nil {
			d.p.SetFillColor(fill.r, fill.g, fill.b)
			d.p.Rect(marginX, d.y, contentW, h, "F")
		}
		d.font(bold, tableSize)
		d.color(black)
		x := marginX
		for i, c := range cols {
			for k, l := range wrapped[i] {
				d.text(x+cellPadX, d.y+cellPadY+float64(k)*lh, c.w-2*cellPadX, lh, l, c.align)
			}
			x += c.w
		}
		d.y += h
	}
	head := func() { draw(headCells, headH, true, &accentLight) }

	type wrappedRow struct {
		cells [][]string
		h     float64
	}
	body := make([]wrappedRow, len(rows))
	height := headH
	for i, r := range rows {
		body[i].cells, body[i].h = wrapAll(r, false)
		height += body[i].h
	}
	var foot wrappedRow
	if total != nil {
		foot.cells, foot.h = wrapAll(total, true)
		height += foot.h
	}
	switch {
	case height <= (bottomY-marginTop)/3 || len(body) == 0:
		d.need(height)
	default:
		d.need(headH + body[0].h)
	}
	head()
	d.onNewPage = head
	for i, r := range body {
		d.need(r.h)
		var band *rgb
		if i%2 == 1 {
			band = &zebraGrey
		}
		draw(r.cells, r.h, false, band)
	}
	if total != nil {
		d.need(foot.h + 0.5)
		d.rule(d.y, black, 0.3)
		draw(foot.cells, foot.h, true, nil)
	}
	d.onNewPage = nil
	d.y += 3
}
