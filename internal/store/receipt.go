package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// Receipts (0007_receipts.sql). The schema's triggers do the numbering
// and refuse any change to an issued receipt; the methods here check the
// same rules first, so that users get a message that says what to do,
// and the triggers stay the last line of defence.

// receiptIssuerJSON is the association as stored in issuer_snapshot: the
// images are named by their SHA-256 in receipt_asset. Field names are
// part of the stored format: never rename them.
type receiptIssuerJSON struct {
	Name            string `json:"name"`
	SIREN           string `json:"siren"`
	RNA             string `json:"rna"`
	Street          string `json:"street"`
	Postcode        string `json:"postcode"`
	City            string `json:"city"`
	Country         string `json:"country"`
	Object          string `json:"object"`
	CategoryCode    string `json:"category_code"`
	CategoryWording string `json:"category_wording"`
	ParentWording   string `json:"parent_wording"`
	SignerName      string `json:"signer_name"`
	SignerRole      string `json:"signer_role"`
	Signature       string `json:"signature_sha256"`
	SignatureMIME   string `json:"signature_mime"`
	Logo            string `json:"logo_sha256"`
	LogoMIME        string `json:"logo_mime"`
	IFIEligible     bool   `json:"ifi_eligible"`
}

// receiptDonorJSON is the donor as stored in donor_snapshot.
type receiptDonorJSON struct {
	Kind        donation.DonorKind `json:"kind"`
	LastName    string             `json:"last_name,omitempty"`
	FirstName   string             `json:"first_name,omitempty"`
	CompanyName string             `json:"company_name,omitempty"`
	LegalForm   string             `json:"legal_form,omitempty"`
	SIREN       string             `json:"siren,omitempty"`
	Street      string             `json:"street"`
	Postcode    string             `json:"postcode"`
	City        string             `json:"city"`
	Country     string             `json:"country"`
}

func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func spellingCode(sp money.Spelling) string {
	if sp == money.Rectified1990 {
		return "1990"
	}
	return "traditionnelle"
}

// receiptConflict turns a refusal by one of the receipt triggers into a
// user error; other errors go through mapError.
func receiptConflict(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_TRIGGER {
		e := apperr.Conflict("receipt.refused_by_database",
			"La base de données a refusé cette opération sur les reçus, qui en aurait rompu la numérotation ou l'intégrité. Rien n'a été modifié. Lancez « bureau receipts check » ; si le problème persiste, signalez-le.")
		e.Err = err
		return e
	}
	return mapError(err)
}

// ReceiptCandidates returns the gifts q selects, ordered by donor, date
// and number, with the expense claims of volunteers' expenses and the
// number of the valid receipt covering each.
func (db *DB) ReceiptCandidates(ctx context.Context, q receipt.GiftQuery) ([]receipt.Candidate, error) {
	date := `coalesce(g.date_cashed, g.date_received)`
	if q.Rule == receipt.Received {
		date = `g.date_received`
	}
	where := []string{"1 = 1"}
	var args []any
	if q.From != "" {
		where = append(where, date+` >= ?`)
		args = append(args, q.From)
	}
	if q.To != "" {
		where = append(where, date+` <= ?`)
		args = append(args, q.To)
	}
	if q.DonorID != 0 {
		where = append(where, `g.donor_id = ?`)
		args = append(args, q.DonorID)
	}
	if len(q.GiftIDs) > 0 {
		ids, _ := json.Marshal(q.GiftIDs)
		where = append(where, `g.id IN (SELECT value FROM json_each(?))`)
		args = append(args, string(ids))
	}
	if q.Unreceipted {
		where = append(where, `NOT EXISTS (SELECT 1 FROM receipt_line l WHERE l.gift_id = g.id AND l.active = 1)`)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+giftColumns+`,
		coalesce((SELECT r.number FROM receipt_line l JOIN receipt r ON r.id = l.receipt_id
		          WHERE l.gift_id = g.id AND l.active = 1), '')
		FROM gift g WHERE `+strings.Join(where, " AND ")+`
		ORDER BY g.donor_id, `+date+`, g.id`, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []receipt.Candidate
	var frais []int64
	for rows.Next() {
		var c receipt.Candidate
		if c.Gift, err = scanGift(rows, &c.Receipted); err != nil {
			return nil, err
		}
		if c.Gift.Nature == donation.ExpensesWaived {
			frais = append(frais, c.Gift.ID)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(frais) > 0 {
		claims, err := db.receiptClaims(ctx, frais)
		if err != nil {
			return nil, err
		}
		for i := range out {
			if cl, ok := claims[out[i].Gift.ID]; ok {
				out[i].Claim = cl
			}
		}
	}
	return out, nil
}

// receiptClaims returns the expense claims behind these gifts, by gift,
// with their lines and their documents (without the documents' data).
func (db *DB) receiptClaims(ctx context.Context, giftIDs []int64) (map[int64]*donation.ExpenseClaim, error) {
	ids, _ := json.Marshal(giftIDs)
	rows, err := db.r.QueryContext(ctx, `SELECT id, volunteer_id, claim_date, purpose, coalesce(scale_effective_from, ''),
		waiver_text, coalesce(waiver_signed_on, ''), recorded_in_accounts, gift_id
		FROM expense_claim WHERE gift_id IN (SELECT value FROM json_each(?))`, string(ids))
	if err != nil {
		return nil, mapError(err)
	}
	byGift := map[int64]*donation.ExpenseClaim{}
	byID := map[int64]*donation.ExpenseClaim{}
	for rows.Next() {
		c := &donation.ExpenseClaim{}
		if err := rows.Scan(&c.ID, &c.VolunteerID, &c.ClaimDate, &c.Purpose, &c.ScaleEffectiveFrom,
			&c.WaiverText, &c.WaiverSignedOn, &c.RecordedInAccounts, &c.GiftID); err != nil {
			rows.Close()
			return nil, err
		}
		byGift[c.GiftID], byID[c.ID] = c, c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	if len(byID) == 0 {
		return byGift, nil
	}
	claimIDs := make([]int64, 0, len(byID))
	for id := range byID {
		claimIDs = append(claimIDs, id)
	}
	cids, _ := json.Marshal(claimIDs)
	rows, err = db.r.QueryContext(ctx, `SELECT id, claim_id, date, description, kind, amount_cents
		FROM expense_line WHERE claim_id IN (SELECT value FROM json_each(?)) ORDER BY date, id`, string(cids))
	if err != nil {
		return nil, mapError(err)
	}
	for rows.Next() {
		var l donation.ExpenseLine
		if err := rows.Scan(&l.ID, &l.ClaimID, &l.Date, &l.Description, &l.Kind, &l.Amount); err != nil {
			rows.Close()
			return nil, err
		}
		byID[l.ClaimID].Lines = append(byID[l.ClaimID].Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	rows, err = db.r.QueryContext(ctx, `SELECT id, claim_id, name, mime, length(data), sha256
		FROM expense_document WHERE claim_id IN (SELECT value FROM json_each(?)) ORDER BY id`, string(cids))
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var d donation.ExpenseDocument
		if err := rows.Scan(&d.ID, &d.ClaimID, &d.Name, &d.MIME, &d.Size, &d.SHA256); err != nil {
			return nil, err
		}
		byID[d.ClaimID].Documents = append(byID[d.ClaimID].Documents, d)
	}
	return byGift, mapError(rows.Err())
}

// ReceiptDonors returns the contacts with these IDs and their postal
// addresses, erased ones included and flagged.
func (db *DB) ReceiptDonors(ctx context.Context, ids []int64) (map[int64]receipt.Donor, error) {
	out := map[int64]receipt.Donor{}
	if len(ids) == 0 {
		return out, nil
	}
	js, _ := json.Marshal(ids)
	rows, err := db.r.QueryContext(ctx, `SELECT id, kind, civility, first_name, last_name, org_name, org_kind,
		legal_form, siren, fiscal_year_end, erased_at IS NOT NULL
		FROM contact WHERE id IN (SELECT value FROM json_each(?))`, string(js))
	if err != nil {
		return nil, mapError(err)
	}
	for rows.Next() {
		var d receipt.Donor
		if err := rows.Scan(&d.ID, &d.Kind, &d.Civility, &d.FirstName, &d.LastName, &d.OrgName, &d.OrgKind,
			&d.LegalForm, &d.SIREN, &d.FiscalYearEnd, &d.Erased); err != nil {
			rows.Close()
			return nil, err
		}
		out[d.ID] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	rows, err = db.r.QueryContext(ctx, `SELECT contact_id, label, street, postcode, city, country, preferred
		FROM contact_address WHERE contact_id IN (SELECT value FROM json_each(?))
		ORDER BY contact_id, preferred DESC, id`, string(js))
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a contact.Address
		if err := rows.Scan(&id, &a.Label, &a.Street, &a.Postcode, &a.City, &a.Country, &a.Preferred); err != nil {
			return nil, err
		}
		d := out[id]
		d.Addresses = append(d.Addresses, a)
		out[id] = d
	}
	return out, mapError(rows.Err())
}

// IssueReceipts numbers, draws and saves drafts in one write transaction:
// each takes its year's next number (the triggers refuse any other), the
// gifts are checked unchanged and free, render draws the PDFs with their
// numbers, and the receipts, lines, PDFs and audit entries are written.
// If anything fails nothing is saved and no number is used.
//
// A draft may come already drawn with the number it was expected to get
// (Bulk draws the next batch while this one is written): its PDF is kept
// only if that number is the one the counter gives it here, and drawn
// again otherwise, so a stored PDF always carries the number committed
// with it.
func (db *DB) IssueReceipts(ctx context.Context, runID int64, drafts []receipt.Draft, render receipt.RenderBatch) error {
	if len(drafts) == 0 {
		return nil
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		next := map[int]int{}
		for i := range drafts {
			r := &drafts[i].Receipt
			expected := r.Number
			if err := numberReceipt(ctx, tx, r, next); err != nil {
				return err
			}
			if r.Number != expected {
				r.PDF, r.SHA256 = nil, ""
			}
		}
		check, err := tx.PrepareContext(ctx, receiptGiftQuery)
		if err != nil {
			return err
		}
		defer check.Close()
		for i := range drafts {
			if err := checkReceiptGifts(ctx, check, &drafts[i]); err != nil {
				return err
			}
		}
		ins, err := newReceiptInserter(ctx, tx, db.now())
		if err != nil {
			return err
		}
		defer ins.close()
		rs := make([]*donation.Receipt, len(drafts))
		for i := range drafts {
			rs[i] = &drafts[i].Receipt
		}
		drawn, stop := render(rs)
		defer stop()
		for i := range drafts {
			if err := drawn(i); err != nil {
				return err
			}
			if err := ins.insert(ctx, &drafts[i].Receipt, runID); err != nil {
				return err
			}
			r := &drafts[i].Receipt
			if err := db.audit(ctx, tx, "issue", "receipt", r.ID, receiptAudit(r, runID)); err != nil {
				return err
			}
		}
		return nil
	})
	return receiptConflict(err)
}

func receiptAudit(r *donation.Receipt, runID int64) map[string]any {
	gifts := make([]int64, len(r.Lines))
	for i, l := range r.Lines {
		gifts[i] = l.GiftID
	}
	a := map[string]any{"number": r.Number, "donor_id": r.DonorID, "total_cents": r.Total, "gifts": gifts,
		"form": r.Form.Code + " " + r.Form.Cerfa, "sha256": r.SHA256}
	if r.Replaces != "" {
		a["replaces"] = r.Replaces
	}
	if runID != 0 {
		a["run_id"] = runID
	}
	return a
}

// numberReceipt gives r the next number of the series of its year of
// issue; next holds the numbers already given in this transaction.
func numberReceipt(ctx context.Context, tx *sql.Tx, r *donation.Receipt, next map[int]int) error {
	t, err := time.Parse(time.DateOnly, r.IssuedOn)
	if err != nil {
		return fmt.Errorf("receipt issue date %q: %w", r.IssuedOn, err)
	}
	year := t.Year()
	seq, ok := next[year]
	if !ok {
		err := tx.QueryRowContext(ctx, `SELECT next_seq FROM receipt_counter WHERE year = ?`, year).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) {
			seq = 1
			_, err = tx.ExecContext(ctx, `INSERT INTO receipt_counter (year, first_seq, next_seq) VALUES (?, 1, 1)`, year)
		}
		if err != nil {
			return fmt.Errorf("read receipt counter %d: %w", year, err)
		}
	}
	next[year] = seq + 1
	r.Year, r.Seq, r.Number, r.Status = year, seq, receiptNumber(year, seq), donation.Valid
	return nil
}

// receiptNumber formats a number (the schema checks the same format).
func receiptNumber(year, seq int) string { return receipt.Number(year, seq) }

// receiptGiftQuery reads what a receipt line shows of a gift, and the
// valid receipt covering it.
const receiptGiftQuery = `SELECT donor_id, amount_cents, date_received, coalesce(date_cashed, ''), method, nature,
	forme, kind, description, valuation_method, counterpart_cents,
	coalesce((SELECT r.number FROM receipt_line l JOIN receipt r ON r.id = l.receipt_id
	          WHERE l.gift_id = gift.id AND l.active = 1), '')
	FROM gift WHERE id = ?`

// checkReceiptGifts refuses a draft whose gifts changed since it was
// planned, or that another receipt took meanwhile.
func checkReceiptGifts(ctx context.Context, stmt *sql.Stmt, d *receipt.Draft) error {
	r := &d.Receipt
	if len(d.Gifts) != len(r.Lines) {
		return fmt.Errorf("receipt draft: %d gifts for %d lines", len(d.Gifts), len(r.Lines))
	}
	for i, want := range d.Gifts {
		if want.ID != r.Lines[i].GiftID {
			return fmt.Errorf("receipt draft: line %d is gift %d, not %d", i, r.Lines[i].GiftID, want.ID)
		}
		var g donation.Gift
		var kind, receipted string
		err := stmt.QueryRowContext(ctx, want.ID).Scan(&g.DonorID, &g.Amount, &g.DateReceived, &g.DateCashed,
			&g.Method, &g.Nature, &g.Forme, &kind, &g.Description, &g.ValuationMethod, &g.Counterparts, &receipted)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Conflict("receipt.gift_gone", fmt.Sprintf(
				"Le don n° %d a été supprimé pendant la préparation du reçu. Rien n'a été émis : relancez l'émission.", want.ID))
		}
		if err != nil {
			return err
		}
		if receipted != "" {
			return apperr.Conflict("receipt.gift_receipted", fmt.Sprintf(
				"Le don n° %d figure déjà sur le reçu n° %s, émis entre-temps. Rien n'a été émis : relancez l'émission, ce don sera laissé de côté.", want.ID, receipted))
		}
		g.Membership = kind == "cotisation"
		if g.DonorID != r.DonorID || g.DonorID != want.DonorID || g.Amount != want.Amount ||
			g.DateReceived != want.DateReceived || g.DateCashed != want.DateCashed || g.Method != want.Method ||
			g.Nature != want.Nature || g.Forme != want.Forme || g.Membership != want.Membership ||
			g.Description != want.Description || g.ValuationMethod != want.ValuationMethod ||
			g.Counterparts != want.Counterparts {
			return apperr.Conflict("receipt.gift_changed", fmt.Sprintf(
				"Le don n° %d a été modifié pendant la préparation du reçu. Rien n'a été émis : relancez l'émission.", want.ID))
		}
	}
	return nil
}

// receiptInserter writes receipts with prepared statements.
type receiptInserter struct {
	tx           *sql.Tx
	now          string
	receipt      *sql.Stmt
	line         *sql.Stmt
	asset        *sql.Stmt
	assetsStored map[string]bool
}

func newReceiptInserter(ctx context.Context, tx *sql.Tx, now string) (*receiptInserter, error) {
	ins := &receiptInserter{tx: tx, now: now, assetsStored: map[string]bool{}}
	var err error
	if ins.receipt, err = tx.PrepareContext(ctx, `INSERT INTO receipt (number, year, seq, issued_on, form_code,
		form_cerfa, form_version, donor_id, donor_kind, donor_name, donor_snapshot, issuer_snapshot, total_cents,
		line_count, annual, period_year, period_from, period_to, article_200, article_978, replaces, spelling,
		sha256, run_id, created_at, pdf)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if ins.line, err = tx.PrepareContext(ctx, `INSERT INTO receipt_line (receipt_id, gift_id, date, amount_cents,
		method, nature, forme, description, valuation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		ins.close()
		return nil, err
	}
	if ins.asset, err = tx.PrepareContext(ctx, `INSERT INTO receipt_asset (sha256, mime, data) VALUES (?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`); err != nil {
		ins.close()
		return nil, err
	}
	return ins, nil
}

func (ins *receiptInserter) close() {
	for _, s := range []*sql.Stmt{ins.receipt, ins.line, ins.asset} {
		if s != nil {
			s.Close()
		}
	}
}

// storeAsset keeps an image once and returns its SHA-256, "" for none.
func (ins *receiptInserter) storeAsset(ctx context.Context, data []byte, mime string) (string, error) {
	if len(data) == 0 {
		return "", nil
	}
	h := hashHex(data)
	if !ins.assetsStored[h] {
		if _, err := ins.asset.ExecContext(ctx, h, mime, data); err != nil {
			return "", err
		}
		ins.assetsStored[h] = true
	}
	return h, nil
}

func (ins *receiptInserter) insert(ctx context.Context, r *donation.Receipt, runID int64) error {
	if len(r.PDF) == 0 || r.SHA256 != hashHex(r.PDF) {
		return fmt.Errorf("receipt %s: PDF missing or not matching its SHA-256", r.Number)
	}
	is := r.Issuer
	sig, err := ins.storeAsset(ctx, is.Signature, is.SignatureMIME)
	if err != nil {
		return err
	}
	logo, err := ins.storeAsset(ctx, is.Logo, is.LogoMIME)
	if err != nil {
		return err
	}
	issuer, err := json.Marshal(receiptIssuerJSON{Name: is.Name, SIREN: is.SIREN, RNA: is.RNA, Street: is.Street,
		Postcode: is.Postcode, City: is.City, Country: is.Country, Object: is.Object, CategoryCode: is.CategoryCode,
		CategoryWording: is.CategoryWording, ParentWording: is.ParentWording, SignerName: is.SignerName,
		SignerRole: is.SignerRole, Signature: sig, SignatureMIME: is.SignatureMIME, Logo: logo, LogoMIME: is.LogoMIME,
		IFIEligible: is.IFIEligible})
	if err != nil {
		return err
	}
	dn := r.Donor
	donor, err := json.Marshal(receiptDonorJSON{Kind: dn.Kind, LastName: dn.LastName, FirstName: dn.FirstName,
		CompanyName: dn.CompanyName, LegalForm: dn.LegalForm, SIREN: dn.SIREN, Street: dn.Street,
		Postcode: dn.Postcode, City: dn.City, Country: dn.Country})
	if err != nil {
		return err
	}
	res, err := ins.receipt.ExecContext(ctx, r.Number, r.Year, r.Seq, r.IssuedOn, r.Form.Code, r.Form.Cerfa,
		r.Form.Version, r.DonorID, dn.Kind, receipt.DonorName(dn), string(donor), string(issuer), r.Total,
		len(r.Lines), r.Annual, r.PeriodYear, r.PeriodFrom, r.PeriodTo, r.Article200, r.Article978,
		nullString(r.Replaces), spellingCode(r.Spelling), r.SHA256, nullInt64(runID), ins.now, r.PDF)
	if err != nil {
		return fmt.Errorf("insert receipt %s: %w", r.Number, err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for _, l := range r.Lines {
		if _, err := ins.line.ExecContext(ctx, r.ID, l.GiftID, l.Date, l.Amount, l.Method, l.Nature, l.Forme,
			l.Description, l.Valuation); err != nil {
			return fmt.Errorf("insert receipt %s, gift %d: %w", r.Number, l.GiftID, err)
		}
	}
	return nil
}

func nullInt64(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// receiptQueryer is the read pool or a transaction.
type receiptQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// receiptNotFound is the error for an unknown number.
func receiptNotFound(number string) error {
	return apperr.NotFound("receipt.not_found", fmt.Sprintf(
		"Le reçu n° %s n'existe pas. Vérifiez le numéro, au format AAAA-NNNNN (par exemple 2026-00001), dans « bureau receipts list ».", number))
}

// getReceipt reads a receipt with its snapshots (images included), its
// lines and the PDF as issued.
func getReceipt(ctx context.Context, q receiptQueryer, number string) (donation.Receipt, error) {
	var r donation.Receipt
	var issuer, donor, spelling string
	var replaces, cancelledOn, reason, replacedBy sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, number, year, seq, issued_on, form_code, form_cerfa, form_version,
		donor_id, donor_snapshot, issuer_snapshot, total_cents, annual, period_year, period_from, period_to,
		article_200, article_978, replaces, spelling, sha256, status, cancelled_on, cancel_reason, replaced_by, pdf
		FROM receipt WHERE number = ?`, number).Scan(&r.ID, &r.Number, &r.Year, &r.Seq, &r.IssuedOn, &r.Form.Code,
		&r.Form.Cerfa, &r.Form.Version, &r.DonorID, &donor, &issuer, &r.Total, &r.Annual, &r.PeriodYear,
		&r.PeriodFrom, &r.PeriodTo, &r.Article200, &r.Article978, &replaces, &spelling, &r.SHA256, &r.Status,
		&cancelledOn, &reason, &replacedBy, &r.PDF)
	if errors.Is(err, sql.ErrNoRows) {
		return r, receiptNotFound(number)
	}
	if err != nil {
		return r, mapError(err)
	}
	r.Replaces, r.CancelledOn, r.CancelReason, r.ReplacedBy = replaces.String, cancelledOn.String, reason.String, replacedBy.String
	if spelling == "1990" {
		r.Spelling = money.Rectified1990
	}
	var dj receiptDonorJSON
	if err := json.Unmarshal([]byte(donor), &dj); err != nil {
		return r, fmt.Errorf("receipt %s: donor snapshot: %w", number, err)
	}
	r.Donor = donation.DonorSnapshot{Kind: dj.Kind, LastName: dj.LastName, FirstName: dj.FirstName,
		CompanyName: dj.CompanyName, LegalForm: dj.LegalForm, SIREN: dj.SIREN, Street: dj.Street,
		Postcode: dj.Postcode, City: dj.City, Country: dj.Country}
	var ij receiptIssuerJSON
	if err := json.Unmarshal([]byte(issuer), &ij); err != nil {
		return r, fmt.Errorf("receipt %s: issuer snapshot: %w", number, err)
	}
	r.Issuer = donation.IssuerSnapshot{Name: ij.Name, SIREN: ij.SIREN, RNA: ij.RNA, Street: ij.Street,
		Postcode: ij.Postcode, City: ij.City, Country: ij.Country, Object: ij.Object, CategoryCode: ij.CategoryCode,
		CategoryWording: ij.CategoryWording, ParentWording: ij.ParentWording, SignerName: ij.SignerName,
		SignerRole: ij.SignerRole, SignatureMIME: ij.SignatureMIME, LogoMIME: ij.LogoMIME, IFIEligible: ij.IFIEligible}
	for _, a := range []struct {
		sha string
		dst *[]byte
	}{{ij.Signature, &r.Issuer.Signature}, {ij.Logo, &r.Issuer.Logo}} {
		if a.sha == "" {
			continue
		}
		if err := q.QueryRowContext(ctx, `SELECT data FROM receipt_asset WHERE sha256 = ?`, a.sha).Scan(a.dst); err != nil {
			return r, fmt.Errorf("receipt %s: image %s: %w", number, a.sha, mapError(err))
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT gift_id, date, amount_cents, method, nature, forme, description, valuation
		FROM receipt_line WHERE receipt_id = ? ORDER BY date, gift_id`, r.ID)
	if err != nil {
		return r, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var l donation.ReceiptLine
		if err := rows.Scan(&l.GiftID, &l.Date, &l.Amount, &l.Method, &l.Nature, &l.Forme, &l.Description, &l.Valuation); err != nil {
			return r, err
		}
		r.Lines = append(r.Lines, l)
	}
	return r, mapError(rows.Err())
}

// GetReceipt returns a receipt with its snapshots, lines and the PDF as
// issued.
func (db *DB) GetReceipt(ctx context.Context, number string) (donation.Receipt, error) {
	return getReceipt(ctx, db.r, number)
}

// CancelReceipt cancels a valid receipt in one transaction: status,
// date, reason and the « ANNULÉ » document drawn by render from the
// receipt as cancelled; the trigger frees its gifts.
func (db *DB) CancelReceipt(ctx context.Context, number string, c receipt.Cancellation, render receipt.RenderOne) (donation.Receipt, error) {
	var r donation.Receipt
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = getReceipt(ctx, tx, number); err != nil {
			return err
		}
		if r.Status == donation.Cancelled {
			return alreadyCancelled(r)
		}
		if err := cancelReceipt(ctx, tx, &r, c, "", render); err != nil {
			return err
		}
		return db.audit(ctx, tx, "cancel", "receipt", r.ID, map[string]any{"number": r.Number,
			"cancelled_on": c.On, "reason": c.Reason})
	})
	return r, receiptConflict(err)
}

func alreadyCancelled(r donation.Receipt) error {
	return apperr.Conflict("receipt.already_cancelled", fmt.Sprintf(
		"Le reçu n° %s est déjà annulé depuis le %s : une annulation est définitive.", r.Number, civildate.French(r.CancelledOn)))
}

// cancelReceipt records the cancellation of r (valid), or, for a receipt
// already cancelled, only the number of its replacement; in both cases
// the « ANNULÉ » document is drawn again from r as it now stands.
func cancelReceipt(ctx context.Context, tx *sql.Tx, r *donation.Receipt, c receipt.Cancellation, replacedBy string, render receipt.RenderOne) error {
	wasValid := r.Status == donation.Valid
	if wasValid {
		if c.On < r.IssuedOn {
			return apperr.Invalid("receipt.cancel_before_issue", fmt.Sprintf(
				"La date d'annulation (%s) précède l'émission du reçu n° %s (%s). Vérifiez la date de l'ordinateur.",
				civildate.French(c.On), r.Number, civildate.French(r.IssuedOn)))
		}
		r.Status, r.CancelledOn, r.CancelReason = donation.Cancelled, c.On, c.Reason
	}
	r.ReplacedBy = replacedBy
	pdf, err := render(*r)
	if err != nil {
		return fmt.Errorf("draw cancelled receipt %s: %w", r.Number, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE receipt SET status = 'cancelled', cancelled_on = ?, cancel_reason = ?,
		replaced_by = ?, cancelled_pdf = ?, cancelled_sha256 = ?
		WHERE id = ? AND (status = 'valid' OR replaced_by IS NULL)`,
		r.CancelledOn, r.CancelReason, nullString(replacedBy), pdf, hashHex(pdf), r.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return alreadyCancelled(*r)
	}
	return nil
}

// ReplaceReceipt cancels the receipt number (or, if it is already
// cancelled without replacement, only links it) and issues draft in its
// place, in one transaction. It returns the old receipt as it now stands.
func (db *DB) ReplaceReceipt(ctx context.Context, number string, c receipt.Cancellation, draft *receipt.Draft,
	render receipt.RenderBatch, renderCancelled receipt.RenderOne) (donation.Receipt, error) {
	var old donation.Receipt
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if old, err = getReceipt(ctx, tx, number); err != nil {
			return err
		}
		if old.Status == donation.Cancelled && old.ReplacedBy != "" {
			return apperr.Conflict("receipt.already_replaced", fmt.Sprintf(
				"Le reçu n° %s a déjà été remplacé par le reçu n° %s.", old.Number, old.ReplacedBy))
		}
		if draft.Receipt.DonorID != old.DonorID {
			// The gifts moved to another record (contact merge): the new
			// receipt follows them.
			if err := checkDonorExists(ctx, tx, draft.Receipt.DonorID); err != nil {
				return err
			}
		}
		nr := &draft.Receipt
		nr.Replaces = old.Number
		nr.PDF, nr.SHA256 = nil, "" // drawn below, once linked
		if err := numberReceipt(ctx, tx, nr, map[int]int{}); err != nil {
			return err
		}
		wasValid := old.Status == donation.Valid
		if err := cancelReceipt(ctx, tx, &old, c, nr.Number, renderCancelled); err != nil {
			return err
		}
		check, err := tx.PrepareContext(ctx, receiptGiftQuery)
		if err != nil {
			return err
		}
		defer check.Close()
		if err := checkReceiptGifts(ctx, check, draft); err != nil {
			return err
		}
		drawn, stop := render([]*donation.Receipt{nr})
		defer stop()
		if err := drawn(0); err != nil {
			return err
		}
		ins, err := newReceiptInserter(ctx, tx, db.now())
		if err != nil {
			return err
		}
		defer ins.close()
		if err := ins.insert(ctx, nr, 0); err != nil {
			return err
		}
		if wasValid {
			if err := db.audit(ctx, tx, "cancel", "receipt", old.ID, map[string]any{"number": old.Number,
				"cancelled_on": old.CancelledOn, "reason": old.CancelReason, "replaced_by": nr.Number}); err != nil {
				return err
			}
		} else if err := db.audit(ctx, tx, "replace", "receipt", old.ID, map[string]any{"number": old.Number,
			"replaced_by": nr.Number}); err != nil {
			return err
		}
		return db.audit(ctx, tx, "issue", "receipt", nr.ID, receiptAudit(nr, 0))
	})
	return old, receiptConflict(err)
}

func checkDonorExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contact WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFound("receipt.donor_gone", fmt.Sprintf("Le donateur n° %d n'existe plus.", id))
	}
	return nil
}

// LogDuplicate records the delivery of a duplicate of a valid receipt.
func (db *DB) LogDuplicate(ctx context.Context, number, on string) error {
	return receiptConflict(db.write(ctx, func(tx *sql.Tx) error {
		var id int64
		var status string
		err := tx.QueryRowContext(ctx, `SELECT id, status FROM receipt WHERE number = ?`, number).Scan(&id, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return receiptNotFound(number)
		}
		if err != nil {
			return err
		}
		if status != string(donation.Valid) {
			return apperr.Conflict("receipt.duplicate_cancelled", fmt.Sprintf(
				"Le reçu n° %s est annulé : il ne peut pas faire l'objet d'un duplicata.", number))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_duplicate_log (receipt_id, delivered_on, created_at)
			VALUES (?, ?, ?)`, id, on, db.now()); err != nil {
			return err
		}
		return db.audit(ctx, tx, "duplicate", "receipt", id, map[string]any{"number": number, "delivered_on": on})
	}))
}

// ReceiptDuplicates returns the dates duplicates of a receipt were
// delivered, oldest first.
func (db *DB) ReceiptDuplicates(ctx context.Context, number string) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT d.delivered_on FROM receipt_duplicate_log d
		JOIN receipt r ON r.id = d.receipt_id WHERE r.number = ? ORDER BY d.id`, number)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, mapError(rows.Err())
}

// SetFirstReceiptNumber starts the series of year at seq: once, before
// the year's first receipt.
func (db *DB) SetFirstReceiptNumber(ctx context.Context, year, seq int) error {
	return receiptConflict(db.write(ctx, func(tx *sql.Tx) error {
		var first, next int
		var set bool
		err := tx.QueryRowContext(ctx, `SELECT first_seq, next_seq, first_seq_set FROM receipt_counter WHERE year = ?`,
			year).Scan(&first, &next, &set)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO receipt_counter (year, first_seq, next_seq, first_seq_set)
				VALUES (?, ?, ?, 1)`, year, seq, seq)
		case err != nil:
		case set:
			return apperr.Conflict("receipt.first_number_set", fmt.Sprintf(
				"Le premier numéro des reçus de %d a déjà été fixé à %s : il ne peut l'être qu'une fois.", year, receiptNumber(year, first)))
		case next != first:
			return apperr.Conflict("receipt.series_started", fmt.Sprintf(
				"Des reçus ont déjà été émis en %d (jusqu'au n° %s) : le premier numéro ne peut plus être fixé.", year, receiptNumber(year, next-1)))
		default:
			_, err = tx.ExecContext(ctx, `UPDATE receipt_counter SET first_seq = ?, next_seq = ?, first_seq_set = 1
				WHERE year = ?`, seq, seq, year)
		}
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "first_number", "receipt_counter", int64(year), map[string]any{
			"year": year, "first": receiptNumber(year, seq)})
	}))
}

// ReceiptNumbering returns the numbering series, by year.
func (db *DB) ReceiptNumbering(ctx context.Context) ([]receipt.Series, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT c.year, c.first_seq, c.next_seq, c.first_seq_set,
		(SELECT count(*) FROM receipt r WHERE r.year = c.year) FROM receipt_counter c ORDER BY c.year`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []receipt.Series
	for rows.Next() {
		var s receipt.Series
		if err := rows.Scan(&s.Year, &s.First, &s.Next, &s.FirstSet, &s.Issued); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, mapError(rows.Err())
}

// StartReceiptRun returns the unfinished run of year and kind, or starts
// one.
func (db *DB) StartReceiptRun(ctx context.Context, year int, annual bool) (receipt.Run, error) {
	var run receipt.Run
	err := db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM receipt_run WHERE year = ? AND annual = ? AND finished_at IS NULL`,
			year, annual).Scan(&run.ID)
		if err == nil {
			run.Resumed = true
			return db.audit(ctx, tx, "resume", "receipt_run", run.ID, map[string]any{"year": year, "annual": annual})
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO receipt_run (year, annual, started_at) VALUES (?, ?, ?)`, year, annual, db.now())
		if err != nil {
			return err
		}
		if run.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return db.audit(ctx, tx, "start", "receipt_run", run.ID, map[string]any{"year": year, "annual": annual})
	})
	return run, receiptConflict(err)
}

// FinishReceiptRun marks a run finished and returns its receipt count.
func (db *DB) FinishReceiptRun(ctx context.Context, id int64) (int, error) {
	var n int
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM receipt WHERE run_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE receipt_run SET finished_at = ? WHERE id = ? AND finished_at IS NULL`,
			db.now(), id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "finish", "receipt_run", id, map[string]any{"receipts": n})
	})
	return n, receiptConflict(err)
}

// ReceiptDocument returns the stored document of a receipt (its
// « ANNULÉ » version when cancelled), checked against its SHA-256.
func (db *DB) ReceiptDocument(ctx context.Context, number string) ([]byte, error) {
	var status, sum string
	var cancelledSum sql.NullString
	var pdf []byte
	err := db.r.QueryRowContext(ctx, `SELECT status, CASE status WHEN 'cancelled' THEN cancelled_sha256 ELSE sha256 END,
		CASE status WHEN 'cancelled' THEN cancelled_pdf ELSE pdf END, cancelled_sha256
		FROM receipt WHERE number = ?`, number).Scan(&status, &sum, &pdf, &cancelledSum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, receiptNotFound(number)
	}
	if err != nil {
		return nil, mapError(err)
	}
	if hashHex(pdf) != sum {
		return nil, tamperedDocument(number)
	}
	return pdf, nil
}

func tamperedDocument(number string) error {
	return apperr.Unavailable("receipt.pdf_tampered", fmt.Sprintf(
		"Le document enregistré du reçu n° %s ne correspond plus à son empreinte SHA-256 : la base a été modifiée hors de Bureau. Ne l'imprimez pas ; lancez « bureau receipts check » et restaurez une sauvegarde.", number), nil)
}

// receiptWhere turns a filter into conditions on receipt r.
func receiptWhere(f receipt.Filter) (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	if f.Year != 0 {
		conds = append(conds, "r.year = ?")
		args = append(args, f.Year)
	}
	if f.PeriodYear != 0 {
		conds = append(conds, "r.period_year = ?")
		args = append(args, f.PeriodYear)
	}
	if f.DonorID != 0 {
		conds = append(conds, "r.donor_id = ?")
		args = append(args, f.DonorID)
	}
	if f.Status != "" {
		conds = append(conds, "r.status = ?")
		args = append(args, f.Status)
	}
	if f.Number != "" {
		conds = append(conds, "r.number = ?")
		args = append(args, f.Number)
	}
	if f.RunID != 0 {
		conds = append(conds, "r.run_id = ?")
		args = append(args, f.RunID)
	}
	return strings.Join(conds, " AND "), args
}

const receiptRowColumns = `r.id, r.number, r.year, r.seq, r.issued_on, r.donor_id, r.donor_name, r.donor_kind,
	r.total_cents, r.status, r.annual, r.period_year, coalesce(r.replaces, ''), coalesce(r.replaced_by, ''),
	coalesce(r.cancelled_on, ''), coalesce(r.cancel_reason, ''), r.sha256,
	(SELECT group_concat(gift_id, ' ') FROM (SELECT gift_id FROM receipt_line WHERE receipt_id = r.id ORDER BY gift_id))`

func scanReceiptRow(s rowScanner, extra ...any) (receipt.Row, error) {
	var r receipt.Row
	var gifts sql.NullString
	if err := s.Scan(append([]any{&r.ID, &r.Number, &r.Year, &r.Seq, &r.IssuedOn, &r.DonorID, &r.DonorName,
		&r.DonorKind, &r.Total, &r.Status, &r.Annual, &r.PeriodYear, &r.Replaces, &r.ReplacedBy, &r.CancelledOn,
		&r.CancelReason, &r.SHA256, &gifts}, extra...)...); err != nil {
		return r, err
	}
	for _, f := range strings.Fields(gifts.String) {
		id, _ := strconv.ParseInt(f, 10, 64)
		r.GiftIDs = append(r.GiftIDs, id)
	}
	return r, nil
}

// ListReceipts returns the receipts f selects, by year and number.
func (db *DB) ListReceipts(ctx context.Context, f receipt.Filter) ([]receipt.Row, error) {
	where, args := receiptWhere(f)
	rows, err := db.r.QueryContext(ctx, `SELECT `+receiptRowColumns+` FROM receipt r WHERE `+where+
		` ORDER BY r.year, r.seq`, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []receipt.Row
	for rows.Next() {
		r, err := scanReceiptRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}

// EachReceiptDocument calls fn, in number order, with each receipt f
// selects and its stored document checked against its SHA-256, one row in
// memory at a time.
func (db *DB) EachReceiptDocument(ctx context.Context, f receipt.Filter, fn func(receipt.Row, []byte) error) error {
	where, args := receiptWhere(f)
	rows, err := db.r.QueryContext(ctx, `SELECT `+receiptRowColumns+`,
		CASE r.status WHEN 'cancelled' THEN r.cancelled_sha256 ELSE r.sha256 END,
		CASE r.status WHEN 'cancelled' THEN r.cancelled_pdf ELSE r.pdf END
		FROM receipt r WHERE `+where+` ORDER BY r.year, r.seq`, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sum string
		var pdf []byte
		r, err := scanReceiptRow(rows, &sum, &pdf)
		if err != nil {
			return err
		}
		if hashHex(pdf) != sum {
			return tamperedDocument(r.Number)
		}
		if err := fn(r, pdf); err != nil {
			return err
		}
	}
	return mapError(rows.Err())
}

// ReceiptFigures counts the receipts of the period from–to for the
// declaration of art. 222 bis CGI, under both readings of the law.
func (db *DB) ReceiptFigures(ctx context.Context, from, to string) (receipt.Figures, error) {
	var f receipt.Figures
	rows, err := db.r.QueryContext(ctx, `SELECT r.donor_kind, count(DISTINCT r.id), coalesce(sum(l.amount_cents), 0),
		count(DISTINCT CASE WHEN r.replaces IS NOT NULL THEN r.id END)
		FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id
		WHERE r.status = 'valid' AND l.date BETWEEN ? AND ? GROUP BY r.donor_kind`, from, to)
	if err != nil {
		return f, mapError(err)
	}
	for rows.Next() {
		var kind donation.DonorKind
		var n, repl int
		var total money.Cents
		if err := rows.Scan(&kind, &n, &total, &repl); err != nil {
			rows.Close()
			return f, err
		}
		f.Receipts += n
		f.Total += total
		f.Replacements += repl
		if kind == donation.Company {
			f.Companies, f.CompaniesTotal = n, total
		} else {
			f.Individuals, f.IndividualsTotal = n, total
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, mapError(err)
	}
	if err := db.r.QueryRowContext(ctx, `SELECT count(DISTINCT r.id) FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id
		WHERE r.status = 'cancelled' AND l.date BETWEEN ? AND ?`, from, to).Scan(&f.Cancelled); err != nil {
		return f, mapError(err)
	}
	err = db.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(total_cents), 0) FROM receipt
		WHERE status = 'valid' AND issued_on BETWEEN ? AND ?`, from, to).Scan(&f.IssuedReceipts, &f.IssuedTotal)
	return f, mapError(err)
}

// CheckReceipts runs the receipt invariants of Check.
func (db *DB) CheckReceipts(ctx context.Context) ([]receipt.Problem, error) {
	version, _, err := db.schemaProblems(ctx)
	if err != nil {
		return nil, err
	}
	var out []receipt.Problem
	for _, inv := range invariants {
		if !strings.HasPrefix(inv.Name, "receipt") || version < inv.since {
			continue
		}
		details, err := db.runInvariant(ctx, inv)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			details = append(details, "vérification impossible : "+err.Error())
		}
		for _, d := range details {
			out = append(out, receipt.Problem{Check: inv.Name, Label: inv.Label, Detail: d})
		}
	}
	return out, nil
}

// receiptHashProblems recomputes the SHA-256 of every stored document.
func receiptHashProblems(ctx context.Context, db *DB) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT number, sha256, pdf, status, coalesce(cancelled_sha256, ''), cancelled_pdf
		FROM receipt ORDER BY year, seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		if len(out) >= maxProblems {
			out = append(out, fmt.Sprintf("… liste arrêtée aux %d premiers", maxProblems))
			break
		}
		var number, sum, status, csum string
		var pdf, cpdf []byte
		if err := rows.Scan(&number, &sum, &pdf, &status, &csum, &cpdf); err != nil {
			return out, err
		}
		if hashHex(pdf) != sum || !strings.HasPrefix(string(pdf[:min(len(pdf), 5)]), "%PDF-") {
			out = append(out, "reçu "+number+" : le PDF enregistré ne correspond pas à son empreinte SHA-256")
		}
		if status == string(donation.Cancelled) && (hashHex(cpdf) != csum || len(cpdf) == 0) {
			out = append(out, "reçu "+number+" : la version « ANNULÉ » enregistrée ne correspond pas à son empreinte SHA-256")
		}
	}
	return out, rows.Err()
}
