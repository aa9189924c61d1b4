package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/receipt"
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
		Emails: []contact.Email{{Address: "contact@boulangerie-martin.example.fr"}}}
	if err := c.Contacts.Create(context.Background(), dup); err != nil {
		t.Fatal(err)
	}
	// The smoke test issues last year's yearly receipts (bureau receipts
	// issue --year AAAA --annual).
	if _, err := c.Receipts.Bulk(context.Background(), receipt.BulkParams{Year: testNow.Year() - 1, Annual: true}); err != nil {
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
			case "gifts-register":
				r := s.screens["donations"].(*giftsScreen).register
				if overlay || len(r.data.rows) == 0 || r.selected < 0 || r.year.Selected != "2026" {
					t.Errorf("register: overlay %v, %d rows, selected %d, year %q", overlay, len(r.data.rows), r.selected, r.year.Selected)
				}
			case "gift-form":
				f := s.screens["donations"].(*giftsScreen).register.form
				if !overlay || f == nil || f.donorID == 0 || !f.warnings.Visible() {
					t.Errorf("gift form: overlay %v, %+v", overlay, f)
				}
			case "receipts-list":
				l := s.screens["donations"].(*giftsScreen).receipts
				if overlay || len(l.rows) == 0 || l.selected != 0 || l.open.Disabled() {
					t.Errorf("receipts: overlay %v, %d rows, selected %d", overlay, len(l.rows), l.selected)
				}
			case "year-end-wizard":
				w := s.screens["donations"].(*giftsScreen).yearEnd
				if overlay || w.step != yearStepPreview || len(w.plan.Drafts) == 0 {
					t.Errorf("year-end wizard: overlay %v, step %d, %d drafts", overlay, w.step, len(w.plan.Drafts))
				}
			case "declaration":
				p := s.screens["donations"].(*giftsScreen).declaration
				if overlay || !p.loaded || p.d.Year != 2025 || p.d.Receipts == 0 {
					t.Errorf("declaration: overlay %v, %+v", overlay, p.d)
				}
			case "donor-panel":
				d := s.screens["contacts"].(*contactsScreen).detail
				if overlay || d.donor == nil || len(d.donor.data.receipts) == 0 || len(d.donor.data.gifts) < 2 {
					t.Errorf("donor panel: overlay %v, %+v", overlay, d.donor)
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
