package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// CreateGift saves a new gift.
func (db *DB) CreateGift(ctx context.Context, g *donation.Gift) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := insertGift(ctx, tx, g, db.now()); err != nil {
			return err
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

func insertGift(ctx context.Context, tx *sql.Tx, g *donation.Gift, now string) error {
	kind := "don"
	if g.Membership {
		kind = "cotisation"
	}
	if g.Nature == "" {
		g.Nature = donation.Numeraire
	}
	if g.Forme == "" {
		g.Forme = donation.DonManuel
	}
	if g.Source == "" {
		g.Source = "manual"
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO gift (donor_id, amount_cents, date_received, date_cashed,
		method, cheque_number, bank, nature, forme, kind, description, valuation_method, campaign, source,
		reference, counterpart_cents, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		g.DonorID, g.Amount, g.DateReceived, nullString(g.DateCashed), g.Method, g.ChequeNumber, g.Bank,
		g.Nature, g.Forme, kind, g.Description, g.ValuationMethod, g.Campaign, g.Source,
		nullString(g.Reference), g.Counterparts, g.Note, now)
	if err != nil {
		return err
	}
	g.ID, err = res.LastInsertId()
	return err
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

// MonthTotals returns the total of gifts for each month (1–12) of year.
func (db *DB) MonthTotals(ctx context.Context, year int) ([12]money.Cents, error) {
	var out [12]money.Cents
	from, to := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
	rows, err := db.r.QueryContext(ctx, `SELECT CAST(substr(date_received, 6, 2) AS INTEGER), sum(amount_cents)
		FROM gift WHERE date_received BETWEEN ? AND ? GROUP BY 1`, from, to)
	if err != nil {
		return out, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m int
		var c money.Cents
		if err := rows.Scan(&m, &c); err != nil {
			return out, err
		}
		if m >= 1 && m <= 12 {
			out[m-1] = c
		}
	}
	return out, rows.Err()
}
