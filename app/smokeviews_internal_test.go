package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
)

// TestSmokeViewsOpenOnDemo opens each view of the smoke screenshots on
// the demonstration, as BUREAU_SMOKE_SCREEN does.
func TestSmokeViewsOpenOnDemo(t *testing.T) {
	newApp(t)
	path := dbPath(t)
	c := openCoreAt(t, path)
	if err := installDemo(context.Background(), c.DB, testNow); err != nil {
		t.Fatal(err)
	}
	// The smoke test imports the same likely duplicate (cmd/bureau).
	dup := &contact.Contact{Kind: contact.Organisation, OrgName: "Boulangerie Martin & Fils",
		Emails: []contact.Email{{Address: "boulangerie.martin@example.fr"}}}
	if err := c.Contacts.Create(context.Background(), dup); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(t.TempDir(), "adherents.csv")
	if err := os.WriteFile(csv, []byte(wizardCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(envSmokeFile, csv)
	for key := range smokeViews {
		t.Run(key, func(t *testing.T) {
			ready := 0
			s := newTestShell(t, path, func(o *shellOptions) {
				o.firstScreen = key
				o.onReady = func() { ready++ }
			})
			if ready != 1 {
				t.Fatalf("onReady called %d times", ready)
			}
			overlay := s.win.Canvas().Overlays().Top() != nil
			switch key {
			case "sponsor-board":
				p := s.screens["partners"].(*partnersScreen)
				if overlay || p.tabs.SelectedIndex() != 1 || len(p.board.cards) == 0 {
					t.Errorf("board: overlay %v, tab %d, %d cards", overlay, p.tabs.SelectedIndex(), len(p.board.cards))
				}
			case "press-lists":
				p := s.screens["press"].(*pressScreen)
				if overlay || p.tabs.SelectedIndex() != 1 || len(p.lists.members) == 0 {
					t.Errorf("press lists: overlay %v, tab %d, %d members", overlay, p.tabs.SelectedIndex(), len(p.lists.members))
				}
			case "import-wizard":
				w := s.screens["contacts"].(*contactsScreen).wizard
				if !overlay || w == nil || w.step != stepColumns {
					t.Errorf("import wizard: overlay %v, %+v", overlay, w)
				}
			case "merge-dialog":
				m := s.screens["contacts"].(*contactsScreen).merge
				if !overlay || m == nil || m.keep.ID == 0 || m.mergeButton.Disabled() {
					t.Errorf("merge dialog: overlay %v, %+v", overlay, m)
				}
			case "contact-detail":
				d := s.screens["contacts"].(*contactsScreen).detail
				if overlay || d.data == nil || len(d.data.timeline) < 2 {
					t.Errorf("contact detail: overlay %v, %+v", overlay, d.data)
				}
			case "contact-form":
				f := s.screens["contacts"].(*contactsScreen).form
				if !overlay || f == nil || len(f.orgs.rows) == 0 {
					t.Errorf("contact form: overlay %v, %+v", overlay, f)
				}
			}
		})
	}
}
