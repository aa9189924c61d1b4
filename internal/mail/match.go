package mail

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"
)

// MessageKey is the identity of a message across folders and accounts:
// its Message-ID in angle brackets, or, when it has none, "sha256:" and
// a digest of sender, date, subject and the start of the text.
func MessageKey(m Message) string {
	if m.MessageID != "" {
		return "<" + m.MessageID + ">"
	}
	h := sha256.New()
	date := ""
	if !m.Date.IsZero() {
		date = m.Date.UTC().Format(time.RFC3339)
	}
	body := m.Text
	if len(body) > 4096 {
		body = body[:4096]
	}
	h.Write([]byte(m.From.Addr + "\n" + date + "\n" + m.Subject + "\n" + body))
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Contact is what linking needs to know of a contact.
type Contact struct {
	ID      int64
	Name    string
	IsOrg   bool
	Emails  []string
	Website string
	// OrgIDs are the organisations a person belongs to: mail from the
	// person is also mail with them.
	OrgIDs []int64
}

// freeMail are providers whose domain says nothing about who writes: an
// organisation using one of them is matched by its exact address only.
var freeMail = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "yahoo.com": true, "yahoo.fr": true, "hotmail.com": true,
	"hotmail.fr": true, "outlook.com": true, "outlook.fr": true, "live.com": true, "live.fr": true, "msn.com": true,
	"icloud.com": true, "me.com": true, "mac.com": true, "aol.com": true, "aol.fr": true, "gmx.fr": true, "gmx.com": true,
	"gmx.de": true, "gmx.net": true, "protonmail.com": true, "proton.me": true, "pm.me": true, "mail.com": true,
	"orange.fr": true, "wanadoo.fr": true, "free.fr": true, "sfr.fr": true, "neuf.fr": true, "laposte.net": true,
	"bbox.fr": true, "numericable.fr": true, "club-internet.fr": true, "aliceadsl.fr": true, "yandex.com": true,
	"yandex.ru": true, "tutanota.com": true, "zoho.com": true, "skynet.be": true, "bluewin.ch": true,
}

// Matcher links addresses to contacts: a contact's own address, or the
// domain of an organisation (its website, or the domain of its
// addresses when it is not a free-mail provider).
type Matcher struct {
	byAddr   map[string][]int64
	byDomain map[string][]int64
	own      map[string]bool
	names    map[int64]string
}

// NewMatcher indexes contacts; own are the association's addresses,
// which match nothing.
func NewMatcher(cs []Contact, own []string) *Matcher {
	m := &Matcher{byAddr: map[string][]int64{}, byDomain: map[string][]int64{}, own: map[string]bool{},
		names: make(map[int64]string, len(cs))}
	for _, a := range own {
		m.own[strings.ToLower(strings.TrimSpace(a))] = true
	}
	for _, c := range cs {
		m.names[c.ID] = c.Name
		ids := append([]int64{c.ID}, c.OrgIDs...)
		for _, e := range c.Emails {
			e = strings.ToLower(strings.TrimSpace(e))
			if e == "" || m.own[e] {
				continue
			}
			m.byAddr[e] = appendNew(m.byAddr[e], ids...)
			if c.IsOrg {
				if d := (Address{Addr: e}).Domain(); d != "" && !freeMail[d] {
					m.byDomain[d] = appendNew(m.byDomain[d], c.ID)
				}
			}
		}
		if c.IsOrg {
			if d := WebsiteDomain(c.Website); d != "" && !freeMail[d] {
				m.byDomain[d] = appendNew(m.byDomain[d], c.ID)
			}
		}
	}
	return m
}

func appendNew(s []int64, ids ...int64) []int64 {
	for _, id := range ids {
		if !slices.Contains(s, id) {
			s = append(s, id)
		}
	}
	return s
}

// WebsiteDomain returns the domain of an organisation's website,
// without "www.": "https://www.fondation-x.org/dons" gives
// "fondation-x.org". It returns "" for what is not a domain name.
func WebsiteDomain(site string) string {
	site = strings.TrimSpace(strings.ToLower(site))
	if site == "" {
		return ""
	}
	if !strings.Contains(site, "://") {
		site = "http://" + site
	}
	u, err := url.Parse(site)
	if err != nil {
		return ""
	}
	h := strings.TrimSuffix(u.Hostname(), ".")
	h = strings.TrimPrefix(h, "www.")
	if net.ParseIP(h) != nil || !strings.Contains(h, ".") {
		return ""
	}
	return h
}

// Name returns the name of a contact of the directory.
func (m *Matcher) Name(id int64) string { return m.names[id] }

// Own reports whether addr is one of the association's addresses.
func (m *Matcher) Own(addr string) bool { return m.own[strings.ToLower(addr)] }

// Known reports whether addr is the exact address of a contact.
func (m *Matcher) Known(addr string) bool { return len(m.byAddr[strings.ToLower(addr)]) > 0 }

// DomainOrgs returns the organisations whose domain addr belongs to,
// its parent domains included ("lyon.fondation-x.org").
func (m *Matcher) DomainOrgs(addr string) []int64 {
	d := (Address{Addr: strings.ToLower(addr)}).Domain()
	for d != "" && strings.Contains(d, ".") {
		if ids := m.byDomain[d]; len(ids) > 0 {
			return ids
		}
		_, d, _ = strings.Cut(d, ".")
	}
	return nil
}

// Match returns the contacts linked to addr, none for the association's
// own addresses.
func (m *Matcher) Match(addr string) []int64 {
	addr = strings.ToLower(addr)
	if addr == "" || m.own[addr] {
		return nil
	}
	ids := m.byAddr[addr]
	if orgs := m.DomainOrgs(addr); len(orgs) > 0 {
		ids = appendNew(slices.Clip(ids), orgs...)
	}
	return ids
}

// Partner reports whether one of the participants is linked to a
// contact: only such messages are kept.
func (m *Matcher) Partner(participants []Address) bool {
	for _, a := range participants {
		if len(m.Match(a.Addr)) > 0 {
			return true
		}
	}
	return false
}

// Contacts returns the contacts linked to any of the addresses, sorted.
func (m *Matcher) Contacts(addrs []string) []int64 {
	var out []int64
	for _, a := range addrs {
		out = appendNew(out, m.Match(a)...)
	}
	slices.Sort(out)
	return out
}

// PartyKeys turns the participants of a message into what identifies the
// other side of a conversation: the domain of each address, or the whole
// address at a free-mail provider; the association's own addresses are
// left out.
func (m *Matcher) PartyKeys(addrs []string) []string {
	var out []string
	for _, a := range addrs {
		a = strings.ToLower(a)
		if a == "" || m.own[a] {
			continue
		}
		k := (Address{Addr: a}).Domain()
		if k == "" || freeMail[k] {
			k = a
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
