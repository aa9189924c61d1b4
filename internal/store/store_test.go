package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

var ctx = context.Background()

func TestOpenCreatesPrivateFileWithPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Clé USB", "données été", "bureau.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("database mode = %v, want 0600", st.Mode().Perm())
	}
	raw := rawOpen(t, path)
	var mode string
	raw.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var v int
	raw.QueryRow("PRAGMA user_version").Scan(&v)
	if v != store.SchemaVersion() {
		t.Errorf("user_version = %d, want %d", v, store.SchemaVersion())
	}
	var n int
	raw.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n)
	if n != store.SchemaVersion() {
		t.Errorf("schema_migrations has %d rows, want %d", n, store.SchemaVersion())
	}
}

func TestForeignKeysAreEnforced(t *testing.T) {
	db := storetest.Open(t)
	g := storetest.Gift
	_ = g
	err := db.AddMembership(ctx, 4242, 4343, "fantôme")
	if err == nil {
		t.Fatal("a membership of unknown contacts was accepted")
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bureau.db")
	for i := 0; i < 3; i++ {
		db, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if i == 0 {
			storetest.Person(t, db, "Hélène", "Dupont", "helene@example.org", "45000", "Orléans")
		}
		db.Close()
	}
	db, _ := store.Open(ctx, path, store.Options{})
	defer db.Close()
	people, _, err := db.CountContacts(ctx)
	if err != nil || people != 1 {
		t.Fatalf("after reopening: %d people, %v", people, err)
	}
}

// TestOpenRefusesWithoutTouching checks that every bad file gets a clear
// error of kind ErrUnavailable and keeps its bytes.
func TestOpenRefusesWithoutTouching(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 500), 0o600)

	foreign := filepath.Join(dir, "foreign.db")
	f := rawOpen(t, foreign)
	f.Exec("CREATE TABLE recipes (name TEXT)")
	f.Close()

	tooNew := filepath.Join(dir, "new.db")
	db, err := store.Open(ctx, tooNew, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	r := rawOpen(t, tooNew)
	r.Exec("PRAGMA user_version = 999")
	r.Close()

	truncated := filepath.Join(dir, "truncated.db")
	os.WriteFile(truncated, []byte("SQLite format"), 0o600)

	tests := []struct {
		path, want string
	}{
		{garbage, "n'est pas une base de données Bureau"},
		{foreign, "n'a pas été créée par Bureau"},
		{tooNew, "version plus récente de Bureau"},
		{truncated, "n'est pas une base de données Bureau"},
		{dir, "est un dossier"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			before := snapshot(t, tt.path)
			_, err := store.Open(ctx, tt.path, store.Options{})
			if !errors.Is(err, apperr.ErrUnavailable) {
				t.Fatalf("Open(%s) = %v, want ErrUnavailable", tt.path, err)
			}
			if msg := apperr.Message(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q, want it to contain %q", msg, tt.want)
			}
			if after := snapshot(t, tt.path); after != before {
				t.Errorf("%s was modified", tt.path)
			}
		})
	}
}

// TestOpenRefusesReadOnlyFile runs as an unprivileged user when the test
// runs as root, since root may write to any file.
func TestOpenRefusesReadOnlyFile(t *testing.T) {
	if os.Getenv("BUREAU_TEST_RO_PATH") != "" {
		_, err := store.Open(ctx, os.Getenv("BUREAU_TEST_RO_PATH"), store.Options{})
		if !errors.Is(err, apperr.ErrUnavailable) || !strings.Contains(apperr.Message(err), "lecture seule") {
			t.Fatalf("Open(read-only) = %v", err)
		}
		return
	}
	dir, err := os.MkdirTemp("", "bureau-ro-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	path := filepath.Join(dir, "ro.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Chmod(path, 0o444)
	before := snapshot(t, path)
	if os.Geteuid() != 0 {
		_, err := store.Open(ctx, path, store.Options{})
		if !errors.Is(err, apperr.ErrUnavailable) || !strings.Contains(apperr.Message(err), "lecture seule") {
			t.Fatalf("Open(read-only) = %v", err)
		}
	} else {
		cmd := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
			os.Args[0], "-test.run=^TestOpenRefusesReadOnlyFile$", "-test.count=1")
		cmd.Env = append(os.Environ(), "BUREAU_TEST_RO_PATH="+path)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("as nobody: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "PASS") {
			t.Fatalf("as nobody, the test did not pass:\n%s", out)
		}
	}
	if snapshot(t, path) != before {
		t.Error("the read-only file was modified")
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	db := storetest.Open(t)
	storetest.Person(t, db, "Jérôme", "Le Goff", "", "", "")
	entries, err := db.ListAudit(ctx, store.AuditFilter{Entity: "contact"})
	if err != nil || len(entries) != 1 || entries[0].Action != "create" {
		t.Fatalf("audit entries = %+v, %v", entries, err)
	}
	raw := rawOpen(t, db.Path())
	if _, err := raw.Exec("UPDATE audit_log SET action = 'x'"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("UPDATE audit_log: %v, want refused", err)
	}
	if _, err := raw.Exec("DELETE FROM audit_log"); err == nil {
		t.Error("DELETE FROM audit_log was accepted")
	}
}

func TestSettings(t *testing.T) {
	db := storetest.Open(t)
	v, err := db.Setting(ctx, "backup.keep", "10")
	if err != nil || v != "10" {
		t.Fatalf("default = %q, %v", v, err)
	}
	if err := db.SetSetting(ctx, "backup.keep", "5"); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Setting(ctx, "backup.keep", "10"); v != "5" {
		t.Fatalf("after set = %q", v)
	}
}

func TestContactListSearchAndPaging(t *testing.T) {
	db := storetest.Open(t)
	storetest.Person(t, db, "Hélène", "Dupont", "helene.dupont@example.org", "45000", "Orléans")
	storetest.Person(t, db, "Helena", "Martin", "", "37000", "Tours")
	storetest.Person(t, db, "Zoé", "Åberg", "", "45000", "Orléans")
	storetest.Org(t, db, "Le Courrier de Loire", contact.OrgPress)

	tests := []struct {
		query string
		want  []string
	}{
		{"helene orleans", []string{"DUPONT Hélène"}},
		{"HELENE ORL", []string{"DUPONT Hélène"}},
		{"hel", []string{"DUPONT Hélène", "MARTIN Helena"}},
		{"orléans", []string{"ÅBERG Zoé", "DUPONT Hélène"}},
		{"dupont@example", []string{"DUPONT Hélène"}},
		{"courrier", []string{"Le Courrier de Loire"}},
		{"  ", []string{"ÅBERG Zoé", "DUPONT Hélène", "Le Courrier de Loire", "MARTIN Helena"}},
		{"\"; DROP TABLE contact; --", nil},
	}
	for _, tt := range tests {
		rows, err := db.ListContacts(ctx, contact.Filter{Query: tt.query})
		if err != nil {
			t.Fatalf("ListContacts(%q): %v", tt.query, err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Name)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("ListContacts(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}

	// Keyset paging walks every row once, in order.
	var seen []string
	f := contact.Filter{Limit: 1}
	for {
		rows, err := db.ListContacts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		seen = append(seen, rows[0].Name)
		f.AfterSortName, f.AfterID = rows[0].SortName, rows[0].ID
	}
	if len(seen) != 4 || seen[0] != "ÅBERG Zoé" {
		t.Errorf("paging saw %q", seen)
	}
}

func TestGiftTotals(t *testing.T) {
	db := storetest.Open(t)
	p := storetest.Person(t, db, "Anaïs", "N'Diaye", "", "", "")
	storetest.Gift(t, db, p.ID, 5000, "2025-03-04")
	storetest.Gift(t, db, p.ID, 2550, "2025-03-20")
	storetest.Gift(t, db, p.ID, 10000, "2026-12-01")
	years, err := db.GiftTotalsByYear(ctx)
	if err != nil || len(years) != 2 {
		t.Fatalf("years = %+v, %v", years, err)
	}
	if years[0].Year != 2026 || years[1].Total != 7550 || years[1].Count != 2 {
		t.Errorf("years = %+v", years)
	}
	months, _ := db.MonthTotals(ctx, 2025)
	if months[2] != 7550 || months[11] != 0 {
		t.Errorf("months 2025 = %v", months)
	}
}

func rawOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// snapshot returns the content of path, or its listing for a folder.
func snapshot(t *testing.T, path string) string {
	t.Helper()
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		ents, _ := os.ReadDir(path)
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		return strings.Join(names, ",")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestListShowsAccentedNamesInCapitals(t *testing.T) {
	db := storetest.Open(t)
	storetest.Person(t, db, "Jérôme", "Lefèvre", "", "", "")
	rows, err := db.ListContacts(ctx, contact.Filter{})
	if err != nil || len(rows) != 1 || rows[0].Name != "LEFÈVRE Jérôme" {
		t.Fatalf("rows = %+v, %v; want LEFÈVRE Jérôme", rows, err)
	}
}

func TestCloseLeavesNoWALFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bureau.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Person(t, db, "Léa", "Roux", "", "", "")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Errorf("%s left behind after Close", path+suffix)
		}
	}
}

func TestOneLetterJumpsToNamesStartingWithIt(t *testing.T) {
	db := storetest.Open(t)
	storetest.Person(t, db, "Zoé", "Martin", "", "75011", "Paris")
	storetest.Person(t, db, "Marc", "Bernard", "", "69003", "Montluçon")
	storetest.Org(t, db, "Mairie de Tours", contact.OrgPublicFunder)
	for _, q := range []string{"m", "M", " m "} {
		rows, err := db.ListContacts(ctx, contact.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Name)
		}
		if strings.Join(got, "|") != "Mairie de Tours|MARTIN Zoé" {
			t.Errorf("ListContacts(%q) = %q, want the names starting with M", q, got)
		}
	}
}
