package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// VacuumInto writes a consistent, compacted copy of the database to dest,
// which must not exist yet. The copy is one self-contained file in
// rollback-journal mode (no -wal beside it). SQLite does not fsync it:
// the caller syncs it before trusting it.
//
// It runs on the read-only pool: VACUUM INTO works on a mode=ro
// connection, sees one snapshot of the WAL like any reader, and so never
// holds up the writer nor needs a database opened for writing.
func (db *DB) VacuumInto(ctx context.Context, dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("resolve backup path %q: %w", dest, err)
	}
	if _, err := os.Lstat(abs); !errors.Is(err, fs.ErrNotExist) {
		return apperr.Conflict("backup.exists",
			fmt.Sprintf("Le fichier %s existe déjà : il n'a pas été remplacé. Choisissez un autre nom de fichier.", abs))
	}
	// The path is bound as a parameter, so quotes, spaces and accents need
	// no escaping. It is absolute, so SQLite never reads it as a file: URI.
	if _, err := db.r.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		_ = os.Remove(abs) // a partial copy is worthless; dest did not exist before
		return vacuumError(abs, err)
	}
	return nil
}

// vacuumError words the failures of VACUUM INTO that a user can fix.
func vacuumError(dest string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return apperr.Unavailable("backup.full",
				fmt.Sprintf("Le disque est plein : la sauvegarde %s n'a pas été écrite. Libérez de la place ou choisissez un autre dossier.", dest), err)
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return apperr.Unavailable("backup.cant_write",
				fmt.Sprintf("Impossible d'écrire la sauvegarde %s. Vérifiez que le dossier existe et que vous avez le droit d'y écrire.", dest), err)
		}
	}
	return fmt.Errorf("vacuum into %s: %w", dest, mapError(err))
}
