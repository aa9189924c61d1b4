package charter_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/charter"
)

// b builds a block of plain text spans for the tables.
func b(kind charter.BlockKind, line int, spans ...charter.Span) charter.Block {
	return charter.Block{Kind: kind, Line: line, Spans: spans}
}

func txt(s string) charter.Span  { return charter.Span{Text: s} }
func bold(s string) charter.Span { return charter.Span{Text: s, Bold: true} }
func field(name string) charter.Span {
	return charter.Span{Text: "{{" + name + "}}", Field: name}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []charter.Block
		// problems lists the lines of the expected problems.
		problems []int
	}{
		{"title and paragraph", "# Charte\n\nUn texte.\n",
			[]charter.Block{b(charter.Title, 1, txt("Charte")), b(charter.Paragraph, 3, txt("Un texte."))}, nil},
		{"heading levels", "# Titre\n## Article 1\nTexte collé au titre.",
			[]charter.Block{b(charter.Title, 1, txt("Titre")), b(charter.Heading, 2, txt("Article 1")),
				b(charter.Paragraph, 3, txt("Texte collé au titre."))}, nil},
		{"paragraph over lines", "Première ligne\nseconde ligne\n\nAutre paragraphe",
			[]charter.Block{b(charter.Paragraph, 1, txt("Première ligne seconde ligne")), b(charter.Paragraph, 4, txt("Autre paragraphe"))}, nil},
		{"list", "Engagements :\n- un\n- deux,\n  suite du deux\n- trois\n\nFin.",
			[]charter.Block{b(charter.Paragraph, 1, txt("Engagements :")), b(charter.Item, 2, txt("un")),
				b(charter.Item, 3, txt("deux, suite du deux")), b(charter.Item, 5, txt("trois")), b(charter.Paragraph, 7, txt("Fin."))}, nil},
		{"lazy continuation of an item", "- un\nsuite",
			[]charter.Block{b(charter.Item, 1, txt("un suite"))}, nil},
		{"bold", "Du **gras** et du texte",
			[]charter.Block{b(charter.Paragraph, 1, txt("Du "), bold("gras"), txt(" et du texte"))}, nil},
		{"bold over two lines", "Début **en gras\njusqu'ici** fin",
			[]charter.Block{b(charter.Paragraph, 1, txt("Début "), bold("en gras jusqu'ici"), txt(" fin"))}, nil},
		{"bold in a word", "mot**gras**",
			[]charter.Block{b(charter.Paragraph, 1, txt("mot"), bold("gras"))}, nil},
		{"fields", "Entre {{association.name}} et **{{ Signataire.Nom }}**.",
			[]charter.Block{b(charter.Paragraph, 1, txt("Entre "), field("association.name"), txt(" et "),
				charter.Span{Text: "{{ Signataire.Nom }}", Bold: true, Field: "signataire.nom"}, txt("."))}, nil},
		{"single star and brace are text", "5 * 3 {x} 1. liste",
			[]charter.Block{b(charter.Paragraph, 1, txt("5 * 3 {x} 1. liste"))}, nil},
		{"hashtag is text", "#association",
			[]charter.Block{b(charter.Paragraph, 1, txt("#association"))}, nil},
		{"CRLF, BOM and trailing spaces", "\uFEFF# Titre  \r\n\r\nTexte\t\r\n",
			[]charter.Block{b(charter.Title, 1, txt("Titre")), b(charter.Paragraph, 3, txt("Texte"))}, nil},
		{"blank lines only", "\n\n  \n", nil, nil},
		{"unclosed bold", "Texte\n**gras sans fin",
			[]charter.Block{b(charter.Paragraph, 1, txt("Texte "), bold("gras sans fin"))}, []int{2}},
		{"unclosed field", "Signé {{date",
			[]charter.Block{b(charter.Paragraph, 1, txt("Signé {{date"))}, []int{1}},
		{"third level", "### Trop profond",
			[]charter.Block{b(charter.Heading, 1, txt("Trop profond"))}, []int{1}},
		{"empty heading", "#\nTexte",
			[]charter.Block{b(charter.Paragraph, 2, txt("Texte"))}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := charter.Parse(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
			}
			var lines []int
			for _, p := range problems {
				lines = append(lines, p.Line)
			}
			if !reflect.DeepEqual(lines, tt.problems) {
				t.Errorf("Parse(%q) problems on lines %v, want %v (%v)", tt.in, lines, tt.problems, problems)
			}
		})
	}
}

func TestFill(t *testing.T) {
	blocks, _ := charter.Parse("# Charte\n\nEntre {{association.name}} et **{{signataire.nom}}**, le {{date}}.\n\n" +
		"Contreparties :\n\n{{contreparties}}\n\n- {{contreparties}}\n\nEn ligne : {{contreparties}}.")
	values := charter.Values{
		"association.name": "Les Jardins",
		"signataire.nom":   "Marie Lefèvre",
		"contreparties":    "Logo — valeur 500,00 €\n\nDix places",
	}
	got, missing := charter.Fill(blocks, values)
	want := []charter.Block{
		b(charter.Title, 1, txt("Charte")),
		b(charter.Paragraph, 3, txt("Entre Les Jardins et "), bold("Marie Lefèvre"), txt(", le "+charter.Blank+".")),
		b(charter.Paragraph, 5, txt("Contreparties :")),
		b(charter.Item, 7, txt("Logo — valeur 500,00 €")), b(charter.Item, 7, txt("Dix places")),
		b(charter.Item, 9, txt("Logo — valeur 500,00 €")), b(charter.Item, 9, txt("Dix places")),
		b(charter.Paragraph, 11, txt("En ligne : Logo — valeur 500,00 € ; Dix places.")),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Fill =\n%+v\nwant\n%+v", got, want)
	}
	if !reflect.DeepEqual(missing, []string{"date"}) {
		t.Errorf("missing = %v, want [date]", missing)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		body string
		// want are texts the error must hold, in order; nil for no error.
		want []string
	}{
		{"valid", "# Charte\n\n## Article 1\n\nEntre {{association.name}} et {{partenaire.nom}}, le {{date}}.", nil},
		{"unknown field with its line", "# Charte\n\nTexte\nsur deux lignes avec {{partenaire.name}}.\n\n- {{signataire.prenom}}",
			[]string{"Ligne 4 : le champ {{partenaire.name}} est inconnu", "{{partenaire.nom}}",
				"Ligne 6 : le champ {{signataire.prenom}} est inconnu"}},
		{"empty", " \n", []string{"Ligne 1 : le texte est vide"}},
		{"no title", "Texte sans titre.", []string{"Ligne 1 : la charte doit commencer par son titre"}},
		{"title only", "# Charte", []string{"Ligne 1 : la charte n'a pas de texte après son titre"}},
		{"two titles", "# Charte\n\nTexte\n\n# Autre", []string{"Ligne 5 : une charte n'a qu'un titre"}},
		{"syntax", "# Charte\n\n**gras\n\n{{date", []string{"Ligne 3 : « ** »", "Ligne 5 : « {{ »"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := charter.Validate(tt.body)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, apperr.ErrInvalid) {
				t.Fatalf("Validate = %v, want ErrInvalid", err)
			}
			msg := err.Error()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("Validate error lacks %q after position %d:\n%s", w, at, msg)
				}
				at += i + len(w)
			}
		})
	}
}

func TestShippedTemplatesValidate(t *testing.T) {
	ts, err := charter.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"benevolat":   "Charte du bénévolat",
		"collectif":   "Charte de fonctionnement du collectif",
		"partenariat": "Charte de partenariat et de mécénat",
	}
	if len(ts) != len(want) {
		t.Fatalf("%d shipped templates, want %d", len(ts), len(want))
	}
	for _, tpl := range ts {
		if err := charter.Validate(tpl.Body); err != nil {
			t.Errorf("template %s does not validate:\n%v", tpl.Name, err)
		}
		if tpl.Title != want[tpl.Name] {
			t.Errorf("template %s title = %q, want %q", tpl.Name, tpl.Title, want[tpl.Name])
		}
		if tpl.Body != charter.Normalize(tpl.Body) {
			t.Errorf("template %s is not normalized", tpl.Name)
		}
	}
	// What each charter must speak of.
	musts := map[string][]string{
		"benevolat": {"Confidentialité", "Assurance", "Remboursement des frais", "fin de l'engagement",
			"engagements de l'association", "engagements du bénévole", "{{signataire.nom}}"},
		"partenariat": {"Objet", "Engagements", "{{contreparties}}", "25 %", "logos", "Durée", "Résiliation",
			"reçu fiscal", "238 bis", "{{partenaire.nom}}", "{{convention.debut}}"},
		"collectif": {"Gouvernance", "Décisions", "Communication"},
	}
	for _, tpl := range ts {
		for _, m := range musts[tpl.Name] {
			if !strings.Contains(strings.ToLower(tpl.Body), strings.ToLower(m)) {
				t.Errorf("template %s does not mention %q", tpl.Name, m)
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	if got := charter.Normalize("\uFEFF\n# A  \r\nb\t\n\n\n"); got != "# A\nb\n" {
		t.Errorf("Normalize = %q", got)
	}
}

func TestLongDate(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), "21 novembre 2026"},
		{time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC), "1er mai 2027"},
		{time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC), "15 août 2026"},
		{time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), "2 février 2026"},
	}
	for _, tt := range tests {
		if got := charter.LongDate(tt.in); got != tt.want {
			t.Errorf("LongDate(%s) = %q, want %q", tt.in.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"benevolat", "charte-2027", "a", "x1"} {
		if err := charter.ValidName(ok); err != nil {
			t.Errorf("ValidName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Bénévolat", "-x", "a b", "a_b", strings.Repeat("a", 41)} {
		if err := charter.ValidName(bad); !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("ValidName(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestPendingSigners(t *testing.T) {
	sig := func(id int64, name string, version int) charter.Signature {
		return charter.Signature{ContactID: id, ContactName: name, Version: version}
	}
	audience := []charter.Person{
		{ID: 1, Name: "ARNAUD Léa", SortName: "arnaud lea"},
		{ID: 2, Name: "BERNARD Paul", SortName: "bernard paul"},
		{ID: 3, Name: "DUVAL Anne", SortName: "duval anne"},
	}
	sigs := []charter.Signature{
		sig(1, "ARNAUD Léa", 2), sig(1, "ARNAUD Léa", 1), // signed the latest
		sig(2, "BERNARD Paul", 1),    // tagged, signed the old one
		sig(4, "CHARPENTIER Luc", 1), // not tagged, signed the old one
		sig(5, "ÉTIENNE Zoé", 2),     // not tagged, signed the latest
		sig(6, "ALLARD Jean", 1),     // not tagged, signed the old one
	}
	got := charter.PendingSigners(2, sigs, audience)
	type row struct {
		id     int64
		last   int
		tagged bool
	}
	var rows []row
	for _, p := range got {
		rows = append(rows, row{p.ID, p.LastSigned, p.Tagged})
	}
	want := []row{{6, 1, false}, {2, 1, true}, {4, 1, false}, {3, 0, true}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("PendingSigners = %+v, want %+v", rows, want)
	}
}
