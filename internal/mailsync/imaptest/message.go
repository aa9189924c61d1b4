package imaptest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/quotedprintable"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// Msg describes a test message, written the way common mail programs
// write them.
type Msg struct {
	ID         string // Message-ID without brackets; "" for none
	From       string // "Jeanne Martin <jeanne@x.fr>"
	To, Cc     string
	Subject    string
	Date       time.Time
	InReplyTo  string
	References []string
	Body       string // plain text; "" with HTML set makes an HTML-only message
	HTML       string // HTML version (multipart/alternative with Body)
	// Charset encodes subject and text: "" or "utf-8", "iso-8859-1",
	// "windows-1252".
	Charset     string
	Attachments []Attachment
}

// Attachment is a file attached to a Msg.
type Attachment struct {
	Name, Type string
	Data       []byte
}

// Bytes renders the message with CRLF line ends.
func (m Msg) Bytes() []byte {
	cs := m.Charset
	if cs == "" {
		cs = "utf-8"
	}
	var h bytes.Buffer
	w := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&h, "%s: %s\r\n", k, v)
		}
	}
	w("From", m.From)
	w("To", m.To)
	w("Cc", m.Cc)
	w("Subject", encodeWord(m.Subject, cs))
	if !m.Date.IsZero() {
		w("Date", m.Date.Format(time.RFC1123Z))
	}
	if m.ID != "" {
		w("Message-ID", "<"+m.ID+">")
	}
	if m.InReplyTo != "" {
		w("In-Reply-To", "<"+m.InReplyTo+">")
	}
	if len(m.References) > 0 {
		w("References", "<"+strings.Join(m.References, ">\r\n <")+">")
	}
	w("MIME-Version", "1.0")

	text := part("text/plain; charset="+cs, encodeText(m.Body, cs))
	var body []byte
	switch {
	case m.HTML != "" && m.Body != "":
		body = multipart("alternative", "alt-"+boundary(m), text, part("text/html; charset="+cs, encodeText(m.HTML, cs)))
	case m.HTML != "":
		body = part("text/html; charset="+cs, encodeText(m.HTML, cs))
	default:
		body = text
	}
	if len(m.Attachments) > 0 {
		parts := [][]byte{body}
		for _, a := range m.Attachments {
			var p bytes.Buffer
			fmt.Fprintf(&p, "Content-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
				a.Type, encodeWord(a.Name, "utf-8"), encodeWord(a.Name, "utf-8"))
			enc := base64.StdEncoding.EncodeToString(a.Data)
			for len(enc) > 76 {
				p.WriteString(enc[:76] + "\r\n")
				enc = enc[76:]
			}
			p.WriteString(enc + "\r\n")
			parts = append(parts, p.Bytes())
		}
		body = multipart("mixed", "mix-"+boundary(m), parts...)
	}
	return append(h.Bytes(), body...)
}

func boundary(m Msg) string {
	return fmt.Sprintf("%x", len(m.ID)*7919+len(m.Subject)*31+m.Date.Second())
}

// part renders a single-part header and body, quoted-printable.
func part(ctype string, body []byte) []byte {
	return append([]byte("Content-Type: "+ctype+"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"), body...)
}

func multipart(sub, b string, parts ...[]byte) []byte {
	var out bytes.Buffer
	fmt.Fprintf(&out, "Content-Type: multipart/%s; boundary=\"%s\"\r\n\r\n", sub, b)
	for _, p := range parts {
		fmt.Fprintf(&out, "--%s\r\n", b)
		out.Write(p)
		out.WriteString("\r\n")
	}
	fmt.Fprintf(&out, "--%s--\r\n", b)
	return out.Bytes()
}

// encodeText converts UTF-8 text to the charset, quoted-printable.
func encodeText(s, cs string) []byte {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
	raw := toCharset(s, cs)
	var b bytes.Buffer
	qp := quotedprintable.NewWriter(&b)
	qp.Write(raw)
	qp.Close()
	return append(b.Bytes(), '\r', '\n')
}

func toCharset(s, cs string) []byte {
	switch strings.ToLower(cs) {
	case "iso-8859-1":
		b, err := charmap.ISO8859_1.NewEncoder().Bytes([]byte(s))
		if err == nil {
			return b
		}
	case "windows-1252":
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err == nil {
			return b
		}
	}
	return []byte(s)
}

// encodeWord writes s as RFC 2047 Q-encoded words when it is not ASCII.
func encodeWord(s, cs string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	raw := toCharset(s, cs)
	var words []string
	var cur strings.Builder
	for _, c := range raw {
		var tok string
		switch {
		case c == ' ':
			tok = "_"
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-':
			tok = string(rune(c))
		default:
			tok = fmt.Sprintf("=%02X", c)
		}
		// Never cut a UTF-8 character between two words.
		if cur.Len()+len(tok) > 45 && (cs != "utf-8" || c&0xC0 != 0x80) {
			words = append(words, cur.String())
			cur.Reset()
		}
		cur.WriteString(tok)
	}
	words = append(words, cur.String())
	for i, w := range words {
		words[i] = "=?" + cs + "?Q?" + w + "?="
	}
	return strings.Join(words, "\r\n ")
}
