package app

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
)

func TestContactsSearchFiltersAsYouType(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	helene := addPerson(t, c, "Hélène", "Dupont", "helene.dupont@example.org", "Orléans")
	addPerson(t, c, "Hélène", "Martin", "", "Tours")
	addPerson(t, c, "Paul", "Dupont", "", "Orléans")
	addOrg(t, c, "Orléans Solidarité", contact.OrgAssociation)

	w := test.NewTempWindow(t, nil)
	s := newContactsScreen(testEnv(t, w), c.Contacts, contactio.NewImporter(c.DB), 0)
	w.SetContent(s.view())
	s.refresh(func() {})
	if got := len(s.rows); got != 4 {
		t.Fatalf("before searching, %d rows, want 4", got)
	}

	test.Type(s.search, "helene orl")
	if got, want := s.names(), []string{"DUPONT Hélène"}; !slices.Equal(got, want) {
		t.Errorf("search « helene orl » = %q, want %q", got, want)
	}
	if got := s.count.Text; got != "1 fiche" {
		t.Errorf("count = %q, want « 1 fiche »", got)
	}

	s.list.Select(0)
	if got := s.detail.title.Text; got != "DUPONT Hélène" {
		t.Errorf("detail title = %q", got)
	}
	if s.shownID != helene {
		t.Errorf("detail shows contact %d, want %d", s.shownID, helene)
	}

	s.search.SetText("zzz")
	if len(s.rows) != 0 || s.count.Text != "Aucune fiche ne correspond à « zzz »." {
		t.Errorf("no match: %d rows, count %q", len(s.rows), s.count.Text)
	}
}

func TestContactsKindSelector(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	addPerson(t, c, "Paul", "Dupont", "", "")
	addOrg(t, c, "Mairie de Blois", contact.OrgPublicFunder)
	w := test.NewTempWindow(t, nil)
	s := newContactsScreen(testEnv(t, w), c.Contacts, contactio.NewImporter(c.DB), 0)
	s.refresh(func() {})
	s.kind.SetSelected("Organisations")
	if got := s.names(); !slices.Equal(got, []string{"Mairie de Blois"}) {
		t.Errorf("organisations = %q", got)
	}
	s.kind.SetSelected("Personnes")
	if got := s.names(); !slices.Equal(got, []string{"DUPONT Paul"}) {
		t.Errorf("people = %q", got)
	}
}

func TestContactsPagesInSQL(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	var batch []contact.Contact
	for i := range 450 {
		batch = append(batch, contact.Contact{Kind: contact.Person, FirstName: "Jean", LastName: fmt.Sprintf("Nom%03d", i)})
	}
	if err := c.DB.InsertContacts(context.Background(), batch, "test"); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	s := newContactsScreen(testEnv(t, w), c.Contacts, contactio.NewImporter(c.DB), 0)
	s.refresh(func() {})
	if len(s.rows) != pageSize || !s.more {
		t.Fatalf("first page: %d rows, more %v; want %d, true", len(s.rows), s.more, pageSize)
	}
	s.loadMore()
	s.loadMore()
	if len(s.rows) != 450 || s.more {
		t.Fatalf("after two more pages: %d rows, more %v; want 450, false", len(s.rows), s.more)
	}
	if s.rows[0].Name != "NOM000 Jean" || s.rows[449].Name != "NOM449 Jean" {
		t.Errorf("rows not in order: first %q, last %q", s.rows[0].Name, s.rows[449].Name)
	}
	if s.list.Length() != 450 {
		t.Errorf("list.Length() = %d, want 450", s.list.Length())
	}
	if s.count.Text != "450 fiches" {
		t.Errorf("count = %q", s.count.Text)
	}
}

func TestContactsDropsStaleResults(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	addPerson(t, c, "Anne", "Leroy", "", "")
	addPerson(t, c, "Bruno", "Petit", "", "")
	w := test.NewTempWindow(t, nil)
	var queued []func() func()
	e := testEnv(t, w)
	e.run = func(work func() func()) { queued = append(queued, work) }
	s := newContactsScreen(e, c.Contacts, contactio.NewImporter(c.DB), 0)

	test.Type(s.search, "a")  // first query: "a"
	s.search.SetText("bruno") // second query, sent before the first answered
	if len(queued) != 2 {
		t.Fatalf("%d queries queued, want 2", len(queued))
	}
	newer := queued[1]()
	older := queued[0]()
	newer()
	older() // answers last, but is stale
	if got := s.names(); !slices.Equal(got, []string{"PETIT Bruno"}) {
		t.Errorf("rows = %q, want the newest query's", got)
	}
}

func TestPartnersListsOneKindAtATime(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	addOrg(t, c, "Boulangerie Martin", contact.OrgCompany)
	addOrg(t, c, "Fondation du Val", contact.OrgFoundation)
	addOrg(t, c, "La Nouvelle République", contact.OrgPress)
	addPerson(t, c, "Paul", "Dupont", "", "")
	w := test.NewTempWindow(t, nil)
	s := newPartnersScreen(testEnv(t, w), c.Contacts, c.Sponsors, 0)
	s.refresh(func() {})
	if got := s.names(); !slices.Equal(got, []string{"Boulangerie Martin"}) {
		t.Errorf("companies = %q", got)
	}
	s.kind.SetSelected("Fondations")
	if got := s.names(); !slices.Equal(got, []string{"Fondation du Val"}) {
		t.Errorf("foundations = %q", got)
	}
	s.kind.SetSelected("Financeurs publics")
	if len(s.rows) != 0 || s.count.Text != "Aucune organisation de ce type pour l'instant." {
		t.Errorf("public funders: %q, count %q", s.names(), s.count.Text)
	}
}

func TestPressListsPressOutlets(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	addOrg(t, c, "Boulangerie Martin", contact.OrgCompany)
	addOrg(t, c, "La Nouvelle République", contact.OrgPress)
	addOrg(t, c, "France Bleu Orléans", contact.OrgPress)
	w := test.NewTempWindow(t, nil)
	s := newPressScreen(testEnv(t, w), c.Contacts, 0)
	s.refresh(func() {})
	if got, want := s.names(), []string{"France Bleu Orléans", "La Nouvelle République"}; !slices.Equal(got, want) {
		t.Errorf("press = %q, want %q", got, want)
	}
	test.Type(s.search, "bleu")
	if got := s.names(); !slices.Equal(got, []string{"France Bleu Orléans"}) {
		t.Errorf("press search = %q", got)
	}
}
