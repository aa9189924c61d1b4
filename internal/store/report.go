package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/report"
)

// Reads for internal/report: the partner report and the dashboard.

// PartnerGifts returns the gifts of donorID received from from to to
// (YYYY-MM-DD, inclusive), by date then number, each with the number and
// date of the valid receipt that covers it. The gift_donor index gives
// the gifts; one_valid_receipt_per_gift gives each receipt line.
func (db *DB) PartnerGifts(ctx context.Context, donorID int64, from, to string) ([]report.Gift, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT g.id, g.date_received, g.amount_cents, g.method, g.nature, g.kind,
		g.campaign, coalesce(r.number, ''), coalesce(r.issued_on, '')
		FROM gift g
		LEFT JOIN receipt_line l ON l.gift_id = g.id AND l.active = 1
		LEFT JOIN receipt r ON r.id = l.receipt_id
		WHERE g.donor_id = ? AND g.date_received BETWEEN ? AND ?
		ORDER BY g.date_received, g.id`, donorID, from, to)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []report.Gift
	for rows.Next() {
		var g report.Gift
		var kind string
		if err := rows.Scan(&g.ID, &g.Date, &g.Amount, &g.Method, &g.Nature, &kind, &g.Campaign, &g.Receipt, &g.ReceiptOn); err != nil {
			return nil, err
		}
		g.Membership = kind == "cotisation"
		out = append(out, g)
	}
	return out, mapError(rows.Err())
}

// ContactInteractions returns the interactions with the contacts ids
// dated from from to to, oldest first.
func (db *DB) ContactInteractions(ctx context.Context, ids []int64, from, to string) ([]contact.Interaction, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(ids)+2)
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, from, to)
	rows, err := db.r.QueryContext(ctx, `SELECT id, contact_id, kind, date, subject, body, created_at
		FROM interaction WHERE contact_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) AND date BETWEEN ? AND ?
		ORDER BY date, id`, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []contact.Interaction
	for rows.Next() {
		var i contact.Interaction
		var created string
		if err := rows.Scan(&i.ID, &i.ContactID, &i.Kind, &i.Date, &i.Subject, &i.Body, &created); err != nil {
			return nil, err
		}
		i.CreatedAt, _ = time.Parse(time.RFC3339, created)
		out = append(out, i)
	}
	return out, mapError(rows.Err())
}

// GiftMonths returns the count and sum of the gifts received from from to
// to for each month of the period, oldest first, from the
// gift_date_donor index alone. Each month is its own range
// of the index in one compound query: grouping the whole period by month
// would sort it, eight times slower on 140,000 gifts.
func (db *DB) GiftMonths(ctx context.Context, from, to string) ([]report.Month, error) {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("gift months from %q to %q: invalid dates", from, to)
	}
	var parts []string
	var args []any
	for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(t); m = m.AddDate(0, 1, 0) {
		if len(parts) == 240 {
			return nil, fmt.Errorf("gift months from %s to %s: more than 240 months", from, to)
		}
		start, end := m.Format(time.DateOnly), m.AddDate(0, 1, -1).Format(time.DateOnly)
		parts = append(parts, `SELECT ?, count(*), coalesce(sum(amount_cents), 0) FROM gift WHERE date_received BETWEEN ? AND ?`)
		args = append(args, m.Format("2006-01"), max(start, from), min(end, to))
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := db.r.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []report.Month
	for rows.Next() {
		var m report.Month
		if err := rows.Scan(&m.Month, &m.Count, &m.Total); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, mapError(rows.Err())
}

// GiftTotal returns the count and sum of the gifts received from from to
// to, from the gift_date_donor index alone.
func (db *DB) GiftTotal(ctx context.Context, from, to string) (int, money.Cents, error) {
	var n int
	var total money.Cents
	err := db.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(amount_cents), 0) FROM gift
		WHERE date_received BETWEEN ? AND ?`, from, to).Scan(&n, &total)
	return n, total, mapError(err)
}

// TopDonors returns the n donors whose gifts received from from to to sum
// highest, biggest first (ties by number), with their names. The gifts
// are read from gift_date_donor alone (INDEXED BY: without statistics
// SQLite may pick gift_receipt_date and read every row of the year).
func (db *DB) TopDonors(ctx context.Context, from, to string, n int) ([]report.DonorTotal, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT t.donor_id, t.n, t.total, c.kind, c.first_name, c.last_name, c.org_name
		FROM (SELECT donor_id, count(*) AS n, sum(amount_cents) AS total FROM gift INDEXED BY gift_date_donor
		      WHERE date_received BETWEEN ? AND ? GROUP BY donor_id
		      ORDER BY total DESC, donor_id LIMIT ?) t
		JOIN contact c ON c.id = t.donor_id
		ORDER BY t.total DESC, t.donor_id`, from, to, n)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []report.DonorTotal
	for rows.Next() {
		var d report.DonorTotal
		var c contact.Contact
		if err := rows.Scan(&d.ID, &d.Count, &d.Total, &c.Kind, &c.FirstName, &c.LastName, &c.OrgName); err != nil {
			return nil, err
		}
		d.Name = donorName(c)
		out = append(out, d)
	}
	return out, mapError(rows.Err())
}

// WaitingReceipts counts the gifts whose date under rule falls from from
// to to, that no valid receipt covers and that donation.Receiptable would
// accept, and sums what their receipts would show. The rules of
// Receiptable, in SQL: a membership fee counts for its part without
// counterpart, if any; another gift only when its counterparts stay
// within 25 % of it; a gift in kind needs its description and valuation;
// expenses given up need a complete expense claim (signed waiver,
// documents, recorded in the accounts, total equal to the gift).
//
// The gifts are read from gift_receipt_date (rule "cashed") or
// gift_date_donor (rule "received") alone; only gifts in kind and
// expenses given up, which are few, are read from the table for the
// columns that decide their case.
func (db *DB) WaitingReceipts(ctx context.Context, from, to string, rule receipt.DateRule) (int, money.Cents, error) {
	date, index := `coalesce(g.date_cashed, g.date_received)`, `gift_receipt_date`
	if rule == receipt.Received {
		date, index = `g.date_received`, `gift_date_donor`
	}
	var n int
	var total money.Cents
	// The common case (no counterpart, a gift in cash) is decided first:
	// the query reads 90,000 index entries a year.
	err := db.r.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(g.amount_cents - (g.kind = 'cotisation') * g.counterpart_cents), 0)
		FROM gift g INDEXED BY `+index+`
		LEFT JOIN receipt_line l ON l.gift_id = g.id AND l.active = 1
		WHERE `+date+` BETWEEN ? AND ? AND l.gift_id IS NULL
		AND (g.counterpart_cents = 0 OR CASE g.kind WHEN 'cotisation' THEN g.amount_cents > g.counterpart_cents
			ELSE 4 * g.counterpart_cents <= g.amount_cents END)
		AND (g.nature = 'numeraire' OR g.nature NOT IN ('nature', 'frais_benevoles') OR EXISTS (SELECT 1 FROM gift s
			WHERE s.id = g.id
			AND (s.nature <> 'nature' OR (trim(s.description) <> '' AND trim(s.valuation_method) <> ''))
			AND (s.nature <> 'frais_benevoles' OR EXISTS (SELECT 1 FROM expense_claim c
				WHERE c.gift_id = s.id AND c.waiver_signed_on IS NOT NULL AND trim(c.waiver_text) <> ''
				AND c.recorded_in_accounts = 1
				AND EXISTS (SELECT 1 FROM expense_document d WHERE d.claim_id = c.id)
				AND (SELECT coalesce(sum(amount_cents), 0) FROM expense_line e WHERE e.claim_id = c.id) = s.amount_cents))))`,
		from, to).Scan(&n, &total)
	if err != nil {
		return 0, 0, fmt.Errorf("count gifts waiting for a receipt: %w", mapError(err))
	}
	return n, total, nil
}
