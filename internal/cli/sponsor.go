package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

func init() {
	register(
		command{name: "sponsors list", args: "[--year AAAA] [--stage ÉTAPE]",
			summary: "liste les dossiers de mécénat, une ligne par dossier", run: runSponsorsList},
		command{name: "sponsors board", args: "[--year AAAA]",
			summary: "affiche le tableau du mécénat par étape, avec les totaux", run: runSponsorsBoard},
		command{name: "sponsors due", args: "[--days N] [--today AAAA-MM-JJ]",
			summary: "relances en retard, conventions à renouveler sous N jours (60) ; --today vérifie une date passée",
			run:     runSponsorsDue},
	)
}

// sponsorsListOptions are the parsed flags of sponsors list; zero fields
// select everything.
type sponsorsListOptions struct {
	year  int
	stage sponsor.Stage
}

func parseSponsorsList(args []string) (sponsorsListOptions, error) {
	fs := newFlags("sponsors list")
	year := fs.String("year", "", "")
	stage := fs.String("stage", "", "")
	if err := parseFlags(fs, args); err != nil {
		return sponsorsListOptions{}, err
	}
	if fs.NArg() > 0 {
		return sponsorsListOptions{}, usagef("argument inattendu « %s »", fs.Arg(0))
	}
	var o sponsorsListOptions
	var err error
	if o.year, err = parseSponsorYear(*year); err != nil {
		return sponsorsListOptions{}, err
	}
	if *stage != "" {
		o.stage = sponsor.Stage(*stage)
		if !o.stage.Valid() {
			return sponsorsListOptions{}, usagef("étape « %s » inconnue ; choisissez parmi : %s", *stage, stageCodes())
		}
	}
	return o, nil
}

// parseSponsorYear reads --year; "" means no year.
func parseSponsorYear(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < sponsor.MinYear || y > sponsor.MaxYear {
		return 0, usagef("--year attend une année sur quatre chiffres entre %d et %d, pas « %s »",
			sponsor.MinYear, sponsor.MaxYear, s)
	}
	return y, nil
}

// stageCodes lists the stage codes with their labels, for usage errors.
func stageCodes() string {
	var parts []string
	for _, s := range sponsor.Stages {
		parts = append(parts, fmt.Sprintf("%s (%s)", s, s.Label()))
	}
	return strings.Join(parts, ", ")
}

func runSponsorsList(ctx context.Context, e *env, args []string) error {
	o, err := parseSponsorsList(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return listSponsors(ctx, c.Sponsors, o, e.stdout)
	})
}

// listSponsors writes one line per case: organisation, year, stage,
// expected amount, probability and date of the next action.
func listSponsors(ctx context.Context, s *sponsor.Service, o sponsorsListOptions, w io.Writer) error {
	cases, err := s.List(ctx, sponsor.Filter{Year: o.year, Stage: o.stage})
	if err != nil {
		return err
	}
	if len(cases) == 0 {
		fmt.Fprintln(w, "Aucun dossier de mécénat ne correspond. Créez-en un depuis la fiche d'une organisation.")
		return nil
	}
	nameW, stageW, amountW := runeWidth("Organisation"), runeWidth("Étape"), runeWidth("Attendu")
	for _, c := range cases {
		nameW = max(nameW, runeWidth(c.OrgName))
		stageW = max(stageW, runeWidth(c.Stage.Label()))
		amountW = max(amountW, runeWidth(c.Expected.String()))
	}
	fmt.Fprintf(w, "%-*s  Année  %-*s  %*s  Proba  Prochaine action\n", nameW, "Organisation", stageW, "Étape", amountW, "Attendu")
	for _, c := range cases {
		fmt.Fprintf(w, "%-*s  %d   %-*s  %*s  %3d %%  %s\n", nameW, c.OrgName, c.Year, stageW, c.Stage.Label(),
			amountW, c.Expected.String(), c.Probability, frenchDay(c.NextActionDate))
	}
	return nil
}

// sponsorsBoardOptions are the parsed flags of sponsors board; year 0
// means the current year.
type sponsorsBoardOptions struct {
	year int
}

func parseSponsorsBoard(args []string) (sponsorsBoardOptions, error) {
	fs := newFlags("sponsors board")
	year := fs.String("year", "", "")
	if err := parseFlags(fs, args); err != nil {
		return sponsorsBoardOptions{}, err
	}
	if fs.NArg() > 0 {
		return sponsorsBoardOptions{}, usagef("argument inattendu « %s »", fs.Arg(0))
	}
	y, err := parseSponsorYear(*year)
	return sponsorsBoardOptions{year: y}, err
}

func runSponsorsBoard(ctx context.Context, e *env, args []string) error {
	o, err := parseSponsorsBoard(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showSponsorBoard(ctx, c.Sponsors, o, e.stdout)
	})
}

// showSponsorBoard writes the board of a year as one section per stage,
// then the cases whose counterparts exceed 25 % of the gift.
func showSponsorBoard(ctx context.Context, s *sponsor.Service, o sponsorsBoardOptions, w io.Writer) error {
	if o.year == 0 {
		o.year = s.Now().Year()
	}
	b, err := s.Board(ctx, o.year)
	if err != nil {
		return err
	}
	warnings, err := s.Warnings(ctx, o.year)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Mécénat %d : attendu %s, pondéré %s (hors refus)\n", b.Year, b.Expected, b.Weighted)
	nameW := 0
	for _, col := range b.Columns {
		for _, c := range col.Cases {
			nameW = max(nameW, runeWidth(c.OrgName))
		}
	}
	for _, col := range b.Columns {
		fmt.Fprintf(w, "\n%s — ", col.Stage.Label())
		if len(col.Cases) == 0 {
			fmt.Fprintln(w, "aucun dossier")
			continue
		}
		fmt.Fprintf(w, "%s — attendu %s — pondéré %s\n", caseCount(len(col.Cases)), col.Expected, col.Weighted)
		for _, c := range col.Cases {
			line := fmt.Sprintf("  %-*s  %14s  %3d %%", nameW, c.OrgName, c.Expected, c.Probability)
			if c.NextAction != "" {
				line += fmt.Sprintf("  le %s : %s", frenchDay(c.NextActionDate), c.NextAction)
			}
			fmt.Fprintln(w, line)
		}
	}
	if len(warnings) > 0 {
		fmt.Fprintf(w, "\nContreparties au-delà de %d %% du don (à revoir dans la convention) :\n", sponsor.CounterpartLimitPercent)
		for _, wn := range warnings {
			fmt.Fprintf(w, "  %s\n", counterpartWarningLine(wn))
		}
	}
	return nil
}

// counterpartWarningLine says what is too much and what to bring it down
// to.
func counterpartWarningLine(wn sponsor.Warning) string {
	if wn.Gift <= 0 {
		return fmt.Sprintf("%s : %s de contreparties sans don reçu ni montant attendu. Indiquez le montant attendu du mécénat.",
			wn.Case.OrgName, wn.Counterparts)
	}
	of := fmt.Sprintf("de %s reçus en %d", wn.Gift, wn.Case.Year)
	if wn.Basis == sponsor.BasisExpected {
		of = fmt.Sprintf("des %s attendus", wn.Gift)
	}
	limit := wn.Gift * sponsor.CounterpartLimitPercent / 100
	return fmt.Sprintf("%s : %s de contreparties, soit %s %s. Ramenez-les à %s au plus.",
		wn.Case.OrgName, wn.Counterparts, wn.Ratio, of, limit)
}

// sponsorsDueOptions are the parsed flags of sponsors due. A zero today
// means the current date.
type sponsorsDueOptions struct {
	days  int
	today time.Time
}

func parseSponsorsDue(args []string) (sponsorsDueOptions, error) {
	fs := newFlags("sponsors due")
	days := fs.String("days", strconv.Itoa(sponsor.DefaultRenewalDays), "")
	today := fs.String("today", "", "") // to check the lists as they stood on a past date
	if err := parseFlags(fs, args); err != nil {
		return sponsorsDueOptions{}, err
	}
	if fs.NArg() > 0 {
		return sponsorsDueOptions{}, usagef("argument inattendu « %s »", fs.Arg(0))
	}
	var o sponsorsDueOptions
	n, err := strconv.Atoi(*days)
	if err != nil || n < 1 || n > 3660 {
		return sponsorsDueOptions{}, usagef("--days attend un nombre de jours entre 1 et 3660, pas « %s »", *days)
	}
	o.days = n
	if *today != "" {
		if !sponsor.ValidDate(*today) {
			return sponsorsDueOptions{}, usagef("--today attend une date AAAA-MM-JJ, par exemple 2026-03-31, pas « %s »", *today)
		}
		o.today, _ = time.ParseInLocation("2006-01-02", *today, time.Local)
	}
	return o, nil
}

func runSponsorsDue(ctx context.Context, e *env, args []string) error {
	o, err := parseSponsorsDue(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showSponsorsDue(ctx, c.Sponsors, o, e.stdout)
	})
}

// showSponsorsDue writes the next actions overdue on today, then the
// conventions that end within o.days and are not renewed yet.
func showSponsorsDue(ctx context.Context, s *sponsor.Service, o sponsorsDueOptions, w io.Writer) error {
	today := o.today
	if today.IsZero() {
		today = s.Now()
	}
	overdue, err := s.Overdue(ctx, today)
	if err != nil {
		return err
	}
	renewals, err := s.Renewals(ctx, today, o.days)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Actions en retard au %s :\n", today.Format("02/01/2006"))
	if len(overdue) == 0 {
		fmt.Fprintln(w, "  aucune")
	}
	for _, c := range overdue {
		fmt.Fprintf(w, "  %s  %s (%d, %s) : %s\n", frenchDay(c.NextActionDate), c.OrgName, c.Year, c.Stage.Label(), c.NextAction)
	}
	fmt.Fprintf(w, "\nConventions à renouveler d'ici le %s (%s) :\n",
		today.AddDate(0, 0, o.days).Format("02/01/2006"), dayCount(o.days))
	if len(renewals) == 0 {
		fmt.Fprintln(w, "  aucune")
	}
	for _, c := range renewals {
		fmt.Fprintf(w, "  %s  %s (%d, %s), %s\n", frenchDay(c.ConventionEnd), c.OrgName, c.Year, c.Stage.Label(), c.Expected)
	}
	return nil
}

// frenchDay turns a stored YYYY-MM-DD date into DD/MM/YYYY, and "" into
// "—".
func frenchDay(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return "—"
	}
	return t.Format("02/01/2006")
}

func dayCount(n int) string {
	if n == 1 {
		return "1 jour"
	}
	return fmt.Sprintf("%d jours", n)
}

func caseCount(n int) string {
	if n == 1 {
		return "1 dossier"
	}
	return fmt.Sprintf("%d dossiers", n)
}

func runeWidth(s string) int { return utf8.RuneCountInString(s) }
