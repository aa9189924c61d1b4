package mailsync

import (
	"io"
	"mime"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// encodings caches charset labels already looked up (nil: unknown).
var encodings sync.Map // string -> encoding.Encoding

// lookupCharset finds the decoder for a charset label. WHATWG names come
// first, as browsers and mail readers do: "iso-8859-1" and "us-ascii"
// are read as Windows-1252, which French mail from Windows labels
// wrongly all the time (curly quotes, "œ" and "€" in 0x80–0x9F).
func lookupCharset(label string) encoding.Encoding {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	if v, ok := encodings.Load(label); ok {
		enc, _ := v.(encoding.Encoding)
		return enc
	}
	var enc encoding.Encoding
	for _, l := range []string{label, strings.TrimPrefix(label, "x-"), strings.ReplaceAll(label, "_", "-")} {
		if e, err := htmlindex.Get(l); err == nil && e != nil {
			enc = e
			break
		}
		if e, err := ianaindex.MIME.Encoding(l); err == nil && e != nil {
			enc = e
			break
		}
	}
	encodings.Store(label, enc)
	return enc
}

// isUTF8Label reports labels that need no conversion.
func isUTF8Label(label string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`)) {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8":
		return true
	}
	return false
}

// decodeCharset converts b, labelled with charset, to UTF-8. It never
// fails: an unknown or wrong label falls back to UTF-8 where the bytes
// are valid UTF-8 and to Windows-1252 for the others.
func decodeCharset(b []byte, label string) string {
	if isUTF8Label(label) {
		return fixUTF8(b)
	}
	enc := lookupCharset(label)
	if enc == nil {
		return fixUTF8(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return fixUTF8(b)
	}
	return fixUTF8(out)
}

// fixUTF8 returns b as a string, reading each byte that is not part of
// valid UTF-8 as Windows-1252: 8-bit Latin-1 mail declared as UTF-8 (or
// not declared at all) stays readable.
func fixUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			sb.WriteRune(cp1252(b[0]))
			b = b[1:]
			continue
		}
		sb.Write(b[:size])
		b = b[size:]
	}
	return sb.String()
}

// cp1252 decodes one Windows-1252 byte; the five unassigned bytes are
// kept as the C1 control of the same number, then dropped by cleanText.
func cp1252(c byte) rune {
	r := charmap.Windows1252.DecodeByte(c)
	if r == utf8.RuneError {
		return rune(c)
	}
	return r
}

// wordDecoder decodes RFC 2047 encoded words in headers with any charset.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(label string, r io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(decodeCharset(b, label)), nil
}}

// decodeHeader returns a header value as readable text: raw 8-bit bytes
// repaired, encoded words decoded, folding and runs of white space
// collapsed.
func decodeHeader(v string) string {
	v = fixUTF8([]byte(v))
	if strings.Contains(v, "=?") {
		if d, err := wordDecoder.DecodeHeader(fixEncodedWords(v)); err == nil {
			v = fixUTF8([]byte(d))
		}
	}
	v = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || r < ' ' && r != '\t' || r == 0x7f || 0x80 <= r && r < 0xa0 {
			return -1
		}
		return r
	}, v)
	return strings.Join(strings.FieldsFunc(v, isHeaderSpace), " ")
}

func isHeaderSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == 0
}

// fixEncodedWords removes the spaces some mailers fold into the middle
// of a B-encoded word, which would otherwise stay undecoded.
func fixEncodedWords(v string) string {
	var b strings.Builder
	for {
		i := strings.Index(v, "=?")
		if i < 0 {
			b.WriteString(v)
			return b.String()
		}
		b.WriteString(v[:i])
		rest := v[i:]
		// =?charset?enc?text?=
		q1 := strings.IndexByte(rest[2:], '?') + 2
		if q1 < 2 || q1+2 >= len(rest) || rest[q1+2] != '?' {
			b.WriteString("=?")
			v = rest[2:]
			continue
		}
		end := strings.Index(rest[q1+3:], "?=")
		if end < 0 {
			b.WriteString(rest)
			return b.String()
		}
		raw := rest[:q1+3+end+2]
		if enc := rest[q1+1]; enc == 'b' || enc == 'B' {
			b.WriteString(strings.Join(strings.Fields(raw), ""))
		} else {
			b.WriteString(raw)
		}
		v = rest[len(raw):]
	}
}
