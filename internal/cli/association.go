package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/bureau-asso/bureau/internal/association"
)

func init() {
	register(
		command{name: "association show", summary: "affiche la fiche de l'association", run: runAssociationShow},
		command{name: "association set", args: "clé=valeur ...", summary: "modifie la fiche de l'association", run: runAssociationSet},
		command{name: "association categories", summary: "liste les catégories du Cerfa 11580*05 (code puis libellé)", run: runAssociationCategories},
	)
}

func runAssociationShow(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("argument inattendu « %s »", args[0])
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	p, err := c.Association.Get(ctx)
	if err != nil {
		return err
	}
	printProfile(e.stdout, p)
	return nil
}

// printProfile writes one "key: value" line per settable key, in the
// order of association.Keys, then what receipts still need.
func printProfile(w io.Writer, p association.Profile) {
	values := map[string]string{
		"name": p.Name, "siren": p.SIREN, "rna": p.RNA, "street": p.Street, "postcode": p.Postcode,
		"city": p.City, "country": p.Country, "object": p.Object, "category": p.Category,
		"category_precision": p.CategoryPrecision, "signer_name": p.SignerName, "signer_role": p.SignerRole,
		"signature": imageSummary(p.Signature), "logo": imageSummary(p.Logo),
	}
	for k, v := range p.Dates {
		values[k] = v
	}
	for _, k := range association.Keys() {
		fmt.Fprintf(w, "%-20s %s\n", k+":", strings.ReplaceAll(values[k], "\n", "\n"+strings.Repeat(" ", 21)))
	}
	if wording := p.CategoryWording(); wording != "" {
		fmt.Fprintf(w, "\nCatégorie : %s\n", wording)
	}
	missing := p.MissingForReceipts()
	if len(missing) == 0 {
		fmt.Fprintln(w, "\nLa fiche est complète pour émettre des reçus fiscaux.")
		return
	}
	fmt.Fprintln(w, "\nAvant d'émettre des reçus fiscaux, il manque :")
	for _, m := range missing {
		fmt.Fprintf(w, "  - %s\n", m.Message)
	}
}

func imageSummary(im association.Image) string {
	if im.IsZero() {
		return ""
	}
	return fmt.Sprintf("image %s, %d octets", im.MIME, len(im.Data))
}

// parseAssignments reads key=value arguments.
func parseAssignments(args []string) ([][2]string, error) {
	if len(args) == 0 {
		return nil, usagef("indiquez au moins une modification, par exemple name=\"Les Amis du Parc\" (clés : %s)",
			strings.Join(association.Keys(), ", "))
	}
	var out [][2]string
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			return nil, usagef("« %s » n'est pas de la forme clé=valeur", a)
		}
		out = append(out, [2]string{strings.TrimSpace(k), v})
	}
	return out, nil
}

func runAssociationSet(ctx context.Context, e *env, args []string) error {
	changes, err := parseAssignments(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.Association.Set(ctx, changes); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Fiche de l'association enregistrée (%d modification(s)).\n", len(changes))
	return nil
}

func runAssociationCategories(_ context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("argument inattendu « %s »", args[0])
	}
	for _, c := range association.Categories() {
		fmt.Fprintf(e.stdout, "%s\t%s\n", c.Code, c.Wording)
	}
	return nil
}
