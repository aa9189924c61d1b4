package sponsor_test

import (
	"slices"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// today is the fixed clock of these tests: 21 November 2026 at 23:30 in
// Paris (winter time, UTC+1).
var paris = time.FixedZone("Europe/Paris", 3600)

var today = time.Date(2026, 11, 21, 23, 30, 0, 0, paris)

func names(cs []sponsor.Case) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.OrgName)
	}
	return out
}

func TestOverdue(t *testing.T) {
	cases := []sponsor.Case{
		{OrgName: "yesterday", Stage: sponsor.Contacted, NextActionDate: "2026-11-20"},
		{OrgName: "today", Stage: sponsor.Contacted, NextActionDate: "2026-11-21"},
		{OrgName: "tomorrow", Stage: sponsor.Contacted, NextActionDate: "2026-11-22"},
		{OrgName: "last year", Stage: sponsor.ProposalSent, NextActionDate: "2025-12-01"},
		{OrgName: "declined long ago", Stage: sponsor.Declined, NextActionDate: "2026-01-10"},
		{OrgName: "no next action", Stage: sponsor.Meeting},
		{OrgName: "signed, report late", Stage: sponsor.Agreed, NextActionDate: "2026-11-01"},
	}
	got := names(sponsor.Overdue(cases, today))
	want := []string{"last year", "signed, report late", "yesterday"}
	if !slices.Equal(got, want) {
		t.Errorf("Overdue(…, 2026-11-21) = %q, want %q", got, want)
	}
	// The civil date is the clock's own: 00:30 in Paris on the 22nd is
	// still the 21st in UTC, yet the 21st is already past in Paris.
	got = names(sponsor.Overdue(cases, time.Date(2026, 11, 22, 0, 30, 0, 0, paris)))
	if !slices.Contains(got, "today") {
		t.Errorf("Overdue at 00:30 in Paris on the 22nd = %q, want the action of the 21st", got)
	}
}

func TestUpcomingRenewals(t *testing.T) {
	signed := func(name string, org int64, year int, stage sponsor.Stage, end string) sponsor.Case {
		return sponsor.Case{OrgName: name, OrgID: org, Year: year, Stage: stage, ConventionEnd: end}
	}
	cases := []sponsor.Case{
		signed("ends today", 1, 2026, sponsor.Agreed, "2026-11-21"),
		signed("ended yesterday", 2, 2026, sponsor.Agreed, "2026-11-20"),
		signed("ends on day 60", 3, 2026, sponsor.Renewed, "2027-01-20"),
		signed("ends on day 61", 4, 2026, sponsor.Agreed, "2027-01-21"),
		signed("ends in 10 days", 5, 2026, sponsor.Renewed, "2026-12-01"),
		signed("not signed", 6, 2026, sponsor.ProposalSent, "2026-12-01"),
		signed("declined", 7, 2026, sponsor.Declined, "2026-12-01"),
		signed("no end date", 8, 2026, sponsor.Agreed, ""),
		signed("renewal opened", 9, 2026, sponsor.Agreed, "2026-12-31"),
		signed("renewal of 9", 9, 2027, sponsor.Contacted, ""),
	}
	tests := []struct {
		days int
		want []string
	}{
		{60, []string{"ends today", "ends in 10 days", "ends on day 60"}},
		{61, []string{"ends today", "ends in 10 days", "ends on day 60", "ends on day 61"}},
		{10, []string{"ends today", "ends in 10 days"}},
		{0, []string{"ends today"}},
	}
	for _, tt := range tests {
		got := names(sponsor.UpcomingRenewals(cases, today, tt.days))
		if !slices.Equal(got, tt.want) {
			t.Errorf("UpcomingRenewals(…, 2026-11-21, %d) = %q, want %q", tt.days, got, tt.want)
		}
	}
}

func TestBoard(t *testing.T) {
	cases := []sponsor.Case{
		{OrgName: "A", Stage: sponsor.Prospect, Expected: 1_000_00, Probability: 10},
		{OrgName: "B", Stage: sponsor.Agreed, Expected: 10_000_00, Probability: 100},
		{OrgName: "C", Stage: sponsor.Prospect, Expected: 2_000_00, Probability: 15},
		{OrgName: "D", Stage: sponsor.Declined, Expected: 5_000_00, Probability: 0},
		{OrgName: "E", Stage: sponsor.Declined, Expected: 3_000_00, Probability: 20},
	}
	groups := sponsor.GroupByStage(cases)
	if got := names(groups[sponsor.Prospect]); !slices.Equal(got, []string{"A", "C"}) {
		t.Errorf("GroupByStage prospects = %q, want [A C]", got)
	}
	if _, ok := groups[sponsor.Meeting]; ok {
		t.Error("GroupByStage has a key for a stage without cases")
	}

	b := sponsor.NewBoard(2026, cases)
	if len(b.Columns) != len(sponsor.Stages) {
		t.Fatalf("%d columns, want one per stage", len(b.Columns))
	}
	want := map[sponsor.Stage][3]money.Cents{ // cases, expected, weighted
		sponsor.Prospect: {2, 3_000_00, 400_00},
		sponsor.Meeting:  {0, 0, 0},
		sponsor.Agreed:   {1, 10_000_00, 10_000_00},
		sponsor.Declined: {2, 8_000_00, 600_00},
	}
	for i, col := range b.Columns {
		if col.Stage != sponsor.Stages[i] {
			t.Errorf("column %d is %s, want %s", i, col.Stage, sponsor.Stages[i])
		}
		if w, ok := want[col.Stage]; ok {
			if got := [3]money.Cents{money.Cents(len(col.Cases)), col.Expected, col.Weighted}; got != w {
				t.Errorf("column %s = %v, want %v", col.Stage, got, w)
			}
		}
	}
	// Declined cases are shown but not counted on.
	if b.Expected != 13_000_00 || b.Weighted != 10_400_00 {
		t.Errorf("board totals = %d, %d, want 13 000 €, 10 400 €", b.Expected, b.Weighted)
	}
}
