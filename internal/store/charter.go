package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// Charters (0010_charters.sql): versions are numbered and immutable (the
// schema's triggers enforce it), documents issued and signatures name a
// version.

// CountCharters returns the number of charters.
func (db *DB) CountCharters(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM charter`).Scan(&n)
	return n, mapError(err)
}

// InstallCharters saves each template as version 1 of a new charter, with
// note, in one transaction, unless a charter already exists; it returns
// how many it installed. Two programs starting at once install them once.
func (db *DB) InstallCharters(ctx context.Context, ts []charter.Template, note string) (int, error) {
	var n int
	err := db.write(ctx, func(tx *sql.Tx) error {
		var existing int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM charter`).Scan(&existing); err != nil {
			return err
		}
		if existing > 0 {
			return nil
		}
		now := db.now()
		var names []string
		for _, t := range ts {
			id, err := insertCharter(ctx, tx, t.Name, t.Title, t.AudienceTag, now)
			if err != nil {
				return fmt.Errorf("install charter %s: %w", t.Name, err)
			}
			if err := insertCharterVersion(ctx, tx, id, 1, t.Body, note, now); err != nil {
				return fmt.Errorf("install charter %s: %w", t.Name, err)
			}
			names = append(names, t.Name)
		}
		n = len(names)
		return db.audit(ctx, tx, "install", "charter", 0, map[string]any{"names": names})
	})
	return n, err
}

func insertCharter(ctx context.Context, tx *sql.Tx, name, title, tag, now string) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO charter (name, title, audience_tag, created_at) VALUES (?, ?, ?, ?)`,
		name, title, tag, now)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func insertCharterVersion(ctx context.Context, tx *sql.Tx, charterID int64, version int, body, note, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO charter_version (charter_id, version, body, note, created_at)
		VALUES (?, ?, ?, ?, ?)`, charterID, version, body, note, now)
	return err
}

// charterColumns read a charter c with its latest version v and the
// number of live contacts who signed it.
const charterColumns = `c.id, c.name, c.title, c.audience_tag, v.version, v.created_at,
	(SELECT count(*) FROM charter_signature s JOIN contact k ON k.id = s.contact_id
	 WHERE s.charter_id = c.id AND s.version = v.version AND k.erased_at IS NULL)
	FROM charter c JOIN charter_version v ON v.charter_id = c.id
	AND v.version = (SELECT max(version) FROM charter_version WHERE charter_id = c.id)`

func scanCharter(s rowScanner) (charter.Charter, error) {
	var c charter.Charter
	var updated string
	err := s.Scan(&c.ID, &c.Name, &c.Title, &c.AudienceTag, &c.Latest, &updated, &c.Signed)
	c.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
	return c, err
}

// ListCharters returns every charter with its latest version, by name.
func (db *DB) ListCharters(ctx context.Context) ([]charter.Charter, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+charterColumns+` ORDER BY c.name`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []charter.Charter
	for rows.Next() {
		c, err := scanCharter(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

// GetCharter returns one charter with its latest version, or
// apperr.ErrNotFound.
func (db *DB) GetCharter(ctx context.Context, name string) (charter.Charter, error) {
	c, err := scanCharter(db.r.QueryRowContext(ctx, `SELECT `+charterColumns+` WHERE c.name = ?`, name))
	return c, mapError(err)
}

// CharterVersion returns version of charter name, the latest for 0, or
// apperr.ErrNotFound.
func (db *DB) CharterVersion(ctx context.Context, name string, version int) (charter.Version, error) {
	q := `SELECT c.id, c.name, v.version, v.body, v.note, v.created_at FROM charter c
		JOIN charter_version v ON v.charter_id = c.id WHERE c.name = ? AND v.version = `
	args := []any{name}
	if version == 0 {
		q += `(SELECT max(version) FROM charter_version WHERE charter_id = c.id)`
	} else {
		q += `?`
		args = append(args, version)
	}
	v, err := scanCharterVersion(db.r.QueryRowContext(ctx, q, args...))
	return v, mapError(err)
}

func scanCharterVersion(s rowScanner) (charter.Version, error) {
	var v charter.Version
	var created string
	if err := s.Scan(&v.CharterID, &v.Name, &v.Version, &v.Body, &v.Note, &created); err != nil {
		return v, err
	}
	v.Title = charter.TitleOf(v.Body)
	v.CreatedAt, _ = time.Parse(time.RFC3339, created)
	return v, nil
}

// ListCharterVersions returns every version of charter name, newest
// first; none when the charter does not exist.
func (db *DB) ListCharterVersions(ctx context.Context, name string) ([]charter.Version, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT c.id, c.name, v.version, v.body, v.note, v.created_at
		FROM charter c JOIN charter_version v ON v.charter_id = c.id WHERE c.name = ? ORDER BY v.version DESC`, name)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []charter.Version
	for rows.Next() {
		v, err := scanCharterVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, mapError(rows.Err())
}

// SaveCharterVersion saves v.Body as the next version of charter v.Name,
// creating the charter when it does not exist, and updates its title. A
// body equal to the latest version's is refused with
// charter.UnchangedError, in the same transaction.
func (db *DB) SaveCharterVersion(ctx context.Context, v *charter.Version) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		var latest int
		var body string
		err := tx.QueryRowContext(ctx, `SELECT c.id, v.version, v.body FROM charter c JOIN charter_version v
			ON v.charter_id = c.id WHERE c.name = ? ORDER BY v.version DESC LIMIT 1`, v.Name).Scan(&v.CharterID, &latest, &body)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if v.CharterID, err = insertCharter(ctx, tx, v.Name, v.Title, "", now); err != nil {
				return err
			}
		case err != nil:
			return err
		case body == v.Body:
			return charter.UnchangedError(v.Name, latest)
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE charter SET title = ? WHERE id = ?`, v.Title, v.CharterID); err != nil {
				return err
			}
		}
		v.Version = latest + 1
		if err := insertCharterVersion(ctx, tx, v.CharterID, v.Version, v.Body, v.Note, now); err != nil {
			return err
		}
		v.CreatedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "create", "charter_version", v.CharterID, map[string]any{
			"name": v.Name, "version": v.Version, "note": v.Note, "body_sha256": hashHex([]byte(v.Body))})
	})
}

// SetCharterAudience sets the tag of the contacts who must sign charter
// name.
func (db *DB) SetCharterAudience(ctx context.Context, name, tag string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE charter SET audience_tag = ? WHERE name = ? RETURNING id`, tag, name).Scan(&id)
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "charter", id, map[string]any{"audience_tag": tag})
	})
}

// RecordCharterIssues saves the documents issued, in one transaction,
// with one audit entry.
func (db *DB) RecordCharterIssues(ctx context.Context, is []charter.Issue) error {
	if len(is) == 0 {
		return nil
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		for i := range is {
			res, err := tx.ExecContext(ctx, `INSERT INTO charter_issue (charter_id, version, contact_id, issued_on, sha256, created_at)
				SELECT ?, ?, id, ?, ?, ? FROM contact WHERE id = ? AND erased_at IS NULL`,
				is[i].CharterID, is[i].Version, is[i].IssuedOn, is[i].SHA256, now, is[i].ContactID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return contact.NotFoundError(is[i].ContactID)
			}
			if is[i].ID, err = res.LastInsertId(); err != nil {
				return err
			}
		}
		ids := make([]int64, len(is))
		for i, x := range is {
			ids[i] = x.ContactID
		}
		return db.audit(ctx, tx, "issue", "charter", is[0].CharterID, map[string]any{
			"version": is[0].Version, "contact_ids": ids, "sha256": is[0].SHA256})
	})
}

// LastCharterIssue returns the latest document issued to contactID from
// version of charter charterID, or apperr.ErrNotFound.
func (db *DB) LastCharterIssue(ctx context.Context, charterID int64, version int, contactID int64) (charter.Issue, error) {
	i := charter.Issue{CharterID: charterID, Version: version, ContactID: contactID}
	err := db.r.QueryRowContext(ctx, `SELECT id, issued_on, sha256 FROM charter_issue
		WHERE contact_id = ? AND charter_id = ? AND version = ? ORDER BY id DESC LIMIT 1`,
		contactID, charterID, version).Scan(&i.ID, &i.IssuedOn, &i.SHA256)
	return i, mapError(err)
}

// RecordCharterSignature saves a signature. A second signature of the
// same version by the same contact is refused with apperr.ErrConflict.
func (db *DB) RecordCharterSignature(ctx context.Context, s *charter.Signature) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var prev string
		err := tx.QueryRowContext(ctx, `SELECT signed_on FROM charter_signature
			WHERE charter_id = ? AND version = ? AND contact_id = ?`, s.CharterID, s.Version, s.ContactID).Scan(&prev)
		switch {
		case err == nil:
			return apperr.Conflict("charter.already_signed", fmt.Sprintf(
				"Le contact n° %d a déjà signé la version %d de cette charte, le %s. Rien n'a été enregistré.",
				s.ContactID, s.Version, civildate.French(prev)))
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO charter_signature (charter_id, version, contact_id, signed_on, sha256, created_at)
			SELECT ?, ?, id, ?, ?, ? FROM contact WHERE id = ? AND erased_at IS NULL`,
			s.CharterID, s.Version, s.SignedOn, s.SHA256, db.now(), s.ContactID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return contact.NotFoundError(s.ContactID)
		}
		if s.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return db.audit(ctx, tx, "sign", "charter", s.CharterID, map[string]any{
			"version": s.Version, "contact_id": s.ContactID, "signed_on": s.SignedOn, "sha256": s.SHA256})
	})
}

// ListCharterSignatures returns the signatures of charter charterID by
// live contacts, newest version first, then by name.
func (db *DB) ListCharterSignatures(ctx context.Context, charterID int64) ([]charter.Signature, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT s.id, s.charter_id, s.version, s.contact_id, s.signed_on, s.sha256,
		k.kind, k.first_name, k.last_name, k.org_name
		FROM charter_signature s JOIN contact k ON k.id = s.contact_id
		WHERE s.charter_id = ? AND k.erased_at IS NULL
		ORDER BY s.version DESC, k.sort_name, k.id`, charterID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []charter.Signature
	for rows.Next() {
		var s charter.Signature
		var c contact.Contact
		if err := rows.Scan(&s.ID, &s.CharterID, &s.Version, &s.ContactID, &s.SignedOn, &s.SHA256,
			&c.Kind, &c.FirstName, &c.LastName, &c.OrgName); err != nil {
			return nil, err
		}
		s.ContactName = c.DisplayName()
		out = append(out, s)
	}
	return out, mapError(rows.Err())
}

// TaggedContacts returns the live contacts carrying tag, compared without
// case or accents (« Bénévole » is « benevole »), by name.
func (db *DB) TaggedContacts(ctx context.Context, tag string) ([]charter.Person, error) {
	want := textfold.Fold(strings.TrimSpace(tag))
	if want == "" {
		return nil, nil
	}
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, mapError(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM tag`)
	if err != nil {
		return nil, mapError(err)
	}
	var ids []any
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		if textfold.Fold(name) == want {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, mapError(err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT DISTINCT c.id, c.kind, c.first_name, c.last_name, c.org_name, c.sort_name
		FROM contact c JOIN contact_tag t ON t.contact_id = c.id
		WHERE t.tag_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) AND c.erased_at IS NULL
		ORDER BY c.sort_name, c.id`, ids...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []charter.Person
	for rows.Next() {
		var c contact.Contact
		var p charter.Person
		if err := rows.Scan(&p.ID, &c.Kind, &c.FirstName, &c.LastName, &c.OrgName, &p.SortName); err != nil {
			return nil, err
		}
		p.Name = c.DisplayName()
		out = append(out, p)
	}
	return out, mapError(rows.Err())
}
