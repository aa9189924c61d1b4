package mailsync_test

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/mailsync"
	"github.com/bureau-asso/bureau/internal/mailsync/imaptest"
)

// checkStep connects and opens INBOX as the "test the connection"
// action does, and returns the failing step ("" when all is well).
func checkStep(t *testing.T, src mailsync.Source, a mail.Account, password string) (*mail.CheckError, error) {
	t.Helper()
	sess, err := src.Connect(context.Background(), a, password)
	if err == nil {
		defer sess.Close()
		for _, f := range a.Folders {
			if _, err = sess.Select(context.Background(), f); err != nil {
				break
			}
		}
	}
	if err == nil {
		return nil, nil
	}
	var ce *mail.CheckError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *mail.CheckError", err)
	}
	return ce, mail.UserError(err)
}

func TestConnectSaysWhichStepFailed(t *testing.T) {
	srv := imaptest.Start(t)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := closed.Addr().(*net.TCPAddr).Port
	closed.Close()

	plain := srv.Account("t", mail.Plain)
	tests := []struct {
		name     string
		edit     func(a *mail.Account)
		password string
		step     mail.Step
		tlsWhy   mail.TLSProblem
		want     string // in the user message
	}{
		{"plain ok", nil, srv.Password, "", "", ""},
		{"STARTTLS with the trusted fingerprint", func(a *mail.Account) { *a = srv.Account("t", mail.StartTLS) }, srv.Password, "", "", ""},
		{"TLS with the trusted fingerprint", func(a *mail.Account) { *a = srv.Account("t", mail.TLS) }, srv.Password, "", "", ""},
		{"DNS", func(a *mail.Account) { a.Host = "imap.nom-qui-n-existe-pas.invalid" }, srv.Password, mail.StepDNS, "", "Serveur introuvable (DNS)"},
		{"TCP", func(a *mail.Account) { a.Port = closedPort }, srv.Password, mail.StepTCP, "", "ne répond pas sur le port"},
		{"TLS self-signed not trusted", func(a *mail.Account) {
			*a = srv.Account("t", mail.TLS)
			a.Fingerprint = ""
		}, srv.Password, mail.StepTLS, mail.TLSUnknownAuthority, mail.FormatFingerprint(srv.Fingerprint)},
		{"STARTTLS self-signed not trusted", func(a *mail.Account) {
			*a = srv.Account("t", mail.StartTLS)
			a.Fingerprint = ""
		}, srv.Password, mail.StepTLS, mail.TLSUnknownAuthority, "auto-signé"},
		{"TLS fingerprint changed", func(a *mail.Account) {
			*a = srv.Account("t", mail.TLS)
			a.Fingerprint = strings.Repeat("ab", 32)
		}, srv.Password, mail.StepTLS, mail.TLSFingerprint, "n'a plus l'empreinte enregistrée"},
		{"TLS on the plain port", func(a *mail.Account) {
			*a = srv.Account("t", mail.TLS)
			a.Port = srv.Port
		}, srv.Password, mail.StepTLS, mail.TLSHandshake, "Connexion sécurisée impossible"},
		{"login", nil, "mauvais mot de passe", mail.StepLogin, "", "refusé l'identifiant ou le mot de passe"},
		{"folder", func(a *mail.Account) { a.Folders = []string{"INBOX", "Archives 2019"} }, srv.Password, mail.StepFolder, "", "« Archives 2019 » n'existe pas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := plain
			if tt.edit != nil {
				tt.edit(&a)
			}
			ce, uerr := checkStep(t, mailsync.Source{}, a, tt.password)
			if tt.step == "" {
				if ce != nil {
					t.Fatalf("unexpected failure: %v", uerr)
				}
				return
			}
			if ce == nil {
				t.Fatalf("no failure, want step %s", tt.step)
			}
			if ce.Step != tt.step || ce.TLS != tt.tlsWhy {
				t.Errorf("step %s/%s, want %s/%s (%v)", ce.Step, ce.TLS, tt.step, tt.tlsWhy, ce.Err)
			}
			if msg := apperr.Message(uerr); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q lacks %q", msg, tt.want)
			}
		})
	}
}

// TestConnectVerifiesCertificates checks the normal path: a certificate
// signed by a trusted authority for the right name passes, the same for
// another name does not.
func TestConnectVerifiesCertificates(t *testing.T) {
	srv := imaptest.Start(t)
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(srv.CertPEM) {
		t.Fatal("bad test certificate")
	}
	src := mailsync.Source{Roots: roots}
	for _, host := range []string{"127.0.0.1", "localhost"} {
		a := srv.Account("t", mail.TLS)
		a.Host, a.Fingerprint = host, ""
		if ce, err := checkStep(t, src, a, srv.Password); ce != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	a := srv.Account("t", mail.StartTLS)
	a.Fingerprint = ""
	a.Host = "127.0.0.2" // reaches Dovecot? no: the listener is on 127.0.0.1 only
	ce, _ := checkStep(t, src, a, srv.Password)
	if ce == nil || ce.Step != mail.StepTCP {
		t.Errorf("127.0.0.2: %+v", ce)
	}
}

// TestFetchNeverMarksRead reads headers and whole messages, then checks
// that the server still has them unread.
func TestFetchNeverMarksRead(t *testing.T) {
	srv := imaptest.Start(t)
	srv.Append(t, "INBOX",
		imaptest.Msg{ID: "a@x.fr", From: "a@x.fr", To: "b@y.fr", Subject: "Un", Body: "un"}.Bytes(),
		imaptest.Msg{ID: "b@x.fr", From: "a@x.fr", To: "b@y.fr", Subject: "Deux", Body: "deux"}.Bytes())
	sess, err := mailsync.Source{}.Connect(context.Background(), srv.Account("t", mail.Plain), srv.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	st, err := sess.Select(context.Background(), "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if st.Messages != 2 || st.UIDNext != 3 || st.UIDValidity == 0 || st.HighestModSeq == 0 {
		t.Errorf("status %+v", st)
	}
	var uids []uint32
	if err := sess.Headers(context.Background(), 1, func(e mail.Envelope) error {
		uids = append(uids, e.UID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var subjects []string
	if err := sess.Fetch(context.Background(), uids, 1<<20, func(uid uint32, m mail.Message) error {
		subjects = append(subjects, m.Subject)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(subjects, ",") != "Un,Deux" {
		t.Errorf("subjects %q", subjects)
	}
	// from beyond the last UID: "3:*" still returns the last message on
	// IMAP servers; the caller filters, the session reports it.
	var late []uint32
	sess.Headers(context.Background(), 3, func(e mail.Envelope) error { late = append(late, e.UID); return nil })
	if len(late) > 1 {
		t.Errorf("headers from 3: %v", late)
	}
	for uid, flags := range srv.Flags(t, "INBOX") {
		for _, f := range flags {
			if f == imap.FlagSeen {
				t.Errorf("message %d marked read", uid)
			}
		}
	}
}

func TestCancelClosesTheConnection(t *testing.T) {
	srv := imaptest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	sess, err := mailsync.Source{}.Connect(ctx, srv.Account("t", mail.Plain), srv.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	cancel()
	if _, err := sess.Select(ctx, "INBOX"); !errors.Is(err, context.Canceled) {
		t.Errorf("select after cancel: %v", err)
	}
}
