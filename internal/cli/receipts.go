package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
)

func init() {
	register(
		command{name: "receipts issue", args: "--year AAAA [--annual] [--out DOSSIER] | --gift N [--out FICHIER] | --donor N --year AAAA",
			summary: "émet les reçus fiscaux : tous ceux d'une année, d'un don ou les reçus annuels d'un donateur", run: runReceiptsIssue},
		command{name: "receipts preview", args: "--year AAAA [--annual] [--donor N] | --gift N",
			summary: "montre les reçus qui seraient émis et ce qui manque, sans rien émettre", run: runReceiptsPreview},
		command{name: "receipts list", args: "[--year AAAA] [--format text|csv]",
			summary: "liste les reçus émis (numéro, date, donateur, montant, statut, dons)", run: runReceiptsList},
		command{name: "receipts export", args: "--year AAAA --out DOSSIER",
			summary: "écrit les reçus valides des dons d'une année dans un dossier, et un PDF à imprimer", run: runReceiptsExport},
		command{name: "receipts pdf", args: "NUMÉRO --out FICHIER",
			summary: "écrit le PDF enregistré d'un reçu (version « ANNULÉ » s'il est annulé)", run: runReceiptsPDF},
		command{name: "receipts duplicate", args: "NUMÉRO --out FICHIER",
			summary: "délivre un duplicata d'un reçu, même numéro, et le note au journal", run: runReceiptsDuplicate},
		command{name: "receipts cancel", args: "NUMÉRO --reason MOTIF",
			summary: "annule définitivement un reçu ; son numéro reste utilisé", run: runReceiptsCancel},
		command{name: "receipts replace", args: "NUMÉRO [--reason MOTIF] [--out FICHIER]",
			summary: "annule un reçu et émet celui qui « annule et remplace »", run: runReceiptsReplace},
		command{name: "receipts first-number", args: "--year AAAA [N]",
			summary: "fixe une fois le premier numéro d'une année (reçus papier) ; sans N, montre les séries", run: runReceiptsFirstNumber},
		command{name: "receipts declaration", args: "--year AAAA",
			summary: "chiffres de la déclaration des dons (art. 222 bis du CGI) et date limite", run: runReceiptsDeclaration},
		command{name: "receipts check", args: "",
			summary: "prouve la numérotation continue, les PDF intacts, un seul reçu valide par don", run: runReceiptsCheck},
		command{name: "receipts settings", args: "[CLÉ=VALEUR…]",
			summary: "montre ou change les réglages des reçus (orthographe, date retenue, IFI, exercice)", run: runReceiptsSettings},
	)
}

// receiptsArgs parses flags and positional arguments in any order
// ("receipts pdf 2026-00001 --out r.pdf"), unlike flag.Parse.
func receiptsArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// receiptsYear reads --year; required says whether it must be given.
func receiptsYear(s string, required bool) (int, error) {
	if s == "" {
		if required {
			return 0, usagef("indiquez l'année avec --year AAAA, par exemple --year 2026")
		}
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2999 {
		return 0, usagef("--year attend une année sur quatre chiffres, pas « %s »", s)
	}
	return y, nil
}

// receiptsID reads a gift or donor number.
func receiptsID(flagName, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, usagef("%s attend un numéro, pas « %s »", flagName, s)
	}
	return n, nil
}

// receiptsNumber reads the one NUMÉRO argument.
func receiptsNumber(pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return "", usagef("indiquez le numéro du reçu, par exemple 2026-00001")
	case 1:
		return pos[0], nil
	}
	return "", usagef("argument inattendu « %s »", pos[1])
}

// receiptsIssueOptions are the parsed flags of receipts issue and preview.
type receiptsIssueOptions struct {
	year   int
	annual bool
	gift   int64
	donor  int64
	out    string
}

func parseReceiptsIssue(name string, args []string, preview bool) (receiptsIssueOptions, error) {
	fs := newFlags(name)
	year := fs.String("year", "", "")
	annual := fs.Bool("annual", false, "")
	gift := fs.String("gift", "", "")
	donor := fs.String("donor", "", "")
	var out *string
	if !preview {
		out = fs.String("out", "", "")
	}
	pos, err := receiptsArgs(fs, args)
	if err != nil {
		return receiptsIssueOptions{}, err
	}
	if len(pos) > 0 {
		return receiptsIssueOptions{}, usagef("argument inattendu « %s »", pos[0])
	}
	var o receiptsIssueOptions
	o.annual = *annual
	if out != nil {
		o.out = *out
	}
	if o.gift, err = receiptsID("--gift", *gift); err != nil {
		return o, err
	}
	if o.donor, err = receiptsID("--donor", *donor); err != nil {
		return o, err
	}
	if o.year, err = receiptsYear(*year, o.gift == 0); err != nil {
		return o, err
	}
	switch {
	case o.gift != 0 && (o.year != 0 || o.donor != 0 || o.annual):
		return o, usagef("--gift émet le reçu d'un seul don : il ne se combine pas avec --year, --donor ni --annual")
	case o.donor != 0 && !preview:
		o.annual = true // the yearly receipts of one donor
	}
	return o, nil
}

func runReceiptsIssue(ctx context.Context, e *env, args []string) error {
	o, err := parseReceiptsIssue("receipts issue", args, false)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return issueReceipts(ctx, c.Receipts, o, e.stdout, e.stderr)
	})
}

// issueReceipts issues what o asks for and reports it.
func issueReceipts(ctx context.Context, s *receipt.Service, o receiptsIssueOptions, stdout, stderr io.Writer) error {
	switch {
	case o.gift != 0:
		r, err := s.Issue(ctx, o.gift)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Reçu n° %s émis pour %s : %s.\n", r.Number, receipt.DonorName(r.Donor), r.Total)
		return writeReceiptFile(stdout, o.out, r.PDF)
	case o.donor != 0:
		rs, err := s.IssueAnnual(ctx, o.donor, o.year)
		if err != nil {
			return err
		}
		for _, r := range rs {
			fmt.Fprintf(stdout, "Reçu n° %s émis pour %s : %s (dons de %d).\n", r.Number, receipt.DonorName(r.Donor), r.Total, o.year)
		}
		if o.out != "" {
			res, err := s.Export(ctx, receipt.Filter{DonorID: o.donor, PeriodYear: o.year, Status: donation.Valid}, o.out)
			if err != nil {
				return err
			}
			printExport(stdout, res)
		}
		return nil
	}
	// Year-end runs are long and memory-hungry only for the garbage they
	// make: collect it less often, but keep the process well under 300 MB.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(200 << 20))
	step := 0
	res, err := s.Bulk(ctx, receipt.BulkParams{Year: o.year, Annual: o.annual, OutDir: o.out,
		Progress: func(done, total int) {
			if total >= 1000 && (done/1000 > step || done == total) {
				step = done / 1000
				fmt.Fprintf(stderr, "Reçus émis : %d sur %d\n", done, total)
			}
		}})
	printBulk(stdout, res)
	if errors.Is(err, context.Canceled) {
		return apperr.Unavailable("receipt.bulk_interrupted", fmt.Sprintf(
			"Émission interrompue après %s. Les reçus émis sont enregistrés, sans trou dans la numérotation : relancez la même commande pour terminer.",
			nounCount(res.Issued, "reçu")), err)
	}
	return err
}

// printBulk reports a year-end run.
func printBulk(w io.Writer, res receipt.BulkResult) {
	kind := "Reçus des dons"
	if res.Annual {
		kind = "Reçus annuels des dons"
	}
	if res.Issued == 0 {
		fmt.Fprintf(w, "%s de %d : aucun nouveau reçu à émettre.\n", kind, res.Year)
	} else {
		fmt.Fprintf(w, "%s de %d : %s, du n° %s au n° %s, pour un total de %s.\n", kind, res.Year,
			receiptCount(res.Issued, "émis"), res.First, res.Last, res.Total)
	}
	if res.Resumed {
		fmt.Fprintf(w, "Reprise d'une émission interrompue : %s au total pour cette émission.\n", nounCount(res.Run, "reçu"))
	}
	if len(res.Blocked) > 0 {
		gifts := 0
		for _, b := range res.Blocked {
			gifts += len(b.GiftIDs)
		}
		fmt.Fprintf(w, "\nDons laissés sans reçu : %d (%s). Complétez ce qui manque puis relancez la commande :\n",
			gifts, nounCount(len(res.Blocked), "donateur"))
		printBlocked(w, res.Blocked)
	}
	if res.Export.Dir != "" {
		printExport(w, res.Export)
	}
}

func printBlocked(w io.Writer, bs []receipt.Blocked) {
	for _, b := range bs {
		ids := make([]string, len(b.GiftIDs))
		for i, id := range b.GiftIDs {
			ids[i] = strconv.FormatInt(id, 10)
		}
		fmt.Fprintf(w, "  %s — %s %s\n", b.DonorName, countNounOnly(len(ids), "don"), strings.Join(ids, ", "))
		for _, e := range b.Errors {
			fmt.Fprintf(w, "    - %s\n", e.Message)
		}
	}
}

func printExport(w io.Writer, res receipt.ExportResult) {
	if res.Files == 0 {
		fmt.Fprintf(w, "Dossier %s : aucun reçu à écrire.\n", res.Dir)
		return
	}
	fmt.Fprintf(w, "Dossier %s : %d PDF de reçus (%d écrits maintenant) ; à imprimer : %s\n", res.Dir,
		res.Files, res.Written, filepath.Base(res.Merged))
}

// receiptCount says "1 reçu émis", "12 reçus émis", "2 reçus annulés".
func receiptCount(n int, participle string) string {
	if n > 1 {
		if !strings.HasSuffix(participle, "s") {
			participle += "s"
		}
		return fmt.Sprintf("%d reçus %s", n, participle)
	}
	return fmt.Sprintf("%d reçu %s", n, participle)
}

// countNounOnly says "don" or "dons" before a list.
func countNounOnly(n int, noun string) string {
	if n > 1 {
		return noun + "s"
	}
	return noun
}

func runReceiptsPreview(ctx context.Context, e *env, args []string) error {
	o, err := parseReceiptsIssue("receipts preview", args, true)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return previewReceipts(ctx, c.Receipts, o, e.stdout)
	})
}

// previewReceipts shows what issue would do: the receipts, then what
// keeps the others from being issued. It fails when something is
// missing, so that scripts can test it.
func previewReceipts(ctx context.Context, s *receipt.Service, o receiptsIssueOptions, w io.Writer) error {
	req := receipt.Request{Year: o.year, DonorID: o.donor, Annual: o.annual}
	if o.gift != 0 {
		req = receipt.Request{GiftIDs: []int64{o.gift}}
	}
	p, err := s.Preview(ctx, req)
	if err != nil {
		return err
	}
	var total money.Cents
	for _, d := range p.Drafts {
		total += d.Receipt.Total
	}
	fmt.Fprintf(w, "%s à émettre, pour un total de %s.\n", nounCount(len(p.Drafts), "reçu"), total)
	for i, d := range p.Drafts {
		if i == 20 {
			fmt.Fprintf(w, "  … et %d autres\n", len(p.Drafts)-20)
			break
		}
		r := d.Receipt
		fmt.Fprintf(w, "  %s  %s  %s (%s)\n", r.Form.Code, receipt.DonorName(r.Donor), r.Total, nounCount(len(r.Lines), "don"))
	}
	if len(p.Issuer) > 0 {
		fmt.Fprintln(w, "\nLa fiche de l'association est incomplète : aucun reçu ne peut être émis.")
		for _, e := range p.Issuer {
			fmt.Fprintf(w, "  - %s\n", e.Message)
		}
	}
	if len(p.Blocked) > 0 {
		fmt.Fprintln(w, "\nDons qui ne peuvent pas encore recevoir de reçu :")
		printBlocked(w, p.Blocked)
	}
	if err := p.Err(); err != nil {
		return apperr.Invalid("receipt.preview_missing", "Des mentions obligatoires manquent : voir la liste ci-dessus.")
	}
	return nil
}

// receiptsListOptions are the parsed flags of receipts list.
type receiptsListOptions struct {
	year int
	csv  bool
}

func parseReceiptsList(args []string) (receiptsListOptions, error) {
	fs := newFlags("receipts list")
	year := fs.String("year", "", "")
	format := fs.String("format", "text", "")
	pos, err := receiptsArgs(fs, args)
	if err != nil {
		return receiptsListOptions{}, err
	}
	if len(pos) > 0 {
		return receiptsListOptions{}, usagef("argument inattendu « %s »", pos[0])
	}
	var o receiptsListOptions
	if o.year, err = receiptsYear(*year, false); err != nil {
		return o, err
	}
	switch *format {
	case "text":
	case "csv":
		o.csv = true
	default:
		return o, usagef("--format attend text ou csv, pas « %s »", *format)
	}
	return o, nil
}

func runReceiptsList(ctx context.Context, e *env, args []string) error {
	o, err := parseReceiptsList(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return listReceipts(ctx, c.Receipts, o, e.stdout)
	})
}

// listReceipts writes the receipts of a year of issue (all years by
// default): as a table, or as CSV for a spreadsheet or a control.
func listReceipts(ctx context.Context, s *receipt.Service, o receiptsListOptions, w io.Writer) error {
	rows, err := s.List(ctx, receipt.Filter{Year: o.year})
	if err != nil {
		return err
	}
	if o.csv {
		return receipt.WriteCSV(w, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(w, "Aucun reçu émis. Émettez-les avec « bureau receipts issue --year AAAA ».")
		return nil
	}
	nameW, amountW := runeWidth("Donateur"), runeWidth("Montant")
	for _, r := range rows {
		nameW = max(nameW, runeWidth(r.DonorName))
		amountW = max(amountW, runeWidth(r.Total.String()))
	}
	fmt.Fprintf(w, "Numéro      Émis le     %-*s  %*s  Statut  Dons\n", nameW, "Donateur", amountW, "Montant")
	for _, r := range rows {
		ids := make([]string, len(r.GiftIDs))
		for i, id := range r.GiftIDs {
			ids[i] = strconv.FormatInt(id, 10)
		}
		status := receipt.StatusLabel(r.Status)
		extra := ""
		switch {
		case r.ReplacedBy != "":
			extra = " (remplacé par " + r.ReplacedBy + ")"
		case r.Replaces != "":
			extra = " (remplace " + r.Replaces + ")"
		}
		fmt.Fprintf(w, "%-10s  %s  %-*s  %*s  %-6s  %s%s\n", r.Number, frenchDay(r.IssuedOn), nameW, r.DonorName,
			amountW, r.Total.String(), status, strings.Join(ids, " "), extra)
	}
	valid, cancelled := 0, 0
	var total money.Cents
	for _, r := range rows {
		if r.Status == donation.Valid {
			valid++
			total += r.Total
		} else {
			cancelled++
		}
	}
	fmt.Fprintf(w, "\n%s valides pour %s ; %s.\n", nounCount(valid, "reçu"), total, receiptCount(cancelled, "annulé"))
	return nil
}

func runReceiptsExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("receipts export")
	year := fs.String("year", "", "")
	out := fs.String("out", "", "")
	pos, err := receiptsArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s »", pos[0])
	}
	y, err := receiptsYear(*year, true)
	if err != nil {
		return err
	}
	if *out == "" {
		return usagef("indiquez le dossier avec --out DOSSIER")
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	res, err := c.Receipts.Export(ctx, receipt.Filter{PeriodYear: y, Status: donation.Valid}, *out)
	if err != nil {
		return err
	}
	printExport(e.stdout, res)
	return nil
}

// receiptsDocOptions are the parsed arguments of pdf and duplicate.
type receiptsDocOptions struct {
	number, out string
}

func parseReceiptsDoc(name string, args []string) (receiptsDocOptions, error) {
	fs := newFlags(name)
	out := fs.String("out", "", "")
	pos, err := receiptsArgs(fs, args)
	if err != nil {
		return receiptsDocOptions{}, err
	}
	var o receiptsDocOptions
	if o.number, err = receiptsNumber(pos); err != nil {
		return o, err
	}
	if *out == "" {
		return o, usagef("indiquez le fichier à écrire avec --out FICHIER, par exemple --out recu.pdf")
	}
	o.out = *out
	return o, nil
}

func runReceiptsPDF(ctx context.Context, e *env, args []string) error {
	o, err := parseReceiptsDoc("receipts pdf", args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	b, err := c.Receipts.PDF(ctx, o.number)
	if err != nil {
		return err
	}
	return writeReceiptFile(e.stdout, o.out, b)
}

func runReceiptsDuplicate(ctx context.Context, e *env, args []string) error {
	o, err := parseReceiptsDoc("receipts duplicate", args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	b, err := c.Receipts.Duplicate(ctx, o.number)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Duplicata du reçu n° %s délivré (noté au journal).\n", o.number)
	return writeReceiptFile(e.stdout, o.out, b)
}

// writeReceiptFile writes a PDF where the user asked; out "" writes
// nothing.
func writeReceiptFile(w io.Writer, out string, b []byte) error {
	if out == "" {
		return nil
	}
	// Receipts hold names and addresses: readable by the user only.
	if err := os.WriteFile(out, b, 0o600); err != nil {
		return apperr.Unavailable("receipt.write_file", fmt.Sprintf(
			"Impossible d'écrire %s. Vérifiez le dossier et vos droits, puis recommencez.", out), err)
	}
	fmt.Fprintf(w, "PDF écrit : %s\n", out)
	return nil
}

// receiptsCancelOptions are the parsed arguments of cancel and replace.
type receiptsCancelOptions struct {
	number, reason, out string
}

func parseReceiptsCancel(name string, args []string, replace bool) (receiptsCancelOptions, error) {
	fs := newFlags(name)
	reason := fs.String("reason", "", "")
	var out *string
	if replace {
		out = fs.String("out", "", "")
	}
	pos, err := receiptsArgs(fs, args)
	if err != nil {
		return receiptsCancelOptions{}, err
	}
	var o receiptsCancelOptions
	if o.number, err = receiptsNumber(pos); err != nil {
		return o, err
	}
	o.reason = strings.TrimSpace(*reason)
	if !replace && o.reason == "" {
		return o, usagef("indiquez le motif avec --reason MOTIF : il est imprimé sur le reçu annulé")
	}
	if out != nil {
		o.out = *out
	}
	return o, nil
}

func runReceiptsCancel(ctx context.Context, e *env, args []string) error {
	o, err := parseReceiptsCancel("receipts cancel", args, false)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := c.Receipts.Cancel(ctx, o.number, o.reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Reçu n° %s annulé le %s : %s. Son numéro reste utilisé ; ses dons peuvent recevoir un nouveau reçu.\n",
		r.Number, frenchDay(r.CancelledOn), r.CancelReason)
	fmt.Fprintln(e.stdout, "Prévenez le donateur par écrit que ce reçu est annulé, et gardez une copie de ce courrier.")
	return nil
}

func runReceiptsReplace(ctx context.Context, e *env, args []string) error {
	o, err := parseReceiptsCancel("receipts replace", args, true)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	old, nr, err := c.Receipts.Replace(ctx, o.number, o.reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Reçu n° %s annulé (%s) et remplacé par le reçu n° %s : %s pour %s.\n",
		old.Number, old.CancelReason, nr.Number, nr.Total, receipt.DonorName(nr.Donor))
	return writeReceiptFile(e.stdout, o.out, nr.PDF)
}

func runReceiptsFirstNumber(ctx context.Context, e *env, args []string) error {
	fs := newFlags("receipts first-number")
	year := fs.String("year", "", "")
	pos, err := receiptsArgs(fs, args)
	if err != nil {
		return err
	}
	y, err := receiptsYear(*year, len(pos) > 0)
	if err != nil {
		return err
	}
	first := 0
	switch len(pos) {
	case 0:
	case 1:
		if first, err = strconv.Atoi(pos[0]); err != nil || first < 1 {
			return usagef("le premier numéro doit être un nombre positif, pas « %s »", pos[0])
		}
	default:
		return usagef("argument inattendu « %s »", pos[1])
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if first > 0 {
		if err := c.Receipts.SetFirstNumber(ctx, y, first); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Les reçus émis en %d commenceront au n° %04d-%05d. Ce réglage ne pourra plus être changé.\n", y, y, first)
		return nil
	}
	series, err := c.Receipts.Numbering(ctx)
	if err != nil {
		return err
	}
	printSeries(e.stdout, series, y)
	return nil
}

func printSeries(w io.Writer, series []receipt.Series, year int) {
	shown := 0
	for _, s := range series {
		if year != 0 && s.Year != year {
			continue
		}
		shown++
		set := ""
		if s.FirstSet {
			set = " (premier numéro fixé)"
		}
		fmt.Fprintf(w, "%d : %s, du n° %04d-%05d ; prochain n° %04d-%05d%s\n", s.Year, receiptCount(s.Issued, "émis"),
			s.Year, s.First, s.Year, s.Next, set)
	}
	if shown == 0 {
		fmt.Fprintln(w, "Aucune série de reçus : le premier reçu de l'année portera le n° 1 (AAAA-00001).")
	}
}

func runReceiptsDeclaration(ctx context.Context, e *env, args []string) error {
	fs := newFlags("receipts declaration")
	year := fs.String("year", "", "")
	pos, err := receiptsArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s »", pos[0])
	}
	y, err := receiptsYear(*year, true)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	d, err := c.Receipts.Declaration(ctx, y)
	if err != nil {
		return err
	}
	printDeclaration(e.stdout, d)
	return nil
}

// printDeclaration writes the figures to copy into the declaration of
// gifts, with how they were counted and when to file.
func printDeclaration(w io.Writer, d receipt.Declaration) {
	fmt.Fprintf(w, "Déclaration des dons (article 222 bis du CGI) — exercice du %s au %s\n\n", frenchDay(d.From), frenchDay(d.To))
	fmt.Fprintf(w, "Montant total des dons et versements mentionnés sur les reçus : %s\n", d.Total)
	fmt.Fprintf(w, "Nombre de reçus délivrés : %d\n", d.Receipts)
	fmt.Fprintf(w, "  dont particuliers (2041-RD) : %d reçus, %s\n", d.Individuals, d.IndividualsTotal)
	fmt.Fprintf(w, "  dont entreprises (2041-MEC-SD) : %d reçus, %s\n", d.Companies, d.CompaniesTotal)
	fmt.Fprintf(w, "\nConvention de décompte : %s\n", d.Convention)
	fmt.Fprintf(w, "Reçus rectificatifs comptés (un seul par correction) : %d ; reçus annulés exclus : %d.\n", d.Replacements, d.Cancelled)
	fmt.Fprintf(w, "Pour comparaison, reçus émis pendant l'exercice, quelle que soit la date des dons : %d, pour %s.\n",
		d.IssuedReceipts, d.IssuedTotal)
	fmt.Fprintf(w, "\nDate limite de dépôt : %s (%s).\n", frenchDay(d.Deadline), d.DeadlineRule)
	fmt.Fprintln(w, d.Where)
	if d.Receipts == 0 {
		fmt.Fprintln(w, "Aucun reçu pour cet exercice : aucune déclaration n'est due.")
	}
}

func runReceiptsCheck(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("argument inattendu « %s »", args[0])
	}
	c, err := e.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return checkReceipts(ctx, c.Receipts, e.stdout)
}

// receiptChecks are the checks "receipts check" runs, in order.
var receiptChecks = []struct{ name, label string }{
	{"receipt_triggers", "reçus protégés par la base"},
	{"receipt_series", "numérotation des reçus continue"},
	{"receipt_pdf_hash", "PDF des reçus conformes à leur empreinte"},
	{"receipt_gift_once", "un don sur un seul reçu valide"},
	{"receipt_consistency", "reçus cohérents avec leurs dons"},
}

// checkReceipts prints one line per check or problem, with the series
// proven, and fails when a problem is found.
func checkReceipts(ctx context.Context, s *receipt.Service, w io.Writer) error {
	problems, err := s.Check(ctx)
	if err != nil {
		return err
	}
	byCheck := map[string][]string{}
	for _, p := range problems {
		byCheck[p.Check] = append(byCheck[p.Check], p.Detail)
	}
	for _, ch := range receiptChecks {
		details := byCheck[ch.name]
		if len(details) == 0 {
			fmt.Fprintf(w, "%-10s%s\n", "OK", ch.label)
		}
		for _, d := range details {
			fmt.Fprintf(w, "%-10s%s : %s\n", "PROBLÈME", ch.label, d)
		}
	}
	series, err := s.Numbering(ctx)
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		for _, sr := range series {
			if sr.Issued > 0 {
				fmt.Fprintf(w, "Série %d : %s, n° %04d-%05d à %04d-%05d, sans trou.\n", sr.Year, receiptCount(sr.Issued, "émis"),
					sr.Year, sr.First, sr.Year, sr.Next-1)
			}
		}
		fmt.Fprintf(w, "\nAucun problème : %d vérifications réussies.\n", len(receiptChecks))
		return nil
	}
	fmt.Fprintf(w, "\n%s.\n", problemCount(len(problems)))
	return apperr.Unavailable("receipt.check_problems",
		"Les reçus présentent des anomalies (voir ci-dessus). N'émettez plus de reçus et restaurez une sauvegarde saine avec « bureau restore FICHIER ».", nil)
}

func runReceiptsSettings(ctx context.Context, e *env, args []string) error {
	var changes [][2]string
	if len(args) > 0 {
		var err error
		if changes, err = parseAssignments(args); err != nil {
			return err
		}
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, kv := range changes {
		if err := c.Receipts.SetSetting(ctx, kv[0], kv[1]); err != nil {
			return err
		}
	}
	infos, err := c.Receipts.SettingsInfo(ctx)
	if err != nil {
		return err
	}
	for _, in := range infos {
		fmt.Fprintf(e.stdout, "%-28s %-15s %s\n", in.Key, in.Value, in.Help)
	}
	return nil
}
