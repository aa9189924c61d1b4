package mailsync_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/mailsync"
)

// FuzzParse feeds arbitrary bytes to the MIME and header parsers: they
// must never panic, always return readable UTF-8 and safe file names.
// Seeds are the third-party corpus.
func FuzzParse(f *testing.F) {
	for i, c := range corpus(f) {
		if i%3 == 0 && len(c.raw) < 64<<10 {
			f.Add(c.raw)
		}
	}
	f.Add([]byte("Subject: =?utf-8?B?\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := mailsync.Parse(raw, mailsync.ParseOptions{MaxAttachment: 1 << 16})
		h := mailsync.ParseHeader(raw)
		for _, s := range []string{m.Text, m.Subject, m.From.Name, m.From.Addr, h.Subject, m.MessageID} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		if m.Key == "" {
			t.Fatal("no key")
		}
		for _, a := range m.Attachments {
			if a.Name == "" || strings.ContainsAny(a.Name, "/\\\x00") || strings.HasPrefix(a.Name, ".") {
				t.Fatalf("unsafe name %q", a.Name)
			}
		}
	})
}
