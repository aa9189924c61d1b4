package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
)

// exportChunk is how many contacts ExportContacts reads per round: six
// queries per chunk instead of five per contact.
const exportChunk = 500

// ExportContacts calls fn for each stored contact (not erased) with its
// emails, phones, addresses, tags and the organisations it belongs to,
// in name order. With ids not nil, only those contacts are exported
// (unknown or erased IDs are skipped). Everything is read in one read
// transaction, so the export is a consistent snapshot; fn's error stops
// it and is returned.
func (db *DB) ExportContacts(ctx context.Context, ids []int64, fn func(c contact.Contact, orgs []contact.OrgRole) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapError(err)
	}
	defer tx.Rollback()
	// Contacts come in name order, scattered over the tables: a larger
	// page cache for this connection reads each page once, not once per
	// chunk. It is set back when the export ends.
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -32768`); err != nil {
		return mapError(err)
	}
	defer tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
	order, err := exportOrder(ctx, tx, ids)
	if err != nil {
		return err
	}
	for start := 0; start < len(order); start += exportChunk {
		chunk := order[start:min(start+exportChunk, len(order))]
		cs, orgs, err := exportChunkRead(ctx, tx, chunk)
		if err != nil {
			return err
		}
		for _, id := range chunk {
			c, ok := cs[id]
			if !ok {
				continue
			}
			if err := fn(*c, orgs[id]); err != nil {
				return err
			}
		}
	}
	return nil
}

// exportOrder returns the IDs to export in name order.
func exportOrder(ctx context.Context, tx *sql.Tx, ids []int64) ([]int64, error) {
	if ids == nil {
		return exportIDs(ctx, tx, `SELECT id FROM contact WHERE erased_at IS NULL ORDER BY sort_name, id`)
	}
	type key struct {
		id   int64
		sort string
	}
	var keys []key
	for start := 0; start < len(ids); start += exportChunk {
		chunk := ids[start:min(start+exportChunk, len(ids))]
		q, args := exportIn(`SELECT id, sort_name FROM contact WHERE erased_at IS NULL AND id IN `, chunk)
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, mapError(err)
		}
		for rows.Next() {
			var k key
			if err := rows.Scan(&k.id, &k.sort); err != nil {
				rows.Close()
				return nil, err
			}
			keys = append(keys, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(strings.Compare(a.sort, b.sort), cmp.Compare(a.id, b.id))
	})
	out := make([]int64, 0, len(keys))
	for i, k := range keys {
		if i == 0 || k.id != keys[i-1].id {
			out = append(out, k.id)
		}
	}
	return out, nil
}

// exportChunkRead reads the contacts ids with their details.
func exportChunkRead(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]*contact.Contact, map[int64][]contact.OrgRole, error) {
	cs := make(map[int64]*contact.Contact, len(ids))
	q, args := exportIn(`SELECT id, kind, civility, first_name, last_name, org_name, org_kind, press_kind,
		legal_form, siren, fiscal_year_end, website, notes, created_at, updated_at
		FROM contact WHERE erased_at IS NULL AND id IN `, ids)
	err := exportRows(ctx, tx, q, args, func(rows *sql.Rows) error {
		var c contact.Contact
		var created, updated string
		if err := rows.Scan(&c.ID, &c.Kind, &c.Civility, &c.FirstName, &c.LastName, &c.OrgName, &c.OrgKind,
			&c.PressKind, &c.LegalForm, &c.SIREN, &c.FiscalYearEnd, &c.Website, &c.Notes, &created, &updated); err != nil {
			return err
		}
		c.CreatedAt, _ = time.Parse(time.RFC3339, created)
		c.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
		cs[c.ID] = &c
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	q, args = exportIn(`SELECT contact_id, email, label, preferred FROM contact_email WHERE contact_id IN `, ids)
	err = exportRows(ctx, tx, q+` ORDER BY contact_id, preferred DESC, id`, args, func(rows *sql.Rows) error {
		var id int64
		var e contact.Email
		if err := rows.Scan(&id, &e.Address, &e.Label, &e.Preferred); err != nil {
			return err
		}
		if c := cs[id]; c != nil {
			c.Emails = append(c.Emails, e)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	q, args = exportIn(`SELECT contact_id, phone, label, preferred FROM contact_phone WHERE contact_id IN `, ids)
	err = exportRows(ctx, tx, q+` ORDER BY contact_id, preferred DESC, id`, args, func(rows *sql.Rows) error {
		var id int64
		var p contact.Phone
		if err := rows.Scan(&id, &p.Number, &p.Label, &p.Preferred); err != nil {
			return err
		}
		if c := cs[id]; c != nil {
			c.Phones = append(c.Phones, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	q, args = exportIn(`SELECT contact_id, label, street, postcode, city, country, preferred FROM contact_address WHERE contact_id IN `, ids)
	err = exportRows(ctx, tx, q+` ORDER BY contact_id, preferred DESC, id`, args, func(rows *sql.Rows) error {
		var id int64
		var a contact.Address
		if err := rows.Scan(&id, &a.Label, &a.Street, &a.Postcode, &a.City, &a.Country, &a.Preferred); err != nil {
			return err
		}
		if c := cs[id]; c != nil {
			c.Addresses = append(c.Addresses, a)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	q, args = exportIn(`SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id IN `, ids)
	err = exportRows(ctx, tx, q+` ORDER BY ct.contact_id, t.name`, args, func(rows *sql.Rows) error {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return err
		}
		if c := cs[id]; c != nil {
			c.Tags = append(c.Tags, t)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	orgs := map[int64][]contact.OrgRole{}
	q, args = exportIn(`SELECT m.person_id, o.org_name, m.role FROM membership m JOIN contact o ON o.id = m.organisation_id
		WHERE o.erased_at IS NULL AND m.person_id IN `, ids)
	err = exportRows(ctx, tx, q+` ORDER BY m.person_id, o.sort_name, m.role`, args, func(rows *sql.Rows) error {
		var id int64
		var o contact.OrgRole
		if err := rows.Scan(&id, &o.Org, &o.Role); err != nil {
			return err
		}
		orgs[id] = append(orgs[id], o)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return cs, orgs, nil
}

// exportIn appends "(?, ?, …)" for ids to q.
func exportIn(q string, ids []int64) (string, []any) {
	var b strings.Builder
	b.WriteString(q)
	b.WriteByte('(')
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('?')
		args[i] = id
	}
	b.WriteByte(')')
	return b.String(), args
}

// exportRows runs q and calls scan for each row.
func exportRows(ctx context.Context, tx *sql.Tx, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return mapError(rows.Err())
}

// exportIDs returns the first column of every row of q.
func exportIDs(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	var out []int64
	err := exportRows(ctx, tx, q, args, func(rows *sql.Rows) error {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}
