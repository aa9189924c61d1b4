package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportPartnerCommand(t *testing.T) {
	db := sponsorsDB(t)
	dir := t.TempDir()
	pdfPath, csvPath, text := filepath.Join(dir, "r.pdf"), filepath.Join(dir, "r.csv"), filepath.Join(dir, "mot.txt")
	if err := os.WriteFile(text, []byte("Merci pour cette belle année.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, db, "report", "partner", "transports ligeriens", "--from", "2026-01-01", "--to", "2026-12-31",
		"--out", pdfPath, "--csv", csvPath, "--text", text)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "report-partner", strings.NewReplacer(pdfPath, "r.pdf", csvPath, "r.csv").Replace(stdout))
	b, err := os.ReadFile(pdfPath)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("no PDF: %v", err)
	}
	c, err := os.ReadFile(csvPath)
	if err != nil || !bytes.Contains(c, []byte("Logo sur les panneaux des jardins;2000,00;oui;oui;02/04/2026")) ||
		!bytes.Contains(c, []byte("Merci pour cette belle année.")) {
		t.Errorf("CSV: %v\n%s", err, c)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"Transports"}, "Aucune organisation ne s'appelle exactement « Transports ». Approchants : n° 1 Transports Ligériens"},
		{[]string{"Boulangerie Martine"}, "Aucun contact ne correspond à « Boulangerie Martine »"},
		{[]string{"999"}, "Aucun contact n'a le numéro 999"},
	} {
		args := append([]string{"report", "partner"}, tt.args...)
		args = append(args, "--from", "2026-01-01", "--to", "2026-12-31", "--out", pdfPath)
		if code, _, stderr := run(t, db, args...); code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, %q; want %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestReportDashboardCommand(t *testing.T) {
	db := sponsorsDB(t)
	code, stdout, stderr := run(t, db, "report", "dashboard", "--year", "2026", "--today", "2026-11-21")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "report-dashboard", stdout)
}
