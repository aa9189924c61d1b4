package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/core"
)

// newTestContacts shows the contacts screen on c in a test window.
func newTestContacts(t *testing.T, c *core.Core) *contactsScreen {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	s := newContactsScreen(testEnv(t, w), c.Contacts, contactio.NewImporter(c.DB), 0)
	w.SetContent(s.view())
	s.refresh(func() {})
	return s
}

func TestPersonFormValidatesNextToFieldsThenSaves(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	s := newTestContacts(t, c)

	test.Tap(s.newPerson)
	f := s.form
	test.Tap(f.save)
	if f.last.message() == "" {
		t.Errorf("no message next to Nom for an empty person")
	}

	test.Type(f.last.entry, "Dupont")
	test.Type(f.emails.rows[0].value.entry, "pas-une-adresse")
	test.Tap(f.save)
	if f.last.message() != "" {
		t.Errorf("message next to Nom once typed: %q", f.last.message())
	}
	if msg := f.emails.rows[0].value.message(); !strings.Contains(msg, "pas-une-adresse") {
		t.Errorf("message next to the email = %q, want one naming the address", msg)
	}
	if len(s.rows) != 0 {
		t.Fatalf("a person with a bad email was saved: %q", s.names())
	}

	f.emails.rows[0].value.entry.SetText("h.dupont@example.org")
	if f.emails.rows[0].value.message() != "" {
		t.Errorf("the message stays once the email is fixed")
	}
	test.Type(f.first.entry, "Hélène")
	test.Tap(f.emails.addButton)
	test.Type(f.emails.rows[1].value.entry, "helene@travail.fr")
	test.Type(f.phones.rows[0].value.entry, "06 12 34 56 78")
	test.Type(f.addresses.rows[0].city, "Orléans")
	test.Type(f.addresses.rows[0].postcode, "45000")
	test.Type(f.tags.entry, "bénévole, adhérente, Bénévole")
	f.civility.SetSelected("Mme")
	test.Tap(f.save)

	if got := s.names(); !slices.Equal(got, []string{"DUPONT Hélène"}) {
		t.Fatalf("list after save = %q (form messages: %q)", got, f.status.Text)
	}
	if s.detail.title.Text != "DUPONT Hélène" {
		t.Errorf("detail shows %q, want the new person", s.detail.title.Text)
	}
	got, err := c.Contacts.Get(context.Background(), s.shownID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Civility != "Mme" || got.PreferredEmail() != "h.dupont@example.org" || len(got.Emails) != 2 ||
		len(got.Phones) != 1 || got.Addresses[0].City != "Orléans" || !slices.Equal(got.Tags, []string{"adhérente", "bénévole"}) {
		t.Errorf("saved %+v", got)
	}
}

func TestEditKeepsEmailsAndOrganisations(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	ctx := context.Background()
	org := addOrg(t, c, "Boulangerie Martin", contact.OrgCompany)
	p := &contact.Contact{Kind: contact.Person, FirstName: "Paul", LastName: "Martin",
		Emails: []contact.Email{{Address: "paul@boulangerie.fr", Label: "travail"}, {Address: "paul@maison.fr", Preferred: true}}}
	if err := c.Contacts.Create(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := c.Contacts.SetMemberships(ctx, p.ID, []contact.Membership{{OrganisationID: org, Role: "gérant"}}); err != nil {
		t.Fatal(err)
	}
	s := newTestContacts(t, c)
	s.showContact(p.ID)
	test.Tap(s.detail.edit)
	f := s.form
	if len(f.orgs.rows) != 1 || f.orgs.rows[0].choose.Text != "Boulangerie Martin" || f.orgs.rows[0].role.Text != "gérant" {
		t.Fatalf("organisations in the form: %+v", f.orgs.rows)
	}
	f.first.entry.SetText("Paul-Henri")
	test.Tap(f.save)

	got, err := c.Contacts.Get(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FirstName != "Paul-Henri" || len(got.Emails) != 2 || got.PreferredEmail() != "paul@maison.fr" {
		t.Errorf("after edit: %+v", got)
	}
	ms, _ := c.Contacts.Memberships(ctx, p.ID)
	if len(ms) != 1 || ms[0].Role != "gérant" {
		t.Errorf("memberships after edit: %+v", ms)
	}
	if got := s.names(); !slices.Contains(got, "MARTIN Paul-Henri") {
		t.Errorf("list after edit = %q", got)
	}
	if s.detail.title.Text != "MARTIN Paul-Henri" {
		t.Errorf("detail after edit = %q", s.detail.title.Text)
	}
}

func TestPersonFormAddsOrganisation(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	addOrg(t, c, "Radio Val de Loire", contact.OrgPress)
	s := newTestContacts(t, c)
	f := s.newContact(contact.Person)
	test.Type(f.last.entry, "Fontaine")
	test.Tap(f.orgs.addButton)
	f.orgs.picker.pick("Radio Val de Loire")
	test.Type(f.orgs.rows[0].role, "journaliste")
	r := f.orgs.add(0, "", "") // a role without its organisation
	test.Type(r.role, "trésorière")
	test.Tap(f.save)
	if f.orgs.field.message() == "" || s.shownID != 0 {
		t.Fatalf("a role without an organisation was accepted (message %q)", f.orgs.field.message())
	}
	f.orgs.rows = f.orgs.rows[:1]
	test.Tap(f.save)
	ms, err := c.Contacts.Memberships(context.Background(), s.shownID)
	if err != nil || len(ms) != 1 || ms[0].Organisation != "Radio Val de Loire" || ms[0].Role != "journaliste" {
		t.Errorf("memberships = %+v, %v", ms, err)
	}
}

func TestNewPersonWarnsOfLikelyDuplicate(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	existing := addPerson(t, c, "Hélène", "Dupont", "helene@example.org", "")
	s := newTestContacts(t, c)

	f := s.newContact(contact.Person)
	test.Type(f.last.entry, "Dupond")
	test.Type(f.emails.rows[0].value.entry, "Helene@Example.org")
	test.Tap(f.save)
	if f.dup == nil || !strings.Contains(f.dup.text.Text, "Doublon probable : DUPONT Hélène") {
		t.Fatalf("no duplicate warning: %+v", f.dup)
	}
	if people, _, _ := c.Contacts.Count(context.Background()); people != 1 {
		t.Fatalf("saved before the user chose: %d people", people)
	}
	test.Tap(f.dup.openExisting)
	if s.shownID != existing {
		t.Errorf("« Ouvrir la fiche existante » shows %d, want %d", s.shownID, existing)
	}

	f = s.newContact(contact.Person)
	test.Type(f.last.entry, "Dupond")
	test.Type(f.emails.rows[0].value.entry, "helene@example.org")
	test.Tap(f.save)
	test.Tap(f.dup.saveAnyway)
	if people, _, _ := c.Contacts.Count(context.Background()); people != 2 {
		t.Errorf("« Enregistrer quand même » saved nothing: %d people", people)
	}
}

func TestOrganisationFormChecksSIRENAndFiscalYearEnd(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	s := newTestContacts(t, c)
	f := s.newContact(contact.Organisation)
	test.Type(f.orgName.entry, "La Nouvelle République")
	f.orgKind.SetSelected("Presse")
	if !slices.Contains(f.grid.Objects, fyne.CanvasObject(f.pressKindField.box)) {
		t.Errorf("no press kind for a press organisation")
	}
	f.pressKind.SetSelected("Quotidien régional")
	test.Type(f.siren.entry, "123 456 789")
	test.Type(f.yearEnd.entry, "31/13")
	test.Tap(f.save)
	if f.siren.message() == "" || f.yearEnd.message() == "" {
		t.Fatalf("messages: SIREN %q, fin d'exercice %q", f.siren.message(), f.yearEnd.message())
	}
	f.siren.entry.SetText("732 829 320")
	f.yearEnd.entry.SetText("30/6")
	test.Tap(f.save)
	got, err := c.Contacts.Get(context.Background(), s.shownID)
	if err != nil {
		t.Fatalf("not saved: %v (%q)", err, f.status.Text)
	}
	if got.OrgKind != contact.OrgPress || got.PressKind != contact.PressRegionalDaily || got.SIREN != "732829320" || got.FiscalYearEnd != "06-30" {
		t.Errorf("saved %+v", got)
	}
	f.orgKind.SetSelected("Entreprise")
	if slices.Contains(f.grid.Objects, fyne.CanvasObject(f.pressKindField.box)) {
		t.Errorf("press kind still shown for a company")
	}
}

func TestParseDayMonth(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"31/12", "12-31", true},
		{" 30/6 ", "06-30", true},
		{"29/02", "02-29", true},
		{"", "", true},
		{"31/06", "", false},
		{"12", "", false},
		{"aa/bb", "", false},
	}
	for _, tc := range tests {
		if got, ok := parseDayMonth(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("parseDayMonth(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestDetailTimelineConsentExportAndErase(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	ctx := context.Background()
	id := addPerson(t, c, "Paul", "Martin", "paul@example.org", "Tours")
	addPerson(t, c, "Anne", "Leroy", "", "")
	s := newTestContacts(t, c)
	s.showContact(id)
	d := s.detail

	test.Tap(d.note)
	test.Type(d.noteForm.subject.entry, "Appel pour l'adhésion")
	test.Tap(d.noteForm.save)
	tl, _ := c.Contacts.Timeline(ctx, id)
	if len(tl) != 1 || tl[0].Date != "2026-06-15" {
		t.Fatalf("timeline = %+v", tl)
	}
	if !hasLabel(d.timeline, "15/06/2026 · Note · Appel pour l'adhésion") {
		t.Errorf("the note is not shown in the timeline")
	}

	test.Tap(d.consent)
	d.consentForm.status.SetSelected(d.consentForm.status.Options[1])
	test.Type(d.consentForm.source.entry, "courriel du 3 juin")
	test.Tap(d.consentForm.save)
	cs, _ := c.Contacts.Consents(ctx, id)
	if len(cs) != 1 || cs[0].Status != contact.StatusObjection || cs[0].Source != "courriel du 3 juin" {
		t.Errorf("consents = %+v", cs)
	}
	if l := labelWith(d.consents, "Courriel : opposition"); l == nil || l.Importance != widget.DangerImportance {
		t.Errorf("the objection is not shown in red")
	}

	path := t.TempDir() + "/export.json"
	out, err := createFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d.writeExport(id, out, path)
	if data := readFile(t, path); !strings.Contains(data, `"first_name": "Paul"`) || !strings.Contains(data, "courriel du 3 juin") {
		t.Errorf("export = %s", data)
	}
	if !strings.Contains(d.gdpr.Text, path) {
		t.Errorf("export message = %q", d.gdpr.Text)
	}

	test.Tap(d.erase)
	d.eraseConfirm.Confirm()
	if got := s.names(); !slices.Equal(got, []string{"LEROY Anne"}) {
		t.Errorf("list after erasure = %q", got)
	}
	if d.data != nil {
		t.Errorf("the detail still shows the erased contact")
	}
}
