package app

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/assets"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/paths"
	"github.com/bureau-asso/bureau/internal/store"
)

// runner runs work off the UI goroutine, then the function work returns
// on the UI goroutine (through fyne.Do). Tests use runNow, which does both
// at once, so that they need no polling.
type runner func(work func() (apply func()))

func runInBackground(work func() func()) {
	go func() {
		if apply := work(); apply != nil {
			fyne.Do(apply)
		}
	}()
}

func runNow(work func() func()) {
	if apply := work(); apply != nil {
		apply()
	}
}

// screen is one entry of the navigation rail.
type screen interface {
	// view returns the screen's content, built once.
	view() fyne.CanvasObject
	// refresh reloads the screen's data and calls done, on the UI
	// goroutine, once it is shown. It is called each time the screen is
	// shown, so that it reflects what other screens changed.
	refresh(done func())
}

// searcher is a screen with a search box (Ctrl+F).
type searcher interface{ focusSearch() }

// saver is a screen with a form to save (Ctrl+S).
type saver interface{ save() }

// env is what every screen gets from the shell.
type env struct {
	// ctx is cancelled when the screen's database is closed, for example
	// when the window switches to the demonstration.
	ctx context.Context
	win fyne.Window
	run runner
	now func() time.Time
}

// fail logs err and shows its message, unless the database was closed
// meanwhile (then the error is expected and nobody is looking).
func (e env) fail(what string, err error) {
	if e.ctx.Err() != nil {
		slog.Debug(what+" after close", "err", err)
		return
	}
	showError(e.win, what, err)
}

// navEntry is one entry of the navigation rail. key is stable and English
// (BUREAU_SMOKE_SCREEN uses it).
type navEntry struct {
	key   string
	label string
	icon  fyne.Resource
}

// navEntries lists the rail in its order.
func navEntries() []navEntry {
	return []navEntry{
		{"dashboard", lang.X("nav.dashboard", "Tableau de bord"), theme.HomeIcon()},
		{"contacts", lang.X("nav.contacts", "Contacts"), theme.AccountIcon()},
		{"partners", lang.X("nav.partners", "Partenaires & mécènes"), theme.GridIcon()},
		{"press", lang.X("nav.press", "Presse"), theme.FileTextIcon()},
		{"donations", lang.X("nav.donations", "Dons & reçus"), theme.DocumentIcon()},
		{"mail", lang.X("nav.mail", "Courriels"), theme.MailComposeIcon()},
		{"charters", lang.X("nav.charters", "Chartes"), theme.DocumentCreateIcon()},
		{"reports", lang.X("nav.reports", "Rapports"), theme.ListIcon()},
		{"settings", lang.X("nav.settings", "Réglages"), theme.SettingsIcon()},
	}
}

// demoInstaller fills an empty database with the demonstration's data.
type demoInstaller func(ctx context.Context, db *store.DB, now time.Time) error

// shellOptions configure a shell.
type shellOptions struct {
	// dbPath is the user's own database (--db or the default one).
	dbPath string
	now    func() time.Time
	run    runner
	// debounce delays a search after each keystroke; 0 searches at once.
	debounce time.Duration
	// installDemo fills the demonstration database; nil hides the choice.
	installDemo demoInstaller
	// firstScreen is a navEntry key or "welcome" to show first instead of
	// the usual choice (smoke tests and screenshots).
	firstScreen string
	// onReady is called once, on the UI goroutine, when the first view
	// shows its data.
	onReady func()
}

// shell is the main window: welcome, navigation rail and screens on one
// open database.
type shell struct {
	app fyne.App
	win fyne.Window
	o   shellOptions

	ctx    context.Context // the window's life
	cancel context.CancelFunc

	core       *core.Core
	coreCtx    context.Context // the screens' env.ctx: ends when core is closed
	coreCancel context.CancelFunc
	profile    association.Profile
	entries    []navEntry
	screens    map[string]screen
	nav        *widget.List
	body       *fyne.Container
	current    string
	welcome    *welcome // when shown
	ready      bool
	// viewer opens receipts in the system's PDF viewer; its temporary
	// files go when the window closes.
	viewer *pdfViewer
	// newItem is the menu entry of Ctrl+N, named after the screen.
	newItem *fyne.MenuItem
	// exitCode is the status Run returns: 1 when the database could not
	// be opened.
	exitCode int
}

func newShell(a fyne.App, o shellOptions) *shell {
	if o.now == nil {
		o.now = time.Now
	}
	if o.run == nil {
		o.run = runInBackground
	}
	s := &shell{app: a, win: a.NewWindow("Bureau"), o: o, entries: navEntries(), viewer: newPDFViewer(a.OpenURL)}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.win.Resize(fyne.NewSize(1180, 740))
	s.addShortcuts()
	return s
}

// start shows a waiting view and opens the user's database.
func (s *shell) start() {
	bar := widget.NewProgressBarInfinite()
	msg := widget.NewLabel(lang.X("shell.opening", "Ouverture de la base de données…"))
	s.win.SetContent(container.NewCenter(container.NewVBox(msg, bar)))
	s.open(s.o.dbPath, s.o.firstScreen)
}

// open opens the database at path and shows first ("" for the usual
// choice: the welcome on an empty database, else the dashboard).
func (s *shell) open(path, first string) {
	s.o.run(func() func() {
		c, p, empty, err := openCore(s.ctx, path, s.o.now)
		return func() {
			if err != nil {
				s.showDBError(err)
				return
			}
			s.setCore(c, p)
			if first == "welcome" || first == "" && empty {
				s.showWelcome()
				return
			}
			if v, ok := smokeViews[first]; ok {
				s.showSmokeView(v)
			} else {
				s.showMain(cmp.Or(first, "dashboard"))
			}
			s.autoBackup()
		}
	})
}

// openCore opens the database and tells whether it is empty: no
// association name and no contact, the sign of a first run.
func openCore(ctx context.Context, path string, now func() time.Time) (c *core.Core, p association.Profile, empty bool, err error) {
	c, err = core.Open(ctx, core.Options{DBPath: path, Now: now})
	if err != nil {
		return nil, p, false, err
	}
	if p, err = c.Association.Get(ctx); err == nil {
		var people, orgs int
		people, orgs, err = c.Contacts.Count(ctx)
		empty = strings.TrimSpace(p.Name) == "" && people+orgs == 0
	}
	if err != nil {
		c.Close()
		return nil, p, false, err
	}
	return c, p, empty, nil
}

// setCore makes c the window's database, closing the previous one, and
// builds the screens on it.
func (s *shell) setCore(c *core.Core, p association.Profile) {
	if s.core != nil {
		s.coreCancel()
		old := s.core
		go func() {
			if err := old.Close(); err != nil {
				slog.Error("close database", "path", old.DB.Path(), "err", err)
			}
		}()
	}
	s.core, s.profile = c, p
	s.coreCtx, s.coreCancel = context.WithCancel(s.ctx)
	e := env{ctx: s.coreCtx, win: s.win, run: s.o.run, now: s.o.now}
	s.screens = s.buildScreens(e)
	s.nav, s.body, s.current = nil, nil, ""
	s.updateTitle()
}

func (s *shell) buildScreens(e env) map[string]screen {
	c := s.core
	gifts := giftsServices{gifts: c.Gifts, receipts: c.Receipts, contacts: c.Contacts, viewer: s.viewer}
	contacts := newContactsScreen(e, c.Contacts, contactio.NewImporter(c.DB), s.o.debounce)
	contacts.detail.setDonorSection(newDonorSection(e, gifts))
	partners := newPartnersScreen(e, c.Contacts, c.Sponsors, s.o.debounce)
	partners.detail.setDonorSection(newDonorSection(e, gifts))
	for _, d := range []*contactDetail{contacts.detail, partners.detail} {
		d.setMail(c.Mail, s.openThread)
	}
	return map[string]screen{
		"dashboard": newDashboard(e, dashboardServices{contacts: c.Contacts, gifts: c.Gifts, profile: c.Association, reports: c.Reports},
			func() { s.show("settings") }),
		"contacts": contacts,
		"partners": partners,
		"press":    newPressScreen(e, c.Contacts, s.o.debounce),
		"donations": newGiftsScreen(e, gifts, giftsHooks{
			goSettings: func() { s.show("settings") }, openContact: s.openContact}),
		"mail":     newMailScreen(e, c.Mail, c.Contacts, s.o.debounce),
		"charters": newChartersScreen(e, c.Charters, c.Contacts, previewDelay),
		"reports":  newReportsScreen(e, c.Reports, c.Contacts),
		"settings": newSettings(e, settingsServices{
			profile: c.Association, backup: c.Backup,
			defaultBackupDir: paths.BackupDir(c.DB.Path()), prefs: s.app.Preferences(),
		}, s.profileSaved),
	}
}

// openContact shows contact id on the contacts screen.
func (s *shell) openContact(id int64) {
	s.show("contacts")
	if c, ok := s.screens["contacts"].(*contactsScreen); ok {
		c.showContact(id)
	}
}

// openThread shows mail thread id on the Courriels screen.
func (s *shell) openThread(id int64) {
	s.show("mail")
	if m, ok := s.screens["mail"].(*mailScreen); ok {
		m.showThread(id)
	}
}

// profileSaved follows a saved profile: the title shows the new name.
func (s *shell) profileSaved(p association.Profile) {
	s.profile = p
	s.updateTitle()
}

func (s *shell) updateTitle() {
	t := "Bureau"
	if n := strings.TrimSpace(s.profile.Name); n != "" {
		t += " — " + n
	}
	if s.core != nil && isDemo(s.core.DB.Path()) {
		t += " — " + lang.X("title.demo", "DÉMONSTRATION")
	}
	s.win.SetTitle(t)
}

// autoBackup makes the daily automatic backup, as the CLI does after
// opening a database; a failure is shown, since it says what to do (plug
// the USB key in…), but does not stop the work.
func (s *shell) autoBackup() {
	b, ctx := s.core.Backup, s.coreCtx
	s.o.run(func() func() {
		if _, _, err := b.Auto(ctx); err != nil {
			return func() {
				if ctx.Err() == nil {
					showError(s.win, "automatic backup", err)
				}
			}
		}
		return nil
	})
}

// isDemo reports whether path is a demonstration database.
func isDemo(path string) bool {
	return strings.HasPrefix(strings.ToLower(filepath.Base(path)), "demo")
}

// demoPath is the demonstration database: demo.db beside the user's own,
// so that fictional data never enters the user's database.
func demoPath(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "demo.db")
}

// markReady calls onReady the first time a view shows its data.
func (s *shell) markReady() {
	if s.ready {
		return
	}
	s.ready = true
	if s.o.onReady != nil {
		s.o.onReady()
	}
}

func (s *shell) showDBError(err error) {
	slog.Error("open database", "path", s.o.dbPath, "err", err)
	s.exitCode = 1
	s.win.SetMainMenu(nil)
	s.win.SetContent(dbErrorView(err, s.app.Quit))
	s.markReady()
}

// showMain shows the rail and the screen key.
func (s *shell) showMain(key string) {
	if s.nav == nil {
		s.welcome = nil
		s.win.SetContent(s.mainView())
		s.win.SetMainMenu(s.mainMenu())
	}
	s.show(key)
}

func (s *shell) mainView() fyne.CanvasObject {
	s.nav = widget.NewList(
		func() int { return len(s.entries) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("Partenaires & mécènes"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(s.entries[id].icon)
			row.Objects[1].(*widget.Label).SetText(s.entries[id].label)
		})
	s.nav.OnSelected = func(id widget.ListItemID) { s.display(s.entries[id].key) }

	logo := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon))
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(32))
	name := widget.NewLabelWithStyle("Bureau", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	header := container.NewVBox(container.NewHBox(logo, name), widget.NewSeparator())
	rail := container.NewBorder(container.NewPadded(header), nil, nil, nil, s.nav)

	s.body = container.NewStack()
	var top fyne.CanvasObject
	if isDemo(s.core.DB.Path()) {
		top = s.demoBanner()
	}
	return container.NewBorder(top, nil, container.NewHBox(rail, widget.NewSeparator()), nil, s.body)
}

// demoBanner reminds that the data is fictional, with a way back to the
// user's own database when the window came from it.
func (s *shell) demoBanner() fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameWarning))
	bg.CornerRadius = 4
	msg := widget.NewLabelWithStyle(lang.X("demo.banner",
		"Démonstration : toutes les données de cette base sont fictives. Vos propres données n'y sont pas."),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	msg.Truncation = fyne.TextTruncateEllipsis
	var right fyne.CanvasObject
	own, _ := filepath.Abs(s.o.dbPath)
	if own != s.core.DB.Path() {
		right = widget.NewButtonWithIcon(lang.X("demo.back", "Revenir à ma base"), theme.NavigateBackIcon(), func() {
			s.switchTo(s.o.dbPath, false)
		})
	}
	row := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), right, msg)
	return container.NewPadded(container.NewStack(bg, container.NewPadded(row)))
}

// show selects the screen key in the rail, which displays it.
func (s *shell) show(key string) {
	if s.nav == nil {
		s.showMain(key)
		return
	}
	i := slices.IndexFunc(s.entries, func(e navEntry) bool { return e.key == key })
	if i < 0 {
		slog.Warn("unknown screen", "key", key)
		i = 0
	}
	if s.current == s.entries[i].key {
		s.display(s.entries[i].key) // already selected: refresh it
		return
	}
	s.nav.Select(i)
}

// display puts the screen key in the body and reloads its data.
func (s *shell) display(key string) {
	sc := s.screens[key]
	if sc == nil {
		return
	}
	s.current = key
	s.updateNewItem()
	s.body.Objects = []fyne.CanvasObject{sc.view()}
	s.body.Refresh()
	sc.refresh(s.markReady)
}

// screen returns the current screen, or nil outside the main view.
func (s *shell) currentScreen() screen {
	if s.nav == nil {
		return nil
	}
	return s.screens[s.current]
}

func (s *shell) showWelcome() {
	s.win.SetMainMenu(nil)
	s.welcome = newWelcome(s.o.installDemo != nil, func() {
		s.showMain("settings")
		if f, ok := s.screens["settings"].(interface{ focusFirst() }); ok {
			f.focusFirst()
		}
	}, s.openDemo)
	s.win.SetContent(s.welcome.content)
	s.markReady()
}

// openDemo switches the window to the demonstration database, filling it
// first when it is empty.
func (s *shell) openDemo() {
	s.switchTo(demoPath(s.o.dbPath), true)
}

// switchTo opens the database at path in the window. With demo, an empty
// database is filled with the demonstration; a database that this call
// created is removed again when the user cancels or it fails.
func (s *shell) switchTo(path string, demo bool) {
	ctx, cancel := context.WithCancel(s.ctx)
	msg := lang.X("switch.opening", "Ouverture de la base de données…")
	if demo {
		msg = lang.X("demo.creating", "Préparation de la démonstration : création d'une association fictive et de ses contacts…")
	}
	d := newProgressDialog(s.win, lang.X("switch.title", "Un instant"), msg, cancel)
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, os.ErrNotExist)
	install, now := s.o.installDemo, s.o.now
	s.o.run(func() func() {
		c, p, empty, err := openCore(ctx, path, now)
		if err == nil && demo && empty && install != nil {
			if err = install(ctx, c.DB, now()); err == nil {
				p, err = c.Association.Get(ctx)
				empty = false
			}
			if err != nil {
				c.Close()
			}
		}
		if err != nil && created {
			removeDB(path)
		}
		return func() {
			d.Hide()
			cancelled := ctx.Err() != nil
			cancel()
			switch {
			case cancelled && err == nil:
				go c.Close() // the user no longer wants it
				return
			case cancelled:
				return
			case err != nil:
				showError(s.win, "switch database", err)
				return
			}
			s.setCore(c, p)
			if empty {
				s.showWelcome()
				return
			}
			s.showMain("dashboard")
		}
	})
}

// removeDB deletes a database file that Bureau just created, with its
// WAL companions.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			slog.Error("remove unfinished database", "path", p, "err", err)
		}
	}
}

// addShortcuts binds Ctrl+N, Ctrl+F and Ctrl+S on the canvas. The main
// menu carries them too, because a focused entry would otherwise keep
// them for itself.
func (s *shell) addShortcuts() {
	for _, sc := range s.shortcuts() {
		s.win.Canvas().AddShortcut(sc.shortcut, func(fyne.Shortcut) { sc.action() })
	}
}

type shortcut struct {
	label    string
	shortcut *desktop.CustomShortcut
	action   func()
}

func (s *shell) shortcuts() []shortcut {
	ctrl := func(k fyne.KeyName) *desktop.CustomShortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	return []shortcut{
		{lang.X("menu.new_person", "Nouvelle personne…"), ctrl(fyne.KeyN), s.newPerson},
		{lang.X("menu.search", "Rechercher"), ctrl(fyne.KeyF), s.focusSearch},
		{lang.X("menu.save", "Enregistrer les réglages"), ctrl(fyne.KeyS), s.save},
	}
}

func (s *shell) mainMenu() *fyne.MainMenu {
	var items []*fyne.MenuItem
	for _, sc := range s.shortcuts() {
		it := fyne.NewMenuItem(sc.label, sc.action)
		it.Shortcut = sc.shortcut
		items = append(items, it)
	}
	s.newItem = items[0] // Ctrl+N
	about := fyne.NewMenuItem(lang.X("menu.about", "À propos de Bureau"), func() { showAbout(s.win) })
	return fyne.NewMainMenu(
		fyne.NewMenu(lang.X("menu.file", "Fichier"), items...),
		fyne.NewMenu(lang.X("menu.help", "Aide"), about),
	)
}

// creator is a screen whose Ctrl+N creates its own kind of record.
type creator interface {
	create()
	// createLabel names it in the menu: « Nouveau don… ».
	createLabel() string
}

// updateNewItem names in the menu what Ctrl+N creates on this screen.
func (s *shell) updateNewItem() {
	if s.newItem == nil {
		return
	}
	label := lang.X("menu.new_person", "Nouvelle personne…")
	if c, ok := s.currentScreen().(creator); ok {
		label = c.createLabel()
	}
	if s.newItem.Label != label {
		s.newItem.Label = label
		if m := s.win.MainMenu(); m != nil {
			m.Refresh()
		}
	}
}

// newPerson (Ctrl+N) opens the form of a new person over the contacts,
// or, on a screen that creates something else (a gift), its form.
func (s *shell) newPerson() {
	if s.nav == nil {
		return
	}
	if c, ok := s.currentScreen().(creator); ok {
		c.create()
		return
	}
	s.show("contacts")
	if c, ok := s.screens["contacts"].(*contactsScreen); ok {
		c.newContact(contact.Person)
	}
}

// focusSearch (Ctrl+F) puts the cursor in the current screen's search box.
func (s *shell) focusSearch() {
	if sc, ok := s.currentScreen().(searcher); ok {
		sc.focusSearch()
	}
}

// save (Ctrl+S) saves the current screen's form.
func (s *shell) save() {
	if sc, ok := s.currentScreen().(saver); ok {
		sc.save()
	}
}

// close ends background work and closes the database.
func (s *shell) close() {
	s.cancel()
	s.viewer.close()
	if s.core != nil {
		if err := s.core.Close(); err != nil {
			slog.Error("close database", "err", err)
		}
		s.core = nil
	}
}

// newProgressDialog shows a modal dialog with an endless bar and a Cancel
// button that calls cancel.
func newProgressDialog(w fyne.Window, title, message string, cancel func()) dialog.Dialog {
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	bar := widget.NewProgressBarInfinite()
	content := container.NewVBox(container.NewGridWrap(fyne.NewSize(420, 60), msg), bar)
	d := dialog.NewCustomWithoutButtons(title, content, w)
	stop := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), nil)
	stop.OnTapped = func() {
		stop.Disable()
		msg.SetText(lang.X("progress.cancelling", "Annulation…"))
		cancel()
	}
	d.SetButtons([]fyne.CanvasObject{stop})
	d.Show()
	return d
}
