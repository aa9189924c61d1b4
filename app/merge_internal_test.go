package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
)

func TestMergeFromDetailPanel(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	ctx := context.Background()
	keep := addPerson(t, c, "Hélène", "Dupont", "helene@example.org", "Orléans")
	other := addPerson(t, c, "Helene", "Dupont", "h.dupont@travail.fr", "Orléans")
	addGift(t, c, other, 50_00, "2026-03-01")
	s := newTestContacts(t, c)
	s.showContact(keep)

	test.Tap(s.detail.merge)
	s.picker.pick("DUPONT Helene")
	m := s.merge
	if m == nil || len(m.choices) != 1 || m.choices["first_name"] == nil {
		t.Fatalf("merge dialog choices = %+v, want the first name only", m.choices)
	}
	if !hasLabel(m.body, "helene@example.org\nh.dupont@travail.fr") {
		t.Errorf("the united emails are not shown")
	}
	m.choose("first_name", true)
	test.Tap(m.mergeButton)
	if m.confirm == nil {
		t.Fatal("no confirmation before merging")
	}
	m.confirm.Confirm()

	if _, err := c.Contacts.Get(ctx, other); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("the other record is still there: %v", err)
	}
	got, err := c.Contacts.Get(ctx, keep)
	if err != nil || got.FirstName != "Helene" || len(got.Emails) != 2 {
		t.Errorf("kept record = %+v, %v", got, err)
	}
	if names := s.names(); !slices.Equal(names, []string{"DUPONT Helene"}) {
		t.Errorf("list after merge = %q", names)
	}
	if s.shownID != keep {
		t.Errorf("detail shows %d after merge, want %d", s.shownID, keep)
	}
}

func TestDuplicatesViewOpensMerge(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	a := addPerson(t, c, "Anne", "Leroy", "anne@example.org", "")
	b := addPerson(t, c, "Annie", "Leroy", "ANNE@example.org", "")
	addOrg(t, c, "Mairie de Blois", contact.OrgPublicFunder)
	s := newTestContacts(t, c)

	test.Tap(s.dupsButton)
	d := s.dups
	if len(d.pairs) != 1 || d.pairs[0].A != a || d.pairs[0].B != b || !strings.Contains(d.info.Text, "1 paire") {
		t.Fatalf("duplicates = %+v (%q)", d.pairs, d.info.Text)
	}
	d.list.Select(0)
	test.Tap(d.merge.swap)
	if d.merge.keep.ID != b {
		t.Errorf("after swapping, the kept record is %d, want %d", d.merge.keep.ID, b)
	}
	test.Tap(d.merge.mergeButton)
	d.merge.confirm.Confirm()
	if len(d.pairs) != 0 || !strings.HasPrefix(d.info.Text, "Aucun doublon") {
		t.Errorf("duplicates after merge = %+v (%q)", d.pairs, d.info.Text)
	}
	if got := s.names(); !slices.Equal(got, []string{"LEROY Annie", "Mairie de Blois"}) {
		t.Errorf("list after merge = %q", got)
	}
}

func TestMergeRefusesPersonWithOrganisation(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	p := addPerson(t, c, "Paul", "Martin", "", "")
	o := addOrg(t, c, "Boulangerie Martin", contact.OrgCompany)
	w := test.NewTempWindow(t, nil)
	m := showMerge(testEnv(t, w), c.Contacts, p, o, nil, nil)
	if !m.mergeButton.Disabled() || !hasLabel(m.body, "Une personne et une organisation") {
		t.Errorf("a person and an organisation may be merged")
	}
}
