package charter

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/bureau-asso/bureau/assets"
)

// VolunteerTag is the contact tag of volunteers: the people who must sign
// the charter of volunteering (shipped as "benevolat"). Tags compare
// without case or accents, so « Bénévole » and « benevole » are the same.
const VolunteerTag = "bénévole"

// ShippedNote is the note of version 1 of a shipped template.
const ShippedNote = "Modèle fourni avec Bureau"

// Template is a charter that Bureau ships, installed as its version 1.
type Template struct {
	Name        string
	Title       string
	AudienceTag string
	Body        string
}

// shippedTags gives the audience of the shipped charters; the others are
// signed by whoever they are issued to.
var shippedTags = map[string]string{"benevolat": VolunteerTag}

// templatesDir is where assets.Templates keeps the charters.
const templatesDir = "templates/charters"

// Shipped returns the templates of assets.Templates, by name. Each must
// pass Validate: a test checks them.
func Shipped() ([]Template, error) {
	return shipped(assets.Templates)
}

func shipped(fsys fs.FS) ([]Template, error) {
	names, err := fs.Glob(fsys, templatesDir+"/*.md")
	if err != nil {
		return nil, err
	}
	var out []Template
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(path.Base(n), ".md")
		if err := ValidName(name); err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		body := Normalize(string(b))
		out = append(out, Template{Name: name, Title: TitleOf(body), AudienceTag: shippedTags[name], Body: body})
	}
	return out, nil
}
