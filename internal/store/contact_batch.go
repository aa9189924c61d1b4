package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// InsertContactsWithMemberships saves cs like InsertContacts and, when
// orgs[i].Org is set, makes the person cs[i] a member of the organisation
// of that name in role orgs[i].Role. The organisation is found by folded
// name among the contacts of the batch, then among stored organisations,
// and is created when there is none. Everything happens in one
// transaction: a failure leaves nothing half-imported. progress, when not
// nil, is called with the number of contacts saved so far.
func (db *DB) InsertContactsWithMemberships(ctx context.Context, cs []contact.Contact, orgs []contact.OrgRole,
	source string, progress func(done int)) error {
	if len(orgs) != 0 && len(orgs) != len(cs) {
		return fmt.Errorf("insert contacts: %d organisations for %d contacts", len(orgs), len(cs))
	}
	if err := db.bulkPragmas(ctx, true); err != nil {
		return err
	}
	defer db.bulkPragmas(context.WithoutCancel(ctx), false)
	sortNames := sortNamesOf(cs)
	return db.write(ctx, func(tx *sql.Tx) error {
		b, err := newContactBatch(ctx, tx, db.now())
		if err != nil {
			return err
		}
		defer b.close()
		for start := 0; start < len(cs); start += batchRows {
			end := min(start+batchRows, len(cs))
			var chunkOrgs []contact.OrgRole
			if len(orgs) != 0 {
				chunkOrgs = orgs[start:end]
			}
			if err := b.insertMany(cs[start:end], chunkOrgs, sortNames[start:end]); err != nil {
				return fmt.Errorf("contacts %d to %d: %w", start+1, end, err)
			}
			if progress != nil && end < len(cs) && end%1024 == 0 {
				progress(end)
			}
		}
		if err := b.flush(); err != nil {
			return err
		}
		created, linked := 0, 0
		for i, o := range orgs {
			name := strings.TrimSpace(o.Org)
			if name == "" || cs[i].Kind != contact.Person {
				continue
			}
			orgID, isNew, err := b.organisation(name)
			if err != nil {
				return fmt.Errorf("organisation %q: %w", name, err)
			}
			if isNew {
				created++
			}
			if _, err := b.membership.ExecContext(ctx, cs[i].ID, orgID, strings.TrimSpace(o.Role)); err != nil {
				return fmt.Errorf("membership of %s in %q: %w", cs[i].DisplayName(), name, err)
			}
			linked++
		}
		if progress != nil {
			progress(len(cs))
		}
		details := map[string]any{"source": source, "count": len(cs)}
		if linked > 0 {
			details["memberships"] = linked
			details["organisations_created"] = created
		}
		return db.audit(ctx, tx, "import", "contact", 0, details)
	})
}

// bulkPragmas prepares the writer connection for a large transaction,
// or restores it. It must be set before the transaction begins: a 64 MiB
// page cache keeps the pages the batch changes in memory instead of
// spilling them to the WAL several times.
func (db *DB) bulkPragmas(ctx context.Context, on bool) error {
	if db.w == nil {
		return nil // db.write reports the read-only database
	}
	// temp_store = MEMORY is set for every connection in the DSN: multi-row
	// INSERTs need a statement journal, which on disk cost a second of
	// writes per 100,000 contacts.
	qs := []string{`PRAGMA cache_size = -65536`}
	if !on {
		qs = []string{`PRAGMA cache_size = -2000`}
	}
	for _, q := range qs {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// batchRows is how many rows one multi-row INSERT writes: each
// statement costs about as much as its rows, so few large statements
// save most of the per-statement work of 100,000 contacts.
const batchRows = 64

// contactBatch inserts many contacts in one transaction. Contacts get
// their IDs from the batch (max(id)+1 onwards, as SQLite would choose:
// the transaction holds the write lock), which lets contacts, emails,
// phones, addresses, tags and full-text documents go in multi-row
// INSERTs. Tag IDs are cached, and the full-text document is built in Go
// from the contact: indexContact's subqueries cost more than the inserts
// themselves at 100,000 contacts.
type contactBatch struct {
	ctx   context.Context
	tx    *sql.Tx
	now   string
	next  int64 // ID of the next contact
	stmts []*sql.Stmt

	tag, membership, findOrg *sql.Stmt

	rows map[string]*rowBuffer // multi-row inserts by table

	tags map[string]int64 // tag name under NOCASE → id
	orgs map[string]int64 // folded organisation name → id
}

// Columns of the multi-row inserts.
var batchInserts = []struct{ table, head string }{
	{"contact", `INSERT INTO contact (id, kind, civility, first_name, last_name, org_name, org_kind, press_kind,
		legal_form, siren, fiscal_year_end, website, notes, sort_name, created_at, updated_at) VALUES `},
	{"contact_email", `INSERT INTO contact_email (contact_id, email, label, preferred) VALUES `},
	{"contact_phone", `INSERT INTO contact_phone (contact_id, phone, label, preferred) VALUES `},
	{"contact_address", `INSERT INTO contact_address (contact_id, label, street, postcode, city, country, preferred) VALUES `},
	{"contact_tag", `INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES `},
	{"contact_fts", `INSERT INTO contact_fts (rowid, doc) VALUES `},
}

// rowBuffer gathers the rows of one table and writes them batchRows at
// a time with a prepared multi-row statement.
type rowBuffer struct {
	head string
	cols int
	full *sql.Stmt // batchRows rows
	args []any
}

func (r *rowBuffer) add(ctx context.Context, args ...any) error {
	r.args = append(r.args, args...)
	if len(r.args) < batchRows*r.cols {
		return nil
	}
	_, err := r.full.ExecContext(ctx, r.args...)
	r.args = r.args[:0]
	return err
}

func (r *rowBuffer) flush(ctx context.Context, tx *sql.Tx) error {
	if len(r.args) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, multiRow(r.head, r.cols, len(r.args)/r.cols), r.args...)
	r.args = r.args[:0]
	return err
}

// multiRow returns head followed by n groups of cols placeholders.
func multiRow(head string, cols, n int) string {
	group := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return head + strings.TrimSuffix(strings.Repeat(group+", ", n), ", ")
}

func newContactBatch(ctx context.Context, tx *sql.Tx, now string) (*contactBatch, error) {
	b := &contactBatch{ctx: ctx, tx: tx, now: now, rows: map[string]*rowBuffer{},
		tags: map[string]int64{}, orgs: map[string]int64{}}
	prepare := func(q string) (*sql.Stmt, error) {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		b.stmts = append(b.stmts, st)
		return st, nil
	}
	for _, s := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&b.tag, `INSERT INTO tag (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = name RETURNING id`},
		{&b.membership, `INSERT OR IGNORE INTO membership (person_id, organisation_id, role) VALUES (?, ?, ?)`},
		{&b.findOrg, `SELECT id FROM contact WHERE kind = 'organisation' AND sort_name = ? AND erased_at IS NULL
			ORDER BY id LIMIT 1`},
	} {
		st, err := prepare(s.sql)
		if err != nil {
			b.close()
			return nil, err
		}
		*s.dst = st
	}
	for _, t := range batchInserts {
		cols := strings.Count(t.head, ",") + 1
		full, err := prepare(multiRow(t.head, cols, batchRows))
		if err != nil {
			b.close()
			return nil, err
		}
		b.rows[t.table] = &rowBuffer{head: t.head, cols: cols, full: full}
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM contact`).Scan(&b.next); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

func (b *contactBatch) close() {
	for _, s := range b.stmts {
		s.Close()
	}
}

// insertMany saves cs (at most batchRows) with their details and
// full-text documents; orgs, when not nil, name the organisation each
// person is about to be linked to, which the document already holds;
// sortNames are the contacts' SortName.
func (b *contactBatch) insertMany(cs []contact.Contact, orgs []contact.OrgRole, sortNames []string) error {
	// Contacts first: the foreign keys of their details need them.
	for i := range cs {
		c := &cs[i]
		c.ID = b.next
		b.next++
		if err := b.rows["contact"].add(b.ctx, c.ID, c.Kind, c.Civility, c.FirstName, c.LastName, c.OrgName,
			c.OrgKind, c.PressKind, c.LegalForm, c.SIREN, c.FiscalYearEnd, c.Website, c.Notes, sortNames[i],
			b.now, b.now); err != nil {
			return err
		}
	}
	if err := b.rows["contact"].flush(b.ctx, b.tx); err != nil {
		return err
	}
	for i := range cs {
		c := &cs[i]
		for _, e := range c.Emails {
			if err := b.rows["contact_email"].add(b.ctx, c.ID, strings.TrimSpace(e.Address), e.Label, e.Preferred); err != nil {
				return err
			}
		}
		for _, p := range c.Phones {
			if err := b.rows["contact_phone"].add(b.ctx, c.ID, p.Number, p.Label, p.Preferred); err != nil {
				return err
			}
		}
		for _, a := range c.Addresses {
			if err := b.rows["contact_address"].add(b.ctx, c.ID, a.Label, a.Street, a.Postcode, a.City,
				a.Country, a.Preferred); err != nil {
				return err
			}
		}
		for _, t := range c.Tags {
			id, err := b.tagID(t)
			if err != nil {
				return err
			}
			if err := b.rows["contact_tag"].add(b.ctx, c.ID, id); err != nil {
				return err
			}
		}
		if c.Kind == contact.Organisation && b.orgs[sortNames[i]] == 0 { // an organisation's sort name is its folded name
			b.orgs[sortNames[i]] = c.ID
		}
		org := ""
		if orgs != nil {
			org = strings.TrimSpace(orgs[i].Org)
		}
		if err := b.rows["contact_fts"].add(b.ctx, c.ID, ftsDoc(c, org)); err != nil {
			return err
		}
	}
	return nil
}

// flush writes the rows still buffered.
func (b *contactBatch) flush() error {
	for _, t := range batchInserts {
		if err := b.rows[t.table].flush(b.ctx, b.tx); err != nil {
			return err
		}
	}
	return nil
}

// tagID returns the ID of the tag called name, creating it if needed.
func (b *contactBatch) tagID(name string) (int64, error) {
	k := asciiLower(name) // the tag table compares names with NOCASE
	if id, ok := b.tags[k]; ok {
		return id, nil
	}
	var id int64
	if err := b.tag.QueryRowContext(b.ctx, name).Scan(&id); err != nil {
		return 0, err
	}
	b.tags[k] = id
	return id, nil
}

// organisation returns the ID of the organisation called name: one of the
// batch, a stored one, or a new one. It is called once the batch is
// flushed.
func (b *contactBatch) organisation(name string) (id int64, created bool, err error) {
	k := textfold.Fold(name)
	if id := b.orgs[k]; id != 0 {
		return id, false, nil
	}
	err = b.findOrg.QueryRowContext(b.ctx, k).Scan(&id)
	if err == nil {
		b.orgs[k] = id
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	o := []contact.Contact{{Kind: contact.Organisation, OrgName: name}}
	if err := b.insertMany(o, nil, []string{o[0].SortName()}); err != nil {
		return 0, false, err
	}
	if err := b.flush(); err != nil {
		return 0, false, err
	}
	return o[0].ID, true, nil
}

// sortNamesOf folds the names of cs on every core before the write
// transaction: folding is a tenth of an import's time, and SQLite works
// on one core.
func sortNamesOf(cs []contact.Contact) []string {
	out := make([]string, len(cs))
	workers := runtime.GOMAXPROCS(0)
	if len(cs) < 1000 {
		workers = 1
	}
	var wg sync.WaitGroup
	step := (len(cs) + workers - 1) / max(workers, 1)
	for lo := 0; lo < len(cs); lo += step {
		wg.Go(func() {
			for i := lo; i < min(lo+step, len(cs)); i++ {
				out[i] = cs[i].SortName()
			}
		})
	}
	wg.Wait()
	return out
}

// ftsDoc is the full-text document of c, in the order indexContact
// builds it: names, notes, organisations, emails, cities, tags.
func ftsDoc(c *contact.Contact, org string) string {
	parts := make([]string, 0, 8+len(c.Emails)+len(c.Addresses)+len(c.Tags))
	parts = append(parts, c.FirstName, c.LastName, c.OrgName, c.Notes)
	if org != "" && c.Kind == contact.Person {
		parts = append(parts, org)
	}
	for _, e := range c.Emails {
		parts = append(parts, strings.TrimSpace(e.Address))
	}
	for _, a := range c.Addresses {
		parts = append(parts, a.City+" "+a.Postcode)
	}
	parts = append(parts, c.Tags...)
	return strings.Join(parts, " ")
}

// asciiLower lowers ASCII letters only, as SQLite's NOCASE does.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// ObjectionHashes returns the objection list: the contact.EmailHash of
// every address whose owner objected or was erased. An import reads it
// once to leave those people out, instead of asking about every row.
func (db *DB) ObjectionHashes(ctx context.Context) (map[string]bool, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT email_hash FROM objection`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out[h] = true
	}
	return out, mapError(rows.Err())
}
