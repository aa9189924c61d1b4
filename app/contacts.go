package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
)

// contactLister lists and reads contacts; *contact.Service implements it.
type contactLister interface {
	List(ctx context.Context, f contact.Filter) ([]contact.Row, error)
	Get(ctx context.Context, id int64) (contact.Contact, error)
}

// contactService is what a list of contacts with its detail panel
// needs: reading, editing, merging and the GDPR actions;
// *contact.Service implements it.
type contactService interface {
	contactEditor
	contactRecords
	merger
}

// pageSize is how many rows one query loads; the next page is loaded
// when the user scrolls near the end of the list.
const pageSize = 200

// contactsScreen lists every contact, people and organisations.
type contactsScreen struct {
	*contactBrowser
	kind                                        *widget.Select
	newPerson, newOrg, importButton, dupsButton *widget.Button
	wizard                                      *importWizard     // the last one opened, for tests
	dups                                        *duplicatesDialog // the last one opened, for tests
}

func newContactsScreen(e env, svc contactService, im contactImporter, debounce time.Duration) *contactsScreen {
	s := &contactsScreen{}
	all, people, orgs := lang.X("contacts.kind_all", "Tous les contacts"),
		lang.X("contacts.kind_people", "Personnes"), lang.X("contacts.kind_orgs", "Organisations")
	s.kind = widget.NewSelect([]string{all, people, orgs}, nil)
	s.kind.SetSelected(all)
	s.contactBrowser = newContactBrowser(e, svc, debounce, contact.Filter{}, browserTexts{
		title: lang.X("nav.contacts", "Contacts"),
		empty: lang.X("contacts.empty", "Aucun contact pour l'instant."),
	}, s.kind)
	s.kind.OnChanged = func(v string) {
		switch v {
		case people:
			s.base = contact.Filter{Kind: contact.Person}
		case orgs:
			s.base = contact.Filter{Kind: contact.Organisation}
		default:
			s.base = contact.Filter{}
		}
		s.reload(nil)
	}
	s.newPerson = widget.NewButtonWithIcon(lang.X("contacts.new_person", "Nouvelle personne"), theme.ContentAddIcon(),
		func() { s.newContact(contact.Person) })
	s.newPerson.Importance = widget.HighImportance
	s.newOrg = widget.NewButtonWithIcon(lang.X("contacts.new_org", "Nouvelle organisation"), theme.ContentAddIcon(),
		func() { s.newContact(contact.Organisation) })
	s.importButton = widget.NewButtonWithIcon(lang.X("contacts.import", "Importer…"), theme.UploadIcon(), func() {
		s.wizard = showImportWizard(e, im, func() { s.reload(nil) })
	})
	s.dupsButton = widget.NewButtonWithIcon(lang.X("contacts.duplicates", "Doublons probables"), theme.ContentCopyIcon(), func() {
		s.dups = showDuplicates(e, svc, s.changed)
	})
	s.setActions(s.newPerson, s.newOrg, s.importButton, s.dupsButton)
	return s
}

// browserTexts are the words that differ between the list screens.
type browserTexts struct {
	title string
	empty string // when there is nothing at all to list
}

// contactBrowser is a searchable list of contacts with the detail of the
// selected one beside it. Rows are sorted and paged in SQL.
type contactBrowser struct {
	e        env
	svc      contactService
	debounce time.Duration
	texts    browserTexts

	base    contact.Filter // Kind and OrgKind of the screen
	query   string
	rows    []contact.Row
	more    bool // another page may follow
	loading bool
	gen     int // generation of the current list; older results are dropped
	stop    context.CancelFunc
	timer   *time.Timer
	shownID int64 // contact in the detail panel

	search  *widget.Entry
	list    *widget.List
	count   *widget.Label
	detail  *contactDetail
	body    fyne.CanvasObject // the list and the detail, without the title
	content fyne.CanvasObject

	// The last form, picker and merge opened, for tests.
	form   *contactForm
	picker *contactPicker
	merge  *mergeDialog
}

// listColumns are the relative widths of Nom, Type, Courriel, Ville.
var listColumns = columns{3, 1.6, 3, 1.8}

func newContactBrowser(e env, svc contactService, debounce time.Duration, base contact.Filter, texts browserTexts, filter fyne.CanvasObject) *contactBrowser {
	b := &contactBrowser{e: e, svc: svc, debounce: debounce, base: base, texts: texts}
	b.search = widget.NewEntry()
	b.search.SetPlaceHolder(lang.X("contacts.search", "Rechercher un nom, une ville, un courriel… (Ctrl+F)"))
	b.search.OnChanged = b.queryChanged
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { b.search.SetText("") })
	clear.Importance = widget.LowImportance
	b.search.ActionItem = clear

	b.list = widget.NewList(
		func() int { return len(b.rows) },
		func() fyne.CanvasObject {
			return container.New(listColumns, cell(false), cell(false), cell(false), cell(false))
		},
		b.updateRow)
	b.list.OnSelected = func(id widget.ListItemID) {
		if id < len(b.rows) {
			b.showContact(b.rows[id].ID)
		}
	}
	header := container.New(listColumns,
		cell(true, lang.X("contacts.col_name", "Nom")), cell(true, lang.X("contacts.col_kind", "Type")),
		cell(true, lang.X("contacts.col_email", "Courriel")), cell(true, lang.X("contacts.col_city", "Ville")))
	b.count = widget.NewLabel("")
	b.count.Importance = widget.LowImportance
	b.count.Truncation = fyne.TextTruncateEllipsis

	searchRow := fyne.CanvasObject(b.search)
	if filter != nil {
		searchRow = container.NewBorder(nil, nil, nil, container.NewStack(minWidth(230), filter), b.search)
	}
	left := container.NewBorder(container.NewVBox(searchRow, container.NewPadded(header), widget.NewSeparator()),
		b.count, nil, nil, b.list)
	b.detail = newContactDetail(e, svc, detailHooks{edit: b.editContact, mergeWith: b.mergeWith, changed: b.changed})
	split := container.NewHSplit(left, b.detail.content)
	split.Offset = 0.62
	b.body = split
	b.content = screenPage(texts.title, split)
	return b
}

// setActions puts buttons on the right of the screen's title.
func (b *contactBrowser) setActions(buttons ...fyne.CanvasObject) {
	b.content = container.NewPadded(container.NewBorder(
		container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), heading(b.texts.title)),
		nil, nil, nil, b.body))
}

// newContact opens the form of a new person or organisation.
func (b *contactBrowser) newContact(k contact.Kind) *contactForm {
	b.form = showContactForm(b.e, b.svc, k, nil, contactFormHooks{saved: b.changed, openExisting: b.showContact})
	return b.form
}

// editContact opens the form of c.
func (b *contactBrowser) editContact(c contact.Contact) {
	b.form = showContactForm(b.e, b.svc, c.Kind, &c, contactFormHooks{saved: b.changed, openExisting: b.showContact})
}

// mergeWith asks for the record to merge into c, then compares them.
func (b *contactBrowser) mergeWith(c contact.Contact) {
	b.picker = showContactPicker(b.e, b.svc, pickerOptions{
		title:   lang.X("merge.pick_title", "Fusionner avec quelle fiche ?"),
		confirm: lang.X("merge.pick", "Comparer les deux fiches"),
		help: lang.X("merge.pick_help", "Cherchez l'autre fiche de « {{.Name}} ». Vous verrez ensuite les deux fiches côte à côte avant de fusionner.",
			map[string]any{"Name": c.DisplayName()}),
		filter:  contact.Filter{Kind: c.Kind},
		exclude: []int64{c.ID},
		picked: func(rows []contact.Row) {
			b.merge = showMerge(b.e, b.svc, c.ID, rows[0].ID, b.changed, nil)
		},
	})
}

// changed reloads the list after a change and shows contact id, or
// nothing when id is 0.
func (b *contactBrowser) changed(id int64) {
	b.reload(nil)
	if id == 0 {
		b.shownID = 0
		b.detail.clear()
		return
	}
	b.showContact(id)
}

// cell is a one-line label of the list; header cells are bold.
func cell(header bool, text ...string) *widget.Label {
	l := widget.NewLabel(strings.Join(text, ""))
	l.Truncation = fyne.TextTruncateEllipsis
	l.TextStyle.Bold = header
	return l
}

func (b *contactBrowser) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(b.rows) {
		return
	}
	r := b.rows[id]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(r.Name)
	cells[1].(*widget.Label).SetText(kindLabel(r.Kind, r.OrgKind))
	cells[2].(*widget.Label).SetText(r.Email)
	cells[3].(*widget.Label).SetText(r.City)
	if id >= len(b.rows)-pageSize/4 {
		b.loadMore()
	}
}

func (b *contactBrowser) view() fyne.CanvasObject { return b.content }

func (b *contactBrowser) refresh(done func()) { b.reload(done) }

func (b *contactBrowser) focusSearch() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(b.search); c != nil {
		c.Focus(b.search)
	}
}

// queryChanged runs the search once typing pauses.
func (b *contactBrowser) queryChanged(q string) {
	b.query = q
	if b.timer != nil {
		b.timer.Stop()
	}
	if b.debounce <= 0 {
		b.reload(nil)
		return
	}
	b.timer = time.AfterFunc(b.debounce, func() { fyne.Do(func() { b.reload(nil) }) })
}

// filter is the query of the first page.
func (b *contactBrowser) filter() contact.Filter {
	f := b.base
	f.Query = strings.TrimSpace(b.query)
	f.Limit = pageSize
	return f
}

// reload loads the first page of the current filter; a load still
// running is cancelled and its result dropped.
func (b *contactBrowser) reload(done func()) {
	if b.stop != nil {
		b.stop()
	}
	var ctx context.Context
	ctx, b.stop = context.WithCancel(b.e.ctx)
	b.gen++
	gen, f := b.gen, b.filter()
	b.loading = true
	b.e.run(func() func() {
		rows, err := b.svc.List(ctx, f)
		return func() {
			if gen == b.gen {
				b.loading = false
				if err != nil {
					b.e.fail("list contacts", err)
				} else {
					b.rows, b.more = rows, len(rows) == f.Limit
					b.list.UnselectAll()
					if !b.list.Size().IsZero() { // ScrollToTop panics before the list is laid out
						b.list.ScrollToTop()
					}
					b.list.Refresh()
					b.updateCount()
				}
			}
			if done != nil {
				done()
			}
		}
	})
}

// loadMore appends the next page, if any, after the last row loaded.
func (b *contactBrowser) loadMore() {
	if b.loading || !b.more || len(b.rows) == 0 {
		return
	}
	b.loading = true
	gen, f := b.gen, b.filter()
	last := b.rows[len(b.rows)-1]
	f.AfterSortName, f.AfterID = last.SortName, last.ID
	ctx := b.e.ctx
	b.e.run(func() func() {
		rows, err := b.svc.List(ctx, f)
		return func() {
			if gen != b.gen {
				return
			}
			b.loading = false
			if err != nil {
				b.e.fail("list more contacts", err)
				return
			}
			b.rows, b.more = append(b.rows, rows...), len(rows) == f.Limit
			b.list.Refresh()
			b.updateCount()
		}
	})
}

func (b *contactBrowser) updateCount() {
	n := len(b.rows)
	switch {
	case b.more:
		b.count.SetText(lang.X("contacts.count_more", "Plus de {{.Count}} fiches : faites défiler pour voir la suite, ou précisez la recherche.",
			map[string]any{"Count": formatInt(n)}))
	case n == 0 && strings.TrimSpace(b.query) != "":
		b.count.SetText(lang.X("contacts.count_none", "Aucune fiche ne correspond à « {{.Query}} ».",
			map[string]any{"Query": strings.TrimSpace(b.query)}))
	case n == 0:
		b.count.SetText(b.texts.empty)
	case n == 1:
		b.count.SetText(lang.X("contacts.count_one", "1 fiche"))
	default:
		b.count.SetText(lang.X("contacts.count", "{{.Count}} fiches", map[string]any{"Count": formatInt(n)}))
	}
}

// showContact loads the contact id into the detail panel.
func (b *contactBrowser) showContact(id int64) {
	b.shownID = id
	b.detail.load(id)
}

// names returns the names of the rows loaded, for tests.
func (b *contactBrowser) names() []string {
	out := make([]string, len(b.rows))
	for i, r := range b.rows {
		out[i] = r.Name
	}
	return out
}

// kindLabel names the kind of a contact for the Type column.
func kindLabel(k contact.Kind, ok contact.OrgKind) string {
	if k == contact.Person {
		return lang.X("kind.person", "Personne")
	}
	switch ok {
	case contact.OrgAssociation:
		return lang.X("orgkind.association", "Association")
	case contact.OrgCompany:
		return lang.X("orgkind.company", "Entreprise")
	case contact.OrgPublicFunder:
		return lang.X("orgkind.public_funder", "Financeur public")
	case contact.OrgFoundation:
		return lang.X("orgkind.foundation", "Fondation")
	case contact.OrgPress:
		return lang.X("orgkind.press", "Presse")
	default:
		return lang.X("kind.organisation", "Organisation")
	}
}

// columns lays its objects out side by side, with widths in proportion
// to its weights, so that a header and the rows below line up.
type columns []float32

func (c columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var total float32
	for _, w := range c {
		total += w
	}
	pad := theme.Padding()
	avail := size.Width - pad*float32(len(objs)-1)
	x := float32(0)
	for i, o := range objs {
		w := avail * c[i%len(c)] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (c columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
	}
	return fyne.NewSize(w+theme.Padding()*float32(len(objs)-1), h)
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
