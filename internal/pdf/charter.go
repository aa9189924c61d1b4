package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/charter"
)

// Charter type sizes, in points, and the line height of the body.
const (
	charterTitleSize   = 16
	charterHeadingSize = 10.5
	charterBodySize    = 9.5
)

func charterLine() float64 { return charterBodySize * 0.3528 * 1.42 }

// Charters draws charter documents one after the other in one A4 PDF:
// each starts on a new page under the association's letterhead, with the
// charter's title and version, its text, the signature boxes of both
// parties, and a footer naming the charter, its version and the signer,
// with « Page i/n » counted per document. The PDF's date is the latest
// date of the documents, so that the same documents give the same bytes.
func Charters(docs []charter.Document) ([]byte, error) {
	if len(docs) == 0 {
		return nil, apperr.Invalid("pdf.no_charters", "Aucune charte à imprimer. Choisissez au moins un signataire.")
	}
	logo, err := newPicture(docs[0].Association.Logo.Data)
	if err != nil {
		return nil, apperr.Invalid("pdf.logo_invalid",
			"Le logo de l'association est illisible. Choisissez de nouveau le logo, en PNG ou JPEG, dans la fiche de l'association.")
	}
	first := docs[0]
	var date time.Time
	for _, doc := range docs {
		if t := civilTime(doc.Date); t.After(date) {
			date = t
		}
	}
	m := meta{
		title:    first.Title,
		subject:  charterVersionLabel(first),
		author:   first.Association.Name,
		keywords: "charte " + first.Name + " version " + strconv.Itoa(first.Version),
		date:     date,
	}
	b, err := drawDocument(m, func(d *doc) error {
		if err := d.register(logo); err != nil {
			return apperr.Invalid("pdf.logo_invalid",
				"Le logo de l'association est illisible. Choisissez de nouveau le logo, en PNG ou JPEG, dans la fiche de l'association.")
		}
		for _, doc := range docs {
			d.charter(doc, logo)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("draw charter %s: %w", first.Name, err)
	}
	return b, nil
}

// charterVersionLabel is « Version 3 du 21/11/2026 », or says a preview
// is not saved.
func charterVersionLabel(doc charter.Document) string {
	switch {
	case doc.Version == 0:
		return "Aperçu — texte non enregistré"
	case doc.VersionOn != "":
		return "Version " + strconv.Itoa(doc.Version) + " du " + frDay(doc.VersionOn)
	}
	return "Version " + strconv.Itoa(doc.Version)
}

// charter draws one document from a new page.
func (d *doc) charter(doc charter.Document, logo *picture) {
	d.newPage()
	first := d.p.PageNo()
	d.letterhead(doc.Association, logo)

	title := doc.Title
	blocks := doc.Blocks
	if len(blocks) > 0 && blocks[0].Kind == charter.Title {
		title = blocks[0].Text()
		blocks = blocks[1:]
	}
	d.y += 2
	d.font(true, charterTitleSize)
	d.color(accent)
	for _, l := range d.wrap(title, contentW-20) {
		d.text(marginX, d.y, contentW, lineH(charterTitleSize), l, "C")
		d.y += lineH(charterTitleSize)
	}
	d.y += 0.5
	d.font(false, 8.5)
	d.color(labelGrey)
	d.text(marginX, d.y, contentW, lineH(8.5), charterVersionLabel(doc), "C")
	d.y += lineH(8.5) + 6

	lh := charterLine()
	for i, b := range blocks {
		spans := richSpans(b)
		switch b.Kind {
		case charter.Title, charter.Heading:
			d.y += 2.5
			d.need(lineH(charterHeadingSize) + 2 + 2*lh) // kept with two lines of text
			d.font(true, charterHeadingSize)
			d.color(accent)
			for _, l := range d.wrap(b.Text(), contentW) {
				d.text(marginX, d.y, contentW, lineH(charterHeadingSize), l, "L")
				d.y += lineH(charterHeadingSize)
			}
			d.y += 1.5
		case charter.Item:
			const indent = 6.0
			lines := d.richLines(spans, contentW-indent, charterBodySize)
			for k, line := range lines {
				d.need(lh)
				d.color(black)
				if k == 0 {
					d.font(false, charterBodySize)
					d.text(marginX+1.5, d.y, indent, lh, "•", "L")
				}
				for _, r := range line {
					d.font(r.bold, charterBodySize)
					d.text(marginX+indent+r.x, d.y, contentW-indent-r.x, lh, r.text, "L")
				}
				d.y += lh
			}
			d.y += 0.8
			if i+1 == len(blocks) || blocks[i+1].Kind != charter.Item {
				d.y += 1.6
			}
		default:
			d.rich(marginX, contentW, spans, charterBodySize, lh, black)
			d.y += 2.4
		}
	}
	d.charterSignatures(doc)
	version := charterVersionLabel(doc)
	left := title + " — " + strings.ToLower(version[:1]) + version[1:]
	if doc.SignerName != "" && doc.SignerName != charter.Blank {
		left += " — " + doc.SignerName
	}
	d.footers(first, d.p.PageNo(), left)
}

// richSpans turns the spans of a filled block into text to draw.
func richSpans(b charter.Block) []richSpan {
	out := make([]richSpan, len(b.Spans))
	for i, sp := range b.Spans {
		out[i] = richSpan{text: sp.Text, bold: sp.Bold}
	}
	return out
}

// charterSignatures draws the two signature boxes side by side: the
// association's representative on the left, the signer on the right.
func (d *doc) charterSignatures(doc charter.Document) {
	const gap, boxH = 10.0, 24.0
	w := (contentW - gap) / 2
	a := doc.Association
	type party struct {
		heading, name, role string
	}
	right := party{heading: "Le signataire", name: doc.SignerName, role: doc.SignerRole}
	if doc.Partner != "" {
		right.heading = "Pour " + doc.Partner
	}
	parties := [2]party{{heading: "Pour " + oneLine(a.Name), name: a.SignerName, role: a.SignerRole}, right}

	lh := lineH(sizeBody)
	// The tallest party decides the height, kept on one page.
	heights := [2]float64{}
	wrapped := [2][]string{}
	for i, p := range parties {
		d.font(true, sizeBody)
		wrapped[i] = d.wrap(p.heading, w)
		heights[i] = float64(len(wrapped[i]))*lh + 2*lh
	}
	h := max(heights[0], heights[1]) + 1.5 + boxH + 1 + lineH(sizeNote) + 2
	d.y += 4
	d.need(h)
	top := d.y
	for i, p := range parties {
		x := marginX + float64(i)*(w+gap)
		y := top
		d.font(true, sizeBody)
		d.color(black)
		for _, l := range wrapped[i] {
			d.text(x, y, w, lh, l, "L")
			y += lh
		}
		name := strings.TrimSpace(p.name)
		if name == "" || name == charter.Blank {
			name = "Nom : " + charter.Blank
		}
		d.font(false, sizeBody)
		d.text(x, y, w, lh, fitText(d, name, w), "L")
		y += lh
		role := strings.TrimSpace(p.role)
		if role == charter.Blank {
			role = ""
		}
		if role != "" {
			d.color(labelGrey)
			d.text(x, y, w, lh, fitText(d, role, w), "L")
		}
		y = top + max(heights[0], heights[1]) + 1.5
		d.p.SetDrawColor(ruleGrey.r, ruleGrey.g, ruleGrey.b)
		d.p.SetLineWidth(0.3)
		d.p.Rect(x, y, w, boxH, "D")
		d.font(false, sizeNote)
		d.color(noteGrey)
		d.text(x, y+boxH+1, w, lineH(sizeNote), "Date et signature, précédée de la mention « Lu et approuvé »", "L")
	}
	d.y = top + h
}
