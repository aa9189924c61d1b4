package store

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/bureau-asso/bureau/internal/contact"
)

// The queries below compare contacts the way contact.DuplicateIndex does:
// emails and SIREN numbers are grouped in SQL (with the indexes
// contact_email_email and contact_siren), names are compared in Go
// within each postcode, read in the order of contact_address_postcode,
// because the rule for "similar names" (contact.NameKeys) folds accents,
// which SQLite cannot do.

// sirenDigits is the SQL form of contact.SIRENKey for stored numbers,
// which may hold the spaces that INSEE prints.
const sirenDigits = `replace(replace(replace(c.siren, ' ', ''), char(160), ''), char(8239), '')`

// DuplicatesOf returns the stored contacts (not erased) that c probably
// duplicates: same email (case ignored), same SIREN, or similar name with
// a postcode in common. c itself is left out when it has an ID.
func (db *DB) DuplicatesOf(ctx context.Context, c contact.Contact) ([]contact.Duplicate, error) {
	return db.duplicatesOfKeys(ctx, c.ID, contact.KeysOf(c))
}

// duplicatesOfKeys looks up, with the indexes, the stored contacts that
// share a key with k; id is left out.
func (db *DB) duplicatesOfKeys(ctx context.Context, id int64, k contact.DuplicateKeys) ([]contact.Duplicate, error) {
	x := contact.NewDuplicateIndex()
	add := func(rows []dupRow) {
		for _, r := range rows {
			x.Add(r.id, r.contact())
		}
	}
	for _, e := range k.Emails {
		rows, err := db.dupRows(ctx, `SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, e.email, ''
			FROM contact_email e JOIN contact c ON c.id = e.contact_id
			WHERE e.email = ? COLLATE NOCASE AND c.erased_at IS NULL`, e)
		if err != nil {
			return nil, err
		}
		add(rows)
	}
	if k.SIREN != "" {
		rows, err := db.dupRows(ctx, `SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, '', `+sirenDigits+`
			FROM contact c WHERE c.siren <> '' AND `+sirenDigits+` = ? AND c.erased_at IS NULL`, k.SIREN)
		if err != nil {
			return nil, err
		}
		add(rows)
	}
	if len(k.Names) > 0 {
		for _, p := range k.Postcodes {
			rows, err := db.dupRows(ctx, `SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, '', '', a.postcode
				FROM contact_address a JOIN contact c ON c.id = a.contact_id
				WHERE a.postcode = ? AND c.erased_at IS NULL`, p)
			if err != nil {
				return nil, err
			}
			add(rows)
		}
	}
	return x.FindKeys(id, k), nil
}

// ListDuplicates returns every likely pair of duplicates among stored
// contacts, each pair once (A < B) with its strongest reason, ordered by
// A then B. Within a group of contacts that share a key, each is paired
// with the oldest (smallest ID), so that a group of n gives n-1 pairs.
func (db *DB) ListDuplicates(ctx context.Context) ([]contact.Duplicate, error) {
	pairs := map[[2]int64]contact.Duplicate{}
	addGroups := func(reason contact.DuplicateReason, rows []dupRow, key func(dupRow) string) {
		first := map[string]dupRow{}
		for _, r := range rows {
			k := key(r)
			if k == "" {
				continue
			}
			f, ok := first[k]
			if !ok {
				first[k] = r
				continue
			}
			if f.id == r.id {
				continue
			}
			p := [2]int64{min(f.id, r.id), max(f.id, r.id)}
			if _, dup := pairs[p]; dup {
				continue
			}
			a, b := f, r
			if a.id > b.id {
				a, b = b, a
			}
			pairs[p] = contact.Duplicate{A: a.id, B: b.id, Reason: reason,
				NameA: a.contact().DisplayName(), NameB: b.contact().DisplayName()}
		}
	}

	rows, err := db.dupRows(ctx, `SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, e.email, ''
		FROM contact_email e JOIN contact c ON c.id = e.contact_id
		WHERE c.erased_at IS NULL AND e.email COLLATE NOCASE IN (
			SELECT email COLLATE NOCASE FROM contact_email GROUP BY email COLLATE NOCASE
			HAVING count(DISTINCT contact_id) > 1)
		ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	addGroups(contact.SameEmail, rows, func(r dupRow) string { return contact.EmailKey(r.email) })

	rows, err = db.dupRows(ctx, `SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, '', `+sirenDigits+`
		FROM contact c WHERE c.siren <> '' AND c.erased_at IS NULL AND `+sirenDigits+` IN (
			SELECT `+sirenDigits+` FROM contact c WHERE c.siren <> '' AND c.erased_at IS NULL
			GROUP BY 1 HAVING count(*) > 1)
		ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	addGroups(contact.SameSIREN, rows, func(r dupRow) string { return contact.SIRENKey(r.siren) })

	// Names: only postcodes shared by two contacts or more can hold a
	// pair, and SQL finds them with the postcode index.
	rows, err = db.dupRows(ctx, `SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, '', '', a.postcode
		FROM contact_address a JOIN contact c ON c.id = a.contact_id
		WHERE c.erased_at IS NULL AND a.postcode IN (
			SELECT postcode FROM contact_address WHERE postcode <> '' GROUP BY postcode
			HAVING count(DISTINCT contact_id) > 1)
		ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	var named []dupRow
	for _, r := range rows {
		for _, k := range contact.NameKeys(r.contact()) {
			r.nameKey = k + "|" + strings.ToUpper(strings.Join(strings.Fields(r.postcode), ""))
			named = append(named, r)
		}
	}
	addGroups(contact.SameNamePostcode, named, func(r dupRow) string { return r.nameKey })

	out := make([]contact.Duplicate, 0, len(pairs))
	for _, d := range pairs {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b contact.Duplicate) int {
		if a.A != b.A {
			return cmp.Compare(a.A, b.A)
		}
		return cmp.Compare(a.B, b.B)
	})
	return out, nil
}

// DuplicatesOfEach returns, for the keys of each contact about to be
// imported (contact.KeysOf), the stored contacts it probably duplicates;
// A is 0. A few contacts are looked up one by one; many are compared
// with one pass over the stored emails, SIREN numbers and addresses, so
// that checking 100,000 rows costs three reads, not 300,000 queries.
func (db *DB) DuplicatesOfEach(ctx context.Context, keys []contact.DuplicateKeys) ([][]contact.Duplicate, error) {
	out := make([][]contact.Duplicate, len(keys))
	var any bool
	if err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM contact WHERE erased_at IS NULL)`).Scan(&any); err != nil {
		return nil, mapError(err)
	}
	if !any || len(keys) == 0 {
		return out, nil
	}
	if len(keys) <= 50 {
		for i, k := range keys {
			ds, err := db.duplicatesOfKeys(ctx, 0, k)
			if err != nil {
				return nil, err
			}
			out[i] = ds
		}
		return out, nil
	}
	// Index the batch, keep the stored contacts that share a key with
	// it, then look each row up among those.
	batch := contact.NewDuplicateIndex()
	for i, k := range keys {
		batch.AddKeys(int64(i+1), k)
	}
	stored := contact.NewDuplicateIndex()
	for _, q := range []string{
		`SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, e.email, ''
			FROM contact_email e JOIN contact c ON c.id = e.contact_id WHERE c.erased_at IS NULL ORDER BY c.id`,
		`SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, '', c.siren
			FROM contact c WHERE c.siren <> '' AND c.erased_at IS NULL ORDER BY c.id`,
		`SELECT c.id, c.kind, c.first_name, c.last_name, c.org_name, '', '', a.postcode
			FROM contact_address a JOIN contact c ON c.id = a.contact_id
			WHERE a.postcode <> '' AND c.erased_at IS NULL ORDER BY c.id`,
	} {
		rows, err := db.dupRows(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			k := contact.KeysOf(r.contact())
			if len(batch.FindKeys(0, k)) > 0 {
				stored.AddKeys(r.id, k)
			}
		}
	}
	for i, k := range keys {
		out[i] = stored.FindKeys(0, k)
	}
	return out, nil
}

// dupRow is what duplicate detection reads of a stored contact: its name
// and the one email, SIREN or postcode the query was about.
type dupRow struct {
	id                              int64
	kind                            contact.Kind
	first, last, org                string
	email, siren, postcode, nameKey string
}

func (r dupRow) contact() contact.Contact {
	c := contact.Contact{ID: r.id, Kind: r.kind, FirstName: r.first, LastName: r.last, OrgName: r.org, SIREN: r.siren}
	if r.email != "" {
		c.Emails = []contact.Email{{Address: r.email}}
	}
	if r.postcode != "" {
		c.Addresses = []contact.Address{{Postcode: r.postcode}}
	}
	return c
}

// dupRows runs a query whose columns are id, kind, first name, last
// name, organisation name, email, SIREN and, optionally, postcode.
func (db *DB) dupRows(ctx context.Context, q string, args ...any) ([]dupRow, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []dupRow
	for rows.Next() {
		var r dupRow
		dst := []any{&r.id, &r.kind, &r.first, &r.last, &r.org, &r.email, &r.siren}
		if len(cols) > len(dst) {
			dst = append(dst, &r.postcode)
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}
