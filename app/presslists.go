package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
)

// pressService is the press office; *contact.Service implements it.
type pressService interface {
	contactLister
	PressLists(ctx context.Context) ([]contact.PressList, error)
	CreatePressList(ctx context.Context, l *contact.PressList) error
	PressMembers(ctx context.Context, list string) ([]contact.PressMember, error)
	AddToPressList(ctx context.Context, list string, ids ...int64) error
	RemoveFromPressList(ctx context.Context, list string, ids ...int64) error
	PressBCC(ctx context.Context, list string) (string, error)
	PressRecipients(ctx context.Context, list string) ([]contact.Contact, error)
	LogPressRelease(ctx context.Context, r *contact.PressRelease) error
	PressReleases(ctx context.Context) ([]contact.PressRelease, error)
}

// Export formats of a press list.
const (
	exportCSV   = "csv"
	exportVCard = "vcard"
)

// pressLists is the « Listes » tab of the press screen: the press lists,
// the members of the one selected, what to do with it, and the log of
// the press releases sent to it.
type pressLists struct {
	e   env
	svc pressService

	lists    []contact.PressList
	current  string // name of the selected list
	members  []contact.PressMember
	releases []contact.PressRelease // of the selected list
	selected int                    // member selected, -1 for none
	gen      int

	listView    *widget.List
	memberView  *widget.List
	releaseView *fyne.Container
	listTitle   *widget.Label
	summary     *widget.Label
	status      *widget.Label
	right       *fyne.Container
	empty       fyne.CanvasObject

	add, remove, copyBCC, exportCSV, exportVCard, logSent *widget.Button
	content                                               fyne.CanvasObject
	// The last dialogs opened, for tests.
	picker   *contactPicker
	sentForm *sentForm
}

// memberColumns are the widths of Nom, Média, Sujets, Courriel, État.
var memberColumns = columns{2.2, 2.2, 2.2, 2.6, 1.6}

func newPressLists(e env, svc pressService) *pressLists {
	p := &pressLists{e: e, svc: svc, selected: -1}
	p.listView = widget.NewList(
		func() int { return len(p.lists) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, widget.NewLabel("000 membres"), cell(false))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.lists) {
				return
			}
			l := p.lists[id]
			row := o.(*fyne.Container).Objects
			row[0].(*widget.Label).SetText(l.Name)
			row[1].(*widget.Label).SetText(countMembers(l.Members))
		})
	p.listView.OnSelected = func(id widget.ListItemID) {
		if id < len(p.lists) {
			if p.lists[id].Name != p.current || len(p.members) == 0 {
				p.showList(p.lists[id].Name, nil)
			}
		}
	}
	newList := widget.NewButtonWithIcon(lang.X("press.new_list", "Nouvelle liste…"), theme.ContentAddIcon(), p.createList)
	left := container.NewBorder(subheading(lang.X("press.lists", "Listes de presse")), newList, nil, nil, p.listView)

	p.memberView = widget.NewList(
		func() int { return len(p.members) },
		func() fyne.CanvasObject {
			return container.New(memberColumns, cell(false), cell(false), cell(false), cell(false), cell(false))
		},
		p.updateMember)
	p.memberView.OnSelected = func(id widget.ListItemID) {
		p.selected = id
		p.remove.Enable()
	}
	p.memberView.OnUnselected = func(widget.ListItemID) {
		p.selected = -1
		p.remove.Disable()
	}
	header := container.New(memberColumns,
		cell(true, lang.X("contacts.col_name", "Nom")), cell(true, lang.X("press.col_outlet", "Média")),
		cell(true, lang.X("press.col_topics", "Sujets")), cell(true, lang.X("contacts.col_email", "Courriel")),
		cell(true, lang.X("press.col_state", "État")))

	p.add = widget.NewButtonWithIcon(lang.X("press.add", "Ajouter des contacts…"), theme.ContentAddIcon(), p.addMembers)
	p.remove = widget.NewButtonWithIcon(lang.X("press.remove", "Retirer"), theme.ContentRemoveIcon(), p.removeMember)
	p.remove.Disable()
	p.copyBCC = widget.NewButtonWithIcon(lang.X("press.copy_bcc", "Copier les adresses (Cci)"), theme.ContentCopyIcon(), p.copyAddresses)
	p.copyBCC.Importance = widget.HighImportance
	p.exportCSV = widget.NewButtonWithIcon(lang.X("press.export_csv", "Exporter CSV…"), theme.DownloadIcon(), func() { p.chooseExport(exportCSV) })
	p.exportVCard = widget.NewButtonWithIcon(lang.X("press.export_vcard", "Exporter vCard…"), theme.DownloadIcon(), func() { p.chooseExport(exportVCard) })
	p.logSent = widget.NewButtonWithIcon(lang.X("press.log_sent", "Noter un envoi…"), theme.MailSendIcon(), p.showSentForm)

	p.listTitle = subheading("")
	p.summary = widget.NewLabel("")
	p.summary.Truncation = fyne.TextTruncateEllipsis
	p.status = wrapped("")
	p.status.Hide()
	buttons := container.NewGridWithColumns(3, p.copyBCC, p.logSent, p.add, p.exportCSV, p.exportVCard, p.remove)
	p.releaseView = container.NewVBox()
	members := container.NewBorder(container.NewVBox(container.NewPadded(header), widget.NewSeparator()), nil, nil, nil, p.memberView)
	log := container.NewBorder(subheading(lang.X("press.releases", "Communiqués envoyés à cette liste")), nil, nil, nil,
		container.NewVScroll(p.releaseView))
	split := container.NewVSplit(members, log)
	split.Offset = 0.7
	p.right = container.NewBorder(container.NewVBox(p.listTitle, p.summary, buttons, p.status), nil, nil, nil, split)
	p.empty = container.NewCenter(widget.NewLabel(lang.X("press.choose_list", "Choisissez une liste à gauche, ou créez-en une.")))
	body := container.NewStack(p.empty)
	hs := container.NewHSplit(left, body)
	hs.Offset = 0.28
	p.content = hs
	p.right.Hide()
	body.Add(p.right)
	return p
}

func (p *pressLists) view() fyne.CanvasObject { return p.content }

// countRecipients says "9 destinataires".
func countRecipients(n int) string {
	if n <= 1 {
		return lang.X("press.recipients_one", "{{.Count}} destinataire", map[string]any{"Count": n})
	}
	return lang.X("press.recipients", "{{.Count}} destinataires", map[string]any{"Count": formatInt(n)})
}

// countMembers says "12 membres".
func countMembers(n int) string {
	if n <= 1 {
		return lang.X("press.members_one", "{{.Count}} membre", map[string]any{"Count": n})
	}
	return lang.X("press.members", "{{.Count}} membres", map[string]any{"Count": formatInt(n)})
}

func (p *pressLists) updateMember(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.members) {
		return
	}
	m := p.members[id]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(m.Name)
	outlet := m.Outlets
	if m.Kind == contact.Organisation {
		outlet = lang.X("press.outlet_itself", "(le média lui-même)")
	}
	cells[1].(*widget.Label).SetText(outlet)
	cells[2].(*widget.Label).SetText(m.Topics)
	cells[3].(*widget.Label).SetText(m.Email)
	state := cells[4].(*widget.Label)
	switch {
	case m.OptOut:
		state.SetText(lang.X("press.opted_out", "Désinscrit"))
		state.Importance = widget.DangerImportance
	case m.Excluded:
		state.SetText(lang.X("press.objected", "Opposé aux envois"))
		state.Importance = widget.DangerImportance
	case m.Email == "":
		state.SetText(lang.X("press.no_email", "Sans courriel"))
		state.Importance = widget.WarningImportance
	default:
		state.SetText(lang.X("press.receives", "Reçoit"))
		state.Importance = widget.SuccessImportance
	}
	state.Refresh()
}

// refresh reloads the lists and the one selected.
func (p *pressLists) refresh(done func()) {
	ctx := p.e.ctx
	p.e.run(func() func() {
		lists, err := p.svc.PressLists(ctx)
		return func() {
			if err != nil {
				p.e.fail("list press lists", err)
			} else {
				p.lists = lists
				p.listView.Refresh()
				if p.current != "" {
					p.showList(p.current, nil)
				}
			}
			if done != nil {
				done()
			}
		}
	})
}

// showList loads the members and the releases of list name, then calls
// done if not nil.
func (p *pressLists) showList(name string, done func()) {
	p.current = name
	p.gen++
	gen, ctx := p.gen, p.e.ctx
	p.e.run(func() func() {
		ms, err := p.svc.PressMembers(ctx, name)
		var rs []contact.PressRelease
		if err == nil {
			rs, err = p.svc.PressReleases(ctx)
		}
		return func() {
			if gen != p.gen {
				return
			}
			if err != nil {
				p.e.fail("show press list", err)
				return
			}
			p.members = ms
			p.releases = nil
			for _, r := range rs {
				if strings.EqualFold(r.ListName, name) {
					p.releases = append(p.releases, r)
				}
			}
			p.selected = -1
			p.memberView.UnselectAll()
			p.memberView.Refresh()
			p.remove.Disable()
			p.listTitle.SetText(name)
			p.updateSummary()
			p.showReleases()
			p.empty.Hide()
			p.right.Show()
			for i, l := range p.lists {
				if l.Name == name {
					p.listView.Select(i)
				}
			}
			if done != nil {
				done()
			}
		}
	})
}

func (p *pressLists) updateSummary() {
	excluded := 0
	for _, m := range p.members {
		if m.Excluded {
			excluded++
		}
	}
	text := countMembers(len(p.members))
	switch {
	case excluded == 1:
		text += lang.X("press.excluded_one", ", dont 1 qui ne reçoit plus rien (désinscrit ou opposé aux envois)")
	case excluded > 1:
		text += lang.X("press.excluded", ", dont {{.Count}} qui ne reçoivent plus rien (désinscrits ou opposés aux envois)",
			map[string]any{"Count": excluded})
	}
	p.summary.SetText(text)
}

func (p *pressLists) showReleases() {
	var objs []fyne.CanvasObject
	for _, r := range p.releases {
		objs = append(objs, wrapped(lang.X("press.release", "{{.Date}} — {{.Subject}} — {{.Recipients}}",
			map[string]any{"Date": displayDate(r.Date), "Subject": r.Subject, "Recipients": countRecipients(r.Recipients)})))
	}
	if len(objs) == 0 {
		objs = append(objs, helpText(lang.X("press.no_release", "Aucun envoi noté pour cette liste.")))
	}
	p.releaseView.Objects = objs
	p.releaseView.Refresh()
}

// say shows what an action did under the buttons.
func (p *pressLists) say(text string, imp widget.Importance) {
	p.status.SetText(text)
	p.status.Importance = imp
	p.status.Show()
	p.right.Refresh() // the message takes room above the members
}

// createList asks for the name of a new list.
func (p *pressLists) createList() {
	name := widget.NewEntry()
	name.SetPlaceHolder(lang.X("press.list_name_ph", "PQR Centre, Radios locales…"))
	field := newFormField("name", lang.X("press.list_name", "Nom de la liste"), name)
	var d *dialog.CustomDialog
	save := widget.NewButtonWithIcon(lang.X("press.create", "Créer la liste"), theme.ConfirmIcon(), func() {
		l := &contact.PressList{Name: name.Text}
		ctx := p.e.ctx
		p.e.run(func() func() {
			err := p.svc.CreatePressList(ctx, l)
			return func() {
				if err != nil {
					if isInvalid(err) {
						showFieldErrors(p.e, "create press list", err, []*formField{field})
					} else {
						field.setError(userMessage(err)) // a list of that name exists
					}
					fitDialog(d)
					return
				}
				d.Hide()
				p.current = l.Name
				p.refresh(nil)
			}
		})
	})
	save.Importance = widget.HighImportance
	grid := container.New(layout.NewFormLayout())
	setFormRowsWidth(grid, 130, field.row())
	d = dialog.NewCustomWithoutButtons(lang.X("press.new_list_title", "Nouvelle liste de presse"),
		container.NewVBox(minWidth(460), grid), p.e.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), d.Hide), save})
	d.Show()
	p.e.win.Canvas().Focus(name)
}

// addMembers picks contacts to add to the list.
func (p *pressLists) addMembers() {
	if p.current == "" {
		return
	}
	name := p.current
	ids := make([]int64, len(p.members))
	for i, m := range p.members {
		ids[i] = m.ID
	}
	p.picker = showContactPicker(p.e, p.svc, pickerOptions{
		title:   lang.X("press.add_title", "Ajouter à « {{.List}} »", map[string]any{"List": name}),
		confirm: lang.X("press.add_confirm", "Ajouter à la liste"),
		help:    lang.X("press.add_help", "Cherchez les journalistes et les médias, cochez-les, puis validez."),
		multi:   true,
		exclude: ids,
		picked: func(rows []contact.Row) {
			add := make([]int64, len(rows))
			for i, r := range rows {
				add[i] = r.ID
			}
			ctx := p.e.ctx
			p.e.run(func() func() {
				err := p.svc.AddToPressList(ctx, name, add...)
				return func() {
					if err != nil {
						p.e.fail("add to press list", err)
						return
					}
					text := lang.X("press.added", "{{.Count}} contacts ajoutés à la liste.", map[string]any{"Count": len(add)})
					if len(add) == 1 {
						text = lang.X("press.added_one", "1 contact ajouté à la liste.")
					}
					p.say(text, widget.SuccessImportance)
					p.refresh(nil)
				}
			})
		},
	})
}

// removeMember takes the selected member off the list.
func (p *pressLists) removeMember() {
	if p.selected < 0 || p.selected >= len(p.members) {
		return
	}
	m, name := p.members[p.selected], p.current
	ctx := p.e.ctx
	p.e.run(func() func() {
		err := p.svc.RemoveFromPressList(ctx, name, m.ID)
		return func() {
			if err != nil {
				p.e.fail("remove from press list", err)
				return
			}
			p.say(lang.X("press.removed", "{{.Name}} ne fait plus partie de la liste.", map[string]any{"Name": m.Name}), widget.MediumImportance)
			p.refresh(nil)
		}
	})
}

// copyAddresses puts the Bcc line of the list on the clipboard: the
// addresses of the members who may be written to.
func (p *pressLists) copyAddresses() {
	if p.current == "" {
		return
	}
	name, ctx := p.current, p.e.ctx
	excluded := 0
	for _, m := range p.members {
		if m.Excluded {
			excluded++
		}
	}
	p.e.run(func() func() {
		line, err := p.svc.PressBCC(ctx, name)
		return func() {
			if err != nil {
				p.e.fail("press bcc", err)
				return
			}
			if line == "" {
				p.say(lang.X("press.bcc_none", "Aucune adresse à copier : aucun membre de la liste n'a de courriel, ou tous sont désinscrits."), widget.WarningImportance)
				return
			}
			fyne.CurrentApp().Clipboard().SetContent(line)
			n := strings.Count(line, ", ") + 1
			text := lang.X("press.bcc_done", "{{.Count}} adresses copiées : collez-les dans le champ « Cci » de votre messagerie, pour que les journalistes ne voient pas les adresses des autres.",
				map[string]any{"Count": n})
			if n == 1 {
				text = lang.X("press.bcc_done_one", "1 adresse copiée : collez-la dans le champ « Cci » de votre messagerie.")
			}
			switch {
			case excluded == 1:
				text += " " + lang.X("press.bcc_excluded_one", "Le membre désinscrit ou opposé aux envois n'y figure pas.")
			case excluded > 1:
				text += " " + lang.X("press.bcc_excluded", "Les {{.Count}} membres désinscrits ou opposés aux envois n'y figurent pas.", map[string]any{"Count": excluded})
			}
			p.say(text, widget.SuccessImportance)
		}
	})
}

// chooseExport asks where to save the list, then writes it.
func (p *pressLists) chooseExport(format string) {
	if p.current == "" {
		return
	}
	name := p.current
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			p.e.fail("choose export file", err)
			return
		}
		if w != nil {
			p.export(name, format, w, w.URI().Path())
		}
	}, p.e.win)
	ext := ".csv"
	if format == exportVCard {
		ext = ".vcf"
	}
	d.SetFileName(fileSlug(name) + ext)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Show()
}

// export writes the recipients of list name to w: a CSV file for a
// spreadsheet, or a vCard file for an address book.
func (p *pressLists) export(name, format string, w io.WriteCloser, path string) {
	ctx := p.e.ctx
	p.e.run(func() func() {
		cs, err := p.svc.PressRecipients(ctx, name)
		if err == nil {
			if format == exportVCard {
				err = contactio.WriteVCard(w, cs, "3.0")
			} else {
				err = contactio.WriteCSV(w, cs)
			}
		}
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
		return func() {
			if err != nil {
				p.e.fail("export press list", err)
				return
			}
			p.say(lang.X("press.exported", "{{.Count}} contacts exportés dans {{.Path}} (sans les désinscrits ni les opposés).",
				map[string]any{"Count": len(cs), "Path": path}), widget.SuccessImportance)
		}
	})
}

// sentForm notes that a press release was sent to the list.
type sentForm struct {
	date    *dateField
	subject *formField
	save    *widget.Button
	dialog  *dialog.CustomDialog
}

func (p *pressLists) showSentForm() {
	if p.current == "" {
		return
	}
	name := p.current
	f := &sentForm{}
	f.date = newDateField("date", lang.X("press.sent_date", "Envoyé le"))
	f.date.set(civilDate(p.e.now()))
	subject := widget.NewEntry()
	subject.SetPlaceHolder(lang.X("press.subject_ph", "Fête des jardins le 14 juin"))
	f.subject = newFormField("subject", lang.X("press.subject", "Objet du communiqué"), subject)
	grid := container.New(layout.NewFormLayout())
	setFormRowsWidth(grid, 170, f.date.row(), f.subject.row())
	help := helpText(lang.X("press.sent_help", "Bureau garde la trace de l'envoi et note la date sur la fiche de chaque journaliste qui l'a reçu."))
	f.dialog = dialog.NewCustomWithoutButtons(lang.X("press.sent_title", "Noter un envoi à « {{.List}} »", map[string]any{"List": name}),
		container.NewVBox(minWidth(520), help, grid), p.e.win)
	f.save = widget.NewButtonWithIcon(lang.X("press.sent_save", "Noter l'envoi"), theme.ConfirmIcon(), func() {
		date, ok := f.date.iso()
		if !ok {
			fitDialog(f.dialog)
			return
		}
		r := &contact.PressRelease{ListName: name, Date: date, Subject: subject.Text}
		ctx := p.e.ctx
		p.e.run(func() func() {
			err := p.svc.LogPressRelease(ctx, r)
			return func() {
				if err != nil {
					showFieldErrors(p.e, "log press release", err, []*formField{f.date.formField, f.subject})
					fitDialog(f.dialog)
					return
				}
				f.dialog.Hide()
				p.say(lang.X("press.sent_done", "Envoi noté : {{.Recipients}}.", map[string]any{"Recipients": countRecipients(r.Recipients)}), widget.SuccessImportance)
				p.refresh(nil)
			}
		})
	})
	f.save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), f.dialog.Hide), f.save})
	f.dialog.Show()
	p.e.win.Canvas().Focus(subject)
	p.sentForm = f
}
