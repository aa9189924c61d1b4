package pdf

import (
	"strings"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// Page geometry, in millimetres: A4 portrait with 15 mm margins. Content
// stops at bottomY; the footer (receipt number and page) sits below it.
const (
	pageW     = 210.0
	pageH     = 297.0
	marginX   = 15.0
	marginTop = 14.0
	contentW  = pageW - 2*marginX
	bottomY   = 280.0
	footerY   = 284.5
)

// Type sizes, in points.
const (
	sizeTitle   = 11.5
	sizeHeading = 9.5
	sizeBody    = 9
	sizeLabel   = 8.5
	sizeBox     = 8.3
	sizeNote    = 6.6
	sizeFooter  = 7
)

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	black     = rgb{0, 0, 0}
	labelGrey = rgb{75, 75, 75}
	noteGrey  = rgb{70, 70, 70}
	ruleGrey  = rgb{170, 170, 170}
	fillGrey  = rgb{226, 230, 236}
	darkRed   = rgb{160, 0, 0}
	stampRed  = rgb{210, 0, 0}
)

// doc is the document being drawn and the layout cursor. Text is written
// through its methods, which encode it for the fonts in use.
type doc struct {
	p       *fpdf.Fpdf
	unicode bool
	// lost is set when a character has no WinAnsi code: compose runs again
	// with the Unicode fonts.
	lost bool
	y    float64
	// onNewPage, when set, draws what a continuation page starts with
	// (the annex repeats its heading and column titles).
	onNewPage func()
}

// enc returns s as fpdf expects it for the current fonts: UTF-8 as is, or
// bytes of Windows-1252.
func (d *doc) enc(s string) string {
	if d.unicode {
		return s
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := winAnsiByte(r)
		switch {
		case r < 0x20 || r == 0x7f:
			c = ' '
		case !ok:
			d.lost = true
			c = '?'
		}
		b = append(b, c)
	}
	return string(b)
}

// font selects the regular or bold face at size points.
func (d *doc) font(bold bool, size float64) {
	style := ""
	if bold {
		style = "B"
	}
	d.p.SetFont(fontFamily, style, size)
}

// refont selects a face even if fpdf believes it is already selected:
// after SetPage, the page's content stream may not have it.
func (d *doc) refont(bold bool, size float64) {
	d.font(bold, size+1)
	d.font(bold, size)
}

func (d *doc) color(c rgb) { d.p.SetTextColor(c.r, c.g, c.b) }

// lineH is the line height, in millimetres, for a size in points.
func lineH(size float64) float64 { return size * 0.3528 * 1.28 }

// width measures s in the current font.
func (d *doc) width(s string) float64 { return d.p.GetStringWidth(d.enc(s)) }

// text writes one line at (x, y), the top of a line of height h.
func (d *doc) text(x, y, w, h float64, s, align string) {
	d.p.SetXY(x, y)
	d.p.CellFormat(w, h, d.enc(s), "", 0, align, false, 0, "")
}

// wrap splits s into lines no wider than w in the current font. It breaks
// at spaces and newlines only, so U+00A0 keeps "1 234,56 €" together; a
// word wider than w is cut between characters.
func (d *doc) wrap(s string, w float64) []string {
	var lines []string
	space := d.width(" ")
	for _, para := range strings.Split(s, "\n") {
		var line strings.Builder
		lw := 0.0
		for _, word := range strings.FieldsFunc(para, isBreak) {
			ww := d.width(word)
			switch {
			case line.Len() > 0 && lw+space+ww <= w:
				line.WriteByte(' ')
				line.WriteString(word)
				lw += space + ww
				continue
			case line.Len() > 0:
				lines = append(lines, line.String())
				line.Reset()
				lw = 0
			}
			for ww > w && utf8.RuneCountInString(word) > 1 {
				head := d.cut(word, w)
				lines = append(lines, head)
				word = word[len(head):]
				ww = d.width(word)
			}
			line.WriteString(word)
			lw = ww
		}
		lines = append(lines, line.String())
	}
	return lines
}

// isBreak reports the characters lines break at. Unlike unicode.IsSpace it
// leaves out U+00A0, the no-break space.
func isBreak(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\v' || r == '\f'
}

// cut returns the longest prefix of word, at least one character, that
// fits in w.
func (d *doc) cut(word string, w float64) string {
	end := 0
	for i, r := range word {
		next := i + utf8.RuneLen(r)
		if end > 0 && d.width(word[:next]) > w {
			break
		}
		end = next
	}
	return word[:end]
}

// need starts a new page unless h millimetres fit above the footer.
func (d *doc) need(h float64) {
	if d.y+h > bottomY {
		d.newPage()
	}
}

func (d *doc) newPage() {
	d.p.AddPage()
	d.y = marginTop
	if d.onNewPage != nil {
		d.onNewPage()
	}
}

// para writes s wrapped in w from x, breaking pages between lines.
func (d *doc) para(x, w float64, s string, bold bool, size float64, c rgb) {
	d.font(bold, size)
	h := lineH(size)
	for _, l := range d.wrap(s, w) {
		d.need(h)
		d.font(bold, size)
		d.color(c)
		d.text(x, d.y, w, h, l, "L")
		d.y += h
	}
}

// heading draws the grey title bar of a block, kept with the line after it.
func (d *doc) heading(s string) {
	const h = 5.8
	d.need(h + 10)
	d.p.SetFillColor(fillGrey.r, fillGrey.g, fillGrey.b)
	d.p.Rect(marginX, d.y, contentW, h, "F")
	d.p.SetDrawColor(black.r, black.g, black.b)
	d.p.SetLineWidth(0.3)
	d.p.Line(marginX, d.y, marginX+contentW, d.y)
	d.font(true, sizeHeading)
	d.color(black)
	d.text(marginX+2, d.y, contentW-4, h, s, "L")
	d.y += h + 1.6
}

// field is a label followed by its value, which wraps with a hanging
// indent; fields side by side form a row. A label too long to leave room
// for the value beside it wraps on its own lines, with the value under it.
type field struct {
	x, w         float64
	label, value string
	bold         bool
	lw           float64
	labels       []string
	lines        []string
}

// under reports a label too long to have its value beside it.
func (f *field) under() bool { return f.lw > f.w*0.6 }

// measure wraps the label and value and returns the height of the field.
func (d *doc) measure(f *field) float64 {
	d.font(false, sizeLabel)
	f.lw = d.width(f.label) + 1.6
	f.labels = []string{f.label}
	vw := f.w - f.lw
	if f.under() {
		f.labels = d.wrap(f.label, f.w)
		vw = f.w
	}
	d.font(f.bold, sizeBody)
	f.lines = d.wrap(f.value, vw)
	n := len(f.lines)
	if f.under() {
		n += len(f.labels)
	}
	return float64(n) * lineH(sizeBody)
}

func (d *doc) drawField(f *field, y float64) {
	h := lineH(sizeBody)
	d.font(false, sizeLabel)
	d.color(labelGrey)
	for i, l := range f.labels {
		d.text(f.x, y+float64(i)*h, f.w, h, l, "L")
	}
	x := f.x + f.lw
	if f.under() {
		x, y = f.x, y+float64(len(f.labels))*h
	}
	d.font(f.bold, sizeBody)
	d.color(black)
	for i, l := range f.lines {
		d.text(x, y+float64(i)*h, f.w-(x-f.x), h, l, "L")
	}
}

// row draws fields side by side, on a new page if they do not fit.
func (d *doc) row(fs ...field) {
	var h float64
	for i := range fs {
		h = max(h, d.measure(&fs[i]))
	}
	d.need(h)
	for i := range fs {
		d.drawField(&fs[i], d.y)
	}
	d.y += h + 0.5
}

// option is a box of the form and its label.
type option struct {
	label  string
	ticked bool
}

const boxSize = 3.0

// options draws boxes one after the other from x, going to the next line
// when the next box does not fit in w; a label too long for what is left
// of its line wraps there.
func (d *doc) options(x, w float64, opts []option) {
	const gap = 7.0
	d.font(false, sizeBox)
	h := lineH(sizeBox)
	type placed struct {
		x     float64
		lines []string
		opt   option
	}
	var row []placed
	cx := x
	flush := func() {
		rowH := 0.0
		for _, p := range row {
			rowH = max(rowH, float64(len(p.lines))*h)
		}
		d.need(rowH)
		for _, p := range row {
			d.checkbox(p.x, d.y+(h-boxSize)/2, p.opt.ticked)
			d.font(false, sizeBox)
			d.color(black)
			for k, l := range p.lines {
				d.text(p.x+boxSize+1.8, d.y+float64(k)*h, x+w-p.x-boxSize-1.8, h, l, "L")
			}
		}
		d.y += rowH + 1.2
		row, cx = nil, x
	}
	for _, o := range opts {
		d.font(false, sizeBox)
		lw := d.width(o.label)
		if cx > x && cx+boxSize+1.8+lw > x+w {
			flush()
		}
		avail := x + w - cx - boxSize - 1.8
		row = append(row, placed{cx, d.wrap(o.label, avail), o})
		cx += boxSize + 1.8 + min(lw, avail) + gap
	}
	if len(row) > 0 {
		flush()
	}
}

// checkbox draws a box, crossed when ticked. A ticked box also holds an
// invisible "X", so that text extraction and screen readers see the tick.
func (d *doc) checkbox(x, y float64, ticked bool) {
	d.p.SetDrawColor(black.r, black.g, black.b)
	d.p.SetLineWidth(0.25)
	d.p.Rect(x, y, boxSize, boxSize, "D")
	if !ticked {
		return
	}
	const in = 0.55
	d.p.SetLineWidth(0.4)
	d.p.Line(x+in, y+in, x+boxSize-in, y+boxSize-in)
	d.p.Line(x+in, y+boxSize-in, x+boxSize-in, y+in)
	d.font(false, sizeBox)
	d.p.SetTextRenderingMode(3)
	d.text(x, y, boxSize, boxSize, "X", "C")
	d.p.SetTextRenderingMode(0)
}

// rule draws a horizontal line across the content width.
func (d *doc) rule(y float64, c rgb, lw float64) {
	d.p.SetDrawColor(c.r, c.g, c.b)
	d.p.SetLineWidth(lw)
	d.p.Line(marginX, y, marginX+contentW, y)
}
