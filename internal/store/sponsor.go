package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// CreateSponsorCase saves a new sponsorship case and its counterparts. The
// organisation must exist and be an organisation; a second case for the
// same organisation and year is an apperr.ErrConflict.
func (db *DB) CreateSponsorCase(ctx context.Context, c *sponsor.Case) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		name, err := sponsorOrgName(ctx, tx, c.OrgID)
		if err != nil {
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO sponsorship_case (organisation_id, year, stage,
			expected_cents, probability, next_action, next_action_date, convention_start, convention_end,
			notes, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.OrgID, c.Year, c.Stage, c.Expected, c.Probability, c.NextAction, c.NextActionDate,
			c.ConventionStart, c.ConventionEnd, c.Notes, now, now)
		if err != nil {
			return sponsorConflict(err, name, c.Year)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for i := range c.Counterparts {
			if err := insertCounterpart(ctx, tx, c.ID, &c.Counterparts[i], now); err != nil {
				return fmt.Errorf("counterpart %d: %w", i+1, err)
			}
		}
		c.OrgName = name
		c.CreatedAt, _ = time.Parse(time.RFC3339, now)
		c.UpdatedAt = c.CreatedAt
		details := caseDetails(c)
		details["counterparts"] = len(c.Counterparts)
		return db.audit(ctx, tx, "create", "sponsorship_case", c.ID, details)
	})
}

// UpdateSponsorCase saves the fields of an existing case; its
// counterparts are not touched.
func (db *DB) UpdateSponsorCase(ctx context.Context, c *sponsor.Case) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		name, err := sponsorOrgName(ctx, tx, c.OrgID)
		if err != nil {
			return err
		}
		now := db.now()
		res, err := tx.ExecContext(ctx, `UPDATE sponsorship_case SET organisation_id = ?, year = ?,
			stage = ?, expected_cents = ?, probability = ?, next_action = ?, next_action_date = ?,
			convention_start = ?, convention_end = ?, notes = ?, updated_at = ?
			WHERE id = ?`,
			c.OrgID, c.Year, c.Stage, c.Expected, c.Probability, c.NextAction, c.NextActionDate,
			c.ConventionStart, c.ConventionEnd, c.Notes, now, c.ID)
		if err != nil {
			return sponsorConflict(err, name, c.Year)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return caseNotFound(c.ID)
		}
		c.OrgName = name
		c.UpdatedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "update", "sponsorship_case", c.ID, caseDetails(c))
	})
}

// GetSponsorCase returns one case with its counterparts.
func (db *DB) GetSponsorCase(ctx context.Context, id int64) (sponsor.Case, error) {
	cases, err := db.listSponsorCases(ctx, `s.id = ?`, []any{id})
	if err != nil {
		return sponsor.Case{}, err
	}
	if len(cases) == 0 {
		return sponsor.Case{}, caseNotFound(id)
	}
	return cases[0], nil
}

// ListSponsorCases returns the cases f selects with their counterparts,
// newest year first, then by organisation name.
func (db *DB) ListSponsorCases(ctx context.Context, f sponsor.Filter) ([]sponsor.Case, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Year != 0 {
		where, args = append(where, "s.year = ?"), append(args, f.Year)
	}
	if f.Stage != "" {
		where, args = append(where, "s.stage = ?"), append(args, f.Stage)
	}
	if f.OrgID != 0 {
		where, args = append(where, "s.organisation_id = ?"), append(args, f.OrgID)
	}
	return db.listSponsorCases(ctx, strings.Join(where, " AND "), args)
}

// listSponsorCases reads the cases matching where (over sponsorship_case
// s) and their counterparts in one read transaction, so both queries see
// the same data.
func (db *DB) listSponsorCases(ctx context.Context, where string, args []any) ([]sponsor.Case, error) {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, mapError(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.organisation_id, c.org_name, s.year, s.stage,
		s.expected_cents, s.probability, s.next_action, s.next_action_date, s.convention_start,
		s.convention_end, s.notes, s.created_at, s.updated_at
		FROM sponsorship_case s JOIN contact c ON c.id = s.organisation_id
		WHERE `+where+`
		ORDER BY s.year DESC, c.sort_name, s.id`, args...)
	if err != nil {
		return nil, mapError(err)
	}
	var cases []sponsor.Case
	index := make(map[int64]int)
	for rows.Next() {
		c, err := scanSponsorCase(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		index[c.ID] = len(cases)
		cases = append(cases, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(cases) == 0 {
		return nil, nil
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, case_id, item, value_cents, delivered, delivered_on
		FROM counterpart WHERE case_id IN (SELECT s.id FROM sponsorship_case s WHERE `+where+`)
		ORDER BY case_id, id`, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var caseID int64
		cp, err := scanCounterpart(rows, &caseID)
		if err != nil {
			return nil, err
		}
		if i, ok := index[caseID]; ok {
			cases[i].Counterparts = append(cases[i].Counterparts, cp)
		}
	}
	return cases, mapError(rows.Err())
}

func scanSponsorCase(rows *sql.Rows) (sponsor.Case, error) {
	var c sponsor.Case
	var created, updated string
	err := rows.Scan(&c.ID, &c.OrgID, &c.OrgName, &c.Year, &c.Stage, &c.Expected, &c.Probability,
		&c.NextAction, &c.NextActionDate, &c.ConventionStart, &c.ConventionEnd, &c.Notes, &created, &updated)
	if err != nil {
		return c, err
	}
	c.CreatedAt, _ = time.Parse(time.RFC3339, created)
	c.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
	return c, nil
}

func scanCounterpart(rows *sql.Rows, caseID *int64) (sponsor.Counterpart, error) {
	cp := sponsor.Counterpart{Promised: true}
	err := rows.Scan(&cp.ID, caseID, &cp.Item, &cp.Value, &cp.Delivered, &cp.DeliveredOn)
	return cp, err
}

// AddCounterpart records a counterpart promised in case caseID.
func (db *DB) AddCounterpart(ctx context.Context, caseID int64, cp *sponsor.Counterpart) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sponsorship_case WHERE id = ?`, caseID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return caseNotFound(caseID)
		}
		if err := insertCounterpart(ctx, tx, caseID, cp, db.now()); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "counterpart", cp.ID, map[string]any{
			"case_id": caseID, "item": cp.Item, "value_cents": cp.Value})
	})
}

func insertCounterpart(ctx context.Context, tx *sql.Tx, caseID int64, cp *sponsor.Counterpart, now string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO counterpart (case_id, item, value_cents, delivered, delivered_on, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, caseID, strings.TrimSpace(cp.Item), cp.Value, cp.Delivered, cp.DeliveredOn, now)
	if err != nil {
		return err
	}
	cp.Promised = true
	cp.ID, err = res.LastInsertId()
	return err
}

// MarkCounterpartDelivered records that counterpart id was given to the
// sponsor on the civil date on.
func (db *DB) MarkCounterpartDelivered(ctx context.Context, id int64, on string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var caseID int64
		err := tx.QueryRowContext(ctx, `UPDATE counterpart SET delivered = 1, delivered_on = ?
			WHERE id = ? RETURNING case_id`, on, id).Scan(&caseID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound("sponsor.counterpart_not_found",
				fmt.Sprintf("La contrepartie n° %d n'existe pas. Actualisez la liste des contreparties puis recommencez.", id))
		}
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "deliver", "counterpart", id, map[string]any{"case_id": caseID, "delivered_on": on})
	})
}

// OrganisationGiftTotal sums the gifts received from orgID in the calendar
// year. Membership fees are left out: they pay for membership, they are
// not sponsorship.
func (db *DB) OrganisationGiftTotal(ctx context.Context, orgID int64, year int) (money.Cents, error) {
	var total money.Cents
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(sum(amount_cents), 0) FROM gift
		WHERE donor_id = ? AND kind = 'don' AND date_received BETWEEN ? AND ?`,
		orgID, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)).Scan(&total)
	return total, mapError(err)
}

// sponsorOrgName checks that id is an organisation and returns its name.
func sponsorOrgName(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var kind contact.Kind
	var name string
	err := tx.QueryRowContext(ctx, `SELECT kind, org_name FROM contact WHERE id = ? AND erased_at IS NULL`, id).Scan(&kind, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.NotFound("sponsor.org_not_found",
			fmt.Sprintf("L'organisation n° %d n'existe pas ou a été effacée. Choisissez une organisation dans les contacts.", id))
	}
	if err != nil {
		return "", err
	}
	if kind != contact.Organisation {
		return "", apperr.InvalidField("organisation", "sponsor.org_is_person",
			"Un mécénat se rattache à une organisation, pas à une personne. Choisissez l'entreprise ou la fondation mécène.")
	}
	return name, nil
}

// sponsorConflict turns the UNIQUE (organisation_id, year) failure into a
// message that says which case already exists.
func sponsorConflict(err error, name string, year int) error {
	err = mapError(err)
	if !errors.Is(err, apperr.ErrConflict) {
		return err
	}
	e := apperr.Conflict("sponsor.case_exists", fmt.Sprintf(
		"%s a déjà un dossier de mécénat pour %d. Ouvrez ce dossier pour le modifier, ou choisissez une autre année.", name, year))
	e.Err = err
	return e
}

func caseNotFound(id int64) error {
	return apperr.NotFound("sponsor.case_not_found",
		fmt.Sprintf("Le dossier de mécénat n° %d n'existe pas. Actualisez la liste des dossiers puis recommencez.", id))
}

// caseDetails is what the audit log keeps of a case.
func caseDetails(c *sponsor.Case) map[string]any {
	return map[string]any{
		"organisation_id": c.OrgID, "year": c.Year, "stage": c.Stage, "expected_cents": c.Expected,
		"probability": c.Probability, "next_action": c.NextAction, "next_action_date": c.NextActionDate,
		"convention_start": c.ConventionStart, "convention_end": c.ConventionEnd,
	}
}
