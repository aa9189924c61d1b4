package cli

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/sponsor"
)

// checkUsage reports whether err matches wantErr: nil when wantErr is "",
// else a usage error containing wantErr.
func checkUsage(err error, wantErr string) bool {
	var ue usageError
	if wantErr == "" {
		return err == nil
	}
	return errors.As(err, &ue) && strings.Contains(ue.msg, wantErr)
}

func TestParseSponsorsList(t *testing.T) {
	tests := []struct {
		args    []string
		want    sponsorsListOptions
		wantErr string
	}{
		{nil, sponsorsListOptions{}, ""},
		{[]string{"--year", "2026"}, sponsorsListOptions{year: 2026}, ""},
		{[]string{"--stage", "proposal_sent", "--year=2025"}, sponsorsListOptions{year: 2025, stage: sponsor.ProposalSent}, ""},
		{[]string{"--year", "26"}, sponsorsListOptions{}, "--year attend une année sur quatre chiffres entre 2000 et 2100, pas « 26 »"},
		{[]string{"--year", "deux mille"}, sponsorsListOptions{}, "pas « deux mille »"},
		{[]string{"--stage", "signée"}, sponsorsListOptions{}, "étape « signée » inconnue ; choisissez parmi : prospect (Prospect), contacted (Contacté)"},
		{[]string{"--stage", "Agreed"}, sponsorsListOptions{}, "agreed (Convention signée)"},
		{[]string{"2026"}, sponsorsListOptions{}, "argument inattendu « 2026 »"},
		{[]string{"--org", "3"}, sponsorsListOptions{}, "option inconnue -org"},
	}
	for _, tt := range tests {
		got, err := parseSponsorsList(tt.args)
		if !checkUsage(err, tt.wantErr) || got != tt.want {
			t.Errorf("parseSponsorsList(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseSponsorsBoard(t *testing.T) {
	tests := []struct {
		args    []string
		want    int
		wantErr string
	}{
		{nil, 0, ""},
		{[]string{"--year", "2100"}, 2100, ""},
		{[]string{"--year", "2101"}, 0, "--year attend une année"},
		{[]string{"--stage", "agreed"}, 0, "option inconnue -stage"},
		{[]string{"tout"}, 0, "argument inattendu « tout »"},
	}
	for _, tt := range tests {
		got, err := parseSponsorsBoard(tt.args)
		if !checkUsage(err, tt.wantErr) || got.year != tt.want {
			t.Errorf("parseSponsorsBoard(%q) = %+v, %v; want year %d, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseSponsorsDue(t *testing.T) {
	tests := []struct {
		args      []string
		wantDays  int
		wantToday string // YYYY-MM-DD, "" for the current date
		wantErr   string
	}{
		{nil, 60, "", ""},
		{[]string{"--days", "90"}, 90, "", ""},
		{[]string{"--today", "2026-11-21"}, 60, "2026-11-21", ""},
		{[]string{"--days=1", "--today=2024-02-29"}, 1, "2024-02-29", ""},
		{[]string{"--days", "0"}, 0, "", "--days attend un nombre de jours entre 1 et 3660, pas « 0 »"},
		{[]string{"--days", "-5"}, 0, "", "pas « -5 »"},
		{[]string{"--days", "deux mois"}, 0, "", "pas « deux mois »"},
		{[]string{"--today", "21/11/2026"}, 0, "", "--today attend une date AAAA-MM-JJ, par exemple 2026-03-31, pas « 21/11/2026 »"},
		{[]string{"--today", "2025-02-29"}, 0, "", "pas « 2025-02-29 »"},
		{[]string{"--today"}, 0, "", "attend une valeur"},
		{[]string{"demain"}, 0, "", "argument inattendu « demain »"},
	}
	for _, tt := range tests {
		got, err := parseSponsorsDue(tt.args)
		if !checkUsage(err, tt.wantErr) {
			t.Errorf("parseSponsorsDue(%q) = %v, want %q", tt.args, err, tt.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		today := ""
		if !got.today.IsZero() {
			today = got.today.Format("2006-01-02")
			if got.today.Location() != time.Local {
				t.Errorf("parseSponsorsDue(%q): today in %v, want the local time zone", tt.args, got.today.Location())
			}
		}
		if got.days != tt.wantDays || today != tt.wantToday {
			t.Errorf("parseSponsorsDue(%q) = %d days, today %q; want %d, %q", tt.args, got.days, today, tt.wantDays, tt.wantToday)
		}
	}
}

func TestFrenchDay(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-11-21", "21/11/2026"},
		{"2027-01-05", "05/01/2027"},
		{"", "—"},
	}
	for _, tt := range tests {
		if got := frenchDay(tt.in); got != tt.want {
			t.Errorf("frenchDay(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
