package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
)

func init() {
	register(
		command{name: "charter list",
			summary: "liste les chartes, leur dernière version et qui l'a signée", run: runCharterList},
		command{name: "charter show", args: "NOM [--version N]",
			summary: "affiche le texte d'une charte (la dernière version, ou la version N)", run: runCharterShow},
		command{name: "charter versions", args: "NOM",
			summary: "liste les versions d'une charte, de la plus récente à la plus ancienne", run: runCharterVersions},
		command{name: "charter edit", args: "NOM --from FICHIER|- [--note TEXTE]",
			summary: "enregistre le texte du fichier comme nouvelle version (crée la charte si besoin)", run: runCharterEdit},
		command{name: "charter render", args: "NOM --for CONTACT|--pending --out FICHIER.pdf [--version N] [--date AAAA-MM-JJ]",
			summary: "établit le PDF d'une charte pour un contact, ou pour tous ceux qui doivent la signer", run: runCharterRender},
		command{name: "charter sign", args: "NOM --contact N° [--date AAAA-MM-JJ] [--version N] [--document FICHIER]",
			summary: "enregistre qu'un contact a signé une version d'une charte", run: runCharterSign},
		command{name: "charter signatures", args: "NOM",
			summary: "registre des signatures : qui a signé quelle version, qui doit signer la dernière", run: runCharterSignatures},
	)
}

// charterName reads the one positional argument, the charter's name.
func charterName(pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return "", usagef("indiquez le nom de la charte (« bureau charter list » les affiche)")
	case 1:
		return pos[0], nil
	}
	return "", usagef("argument inattendu « %s »", pos[1])
}

// parseVersion reads --version; "" means the latest (0).
func parseVersion(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, usagef("--version attend un numéro de version (1, 2…), pas « %s »", s)
	}
	return n, nil
}

// parseDay reads a date flag: AAAA-MM-JJ, or "" for today.
func parseDay(flagName, s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if t, err := time.Parse(time.DateOnly, s); err != nil || t.Format(time.DateOnly) != s {
		return "", usagef("%s attend une date AAAA-MM-JJ, pas « %s »", flagName, s)
	}
	return s, nil
}

// --- charter list

func runCharterList(ctx context.Context, e *env, args []string) error {
	pos, err := parseFlagsAnywhere(newFlags("charter list"), args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s »", pos[0])
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return listCharters(ctx, c.Charters, e.stdout)
	})
}

// listCharters writes one line per charter: name, latest version and its
// date, signatures of it, title.
func listCharters(ctx context.Context, s *charter.Service, w io.Writer) error {
	cs, err := s.List(ctx)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		fmt.Fprintln(w, "Aucune charte. Créez-en une avec « bureau charter edit NOM --from FICHIER ».")
		return nil
	}
	nameW := runeWidth("Nom")
	for _, c := range cs {
		nameW = max(nameW, runeWidth(c.Name))
	}
	fmt.Fprintf(w, "%s  Version  Du          Signée par  Titre\n", padRight("Nom", nameW))
	for _, c := range cs {
		fmt.Fprintf(w, "%s  %7d  %s  %10s  %s\n", padRight(c.Name, nameW), c.Latest,
			c.UpdatedAt.Format("02/01/2006"), nounCount(c.Signed, "contact"), c.Title)
	}
	return nil
}

// --- charter show

func runCharterShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags("charter show")
	version := fs.String("version", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	name, err := charterName(pos)
	if err != nil {
		return err
	}
	v, err := parseVersion(*version)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	ver, err := c.Charters.Get(ctx, name, v)
	if err != nil {
		return err
	}
	_, err = io.WriteString(e.stdout, ver.Body)
	return err
}

// --- charter versions

func runCharterVersions(ctx context.Context, e *env, args []string) error {
	pos, err := parseFlagsAnywhere(newFlags("charter versions"), args)
	if err != nil {
		return err
	}
	name, err := charterName(pos)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	vs, err := c.Charters.Versions(ctx, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Versions de la charte « %s » :\n", name)
	for _, v := range vs {
		line := fmt.Sprintf("  %3d  %s  %s", v.Version, v.CreatedAt.Format("02/01/2006"), v.Title)
		if v.Note != "" {
			line += " — " + v.Note
		}
		fmt.Fprintln(e.stdout, line)
	}
	return nil
}

// --- charter edit

type charterEditOptions struct {
	name, from, note string
}

func parseCharterEdit(args []string) (charterEditOptions, error) {
	fs := newFlags("charter edit")
	from := fs.String("from", "", "")
	note := fs.String("note", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return charterEditOptions{}, err
	}
	o := charterEditOptions{from: *from, note: *note}
	if o.name, err = charterName(pos); err != nil {
		return charterEditOptions{}, err
	}
	if err := charter.ValidName(o.name); err != nil {
		return charterEditOptions{}, usagef("%s", apperr.Message(err))
	}
	if o.from == "" {
		return charterEditOptions{}, usagef("indiquez le fichier du texte avec --from FICHIER (ou --from - pour l'entrée standard)")
	}
	return o, nil
}

func runCharterEdit(ctx context.Context, e *env, args []string) error {
	o, err := parseCharterEdit(args)
	if err != nil {
		return err
	}
	var body []byte
	if o.from == "-" {
		body, err = io.ReadAll(e.stdin)
	} else {
		body, err = os.ReadFile(o.from)
	}
	if err != nil {
		return apperr.Unavailable("charter.read_file", fmt.Sprintf(
			"Impossible de lire %s. Vérifiez le chemin du fichier, puis recommencez.", o.from), err)
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	v, err := c.Charters.SaveNewVersion(ctx, o.name, string(body), o.note)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Charte « %s » : version %d enregistrée (%s).\n", v.Name, v.Version, v.Title)
	return nil
}

// --- charter render

type charterRenderOptions struct {
	name, contact, out, date string
	version                  int
	pending                  bool
}

func parseCharterRender(args []string) (charterRenderOptions, error) {
	fs := newFlags("charter render")
	who := fs.String("for", "", "")
	pending := fs.Bool("pending", false, "")
	out := fs.String("out", "", "")
	version := fs.String("version", "", "")
	date := fs.String("date", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return charterRenderOptions{}, err
	}
	o := charterRenderOptions{contact: strings.TrimSpace(*who), out: *out, pending: *pending}
	if o.name, err = charterName(pos); err != nil {
		return charterRenderOptions{}, err
	}
	switch {
	case o.contact == "" && !o.pending:
		return charterRenderOptions{}, usagef("indiquez pour qui établir la charte : --for CONTACT (numéro ou nom), ou --pending pour tous ceux qui doivent la signer")
	case o.contact != "" && o.pending:
		return charterRenderOptions{}, usagef("--for et --pending s'excluent : choisissez l'un ou l'autre")
	case o.out == "":
		return charterRenderOptions{}, usagef("indiquez le fichier PDF à écrire avec --out FICHIER.pdf")
	}
	if o.version, err = parseVersion(*version); err != nil {
		return charterRenderOptions{}, err
	}
	if o.date, err = parseDay("--date", *date); err != nil {
		return charterRenderOptions{}, err
	}
	return o, nil
}

func runCharterRender(ctx context.Context, e *env, args []string) error {
	o, err := parseCharterRender(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return renderCharter(ctx, c.Charters, c.Contacts, o, e.stdout)
	})
}

// renderCharter draws the charter for one contact or for everyone who
// has to sign it, writes the PDF and says which fields were left blank.
func renderCharter(ctx context.Context, s *charter.Service, contacts *contact.Service, o charterRenderOptions, w io.Writer) error {
	var ids []int64
	if o.pending {
		reg, err := s.Signatures(ctx, o.name)
		if err != nil {
			return err
		}
		for _, p := range reg.Pending {
			ids = append(ids, p.ID)
		}
		if len(ids) == 0 {
			fmt.Fprintf(w, "Personne n'a à signer la version %d de la charte « %s » : aucun PDF écrit.\n", reg.Charter.Latest, o.name)
			return nil
		}
	} else {
		row, err := findContact(ctx, contacts, o.contact, "")
		if err != nil {
			return err
		}
		ids = []int64{row.ID}
	}
	out, err := s.RenderBatch(ctx, o.name, o.version, ids, o.date)
	if err != nil {
		return err
	}
	if err := writeFile(o.out, out.PDF); err != nil {
		return err
	}
	fmt.Fprintf(w, "Charte « %s », version %d, établie pour %s : %s\n", o.name, out.Version,
		nounCount(len(ids), "contact"), o.out)
	for _, m := range out.Missing {
		fmt.Fprintf(w, "  À compléter à la main pour %s : %s\n", m.Name, strings.Join(fieldLabels(m.Fields), ", "))
	}
	return nil
}

// fieldLabels names fields the way the editor lists them.
func fieldLabels(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		for _, f := range charter.Fields {
			if f.Name == n {
				out[i] = f.Label
			}
		}
	}
	return out
}

// writeFile writes a document where the user asked, readable by the user
// only: charters and reports hold names and addresses.
func writeFile(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return apperr.Unavailable("cli.write_file", fmt.Sprintf(
			"Impossible d'écrire %s. Vérifiez le dossier et vos droits, puis recommencez.", path), err)
	}
	return nil
}

// --- charter sign

type charterSignOptions struct {
	name, date, document string
	contact              int64
	version              int
}

func parseCharterSign(args []string) (charterSignOptions, error) {
	fs := newFlags("charter sign")
	who := fs.String("contact", "", "")
	date := fs.String("date", "", "")
	version := fs.String("version", "", "")
	document := fs.String("document", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return charterSignOptions{}, err
	}
	o := charterSignOptions{document: *document}
	if o.name, err = charterName(pos); err != nil {
		return charterSignOptions{}, err
	}
	if *who == "" {
		return charterSignOptions{}, usagef("indiquez qui a signé avec --contact N° (« bureau contacts search » donne le numéro)")
	}
	if o.contact, err = parseContactNumber(*who); err != nil {
		return charterSignOptions{}, err
	}
	if o.version, err = parseVersion(*version); err != nil {
		return charterSignOptions{}, err
	}
	if o.date, err = parseDay("--date", *date); err != nil {
		return charterSignOptions{}, err
	}
	return o, nil
}

func runCharterSign(ctx context.Context, e *env, args []string) error {
	o, err := parseCharterSign(args)
	if err != nil {
		return err
	}
	var doc []byte
	if o.document != "" {
		if doc, err = os.ReadFile(o.document); err != nil {
			return apperr.Unavailable("charter.read_document", fmt.Sprintf(
				"Impossible de lire %s. Vérifiez le chemin du document signé, puis recommencez.", o.document), err)
		}
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	sig, err := c.Charters.RecordSignature(ctx, o.name, o.version, o.contact, o.date, doc)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Signature enregistrée : contact n° %d, charte « %s », version %d, le %s.\n",
		sig.ContactID, o.name, sig.Version, frenchDay(sig.SignedOn))
	return nil
}

// --- charter signatures

func runCharterSignatures(ctx context.Context, e *env, args []string) error {
	pos, err := parseFlagsAnywhere(newFlags("charter signatures"), args)
	if err != nil {
		return err
	}
	name, err := charterName(pos)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showSignatures(ctx, c.Charters, name, e.stdout)
	})
}

// showSignatures writes the register: the signatures, newest version
// first, then who still has to sign the latest version.
func showSignatures(ctx context.Context, s *charter.Service, name string, w io.Writer) error {
	reg, err := s.Signatures(ctx, name)
	if err != nil {
		return err
	}
	ch := reg.Charter
	fmt.Fprintf(w, "%s (« %s »), version %d du %s\n", ch.Title, ch.Name, ch.Latest, ch.UpdatedAt.Format("02/01/2006"))
	if ch.AudienceTag != "" {
		fmt.Fprintf(w, "Doivent la signer : les contacts étiquetés « %s » et ceux qui ont signé une version précédente.\n", ch.AudienceTag)
	} else {
		fmt.Fprintln(w, "Doivent la signer : ceux qui ont signé une version précédente.")
	}
	nameW, idW := runeWidth("Nom"), runeWidth("N°")
	for _, sg := range reg.Signatures {
		nameW = max(nameW, runeWidth(sg.ContactName))
		idW = max(idW, len(strconv.FormatInt(sg.ContactID, 10)))
	}
	for _, p := range reg.Pending {
		nameW = max(nameW, runeWidth(p.Name))
		idW = max(idW, len(strconv.FormatInt(p.ID, 10)))
	}
	fmt.Fprintf(w, "\nSignatures (%d) :\n", len(reg.Signatures))
	if len(reg.Signatures) == 0 {
		fmt.Fprintln(w, "  aucune")
	} else {
		fmt.Fprintf(w, "  %*s  %s  Version  Signée le\n", idW, "N°", padRight("Nom", nameW))
	}
	for _, sg := range reg.Signatures {
		fmt.Fprintf(w, "  %*d  %s  %7d  %s\n", idW, sg.ContactID, padRight(sg.ContactName, nameW), sg.Version, frenchDay(sg.SignedOn))
	}
	fmt.Fprintf(w, "\nDoivent signer la version %d (%d) :\n", ch.Latest, len(reg.Pending))
	if len(reg.Pending) == 0 {
		fmt.Fprintln(w, "  personne")
		return nil
	}
	fmt.Fprintf(w, "  %*s  %s  Dernière version signée\n", idW, "N°", padRight("Nom", nameW))
	for _, p := range reg.Pending {
		last := "aucune"
		if p.LastSigned > 0 {
			last = strconv.Itoa(p.LastSigned)
		}
		fmt.Fprintf(w, "  %*d  %s  %s\n", idW, p.ID, padRight(p.Name, nameW), last)
	}
	return nil
}
