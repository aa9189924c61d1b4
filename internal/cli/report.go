package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/report"
)

func init() {
	register(
		command{name: "report partner", args: "ORG --from AAAA-MM-JJ --to AAAA-MM-JJ --out FICHIER.pdf [--csv FICHIER.csv] [--text FICHIER]",
			summary: "rapport d'un partenaire sur une période : dons et reçus, mécénat, échanges, courriels (PDF, CSV)",
			run:     runReportPartner},
		command{name: "report dashboard", args: "[--year AAAA] [--today AAAA-MM-JJ]",
			summary: "chiffres du tableau de bord : dons par mois, meilleurs donateurs, mécénat, échéances, reçus à émettre",
			run:     runReportDashboard},
	)
}

// reportPartnerOptions are the parsed arguments of report partner.
type reportPartnerOptions struct {
	org, from, to, out, csv, text string
}

func parseReportPartner(args []string) (reportPartnerOptions, error) {
	fs := newFlags("report partner")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	out := fs.String("out", "", "")
	csv := fs.String("csv", "", "")
	text := fs.String("text", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return reportPartnerOptions{}, err
	}
	o := reportPartnerOptions{org: strings.TrimSpace(strings.Join(pos, " ")), out: *out, csv: *csv, text: *text}
	switch {
	case o.org == "":
		return reportPartnerOptions{}, usagef("indiquez l'organisation : son numéro ou son nom exact")
	case *from == "" || *to == "":
		return reportPartnerOptions{}, usagef("indiquez la période avec --from AAAA-MM-JJ et --to AAAA-MM-JJ")
	case o.out == "" && o.csv == "":
		return reportPartnerOptions{}, usagef("indiquez le fichier à écrire : --out FICHIER.pdf, --csv FICHIER.csv, ou les deux")
	}
	if o.from, err = parseDay("--from", *from); err != nil {
		return reportPartnerOptions{}, err
	}
	if o.to, err = parseDay("--to", *to); err != nil {
		return reportPartnerOptions{}, err
	}
	if o.to < o.from {
		return reportPartnerOptions{}, usagef("la période finit (--to %s) avant de commencer (--from %s)", o.to, o.from)
	}
	return o, nil
}

func runReportPartner(ctx context.Context, e *env, args []string) error {
	o, err := parseReportPartner(args)
	if err != nil {
		return err
	}
	var text []byte
	if o.text != "" {
		if text, err = os.ReadFile(o.text); err != nil {
			return apperr.Unavailable("report.read_text", fmt.Sprintf(
				"Impossible de lire %s. Vérifiez le chemin du texte du président, puis recommencez.", o.text), err)
		}
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return partnerReport(ctx, c.Reports, c.Contacts, o, string(text), e.stdout)
	})
}

// partnerReport gathers the report, writes the PDF and the CSV asked for,
// and sums up what they hold.
func partnerReport(ctx context.Context, s *report.Service, contacts *contact.Service, o reportPartnerOptions, text string, w io.Writer) error {
	org, err := findContact(ctx, contacts, o.org, contact.Organisation)
	if err != nil {
		return err
	}
	r, err := s.Partner(ctx, report.PartnerParams{OrgID: org.ID, From: o.from, To: o.to, Text: text})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Rapport de %s du %s au %s : %s (%s), %s sur un reçu fiscal, %s de mécénat, %s, %s.\n",
		r.Name(), frenchDay(r.From), frenchDay(r.To), nounCount(r.GiftCount, "don"), r.GiftTotal,
		nounCount(r.ReceiptedCount, "don"), nounCount(len(r.Cases), "dossier"),
		nounCount(len(r.Interactions), "échange"), nounCount(len(r.Threads), "fil")+" de courriels")
	if o.out != "" {
		b, err := s.Draw(r)
		if err != nil {
			return err
		}
		if err := writeFile(o.out, b); err != nil {
			return err
		}
		fmt.Fprintf(w, "PDF écrit : %s\n", o.out)
	}
	if o.csv != "" {
		var buf bytes.Buffer
		if err := r.CSV(&buf); err != nil {
			return err
		}
		if err := writeFile(o.csv, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(w, "CSV écrit : %s\n", o.csv)
	}
	return nil
}

// reportDashboardOptions are the parsed flags of report dashboard; zero
// values mean the current year and today.
type reportDashboardOptions struct {
	year  int
	today time.Time
}

func parseReportDashboard(args []string) (reportDashboardOptions, error) {
	fs := newFlags("report dashboard")
	year := fs.String("year", "", "")
	today := fs.String("today", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return reportDashboardOptions{}, err
	}
	if len(pos) > 0 {
		return reportDashboardOptions{}, usagef("argument inattendu « %s »", pos[0])
	}
	var o reportDashboardOptions
	if o.year, err = parseSponsorYear(*year); err != nil {
		return reportDashboardOptions{}, err
	}
	if *today != "" {
		if _, err := parseDay("--today", *today); err != nil {
			return reportDashboardOptions{}, err
		}
		o.today, _ = time.Parse(time.DateOnly, *today)
	}
	return o, nil
}

func runReportDashboard(ctx context.Context, e *env, args []string) error {
	o, err := parseReportDashboard(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if o.today.IsZero() {
		n := time.Now()
		o.today = time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
	}
	if o.year == 0 {
		o.year = o.today.Year()
	}
	d, err := c.Reports.Dashboard(ctx, o.year, o.today)
	if err != nil {
		return err
	}
	printDashboard(e.stdout, d)
	return nil
}

// printDashboard writes the figures of the start screen as text.
func printDashboard(w io.Writer, d report.Dashboard) {
	fmt.Fprintf(w, "Tableau de bord %d, au %s\n\n", d.Year, frenchDay(d.Today))
	fmt.Fprintf(w, "Dons %d : %s (%s)\n", d.Year, d.ThisYear.Total, nounCount(d.ThisYear.Count, "don"))
	fmt.Fprintf(w, "Dons %d : %s (%s)", d.Year-1, d.PreviousYear.Total, nounCount(d.PreviousYear.Count, "don"))
	if d.PreviousToDate != d.PreviousYear {
		fmt.Fprintf(w, ", dont %s à la même date", d.PreviousToDate.Total)
	}
	fmt.Fprintln(w)

	fmt.Fprintf(w, "\nDons par mois      %12d  %12d\n", d.Year, d.Year-1)
	for m := range 12 {
		fmt.Fprintf(w, "  %-16s %12s  %12s\n", report.MonthName(time.Month(m+1)), d.Months[m].String(), d.PreviousMonths[m].String())
	}

	fmt.Fprintf(w, "\nMeilleurs donateurs %d :\n", d.Year)
	if len(d.TopDonors) == 0 {
		fmt.Fprintln(w, "  aucun")
	}
	nameW := 0
	for _, t := range d.TopDonors {
		nameW = max(nameW, runeWidth(t.Name))
	}
	for i, t := range d.TopDonors {
		fmt.Fprintf(w, "  %2d. %s  %14s  %s\n", i+1, padRight(t.Name, nameW), t.Total.String(), nounCount(t.Count, "don"))
	}

	fmt.Fprintf(w, "\nMécénat %d : attendu %s, pondéré %s (hors refus)\n", d.Year, d.PipelineExpected, d.PipelineWeighted)
	for _, st := range d.Pipeline {
		if st.Cases == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-20s %s  attendu %14s  pondéré %14s\n", st.Stage.Label(), padRight(nounCount(st.Cases, "dossier"), 11),
			st.Expected.String(), st.Weighted.String())
	}

	fmt.Fprintln(w, "\nÉchéances :")
	for _, dl := range d.Deadlines {
		mark := ""
		if dl.Overdue {
			mark = " (en retard)"
		}
		fmt.Fprintf(w, "  %s  %s%s\n", frenchDay(dl.Date), dl.Label, mark)
	}

	fmt.Fprintln(w, "\nReçus fiscaux à émettre :")
	for _, wt := range d.Waiting {
		fmt.Fprintf(w, "  dons de %d : %s pour %s\n", wt.Year, nounCount(wt.Gifts, "don"), wt.Total)
	}
}
