package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// CreateGift saves a new gift.
func (db *DB) CreateGift(ctx context.Context, g *donation.Gift) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := checkDonor(ctx, tx, g.DonorID); err != nil {
			return err
		}
		if err := insertGift(ctx, tx, g, db.now()); err != nil {
			return giftConflict(err, g)
		}
		return db.audit(ctx, tx, "create", "gift", g.ID, map[string]any{
			"donor_id": g.DonorID, "amount_cents": g.Amount, "date_received": g.DateReceived})
	})
}

// InsertGifts saves many gifts in one transaction (imports, seed) and
// writes one audit entry for the batch.
func (db *DB) InsertGifts(ctx context.Context, gs []donation.Gift, source string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		for i := range gs {
			if err := insertGift(ctx, tx, &gs[i], now); err != nil {
				return fmt.Errorf("gift %d: %w", i+1, err)
			}
		}
		return db.audit(ctx, tx, "import", "gift", 0, map[string]any{"source": source, "count": len(gs)})
	})
}

// UpdateGift saves the editable fields of a gift: everything but its
// source, reference and mandate, which identify where it came from. A
// gift on a valid receipt is refused with donation.ErrGiftReceipted.
func (db *DB) UpdateGift(ctx context.Context, g *donation.Gift) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		receipted, err := giftReceipted(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		if receipted {
			return donation.ErrGiftReceipted
		}
		if err := checkDonor(ctx, tx, g.DonorID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE gift SET donor_id = ?, amount_cents = ?, date_received = ?,
			date_cashed = ?, method = ?, cheque_number = ?, bank = ?, nature = ?, forme = ?, kind = ?,
			description = ?, valuation_method = ?, campaign = ?, counterpart_cents = ?, note = ?
			WHERE id = ?`,
			g.DonorID, g.Amount, g.DateReceived, nullString(g.DateCashed), g.Method, g.ChequeNumber, g.Bank,
			natureOrDefault(g.Nature), formeOrDefault(g.Forme), giftKind(g), g.Description, g.ValuationMethod,
			g.Campaign, g.Counterparts, g.Note, g.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return giftNotFound(g.ID)
		}
		return db.audit(ctx, tx, "update", "gift", g.ID, map[string]any{
			"donor_id": g.DonorID, "amount_cents": g.Amount, "date_received": g.DateReceived,
			"method": g.Method, "nature": g.Nature, "counterpart_cents": g.Counterparts})
	})
}

// GetGift returns one gift.
func (db *DB) GetGift(ctx context.Context, id int64) (donation.Gift, error) {
	g, err := scanGift(db.r.QueryRowContext(ctx, `SELECT `+giftColumns+` FROM gift g WHERE g.id = ?`, id))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return g, giftNotFound(id)
		}
		return g, mapError(err)
	}
	return g, nil
}

// ListGifts returns the gifts f selects (the f.Limit latest ones when
// set), by date received then number, with the donor's name and the
// number of the valid receipt covering each (empty while the receipt
// tables do not exist).
func (db *DB) ListGifts(ctx context.Context, f donation.Filter) ([]donation.GiftRow, error) {
	receipt := `''`
	ok, err := receiptTablesExist(ctx, db.r)
	if err != nil {
		return nil, err
	}
	if ok {
		receipt = `coalesce((SELECT r.number FROM receipt_line l JOIN receipt r ON r.id = l.receipt_id
			WHERE l.gift_id = g.id AND l.active = 1), '')`
	}
	where, args := giftWhere(f)
	order := ` ORDER BY g.date_received, g.id`
	if f.Limit > 0 {
		// The latest gifts, put back in date order below.
		order = ` ORDER BY g.date_received DESC, g.id DESC LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+giftColumns+`, c.kind, c.first_name, c.last_name, c.org_name,
		`+receipt+` FROM gift g JOIN contact c ON c.id = g.donor_id`+where+order, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []donation.GiftRow
	for rows.Next() {
		var r donation.GiftRow
		var d contact.Contact
		g, err := scanGift(rows, &d.Kind, &d.FirstName, &d.LastName, &d.OrgName, &r.ReceiptNumber)
		if err != nil {
			return nil, err
		}
		r.Gift = g
		r.DonorName = donorName(d)
		out = append(out, r)
	}
	if f.Limit > 0 {
		slices.Reverse(out)
	}
	return out, mapError(rows.Err())
}

// GiftTotals returns the count and sum of the gifts f selects, grouped
// by year (newest first), donor (by name), campaign (by name, gifts
// without one first) or method (in the order of donation.Methods).
func (db *DB) GiftTotals(ctx context.Context, f donation.Filter, by donation.GroupBy) ([]donation.Total, error) {
	var key string
	switch by {
	case donation.ByYear:
		key = `substr(g.date_received, 1, 4)`
	case donation.ByDonor:
		key = `CAST(g.donor_id AS TEXT)`
	case donation.ByCampaign:
		key = `g.campaign`
	case donation.ByMethod:
		key = `g.method`
	default:
		return nil, fmt.Errorf("gift totals by %q: unknown grouping", by)
	}
	where, args := giftWhere(f)
	rows, err := db.r.QueryContext(ctx, `SELECT `+key+` AS k, count(*), sum(g.amount_cents),
		min(c.kind), min(c.first_name), min(c.last_name), min(c.org_name), min(c.sort_name)
		FROM gift g JOIN contact c ON c.id = g.donor_id`+where+` GROUP BY k`, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []donation.Total
	sortKey := map[string]string{}
	for rows.Next() {
		var t donation.Total
		var d contact.Contact
		var sortName string
		if err := rows.Scan(&t.Key, &t.Count, &t.Total, &d.Kind, &d.FirstName, &d.LastName, &d.OrgName, &sortName); err != nil {
			return nil, err
		}
		switch by {
		case donation.ByYear:
			t.Label = t.Key
		case donation.ByDonor:
			t.Label = donorName(d)
			sortKey[t.Key] = sortName
		case donation.ByCampaign:
			t.Label = t.Key
			if t.Key == "" {
				t.Label = "(sans campagne)"
			}
		case donation.ByMethod:
			t.Label = donation.Method(t.Key).Label()
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	slices.SortStableFunc(out, func(a, b donation.Total) int {
		switch by {
		case donation.ByYear:
			return cmp.Compare(b.Key, a.Key)
		case donation.ByDonor:
			if c := cmp.Compare(sortKey[a.Key], sortKey[b.Key]); c != 0 {
				return c
			}
			ai, _ := strconv.ParseInt(a.Key, 10, 64)
			bi, _ := strconv.ParseInt(b.Key, 10, 64)
			return cmp.Compare(ai, bi)
		case donation.ByMethod:
			return cmp.Compare(slices.Index(donation.Methods, donation.Method(a.Key)),
				slices.Index(donation.Methods, donation.Method(b.Key)))
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out, nil
}

// GiftReceipted reports whether a valid receipt covers the gift: an
// active receipt_line (0007_receipts.sql). It is false while the receipt
// tables do not exist.
func (db *DB) GiftReceipted(ctx context.Context, id int64) (bool, error) {
	return giftReceipted(ctx, db.r, id)
}

// queryer is what read helpers need: the read pool or a transaction.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func giftReceipted(ctx context.Context, q queryer, id int64) (bool, error) {
	ok, err := receiptTablesExist(ctx, q)
	if err != nil || !ok {
		return false, err
	}
	var n int
	err = q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM receipt_line WHERE gift_id = ? AND active = 1)`, id).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read receipts of gift %d: %w", id, mapError(err))
	}
	return n == 1, nil
}

// receiptTablesExist reports whether the receipt tables of a later
// migration are there.
func receiptTablesExist(ctx context.Context, q queryer) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema
		WHERE type = 'table' AND name IN ('receipt', 'receipt_line')`).Scan(&n)
	return n == 2, mapError(err)
}

// DonorCounterparts sums the counterparts of the donor's gifts (not
// membership fees) received in year, except the gift numbered except.
func (db *DB) DonorCounterparts(ctx context.Context, donorID int64, year int, except int64) (money.Cents, error) {
	var sum money.Cents
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(sum(counterpart_cents), 0) FROM gift
		WHERE donor_id = ? AND kind = 'don' AND date_received BETWEEN ? AND ? AND id <> ?`,
		donorID, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year), except).Scan(&sum)
	return sum, mapError(err)
}

// GiftReferencesExist returns which of refs are already the reference of
// a gift from source: what an import must not add again.
func (db *DB) GiftReferencesExist(ctx context.Context, source string, refs []string) (map[string]bool, error) {
	out := map[string]bool{}
	for chunk := range slices.Chunk(refs, 500) {
		args := []any{source}
		for _, r := range chunk {
			args = append(args, r)
		}
		rows, err := db.r.QueryContext(ctx, `SELECT reference FROM gift WHERE source = ? AND reference IN (?`+
			strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, mapError(err)
		}
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				rows.Close()
				return nil, err
			}
			out[r] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapError(err)
		}
	}
	return out, nil
}

// ImportGifts saves an import in one transaction: the new donors first,
// then the gifts. donorIndex[i] ≥ 0 makes gifts[i] a gift of
// donors[donorIndex[i]]; -1 keeps gifts[i].DonorID, an existing contact.
// A gift whose source and reference are already recorded fails the whole
// import with apperr.ErrConflict: nothing is saved.
func (db *DB) ImportGifts(ctx context.Context, source string, donors []contact.Contact, gifts []donation.Gift, donorIndex []int) error {
	if len(donorIndex) != len(gifts) {
		return fmt.Errorf("import gifts: %d donor indexes for %d gifts", len(donorIndex), len(gifts))
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		for i := range donors {
			if err := insertContact(ctx, tx, &donors[i], now); err != nil {
				return fmt.Errorf("donor %d: %w", i+1, err)
			}
		}
		for i := range gifts {
			g := &gifts[i]
			if j := donorIndex[i]; j >= 0 {
				g.DonorID = donors[j].ID
			} else if err := checkDonor(ctx, tx, g.DonorID); err != nil {
				return err
			}
			if err := insertGift(ctx, tx, g, now); err != nil {
				return fmt.Errorf("gift %d (reference %s): %w", i+1, g.Reference, err)
			}
		}
		// No names in the audit log (GDPR art. 17): counts only.
		return db.audit(ctx, tx, "import", "gift", 0, map[string]any{
			"source": source, "gifts": len(gifts), "new_donors": len(donors)})
	})
}

const giftColumns = `g.id, g.donor_id, g.amount_cents, g.date_received, coalesce(g.date_cashed, ''), g.method,
	g.cheque_number, g.bank, g.nature, g.forme, g.kind, g.description, g.valuation_method, g.campaign, g.source,
	coalesce(g.reference, ''), g.counterpart_cents, g.note, coalesce(g.mandate_id, 0), g.created_at`

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// scanGift reads the giftColumns of one row, then extra columns into
// extra.
func scanGift(s rowScanner, extra ...any) (donation.Gift, error) {
	var g donation.Gift
	var kind, created string
	dst := append([]any{&g.ID, &g.DonorID, &g.Amount, &g.DateReceived, &g.DateCashed, &g.Method,
		&g.ChequeNumber, &g.Bank, &g.Nature, &g.Forme, &kind, &g.Description, &g.ValuationMethod, &g.Campaign,
		&g.Source, &g.Reference, &g.Counterparts, &g.Note, &g.MandateID, &created}, extra...)
	if err := s.Scan(dst...); err != nil {
		return g, err
	}
	g.Membership = kind == "cotisation"
	g.CreatedAt, _ = time.Parse(time.RFC3339, created)
	return g, nil
}

// giftWhere turns a filter into a WHERE clause on gift g.
func giftWhere(f donation.Filter) (string, []any) {
	var conds []string
	var args []any
	if f.Year != 0 {
		conds = append(conds, `g.date_received BETWEEN ? AND ?`)
		args = append(args, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-12-31", f.Year))
	}
	if f.DonorID != 0 {
		conds = append(conds, `g.donor_id = ?`)
		args = append(args, f.DonorID)
	}
	if f.Campaign != "" {
		conds = append(conds, `g.campaign = ?`)
		args = append(args, f.Campaign)
	}
	if f.Method != "" {
		conds = append(conds, `g.method = ?`)
		args = append(args, f.Method)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// donorName is the name lists show for a donor, also once erased.
func donorName(c contact.Contact) string {
	if n := c.DisplayName(); n != "" {
		return n
	}
	return "(contact effacé)"
}

func insertGift(ctx context.Context, tx *sql.Tx, g *donation.Gift, now string) error {
	_, err := insertGiftOr(ctx, tx, g, now, "")
	return err
}

// insertGiftOr inserts g with an optional conflict clause ("ON CONFLICT
// DO NOTHING") and reports whether a row was added.
func insertGiftOr(ctx context.Context, tx *sql.Tx, g *donation.Gift, now, onConflict string) (bool, error) {
	g.Nature = natureOrDefault(g.Nature)
	g.Forme = formeOrDefault(g.Forme)
	if g.Source == "" {
		g.Source = donation.SourceManual
	}
	var mandate any
	if g.MandateID != 0 {
		mandate = g.MandateID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO gift (donor_id, amount_cents, date_received, date_cashed,
		method, cheque_number, bank, nature, forme, kind, description, valuation_method, campaign, source,
		reference, counterpart_cents, note, mandate_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) `+onConflict,
		g.DonorID, g.Amount, g.DateReceived, nullString(g.DateCashed), g.Method, g.ChequeNumber, g.Bank,
		g.Nature, g.Forme, giftKind(g), g.Description, g.ValuationMethod, g.Campaign, g.Source,
		nullString(g.Reference), g.Counterparts, g.Note, mandate, now)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	g.ID, err = res.LastInsertId()
	g.CreatedAt, _ = time.Parse(time.RFC3339, now)
	return err == nil, err
}

func giftKind(g *donation.Gift) string {
	if g.Membership {
		return "cotisation"
	}
	return "don"
}

func natureOrDefault(n donation.Nature) donation.Nature {
	if n == "" {
		return donation.Numeraire
	}
	return n
}

func formeOrDefault(f donation.Forme) donation.Forme {
	if f == "" {
		return donation.DonManuel
	}
	return f
}

// checkDonor refuses a gift for a contact that does not exist or was
// erased.
func checkDonor(ctx context.Context, tx *sql.Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contact WHERE id = ? AND erased_at IS NULL`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFound("gift.donor_not_found", fmt.Sprintf(
			"Le donateur n° %d n'existe pas ou a été effacé. Choisissez un contact existant, ou créez-le d'abord.", id))
	}
	return nil
}

// giftConflict words a UNIQUE failure on (source, reference).
func giftConflict(err error, g *donation.Gift) error {
	err = mapError(err)
	if !errors.Is(err, apperr.ErrConflict) || apperr.Is(err) {
		return err
	}
	e := apperr.Conflict("gift.reference_taken", fmt.Sprintf(
		"Un don de la source « %s » porte déjà la référence « %s ». Vérifiez qu'il n'est pas déjà enregistré, ou changez la référence.",
		g.Source, g.Reference))
	e.Err = err
	return e
}

func giftNotFound(id int64) error {
	return apperr.NotFound("gift.not_found", fmt.Sprintf(
		"Le don n° %d n'existe pas. Vérifiez son numéro avec « bureau donations list ».", id))
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// GiftTotalsByYear returns the count and total of gifts per year, newest
// first.
func (db *DB) GiftTotalsByYear(ctx context.Context) ([]donation.YearTotal, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT CAST(substr(date_received, 1, 4) AS INTEGER) AS y,
		count(*), sum(amount_cents) FROM gift GROUP BY y ORDER BY y DESC`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []donation.YearTotal
	for rows.Next() {
		var t donation.YearTotal
		if err := rows.Scan(&t.Year, &t.Count, &t.Total); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// GiftYearTotal returns the count and total of gifts received in year.
func (db *DB) GiftYearTotal(ctx context.Context, year int) (donation.YearTotal, error) {
	n, total, err := db.GiftTotal(ctx, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year))
	return donation.YearTotal{Year: year, Count: n, Total: total}, err
}

// MonthTotals returns the total of gifts for each month (1–12) of year.
func (db *DB) MonthTotals(ctx context.Context, year int) ([12]money.Cents, error) {
	var out [12]money.Cents
	months, err := db.GiftMonths(ctx, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year))
	for i, m := range months {
		if i < 12 {
			out[i] = m.Total
		}
	}
	return out, err
}
