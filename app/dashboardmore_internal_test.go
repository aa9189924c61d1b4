package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestDashboardShowsTopDonors(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	big := addPerson(t, c, "Anne", "Généreuse", "", "Orléans")
	small := addPerson(t, c, "Marc", "Modeste", "", "Orléans")
	addGift(t, c, big, 90_000, "2026-02-10")
	addGift(t, c, small, 2_000, "2026-02-11")
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	d := newDashboard(testEnv(t, w), dashboardServices{contacts: c.Contacts, gifts: c.Gifts, profile: c.Association,
		reports: c.Reports}, func() {})
	w.SetContent(d.view())
	w.Resize(fyne.NewSize(1180, 740))
	d.refresh(func() {})
	first := findLabel(d.extras.donors, "1. ", false)
	if first == nil || first.Text != "1. GÉNÉREUSE Anne" && first.Text != "1. Anne Généreuse" {
		t.Fatalf("first donor = %v", first)
	}
	if findLabel(d.extras.donors, "2. ", false) == nil {
		t.Error("second donor missing")
	}
	if findLabel(d.extras.waiting, "2026 : 2 don(s) sans reçu", false) == nil {
		t.Error("gifts waiting for their receipt not shown")
	}
	if findLabel(d.extras.deadlines, "", false) == nil {
		t.Error("no deadline line")
	}
}
