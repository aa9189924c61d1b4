package contactio

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-vcard"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/ianaindex"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// Card is one contact read from a vCard file.
type Card struct {
	Index   int // position of the card in the file, from 1
	Line    int // line of its BEGIN:VCARD
	Contact contact.Contact
	Org     string // a person's organisation (ORG), by name
	Role    string // a person's TITLE (or ROLE) in Org
}

// CardError is a card of a vCard file that was not imported, and why.
type CardError struct {
	Index  int // position of the card in the file, from 1
	Line   int // line of its BEGIN:VCARD
	Reason string
}

// ReadVCard reads every card of a vCard 2.1, 3.0 or 4.0 file. It reads
// what real address books write, not only what the RFCs allow: vCard 2.1
// TYPE parameters without "TYPE=", QUOTED-PRINTABLE values (soft line
// breaks included) in any CHARSET, BASE64 photos (skipped), item groups,
// comment lines, and Windows-1252 text from old Outlook exports. A card
// that cannot be read (no END:VCARD, or no usable contact) is refused
// with its position and the reason; the others are read. It never
// panics, whatever the input.
//
// go-vcard's own Decoder is not used for reading: it drops the value of
// "TEL;WORK;VOICE:…" and cannot join quoted-printable soft line breaks,
// which every vCard 2.1 export from phones and Outlook uses.
func ReadVCard(r io.Reader) ([]Card, []CardError) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, []CardError{{Reason: "lecture du fichier impossible : " + err.Error()}}
	}
	var cards []Card
	var refused []CardError
	for _, raw := range splitCards(data) {
		if raw.err != "" {
			refused = append(refused, CardError{Index: raw.index, Line: raw.line, Reason: raw.err})
			continue
		}
		c, reasons := raw.card()
		if len(reasons) > 0 {
			refused = append(refused, CardError{Index: raw.index, Line: raw.line, Reason: strings.Join(reasons, " ; ")})
			continue
		}
		cards = append(cards, c)
	}
	slices.SortFunc(cards, func(a, b Card) int { return a.Index - b.Index })
	slices.SortFunc(refused, func(a, b CardError) int { return a.Index - b.Index })
	return cards, refused
}

// VCardPreview turns what ReadVCard returned into the preview of an
// import: refused cards are Unreadable, which does not stop the others.
func VCardPreview(cards []Card, refused []CardError) Preview {
	p := Preview{Kind: "vcard"}
	for _, c := range cards {
		p.Rows = append(p.Rows, ParsedRow{Line: c.Line, Card: c.Index, Contact: c.Contact, Org: c.Org, Role: c.Role})
	}
	for _, e := range refused {
		p.Unreadable = append(p.Unreadable, RowError{Line: e.Line, Card: e.Index, Reasons: []string{e.Reason}})
	}
	return p
}

// vprop is one property of a card, unfolded but not decoded.
type vprop struct {
	group, name string
	params      map[string][]string // upper-case keys
	raw         string
}

func (p vprop) param(k string) string {
	if v := p.params[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// types returns the lower-case TYPE values of p.
func (p vprop) types() []string {
	var out []string
	for _, t := range p.params["TYPE"] {
		for _, v := range strings.Split(t, ",") {
			if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// pref returns the preference of p, lower is stronger; 100 when none.
func (p vprop) pref() int {
	if v := p.param("PREF"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
		return 1
	}
	if slices.Contains(p.types(), "pref") {
		return 1
	}
	return 100
}

// bytes returns the decoded bytes of p's value.
func (p vprop) bytes() []byte {
	switch strings.ToUpper(p.param("ENCODING")) {
	case "QUOTED-PRINTABLE":
		return qpDecode(p.raw)
	case "B", "BASE64":
		clean := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, p.raw)
		b, err := base64.StdEncoding.DecodeString(clean)
		if err != nil {
			b, _ = base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
		}
		return b
	}
	return []byte(p.raw)
}

// text returns p's value as UTF-8, still escaped.
func (p vprop) text() string {
	return toUTF8(p.bytes(), p.param("CHARSET"))
}

// toUTF8 decodes b from charset; without one, valid UTF-8 is kept and
// anything else is read as Windows-1252 (old Outlook exports).
func toUTF8(b []byte, charset string) string {
	if cs := strings.ToLower(strings.TrimSpace(charset)); cs != "" && cs != "utf-8" && cs != "utf8" && cs != "us-ascii" {
		if enc, err := ianaindex.IANA.Encoding(cs); err == nil && enc != nil {
			if out, err := enc.NewDecoder().Bytes(b); err == nil {
				return string(out)
			}
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	if out, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
		return string(out)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// qpDecode decodes quoted-printable leniently: a malformed "=" sequence
// is kept as it is rather than failing the whole value.
func qpDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		if s[i] == '=' && i == len(s)-1 {
			continue // soft line break left at the very end
		}
		out = append(out, s[i])
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// unescape undoes vCard text escaping: \n, \N, \, \; \: and \\. Other
// backslashes are kept (vCard 2.1 has no escaping outside ";").
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i == len(s)-1 {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case 'n', 'N':
			b.WriteByte('\n')
		case ',', ';', ':', '\\':
			b.WriteByte(s[i+1])
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i+1])
		}
		i++
	}
	return b.String()
}

// splitEscaped splits s on sep where sep is not escaped by a backslash.
func splitEscaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// components returns the unescaped components of a structured value
// (N, ADR, ORG).
func components(s string) []string {
	parts := splitEscaped(s, ';')
	for i, p := range parts {
		parts[i] = strings.TrimSpace(unescape(p))
	}
	return parts
}

func component(parts []string, i int) string {
	if i < len(parts) {
		return parts[i]
	}
	return ""
}

// rawCard is the text of one card, split into properties.
type rawCard struct {
	index, line int
	props       []vprop
	err         string
}

// logical is a property line being unfolded. Its pieces are joined once
// at the end: a photo of thousands of lines must not be copied at each.
type logical struct {
	parts   []string
	qp, b64 bool
}

func (l *logical) add(s string) { l.parts = append(l.parts, s) }

func (l *logical) endsWith(suffix string) bool {
	for i := len(l.parts) - 1; i >= 0; i-- {
		if l.parts[i] != "" {
			return strings.HasSuffix(l.parts[i], suffix)
		}
	}
	return false
}

// trimLast removes the last byte of the line (a soft-break "=" or a
// continuation backslash).
func (l *logical) trimLast() {
	for i := len(l.parts) - 1; i >= 0; i-- {
		if p := l.parts[i]; p != "" {
			l.parts[i] = p[:len(p)-1]
			return
		}
	}
}

func (l *logical) text() string { return strings.Join(l.parts, "") }

// splitCards cuts a vCard file into cards and their properties.
func splitCards(data []byte) []*rawCard {
	data = bytes.TrimPrefix(data, bomUTF8)
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		enc := EncodingUTF16LE
		if bytes.HasPrefix(data, bomUTF16BE) {
			enc = EncodingUTF16BE
		}
		data = []byte(Decode(data, enc))
	}
	text := string(data)
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}

	var done, stack []*rawCard
	index := 0
	var cur *logical
	flush := func() {
		if cur == nil {
			return
		}
		l := cur
		cur = nil
		p, ok := parseProp(l.text())
		if !ok {
			return
		}
		switch {
		case p.name == "BEGIN" && strings.EqualFold(strings.TrimSpace(p.raw), "VCARD"):
			return // handled when the line is read, for its number
		case p.name == "END" && strings.EqualFold(strings.TrimSpace(p.raw), "VCARD"):
			return
		}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			top.props = append(top.props, p)
		}
	}
	lines := strings.Split(text, "\n")
	for n, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		if cur != nil {
			switch {
			case cur.qp && cur.endsWith("=") && !isBoundary(line):
				// Quoted-printable soft line break.
				cur.trimLast()
				cur.add(line)
				continue
			case cur.qp && len(line) >= 3 && line[0] == '=' && isHex(line[1]) && isHex(line[2]):
				// A broken exporter wrapped quoted-printable without "=".
				cur.add(line)
				continue
			case line != "" && (line[0] == ' ' || line[0] == '\t'):
				if cur.b64 {
					cur.add(strings.TrimSpace(line))
				} else {
					cur.add(line[1:])
				}
				continue
			case cur.b64 && line != "" && !strings.Contains(line, ":"):
				cur.add(line) // vCard 2.1 base64 without indentation
				continue
			case line != "" && !strings.Contains(line, ":") && !cur.b64 && cur.endsWith(`\`):
				cur.trimLast()
				cur.add("\n" + line)
				continue
			}
			flush()
		}
		head, value, ok := cutValue(line)
		if !ok {
			continue // blank line, comment or stray text
		}
		name := strings.ToUpper(strings.TrimSpace(head))
		if i := strings.IndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		if name == "BEGIN" && strings.EqualFold(strings.TrimSpace(value), "VCARD") {
			index++
			stack = append(stack, &rawCard{index: index, line: n + 1})
			continue
		}
		if name == "END" && strings.EqualFold(strings.TrimSpace(value), "VCARD") {
			if len(stack) > 0 {
				done = append(done, stack[len(stack)-1])
				stack = stack[:len(stack)-1]
			}
			continue
		}
		upperHead := strings.ToUpper(head)
		cur = &logical{parts: []string{line},
			qp:  strings.Contains(upperHead, "QUOTED-PRINTABLE"),
			b64: strings.Contains(upperHead, "ENCODING=B") || strings.Contains(upperHead, "BASE64")}
	}
	flush()
	for _, c := range stack {
		c.err = "la carte n'est pas terminée (END:VCARD manquant) : le fichier est sans doute tronqué"
		done = append(done, c)
	}
	return done
}

// cutValue splits a property line at its first colon outside double
// quotes: "TEL;TYPE=\"a:b\":1" → `TEL;TYPE="a:b"`, "1".
func cutValue(line string) (head, value string, ok bool) {
	quoted := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ':':
			if !quoted {
				return line[:i], line[i+1:], i > 0
			}
		}
	}
	return "", "", false
}

// parseProp parses "group.NAME;PARAM=V;BARE:value".
func parseProp(line string) (vprop, bool) {
	head, value, ok := cutValue(line)
	if !ok {
		return vprop{}, false
	}
	parts := splitParams(head)
	p := vprop{params: map[string][]string{}, raw: value}
	p.name = strings.ToUpper(strings.TrimSpace(parts[0]))
	if i := strings.IndexByte(p.name, '.'); i >= 0 {
		p.group, p.name = p.name[:i], p.name[i+1:]
	}
	if p.name == "" {
		return vprop{}, false
	}
	for _, param := range parts[1:] {
		k, v, hasValue := strings.Cut(param, "=")
		k = strings.ToUpper(strings.TrimSpace(k))
		if !hasValue { // vCard 2.1: "TEL;WORK;VOICE:" and "NOTE;QUOTED-PRINTABLE:"
			switch k {
			case "":
				continue
			case "QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT":
				p.params["ENCODING"] = append(p.params["ENCODING"], k)
			default:
				p.params["TYPE"] = append(p.params["TYPE"], k)
			}
			continue
		}
		p.params[k] = append(p.params[k], strings.Trim(strings.TrimSpace(v), `"`))
	}
	return p, true
}

// splitParams splits the head of a property line on ";" outside quotes.
func splitParams(head string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(head); i++ {
		switch head[i] {
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				out = append(out, head[start:i])
				start = i + 1
			}
		}
	}
	return append(out, head[start:])
}

// card turns the properties of a card into a contact.
func (rc *rawCard) card() (Card, []string) {
	out := Card{Index: rc.index, Line: rc.line}
	c := &out.Contact
	var reasons []string
	first := func(name string) (vprop, bool) {
		for _, p := range rc.props {
			if p.name == name {
				return p, true
			}
		}
		return vprop{}, false
	}
	preferredFirst := func(name string) []vprop {
		var ps []vprop
		for _, p := range rc.props {
			if p.name == name {
				ps = append(ps, p)
			}
		}
		slices.SortStableFunc(ps, func(a, b vprop) int { return a.pref() - b.pref() })
		return ps
	}

	var family, given, prefix string
	if p, ok := first(vcard.FieldName); ok {
		n := components(p.text())
		family = strings.Join(strings.Fields(strings.ReplaceAll(component(n, 0), ",", " ")), " ")
		given = strings.Join(strings.Fields(strings.ReplaceAll(component(n, 1), ",", " ")), " ")
		prefix = component(n, 3)
	}
	var fn string
	if p, ok := first(vcard.FieldFormattedName); ok {
		fn = strings.TrimSpace(unescape(p.text()))
	}
	var org string
	if p, ok := first(vcard.FieldOrganization); ok {
		org = component(components(p.text()), 0)
	}
	for _, name := range []string{vcard.FieldTitle, vcard.FieldRole} {
		if p, ok := first(name); ok && out.Role == "" {
			out.Role = strings.TrimSpace(unescape(p.text()))
		}
	}
	kind := ""
	if p, ok := first(vcard.FieldKind); ok {
		kind = strings.ToLower(strings.TrimSpace(p.text()))
	}
	if p, ok := first("X-ABSHOWAS"); ok && strings.EqualFold(strings.TrimSpace(p.text()), "COMPANY") {
		kind = "org"
	}

	var notes, unreadEmails []string
	for _, p := range preferredFirst(vcard.FieldEmail) {
		v := strings.TrimSpace(unescape(p.text()))
		if v == "" {
			continue
		}
		addr := cleanEmail(v)
		if !validEmail(addr) {
			// Address books hold whatever was typed in the field; the
			// card is kept and the text goes to the notes, not lost.
			unreadEmails = append(unreadEmails, "Adresse électronique non reconnue à l'import : "+v)
			continue
		}
		c.Emails = append(c.Emails, contact.Email{Address: addr, Label: labelOf(strings.Join(p.types(), " "), false),
			Preferred: len(c.Emails) == 0})
	}
	for _, p := range preferredFirst(vcard.FieldTelephone) {
		v := strings.TrimSpace(unescape(p.text()))
		if len(v) > 4 && strings.EqualFold(v[:4], "tel:") {
			v = strings.TrimSpace(v[4:])
		}
		if v == "" {
			continue
		}
		c.Phones = append(c.Phones, contact.Phone{Number: v, Label: labelOf(strings.Join(p.types(), " "), true),
			Preferred: len(c.Phones) == 0})
	}
	for _, p := range preferredFirst(vcard.FieldAddress) {
		a := components(p.text())
		var street []string
		for _, i := range []int{2, 1, 0} { // street, extended address, post office box
			if v := component(a, i); v != "" {
				street = append(street, v)
			}
		}
		addr := contact.Address{Street: strings.Join(street, "\n"), City: component(a, 3),
			Postcode: component(a, 5), Country: component(a, 6), Label: labelOf(strings.Join(p.types(), " "), false),
			Preferred: len(c.Addresses) == 0}
		if addr.Street == "" && addr.City == "" && addr.Postcode == "" && addr.Country == "" {
			continue
		}
		if strings.EqualFold(addr.Country, "France") {
			addr.Postcode, _ = normPostcode(addr.Postcode)
		}
		c.Addresses = append(c.Addresses, addr)
	}
	seenTags := map[string]bool{}
	for _, p := range rc.props {
		switch p.name {
		case vcard.FieldNote:
			if v := strings.TrimSpace(unescape(p.text())); v != "" {
				notes = append(notes, v)
			}
		case vcard.FieldCategories:
			// Categories are comma separated; Bureau's tags cannot hold a
			// comma, so escaped commas separate too.
			for _, t := range strings.Split(p.text(), ",") {
				t = strings.TrimSpace(strings.TrimSuffix(unescape(t), `\`))
				if k := textfold.Fold(t); t != "" && !seenTags[k] {
					seenTags[k] = true
					c.Tags = append(c.Tags, t)
				}
			}
		case vcard.FieldURL:
			if c.Website == "" {
				c.Website = strings.TrimSpace(unescape(p.text()))
			}
		}
	}
	c.Notes = strings.Join(append(notes, unreadEmails...), "\n\n")

	isOrg := kind == "org" || kind == "organization"
	if !isOrg && family == "" && given == "" && org != "" && (fn == "" || textfold.Fold(fn) == textfold.Fold(org)) {
		isOrg = true
	}
	if isOrg {
		c.Kind = contact.Organisation
		c.OrgName = org
		if c.OrgName == "" {
			c.OrgName = fn
		}
		if out.Role != "" {
			c.Notes = strings.TrimSpace(c.Notes + "\nFonction : " + out.Role)
		}
		out.Role = ""
	} else {
		c.Kind = contact.Person
		c.Civility = normCivility(prefix)
		c.LastName, c.FirstName = family, given
		if c.LastName == "" && c.FirstName == "" {
			// As phones do: a card without a name shows its formatted
			// name, else its organisation, email or number.
			switch {
			case fn != "":
				c.LastName = fn
			case len(c.Emails) > 0:
				c.LastName = c.Emails[0].Address
			case len(c.Phones) > 0:
				c.LastName = c.Phones[0].Number
			}
		}
		out.Org = org
		if out.Org == "" && out.Role != "" {
			c.Notes = strings.TrimSpace(c.Notes + "\nFonction : " + out.Role)
			out.Role = ""
		}
	}
	if c.Kind == contact.Person && c.LastName == "" && c.FirstName == "" {
		return out, append(reasons, "carte sans nom, ni organisation, ni adresse électronique, ni téléphone : rien à importer")
	}
	if err := c.Validate(); err != nil {
		var multi apperr.Multi
		if errors.As(err, &multi) {
			for _, e := range multi {
				if e.Field != "emails" { // already reported, more precisely
					reasons = append(reasons, e.Message)
				}
			}
		} else {
			reasons = append(reasons, apperr.Message(err))
		}
	}
	return out, reasons
}

// isBoundary reports whether line begins or ends a card, which no
// continuation may swallow.
func isBoundary(line string) bool {
	l := strings.ToUpper(strings.TrimSpace(line))
	return l == "BEGIN:VCARD" || l == "END:VCARD"
}
