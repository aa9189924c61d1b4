package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/association"
)

func TestNavHasNineEntriesInOrderInFrench(t *testing.T) {
	newApp(t)
	path := dbPath(t)
	c := openCoreAt(t, path)
	addPerson(t, c, "Hélène", "Dupont", "", "Orléans")

	s := newTestShell(t, path)
	want := []string{"Tableau de bord", "Contacts", "Partenaires & mécènes", "Presse", "Dons & reçus",
		"Courriels", "Chartes", "Rapports", "Réglages"}
	var got []string
	for _, e := range s.entries {
		got = append(got, e.label)
	}
	if !slices.Equal(got, want) {
		t.Errorf("nav labels = %q, want %q", got, want)
	}
	if n := s.nav.Length(); n != 9 {
		t.Errorf("nav.Length() = %d, want 9", n)
	}
	if s.current != "dashboard" {
		t.Errorf("first screen = %q, want dashboard", s.current)
	}
}

func TestEveryNavEntryShowsItsScreen(t *testing.T) {
	newApp(t)
	path := dbPath(t)
	c := openCoreAt(t, path)
	addPerson(t, c, "Hélène", "Dupont", "", "Orléans")
	s := newTestShell(t, path)
	for i, e := range s.entries {
		s.nav.Select(i)
		if s.current != e.key || s.body.Objects[0] != s.screens[e.key].view() {
			t.Errorf("after selecting %q, current = %q", e.key, s.current)
		}
	}
}

func TestWelcomeOnEmptyDatabase(t *testing.T) {
	newApp(t)
	s := newTestShell(t, dbPath(t))
	if s.welcome == nil || s.nav != nil {
		t.Fatalf("welcome not shown on an empty database")
	}
	if s.win.Content() != s.welcome.content {
		t.Errorf("window content is not the welcome")
	}
	if s.welcome.demo == nil {
		t.Errorf("the demonstration choice is missing")
	}
	test.Tap(s.welcome.fill)
	if s.current != "settings" {
		t.Errorf("« Renseigner mon association » shows %q, want settings", s.current)
	}
}

func TestNoWelcomeOnFilledDatabase(t *testing.T) {
	for name, fill := range map[string]func(t *testing.T, path string){
		"association name": func(t *testing.T, path string) {
			c := openCoreAt(t, path)
			if err := c.Association.Save(context.Background(), association.Profile{Name: "Les Amis du Parc"}); err != nil {
				t.Fatal(err)
			}
		},
		"a contact": func(t *testing.T, path string) {
			addPerson(t, openCoreAt(t, path), "Paul", "Martin", "", "")
		},
	} {
		t.Run(name, func(t *testing.T) {
			newApp(t)
			path := dbPath(t)
			fill(t, path)
			s := newTestShell(t, path)
			if s.welcome != nil || s.nav == nil {
				t.Fatalf("welcome shown on a database with %s", name)
			}
		})
	}
}

func TestWelcomeDemoOpensSeparateDatabase(t *testing.T) {
	newApp(t)
	own := dbPath(t)
	s := newTestShell(t, own)
	test.Tap(s.welcome.demo)

	demo := filepath.Join(filepath.Dir(own), "demo.db")
	if got := s.core.DB.Path(); got != demo {
		t.Fatalf("window database = %s, want %s", got, demo)
	}
	if s.current != "dashboard" {
		t.Errorf("after the demo, screen = %q, want dashboard", s.current)
	}
	if title := s.win.Title(); !strings.HasPrefix(title, "Bureau — ") || !strings.HasSuffix(title, " — DÉMONSTRATION") {
		t.Errorf("title = %q, want Bureau — <name> — DÉMONSTRATION", title)
	}
	d := s.screens["dashboard"].(*dashboard)
	if d.people.Text == "0 personne" {
		t.Errorf("the demonstration has no people")
	}
	// The user's own database got nothing.
	people, orgs, err := openCoreAt(t, own).Contacts.Count(context.Background())
	if err != nil || people+orgs != 0 {
		t.Errorf("own database has %d people, %d organisations (err %v), want none", people, orgs, err)
	}
}

func TestTitle(t *testing.T) {
	newApp(t)
	path := dbPath(t)
	c := openCoreAt(t, path)
	addPerson(t, c, "Paul", "Martin", "", "")
	s := newTestShell(t, path)
	if got := s.win.Title(); got != "Bureau" {
		t.Errorf("title without a name = %q, want Bureau", got)
	}
	s.profileSaved(association.Profile{Name: "Les Amis du Parc"})
	if got := s.win.Title(); got != "Bureau — Les Amis du Parc" {
		t.Errorf("title = %q, want « Bureau — Les Amis du Parc »", got)
	}
}

func TestUnreadableDatabaseShowsMessageAndChangesNothing(t *testing.T) {
	newApp(t)
	path := dbPath(t)
	garbage := bytes.Repeat([]byte("pas une base "), 300)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	s := newTestShell(t, path)
	if s.exitCode != 1 {
		t.Errorf("exitCode = %d, want 1", s.exitCode)
	}
	if s.nav != nil || s.welcome != nil {
		t.Errorf("main view or welcome shown on a damaged database")
	}
	markup := test.RenderObjectToMarkup(s.win.Content())
	if !strings.Contains(markup, "endommagé") || !strings.Contains(markup, "Quitter") {
		t.Errorf("error view lacks the message or the Quit button:\n%s", markup)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, garbage) {
		t.Errorf("damaged file changed (err %v)", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("files beside the database: %d, want only the database", len(entries))
	}
}

func TestShortcuts(t *testing.T) {
	newApp(t)
	path := dbPath(t)
	c := openCoreAt(t, path)
	addPerson(t, c, "Paul", "Martin", "", "")
	s := newTestShell(t, path)
	typed := func(k fyne.KeyName) {
		s.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
	}

	s.show("contacts")
	typed(fyne.KeyF)
	if s.win.Canvas().Focused() != s.screens["contacts"].(*contactsScreen).search {
		t.Errorf("Ctrl+F did not focus the contacts' search box")
	}

	s.show("settings")
	st := s.screens["settings"].(*settingsScreen)
	test.Type(st.fields["name"].entry, "Les Amis du Parc")
	typed(fyne.KeyS)
	if p, _ := c.Association.Get(context.Background()); p.Name != "Les Amis du Parc" {
		t.Errorf("Ctrl+S saved name %q", p.Name)
	}

	if s.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("a dialog is open before Ctrl+N")
	}
	typed(fyne.KeyN)
	if s.win.Canvas().Overlays().Top() == nil {
		t.Errorf("Ctrl+N opened no dialog")
	}
}

func TestSmokeFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := smokeFromEnv(true, env(map[string]string{envSmokeScreen: "contacts", envSmokeHold: "3s"}))
	if err != nil || c.screen != "contacts" || c.hold.Seconds() != 3 {
		t.Errorf("smokeFromEnv = %+v, %v", c, err)
	}
	if _, err := smokeFromEnv(true, env(map[string]string{envSmokeScreen: "nowhere"})); err == nil {
		t.Errorf("unknown screen accepted")
	}
	if _, err := smokeFromEnv(true, env(map[string]string{envSmokeHold: "long"})); err == nil {
		t.Errorf("bad duration accepted")
	}
	if c, _ := smokeFromEnv(false, env(map[string]string{envSmokeScreen: "contacts"})); c.screen != "" {
		t.Errorf("screen read outside smoke mode")
	}
}

func TestCancelledDemoLeavesNoFile(t *testing.T) {
	newApp(t)
	own := dbPath(t)
	var queued []func() func()
	runQueued := func() {
		for len(queued) > 0 {
			w := queued[0]
			queued = queued[1:]
			if apply := w(); apply != nil {
				apply()
			}
		}
	}
	s := newTestShell(t, own, func(o *shellOptions) {
		o.run = func(w func() func()) { queued = append(queued, w) }
	})
	runQueued() // opens the user's database: welcome
	test.Tap(s.welcome.demo)
	cancel := findButton(s.win.Canvas().Overlays().Top(), "Annuler")
	if cancel == nil {
		t.Fatal("no Annuler button in the progress dialog")
	}
	test.Tap(cancel)
	runQueued()

	if _, err := os.Stat(filepath.Join(filepath.Dir(own), "demo.db")); !os.IsNotExist(err) {
		t.Errorf("demo.db left behind after cancelling (stat: %v)", err)
	}
	if s.core.DB.Path() != own || s.welcome == nil {
		t.Errorf("after cancelling, the window shows %s (welcome %v)", s.core.DB.Path(), s.welcome != nil)
	}
	if s.win.Canvas().Overlays().Top() != nil {
		t.Errorf("the progress dialog is still open")
	}
}

// findButton finds the button labelled text in o's object tree.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch v := o.(type) {
	case nil:
		return nil
	case *widget.Button:
		if v.Text == text {
			return v
		}
		return nil
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}
