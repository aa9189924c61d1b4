package cli_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// donationsDB returns the path of a database holding a small register:
// gifts of 2025 and 2026 from two people and a company, a membership fee,
// and two monthly mandates.
func donationsDB(t *testing.T) string {
	t.Helper()
	db := storetest.Open(t)
	s := donation.NewService(db)
	ctx := context.Background()
	anne := storetest.Person(t, db, "Anne", "Roux", "anne@exemple.fr", "37000", "Tours")
	paul := storetest.Person(t, db, "Paul", "Lenoir", "", "37100", "Tours")
	bois := storetest.Org(t, db, "Scierie du Bois", contact.OrgCompany)
	gifts := []donation.Gift{
		{DonorID: anne.ID, Amount: 50_00, DateReceived: "2025-12-20", Method: donation.Cheque, ChequeNumber: "1234567", Bank: "La Banque Postale"},
		{DonorID: anne.ID, Amount: 20_00, DateReceived: "2026-01-15", Method: donation.Card, Campaign: "Hiver"},
		{DonorID: bois.ID, Amount: 1_500_00, DateReceived: "2026-02-01", Method: donation.Transfer, Campaign: "Hiver"},
		{DonorID: paul.ID, Amount: 30_00, DateReceived: "2026-03-01", Method: donation.Cash, Membership: true, Counterparts: 10_00},
		{DonorID: paul.ID, Amount: 120_00, DateReceived: "2026-03-02", Method: donation.Transfer, Nature: donation.InKind,
			Description: "Outils de jardin", ValuationMethod: "facture d'achat", Campaign: "Jardins"},
	}
	for i := range gifts {
		if err := s.CreateGift(ctx, &gifts[i]); err != nil {
			t.Fatalf("gift %d: %v", i, err)
		}
	}
	for _, m := range []donation.Mandate{
		{DonorID: anne.ID, Amount: 15_00, DayOfMonth: 5, StartDate: "2026-01-01", Reference: "RUM-ANNE", Active: true},
		{DonorID: paul.ID, Amount: 10_00, DayOfMonth: 10, StartDate: "2026-03-01", Active: true},
	} {
		if err := s.CreateMandate(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	return db.Path()
}

func TestDonationsGoldens(t *testing.T) {
	db := donationsDB(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"donations-mandates-run-2026-03", []string{"donations", "mandates", "run", "--month", "2026-03"}},
		{"donations-mandates-run-again", []string{"donations", "mandates", "run", "--month", "2026-03"}},
		{"donations-list", []string{"donations", "list"}},
		{"donations-list-2026-hiver", []string{"donations", "list", "--year", "2026", "--campaign", "Hiver"}},
		{"donations-list-donor-method", []string{"donations", "list", "--donor", "2", "--method", "virement"}},
		{"donations-list-csv", []string{"donations", "list", "--year", "2026", "--format", "csv"}},
		{"donations-list-none", []string{"donations", "list", "--year", "2024"}},
		{"donations-totals-year", []string{"donations", "totals", "--by", "year"}},
		{"donations-totals-donor", []string{"donations", "totals", "--by", "donor", "--year", "2026"}},
		{"donations-totals-campaign", []string{"donations", "totals", "--by", "campaign"}},
		{"donations-totals-method", []string{"donations", "totals", "--by", "method"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := run(t, db, tt.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestDonationsImport(t *testing.T) {
	db := donationsDB(t)
	file := filepath.Join("testdata", "donations-import.csv")
	steps := []struct {
		golden string
		args   []string
	}{
		{"donations-import-dry-run", []string{"donations", "import", file, "--dry-run"}},
		{"donations-import", []string{"donations", "import", file}},
		{"donations-import-again", []string{"donations", "import", "--format", "bureau", file}},
		{"donations-import-helloasso", []string{"donations", "import", "--format", "helloasso",
			filepath.Join("..", "giftio", "testdata", "helloasso-dons.csv")}},
	}
	for _, s := range steps {
		code, out, stderr := run(t, db, s.args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q", s.golden, code, stderr)
		}
		golden(t, s.golden, out)
	}
	code, out, _ := run(t, db, "donations", "list", "--year", "2026")
	// 2026: four gifts of the register and four imported once; the
	// HelloAsso gifts are of 2025.
	if code != 0 || !strings.Contains(out, "Total : 8 dons, 3\u00a0060,06") {
		t.Errorf("after the imports, list 2026 = %d\n%s\nwant 8 gifts", code, out)
	}
}

func TestDonationsImportRefusesBadFile(t *testing.T) {
	db := donationsDB(t)
	code, out, stderr := run(t, db, "donations", "import", filepath.Join("testdata", "donations-import-bad.csv"))
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	golden(t, "donations-import-bad", out)
	if !strings.Contains(stderr, "2 lignes invalides : le fichier n'a pas été importé, rien n'a été enregistré") {
		t.Errorf("stderr = %q", stderr)
	}
	_, list, _ := run(t, db, "donations", "list", "--donor", "1")
	if strings.Contains(list, "15/01/2026  ROUX Anne      50,00") {
		t.Errorf("a refused file saved its good row:\n%s", list)
	}
	code, out, _ = run(t, db, "donations", "import", filepath.Join("testdata", "donations-import-bad.csv"), "--only-valid")
	if code != 0 || !strings.Contains(out, "1 don importé, 0 donateurs créés.") {
		t.Errorf("--only-valid: exit %d\n%s", code, out)
	}
}

func TestDonationsUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"donations", "list", "--method", "bitcoin"}, "mode de paiement « bitcoin » inconnu"},
		{[]string{"donations", "totals"}, "--by attend year, donor, campaign ou method"},
		{[]string{"donations", "import"}, "indiquez le fichier à importer"},
		{[]string{"donations", "mandates", "run"}, "indiquez le mois"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, db, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.wantErr) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.wantErr)
		}
	}
	code, _, stderr := run(t, db, "donations", "import", filepath.Join(t.TempDir(), "absent.csv"))
	if code != 1 || !strings.Contains(stderr, "Impossible de lire le fichier") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}
