package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order. File names are
// NNNN_what.sql; a shipped file is never edited, a new one is added.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", base)
		}
		body, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the newest schema this build knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		panic(err) // embedded files are checked by tests
	}
	return len(ms)
}

// checkVersion refuses a database written by a newer Bureau, and one that
// SQLite cannot read, before anything writes to it.
func (db *DB) checkVersion(ctx context.Context) error {
	var v int
	if err := db.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return apperr.Unavailable("db.corrupt",
			fmt.Sprintf("La base de données %s est illisible ou endommagée. Elle n'a pas été modifiée. Restaurez une sauvegarde avec « bureau restore ».", db.path), err)
	}
	// Reading the schema forces SQLite to parse every page header it needs;
	// a damaged file fails here rather than in the middle of a screen.
	var n int
	if err := db.r.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		return apperr.Unavailable("db.corrupt",
			fmt.Sprintf("La base de données %s est illisible ou endommagée. Elle n'a pas été modifiée. Restaurez une sauvegarde avec « bureau restore ».", db.path), err)
	}
	if v > SchemaVersion() {
		return apperr.Unavailable("db.too_new",
			fmt.Sprintf("La base de données %s a été créée par une version plus récente de Bureau (schéma %d, cette version connaît le schéma %d). Elle n'a pas été modifiée. Installez la dernière version de Bureau pour l'ouvrir.", db.path, v, SchemaVersion()), nil)
	}
	if n > 0 && v == 0 {
		var isOurs int
		_ = db.r.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'").Scan(&isOurs)
		if isOurs == 0 {
			return apperr.Unavailable("db.foreign",
				fmt.Sprintf("Le fichier %s est une base SQLite qui n'a pas été créée par Bureau. Il n'a pas été modifié. Choisissez une autre base.", db.path), nil)
		}
	}
	return nil
}

// migrate applies the pending migrations, each in one transaction together
// with its row in schema_migrations and the new user_version.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := db.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return err
	}
	for _, m := range ms[current:] {
		err := db.write(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, db.now()); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
	}
	return nil
}
