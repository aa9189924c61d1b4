package cli

import (
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/donation"
)

func TestParseDonationsList(t *testing.T) {
	tests := []struct {
		args    []string
		want    donationsListOptions
		wantErr string
	}{
		{nil, donationsListOptions{}, ""},
		{[]string{"--year", "2026", "--donor", "12", "--campaign", " Hiver ", "--method", "chèque"},
			donationsListOptions{filter: donation.Filter{Year: 2026, DonorID: 12, Campaign: "Hiver", Method: donation.Cheque}}, ""},
		{[]string{"--format", "CSV", "--method=prelevement"}, donationsListOptions{csv: true, filter: donation.Filter{Method: donation.DirectDebit}}, ""},
		{[]string{"--year", "26"}, donationsListOptions{}, "--year attend une année sur quatre chiffres"},
		{[]string{"--donor", "Anne"}, donationsListOptions{}, "« Anne » n'est pas un numéro de contact"},
		{[]string{"--method", "paypal"}, donationsListOptions{}, "choisissez parmi : especes, cheque, virement, prelevement, carte"},
		{[]string{"--format", "xlsx"}, donationsListOptions{}, "--format attend text ou csv"},
		{[]string{"2026"}, donationsListOptions{}, "argument inattendu « 2026 »"},
	}
	for _, tt := range tests {
		got, err := parseDonationsList(tt.args)
		if !checkUsage(err, tt.wantErr) || (tt.wantErr == "" && got != tt.want) {
			t.Errorf("parseDonationsList(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseDonationsTotals(t *testing.T) {
	tests := []struct {
		args    []string
		want    donationsTotalsOptions
		wantErr string
	}{
		{[]string{"--by", "method"}, donationsTotalsOptions{by: donation.ByMethod}, ""},
		{[]string{"--by", "Donor", "--year", "2025"}, donationsTotalsOptions{by: donation.ByDonor, filter: donation.Filter{Year: 2025}}, ""},
		{[]string{"--by", "month"}, donationsTotalsOptions{}, "--by attend year, donor, campaign ou method, pas « month »"},
		{nil, donationsTotalsOptions{}, "--by attend"},
	}
	for _, tt := range tests {
		got, err := parseDonationsTotals(tt.args)
		if !checkUsage(err, tt.wantErr) || (tt.wantErr == "" && got != tt.want) {
			t.Errorf("parseDonationsTotals(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseDonationsImport(t *testing.T) {
	tests := []struct {
		args    []string
		want    donationsImportOptions
		wantErr string
	}{
		{[]string{"dons.csv"}, donationsImportOptions{file: "dons.csv", format: "bureau"}, ""},
		{[]string{"export.csv", "--format", "HelloAsso", "--dry-run", "--only-valid"},
			donationsImportOptions{file: "export.csv", format: "helloasso", dryRun: true, onlyValid: true}, ""},
		{[]string{"--format", "excel", "dons.csv"}, donationsImportOptions{}, "--format attend bureau ou helloasso, pas « excel »"},
		{nil, donationsImportOptions{}, "indiquez le fichier à importer"},
		{[]string{"a.csv", "b.csv"}, donationsImportOptions{}, "un seul fichier à la fois : « b.csv » est en trop"},
	}
	for _, tt := range tests {
		got, err := parseDonationsImport(tt.args)
		if !checkUsage(err, tt.wantErr) || (tt.wantErr == "" && got != tt.want) {
			t.Errorf("parseDonationsImport(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseMandatesRun(t *testing.T) {
	tests := []struct {
		args      []string
		wantYear  int
		wantMonth time.Month
		wantErr   string
	}{
		{[]string{"--month", "2026-03"}, 2026, time.March, ""},
		{[]string{"--month=2026-12"}, 2026, time.December, ""},
		{[]string{"--month", "03/2026"}, 0, 0, "--month attend un mois AAAA-MM, par exemple 2026-03, pas « 03/2026 »"},
		{[]string{"--month", "2026-13"}, 0, 0, "--month attend un mois AAAA-MM"},
		{nil, 0, 0, "indiquez le mois"},
		{[]string{"--month", "2026-03", "tout"}, 0, 0, "argument inattendu « tout »"},
	}
	for _, tt := range tests {
		y, m, err := parseMandatesRun(tt.args)
		if !checkUsage(err, tt.wantErr) || y != tt.wantYear || m != tt.wantMonth {
			t.Errorf("parseMandatesRun(%q) = %d, %d, %v; want %d, %d, %q", tt.args, y, m, err, tt.wantYear, tt.wantMonth, tt.wantErr)
		}
	}
}
