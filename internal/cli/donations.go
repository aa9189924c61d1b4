package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/giftio"
	"github.com/bureau-asso/bureau/internal/money"
)

func init() {
	register(
		command{name: "donations list", args: "[--year AAAA] [--donor N°] [--campaign NOM] [--method MODE] [--format text|csv]",
			summary: "liste les dons, une ligne par don, avec le total (CSV : sans ligne de total)", run: runDonationsList},
		command{name: "donations totals", args: "--by year|donor|campaign|method [--year AAAA] [--donor N°] [--campaign NOM] [--method MODE]",
			summary: "totalise les dons par année, donateur, campagne ou mode de paiement", run: runDonationsTotals},
		command{name: "donations import", args: "FICHIER [--format bureau|helloasso] [--dry-run] [--only-valid]",
			summary: "importe des dons d'un fichier CSV (format bureau ou export HelloAsso) ; un don déjà importé n'est pas repris", run: runDonationsImport},
		command{name: "donations mandates run", args: "--month AAAA-MM",
			summary: "crée les dons mensuels des mandats de prélèvement actifs pour un mois (sans doublon si relancé)", run: runMandatesRun},
	)
}

// --- donations list and totals

type donationsListOptions struct {
	filter donation.Filter
	csv    bool
}

// addGiftFilterFlags declares --year, --donor, --campaign and --method on
// fs; the returned function reads them into a filter.
func addGiftFilterFlags(fs interface {
	String(name, value, usage string) *string
}) func() (donation.Filter, error) {
	year := fs.String("year", "", "")
	donor := fs.String("donor", "", "")
	campaign := fs.String("campaign", "", "")
	method := fs.String("method", "", "")
	return func() (donation.Filter, error) {
		var f donation.Filter
		var err error
		if f.Year, err = parseSponsorYear(*year); err != nil {
			return f, err
		}
		if *donor != "" {
			if f.DonorID, err = parseContactNumber(*donor); err != nil {
				return f, err
			}
		}
		f.Campaign = strings.TrimSpace(*campaign)
		if *method != "" {
			m, ok := donation.ParseMethod(*method)
			if !ok {
				return f, usagef("mode de paiement « %s » inconnu ; choisissez parmi : %s", *method, methodCodes())
			}
			f.Method = m
		}
		return f, nil
	}
}

func methodCodes() string {
	var parts []string
	for _, m := range donation.Methods {
		parts = append(parts, string(m))
	}
	return strings.Join(parts, ", ")
}

func parseDonationsList(args []string) (donationsListOptions, error) {
	fs := newFlags("donations list")
	filter := addGiftFilterFlags(fs)
	format := fs.String("format", "text", "")
	var o donationsListOptions
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	if len(pos) > 0 {
		return o, usagef("argument inattendu « %s »", pos[0])
	}
	if o.filter, err = filter(); err != nil {
		return o, err
	}
	switch strings.ToLower(*format) {
	case "text", "":
	case "csv":
		o.csv = true
	default:
		return o, usagef("--format attend text ou csv, pas « %s »", *format)
	}
	return o, nil
}

func runDonationsList(ctx context.Context, e *env, args []string) error {
	o, err := parseDonationsList(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return listDonations(ctx, c.Gifts, o, e.stdout)
	})
}

// listDonations writes one line per gift and a total line, or a CSV file
// for spreadsheets (";", UTF-8 with BOM, CRLF, decimal commas).
func listDonations(ctx context.Context, s *donation.Service, o donationsListOptions, w io.Writer) error {
	rows, err := s.ListGifts(ctx, o.filter)
	if err != nil {
		return err
	}
	if o.csv {
		return writeDonationsCSV(w, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(w, "Aucun don ne correspond. Enlevez un filtre, ou enregistrez des dons (« bureau donations import »).")
		return nil
	}
	// Columns: number, date received, donor, amount, method, nature,
	// campaign, receipt; numbers and amounts are right-aligned.
	lines := [][]string{{"N°", "Reçu le", "Donateur", "Montant", "Mode", "Nature", "Campagne", "Reçu fiscal"}}
	var total money.Cents
	for _, r := range rows {
		total += r.Amount
		lines = append(lines, []string{strconv.FormatInt(r.ID, 10), frenchDay(r.DateReceived), r.DonorName,
			r.Amount.String(), r.Method.Label(), natureLabel(r.Gift), dash(r.Campaign), dash(r.ReceiptNumber)})
	}
	widths := make([]int, len(lines[0]))
	for _, l := range lines {
		for i, v := range l {
			widths[i] = max(widths[i], runeWidth(v))
		}
	}
	for _, l := range lines {
		cells := make([]string, len(l))
		for i, v := range l {
			switch {
			case i == 0 || i == 3:
				cells[i] = padLeft(v, widths[i])
			case i == len(l)-1:
				cells[i] = v
			default:
				cells[i] = padRight(v, widths[i])
			}
		}
		fmt.Fprintln(w, strings.Join(cells, "  "))
	}
	fmt.Fprintf(w, "Total : %s, %s\n", countNoun(len(rows), "don", "dons"), total)
	return nil
}

func natureLabel(g donation.Gift) string {
	if g.Membership {
		return g.Nature.Label() + " (cotisation)"
	}
	return g.Nature.Label()
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func padRight(s string, n int) string { return s + strings.Repeat(" ", max(0, n-runeWidth(s))) }
func padLeft(s string, n int) string  { return strings.Repeat(" ", max(0, n-runeWidth(s))) + s }

// writeDonationsCSV writes the gifts for a spreadsheet; cells that a
// spreadsheet would run as formulas are neutralised.
func writeDonationsCSV(w io.Writer, rows []donation.GiftRow) error {
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	if err := cw.Write([]string{"\uFEFFid", "date_received", "date_cashed", "donor_id", "donor", "amount", "method",
		"nature", "kind", "campaign", "source", "reference", "receipt"}); err != nil {
		return err
	}
	for _, r := range rows {
		kind := "don"
		if r.Membership {
			kind = "cotisation"
		}
		if err := cw.Write([]string{strconv.FormatInt(r.ID, 10), r.DateReceived, r.DateCashed,
			strconv.FormatInt(r.DonorID, 10), contactio.Neutralise(r.DonorName), r.Amount.Plain(), string(r.Method),
			string(r.Nature), kind, contactio.Neutralise(r.Campaign), r.Source, contactio.Neutralise(r.Reference),
			r.ReceiptNumber}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type donationsTotalsOptions struct {
	filter donation.Filter
	by     donation.GroupBy
}

var groupings = map[string]donation.GroupBy{
	"year": donation.ByYear, "donor": donation.ByDonor, "campaign": donation.ByCampaign, "method": donation.ByMethod,
}

func parseDonationsTotals(args []string) (donationsTotalsOptions, error) {
	fs := newFlags("donations totals")
	filter := addGiftFilterFlags(fs)
	by := fs.String("by", "", "")
	var o donationsTotalsOptions
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	if len(pos) > 0 {
		return o, usagef("argument inattendu « %s »", pos[0])
	}
	if o.filter, err = filter(); err != nil {
		return o, err
	}
	g, ok := groupings[strings.ToLower(*by)]
	if !ok {
		return o, usagef("--by attend year, donor, campaign ou method, pas « %s »", *by)
	}
	o.by = g
	return o, nil
}

func runDonationsTotals(ctx context.Context, e *env, args []string) error {
	o, err := parseDonationsTotals(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showDonationTotals(ctx, c.Gifts, o, e.stdout)
	})
}

var groupHeads = map[donation.GroupBy]string{
	donation.ByYear: "Année", donation.ByDonor: "Donateur", donation.ByCampaign: "Campagne", donation.ByMethod: "Mode",
}

// showDonationTotals writes one line per group and the grand total.
func showDonationTotals(ctx context.Context, s *donation.Service, o donationsTotalsOptions, w io.Writer) error {
	ts, err := s.Totals(ctx, o.filter, o.by)
	if err != nil {
		return err
	}
	if len(ts) == 0 {
		fmt.Fprintln(w, "Aucun don ne correspond. Enlevez un filtre, ou enregistrez des dons (« bureau donations import »).")
		return nil
	}
	var count int
	var sum money.Cents
	labelW, amountW := runeWidth(groupHeads[o.by]), runeWidth("Total")
	for _, t := range ts {
		count += t.Count
		sum += t.Total
		labelW = max(labelW, runeWidth(t.Label))
	}
	amountW = max(amountW, runeWidth(sum.String()))
	fmt.Fprintf(w, "%s  %5s  %s\n", padRight(groupHeads[o.by], labelW), "Dons", padLeft("Total", amountW))
	for _, t := range ts {
		fmt.Fprintf(w, "%s  %5d  %s\n", padRight(t.Label, labelW), t.Count, padLeft(t.Total.String(), amountW))
	}
	fmt.Fprintf(w, "%s  %5d  %s\n", padRight("Total", labelW), count, padLeft(sum.String(), amountW))
	return nil
}

// --- donations import

type donationsImportOptions struct {
	file      string
	format    string
	dryRun    bool
	onlyValid bool
}

func parseDonationsImport(args []string) (donationsImportOptions, error) {
	fs := newFlags("donations import")
	var o donationsImportOptions
	fs.StringVar(&o.format, "format", giftio.FormatBureau, "")
	fs.BoolVar(&o.dryRun, "dry-run", false, "")
	fs.BoolVar(&o.onlyValid, "only-valid", false, "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return o, err
	}
	switch len(pos) {
	case 0:
		return o, usagef("indiquez le fichier à importer, par exemple : bureau donations import dons-2026.csv --dry-run")
	case 1:
		o.file = pos[0]
	default:
		return o, usagef("un seul fichier à la fois : « %s » est en trop", pos[1])
	}
	o.format = strings.ToLower(o.format)
	if o.format != giftio.FormatBureau && o.format != giftio.FormatHelloAsso {
		return o, usagef("--format attend bureau ou helloasso, pas « %s »", o.format)
	}
	return o, nil
}

func runDonationsImport(ctx context.Context, e *env, args []string) error {
	o, err := parseDonationsImport(args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(o.file)
	if err != nil {
		return apperr.Unavailable("gift_import.read", fmt.Sprintf(
			"Impossible de lire le fichier %s. Vérifiez son chemin et que vous avez le droit de le lire.", o.file), err)
	}
	p, err := giftio.Read(data, o.format)
	if err != nil {
		return err
	}
	printGiftPreview(e.stdout, filepath.Base(o.file), p)
	return e.withCore(ctx, func(c *core.Core) error {
		return importDonations(ctx, giftio.NewImporter(c.DB), p, o, e.stdout)
	})
}

// printGiftPreview shows what was read: the format, the columns left
// aside and the first rows.
func printGiftPreview(w io.Writer, name string, p giftio.Preview) {
	layout := "format bureau"
	if p.Format == giftio.FormatHelloAsso {
		layout = p.Layout
	}
	fmt.Fprintf(w, "Fichier : %s (%s ; CSV, séparateur %s, encodage %s ; %s)\n", name, layout,
		separatorNames[p.CSV.Delimiter], encodingNames[p.CSV.Encoding], countNoun(len(p.Rows), "don", "dons"))
	var ignored []string
	for i, h := range p.Header {
		if i < len(p.Used) && !p.Used[i] && h != "" {
			ignored = append(ignored, fmt.Sprintf("%q", h))
		}
	}
	if len(ignored) > 0 {
		fmt.Fprintf(w, "Colonnes ignorées : %s\n", strings.Join(ignored, ", "))
	}
	if len(p.Rows) == 0 {
		return
	}
	n := min(previewRows, len(p.Rows))
	fmt.Fprintf(w, "Aperçu (%s sur %d) :\n", countNoun(n, "don", "premiers dons"), len(p.Rows))
	for _, r := range p.Rows[:n] {
		fmt.Fprintf(w, "  ligne %d : %s\n", r.Line, r.Summary())
	}
}

func importDonations(ctx context.Context, im *giftio.Importer, p giftio.Preview, o donationsImportOptions, w io.Writer) error {
	rep, err := im.Import(ctx, p, giftio.Options{DryRun: o.dryRun, OnlyValid: o.onlyValid})
	printGiftReport(w, rep)
	if err != nil {
		if apperr.Is(err) && len(rep.Bad) > 0 && !o.onlyValid {
			fmt.Fprintln(w, "Pour importer seulement les lignes valides, relancez avec --only-valid.")
		}
		if o.dryRun {
			fmt.Fprintln(w, "Simulation : rien n'a été enregistré.")
		}
		return err
	}
	donors := countNoun(rep.NewDonors, "donateur créé", "donateurs créés")
	if o.dryRun {
		donors = countNoun(rep.NewDonors, "donateur serait créé", "donateurs seraient créés")
		fmt.Fprintf(w, "Simulation : %s, %s.\nSimulation : rien n'a été enregistré.\n",
			countNoun(rep.Imported, "don serait importé", "dons seraient importés"), donors)
		return nil
	}
	if rep.Imported == 0 && rep.Already > 0 {
		fmt.Fprintln(w, "Aucun don importé : rien de nouveau dans ce fichier.")
		return nil
	}
	fmt.Fprintf(w, "%s, %s.\n", countNoun(rep.Imported, "don importé", "dons importés"), donors)
	return nil
}

func printGiftReport(w io.Writer, rep giftio.Report) {
	section := func(title string, rows []giftio.RowError) {
		if len(rows) == 0 {
			return
		}
		fmt.Fprintf(w, "%s :\n", title)
		for _, b := range rows {
			fmt.Fprintf(w, "  %s : %s\n", b.Position(), strings.Join(b.Reasons, " ; "))
		}
	}
	section(countNoun(rep.Refused, "ligne refusée", "lignes refusées"), rep.Bad)
	section(countNoun(len(rep.Skipped), "ligne laissée de côté", "lignes laissées de côté"), rep.Skipped)
	section(countNoun(len(rep.Warnings), "don à vérifier", "dons à vérifier"), rep.Warnings)
	if len(rep.Matched) > 0 {
		fmt.Fprintf(w, "%s à des contacts existants :\n", countNoun(len(rep.Matched), "don rattaché", "dons rattachés"))
		for _, m := range rep.Matched {
			fmt.Fprintf(w, "  ligne %d : %s\n", m.Line, m)
		}
	}
	if rep.Already > 0 {
		fmt.Fprintf(w, "%s (même source et même référence) : laissés tels quels.\n",
			countNoun(rep.Already, "don déjà importé", "dons déjà importés"))
	}
}

// --- donations mandates run

func parseMandatesRun(args []string) (year int, month time.Month, err error) {
	fs := newFlags("donations mandates run")
	m := fs.String("month", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return 0, 0, err
	}
	if len(pos) > 0 {
		return 0, 0, usagef("argument inattendu « %s »", pos[0])
	}
	if *m == "" {
		return 0, 0, usagef("indiquez le mois, par exemple : --month 2026-03")
	}
	t, perr := time.Parse("2006-01", *m)
	if perr != nil || t.Year() < 2000 || t.Year() > 2100 {
		return 0, 0, usagef("--month attend un mois AAAA-MM, par exemple 2026-03, pas « %s »", *m)
	}
	return t.Year(), t.Month(), nil
}

func runMandatesRun(ctx context.Context, e *env, args []string) error {
	year, month, err := parseMandatesRun(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return runMandates(ctx, c.Gifts, year, month, e.stdout)
	})
}

func runMandates(ctx context.Context, s *donation.Service, year int, month time.Month, w io.Writer) error {
	n, err := s.RunMandates(ctx, year, month)
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintf(w, "Mois %04d-%02d : aucun nouveau don (ils étaient déjà créés, ou aucun mandat actif ne tombe ce mois-là).\n", year, int(month))
		return nil
	}
	fmt.Fprintf(w, "Mois %04d-%02d : %s.\n", year, int(month), countNoun(n, "don mensuel créé", "dons mensuels créés"))
	return nil
}
