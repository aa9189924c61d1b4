package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
)

func TestPressListsMembersBCCAndLog(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	ctx := context.Background()
	outlet := addOrg(t, c, "Le Courrier de Loire", contact.OrgPress)
	sophie := addPerson(t, c, "Sophie", "Girard", "sophie@courrier.fr", "")
	thomas := addPerson(t, c, "Thomas", "Lemaire", "thomas@tv.fr", "")
	lea := addPerson(t, c, "Léa", "Fontaine", "lea@radio.fr", "")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.Contacts.SetMemberships(ctx, sophie, []contact.Membership{{OrganisationID: outlet, Role: "journaliste"}}))
	must(c.Contacts.SetJournalist(ctx, contact.Journalist{PersonID: sophie, Topics: "environnement"}))
	must(c.Contacts.SetJournalist(ctx, contact.Journalist{PersonID: thomas, OptOut: true}))
	must(c.Contacts.CreatePressList(ctx, &contact.PressList{Name: "Presse locale"}))
	must(c.Contacts.AddToPressList(ctx, "Presse locale", sophie, thomas))

	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 700))
	p := newPressLists(testEnv(t, w), c.Contacts)
	w.SetContent(p.view())
	p.refresh(nil)
	if len(p.lists) != 1 || p.lists[0].Members != 2 {
		t.Fatalf("lists = %+v", p.lists)
	}
	p.listView.Select(0)
	if len(p.members) != 2 || p.members[0].Outlets != "Le Courrier de Loire" || p.members[0].Topics != "environnement" ||
		!p.members[1].OptOut {
		t.Fatalf("members = %+v", p.members)
	}
	row := p.memberView.CreateItem()
	p.updateMember(1, row)
	if state := row.(*fyne.Container).Objects[4].(*widget.Label); state.Text != "Désinscrit" || state.Importance != widget.DangerImportance {
		t.Errorf("the opted-out journalist shows %q", state.Text)
	}

	test.Tap(p.copyBCC)
	if got := fyne.CurrentApp().Clipboard().Content(); got != "sophie@courrier.fr" {
		t.Errorf("clipboard = %q, want only the journalist who did not opt out", got)
	}
	if !strings.HasPrefix(p.status.Text, "1 adresse copiée") || !strings.Contains(p.status.Text, "Le membre désinscrit") {
		t.Errorf("status after copy = %q", p.status.Text)
	}

	test.Tap(p.add)
	p.picker.pick("FONTAINE Léa")
	if len(p.members) != 3 {
		t.Fatalf("after adding Léa Fontaine: %d members", len(p.members))
	}
	test.Tap(p.copyBCC)
	if got := fyne.CurrentApp().Clipboard().Content(); got != "lea@radio.fr, sophie@courrier.fr" {
		t.Errorf("clipboard = %q", got)
	}

	test.Tap(p.logSent)
	test.Type(p.sentForm.subject.entry, "Fête des jardins")
	test.Tap(p.sentForm.save)
	rs, _ := c.Contacts.PressReleases(ctx)
	if len(rs) != 1 || rs[0].Recipients != 2 || rs[0].Date != "2026-06-15" {
		t.Errorf("releases = %+v", rs)
	}
	if !hasLabel(p.releaseView, "15/06/2026 — Fête des jardins — 2 destinataires") {
		t.Errorf("the release log does not show the release")
	}

	path := t.TempDir() + "/presse.csv"
	out, err := createFile(path)
	must(err)
	p.export("Presse locale", exportCSV, out, path)
	if data := readFile(t, path); !strings.Contains(data, "sophie@courrier.fr") || strings.Contains(data, "thomas@tv.fr") {
		t.Errorf("CSV export = %s", data)
	}

	for i, m := range p.members {
		if m.ID == lea {
			p.memberView.Select(i)
		}
	}
	test.Tap(p.remove)
	if len(p.members) != 2 {
		t.Errorf("after « Retirer »: %d members", len(p.members))
	}
}
