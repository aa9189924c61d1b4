package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
)

// SetJournalist saves the topics, regions and opt-out of a journalist.
// An empty LastContacted keeps the date already recorded.
func (db *DB) SetJournalist(ctx context.Context, j contact.Journalist) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := liveContact(ctx, tx, j.PersonID); err != nil {
			return err
		}
		var kind string
		if err := tx.QueryRowContext(ctx, `SELECT kind FROM contact WHERE id = ?`, j.PersonID).Scan(&kind); err != nil {
			return err
		}
		if kind != string(contact.Person) {
			return apperr.Invalid("journalist.not_person", fmt.Sprintf(
				"La fiche %d est une organisation : seule une personne peut être journaliste. Choisissez la fiche du journaliste, ou indiquez le type de média sur la fiche de l'organisation.", j.PersonID))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO journalist (person_id, topics, regions, opt_out, last_contacted)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (person_id) DO UPDATE SET topics = excluded.topics, regions = excluded.regions,
				opt_out = excluded.opt_out, last_contacted = coalesce(excluded.last_contacted, journalist.last_contacted)`,
			j.PersonID, j.Topics, j.Regions, j.OptOut, nullString(j.LastContacted)); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "journalist", j.PersonID, map[string]any{"opt_out": j.OptOut})
	})
}

// GetJournalist returns what is known of a journalist: a zero record with
// PersonID set when the person was never recorded as one.
func (db *DB) GetJournalist(ctx context.Context, personID int64) (contact.Journalist, error) {
	if err := liveContact(ctx, db.r, personID); err != nil {
		return contact.Journalist{}, err
	}
	j, err := getJournalist(ctx, db.r, personID)
	if errors.Is(err, sql.ErrNoRows) {
		return contact.Journalist{PersonID: personID}, nil
	}
	return j, err
}

func getJournalist(ctx context.Context, q contactReader, personID int64) (contact.Journalist, error) {
	var j contact.Journalist
	var last sql.NullString
	err := q.QueryRowContext(ctx, `SELECT person_id, topics, regions, opt_out, last_contacted FROM journalist WHERE person_id = ?`,
		personID).Scan(&j.PersonID, &j.Topics, &j.Regions, &j.OptOut, &last)
	j.LastContacted = last.String
	return j, err
}

// CreatePressList saves a new, empty press list.
func (db *DB) CreatePressList(ctx context.Context, l *contact.PressList) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO press_list (name, created_at) VALUES (?, ?)`, l.Name, now)
		if err != nil {
			if errors.Is(mapError(err), apperr.ErrConflict) {
				return apperr.Conflict("press_list.exists", fmt.Sprintf(
					"Une liste de presse s'appelle déjà « %s ». Choisissez un autre nom, ou ajoutez les contacts à cette liste.", l.Name))
			}
			return err
		}
		if l.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		l.CreatedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "create", "press_list", l.ID, map[string]string{"name": l.Name})
	})
}

// ListPressLists returns every press list, by name, with its number of
// members (erased people not counted).
func (db *DB) ListPressLists(ctx context.Context) ([]contact.PressList, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT l.id, l.name, l.created_at,
		(SELECT count(*) FROM press_list_member m JOIN contact c ON c.id = m.contact_id
		 WHERE m.list_id = l.id AND c.erased_at IS NULL)
		FROM press_list l ORDER BY l.name COLLATE NOCASE`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.PressList
	for rows.Next() {
		var l contact.PressList
		var created string
		if err := rows.Scan(&l.ID, &l.Name, &created, &l.Members); err != nil {
			return nil, err
		}
		l.CreatedAt, _ = time.Parse(time.RFC3339, created)
		out = append(out, l)
	}
	return out, rows.Err()
}

// pressListID finds a press list by name, case-insensitively.
func pressListID(ctx context.Context, q contactReader, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM press_list WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFound("press_list.not_found", fmt.Sprintf(
			"Il n'y a pas de liste de presse « %s ». Vérifiez son nom avec « bureau press lists », ou créez-la avec « bureau press create ».", name))
	}
	return id, err
}

// AddToPressList adds contacts to a press list; a contact already on it
// stays there once.
func (db *DB) AddToPressList(ctx context.Context, list string, contactIDs ...int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		id, err := pressListID(ctx, tx, list)
		if err != nil {
			return err
		}
		for _, c := range contactIDs {
			if err := liveContact(ctx, tx, c); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO press_list_member (list_id, contact_id) VALUES (?, ?)`, id, c); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, "add_members", "press_list", id, map[string]any{"contact_ids": contactIDs})
	})
}

// RemoveFromPressList takes contacts off a press list.
func (db *DB) RemoveFromPressList(ctx context.Context, list string, contactIDs ...int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		id, err := pressListID(ctx, tx, list)
		if err != nil {
			return err
		}
		for _, c := range contactIDs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM press_list_member WHERE list_id = ? AND contact_id = ?`, id, c); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, "remove_members", "press_list", id, map[string]any{"contact_ids": contactIDs})
	})
}

// PressListMembers returns, in name order, the IDs of the members of the
// press list called name who may be sent something: erased contacts,
// journalists who opted out and contacts who objected to emails (by a
// consent record or because one of their addresses is on the objection
// list) are left out.
func (db *DB) PressListMembers(ctx context.Context, name string) ([]int64, error) {
	id, err := pressListID(ctx, db.r, name)
	if err != nil {
		return nil, err
	}
	return pressRecipients(ctx, db.r, id)
}

func pressRecipients(ctx context.Context, q contactReader, listID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id FROM press_list_member m JOIN contact c ON c.id = m.contact_id
		WHERE m.list_id = ? AND c.erased_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM journalist j WHERE j.person_id = c.id AND j.opt_out = 1)
		AND NOT EXISTS (SELECT 1 FROM consent s WHERE s.contact_id = c.id AND s.channel = 'email' AND s.status = 'objection')
		ORDER BY c.sort_name, c.id`, listID)
	if err != nil {
		return nil, mapError(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := ids[:0]
	for _, id := range ids {
		emails, err := contactEmails(ctx, q, id)
		if err != nil {
			return nil, err
		}
		objected, err := objectedAny(ctx, q, emails)
		if err != nil {
			return nil, err
		}
		if !objected {
			out = append(out, id)
		}
	}
	return out, nil
}

// LogPressRelease records a press release sent to a list (found by
// ListName when ListID is 0): it counts the recipients who have an email
// and sets their last-contacted date.
func (db *DB) LogPressRelease(ctx context.Context, r *contact.PressRelease) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if r.ListID == 0 {
			if r.ListID, err = pressListID(ctx, tx, r.ListName); err != nil {
				return err
			}
		} else if err := tx.QueryRowContext(ctx, `SELECT name FROM press_list WHERE id = ?`, r.ListID).Scan(&r.ListName); err != nil {
			return err
		}
		ids, err := pressRecipients(ctx, tx, r.ListID)
		if err != nil {
			return err
		}
		r.Recipients = 0
		for _, id := range ids {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contact_email WHERE contact_id = ?`, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				continue
			}
			r.Recipients++
			if _, err := tx.ExecContext(ctx, `INSERT INTO journalist (person_id, last_contacted)
				SELECT id, ? FROM contact WHERE id = ? AND kind = 'person'
				ON CONFLICT (person_id) DO UPDATE SET last_contacted = max(coalesce(journalist.last_contacted, ''), excluded.last_contacted)`,
				r.Date, id); err != nil {
				return err
			}
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO press_release (list_id, date, subject, recipients, created_at)
			VALUES (?, ?, ?, ?, ?)`, r.ListID, r.Date, r.Subject, r.Recipients, now)
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		r.CreatedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "send", "press_release", r.ID, map[string]any{
			"list_id": r.ListID, "date": r.Date, "recipients": r.Recipients})
	})
}

// ListPressReleases returns the log of press releases, newest first.
func (db *DB) ListPressReleases(ctx context.Context) ([]contact.PressRelease, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT r.id, r.list_id, l.name, r.date, r.subject, r.recipients, r.created_at
		FROM press_release r JOIN press_list l ON l.id = r.list_id ORDER BY r.date DESC, r.id DESC`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.PressRelease
	for rows.Next() {
		var r contact.PressRelease
		var created string
		if err := rows.Scan(&r.ID, &r.ListID, &r.ListName, &r.Date, &r.Subject, &r.Recipients, &created); err != nil {
			return nil, err
		}
		r.CreatedAt, _ = time.Parse(time.RFC3339, created)
		out = append(out, r)
	}
	return out, rows.Err()
}
