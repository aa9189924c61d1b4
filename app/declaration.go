package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/receipt"
)

// declarationPage is the « Déclaration » tab: the figures of the yearly
// declaration of gifts (art. 222 bis CGI) for a financial year, how they
// are counted, and the filing deadline, ready to copy into the online
// form.
type declarationPage struct {
	e   env
	svc receiptService

	year   int
	d      receipt.Declaration
	loaded bool
	gen    int

	yearSelect *widget.Select
	period     *widget.Label
	figures    *fyne.Container
	convention *widget.Label
	deadline   *widget.Label
	where      *widget.Label
	copyButton *widget.Button
	copied     *widget.Label
	content    fyne.CanvasObject
}

func newDeclarationPage(e env, svc receiptService) *declarationPage {
	p := &declarationPage{e: e, svc: svc}
	p.yearSelect = widget.NewSelect(nil, func(s string) {
		if y, err := strconv.Atoi(s); err == nil && y != p.year {
			p.year = y
			p.load(func() {})
		}
	})
	p.period = wrapped("")
	p.figures = newFormGrid()
	p.convention = wrapped("")
	p.deadline = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.deadline.Wrapping = fyne.TextWrapWord
	p.where = wrapped("")
	p.copied = wrapped("")
	p.copied.Importance = widget.SuccessImportance
	p.copied.Hide()
	p.copyButton = widget.NewButtonWithIcon(lang.X("declaration.copy", "Copier les chiffres"), theme.ContentCopyIcon(), p.copy)
	p.copyButton.Importance = widget.HighImportance

	help := wrapped(lang.X("declaration.help",
		"Chaque année, l'association qui a délivré des reçus fiscaux déclare à l'administration le montant total des dons mentionnés sur ces reçus et le nombre de reçus délivrés (article 222 bis du code général des impôts). Voici ces chiffres, tels que Bureau les compte."))
	top := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabelWithStyle(lang.X("declaration.year", "Exercice clos en"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
			container.NewGridWrap(fyne.NewSize(140, p.yearSelect.MinSize().Height), p.yearSelect)),
		container.NewHBox(p.copyButton))
	body := container.NewVBox(help, p.period, p.figures, p.copied, widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.X("declaration.deadline_title", "Date limite"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		p.deadline, p.where, widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.X("declaration.convention_title", "Comment ces chiffres sont comptés"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		p.convention)
	p.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(body)))
	return p
}

func (p *declarationPage) view() fyne.CanvasObject { return p.content }

// refresh reloads the figures; the first time, of the last financial
// year, the one usually declared.
func (p *declarationPage) refresh(done func()) {
	if p.year == 0 {
		p.year = p.e.now().Year() - 1
	}
	current := p.e.now().Year()
	var options []string
	for y := current; y >= current-6; y-- {
		options = append(options, strconv.Itoa(y))
	}
	changed := p.yearSelect.OnChanged
	p.yearSelect.OnChanged = nil
	p.yearSelect.SetOptions(options)
	p.yearSelect.SetSelected(strconv.Itoa(p.year))
	p.yearSelect.OnChanged = changed
	p.load(done)
}

// load reads the declaration of the chosen year.
func (p *declarationPage) load(done func()) {
	p.gen++
	gen, year, ctx := p.gen, p.year, p.e.ctx
	p.e.run(func() func() {
		d, err := p.svc.Declaration(ctx, year)
		return func() {
			defer done()
			if gen != p.gen {
				return
			}
			if err != nil {
				p.e.fail("load declaration", err)
				return
			}
			p.show(d)
		}
	})
}

func (p *declarationPage) show(d receipt.Declaration) {
	p.d, p.loaded = d, true
	p.copied.Hide()
	p.period.SetText(lang.X("declaration.period", "Exercice du {{.From}} au {{.To}}.",
		map[string]any{"From": displayDate(d.From), "To": displayDate(d.To)}))
	big := func(text string) *widget.Label {
		l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameSubHeadingText
		return l
	}
	rows := []formRow{
		{lang.X("declaration.total", "Montant total des dons mentionnés sur les reçus"), big(d.Total.String())},
		{lang.X("declaration.count", "Nombre de reçus délivrés"), big(formatInt(d.Receipts))},
		{lang.X("declaration.individuals", "dont particuliers (2041-RD)"), wrapped(receiptsAndTotal(d.Individuals, d.IndividualsTotal.String()))},
		{lang.X("declaration.companies", "dont entreprises (2041-MEC-SD)"), wrapped(receiptsAndTotal(d.Companies, d.CompaniesTotal.String()))},
	}
	if d.Replacements > 0 {
		rows = append(rows, formRow{lang.X("declaration.replacements", "dont reçus de remplacement"),
			wrapped(lang.X("declaration.replacements_text", "{{.Count}} (chacun compté une fois, à la place du reçu annulé)",
				map[string]any{"Count": formatInt(d.Replacements)}))})
	}
	rows = append(rows,
		formRow{lang.X("declaration.cancelled", "Reçus annulés, non comptés"), wrapped(formatInt(d.Cancelled))},
		formRow{lang.X("declaration.other", "Pour comparaison : reçus émis pendant l'exercice"),
			wrapped(receiptsAndTotal(d.IssuedReceipts, d.IssuedTotal.String()) + " " +
				lang.X("declaration.other_help", "(quelle que soit la date des dons)"))})
	setFormRowsWidth(p.figures, 330, rows...)
	p.deadline.SetText(lang.X("declaration.deadline", "Au plus tard le {{.Date}} ({{.Rule}}).",
		map[string]any{"Date": displayDate(d.Deadline), "Rule": d.DeadlineRule}))
	p.where.SetText(d.Where)
	p.convention.SetText(d.Convention)
}

// receiptsAndTotal writes "3 reçus, 1 234,00 €".
func receiptsAndTotal(n int, total string) string {
	if n <= 1 {
		return lang.X("declaration.one_receipt", "{{.Count}} reçu, {{.Total}}", map[string]any{"Count": n, "Total": total})
	}
	return lang.X("declaration.receipts", "{{.Count}} reçus, {{.Total}}", map[string]any{"Count": formatInt(n), "Total": total})
}

// copyText is what « Copier les chiffres » puts in the clipboard.
func (p *declarationPage) copyText() string {
	d := p.d
	return strings.Join([]string{
		lang.X("declaration.copy_title", "Déclaration des dons (article 222 bis du CGI), exercice du {{.From}} au {{.To}}",
			map[string]any{"From": displayDate(d.From), "To": displayDate(d.To)}),
		lang.X("declaration.copy_total", "Montant total des dons mentionnés sur les reçus : {{.Total}}", map[string]any{"Total": d.Total.String()}),
		lang.X("declaration.copy_count", "Nombre de reçus délivrés : {{.Count}}", map[string]any{"Count": d.Receipts}),
		lang.X("declaration.copy_deadline", "Date limite de dépôt : {{.Date}}", map[string]any{"Date": displayDate(d.Deadline)}),
	}, "\n")
}

// copy puts the figures in the clipboard.
func (p *declarationPage) copy() {
	if !p.loaded {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(p.copyText())
	p.copied.SetText(lang.X("declaration.copied", "Chiffres copiés : collez-les (Ctrl+V) dans le formulaire en ligne ou dans un courriel à votre comptable."))
	p.copied.Show()
}
