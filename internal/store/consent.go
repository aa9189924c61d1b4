package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/bureau-asso/bureau/internal/contact"
)

// SetConsent records the status of a contact for one channel, replacing
// the previous one. An objection to emails puts the contact's addresses on
// the objection list; a consent to emails takes them off it.
func (db *DB) SetConsent(ctx context.Context, c contact.Consent) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := liveContact(ctx, tx, c.ContactID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consent (contact_id, channel, status, date, source)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (contact_id, channel) DO UPDATE SET status = excluded.status, date = excluded.date, source = excluded.source`,
			c.ContactID, c.Channel, c.Status, c.Date, c.Source); err != nil {
			return err
		}
		if c.Channel == contact.ChannelEmail {
			emails, err := contactEmails(ctx, tx, c.ContactID)
			if err != nil {
				return err
			}
			for _, e := range emails {
				if c.Status == contact.StatusObjection {
					err = addObjection(ctx, tx, e, "objection", db.now())
				} else {
					_, err = tx.ExecContext(ctx, `DELETE FROM objection WHERE email_hash = ?`, contact.EmailHash(e))
				}
				if err != nil {
					return err
				}
			}
		}
		return db.audit(ctx, tx, "consent", "contact", c.ContactID, map[string]any{
			"channel": c.Channel, "status": c.Status, "date": c.Date, "source": c.Source})
	})
}

// ListConsents returns the statuses recorded for a contact, by channel.
func (db *DB) ListConsents(ctx context.Context, contactID int64) ([]contact.Consent, error) {
	return listConsents(ctx, db.r, contactID)
}

func listConsents(ctx context.Context, q contactReader, contactID int64) ([]contact.Consent, error) {
	rows, err := q.QueryContext(ctx, `SELECT contact_id, channel, status, date, source FROM consent
		WHERE contact_id = ? ORDER BY CASE channel WHEN 'email' THEN 1 WHEN 'post' THEN 2 ELSE 3 END`, contactID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.Consent
	for rows.Next() {
		var c contact.Consent
		if err := rows.Scan(&c.ContactID, &c.Channel, &c.Status, &c.Date, &c.Source); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// IsObjected reports whether email is on the objection list, which
// outlives erasure: importers and mailings skip such addresses.
func (db *DB) IsObjected(ctx context.Context, email string) (bool, error) {
	if strings.TrimSpace(email) == "" {
		return false, nil
	}
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM objection WHERE email_hash = ?`, contact.EmailHash(email)).Scan(&n)
	return n > 0, mapError(err)
}

// addObjection puts the hash of email on the objection list.
func addObjection(ctx context.Context, tx *sql.Tx, email, source, now string) error {
	if strings.TrimSpace(email) == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO objection (email_hash, created_at, source) VALUES (?, ?, ?)
		ON CONFLICT (email_hash) DO NOTHING`, contact.EmailHash(email), now, source)
	return err
}

// objectedAny reports whether one of emails is on the objection list.
func objectedAny(ctx context.Context, q contactReader, emails []string) (bool, error) {
	for _, e := range emails {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM objection WHERE email_hash = ?`, contact.EmailHash(e)).Scan(&n); err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// contactEmails returns the addresses of a contact.
func contactEmails(ctx context.Context, q contactReader, id int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT email FROM contact_email WHERE contact_id = ? ORDER BY preferred DESC, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// liveContact returns contact.NotFoundError unless contact id exists and is not
// erased.
func liveContact(ctx context.Context, q contactReader, id int64) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM contact WHERE id = ? AND erased_at IS NULL`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return contact.NotFoundError(id)
	}
	return nil
}
