package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/paths"
)

// newTestSettings shows Réglages on c in a test window.
func newTestSettings(t *testing.T, c *core.Core, onSaved func(association.Profile)) *settingsScreen {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 700))
	s := newSettings(testEnv(t, w), settingsServices{
		profile: c.Association, backup: c.Backup,
		defaultBackupDir: paths.BackupDir(c.DB.Path()), prefs: fyne.CurrentApp().Preferences(),
	}, onSaved)
	w.SetContent(s.view())
	s.refresh(func() {})
	return s
}

func TestSettingsShowsSIRENErrorNextToField(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	s := newTestSettings(t, c, nil)

	test.Type(s.fields["name"].entry, "Les Amis du Parc")
	test.Type(s.fields["siren"].entry, "123")
	test.Tap(s.saveButton)

	msg := s.fields["siren"].message()
	if !strings.Contains(msg, "9 chiffres") {
		t.Errorf("message under SIREN = %q, want one about 9 digits", msg)
	}
	if !slices.Contains(s.fields["siren"].box.Objects, fyne.CanvasObject(s.fields["siren"].err)) {
		t.Errorf("the message is not next to the SIREN entry")
	}
	if m := s.fields["name"].message(); m != "" {
		t.Errorf("message under Nom = %q, want none", m)
	}
	if !strings.HasPrefix(s.status.Text, "Rien n'a été enregistré") {
		t.Errorf("status = %q", s.status.Text)
	}
	if p, _ := c.Association.Get(context.Background()); p.Name != "" {
		t.Errorf("saved name %q despite the error", p.Name)
	}

	test.Type(s.fields["siren"].entry, "4")
	if m := s.fields["siren"].message(); m != "" {
		t.Errorf("message still shown after typing: %q", m)
	}
}

func TestSettingsSavesValidProfile(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	var saved association.Profile
	s := newTestSettings(t, c, func(p association.Profile) { saved = p })

	for key, value := range map[string]string{
		"name": "Les Amis du Parc", "siren": "732 829 320", "street": "3 rue des Lilas",
		"postcode": "45000", "city": "Orléans", "object": "Entretenir le parc et y organiser des fêtes.",
		"signer_name": "Hélène Dupont", "signer_role": "Présidente",
	} {
		test.Type(s.fields[key].entry, value)
	}
	asso, _ := association.CategoryByCode("asso_1901_ig")
	s.category.SetSelected(categoryOption(asso))
	test.Tap(s.saveButton)

	if s.status.Text != "Enregistré." {
		t.Fatalf("status = %q; messages %v", s.status.Text, messages(s))
	}
	p, err := c.Association.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Les Amis du Parc" || p.SIREN != "732829320" || p.City != "Orléans" || p.Category != "asso_1901_ig" {
		t.Errorf("saved profile = %+v", p)
	}
	if saved.Name != "Les Amis du Parc" {
		t.Errorf("onSaved got %q", saved.Name)
	}
	if len(p.MissingForReceipts()) != 0 {
		t.Errorf("still missing: %v", p.MissingForReceipts())
	}
	if n := len(s.missing.Objects); n != 1 || !strings.HasPrefix(s.missing.Objects[0].(*widget.Label).Text, "Rien") {
		t.Errorf("missing list has %d lines after a complete save", n)
	}
}

func TestSettingsCategoryShowsItsDates(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	s := newTestSettings(t, c, nil)
	shown := func(key string) bool {
		return slices.Contains(s.catGrid.Objects, fyne.CanvasObject(s.fields[key].box))
	}
	if shown("dates." + association.DateRUPDecree) {
		t.Errorf("RUP decree date shown without a category")
	}
	rup, _ := association.CategoryByCode("rup")
	s.category.SetSelected(categoryOption(rup))
	if !shown("dates."+association.DateRUPDecree) || !shown("dates."+association.DateJO) {
		t.Errorf("rup: decree and JO dates not shown")
	}
	if shown("dates."+association.DateAgrement) || shown("category_precision") {
		t.Errorf("rup: other fields shown")
	}

	test.Type(s.fields["name"].entry, "Fondation du Val")
	test.Type(s.fields["dates."+association.DateRUPDecree].entry, "14/07/2020")
	test.Type(s.fields["dates."+association.DateJO].entry, "32/07/2020")
	test.Tap(s.saveButton)
	if m := s.fields["dates."+association.DateJO].message(); !strings.Contains(m, "jj/mm/aaaa") {
		t.Errorf("message under the JO date = %q", m)
	}
	s.fields["dates."+association.DateJO].entry.SetText("20/07/2020")
	test.Tap(s.saveButton)
	p, _ := c.Association.Get(context.Background())
	if p.Dates[association.DateRUPDecree] != "2020-07-14" || p.Dates[association.DateJO] != "2020-07-20" {
		t.Errorf("saved dates = %v (status %q)", p.Dates, s.status.Text)
	}

	autre, _ := association.CategoryByCode("autre")
	s.category.SetSelected(categoryOption(autre))
	if !shown("category_precision") || shown("dates."+association.DateRUPDecree) {
		t.Errorf("autre: precision not shown, or dates still shown")
	}
}

func TestCategoryOptionsAreDistinct(t *testing.T) {
	opts := categoryOptions()
	seen := map[string]bool{}
	for _, o := range opts {
		if seen[o] {
			t.Errorf("option %q twice", o)
		}
		seen[o] = true
	}
	if len(opts) != len(association.Categories()) {
		t.Errorf("%d options for %d categories", len(opts), len(association.Categories()))
	}
}

func TestSettingsBackupKeep(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	s := newTestSettings(t, c, nil)
	if s.keep.entry.Text != "10" {
		t.Errorf("keep shows %q, want the default 10", s.keep.entry.Text)
	}
	s.keep.entry.SetText("zéro")
	test.Tap(s.saveButton)
	if s.keep.message() == "" {
		t.Errorf("no message next to an invalid number of backups")
	}
	s.keep.entry.SetText("5")
	test.Tap(s.saveButton)
	if keep, dir, _ := c.Backup.Settings(context.Background()); keep != 5 || dir != paths.BackupDir(c.DB.Path()) {
		t.Errorf("backup settings = %d, %s; want 5 and the default folder", keep, dir)
	}
}

func messages(s *settingsScreen) map[string]string {
	m := map[string]string{}
	for k, f := range s.fields {
		if msg := f.message(); msg != "" {
			m[k] = msg
		}
	}
	return m
}
