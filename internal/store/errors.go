package store

import (
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// mapError turns driver errors into apperr kinds, in one place.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", apperr.ErrNotFound, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %w", apperr.ErrConflict, err)
		case sqlite3.SQLITE_FULL:
			return apperr.Unavailable("db.full", "Le disque est plein : la modification n'a pas été enregistrée. Libérez de la place puis recommencez.", err)
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_READONLY_DBMOVED:
			return apperr.Unavailable("db.read_only_now", "La base de données est devenue inaccessible en écriture : la modification n'a pas été enregistrée. Vérifiez les droits du fichier.", err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return apperr.Unavailable("db.busy", "La base de données est occupée par un autre programme Bureau. Fermez-le puis recommencez.", err)
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return apperr.Unavailable("db.corrupt_now", "La base de données est endommagée. Lancez « bureau check », puis restaurez une sauvegarde.", err)
		}
	}
	return err
}
