package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestContactsUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"import without file", []string{"contacts", "import"}, "indiquez le fichier"},
		{"import two files", []string{"contacts", "import", "a.csv", "b.csv"}, "« b.csv » est en trop"},
		{"import bad flag", []string{"contacts", "import", "a.csv", "--dry"}, "option inconnue"},
		{"export without format", []string{"contacts", "export"}, "indiquez --format csv"},
		{"export unknown format", []string{"contacts", "export", "--format", "xls"}, "--format attend csv ou vcard"},
		{"export bad vCard version", []string{"contacts", "export", "--format", "vcard", "--vcard-version", "2.1"}, "3.0 ou 4.0"},
		{"vCard version for CSV", []string{"contacts", "export", "--format", "csv", "--vcard-version", "4.0"}, "ne s'applique qu'au format vcard"},
		{"export stray argument", []string{"contacts", "export", "--format", "csv", "tous"}, "argument inattendu"},
		{"duplicates argument", []string{"contacts", "duplicates", "x"}, "argument inattendu"},
		{"map on a vCard", []string{"contacts", "import", "testdata/contacts-import.vcf", "--map", "1=last_name"}, "--map ne s'applique"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, db, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.wantErr)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a usage error opened the database")
	}
}

func TestContactsImportCSV(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bureau.db")
	code, out, stderr := run(t, db, "contacts", "import", "--dry-run", "testdata/contacts-import.csv", "--map", "Divers=notes")
	if code != 0 {
		t.Fatalf("dry run: exit %d, stderr %q", code, stderr)
	}
	golden(t, "contacts-import-dry-run", out)
	if _, out, _ := run(t, db, "contacts", "duplicates"); !strings.Contains(out, "Aucun doublon") {
		t.Fatalf("the dry run saved contacts:\n%s", out)
	}

	code, out, stderr = run(t, db, "contacts", "import", "testdata/contacts-import.csv")
	if code != 0 {
		t.Fatalf("import: exit %d, stderr %q", code, stderr)
	}
	golden(t, "contacts-import", out)

	code, out, _ = run(t, db, "contacts", "duplicates")
	if code != 0 {
		t.Fatal(code)
	}
	golden(t, "contacts-duplicates", out)
}

func TestContactsImportRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bureau.db")
	code, out, stderr := run(t, db, "contacts", "import", "testdata/contacts-import-bad.csv")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "2 lignes invalides : le fichier n'a pas été importé") {
		t.Errorf("stderr = %q", stderr)
	}
	golden(t, "contacts-import-refused", out)

	code, out, stderr = run(t, db, "contacts", "import", "testdata/contacts-import-bad.csv", "--only-valid")
	if code != 0 {
		t.Fatalf("--only-valid: exit %d, stderr %q", code, stderr)
	}
	golden(t, "contacts-import-only-valid", out)
}

func TestContactsImportVCard(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bureau.db")
	code, out, stderr := run(t, db, "contacts", "import", "testdata/contacts-import.vcf")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	golden(t, "contacts-import-vcard", out)
}

func TestContactsImportUnknownColumns(t *testing.T) {
	file := filepath.Join(t.TempDir(), "noms.csv")
	if err := os.WriteFile(file, []byte("Nom complet;Mél\nJean Dupont;jean@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "b.db")
	code, _, stderr := run(t, db, "contacts", "import", file)
	if code != 1 || !strings.Contains(stderr, "Aucune colonne du fichier n'a été reconnue comme un nom") ||
		!strings.Contains(stderr, "--map") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	code, out, stderr := run(t, db, "contacts", "import", file, "--map", "Nom complet=last_name")
	if code != 0 || !strings.Contains(out, `colonne "Mél" → email`) || !strings.Contains(out, "1 contact importé.") {
		t.Errorf("with --map: exit %d, %q %q", code, out, stderr)
	}
}

func TestContactsImportMissingFile(t *testing.T) {
	code, _, stderr := run(t, filepath.Join(t.TempDir(), "b.db"), "contacts", "import", "absent.csv")
	if code != 1 || !strings.Contains(stderr, "Impossible de lire le fichier absent.csv") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestContactsExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bureau.db")
	if code, _, stderr := run(t, db, "contacts", "import", "testdata/contacts-import.csv"); code != 0 {
		t.Fatalf("import: %q", stderr)
	}
	code, out, stderr := run(t, db, "contacts", "export", "--format", "csv")
	if code != 0 || stderr != "7 contacts exportés.\n" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.HasPrefix(out, "\uFEFFType;") || !strings.Contains(out, "\r\n") {
		t.Errorf("not a French Excel CSV: %q", out[:20])
	}
	golden(t, "contacts-export-csv", out)

	code, out, _ = run(t, db, "contacts", "export", "--format", "vcard", "--vcard-version", "4.0")
	if code != 0 {
		t.Fatal(code)
	}
	golden(t, "contacts-export-vcard", out)

	file := filepath.Join(dir, "carnet.vcf")
	code, out, stderr = run(t, db, "contacts", "export", "--out", file)
	if code != 0 || out != "7 contacts exportés dans "+file+".\n" {
		t.Fatalf("--out: exit %d, %q %q", code, out, stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(b), "BEGIN:VCARD\r\nVERSION:3.0\r\n") {
		t.Errorf("file = %q, %v", b, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".bureau-export-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	code, _, stderr = run(t, db, "contacts", "export", "--format", "csv", "--list", "Inconnue")
	if code != 1 || !strings.Contains(stderr, "Il n'y a pas de liste de presse « Inconnue »") {
		t.Errorf("unknown list: exit %d, %q", code, stderr)
	}
}
