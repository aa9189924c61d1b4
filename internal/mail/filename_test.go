package mail_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/mail"
)

func TestSafeFileName(t *testing.T) {
	tests := []struct{ in, ctype, want string }{
		{"Reçu fiscal 2026.pdf", "application/pdf", "Reçu fiscal 2026.pdf"},
		{"../../etc/passwd", "", "passwd"},
		{`C:\Users\x\devis.xlsx`, "", "devis.xlsx"},
		{"a<b>c:d\"e|f?g*h.txt", "", "a_b_c_d_e_f_g_h.txt"},
		{"facture\u202Efdp.exe", "", "facturefdp.exe"}, // right-to-left override hides .exe
		{"CON.txt", "", "_CON.txt"},
		{"lpt1", "", "_lpt1"},
		{".bashrc", "", "bashrc"},
		{"rapport. ", "", "rapport"},
		{"", "application/pdf", "piece-jointe-3.pdf"},
		{"   ", "", "piece-jointe-3"},
		{"tab\tname\nx.doc", "", "tab name x.doc"},
		{"Cafe\u0301.pdf", "", "Café.pdf"}, // NFC
	}
	for _, tt := range tests {
		if got := mail.SafeFileName(tt.in, tt.ctype, 3); got != tt.want {
			t.Errorf("SafeFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := mail.SafeFileName(strings.Repeat("é", 200)+".pdf", "", 1)
	if len(long) > 150 || !strings.HasSuffix(long, ".pdf") || !utf8.ValidString(long) {
		t.Errorf("long name %q (%d bytes)", long, len(long))
	}
	if got := mail.UniqueNames([]string{"a.pdf", "A.pdf", "a.pdf", "b"}); strings.Join(got, "|") != "a.pdf|A (2).pdf|a (3).pdf|b" {
		t.Errorf("UniqueNames = %q", got)
	}
}

func TestAccountValidate(t *testing.T) {
	ok := mail.Account{Name: "contact", Host: "imap.exemple.fr", Port: 993, User: "u", Security: mail.TLS}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []mail.Account{
		{Host: "imap.exemple.fr", Port: 993, User: "u", Security: mail.TLS},
		{Name: "x", Host: "imap exemple", Port: 993, User: "u", Security: mail.TLS},
		{Name: "x", Host: "h", Port: 0, User: "u", Security: mail.TLS},
		{Name: "x", Host: "h", Port: 993, Security: mail.TLS},
		{Name: "x", Host: "h", Port: 993, User: "u", Security: "ssl3"},
		{Name: "x", Host: "h", Port: 993, User: "u", Security: mail.TLS, Fingerprint: "abcd"},
		{Name: "x", Host: "h", Port: 993, User: "u", Security: mail.TLS, Folders: []string{"INBOX", " "}},
	}
	for i, a := range bad {
		if a.Validate() == nil {
			t.Errorf("account %d accepted: %+v", i, a)
		}
	}
	if got := mail.FormatFingerprint("AB:cd:ef"); got != "AB:CD:EF" {
		t.Errorf("FormatFingerprint = %q", got)
	}
}
