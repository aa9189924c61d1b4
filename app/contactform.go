package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
)

// contactEditor creates and updates contacts and their memberships;
// *contact.Service implements it.
type contactEditor interface {
	contactLister
	Create(ctx context.Context, c *contact.Contact) error
	Update(ctx context.Context, c *contact.Contact) error
	LikelyDuplicates(ctx context.Context, c contact.Contact) ([]contact.Duplicate, error)
	Memberships(ctx context.Context, id int64) ([]contact.Membership, error)
	SetMemberships(ctx context.Context, personID int64, ms []contact.Membership) error
}

// contactFormHooks are what a contact form calls back.
type contactFormHooks struct {
	// saved follows a successful save.
	saved func(id int64)
	// openExisting opens the record that the new one probably duplicates.
	openExisting func(id int64)
	// ready, if set, is called once the form shows all its data.
	ready func()
}

// formLabelWidth is the width of the labels of dialog forms, narrower
// than a screen's.
const formLabelWidth = 150

// fitDialog lays a small dialog out again once messages appeared under
// its fields: it grows to show them.
func fitDialog(d *dialog.CustomDialog) { d.Resize(d.MinSize()) }

// contactForm creates or edits a person or an organisation, with the
// messages of validation next to the fields.
type contactForm struct {
	e     env
	svc   contactEditor
	hooks contactFormHooks
	orig  contact.Contact // ID 0 for a new contact
	// orgsLoaded is false until the memberships of an edited person are
	// read: saving before would drop them.
	orgsLoaded bool

	civility                                    *widget.RadioGroup
	first, last                                 *formField
	orgName, legalForm, siren, yearEnd, website *formField
	orgKind, pressKind                          *widget.Select
	orgKindField, pressKindField                *formField
	emails, phones                              *valueRows
	addresses                                   *addressRows
	orgs                                        *membershipRows
	tags, notes                                 *formField

	grid   *fyne.Container
	scroll *container.Scroll
	status *widget.Label
	save   *widget.Button
	dialog *dialog.CustomDialog
	dup    *duplicateWarning // the last warning shown, for tests
}

// showContactForm opens the form of a new contact of kind k, or of c when
// c is not nil.
func showContactForm(e env, svc contactEditor, k contact.Kind, c *contact.Contact, hooks contactFormHooks) *contactForm {
	f := &contactForm{e: e, svc: svc, hooks: hooks, orgsLoaded: true}
	if c != nil {
		f.orig = *c
		k = c.Kind
	}
	f.orig.Kind = k
	f.build()
	f.fill(f.orig)

	title := lang.X("form.new_person", "Nouvelle personne")
	switch {
	case k == contact.Organisation && f.orig.ID == 0:
		title = lang.X("form.new_org", "Nouvelle organisation")
	case f.orig.ID != 0:
		title = lang.X("form.edit", "Modifier la fiche de {{.Name}}", map[string]any{"Name": f.orig.DisplayName()})
	}
	f.status = wrapped("")
	f.status.Importance = widget.DangerImportance
	f.status.Hide()
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(f.grid, f.status)))
	f.dialog = dialog.NewCustomWithoutButtons(title, f.scroll, e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), f.dialog.Hide)
	f.save = widget.NewButtonWithIcon(lang.X("form.save", "Enregistrer la fiche"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, f.save})
	f.dialog.Resize(fyne.NewSize(820, 680))
	f.dialog.Show()
	if k == contact.Person {
		e.win.Canvas().Focus(f.last.entry)
	} else {
		e.win.Canvas().Focus(f.orgName.entry)
	}
	if k == contact.Person && f.orig.ID != 0 {
		f.loadMemberships()
	} else if hooks.ready != nil {
		hooks.ready()
	}
	return f
}

// build makes the fields of the form's kind.
func (f *contactForm) build() {
	entry := func(key, label, placeholder string) *formField {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		return newFormField(key, label, e)
	}
	f.emails = newValueRows("emails", lang.X("form.emails", "Courriels"), "prenom.nom@exemple.fr",
		lang.X("form.add_email", "Ajouter un courriel"), lang.X("form.main_m", "Principal"), f.relayout)
	f.phones = newValueRows("phones", lang.X("form.phones", "Téléphones"), "06 12 34 56 78",
		lang.X("form.add_phone", "Ajouter un téléphone"), lang.X("form.main_m", "Principal"), f.relayout)
	f.addresses = newAddressRows(f.relayout)
	f.tags = entry("tags", lang.X("form.tags", "Étiquettes"),
		lang.X("form.tags_ph", "séparées par des virgules : bénévole, adhérent"))
	notes := widget.NewMultiLineEntry()
	notes.Wrapping = fyne.TextWrapWord
	notes.SetMinRowsVisible(3)
	f.notes = newFormField("notes", lang.X("form.notes", "Notes"), notes)
	f.grid = container.New(layout.NewFormLayout())

	if f.orig.Kind == contact.Person {
		f.civility = widget.NewRadioGroup([]string{"Mme", "M."}, nil)
		f.civility.Horizontal = true
		f.first = entry("first_name", lang.X("person.first_name", "Prénom"), "")
		f.last = entry("last_name", lang.X("person.last_name", "Nom"), "")
		f.orgs = newMembershipRows(f, f.relayout)
		return
	}
	f.orgName = entry("org_name", lang.X("form.org_name", "Nom de l'organisation"), "")
	f.orgKind = widget.NewSelect(orgKindOptions(), func(string) { f.relayout() })
	f.orgKind.PlaceHolder = lang.X("form.choose", "Choisir…")
	f.orgKindField = newField("org_kind", lang.X("form.org_kind", "Type"), f.orgKind)
	f.pressKind = widget.NewSelect(pressKindOptions(), nil)
	f.pressKind.PlaceHolder = lang.X("form.choose", "Choisir…")
	f.pressKindField = newField("press_kind", lang.X("form.press_kind", "Type de média"), f.pressKind)
	legal := widget.NewSelectEntry(legalForms)
	legal.SetPlaceHolder(lang.X("form.legal_form_ph", "SAS, SARL, association loi 1901…"))
	f.legalForm = newField("legal_form", lang.X("form.legal_form", "Forme juridique"), legal)
	f.legalForm.entry = &legal.Entry
	f.siren = entry("siren", lang.X("form.siren", "SIREN"), lang.X("settings.siren_ph", "9 chiffres, par exemple 732 829 320"))
	f.yearEnd = entry("fiscal_year_end", lang.X("form.year_end", "Fin d'exercice"),
		lang.X("form.year_end_ph", "jour/mois, par exemple 31/12"))
	f.website = entry("website", lang.X("form.website", "Site web"), "https://")
}

// relayout rebuilds the rows of the grid: lists grew or shrank, or the
// kind of organisation changed.
func (f *contactForm) relayout() {
	if f.grid == nil {
		return
	}
	var rows []formRow
	if f.orig.Kind == contact.Person {
		rows = append(rows,
			formRow{lang.X("person.civility", "Civilité"), f.civility},
			f.first.row(), f.last.row(),
			formRow{f.emails.label, f.emails.box}, formRow{f.phones.label, f.phones.box},
			formRow{f.addresses.label, f.addresses.box},
			f.orgs.field.row())
	} else {
		rows = append(rows, f.orgName.row(), f.orgKindField.row())
		if f.selectedOrgKind() == contact.OrgPress {
			rows = append(rows, f.pressKindField.row())
		}
		rows = append(rows, f.legalForm.row(), f.siren.row(), f.yearEnd.row(), f.website.row(),
			formRow{f.emails.label, f.emails.box}, formRow{f.phones.label, f.phones.box},
			formRow{f.addresses.label, f.addresses.box})
	}
	rows = append(rows, f.tags.row(), f.notes.row())
	setFormRowsWidth(f.grid, formLabelWidth, rows...)
	if f.scroll != nil {
		f.scroll.Refresh() // rows grew or shrank: lay the form out again
	}
}

// fill shows c in the fields.
func (f *contactForm) fill(c contact.Contact) {
	if c.Kind == contact.Person {
		if slices.Contains(f.civility.Options, c.Civility) {
			f.civility.SetSelected(c.Civility)
		}
		f.first.entry.SetText(c.FirstName)
		f.last.entry.SetText(c.LastName)
	} else {
		f.orgName.entry.SetText(c.OrgName)
		if c.OrgKind != "" {
			f.orgKind.SetSelected(orgKindName(c.OrgKind))
		}
		if c.PressKind != "" {
			f.pressKind.SetSelected(pressKindName(c.PressKind))
		}
		f.legalForm.entry.SetText(c.LegalForm)
		f.siren.entry.SetText(c.SIREN)
		f.yearEnd.entry.SetText(dayMonth(c.FiscalYearEnd))
		f.website.entry.SetText(c.Website)
	}
	for _, e := range c.Emails {
		f.emails.add(e.Address, e.Label, e.Preferred)
	}
	for _, p := range c.Phones {
		f.phones.add(p.Number, p.Label, p.Preferred)
	}
	for _, a := range c.Addresses {
		f.addresses.add(a)
	}
	// One empty row invites the first email, phone and address.
	if len(c.Emails) == 0 {
		f.emails.add("", "", true)
	}
	if len(c.Phones) == 0 {
		f.phones.add("", "", true)
	}
	if len(c.Addresses) == 0 {
		f.addresses.add(contact.Address{Preferred: true})
	}
	f.tags.entry.SetText(strings.Join(c.Tags, ", "))
	f.notes.entry.SetText(c.Notes)
	f.relayout()
}

// loadMemberships reads the organisations of the edited person.
func (f *contactForm) loadMemberships() {
	f.orgsLoaded = false
	id, ctx := f.orig.ID, f.e.ctx
	f.e.run(func() func() {
		ms, err := f.svc.Memberships(ctx, id)
		return func() {
			if err != nil {
				f.e.fail("list memberships", err)
				return
			}
			for _, m := range ms {
				if m.PersonID == id {
					f.orgs.add(m.OrganisationID, m.Organisation, m.Role)
				}
			}
			f.orgsLoaded = true
			f.relayout()
			if f.hooks.ready != nil {
				f.hooks.ready()
			}
		}
	})
}

func (f *contactForm) selectedOrgKind() contact.OrgKind {
	for _, k := range contact.OrgKinds {
		if orgKindName(k) == f.orgKind.Selected {
			return k
		}
	}
	return ""
}

// contact builds the contact from the fields, with the problems that only
// the form checks (SIREN, fiscal-year end), by field.
func (f *contactForm) contact() (*contact.Contact, map[string]string) {
	problems := map[string]string{}
	c := f.orig
	c.Emails, c.Phones, c.Addresses = f.emails.emails(), f.phones.phones(), f.addresses.values()
	c.Tags = splitTags(f.tags.entry.Text)
	c.Notes = strings.TrimSpace(f.notes.entry.Text)
	if c.Kind == contact.Person {
		c.Civility = f.civility.Selected
		c.FirstName = strings.TrimSpace(f.first.entry.Text)
		c.LastName = strings.TrimSpace(f.last.entry.Text)
		return &c, problems
	}
	c.OrgName = strings.TrimSpace(f.orgName.entry.Text)
	c.OrgKind = f.selectedOrgKind()
	c.PressKind = ""
	if c.OrgKind == contact.OrgPress {
		for _, k := range contact.PressKinds {
			if pressKindName(k) == f.pressKind.Selected {
				c.PressKind = k
			}
		}
	}
	c.LegalForm = strings.TrimSpace(f.legalForm.entry.Text)
	c.SIREN = association.NormalizeSIREN(strings.TrimSpace(f.siren.entry.Text))
	if c.SIREN != "" {
		if err := association.ValidSIREN(c.SIREN); err != nil {
			problems["siren"] = userMessage(err)
		}
	}
	end, ok := parseDayMonth(f.yearEnd.entry.Text)
	if !ok {
		problems["fiscal_year_end"] = lang.X("form.year_end_invalid",
			"« {{.Text}} » n'est pas une fin d'exercice : écrivez le jour puis le mois, par exemple 31/12.",
			map[string]any{"Text": strings.TrimSpace(f.yearEnd.entry.Text)})
	}
	c.FiscalYearEnd = end
	c.Website = strings.TrimSpace(f.website.entry.Text)
	return &c, problems
}

// fields are the form's fields that show messages, by apperr field.
func (f *contactForm) fields() []*formField {
	if f.orig.Kind == contact.Person {
		return []*formField{f.first, f.last, f.tags, f.notes, f.orgs.field}
	}
	return []*formField{f.orgName, f.orgKindField, f.pressKindField, f.legalForm, f.siren, f.yearEnd, f.website, f.tags, f.notes}
}

// showErrors puts each message of err and of problems next to its field
// and reports whether there was any.
func (f *contactForm) showErrors(err error, problems map[string]string) bool {
	byField, other := fieldErrors(err)
	for k, v := range problems {
		if byField[k] == "" {
			byField[k] = v
		}
	}
	found := len(byField) > 0 || other != ""
	var rest []string
	if other != "" {
		rest = append(rest, other)
	}
	for _, ff := range f.fields() {
		ff.setError(byField[ff.key])
		delete(byField, ff.key)
	}
	if msg, ok := byField["emails"]; ok {
		if !f.emails.showProblems() {
			rest = append(rest, msg)
		}
		delete(byField, "emails")
	} else {
		f.emails.showProblems()
	}
	for _, msg := range byField { // a field this form does not show
		rest = append(rest, msg)
	}
	f.status.SetText(strings.Join(rest, "\n"))
	f.status.Hidden = len(rest) == 0
	f.scroll.Refresh() // messages make rows taller: lay the form out again
	return found
}

// submit checks the fields, looks for a likely duplicate of a new
// contact, then saves.
func (f *contactForm) submit() {
	c, problems := f.contact()
	if f.showErrors(c.Validate(), problems) {
		return
	}
	var ms []contact.Membership
	if c.Kind == contact.Person {
		var ok bool
		if ms, ok = f.orgs.memberships(); !ok {
			f.orgs.field.setError(lang.X("form.org_missing", "Choisissez l'organisation de chaque ligne, ou retirez la ligne."))
			f.scroll.Refresh()
			return
		}
	}
	if c.ID != 0 {
		f.store(c, ms)
		return
	}
	f.save.Disable()
	ctx := f.e.ctx
	f.e.run(func() func() {
		dups, err := f.svc.LikelyDuplicates(ctx, *c)
		return func() {
			f.save.Enable()
			switch {
			case err != nil:
				f.e.fail("look for duplicates", err)
			case len(dups) > 0:
				f.dup = showDuplicateWarning(f, c, ms, dups)
			default:
				f.store(c, ms)
			}
		}
	})
}

// store saves c and the person's memberships off the UI goroutine.
func (f *contactForm) store(c *contact.Contact, ms []contact.Membership) {
	f.save.Disable()
	isNew, setOrgs := c.ID == 0, c.Kind == contact.Person && f.orgsLoaded
	ctx := f.e.ctx
	f.e.run(func() func() {
		var err error
		if isNew {
			err = f.svc.Create(ctx, c)
		} else {
			err = f.svc.Update(ctx, c)
		}
		if err == nil && setOrgs && (!isNew || len(ms) > 0) {
			err = f.svc.SetMemberships(ctx, c.ID, ms)
		}
		return func() {
			f.save.Enable()
			if c.ID != 0 {
				f.orig.ID = c.ID // a second try updates the contact created
			}
			switch {
			case err == nil:
				f.dialog.Hide()
				if f.hooks.saved != nil {
					f.hooks.saved(c.ID)
				}
			case isInvalid(err):
				f.showErrors(err, nil)
			default:
				f.e.fail("save contact", err)
			}
		}
	})
}

// duplicateWarning asks what to do with a new contact that probably
// duplicates a stored one.
type duplicateWarning struct {
	text         *widget.Label
	saveAnyway   *widget.Button
	openExisting *widget.Button
	dialog       *dialog.CustomDialog
}

func showDuplicateWarning(f *contactForm, c *contact.Contact, ms []contact.Membership, dups []contact.Duplicate) *duplicateWarning {
	var names []string
	for _, d := range dups {
		names = append(names, fmt.Sprintf("%s (%s)", d.NameB, d.Reason.Label()))
	}
	w := &duplicateWarning{}
	w.text = wrapped(lang.X("dup.text",
		"Doublon probable : {{.Names}}. Cette fiche existe peut-être déjà : ouvrez-la pour la compléter, ou enregistrez quand même une nouvelle fiche.",
		map[string]any{"Names": strings.Join(names, ", ")}))
	content := container.NewVBox(minWidth(480), container.NewBorder(nil, nil,
		container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, w.text))
	w.dialog = dialog.NewCustomWithoutButtons(lang.X("dup.title", "Doublon probable"), content, f.e.win)
	cancel := widget.NewButton(lang.X("action.cancel", "Annuler"), w.dialog.Hide)
	w.openExisting = widget.NewButtonWithIcon(lang.X("dup.open", "Ouvrir la fiche existante"), theme.AccountIcon(), func() {
		w.dialog.Hide()
		f.dialog.Hide()
		if f.hooks.openExisting != nil {
			f.hooks.openExisting(dups[0].B)
		}
	})
	w.openExisting.Importance = widget.HighImportance
	w.saveAnyway = widget.NewButton(lang.X("dup.save", "Enregistrer quand même"), func() {
		w.dialog.Hide()
		f.store(c, ms)
	})
	w.dialog.SetButtons([]fyne.CanvasObject{cancel, w.saveAnyway, w.openExisting})
	w.dialog.Show()
	return w
}

// valueRows edits a contact's emails or phones: one row each, with a
// label, a « preferred » box and a button to remove it.
type valueRows struct {
	key, label, placeholder, preferredText string
	rows                                   []*valueRow
	box                                    *fyne.Container
	addButton                              *widget.Button
	changed                                func()
}

type valueRow struct {
	value     *formField
	label     *widget.Entry
	preferred *widget.Check
}

func newValueRows(key, label, placeholder, addText, preferredText string, changed func()) *valueRows {
	v := &valueRows{key: key, label: label, placeholder: placeholder, preferredText: preferredText, changed: changed}
	v.addButton = widget.NewButtonWithIcon(addText, theme.ContentAddIcon(), func() {
		v.add("", "", len(v.rows) == 0)
		v.changed()
	})
	v.addButton.Importance = widget.LowImportance
	v.box = container.NewVBox()
	return v
}

func (v *valueRows) add(value, label string, preferred bool) *valueRow {
	r := &valueRow{label: widget.NewEntry()}
	r.label.SetPlaceHolder(lang.X("form.label_ph", "domicile, travail…"))
	r.label.SetText(label)
	entry := widget.NewEntry()
	entry.SetPlaceHolder(v.placeholder)
	entry.SetText(value)
	r.preferred = widget.NewCheck(v.preferredText, func(on bool) {
		if !on {
			return
		}
		for _, o := range v.rows {
			if o != r && o.preferred.Checked {
				o.preferred.SetChecked(false)
			}
		}
	})
	r.preferred.SetChecked(preferred)
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		v.rows = slices.DeleteFunc(v.rows, func(o *valueRow) bool { return o == r })
		v.layout()
		v.changed()
	})
	remove.Importance = widget.LowImportance
	line := container.NewBorder(nil, nil, nil, container.NewHBox(r.preferred, remove),
		container.New(columns{2.2, 1}, entry, r.label))
	r.value = newFormFieldIn(v.key, v.label, entry, line)
	v.rows = append(v.rows, r)
	v.layout()
	return r
}

func (v *valueRows) layout() {
	objs := make([]fyne.CanvasObject, 0, len(v.rows)+1)
	for _, r := range v.rows {
		objs = append(objs, r.value.box)
	}
	v.box.Objects = append(objs, container.NewHBox(v.addButton))
	v.box.Refresh()
}

// filled returns the rows with a value, and the index of the preferred
// one (the first when none is ticked).
func (v *valueRows) filled() ([]*valueRow, int) {
	var out []*valueRow
	pref := -1
	for _, r := range v.rows {
		if strings.TrimSpace(r.value.entry.Text) == "" {
			continue
		}
		if r.preferred.Checked && pref < 0 {
			pref = len(out)
		}
		out = append(out, r)
	}
	return out, max(pref, 0)
}

func (v *valueRows) emails() []contact.Email {
	rows, pref := v.filled()
	out := make([]contact.Email, len(rows))
	for i, r := range rows {
		out[i] = contact.Email{Address: strings.TrimSpace(r.value.entry.Text), Label: strings.TrimSpace(r.label.Text), Preferred: i == pref}
	}
	return out
}

func (v *valueRows) phones() []contact.Phone {
	rows, pref := v.filled()
	out := make([]contact.Phone, len(rows))
	for i, r := range rows {
		out[i] = contact.Phone{Number: strings.TrimSpace(r.value.entry.Text), Label: strings.TrimSpace(r.label.Text), Preferred: i == pref}
	}
	return out
}

// showProblems puts under each email the message the domain gives for it
// and reports whether any row got one.
func (v *valueRows) showProblems() bool {
	found := false
	for _, r := range v.rows {
		msg := ""
		if a := strings.TrimSpace(r.value.entry.Text); a != "" && v.key == "emails" {
			msg = emailProblem(a)
		}
		r.value.setError(msg)
		found = found || msg != ""
	}
	return found
}

// emailProblem returns the domain's message about one address, or "".
func emailProblem(address string) string {
	c := contact.Contact{Kind: contact.Person, LastName: "-", Emails: []contact.Email{{Address: address}}}
	byField, _ := fieldErrors(c.Validate())
	return byField["emails"]
}

// addressRows edits a contact's postal addresses.
type addressRows struct {
	label     string
	rows      []*addressRow
	box       *fyne.Container
	addButton *widget.Button
	changed   func()
}

type addressRow struct {
	street, postcode, city, country, label *widget.Entry
	preferred                              *widget.Check
	box                                    fyne.CanvasObject
}

func newAddressRows(changed func()) *addressRows {
	a := &addressRows{label: lang.X("form.addresses", "Adresses"), changed: changed, box: container.NewVBox()}
	a.addButton = widget.NewButtonWithIcon(lang.X("form.add_address", "Ajouter une adresse"), theme.ContentAddIcon(), func() {
		a.add(contact.Address{Preferred: len(a.rows) == 0})
		a.changed()
	})
	a.addButton.Importance = widget.LowImportance
	return a
}

func (a *addressRows) add(v contact.Address) *addressRow {
	entry := func(text, placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.SetText(text)
		return e
	}
	r := &addressRow{
		street:   entry(v.Street, lang.X("form.street_ph", "numéro et rue")),
		postcode: entry(v.Postcode, lang.X("form.postcode_ph", "code postal")),
		city:     entry(v.City, lang.X("form.city_ph", "ville")),
		country:  entry(v.Country, lang.X("form.country_ph", "pays (si pas France)")),
		label:    entry(v.Label, lang.X("form.label_ph", "domicile, travail…")),
	}
	r.preferred = widget.NewCheck(lang.X("form.main_f", "Principale"), func(on bool) {
		if !on {
			return
		}
		for _, o := range a.rows {
			if o != r && o.preferred.Checked {
				o.preferred.SetChecked(false)
			}
		}
	})
	r.preferred.SetChecked(v.Preferred)
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		a.rows = slices.DeleteFunc(a.rows, func(o *addressRow) bool { return o == r })
		a.layout()
		a.changed()
	})
	remove.Importance = widget.LowImportance
	r.box = container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(r.preferred, remove), container.New(columns{2.2, 1}, r.street, r.label)),
		container.New(columns{1, 2, 1.4}, r.postcode, r.city, r.country))
	a.rows = append(a.rows, r)
	a.layout()
	return r
}

func (a *addressRows) layout() {
	objs := make([]fyne.CanvasObject, 0, 2*len(a.rows)+1)
	for i, r := range a.rows {
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, r.box)
	}
	a.box.Objects = append(objs, container.NewHBox(a.addButton))
	a.box.Refresh()
}

func (a *addressRows) values() []contact.Address {
	var out []contact.Address
	pref := -1
	for _, r := range a.rows {
		v := contact.Address{
			Street: strings.TrimSpace(r.street.Text), Postcode: strings.TrimSpace(r.postcode.Text),
			City: strings.TrimSpace(r.city.Text), Country: strings.TrimSpace(r.country.Text),
			Label: strings.TrimSpace(r.label.Text),
		}
		if v.Street == "" && v.Postcode == "" && v.City == "" && v.Country == "" {
			continue
		}
		if r.preferred.Checked && pref < 0 {
			pref = len(out)
		}
		out = append(out, v)
	}
	if len(out) > 0 {
		out[max(pref, 0)].Preferred = true
	}
	return out
}

// membershipRows edits the organisations a person belongs to, with the
// person's role in each.
type membershipRows struct {
	f         *contactForm
	label     string
	rows      []*membershipRow
	box       *fyne.Container
	field     *formField
	addButton *widget.Button
	changed   func()
	picker    *contactPicker // the last one opened, for tests
}

type membershipRow struct {
	orgID  int64
	choose *widget.Button
	role   *widget.Entry
}

func newMembershipRows(f *contactForm, changed func()) *membershipRows {
	m := &membershipRows{f: f, label: lang.X("form.orgs", "Organisations"), changed: changed, box: container.NewVBox()}
	m.addButton = widget.NewButtonWithIcon(lang.X("form.add_org", "Ajouter une organisation"), theme.ContentAddIcon(), func() {
		r := m.add(0, "", "")
		m.changed()
		m.chooseOrg(r)
	})
	m.addButton.Importance = widget.LowImportance
	m.field = newField("organisations", m.label, m.box)
	m.layout()
	return m
}

func (m *membershipRows) add(orgID int64, name, role string) *membershipRow {
	r := &membershipRow{orgID: orgID, role: widget.NewEntry()}
	r.role.SetPlaceHolder(lang.X("form.role_ph", "fonction : trésorière, journaliste…"))
	r.role.SetText(role)
	r.choose = widget.NewButtonWithIcon(name, theme.SearchIcon(), func() { m.chooseOrg(r) })
	r.choose.Alignment = widget.ButtonAlignLeading
	if name == "" {
		r.choose.SetText(lang.X("form.choose_org", "Choisir l'organisation…"))
	}
	m.rows = append(m.rows, r)
	m.layout()
	return r
}

func (m *membershipRows) layout() {
	objs := make([]fyne.CanvasObject, 0, len(m.rows)+1)
	for _, r := range m.rows {
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			m.rows = slices.DeleteFunc(m.rows, func(o *membershipRow) bool { return o == r })
			m.layout()
			m.changed()
		})
		remove.Importance = widget.LowImportance
		objs = append(objs, container.NewBorder(nil, nil, nil, remove, container.New(columns{1.6, 1}, r.choose, r.role)))
	}
	m.box.Objects = append(objs, container.NewHBox(m.addButton))
	m.box.Refresh()
}

// chooseOrg opens a picker of organisations for row r.
func (m *membershipRows) chooseOrg(r *membershipRow) {
	m.picker = showContactPicker(m.f.e, m.f.svc, pickerOptions{
		title:   lang.X("form.pick_org_title", "Choisir une organisation"),
		confirm: lang.X("form.pick_org", "Choisir"),
		filter:  contact.Filter{Kind: contact.Organisation},
		picked: func(rows []contact.Row) {
			r.orgID = rows[0].ID
			r.choose.SetText(rows[0].Name)
			m.field.setError("")
		},
	})
}

// memberships returns the rows as memberships; false when a row has no
// organisation chosen but a role typed.
func (m *membershipRows) memberships() ([]contact.Membership, bool) {
	var out []contact.Membership
	for _, r := range m.rows {
		role := strings.TrimSpace(r.role.Text)
		if r.orgID == 0 {
			if role != "" {
				return nil, false
			}
			continue
		}
		out = append(out, contact.Membership{OrganisationID: r.orgID, Role: role})
	}
	return out, true
}

// legalForms are offered in the legal-form box; any other may be typed.
var legalForms = []string{"Association loi 1901", "SA", "SAS", "SASU", "SARL", "EURL", "SCOP", "SCIC",
	"Entreprise individuelle", "Fondation", "Fonds de dotation", "Collectivité territoriale", "Établissement public"}

// orgKindName names a kind of organisation in the form's select.
func orgKindName(k contact.OrgKind) string {
	if k == contact.OrgOther {
		return lang.X("orgkind.other", "Autre")
	}
	return kindLabel(contact.Organisation, k)
}

func orgKindOptions() []string {
	out := make([]string, len(contact.OrgKinds))
	for i, k := range contact.OrgKinds {
		out[i] = orgKindName(k)
	}
	return out
}

// pressKindName names a kind of press outlet.
func pressKindName(k contact.PressKind) string {
	switch k {
	case contact.PressNational:
		return lang.X("presskind.national", "Presse nationale")
	case contact.PressRegionalDaily:
		return lang.X("presskind.regional_daily", "Quotidien régional")
	case contact.PressLocal:
		return lang.X("presskind.local", "Presse locale")
	case contact.PressRadio:
		return lang.X("presskind.radio", "Radio")
	case contact.PressTV:
		return lang.X("presskind.tv", "Télévision")
	case contact.PressWeb:
		return lang.X("presskind.web", "Média en ligne")
	case contact.PressSpecialised:
		return lang.X("presskind.specialised", "Presse spécialisée")
	}
	return string(k)
}

func pressKindOptions() []string {
	out := make([]string, len(contact.PressKinds))
	for i, k := range contact.PressKinds {
		out[i] = pressKindName(k)
	}
	return out
}

// splitTags reads "bénévole, adhérent" into tags, without blanks or
// repeats (whatever their case).
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		t = strings.Join(strings.Fields(t), " ")
		if t != "" && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, t) }) {
			out = append(out, t)
		}
	}
	return out
}

// parseDayMonth reads a fiscal-year end typed "31/12" (or "31-12",
// "31.12") into the stored "12-31"; "" is no date.
func parseDayMonth(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' })
	if len(parts) != 2 {
		return "", false
	}
	var d, m int
	if _, err := fmt.Sscanf(parts[0]+" "+parts[1], "%d %d", &d, &m); err != nil {
		return "", false
	}
	// 2024 is a leap year: a fiscal year may end on 29 February.
	t := time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d || t.Month() != time.Month(m) {
		return "", false
	}
	return fmt.Sprintf("%02d-%02d", m, d), true
}

// dayMonth shows a stored "12-31" as "31/12".
func dayMonth(s string) string {
	m, d, ok := strings.Cut(s, "-")
	if !ok {
		return s
	}
	return d + "/" + m
}
