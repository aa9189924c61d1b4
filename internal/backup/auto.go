package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/paths"
)

// Setting keys.
const (
	keyKeep = "backup.keep" // number of automatic backups to keep
	keyDir  = "backup.dir"  // folder of automatic backups; "" is the default
)

// DefaultKeep is how many automatic backups are kept when the setting was
// never changed.
const DefaultKeep = 10

// Auto makes the daily automatic backup auto-AAAA-MM-JJ.db in the backup
// folder unless today's already exists, then deletes the oldest automatic
// backups beyond the number to keep. It reports whether it made one; when
// it did not, Result.Path is today's existing backup. Only files named
// auto-AAAA-MM-JJ.db and their .sha256 are ever deleted, and only after
// today's backup has passed an integrity check, so that a damaged
// database cannot push the good backups out.
func (s *Service) Auto(ctx context.Context) (Result, bool, error) {
	keep, dir, err := s.Settings(ctx)
	if err != nil {
		return Result{}, false, err
	}
	if dir != paths.BackupDir(s.dbPath) {
		// A chosen folder (a USB key) is never created: when the key is
		// not plugged in, its mount point must not fill the local disk.
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return Result{}, false, apperr.Unavailable("backup.dir_unavailable",
				fmt.Sprintf("Le dossier de sauvegarde %s est introuvable (clé USB débranchée ?) : la sauvegarde automatique du jour n'a pas été faite. Branchez la clé, ou choisissez un autre dossier de sauvegarde.", dir), err)
		}
	}
	name := filepath.Join(dir, autoPrefix+s.now().Format(time.DateOnly)+".db")
	if _, err := os.Stat(name); err == nil {
		return Result{Path: name}, false, nil
	}
	r, err := s.Backup(ctx, name)
	if err != nil {
		return Result{}, false, fmt.Errorf("automatic backup: %w", err)
	}
	if problems, err := inspect(ctx, name); err != nil || len(problems) > 0 {
		if err == nil {
			err = fmt.Errorf("%d problems, first: %s", len(problems), problems[0].Detail)
		}
		return r, true, apperr.Unavailable("backup.auto_damaged",
			fmt.Sprintf("La sauvegarde automatique %s a échoué à la vérification : les anciennes sauvegardes sont toutes gardées. Lancez « bureau check » pour vérifier la base.", name), err)
	}
	return r, true, prune(dir, keep)
}

// Settings returns the number of automatic backups to keep and the folder
// where they go (the chosen one, else the "sauvegardes" folder beside the
// database). A stored value that is not valid reads as the default:
// keeping more backups is the safe mistake.
func (s *Service) Settings(ctx context.Context) (keep int, dir string, err error) {
	keep, dir = DefaultKeep, paths.BackupDir(s.dbPath)
	if s.db == nil {
		return keep, dir, nil
	}
	v, err := s.db.Setting(ctx, keyKeep, "")
	if err != nil {
		return 0, "", err
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 1 {
		keep = n
	}
	d, err := s.db.Setting(ctx, keyDir, "")
	if err != nil {
		return 0, "", err
	}
	if d != "" {
		dir = d
	}
	return keep, dir, nil
}

// SetKeep sets how many automatic backups are kept; at least one.
func (s *Service) SetKeep(ctx context.Context, n int) error {
	if n < 1 {
		return apperr.InvalidField("keep", "backup.keep_invalid",
			"Le nombre de sauvegardes automatiques à garder doit être d'au moins 1. Indiquez un nombre entier, par exemple 10.")
	}
	if s.db == nil {
		return errNoDatabase()
	}
	return s.db.SetSetting(ctx, keyKeep, strconv.Itoa(n))
}

// SetDir sets the folder of automatic backups, for example a USB key; ""
// goes back to the folder beside the database. The folder must exist and
// accept a new file.
func (s *Service) SetDir(ctx context.Context, dir string) error {
	if s.db == nil {
		return errNoDatabase()
	}
	if dir == "" {
		return s.db.SetSetting(ctx, keyDir, "")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("resolve backup folder %q: %w", dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil || !st.IsDir() {
		return apperr.InvalidField("dir", "backup.dir_missing",
			fmt.Sprintf("Le dossier %s n'existe pas. Branchez la clé USB ou créez le dossier, puis recommencez.", abs))
	}
	f, err := os.CreateTemp(abs, ".bureau-essai-*")
	if err != nil {
		return apperr.InvalidField("dir", "backup.dir_read_only",
			fmt.Sprintf("Bureau ne peut pas écrire dans le dossier %s. Choisissez un dossier où vous avez le droit d'écrire.", abs))
	}
	f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return fmt.Errorf("remove test file: %w", err)
	}
	return s.db.SetSetting(ctx, keyDir, abs)
}

// autoPrefix starts the name of every automatic backup; autoName matches
// the whole name, so that no other file is ever pruned.
const autoPrefix = "auto-"

var autoName = regexp.MustCompile(`^auto-\d{4}-\d{2}-\d{2}\.db$`)

// prune deletes the oldest automatic backups in dir beyond keep, with
// their .sha256. Dates in the names sort as text.
func prune(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("list backups: %w", err)
	}
	var autos []string
	for _, e := range entries {
		if e.Type().IsRegular() && autoName.MatchString(e.Name()) {
			autos = append(autos, e.Name())
		}
	}
	if len(autos) <= keep {
		return nil
	}
	slices.Sort(autos)
	var errs []error
	for _, name := range autos[:len(autos)-keep] {
		p := filepath.Join(dir, name)
		if err := os.Remove(p); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.Remove(p + ".sha256"); err != nil && !os.IsNotExist(err) {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return apperr.Unavailable("backup.prune",
			fmt.Sprintf("Les anciennes sauvegardes automatiques de %s n'ont pas toutes pu être supprimées. Vérifiez les droits du dossier.", dir), errors.Join(errs...))
	}
	return nil
}
