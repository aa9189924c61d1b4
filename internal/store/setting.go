package store

import (
	"context"
	"database/sql"
	"errors"
)

// Setting returns the stored value of key, or def when it was never set.
func (db *DB) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM setting WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return "", mapError(err)
	}
	return v, nil
}

// SetSetting stores key=value and records the change in the audit log.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			key, value); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "setting", 0, map[string]string{"key": key, "value": value})
	})
}
