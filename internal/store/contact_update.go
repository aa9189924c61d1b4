package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
)

// UpdateContact saves the fields of an existing contact and replaces its
// emails, phones, addresses and tags, in one transaction. Its kind never
// changes: a person does not become an organisation.
func (db *DB) UpdateContact(ctx context.Context, c *contact.Contact) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := liveContact(ctx, tx, c.ID); err != nil {
			return err
		}
		var kind contact.Kind
		if err := tx.QueryRowContext(ctx, `SELECT kind FROM contact WHERE id = ?`, c.ID).Scan(&kind); err != nil {
			return err
		}
		if kind != c.Kind {
			return apperr.Invalid("contact.kind_change", fmt.Sprintf(
				"La fiche %d est une %s : elle ne peut pas devenir une %s. Créez plutôt une nouvelle fiche.",
				c.ID, kindName(kind), kindName(c.Kind)))
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE contact SET civility = ?, first_name = ?, last_name = ?, org_name = ?,
			org_kind = ?, press_kind = ?, legal_form = ?, siren = ?, fiscal_year_end = ?, website = ?, notes = ?,
			sort_name = ?, updated_at = ? WHERE id = ?`,
			c.Civility, c.FirstName, c.LastName, c.OrgName, c.OrgKind, c.PressKind, c.LegalForm, c.SIREN,
			c.FiscalYearEnd, c.Website, c.Notes, c.SortName(), now, c.ID); err != nil {
			return err
		}
		for _, table := range []string{"contact_email", "contact_phone", "contact_address", "contact_tag"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE contact_id = ?`, c.ID); err != nil {
				return err
			}
		}
		if err := insertContactDetails(ctx, tx, c); err != nil {
			return err
		}
		if err := indexContact(ctx, tx, c.ID); err != nil {
			return err
		}
		// The search documents of an organisation's people hold its name.
		if c.Kind == contact.Organisation {
			if err := reindexMembers(ctx, tx, c.ID); err != nil {
				return err
			}
		}
		c.UpdatedAt, _ = time.Parse(time.RFC3339, now)
		// No personal data in the audit log (see CreateContact).
		return db.audit(ctx, tx, "update", "contact", c.ID, map[string]string{"kind": string(c.Kind)})
	})
}

func kindName(k contact.Kind) string {
	if k == contact.Organisation {
		return "organisation"
	}
	return "personne"
}

// reindexMembers rebuilds the search documents of the people of
// organisation orgID.
func reindexMembers(ctx context.Context, tx *sql.Tx, orgID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT person_id FROM membership WHERE organisation_id = ?`, orgID)
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
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := indexContact(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// ListMemberships returns the memberships of contact id: the
// organisations of a person, or the people of an organisation.
func (db *DB) ListMemberships(ctx context.Context, id int64) ([]contact.Membership, error) {
	return listMemberships(ctx, db.r, id)
}

// SetMemberships replaces the organisations person personID belongs to,
// with their roles, in one transaction.
func (db *DB) SetMemberships(ctx context.Context, personID int64, ms []contact.Membership) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := liveContact(ctx, tx, personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM membership WHERE person_id = ?`, personID); err != nil {
			return err
		}
		orgs := make([]int64, 0, len(ms))
		for _, m := range ms {
			if err := liveContact(ctx, tx, m.OrganisationID); err != nil {
				return err
			}
			var kind contact.Kind
			if err := tx.QueryRowContext(ctx, `SELECT kind FROM contact WHERE id = ?`, m.OrganisationID).Scan(&kind); err != nil {
				return err
			}
			if kind != contact.Organisation {
				return apperr.InvalidField("organisations", "membership.not_organisation", fmt.Sprintf(
					"La fiche %d est une personne : on ne peut appartenir qu'à une organisation. Choisissez une organisation.", m.OrganisationID))
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO membership (person_id, organisation_id, role) VALUES (?, ?, ?)`,
				personID, m.OrganisationID, m.Role); err != nil {
				return err
			}
			orgs = append(orgs, m.OrganisationID)
		}
		if err := indexContact(ctx, tx, personID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "membership", personID, map[string]any{"organisation_ids": orgs})
	})
}
