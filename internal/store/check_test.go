package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// uncheckedOpen opens path with foreign keys and CHECK constraints off,
// to break a database the way a bug or a hand edit would.
func uncheckedOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(0)&_pragma=ignore_check_constraints(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// seedPeople saves n people in one transaction.
func seedPeople(t *testing.T, db *store.DB, n int) {
	t.Helper()
	cs := make([]contact.Contact, n)
	for i := range cs {
		cs[i] = contact.Contact{Kind: contact.Person, FirstName: fmt.Sprintf("Prénom%d", i), LastName: fmt.Sprintf("Nom%d", i),
			Notes:  strings.Repeat("bénévole au jardin partagé, ", 4),
			Emails: []contact.Email{{Address: fmt.Sprintf("p%d@exemple.fr", i)}}}
	}
	if err := db.InsertContacts(context.Background(), cs, "test"); err != nil {
		t.Fatal(err)
	}
}

func problemsOf(t *testing.T, db *store.DB) []store.Problem {
	t.Helper()
	ps, err := db.Check(context.Background())
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return ps
}

func TestCheckCleanDatabase(t *testing.T) {
	db := storetest.Open(t)
	p := storetest.Person(t, db, "Hélène", "Dupré", "helene@exemple.fr", "37000", "Tours")
	storetest.Gift(t, db, p.ID, 5000, "2026-03-01")
	seedPeople(t, db, 20)
	if ps := problemsOf(t, db); len(ps) != 0 {
		t.Errorf("Check on a clean database = %+v, want none", ps)
	}
}

func TestChecksAreNamedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range store.Checks() {
		if c.Name == "" || c.Label == "" || seen[c.Name] {
			t.Errorf("check %+v: empty or repeated", c)
		}
		seen[c.Name] = true
	}
}

func TestCheckFindsBrokenRules(t *testing.T) {
	tests := []struct {
		name      string
		sql       string // run with foreign keys and CHECK constraints off
		wantCheck string
		wantIn    string // in the detail
	}{
		{"gift of an unknown donor",
			`INSERT INTO gift (donor_id, amount_cents, date_received, method, created_at) VALUES (9999, 100, '2026-01-02', 'cheque', 'x')`,
			"foreign_keys", "gift"},
		{"contact missing from the search index",
			`DELETE FROM contact_fts WHERE rowid = (SELECT min(id) FROM contact)`,
			"contact_fts", "absent de l'index"},
		{"search entry without contact",
			`INSERT INTO contact_fts (rowid, doc) VALUES (424242, 'fantôme')`,
			"contact_fts", "424242"},
		{"audit log no longer protected",
			`DROP TRIGGER audit_log_no_delete`,
			"audit_triggers", "audit_log_no_delete"},
		{"migration row lost",
			`DELETE FROM schema_migrations WHERE version = 2`,
			"schema", "migration 3 enregistrée à la place de la migration 2"},
		{"user_version out of step",
			`PRAGMA user_version = 2`,
			"schema", "user_version vaut 2"},
		{"negative gift",
			`UPDATE gift SET amount_cents = -100`,
			"gift_amounts", "-100"},
		{"second association profile",
			`INSERT INTO association (id, updated_at) VALUES (2, 'x')`,
			"association_single", "id 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t)
			p := storetest.Person(t, db, "Jean", "Martin", "", "", "")
			storetest.Gift(t, db, p.ID, 2500, "2026-02-03")
			if _, err := uncheckedOpen(t, db.Path()).Exec(tt.sql); err != nil {
				t.Fatalf("break the database: %v", err)
			}
			ps := problemsOf(t, db)
			found := false
			for _, pb := range ps {
				if pb.Check == tt.wantCheck && strings.Contains(pb.Detail, tt.wantIn) {
					found = true
				}
			}
			if !found {
				t.Errorf("Check = %+v, want a %s problem mentioning %q", ps, tt.wantCheck, tt.wantIn)
			}
		})
	}
}

// A read-only connection drops CHECK constraints from its schema, so
// integrity_check does not see a negative amount there: the gift_amounts
// invariant does.
func TestCheckReadOnlyStillFindsBadAmounts(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	p := storetest.Person(t, db, "Jean", "Martin", "", "", "")
	storetest.Gift(t, db, p.ID, 2500, "2026-02-03")
	if _, err := uncheckedOpen(t, db.Path()).Exec(`UPDATE gift SET amount_cents = -1`); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(ctx, db.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var checks []string
	for _, pb := range problemsOf(t, ro) {
		checks = append(checks, pb.Check)
	}
	if got := strings.Join(checks, ","); got != "gift_amounts" {
		t.Errorf("read-only Check found problems in %q, want only gift_amounts", got)
	}
}

// An older database opened read-only is not a problem: it is migrated
// when opened for writing. Its invariants on later tables are skipped.
func TestCheckOlderSchemaReadOnly(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	raw := uncheckedOpen(t, db.Path())
	for _, q := range []string{`DROP TABLE gift`, `DELETE FROM schema_migrations WHERE version > 2`, `PRAGMA user_version = 2`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	ro, err := store.Open(ctx, db.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ps := problemsOf(t, ro); len(ps) != 0 {
		t.Errorf("Check on a schema-2 database opened read-only = %+v, want none", ps)
	}
}

func TestCheckCorruptedFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bureau.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seedPeople(t, db, 3000)
	// Scribble over the root page of the contact table: past page 1 (the
	// schema), which Open reads, and read by every check that looks at
	// contacts, whatever page numbers later migrations shift.
	var root int
	if err := rawOpen(t, path).QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = 'contact'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if root < 2 || len(b) < root*4096 {
		t.Fatalf("contact root page %d in a %d-byte file", root, len(b))
	}
	start := (root - 1) * 4096
	for i := start + 8; i < start+4096; i++ {
		b[i] = 0xA5
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	// Open reads only the schema (page 1): it accepts the file, for
	// writing as well as read-only.
	rw, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("Open = %v, want the damaged file accepted", err)
	}
	rw.Close()
	db, err = store.Open(ctx, path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open read-only = %v, want the damaged file accepted", err)
	}
	defer db.Close()
	// Check notices: integrity_check names the damaged page, and the
	// checks that must read it say they could not run rather than pass.
	checks := map[string][]string{}
	for _, pb := range problemsOf(t, db) {
		checks[pb.Check] = append(checks[pb.Check], pb.Detail)
	}
	if len(checks["integrity"]) == 0 || !strings.Contains(strings.Join(checks["integrity"], "\n"), "page") {
		t.Errorf("integrity problems = %q, want the damaged page named", checks["integrity"])
	}
	for _, d := range checks["integrity"] {
		if strings.Contains(d, "\n") || strings.HasPrefix(d, "***") {
			t.Errorf("integrity problem %q: want one finding per problem", d)
		}
	}
	for _, name := range []string{"foreign_keys", "contact_fts"} {
		if got := checks[name]; len(got) != 1 || !strings.HasPrefix(got[0], "vérification impossible : database disk image is malformed") {
			t.Errorf("%s problems = %q, want one « vérification impossible »", name, got)
		}
	}
}

func TestVacuumInto(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	seedPeople(t, db, 50)
	dir := filepath.Join(t.TempDir(), "Clé USB", "sauvegardes été")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(ctx, db.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for name, src := range map[string]*store.DB{"l'asso écrite.db": db, "l'asso lue.db": ro} {
		dest := filepath.Join(dir, name)
		if err := src.VacuumInto(ctx, dest); err != nil {
			t.Fatalf("VacuumInto(%q): %v", dest, err)
		}
		cp, err := store.Open(ctx, dest, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("open the copy %q: %v", dest, err)
		}
		people, _, err := cp.CountContacts(ctx)
		cp.Close()
		if err != nil || people != 50 {
			t.Errorf("copy %q has %d people (%v), want 50", name, people, err)
		}
		if _, err := os.Stat(dest + "-wal"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("copy %q has a -wal beside it: it should be one self-contained file", name)
		}
	}

	existing := filepath.Join(dir, "déjà là.db")
	if err := os.WriteFile(existing, []byte("garder"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.VacuumInto(ctx, existing); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("VacuumInto over an existing file = %v, want ErrConflict", err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "garder" {
		t.Errorf("VacuumInto changed an existing file: %q", b)
	}
}
