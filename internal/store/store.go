// Package store keeps Bureau's data in a SQLite file through
// modernc.org/sqlite. It is the only package that contains SQL.
//
// A DB holds one writer connection (write transactions are BEGIN
// IMMEDIATE, so a transaction that reads then writes never fails with
// SQLITE_BUSY_SNAPSHOT) and a small read-only pool. Every exported method
// that changes data runs in one transaction and writes the audit log in
// that same transaction.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/bureau-asso/bureau/internal/apperr"
)

// DB is an open Bureau database.
type DB struct {
	w    *sql.DB // the single writer
	r    *sql.DB // read-only pool
	path string
	// Now is the clock used for timestamps; tests replace it.
	Now func() time.Time
}

// Options tune Open.
type Options struct {
	// Now replaces the clock (tests); nil means time.Now.
	Now func() time.Time
	// ReadOnly opens the file without migrating or writing to it.
	ReadOnly bool
}

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Open opens or creates the database at path and applies pending
// migrations. It refuses, without writing anything, a file that is not a
// SQLite database, is read-only, or was written by a newer Bureau.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolve database path %q: %w", path, err)
	}
	if err := prepareFile(abs, opts.ReadOnly); err != nil {
		return nil, err
	}
	db := &DB{path: abs, Now: opts.Now}
	if db.Now == nil {
		db.Now = time.Now
	}

	db.r, err = sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		return nil, fmt.Errorf("open %s for reading: %w", abs, err)
	}
	db.r.SetMaxOpenConns(4)
	if err := db.checkVersion(ctx); err != nil {
		db.r.Close()
		return nil, err
	}
	if opts.ReadOnly {
		return db, nil
	}

	db.w, err = sql.Open("sqlite", dsn(abs, false))
	if err != nil {
		db.r.Close()
		return nil, fmt.Errorf("open %s for writing: %w", abs, err)
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetConnMaxIdleTime(0)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// prepareFile checks that path can hold a Bureau database. A missing file
// is created empty with mode 0600 (in a 0700 folder); an existing file
// must be readable, writable and start with the SQLite header.
func prepareFile(path string, readOnly bool) error {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if readOnly {
			return apperr.Unavailable("db.missing",
				fmt.Sprintf("La base de données %s n'existe pas. Vérifiez le chemin indiqué.", path), err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return apperr.Unavailable("db.mkdir",
				fmt.Sprintf("Impossible de créer le dossier %s. Choisissez un dossier où vous avez le droit d'écrire.", filepath.Dir(path)), err)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return apperr.Unavailable("db.create",
				fmt.Sprintf("Impossible de créer la base de données %s. Vérifiez les droits du dossier.", path), err)
		}
		return f.Close()
	}
	if err != nil {
		return apperr.Unavailable("db.stat",
			fmt.Sprintf("Impossible de lire la base de données %s. Vérifiez le chemin et les droits du fichier.", path), err)
	}
	if st.IsDir() {
		return apperr.Unavailable("db.is_dir",
			fmt.Sprintf("%s est un dossier, pas une base de données. Indiquez le chemin d'un fichier.", path), nil)
	}
	f, err := os.Open(path)
	if err != nil {
		return apperr.Unavailable("db.unreadable",
			fmt.Sprintf("La base de données %s ne peut pas être lue (droits insuffisants). Vérifiez les droits du fichier ou ouvrez une sauvegarde.", path), err)
	}
	head := make([]byte, len(sqliteHeader))
	n, _ := io.ReadFull(f, head)
	f.Close()
	if n > 0 && !bytes.Equal(head[:n], sqliteHeader) || (n > 0 && n < len(sqliteHeader)) {
		return apperr.Unavailable("db.not_sqlite",
			fmt.Sprintf("Le fichier %s n'est pas une base de données Bureau, ou il est endommagé. Il n'a pas été modifié. Restaurez une sauvegarde avec « bureau restore ».", path), nil)
	}
	if !readOnly {
		if err := checkWritable(path); err != nil {
			return err
		}
	}
	return nil
}

// checkWritable refuses a read-only file up front: SQLite would otherwise
// open it and fail later, in the middle of the user's work.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return apperr.Unavailable("db.read_only",
			fmt.Sprintf("La base de données %s est en lecture seule. Rendez le fichier modifiable, ou copiez-le dans un dossier où vous avez le droit d'écrire.", path), err)
	}
	return f.Close()
}

// dsn builds the driver's file: URI. Pragmas sit in the DSN because every
// pooled connection needs them.
func dsn(path string, readOnly bool) string {
	u := url.URL{Scheme: "file", OmitHost: true, Path: filepath.ToSlash(path)}
	if !strings.HasPrefix(u.Path, "/") { // Windows: C:/... → /C:/...
		u.Path = "/" + u.Path
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		// Sorting and temporary indexes of big imports stay in memory.
		q.Add("_pragma", "temp_store(2)")
		q.Set("_txlock", "immediate")
	}
	return u.String() + "?" + q.Encode()
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close closes both pools. Readers go first: the last connection to close
// removes the -wal and -shm files, and only the writer may do that.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		// Fold the WAL back into the main file so that a copied file is
		// complete on its own.
		_, _ = db.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		errs = append(errs, db.w.Close())
	}
	return errors.Join(errs...)
}

// now returns the current instant as stored: UTC RFC 3339.
func (db *DB) now() string { return db.Now().UTC().Format(time.RFC3339) }

// write runs fn in one immediate write transaction.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.w == nil {
		return apperr.Unavailable("db.opened_read_only",
			"La base est ouverte en lecture seule : aucune modification n'est possible.", nil)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return mapError(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return mapError(err)
	}
	return mapError(tx.Commit())
}
