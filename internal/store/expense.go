package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
)

// KmRates returns every row of the kilometric scale, all versions, by
// version, vehicle, power and band.
func (db *DB) KmRates(ctx context.Context) ([]donation.KmRate, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, effective_from, vehicle, hp_min, coalesce(hp_max, 0),
		coalesce(km_max, 0), rate_millicents_per_km, fixed_cents, electric_bonus_percent
		FROM km_scale ORDER BY effective_from, vehicle, hp_min, km_max IS NULL, km_max`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []donation.KmRate
	for rows.Next() {
		var r donation.KmRate
		if err := rows.Scan(&r.ID, &r.EffectiveFrom, &r.Vehicle, &r.HPMin, &r.HPMax, &r.KmMax,
			&r.RateMillicentsPerKm, &r.Fixed, &r.ElectricBonusPercent); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}

// AddKmScale saves a new version of the kilometric scale; a version that
// already exists is an apperr.ErrConflict.
func (db *DB) AddKmScale(ctx context.Context, s donation.KmScale) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM km_scale WHERE effective_from = ?`, s.EffectiveFrom).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Conflict("km_scale.exists", fmt.Sprintf(
				"Un barème kilométrique en vigueur au %s existe déjà. Un barème utilisé ne se modifie pas : ajoutez une nouvelle version à une autre date.", s.EffectiveFrom))
		}
		for _, r := range s.Rates {
			if _, err := tx.ExecContext(ctx, `INSERT INTO km_scale (effective_from, vehicle, hp_min, hp_max, km_max,
				rate_millicents_per_km, fixed_cents, electric_bonus_percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				s.EffectiveFrom, r.Vehicle, r.HPMin, nullInt(r.HPMax), nullInt(r.KmMax), r.RateMillicentsPerKm,
				r.Fixed, r.ElectricBonusPercent); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, "create", "km_scale", 0, map[string]any{"effective_from": s.EffectiveFrom, "rows": len(s.Rates)})
	})
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// CreateExpenseClaim saves a new expense claim, without lines.
func (db *DB) CreateExpenseClaim(ctx context.Context, c *donation.ExpenseClaim) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := checkDonor(ctx, tx, c.VolunteerID); err != nil {
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO expense_claim (volunteer_id, claim_date, purpose, created_at)
			VALUES (?, ?, ?, ?)`, c.VolunteerID, c.ClaimDate, c.Purpose, now)
		if err != nil {
			return err
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		c.CreatedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "create", "expense_claim", c.ID, map[string]any{
			"volunteer_id": c.VolunteerID, "claim_date": c.ClaimDate})
	})
}

// GetExpenseClaim returns a claim with its volunteer's name, its lines
// and its documents (without their data).
func (db *DB) GetExpenseClaim(ctx context.Context, id int64) (donation.ExpenseClaim, error) {
	c, err := db.expenseClaim(ctx, `ec.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFound("expense.claim_not_found", fmt.Sprintf(
			"La note de frais n° %d n'existe pas. Vérifiez son numéro.", id))
	}
	return c, err
}

// ExpenseClaimOfGift returns the claim that became gift giftID, or nil.
func (db *DB) ExpenseClaimOfGift(ctx context.Context, giftID int64) (*donation.ExpenseClaim, error) {
	c, err := db.expenseClaim(ctx, `ec.gift_id = ?`, giftID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func (db *DB) expenseClaim(ctx context.Context, where string, arg any) (donation.ExpenseClaim, error) {
	var c donation.ExpenseClaim
	var d contact.Contact
	var created string
	err := db.r.QueryRowContext(ctx, `SELECT ec.id, ec.volunteer_id, ec.claim_date, ec.purpose,
		coalesce(ec.scale_effective_from, ''), ec.waiver_text, coalesce(ec.waiver_signed_on, ''),
		ec.recorded_in_accounts, coalesce(ec.gift_id, 0), ec.created_at,
		c.kind, c.first_name, c.last_name, c.org_name
		FROM expense_claim ec JOIN contact c ON c.id = ec.volunteer_id WHERE `+where, arg).Scan(
		&c.ID, &c.VolunteerID, &c.ClaimDate, &c.Purpose, &c.ScaleEffectiveFrom, &c.WaiverText, &c.WaiverSignedOn,
		&c.RecordedInAccounts, &c.GiftID, &created, &d.Kind, &d.FirstName, &d.LastName, &d.OrgName)
	if err != nil {
		return c, err
	}
	c.CreatedAt, _ = time.Parse(time.RFC3339, created)
	c.VolunteerName = donorName(d)
	rows, err := db.r.QueryContext(ctx, `SELECT id, claim_id, date, description, kind, km, year_km, fiscal_hp,
		vehicle, electric, amount_cents FROM expense_line WHERE claim_id = ? ORDER BY date, id`, c.ID)
	if err != nil {
		return c, mapError(err)
	}
	for rows.Next() {
		var l donation.ExpenseLine
		if err := rows.Scan(&l.ID, &l.ClaimID, &l.Date, &l.Description, &l.Kind, &l.Km, &l.YearKm, &l.FiscalHP,
			&l.Vehicle, &l.Electric, &l.Amount); err != nil {
			rows.Close()
			return c, err
		}
		c.Lines = append(c.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, mapError(err)
	}
	rows, err = db.r.QueryContext(ctx, `SELECT id, claim_id, name, mime, length(data), sha256, added_at
		FROM expense_document WHERE claim_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return c, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var d donation.ExpenseDocument
		var added string
		if err := rows.Scan(&d.ID, &d.ClaimID, &d.Name, &d.MIME, &d.Size, &d.SHA256, &added); err != nil {
			return c, err
		}
		d.AddedAt, _ = time.Parse(time.RFC3339, added)
		c.Documents = append(c.Documents, d)
	}
	return c, mapError(rows.Err())
}

// AddExpenseLine adds a line to a claim that is still open: not signed
// and not turned into a gift. scaleVersion, for a km line, is recorded on
// the claim when it has none, and must match the one it has.
func (db *DB) AddExpenseLine(ctx context.Context, l *donation.ExpenseLine, scaleVersion string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var signed, version string
		var gift int64
		err := tx.QueryRowContext(ctx, `SELECT coalesce(waiver_signed_on, ''), coalesce(gift_id, 0),
			coalesce(scale_effective_from, '') FROM expense_claim WHERE id = ?`, l.ClaimID).Scan(&signed, &gift, &version)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound("expense.claim_not_found", fmt.Sprintf(
				"La note de frais n° %d n'existe pas. Vérifiez son numéro.", l.ClaimID))
		}
		if err != nil {
			return err
		}
		if signed != "" || gift != 0 {
			return apperr.Conflict("expense.claim_closed", fmt.Sprintf(
				"La note de frais n° %d est signée : ses lignes ne changent plus. Faites une nouvelle note de frais pour d'autres dépenses.", l.ClaimID))
		}
		if scaleVersion != "" {
			if version != "" && version != scaleVersion {
				return apperr.Conflict("expense.scale_mixed", fmt.Sprintf(
					"La note de frais n° %d utilise le barème du %s, pas celui du %s. Faites une note de frais par année de barème.",
					l.ClaimID, version, scaleVersion))
			}
			if _, err := tx.ExecContext(ctx, `UPDATE expense_claim SET scale_effective_from = ? WHERE id = ?`,
				scaleVersion, l.ClaimID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO expense_line (claim_id, date, description, kind, km, year_km,
			fiscal_hp, vehicle, electric, amount_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			l.ClaimID, l.Date, l.Description, l.Kind, l.Km, l.YearKm, l.FiscalHP, l.Vehicle, l.Electric, l.Amount)
		if err != nil {
			return err
		}
		if l.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "expense_line", l.ID, map[string]any{
			"claim_id": l.ClaimID, "kind": l.Kind, "km": l.Km, "amount_cents": l.Amount, "scale": scaleVersion})
	})
}

// AddExpenseDocument saves a supporting document of a claim.
func (db *DB) AddExpenseDocument(ctx context.Context, d *donation.ExpenseDocument) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO expense_document (claim_id, name, mime, data, sha256, added_at)
			SELECT id, ?, ?, ?, ?, ? FROM expense_claim WHERE id = ?`,
			d.Name, d.MIME, d.Data, d.SHA256, now, d.ClaimID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.NotFound("expense.claim_not_found", fmt.Sprintf(
				"La note de frais n° %d n'existe pas. Vérifiez son numéro.", d.ClaimID))
		}
		if d.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		d.AddedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "create", "expense_document", d.ID, map[string]any{
			"claim_id": d.ClaimID, "mime": d.MIME, "size": len(d.Data), "sha256": d.SHA256})
	})
}

// ExpenseDocument returns one supporting document with its data.
func (db *DB) ExpenseDocument(ctx context.Context, id int64) (donation.ExpenseDocument, error) {
	var d donation.ExpenseDocument
	var added string
	err := db.r.QueryRowContext(ctx, `SELECT id, claim_id, name, mime, data, sha256, added_at
		FROM expense_document WHERE id = ?`, id).Scan(&d.ID, &d.ClaimID, &d.Name, &d.MIME, &d.Data, &d.SHA256, &added)
	if errors.Is(err, sql.ErrNoRows) {
		return d, apperr.NotFound("expense.document_not_found", fmt.Sprintf(
			"Le justificatif n° %d n'existe pas. Actualisez la note de frais.", id))
	}
	if err != nil {
		return d, mapError(err)
	}
	d.Size = len(d.Data)
	d.AddedAt, _ = time.Parse(time.RFC3339, added)
	return d, nil
}

// SignExpenseWaiver records the written waiver of a claim, once.
func (db *DB) SignExpenseWaiver(ctx context.Context, claimID int64, date, text string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE expense_claim SET waiver_signed_on = ?, waiver_text = ?
			WHERE id = ? AND waiver_signed_on IS NULL`, date, text, claimID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.Conflict("expense.waiver_not_signable", fmt.Sprintf(
				"La renonciation de la note de frais n° %d n'a pas pu être enregistrée : la note n'existe pas ou est déjà signée. Actualisez la note de frais.", claimID))
		}
		return db.audit(ctx, tx, "sign", "expense_claim", claimID, map[string]any{"waiver_signed_on": date})
	})
}

// SetExpenseRecorded records whether a claim is entered in the accounts.
func (db *DB) SetExpenseRecorded(ctx context.Context, claimID int64, recorded bool) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE expense_claim SET recorded_in_accounts = ? WHERE id = ?`, recorded, claimID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.NotFound("expense.claim_not_found", fmt.Sprintf(
				"La note de frais n° %d n'existe pas. Vérifiez son numéro.", claimID))
		}
		return db.audit(ctx, tx, "update", "expense_claim", claimID, map[string]any{"recorded_in_accounts": recorded})
	})
}

// CreateGiftFromClaim saves g and links the claim to it in one
// transaction; a claim that already has a gift is an apperr.ErrConflict.
func (db *DB) CreateGiftFromClaim(ctx context.Context, claimID int64, g *donation.Gift) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if err := insertGift(ctx, tx, g, db.now()); err != nil {
			return giftConflict(err, g)
		}
		res, err := tx.ExecContext(ctx, `UPDATE expense_claim SET gift_id = ? WHERE id = ? AND gift_id IS NULL`, g.ID, claimID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.Conflict("expense.claim_has_gift", fmt.Sprintf(
				"La note de frais n° %d est déjà devenue un don.", claimID))
		}
		return db.audit(ctx, tx, "create", "gift", g.ID, map[string]any{
			"donor_id": g.DonorID, "amount_cents": g.Amount, "date_received": g.DateReceived, "expense_claim_id": claimID})
	})
}
