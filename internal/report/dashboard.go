package report

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// Windows of the deadlines the dashboard shows.
const (
	// RenewalDays: conventions ending within two months, the time to meet
	// the sponsor and propose a new one (sponsor.DefaultRenewalDays).
	RenewalDays = sponsor.DefaultRenewalDays
	// ActionDays: next actions due within two weeks, besides the overdue.
	ActionDays = 14
	// TopDonorCount is the length of the list of top donors.
	TopDonorCount = 10
)

// Dashboard is the figures of the start screen for one year, seen on one
// day.
type Dashboard struct {
	Year  int
	Today string // YYYY-MM-DD
	// Months and PreviousMonths are the gifts of each month of Year and of
	// the year before, for the chart.
	Months, PreviousMonths [12]money.Cents
	ThisYear, PreviousYear donation.YearTotal
	// PreviousToDate is the previous year up to the same day as Today,
	// for a fair comparison while Year is running; it is PreviousYear once
	// Year is over.
	PreviousToDate donation.YearTotal
	// TopDonors are the TopDonorCount donors who gave most in Year.
	TopDonors []DonorTotal
	// Pipeline is the sponsorship pipeline of Year, a line per stage in
	// sponsor.Stages order; the totals leave out declined cases.
	Pipeline                           []StageTotal
	PipelineExpected, PipelineWeighted money.Cents
	// Deadlines are the dated things to do, soonest first.
	Deadlines []Deadline
	// Waiting are the gifts of Year and of the year before not yet on a
	// receipt although they could be, a line per year, oldest first.
	Waiting []Waiting
}

// StageTotal is one stage of the pipeline.
type StageTotal struct {
	Stage    sponsor.Stage
	Cases    int
	Expected money.Cents
	Weighted money.Cents // each case's expected amount × its probability
}

// DeadlineKind tells deadlines apart.
type DeadlineKind string

// Kinds of deadline.
const (
	// Renewal is a signed convention ending within RenewalDays that no
	// later case renews yet.
	Renewal DeadlineKind = "renewal"
	// Action is the next action of a sponsorship case, overdue or due
	// within ActionDays.
	Action DeadlineKind = "action"
	// Declaration is the last day to declare the receipts of a financial
	// year (art. 222 bis CGI, receipts-law.md R6.4).
	Declaration DeadlineKind = "declaration"
)

// Deadline is a dated thing to do.
type Deadline struct {
	Date string // YYYY-MM-DD
	Kind DeadlineKind
	// Label says what to do, in French.
	Label string
	// CaseID and OrgID are the sponsorship case and its organisation, for
	// Renewal and Action.
	CaseID, OrgID int64
	// Year is the financial year to declare, for Declaration.
	Year    int
	Overdue bool
}

// Waiting is the gifts of one year still waiting for their receipt.
type Waiting struct {
	Year  int
	Gifts int
	// Total is what their receipts would show (a membership fee counts
	// for its part without counterpart).
	Total money.Cents
}

// Dashboard returns the figures of year as seen on today. Every figure
// is read from an index or a small table, the queries running at once,
// so that the start screen stays fast on a register of 250,000 gifts
// (BenchmarkDashboard250k).
func (s *Service) Dashboard(ctx context.Context, year int, today time.Time) (Dashboard, error) {
	if year < sponsor.MinYear || year > sponsor.MaxYear {
		return Dashboard{}, apperr.InvalidField("year", "report.year_invalid", fmt.Sprintf(
			"L'année %d n'est pas plausible. Indiquez une année entre %d et %d.", year, sponsor.MinYear, sponsor.MaxYear))
	}
	d := Dashboard{Year: year, Today: today.Format(time.DateOnly)}
	settings, err := s.settings.Settings(ctx)
	if err != nil {
		return Dashboard{}, err
	}
	first, last := yearBounds(year)
	pfirst, _ := yearBounds(year - 1)
	// While year runs, it is compared with the previous year up to the
	// same day; 29 February is 28 February.
	running := d.Today >= first && d.Today < last
	sameDay := dayInYear(today, year-1)
	var cases []sponsor.Case
	waiting := []int{year - 1, year}
	if year > today.Year() {
		waiting = waiting[:1]
	}
	d.Waiting = make([]Waiting, len(waiting))
	var months []Month
	tasks := []func() error{
		func() (err error) {
			if months, err = s.store.GiftMonths(ctx, pfirst, last); err != nil {
				return fmt.Errorf("gifts by month of %d and %d: %w", year-1, year, err)
			}
			return nil
		},
		func() (err error) {
			if !running {
				return nil // the whole previous year, below
			}
			// The days of the previous year's month of today, up to today.
			d.PreviousToDate, err = s.total(ctx, year-1, sameDay[:8]+"01", sameDay)
			return err
		},
		func() (err error) {
			if d.TopDonors, err = s.store.TopDonors(ctx, first, last, TopDonorCount); err != nil {
				return fmt.Errorf("top donors of %d: %w", year, err)
			}
			return nil
		},
		func() (err error) {
			if cases, err = s.store.ListSponsorCases(ctx, sponsor.Filter{}); err != nil {
				return fmt.Errorf("read sponsorship cases: %w", err)
			}
			return nil
		},
	}
	for i, y := range waiting {
		tasks = append(tasks, func() error {
			from, to := yearBounds(y)
			w := Waiting{Year: y}
			var err error
			if w.Gifts, w.Total, err = s.store.WaitingReceipts(ctx, from, to, settings.DateRule); err != nil {
				return fmt.Errorf("gifts of %d waiting for a receipt: %w", y, err)
			}
			d.Waiting[i] = w
			return nil
		})
	}
	if err := parallel(tasks); err != nil {
		return Dashboard{}, err
	}
	d.ThisYear, d.PreviousYear = donation.YearTotal{Year: year}, donation.YearTotal{Year: year - 1}
	d.PreviousToDate.Year = year - 1
	for _, m := range months {
		y, _ := strconv.Atoi(m.Month[:4])
		mo, _ := strconv.Atoi(m.Month[5:])
		t, chart := &d.ThisYear, &d.Months
		if y == year-1 {
			t, chart = &d.PreviousYear, &d.PreviousMonths
			if running && m.Month < sameDay[:7] {
				d.PreviousToDate.Count += m.Count
				d.PreviousToDate.Total += m.Total
			}
		}
		t.Count += m.Count
		t.Total += m.Total
		chart[mo-1] = m.Total
	}
	if !running {
		d.PreviousToDate = d.PreviousYear
	}
	d.pipeline(cases)
	d.Deadlines = deadlines(cases, today, settings.FiscalYearEnd)
	return d, nil
}

// parallel runs the tasks at once, each on its own connection of the
// read pool, and returns the first error in task order: the dashboard's
// queries are independent, and its time is then that of the slowest.
func parallel(tasks []func() error) error {
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, task := range tasks {
		wg.Go(func() { errs[i] = task() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) total(ctx context.Context, year int, from, to string) (donation.YearTotal, error) {
	t := donation.YearTotal{Year: year}
	var err error
	if t.Count, t.Total, err = s.store.GiftTotal(ctx, from, to); err != nil {
		return t, fmt.Errorf("gift total from %s to %s: %w", from, to, err)
	}
	return t, nil
}

// pipeline sums the cases of d.Year by stage.
func (d *Dashboard) pipeline(cases []sponsor.Case) {
	var year []sponsor.Case
	for _, c := range cases {
		if c.Year == d.Year {
			year = append(year, c)
		}
	}
	b := sponsor.NewBoard(d.Year, year)
	for _, col := range b.Columns {
		d.Pipeline = append(d.Pipeline, StageTotal{Stage: col.Stage, Cases: len(col.Cases), Expected: col.Expected, Weighted: col.Weighted})
	}
	d.PipelineExpected, d.PipelineWeighted = b.Expected, b.Weighted
}

// deadlines lists, soonest first: the conventions to renew within
// RenewalDays, the next actions overdue or due within ActionDays, and the
// next deadline of the declaration of receipts.
func deadlines(cases []sponsor.Case, today time.Time, fiscalYearEnd string) []Deadline {
	var out []Deadline
	for _, c := range sponsor.UpcomingRenewals(cases, today, RenewalDays) {
		out = append(out, Deadline{Date: c.ConventionEnd, Kind: Renewal, CaseID: c.ID, OrgID: c.OrgID,
			Label: fmt.Sprintf("Convention de mécénat %d de %s à renouveler (fin le %s)", c.Year, c.OrgName, civildate.French(c.ConventionEnd))})
	}
	day := today.Format(time.DateOnly)
	soon := today.AddDate(0, 0, ActionDays).Format(time.DateOnly)
	for _, c := range cases {
		if c.Stage == sponsor.Declined || c.NextActionDate == "" || c.NextActionDate > soon {
			continue
		}
		out = append(out, Deadline{Date: c.NextActionDate, Kind: Action, CaseID: c.ID, OrgID: c.OrgID,
			Overdue: c.NextActionDate < day, Label: c.OrgName + " : " + strings.TrimSpace(c.NextAction)})
	}
	year, due := declarationDue(today, fiscalYearEnd)
	out = append(out, Deadline{Date: due.Format(time.DateOnly), Kind: Declaration, Year: year,
		Label: fmt.Sprintf("Déclaration des dons de l'exercice %d (art. 222 bis CGI), au plus tard le %s", year, due.Format("02/01/2006"))})
	slices.SortStableFunc(out, func(a, b Deadline) int { return strings.Compare(a.Date, b.Date) })
	return out
}

// declarationDue returns the financial year whose declaration of receipts
// is due next on or after today, and its deadline
// (receipt.FilingDeadline). fiscalYearEnd is "MM-DD".
func declarationDue(today time.Time, fiscalYearEnd string) (int, time.Time) {
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for y := today.Year() - 1; ; y++ {
		if due, _ := receipt.FilingDeadline(yearEnd(y, fiscalYearEnd)); !due.Before(day) {
			return y, due
		}
	}
}

// yearEnd is the last day of the financial year closing in year, for a
// fiscal-year end "MM-DD" (31 December when it cannot be read); 29
// February is the last day of February.
func yearEnd(year int, mmdd string) time.Time {
	m, err1 := strconv.Atoi(mmdd[:min(2, len(mmdd))])
	d, err2 := strconv.Atoi(mmdd[min(3, len(mmdd)):])
	if err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 {
		m, d = 12, 31
	}
	last := time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(year, time.Month(m), min(d, last), 0, 0, 0, 0, time.UTC)
}

// yearBounds returns the first and last days of year.
func yearBounds(year int) (string, string) {
	return fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
}

// dayInYear is the day of year of t in another year, YYYY-MM-DD; 29
// February becomes 28 February.
func dayInYear(t time.Time, year int) string {
	d := t.Day()
	if t.Month() == time.February && d == 29 {
		d = 28
	}
	return time.Date(year, t.Month(), d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
