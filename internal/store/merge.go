package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
)

// linkTables only say that two rows belong together: when the kept
// contact already has the same link, the merged one's copy is dropped.
// Every other table refuses a merge that would collide on one of its
// UNIQUE constraints, so that no data is silently lost.
var linkTables = map[string]bool{"press_list_member": true, "contact_tag": true, "membership": true}

// tableLabels name, for users, the tables a merge may collide on.
var tableLabels = map[string]string{
	"sponsorship_case": "dossiers de mécénat (un seul par organisation et par an)",
	"gift":             "dons",
	"receipt":          "reçus fiscaux",
	"interaction":      "historique des échanges",
}

// contactRef is a column that references contact (id).
type contactRef struct{ table, column string }

// contactRefs finds, from the schema itself, every column of every table
// that references contact (id), so that tables added by later migrations
// are moved by a merge without changing this code. With cascadeOnly, only
// the references declared ON DELETE CASCADE: rows the contact owns.
func contactRefs(ctx context.Context, tx *sql.Tx, cascadeOnly bool) ([]contactRef, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.name, f."from"
		FROM sqlite_schema s, pragma_foreign_key_list(s.name) f
		WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite_%' AND f."table" = 'contact'
		AND coalesce(f."to", 'id') = 'id' AND (NOT ? OR f.on_delete = 'CASCADE')
		ORDER BY s.name, f."from"`, cascadeOnly)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []contactRef
	for rows.Next() {
		var r contactRef
		if err := rows.Scan(&r.table, &r.column); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MergeContacts saves merged over the contact with its ID, moves every
// row that references otherID to it, deletes otherID, refreshes the
// search index and writes the audit log, in one transaction. Emails,
// phones, addresses and tags are replaced by merged's (the union of
// both); two journalist records are combined and, per channel, an
// objection wins over a consent.
func (db *DB) MergeContacts(ctx context.Context, merged contact.Contact, otherID int64, choices []contact.FieldChoice) error {
	keepID := merged.ID
	return db.write(ctx, func(tx *sql.Tx) error {
		for _, id := range []int64{keepID, otherID} {
			if err := liveContact(ctx, tx, id); err != nil {
				return err
			}
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE contact SET civility = ?, first_name = ?, last_name = ?, org_name = ?,
			org_kind = ?, press_kind = ?, legal_form = ?, siren = ?, fiscal_year_end = ?, website = ?, notes = ?,
			sort_name = ?, created_at = min(created_at, (SELECT created_at FROM contact WHERE id = ?)), updated_at = ?
			WHERE id = ?`,
			merged.Civility, merged.FirstName, merged.LastName, merged.OrgName, merged.OrgKind, merged.PressKind,
			merged.LegalForm, merged.SIREN, merged.FiscalYearEnd, merged.Website, merged.Notes, merged.SortName(),
			otherID, now, keepID); err != nil {
			return err
		}
		for _, table := range []string{"contact_email", "contact_phone", "contact_address", "contact_tag"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE contact_id IN (?, ?)`, keepID, otherID); err != nil {
				return err
			}
		}
		if err := insertContactDetails(ctx, tx, &merged); err != nil {
			return err
		}
		if err := mergeJournalists(ctx, tx, keepID, otherID); err != nil {
			return err
		}
		if err := mergeConsents(ctx, tx, keepID, otherID); err != nil {
			return err
		}
		moved, err := repointContact(ctx, tx, keepID, otherID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contact_fts WHERE rowid = ?`, otherID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contact WHERE id = ?`, otherID); err != nil {
			return fmt.Errorf("delete merged contact %d: %w", otherID, err)
		}
		// People's search documents name their organisations: reindex the
		// kept record and everyone who now belongs to it.
		ids := []int64{keepID}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT person_id FROM membership WHERE organisation_id = ?`, keepID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if err := indexContact(ctx, tx, id); err != nil {
				return err
			}
		}
		if choices == nil {
			choices = []contact.FieldChoice{}
		}
		return db.audit(ctx, tx, "merge", "contact", keepID, map[string]any{
			"kept_id": keepID, "merged_id": otherID, "fields": choices, "moved": moved})
	})
}

// repointContact moves every reference to otherID onto keepID, table by
// table, and returns how many rows moved per "table.column".
func repointContact(ctx context.Context, tx *sql.Tx, keepID, otherID int64) (map[string]int64, error) {
	refs, err := contactRefs(ctx, tx, false)
	if err != nil {
		return nil, fmt.Errorf("find references to contact: %w", err)
	}
	moved := map[string]int64{}
	for _, r := range refs {
		tbl, col := quoteIdent(r.table), quoteIdent(r.column)
		if linkTables[r.table] {
			res, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+tbl+` SET `+col+` = ? WHERE `+col+` = ?`, keepID, otherID)
			if err != nil {
				return nil, fmt.Errorf("move %s.%s: %w", r.table, r.column, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				moved[r.table+"."+r.column] = n
			}
			// What is left duplicates a link the kept contact already has.
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+tbl+` WHERE `+col+` = ?`, otherID); err != nil {
				return nil, fmt.Errorf("drop duplicate links in %s: %w", r.table, err)
			}
			continue
		}
		res, err := tx.ExecContext(ctx, `UPDATE `+tbl+` SET `+col+` = ? WHERE `+col+` = ?`, keepID, otherID)
		if err != nil {
			if errors.Is(mapError(err), apperr.ErrConflict) {
				return nil, mergeConflict(r.table, keepID, otherID, err)
			}
			return nil, fmt.Errorf("move %s.%s: %w", r.table, r.column, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			moved[r.table+"."+r.column] = n
		}
	}
	return moved, nil
}

func mergeConflict(table string, keepID, otherID int64, cause error) error {
	label, ok := tableLabels[table]
	if !ok {
		label = "table « " + table + " »"
	}
	e := apperr.Conflict("merge.collision", fmt.Sprintf(
		"Les fiches %d et %d ont chacune un enregistrement dans %s qui ne peut exister qu'une fois pour la fiche fusionnée. Rien n'a été fusionné. Regroupez ces enregistrements à la main (ou supprimez l'un d'eux), puis relancez la fusion.",
		keepID, otherID, label))
	e.Err = cause
	return e
}

// quoteIdent quotes an SQL identifier read from the schema.
func quoteIdent(s string) string {
	out := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, s[i])
	}
	return string(append(out, '"'))
}

// mergeJournalists combines two journalist records into the kept one:
// topics and regions joined, opt-out kept if either asked for it, the
// latest last-contacted date.
func mergeJournalists(ctx context.Context, tx *sql.Tx, keepID, otherID int64) error {
	k, errK := getJournalist(ctx, tx, keepID)
	o, errO := getJournalist(ctx, tx, otherID)
	if errors.Is(errO, sql.ErrNoRows) {
		return nil
	}
	if errO != nil {
		return errO
	}
	if errors.Is(errK, sql.ErrNoRows) {
		return nil // the generic move carries the other record over
	}
	if errK != nil {
		return errK
	}
	k.Topics = joinDistinct(k.Topics, o.Topics)
	k.Regions = joinDistinct(k.Regions, o.Regions)
	k.OptOut = k.OptOut || o.OptOut
	k.LastContacted = max(k.LastContacted, o.LastContacted)
	if _, err := tx.ExecContext(ctx, `UPDATE journalist SET topics = ?, regions = ?, opt_out = ?, last_contacted = ? WHERE person_id = ?`,
		k.Topics, k.Regions, k.OptOut, nullString(k.LastContacted), keepID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM journalist WHERE person_id = ?`, otherID)
	return err
}

func joinDistinct(a, b string) string {
	switch {
	case b == "" || a == b:
		return a
	case a == "":
		return b
	}
	return a + ", " + b
}

// mergeConsents keeps one status per channel: an objection wins over a
// consent (it must be honoured), otherwise the most recent one.
func mergeConsents(ctx context.Context, tx *sql.Tx, keepID, otherID int64) error {
	ks, err := listConsents(ctx, tx, keepID)
	if err != nil {
		return err
	}
	others, err := listConsents(ctx, tx, otherID)
	if err != nil {
		return err
	}
	byChannel := map[contact.Channel]contact.Consent{}
	for _, c := range ks {
		byChannel[c.Channel] = c
	}
	for _, o := range others {
		k, both := byChannel[o.Channel]
		if !both {
			continue // moved as it is by repointContact
		}
		win := k
		if o.Status == contact.StatusObjection && k.Status != contact.StatusObjection ||
			o.Status == k.Status && o.Date > k.Date {
			win = o
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consent SET status = ?, date = ?, source = ? WHERE contact_id = ? AND channel = ?`,
			win.Status, win.Date, win.Source, keepID, o.Channel); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM consent WHERE contact_id = ? AND channel = ?`, otherID, o.Channel); err != nil {
			return err
		}
	}
	return nil
}
