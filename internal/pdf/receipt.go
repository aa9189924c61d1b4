package pdf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// receipt draws one receipt from a new page: the form, then its annex when
// it covers several gifts, then the footer and marks of each of its pages.
func (d *doc) receipt(j *job) error {
	d.newPage()
	first := d.p.PageNo()
	if err := d.register(j.logo); err != nil {
		return &apperr.Error{Kind: apperr.ErrInvalid, Key: "pdf.logo_invalid", Err: err, Message: "Le reçu n° " + j.r.Number +
			" ne peut pas être imprimé : le logo de l'association est illisible. Choisissez de nouveau le logo, en PNG ou JPEG, dans la fiche de l'association."}
	}
	if err := d.register(j.signature); err != nil {
		return &apperr.Error{Kind: apperr.ErrInvalid, Key: "pdf.signature_invalid", Err: err, Message: "Le reçu n° " + j.r.Number +
			" ne peut pas être imprimé : l'image de la signature est illisible. Choisissez de nouveau la signature, en PNG ou JPEG, dans la fiche de l'association."}
	}
	d.header(j)
	d.banners(j)
	d.issuer(j)
	annex := len(j.lines) > 1 || j.r.Annual
	if j.m.DonorKind == donation.Company {
		d.companyDonor(j)
		d.companyGifts(j)
		d.signature(j, func(x, w float64) {
			d.row(field{x: x, w: w, label: j.m.t("period_heading"), value: j.period, bold: true})
		})
	} else {
		d.individualDonor(j)
		d.individualAmount(j)
		d.individualBoxes(j)
		d.signature(j, nil)
	}
	d.footnotes(j, !annex)
	if annex {
		d.annex(j, first)
	}
	d.finishPages(j, first, d.p.PageNo())
	return nil
}

// register adds pic to the document once; fpdf reports bad data through
// its sticky error, and may panic on data it misreads.
func (d *doc) register(pic *picture) (err error) {
	if pic == nil {
		return nil
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("unreadable %s image: %v", pic.typ, v)
		}
	}()
	d.p.RegisterImageOptionsReader(pic.name, fpdf.ImageOptions{ImageType: pic.typ}, bytes.NewReader(pic.data))
	return d.p.Error()
}

// place draws a registered picture within maxW × maxH at (x, y), keeping
// its proportions, and returns the size drawn.
func (d *doc) place(pic *picture, x, y, maxW, maxH float64) (w, h float64) {
	info := d.p.GetImageInfo(pic.name)
	if info == nil || info.Width() <= 0 || info.Height() <= 0 {
		return 0, 0
	}
	scale := min(maxW/info.Width(), maxH/info.Height())
	w, h = info.Width()*scale, info.Height()*scale
	d.p.ImageOptions(pic.name, x, y, w, h, false, fpdf.ImageOptions{ImageType: pic.typ}, 0, "")
	return w, h
}

// header draws the logo, the title, the form identifiers and the
// « Numéro d'ordre du reçu » box at the top right (R1.5).
func (d *doc) header(j *job) {
	m := j.m
	top := d.y
	const idW, blockH = 58.0, 22.0
	idX := marginX + contentW - idW

	d.font(true, 10.5)
	d.color(black)
	d.text(idX, top, idW, 4.8, m.t("form_code"), "R")
	d.font(false, 8)
	d.color(labelGrey)
	d.text(idX, top+4.8, idW, 4, m.t("form_cerfa"), "R")

	boxY := top + 10
	d.p.SetDrawColor(black.r, black.g, black.b)
	d.p.SetLineWidth(0.45)
	d.p.Rect(idX, boxY, idW, blockH-10, "D")
	d.font(false, 7.5)
	d.color(labelGrey)
	d.text(idX+2.5, boxY+1.2, idW-5, 3.5, m.t("receipt_number"), "L")
	d.font(true, 13)
	d.color(black)
	d.text(idX, boxY+5, idW, 8, j.r.Number, "C")

	titleX, bottom := marginX, top+blockH
	if j.logo != nil {
		w, h := d.place(j.logo, marginX, top, 34, blockH)
		if w > 0 {
			titleX += w + 5
			bottom = max(bottom, top+h)
		}
	}
	d.font(true, sizeTitle)
	d.color(black)
	tw := idX - 6 - titleX
	lines := d.wrap(m.t("title"), tw)
	lh := lineH(sizeTitle)
	ty := top + max(0, (blockH-float64(len(lines))*lh)/2)
	for i, l := range lines {
		d.text(titleX, ty+float64(i)*lh, tw, lh, l, "L")
	}
	d.y = max(bottom, ty+float64(len(lines))*lh) + 3
}

// banners draws the lines that change what the receipt is: a duplicate
// (R3.6), a cancellation (R3.4) and the receipt this one replaces (R3.5).
func (d *doc) banners(j *job) {
	m, r := j.m, j.r
	type banner struct {
		text string
		c    rgb
	}
	var bs []banner
	switch j.mark {
	case Duplicate:
		bs = append(bs, banner{m.t("bureau_duplicate", "date", j.markDate), darkRed})
	case Cancelled:
		bs = append(bs, banner{m.t("bureau_cancelled", "date", j.markDate, "reason", oneLine(r.CancelReason)), stampRed})
		if r.ReplacedBy != "" {
			bs = append(bs, banner{m.t("bureau_replaced_by", "number", r.ReplacedBy), stampRed})
		}
	}
	if r.Replaces != "" {
		bs = append(bs, banner{m.t("bureau_replaces", "number", r.Replaces), black})
	}
	if len(bs) == 0 {
		return
	}
	// One frame holds them all, in the colour of the first.
	lh := lineH(10)
	var lines []banner
	d.font(true, 10)
	for _, b := range bs {
		for _, l := range d.wrap(b.text, contentW-6) {
			lines = append(lines, banner{l, b.c})
		}
	}
	h := float64(len(lines))*lh + 2
	d.need(h)
	d.p.SetDrawColor(bs[0].c.r, bs[0].c.g, bs[0].c.b)
	d.p.SetLineWidth(0.5)
	d.p.Rect(marginX, d.y, contentW, h, "D")
	for i, l := range lines {
		d.color(l.c)
		d.text(marginX+3, d.y+1+float64(i)*lh, contentW-6, lh, l.text, "C")
	}
	d.y += h + 2.5
}

// address draws the street, then postcode, city and country on one row.
func (d *doc) address(m *mentions, street, postcode, city, country string) {
	if strings.TrimSpace(country) == "" {
		country = m.t("default_country")
	}
	d.row(field{x: marginX, w: contentW, label: m.t("street"), value: oneLine(street)})
	d.row(
		field{x: marginX, w: 48, label: m.t("postcode"), value: oneLine(postcode)},
		field{x: marginX + 52, w: 82, label: m.t("city"), value: oneLine(city)},
		field{x: marginX + 138, w: contentW - 138, label: m.t("country"), value: oneLine(country)},
	)
}

// issuer draws the block « Organisme bénéficiaire des dons et versements »
// (R1.6, R1.7, R1.17): only the category box that applies is printed,
// ticked, under its parent box when it has one.
func (d *doc) issuer(j *job) {
	m, is := j.m, j.r.Issuer
	d.heading(m.t("issuer_heading"))
	d.row(field{x: marginX, w: contentW, label: m.t("issuer_name"), value: oneLine(is.Name), bold: true})
	var ids []string
	for _, id := range []string{is.SIREN, is.RNA} {
		if s := strings.TrimSpace(id); s != "" {
			ids = append(ids, s)
		}
	}
	d.row(field{x: marginX, w: contentW, label: m.t("issuer_id"), value: strings.Join(ids, " / "), bold: true})
	d.address(m, is.Street, is.Postcode, is.City, is.Country)
	d.row(field{x: marginX, w: contentW, label: m.t("object"), value: is.Object})
	d.y += 0.6
	x := marginX
	if strings.TrimSpace(is.ParentWording) != "" {
		d.options(x, contentW, []option{{is.ParentWording, true}})
		x += 6
	}
	d.options(x, contentW-(x-marginX), []option{{is.CategoryWording, true}})
	d.y += 1
}

// individualDonor draws the block « Donateur » (R1.8).
func (d *doc) individualDonor(j *job) {
	m, dn := j.m, j.r.Donor
	d.heading(m.t("donor_heading"))
	d.row(
		field{x: marginX, w: 88, label: m.t("donor_last_name"), value: oneLine(dn.LastName), bold: true},
		field{x: marginX + 92, w: contentW - 92, label: m.t("donor_first_names"), value: oneLine(dn.FirstName), bold: true},
	)
	d.address(m, dn.Street, dn.Postcode, dn.City, dn.Country)
	d.y += 1
}

// companyDonor draws the block « Entreprise donatrice » (R1.18).
func (d *doc) companyDonor(j *job) {
	m, dn := j.m, j.r.Donor
	d.heading(m.t("donor_heading"))
	d.row(field{x: marginX, w: contentW, label: m.t("company_name"), value: oneLine(dn.CompanyName), bold: true})
	d.row(
		field{x: marginX, w: 88, label: m.t("legal_form"), value: oneLine(dn.LegalForm), bold: true},
		field{x: marginX + 92, w: contentW - 92, label: m.t("company_siren"), value: oneLine(dn.SIREN), bold: true},
	)
	d.address(m, dn.Street, dn.Postcode, dn.City, dn.Country)
	d.y += 1
}

// amountBox draws an amount in figures, framed by asterisks and a box
// (R2.2 item 4, R9.7).
func (d *doc) amountBox(x float64, s string) {
	const h = 8.0
	d.need(h + 1.5)
	d.font(true, 12)
	w := d.width(s) + 10
	d.p.SetDrawColor(black.r, black.g, black.b)
	d.p.SetLineWidth(0.35)
	d.p.Rect(x, d.y, w, h, "D")
	d.color(black)
	d.text(x, d.y, w, h, s, "C")
	d.y += h + 1.5
}

// individualAmount draws the amount in figures and words and the date of
// the gift, or the year of an annual receipt (R1.9, R1.10, R4.1).
func (d *doc) individualAmount(j *job) {
	m := j.m
	d.rule(d.y, black, 0.3)
	d.y += 2
	d.need(28)
	d.para(marginX, contentW, m.t("amount_received"), false, sizeBody, black)
	d.y += 1
	d.amountBox(marginX, j.r.Total.Framed())
	d.row(field{x: marginX, w: contentW, label: m.t("amount_words"), value: j.words, bold: true})
	d.row(field{x: marginX, w: contentW, label: m.t("payment_date"), value: j.dateLine, bold: true})
	d.y += 1.5
}

// subheading writes the bold label of a group of boxes, kept with them.
func (d *doc) subheading(s string) {
	h := lineH(sizeLabel)
	d.need(h + 6)
	d.para(marginX, contentW, s, true, sizeLabel, black)
	d.y += 0.4
}

// individualBoxes draws the certification and the boxes for the form, the
// nature and the means of payment of the gifts (R1.11 to R1.14). Several
// boxes are ticked when the lines differ, as on an annual receipt.
func (d *doc) individualBoxes(j *job) {
	m, r := j.m, j.r
	d.rule(d.y, black, 0.3)
	d.y += 2
	d.need(14)
	d.para(marginX, contentW, m.t("certification"), false, sizeBody, black)
	d.y += 0.8
	d.options(marginX+4, contentW-4, []option{{m.t("article_200"), r.Article200}, {m.t("article_978"), r.Article978}})
	d.y += 1

	formes := map[donation.Forme]bool{}
	natures := map[donation.Nature]bool{}
	modes := map[string]bool{}
	var inKind []string
	for _, l := range j.lines {
		f, n := l.Forme, l.Nature
		if f == "" {
			f = donation.DonManuel
		}
		if n == "" {
			n = donation.Numeraire
		}
		formes[f], natures[n] = true, true
		switch {
		case n == donation.InKind && strings.TrimSpace(l.Description) != "":
			inKind = append(inKind, oneLine(l.Description))
		case n != donation.Numeraire:
		case l.Method == donation.Cash:
			modes["especes"] = true
		case l.Method == donation.Cheque:
			modes["cheque"] = true
		case l.Method == donation.Transfer, l.Method == donation.DirectDebit, l.Method == donation.Card:
			modes["virement"] = true
		}
	}
	d.subheading(m.t("forme_heading"))
	d.options(marginX+4, contentW-4, []option{
		{m.t("forme_acte_authentique"), formes[donation.ActeAuthentique]},
		{m.t("forme_acte_sous_seing_prive"), formes[donation.ActeSousSeingPrive]},
		{m.t("forme_don_manuel"), formes[donation.DonManuel]},
		{m.t("forme_autre"), formes[donation.FormeAutre]},
	})
	other := m.t("nature_autre")
	if natures[donation.InKind] {
		other += " " + m.t("nature_autre_in_kind")
		if len(inKind) > 0 {
			other += " — " + strings.Join(inKind, " ; ")
		}
	}
	d.subheading(m.t("nature_heading"))
	d.options(marginX+4, contentW-4, []option{
		{m.t("nature_numeraire"), natures[donation.Numeraire]},
		{m.t("nature_titres"), natures[donation.ListedShares]},
		{m.t("nature_abandon_revenus"), natures[donation.IncomeWaived]},
		{m.t("nature_frais_benevoles"), natures[donation.ExpensesWaived]},
		{other, natures[donation.InKind]},
	})
	d.subheading(m.t("mode_heading"))
	d.options(marginX+4, contentW-4, []option{
		{m.t("mode_especes"), modes["especes"]},
		{m.t("mode_cheque"), modes["cheque"]},
		{m.t("mode_virement"), modes["virement"]},
	})
}

// companyGifts draws the block « Dons et versements effectués par
// l'entreprise » (R1.19, R1.20): gifts in kind at the value the company
// stated, then payments, then the total.
func (d *doc) companyGifts(j *job) {
	m := j.m
	d.heading(m.t("gifts_heading"))

	// Each amount: the sentence of the form, then the figures in a box
	// with the amount in words beside it.
	amount := func(value, label string, c money.Cents, words string) {
		d.need(22)
		d.para(marginX, contentW, value, false, sizeBody, black)
		d.y += 1
		figures := c.Framed()
		if c == 0 {
			figures = m.t("none")
		}
		top := d.y
		d.amountBox(marginX, figures)
		end := d.y
		d.font(true, 12)
		x := marginX + d.width(figures) + 16
		d.y = top
		d.row(field{x: x, w: marginX + contentW - x, label: label, value: words, bold: true})
		d.y = max(d.y, end) + 1.5
	}

	amount(m.t("in_kind_value"), m.t("in_kind_words"), j.inKind, j.inKindWords)
	d.subheading(m.t("in_kind_description"))
	items := 0
	for _, l := range j.lines {
		if !isInKind(l) {
			continue
		}
		items++
		t, _ := parseDate(l.Date)
		d.para(marginX+4, contentW-4, m.t("in_kind_item", "date", frDate(t), "description",
			strings.TrimRight(oneLine(l.Description), "."), "amount", l.Amount.String()), false, sizeBody, black)
		if v := strings.TrimSpace(l.Valuation); v != "" {
			d.para(marginX+4, contentW-4, m.t("in_kind_valuation", "valuation", strings.TrimRight(oneLine(v), ".")), false, sizeLabel, labelGrey)
		}
		d.y += 0.8
	}
	if items == 0 {
		d.para(marginX+4, contentW-4, m.t("none"), false, sizeBody, black)
	}
	d.y += 1.5

	amount(m.t("payments_value"), m.t("payments_words"), j.payments, j.paymentsWords)
	modes := map[string]bool{}
	for _, l := range j.lines {
		if isInKind(l) {
			continue
		}
		switch l.Method {
		case donation.Cash:
			modes["especes"] = true
		case donation.Cheque:
			modes["cheque"] = true
		case donation.Transfer, donation.DirectDebit, donation.Card:
			modes["virement"] = true
		default:
			modes["autre"] = true
		}
	}
	d.subheading(m.t("payment_forms_heading"))
	d.options(marginX+4, contentW-4, []option{
		{m.t("pay_especes"), modes["especes"]},
		{m.t("pay_cheque"), modes["cheque"]},
		{m.t("pay_virement"), modes["virement"]},
		{m.t("pay_autre"), modes["autre"]},
	})
	d.y += 1.5
	d.rule(d.y, black, 0.3)
	d.y += 2
	amount(m.t("total_value"), m.t("total_words"), j.r.Total, j.words)
}

// signature draws the box « Date et signature » on the right (R1.15): the
// date of issue, the scanned signature if any, the signer's name and role.
// left, when set, draws beside it from the same height.
func (d *doc) signature(j *job, left func(x, w float64)) {
	m, is := j.m, j.r.Issuer
	const boxW, boxH = 80.0, 27.0
	d.y += 2
	d.need(boxH + 6)
	x := marginX + contentW - boxW
	top := d.y

	d.font(true, sizeLabel)
	d.color(black)
	d.text(x, top, boxW, 5, m.t("signature_heading"), "L")
	by := top + 5
	d.p.SetDrawColor(black.r, black.g, black.b)
	d.p.SetLineWidth(0.35)
	d.p.Rect(x, by, boxW, boxH, "D")
	d.font(false, sizeBody)
	d.text(x+3, by+1.5, boxW-6, 4.5, m.t("signature_date", "date", j.issuedFR), "L")
	if j.signature != nil {
		d.place(j.signature, x+3, by+6.5, boxW-6, boxH-13.5)
	}
	d.font(false, sizeLabel)
	signer := m.t("signer", "name", oneLine(is.SignerName), "role", oneLine(is.SignerRole))
	lines := d.wrap(signer, boxW-6)
	lh := lineH(sizeLabel)
	for i, l := range lines {
		d.text(x+3, by+boxH-1.2-float64(len(lines)-i)*lh, boxW-6, lh, l, "L")
	}

	end := by + boxH
	if left != nil {
		d.y = top
		left(marginX, contentW-boxW-8)
		end = max(end, d.y)
	}
	d.y = end + 3
}

// footnotes prints the notes of the form (R1.16), at the foot of the page
// when pin is set and they fit there, else right below.
func (d *doc) footnotes(j *job, pin bool) {
	d.font(false, sizeNote)
	var lines []string
	for _, n := range j.m.Footnotes {
		lines = append(lines, d.wrap(n, contentW)...)
	}
	lh := lineH(sizeNote)
	h := 2 + float64(len(lines))*lh
	switch {
	case pin && d.y+h <= bottomY:
		d.y = bottomY - h
	case d.y+1+h <= bottomY:
		d.y++
	default:
		d.newPage() // the notes stay together
	}
	d.p.SetDrawColor(noteGrey.r, noteGrey.g, noteGrey.b)
	d.p.SetLineWidth(0.2)
	d.p.Line(marginX, d.y, marginX+45, d.y)
	d.y += 1.2
	for _, l := range lines {
		d.need(lh)
		d.font(false, sizeNote)
		d.color(noteGrey)
		d.text(marginX, d.y, contentW, lh, l, "L")
		d.y += lh
	}
}

// Annex table geometry: column widths and alignments.
var (
	annexCols  = [4]float64{30, 36, 56, 58}
	annexAlign = [4]string{"L", "R", "L", "L"}
)

const annexRowH = 5.6

// annex lists the gifts a receipt covers, with their total (R4.2), like a
// sheet attached to the receipt: never on its first page, first holds the
// number of that page. It repeats its heading and column titles on every
// page it runs onto.
func (d *doc) annex(j *job, first int) {
	m := j.m
	d.y += 6
	if d.p.PageNo() == first || d.y+5.8+1.6+lineH(sizeBody)+1+6+3*annexRowH > bottomY {
		d.newPage()
	}
	titles := [4]string{m.t("bureau_annex_date"), m.t("bureau_annex_amount"), m.t("bureau_annex_method"), m.t("bureau_annex_nature")}
	columns := func() {
		d.p.SetFillColor(fillGrey.r, fillGrey.g, fillGrey.b)
		d.p.Rect(marginX, d.y, contentW, 6, "F")
		d.font(true, sizeLabel)
		d.color(black)
		x := marginX
		for i, t := range titles {
			d.text(x+1.5, d.y, annexCols[i]-3, 6, t, annexAlign[i])
			x += annexCols[i]
		}
		d.y += 6
	}
	cells := func(vals [4]string, bold bool) {
		d.font(bold, sizeBody)
		d.color(black)
		x := marginX
		for i, v := range vals {
			d.text(x+1.5, d.y, annexCols[i]-3, annexRowH, v, annexAlign[i])
			x += annexCols[i]
		}
		d.y += annexRowH
	}

	d.heading(m.t("bureau_annex_heading"))
	d.para(marginX, contentW, m.t("bureau_annex_intro", "donor", donorName(j.r.Donor), "number", j.r.Number), false, sizeBody, black)
	d.y += 1
	columns()
	d.onNewPage = func() {
		d.heading(m.t("bureau_annex_continued"))
		columns()
	}
	for _, l := range j.lines {
		d.need(annexRowH)
		t, _ := parseDate(l.Date)
		method := m.t("bureau_method_none")
		if !isInKind(l) && l.Method != "" {
			method = m.label("bureau_method_", string(l.Method))
		}
		nature := l.Nature
		if nature == "" {
			nature = donation.Numeraire
		}
		cells([4]string{frDate(t), l.Amount.String(), method, m.label("bureau_nature_", string(nature))}, false)
		d.rule(d.y, ruleGrey, 0.15)
	}
	d.need(annexRowH + 1)
	d.rule(d.y, black, 0.35)
	d.y += 0.6
	cells([4]string{m.t("bureau_annex_total"), j.r.Total.String(), "", ""}, true)
	d.onNewPage = nil
}

// finishPages draws what every page of a receipt carries once its page
// count is known: the « ANNULÉ » stamp of a cancelled receipt, and the
// footer with the form, the receipt number and « Page i/n ».
func (d *doc) finishPages(j *job, first, last int) {
	m := j.m
	n := last - first + 1
	footer := m.t("bureau_footer", "form", m.t("form_cerfa"), "number", j.r.Number)
	for pg := first; pg <= last; pg++ {
		d.p.SetPage(pg)
		// The page's content stream may end in any colour or font: set
		// them all again.
		d.p.SetFillColor(255, 255, 255)
		if j.mark == Cancelled {
			d.stamp(m.t("bureau_cancelled_stamp"))
		}
		d.rule(footerY-1.2, ruleGrey, 0.2)
		d.refont(false, sizeFooter)
		d.color(labelGrey)
		d.text(marginX, footerY, contentW-30, 4, footer, "L")
		d.text(marginX+contentW-30, footerY, 30, 4,
			m.t("bureau_page", "page", strconv.Itoa(pg-first+1), "pages", strconv.Itoa(n)), "R")
	}
	d.p.SetPage(last)
}

// stamp writes s large, red, translucent and diagonal across the page.
func (d *doc) stamp(s string) {
	const size = 96.0
	d.p.TransformBegin()
	d.p.TransformRotate(33, pageW/2, pageH/2)
	d.p.SetAlpha(0.16, "Normal")
	d.refont(true, size)
	d.color(stampRed)
	w := d.width(s)
	h := size * 0.3528
	d.text(pageW/2-w/2, pageH/2-h/2, w, h, s, "C")
	d.p.TransformEnd()
	d.p.SetAlpha(1, "Normal")
}

// donorName is the donor as the annex names them.
func donorName(dn donation.DonorSnapshot) string {
	if dn.Kind == donation.Company {
		return oneLine(dn.CompanyName)
	}
	return oneLine(strings.TrimSpace(dn.FirstName + " " + dn.LastName))
}

// oneLine turns line breaks and tabs into spaces, for fields printed on
// one line.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\t'
	}), " ")
}
