package mailsync_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/mailsync"
)

// TestParseLargeInputsStayFast guards against quadratic parsing of
// hostile messages (a folded header of 200,000 lines took 15 s once).
func TestParseLargeInputsStayFast(t *testing.T) {
	cases := map[string]string{
		"folded header": "Subject: a\r\n" + strings.Repeat(" x\r\n", 200000) + "\r\nbody",
		"many fields":   strings.Repeat("X-A: b\r\n", 200000) + "\r\nbody",
		"many lines":    "Subject: a\r\n\r\n" + strings.Repeat("ligne\r\n", 300000),
		"html nest":     "Content-Type: text/html\r\n\r\n" + strings.Repeat("<div><table><tr><td><b><i>", 20000),
		"addr list":     "To: " + strings.Repeat("a@b.c, <x, \"q", 50000) + "\r\n\r\nb",
		"enc words":     "Subject: " + strings.Repeat("=?utf-8?B?", 100000) + "\r\n\r\nb",
		"boundaries":    "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + strings.Repeat("--b\r\n", 100000),
		"qp":            "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + strings.Repeat("=  ", 300000),
		"msgids":        "References: " + strings.Repeat("<a@b> ", 100000) + "\r\n\r\nb",
	}
	for name, raw := range cases {
		start := time.Now()
		mailsync.Parse([]byte(raw), mailsync.ParseOptions{MaxAttachment: 1 << 20})
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s (%d KB) took %v", name, len(raw)>>10, d)
		}
	}
}
