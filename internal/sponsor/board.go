package sponsor

import (
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/money"
)

// DefaultRenewalDays is how far ahead conventions to renew are looked for
// when no window is given: two months leave time for a meeting and a new
// proposal before the old convention ends.
const DefaultRenewalDays = 60

// GroupByStage sorts cases into one slice per stage, keeping their order.
// Stages without a case have no key.
func GroupByStage(cases []Case) map[Stage][]Case {
	out := make(map[Stage][]Case)
	for _, c := range cases {
		out[c.Stage] = append(out[c.Stage], c)
	}
	return out
}

// Column is one stage of the board with its cases and their totals.
type Column struct {
	Stage    Stage
	Cases    []Case
	Expected money.Cents
	Weighted money.Cents // sum of each case's Weighted
}

// Board is the pipeline of one year: a column per stage, in Stages order,
// empty columns included.
type Board struct {
	Year    int
	Columns []Column
	// Expected and Weighted total every column except Declined: refused
	// cases are shown, but no longer counted on.
	Expected money.Cents
	Weighted money.Cents
}

// NewBoard lays out cases (those of year) as a board.
func NewBoard(year int, cases []Case) Board {
	groups := GroupByStage(cases)
	b := Board{Year: year}
	for _, s := range Stages {
		col := Column{Stage: s, Cases: groups[s]}
		for _, c := range col.Cases {
			col.Expected += c.Expected
			col.Weighted += c.Weighted()
		}
		if s != Declined {
			b.Expected += col.Expected
			b.Weighted += col.Weighted
		}
		b.Columns = append(b.Columns, col)
	}
	return b
}

// civil returns the calendar date of t in its own location, YYYY-MM-DD.
func civil(t time.Time) string { return t.Format(dateLayout) }

// Overdue returns the cases whose next action was due before today (the
// calendar date of today in its location), oldest first. Declined cases
// are left out: nobody will act on them. An action due today is not yet
// overdue.
func Overdue(cases []Case, today time.Time) []Case {
	d := civil(today)
	var out []Case
	for _, c := range cases {
		if c.Stage != Declined && c.NextActionDate != "" && c.NextActionDate < d {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Case) int { return strings.Compare(a.NextActionDate, b.NextActionDate) })
	return out
}

// UpcomingRenewals returns the signed conventions (Agreed or Renewed) that
// end between today and today + days, both included, soonest first.
//
// A convention that has already ended is left out: its case stays Agreed
// forever, so listing past ends would list every old convention. So is a
// case whose organisation already has a case for a later year: the renewal
// is under way there. cases should therefore hold every case of the
// organisations concerned, whatever their year.
func UpcomingRenewals(cases []Case, today time.Time, days int) []Case {
	from, to := civil(today), civil(today.AddDate(0, 0, days))
	latest := make(map[int64]int) // organisation → latest year with a case
	for _, c := range cases {
		latest[c.OrgID] = max(latest[c.OrgID], c.Year)
	}
	var out []Case
	for _, c := range cases {
		if c.Stage.Signed() && c.ConventionEnd != "" && from <= c.ConventionEnd && c.ConventionEnd <= to &&
			latest[c.OrgID] == c.Year {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Case) int { return strings.Compare(a.ConventionEnd, b.ConventionEnd) })
	return out
}
