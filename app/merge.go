package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
)

// merger merges two records of the same contact; *contact.Service
// implements it.
type merger interface {
	Get(ctx context.Context, id int64) (contact.Contact, error)
	Merge(ctx context.Context, keepID, otherID int64, takeOther map[string]bool) (contact.Contact, error)
	Duplicates(ctx context.Context) ([]contact.Duplicate, error)
}

// mergeDialog compares two records of the same person or organisation:
// for each field that differs the user keeps one value, lists are united,
// and « Fusionner » moves everything onto the kept record.
type mergeDialog struct {
	e      env
	svc    merger
	merged func(keepID int64)
	ready  func()

	keep, other contact.Contact
	choices     map[string]*widget.RadioGroup
	body        *fyne.Container
	mergeButton *widget.Button
	swap        *widget.Button
	dialog      *dialog.CustomDialog
	confirm     *dialog.ConfirmDialog // the last one shown, for tests
}

// showMerge opens the merge of other into keep; merged follows a merge.
func showMerge(e env, svc merger, keepID, otherID int64, merged func(keepID int64), ready func()) *mergeDialog {
	m := &mergeDialog{e: e, svc: svc, merged: merged, ready: ready}
	m.body = container.NewVBox(widget.NewLabel(lang.X("merge.loading", "Lecture des deux fiches…")))
	m.dialog = dialog.NewCustomWithoutButtons(lang.X("merge.title", "Fusionner deux fiches"),
		container.NewVScroll(container.NewPadded(m.body)), e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), m.dialog.Hide)
	m.swap = widget.NewButtonWithIcon(lang.X("merge.swap", "Garder plutôt l'autre fiche"), theme.ViewRefreshIcon(), func() {
		m.keep, m.other = m.other, m.keep
		m.build()
	})
	m.mergeButton = widget.NewButtonWithIcon(lang.X("merge.do", "Fusionner"), theme.ConfirmIcon(), m.confirmMerge)
	m.mergeButton.Importance = widget.HighImportance
	m.mergeButton.Disable()
	m.swap.Disable()
	m.dialog.SetButtons([]fyne.CanvasObject{cancel, m.swap, m.mergeButton})
	m.dialog.Resize(fyne.NewSize(860, 640))
	m.dialog.Show()
	ctx := e.ctx
	e.run(func() func() {
		keep, err := svc.Get(ctx, keepID)
		var other contact.Contact
		if err == nil {
			other, err = svc.Get(ctx, otherID)
		}
		return func() {
			if err != nil {
				m.dialog.Hide()
				e.fail("read contacts to merge", err)
				return
			}
			m.keep, m.other = keep, other
			m.build()
			if m.ready != nil {
				m.ready()
			}
		}
	})
	return m
}

// build lays out the comparison of keep and other.
func (m *mergeDialog) build() {
	k, o := m.keep, m.other
	intro := wrapped(lang.X("merge.intro",
		"La fiche « {{.Keep}} » ({{.KeepDate}}) est gardée ; la fiche « {{.Other}} » ({{.OtherDate}}) lui est ajoutée puis supprimée. Pour chaque information différente, choisissez la valeur à garder.",
		map[string]any{"Keep": k.DisplayName(), "KeepDate": createdOn(k), "Other": o.DisplayName(), "OtherDate": createdOn(o)}))
	objs := []fyne.CanvasObject{minWidth(780), intro}
	if k.Kind != o.Kind {
		l := wrapped(lang.X("merge.kinds_differ", "Une personne et une organisation ne peuvent pas être fusionnées. Choisissez deux fiches du même type."))
		l.Importance = widget.DangerImportance
		m.body.Objects = append(objs, l)
		m.body.Refresh()
		m.mergeButton.Disable()
		m.swap.Disable()
		return
	}
	m.choices = map[string]*widget.RadioGroup{}
	grid := container.New(layout.NewFormLayout())
	var rows, filled []formRow
	for _, d := range contact.Diff(k, o) {
		if d.Keep == "" || d.Other == "" {
			// Nothing to choose: the value that exists is kept (Choices).
			filled = append(filled, formRow{mergeFieldName(d.Field), wrapped(mergeValue(d.Field, d.Keep+d.Other))})
			continue
		}
		keepText := lang.X("merge.keep", "Garder « {{.Value}} »", map[string]any{"Value": mergeValue(d.Field, d.Keep)})
		takeText := lang.X("merge.take", "Prendre « {{.Value}} »", map[string]any{"Value": mergeValue(d.Field, d.Other)})
		rg := widget.NewRadioGroup([]string{keepText, takeText}, nil)
		rg.Required = true
		if d.Keep == "" {
			rg.SetSelected(takeText)
		} else {
			rg.SetSelected(keepText)
		}
		m.choices[d.Field] = rg
		rows = append(rows, formRow{mergeFieldName(d.Field), rg})
	}
	if len(rows) == 0 {
		objs = append(objs, wrapped(lang.X("merge.same_fields", "Les noms et les autres champs sont identiques : il n'y a rien à choisir.")))
	} else {
		setFormRowsWidth(grid, formLabelWidth, rows...)
		objs = append(objs, subheading(lang.X("merge.differences", "Informations différentes")), grid)
	}

	united := contact.Merge(k, o, nil)
	lists := filled
	add := func(label string, values []string) {
		if len(values) > 0 {
			lists = append(lists, formRow{label, wrapped(strings.Join(values, "\n"))})
		}
	}
	var emails, phones, addresses []string
	for _, e := range united.Emails {
		emails = append(emails, e.Address)
	}
	for _, p := range united.Phones {
		phones = append(phones, p.Number)
	}
	for _, a := range united.Addresses {
		addresses = append(addresses, joinNonEmpty(", ", a.Street, joinNonEmpty(" ", a.Postcode, a.City), a.Country))
	}
	add(lang.X("detail.emails", "Courriel"), emails)
	add(lang.X("detail.phones", "Téléphone"), phones)
	add(lang.X("detail.addresses", "Adresse"), addresses)
	if len(united.Tags) > 0 {
		add(lang.X("detail.tags", "Étiquettes"), []string{strings.Join(united.Tags, ", ")})
	}
	if strings.TrimSpace(united.Notes) != "" {
		add(lang.X("detail.notes", "Notes"), []string{lang.X("merge.notes_joined", "les notes des deux fiches, l'une après l'autre")})
	}
	if len(lists) > 0 {
		listGrid := container.New(layout.NewFormLayout())
		setFormRowsWidth(listGrid, formLabelWidth, lists...)
		info := wrapped(lang.X("merge.united", "La fiche gardée réunira aussi ce que chacune des deux fiches est seule à avoir, sans rien perdre :"))
		objs = append(objs, subheading(lang.X("merge.after", "Après la fusion")), info, listGrid)
	}
	moved := wrapped(lang.X("merge.moved",
		"Les dons, reçus fiscaux, dossiers de mécénat, listes de presse, consentements et l'historique de la fiche supprimée passent sur la fiche gardée."))
	m.body.Objects = append(objs, moved)
	m.body.Refresh()
	m.mergeButton.Enable()
	m.swap.Enable()
}

// createdOn says when a record was created, to tell two records apart.
func createdOn(c contact.Contact) string {
	if c.CreatedAt.IsZero() {
		return lang.X("merge.number", "fiche n° {{.ID}}", map[string]any{"ID": c.ID})
	}
	return lang.X("merge.created", "créée le {{.Date}}", map[string]any{"Date": c.CreatedAt.Local().Format("02/01/2006")})
}

// takeOther returns the choices: true takes the other record's value.
func (m *mergeDialog) takeOther() map[string]bool {
	out := map[string]bool{}
	for f, rg := range m.choices {
		out[f] = rg.Selected == rg.Options[1]
	}
	return out
}

// choose picks, for field, the other record's value (tests).
func (m *mergeDialog) choose(field string, takeOther bool) {
	rg := m.choices[field]
	if takeOther {
		rg.SetSelected(rg.Options[1])
	} else {
		rg.SetSelected(rg.Options[0])
	}
}

// confirmMerge says that a merge cannot be undone, then merges.
func (m *mergeDialog) confirmMerge() {
	k, o, take := m.keep, m.other, m.takeOther()
	m.confirm = dialog.NewConfirm(lang.X("merge.confirm_title", "Fusionner les deux fiches ?"),
		lang.X("merge.confirm_text",
			"La fusion ne peut pas être annulée. Les dons, reçus, dossiers de mécénat et listes de presse de « {{.Other}} » passeront sur la fiche gardée « {{.Keep}} », puis « {{.Other}} » sera supprimée.",
			map[string]any{"Keep": k.DisplayName(), "Other": o.DisplayName()}),
		func(ok bool) {
			if !ok {
				return
			}
			m.mergeButton.Disable()
			ctx := m.e.ctx
			m.e.run(func() func() {
				_, err := m.svc.Merge(ctx, k.ID, o.ID, take)
				return func() {
					m.mergeButton.Enable()
					if err != nil {
						m.e.fail("merge contacts", err)
						return
					}
					m.dialog.Hide()
					if m.merged != nil {
						m.merged(k.ID)
					}
				}
			})
		}, m.e.win)
	m.confirm.SetConfirmText(lang.X("merge.do", "Fusionner"))
	m.confirm.SetDismissText(lang.X("action.cancel", "Annuler"))
	m.confirm.Show()
}

// mergeFieldName names a field of the merge.
func mergeFieldName(field string) string {
	switch field {
	case "civility":
		return lang.X("person.civility", "Civilité")
	case "first_name":
		return lang.X("person.first_name", "Prénom")
	case "last_name":
		return lang.X("person.last_name", "Nom")
	case "org_name":
		return lang.X("form.org_name", "Nom de l'organisation")
	case "org_kind":
		return lang.X("form.org_kind", "Type")
	case "press_kind":
		return lang.X("form.press_kind", "Type de média")
	case "legal_form":
		return lang.X("form.legal_form", "Forme juridique")
	case "siren":
		return lang.X("form.siren", "SIREN")
	case "fiscal_year_end":
		return lang.X("form.year_end", "Fin d'exercice")
	case "website":
		return lang.X("form.website", "Site web")
	}
	return contact.FieldLabel(field)
}

// mergeValue shows a stored value as users read it.
func mergeValue(field, v string) string {
	switch {
	case v == "":
		return lang.X("merge.empty", "vide")
	case field == "org_kind":
		return orgKindName(contact.OrgKind(v))
	case field == "press_kind":
		return pressKindName(contact.PressKind(v))
	case field == "fiscal_year_end":
		return dayMonth(v)
	}
	return v
}

// duplicatesDialog lists the likely duplicates among stored contacts;
// choosing a pair opens its merge.
type duplicatesDialog struct {
	e      env
	svc    merger
	merged func(keepID int64)
	pairs  []contact.Duplicate
	list   *widget.List
	info   *widget.Label
	dialog *dialog.CustomDialog
	merge  *mergeDialog // the last one opened, for tests
}

func showDuplicates(e env, svc merger, merged func(keepID int64)) *duplicatesDialog {
	d := &duplicatesDialog{e: e, svc: svc, merged: merged}
	d.list = widget.NewList(
		func() int { return len(d.pairs) },
		func() fyne.CanvasObject {
			return container.New(columns{2.4, 2.4, 2.2}, cell(false), cell(false), cell(false))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(d.pairs) {
				return
			}
			p := d.pairs[id]
			cells := o.(*fyne.Container).Objects
			cells[0].(*widget.Label).SetText(p.NameA)
			cells[1].(*widget.Label).SetText(p.NameB)
			cells[2].(*widget.Label).SetText(p.Reason.Label())
		})
	d.list.OnSelected = func(id widget.ListItemID) {
		d.list.Unselect(id)
		if id < len(d.pairs) {
			d.open(d.pairs[id])
		}
	}
	header := container.New(columns{2.4, 2.4, 2.2},
		cell(true, lang.X("dups.first", "Fiche")), cell(true, lang.X("dups.second", "Doublon probable")),
		cell(true, lang.X("dups.reason", "Pourquoi")))
	d.info = wrapped("")
	help := wrapped(lang.X("dups.help",
		"Ces fiches se ressemblent : même courriel, même SIREN, ou nom proche avec le même code postal. Cliquez sur une ligne pour comparer les deux fiches et les fusionner."))
	content := container.NewBorder(container.NewVBox(help, container.NewPadded(header), widget.NewSeparator()), d.info, nil, nil, d.list)
	d.dialog = dialog.NewCustom(lang.X("dups.title", "Doublons probables"), lang.X("action.close", "Fermer"), content, e.win)
	d.dialog.Resize(fyne.NewSize(820, 560))
	d.dialog.Show()
	d.load()
	return d
}

func (d *duplicatesDialog) load() {
	ctx := d.e.ctx
	d.e.run(func() func() {
		pairs, err := d.svc.Duplicates(ctx)
		return func() {
			if err != nil {
				d.e.fail("list duplicates", err)
				return
			}
			d.pairs = pairs
			d.list.Refresh()
			switch len(pairs) {
			case 0:
				d.info.SetText(lang.X("dups.none", "Aucun doublon probable : chaque fiche semble unique."))
			case 1:
				d.info.SetText(lang.X("dups.one", "1 paire de fiches à vérifier."))
			default:
				d.info.SetText(lang.X("dups.count", "{{.Count}} paires de fiches à vérifier.", map[string]any{"Count": formatInt(len(pairs))}))
			}
		}
	})
}

// open compares the pair p, keeping the older record (A).
func (d *duplicatesDialog) open(p contact.Duplicate) {
	d.merge = showMerge(d.e, d.svc, p.A, p.B, func(keepID int64) {
		d.load()
		if d.merged != nil {
			d.merged(keepID)
		}
	}, nil)
}
