package mailsync_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/mailsync"
)

// corpusMessage is one message of the third-party corpus.
type corpusMessage struct {
	name string
	raw  []byte
}

// corpus reads every message under testdata/corpus: files, and the
// messages of each .mbox. Licence files and mime4j's expected outputs
// are skipped.
func corpus(t testing.TB) []corpusMessage {
	t.Helper()
	var out []corpusMessage
	err := filepath.WalkDir(filepath.Join("testdata", "corpus"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		base := d.Name()
		switch {
		case strings.Contains(base, "LICENSE"), strings.HasPrefix(base, "NOTICE"), strings.HasPrefix(base, "README"),
			strings.Contains(base, "_decoded_"), base == ".gitattributes":
			return nil
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(base, ".mbox") {
			for i, m := range splitMbox(raw) {
				out = append(out, corpusMessage{name: path + "#" + itoa(i+1), raw: m})
			}
			return nil
		}
		out = append(out, corpusMessage{name: path, raw: raw})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 300 {
		t.Fatalf("corpus has %d messages, want the whole copied corpus", len(out))
	}
	return out
}

// splitMbox cuts an mbox file at its "From " lines and unquotes ">From ".
func splitMbox(b []byte) [][]byte {
	var out [][]byte
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	for _, chunk := range bytes.Split(append([]byte("\n"), b...), []byte("\nFrom ")) {
		if len(bytes.TrimSpace(chunk)) == 0 {
			continue
		}
		_, msg, ok := bytes.Cut(chunk, []byte("\n"))
		if !ok {
			continue
		}
		msg = bytes.ReplaceAll(msg, []byte("\n>From "), []byte("\nFrom "))
		out = append(out, msg)
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

// readable reports what makes s unreadable: invalid UTF-8, control
// characters or replacement characters.
func readable(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		if r == utf8.RuneError {
			return "replacement character"
		}
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return "control character"
		}
	}
	return ""
}

func TestCorpusParses(t *testing.T) {
	msgs := corpus(t)
	var empty, withText int
	for _, c := range msgs {
		m := mailsync.Parse(c.raw, mailsync.ParseOptions{MaxAttachment: 1 << 20})
		if why := readable(m.Text); why != "" {
			t.Errorf("%s: text has %s", c.name, why)
		}
		if why := readable(m.Subject); why != "" {
			t.Errorf("%s: subject %q has %s", c.name, m.Subject, why)
		}
		if strings.Contains(m.Subject, "=?") && strings.Contains(m.Subject, "?=") {
			t.Logf("%s: subject left encoded: %q", c.name, m.Subject)
		}
		for _, a := range m.Attachments {
			if a.Name == "" || strings.ContainsAny(a.Name, `/\<>:"|?*`) {
				t.Errorf("%s: unsafe attachment name %q", c.name, a.Name)
			}
			if a.Stored && int64(len(a.Data)) != a.Size {
				t.Errorf("%s: attachment %s has %d bytes, size %d", c.name, a.Name, len(a.Data), a.Size)
			}
		}
		if m.Key == "" {
			t.Errorf("%s: no key", c.name)
		}
		if strings.TrimSpace(m.Text) == "" && len(m.Attachments) == 0 {
			empty++
			if testing.Verbose() {
				t.Logf("%s: nothing readable (subject %q)", c.name, m.Subject)
			}
		} else {
			withText++
		}
	}
	t.Logf("%d messages: %d with text or attachments, %d empty", len(msgs), withText, empty)
}

// TestCorpusDecodedParts compares the text parts with the decoded
// contents mime4j ships next to its test messages.
func TestCorpusDecodedParts(t *testing.T) {
	dir := filepath.Join("testdata", "corpus", "mime4j", "testmsgs")
	files, err := filepath.Glob(filepath.Join(dir, "*_decoded_*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no decoded parts in %s: %v", dir, err)
	}
	for _, f := range files {
		msgFile := f[:strings.Index(f, "_decoded_")] + ".msg"
		raw, err := os.ReadFile(msgFile)
		if err != nil {
			continue
		}
		want, _ := os.ReadFile(f)
		m := mailsync.Parse(raw, mailsync.ParseOptions{MaxAttachment: 1 << 20})
		got := m.Text
		for _, a := range m.Attachments {
			got += "\n" + string(a.Data)
		}
		w := strings.TrimSpace(string(bytes.ReplaceAll(want, []byte("\r\n"), []byte("\n"))))
		if len(w) > 200 {
			w = w[:200]
		}
		w = asciiPrefix(firstLine(w))
		if strings.HasPrefix(w, "<") {
			continue // HTML parts are compared as text elsewhere
		}
		if w != "" && !strings.Contains(strings.ReplaceAll(got, "\r\n", "\n"), w) {
			t.Errorf("%s: %q not found in the parsed message", filepath.Base(f), w)
		}
	}
}

// asciiPrefix keeps the start of s up to its first non-ASCII byte: the
// expected files are in the part's own charset, the parser gives UTF-8.
func asciiPrefix(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.TrimSpace(s[:i])
		}
	}
	return s
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(l)
}
