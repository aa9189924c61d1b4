package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/core"
)

func init() {
	register(
		command{name: "contacts import", args: "FICHIER [--dry-run] [--only-valid] [--map colonne=champ,...]",
			summary: "importe des contacts d'un fichier CSV (Excel, Outlook, Gmail) ou vCard (.vcf)", run: runContactsImport},
		command{name: "contacts export", args: "--format csv|vcard [--vcard-version 3.0|4.0] [--list NOM] [--out FICHIER]",
			summary: "exporte les contacts pour un tableur (CSV) ou un carnet d'adresses (vCard)", run: runContactsExport},
		command{name: "contacts duplicates",
			summary: "liste les doublons probables (même courriel, même SIREN, nom proche et même code postal)", run: runContactsDuplicates},
	)
}

// previewRows is how many rows the import shows before its report.
const previewRows = 5

// --- contacts import

type contactsImportOptions struct {
	file      string
	dryRun    bool
	onlyValid bool
	mapSpec   string
}

func parseContactsImport(args []string) (contactsImportOptions, error) {
	fs := newFlags("contacts import")
	var o contactsImportOptions
	fs.BoolVar(&o.dryRun, "dry-run", false, "")
	fs.BoolVar(&o.onlyValid, "only-valid", false, "")
	fs.StringVar(&o.mapSpec, "map", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	switch len(pos) {
	case 0:
		return o, usagef("indiquez le fichier à importer, par exemple : bureau contacts import adherents.csv --dry-run")
	case 1:
		o.file = pos[0]
	default:
		return o, usagef("un seul fichier à la fois : « %s » est en trop", pos[1])
	}
	return o, nil
}

func runContactsImport(ctx context.Context, e *env, args []string) error {
	o, err := parseContactsImport(args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(o.file)
	if err != nil {
		return apperr.Unavailable("import.read", fmt.Sprintf(
			"Impossible de lire le fichier %s. Vérifiez son chemin et que vous avez le droit de le lire.", o.file), err)
	}
	p, err := readContactsFile(o.file, data, o.mapSpec)
	if err != nil {
		return err
	}
	printImportPreview(e.stdout, filepath.Base(o.file), p)
	return e.withCore(ctx, func(c *core.Core) error {
		return importContacts(ctx, contactio.NewImporter(c.DB), p, o, e.stdout)
	})
}

// isVCard tells a vCard file by its extension or its first line.
func isVCard(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".vcf", ".vcard":
		return true
	case ".csv", ".txt", ".tsv":
		return false
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return len(head) >= 11 && strings.EqualFold(string(head[:11]), "BEGIN:VCARD")
}

// readContactsFile reads a CSV or vCard file into an import preview; a
// CSV mapping guessed from the header is changed by mapSpec.
func readContactsFile(name string, data []byte, mapSpec string) (contactio.Preview, error) {
	if isVCard(name, data) {
		if mapSpec != "" {
			return contactio.Preview{}, usagef("--map ne s'applique qu'aux fichiers CSV : un fichier vCard nomme déjà ses champs")
		}
		return contactio.VCardPreview(contactio.ReadVCard(bytes.NewReader(data))), nil
	}
	p, err := contactio.ReadCSV(data, nil)
	var e *apperr.Error
	if errors.As(err, &e) && e.Key == "import.no_name_column" && mapSpec == "" {
		return p, apperr.Invalid(e.Key, e.Message+` Ajoutez par exemple --map "Nom complet=last_name".`)
	}
	if mapSpec == "" || p.Header == nil {
		return p, err
	}
	m, err := p.Mapping.Override(p.Header, mapSpec)
	if err != nil {
		return p, err
	}
	return contactio.ReadCSV(data, m)
}

func importContacts(ctx context.Context, im *contactio.Importer, p contactio.Preview, o contactsImportOptions, w io.Writer) error {
	rep, err := im.Import(ctx, p, contactio.Options{DryRun: o.dryRun, OnlyValid: o.onlyValid, Source: filepath.Base(o.file)}, nil)
	printImportReport(w, rep)
	if err != nil {
		if apperr.Is(err) && len(rep.Bad) > 0 && !o.onlyValid {
			fmt.Fprintln(w, "Pour importer seulement les lignes valides, relancez avec --only-valid.")
		}
		if o.dryRun {
			fmt.Fprintln(w, "Simulation : rien n'a été enregistré.")
		}
		return err
	}
	switch {
	case o.dryRun:
		fmt.Fprintf(w, "Simulation : %s.\nSimulation : rien n'a été enregistré.\n",
			countNoun(rep.Imported, "contact serait importé", "contacts seraient importés"))
	default:
		fmt.Fprintf(w, "%s.\n", countNoun(rep.Imported, "contact importé", "contacts importés"))
	}
	return nil
}

var separatorNames = map[rune]string{';': "point-virgule", ',': "virgule", '\t': "tabulation"}

var encodingNames = map[string]string{
	contactio.EncodingUTF8:        "UTF-8",
	contactio.EncodingUTF8BOM:     "UTF-8 avec BOM",
	contactio.EncodingWindows1252: "Windows-1252 (Excel)",
	contactio.EncodingUTF16LE:     "UTF-16 (Excel, texte Unicode)",
	contactio.EncodingUTF16BE:     "UTF-16",
}

// printImportPreview shows what was read: the format, how columns are
// mapped, and the first rows.
func printImportPreview(w io.Writer, name string, p contactio.Preview) {
	if p.Kind == "vcard" {
		fmt.Fprintf(w, "Fichier : %s (vCard, %s)\n", name,
			countNoun(len(p.Rows)+len(p.Unreadable), "carte", "cartes"))
	} else {
		fmt.Fprintf(w, "Fichier : %s (CSV, séparateur %s, encodage %s, %s)\n", name,
			separatorNames[p.Format.Delimiter], encodingNames[p.Format.Encoding],
			countNoun(len(p.Rows), "ligne de contact", "lignes de contacts"))
		fmt.Fprintln(w, "Colonnes :")
		for i, h := range p.Header {
			if f, ok := p.Mapping[i]; ok {
				fmt.Fprintf(w, "  colonne %q → %s\n", h, f)
			} else {
				fmt.Fprintf(w, "  colonne %q → ignorée\n", h)
			}
		}
	}
	if len(p.Rows) == 0 {
		return
	}
	n := min(previewRows, len(p.Rows))
	if n < len(p.Rows) {
		fmt.Fprintf(w, "Aperçu des %d premiers contacts sur %d :\n", n, len(p.Rows))
	} else {
		fmt.Fprintf(w, "Aperçu :\n")
	}
	for _, r := range p.Rows[:n] {
		fmt.Fprintf(w, "  %s : %s\n", contactio.RowError{Line: r.Line, Card: r.Card}.Position(), rowSummary(r))
	}
}

// rowSummary describes a row on one line.
func rowSummary(r contactio.ParsedRow) string {
	if len(r.Errs) > 0 {
		return "refusée — " + strings.Join(r.Errs, " ; ")
	}
	c := r.Contact
	parts := []string{contactKindName(c.Kind) + " " + c.DisplayName()}
	if e := c.PreferredEmail(); e != "" {
		parts = append(parts, e)
	}
	if len(c.Phones) > 0 {
		parts = append(parts, c.Phones[0].Number)
	}
	if a, ok := c.PreferredAddress(); ok {
		parts = append(parts, strings.TrimSpace(a.Postcode+" "+a.City))
	}
	if r.Org != "" {
		org := r.Org
		if r.Role != "" {
			org += " (" + r.Role + ")"
		}
		parts = append(parts, org)
	}
	if len(c.Tags) > 0 {
		parts = append(parts, "étiquettes : "+strings.Join(c.Tags, ", "))
	}
	return strings.Join(parts, " — ")
}

func printImportReport(w io.Writer, rep contactio.Report) {
	if len(rep.Bad) > 0 {
		noun := countNoun(rep.Refused, "ligne refusée", "lignes refusées")
		if rep.Bad[0].Card > 0 {
			noun = countNoun(rep.Refused, "carte refusée", "cartes refusées")
		}
		fmt.Fprintf(w, "%s :\n", noun)
		for _, b := range rep.Bad {
			fmt.Fprintf(w, "  %s : %s\n", b.Position(), strings.Join(b.Reasons, " ; "))
		}
	}
	if len(rep.Objected) > 0 {
		fmt.Fprintf(w, "%s (liste d'opposition) :\n", countNoun(len(rep.Objected), "contact laissé de côté", "contacts laissés de côté"))
		for _, b := range rep.Objected {
			fmt.Fprintf(w, "  %s : %s\n", b.Position(), strings.Join(b.Reasons, " ; "))
		}
	}
	if len(rep.Duplicates) > 0 {
		how := countNoun(len(rep.Duplicates), "doublon probable, importé quand même", "doublons probables, importés quand même")
		if rep.DryRun {
			how = countNoun(len(rep.Duplicates), "doublon probable, qui serait importé quand même",
				"doublons probables, qui seraient importés quand même")
		}
		fmt.Fprintf(w, "%s (à vérifier avec « bureau contacts duplicates ») :\n", how)
		for _, d := range rep.Duplicates {
			fmt.Fprintf(w, "  %s (%s) : %s\n", d.Position(), d.Name, d)
		}
	}
}

// --- contacts export

type contactsExportOptions struct {
	format, version, list, out string
}

func parseContactsExport(args []string) (contactsExportOptions, error) {
	fs := newFlags("contacts export")
	var o contactsExportOptions
	fs.StringVar(&o.format, "format", "", "")
	fs.StringVar(&o.version, "vcard-version", "", "")
	fs.StringVar(&o.list, "list", "", "")
	fs.StringVar(&o.out, "out", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	if len(pos) > 0 {
		return o, usagef("argument inattendu « %s »", pos[0])
	}
	o.format = strings.ToLower(o.format)
	if o.format == "" {
		switch strings.ToLower(filepath.Ext(o.out)) {
		case ".csv":
			o.format = contactio.FormatCSV
		case ".vcf", ".vcard":
			o.format = contactio.FormatVCard
		}
	}
	switch o.format {
	case contactio.FormatCSV:
		if o.version != "" {
			return o, usagef("--vcard-version ne s'applique qu'au format vcard")
		}
	case contactio.FormatVCard, "vcf":
		o.format = contactio.FormatVCard
		if o.version == "" {
			o.version = "3.0"
		}
		if o.version != "3.0" && o.version != "4.0" {
			return o, usagef("--vcard-version attend 3.0 ou 4.0, pas « %s »", o.version)
		}
	case "":
		return o, usagef("indiquez --format csv (pour un tableur) ou --format vcard (pour un carnet d'adresses)")
	default:
		return o, usagef("--format attend csv ou vcard, pas « %s »", o.format)
	}
	return o, nil
}

func runContactsExport(ctx context.Context, e *env, args []string) error {
	o, err := parseContactsExport(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return exportContacts(ctx, c.DB, o, e.stdout, e.stderr)
	})
}

// exportContacts writes the export to stdout, or to o.out through a
// temporary file renamed at the end, so that a failed export never
// leaves half a file under the chosen name.
func exportContacts(ctx context.Context, st contactio.ExportStore, o contactsExportOptions, stdout, stderr io.Writer) error {
	eo := contactio.ExportOptions{Format: o.format, VCardVersion: o.version, List: o.list}
	if o.out == "" {
		n, err := contactio.Export(ctx, st, stdout, eo)
		if err == nil {
			fmt.Fprintf(stderr, "%s.\n", countNoun(n, "contact exporté", "contacts exportés"))
		}
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(o.out), ".bureau-export-*")
	if err != nil {
		return apperr.Unavailable("export.create", fmt.Sprintf(
			"Impossible de créer le fichier %s. Choisissez un dossier où vous avez le droit d'écrire.", o.out), err)
	}
	defer os.Remove(f.Name())
	n, err := contactio.Export(ctx, st, f, eo)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = apperr.Unavailable("export.write", fmt.Sprintf(
			"L'écriture de %s a échoué (disque plein ?). Libérez de la place puis recommencez.", o.out), cerr)
	}
	if err != nil {
		return err
	}
	if err := os.Rename(f.Name(), o.out); err != nil {
		return apperr.Unavailable("export.rename", fmt.Sprintf(
			"Impossible d'enregistrer %s. Vérifiez que le fichier n'est pas ouvert dans un autre programme.", o.out), err)
	}
	fmt.Fprintf(stdout, "%s dans %s.\n", countNoun(n, "contact exporté", "contacts exportés"), o.out)
	return nil
}

// --- contacts duplicates

func runContactsDuplicates(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("argument inattendu « %s »", args[0])
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return listDuplicates(ctx, c.Contacts, e.stdout)
	})
}

func listDuplicates(ctx context.Context, s *contact.Service, w io.Writer) error {
	ds, err := s.Duplicates(ctx)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		fmt.Fprintln(w, "Aucun doublon probable.")
		return nil
	}
	for _, d := range ds {
		fmt.Fprintf(w, "%d et %d : %s / %s (%s)\n", d.A, d.B, d.NameA, d.NameB, d.Reason.Label())
	}
	fmt.Fprintf(w, "%s. Comparez les fiches puis fusionnez-les avec « bureau contacts merge GARDÉE AUTRE ».\n",
		countNoun(len(ds), "paire de doublons probables", "paires de doublons probables"))
	return nil
}
