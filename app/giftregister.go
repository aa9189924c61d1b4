package app

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// maxRegisterRows is how many gifts the register lists at most: the
// latest ones. The totals always cover every gift of the filter.
const maxRegisterRows = 1000

// registerRow is a gift of the register with where it stands for the
// receipts.
type registerRow struct {
	donation.GiftRow
	// status is the Reçu column: the receipt number, « à émettre » or
	// « non éligible : … ».
	status string
	// reason is the whole explanation when the gift cannot be receipted.
	reason string
}

// registerData is one load of the register.
type registerData struct {
	rows       []registerRow // newest first
	count      int           // gifts of the filter, beyond the rows listed too
	total      money.Cents
	byMethod   []donation.Total
	byCampaign []donation.Total
	years      []int // years with gifts, newest first
	campaigns  []string
}

// giftRegister is the « Registre » tab: the gifts chosen by year,
// campaign, payment method and donor, with their totals beside them, and
// the gifts of each year and month under those.
type giftRegister struct {
	e       env
	svc     giftsServices
	maxRows int

	data     registerData
	selected int // index in data.rows, -1 for none
	gen      int
	loaded   bool

	year, campaign, method *widget.Select
	donor                  *donorFilter
	newButton, editButton  *widget.Button
	list                   *widget.List
	count, detail          *widget.Label
	selCount, selTotal     *widget.Label
	methodBox, campaignBox *fyne.Container
	totals                 *donationsScreen
	content                fyne.CanvasObject

	// The last form and refusal shown, for tests.
	form    *giftForm
	refusal *widget.Label
}

// registerColumns are Date, Donateur, Montant, Mode, Nature, Campagne,
// Reçu fiscal: the date, amount, method and nature always show whole.
var registerColumns = fitColumns{
	samples: []string{"00/00/0000", "", "000 000,00 €", "Prélèvement", "Numéraire", "", "n° 0000-00000"},
	weights: []float32{0, 1.6, 0, 0, 0, 0.6, 0},
}

func newGiftRegister(e env, svc giftsServices) *giftRegister {
	r := &giftRegister{e: e, svc: svc, maxRows: maxRegisterRows, selected: -1}
	r.year = widget.NewSelect(nil, nil)
	r.campaign = widget.NewSelect(nil, nil)
	r.method = widget.NewSelect(methodFilterOptions(), nil)
	r.method.SetSelectedIndex(0)
	for _, s := range []*widget.Select{r.year, r.campaign, r.method} {
		s.OnChanged = func(string) { r.reload(nil) }
	}
	r.donor = newDonorFilter(e, svc.contacts, lang.X("register.pick_donor_title", "Voir les dons d'un donateur"),
		lang.X("register.pick_donor", "Voir ses dons"), func() { r.reload(nil) })

	r.newButton = widget.NewButtonWithIcon(lang.X("register.new", "Nouveau don"), theme.ContentAddIcon(), r.newGift)
	r.newButton.Importance = widget.HighImportance
	r.editButton = widget.NewButtonWithIcon(lang.X("register.edit", "Modifier"), theme.DocumentCreateIcon(), r.editSelected)
	r.editButton.Disable()

	r.list = widget.NewList(
		func() int { return len(r.data.rows) },
		func() fyne.CanvasObject {
			return container.New(registerColumns, cell(false), cell(false), rightCell(false), cell(false),
				cell(false), cell(false), cell(false))
		},
		r.updateRow)
	r.list.OnSelected = r.selectRow
	r.list.OnUnselected = func(widget.ListItemID) { r.selectRow(-1) }
	header := container.New(registerColumns,
		cell(true, lang.X("register.col_date", "Date")), cell(true, lang.X("register.col_donor", "Donateur")),
		rightCell(true, lang.X("register.col_amount", "Montant")), cell(true, lang.X("register.col_method", "Mode")),
		cell(true, lang.X("register.col_nature", "Nature")), cell(true, lang.X("register.col_campaign", "Campagne")),
		cell(true, lang.X("register.col_receipt", "Reçu fiscal")))
	r.count = wrapped("")
	r.count.Importance = widget.LowImportance
	r.detail = wrapped(lang.X("register.choose", "Choisissez un don dans la liste pour voir son détail ou le modifier."))

	filters := container.New(columns{1.1, 1.7, 1.3, 1.4},
		container.NewBorder(nil, nil, filterLabel(lang.X("register.year", "Année")), nil, r.year),
		r.campaign, r.method, r.donor.box)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(r.newButton, r.editButton), filters)
	table := container.NewBorder(container.NewVBox(container.NewPadded(header), widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), r.count, r.detail), nil, nil, r.list)

	r.selCount = widget.NewLabel("")
	r.selTotal = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.selTotal.SizeName = theme.SizeNameSubHeadingText
	r.methodBox = container.NewVBox()
	r.campaignBox = container.NewVBox()
	selection := container.NewVBox(sideTitle(lang.X("register.selection", "Sélection")), r.selTotal, r.selCount,
		widget.NewSeparator(), sideTitle(lang.X("register.by_method", "Par mode de paiement")), r.methodBox,
		widget.NewSeparator(), sideTitle(lang.X("register.by_campaign", "Par campagne")), r.campaignBox)

	r.totals = newDonationsScreen(e, svc.gifts)
	r.totals.onYear = func(year int) { r.year.SetSelected(strconv.Itoa(year)) }
	side := container.NewVScroll(container.NewPadded(container.NewVBox(selection, widget.NewSeparator(), r.totals.view())))
	split := container.NewHSplit(table, side)
	split.Offset = 0.72
	r.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
	return r
}

// sideTitle heads a part of a side column; it wraps, so that the column
// stays narrow.
func sideTitle(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// filterLabel names a filter, left of it.
func filterLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

// donorFilter narrows a list to one donor, chosen with the contact
// picker; its label truncates, so that a long name never widens the
// window.
type donorFilter struct {
	e       env
	svc     contactLister
	id      int64
	name    string
	label   *widget.Label
	search  *widget.Button
	clear   *widget.Button
	box     fyne.CanvasObject
	changed func()
	picker  *contactPicker // the last one opened, for tests
}

func newDonorFilter(e env, svc contactLister, title, confirm string, changed func()) *donorFilter {
	d := &donorFilter{e: e, svc: svc, changed: changed}
	d.label = widget.NewLabel("")
	d.label.Truncation = fyne.TextTruncateEllipsis
	d.search = widget.NewButtonWithIcon("", theme.SearchIcon(), func() {
		d.picker = showContactPicker(d.e, d.svc, pickerOptions{
			title: title, confirm: confirm,
			help:   lang.X("register.pick_donor_help", "Tapez une partie du nom, de la ville ou du courriel du donateur."),
			picked: func(rows []contact.Row) { d.set(rows[0].ID, rows[0].Name) },
		})
	})
	d.clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { d.set(0, "") })
	d.clear.Importance = widget.LowImportance
	d.box = container.NewBorder(nil, nil, nil, container.NewHBox(d.search, d.clear), d.label)
	d.show()
	return d
}

// set filters on donor id (0 for every donor) and reloads.
func (d *donorFilter) set(id int64, name string) {
	d.id, d.name = id, name
	d.show()
	d.changed()
}

func (d *donorFilter) show() {
	if d.id == 0 {
		d.label.SetText(lang.X("register.all_donors", "Tous les donateurs"))
		d.label.TextStyle.Bold = false
		d.clear.Hide()
	} else {
		d.label.SetText(lang.X("register.one_donor", "Donateur : {{.Name}}", map[string]any{"Name": d.name}))
		d.label.TextStyle.Bold = true
		d.clear.Show()
	}
	d.label.Refresh()
}

func (r *giftRegister) view() fyne.CanvasObject { return r.content }

func allYears() string { return lang.X("register.all_years", "Toutes les années") }

func allCampaigns() string { return lang.X("register.all_campaigns", "Toutes les campagnes") }

func allMethods() string { return lang.X("register.all_methods", "Tous les modes") }

func methodFilterOptions() []string {
	out := []string{allMethods()}
	for _, m := range donation.Methods {
		out = append(out, methodName(m))
	}
	return out
}

// filter is the filter the widgets say, read on the UI goroutine.
func (r *giftRegister) filter() donation.Filter {
	f := donation.Filter{DonorID: r.donor.id}
	if y, err := strconv.Atoi(r.year.Selected); err == nil {
		f.Year = y
	}
	if c := r.campaign.Selected; c != allCampaigns() {
		f.Campaign = c
	}
	if i := r.method.SelectedIndex(); i > 0 {
		f.Method = donation.Methods[i-1]
	}
	return f
}

// refresh reloads the register and the totals by year; on the first load
// the year filter starts on the current year, or the newest with gifts.
func (r *giftRegister) refresh(done func()) {
	r.reload(func() { r.totals.refresh(done) })
}

// reload reads the gifts of the filter and their totals.
func (r *giftRegister) reload(done func()) {
	r.gen++
	gen, f, first := r.gen, r.filter(), !r.loaded
	ctx, svc, limit := r.e.ctx, r.svc.gifts, r.maxRows
	current := r.e.now().Year()
	r.e.run(func() func() {
		var data registerData
		years, err := svc.TotalsByYear(ctx)
		if err == nil && first {
			f.Year = pickYear(years, current, current)
		}
		if err == nil {
			data, err = loadRegister(ctx, svc, f, limit)
		}
		if err == nil {
			for _, y := range years {
				data.years = append(data.years, y.Year)
			}
		}
		return func() {
			if gen == r.gen {
				if err != nil {
					r.e.fail("load gift register", err)
				} else {
					r.loaded = true
					r.show(data, f)
				}
			}
			if done != nil {
				done()
			}
		}
	})
}

// loadRegister reads the gifts f selects, the limit latest of them, and
// the totals of all of them, computed in SQL.
func loadRegister(ctx context.Context, svc giftService, f donation.Filter, limit int) (registerData, error) {
	var data registerData
	var err error
	if data.byMethod, err = svc.Totals(ctx, f, donation.ByMethod); err != nil {
		return data, err
	}
	if data.byCampaign, err = svc.Totals(ctx, f, donation.ByCampaign); err != nil {
		return data, err
	}
	for _, t := range data.byMethod {
		data.count += t.Count
		data.total += t.Total
	}
	all, err := svc.Totals(ctx, donation.Filter{}, donation.ByCampaign)
	if err != nil {
		return data, err
	}
	for _, t := range all {
		if t.Key != "" {
			data.campaigns = append(data.campaigns, t.Key)
		}
	}
	lf := f
	lf.Limit = limit
	gifts, err := svc.ListGifts(ctx, lf)
	if err != nil {
		return data, err
	}
	slices.Reverse(gifts) // newest first
	data.rows = make([]registerRow, len(gifts))
	for i, g := range gifts {
		data.rows[i] = registerRow{GiftRow: g}
		if data.rows[i].status, data.rows[i].reason, err = receiptState(ctx, svc, g); err != nil {
			return data, err
		}
	}
	return data, nil
}

// receiptState says where gift g stands for the receipts: on which valid
// receipt, or whether it may get one, and why not.
func receiptState(ctx context.Context, svc giftService, g donation.GiftRow) (status, reason string, err error) {
	if g.ReceiptNumber != "" {
		return lang.X("register.receipt_number", "n° {{.Number}}", map[string]any{"Number": g.ReceiptNumber}), "", nil
	}
	var rerr error
	if g.Nature == donation.ExpensesWaived {
		// Only the expense claim behind it tells.
		_, rerr = svc.ReceiptableAmount(ctx, g.ID)
	} else {
		_, rerr = donation.Receiptable(g.Gift, nil)
	}
	if rerr == nil {
		return lang.X("register.to_issue", "à émettre"), "", nil
	}
	var m apperr.Multi
	var e *apperr.Error
	switch {
	case errors.As(rerr, &m) && len(m) > 0:
		e = m[0]
	case errors.As(rerr, &e):
	default:
		return "", "", rerr
	}
	return lang.X("register.not_eligible", "non éligible : {{.Reason}}", map[string]any{"Reason": shortReason(e)}),
		userMessage(rerr), nil
}

// shortReason names why a gift cannot be receipted in a few words, for
// the list; the whole message shows under it when the gift is chosen.
func shortReason(e *apperr.Error) string {
	switch e.Key {
	case "receiptable.amount":
		return lang.X("reason.amount", "montant nul")
	case "receiptable.fee_all_counterpart":
		return lang.X("reason.fee_all_counterpart", "cotisation sans part de don")
	case "receiptable.counterparts_above_25":
		return lang.X("reason.counterparts_above_25", "contreparties > 25 %")
	case "receiptable.in_kind_description":
		return lang.X("reason.in_kind_description", "don en nature non décrit")
	case "receiptable.in_kind_valuation":
		return lang.X("reason.in_kind_valuation", "évaluation manquante")
	case "receiptable.claim_missing":
		return lang.X("reason.claim_missing", "sans note de frais")
	case "receiptable.waiver_missing":
		return lang.X("reason.waiver_missing", "renonciation non signée")
	case "receiptable.documents_missing":
		return lang.X("reason.documents_missing", "justificatifs manquants")
	case "receiptable.not_recorded":
		return lang.X("reason.not_recorded", "non comptabilisé")
	case "receiptable.claim_total":
		return lang.X("reason.claim_total", "montant ≠ note de frais")
	}
	return e.Message
}

// show puts a load on screen; f is the filter it was loaded with.
func (r *giftRegister) show(data registerData, f donation.Filter) {
	r.data = data
	r.setOptions(data, f)
	r.selected = -1
	r.list.UnselectAll()
	if !r.list.Size().IsZero() { // ScrollToTop panics before the list is laid out
		r.list.ScrollToTop()
	}
	r.list.Refresh()
	r.editButton.Disable()
	r.detail.SetText(lang.X("register.choose", "Choisissez un don dans la liste pour voir son détail ou le modifier."))

	switch {
	case data.count == 0:
		r.count.SetText(lang.X("register.none", "Aucun don ne correspond à ces filtres."))
	case len(data.rows) < data.count:
		r.count.SetText(lang.X("register.limited",
			"{{.Count}} dons correspondent : la liste montre les {{.Shown}} plus récents, les totaux les comptent tous. Choisissez une année, une campagne ou un donateur pour voir les autres.",
			map[string]any{"Count": formatInt(data.count), "Shown": formatInt(len(data.rows))}))
	default:
		r.count.SetText(lang.X("register.count", "{{.Gifts}}, du plus récent au plus ancien.",
			map[string]any{"Gifts": countGifts(data.count)}))
	}
	r.selTotal.SetText(data.total.String())
	r.selCount.SetText(countGifts(data.count))
	r.methodBox.Objects = totalRows(data.byMethod)
	r.methodBox.Refresh()
	r.campaignBox.Objects = totalRows(data.byCampaign)
	r.campaignBox.Refresh()
	// The totals by year and month show the same year.
	switch {
	case f.Year == 0:
	case r.totals.years == nil:
		r.totals.year = f.Year // kept by their first load
	default:
		r.totals.selectYear(f.Year)
	}
}

// totalColumns are a total's label, count and amount.
var totalColumns = fitColumns{samples: []string{"", "0 000", "000 000,00 €"}, weights: []float32{1, 0, 0}}

// totalRows lays grouped totals out: label, count and amount.
func totalRows(ts []donation.Total) []fyne.CanvasObject {
	if len(ts) == 0 {
		l := cell(false, "—")
		l.Importance = widget.LowImportance
		return []fyne.CanvasObject{l}
	}
	cols := totalColumns
	out := make([]fyne.CanvasObject, len(ts))
	for i, t := range ts {
		label := t.Label
		if t.Key == "" && t.Label == "(sans campagne)" {
			label = lang.X("register.no_campaign", "(sans campagne)")
		} else if m, ok := donation.ParseMethod(t.Key); ok && t.Label == m.Label() {
			label = methodName(m)
		}
		out[i] = container.New(cols, cell(false, label), rightCell(false, formatInt(t.Count)), rightCell(false, t.Total.String()))
	}
	return out
}

// setOptions fills the year and campaign choices and shows f in them
// without reloading.
func (r *giftRegister) setOptions(data registerData, f donation.Filter) {
	years := []string{allYears()}
	for _, y := range data.years {
		years = append(years, strconv.Itoa(y))
	}
	if f.Year != 0 && !slices.Contains(data.years, f.Year) {
		years = append(years, strconv.Itoa(f.Year))
	}
	campaigns := append([]string{allCampaigns()}, data.campaigns...)
	if f.Campaign != "" && !slices.Contains(data.campaigns, f.Campaign) {
		campaigns = append(campaigns, f.Campaign)
	}
	yearText, campaignText := allYears(), allCampaigns()
	if f.Year != 0 {
		yearText = strconv.Itoa(f.Year)
	}
	if f.Campaign != "" {
		campaignText = f.Campaign
	}
	for _, s := range []struct {
		sel     *widget.Select
		options []string
		text    string
	}{{r.year, years, yearText}, {r.campaign, campaigns, campaignText}} {
		changed := s.sel.OnChanged
		s.sel.OnChanged = nil
		s.sel.SetOptions(s.options)
		s.sel.SetSelected(s.text)
		s.sel.OnChanged = changed
	}
}

func (r *giftRegister) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(r.data.rows) {
		return
	}
	g := r.data.rows[id]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(displayDate(g.DateReceived))
	cells[1].(*widget.Label).SetText(g.DonorName)
	cells[2].(*widget.Label).SetText(g.Amount.String())
	cells[3].(*widget.Label).SetText(methodName(g.Method))
	nature := natureShort(g.Nature)
	if g.Membership {
		nature = lang.X("register.membership", "Cotisation")
	}
	cells[4].(*widget.Label).SetText(nature)
	cells[5].(*widget.Label).SetText(g.Campaign)
	status := cells[6].(*widget.Label)
	status.SetText(g.status)
	switch {
	case g.reason != "":
		status.Importance = widget.WarningImportance
	case g.ReceiptNumber != "":
		status.Importance = widget.SuccessImportance
	default:
		status.Importance = widget.MediumImportance
	}
	status.Refresh()
}

// selectRow shows the detail of row i (-1 for none).
func (r *giftRegister) selectRow(i int) {
	if i < 0 || i >= len(r.data.rows) {
		r.selected = -1
		r.editButton.Disable()
		r.detail.SetText(lang.X("register.choose", "Choisissez un don dans la liste pour voir son détail ou le modifier."))
		return
	}
	r.selected = i
	r.editButton.Enable()
	g := r.data.rows[i]
	parts := []string{
		lang.X("register.detail_head", "Don n° {{.ID}} de {{.Donor}} : {{.Amount}}, reçu le {{.Date}}",
			map[string]any{"ID": g.ID, "Donor": g.DonorName, "Amount": g.Amount.String(), "Date": displayDate(g.DateReceived)}),
	}
	if g.DateCashed != "" {
		parts = append(parts, lang.X("register.detail_cashed", "encaissé le {{.Date}}", map[string]any{"Date": displayDate(g.DateCashed)}))
	}
	if g.Method == donation.Cheque && g.ChequeNumber != "" {
		parts = append(parts, lang.X("register.detail_cheque", "chèque n° {{.Number}}", map[string]any{"Number": joinNonEmpty(" ", g.ChequeNumber, g.Bank)}))
	}
	if g.Counterparts > 0 {
		parts = append(parts, lang.X("register.detail_counterparts", "contreparties {{.Amount}}", map[string]any{"Amount": g.Counterparts.String()}))
	}
	text := strings.Join(parts, ", ") + "."
	switch {
	case g.ReceiptNumber != "":
		text += " " + lang.X("register.detail_receipted", "Il figure sur le reçu n° {{.Number}} : pour le corriger, annulez d'abord ce reçu dans l'onglet Reçus.",
			map[string]any{"Number": g.ReceiptNumber})
	case g.reason != "":
		text += "\n" + lang.X("register.detail_not_eligible", "Pas de reçu possible : {{.Reason}}", map[string]any{"Reason": g.reason})
	default:
		text += " " + lang.X("register.detail_to_issue", "Il n'a pas encore de reçu fiscal.")
	}
	r.detail.SetText(text)
}

// newGift opens the form of a new gift.
func (r *giftRegister) newGift() {
	r.form = showGiftForm(r.e, r.svc, nil, "", r.data.campaigns, giftFormHooks{saved: r.saved})
}

// editSelected opens the form of the selected gift, unless a valid
// receipt covers it: such a gift never changes (the service refuses it
// too), the receipt is cancelled first.
func (r *giftRegister) editSelected() {
	if r.selected < 0 || r.selected >= len(r.data.rows) {
		return
	}
	row := r.data.rows[r.selected]
	if row.ReceiptNumber != "" {
		r.refuseEdit(row)
		return
	}
	ctx, svc := r.e.ctx, r.svc.gifts
	r.e.run(func() func() {
		g, err := svc.GetGift(ctx, row.ID)
		return func() {
			if err != nil {
				r.e.fail("get gift", err)
				return
			}
			r.form = showGiftForm(r.e, r.svc, &g, row.DonorName, r.data.campaigns, giftFormHooks{saved: r.saved})
		}
	})
}

// refuseEdit explains why a receipted gift cannot be changed, with the
// message of the service's refusal.
func (r *giftRegister) refuseEdit(row registerRow) {
	r.refusal = wrapped(apperr.Message(donation.ErrGiftReceipted) + "\n\n" +
		lang.X("register.refusal_number", "Reçu concerné : n° {{.Number}} (onglet Reçus).", map[string]any{"Number": row.ReceiptNumber}))
	d := dialog.NewCustom(lang.X("register.refusal_title", "Ce don ne peut plus être modifié"), lang.X("action.close", "Fermer"),
		container.NewVBox(minWidth(520), r.refusal), r.e.win)
	d.Show()
	d.Resize(fyne.NewSize(600, 260))
}

// saved follows a saved gift: the register reloads.
func (r *giftRegister) saved(int64) {
	r.reload(func() { r.totals.refresh(func() {}) })
}

// fitColumns lays objects side by side like columns, but a column whose
// sample text is set is always wide enough for it: dates and amounts are
// never cut, names and campaigns share the rest by weight.
type fitColumns struct {
	samples []string  // "" for a flexible column
	weights []float32 // of the flexible columns, by index
}

// width is the width of column i when fixed, 0 when flexible: that of a
// bold label showing the sample, padding included.
func (c fitColumns) width(i int) float32 {
	if i >= len(c.samples) || c.samples[i] == "" {
		return 0
	}
	if w, ok := sampleWidths[c.samples[i]]; ok {
		return w
	}
	w := widget.NewLabelWithStyle(c.samples[i], fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Width + theme.Padding()
	sampleWidths[c.samples[i]] = w
	return w
}

// sampleWidths caches the widths of fitColumns' samples; layouts run on
// the UI goroutine only.
var sampleWidths = map[string]float32{}

func (c fitColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	fixed, total := float32(0), float32(0)
	for i := range objs {
		if w := c.width(i); w > 0 {
			fixed += w
		} else {
			total += c.weights[i]
		}
	}
	flex := max(0, size.Width-fixed-pad*float32(len(objs)-1))
	x := float32(0)
	for i, o := range objs {
		w := c.width(i)
		if w == 0 && total > 0 {
			w = flex * c.weights[i] / total
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (c fitColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		m := o.MinSize()
		w += max(c.width(i), m.Width)
		h = max(h, m.Height)
	}
	return fyne.NewSize(w+theme.Padding()*float32(len(objs)-1), h)
}
