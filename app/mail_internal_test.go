package app

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/mail"
)

// seedTestMail adds a partner with the address of demoMail's exchange
// and stores the exchange.
func seedTestMail(t *testing.T, c *core.Core) int64 {
	t.Helper()
	id := addPerson(t, c, "Paul", "Durand", "paul.durand@fondation-val.fr", "")
	acct := mail.Account{Name: "contact", Host: "imap.exemple.fr", Port: 993, User: "bureau@asso.test",
		Security: mail.TLS, Address: "bureau@asso.test", Folders: []string{"INBOX"}}
	msgs := demoMail("bureau@asso.test", "paul.durand@fondation-val.fr", "Paul Durand", "redaction@gazette.fr",
		time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))
	if err := seedMail(context.Background(), c.DB, c.Mail, acct, msgs); err != nil {
		t.Fatalf("seed mail: %v", err)
	}
	return id
}

func newTestMailScreen(t *testing.T) (*mailScreen, *core.Core) {
	t.Helper()
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	s := newMailScreen(testEnv(t, w), c.Mail, c.Contacts, 0)
	w.SetContent(s.view())
	w.Resize(fyne.NewSize(1180, 740))
	return s, c
}

func TestMailScreenEmptyExplainsWhatToDo(t *testing.T) {
	s, _ := newTestMailScreen(t)
	s.refresh(func() {})
	if !s.noAccount.Visible() || !strings.Contains(s.noAccount.Text, "Ajoutez le compte de messagerie") {
		t.Errorf("no-account help = %q (visible %v)", s.noAccount.Text, s.noAccount.Visible())
	}
	if !s.syncButton.Disabled() {
		t.Error("sync button enabled without an account")
	}
	if !strings.Contains(s.threadInfo.Text, "Relever le courrier") {
		t.Errorf("thread info = %q", s.threadInfo.Text)
	}
}

func TestMailScreenListsOpensAndSearches(t *testing.T) {
	s, c := newTestMailScreen(t)
	partner := seedTestMail(t, c)
	s.refresh(func() {})
	if len(s.accounts) != 1 || s.noAccount.Visible() {
		t.Fatalf("accounts = %v", s.accounts)
	}
	if len(s.threads) == 0 {
		t.Fatal("no thread listed")
	}
	var conv mail.Thread
	for _, th := range s.threads {
		if strings.Contains(th.Subject, "Convention") {
			conv = th
		}
	}
	if conv.Count != 3 {
		t.Fatalf("threads = %+v, want the convention thread with 3 messages", s.threads)
	}

	i := 0
	for s.threads[i].ID != conv.ID {
		i++
	}
	s.threadList.Select(i)
	if !strings.Contains(s.reader.title.Text, "Convention") {
		t.Errorf("reader title = %q", s.reader.title.Text)
	}
	if !strings.Contains(s.reader.parties.Text, "DURAND Paul") {
		t.Errorf("parties = %q", s.reader.parties.Text)
	}
	if len(s.reader.quotes) != 1 {
		t.Fatalf("quote buttons = %d, want 1", len(s.reader.quotes))
	}
	if findLabel(s.reader.body, "> Voici notre projet", true) != nil {
		t.Error("quoted text shown before unfolding")
	}
	test.Tap(s.reader.quotes[0])
	if findLabel(s.reader.body, "> Voici notre projet", true) == nil {
		t.Error("quoted text hidden after « Afficher le texte cité »")
	}
	if findLabel(s.reader.body, "photos de la fête.zip", false) == nil {
		t.Error("over-cap attachment not listed")
	}

	test.Type(s.search, "mecenat") // accents ignored
	if len(s.threads) != 1 || s.threads[0].ID != conv.ID {
		t.Errorf("search mecenat = %+v", s.threads)
	}
	s.search.SetText("interview")
	if len(s.threads) != 1 || !strings.Contains(s.threads[0].Subject, "interview") {
		t.Errorf("search interview = %+v", s.threads)
	}
	s.search.SetText("")
	row, err := c.Contacts.Get(context.Background(), partner)
	if err != nil {
		t.Fatal(err)
	}
	s.partner.ID, s.partner.Name = row.ID, "Paul Durand"
	s.load(nil)
	if len(s.threads) != 1 || s.threads[0].ID != conv.ID {
		t.Errorf("partner filter = %+v", s.threads)
	}
}

func TestMailAccountFormShowsCheckFailure(t *testing.T) {
	s, _ := newTestMailScreen(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	f := s.newAccountForm()
	f.host.SetText("127.0.0.1")
	f.port.SetText(strconv.Itoa(port))
	f.user.SetText("bureau@asso.test")
	f.password.SetText("secret")
	f.test()
	if !strings.Contains(f.msg.Text, "ne répond pas sur le port "+strconv.Itoa(port)) {
		t.Errorf("check message = %q", f.msg.Text)
	}
	f.save()
	if !strings.Contains(f.msg.Text, "TCP") {
		t.Errorf("save message = %q", f.msg.Text)
	}
	if as, _ := s.svc.Accounts(context.Background()); len(as) != 0 {
		t.Errorf("account saved despite failed check: %v", as)
	}
}

// findLabel returns the first label under o, cards included, whose text
// contains sub; with visible, only a label shown.
func findLabel(o fyne.CanvasObject, sub string, visible bool) *widget.Label {
	if visible && !o.Visible() {
		return nil
	}
	switch v := o.(type) {
	case *widget.Label:
		if strings.Contains(v.Text, sub) {
			return v
		}
	case *widget.Card:
		if v.Content != nil {
			return findLabel(v.Content, sub, visible)
		}
	case *container.Scroll:
		return findLabel(v.Content, sub, visible)
	case *fyne.Container:
		for _, c := range v.Objects {
			if l := findLabel(c, sub, visible); l != nil {
				return l
			}
		}
	}
	return nil
}

// TestOrgDetailListsThreadsAndOpensThem opens an organisation whose
// domain wrote to the association: its panel lists the thread, and the
// link shows it on the Courriels screen.
func TestOrgDetailListsThreadsAndOpensThem(t *testing.T) {
	newApp(t)
	path := dbPath(t)
	c := openCoreAt(t, path)
	org := &contact.Contact{Kind: contact.Organisation, OrgName: "Fondation du Val", OrgKind: contact.OrgFoundation,
		Emails: []contact.Email{{Address: "contact@fondation-val.fr", Preferred: true}}}
	if err := c.Contacts.Create(context.Background(), org); err != nil {
		t.Fatalf("create organisation: %v", err)
	}
	acct := mail.Account{Name: "contact", Host: "imap.exemple.fr", Port: 993, User: "bureau@asso.test",
		Security: mail.TLS, Address: "bureau@asso.test", Folders: []string{"INBOX"}}
	msgs := demoMail("bureau@asso.test", "paul.durand@fondation-val.fr", "Paul Durand", "redaction@gazette.fr",
		time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))
	if err := seedMail(context.Background(), c.DB, c.Mail, acct, msgs); err != nil {
		t.Fatalf("seed mail: %v", err)
	}

	s := newTestShell(t, path)
	s.openContact(org.ID)
	d := s.screens["contacts"].(*contactsScreen).detail
	if !d.mailBox.Visible() {
		t.Fatal("the Courriels section is hidden")
	}
	var links []*widget.Hyperlink
	for _, o := range d.threads.Objects {
		links = append(links, o.(*widget.Hyperlink))
	}
	if len(links) != 1 || !strings.HasSuffix(links[0].Text, " · 3 message(s) · Convention de mécénat") {
		t.Fatalf("threads = %v, want the convention thread only", links)
	}
	// A hyperlink reacts only to a tap on its text.
	test.TapAt(links[0], fyne.NewPos(20, links[0].Size().Height/2))
	if s.current != "mail" {
		t.Errorf("screen = %q after tapping the thread, want mail", s.current)
	}
	m := s.screens["mail"].(*mailScreen)
	if !strings.Contains(m.reader.title.Text, "Convention de mécénat") {
		t.Errorf("reader title = %q", m.reader.title.Text)
	}

	// A contact without mail has no section.
	s.openContact(addPerson(t, c, "Jean", "Sans", "", ""))
	if d.mailBox.Visible() {
		t.Error("the Courriels section shows for a contact without mail")
	}
}
