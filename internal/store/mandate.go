package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
)

// CreateMandate saves a new direct-debit mandate.
func (db *DB) CreateMandate(ctx context.Context, m *donation.Mandate) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := checkDonor(ctx, tx, m.DonorID); err != nil {
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO mandate (donor_id, amount_cents, day_of_month, start_date,
			end_date, reference, method, campaign, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.DonorID, m.Amount, m.DayOfMonth, m.StartDate, nullString(m.EndDate), m.Reference, m.Method,
			m.Campaign, m.Active, now)
		if err != nil {
			return err
		}
		if m.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		m.CreatedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "create", "mandate", m.ID, map[string]any{
			"donor_id": m.DonorID, "amount_cents": m.Amount, "day_of_month": m.DayOfMonth, "start_date": m.StartDate})
	})
}

// ListMandates returns every mandate with its donor's name, by number.
func (db *DB) ListMandates(ctx context.Context) ([]donation.Mandate, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT m.id, m.donor_id, m.amount_cents, m.day_of_month, m.start_date,
		coalesce(m.end_date, ''), m.reference, m.method, m.campaign, m.active, m.created_at,
		c.kind, c.first_name, c.last_name, c.org_name
		FROM mandate m JOIN contact c ON c.id = m.donor_id ORDER BY m.id`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []donation.Mandate
	for rows.Next() {
		var m donation.Mandate
		var d contact.Contact
		var created string
		if err := rows.Scan(&m.ID, &m.DonorID, &m.Amount, &m.DayOfMonth, &m.StartDate, &m.EndDate, &m.Reference,
			&m.Method, &m.Campaign, &m.Active, &created, &d.Kind, &d.FirstName, &d.LastName, &d.OrgName); err != nil {
			return nil, err
		}
		m.CreatedAt, _ = time.Parse(time.RFC3339, created)
		m.DonorName = donorName(d)
		out = append(out, m)
	}
	return out, mapError(rows.Err())
}

// InsertMandateGifts saves the gifts of a run of the mandates in one
// transaction. A gift already recorded (same source and reference, or
// same mandate and date: UNIQUE constraints) is skipped, so that running
// a month again adds nothing. It returns how many gifts were added.
func (db *DB) InsertMandateGifts(ctx context.Context, gs []donation.Gift) (int, error) {
	created := 0
	err := db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		created = 0
		for i := range gs {
			added, err := insertGiftOr(ctx, tx, &gs[i], now, `ON CONFLICT DO NOTHING`)
			if err != nil {
				return fmt.Errorf("gift of mandate %d: %w", gs[i].MandateID, err)
			}
			if added {
				created++
			}
		}
		if created == 0 {
			return nil
		}
		return db.audit(ctx, tx, "import", "gift", 0, map[string]any{"source": donation.SourceMandate, "count": created})
	})
	if err != nil {
		return 0, err
	}
	return created, nil
}
