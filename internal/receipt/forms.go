package receipt

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"

	"github.com/bureau-asso/bureau/assets"
	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
)

// formsGlob finds the versions of the official models. Each mentions file
// names its form, Cerfa number, the date it applies from and the donor it
// is for; internal/pdf draws a receipt with the file its Form names. A new
// version of a form is a new file, not a code change (receipts-law.md
// R1.3).
const formsGlob = "legal/*/mentions*.json"

type formFile struct {
	Form          string             `json:"form"`
	Cerfa         string             `json:"cerfa"`
	EffectiveFrom string             `json:"effective_from"`
	DonorKind     donation.DonorKind `json:"donor_kind"`
}

var forms = sync.OnceValues(func() ([]formFile, error) { return loadForms(assets.Legal) })

func loadForms(fsys fs.FS) ([]formFile, error) {
	names, err := fs.Glob(fsys, formsGlob)
	if err != nil {
		return nil, err
	}
	var out []formFile
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		var f formFile
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("read %s: %w", n, err)
		}
		if f.Form == "" || f.Cerfa == "" || f.EffectiveFrom == "" || f.DonorKind == "" {
			return nil, fmt.Errorf("read %s: form, cerfa, effective_from and donor_kind are required", n)
		}
		out = append(out, f)
	}
	return out, nil
}

// formFor returns the model in force on date for a donor of kind: an
// individual gets 2041-RD (Cerfa 11580), a company 2041-MEC-SD (Cerfa
// 16216), never the other (R1.1, R1.2).
func formFor(kind donation.DonorKind, date string) (donation.Form, error) {
	fs, err := forms()
	if err != nil {
		return donation.Form{}, fmt.Errorf("load receipt forms: %w", err)
	}
	var best *formFile
	for i, f := range fs {
		if f.DonorKind == kind && f.EffectiveFrom <= date && (best == nil || f.EffectiveFrom > best.EffectiveFrom) {
			best = &fs[i]
		}
	}
	if best == nil {
		return donation.Form{}, apperr.Invalid("receipt.no_form", fmt.Sprintf(
			"Aucun modèle de reçu n'est en vigueur le %s pour ce donateur. Installez une version à jour de Bureau.", date))
	}
	return donation.Form{Code: best.Form, Cerfa: best.Cerfa, Version: best.EffectiveFrom}, nil
}
