package receipt

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// merger writes one PDF made of the pages of other PDFs, copied as they
// are: the printing file of a year-end run holds exactly the documents
// that were stored and hashed, not a second drawing of them. It streams:
// each document is read, copied and forgotten, so memory does not grow
// with the number of receipts. Objects that are byte for byte the same
// once renumbered (the embedded fonts, the logo) are written once.
//
// It reads the PDFs internal/pdf writes (fpdf): a classic cross-reference
// table, no object streams, no incremental update. Anything else is
// refused rather than guessed.
type merger struct {
	w       *bufio.Writer
	cw      *countWriter
	offsets []int64 // offsets[n] of object n; 0: not written yet
	kids    []int
	shared  map[[32]byte]int
	err     error
}

const (
	mergeCatalog = 1
	mergePages   = 2
)

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func newMerger(w io.Writer) *merger {
	cw := &countWriter{w: w}
	m := &merger{cw: cw, w: bufio.NewWriterSize(cw, 256<<10), offsets: make([]int64, 3), shared: map[[32]byte]int{}}
	// The binary comment tells transfer programs the file is binary.
	m.w.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return m
}

// pos returns the offset at which the next byte will be written.
func (m *merger) pos() int64 { return m.cw.n + int64(m.w.Buffered()) }

// alloc reserves the next object number.
func (m *merger) alloc() int {
	m.offsets = append(m.offsets, 0)
	return len(m.offsets) - 1
}

// writeObj writes object n.
func (m *merger) writeObj(n int, body ...[]byte) {
	m.offsets[n] = m.pos()
	fmt.Fprintf(m.w, "%d 0 obj\n", n)
	for _, b := range body {
		m.w.Write(b)
	}
	m.w.WriteString("\nendobj\n")
}

// Add appends the pages of one PDF.
func (m *merger) Add(pdf []byte) error {
	if m.err != nil {
		return m.err
	}
	d, err := parsePDF(pdf)
	if err != nil {
		m.err = err
		return err
	}
	c := &copier{m: m, d: d, memo: map[int]int{}, busy: map[int]bool{}, cyclic: map[int]bool{}}
	for _, p := range d.pages {
		n, err := c.resolve(p)
		if err != nil {
			m.err = err
			return err
		}
		m.kids = append(m.kids, n)
	}
	return nil
}

// Close writes the page tree, the catalog, the cross-reference table and
// the trailer.
func (m *merger) Close() error {
	if m.err != nil {
		return m.err
	}
	if len(m.kids) == 0 {
		return errors.New("merge: no page")
	}
	var kids bytes.Buffer
	kids.WriteString("<< /Type /Pages /Kids [")
	for i, k := range m.kids {
		if i%10 == 0 {
			kids.WriteByte('\n')
		}
		fmt.Fprintf(&kids, "%d 0 R ", k)
	}
	fmt.Fprintf(&kids, "]\n/Count %d >>", len(m.kids))
	m.writeObj(mergePages, kids.Bytes())
	m.writeObj(mergeCatalog, []byte(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /Lang (fr-FR) >>", mergePages)))
	xref := m.pos()
	fmt.Fprintf(m.w, "xref\n0 %d\n0000000000 65535 f \n", len(m.offsets))
	for n := 1; n < len(m.offsets); n++ {
		if m.offsets[n] == 0 {
			return fmt.Errorf("merge: object %d never written", n)
		}
		fmt.Fprintf(m.w, "%010d 00000 n \n", m.offsets[n])
	}
	fmt.Fprintf(m.w, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(m.offsets), mergeCatalog, xref)
	return m.w.Flush()
}

// pdfDoc is a parsed input document.
type pdfDoc struct {
	b      []byte
	start  map[int]int // object number → offset of "N G obj"
	end    map[int]int // object number → offset just after its "endobj"
	pages  []int       // leaf pages in order
	nodes  map[int]bool
	parent map[int]int
}

// parsePDF reads the cross-reference table and the page tree of b.
func parsePDF(b []byte) (*pdfDoc, error) {
	bad := func(what string) error { return fmt.Errorf("merge: unsupported PDF: %s", what) }
	i := bytes.LastIndex(b, []byte("startxref"))
	if i < 0 {
		return nil, bad("no startxref")
	}
	f := bytes.Fields(b[i+len("startxref"):])
	if len(f) == 0 {
		return nil, bad("no xref offset")
	}
	xref, err := strconv.Atoi(string(f[0]))
	if err != nil || xref <= 0 || xref >= len(b) || !bytes.HasPrefix(b[xref:], []byte("xref")) {
		return nil, bad("no classic cross-reference table")
	}
	if bytes.Count(b, []byte("startxref")) != 1 {
		return nil, bad("incremental updates")
	}
	d := &pdfDoc{b: b, start: map[int]int{}, end: map[int]int{}, nodes: map[int]bool{}, parent: map[int]int{}}
	lines := bytes.Split(b[xref:], []byte("\n"))
	var offs []int
	li := 1
	for li < len(lines) {
		l := bytes.TrimSpace(lines[li])
		if bytes.HasPrefix(l, []byte("trailer")) {
			break
		}
		hdr := bytes.Fields(l)
		if len(hdr) != 2 {
			return nil, bad("cross-reference subsection")
		}
		first, err1 := strconv.Atoi(string(hdr[0]))
		count, err2 := strconv.Atoi(string(hdr[1]))
		if err1 != nil || err2 != nil || count < 0 || li+count >= len(lines) {
			return nil, bad("cross-reference subsection")
		}
		for k := range count {
			e := bytes.Fields(lines[li+1+k])
			if len(e) != 3 {
				return nil, bad("cross-reference entry")
			}
			if string(e[2]) != "n" {
				continue
			}
			off, err := strconv.Atoi(string(e[0]))
			if err != nil || off <= 0 || off >= xref {
				return nil, bad("cross-reference offset")
			}
			d.start[first+k] = off
			offs = append(offs, off)
		}
		li += 1 + count
	}
	trailerAt := bytes.Index(b[xref:], []byte("trailer"))
	if trailerAt < 0 {
		return nil, bad("no trailer")
	}
	// Objects follow one another: each ends where the next (or the table)
	// starts, with its "endobj".
	slices.Sort(offs)
	offs = append(offs, xref)
	for n, off := range d.start {
		k, _ := slices.BinarySearch(offs, off)
		next := offs[k+1]
		e := bytes.LastIndex(b[off:next], []byte("endobj"))
		if e < 0 {
			return nil, bad(fmt.Sprintf("object %d has no endobj", n))
		}
		d.end[n] = off + e + len("endobj")
	}
	trailer := bytes.TrimLeft(b[xref+trailerAt+len("trailer"):], " \r\n\t")
	tend, err := valueEnd(trailer, 0)
	if err != nil {
		return nil, bad("trailer")
	}
	root, ok := dictRef(trailer[:tend], "Root")
	if !ok {
		return nil, bad("no /Root")
	}
	cat, err := d.dict(root)
	if err != nil {
		return nil, err
	}
	pages, ok := dictRef(cat, "Pages")
	if !ok {
		return nil, bad("no /Pages")
	}
	if err := d.walk(pages, 0, 0); err != nil {
		return nil, err
	}
	if len(d.pages) == 0 {
		return nil, bad("no page")
	}
	return d, nil
}

// walk collects the leaf pages under node n in order.
func (d *pdfDoc) walk(n, parent, depth int) error {
	if depth > 32 {
		return errors.New("merge: page tree too deep")
	}
	dict, err := d.dict(n)
	if err != nil {
		return err
	}
	switch typ := dictName(dict, "Type"); typ {
	case "Pages":
		d.nodes[n] = true
		if parent != 0 {
			d.parent[n] = parent
		}
		kids, ok := dictValue(dict, "Kids")
		if !ok {
			return errors.New("merge: /Pages without /Kids")
		}
		for _, k := range refs(kids) {
			if err := d.walk(k, n, depth+1); err != nil {
				return err
			}
		}
	case "Page":
		d.pages = append(d.pages, n)
		d.parent[n] = parent
	default:
		return fmt.Errorf("merge: page tree node %d of type %q", n, typ)
	}
	return nil
}

// body returns the bytes of object n between "N G obj" and "endobj".
func (d *pdfDoc) body(n int) ([]byte, error) {
	off, ok := d.start[n]
	if !ok {
		return nil, fmt.Errorf("merge: object %d missing", n)
	}
	b := d.b[off:d.end[n]]
	i := bytes.Index(b, []byte("obj"))
	if i < 0 {
		return nil, fmt.Errorf("merge: object %d has no header", n)
	}
	head := bytes.Fields(b[:i])
	if len(head) != 2 || string(head[0]) != strconv.Itoa(n) {
		return nil, fmt.Errorf("merge: object %d: offset points elsewhere", n)
	}
	return bytes.TrimSpace(b[i+3 : len(b)-len("endobj")]), nil
}

// dict returns the dictionary of object n (of a stream, its dictionary).
func (d *pdfDoc) dict(n int) ([]byte, error) {
	b, err := d.body(n)
	if err != nil {
		return nil, err
	}
	end, err := valueEnd(b, 0)
	if err != nil {
		return nil, fmt.Errorf("merge: object %d: %w", n, err)
	}
	return b[:end], nil
}

// copier copies the objects of one document, renumbered.
type copier struct {
	m      *merger
	d      *pdfDoc
	memo   map[int]int
	busy   map[int]bool
	cyclic map[int]bool
}

// inherited are the page attributes a page may take from its ancestors
// (PDF 32000-1 §7.7.3.4); fpdf puts /MediaBox on the page tree.
var inherited = []string{"Resources", "MediaBox", "CropBox", "Rotate"}

// resolve returns the new number of object n, copying it (and what it
// refers to) the first time. Objects that turn out identical to one
// already written are shared, except pages and objects on a cycle.
func (c *copier) resolve(n int) (int, error) {
	if c.d.nodes[n] {
		return mergePages, nil
	}
	if v, ok := c.memo[n]; ok {
		return v, nil
	}
	if c.busy[n] {
		// A cycle (a link annotation pointing back to its page): number it
		// now, write it when its own resolve ends.
		v := c.m.alloc()
		c.memo[n], c.cyclic[n] = v, true
		return v, nil
	}
	c.busy[n] = true
	defer delete(c.busy, n)
	body, err := c.d.body(n)
	if err != nil {
		return 0, err
	}
	end, err := valueEnd(body, 0)
	if err != nil {
		return 0, fmt.Errorf("merge: object %d: %w", n, err)
	}
	head, rest := body[:end], body[end:]
	page := isDict(head) && dictName(head, "Type") == "Page"
	if page {
		if head, err = c.inherit(n, head); err != nil {
			return 0, err
		}
	}
	head, err = c.renumber(head)
	if err != nil {
		return 0, err
	}
	if v, ok := c.memo[n]; ok && c.cyclic[n] {
		c.m.writeObj(v, head, rest)
		return v, nil
	}
	var key [32]byte
	share := !page && dictName(head, "Type") != "Annot"
	if share {
		h := sha256.New()
		h.Write(head)
		h.Write([]byte{0})
		h.Write(rest)
		copy(key[:], h.Sum(nil))
		if v, ok := c.m.shared[key]; ok {
			c.memo[n] = v
			return v, nil
		}
	}
	v := c.m.alloc()
	c.memo[n] = v
	c.m.writeObj(v, head, rest)
	if share {
		c.m.shared[key] = v
	}
	return v, nil
}

// inherit adds to a page's dictionary the attributes it takes from its
// ancestors, since the page moves to a new tree.
func (c *copier) inherit(n int, dict []byte) ([]byte, error) {
	var add []byte
	for _, k := range inherited {
		if _, ok := dictValue(dict, k); ok {
			continue
		}
		for p := c.d.parent[n]; p != 0; p = c.d.parent[p] {
			pd, err := c.d.dict(p)
			if err != nil {
				return nil, err
			}
			if v, ok := dictValue(pd, k); ok {
				add = fmt.Appendf(add, "/%s %s\n", k, v)
				break
			}
		}
	}
	if len(add) == 0 {
		return dict, nil
	}
	out := slices.Clone(dict[:len(dict)-2])
	if out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	out = append(out, add...)
	return append(out, ">>"...), nil
}

// renumber rewrites every reference "N G R" of b with the new numbers.
func (c *copier) renumber(b []byte) ([]byte, error) {
	toks, err := lex(b)
	if err != nil {
		return nil, err
	}
	var out []byte
	last := 0
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].kind != tokInt || toks[i+1].kind != tokInt || toks[i+2].kind != tokWord || string(b[toks[i+2].from:toks[i+2].to]) != "R" {
			continue
		}
		old, _ := strconv.Atoi(string(b[toks[i].from:toks[i].to]))
		v, err := c.resolve(old)
		if err != nil {
			return nil, err
		}
		out = append(out, b[last:toks[i].from]...)
		out = fmt.Appendf(out, "%d 0 R", v)
		last = toks[i+2].to
		i += 2
	}
	return append(out, b[last:]...), nil
}

// Lexing: just enough of PDF's syntax (PDF 32000-1 §7.2, §7.3) to find
// references, keys and values without being fooled by strings.

type tokKind int

const (
	tokInt tokKind = iota
	tokNumber
	tokWord // keyword: R, true, null…
	tokName
	tokString
	tokOpen  // << or [
	tokClose // >> or ]
)

type token struct {
	kind     tokKind
	from, to int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// lex splits b into tokens.
func lex(b []byte) ([]token, error) {
	var toks []token
	for i := 0; ; {
		t, ok, err := nextToken(b, i)
		if err != nil {
			return nil, err
		}
		if !ok {
			return toks, nil
		}
		toks = append(toks, t)
		i = t.to
	}
}

// nextToken returns the token at or after offset i; ok is false at the
// end of b.
func nextToken(b []byte, i int) (t token, ok bool, err error) {
	for i < len(b) {
		c := b[i]
		switch {
		case isSpace(c):
			i++
			continue
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
			continue
		case c == '(':
			j, err := stringEnd(b, i)
			if err != nil {
				return t, false, err
			}
			return token{tokString, i, j}, true, nil
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			return token{tokOpen, i, i + 2}, true, nil
		case c == '>' && i+1 < len(b) && b[i+1] == '>':
			return token{tokClose, i, i + 2}, true, nil
		case c == '<':
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				return t, false, errors.New("unterminated hex string")
			}
			return token{tokString, i, i + j + 1}, true, nil
		case c == '[':
			return token{tokOpen, i, i + 1}, true, nil
		case c == ']':
			return token{tokClose, i, i + 1}, true, nil
		case c == '/':
			j := i + 1
			for j < len(b) && !isSpace(b[j]) && !isDelim(b[j]) {
				j++
			}
			return token{tokName, i, j}, true, nil
		case c == '{' || c == '}' || c == ')' || c == '>':
			return t, false, fmt.Errorf("unexpected %q", c)
		}
		j := i
		for j < len(b) && !isSpace(b[j]) && !isDelim(b[j]) {
			j++
		}
		w := b[i:j]
		kind := tokWord
		if _, err := strconv.Atoi(string(w)); err == nil {
			kind = tokInt
		} else if _, err := strconv.ParseFloat(string(w), 64); err == nil {
			kind = tokNumber
		}
		return token{kind, i, j}, true, nil
	}
	return t, false, nil
}

// stringEnd returns the offset after the literal string starting at i.
func stringEnd(b []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, errors.New("unterminated string")
}

// valueEnd returns the offset after the value starting at or after i,
// reading no further: the bytes after a stream's dictionary are binary.
func valueEnd(b []byte, i int) (int, error) {
	depth := 0
	for {
		t, ok, err := nextToken(b, i)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, errors.New("unterminated value")
		}
		switch t.kind {
		case tokOpen:
			depth++
		case tokClose:
			depth--
		}
		if depth < 0 {
			return 0, errors.New("unbalanced brackets")
		}
		i = t.to
		if depth > 0 {
			continue
		}
		// A reference "N G R" is one value.
		if t.kind == tokInt {
			if g, ok, _ := nextToken(b, t.to); ok && g.kind == tokInt {
				if r, ok, _ := nextToken(b, g.to); ok && r.kind == tokWord && string(b[r.from:r.to]) == "R" {
					return r.to, nil
				}
			}
		}
		return t.to, nil
	}
}

func isDict(b []byte) bool { return bytes.HasPrefix(b, []byte("<<")) }

// dictValue returns the raw value of key at the top level of dict.
func dictValue(dict []byte, key string) ([]byte, bool) {
	if !isDict(dict) {
		return nil, false
	}
	toks, err := lex(dict)
	if err != nil {
		return nil, false
	}
	depth := 0
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		switch t.kind {
		case tokOpen:
			depth++
			continue
		case tokClose:
			depth--
			continue
		}
		if depth == 1 && t.kind == tokName && string(dict[t.from+1:t.to]) == key {
			end, err := valueEnd(dict, t.to)
			if err != nil {
				return nil, false
			}
			return bytes.TrimSpace(dict[t.to:end]), true
		}
		if depth == 1 && t.kind == tokName {
			// Skip the value so that a name used as a value is not read as
			// a key.
			end, err := valueEnd(dict, t.to)
			if err != nil {
				return nil, false
			}
			for k+1 < len(toks) && toks[k+1].from < end {
				k++
			}
		}
	}
	return nil, false
}

// dictName returns the name value of key ("Page" for /Type /Page).
func dictName(dict []byte, key string) string {
	v, ok := dictValue(dict, key)
	if !ok || len(v) < 2 || v[0] != '/' {
		return ""
	}
	return string(v[1:])
}

// dictRef returns the object number key refers to.
func dictRef(dict []byte, key string) (int, bool) {
	v, ok := dictValue(dict, key)
	if !ok {
		return 0, false
	}
	r := refs(v)
	if len(r) != 1 {
		return 0, false
	}
	return r[0], true
}

// refs returns the object numbers referred to in b, in order.
func refs(b []byte) []int {
	toks, err := lex(b)
	if err != nil {
		return nil
	}
	var out []int
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].kind == tokInt && toks[i+1].kind == tokInt && toks[i+2].kind == tokWord && string(b[toks[i+2].from:toks[i+2].to]) == "R" {
			n, _ := strconv.Atoi(string(b[toks[i].from:toks[i].to]))
			out = append(out, n)
			i += 2
		}
	}
	return out
}
