package mailsync

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/mail"
)

// Limits that keep a hostile or broken message from exhausting memory
// or the stack.
const (
	maxDepth     = 12      // nested multiparts and attached messages
	maxParts     = 2000    // parts in one message
	maxTextBytes = 2 << 20 // readable text kept per message
	maxHTMLBytes = 4 << 20 // HTML converted per part
)

// ParseOptions tune Parse.
type ParseOptions struct {
	// MaxAttachment is the largest attachment kept with its content;
	// larger ones are listed without it. Zero keeps none.
	MaxAttachment int64
}

// Parse decodes a raw RFC 5322 message into a mail.Message: headers
// decoded from any charset and encoded words, the text parts (or the
// sanitised HTML part turned into text) as Text, the other parts as
// attachments with safe names. It never fails and never panics on bad
// input: what cannot be decoded is kept as it is.
func Parse(raw []byte, opts ParseOptions) mail.Message {
	h, body := splitHeader(raw)
	m := headerMessage(h)
	m.Size = int64(len(raw))
	p := &parser{opts: opts}
	p.walk(h, body, 0, "")
	m.Text = p.text()
	m.FromHTML = p.fromHTML
	names := make([]string, len(p.atts))
	for i, a := range p.atts {
		names[i] = a.Name
	}
	for i, n := range mail.UniqueNames(names) {
		p.atts[i].Name = n
	}
	m.Attachments = p.atts
	m.Key = mail.MessageKey(m)
	return m
}

// ParseHeader decodes only the header fields of raw (a whole message or
// a header block): what the sync needs to decide whether to fetch it.
func ParseHeader(raw []byte) mail.Message {
	h, _ := splitHeader(raw)
	m := headerMessage(h)
	if m.MessageID != "" {
		m.Key = mail.MessageKey(m)
	}
	return m
}

func headerMessage(h header) mail.Message {
	var m mail.Message
	if ids := parseMsgIDs(h.get("Message-Id")); len(ids) > 0 {
		m.MessageID = ids[0]
	}
	if ids := parseMsgIDs(h.get("In-Reply-To")); len(ids) > 0 {
		m.InReplyTo = ids[0]
	}
	for _, id := range parseMsgIDs(h.get("References")) {
		if id != m.MessageID {
			m.References = append(m.References, id)
		}
	}
	m.Subject = decodeHeader(h.get("Subject"))
	m.Date = parseDate(h.get("Date"))
	from := parseAddresses(h.get("From"))
	if len(from) == 0 {
		from = parseAddresses(h.get("Sender"))
	}
	if len(from) > 0 {
		m.From = from[0]
	}
	m.To = parseAddresses(h.get("To"))
	m.Cc = parseAddresses(h.get("Cc"))
	return m
}

// textPart is one piece of readable text, in message order.
type textPart struct {
	text string
	html bool
}

type parser struct {
	opts     ParseOptions
	parts    int
	texts    []textPart
	atts     []mail.Attachment
	fromHTML bool
}

func (p *parser) text() string {
	var b strings.Builder
	for _, t := range p.texts {
		s := strings.TrimSpace(t.text)
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(s)
		if t.html {
			p.fromHTML = true
		}
	}
	s := b.String()
	if len(s) > maxTextBytes {
		s = truncateText(s, maxTextBytes) + "\n\n[… texte tronqué : message trop long]"
	}
	return s
}

// walk reads one entity. parentType is the media type of the enclosing
// multipart ("" at the top).
func (p *parser) walk(h header, body []byte, depth int, parentType string) {
	p.parts++
	if p.parts > maxParts {
		return
	}
	ct, params := contentType(h, parentType)
	disp, dparams := mediaType(h.get("Content-Disposition"))
	name := partName(h, params, dparams)

	switch {
	case strings.HasPrefix(ct, "multipart/") && depth < maxDepth:
		parts, ok := splitMultipart(body, params["boundary"])
		if !ok {
			p.texts = append(p.texts, textPart{text: cleanText(fixUTF8(body))})
			return
		}
		if ct == "multipart/alternative" {
			p.alternative(parts, depth)
			return
		}
		for _, part := range parts {
			ph, pb := splitHeader(part)
			p.walk(ph, pb, depth+1, ct)
		}
	case ct == "message/rfc822" && depth < maxDepth:
		// A forwarded message: its text is read with the message, and the
		// original is kept as an .eml file.
		inner := decodeTransfer(body, h.get("Content-Transfer-Encoding"))
		ih, ib := splitHeader(inner)
		im := headerMessage(ih)
		sub := &parser{opts: p.opts, parts: p.parts}
		sub.walk(ih, ib, depth+1, "")
		p.parts = sub.parts
		p.texts = append(p.texts, textPart{text: forwardedHeader(im) + sub.text()})
		p.addAttachment(nonEmpty(name, im.Subject+".eml"), ct, inner, false)
	case (ct == "text/plain" || ct == "text/html" || ct == "text/enriched" || ct == "text/richtext") &&
		disp != "attachment" && (name == "" || disp == "inline"):
		p.texts = append(p.texts, textPart{text: decodeTextPart(body, h, ct, params), html: ct == "text/html"})
	default:
		data := decodeTransfer(body, h.get("Content-Transfer-Encoding"))
		inline := disp == "inline" || disp == "" && h.has("Content-Id")
		p.addAttachment(name, ct, data, inline)
	}
}

// alternative keeps one version of multipart/alternative: the plain
// text when it says something, else the HTML, else whatever part gives
// text. Parts are tried in that order and the first that gives text
// wins, so the HTML is not converted when the plain text is there.
func (p *parser) alternative(parts [][]byte, depth int) {
	type alt struct {
		h    header
		body []byte
		rank int
	}
	alts := make([]alt, len(parts))
	for i, part := range parts {
		h, b := splitHeader(part)
		ct, _ := contentType(h, "multipart/alternative")
		rank := 2
		switch {
		case ct == "text/plain":
			rank = 0
		case ct == "text/html":
			rank = 1
		}
		alts[i] = alt{h, b, rank}
	}
	slices.SortStableFunc(alts, func(a, b alt) int { return a.rank - b.rank })
	var fallback *parser
	for _, a := range alts {
		sub := &parser{opts: p.opts, parts: p.parts}
		sub.walk(a.h, a.body, depth+1, "multipart/alternative")
		p.parts = sub.parts
		if strings.TrimSpace(sub.text()) != "" {
			p.texts = append(p.texts, sub.texts...)
			p.atts = append(p.atts, sub.atts...)
			return
		}
		if fallback == nil {
			fallback = sub
		}
	}
	if fallback != nil {
		p.atts = append(p.atts, fallback.atts...)
	}
}

func (p *parser) addAttachment(name, ct string, data []byte, inline bool) {
	a := mail.Attachment{
		Name:        mail.SafeFileName(name, ct, len(p.atts)+1),
		ContentType: ct,
		Size:        int64(len(data)),
		Inline:      inline,
	}
	if a.Size <= p.opts.MaxAttachment {
		a.Stored = true
		a.Data = data
	}
	p.atts = append(p.atts, a)
}

// contentType returns the media type of an entity: text/plain when it is
// missing or unreadable, message/rfc822 inside multipart/digest.
func contentType(h header, parentType string) (string, map[string]string) {
	v := h.get("Content-Type")
	if strings.TrimSpace(v) == "" {
		if parentType == "multipart/digest" {
			return "message/rfc822", map[string]string{}
		}
		return "text/plain", map[string]string{}
	}
	ct, params := mediaType(v)
	if !strings.Contains(ct, "/") || strings.ContainsAny(ct, " \t") {
		ct = "text/plain"
	}
	if ct == "text" {
		ct = "text/plain"
	}
	return ct, params
}

// partName is the file name a sender gave a part: the disposition's
// filename, else the type's name, decoded from RFC 2231 or RFC 2047.
func partName(h header, params, dparams map[string]string) string {
	for _, c := range []struct {
		params map[string]string
		raw    string
		key    string
	}{
		{dparams, h.get("Content-Disposition"), "filename"},
		{params, h.get("Content-Type"), "name"},
	} {
		v := c.params[c.key]
		if v == "" && strings.Contains(strings.ToLower(c.raw), c.key+"*") {
			_, lenient := lenientParams(c.raw)
			v = lenient[c.key]
		}
		if v != "" {
			return decodeHeader(v)
		}
	}
	return ""
}

// decodeTextPart decodes a text part to UTF-8 and turns HTML into text.
func decodeTextPart(body []byte, h header, ct string, params map[string]string) string {
	data := decodeTransfer(body, h.get("Content-Transfer-Encoding"))
	cs := params["charset"]
	if ct == "text/html" && cs == "" {
		cs = metaCharset(data)
	}
	s := decodeCharset(data, cs)
	switch ct {
	case "text/html":
		if len(s) > maxHTMLBytes {
			s = truncateText(s, maxHTMLBytes)
		}
		s = htmlToText(s)
	case "text/enriched", "text/richtext":
		s = enrichedTag.ReplaceAllString(s, "")
	default:
		if strings.EqualFold(params["format"], "flowed") {
			s = unflow(s, strings.EqualFold(params["delsp"], "yes"))
		}
	}
	return cleanText(s)
}

var (
	metaCharsetPattern = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)`)
	enrichedTag        = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*>`)
)

// metaCharset finds the charset an HTML part declares in a <meta> tag.
func metaCharset(b []byte) string {
	if len(b) > 4096 {
		b = b[:4096]
	}
	if m := metaCharsetPattern.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

// decodeTransfer undoes the Content-Transfer-Encoding, leniently.
func decodeTransfer(body []byte, cte string) []byte {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return decodeBase64(body)
	case "quoted-printable":
		return decodeQP(body)
	}
	return body
}

// decodeBase64 skips characters outside the alphabet and tolerates
// missing or misplaced padding.
func decodeBase64(b []byte) []byte {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '/':
			clean = append(clean, c)
		case c == '-':
			clean = append(clean, '+') // URL-safe alphabet
		case c == '_':
			clean = append(clean, '/')
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, _ := base64.RawStdEncoding.Decode(out, clean) // keeps what decoded before an error
	return out[:n]
}

// decodeQP decodes quoted-printable; a "=" not followed by two hex
// digits or a line break is kept as it is.
func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		switch {
		case i+2 < len(b) && b[i+1] == '\r' && b[i+2] == '\n':
			i += 2
		case i+1 < len(b) && b[i+1] == '\n':
			i++
		case i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]):
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
		default:
			// "=  \r\n": soft break with trailing white space.
			j := i + 1
			for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
				j++
			}
			if j < len(b) && (b[j] == '\n' || b[j] == '\r') {
				if b[j] == '\r' && j+1 < len(b) && b[j+1] == '\n' {
					j++
				}
				i = j
				continue
			}
			if j == len(b) && j > i+1 {
				i = j
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// splitMultipart cuts a multipart body at its boundary. It tolerates a
// missing closing boundary, white space after a boundary line and, when
// the boundary parameter is missing, finds it from the first "--" line.
// ok is false when no part is found.
func splitMultipart(body []byte, boundary string) (parts [][]byte, ok bool) {
	if boundary == "" {
		boundary = guessBoundary(body)
		if boundary == "" {
			return nil, false
		}
	}
	delim := []byte("--" + boundary)
	var cur []byte
	start := -1
	pos := 0
	for pos <= len(body) {
		end := bytes.IndexByte(body[pos:], '\n')
		lineEnd := len(body)
		if end >= 0 {
			lineEnd = pos + end
		}
		line := bytes.TrimRight(body[pos:lineEnd], " \t\r")
		if bytes.HasPrefix(line, delim) {
			tail := line[len(delim):]
			closing := bytes.HasPrefix(tail, []byte("--"))
			if len(tail) == 0 || closing {
				if start >= 0 {
					cur = body[start:pos]
					cur = bytes.TrimSuffix(cur, []byte("\n"))
					cur = bytes.TrimSuffix(cur, []byte("\r"))
					parts = append(parts, cur)
				}
				if closing {
					return parts, len(parts) > 0
				}
				start = lineEnd + 1
				if start > len(body) {
					start = len(body)
				}
			}
		}
		if end < 0 {
			break
		}
		pos = lineEnd + 1
	}
	if start >= 0 && start < len(body) {
		// No closing boundary: the part runs to the end, without the
		// final line break.
		last := bytes.TrimSuffix(body[start:], []byte("\n"))
		parts = append(parts, bytes.TrimSuffix(last, []byte("\r")))
	}
	return parts, len(parts) > 0
}

// guessBoundary returns X when a line "--X" starts the body and appears
// again further down.
func guessBoundary(body []byte) string {
	rest := body
	for i := 0; i < 50 && len(rest) > 0; i++ {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		line = bytes.TrimRight(line, " \t\r")
		if bytes.HasPrefix(line, []byte("--")) && len(line) > 4 && !bytes.ContainsAny(line, " \t") {
			b := string(line[2:])
			if bytes.Contains(next, []byte("\n--"+b)) || bytes.HasPrefix(next, []byte("--"+b)) {
				return b
			}
		}
		rest = next
	}
	return ""
}

// unflow joins the lines of a format=flowed text (RFC 3676): a line
// ending with a space continues on the next one.
func unflow(s string, delsp bool) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var b strings.Builder
	for i, l := range lines {
		if l != "-- " {
			l = strings.TrimPrefix(l, " ") // space-stuffing
		}
		if strings.HasSuffix(l, " ") && l != "-- " && !strings.HasPrefix(l, ">") && i < len(lines)-1 {
			if delsp {
				l = l[:len(l)-1]
			}
			b.WriteString(l)
			continue
		}
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// cleanText normalises line ends, drops control characters and trailing
// spaces, and keeps at most two blank lines in a row.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	b.Grow(len(s))
	blank := 0
	for _, line := range strings.Split(s, "\n") {
		line = strings.Map(func(r rune) rune {
			if r == '\t' {
				return r
			}
			if r == '\u00a0' {
				return ' '
			}
			if unicode.IsControl(r) || r == utf8.RuneError || r == '\ufeff' {
				return -1
			}
			return r
		}, line)
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if line == "" {
			blank++
			if blank > 2 {
				continue
			}
		} else {
			blank = 0
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimSpace(b.String())
}

// forwardedHeader introduces the text of an attached message.
func forwardedHeader(m mail.Message) string {
	var b strings.Builder
	b.WriteString("---------- Message joint ----------\n")
	if m.From.Addr != "" {
		fmt.Fprintf(&b, "De : %s\n", m.From)
	}
	if !m.Date.IsZero() {
		fmt.Fprintf(&b, "Date : %s\n", m.Date.Format("02/01/2006 15:04"))
	}
	if m.Subject != "" {
		fmt.Fprintf(&b, "Objet : %s\n", m.Subject)
	}
	b.WriteString("\n")
	return b.String()
}

func nonEmpty(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// truncateText cuts s to at most n bytes on a rune boundary.
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
