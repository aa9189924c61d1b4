package app

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// caseForm creates or edits a sponsorship case: stage, amounts, next
// action, convention dates, notes and the counterparts promised.
type caseForm struct {
	e     env
	svc   sponsorService
	saved func()
	c     sponsor.Case // as loaded; ID 0 for a new case

	stage                        *widget.Select
	expected, probability        *formField
	nextAction, notes            *formField
	nextDate, convStart, convEnd *dateField
	counterparts                 *fyne.Container
	delivered                    []*widget.Check // one per counterpart, in order
	item, value                  *formField
	addCounterpart               *widget.Button
	warning                      *widget.Label
	status                       *widget.Label
	scroll                       *container.Scroll
	save                         *widget.Button
	dialog                       *dialog.CustomDialog
}

// showCaseForm opens case c; w is its counterpart warning, if any.
func showCaseForm(e env, svc sponsorService, c sponsor.Case, w *sponsor.Warning, saved func()) *caseForm {
	f := &caseForm{e: e, svc: svc, saved: saved, c: c}
	labels := make([]string, len(sponsor.Stages))
	for i, s := range sponsor.Stages {
		labels[i] = s.Label()
	}
	f.stage = widget.NewSelect(labels, nil)
	f.stage.SetSelected(c.Stage.Label())
	euros := widget.NewEntry()
	euros.SetText(formatEuros(c.Expected))
	f.expected = newFormFieldIn("expected", lang.X("case.expected", "Montant attendu"), euros,
		container.NewBorder(nil, nil, nil, widget.NewLabel("€"), euros))
	f.expected.onChanged = f.checkCounterparts
	pct := widget.NewEntry()
	pct.SetText(strconv.Itoa(c.Probability))
	f.probability = newFormFieldIn("probability", lang.X("case.probability", "Probabilité"), pct,
		container.NewHBox(container.NewGridWrap(fyne.NewSize(80, pct.MinSize().Height), pct),
			widget.NewLabel(lang.X("case.probability_unit", "% de chances que le don arrive"))))
	action := widget.NewEntry()
	action.SetPlaceHolder(lang.X("case.next_action_ph", "Relancer par téléphone, envoyer le bilan…"))
	action.SetText(c.NextAction)
	f.nextAction = newFormField("next_action", lang.X("case.next_action", "Prochaine action"), action)
	f.nextDate = newDateField("next_action_date", lang.X("case.next_action_date", "À faire le"))
	f.nextDate.set(c.NextActionDate)
	f.convStart = newDateField("convention_start", lang.X("case.convention_start", "Convention du"))
	f.convStart.set(c.ConventionStart)
	f.convEnd = newDateField("convention_end", lang.X("case.convention_end", "au"))
	f.convEnd.set(c.ConventionEnd)
	notes := widget.NewMultiLineEntry()
	notes.Wrapping = fyne.TextWrapWord
	notes.SetMinRowsVisible(3)
	notes.SetText(c.Notes)
	f.notes = newFormField("notes", lang.X("form.notes", "Notes"), notes)

	f.counterparts = container.NewVBox()
	item := widget.NewEntry()
	item.SetPlaceHolder(lang.X("case.item_ph", "logo sur les panneaux, places au gala…"))
	f.item = newFormField("item", lang.X("case.item", "Contrepartie"), item)
	value := widget.NewEntry()
	value.SetPlaceHolder(lang.X("case.value_ph", "valeur"))
	f.value = newFormFieldIn("value", lang.X("case.value", "Valeur"), value,
		container.NewBorder(nil, nil, nil, widget.NewLabel("€"), value))
	f.addCounterpart = widget.NewButtonWithIcon(lang.X("case.add_counterpart", "Ajouter"), theme.ContentAddIcon(), f.newCounterpart)
	f.warning = wrapped("")
	f.warning.Importance = widget.WarningImportance
	f.status = wrapped("")
	f.status.Importance = widget.DangerImportance
	f.status.Hide()
	f.showCounterparts(w)

	grid := container.New(layout.NewFormLayout())
	convention := container.New(columns{1, 1}, f.convStart.box, container.NewBorder(nil, nil,
		widget.NewLabel(lang.X("case.convention_end", "au")), nil, f.convEnd.box))
	setFormRowsWidth(grid, formLabelWidth,
		formRow{lang.X("case.stage", "Étape"), f.stage},
		f.expected.row(), f.probability.row(),
		f.nextAction.row(), f.nextDate.row(),
		formRow{f.convStart.label, convention},
		f.notes.row())
	addRow := container.NewBorder(nil, nil, nil, f.addCounterpart, container.New(columns{2.4, 1}, f.item.box, f.value.box))
	body := container.NewVBox(f.warning, grid, widget.NewSeparator(),
		subheading(lang.X("case.counterparts", "Contreparties promises")),
		helpText(lang.X("case.counterparts_help", "Ce que l'association donne en retour : leur valeur totale doit rester dans la limite de 25 % du don.")),
		f.counterparts, addRow, f.status)

	title := lang.X("case.title", "Mécénat {{.Year}} : {{.Org}}", map[string]any{"Year": c.Year, "Org": c.OrgName})
	f.scroll = container.NewVScroll(container.NewPadded(body))
	f.dialog = dialog.NewCustomWithoutButtons(title, f.scroll, e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), f.dialog.Hide)
	f.save = widget.NewButtonWithIcon(lang.X("case.save", "Enregistrer le dossier"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, f.save})
	f.dialog.Resize(fyne.NewSize(780, 680))
	f.dialog.Show()
	return f
}

// showCounterparts lists the counterparts with their « Livrée » box and
// the 25 % warning w (nil when none).
func (f *caseForm) showCounterparts(w *sponsor.Warning) {
	cols := columns{2.4, 1, 1.4}
	objs := []fyne.CanvasObject{container.New(cols,
		cell(true, lang.X("case.item", "Contrepartie")), cell(true, lang.X("case.value", "Valeur")),
		cell(true, lang.X("case.delivered", "Livrée")))}
	f.delivered = nil
	for i, cp := range f.c.Counterparts {
		check := widget.NewCheck(lang.X("case.delivered", "Livrée"), nil)
		if cp.Delivered {
			check.SetChecked(true)
			check.Text = lang.X("case.delivered_on", "Livrée le {{.Date}}", map[string]any{"Date": displayDate(cp.DeliveredOn)})
			check.Disable()
		}
		check.OnChanged = func(on bool) {
			if on {
				f.deliver(i)
			}
		}
		f.delivered = append(f.delivered, check)
		objs = append(objs, container.New(cols, cell(false, cp.Item), cell(false, cp.Value.String()), check))
	}
	if len(f.c.Counterparts) == 0 {
		objs = append(objs, helpText(lang.X("case.no_counterpart", "Aucune contrepartie pour l'instant.")))
	}
	f.counterparts.Objects = objs
	f.counterparts.Refresh()
	f.showWarning(w)
	if f.scroll != nil {
		f.scroll.Refresh()
	}
}

// showWarning shows the 25 % warning in orange, or hides it.
func (f *caseForm) showWarning(w *sponsor.Warning) {
	if w == nil {
		f.warning.SetText("")
		f.warning.Hide()
		return
	}
	basis := lang.X("case.basis_gifts", "des dons reçus cette année")
	if w.Basis == sponsor.BasisExpected {
		basis = lang.X("case.basis_expected", "du montant attendu")
	}
	f.warning.SetText(lang.X("case.warning",
		"Attention : les contreparties ({{.Counterparts}}) représentent {{.Ratio}} {{.Basis}} ({{.Gift}}). Elles doivent rester dans la limite de 25 % du don, sinon le mécène risque de perdre sa réduction d'impôt. Réduisez-les ou revoyez le montant.",
		map[string]any{"Counterparts": w.Counterparts.String(), "Ratio": w.Ratio.String(), "Basis": basis, "Gift": w.Gift.String()}))
	f.warning.Show()
}

// checkCounterparts recomputes the warning of a case not saved yet, from
// the amount typed (a saved case's warning comes from the service, which
// knows the gifts received).
func (f *caseForm) checkCounterparts() {
	if f.c.ID != 0 {
		return
	}
	c := f.c
	if v, err := money.Parse(f.expected.entry.Text); err == nil {
		c.Expected = v
	}
	if w, warn := sponsor.CheckCounterparts(c, 0); warn {
		f.showWarning(&w)
	} else {
		f.showWarning(nil)
	}
}

// newCounterpart adds the counterpart typed: saved at once for a saved
// case, with the case otherwise.
func (f *caseForm) newCounterpart() {
	cp := sponsor.Counterpart{Item: strings.TrimSpace(f.item.entry.Text), Promised: true}
	if t := strings.TrimSpace(f.value.entry.Text); t != "" {
		v, err := money.Parse(t)
		if err != nil {
			f.value.setError(userMessage(err))
			f.scroll.Refresh()
			return
		}
		cp.Value = v
	}
	if err := cp.Validate(); err != nil {
		byField, _ := fieldErrors(err)
		f.item.setError(byField["item"])
		f.value.setError(byField["value"])
		f.scroll.Refresh()
		return
	}
	clear := func() {
		f.item.entry.SetText("")
		f.value.entry.SetText("")
	}
	if f.c.ID == 0 {
		f.c.Counterparts = append(f.c.Counterparts, cp)
		clear()
		f.showCounterparts(nil)
		f.checkCounterparts()
		return
	}
	id, ctx := f.c.ID, f.e.ctx
	f.e.run(func() func() {
		err := f.svc.AddCounterpart(ctx, id, &cp)
		return func() {
			if err != nil {
				showFieldErrors(f.e, "add counterpart", err, []*formField{f.item, f.value})
				f.scroll.Refresh()
				return
			}
			clear()
			f.reload()
		}
	})
}

// deliver marks counterpart i delivered today.
func (f *caseForm) deliver(i int) {
	today := civilDate(f.e.now())
	if f.c.ID == 0 {
		f.c.Counterparts[i].Delivered, f.c.Counterparts[i].DeliveredOn = true, today
		f.showCounterparts(nil)
		f.checkCounterparts()
		return
	}
	id, ctx := f.c.Counterparts[i].ID, f.e.ctx
	f.e.run(func() func() {
		err := f.svc.MarkDelivered(ctx, id, today)
		return func() {
			if err != nil {
				f.e.fail("mark counterpart delivered", err)
			}
			f.reload()
		}
	})
}

// reload reads the saved case again, with its warning, and tells the
// board.
func (f *caseForm) reload() {
	id, ctx := f.c.ID, f.e.ctx
	f.e.run(func() func() {
		c, err := f.svc.Get(ctx, id)
		var ws []sponsor.Warning
		if err == nil {
			ws, err = f.svc.Warnings(ctx, c.Year)
		}
		return func() {
			if err != nil {
				f.e.fail("reload sponsorship case", err)
				return
			}
			f.c.Counterparts = c.Counterparts
			f.showCounterparts(warningOf(ws, c.ID))
			if f.saved != nil {
				f.saved()
			}
		}
	})
}

// fields are the fields that show messages.
func (f *caseForm) fields() []*formField {
	return []*formField{f.expected, f.probability, f.nextAction, f.nextDate.formField,
		f.convStart.formField, f.convEnd.formField, f.notes}
}

// submit checks and saves the case.
func (f *caseForm) submit() {
	c := f.c
	for _, ff := range f.fields() {
		ff.setError("")
	}
	ok := true
	for _, s := range sponsor.Stages {
		if f.stage.Selected == s.Label() {
			c.Stage = s
		}
	}
	c.Expected = 0
	if t := strings.TrimSpace(f.expected.entry.Text); t != "" {
		v, err := money.Parse(t)
		if err != nil {
			f.expected.setError(userMessage(err))
			ok = false
		}
		c.Expected = v
	}
	c.Probability = 0
	if t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.probability.entry.Text), "%")); t != "" {
		p, err := strconv.Atoi(t)
		if err != nil {
			f.probability.setError(lang.X("case.probability_invalid", "Écrivez un nombre entier entre 0 et 100, par exemple 50."))
			ok = false
		}
		c.Probability = p
	}
	c.NextAction = strings.TrimSpace(f.nextAction.entry.Text)
	c.Notes = strings.TrimSpace(f.notes.entry.Text)
	var dok bool
	if c.NextActionDate, dok = f.nextDate.iso(); !dok {
		ok = false
	}
	if c.ConventionStart, dok = f.convStart.iso(); !dok {
		ok = false
	}
	if c.ConventionEnd, dok = f.convEnd.iso(); !dok {
		ok = false
	}
	if !ok {
		f.scroll.Refresh() // messages make rows taller
		return
	}
	if err := c.Validate(); err != nil {
		f.showErrors(err)
		return
	}
	f.save.Disable()
	ctx := f.e.ctx
	f.e.run(func() func() {
		var err error
		if c.ID == 0 {
			err = f.svc.Create(ctx, &c)
		} else {
			err = f.svc.Update(ctx, &c)
		}
		return func() {
			f.save.Enable()
			switch {
			case err == nil:
				f.dialog.Hide()
				if f.saved != nil {
					f.saved()
				}
			case isInvalid(err) || errors.Is(err, apperr.ErrConflict):
				f.showErrors(err)
			default:
				f.e.fail("save sponsorship case", err)
			}
		}
	})
}

// showErrors puts the messages of err next to their fields.
func (f *caseForm) showErrors(err error) {
	byField, other := fieldErrors(err)
	var rest []string
	if other != "" {
		rest = append(rest, other)
	}
	for _, ff := range f.fields() {
		ff.setError(byField[ff.key])
		delete(byField, ff.key)
	}
	for _, msg := range byField {
		rest = append(rest, msg)
	}
	f.status.SetText(strings.Join(rest, "\n"))
	f.status.Hidden = len(rest) == 0
	f.scroll.Refresh() // messages make rows taller
}
