package mail_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/mailsync"
	"github.com/bureau-asso/bureau/internal/mailsync/imaptest"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// memSecrets is a hand-written fake keyring.
type memSecrets struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memSecrets) Get(k string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if pw, ok := s.m[k]; ok {
		return pw, nil
	}
	return "", mail.ErrNoPassword
}

func (s *memSecrets) Set(k, pw string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = pw
	return true, nil
}

func (s *memSecrets) Delete(k string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, k)
	return nil
}

// fixture is a real store, a real Dovecot and the Service between them,
// with the partners of a small association.
type fixture struct {
	t     *testing.T
	db    *store.DB
	srv   *imaptest.Server
	svc   *mail.Service
	org   contact.Contact // Fondation du Val, fondation-val.fr
	press contact.Contact // La Gazette, redaction@gazette.fr
	jm    contact.Contact // Jeanne Martin, a free-mail address, member of the Fondation
	rawDB *sql.DB
}

const asso = "Les Jardins <bureau@asso.test>"

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, db: storetest.Open(t), srv: imaptest.Start(t)}
	f.svc = mail.NewService(mail.Params{Store: f.db, Source: mailsync.Source{}, Secrets: &memSecrets{m: map[string]string{}},
		Now: func() time.Time { return storetest.Clock }})
	ctx := context.Background()
	f.org = contact.Contact{Kind: contact.Organisation, OrgName: "Fondation du Val", OrgKind: contact.OrgFoundation,
		Website: "https://www.fondation-val.fr/"}
	if err := f.db.CreateContact(ctx, &f.org); err != nil {
		t.Fatal(err)
	}
	f.press = contact.Contact{Kind: contact.Organisation, OrgName: "La Gazette", OrgKind: contact.OrgPress,
		Emails: []contact.Email{{Address: "redaction@gazette.fr"}}}
	if err := f.db.CreateContact(ctx, &f.press); err != nil {
		t.Fatal(err)
	}
	f.jm = storetest.Person(t, f.db, "Jeanne", "Martin", "jeanne.martin@gmail.com", "", "")
	if err := f.db.AddMembership(ctx, f.jm.ID, f.org.ID, "chargée de mission"); err != nil {
		t.Fatal(err)
	}
	return f
}

// addAccount adds the Dovecot user as an account, connection checked.
func (f *fixture) addAccount(name string, a mail.Account) mail.Account {
	f.t.Helper()
	a.Name = name
	if _, err := f.svc.AddAccount(context.Background(), &a, f.srv.Password, true); err != nil {
		f.t.Fatalf("add account: %v\n%s", err, f.srv.LogTail())
	}
	return a
}

func (f *fixture) sync(o mail.SyncOptions) mail.Report {
	f.t.Helper()
	rep, err := f.svc.Sync(context.Background(), o)
	if err != nil {
		f.t.Fatalf("sync: %v\n%s", err, f.srv.LogTail())
	}
	return rep
}

// raw opens the test database directly, for checks the API does not
// offer.
func (f *fixture) raw() *sql.DB {
	f.t.Helper()
	if f.rawDB == nil {
		var err error
		if f.rawDB, err = sql.Open("sqlite", "file:"+f.db.Path()+"?_pragma=busy_timeout(5000)"); err != nil {
			f.t.Fatal(err)
		}
		f.t.Cleanup(func() { f.rawDB.Close() })
	}
	return f.rawDB
}

func (f *fixture) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.raw().QueryRow(q, args...).Scan(&n); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func day(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.FixedZone("CET", 3600)) }

// conversation is a sponsorship exchange with the Fondation, a press
// exchange, and mail that is not partner mail.
func conversation() []imaptest.Msg {
	return []imaptest.Msg{
		{ID: "conv-1@asso.test", From: asso, To: "Paul Durand <paul.durand@fondation-val.fr>", Subject: "Convention de mécénat 2026",
			Date: day(2, 10), Body: "Bonjour Monsieur Durand,\n\nVoici notre projet de convention pour la réunion du 12.\n\nBien cordialement,\nClaire"},
		{ID: "conv-2@fondation-val.fr", From: "Paul Durand <paul.durand@fondation-val.fr>", To: asso, Subject: "RE: Convention de mécénat 2026",
			Date: day(3, 9), InReplyTo: "conv-1@asso.test", References: []string{"conv-1@asso.test"}, Charset: "windows-1252",
			Body: "Chère Claire,\n\nMerci. Le montant de 5 000 € nous convient ; réunion confirmée.\n\nLe 2 mars 2026 à 10:00, Claire a écrit :\n> Bonjour Monsieur Durand,\n> Voici notre projet de convention.\n"},
		{ID: "conv-3@asso.test", From: asso, To: "paul.durand@fondation-val.fr", Cc: "Jeanne Martin <jeanne.martin@gmail.com>",
			Subject: "Re: RE: Convention de mécénat 2026", Date: day(4, 15), InReplyTo: "conv-2@fondation-val.fr",
			References: []string{"conv-1@asso.test", "conv-2@fondation-val.fr"}, Body: "Parfait, je joins la convention signée.",
			Attachments: []imaptest.Attachment{{Name: "convention signée.pdf", Type: "application/pdf", Data: []byte("%PDF-1.4 convention")}}},
		// Outlook in French without References: threaded by subject.
		{ID: "conv-4@gmail.com", From: "Jeanne Martin <jeanne.martin@gmail.com>", To: asso, Subject: "TR : Convention de mécénat 2026",
			Date: day(5, 11), Charset: "iso-8859-1", Body: "Je transmets au comité. Très bien."},
		{ID: "press-1@gazette.fr", From: "La Gazette <redaction@gazette.fr>", To: asso, Subject: "Demande d'interview",
			Date: day(6, 8), HTML: `<html><body><p>Bonjour,</p><p>Pouvons-nous <b>interviewer</b> votre présidente ?</p><img src="http://tracker.example/p.gif"></body></html>`},
		{ID: "spam-1@promo.example", From: "Promo <offres@promo.example>", To: asso, Subject: "Offre spéciale", Date: day(6, 9), Body: "Achetez !"},
		{ID: "member-1@orange.fr", From: "Michel Bénévole <michel@orange.fr>", To: asso, Subject: "Arrosage samedi", Date: day(7, 9), Body: "Je serai là."},
	}
}

func raws(ms []imaptest.Msg) [][]byte {
	out := make([][]byte, len(ms))
	for i, m := range ms {
		out[i] = m.Bytes()
	}
	return out
}

func TestSyncKeepsPartnerMailThreadedAndLinked(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.srv.Append(t, "INBOX", raws(conversation())...)
	// The same sent message in Sent: stored once.
	f.srv.Append(t, "Sent", conversation()[0].Bytes())
	a := f.srv.Account("contact", mail.Plain)
	a.Folders = []string{"INBOX", "Sent"}
	f.addAccount("contact", a)

	rep := f.sync(mail.SyncOptions{})
	if len(rep.Folders) != 2 {
		t.Fatalf("report: %+v", rep.Folders)
	}
	inbox, sent := rep.Folders[0], rep.Folders[1]
	if inbox.Added != 5 || inbox.Skipped != 2 || sent.Added != 0 || sent.Linked != 1 {
		t.Errorf("INBOX %+v, Sent %+v; want 5 added and 2 skipped, then 1 linked", inbox, sent)
	}
	if n := f.count(`SELECT count(*) FROM mail_message`); n != 5 {
		t.Errorf("%d messages stored, want 5", n)
	}

	// Nothing was marked read on the server.
	for uid, flags := range f.srv.Flags(t, "INBOX") {
		for _, fl := range flags {
			if fl == imap.FlagSeen {
				t.Errorf("message %d marked \\Seen by the sync", uid)
			}
		}
	}

	// Threads: the convention (4 messages, the TR: one by subject), the
	// interview request.
	ts, err := f.svc.Threads(ctx, mail.ThreadFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].Subject != "Demande d'interview" || ts[1].Subject != "Convention de mécénat 2026" || ts[1].Count != 4 {
		t.Fatalf("threads = %+v", ts)
	}
	conv := ts[1]

	// Linked to the Fondation (domain), to Jeanne (address) and, through
	// her membership, to the Fondation again; the press thread to La Gazette.
	for _, c := range []struct {
		id   int64
		want []string
	}{
		{f.org.ID, []string{"Convention de mécénat 2026"}},
		{f.jm.ID, []string{"Convention de mécénat 2026"}},
		{f.press.ID, []string{"Demande d'interview"}},
	} {
		got, err := f.svc.ThreadsFor(ctx, c.id, 0)
		if err != nil {
			t.Fatal(err)
		}
		var subjects []string
		for _, t := range got {
			subjects = append(subjects, t.Subject)
		}
		if strings.Join(subjects, "|") != strings.Join(c.want, "|") {
			t.Errorf("ThreadsFor(%d) = %q, want %q", c.id, subjects, c.want)
		}
	}

	d, err := f.svc.Thread(ctx, conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Messages) != 4 || d.Depth[0] != 0 || d.Depth[1] != 1 || d.Depth[2] != 2 {
		t.Errorf("thread order: %d messages, depths %v", len(d.Messages), d.Depth)
	}
	if !strings.Contains(d.Messages[1].Text, "5 000 €") || !strings.Contains(d.Messages[1].Text, "Chère Claire") {
		t.Errorf("windows-1252 text not decoded: %q", d.Messages[1].Text)
	}
	if d.Messages[3].Subject != "TR : Convention de mécénat 2026" || !strings.Contains(d.Messages[3].Text, "Très bien") {
		t.Errorf("ISO-8859-1 message: %q %q", d.Messages[3].Subject, d.Messages[3].Text)
	}
	att := d.Messages[2].Attachments
	if len(att) != 1 || att[0].Name != "convention signée.pdf" || !att[0].Stored {
		t.Fatalf("attachments = %+v", att)
	}
	full, err := f.svc.Attachment(ctx, att[0].ID)
	if err != nil || string(full.Data) != "%PDF-1.4 convention" {
		t.Errorf("attachment content %q, %v", full.Data, err)
	}
	parties := map[int64]bool{}
	for _, p := range d.Parties {
		parties[p.ContactID] = true
	}
	if !parties[f.org.ID] || !parties[f.jm.ID] || parties[f.press.ID] {
		t.Errorf("parties = %+v", d.Parties)
	}

	// HTML turned into text, nothing remote kept.
	press, _ := f.svc.Thread(ctx, ts[0].ID)
	if txt := press.Messages[0].Text; !strings.Contains(txt, "interviewer") || strings.Contains(txt, "tracker") || strings.Contains(txt, "<") {
		t.Errorf("HTML text = %q", txt)
	}

	// Unknown senders are listed, not turned into contacts.
	us, err := f.svc.UnknownSenders(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]mail.UnknownSender{}
	for _, u := range us {
		got[u.Addr] = u
	}
	if _, ok := got["offres@promo.example"]; !ok {
		t.Errorf("unknown senders %+v lack offres@promo.example", us)
	}
	if u, ok := got["paul.durand@fondation-val.fr"]; !ok || u.OrgID != f.org.ID {
		t.Errorf("Paul Durand should be listed as a new person at the Fondation: %+v", u)
	}
	if _, ok := got["bureau@asso.test"]; ok {
		t.Error("the account's own address is listed as unknown")
	}
	if _, ok := got["jeanne.martin@gmail.com"]; ok {
		t.Error("a contact is listed as unknown")
	}
	if n := f.count(`SELECT count(*) FROM contact`); n != 3 {
		t.Errorf("%d contacts, want the 3 created by the test", n)
	}

	// Search, accents and case ignored.
	for _, q := range []string{"reunion", "RÉUNION", "conven", "interview présidente"} {
		res, err := f.svc.Search(ctx, q, 0)
		if err != nil || len(res) != 1 {
			t.Errorf("Search(%q) = %+v, %v; want one thread", q, res, err)
		}
	}
	if res, _ := f.svc.Search(ctx, "arrosage", 0); len(res) != 0 {
		t.Errorf("non-partner mail was stored: %+v", res)
	}
}

func TestSyncIncrementalAndNoop(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	msgs := conversation()
	f.srv.Append(t, "INBOX", raws(msgs[:2])...)
	f.addAccount("contact", f.srv.Account("contact", mail.StartTLS))
	f.sync(mail.SyncOptions{})
	ts, _ := f.svc.Threads(ctx, mail.ThreadFilter{})
	if len(ts) != 1 || ts[0].Count != 2 {
		t.Fatalf("threads after first sync: %+v", ts)
	}
	id := ts[0].ID

	// Nothing new: nothing fetched, nothing written.
	start := time.Now()
	rep := f.sync(mail.SyncOptions{})
	took := time.Since(start)
	if rep.Added() != 0 || rep.Threads != 0 || rep.Folders[0].Seen != 0 {
		t.Errorf("no-op sync: %+v", rep)
	}
	t.Logf("no-op sync took %v", took)

	// A flag changed on the server (CONDSTORE): still nothing to fetch.
	c := f.srv.Client(t)
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	if err := c.Store(imap.UIDSetNum(1), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagFlagged}}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	before, _ := f.db.MailFolder(ctx, 1, "INBOX")
	if rep := f.sync(mail.SyncOptions{}); rep.Added() != 0 || rep.Folders[0].Seen != 0 {
		t.Errorf("sync after a flag change: %+v", rep)
	}
	after, _ := f.db.MailFolder(ctx, 1, "INBOX")
	if before.HighestModSeq == 0 || after.HighestModSeq <= before.HighestModSeq {
		t.Errorf("HIGHESTMODSEQ not followed: before %d, after %d", before.HighestModSeq, after.HighestModSeq)
	}

	// New replies arrive: fetched, added to the same thread.
	f.srv.Append(t, "INBOX", raws(msgs[2:4])...)
	rep = f.sync(mail.SyncOptions{})
	if rep.Added() != 2 || rep.Folders[0].Seen != 2 {
		t.Errorf("incremental sync: %+v", rep.Folders)
	}
	ts, _ = f.svc.Threads(ctx, mail.ThreadFilter{})
	if len(ts) != 1 || ts[0].ID != id || ts[0].Count != 4 {
		t.Errorf("thread id not kept: %+v, want id %d with 4 messages", ts, id)
	}
}

func TestSyncUIDValidityChangeResyncsWithoutDuplicates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.srv.Append(t, "INBOX", raws(conversation())...)
	f.addAccount("contact", f.srv.Account("contact", mail.TLS))
	f.sync(mail.SyncOptions{})
	old, _ := f.db.MailFolder(ctx, 1, "INBOX")

	f.srv.Renumber(t, "INBOX") // new UIDVALIDITY, new UIDs
	f.srv.Append(t, "INBOX", imaptest.Msg{ID: "conv-5@fondation-val.fr", From: "paul.durand@fondation-val.fr", To: asso,
		Subject: "Re: Convention de mécénat 2026", InReplyTo: "conv-3@asso.test", Date: day(8, 9), Body: "Bien reçu."}.Bytes())
	rep := f.sync(mail.SyncOptions{})
	fr := rep.Folders[0]
	if !fr.Reset || fr.Added != 1 || fr.Linked != 5 {
		t.Errorf("after UIDVALIDITY change: %+v, want reset, 1 added, 5 linked", fr)
	}
	now, _ := f.db.MailFolder(ctx, 1, "INBOX")
	if now.UIDValidity == old.UIDValidity {
		t.Fatalf("UIDVALIDITY did not change (%d)", now.UIDValidity)
	}
	if n := f.count(`SELECT count(*) FROM mail_message`); n != 6 {
		t.Errorf("%d messages, want 6 (no duplicates)", n)
	}
	if n := f.count(`SELECT count(*) FROM mail_message_folder`); n != 6 {
		t.Errorf("%d folder links, want 6", n)
	}
	ts, _ := f.svc.Threads(ctx, mail.ThreadFilter{})
	if len(ts) != 2 || ts[0].Count != 5 {
		t.Errorf("threads after resync: %+v", ts)
	}
}

func TestSyncSameMessageInTwoAccounts(t *testing.T) {
	f := newFixture(t)
	f.srv.Append(t, "INBOX", raws(conversation())...)
	f.addAccount("contact", f.srv.Account("contact", mail.Plain))
	f.addAccount("tresorier", f.srv.Account("tresorier", mail.StartTLS))
	rep := f.sync(mail.SyncOptions{})
	if rep.Added() != 5 || rep.Folders[1].Linked != 5 {
		t.Errorf("report %+v", rep.Folders)
	}
	if n := f.count(`SELECT count(*) FROM mail_message`); n != 5 {
		t.Errorf("%d messages stored, want 5", n)
	}
}

func TestSyncMessageWithoutMessageIDStoredOnce(t *testing.T) {
	f := newFixture(t)
	m := imaptest.Msg{From: "paul.durand@fondation-val.fr", To: asso, Subject: "Sans identifiant", Date: day(9, 9), Body: "Texte."}
	f.srv.Append(t, "INBOX", m.Bytes())
	f.srv.Append(t, "Archives", m.Bytes())
	a := f.srv.Account("contact", mail.Plain)
	a.Folders = []string{"INBOX", "Archives"}
	f.addAccount("contact", a)
	f.sync(mail.SyncOptions{})
	if n := f.count(`SELECT count(*) FROM mail_message WHERE key LIKE 'sha256:%'`); n != 1 {
		t.Errorf("%d messages without Message-ID stored, want 1", n)
	}
	if n := f.count(`SELECT count(*) FROM mail_message_folder`); n != 2 {
		t.Errorf("%d folder links, want 2", n)
	}
}

func TestSyncAttachmentCap(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.svc.SetAttachmentMax(ctx, 1000); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 5000)
	f.srv.Append(t, "INBOX", imaptest.Msg{ID: "att@fondation-val.fr", From: "paul.durand@fondation-val.fr", To: asso,
		Subject: "Pièces", Date: day(9, 9), Body: "Ci-joint.", Attachments: []imaptest.Attachment{
			{Name: "petit.txt", Type: "text/plain", Data: []byte("petit")},
			{Name: "../../etc/passwd", Type: "application/octet-stream", Data: []byte(big)},
			{Name: "CON.txt", Type: "text/plain", Data: []byte("device name")},
		}}.Bytes())
	f.addAccount("contact", f.srv.Account("contact", mail.Plain))
	f.sync(mail.SyncOptions{})
	ts, _ := f.svc.Threads(ctx, mail.ThreadFilter{})
	d, err := f.svc.Thread(ctx, ts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	as := d.Messages[0].Attachments
	if len(as) != 3 {
		t.Fatalf("attachments %+v", as)
	}
	if as[0].Name != "petit.txt" || !as[0].Stored {
		t.Errorf("small attachment %+v", as[0])
	}
	if as[1].Name != "passwd" || as[1].Stored || as[1].Size != 5000 {
		t.Errorf("big attachment %+v: want safe name, listed without content", as[1])
	}
	if as[2].Name != "_CON.txt" {
		t.Errorf("device name kept: %q", as[2].Name)
	}
	full, _ := f.svc.Attachment(ctx, as[1].ID)
	if full.Stored || full.Data != nil {
		t.Errorf("capped attachment has content: %+v", full)
	}
}

func TestSyncLinksNewContactsAndRescan(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.srv.Append(t, "INBOX", raws(conversation())...)
	f.addAccount("contact", f.srv.Account("contact", mail.Plain))
	f.sync(mail.SyncOptions{})
	if res, _ := f.svc.Search(ctx, "arrosage", 0); len(res) != 0 {
		t.Fatal("non-partner mail stored")
	}
	// Michel becomes a contact: listed no more; --rescan fetches his mail.
	storetest.Person(t, f.db, "Michel", "Bénévole", "michel@orange.fr", "", "")
	rep := f.sync(mail.SyncOptions{Rescan: true})
	if rep.Added() != 1 {
		t.Errorf("rescan added %d, want 1 (%+v)", rep.Added(), rep.Folders)
	}
	if res, _ := f.svc.Search(ctx, "arrosage", 0); len(res) != 1 {
		t.Errorf("Michel's mail not found after rescan")
	}
	us, _ := f.svc.UnknownSenders(ctx, 0)
	for _, u := range us {
		if u.Addr == "michel@orange.fr" {
			t.Error("a new contact is still listed as unknown")
		}
	}
}

// dropProxy forwards TCP to Dovecot and cuts the first connection after
// it has sent limit bytes to the client.
type dropProxy struct {
	ln    net.Listener
	conns atomic.Int32
	limit int64
}

func newDropProxy(t *testing.T, target string, limit int64) *dropProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dropProxy{ln: ln, limit: limit}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := p.conns.Add(1)
			go func() {
				s, err := net.Dial("tcp", target)
				if err != nil {
					c.Close()
					return
				}
				go func() { io.Copy(s, c); s.Close() }()
				if n == 1 {
					io.CopyN(c, s, p.limit)
				} else {
					io.Copy(c, s)
				}
				c.Close()
				s.Close()
			}()
		}
	}()
	return p
}

func (p *dropProxy) port() int { return p.ln.Addr().(*net.TCPAddr).Port }

func bulk(n int) []imaptest.Msg {
	out := make([]imaptest.Msg, n)
	for i := range out {
		out[i] = imaptest.Msg{ID: fmt.Sprintf("bulk-%d@fondation-val.fr", i), From: "paul.durand@fondation-val.fr", To: asso,
			Subject: fmt.Sprintf("Relevé %d", i), Date: day(1, 0).Add(time.Duration(i) * time.Minute),
			Body: strings.Repeat("Ligne de relevé des dépenses du projet.\n", 20)}
	}
	return out
}

func TestSyncResumesAfterDroppedConnection(t *testing.T) {
	// 700 messages: about 200 kB of header fields, then 650 kB of
	// messages in three batches.
	for _, tt := range []struct {
		name  string
		limit int64
	}{{"while reading headers", 100_000}, {"while fetching messages", 500_000}} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			f.srv.WriteMaildir("INBOX", raws(bulk(700)))
			a := f.srv.Account("contact", mail.Plain)
			if _, err := f.svc.AddAccount(ctx, &a, f.srv.Password, true); err != nil {
				t.Fatal(err)
			}
			// From now on, connections go through a proxy that cuts the
			// first one.
			p := newDropProxy(t, net.JoinHostPort(f.srv.Host, strconv.Itoa(f.srv.Port)), tt.limit)
			if _, err := f.raw().Exec(`UPDATE mail_account SET port = ?`, p.port()); err != nil {
				t.Fatal(err)
			}
			rep := f.sync(mail.SyncOptions{})
			fr := rep.Folders[0]
			if fr.Retries != 1 || fr.Err != nil || fr.Added != 700 {
				t.Errorf("report %+v: want one reconnection, 700 added, no error", fr)
			}
			if n := f.count(`SELECT count(*) FROM mail_message`); n != 700 {
				t.Errorf("%d messages, want 700", n)
			}
			if n := f.count(`SELECT count(*) FROM mail_message_folder`); n != 700 {
				t.Errorf("%d links, want 700", n)
			}
			if n := f.count(`SELECT count(*) FROM mail_message WHERE length(body) < 500`); n != 0 {
				t.Errorf("%d truncated messages stored", n)
			}
			if p.conns.Load() != 2 {
				t.Errorf("%d connections, want 2", p.conns.Load())
			}
		})
	}
}

func TestSyncCancelThenResume(t *testing.T) {
	f := newFixture(t)
	f.srv.WriteMaildir("INBOX", raws(bulk(600)))
	f.addAccount("contact", f.srv.Account("contact", mail.Plain))
	ctx, cancel := context.WithCancel(context.Background())
	var seen []mail.Progress
	rep, err := f.svc.Sync(ctx, mail.SyncOptions{Progress: func(p mail.Progress) {
		seen = append(seen, p)
		if p.Stage == mail.StageMessages && p.Done >= 250 {
			cancel()
		}
	}})
	if err == nil || !strings.Contains(apperr.Message(err), "interrompue") {
		t.Fatalf("cancelled sync: %v", err)
	}
	saved := f.count(`SELECT count(*) FROM mail_message`)
	if saved == 0 || saved >= 600 {
		t.Errorf("%d messages saved before the cancel", saved)
	}
	if rep.Threads == 0 {
		t.Error("messages saved before the cancel were not threaded")
	}
	var total int
	for _, p := range seen {
		if p.Stage == mail.StageMessages {
			total = p.Total
		}
	}
	if total != 600 {
		t.Errorf("progress total %d, want 600", total)
	}
	rep = f.sync(mail.SyncOptions{})
	if got := rep.Added(); got != 600-saved {
		t.Errorf("resumed sync added %d, want %d", got, 600-saved)
	}
	if n := f.count(`SELECT count(*) FROM mail_message`); n != 600 {
		t.Errorf("%d messages, want 600", n)
	}
}

func TestSyncOnlyOneAtATime(t *testing.T) {
	f := newFixture(t)
	f.srv.WriteMaildir("INBOX", raws(bulk(300)))
	f.addAccount("contact", f.srv.Account("contact", mail.Plain))
	started := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		var once sync.Once
		_, err := f.svc.Sync(context.Background(), mail.SyncOptions{Progress: func(p mail.Progress) {
			once.Do(func() { close(started); <-release })
		}})
		done <- err
	}()
	<-started
	_, err := f.svc.Sync(context.Background(), mail.SyncOptions{})
	close(release)
	if !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("second sync: %v, want a conflict", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestRelinkAfterContactChanges: a contact created after the mail was
// synced gets its threads, by Relink or by the next sync.
func TestRelinkAfterContactChanges(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.srv.Append(t, "INBOX", raws(conversation())...)
	f.addAccount("contact", f.srv.Account("contact", mail.Plain))
	f.sync(mail.SyncOptions{})
	paul := storetest.Person(t, f.db, "Paul", "Durand", "paul.durand@fondation-val.fr", "", "")
	if ts, _ := f.svc.ThreadsFor(ctx, paul.ID, 0); len(ts) != 0 {
		t.Fatalf("threads before relink: %+v", ts)
	}
	if err := f.svc.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	ts, _ := f.svc.ThreadsFor(ctx, paul.ID, 0)
	if len(ts) != 1 || ts[0].Subject != "Convention de mécénat 2026" {
		t.Errorf("threads of Paul after relink: %+v", ts)
	}
	us, _ := f.svc.UnknownSenders(ctx, 0)
	for _, u := range us {
		if u.Addr == "paul.durand@fondation-val.fr" {
			t.Error("Paul still listed as unknown")
		}
	}
	// The press contact gets a second address: the next sync, with
	// nothing new on the server, links it by itself.
	press, _ := f.db.GetContact(ctx, f.press.ID)
	press.Emails = append(press.Emails, contact.Email{Address: "michel@orange.fr"})
	if err := f.db.UpdateContact(ctx, &press); err != nil {
		t.Fatal(err)
	}
	f.sync(mail.SyncOptions{Rescan: true})
	ts, _ = f.svc.ThreadsFor(ctx, f.press.ID, 0)
	if len(ts) != 2 {
		t.Errorf("press threads after the new address: %+v", ts)
	}
}
