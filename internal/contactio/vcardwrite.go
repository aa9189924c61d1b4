package contactio

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-vcard"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
)

// VCardWriter writes contacts as vCard 3.0 (RFC 2426) or 4.0 (RFC 6350)
// with go-vcard's encoder; lines longer than 75 octets are folded.
type VCardWriter struct {
	enc     *vcard.Encoder
	fold    *foldWriter
	version string
	n       int
}

// NewVCardWriter returns a writer to w for version "3.0" or "4.0".
func NewVCardWriter(w io.Writer, version string) (*VCardWriter, error) {
	if version != "3.0" && version != "4.0" {
		return nil, apperr.Invalid("export.vcard_version", fmt.Sprintf(
			"La version de vCard « %s » n'est pas prise en charge. Choisissez 3.0 (la plus répandue) ou 4.0.", version))
	}
	fw := &foldWriter{w: w}
	return &VCardWriter{enc: vcard.NewEncoder(fw), fold: fw, version: version}, nil
}

// Count returns how many contacts were written.
func (w *VCardWriter) Count() int { return w.n }

// Write writes one card; a person's first organisation becomes ORG and
// TITLE.
func (w *VCardWriter) Write(c contact.Contact, orgs []contact.OrgRole) error {
	if err := w.enc.Encode(w.card(c, orgs)); err != nil {
		return err
	}
	w.n++
	return w.fold.err
}

// WriteVCard writes cs as vCard version "3.0" or "4.0".
func WriteVCard(w io.Writer, cs []contact.Contact, version string) error {
	vw, err := NewVCardWriter(w, version)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := vw.Write(c, nil); err != nil {
			return err
		}
	}
	return nil
}

// safeComponent makes s safe inside a structured value (N, ADR, ORG): the
// encoder escapes commas and newlines but not ";", which would shift
// the components.
func safeComponent(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), ";", ",")
}

func (w *VCardWriter) card(c contact.Contact, orgs []contact.OrgRole) vcard.Card {
	card := vcard.Card{}
	card.SetValue(vcard.FieldVersion, w.version)
	v4 := w.version == "4.0"
	if c.Kind == contact.Organisation {
		card.SetValue(vcard.FieldFormattedName, c.OrgName)
		card.SetValue(vcard.FieldOrganization, safeComponent(c.OrgName))
		if v4 {
			card.SetKind(vcard.KindOrganization)
		} else {
			card.SetName(&vcard.Name{}) // N is required in 3.0
			card.SetValue("X-ABSHOWAS", "COMPANY")
		}
	} else {
		card.SetValue(vcard.FieldFormattedName, strings.TrimSpace(c.FirstName+" "+c.LastName))
		card.SetName(&vcard.Name{FamilyName: safeComponent(c.LastName), GivenName: safeComponent(c.FirstName),
			HonorificPrefix: safeComponent(c.Civility)})
		if len(orgs) > 0 && orgs[0].Org != "" {
			card.SetValue(vcard.FieldOrganization, safeComponent(orgs[0].Org))
			if orgs[0].Role != "" {
				card.SetValue(vcard.FieldTitle, orgs[0].Role)
			}
		}
	}
	pref := func(f *vcard.Field, preferred bool) {
		if !preferred {
			return
		}
		if v4 {
			f.Params.Set(vcard.ParamPreferred, "1")
		} else {
			f.Params.Add(vcard.ParamType, "pref")
		}
	}
	preferred := func(i int, p bool, hasPreferred bool) bool { return p || (!hasPreferred && i == 0) }
	hasPref := false
	for _, e := range c.Emails {
		hasPref = hasPref || e.Preferred
	}
	for i, e := range c.Emails {
		f := &vcard.Field{Value: strings.TrimSpace(e.Address), Params: vcard.Params{}}
		for _, t := range vcardTypes(e.Label, false) {
			f.Params.Add(vcard.ParamType, t)
		}
		pref(f, preferred(i, e.Preferred, hasPref))
		card.Add(vcard.FieldEmail, f)
	}
	hasPref = false
	for _, p := range c.Phones {
		hasPref = hasPref || p.Preferred
	}
	for i, p := range c.Phones {
		f := &vcard.Field{Value: p.Number, Params: vcard.Params{}}
		for _, t := range vcardTypes(p.Label, true) {
			f.Params.Add(vcard.ParamType, t)
		}
		pref(f, preferred(i, p.Preferred, hasPref))
		card.Add(vcard.FieldTelephone, f)
	}
	hasPref = false
	for _, a := range c.Addresses {
		hasPref = hasPref || a.Preferred
	}
	for i, a := range c.Addresses {
		adr := &vcard.Address{Field: &vcard.Field{Params: vcard.Params{}}, StreetAddress: safeComponent(a.Street),
			Locality: safeComponent(a.City), PostalCode: safeComponent(a.Postcode), Country: safeComponent(a.Country)}
		for _, t := range vcardTypes(a.Label, false) {
			adr.Params.Add(vcard.ParamType, t)
		}
		pref(adr.Field, preferred(i, a.Preferred, hasPref))
		card.AddAddress(adr)
	}
	if c.Notes != "" {
		card.SetValue(vcard.FieldNote, c.Notes)
	}
	// One CATEGORIES per tag: the encoder escapes the commas that would
	// separate them in a single property.
	for _, t := range c.Tags {
		card.AddValue(vcard.FieldCategories, t)
	}
	if c.Website != "" {
		card.SetValue(vcard.FieldURL, c.Website)
	}
	return card
}

// vcardTypes maps a French label to vCard TYPE values.
func vcardTypes(label string, phone bool) []string {
	var out []string
	words := " " + normHeader(label) + " "
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(words, " "+w+" ") {
				return true
			}
		}
		return false
	}
	if phone && has("mobile", "portable", "cell") {
		out = append(out, vcard.TypeCell)
	}
	if phone && has("fax", "telecopie") {
		out = append(out, vcard.TypeFax)
	}
	if has("travail", "bureau", "pro", "professionnel", "professionnelle", "work", "siege", "standard") {
		out = append(out, vcard.TypeWork)
	}
	if has("domicile", "personnel", "personnelle", "perso", "home", "prive") {
		out = append(out, vcard.TypeHome)
	}
	return out
}

// foldWriter folds the lines that go-vcard's encoder writes (one Write
// per line, ending in CRLF) at 75 octets, without cutting a UTF-8
// character, as RFC 6350 §3.2 asks.
type foldWriter struct {
	w   io.Writer
	buf bytes.Buffer
	err error
}

const foldAt = 75

func (f *foldWriter) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	f.buf.Write(p)
	for {
		data := f.buf.Bytes()
		i := bytes.Index(data, []byte("\r\n"))
		if i < 0 {
			return len(p), nil
		}
		line := append([]byte(nil), data[:i]...)
		f.buf.Next(i + 2)
		if f.err = f.writeLine(line); f.err != nil {
			return 0, f.err
		}
	}
}

func (f *foldWriter) writeLine(line []byte) error {
	var out bytes.Buffer
	limit := foldAt
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		out.Write(line[:cut])
		out.WriteString("\r\n ")
		line = line[cut:]
		limit = foldAt - 1 // the leading space counts
	}
	out.Write(line)
	out.WriteString("\r\n")
	_, err := f.w.Write(out.Bytes())
	return err
}
