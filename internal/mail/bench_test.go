package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/mailsync"
	"github.com/bureau-asso/bureau/internal/mailsync/imaptest"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// BenchmarkThread10k threads 10,000 generated messages (conversations of
// up to 15 messages, References, In-Reply-To only, or subject only).
// Target: under 1 s.
func BenchmarkThread10k(b *testing.B) {
	ms := imaptest.Generate(10_000, 1)
	own := mail.NewMatcher(nil, []string{"bureau@asso.test"})
	hs := make([]mail.Header, len(ms))
	for i, m := range ms {
		hs[i] = mail.Header{MessageID: m.ID, InReplyTo: m.InReplyTo, References: m.References, Subject: m.Subject, Date: m.Date,
			Parties: own.PartyKeys(addrs(m.From, m.To, m.Cc))}
	}
	var roots []*mail.Node
	for b.Loop() {
		roots = mail.BuildThreads(hs, mail.ThreadOptions{SubjectWindow: 90 * 24 * time.Hour})
	}
	b.ReportMetric(float64(len(roots)), "threads")
}

// syncBench is a store with the partners of the generated mail and a
// Dovecot holding n generated messages in INBOX.
func syncBench(b *testing.B, srv *imaptest.Server) *mail.Service { return syncBenchT(b, srv) }

func syncBenchT(b testing.TB, srv *imaptest.Server) *mail.Service {
	b.Helper()
	db := storetest.Open(b)
	ctx := context.Background()
	for _, p := range imaptest.Partners {
		c := contact.Contact{Kind: contact.Organisation, OrgName: p.Name, Website: "https://" + p.Domain}
		if err := db.CreateContact(ctx, &c); err != nil {
			b.Fatal(err)
		}
	}
	svc := mail.NewService(mail.Params{Store: db, Source: mailsync.Source{}, Secrets: &memSecrets{m: map[string]string{}}})
	a := srv.Account("contact", mail.Plain)
	if _, err := svc.AddAccount(ctx, &a, srv.Password, false); err != nil {
		b.Fatal(err)
	}
	return svc
}

func seededDovecot(b *testing.B, n int) *imaptest.Server { return seededDovecotT(b, n) }

func seededDovecotT(b testing.TB, n int) *imaptest.Server {
	b.Helper()
	srv := imaptest.Start(b)
	if err := srv.WriteMaildir("INBOX", raws(imaptest.Generate(n, 1))); err != nil {
		b.Fatal(err)
	}
	return srv
}

// BenchmarkSyncFirst10k is the first sync of a 10,000-message folder
// from a local Dovecot: headers, bodies, MIME decoding, storage, search
// index, threading and linking. scripts/bench-mail.sh compares it with
// mbsync on the same folder.
func BenchmarkSyncFirst10k(b *testing.B) {
	srv := seededDovecot(b, 10_000)
	for b.Loop() {
		b.StopTimer()
		svc := syncBench(b, srv)
		b.StartTimer()
		rep, err := svc.Sync(context.Background(), mail.SyncOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Added() != 10_000 {
			b.Fatalf("added %d", rep.Added())
		}
	}
}

// BenchmarkSyncNoop10k is a sync with nothing new, the folder holding
// 10,000 messages already stored. Target: under 200 ms.
func BenchmarkSyncNoop10k(b *testing.B) {
	srv := seededDovecot(b, 10_000)
	svc := syncBench(b, srv)
	if _, err := svc.Sync(context.Background(), mail.SyncOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rep, err := svc.Sync(context.Background(), mail.SyncOptions{})
		if err != nil || rep.Added() != 0 {
			b.Fatalf("%+v %v", rep, err)
		}
	}
}

// addrs extracts the addresses of "Name <addr>" strings.
func addrs(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if i := strings.LastIndexByte(s, '<'); i >= 0 {
			s = strings.TrimSuffix(s[i+1:], ">")
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
