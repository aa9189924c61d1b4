package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// findContact finds the one contact that arg names: its number, or a
// search text (accents and case ignored). A text that matches several
// contacts picks the one whose whole name it is, in any word order
// (« Marie Lefèvre » is LEFÈVRE Marie); otherwise it is an error that
// lists the candidates with their numbers. kind, when set, keeps only
// that kind of contact.
func findContact(ctx context.Context, s *contact.Service, arg string, kind contact.Kind) (contact.Row, error) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		c, err := s.Get(ctx, id)
		if errors.Is(err, apperr.ErrNotFound) {
			return contact.Row{}, contact.NotFoundError(id)
		}
		if err != nil {
			return contact.Row{}, err
		}
		if kind != "" && c.Kind != kind {
			return contact.Row{}, apperr.Invalid("cli.contact_kind", fmt.Sprintf(
				"Le contact n° %d, %s, n'est pas une organisation. Indiquez le numéro ou le nom exact d'une organisation.", id, c.DisplayName()))
		}
		return contact.Row{ID: c.ID, Kind: c.Kind, Name: c.DisplayName(), SortName: c.SortName()}, nil
	}
	const limit = 200
	rows, err := s.List(ctx, contact.Filter{Query: arg, Kind: kind, Limit: limit})
	if err != nil {
		return contact.Row{}, err
	}
	want := nameKey(arg)
	var exact []contact.Row
	for _, r := range rows {
		if nameKey(r.Name) == want {
			exact = append(exact, r)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		return contact.Row{}, ambiguous(arg, kind, exact)
	case kind == "" && len(rows) == 1:
		return rows[0], nil
	case kind == "" && len(rows) > 1:
		return contact.Row{}, ambiguous(arg, kind, rows)
	case kind == contact.Organisation && len(rows) > 0:
		return contact.Row{}, apperr.NotFound("cli.org_not_exact", fmt.Sprintf(
			"Aucune organisation ne s'appelle exactement « %s ». Approchants : %s. Indiquez le nom exact ou le numéro.", arg, candidates(rows)))
	}
	return contact.Row{}, apperr.NotFound("cli.contact_not_found", fmt.Sprintf(
		"Aucun contact ne correspond à « %s ». Cherchez-le avec « bureau contacts search », puis indiquez son numéro.", arg))
}

// ambiguous says that arg names several contacts, and which.
func ambiguous(arg string, kind contact.Kind, rows []contact.Row) error {
	what := "contacts"
	if kind == contact.Organisation {
		what = "organisations"
	}
	return apperr.Invalid("cli.contact_ambiguous", fmt.Sprintf(
		"« %s » désigne plusieurs %s : %s. Indiquez le numéro de celui que vous voulez.", arg, what, candidates(rows)))
}

// candidates lists up to eight contacts with their numbers.
func candidates(rows []contact.Row) string {
	var names []string
	for _, r := range rows[:min(len(rows), 8)] {
		names = append(names, fmt.Sprintf("n° %d %s", r.ID, r.Name))
	}
	if len(rows) > 8 {
		names = append(names, "…")
	}
	return strings.Join(names, ", ")
}

// nameKey folds a name and sorts its words, so that « Marie Lefèvre »
// and « LEFÈVRE Marie » compare equal.
func nameKey(s string) string {
	words := strings.Fields(textfold.Fold(s))
	slices.Sort(words)
	return strings.Join(words, " ")
}
