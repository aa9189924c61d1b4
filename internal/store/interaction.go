package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
)

// CreateInteraction saves a timeline entry and returns its ID.
func (db *DB) CreateInteraction(ctx context.Context, i *contact.Interaction) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO interaction (contact_id, kind, date, subject, body, created_at)
			SELECT id, ?, ?, ?, ?, ? FROM contact WHERE id = ? AND erased_at IS NULL`,
			i.Kind, i.Date, i.Subject, i.Body, now, i.ContactID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return contact.NotFoundError(i.ContactID)
		}
		if i.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		i.CreatedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "create", "interaction", i.ID, map[string]any{"contact_id": i.ContactID, "kind": i.Kind})
	})
}

// ListInteractions returns the timeline of a contact, newest first.
func (db *DB) ListInteractions(ctx context.Context, contactID int64) ([]contact.Interaction, error) {
	return listInteractions(ctx, db.r, contactID)
}

// contactReader is what read helpers need: the read pool or a transaction.
type contactReader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func listInteractions(ctx context.Context, q contactReader, contactID int64) ([]contact.Interaction, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, contact_id, kind, date, subject, body, created_at
		FROM interaction WHERE contact_id = ? ORDER BY date DESC, id DESC`, contactID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.Interaction
	for rows.Next() {
		var i contact.Interaction
		var created string
		if err := rows.Scan(&i.ID, &i.ContactID, &i.Kind, &i.Date, &i.Subject, &i.Body, &created); err != nil {
			return nil, err
		}
		i.CreatedAt, _ = time.Parse(time.RFC3339, created)
		out = append(out, i)
	}
	return out, rows.Err()
}
