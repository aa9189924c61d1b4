package cli_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var backupLine = regexp.MustCompile(`^Sauvegarde écrite : (.+\.db) \(\d+,\d Mo\), SHA-256 : ([0-9a-f]{64})\n$`)

// backupPath runs `bureau backup` with args and returns the backup written.
func backupPath(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, stderr := run(t, db, append([]string{"backup"}, args...)...)
	m := backupLine.FindStringSubmatch(out)
	if code != 0 || m == nil || stderr != "" {
		t.Fatalf("backup: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	return m[1]
}

func TestBackupRestoreCheckUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bureau.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--nope"}, "option inconnue -nope"},
		{[]string{"backup", "--out"}, "attend une valeur"},
		{[]string{"backup", "en-trop"}, "argument inattendu « en-trop »"},
		{[]string{"restore"}, "indiquez la sauvegarde à restaurer"},
		{[]string{"restore", "a.db", "b.db"}, "argument inattendu « b.db »"},
		{[]string{"restore", "--nope", "a.db"}, "option inconnue -nope"},
		{[]string{"check", "--nope"}, "argument inattendu « --nope »"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, db, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("a usage error created the database")
	}
}

func TestBackupCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Asso été")
	db := filepath.Join(dir, "bureau.db")
	got := backupPath(t, db)
	if filepath.Dir(got) != filepath.Join(dir, "sauvegardes") || !strings.HasPrefix(filepath.Base(got), "bureau-") {
		t.Errorf("backup written to %q, want sauvegardes/bureau-….db beside the database", got)
	}
	if _, err := os.Stat(got + ".sha256"); err != nil {
		t.Error(err)
	}
	// Opening the database made today's automatic backup too.
	autos, _ := filepath.Glob(filepath.Join(dir, "sauvegardes", "auto-*.db"))
	if len(autos) != 1 {
		t.Errorf("automatic backups = %q, want one", autos)
	}

	out := filepath.Join(t.TempDir(), "Clé USB", "sauvegardes été", "l'asso.db")
	if got := backupPath(t, db, "--out", out); got != out {
		t.Errorf("backup --out wrote %q, want %q", got, out)
	}
	code, _, stderr := run(t, db, "backup", "--out", out)
	if code != 1 || !strings.Contains(stderr, "existe déjà") {
		t.Errorf("backup over an existing file: exit %d, stderr %q", code, stderr)
	}
}

func TestRestoreCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "Asso été", "bureau.db")
	if code, _, stderr := run(t, db, "association", "set", "name=Avant"); code != 0 {
		t.Fatal(stderr)
	}
	saved := backupPath(t, db)
	if code, _, stderr := run(t, db, "association", "set", "name=Après"); code != 0 {
		t.Fatal(stderr)
	}

	code, out, stderr := run(t, db, "restore", saved)
	if code != 0 {
		t.Fatalf("restore: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"Empreinte SHA-256 vérifiée : ", "intégrité vérifiée", "Copie de sécurité de l'ancienne base : ", "avant-restauration-", "Base restaurée : " + db} {
		if !strings.Contains(out, want) {
			t.Errorf("restore stdout %q does not mention %q", out, want)
		}
	}
	if _, out, _ := run(t, db, "association", "show"); !strings.Contains(out, "Avant") {
		t.Errorf("after restore, profile is:\n%s", out)
	}

	// A tampered backup is refused and changes nothing.
	b, _ := os.ReadFile(saved)
	b[len(b)-1] ^= 1
	os.WriteFile(saved, b, 0o600)
	code, out, stderr = run(t, db, "restore", saved)
	if code != 1 || !strings.Contains(stderr, "ne correspond pas à son empreinte SHA-256") || out != "" {
		t.Errorf("tampered restore: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if _, out, _ := run(t, db, "association", "show"); !strings.Contains(out, "Avant") {
		t.Errorf("after a refused restore, profile is:\n%s", out)
	}
}

func TestRestoreOverUnreadableDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bureau.db")
	if code, _, stderr := run(t, db, "association", "set", "name=Avant"); code != 0 {
		t.Fatal(stderr)
	}
	saved := backupPath(t, db)
	os.WriteFile(db, []byte("plus une base"), 0o600)

	code, out, stderr := run(t, db, "restore", saved)
	if code != 0 || !strings.Contains(stderr, "copiée telle quelle") || !strings.Contains(out, "Base restaurée") {
		t.Fatalf("restore: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if code, _, _ := run(t, db, "check"); code != 0 {
		t.Errorf("check after restore: exit %d", code)
	}
}

func TestCheckCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bureau.db")
	if code, _, stderr := run(t, db, "association", "set", "name=Les Jardins"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := run(t, db, "check")
	if code != 0 || stderr != "" {
		t.Fatalf("check: exit %d, stderr %q", code, stderr)
	}
	golden(t, "check-ok", out)

	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO contact_fts (rowid, doc) VALUES (77, 'fantôme')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	code, out, stderr = run(t, db, "check")
	if code != 1 {
		t.Errorf("check of a broken database: exit %d, want 1", code)
	}
	if !strings.Contains(out, "PROBLÈME  index de recherche des contacts : entrée 77 de l'index de recherche sans contact\n") ||
		!strings.Contains(out, "OK        intégrité SQLite\n") {
		t.Errorf("check stdout:\n%s", out)
	}
	if !strings.Contains(stderr, "1 problème trouvé dans la base") || !strings.Contains(stderr, "bureau restore") {
		t.Errorf("check stderr = %q", stderr)
	}
}

func TestCheckRefusesWhatItCannotOpen(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "notes.db")
	os.WriteFile(garbage, []byte("liste des courses"), 0o600)
	tests := []struct {
		db, want string
	}{
		{filepath.Join(dir, "absent.db"), "n'existe pas"},
		{garbage, "n'est pas une base de données Bureau"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, tt.db, "check")
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("check %s: exit %d, stderr %q; want 1 and %q", tt.db, code, stderr, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "absent.db")); !os.IsNotExist(err) {
		t.Error("check created the missing database")
	}
	if b, _ := os.ReadFile(garbage); string(b) != "liste des courses" {
		t.Error("check changed a file that is not a database")
	}
}
