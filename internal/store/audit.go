package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry is one line of the append-only audit log.
type AuditEntry struct {
	ID       int64
	At       time.Time
	Action   string // create, update, delete, issue, cancel, merge, import, restore…
	Entity   string // table-level name: association, contact, gift, receipt…
	EntityID int64
	Details  string // JSON
}

// audit appends one entry inside tx. details is marshalled to JSON.
func (db *DB) audit(ctx context.Context, tx *sql.Tx, action, entity string, entityID int64, details any) error {
	b, err := json.Marshal(details)
	if err != nil {
		return fmt.Errorf("audit details: %w", err)
	}
	if details == nil {
		b = []byte("{}")
	}
	var id any
	if entityID != 0 {
		id = entityID
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO audit_log (at, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?)`,
		db.now(), action, entity, id, string(b))
	return err
}

// AuditFilter selects audit entries; zero fields match everything.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Limit    int
}

// ListAudit returns audit entries, newest first.
func (db *DB) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT id, at, action, entity, coalesce(entity_id, 0), details FROM audit_log WHERE 1=1`
	var args []any
	if f.Entity != "" {
		q += ` AND entity = ?`
		args = append(args, f.Entity)
	}
	if f.EntityID != 0 {
		q += ` AND entity_id = ?`
		args = append(args, f.EntityID)
	}
	q += ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Action, &e.Entity, &e.EntityID, &e.Details); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// LogEvent appends an audit entry about something that is not a row
// change, such as a restored database, in its own transaction.
func (db *DB) LogEvent(ctx context.Context, action, entity string, details any) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		return db.audit(ctx, tx, action, entity, 0, details)
	})
}
