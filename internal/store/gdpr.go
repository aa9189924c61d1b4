package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// EraseContact erases a contact (GDPR art. 17) in one transaction:
//
//   - its emails go on the objection list (hashes only);
//   - every row the schema declares owned by the contact (a foreign key
//     to contact with ON DELETE CASCADE: emails, phones, tags,
//     interactions, consents, memberships, press lists, journalist data,
//     and the tables later migrations add the same way) is deleted,
//     except its postal addresses, handled below;
//   - records the association must keep and that reference the contact
//     without cascade (gifts, receipts, sponsorship cases) stay linked;
//   - plan, given the date of the last gift and today, says whether the
//     name and one postal address stay until the end of the receipts'
//     retention (receipts-law.md R7.1, R10.4), or the record is
//     anonymised at once;
//   - the contact leaves every list and search (erased_at), and the audit
//     entry holds no personal data.
func (db *DB) EraseContact(ctx context.Context, id int64, plan func(lastGift, today string) contact.Erasure) (contact.Erasure, error) {
	var e contact.Erasure
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := liveContact(ctx, tx, id); err != nil {
			return err
		}
		now := db.now()
		emails, err := contactEmails(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, m := range emails {
			if err := addObjection(ctx, tx, m, "erasure", now); err != nil {
				return err
			}
		}
		var lastGift sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT max(date_received) FROM gift WHERE donor_id = ?`, id).Scan(&lastGift); err != nil {
			return err
		}
		e = plan(lastGift.String, db.Now().Format(time.DateOnly))
		if err := scrubContact(ctx, tx, id, e, now); err != nil {
			return err
		}
		return db.audit(ctx, tx, "erase", "contact", id, map[string]any{
			"retained": e.Retained, "retain_until": e.RetainUntil, "objections_added": len(emails)})
	})
	return e, err
}

// scrubContact applies an erasure plan to contact id.
func scrubContact(ctx context.Context, tx *sql.Tx, id int64, e contact.Erasure, now string) error {
	// People whose search document names this organisation.
	var members []int64
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT person_id FROM membership WHERE organisation_id = ? AND person_id <> ?`, id, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var m int64
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return err
		}
		members = append(members, m)
	}
	rows.Close()

	owned, err := contactRefs(ctx, tx, true)
	if err != nil {
		return fmt.Errorf("find rows owned by contact: %w", err)
	}
	for _, r := range owned {
		if r.table == "contact_address" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+quoteIdent(r.table)+` WHERE `+quoteIdent(r.column)+` = ?`, id); err != nil {
			return fmt.Errorf("erase %s of contact %d: %w", r.table, id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM contact_fts WHERE rowid = ?`, id); err != nil {
		return err
	}
	if e.Retained {
		// Keep the one address receipts were sent to: the preferred, or
		// the first.
		if _, err := tx.ExecContext(ctx, `DELETE FROM contact_address WHERE contact_id = ? AND id <> (
			SELECT id FROM contact_address WHERE contact_id = ? ORDER BY preferred DESC, id LIMIT 1)`, id, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contact SET notes = '', website = '', press_kind = '',
			erased_at = coalesce(erased_at, ?), retain_until = ?, updated_at = ? WHERE id = ?`,
			now, e.RetainUntil, now, id); err != nil {
			return err
		}
	} else {
		if err := anonymiseContact(ctx, tx, id, now); err != nil {
			return err
		}
	}
	for _, m := range members {
		if err := indexContact(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// anonymiseContact removes what is left of a contact's identity: only
// its gift rows remain, for the accounts, linked to a nameless record.
func anonymiseContact(ctx context.Context, tx *sql.Tx, id int64, now string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM contact_address WHERE contact_id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contact SET civility = '',
		first_name = CASE kind WHEN 'person' THEN ? ELSE '' END, last_name = '',
		org_name = CASE kind WHEN 'organisation' THEN ? ELSE '' END,
		sort_name = CASE kind WHEN 'person' THEN ? ELSE ? END,
		press_kind = '', legal_form = '', siren = '', fiscal_year_end = '', website = '', notes = '',
		erased_at = coalesce(erased_at, ?), retain_until = NULL, updated_at = ? WHERE id = ?`,
		contact.ErasedName, contact.ErasedOrgName, textfold.Fold(contact.ErasedName), textfold.Fold(contact.ErasedOrgName),
		now, now, id); err != nil {
		return err
	}
	// Free text and payment details identify the payer; amounts, dates,
	// methods and import references stay for the accounts.
	_, err := tx.ExecContext(ctx, `UPDATE gift SET note = '', cheque_number = '', bank = '' WHERE donor_id = ?`, id)
	return err
}

// PurgeRetained fully anonymises the erased contacts kept for receipts
// whose retention date has passed (receipts-law.md R10.3), and returns
// how many.
func (db *DB) PurgeRetained(ctx context.Context) (int, error) {
	var n int
	err := db.write(ctx, func(tx *sql.Tx) error {
		today := db.Now().Format(time.DateOnly)
		rows, err := tx.QueryContext(ctx, `SELECT id FROM contact WHERE erased_at IS NOT NULL AND retain_until < ?`, today)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		now := db.now()
		for _, id := range ids {
			if err := anonymiseContact(ctx, tx, id, now); err != nil {
				return err
			}
		}
		n = len(ids)
		if n == 0 {
			return nil
		}
		return db.audit(ctx, tx, "purge", "contact", 0, map[string]any{"contact_ids": ids})
	})
	return n, err
}

// PersonData gathers everything held about a contact, for the right of
// access (GDPR art. 15), and logs the export in the audit log.
func (db *DB) PersonData(ctx context.Context, id int64) (contact.PersonData, error) {
	d := contact.PersonData{ExportedAt: db.now()}
	c, err := db.GetContact(ctx, id)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return d, contact.NotFoundError(id)
		}
		return d, err
	}
	d.Contact = c
	if d.Memberships, err = listMemberships(ctx, db.r, id); err != nil {
		return d, err
	}
	if d.Consents, err = listConsents(ctx, db.r, id); err != nil {
		return d, err
	}
	if d.Interactions, err = listInteractions(ctx, db.r, id); err != nil {
		return d, err
	}
	if d.Gifts, err = listGiftLines(ctx, db.r, id); err != nil {
		return d, err
	}
	j, err := getJournalist(ctx, db.r, id)
	switch {
	case err == nil:
		d.Journalist = &j
	case !errors.Is(err, sql.ErrNoRows):
		return d, err
	}
	if d.PressLists, err = stringColumn(ctx, db.r, `SELECT l.name FROM press_list_member m JOIN press_list l ON l.id = m.list_id
		WHERE m.contact_id = ? ORDER BY l.name COLLATE NOCASE`, id); err != nil {
		return d, err
	}
	if d.Audit, err = auditAbout(ctx, db.r, id); err != nil {
		return d, err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		return db.audit(ctx, tx, "export_person", "contact", id, nil)
	})
	return d, err
}

func listMemberships(ctx context.Context, q contactReader, id int64) ([]contact.Membership, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.person_id,
		p.last_name, p.first_name, m.organisation_id, o.org_name, m.role
		FROM membership m JOIN contact p ON p.id = m.person_id JOIN contact o ON o.id = m.organisation_id
		WHERE m.person_id = ? OR m.organisation_id = ? ORDER BY o.sort_name, p.sort_name, m.role`, id, id)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.Membership
	for rows.Next() {
		var m contact.Membership
		p := contact.Contact{Kind: contact.Person}
		if err := rows.Scan(&m.PersonID, &p.LastName, &p.FirstName, &m.OrganisationID, &m.Organisation, &m.Role); err != nil {
			return nil, err
		}
		m.Person = p.DisplayName() // SQLite's upper() knows only ASCII
		out = append(out, m)
	}
	return out, rows.Err()
}

func listGiftLines(ctx context.Context, q contactReader, donorID int64) ([]contact.GiftLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, date_received, amount_cents, method, kind, campaign, note
		FROM gift WHERE donor_id = ? ORDER BY date_received, id`, donorID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.GiftLine
	for rows.Next() {
		var g contact.GiftLine
		var cents int64
		if err := rows.Scan(&g.ID, &g.DateReceived, &cents, &g.Method, &g.Kind, &g.Campaign, &g.Note); err != nil {
			return nil, err
		}
		g.Amount = money.Cents(cents)
		out = append(out, g)
	}
	return out, rows.Err()
}

// auditAbout returns the audit entries about a contact, oldest first:
// those on the contact itself and those whose details name it.
func auditAbout(ctx context.Context, q contactReader, id int64) ([]contact.AuditLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT at, action, entity, coalesce(entity_id, 0), details FROM audit_log
		WHERE (entity IN ('contact', 'journalist', 'membership') AND entity_id = ?)
		OR json_extract(details, '$.contact_id') = ? OR json_extract(details, '$.donor_id') = ?
		OR json_extract(details, '$.person_id') = ? OR json_extract(details, '$.organisation_id') = ?
		OR (json_type(details, '$.contact_ids') = 'array'
		    AND EXISTS (SELECT 1 FROM json_each(details, '$.contact_ids') WHERE value = ?))
		ORDER BY id`, id, id, id, id, id, id)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.AuditLine
	for rows.Next() {
		var a contact.AuditLine
		if err := rows.Scan(&a.At, &a.Action, &a.Entity, &a.EntityID, &a.Details); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func stringColumn(ctx context.Context, q contactReader, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
