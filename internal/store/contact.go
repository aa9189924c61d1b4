package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// CreateContact saves a new contact with its emails, phones, addresses and
// tags, and returns its ID.
func (db *DB) CreateContact(ctx context.Context, c *contact.Contact) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := insertContact(ctx, tx, c, db.now()); err != nil {
			return err
		}
		// No names in the audit log: it is append-only, and an erased person
		// must not survive there (GDPR art. 17).
		return db.audit(ctx, tx, "create", "contact", c.ID, map[string]string{"kind": string(c.Kind)})
	})
}

// InsertContacts saves many contacts in one transaction (imports, seed)
// and writes one audit entry for the batch. It is
// InsertContactsWithMemberships without memberships (contact_batch.go).
func (db *DB) InsertContacts(ctx context.Context, cs []contact.Contact, source string) error {
	return db.InsertContactsWithMemberships(ctx, cs, nil, source, nil)
}

func insertContact(ctx context.Context, tx *sql.Tx, c *contact.Contact, now string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO contact (kind, civility, first_name, last_name, org_name,
		org_kind, press_kind, legal_form, siren, fiscal_year_end, website, notes, sort_name, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Kind, c.Civility, c.FirstName, c.LastName, c.OrgName, c.OrgKind, c.PressKind, c.LegalForm, c.SIREN,
		c.FiscalYearEnd, c.Website, c.Notes, c.SortName(), now, now)
	if err != nil {
		return err
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := insertContactDetails(ctx, tx, c); err != nil {
		return err
	}
	return indexContact(ctx, tx, c.ID)
}

func insertContactDetails(ctx context.Context, tx *sql.Tx, c *contact.Contact) error {
	for _, e := range c.Emails {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_email (contact_id, email, label, preferred) VALUES (?, ?, ?, ?)`,
			c.ID, strings.TrimSpace(e.Address), e.Label, e.Preferred); err != nil {
			return err
		}
	}
	for _, p := range c.Phones {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_phone (contact_id, phone, label, preferred) VALUES (?, ?, ?, ?)`,
			c.ID, p.Number, p.Label, p.Preferred); err != nil {
			return err
		}
	}
	for _, a := range c.Addresses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_address (contact_id, label, street, postcode, city, country, preferred)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, c.ID, a.Label, a.Street, a.Postcode, a.City, a.Country, a.Preferred); err != nil {
			return err
		}
	}
	for _, t := range c.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tag (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO contact_tag (contact_id, tag_id)
			SELECT ?, id FROM tag WHERE name = ?`, c.ID, t); err != nil {
			return err
		}
	}
	return nil
}

// AddMembership records that person plays role in organisation.
func (db *DB) AddMembership(ctx context.Context, personID, orgID int64, role string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO membership (person_id, organisation_id, role) VALUES (?, ?, ?)`,
			personID, orgID, role); err != nil {
			return err
		}
		if err := indexContact(ctx, tx, personID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "membership", personID, map[string]any{"organisation_id": orgID, "role": role})
	})
}

// indexContact rebuilds the full-text document of one contact: names,
// organisations it belongs to, emails, cities, tags and notes.
func indexContact(ctx context.Context, tx *sql.Tx, id int64) error {
	var doc string
	err := tx.QueryRowContext(ctx, `SELECT concat_ws(' ',
		c.first_name, c.last_name, c.org_name, c.notes,
		(SELECT group_concat(o.org_name, ' ') FROM membership m JOIN contact o ON o.id = m.organisation_id WHERE m.person_id = c.id),
		(SELECT group_concat(email, ' ') FROM contact_email WHERE contact_id = c.id),
		(SELECT group_concat(city || ' ' || postcode, ' ') FROM contact_address WHERE contact_id = c.id),
		(SELECT group_concat(t.name, ' ') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id))
		FROM contact c WHERE c.id = ?`, id).Scan(&doc)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM contact_fts WHERE rowid = ?`, id); err != nil {
		return err
	}
	// Emails are split on punctuation by the tokenizer, so "jean.dupont@x.fr"
	// is found by "dupont" as well as by the whole address.
	_, err = tx.ExecContext(ctx, `INSERT INTO contact_fts (rowid, doc) VALUES (?, ?)`, id, doc)
	return err
}

// ListContacts returns one page of contact summaries.
func (db *DB) ListContacts(ctx context.Context, f contact.Filter) ([]contact.Row, error) {
	m := ftsQuery(f.Query)
	initial, isInitial := singleInitial(f.Query)
	if isInitial {
		m = "" // one letter jumps to the names it starts, as in an address book
	}
	from := `contact c`
	if m != "" {
		broad, err := db.ftsBroad(ctx, m)
		if err != nil {
			return nil, err
		}
		if broad {
			// Many matches: walk the contacts in name order and stop at the
			// page's end, rather than fetch and sort every match.
			from = `contact c INDEXED BY contact_sort`
		}
	}
	q := `SELECT c.id, c.kind, c.org_kind,
		c.first_name, c.last_name, c.org_name,
		c.sort_name,
		coalesce((SELECT email FROM contact_email WHERE contact_id = c.id ORDER BY preferred DESC, id LIMIT 1), ''),
		coalesce((SELECT city FROM contact_address WHERE contact_id = c.id ORDER BY preferred DESC, id LIMIT 1), '')
		FROM ` + from + ` WHERE c.erased_at IS NULL`
	var args []any
	if f.Kind != "" {
		q += ` AND c.kind = ?`
		args = append(args, f.Kind)
	}
	if f.OrgKind != "" {
		q += ` AND c.org_kind = ?`
		args = append(args, f.OrgKind)
	}
	if isInitial {
		q += ` AND c.sort_name >= ? AND c.sort_name < ?`
		args = append(args, initial, string(rune(initial[0]+1)))
	}
	if m != "" {
		q += ` AND c.id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)`
		args = append(args, m)
	}
	if f.AfterID != 0 {
		q += ` AND (c.sort_name, c.id) > (?, ?)`
		args = append(args, f.AfterSortName, f.AfterID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += fmt.Sprintf(` ORDER BY c.sort_name, c.id LIMIT %d`, limit)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.Row
	for rows.Next() {
		var r contact.Row
		var c contact.Contact
		if err := rows.Scan(&r.ID, &r.Kind, &r.OrgKind, &c.FirstName, &c.LastName, &c.OrgName, &r.SortName, &r.Email, &r.City); err != nil {
			return nil, err
		}
		// SQLite's upper() knows only ASCII: the name is built in Go.
		c.Kind = r.Kind
		r.Name = c.DisplayName()
		out = append(out, r)
	}
	return out, rows.Err()
}

// singleInitial reports whether the user typed one letter or digit and
// nothing else; the list then shows the names starting with it.
func singleInitial(s string) (string, bool) {
	f := strings.TrimSpace(textfold.Fold(s))
	if len(f) == 1 && (f[0] >= 'a' && f[0] <= 'z' || f[0] >= '0' && f[0] <= '9') {
		return f, true
	}
	return "", false
}

// broadMatches is the number of full-text matches from which a search
// walks the name index instead of sorting the matches: measured on
// 100,000 contacts, sorting 2,000 matches costs about what walking costs.
const broadMatches = 2000

// ftsBroad tells whether the full-text query m matches at least
// broadMatches contacts; FTS5 stops counting there, so it stays cheap.
func (db *DB) ftsBroad(ctx context.Context, m string) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM contact_fts
		WHERE contact_fts MATCH ? LIMIT ?)`, m, broadMatches).Scan(&n)
	return n >= broadMatches, mapError(err)
}

// ftsQuery turns what a user types into an FTS5 query: every word must
// match as a prefix, accents and case ignored ("helene orl" → "helene"* AND "orl"*).
func ftsQuery(s string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(textfold.Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}) {
		parts = append(parts, `"`+w+`"*`)
	}
	return strings.Join(parts, " AND ")
}

// CountContacts returns how many contacts (not erased) are stored, by kind.
func (db *DB) CountContacts(ctx context.Context) (people, organisations int, err error) {
	// GROUP BY kind reads the partial index contact_live_kind alone.
	rows, err := db.r.QueryContext(ctx, `SELECT kind, count(*) FROM contact WHERE erased_at IS NULL GROUP BY kind`)
	if err != nil {
		return 0, 0, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind contact.Kind
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return 0, 0, err
		}
		switch kind {
		case contact.Person:
			people = n
		case contact.Organisation:
			organisations = n
		}
	}
	return people, organisations, rows.Err()
}

// GetContact returns one contact with its details.
func (db *DB) GetContact(ctx context.Context, id int64) (contact.Contact, error) {
	var c contact.Contact
	var created, updated string
	err := db.r.QueryRowContext(ctx, `SELECT id, kind, civility, first_name, last_name, org_name, org_kind,
		press_kind, legal_form, siren, fiscal_year_end, website, notes, created_at, updated_at
		FROM contact WHERE id = ? AND erased_at IS NULL`, id).Scan(&c.ID, &c.Kind, &c.Civility, &c.FirstName,
		&c.LastName, &c.OrgName, &c.OrgKind, &c.PressKind, &c.LegalForm, &c.SIREN, &c.FiscalYearEnd, &c.Website, &c.Notes,
		&created, &updated)
	if err != nil {
		return c, mapError(err)
	}
	c.CreatedAt, _ = time.Parse(time.RFC3339, created)
	c.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
	rows, err := db.r.QueryContext(ctx, `SELECT email, label, preferred FROM contact_email WHERE contact_id = ? ORDER BY preferred DESC, id`, id)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var e contact.Email
		if err := rows.Scan(&e.Address, &e.Label, &e.Preferred); err != nil {
			rows.Close()
			return c, err
		}
		c.Emails = append(c.Emails, e)
	}
	rows.Close()
	rows, err = db.r.QueryContext(ctx, `SELECT phone, label, preferred FROM contact_phone WHERE contact_id = ? ORDER BY preferred DESC, id`, id)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var p contact.Phone
		if err := rows.Scan(&p.Number, &p.Label, &p.Preferred); err != nil {
			rows.Close()
			return c, err
		}
		c.Phones = append(c.Phones, p)
	}
	rows.Close()
	rows, err = db.r.QueryContext(ctx, `SELECT label, street, postcode, city, country, preferred FROM contact_address WHERE contact_id = ? ORDER BY preferred DESC, id`, id)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var a contact.Address
		if err := rows.Scan(&a.Label, &a.Street, &a.Postcode, &a.City, &a.Country, &a.Preferred); err != nil {
			rows.Close()
			return c, err
		}
		c.Addresses = append(c.Addresses, a)
	}
	rows.Close()
	rows, err = db.r.QueryContext(ctx, `SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = ? ORDER BY t.name`, id)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return c, err
		}
		c.Tags = append(c.Tags, t)
	}
	return c, rows.Err()
}
