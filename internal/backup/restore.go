package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/paths"
	"github.com/bureau-asso/bureau/internal/store"
)

// Verify checks file against the SHA-256 in file + ".sha256" (the format
// of sha256sum) and returns the hash.
func (s *Service) Verify(file string) (string, error) {
	file, err := filepath.Abs(file)
	if err != nil {
		return "", fmt.Errorf("resolve backup path: %w", err)
	}
	if st, err := os.Stat(file); err != nil || st.IsDir() {
		return "", &apperr.Error{Kind: apperr.ErrNotFound, Key: "backup.missing",
			Message: fmt.Sprintf("La sauvegarde %s est introuvable. Vérifiez le chemin du fichier.", file), Err: err}
	}
	want, err := readSum(file + ".sha256")
	if err != nil {
		return "", err
	}
	got, err := hashFile(file)
	if err != nil {
		return "", apperr.Unavailable("backup.unreadable",
			fmt.Sprintf("La sauvegarde %s ne peut pas être lue. Vérifiez les droits du fichier, ou choisissez une autre sauvegarde.", file), err)
	}
	if got != want {
		return "", apperr.Invalid("backup.sha_mismatch",
			fmt.Sprintf("La sauvegarde %s ne correspond pas à son empreinte SHA-256 : elle a été modifiée ou abîmée. Choisissez une autre sauvegarde.", file))
	}
	return got, nil
}

// readSum reads the hash of a .sha256 file: "<hex>  <name>".
func readSum(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", apperr.Invalid("backup.sha_missing",
			fmt.Sprintf("L'empreinte %s est introuvable : sans elle, Bureau ne peut pas vérifier que la sauvegarde est intacte. Copiez ce fichier à côté de la sauvegarde, ou choisissez une autre sauvegarde.", path))
	}
	if err != nil {
		return "", apperr.Unavailable("backup.sha_unreadable",
			fmt.Sprintf("L'empreinte %s ne peut pas être lue. Vérifiez les droits du fichier.", path), err)
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 || len(fields[0]) != 2*sha256.Size {
		return "", apperr.Invalid("backup.sha_malformed",
			fmt.Sprintf("Le fichier %s ne contient pas une empreinte SHA-256. Choisissez une autre sauvegarde.", path))
	}
	sum := strings.ToLower(fields[0])
	if _, err := hex.DecodeString(sum); err != nil {
		return "", apperr.Invalid("backup.sha_malformed",
			fmt.Sprintf("Le fichier %s ne contient pas une empreinte SHA-256. Choisissez une autre sauvegarde.", path))
	}
	return sum, nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Restore replaces the current database with the backup file and returns
// the path of the safety copy it made of the current one ("" when there
// was no current database).
//
// In order, it: verifies the SHA-256; opens the backup read-only, which
// must be a Bureau database not newer than this build and pass Check;
// writes the safety copy (avant-restauration-AAAAMMJJ-HHMMSS.db) in the
// backup folder beside the database; calls closeCurrent; copies the
// backup beside the database, checks the copy's hash and syncs it;
// removes the -wal and -shm files; renames the copy over the database;
// reopens it (migrating an older backup) to log the restore. Until that
// rename, the current database is untouched, even after a crash; if
// Restore fails after closeCurrent, the caller must reopen it.
func (s *Service) Restore(ctx context.Context, file string, closeCurrent func() error) (string, error) {
	file, err := filepath.Abs(file)
	if err != nil {
		return "", fmt.Errorf("resolve backup path: %w", err)
	}
	if a, b := statOrNil(file), statOrNil(s.dbPath); a != nil && b != nil && os.SameFile(a, b) {
		return "", apperr.Invalid("restore.same_file",
			fmt.Sprintf("Le fichier %s est la base de données actuelle, pas une sauvegarde. Choisissez un fichier du dossier %s.", file, paths.BackupDir(s.dbPath)))
	}
	sum, err := s.Verify(file)
	if err != nil {
		return "", err
	}
	if err := checkCandidate(ctx, file); err != nil {
		return "", err
	}
	if err := s.checkWritable(); err != nil {
		return "", err
	}
	safety, err := s.safetyCopy(ctx)
	if err != nil {
		return "", err
	}
	if closeCurrent != nil {
		if err := closeCurrent(); err != nil {
			return safety, fmt.Errorf("close current database: %w", err)
		}
	}
	if err := s.replace(file, sum); err != nil {
		return safety, err
	}
	db, err := store.Open(ctx, s.dbPath, store.Options{Now: s.now})
	if err != nil {
		return safety, fmt.Errorf("reopen restored database: %w", err)
	}
	err = db.LogEvent(ctx, "restore", "database", map[string]string{"from": file, "sha256": sum, "safety_copy": safety})
	return safety, errors.Join(err, db.Close())
}

// Replaceable reports whether a database that store.Open refused with err
// may still be replaced by Restore: its content is unusable (damaged, not
// a Bureau database, written by a newer Bureau) but the file can be
// copied aside. An unreadable or read-only file cannot.
func Replaceable(err error) bool {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Key {
	case "db.not_sqlite", "db.corrupt", "db.too_new", "db.foreign":
		return true
	}
	return false
}

// inspect opens the database file at path read-only and checks it.
func inspect(ctx context.Context, path string) ([]store.Problem, error) {
	db, err := store.Open(ctx, path, store.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Check(ctx)
}

// checkCandidate refuses a backup that this build cannot use.
func checkCandidate(ctx context.Context, file string) error {
	problems, err := inspect(ctx, file)
	var ae *apperr.Error
	switch {
	case errors.As(err, &ae) && ae.Key == "db.too_new":
		return &apperr.Error{Kind: apperr.ErrInvalid, Key: "restore.too_new", Err: err,
			Message: fmt.Sprintf("La sauvegarde %s a été faite par une version plus récente de Bureau : elle n'a pas été restaurée. Installez la dernière version de Bureau, ou choisissez une autre sauvegarde.", file)}
	case err != nil:
		return &apperr.Error{Kind: apperr.ErrInvalid, Key: "restore.unreadable", Err: err,
			Message: fmt.Sprintf("La sauvegarde %s n'est pas une base Bureau lisible : elle n'a pas été restaurée. Choisissez une autre sauvegarde.", file)}
	case len(problems) > 0:
		return apperr.Invalid("restore.damaged",
			fmt.Sprintf("La sauvegarde %s est endommagée (%d problème(s), dont : %s) : elle n'a pas été restaurée. Choisissez une autre sauvegarde.", file, len(problems), problems[0].Detail))
	}
	return nil
}

// checkWritable refuses to replace a read-only database: someone made it
// so on purpose, or it sits on a medium Bureau must not write to.
func (s *Service) checkWritable() error {
	f, err := os.OpenFile(s.dbPath, os.O_WRONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return apperr.Unavailable("restore.read_only",
			fmt.Sprintf("La base de données %s est en lecture seule ou illisible : elle n'a pas été remplacée. Rendez le fichier modifiable, puis recommencez.", s.dbPath), err)
	}
	return f.Close()
}

// safetyCopy backs up the current database before it is replaced. When
// the database is not open, or VACUUM INTO fails on a damaged page, the
// file is copied as it is, with its -wal.
func (s *Service) safetyCopy(ctx context.Context) (string, error) {
	if !fileExists(s.dbPath) {
		return "", nil
	}
	name := uniqueName(paths.BackupDir(s.dbPath), "avant-restauration-"+s.now().Format("20060102-150405"))
	var err error
	if s.db != nil {
		var r Result
		if r, err = s.write(ctx, name); err == nil {
			return r.Path, nil
		}
	}
	r, rawErr := s.rawCopy(name)
	if rawErr != nil {
		return "", apperr.Unavailable("restore.safety_copy",
			fmt.Sprintf("La copie de sécurité de la base actuelle n'a pas pu être écrite dans %s : rien n'a été restauré. Libérez de la place ou vérifiez les droits du dossier, puis recommencez.", filepath.Dir(name)),
			errors.Join(err, rawErr))
	}
	return r.Path, nil
}

// rawCopy copies the database file (and a non-empty -wal, which holds
// committed changes) to name, byte for byte.
func (s *Service) rawCopy(name string) (Result, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return Result{}, err
	}
	if st, err := os.Stat(s.dbPath + "-wal"); err == nil && st.Size() > 0 {
		if _, err := copyFile(s.dbPath+"-wal", name+"-wal"); err != nil {
			return Result{}, err
		}
	}
	tmp := tempName(name)
	if _, err := copyFile(s.dbPath, tmp); err != nil {
		os.Remove(tmp)
		return Result{}, err
	}
	return commit(tmp, name)
}

// replace puts a verified backup in place of the database file.
func (s *Service) replace(file, sum string) error {
	wal, shm := s.dbPath+"-wal", s.dbPath+"-shm"
	if s.db != nil {
		// Closing the last connection folds the WAL into the file and
		// deletes it. A WAL still holding data means another program has
		// the database open: removing it would lose that program's work.
		if st, err := os.Stat(wal); err == nil && st.Size() > 0 {
			return apperr.Unavailable("restore.in_use",
				fmt.Sprintf("La base de données %s est encore ouverte par un autre programme (une autre fenêtre de Bureau ?) : rien n'a été restauré. Fermez-le, puis recommencez.", s.dbPath), nil)
		}
	}
	if err := os.MkdirAll(filepath.Dir(s.dbPath), 0o700); err != nil {
		return apperr.Unavailable("restore.mkdir",
			fmt.Sprintf("Impossible de créer le dossier %s. Choisissez un dossier où vous avez le droit d'écrire.", filepath.Dir(s.dbPath)), err)
	}
	tmp := s.dbPath + ".restore-tmp"
	os.Remove(tmp) // left by an interrupted restore
	got, err := copyFile(file, tmp)
	if err != nil {
		os.Remove(tmp)
		return apperr.Unavailable("restore.copy",
			fmt.Sprintf("La sauvegarde n'a pas pu être copiée dans %s (disque plein ?) : rien n'a été restauré. Libérez de la place, puis recommencez.", filepath.Dir(s.dbPath)), err)
	}
	if got != sum {
		os.Remove(tmp)
		return apperr.Invalid("restore.changed",
			fmt.Sprintf("La sauvegarde %s a changé pendant la restauration : rien n'a été restauré. Recommencez, ou choisissez une autre sauvegarde.", file))
	}
	// The old -wal must go before the rename: SQLite would otherwise
	// replay its frames onto the restored file.
	for _, p := range []string{wal, shm} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return apperr.Unavailable("restore.wal",
				fmt.Sprintf("Le fichier %s n'a pas pu être supprimé : rien n'a été restauré. Fermez les autres programmes qui utilisent la base, puis recommencez.", p), err)
		}
	}
	if err := os.Rename(tmp, s.dbPath); err != nil {
		os.Remove(tmp)
		return apperr.Unavailable("restore.rename",
			fmt.Sprintf("La base de données %s n'a pas pu être remplacée : elle n'a pas été modifiée. Fermez les autres programmes qui l'utilisent, puis recommencez.", s.dbPath), err)
	}
	syncDir(filepath.Dir(s.dbPath))
	return nil
}

// copyFile copies src to dst, a new file of mode 0600, syncs it and
// returns the SHA-256 of what it wrote.
func copyFile(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("copy %s: %w", src, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func statOrNil(path string) os.FileInfo {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	return st
}
