package mail_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/mailsync"
)

// readMbox returns the headers of the messages of an mbox file.
func readMbox(t testing.TB, path string) []mail.Header {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var hs []mail.Header
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	for _, chunk := range bytes.Split(append([]byte("\n"), b...), []byte("\nFrom ")) {
		_, msg, ok := bytes.Cut(chunk, []byte("\n"))
		if !ok || len(bytes.TrimSpace(msg)) == 0 {
			continue
		}
		hs = append(hs, header(mailsync.ParseHeader(msg)))
	}
	return hs
}

func header(m mail.Message) mail.Header {
	return mail.Header{MessageID: m.MessageID, InReplyTo: m.InReplyTo, References: m.References, Subject: m.Subject, Date: m.Date}
}

// render writes a forest one container per line, indented by depth,
// "?" before placeholders; siblings are sorted by id so that the
// comparison does not depend on dates.
func render(roots []*mail.Node, hs []mail.Header) string {
	var lines []string
	var walk func(ns []*mail.Node, depth int) []string
	walk = func(ns []*mail.Node, depth int) []string {
		type item struct {
			key   string
			lines []string
		}
		var items []item
		for _, n := range ns {
			id := n.ID
			if n.Index >= 0 {
				id = hs[n.Index].MessageID
			} else {
				id = "?" + id
			}
			l := []string{strings.Repeat("  ", depth) + id}
			l = append(l, walk(n.Children, depth+1)...)
			items = append(items, item{strings.TrimPrefix(id, "?"), l})
		}
		slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.key, b.key) })
		var out []string
		for _, it := range items {
			out = append(out, it.lines...)
		}
		return out
	}
	lines = walk(roots, 0)
	return strings.Join(lines, "\n")
}

// tree turns the indented expectation into the same form as render.
func tree(s string) string {
	var roots []*mail.Node
	var stack []*mail.Node
	var hs []mail.Header
	for _, l := range strings.Split(strings.Trim(s, "\n"), "\n") {
		depth := (len(l) - len(strings.TrimLeft(l, " "))) / 2
		id := strings.TrimSpace(l)
		n := &mail.Node{Index: -1, ID: strings.TrimPrefix(id, "?")}
		if !strings.HasPrefix(id, "?") {
			n.Index = len(hs)
			hs = append(hs, mail.Header{MessageID: id})
		}
		stack = stack[:depth]
		if depth == 0 {
			roots = append(roots, n)
		} else {
			p := stack[depth-1]
			p.Children = append(p.Children, n)
		}
		stack = append(stack, n)
	}
	return render(roots, hs)
}

func TestThreadsMailThreadBoxes(t *testing.T) {
	dir := filepath.Join("testdata", "mail-thread")
	tests := []struct {
		box  string
		opts mail.ThreadOptions
		want string
	}{
		{"testbox.mbox", mail.ThreadOptions{NoPrune: true, NoSubject: true}, `
?3E1A9807.3393A163@earthlink.net
  avefva+gol5@eGroups.com
    000001c2b64c$03af8740$56734151@noos.fr
  4.3.2-J.20030107222402.051f7418@mail.chipple.net
    3E1B380C.F5713721@earthlink.net
  000f01c2b6ab$2017f8e0$25197450@win98
20030107164205.E98585-100000@nemesis.eahd.or.ug
  20030107145325.33120.qmail@web13704.mail.yahoo.com
?20021112174425.GD13228@soto.kasei.com
  ?20021112174700.GB2599@rivendale.net
    20030107153054.GB21728@soto.kasei.com
      20030107160909.GA11673@futureless.org
        20030107161602.GA8784@labac.net`},
		{"testbox-2.mbox", mail.ThreadOptions{}, `
20030101210258.63148.qmail@web20805.mail.yahoo.com
  auvpjq$ede$1@post.home.lunix
  r3i71vcul4g95orb58173qj6b8dus6pnch@4ax.com`},
		{"testbox-3.mbox", mail.ThreadOptions{}, `
?20030102152943.D635@hermione.osp.nl
  3E146C15.8000302@ntlworld.com
    20030102180231.F635@hermione.osp.nl
  20030102115117.A21351@cs839290-a.mtth.phub.net.cable.rogers.com`},
		{"testbox-4.mbox", mail.ThreadOptions{NoSubject: true}, `
20000719155037.A27886@O2.chapin.edu
  20000719161418.D17718@ghostwheel.wks.na.deuba.com
    20000719154851.C5309@cbi.tamucc.edu
      20000719164529.E17718@ghostwheel.wks.na.deuba.com
        20000719160141.D5309@cbi.tamucc.edu
  87em4pa0ec.fsf@fire-swamp.org
F122YsoaJ70EgyBiQhe00003799@hotmail.com`},
		{"testbox-8.mbox", mail.ThreadOptions{}, `
Pine.GSO.4.50.0303010015230.21567-100000@theproject.fierypit.org
  200303010143.h211hvD16626@rszemeti.demon.co.uk
  20030301102748.GC67225@colon.colondot.net`},
		{"testbox-9.mbox", mail.ThreadOptions{}, `
20030311083936.GB26176@cat.ourshack.com
  f05200f00ba93600e2e7a@10.0.0.250
    1047382472.1875.19.camel@dirk2.int.tobit.co.uk
      D4CA215C-53B6-11D7-8510-0030654E40D0@quietstars.com
  11030370.22639@webbox.com
    86fzpu3r6o.fsf@red.stonehenge.com`},
	}
	for _, tt := range tests {
		t.Run(tt.box, func(t *testing.T) {
			hs := readMbox(t, filepath.Join(dir, tt.box))
			got := render(mail.BuildThreads(hs, tt.opts), hs)
			if want := tree(tt.want); got != want {
				t.Errorf("threads of %s:\n%s\nwant:\n%s", tt.box, got, want)
			}
		})
	}
}

// TestThreadsRepeatable is t/2.t and t/open-ended.t: threading again,
// or with the last message added afterwards, gives the same tree.
func TestThreadsRepeatable(t *testing.T) {
	hs := readMbox(t, filepath.Join("testdata", "mail-thread", "testbox-2.mbox"))
	first := render(mail.BuildThreads(hs, mail.ThreadOptions{}), hs)
	for i := 0; i < 4; i++ {
		if got := render(mail.BuildThreads(hs, mail.ThreadOptions{}), hs); got != first {
			t.Fatalf("run %d gives\n%s\nwant\n%s", i+2, got, first)
		}
	}
	partial := hs[:len(hs)-1]
	_ = render(mail.BuildThreads(partial, mail.ThreadOptions{}), partial)
	if got := render(mail.BuildThreads(hs, mail.ThreadOptions{}), hs); got != first {
		t.Fatalf("incremental gives\n%s\nwant\n%s", got, first)
	}
}

// TestThreadsLoopsAndOddBoxes covers t/5.t, t/6.t (a References loop)
// and t/7.t: threading ends, every message appears once, and testbox-7
// is one thread.
func TestThreadsLoopsAndOddBoxes(t *testing.T) {
	for _, box := range []string{"testbox-5.mbox", "testbox-6.mbox", "testbox-7.mbox"} {
		hs := readMbox(t, filepath.Join("testdata", "mail-thread", box))
		done := make(chan []*mail.Node)
		go func() { done <- mail.BuildThreads(hs, mail.ThreadOptions{}) }()
		var roots []*mail.Node
		select {
		case roots = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: threading does not end", box)
		}
		seen := map[int]int{}
		for _, r := range roots {
			for _, i := range r.Messages() {
				seen[i]++
			}
		}
		for i := range hs {
			if seen[i] != 1 {
				t.Errorf("%s: message %d appears %d times", box, i, seen[i])
			}
		}
		if box == "testbox-7.mbox" && len(roots) != 1 {
			t.Errorf("testbox-7: %d roots, want 1", len(roots))
		}
		// Each message threaded on its own, incrementally (t/5.t).
		for i := range hs {
			_ = mail.BuildThreads(hs[:i+1], mail.ThreadOptions{})
		}
	}
}

func TestThreadsLoopInReferences(t *testing.T) {
	hs := []mail.Header{
		{MessageID: "a@x", References: []string{"b@x", "c@x"}, Subject: "loop"},
		{MessageID: "b@x", References: []string{"c@x", "a@x"}, Subject: "Re: loop"},
		{MessageID: "c@x", References: []string{"a@x", "b@x"}, Subject: "Re: loop"},
		{MessageID: "d@x", InReplyTo: "d@x", Subject: "self"},
	}
	roots := mail.BuildThreads(hs, mail.ThreadOptions{})
	n := 0
	for _, r := range roots {
		n += len(r.Messages())
	}
	if n != len(hs) {
		t.Fatalf("%d messages in the threads, want %d:\n%s", n, len(hs), render(roots, hs))
	}
}

func TestThreadsSubjectFallback(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	hs := []mail.Header{
		{MessageID: "1@x", Subject: "Convention 2026", Date: day(1)},
		{MessageID: "2@x", Subject: "RE : Convention 2026", Date: day(2)},       // Outlook FR, no References
		{MessageID: "3@x", Subject: "TR: Convention 2026", Date: day(3)},        // forwarded
		{MessageID: "4@x", Subject: "Réf. : convention 2026", Date: day(4)},     // accents, case
		{MessageID: "5@x", Subject: "Fwd: [EXT] Convention 2026", Date: day(5)}, // gateway tag
		{MessageID: "6@x", Subject: "Budget", Date: day(1)},
		{MessageID: "7@x", Subject: "Re: Budget", Date: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)},
	}
	roots := mail.BuildThreads(hs, mail.ThreadOptions{SubjectWindow: 90 * 24 * time.Hour})
	got := render(roots, hs)
	want := tree(`
1@x
  2@x
  3@x
  4@x
  5@x
6@x
7@x`)
	if got != want {
		t.Errorf("subject threading:\n%s\nwant\n%s", got, want)
	}
}

// TestThreadsSubjectNeedsACommonParty keeps apart two conversations with
// the same subject and different partners.
func TestThreadsSubjectNeedsACommonParty(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	hs := []mail.Header{
		{MessageID: "1@x", Subject: "Convention 2026", Date: day(1), Parties: []string{"fondation-val.fr"}},
		{MessageID: "2@x", Subject: "Convention 2026", Date: day(2), Parties: []string{"cc-touraine.fr"}},
		{MessageID: "3@x", Subject: "RE: Convention 2026", Date: day(3), Parties: []string{"fondation-val.fr", "jeanne@gmail.com"}},
		{MessageID: "4@x", Subject: "Re: Convention 2026", Date: day(4), Parties: []string{"jeanne@gmail.com"}},
	}
	got := render(mail.BuildThreads(hs, mail.ThreadOptions{}), hs)
	want := tree(`
1@x
  3@x
  4@x
2@x`)
	if got != want {
		t.Errorf("threads:\n%s\nwant\n%s", got, want)
	}
	m := mail.NewMatcher(nil, []string{"bureau@asso.test"})
	if keys := m.PartyKeys([]string{"Bureau@asso.test", "paul@fondation-val.fr", "marie@fondation-val.fr", "jeanne@gmail.com"}); strings.Join(keys, " ") != "fondation-val.fr jeanne@gmail.com" {
		t.Errorf("PartyKeys = %q", keys)
	}
}

func TestBaseSubject(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Re: Réunion", "reunion"},
		{"RE : Réunion", "reunion"},
		{"Re[2]: Réunion", "reunion"},
		{"TR: RE: Fwd: Réunion", "reunion"},
		{"Réf. : Réunion", "reunion"},
		{"AW: WG: Réunion", "reunion"},
		{"[p5ml] Re: karie", "karie"},
		{"Réunion (fwd)", "reunion"},
		{"Rapport annuel", "rapport annuel"},
		{"Réponse attendue", "reponse attendue"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := mail.BaseSubject(tt.in); got != tt.want {
			t.Errorf("BaseSubject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !mail.IsReply("RE : x") || !mail.IsReply("[liste] Re: x") || mail.IsReply("Réunion") || mail.IsReply("Rapport") {
		t.Error("IsReply wrong")
	}
}

// TestThreadsRealArchives threads real mailing-list archives (Apache
// Pony Mail's test corpus): every message lands in exactly one thread,
// and each reply whose parent is in the archive shares its thread.
func TestThreadsRealArchives(t *testing.T) {
	for _, box := range []string{"maven-dev-2017-11-mailarchivesao.mbox", "httpd-users-2020-07.mbox", "httpd-users-200606-part.mbox"} {
		hs := readMbox(t, filepath.Join("testdata", "ponymail", box))
		roots := mail.BuildThreads(hs, mail.ThreadOptions{SubjectWindow: 90 * 24 * time.Hour})
		thread := map[int]int{}
		for ti, r := range roots {
			for _, i := range r.Messages() {
				if _, dup := thread[i]; dup {
					t.Fatalf("%s: message %d in two threads", box, i)
				}
				thread[i] = ti
			}
		}
		if len(thread) != len(hs) {
			t.Fatalf("%s: %d messages threaded, want %d", box, len(thread), len(hs))
		}
		byID := map[string]int{}
		for i, h := range hs {
			byID[h.MessageID] = i
		}
		replies := 0
		for i, h := range hs {
			p, ok := byID[h.InReplyTo]
			if h.InReplyTo == "" || !ok {
				continue
			}
			replies++
			if thread[p] != thread[i] {
				t.Errorf("%s: %q is not in the thread of %q, which it answers", box, h.Subject, hs[p].Subject)
			}
		}
		t.Logf("%s: %d messages, %d replies with their parent present, %d threads", box, len(hs), replies, len(roots))
		if replies == 0 || len(roots) >= len(hs) {
			t.Errorf("%s: nothing was threaded", box)
		}
	}
}
