package pdf

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/report"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// PartnerReport draws the partner report r as an A4 PDF: a title block
// with the key figures, a bar chart of the gifts by month, then the
// gifts and their receipts, the sponsorship cases and their
// counterparts, the interactions, the email threads and the president's
// word, with « Page i/n » on every page. The PDF is dated on the last day
// of the period, so that the same report gives the same bytes.
func PartnerReport(r report.Partner) ([]byte, error) {
	logo, err := newPicture(r.Association.Logo.Data)
	if err != nil {
		return nil, apperr.Invalid("pdf.logo_invalid",
			"Le logo de l'association est illisible. Choisissez de nouveau le logo, en PNG ou JPEG, dans la fiche de l'association.")
	}
	period := "du " + frDay(r.From) + " au " + frDay(r.To)
	m := meta{
		title:    "Rapport partenaire — " + r.Name(),
		subject:  "Rapport partenaire " + period,
		author:   r.Association.Name,
		keywords: "rapport partenaire " + r.From + " " + r.To,
		date:     civilTime(r.To),
	}
	b, err := drawDocument(m, func(d *doc) error {
		if err := d.register(logo); err != nil {
			return apperr.Invalid("pdf.logo_invalid",
				"Le logo de l'association est illisible. Choisissez de nouveau le logo, en PNG ou JPEG, dans la fiche de l'association.")
		}
		d.newPage()
		d.letterhead(r.Association, logo)
		d.reportTitle(r)
		d.keyFigures(r)
		d.giftChart(r)
		d.reportGifts(r)
		d.reportCases(r)
		d.reportInteractions(r)
		d.reportThreads(r)
		d.reportText(r)
		d.footers(1, d.p.PageNo(), "Rapport partenaire — "+r.Name()+" — "+period)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("draw partner report: %w", err)
	}
	return b, nil
}

// longDay writes YYYY-MM-DD in words, « 1er janvier 2026 ».
func longDay(s string) string {
	t, err := parseDate(s)
	if err != nil {
		return s
	}
	return charter.LongDate(t)
}

// reportTitle draws the title block: what the document is, for whom,
// over which period, and the partner's people.
func (d *doc) reportTitle(r report.Partner) {
	d.font(false, 9)
	d.color(labelGrey)
	d.text(marginX, d.y, contentW, lineH(9), "RAPPORT PARTENAIRE", "L")
	d.y += lineH(9) + 0.5
	d.font(true, 18)
	d.color(accent)
	for _, l := range d.wrap(r.Name(), contentW) {
		d.text(marginX, d.y, contentW, lineH(18), l, "L")
		d.y += lineH(18)
	}
	d.y += 0.5
	d.font(false, 10)
	d.color(black)
	d.text(marginX, d.y, contentW, lineH(10), "Période du "+longDay(r.From)+" au "+longDay(r.To), "L")
	d.y += lineH(10) + 1
	var people []string
	for _, m := range r.Members {
		p := m.Person
		if m.Role != "" {
			p += " (" + m.Role + ")"
		}
		people = append(people, p)
	}
	if len(people) > 0 {
		d.para(marginX, contentW, "Interlocuteurs : "+strings.Join(people, ", "), false, 8.5, labelGrey)
	}
	d.y += 4
}

// keyFigures draws four boxes with the figures of the period.
func (d *doc) keyFigures(r report.Partner) {
	type box struct{ label, value, sub string }
	counterparts := "aucune"
	if r.CounterpartsPromised > 0 {
		counterparts = "dont " + r.CounterpartsDelivered.String() + " remises"
	}
	boxes := []box{
		{"Dons reçus", r.GiftTotal.String(), count(r.GiftCount, "don", "dons")},
		{"Reçus fiscaux", count(r.Receipts, "reçu", "reçus"), "pour " + r.ReceiptedTotal.String() + " de dons"},
		{"Contreparties promises", r.CounterpartsPromised.String(), counterparts},
		{"Échanges", count(len(r.Interactions), "échange", "échanges"),
			count(len(r.Threads), "fil de courriels", "fils de courriels")},
	}
	const gap, h = 4.0, 19.0
	w := (contentW - gap*float64(len(boxes)-1)) / float64(len(boxes))
	d.need(h + 4)
	for i, b := range boxes {
		x := marginX + float64(i)*(w+gap)
		d.p.SetFillColor(zebraGrey.r, zebraGrey.g, zebraGrey.b)
		d.p.Rect(x, d.y, w, h, "F")
		d.p.SetFillColor(accent.r, accent.g, accent.b)
		d.p.Rect(x, d.y, 1.2, h, "F")
		d.font(false, 7.5)
		d.color(labelGrey)
		d.text(x+3.5, d.y+2, w-5, lineH(7.5), b.label, "L")
		d.font(true, 12)
		d.color(black)
		d.text(x+3.5, d.y+6, w-5, lineH(12), fitText(d, b.value, w-5), "L")
		d.font(false, 7.5)
		d.color(labelGrey)
		d.text(x+3.5, d.y+12.5, w-5, lineH(7.5), fitText(d, b.sub, w-5), "L")
	}
	d.y += h + 7
}

// count writes « 1 don », « 12 dons », « aucun don ».
func count(n int, one, many string) string {
	switch n {
	case 0:
		return "aucun " + one
	case 1:
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// giftChart draws the gifts of each month of the period as bars, with a
// scale of round amounts.
func (d *doc) giftChart(r report.Partner) {
	const chartH = 52.0
	d.section("Dons par mois", chartH+22)
	months := r.Months
	var top money.Cents
	for _, m := range months {
		top = max(top, m.Total)
	}
	step := niceStep(top)
	ticks := 4
	if step > 0 {
		ticks = int((top + step - 1) / step)
		ticks = max(ticks, 1)
	} else {
		step = 100_00
	}
	scaleTop := step * money.Cents(ticks)

	axisW := 20.0
	x0, y0 := marginX+axisW, d.y+3
	w, h := contentW-axisW, chartH
	// Grid and scale.
	d.font(false, 7)
	for i := 0; i <= ticks; i++ {
		y := y0 + h - h*float64(i)/float64(ticks)
		c := ruleGrey
		lw := 0.15
		if i == 0 {
			c, lw = labelGrey, 0.3
		}
		d.p.SetDrawColor(c.r, c.g, c.b)
		d.p.SetLineWidth(lw)
		d.p.Line(x0, y, x0+w, y)
		d.color(labelGrey)
		d.text(marginX, y-lineH(7)/2, axisW-2, lineH(7), euros(step*money.Cents(i)), "R")
	}
	// Bars.
	n := len(months)
	slot := w / float64(max(n, 1))
	barW := slot * 0.62
	multiYear := len(months) > 0 && months[0].Month[:4] != months[n-1].Month[:4]
	labelEvery := int(math.Ceil(float64(n) / 24))
	d.font(false, 6.5)
	valueFits := d.width("88 888 €")+1 < slot
	for i, m := range months {
		x := x0 + float64(i)*slot + (slot-barW)/2
		if m.Total > 0 {
			bh := h * float64(m.Total) / float64(scaleTop)
			d.p.SetFillColor(accent.r, accent.g, accent.b)
			d.p.Rect(x, y0+h-bh, barW, bh, "F")
			if valueFits {
				d.font(false, 6.5)
				d.color(black)
				d.text(x0+float64(i)*slot, y0+h-bh-lineH(6.5), slot, lineH(6.5), euros(m.Total), "C")
			}
		}
		if i%labelEvery == 0 {
			t, _ := time.Parse("2006-01", m.Month)
			label := report.MonthAbbr(t.Month())
			d.font(false, 6.8)
			d.color(labelGrey)
			d.text(x0+float64(i)*slot-2, y0+h+1, slot+4, lineH(6.8), label, "C")
			if multiYear && (i == 0 || t.Month() == time.January) {
				d.text(x0+float64(i)*slot-4, y0+h+1+lineH(6.8), slot+8, lineH(6.8), strconv.Itoa(t.Year()), "C")
			}
		}
	}
	d.y = y0 + h + 2*lineH(6.8) + 5
}

// niceStep returns a round step (1, 2 or 5 × 10^k euros) that divides
// top into at most five bars of the scale.
func niceStep(top money.Cents) money.Cents {
	if top <= 0 {
		return 0
	}
	euros := float64(top) / 100 / 5
	mag := math.Pow(10, math.Floor(math.Log10(euros)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*mag >= euros {
			return money.Cents(math.Round(f*mag)) * 100
		}
	}
	return money.Cents(math.Round(10*mag)) * 100
}

// euros writes an amount rounded to the euro: « 12 500 € ».
func euros(c money.Cents) string {
	s := (c + 50).String() // rounded half up; amounts on a chart are positive
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		s = s[:i] + "\u00a0€"
	}
	return s
}

// reportGifts lists the gifts of the period with their receipts.
func (d *doc) reportGifts(r report.Partner) {
	d.section("Dons et reçus fiscaux", 20)
	if len(r.Gifts) == 0 {
		d.para(marginX, contentW, "Aucun don n'a été reçu sur la période.", false, sizeBody, labelGrey)
		d.y += 4
		return
	}
	cols := []column{{"Date", 21, "L"}, {"Montant", 25, "R"}, {"Type", 19, "L"}, {"Paiement", 22, "L"},
		{"Nature", 21, "L"}, {"Campagne", 29, "L"}, {"Reçu fiscal", 22, "L"}, {"Émis le", 21, "L"}}
	rows := make([][]string, len(r.Gifts))
	for i, g := range r.Gifts {
		kind := "don"
		if g.Membership {
			kind = "cotisation"
		}
		rec := "non émis"
		if g.Receipt != "" {
			rec = g.Receipt
		}
		rows[i] = []string{frDay(g.Date), g.Amount.String(), kind, g.Method.Label(), g.Nature.Label(), g.Campaign, rec, frDay(g.ReceiptOn)}
	}
	d.table(cols, rows, []string{"Total", r.GiftTotal.String(), count(r.GiftCount, "don", "dons")})
	note := "Aucun de ces dons ne figure encore sur un reçu fiscal."
	switch {
	case r.ReceiptedCount == r.GiftCount:
		note = "Tous ces dons figurent sur un reçu fiscal valide."
	case r.ReceiptedCount > 0:
		verb := "figurent"
		if r.ReceiptedCount == 1 {
			verb = "figure"
		}
		note = fmt.Sprintf("%s sur %d %s sur un reçu fiscal valide, pour %s.",
			capitalize(count(r.ReceiptedCount, "don", "dons")), r.GiftCount, verb, r.ReceiptedTotal)
	}
	d.para(marginX, contentW, note, false, 8.5, labelGrey)
	d.y += 4
}

// reportCases describes each sponsorship case of the period and its
// counterparts.
func (d *doc) reportCases(r report.Partner) {
	d.section("Mécénat", 20)
	if len(r.Cases) == 0 {
		d.para(marginX, contentW, "Aucun dossier de mécénat ne concerne la période.", false, sizeBody, labelGrey)
		d.y += 4
		return
	}
	for _, c := range r.Cases {
		d.need(30)
		d.font(true, 10)
		d.color(black)
		d.text(marginX, d.y, contentW, lineH(10), fmt.Sprintf("Dossier %d — %s", c.Year, c.Stage.Label()), "L")
		d.y += lineH(10) + 1
		lines := []string{fmt.Sprintf("Montant %s : %s (probabilité %d %%)", expectedWord(c.Stage), c.Expected, c.Probability),
			fmt.Sprintf("Dons reçus en %d : %s", c.Year, c.Received)}
		if c.ConventionStart != "" || c.ConventionEnd != "" {
			lines = append(lines, "Convention du "+dash(frDay(c.ConventionStart))+" au "+dash(frDay(c.ConventionEnd)))
		}
		if c.NextAction != "" {
			lines = append(lines, "Prochaine action : "+oneLine(c.NextAction)+" (le "+frDay(c.NextActionDate)+")")
		}
		for _, l := range lines {
			d.para(marginX, contentW, l, false, sizeBody, black)
		}
		if len(c.Counterparts) > 0 {
			base := "des dons de l'année"
			if c.Basis == sponsor.BasisExpected {
				base = "du montant attendu"
			}
			note := fmt.Sprintf("Contreparties : %s, soit %s %s (limite : 25 %%).", c.CounterpartTotal(), c.Ratio, base)
			colour := black
			if c.Warning {
				note = fmt.Sprintf("Attention : les contreparties (%s) représentent %s %s, au-delà de la limite de 25 %% : le soutien ne serait plus un don au sens fiscal.",
					c.CounterpartTotal(), c.Ratio, base)
				colour = warnRed
			}
			d.para(marginX, contentW, note, c.Warning, sizeBody, colour)
			d.y += 2
			cols := []column{{"Contrepartie promise", 110, "L"}, {"Valeur", 28, "R"}, {"Remise", 42, "L"}}
			rows := make([][]string, len(c.Counterparts))
			for i, cp := range c.Counterparts {
				state := "à remettre"
				if cp.Delivered {
					state = "remise le " + frDay(cp.DeliveredOn)
				}
				rows[i] = []string{cp.Item, cp.Value.String(), state}
			}
			d.table(cols, rows, nil)
		} else {
			d.para(marginX, contentW, "Aucune contrepartie n'est promise.", false, sizeBody, labelGrey)
			d.y += 3
		}
		d.y += 1
	}
}

func expectedWord(s sponsor.Stage) string {
	if s.Signed() {
		return "convenu"
	}
	return "attendu"
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// reportInteractions lists the meetings, calls, notes and emails noted.
func (d *doc) reportInteractions(r report.Partner) {
	d.section("Échanges", 20)
	if len(r.Interactions) == 0 {
		d.para(marginX, contentW, "Aucun échange n'est noté sur la période.", false, sizeBody, labelGrey)
		d.y += 4
		return
	}
	cols := []column{{"Date", 21, "L"}, {"Type", 22, "L"}, {"Avec", 36, "L"}, {"Objet", 101, "L"}}
	rows := make([][]string, len(r.Interactions))
	for i, in := range r.Interactions {
		with := in.With
		if with == "" {
			with = r.Name()
		}
		text := oneLine(in.Subject)
		if body := clip(oneLine(in.Body), 280); body != "" {
			if text != "" {
				text += " — "
			}
			text += body
		}
		rows[i] = []string{frDay(in.Date), capitalize(in.Kind.Label()), with, text}
	}
	d.table(cols, rows, nil)
}

// reportThreads lists the email threads of the period.
func (d *doc) reportThreads(r report.Partner) {
	d.section("Courriels", 20)
	if len(r.Threads) == 0 {
		d.para(marginX, contentW, "Aucun fil de courriels sur la période.", false, sizeBody, labelGrey)
		d.y += 4
		return
	}
	cols := []column{{"Objet", 106, "L"}, {"Premier message", 27, "L"}, {"Dernier message", 27, "L"}, {"Messages", 20, "R"}}
	rows := make([][]string, len(r.Threads))
	for i, th := range r.Threads {
		subject := oneLine(th.Subject)
		if subject == "" {
			subject = "(sans objet)"
		}
		rows[i] = []string{subject, frDay(th.First), frDay(th.Last), strconv.Itoa(th.Messages)}
	}
	d.table(cols, rows, []string{count(len(r.Threads), "fil", "fils"), "", "", strconv.Itoa(r.Messages)})
}

// reportText prints the president's word, signed by the association's
// representative.
func (d *doc) reportText(r report.Partner) {
	paras := report.Paragraphs(r.Text)
	if len(paras) == 0 {
		return
	}
	d.section("Le mot du président", 20)
	for _, p := range paras {
		d.para(marginX, contentW, p, false, charterBodySize, black)
		d.y += 2
	}
	if a := r.Association; a.SignerName != "" {
		sig := a.SignerName
		if a.SignerRole != "" {
			sig += ", " + a.SignerRole
		}
		d.need(lineH(sizeBody))
		d.font(true, sizeBody)
		d.color(black)
		d.text(marginX, d.y, contentW, lineH(sizeBody), sig, "R")
		d.y += lineH(sizeBody)
	}
}

// clip cuts s after n characters, at a space, with « … ».
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;") + "…"
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[size:]
}
