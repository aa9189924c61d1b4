// Package charter owns the association's charters (chartes): texts in a
// small markup with fields (markup.go, fields.go), kept as numbered
// versions that never change once saved; the documents issued from a
// version for a signer, and the register of who signed which version and
// who still has to sign the latest.
//
// Bureau ships three templates (assets/templates/charters): the charter
// of volunteering, of partnership and sponsorship, and of the working of
// a collective. They are installed as version 1 the first time charters
// are listed; the office then edits them and writes its own.
//
// It is a domain package: it imports no SQL, Fyne, fpdf or IMAP package.
// internal/core gives NewService the store and the PDF renderer.
package charter

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// Charter is a charter and a summary of its latest version.
type Charter struct {
	ID int64
	// Name identifies the charter in commands: lower case letters,
	// digits and hyphens ("benevolat").
	Name string
	// Title is the "# " heading of the latest version.
	Title string
	// AudienceTag is the contact tag of the people who must sign it
	// (« bénévole »), or "" when only its previous signers must.
	AudienceTag string
	// Latest is the number of the latest version, from 1.
	Latest int
	// UpdatedAt is when the latest version was saved.
	UpdatedAt time.Time
	// Signed is the number of contacts who signed the latest version.
	Signed int
}

// Version is one saved text of a charter. A version never changes: an
// edit saves a new one.
type Version struct {
	CharterID int64
	Name      string
	Version   int
	Title     string
	Body      string
	Note      string
	CreatedAt time.Time
}

// Issue records a document drawn from a version for a contact: the
// SHA-256 of the PDF proves later which text was handed over.
type Issue struct {
	ID        int64
	CharterID int64
	Version   int
	ContactID int64
	IssuedOn  string // YYYY-MM-DD, the date printed on the document
	SHA256    string
}

// Signature records that a contact signed a version of a charter.
type Signature struct {
	ID          int64
	CharterID   int64
	Version     int
	ContactID   int64
	ContactName string // filled in by the store, for display
	SignedOn    string // YYYY-MM-DD
	// SHA256 is the hash of the signed document: a scan given when the
	// signature is recorded, or else the document last issued to the
	// contact for this version, or "".
	SHA256 string
}

// Person is a contact as the signatures register lists them.
type Person struct {
	ID       int64
	Name     string
	SortName string
}

// namePattern is what a charter's name may be.
var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// ValidName checks the name of a charter.
func ValidName(name string) error {
	if !namePattern.MatchString(name) {
		return apperr.InvalidField("name", "charter.name_invalid", fmt.Sprintf(
			"« %s » ne peut pas nommer une charte : utilisez de 1 à 40 lettres minuscules sans accents, chiffres et tirets, par exemple « benevolat » ou « charte-2027 ».", name))
	}
	return nil
}

// Validate checks the text of a charter before it is saved: it must read
// without problem (see Parse), start with its title, a "# " line, use
// only known fields and hold some text after the title. It returns an
// apperr.Multi listing every problem with its line.
func Validate(body string) error {
	blocks, problems, uses := parse(body)
	for _, u := range uses {
		if !KnownField(u.name) {
			problems = append(problems, Problem{u.line, fmt.Sprintf(
				"le champ %s est inconnu. Corrigez son nom ; les champs possibles sont : %s.", u.raw, fieldList())})
		}
	}
	switch {
	case len(blocks) == 0:
		problems = append(problems, Problem{1, "le texte est vide. Écrivez au moins le titre (« # Charte… ») et un paragraphe."})
	case blocks[0].Kind != Title:
		problems = append(problems, Problem{blocks[0].Line, "la charte doit commencer par son titre, sur une ligne « # Titre de la charte »."})
	case len(blocks) == 1:
		problems = append(problems, Problem{blocks[0].Line, "la charte n'a pas de texte après son titre. Écrivez ses articles."})
	}
	for _, b := range blocks[min(1, len(blocks)):] {
		if b.Kind == Title {
			problems = append(problems, Problem{b.Line, "une charte n'a qu'un titre « # ». Écrivez les sections avec « ## »."})
		}
	}
	if len(problems) == 0 {
		return nil
	}
	slices.SortStableFunc(problems, func(a, b Problem) int { return a.Line - b.Line })
	m := make(apperr.Multi, len(problems))
	for i, p := range problems {
		m[i] = apperr.InvalidField("body", "charter.body_invalid", "Ligne "+strconv.Itoa(p.Line)+" : "+p.Message)
	}
	return m
}

func fieldList() string {
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = "{{" + f.Name + "}}"
	}
	return strings.Join(names, ", ")
}

// TitleOf returns the title of a charter's text: its first "# " line.
func TitleOf(body string) string {
	blocks, _ := Parse(body)
	for _, b := range blocks {
		if b.Kind == Title {
			return b.Text()
		}
	}
	return ""
}

// Pending is a contact who has not signed the latest version yet.
type Pending struct {
	Person
	// LastSigned is the latest version the contact signed, or 0.
	LastSigned int
	// Tagged reports a contact carrying the charter's audience tag.
	Tagged bool
}

// PendingSigners returns who still has to sign version latest: every
// contact of the audience (those tagged with the charter's tag) and every
// contact who signed an earlier version, except those who signed latest.
// sigs are the charter's signatures; audience the tagged contacts. Erased
// contacts are in neither. The list is sorted by name.
func PendingSigners(latest int, sigs []Signature, audience []Person) []Pending {
	byID := map[int64]*Pending{}
	var order []int64
	add := func(p Person) *Pending {
		if q, ok := byID[p.ID]; ok {
			return q
		}
		q := &Pending{Person: p}
		byID[p.ID] = q
		order = append(order, p.ID)
		return q
	}
	for _, p := range audience {
		add(p).Tagged = true
	}
	signedLatest := map[int64]bool{}
	for _, s := range sigs {
		if s.Version == latest {
			signedLatest[s.ContactID] = true
		}
		q := add(Person{ID: s.ContactID, Name: s.ContactName, SortName: textfold.Fold(s.ContactName)})
		q.LastSigned = max(q.LastSigned, s.Version)
	}
	var out []Pending
	for _, id := range order {
		if !signedLatest[id] {
			out = append(out, *byID[id])
		}
	}
	slices.SortStableFunc(out, func(a, b Pending) int {
		if c := strings.Compare(a.SortName, b.SortName); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return out
}
