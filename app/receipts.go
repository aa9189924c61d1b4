package app

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// receiptList is the « Reçus » tab: the receipts issued, chosen by year
// of issue, status and donor, and what can be done with one of them.
type receiptList struct {
	e    env
	svc  giftsServices
	acts *receiptActions

	rows      []receipt.Row
	years     []int // years of issue with a series, newest first
	selected  int
	gen       int
	loaded    bool
	lastCheck string // the result of the last check, for tests

	year, status                             *widget.Select
	donor                                    *donorFilter
	list                                     *widget.List
	count, detail, notice                    *widget.Label
	open, saveAs, duplicate, cancel, replace *widget.Button
	check                                    *widget.Button
	content                                  fyne.CanvasObject
}

// receiptColumns are Numéro, Émis le, Donateur, Montant, Statut, Dons
// couverts: number, date and amount always show whole.
var receiptColumns = fitColumns{
	samples: []string{"0000-00000", "00/00/0000", "", "000 000,00 €", "", ""},
	weights: []float32{0, 0, 2, 0, 1.8, 1.2},
}

func newReceiptList(e env, svc giftsServices) *receiptList {
	l := &receiptList{e: e, svc: svc, selected: -1}
	l.acts = newReceiptActions(e, svc, func() { l.reload(nil) })
	l.notice = wrapped("")
	l.notice.Importance = widget.SuccessImportance
	l.notice.Hide()
	l.acts.notify = func(msg string) {
		l.notice.SetText(msg)
		l.notice.Show()
	}

	l.year = widget.NewSelect(nil, func(string) { l.reload(nil) })
	l.status = widget.NewSelect([]string{
		lang.X("receipts.all_statuses", "Tous les statuts"),
		lang.X("receipts.valid", "Valides"),
		lang.X("receipts.cancelled", "Annulés"),
	}, nil)
	l.status.SetSelectedIndex(0)
	l.status.OnChanged = func(string) { l.reload(nil) }
	l.donor = newDonorFilter(e, svc.contacts, lang.X("receipts.pick_donor_title", "Voir les reçus d'un donateur"),
		lang.X("receipts.pick_donor", "Voir ses reçus"), func() { l.reload(nil) })

	l.list = widget.NewList(
		func() int { return len(l.rows) },
		func() fyne.CanvasObject {
			return container.New(receiptColumns, cell(false), cell(false), cell(false), rightCell(false), cell(false), cell(false))
		},
		l.updateRow)
	l.list.OnSelected = l.selectRow
	l.list.OnUnselected = func(widget.ListItemID) { l.selectRow(-1) }
	header := container.New(receiptColumns,
		cell(true, lang.X("receipts.col_number", "Numéro")), cell(true, lang.X("receipts.col_issued", "Émis le")),
		cell(true, lang.X("receipts.col_donor", "Donateur")), rightCell(true, lang.X("receipts.col_amount", "Montant")),
		cell(true, lang.X("receipts.col_status", "Statut")), cell(true, lang.X("receipts.col_gifts", "Dons couverts")))
	l.count = wrapped("")
	l.count.Importance = widget.LowImportance
	l.detail = wrapped("")

	l.open = widget.NewButtonWithIcon(lang.X("receipt.open_pdf", "Ouvrir le PDF"), theme.DocumentIcon(), func() {
		if r, ok := l.current(); ok {
			l.acts.openPDF(r.Number)
		}
	})
	l.open.Importance = widget.HighImportance
	l.saveAs = widget.NewButtonWithIcon(lang.X("receipts.save_as", "Enregistrer sous…"), theme.DocumentSaveIcon(), func() {
		if r, ok := l.current(); ok {
			l.acts.saveAs(r)
		}
	})
	l.duplicate = widget.NewButtonWithIcon(lang.X("receipts.duplicate", "Duplicata"), theme.ContentCopyIcon(), func() {
		if r, ok := l.current(); ok {
			l.acts.duplicate(r)
		}
	})
	l.cancel = widget.NewButtonWithIcon(lang.X("receipts.cancel", "Annuler le reçu…"), theme.CancelIcon(), func() {
		if r, ok := l.current(); ok {
			l.acts.cancel(r)
		}
	})
	l.replace = widget.NewButtonWithIcon(lang.X("receipts.replace", "Annuler et remplacer…"), theme.ViewRefreshIcon(), func() {
		if r, ok := l.current(); ok {
			l.acts.replace(r)
		}
	})
	l.check = widget.NewButtonWithIcon(lang.X("receipts.check", "Vérifier la série"), theme.ConfirmIcon(), l.runCheck)
	l.updateButtons()

	filters := container.New(columns{1, 1, 1.6},
		container.NewBorder(nil, nil, filterLabel(lang.X("receipts.year", "Émis en")), nil, l.year),
		container.NewBorder(nil, nil, filterLabel(lang.X("receipts.status", "Statut")), nil, l.status),
		l.donor.box)
	top := container.NewBorder(nil, nil, nil, l.check, filters)
	actions := container.NewHBox(l.open, l.saveAs, l.duplicate, widget.NewSeparator(), l.replace, l.cancel)
	bottom := container.NewVBox(widget.NewSeparator(), l.count, l.detail, actions, l.notice)
	table := container.NewBorder(container.NewVBox(container.NewPadded(header), widget.NewSeparator()), bottom, nil, nil, l.list)
	l.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, table)
	return l
}

func (l *receiptList) view() fyne.CanvasObject { return l.content }

// filter is what the widgets say, read on the UI goroutine.
func (l *receiptList) filter() receipt.Filter {
	f := receipt.Filter{DonorID: l.donor.id}
	if y, err := strconv.Atoi(l.year.Selected); err == nil {
		f.Year = y
	}
	switch l.status.SelectedIndex() {
	case 1:
		f.Status = donation.Valid
	case 2:
		f.Status = donation.Cancelled
	}
	return f
}

// refresh reloads the receipts; the first time, the year of issue starts
// on the latest series.
func (l *receiptList) refresh(done func()) { l.reload(done) }

func (l *receiptList) reload(done func()) {
	l.gen++
	gen, f, first := l.gen, l.filter(), !l.loaded
	ctx, svc := l.e.ctx, l.svc.receipts
	l.e.run(func() func() {
		series, err := svc.Numbering(ctx)
		var years []int
		for _, s := range series {
			if s.Issued > 0 {
				years = append(years, s.Year)
			}
		}
		slices.Sort(years)
		slices.Reverse(years)
		if first && len(years) > 0 {
			f.Year = years[0]
		}
		var rows []receipt.Row
		if err == nil {
			rows, err = svc.List(ctx, f)
		}
		return func() {
			if gen == l.gen {
				if err != nil {
					l.e.fail("list receipts", err)
				} else {
					l.loaded = true
					l.show(rows, years, f)
				}
			}
			if done != nil {
				done()
			}
		}
	})
}

func (l *receiptList) show(rows []receipt.Row, years []int, f receipt.Filter) {
	// Newest first: the receipt just issued or replaced is at the top.
	slices.Reverse(rows)
	l.rows, l.years = rows, years
	options := []string{allYears()}
	for _, y := range years {
		options = append(options, strconv.Itoa(y))
	}
	text := allYears()
	if f.Year != 0 {
		text = strconv.Itoa(f.Year)
	}
	changed := l.year.OnChanged
	l.year.OnChanged = nil
	l.year.SetOptions(options)
	l.year.SetSelected(text)
	l.year.OnChanged = changed

	l.selected = -1
	l.list.UnselectAll()
	l.list.Refresh()
	l.updateButtons()
	var valid, cancelled int
	for _, r := range rows {
		if r.Status == donation.Valid {
			valid++
		} else {
			cancelled++
		}
	}
	switch {
	case len(rows) == 0 && len(years) == 0:
		l.count.SetText(lang.X("receipts.none_yet", "Aucun reçu émis pour l'instant. Émettez-les depuis l'onglet « Fin d'année », ou un par un depuis la fiche d'un donateur."))
	case len(rows) == 0:
		l.count.SetText(lang.X("receipts.none", "Aucun reçu ne correspond à ces filtres."))
	default:
		v := lang.X("receipts.valid_n", "{{.Count}} valides", map[string]any{"Count": formatInt(valid)})
		if valid <= 1 {
			v = lang.X("receipts.valid_1", "{{.Count}} valide", map[string]any{"Count": valid})
		}
		c := lang.X("receipts.cancelled_n", "{{.Count}} annulés", map[string]any{"Count": formatInt(cancelled)})
		if cancelled <= 1 {
			c = lang.X("receipts.cancelled_1", "{{.Count}} annulé", map[string]any{"Count": cancelled})
		}
		l.count.SetText(lang.X("receipts.count", "{{.Valid}}, {{.Cancelled}}, du plus récent au plus ancien.",
			map[string]any{"Valid": v, "Cancelled": c}))
	}
	l.detail.SetText(lang.X("receipts.choose", "Choisissez un reçu dans la liste pour l'ouvrir, en délivrer un duplicata, l'annuler ou le remplacer."))
}

func (l *receiptList) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(l.rows) {
		return
	}
	r := l.rows[id]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(r.Number)
	cells[1].(*widget.Label).SetText(displayDate(r.IssuedOn))
	cells[2].(*widget.Label).SetText(r.DonorName)
	cells[3].(*widget.Label).SetText(r.Total.String())
	status := cells[4].(*widget.Label)
	status.SetText(receiptStatus(r))
	if r.Status == donation.Cancelled {
		status.Importance = widget.DangerImportance
	} else {
		status.Importance = widget.MediumImportance
	}
	status.Refresh()
	cells[5].(*widget.Label).SetText(giftIDs(r.GiftIDs))
}

// current is the selected receipt.
func (l *receiptList) current() (receipt.Row, bool) {
	if l.selected < 0 || l.selected >= len(l.rows) {
		return receipt.Row{}, false
	}
	return l.rows[l.selected], true
}

func (l *receiptList) selectRow(i int) {
	l.selected = i
	l.updateButtons()
	r, ok := l.current()
	if !ok {
		l.detail.SetText(lang.X("receipts.choose", "Choisissez un reçu dans la liste pour l'ouvrir, en délivrer un duplicata, l'annuler ou le remplacer."))
		return
	}
	kind := lang.X("receipts.detail_gift", "reçu d'un don")
	if r.Annual {
		kind = lang.X("receipts.detail_annual", "reçu annuel des dons de {{.Year}}", map[string]any{"Year": r.PeriodYear})
	}
	text := lang.X("receipts.detail", "Reçu n° {{.Number}} de {{.Donor}}, émis le {{.Date}} : {{.Kind}}, {{.Amount}}, dons {{.Gifts}}.",
		map[string]any{"Number": r.Number, "Donor": r.DonorName, "Date": displayDate(r.IssuedOn), "Kind": kind,
			"Amount": r.Total.String(), "Gifts": giftIDs(r.GiftIDs)})
	if r.Status == donation.Cancelled {
		text += " " + lang.X("receipts.detail_cancelled", "Annulé le {{.Date}} ; motif : {{.Reason}}.",
			map[string]any{"Date": displayDate(r.CancelledOn), "Reason": r.CancelReason})
		if r.ReplacedBy != "" {
			text += " " + lang.X("receipts.detail_replaced_by", "Remplacé par le reçu n° {{.Number}}.", map[string]any{"Number": r.ReplacedBy})
		} else {
			text += " " + lang.X("receipts.detail_not_replaced", "Pas encore remplacé : « Annuler et remplacer » émet le reçu qui le remplace.")
		}
	}
	l.detail.SetText(text)
}

// updateButtons enables what can be done with the selected receipt: a
// cancelled one is still opened and saved, and replaced once.
func (l *receiptList) updateButtons() {
	r, ok := l.current()
	valid := ok && r.Status == donation.Valid
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	enable(l.open, ok)
	enable(l.saveAs, ok)
	enable(l.duplicate, valid)
	enable(l.cancel, valid)
	enable(l.replace, valid || ok && r.ReplacedBy == "")
	if ok && !valid {
		l.replace.SetText(lang.X("receipts.replace_cancelled", "Émettre le remplaçant…"))
	} else {
		l.replace.SetText(lang.X("receipts.replace", "Annuler et remplacer…"))
	}
}

// runCheck proves the series sound and says so in plain French.
func (l *receiptList) runCheck() {
	ctx, svc := l.e.ctx, l.svc.receipts
	l.check.Disable()
	l.e.run(func() func() {
		problems, err := svc.Check(ctx)
		return func() {
			l.check.Enable()
			if err != nil {
				l.e.fail("check receipts", err)
				return
			}
			l.lastCheck = checkText(problems)
			title := lang.X("receipts.check_ok_title", "La série des reçus est en ordre")
			if len(problems) > 0 {
				title = lang.X("receipts.check_bad_title", "Anomalies dans la série des reçus")
			}
			text := wrapped(l.lastCheck)
			if len(problems) > 0 {
				text.Importance = widget.DangerImportance
			}
			d := dialog.NewCustom(title, lang.X("action.close", "Fermer"), container.NewVBox(minWidth(560), text), l.e.win)
			d.Show()
			d.Resize(fyne.NewSize(660, d.MinSize().Height+40))
		}
	})
}

// checkText says what Check found.
func checkText(problems []receipt.Problem) string {
	if len(problems) == 0 {
		return lang.X("receipts.check_ok",
			"Bureau a tout vérifié, sans rien trouver d'anormal : les numéros de chaque année se suivent sans trou depuis le premier, chaque PDF conservé est intact (identique à celui émis), aucun don ne figure sur deux reçus valides, et les montants des reçus correspondent à leurs dons.")
	}
	lines := []string{lang.X("receipts.check_bad",
		"Bureau a trouvé ce qui suit. Ne modifiez pas la base vous-même : faites une sauvegarde et demandez de l'aide, en joignant ce message.")}
	for _, p := range problems {
		lines = append(lines, "•  "+joinNonEmpty(" : ", p.Label, p.Detail))
	}
	return strings.Join(lines, "\n")
}
