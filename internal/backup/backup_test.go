package backup_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/backup"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/paths"
	"github.com/bureau-asso/bureau/internal/store"
)

var ctx = context.Background()

// clock is a settable test clock, in local time like the file names.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newClock() *clock { return &clock{time.Date(2026, 3, 14, 9, 30, 0, 0, time.Local)} }

// fixture is an open database in a folder with accents and spaces, and
// its backup service.
type fixture struct {
	path  string
	db    *store.DB
	svc   *backup.Service
	clock *clock
}

func open(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{path: filepath.Join(t.TempDir(), "Données de l'asso", "bureau.db"), clock: newClock()}
	f.reopen(t)
	t.Cleanup(func() { f.db.Close() })
	return f
}

func (f *fixture) reopen(t *testing.T) {
	t.Helper()
	db, err := store.Open(ctx, f.path, store.Options{Now: f.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	f.db, f.svc = db, backup.New(db, f.path, f.clock.now)
}

func (f *fixture) addPeople(t *testing.T, names ...string) {
	t.Helper()
	cs := make([]contact.Contact, len(names))
	for i, n := range names {
		cs[i] = contact.Contact{Kind: contact.Person, FirstName: n, LastName: "Test",
			Notes: strings.Repeat("adhérente depuis longtemps, ", 3)}
	}
	if err := f.db.InsertContacts(ctx, cs, "test"); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) people(t *testing.T) []string {
	t.Helper()
	rows, err := f.db.ListContacts(ctx, contact.Filter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.TrimPrefix(r.Name, "TEST "))
	}
	slices.Sort(out)
	return out
}

// fingerprint hashes the database file and its -wal, to show they did
// not change.
func fingerprint(t *testing.T, path string) string {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rewriteSum makes file.sha256 match file again after a test changed it.
func rewriteSum(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	line := fmt.Sprintf("%x  %s\n", sum, filepath.Base(file))
	if err := os.WriteFile(file+".sha256", []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestBackupWritesFileAndHash(t *testing.T) {
	f := open(t)
	f.addPeople(t, "Hélène", "Zoé")
	r, err := f.svc.Backup(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(paths.BackupDir(f.path), "bureau-20260314-093000.db")
	if r.Path != want {
		t.Errorf("Path = %q, want %q", r.Path, want)
	}
	b, err := os.ReadFile(r.Path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(b)) != r.Size || fmt.Sprintf("%x", sha256.Sum256(b)) != r.SHA256 {
		t.Errorf("Result %+v does not describe the file (%d bytes)", r, len(b))
	}
	line, err := os.ReadFile(r.Path + ".sha256")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(line), r.SHA256+"  bureau-20260314-093000.db\n"; got != want {
		t.Errorf(".sha256 = %q, want %q (sha256sum format)", got, want)
	}
	if runtime.GOOS != "windows" {
		for p, mode := range map[string]os.FileMode{r.Path: 0o600, r.Path + ".sha256": 0o600, filepath.Dir(r.Path): 0o700 | os.ModeDir} {
			if st, err := os.Stat(p); err != nil || st.Mode() != mode {
				t.Errorf("mode of %s = %v (%v), want %v", p, st.Mode(), err, mode)
			}
		}
	}
	if sum, err := f.svc.Verify(r.Path); err != nil || sum != r.SHA256 {
		t.Errorf("Verify = %q, %v; want %q", sum, err, r.SHA256)
	}
	if got := listDir(t, filepath.Dir(r.Path)); len(got) != 2 {
		t.Errorf("backup folder holds %q, want the backup and its hash only (no temporary file)", got)
	}

	// Same second: a new name, never a replaced file.
	r2, err := f.svc.Backup(ctx, "")
	if err != nil || filepath.Base(r2.Path) != "bureau-20260314-093000-2.db" {
		t.Errorf("second backup in the same second = %q, %v", r2.Path, err)
	}
	if _, err := f.svc.Backup(ctx, r.Path); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("Backup over an existing file = %v, want ErrConflict", err)
	}
	if b2, _ := os.ReadFile(r.Path); !slices.Equal(b, b2) {
		t.Error("a refused backup changed the existing file")
	}
}

func TestBackupToFolderWithAccentsAndSpaces(t *testing.T) {
	f := open(t)
	f.addPeople(t, "Anaïs")
	out := filepath.Join(t.TempDir(), "Clé USB", "sauvegardes été", "l'asso du 14 mars.db")
	r, err := f.svc.Backup(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Verify(out); err != nil {
		t.Fatal(err)
	}
	if r.Path != out {
		t.Errorf("Path = %q, want %q", r.Path, out)
	}
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	f := open(t)
	f.addPeople(t, "Alice", "Bruno")
	r, err := f.svc.Backup(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	f.addPeople(t, "Chloé", "David")
	before := f.people(t)

	f.clock.t = f.clock.t.Add(time.Hour)
	closed := 0
	safety, err := f.svc.Restore(ctx, r.Path, func() error { closed++; return f.db.Close() })
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if closed != 1 {
		t.Errorf("closeCurrent called %d times, want 1", closed)
	}
	f.reopen(t)
	if got, want := f.people(t), []string{"Alice", "Bruno"}; !slices.Equal(got, want) {
		t.Errorf("after restore, people = %q, want %q", got, want)
	}

	// The safety copy holds the database as it was, and verifies.
	if want := filepath.Join(paths.BackupDir(f.path), "avant-restauration-20260314-103000.db"); safety != want {
		t.Errorf("safety copy = %q, want %q", safety, want)
	}
	if _, err := f.svc.Verify(safety); err != nil {
		t.Errorf("Verify(safety copy) = %v", err)
	}
	cp, err := store.Open(ctx, safety, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	n, _, _ := cp.CountContacts(ctx)
	cp.Close()
	if n != len(before) {
		t.Errorf("safety copy has %d people, want %d", n, len(before))
	}

	// The restore is in the audit log of the restored database.
	entries, err := f.db.ListAudit(ctx, store.AuditFilter{Entity: "database"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Action != "restore" ||
		!strings.Contains(entries[0].Details, r.SHA256) || !strings.Contains(entries[0].Details, "avant-restauration-") {
		t.Errorf("audit = %+v, want one restore entry with the hash and the safety copy", entries)
	}
	if _, err := os.Stat(f.path + ".restore-tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary copy left behind (%v)", err)
	}
}

func TestRestoreRefusesAndLeavesDatabaseAlone(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, f *fixture, backupFile string) string // returns the file to restore
		kind    error
		want    string
	}{
		{"hash mismatch", func(t *testing.T, f *fixture, b string) string {
			data, _ := os.ReadFile(b)
			data[len(data)-1] ^= 0xff
			os.WriteFile(b, data, 0o600)
			return b
		}, apperr.ErrInvalid, "ne correspond pas à son empreinte SHA-256 : elle a été modifiée ou abîmée. Choisissez une autre sauvegarde."},
		{"hash file missing", func(t *testing.T, f *fixture, b string) string {
			os.Remove(b + ".sha256")
			return b
		}, apperr.ErrInvalid, "est introuvable"},
		{"backup missing", func(t *testing.T, f *fixture, b string) string {
			return b + ".absent"
		}, apperr.ErrNotFound, "est introuvable"},
		{"not a database", func(t *testing.T, f *fixture, b string) string {
			p := filepath.Join(filepath.Dir(b), "notes.db")
			os.WriteFile(p, []byte("liste des courses"), 0o600)
			rewriteSum(t, p)
			return p
		}, apperr.ErrInvalid, "n'est pas une base Bureau lisible"},
		{"damaged backup", func(t *testing.T, f *fixture, b string) string {
			data, _ := os.ReadFile(b)
			mid := len(data) / 2 / 4096 * 4096
			for i := mid + 8; i < mid+4096; i++ {
				data[i] = 0xA5
			}
			os.WriteFile(b, data, 0o600)
			rewriteSum(t, b)
			return b
		}, apperr.ErrInvalid, "est endommagée"},
		{"newer schema", func(t *testing.T, f *fixture, b string) string {
			raw, err := sql.Open("sqlite", "file:"+b)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec("PRAGMA user_version = 999"); err != nil {
				t.Fatal(err)
			}
			raw.Close()
			rewriteSum(t, b)
			return b
		}, apperr.ErrInvalid, "version plus récente de Bureau"},
		{"the database itself", func(t *testing.T, f *fixture, b string) string {
			return f.path
		}, apperr.ErrInvalid, "est la base de données actuelle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t)
			f.addPeople(t, "Alice")
			if tt.name == "damaged backup" {
				var many []string
				for i := range 3000 {
					many = append(many, fmt.Sprint("Personne", i))
				}
				f.addPeople(t, many...)
			}
			r, err := f.svc.Backup(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			file := tt.prepare(t, f, r.Path)
			f.addPeople(t, "Bruno") // in the WAL: must survive a refusal
			before := fingerprint(t, f.path)
			backups := listDir(t, paths.BackupDir(f.path))

			safety, err := f.svc.Restore(ctx, file, func() error {
				t.Error("closeCurrent called for a refused restore")
				return nil
			})
			if !errors.Is(err, tt.kind) || !strings.Contains(apperr.Message(err), tt.want) {
				t.Errorf("Restore = %v, want %v mentioning %q", err, tt.kind, tt.want)
			}
			if safety != "" {
				t.Errorf("safety copy %q made for a refused restore", safety)
			}
			if after := fingerprint(t, f.path); after != before {
				t.Error("a refused restore changed the database file")
			}
			if got := listDir(t, paths.BackupDir(f.path)); !slices.Equal(got, backups) {
				t.Errorf("backup folder went from %q to %q", backups, got)
			}
			if got := f.people(t); !slices.Contains(got, "Bruno") {
				t.Errorf("people after a refused restore = %d, want Bruno still there", len(got))
			}
		})
	}
}

func TestRestoreWithoutCurrentDatabase(t *testing.T) {
	f := open(t)
	f.addPeople(t, "Alice")
	r, err := f.svc.Backup(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// A new computer: nothing at the database path yet.
	fresh := filepath.Join(t.TempDir(), "Nouveau PC", "bureau.db")
	safety, err := backup.New(nil, fresh, nil).Restore(ctx, r.Path, nil)
	if err != nil || safety != "" {
		t.Fatalf("Restore = %q, %v; want no safety copy and no error", safety, err)
	}
	db, err := store.Open(ctx, fresh, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _, _ := db.CountContacts(ctx); n != 1 {
		t.Errorf("restored database has %d people, want 1", n)
	}
}

func TestRestoreOverDamagedDatabase(t *testing.T) {
	f := open(t)
	f.addPeople(t, "Alice")
	r, err := f.svc.Backup(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	f.db.Close()
	garbage := []byte("ceci n'est plus une base de données, le disque a souffert")
	if err := os.WriteFile(f.path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	_, openErr := store.Open(ctx, f.path, store.Options{})
	if !backup.Replaceable(openErr) {
		t.Fatalf("Open = %v: want an error that Restore may replace", openErr)
	}
	f.clock.t = f.clock.t.Add(time.Minute)
	safety, err := backup.New(nil, f.path, f.clock.now).Restore(ctx, r.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The damaged file is kept byte for byte.
	if b, _ := os.ReadFile(safety); string(b) != string(garbage) {
		t.Errorf("safety copy = %q, want the damaged file as it was", b)
	}
	if _, err := backup.New(nil, f.path, nil).Verify(safety); err != nil {
		t.Errorf("Verify(safety copy) = %v", err)
	}
	f.reopen(t)
	if got := f.people(t); !slices.Equal(got, []string{"Alice"}) {
		t.Errorf("people = %q, want Alice", got)
	}
}

func TestReplaceable(t *testing.T) {
	if backup.Replaceable(errors.New("disk on fire")) {
		t.Error("Replaceable(plain error) = true")
	}
	if backup.Replaceable(apperr.Unavailable("db.read_only", "lecture seule", nil)) {
		t.Error("Replaceable(read-only) = true: a read-only database is never overwritten")
	}
}

var autoFile = regexp.MustCompile(`^auto-\d{4}-\d{2}-\d{2}\.db(\.sha256)?$`)

func TestAutoOncePerDayAndPrunes(t *testing.T) {
	f := open(t)
	f.addPeople(t, "Alice")
	dir := filepath.Join(t.TempDir(), "Clé USB", "sauvegardes été")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetDir(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetKeep(ctx, 3); err != nil {
		t.Fatal(err)
	}
	// Files that are not automatic backups are never deleted.
	others := []string{"auto-important.db", "bureau-20200101-000000.db", "auto-2020-01-01.db.txt", "notes.odt"}
	for _, o := range others {
		if err := os.WriteFile(filepath.Join(dir, o), []byte("à garder"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	r, made, err := f.svc.Auto(ctx)
	if err != nil || !made || r.Path != filepath.Join(dir, "auto-2026-03-14.db") {
		t.Fatalf("first Auto = %+v, %v, %v", r, made, err)
	}
	f.clock.t = f.clock.t.Add(8 * time.Hour) // later the same day
	if r2, made, err := f.svc.Auto(ctx); err != nil || made || r2.Path != r.Path {
		t.Fatalf("second Auto the same day = %+v, %v, %v; want today's, not a new one", r2, made, err)
	}
	for day := 1; day <= 5; day++ {
		f.clock.t = f.clock.t.Add(24 * time.Hour)
		if _, made, err := f.svc.Auto(ctx); err != nil || !made {
			t.Fatalf("Auto on day %d = %v, %v", day, made, err)
		}
	}

	var autos, rest []string
	for _, n := range listDir(t, dir) {
		if autoFile.MatchString(n) {
			autos = append(autos, n)
		} else {
			rest = append(rest, n)
		}
	}
	want := []string{"auto-2026-03-17.db", "auto-2026-03-17.db.sha256", "auto-2026-03-18.db", "auto-2026-03-18.db.sha256",
		"auto-2026-03-19.db", "auto-2026-03-19.db.sha256"}
	if !slices.Equal(autos, want) {
		t.Errorf("automatic backups = %q, want %q", autos, want)
	}
	slices.Sort(others)
	if !slices.Equal(rest, others) {
		t.Errorf("other files = %q, want %q untouched", rest, others)
	}
	if got := listDir(t, paths.BackupDir(f.path)); len(got) != 0 {
		t.Errorf("default folder holds %q, want nothing: backups go to the chosen folder", got)
	}
}

func TestAutoDefaultFolder(t *testing.T) {
	f := open(t)
	r, made, err := f.svc.Auto(ctx)
	if err != nil || !made {
		t.Fatalf("Auto = %v, %v", made, err)
	}
	if want := filepath.Join(paths.BackupDir(f.path), "auto-2026-03-14.db"); r.Path != want {
		t.Errorf("Path = %q, want %q", r.Path, want)
	}
	if _, err := f.svc.Verify(r.Path); err != nil {
		t.Error(err)
	}
}

func TestAutoWithUnpluggedKey(t *testing.T) {
	f := open(t)
	key := filepath.Join(t.TempDir(), "Clé USB")
	if err := os.Mkdir(key, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetDir(ctx, key); err != nil {
		t.Fatal(err)
	}
	os.Remove(key) // unplugged
	_, made, err := f.svc.Auto(ctx)
	if made || !errors.Is(err, apperr.ErrUnavailable) || !strings.Contains(apperr.Message(err), "clé USB débranchée") {
		t.Errorf("Auto = %v, %v; want ErrUnavailable about the key", made, err)
	}
	if _, err := os.Stat(key); !errors.Is(err, os.ErrNotExist) {
		t.Error("Auto created the missing folder: it would fill the local disk under the key's mount point")
	}
}

func TestSettings(t *testing.T) {
	f := open(t)
	keep, dir, err := f.svc.Settings(ctx)
	if err != nil || keep != backup.DefaultKeep || dir != paths.BackupDir(f.path) {
		t.Errorf("defaults = %d, %q, %v", keep, dir, err)
	}
	tests := []struct {
		name string
		set  func() error
		want string
	}{
		{"keep zero", func() error { return f.svc.SetKeep(ctx, 0) }, "au moins 1"},
		{"keep negative", func() error { return f.svc.SetKeep(ctx, -3) }, "au moins 1"},
		{"missing folder", func() error { return f.svc.SetDir(ctx, filepath.Join(t.TempDir(), "absent")) }, "n'existe pas"},
		{"a file, not a folder", func() error { return f.svc.SetDir(ctx, f.path) }, "n'existe pas"},
	}
	for _, tt := range tests {
		if err := tt.set(); !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(apperr.Message(err), tt.want) {
			t.Errorf("%s: %v, want ErrInvalid mentioning %q", tt.name, err, tt.want)
		}
	}
	key := filepath.Join(t.TempDir(), "Clé USB")
	os.Mkdir(key, 0o700)
	if err := f.svc.SetKeep(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetDir(ctx, key); err != nil {
		t.Fatal(err)
	}
	if keep, dir, _ := f.svc.Settings(ctx); keep != 4 || dir != key {
		t.Errorf("Settings = %d, %q; want 4, %q", keep, dir, key)
	}
	if got := listDir(t, key); len(got) != 0 {
		t.Errorf("SetDir left %q in the folder", got)
	}
	if err := f.svc.SetDir(ctx, ""); err != nil {
		t.Fatal(err)
	}
	if _, dir, _ := f.svc.Settings(ctx); dir != paths.BackupDir(f.path) {
		t.Errorf("after SetDir(\"\"), dir = %q, want the default", dir)
	}
}
