package charter

import (
	"fmt"
	"slices"
	"strings"
)

// The markup of charters is a small subset of Markdown that an office
// can write without learning anything:
//
//	# Titre de la charte          the title (one per charter, first)
//	## Article 1 — Objet          a section heading
//	Un paragraphe, sur une ou plusieurs lignes.
//	- un élément de liste
//	Du texte en **gras**, et des champs : {{association.name}}.
//
// A blank line ends a paragraph or a list item; a heading or a new "- "
// ends them too. Lines that follow a list item, indented or not, continue
// it (as Markdown's "lazy continuation" does). Nothing else is special:
// "*", "_", "1." and "###" are written as they are, except that "###"
// is reported, since it was probably meant as a heading.

// BlockKind tells the blocks of a charter apart.
type BlockKind int

// Kinds of block.
const (
	// Title is a "# " line: the title of the charter.
	Title BlockKind = iota + 1
	// Heading is a "## " line: the heading of a section.
	Heading
	// Paragraph is text between blank lines.
	Paragraph
	// Item is one "- " element of a list.
	Item
)

// Span is a run of text in one style, or a field to fill.
type Span struct {
	Text string
	Bold bool
	// Field is the name of a field ("association.name"), or "" for text.
	// Text then holds the field as written, "{{association.name}}".
	Field string
}

// Block is a title, heading, paragraph or list item.
type Block struct {
	Kind BlockKind
	// Line is the source line the block starts on, from 1.
	Line  int
	Spans []Span
}

// Text returns the block's text, fields as written.
func (b Block) Text() string {
	var s strings.Builder
	for _, sp := range b.Spans {
		s.WriteString(sp.Text)
	}
	return s.String()
}

// Problem is a mistake in a charter's text, with its line.
type Problem struct {
	Line    int
	Message string // in French, says what to change
}

func (p Problem) String() string { return fmt.Sprintf("ligne %d : %s", p.Line, p.Message) }

// Parse reads a charter's text into blocks. It never fails: what it
// cannot read as the author meant (an unclosed "**" or "{{", a "###"
// heading) is kept as close to the text as possible and reported as a
// problem, so that a preview can be drawn while the text is being typed.
// Field names are not checked here: see Validate.
func Parse(src string) ([]Block, []Problem) {
	blocks, problems, _ := parse(src)
	return blocks, problems
}

// fieldUse is a field written in the text, with its line.
type fieldUse struct {
	raw, name string
	line      int
}

// parse is Parse, also returning every field used.
func parse(src string) ([]Block, []Problem, []fieldUse) {
	src = normalize(src)
	var (
		blocks   []Block
		problems []Problem
		uses     []fieldUse
		cur      *pending
	)
	flush := func() {
		if cur == nil {
			return
		}
		spans, ps, us := inline(cur.segs)
		problems = append(problems, ps...)
		uses = append(uses, us...)
		blocks = append(blocks, Block{Kind: cur.kind, Line: cur.segs[0].line, Spans: spans})
		cur = nil
	}
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		line = strings.TrimRight(line, " \t")
		trimmed := strings.TrimLeft(line, " \t")
		switch {
		case trimmed == "":
			flush()
		case headingLevel(trimmed) > 0:
			flush()
			level := headingLevel(trimmed)
			kind := Title
			if level >= 2 {
				kind = Heading
			}
			if level > 2 {
				problems = append(problems, Problem{n, fmt.Sprintf(
					"« %s » : seuls deux niveaux de titre existent, « # » pour le titre de la charte et « ## » pour une section. Retirez les « # » en trop.",
					strings.Repeat("#", level))})
			}
			text := strings.TrimSpace(trimmed[level:])
			if text == "" {
				problems = append(problems, Problem{n, "ce titre est vide. Écrivez-le après les « # », ou supprimez la ligne."})
				continue
			}
			cur = &pending{kind: kind, segs: []segment{{text, n}}}
			flush()
		case isItem(trimmed):
			flush()
			cur = &pending{kind: Item, segs: []segment{{strings.TrimSpace(trimmed[2:]), n}}}
		case cur != nil:
			cur.segs = append(cur.segs, segment{trimmed, n})
		default:
			cur = &pending{kind: Paragraph, segs: []segment{{trimmed, n}}}
		}
	}
	flush()
	return blocks, problems, uses
}

// pending is a block being read: its lines so far.
type pending struct {
	kind BlockKind
	segs []segment
}

// segment is the text of one source line within a block.
type segment struct {
	text string
	line int
}

// normalize removes a byte order mark and turns CRLF and CR line ends
// into LF, so that a text saved by any editor compares equal.
func normalize(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// Normalize returns body as it is stored: line ends as LF, no byte order
// mark, no trailing spaces on lines, one final newline. Two bodies that
// differ only in these ways are the same version.
func Normalize(body string) string {
	lines := strings.Split(normalize(body), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n") + "\n"
}

// headingLevel returns the number of "#" that start a heading line ("# "
// or "## " and so on, or a line of "#" alone), or 0.
func headingLevel(line string) int {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || (n < len(line) && line[n] != ' ' && line[n] != '\t') {
		return 0
	}
	return n
}

func isItem(line string) bool {
	return line == "-" || strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "-\t")
}

// inline splits the text of a block into spans: "**" switches bold on
// and off, "{{name}}" is a field. Lines are joined with one space.
func inline(segs []segment) ([]Span, []Problem, []fieldUse) {
	var (
		spans    []Span
		problems []Problem
		uses     []fieldUse
		text     strings.Builder
		bold     bool
		boldLine int
	)
	emit := func() {
		if text.Len() == 0 {
			return
		}
		if n := len(spans); n > 0 && spans[n-1].Field == "" && spans[n-1].Bold == bold {
			spans[n-1].Text += text.String()
		} else {
			spans = append(spans, Span{Text: text.String(), Bold: bold})
		}
		text.Reset()
	}
	for k, seg := range segs {
		if k > 0 {
			text.WriteByte(' ')
		}
		s := seg.text
		for s != "" {
			i := strings.IndexAny(s, "*{")
			if i < 0 {
				text.WriteString(s)
				break
			}
			text.WriteString(s[:i])
			s = s[i:]
			switch {
			case strings.HasPrefix(s, "**"):
				emit()
				bold = !bold
				boldLine = seg.line
				s = s[2:]
			case strings.HasPrefix(s, "{{"):
				end := strings.Index(s, "}}")
				if end < 0 {
					problems = append(problems, Problem{seg.line,
						"« {{ » n'est pas refermé par « }} ». Écrivez le champ en entier, par exemple {{association.name}}."})
					text.WriteString(s)
					s = ""
					continue
				}
				emit()
				raw := s[:end+2]
				spans = append(spans, Span{Text: raw, Bold: bold, Field: fieldName(raw)})
				uses = append(uses, fieldUse{raw, fieldName(raw), seg.line})
				s = s[end+2:]
			default:
				text.WriteByte(s[0])
				s = s[1:]
			}
		}
	}
	emit()
	if bold {
		problems = append(problems, Problem{boldLine,
			"« ** » ouvre du gras qui n'est pas refermé. Ajoutez « ** » à la fin du texte en gras."})
	}
	// Keep the trailing space of the last span out of the block.
	if n := len(spans); n > 0 && spans[n-1].Field == "" {
		spans[n-1].Text = strings.TrimRight(spans[n-1].Text, " ")
		if spans[n-1].Text == "" {
			spans = spans[:n-1]
		}
	}
	return spans, problems, uses
}

// fieldName returns the name inside "{{ name }}", trimmed and in lower
// case.
func fieldName(raw string) string {
	return strings.ToLower(strings.TrimSpace(raw[2 : len(raw)-2]))
}

// Values maps field names to their text. A value with several lines
// fills a list: see Fill.
type Values map[string]string

// Blank is printed for a field without a value: a line to fill in by
// hand.
const Blank = "……………………………"

// Fill replaces the fields of blocks with their values and returns the
// filled blocks and the names of the fields that had no value (printed as
// Blank), in order of first use.
//
// A value of several lines is a list: when its field is alone in a
// paragraph or list item, each line becomes a list item; elsewhere the
// lines are joined with « ; ».
func Fill(blocks []Block, v Values) ([]Block, []string) {
	var out []Block
	var missing []string
	for _, b := range blocks {
		if f, ok := alone(b); ok && (b.Kind == Paragraph || b.Kind == Item) && strings.Contains(v[f.Field], "\n") {
			for _, l := range strings.Split(v[f.Field], "\n") {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, Block{Kind: Item, Line: b.Line, Spans: []Span{{Text: l, Bold: f.Bold}}})
				}
			}
			continue
		}
		nb := Block{Kind: b.Kind, Line: b.Line}
		for _, sp := range b.Spans {
			if sp.Field != "" {
				val := strings.TrimSpace(v[sp.Field])
				if val == "" {
					if !slices.Contains(missing, sp.Field) {
						missing = append(missing, sp.Field)
					}
					val = Blank
				}
				sp = Span{Text: strings.Join(nonEmptyLines(val), " ; "), Bold: sp.Bold}
			}
			if n := len(nb.Spans); n > 0 && nb.Spans[n-1].Bold == sp.Bold {
				nb.Spans[n-1].Text += sp.Text
			} else {
				nb.Spans = append(nb.Spans, sp)
			}
		}
		out = append(out, nb)
	}
	return out, missing
}

// alone returns the field of a block made of one field and blanks.
func alone(b Block) (Span, bool) {
	var f Span
	for _, sp := range b.Spans {
		switch {
		case sp.Field != "" && f.Field == "":
			f = sp
		case sp.Field != "" || strings.TrimSpace(sp.Text) != "":
			return Span{}, false
		}
	}
	return f, f.Field != ""
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
