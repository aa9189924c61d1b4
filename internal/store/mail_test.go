package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

var _ mail.Store = (*store.DB)(nil)

func mailAccount(t *testing.T, db *store.DB) (mail.Account, mail.Folder) {
	t.Helper()
	ctx := context.Background()
	a := mail.Account{Name: "contact", Host: "imap.asso.fr", Port: 993, User: "contact@asso.fr", Security: mail.TLS,
		Folders: []string{"INBOX", "Sent"}}
	if err := db.CreateMailAccount(ctx, &a); err != nil {
		t.Fatal(err)
	}
	f, err := db.MailFolder(ctx, a.ID, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	return a, f
}

func testMessage(id, subject, body string) mail.Message {
	m := mail.Message{MessageID: id, Subject: subject, Text: body, Date: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		From: mail.Address{Name: "Paul", Addr: "paul@fondation-val.fr"}, To: []mail.Address{{Addr: "contact@asso.fr"}},
		Attachments: []mail.Attachment{{Name: "a.pdf", ContentType: "application/pdf", Size: 3, Stored: true, Data: []byte("pdf")},
			{Name: "big.zip", ContentType: "application/zip", Size: 1 << 30}}}
	m.Key = mail.MessageKey(m)
	return m
}

func TestMailAccountsAndFolders(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	a, f := mailAccount(t, db)
	as, err := db.ListMailAccounts(ctx)
	if err != nil || len(as) != 1 || as[0].Name != "contact" || len(as[0].Folders) != 2 || as[0].Folders[1] != "Sent" {
		t.Fatalf("accounts %+v, %v", as, err)
	}
	dup := a
	if err := db.CreateMailAccount(ctx, &dup); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("duplicate name: %v", err)
	}
	if f.ID == 0 || f.UIDValidity != 0 || f.LastUID != 0 {
		t.Errorf("new folder %+v", f)
	}
	again, _ := db.MailFolder(ctx, a.ID, "INBOX")
	if again.ID != f.ID {
		t.Error("MailFolder created the folder twice")
	}
}

func TestSaveMailBatchStoresOnceAndResumes(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	a, f := mailAccount(t, db)
	m1 := testMessage("1@x", "Réunion du bureau", "Ordre du jour : la fête des jardins.")
	m2 := testMessage("2@x", "Budget", "Le budget prévisionnel.")
	res, err := db.SaveMailBatch(ctx, mail.Batch{FolderID: f.ID, UIDValidity: 7, LastUID: 10,
		Messages: []mail.Incoming{{UID: 3, Message: m1}, {UID: 5, Message: m2}, {UID: 6, Message: m1}},
		Senders:  []mail.SenderSeen{{Addr: "Inconnu@X.fr", Name: "Inconnu", Subject: "Salut", Date: m1.Date}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 {
		t.Errorf("added %d, want 2 (the same message twice is stored once)", res.Added)
	}
	st, _ := db.MailFolder(ctx, a.ID, "INBOX")
	if st.UIDValidity != 7 || st.LastUID != 10 || !st.SyncedAt.IsZero() {
		t.Errorf("folder state %+v", st)
	}
	known, err := db.KnownMailKeys(ctx, []string{m1.Key, "<nope@x>", m2.Key})
	if err != nil || !known[m1.Key] || !known[m2.Key] || known["<nope@x>"] {
		t.Errorf("known %v, %v", known, err)
	}
	uids, _ := db.MailFolderUIDs(ctx, f.ID)
	if len(uids) != 3 || !uids[3] || !uids[6] {
		t.Errorf("uids %v", uids)
	}

	// Sent holds m1 too: linked, not stored again; saving the same batch
	// twice changes nothing.
	sent, _ := db.MailFolder(ctx, a.ID, "Sent")
	for i := 0; i < 2; i++ {
		res, err = db.SaveMailBatch(ctx, mail.Batch{FolderID: sent.ID, UIDValidity: 9, LastUID: 1, HighestModSeq: 44, Done: true,
			Links: []mail.Link{{UID: 1, Key: m1.Key}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	if res.Linked != 0 {
		t.Errorf("second identical batch linked %d", res.Linked)
	}
	st, _ = db.MailFolder(ctx, a.ID, "Sent")
	if st.HighestModSeq != 44 || st.SyncedAt.IsZero() {
		t.Errorf("sent state %+v", st)
	}

	// A new UIDVALIDITY drops the folder's links, not the messages.
	if err := db.ResetMailFolder(ctx, f.ID, 8); err != nil {
		t.Fatal(err)
	}
	uids, _ = db.MailFolderUIDs(ctx, f.ID)
	st, _ = db.MailFolder(ctx, a.ID, "INBOX")
	if len(uids) != 0 || st.LastUID != 0 || st.UIDValidity != 8 {
		t.Errorf("after reset: uids %v, state %+v", uids, st)
	}
	hs, _ := db.MailThreadInput(ctx)
	if len(hs) != 2 {
		t.Errorf("%d messages after reset, want 2", len(hs))
	}

	us, err := db.ListUnknownSenders(ctx, 10)
	if err != nil || len(us) != 1 || us[0].Addr != "inconnu@x.fr" || us[0].MessageCount != 1 {
		t.Errorf("unknown senders %+v, %v", us, err)
	}
	if err := db.DismissUnknownSender(ctx, "inconnu@x.fr"); err != nil {
		t.Fatal(err)
	}
	if us, _ := db.ListUnknownSenders(ctx, 10); len(us) != 0 {
		t.Errorf("dismissed sender still listed: %+v", us)
	}
	if err := db.DismissUnknownSender(ctx, "nobody@x.fr"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("dismiss unknown address: %v", err)
	}
}

// saveThread stores messages and puts them in one thread linked to
// contacts.
func saveThread(t *testing.T, db *store.DB, contacts []int64, ms ...mail.Message) int64 {
	t.Helper()
	ctx := context.Background()
	_, f := mailAccount(t, db)
	var in []mail.Incoming
	for i, m := range ms {
		in = append(in, mail.Incoming{UID: uint32(i + 1), Message: m})
	}
	if _, err := db.SaveMailBatch(ctx, mail.Batch{FolderID: f.ID, UIDValidity: 1, LastUID: uint32(len(ms)), Messages: in}); err != nil {
		t.Fatal(err)
	}
	hs, _ := db.MailThreadInput(ctx)
	u := mail.ThreadUpdate{Subject: ms[0].Subject, FirstDate: ms[0].Date, LastDate: ms[0].Date, Count: len(hs),
		Contacts: contacts, SetContacts: true}
	for _, h := range hs {
		u.Move = append(u.Move, h.ID)
	}
	if err := db.SaveMailThreads(ctx, mail.ThreadChanges{Threads: []mail.ThreadUpdate{u}}); err != nil {
		t.Fatal(err)
	}
	ts, err := db.ListMailThreads(ctx, mail.ThreadFilter{})
	if err != nil || len(ts) != 1 {
		t.Fatalf("threads %+v, %v", ts, err)
	}
	return ts[0].ID
}

func TestMailThreadsSearchAndTimeline(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	org := storetest.Org(t, db, "Fondation du Val", contact.OrgFoundation)
	p := storetest.Person(t, db, "Paul", "Durand", "paul@fondation-val.fr", "", "")
	id := saveThread(t, db, []int64{org.ID, p.ID, 999999}, // a contact deleted meanwhile is skipped
		testMessage("1@x", "Réunion à Orléans", "Élaboration du budget prévisionnel."))

	for _, q := range []string{"reunion", "ORLEANS", "elabor budg", "Réunion"} {
		ts, err := db.ListMailThreads(ctx, mail.ThreadFilter{Query: q})
		if err != nil || len(ts) != 1 || ts[0].ID != id || ts[0].Snippet == "" {
			t.Errorf("search %q: %+v, %v", q, ts, err)
		}
	}
	if ts, _ := db.ListMailThreads(ctx, mail.ThreadFilter{Query: "trésorier"}); len(ts) != 0 {
		t.Errorf("search trésorier: %+v", ts)
	}
	if ts, _ := db.ListMailThreads(ctx, mail.ThreadFilter{Query: `"AND OR *`}); len(ts) != 0 {
		t.Errorf("FTS syntax in a query must not fail: %+v", ts)
	}
	for _, c := range []int64{org.ID, p.ID} {
		if ts, _ := db.ListMailThreads(ctx, mail.ThreadFilter{ContactID: c}); len(ts) != 1 {
			t.Errorf("timeline of %d: %+v", c, ts)
		}
	}
	d, err := db.GetMailThread(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Parties) != 2 || !d.Parties[0].IsOrg || d.Parties[0].Name != "Fondation du Val" || d.Parties[1].Name != "DURAND Paul" {
		t.Errorf("parties %+v", d.Parties)
	}
	m := d.Messages[0]
	if len(m.To) != 1 || len(m.Attachments) != 2 || !m.Attachments[0].Stored || m.Attachments[1].Stored {
		t.Errorf("message %+v", m)
	}
	a, err := db.GetMailAttachment(ctx, m.Attachments[0].ID)
	if err != nil || string(a.Data) != "pdf" {
		t.Errorf("attachment %+v, %v", a, err)
	}
	if _, err := db.GetMailThread(ctx, 12345); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("missing thread: %v", err)
	}

	// Merging two contacts moves the links; erasing one removes them.
	other := storetest.Person(t, db, "Paul", "Durand", "p.durand@fondation-val.fr", "", "")
	saveLink(t, db, id, other.ID)
	merged, _ := db.GetContact(ctx, p.ID)
	if err := db.MergeContacts(ctx, merged, other.ID, nil); err != nil {
		t.Fatalf("merge: %v", err)
	}
	if ts, _ := db.ListMailThreads(ctx, mail.ThreadFilter{ContactID: p.ID}); len(ts) != 1 {
		t.Errorf("after merge: %+v", ts)
	}
}

func saveLink(t *testing.T, db *store.DB, thread, contactID int64) {
	t.Helper()
	err := db.SaveMailThreads(context.Background(), mail.ThreadChanges{Threads: []mail.ThreadUpdate{{ID: thread,
		Subject: "x", Count: 1, Contacts: []int64{contactID}, SetContacts: true}}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMailDirectoryAndStamp(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	s1, _ := db.MailDirectoryStamp(ctx)
	org := contact.Contact{Kind: contact.Organisation, OrgName: "Fondation", Website: "fondation.fr"}
	if err := db.CreateContact(ctx, &org); err != nil {
		t.Fatal(err)
	}
	p := storetest.Person(t, db, "Jeanne", "Martin", "j@x.fr", "", "")
	s2, _ := db.MailDirectoryStamp(ctx)
	if err := db.AddMembership(ctx, p.ID, org.ID, ""); err != nil {
		t.Fatal(err)
	}
	s3, _ := db.MailDirectoryStamp(ctx)
	if s1 == s2 || s2 == s3 {
		t.Errorf("stamp did not change: %q %q %q", s1, s2, s3)
	}
	dir, err := db.MailDirectory(ctx)
	if err != nil || len(dir) != 2 {
		t.Fatalf("directory %+v, %v", dir, err)
	}
	if dir[0].Website != "fondation.fr" || !dir[0].IsOrg || dir[1].Emails[0] != "j@x.fr" || dir[1].OrgIDs[0] != org.ID {
		t.Errorf("directory %+v", dir)
	}
}

func TestDeleteMailAccountKeepsMessages(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	id := saveThread(t, db, nil, testMessage("1@x", "Objet", "Texte"))
	as, _ := db.ListMailAccounts(ctx)
	if err := db.DeleteMailAccount(ctx, as[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetMailThread(ctx, id); err != nil {
		t.Errorf("thread gone with the account: %v", err)
	}
	if err := db.DeleteMailAccount(ctx, as[0].ID); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}
