package app

import (
	"context"
	"fmt"
	"io"
	"slices"
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
	"github.com/bureau-asso/bureau/internal/mail"
)

// contactRecords reads and writes what the detail panel shows about a
// contact; *contact.Service implements it.
type contactRecords interface {
	Get(ctx context.Context, id int64) (contact.Contact, error)
	Memberships(ctx context.Context, id int64) ([]contact.Membership, error)
	Timeline(ctx context.Context, contactID int64) ([]contact.Interaction, error)
	AddInteraction(ctx context.Context, i *contact.Interaction) error
	Consents(ctx context.Context, contactID int64) ([]contact.Consent, error)
	SetConsent(ctx context.Context, c contact.Consent) error
	ExportPerson(ctx context.Context, id int64) ([]byte, error)
	Erase(ctx context.Context, id int64) (contact.Erasure, error)
}

// contactThreads lists the mail threads of a contact; *mail.Service
// implements it.
type contactThreads interface {
	ThreadsFor(ctx context.Context, contactID int64, limit int) ([]mail.Thread, error)
}

// detailHooks are what the detail panel asks its screen to do.
type detailHooks struct {
	edit      func(c contact.Contact)
	mergeWith func(c contact.Contact)
	// changed follows a change of the contact: the list reloads and shows
	// id, or nothing when id is 0 (the contact was erased).
	changed func(id int64)
}

// detailData is what the panel shows of one contact.
type detailData struct {
	c        contact.Contact
	members  []contact.Membership
	timeline []contact.Interaction
	consents []contact.Consent
	threads  []mail.Thread
}

// maxTimeline is how many entries of the timeline the panel shows.
const maxTimeline = 30

// maxDetailThreads is how many mail threads the panel shows, newest first.
const maxDetailThreads = 10

// contactDetail is the detail of one contact beside the list: its
// fields, consents and timeline, and what can be done with it.
type contactDetail struct {
	e     env
	svc   contactRecords
	hooks detailHooks
	id    int64       // requested
	data  *detailData // shown, nil when none
	// loaded, if set, is called once after the next contact is shown.
	loaded func()

	title    *widget.Label
	actions  *fyne.Container
	form     *fyne.Container
	consents *fyne.Container
	timeline *fyne.Container
	gdpr     *widget.Label // what the last GDPR action did
	more     *fyne.Container
	// donor is « Dons et reçus », shown in donorBox when the screen has
	// the services for it.
	donor    *donorSection
	donorBox *fyne.Container
	// mail and openThread list the contact's mail threads in mailBox and
	// open one, when the screen has the services for it.
	mail       contactThreads
	openThread func(id int64)
	mailBox    *fyne.Container
	threads    *fyne.Container
	hint       *widget.Label
	box        *fyne.Container
	content    fyne.CanvasObject

	edit, merge, note, consent, export, erase *widget.Button
	// The last dialogs shown, for tests.
	eraseConfirm *dialog.ConfirmDialog
	noteForm     *noteForm
	consentForm  *consentForm
}

func newContactDetail(e env, svc contactRecords, hooks detailHooks) *contactDetail {
	d := &contactDetail{e: e, svc: svc, hooks: hooks, title: subheading(""), form: newFormGrid()}
	d.title.Wrapping = fyne.TextWrapWord
	d.edit = widget.NewButtonWithIcon(lang.X("detail.edit", "Modifier"), theme.DocumentCreateIcon(), func() {
		if d.data != nil {
			d.hooks.edit(d.data.c)
		}
	})
	d.edit.Importance = widget.HighImportance
	d.merge = widget.NewButtonWithIcon(lang.X("detail.merge", "Fusionner avec…"), theme.ContentCopyIcon(), func() {
		if d.data != nil {
			d.hooks.mergeWith(d.data.c)
		}
	})
	d.actions = container.NewHBox(d.edit, d.merge)
	d.consents = container.NewVBox()
	d.timeline = container.NewVBox()
	d.note = widget.NewButtonWithIcon(lang.X("detail.add_note", "Ajouter une note"), theme.ContentAddIcon(), d.showNoteForm)
	d.consent = widget.NewButtonWithIcon(lang.X("detail.set_consent", "Noter un accord ou une opposition…"), theme.ConfirmIcon(), d.showConsentForm)
	d.export = widget.NewButtonWithIcon(lang.X("detail.export", "Exporter ses données (RGPD)"), theme.DownloadIcon(), d.chooseExport)
	d.erase = widget.NewButtonWithIcon(lang.X("detail.erase", "Effacer (RGPD)"), theme.DeleteIcon(), d.confirmErase)
	d.erase.Importance = widget.DangerImportance
	d.gdpr = wrapped("")
	d.gdpr.Hide()
	d.donorBox = container.NewVBox()
	d.threads = container.NewVBox()
	d.mailBox = container.NewVBox(widget.NewSeparator(), subheading(lang.X("detail.mail", "Courriels")), d.threads)
	d.mailBox.Hide()
	for _, b := range []*widget.Button{d.note, d.consent} {
		b.Importance = widget.LowImportance
	}
	d.more = container.NewVBox(
		d.donorBox,
		d.mailBox,
		widget.NewSeparator(),
		subheading(lang.X("detail.consents", "Consentements")),
		d.consents, container.NewHBox(d.consent),
		widget.NewSeparator(),
		subheading(lang.X("detail.timeline", "Historique")),
		container.NewHBox(d.note), d.timeline,
		widget.NewSeparator(),
		subheading(lang.X("detail.gdpr", "Données personnelles (RGPD)")),
		container.NewHBox(d.export), container.NewHBox(d.erase),
		d.gdpr)
	d.hint = wrapped("")
	d.hint.Importance = widget.LowImportance
	d.box = container.NewVBox(d.title, d.actions, d.form, d.more, d.hint)
	d.content = container.NewVScroll(container.NewPadded(d.box))
	d.clear()
	return d
}

// setDonorSection shows the contact's gifts and receipts in the panel.
func (d *contactDetail) setDonorSection(s *donorSection) {
	d.donor = s
	d.donorBox.Objects = []fyne.CanvasObject{s.content}
	d.donorBox.Refresh()
}

// setMail lists the contact's mail threads in the panel; open shows one.
func (d *contactDetail) setMail(svc contactThreads, open func(id int64)) {
	d.mail, d.openThread = svc, open
}

func (d *contactDetail) clear() {
	d.id, d.data = 0, nil
	d.mailBox.Hide()
	if d.donor != nil {
		d.donor.clear()
	}
	d.title.SetText("")
	d.actions.Hide()
	d.more.Hide()
	setFormRowsWidth(d.form, 0)
	d.hint.SetText(lang.X("detail.choose", "Choisissez une fiche dans la liste pour voir son détail."))
	d.hint.Show()
	d.box.Refresh()
}

// load reads contact id and what the panel shows about it.
func (d *contactDetail) load(id int64) {
	d.id = id
	ctx := d.e.ctx
	d.e.run(func() func() {
		data, err := d.read(ctx, id)
		return func() {
			if id != d.id {
				return
			}
			if err != nil {
				d.clear()
				d.e.fail("get contact", err)
				return
			}
			d.show(data)
		}
	})
}

func (d *contactDetail) read(ctx context.Context, id int64) (detailData, error) {
	var data detailData
	var err error
	if data.c, err = d.svc.Get(ctx, id); err != nil {
		return data, err
	}
	if data.members, err = d.svc.Memberships(ctx, id); err != nil {
		return data, err
	}
	if data.timeline, err = d.svc.Timeline(ctx, id); err != nil {
		return data, err
	}
	if data.consents, err = d.svc.Consents(ctx, id); err != nil {
		return data, err
	}
	if d.mail != nil {
		data.threads, err = d.mail.ThreadsFor(ctx, id, maxDetailThreads)
	}
	return data, err
}

func (d *contactDetail) show(data detailData) {
	if d.data == nil || d.data.c.ID != data.c.ID {
		d.gdpr.SetText("")
		d.gdpr.Hide()
		if d.donor != nil {
			d.donor.clear()
		}
	}
	if d.donor != nil {
		d.donor.load(data.c.ID, data.c.DisplayName())
	}
	d.data = &data
	c := data.c
	d.title.SetText(c.DisplayName())
	var rows []formRow
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			rows = append(rows, formRow{label, wrapped(value)})
		}
	}
	add(lang.X("detail.kind", "Type"), kindLabel(c.Kind, c.OrgKind))
	if c.Kind == contact.Person {
		add(lang.X("detail.civility", "Civilité"), c.Civility)
	} else {
		if c.PressKind != "" {
			add(lang.X("form.press_kind", "Type de média"), pressKindName(c.PressKind))
		}
		add(lang.X("detail.legal_form", "Forme juridique"), c.LegalForm)
		add(lang.X("detail.siren", "SIREN"), c.SIREN)
		if c.FiscalYearEnd != "" {
			add(lang.X("form.year_end", "Fin d'exercice"), dayMonth(c.FiscalYearEnd))
		}
	}
	var emails, phones, addresses []string
	for _, e := range c.Emails {
		emails = append(emails, joinNonEmpty(" — ", e.Address, e.Label))
	}
	for _, p := range c.Phones {
		phones = append(phones, joinNonEmpty(" — ", p.Number, p.Label))
	}
	for _, a := range c.Addresses {
		addresses = append(addresses, joinNonEmpty("\n", a.Street, joinNonEmpty(" ", a.Postcode, a.City), a.Country))
	}
	add(lang.X("detail.emails", "Courriel"), strings.Join(emails, "\n"))
	add(lang.X("detail.phones", "Téléphone"), strings.Join(phones, "\n"))
	add(lang.X("detail.addresses", "Adresse"), strings.Join(addresses, "\n\n"))
	var members []string
	for _, m := range data.members {
		name := m.Organisation
		if c.Kind == contact.Organisation {
			name = m.Person
		}
		members = append(members, joinNonEmpty(" — ", name, m.Role))
	}
	if c.Kind == contact.Person {
		add(lang.X("form.orgs", "Organisations"), strings.Join(members, "\n"))
	} else {
		add(lang.X("detail.people", "Personnes"), strings.Join(members, "\n"))
	}
	add(lang.X("detail.website", "Site web"), c.Website)
	add(lang.X("detail.tags", "Étiquettes"), strings.Join(c.Tags, ", "))
	add(lang.X("detail.notes", "Notes"), c.Notes)
	if !c.CreatedAt.IsZero() {
		add(lang.X("detail.created", "Fiche créée le"), c.CreatedAt.Local().Format("02/01/2006"))
	}
	setFormRowsWidth(d.form, 0, rows...)
	d.showConsents(data.consents)
	d.showTimeline(data.timeline)
	d.showThreads(data.threads)
	d.actions.Show()
	d.more.Show()
	d.hint.Hide()
	d.box.Refresh() // the rows changed: lay the rest out below them again
	if f := d.loaded; f != nil {
		d.loaded = nil
		if d.donor != nil && !d.donor.ready() {
			// The contact is shown once its gifts are too.
			d.donor.loaded = func() {
				d.box.Refresh()
				f()
			}
		} else {
			f()
		}
	}
}

func (d *contactDetail) showConsents(cs []contact.Consent) {
	objs := make([]fyne.CanvasObject, 0, len(contact.Channels))
	for _, ch := range contact.Channels {
		i := slices.IndexFunc(cs, func(c contact.Consent) bool { return c.Channel == ch })
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		switch {
		case i < 0:
			l.SetText(lang.X("consent.unknown", "{{.Channel}} : pas de réponse notée", map[string]any{"Channel": channelName(ch)}))
		case cs[i].Status == contact.StatusConsent:
			l.SetText(lang.X("consent.yes", "{{.Channel}} : accord le {{.Date}}", map[string]any{
				"Channel": channelName(ch), "Date": displayDate(cs[i].Date)}) + sourceSuffix(cs[i].Source))
			l.Importance = widget.SuccessImportance
		default:
			l.SetText(lang.X("consent.no", "{{.Channel}} : opposition le {{.Date}}, ne plus rien lui envoyer par ce moyen", map[string]any{
				"Channel": channelName(ch), "Date": displayDate(cs[i].Date)}) + sourceSuffix(cs[i].Source))
			l.Importance = widget.DangerImportance
		}
		objs = append(objs, l)
	}
	d.consents.Objects = objs
	d.consents.Refresh()
}

func sourceSuffix(source string) string {
	if strings.TrimSpace(source) == "" {
		return ""
	}
	return " (" + source + ")"
}

func (d *contactDetail) showTimeline(tl []contact.Interaction) {
	var objs []fyne.CanvasObject
	if len(tl) == 0 {
		objs = append(objs, wrapped(lang.X("timeline.empty", "Aucun échange noté pour l'instant.")))
	}
	for i, it := range tl {
		if i == maxTimeline {
			l := wrapped(lang.X("timeline.more", "et {{.Count}} échanges plus anciens (voir l'export RGPD).",
				map[string]any{"Count": len(tl) - maxTimeline}))
			objs = append(objs, l)
			break
		}
		head := widget.NewLabelWithStyle(joinNonEmpty(" · ", displayDate(it.Date), interactionName(it.Kind), it.Subject),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.Wrapping = fyne.TextWrapWord
		objs = append(objs, head)
		if strings.TrimSpace(it.Body) != "" {
			objs = append(objs, wrapped(it.Body))
		}
	}
	d.timeline.Objects = objs
	d.timeline.Refresh()
}

// showThreads lists the contact's mail threads, each a link that opens
// it on the Courriels screen; the section is hidden when there are none.
func (d *contactDetail) showThreads(ts []mail.Thread) {
	objs := make([]fyne.CanvasObject, 0, len(ts))
	for _, t := range ts {
		subj := t.Subject
		if strings.TrimSpace(subj) == "" {
			subj = lang.X("mail.no_subject", "(sans objet)")
		}
		text := joinNonEmpty(" · ", displayDate(civilDate(t.LastDate.Local())),
			lang.X("mail.messages", "{{.Count}} message(s)", map[string]any{"Count": t.Count}), subj)
		link := widget.NewHyperlink(text, nil)
		link.Truncation = fyne.TextTruncateEllipsis
		id := t.ID
		link.OnTapped = func() {
			if d.openThread != nil {
				d.openThread(id)
			}
		}
		objs = append(objs, link)
	}
	d.threads.Objects = objs
	d.threads.Refresh()
	d.mailBox.Hidden = len(ts) == 0
	d.mailBox.Refresh()
}

// channelName names a channel with a capital, to start a line.
func channelName(ch contact.Channel) string {
	switch ch {
	case contact.ChannelEmail:
		return lang.X("channel.email", "Courriel")
	case contact.ChannelPost:
		return lang.X("channel.post", "Courrier")
	default:
		return lang.X("channel.phone", "Téléphone")
	}
}

// interactionName names a kind of exchange.
func interactionName(k contact.InteractionKind) string {
	switch k {
	case contact.InteractionCall:
		return lang.X("interaction.call", "Appel")
	case contact.InteractionMeeting:
		return lang.X("interaction.meeting", "Rendez-vous")
	case contact.InteractionEmail:
		return lang.X("interaction.email", "Courriel")
	default:
		return lang.X("interaction.note", "Note")
	}
}

// reload reads the shown contact again.
func (d *contactDetail) reload() {
	if d.data != nil {
		d.load(d.data.c.ID)
	}
}

// noteForm adds an entry to the timeline.
type noteForm struct {
	kind    *widget.Select
	date    *dateField
	subject *formField
	body    *formField
	save    *widget.Button
	dialog  *dialog.CustomDialog
}

func (d *contactDetail) showNoteForm() {
	if d.data == nil {
		return
	}
	id := d.data.c.ID
	n := &noteForm{}
	kinds := make([]string, len(contact.InteractionKinds))
	for i, k := range contact.InteractionKinds {
		kinds[i] = interactionName(k)
	}
	n.kind = widget.NewSelect(kinds, nil)
	n.kind.SetSelectedIndex(0)
	n.date = newDateField("date", lang.X("note.date", "Date"))
	n.date.set(civilDate(d.e.now()))
	n.subject = newFormField("subject", lang.X("note.subject", "Objet"), widget.NewEntry())
	body := widget.NewMultiLineEntry()
	body.Wrapping = fyne.TextWrapWord
	body.SetMinRowsVisible(4)
	n.body = newFormField("body", lang.X("note.body", "Texte"), body)
	fields := []*formField{n.date.formField, n.subject, n.body}
	grid := container.New(layout.NewFormLayout())
	setFormRowsWidth(grid, 90, formRow{lang.X("note.kind", "Type"), n.kind}, n.date.row(), n.subject.row(), n.body.row())
	n.dialog = dialog.NewCustomWithoutButtons(lang.X("note.title", "Ajouter une note à l'historique"),
		container.NewVBox(minWidth(520), grid), d.e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), n.dialog.Hide)
	n.save = widget.NewButtonWithIcon(lang.X("note.save", "Ajouter"), theme.ConfirmIcon(), func() {
		date, ok := n.date.iso()
		if !ok {
			fitDialog(n.dialog)
			return
		}
		it := &contact.Interaction{ContactID: id, Kind: contact.InteractionKinds[max(n.kind.SelectedIndex(), 0)], Date: date,
			Subject: strings.TrimSpace(n.subject.entry.Text), Body: strings.TrimSpace(n.body.entry.Text)}
		ctx := d.e.ctx
		d.e.run(func() func() {
			err := d.svc.AddInteraction(ctx, it)
			return func() {
				if err != nil {
					showFieldErrors(d.e, "add interaction", err, fields)
					fitDialog(n.dialog)
					return
				}
				n.dialog.Hide()
				d.reload()
			}
		})
	})
	n.save.Importance = widget.HighImportance
	n.dialog.SetButtons([]fyne.CanvasObject{cancel, n.save})
	n.dialog.Show()
	d.e.win.Canvas().Focus(n.subject.entry)
	d.noteForm = n
}

// showFieldErrors shows the messages of err under fields, or in a dialog
// when err is not about them.
func showFieldErrors(e env, what string, err error, fields []*formField) {
	byField, other := fieldErrors(err)
	shown := false
	for _, f := range fields {
		f.setError(byField[f.key])
		shown = shown || byField[f.key] != ""
	}
	if !shown || other != "" {
		e.fail(what, err)
	}
}

// consentForm records what a person said about a channel.
type consentForm struct {
	channel *widget.Select
	status  *widget.RadioGroup
	date    *dateField
	source  *formField
	save    *widget.Button
	dialog  *dialog.CustomDialog
}

func (d *contactDetail) showConsentForm() {
	if d.data == nil {
		return
	}
	id := d.data.c.ID
	f := &consentForm{}
	names := make([]string, len(contact.Channels))
	for i, ch := range contact.Channels {
		names[i] = channelName(ch)
	}
	f.channel = widget.NewSelect(names, nil)
	f.channel.SetSelectedIndex(0)
	yes, no := lang.X("consent.choice_yes", "Accord : la personne accepte de recevoir nos messages"),
		lang.X("consent.choice_no", "Opposition : ne plus rien lui envoyer par ce moyen")
	f.status = widget.NewRadioGroup([]string{yes, no}, nil)
	f.status.SetSelected(yes)
	f.status.Required = true
	f.date = newDateField("date", lang.X("consent.date", "Date de sa réponse"))
	f.date.set(civilDate(d.e.now()))
	source := widget.NewEntry()
	source.SetPlaceHolder(lang.X("consent.source_ph", "bulletin d'adhésion 2026, courriel du 3 mars…"))
	f.source = newFormField("source", lang.X("consent.source", "Source"), source)
	grid := container.New(layout.NewFormLayout())
	setFormRowsWidth(grid, 150, formRow{lang.X("consent.channel", "Moyen"), f.channel},
		formRow{lang.X("consent.status", "Réponse"), f.status}, f.date.row(), f.source.row())
	help := wrapped(lang.X("consent.help",
		"Notez ce que la personne a répondu, avec la date et la source : c'est la preuve demandée par le RGPD. Une opposition aux courriels la retire aussi des listes de presse et des envois."))
	f.dialog = dialog.NewCustomWithoutButtons(lang.X("consent.title", "Accord ou opposition"),
		container.NewVBox(minWidth(560), help, grid), d.e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), f.dialog.Hide)
	f.save = widget.NewButtonWithIcon(lang.X("consent.save", "Enregistrer"), theme.ConfirmIcon(), func() {
		date, ok := f.date.iso()
		if !ok {
			fitDialog(f.dialog)
			return
		}
		c := contact.Consent{ContactID: id, Channel: contact.Channels[max(f.channel.SelectedIndex(), 0)],
			Status: contact.StatusConsent, Date: date, Source: strings.TrimSpace(f.source.entry.Text)}
		if f.status.Selected == no {
			c.Status = contact.StatusObjection
		}
		ctx := d.e.ctx
		d.e.run(func() func() {
			err := d.svc.SetConsent(ctx, c)
			return func() {
				if err != nil {
					showFieldErrors(d.e, "set consent", err, []*formField{f.date.formField, f.source})
					fitDialog(f.dialog)
					return
				}
				f.dialog.Hide()
				d.reload()
			}
		})
	})
	f.save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, f.save})
	f.dialog.Show()
	d.consentForm = f
}

// chooseExport asks where to save the person's data, then writes it.
func (d *contactDetail) chooseExport() {
	if d.data == nil {
		return
	}
	id, name := d.data.c.ID, d.data.c.DisplayName()
	dlg := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			d.e.fail("choose export file", err)
			return
		}
		if w != nil {
			d.writeExport(id, w, w.URI().Path())
		}
	}, d.e.win)
	dlg.SetFileName(lang.X("export.file", "donnees-personnelles") + "-" + fileSlug(name) + ".json")
	dlg.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	dlg.Show()
}

// writeExport writes everything held about contact id to w, as JSON.
func (d *contactDetail) writeExport(id int64, w io.WriteCloser, path string) {
	ctx := d.e.ctx
	d.e.run(func() func() {
		data, err := d.svc.ExportPerson(ctx, id)
		if err == nil {
			_, err = w.Write(data)
		}
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
		return func() {
			if err != nil {
				d.e.fail("export personal data", err)
				return
			}
			d.gdpr.SetText(lang.X("export.done",
				"Données exportées dans {{.Path}}. Ce fichier contient tout ce que Bureau sait de la personne : remettez-le-lui, il répond à sa demande d'accès (RGPD, articles 15 et 20).",
				map[string]any{"Path": path}))
			d.gdpr.Importance = widget.SuccessImportance
			d.gdpr.Show()
			d.box.Refresh()
		}
	})
}

// confirmErase explains what erasing keeps and why, then erases.
func (d *contactDetail) confirmErase() {
	if d.data == nil {
		return
	}
	c := d.data.c
	text := wrapped(lang.X("erase.text", "Effacer la fiche applique le droit à l'effacement (RGPD, article 17). Cela ne peut pas être annulé.\n\nBureau supprime : courriels, téléphones, étiquettes, notes, historique des échanges, consentements, appartenances aux organisations et aux listes de presse.\n\nBureau garde, parce que la loi l'exige :\n•  si la fiche a fait un don ces 6 dernières années, son nom et une adresse postale, jusqu'à la fin de ce délai et hors de toute liste : ils justifient les reçus fiscaux, que l'association doit conserver 6 ans (article L.102 B du livre des procédures fiscales) ;\n•  les dons, les reçus et les dossiers de mécénat, pour la comptabilité ;\n•  une empreinte de ses adresses électroniques (pas les adresses elles-mêmes), pour qu'aucun import ne la réinscrive dans vos envois."))
	d.eraseConfirm = dialog.NewCustomConfirm(
		lang.X("erase.title", "Effacer {{.Name}} ?", map[string]any{"Name": c.DisplayName()}),
		lang.X("erase.confirm", "Effacer définitivement"), lang.X("action.cancel", "Annuler"),
		container.NewVBox(minWidth(600), text), func(ok bool) {
			if ok {
				d.doErase(c)
			}
		}, d.e.win)
	d.eraseConfirm.SetConfirmImportance(widget.DangerImportance)
	d.eraseConfirm.Show()
	// Wrapped text measures its height only once it has a width.
	d.eraseConfirm.Resize(fyne.NewSize(700, 560))
}

func (d *contactDetail) doErase(c contact.Contact) {
	ctx := d.e.ctx
	d.e.run(func() func() {
		e, err := d.svc.Erase(ctx, c.ID)
		return func() {
			if err != nil {
				d.e.fail("erase contact", err)
				return
			}
			msg := lang.X("erase.done", "La fiche de {{.Name}} est effacée : il ne reste que ses dons, sans nom, pour la comptabilité.",
				map[string]any{"Name": c.DisplayName()})
			if e.Retained {
				msg = lang.X("erase.done_retained",
					"La fiche de {{.Name}} est effacée. Son nom et une adresse postale sont gardés jusqu'au {{.Date}}, hors de toute liste, pour justifier ses reçus fiscaux.",
					map[string]any{"Name": c.DisplayName(), "Date": displayDate(e.RetainUntil)})
			}
			d.hooks.changed(0)
			dialog.ShowInformation(lang.X("erase.done_title", "Fiche effacée"), msg, d.e.win)
		}
	})
}
