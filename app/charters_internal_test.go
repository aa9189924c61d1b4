package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/contact"
)

func TestChartersEditValidateSaveAndRegister(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	v := &contact.Contact{Kind: contact.Person, FirstName: "Léa", LastName: "Bénévole", Tags: []string{charter.VolunteerTag}}
	if err := c.Contacts.Create(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	s := newChartersScreen(testEnv(t, w), c.Charters, c.Contacts, 0)
	w.SetContent(s.view())
	w.Resize(fyne.NewSize(1180, 740))
	s.refresh(func() {})
	if s.current != "benevolat" || len(s.charters) < 3 {
		t.Fatalf("current = %q, charters = %d", s.current, len(s.charters))
	}
	if !strings.Contains(s.title.Text, "version 1") {
		t.Errorf("title = %q", s.title.Text)
	}
	if seg, ok := s.preview.Segments[0].(*widget.TextSegment); !ok || seg.Text != "Charte du bénévolat" {
		t.Errorf("preview starts with %#v", s.preview.Segments[0])
	}

	// The pending signer: tagged « bénévole », never signed.
	if findLabel(s.pending, "BÉNÉVOLE Léa", false) == nil && findLabel(s.pending, "Léa", false) == nil {
		t.Errorf("pending signer not listed")
	}

	orig := s.editor.Text
	test.Type(s.editor, "") // focus only
	s.editor.SetText(strings.Replace(orig, "{{association.name}}", "{{association.nom}}", 1))
	if !s.probBox.Visible() || !strings.Contains(s.problems.Text, "Ligne 3") || !strings.Contains(s.problems.Text, "association.nom") {
		t.Errorf("problems = %q (visible %v)", s.problems.Text, s.probBox.Visible())
	}
	s.save()
	if len(s.versions) != 1 {
		t.Errorf("an invalid text was saved: %d versions", len(s.versions))
	}

	s.editor.SetText(orig + "\n\n## Article ajouté\n\nUn nouvel article.\n")
	if s.probBox.Visible() {
		t.Errorf("problems on a valid text: %q", s.problems.Text)
	}
	s.note.SetText("article ajouté")
	s.save()
	if len(s.versions) != 2 || s.versions[0].Version != 2 || s.versions[0].Note != "article ajouté" {
		t.Fatalf("versions = %+v", s.versions)
	}
	if !strings.Contains(s.saveInfo.Text, "Version 2") {
		t.Errorf("save info = %q", s.saveInfo.Text)
	}

	s.record("benevolat", v.ID, "2026-03-01")
	if findLabel(s.signed, "version 2, signée le 01/03/2026", false) == nil {
		t.Error("signature not in the register")
	}
	if len(s.register.Pending) != 0 {
		t.Errorf("pending after signing = %+v", s.register.Pending)
	}
}
