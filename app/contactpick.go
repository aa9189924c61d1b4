package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
)

// pickerOptions configure a contact picker.
type pickerOptions struct {
	title   string
	confirm string         // text of the confirm button
	help    string         // one sentence above the search box
	filter  contact.Filter // Kind and OrgKind of the contacts offered
	// multi lets the user tick several contacts; otherwise one is chosen.
	multi bool
	// exclude lists contacts not to offer (the record itself, the members
	// already on a list…).
	exclude []int64
	picked  func(rows []contact.Row)
}

// pickLimit is how many matches the picker shows: enough to choose from,
// few enough that the user narrows the search instead of scrolling.
const pickLimit = 60

// contactPicker is a dialog to find and choose contacts by typing part of
// a name, a town or an email.
type contactPicker struct {
	e      env
	svc    contactLister
	o      pickerOptions
	rows   []contact.Row
	chosen []contact.Row
	gen    int

	search *widget.Entry
	list   *widget.List
	info   *widget.Label
	ok     *widget.Button
	dialog *dialog.CustomDialog
}

func showContactPicker(e env, svc contactLister, o pickerOptions) *contactPicker {
	p := &contactPicker{e: e, svc: svc, o: o}
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder(lang.X("picker.search", "Tapez une partie du nom, de la ville ou du courriel…"))
	p.search.OnChanged = func(string) { p.find() }
	p.list = widget.NewList(
		func() int { return len(p.rows) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.CheckButtonIcon()), nil,
				container.New(columns{3, 1.4, 2.6}, cell(false), cell(false), cell(false)))
		},
		p.updateRow)
	p.list.OnSelected = p.selected
	p.info = widget.NewLabel("")
	p.info.Truncation = fyne.TextTruncateEllipsis
	help := wrapped(o.help)
	top := container.NewVBox(p.search)
	if o.help != "" {
		top = container.NewVBox(help, p.search)
	}
	content := container.NewBorder(top, p.info, nil, nil, p.list)

	p.dialog = dialog.NewCustomWithoutButtons(o.title, content, e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), p.dialog.Hide)
	p.ok = widget.NewButtonWithIcon(o.confirm, theme.ConfirmIcon(), p.confirm)
	p.ok.Importance = widget.HighImportance
	p.ok.Disable()
	p.dialog.SetButtons([]fyne.CanvasObject{cancel, p.ok})
	p.dialog.Resize(fyne.NewSize(680, 520))
	p.dialog.Show()
	e.win.Canvas().Focus(p.search)
	p.find()
	return p
}

// find lists the contacts that match the search box.
func (p *contactPicker) find() {
	p.gen++
	gen := p.gen
	f := p.o.filter
	f.Query = strings.TrimSpace(p.search.Text)
	f.Limit = pickLimit + len(p.o.exclude)
	ctx := p.e.ctx
	p.e.run(func() func() {
		rows, err := p.svc.List(ctx, f)
		return func() {
			if gen != p.gen {
				return
			}
			if err != nil {
				p.e.fail("pick contacts", err)
				return
			}
			rows = slices.DeleteFunc(rows, func(r contact.Row) bool { return slices.Contains(p.o.exclude, r.ID) })
			p.rows = rows[:min(len(rows), pickLimit)]
			p.list.UnselectAll()
			p.list.Refresh()
			p.updateInfo(len(rows) > pickLimit)
		}
	})
}

func (p *contactPicker) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.rows) {
		return
	}
	r := p.rows[id]
	row := o.(*fyne.Container)
	icon := row.Objects[1].(*widget.Icon)
	if p.isChosen(r.ID) {
		icon.SetResource(theme.CheckButtonCheckedIcon())
	} else {
		icon.SetResource(theme.CheckButtonIcon())
	}
	icon.Hidden = !p.o.multi
	cells := row.Objects[0].(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(r.Name)
	cells[1].(*widget.Label).SetText(kindLabel(r.Kind, r.OrgKind))
	cells[2].(*widget.Label).SetText(joinNonEmpty(" — ", r.Email, r.City))
}

func (p *contactPicker) isChosen(id int64) bool {
	return slices.ContainsFunc(p.chosen, func(r contact.Row) bool { return r.ID == id })
}

// selected ticks or unticks a row (multi), or chooses it.
func (p *contactPicker) selected(id widget.ListItemID) {
	if id >= len(p.rows) {
		return
	}
	r := p.rows[id]
	if !p.o.multi {
		p.chosen = []contact.Row{r}
		p.ok.Enable()
		return
	}
	if p.isChosen(r.ID) {
		p.chosen = slices.DeleteFunc(p.chosen, func(c contact.Row) bool { return c.ID == r.ID })
	} else {
		p.chosen = append(p.chosen, r)
	}
	p.list.Unselect(id) // a second tap unticks
	p.list.RefreshItem(id)
	if len(p.chosen) > 0 {
		p.ok.Enable()
	} else {
		p.ok.Disable()
	}
	p.updateInfo(false)
}

func (p *contactPicker) updateInfo(more bool) {
	switch {
	case p.o.multi && len(p.chosen) > 0:
		p.info.SetText(lang.X("picker.chosen", "Cochés : {{.Count}}. Cliquez sur une ligne pour la cocher ou la décocher.",
			map[string]any{"Count": len(p.chosen)}))
	case len(p.rows) == 0:
		p.info.SetText(lang.X("picker.none", "Aucune fiche ne correspond : essayez une autre partie du nom."))
	case more:
		p.info.SetText(lang.X("picker.more", "D'autres fiches correspondent : précisez la recherche."))
	case p.o.multi:
		p.info.SetText(lang.X("picker.multi_hint", "Cliquez sur une ligne pour la cocher, puis validez."))
	default:
		p.info.SetText("")
	}
}

func (p *contactPicker) confirm() {
	if len(p.chosen) == 0 {
		return
	}
	p.dialog.Hide()
	p.o.picked(p.chosen)
}

// pick chooses the rows whose names are given, as a user would by
// clicking them, and confirms (tests and smoke screenshots).
func (p *contactPicker) pick(names ...string) {
	for _, n := range names {
		for i, r := range p.rows {
			if r.Name == n {
				p.list.Select(i)
			}
		}
	}
	p.confirm()
}
