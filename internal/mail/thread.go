package mail

import (
	"slices"
	"time"
)

// Header is what threading needs to know of a message.
type Header struct {
	MessageID  string
	InReplyTo  string
	References []string
	Subject    string
	Date       time.Time
	// Parties say who the other side of the conversation is (see
	// PartyKeys). Two root threads with the same subject are grouped
	// only when they share a party, so that "Convention 2026" with one
	// sponsor and "Convention 2026" with another stay apart. Empty
	// means unknown: grouping as JWZ.
	Parties []string
}

// ThreadOptions tune BuildThreads. The zero value is JWZ as published.
type ThreadOptions struct {
	// NoPrune keeps the placeholders of missing messages (JWZ step 4 off).
	NoPrune bool
	// NoSubject turns off grouping root threads by subject (JWZ step 5).
	NoSubject bool
	// SubjectWindow, when positive, groups two roots by subject only if
	// their dates are this close: "Facture" in March and "Facture" in
	// November are two conversations.
	SubjectWindow time.Duration
}

// Node is one container of a thread tree: a message, or a placeholder
// for a message that is referenced but missing (Index < 0).
type Node struct {
	Index    int    // position in the input, -1 for a placeholder
	ID       string // Message-ID, "" for a message without one
	Parent   *Node
	Children []*Node
	date     time.Time // earliest date in the subtree, for sorting
	order    int       // earliest input position in the subtree
}

// Walk calls fn on n and its descendants, depth first, in order.
func (n *Node) Walk(fn func(n *Node, depth int)) {
	var walk func(n *Node, d int)
	walk = func(n *Node, d int) {
		fn(n, d)
		for _, c := range n.Children {
			walk(c, d+1)
		}
	}
	walk(n, 0)
}

// Messages returns the input positions of the messages under n, in
// thread order.
func (n *Node) Messages() []int {
	var out []int
	n.Walk(func(c *Node, _ int) {
		if c.Index >= 0 {
			out = append(out, c.Index)
		}
	})
	return out
}

// BuildThreads threads messages with Jamie Zawinski's algorithm
// (https://www.jwz.org/doc/threading.html): containers linked through
// References and In-Reply-To, loops refused, empty containers pruned,
// root threads grouped by base subject, siblings sorted by date. It
// returns the root set; every message appears exactly once.
func BuildThreads(hs []Header, opts ThreadOptions) []*Node {
	table := make(map[string]*Node, len(hs))
	all := make([]*Node, 0, len(hs)+len(hs)/2) // creation order, for a stable root set
	get := func(id string) *Node {
		c := table[id]
		if c == nil {
			c = &Node{Index: -1, ID: id}
			table[id] = c
			all = append(all, c)
		}
		return c
	}

	// Step 1: one container per message and per referenced id.
	for i, h := range hs {
		var c *Node
		if h.MessageID != "" {
			c = get(h.MessageID)
			if c.Index >= 0 {
				c = nil // a second message with the same id stands alone
			}
		}
		if c == nil {
			c = &Node{Index: -1}
			all = append(all, c)
		}
		c.Index = i

		var prev *Node
		for _, r := range references(h) {
			if r == "" || r == h.MessageID {
				continue
			}
			rc := get(r)
			if prev != nil && rc.Parent == nil && canLink(prev, rc) {
				link(prev, rc)
			}
			prev = rc
		}
		// The message's own references are the best word on its parent:
		// drop a parent guessed from other messages' References.
		if c.Parent != nil {
			unlink(c)
		}
		if prev != nil && canLink(prev, c) {
			link(prev, c)
		}
	}

	// Step 2: the root set.
	var roots []*Node
	for _, c := range all {
		if c.Parent == nil {
			roots = append(roots, c)
		}
	}

	// Step 4: prune empty containers.
	if !opts.NoPrune {
		roots = prune(roots, true)
	}
	for _, r := range roots {
		r.Parent = nil
		stamp(r, hs)
	}

	// Step 5: group root threads by subject.
	if !opts.NoSubject {
		roots = groupBySubject(roots, hs, opts.SubjectWindow)
	}

	// Step 6: sort siblings by date, then input order.
	for _, r := range roots {
		stamp(r, hs)
		sortTree(r)
	}
	sortNodes(roots)
	return roots
}

// references lists the ids of the ancestors of h, oldest first: its
// References, then In-Reply-To when References does not end with it.
func references(h Header) []string {
	refs := h.References
	if h.InReplyTo != "" && (len(refs) == 0 || refs[len(refs)-1] != h.InReplyTo) {
		refs = append(slices.Clip(refs), h.InReplyTo)
	}
	return refs
}

// canLink reports whether parent may adopt child without a loop.
func canLink(parent, child *Node) bool {
	if parent == child {
		return false
	}
	for p := parent.Parent; p != nil; p = p.Parent {
		if p == child {
			return false
		}
	}
	return true
}

func link(parent, child *Node) {
	child.Parent = parent
	parent.Children = append(parent.Children, child)
}

func unlink(c *Node) {
	p := c.Parent
	if i := slices.Index(p.Children, c); i >= 0 {
		p.Children = slices.Delete(p.Children, i, i+1)
	}
	c.Parent = nil
}

// prune removes empty containers without children and replaces empty
// containers by their children, except that children are promoted to
// the root set only when there is just one.
func prune(list []*Node, root bool) []*Node {
	out := list[:0:0]
	for _, c := range list {
		c.Children = prune(c.Children, false)
		switch {
		case c.Index < 0 && len(c.Children) == 0:
			// nothing to keep
		case c.Index < 0 && (!root || len(c.Children) == 1):
			for _, k := range c.Children {
				k.Parent = c.Parent
			}
			out = append(out, c.Children...)
		default:
			out = append(out, c)
		}
	}
	return out
}

// stamp sets the date and input order of every container of the tree
// to the earliest of its subtree.
func stamp(n *Node, hs []Header) {
	n.date, n.order = time.Time{}, -1
	if n.Index >= 0 {
		n.date, n.order = hs[n.Index].Date, n.Index
	}
	for _, c := range n.Children {
		stamp(c, hs)
		if n.order < 0 || c.order < n.order {
			n.order = c.order
		}
		if !c.date.IsZero() && (n.date.IsZero() || c.date.Before(n.date)) {
			n.date = c.date
		}
	}
}

func sortTree(n *Node) {
	sortNodes(n.Children)
	for _, c := range n.Children {
		sortTree(c)
	}
}

func sortNodes(ns []*Node) {
	slices.SortStableFunc(ns, func(a, b *Node) int {
		if c := a.date.Compare(b.date); c != 0 {
			return c
		}
		return a.order - b.order
	})
}

// subjectOf is the subject of a container's message, or of the first
// message below a placeholder.
func subjectOf(n *Node, hs []Header) (string, bool) {
	if n.Index >= 0 {
		return hs[n.Index].Subject, true
	}
	for _, c := range n.Children {
		if s, ok := subjectOf(c, hs); ok {
			return s, true
		}
	}
	return "", false
}

// groupBySubject is JWZ step 5: root threads whose base subjects are
// equal become one thread. A placeholder wins the subject table, then a
// message that is not a reply; a reply joins the original as its child,
// and two originals are put side by side under a new placeholder.
func groupBySubject(roots []*Node, hs []Header, window time.Duration) []*Node {
	type entry struct {
		n     *Node
		reply bool
	}
	bases := make([]string, len(roots))
	replies := make([]bool, len(roots))
	table := make(map[string]entry, len(roots))
	for i, r := range roots {
		s, _ := subjectOf(r, hs)
		bases[i] = BaseSubject(s)
		replies[i] = IsReply(s)
		if bases[i] == "" {
			continue
		}
		old, ok := table[bases[i]]
		if !ok ||
			(r.Index < 0 && old.n.Index >= 0) ||
			(old.n.Index >= 0 && old.reply && r.Index >= 0 && !replies[i]) {
			table[bases[i]] = entry{r, replies[i]}
		}
	}
	removed := make(map[*Node]bool)
	var created []*Node
	for i, r := range roots {
		if bases[i] == "" || removed[r] || r.Parent != nil {
			continue
		}
		e := table[bases[i]]
		c := e.n
		if c == r {
			continue
		}
		if window > 0 && !c.date.IsZero() && !r.date.IsZero() {
			if d := c.date.Sub(r.date); d > window || d < -window {
				continue
			}
		}
		if !shareParty(c, r, hs) {
			continue
		}
		top := c
		switch {
		case c.Index < 0 && r.Index < 0:
			for _, k := range r.Children {
				k.Parent = c
			}
			c.Children = append(c.Children, r.Children...)
			r.Children = nil
			removed[r] = true
		case c.Index < 0:
			link(c, r)
		case r.Index < 0:
			link(r, c)
			top = r
		case !e.reply && replies[i]:
			link(c, r)
		case e.reply && !replies[i]:
			link(r, c)
			top = r
		default:
			top = &Node{Index: -1}
			link(top, c)
			link(top, r)
			created = append(created, top)
		}
		table[bases[i]] = entry{top, top.Index >= 0 && IsReply(hs[top.Index].Subject)}
		stamp(top, hs)
	}
	out := roots[:0:0]
	for _, r := range append(roots, created...) {
		if r.Parent == nil && !removed[r] {
			out = append(out, r)
		}
	}
	return out
}

// shareParty reports whether two trees have a party in common, or
// whether one of them has none known.
func shareParty(a, b *Node, hs []Header) bool {
	pa := parties(a, hs, nil)
	if len(pa) == 0 {
		return true
	}
	found, any := false, false
	b.Walk(func(n *Node, _ int) {
		if n.Index < 0 || found {
			return
		}
		for _, p := range hs[n.Index].Parties {
			any = true
			if pa[p] {
				found = true
				return
			}
		}
	})
	return found || !any
}

func parties(n *Node, hs []Header, set map[string]bool) map[string]bool {
	n.Walk(func(c *Node, _ int) {
		if c.Index < 0 {
			return
		}
		for _, p := range hs[c.Index].Parties {
			if set == nil {
				set = map[string]bool{}
			}
			set[p] = true
		}
	})
	return set
}
