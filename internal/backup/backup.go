// Package backup keeps the database file safe: manual backups, the daily
// automatic backup and its rotation, checking a backup against its
// SHA-256 file, and restoring one in place of the current database.
//
// It owns the files around the database (the backup folder, the .sha256
// files, the temporary files of a restore), never the data inside: SQL
// stays in internal/store. It imports no Fyne and no domain package.
package backup

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/paths"
)

// Store is the part of the database that Service needs; *store.DB
// implements it.
type Store interface {
	VacuumInto(ctx context.Context, dest string) error
	Setting(ctx context.Context, key, def string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Service makes and restores backups of the database at one path.
type Service struct {
	db     Store
	dbPath string
	now    func() time.Time
}

// New returns a Service for the database at dbPath, open as db. db may be
// nil when the current database cannot be opened: Verify and Restore
// still work (Restore then copies the file as it is before replacing
// it). now nil means time.Now.
func New(db Store, dbPath string, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	return &Service{db: db, dbPath: dbPath, now: now}
}

// Result describes a backup written to disk.
type Result struct {
	Path   string
	SHA256 string // hex
	Size   int64  // bytes
}

// Backup writes a consistent copy of the database to out, or to
// bureau-AAAAMMJJ-HHMMSS.db in the backup folder beside the database when
// out is "", with its SHA-256 in out + ".sha256". It never replaces an
// existing file.
func (s *Service) Backup(ctx context.Context, out string) (Result, error) {
	if s.db == nil {
		return Result{}, errNoDatabase()
	}
	if out == "" {
		out = uniqueName(paths.BackupDir(s.dbPath), "bureau-"+s.now().Format("20060102-150405"))
	}
	return s.write(ctx, out)
}

// write backs up the database to out through a temporary file in the same
// folder: VACUUM INTO, fsync, SHA-256 file, then rename. A crash leaves
// either no backup or a complete one with its hash.
func (s *Service) write(ctx context.Context, out string) (Result, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return Result{}, fmt.Errorf("resolve backup path: %w", err)
	}
	if _, err := os.Lstat(out); err == nil {
		return Result{}, apperr.Conflict("backup.exists",
			fmt.Sprintf("Le fichier %s existe déjà : il n'a pas été remplacé. Choisissez un autre nom de fichier.", out))
	}
	dir := filepath.Dir(out)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Result{}, apperr.Unavailable("backup.mkdir",
			fmt.Sprintf("Impossible de créer le dossier de sauvegarde %s. Choisissez un dossier où vous avez le droit d'écrire.", dir), err)
	}
	tmp := tempName(out)
	if err := s.db.VacuumInto(ctx, tmp); err != nil {
		return Result{}, err
	}
	return commit(tmp, out)
}

// commit makes the finished temporary file tmp the backup out: mode 0600,
// synced, its .sha256 written, renamed. tmp is removed on failure.
func commit(tmp, out string) (Result, error) {
	r, err := finish(tmp, out)
	if err != nil {
		os.Remove(tmp)
		return Result{}, err
	}
	return r, nil
}

func finish(tmp, out string) (Result, error) {
	if err := os.Chmod(tmp, 0o600); err != nil {
		return Result{}, err
	}
	sum, size, err := syncAndHash(tmp)
	if err != nil {
		return Result{}, err
	}
	// The hash goes first: a crash between the two renames leaves a
	// .sha256 without its backup, which Auto and Backup overwrite, rather
	// than a backup that cannot be verified.
	line := fmt.Sprintf("%s  %s\n", sum, filepath.Base(out))
	if err := writeFileAtomic(out+".sha256", []byte(line)); err != nil {
		return Result{}, err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(out + ".sha256")
		return Result{}, fmt.Errorf("rename backup into place: %w", err)
	}
	syncDir(filepath.Dir(out))
	return Result{Path: out, SHA256: sum, Size: size}, nil
}

// syncAndHash flushes path to disk and returns its SHA-256 and size.
func syncAndHash(path string) (string, int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0) // Windows flushes only files open for writing
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	if err := f.Sync(); err != nil {
		return "", 0, fmt.Errorf("sync %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, f.Close()
}

// writeFileAtomic writes data to path (mode 0600) through a synced
// temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	tmp := tempName(path)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// syncDir makes a rename in dir durable. It is best effort: Windows
// cannot open a folder for syncing, and NTFS journals renames anyway.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// tempName returns an unused hidden name beside path.
func tempName(path string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+hex.EncodeToString(b)+".tmp")
}

// uniqueName returns dir/stem.db, or dir/stem-2.db… when it is taken (two
// backups in the same second).
func uniqueName(dir, stem string) string {
	name := filepath.Join(dir, stem+".db")
	for i := 2; fileExists(name); i++ {
		name = filepath.Join(dir, fmt.Sprintf("%s-%d.db", stem, i))
	}
	return name
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

func errNoDatabase() error {
	return apperr.Unavailable("backup.no_database",
		"La base de données n'est pas ouverte : la sauvegarde est impossible. Ouvrez la base puis recommencez.", nil)
}
