package mailsync

import (
	"bytes"
	"mime"
	"net/mail"
	"regexp"
	"strings"
	"time"

	bmail "github.com/bureau-asso/bureau/internal/mail"
)

// field is one header field with its value unfolded but not decoded.
type field struct{ key, value string }

// header is a header block in order.
type header []field

// get returns the first value of key (case-insensitive), or "".
func (h header) get(key string) string {
	for _, f := range h {
		if strings.EqualFold(f.key, key) {
			return f.value
		}
	}
	return ""
}

// has reports whether key is present.
func (h header) has(key string) bool {
	for _, f := range h {
		if strings.EqualFold(f.key, key) {
			return true
		}
	}
	return false
}

// maxFieldBytes caps one unfolded header field; longer ones are cut.
const maxFieldBytes = 256 << 10

// splitHeader cuts raw into its header fields and its body. It accepts
// LF and CRLF, an mbox "From " line first, folded lines, and a body that
// starts without the blank line (the first line that is not a header
// field ends the header).
func splitHeader(raw []byte) (header, []byte) {
	var h header
	var cur []byte // value of the field being read, unfolded
	flush := func() {
		if len(h) > 0 && cur != nil {
			h[len(h)-1].value = string(cur)
		}
		cur = nil
	}
	rest := raw
	first := true
	for len(rest) > 0 {
		line, next := rest, []byte(nil)
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, next = rest[:i], rest[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		switch {
		case len(line) == 0:
			flush()
			return h, next
		case line[0] == ' ' || line[0] == '\t':
			if len(h) == 0 {
				if !first {
					flush()
					return h, rest
				}
				break // leading white space before any field: ignore
			}
			if len(cur)+len(line) <= maxFieldBytes {
				cur = append(cur, line...)
			}
		case first && bytes.HasPrefix(line, []byte("From ")):
			// mbox separator
		default:
			colon := bytes.IndexByte(line, ':')
			if colon <= 0 || !validFieldName(line[:colon]) {
				flush()
				return h, rest
			}
			flush()
			h = append(h, field{key: string(bytes.TrimRight(line[:colon], " \t"))})
			v := bytes.TrimLeft(line[colon+1:], " \t")
			cur = append(make([]byte, 0, len(v)), v[:min(len(v), maxFieldBytes)]...)
		}
		first = false
		rest = next
	}
	flush()
	return h, nil
}

// validFieldName accepts printable ASCII without spaces inside, plus
// trailing white space before the colon ("Subject :").
func validFieldName(b []byte) bool {
	b = bytes.TrimRight(b, " \t")
	if len(b) == 0 || len(b) > 76 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// msgIDPattern finds message ids between angle brackets.
var msgIDPattern = regexp.MustCompile(`<([^<>\s]+)>`)

// parseMsgIDs returns the message ids of a Message-ID, In-Reply-To or
// References value, without brackets, in order and without repeats.
// Ids written without brackets are taken when they contain "@".
func parseMsgIDs(v string) []string {
	v = fixUTF8([]byte(v))
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] && len(id) < 1000 {
			seen[id] = true
			out = append(out, id)
		}
	}
	ms := msgIDPattern.FindAllStringSubmatch(v, -1)
	for _, m := range ms {
		add(m[1])
	}
	if len(ms) == 0 {
		for _, tok := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == ';' }) {
			if strings.Contains(tok, "@") && !strings.ContainsAny(tok, `"()`) {
				add(strings.Trim(tok, "<>"))
			}
		}
	}
	return out
}

// addressParser decodes encoded words in display names.
var addressParser = &mail.AddressParser{WordDecoder: wordDecoder}

// addrPattern finds an address in a broken list entry.
var addrPattern = regexp.MustCompile(`[^\s<>"(),;:\[\]]+@[^\s<>"(),;:\[\]]+`)

// parseAddresses reads an address list leniently: the whole list with
// net/mail, else each comma-separated entry, else whatever looks like an
// address. Addresses are folded to lower case.
func parseAddresses(v string) []bmail.Address {
	v = strings.TrimSpace(fixUTF8([]byte(v)))
	if v == "" {
		return nil
	}
	if list, err := addressParser.ParseList(v); err == nil {
		out := make([]bmail.Address, 0, len(list))
		for _, a := range list {
			out = appendAddress(out, a.Name, a.Address)
		}
		return out
	}
	var out []bmail.Address
	for _, part := range splitAddressList(v) {
		if a, err := addressParser.Parse(part); err == nil {
			out = appendAddress(out, a.Name, a.Address)
			continue
		}
		addrs := addrPattern.FindAllString(part, -1)
		if len(addrs) != 1 {
			for _, a := range addrs {
				out = appendAddress(out, "", a)
			}
			continue
		}
		name := strings.Replace(part, addrs[0], "", 1)
		name = strings.Trim(name, " \t<>\"'")
		out = appendAddress(out, decodeHeader(name), addrs[0])
	}
	return out
}

func appendAddress(out []bmail.Address, name, addr string) []bmail.Address {
	addr = strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>'\"."))
	if addr == "" || !strings.Contains(addr, "@") {
		return out
	}
	name = strings.TrimSpace(strings.Trim(strings.TrimSpace(decodeHeader(name)), `"'`))
	return append(out, bmail.Address{Name: name, Addr: addr})
}

// splitAddressList splits on commas and semicolons outside quotes,
// comments and angle brackets.
func splitAddressList(v string) []string {
	var parts []string
	depth, angle, quoted, start := 0, false, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case (c == ',' || c == ';') && depth == 0 && !angle:
			parts = append(parts, v[start:i])
			start = i + 1
		}
	}
	return append(parts, v[start:])
}

// dateLayouts are the broken Date formats seen in the wild that
// net/mail refuses.
var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Monday, January 2, 2006 3:04 PM",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05Z07:00",
	"Mon, 02-Jan-2006 15:04:05 -0700",
	"2 Jan 2006",
}

// parseDate reads a Date value; the zero time means unreadable.
func parseDate(v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	// Drop a trailing comment "(CET)" and a doubled zone.
	if i := strings.IndexByte(v, '('); i > 0 {
		v = strings.TrimSpace(v[:i])
	}
	v = strings.Join(strings.Fields(v), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// mediaType parses a Content-Type or Content-Disposition value. A broken
// value still gives its first token and the parameters that can be read.
func mediaType(v string) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(v)
	if err == nil {
		return mt, params
	}
	return lenientParams(v)
}

// lenientParams reads a media type and its parameters without the
// standard parser: for broken values, and for RFC 2231 values in a
// charset the standard library does not know.
func lenientParams(v string) (string, map[string]string) {
	parts := strings.Split(v, ";")
	mt := strings.ToLower(strings.TrimSpace(parts[0]))
	params := map[string]string{}
	for _, p := range parts[1:] {
		k, val, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		val = strings.Trim(strings.TrimSpace(val), `"'`)
		if strings.HasSuffix(k, "*") {
			k = strings.TrimSuffix(k, "*")
			val = decode2231(val)
		}
		if _, dup := params[k]; !dup && k != "" {
			params[k] = val
		}
	}
	return mt, params
}

// decode2231 reads an RFC 2231 extended value "charset'lang'%XX…" in any
// charset (mime.ParseMediaType knows only UTF-8 and ASCII).
func decode2231(v string) string {
	cs, rest, ok := strings.Cut(v, "'")
	if !ok {
		return v
	}
	_, text, ok := strings.Cut(rest, "'")
	if !ok {
		return v
	}
	var b []byte
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]) {
			b = append(b, unhex(text[i+1])<<4|unhex(text[i+2]))
			i += 2
			continue
		}
		b = append(b, text[i])
	}
	return decodeCharset(b, cs)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
