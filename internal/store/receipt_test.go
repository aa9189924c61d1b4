package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// fakeRender stands for internal/pdf: deterministic bytes that name the
// receipt and its mark.
func fakeRender(r donation.Receipt, m receipt.Mark, on string) ([]byte, error) {
	return fmt.Appendf(nil, "%%PDF-1.4 receipt %s total %d mark %d %s status %s replaced by %s",
		r.Number, r.Total, m, on, r.Status, r.ReplacedBy), nil
}

// receiptDB returns a database with a complete association, a donor, and
// receipts issued for n gifts of 2026 (one each).
func receiptDB(t *testing.T, n int) (*store.DB, *receipt.Service, []int64) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	if err := db.SaveAssociation(ctx, association.Profile{Name: "Les Jardins", RNA: "W751234567",
		Street: "12 rue des Envierges", Postcode: "75020", City: "Paris", Object: "Jardins partagés",
		Category: "asso_1901_ig", SignerName: "Claire Dubois", SignerRole: "Trésorière"}); err != nil {
		t.Fatal(err)
	}
	svc := receipt.NewService(receipt.Params{Store: db, Render: fakeRender, Now: db.Now})
	p := storetest.Person(t, db, "Marie", "Dupont", "", "78430", "Louveciennes")
	var gifts []int64
	for i := range n {
		g := storetest.Gift(t, db, p.ID, money.Cents(1000+100*i), fmt.Sprintf("2026-03-%02d", i+1))
		gifts = append(gifts, g.ID)
		if _, err := svc.Issue(ctx, g.ID); err != nil {
			t.Fatal(err)
		}
	}
	return db, svc, gifts
}

// rawOpen opens the file as another program would, triggers and foreign
// keys on.
func receiptRawOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// TestReceiptImmutable changes issued receipts behind Bureau's back: the
// database refuses everything but the cancellation.
func TestReceiptImmutable(t *testing.T) {
	db, _, gifts := receiptDB(t, 3)
	raw := receiptRawOpen(t, db.Path())
	refused := []struct{ name, sql string }{
		{"change the amount", `UPDATE receipt SET total_cents = 1 WHERE number = '2026-00001'`},
		{"change the PDF", `UPDATE receipt SET pdf = x'25504446' WHERE number = '2026-00001'`},
		{"change the hash", `UPDATE receipt SET sha256 = printf('%064d', 0) WHERE number = '2026-00001'`},
		{"change the donor snapshot", `UPDATE receipt SET donor_snapshot = '{}' WHERE number = '2026-00001'`},
		{"renumber", `UPDATE receipt SET seq = 9, number = '2026-00009' WHERE number = '2026-00001'`},
		{"delete a receipt", `DELETE FROM receipt WHERE number = '2026-00003'`},
		{"cancel without reason", `UPDATE receipt SET status = 'cancelled', cancelled_on = '2026-11-21' WHERE number = '2026-00001'`},
		{"change a line", `UPDATE receipt_line SET amount_cents = 5 WHERE gift_id = ` + fmt.Sprint(gifts[0])},
		{"free a line of a valid receipt", `UPDATE receipt_line SET active = 0 WHERE gift_id = ` + fmt.Sprint(gifts[0])},
		{"delete a line", `DELETE FROM receipt_line WHERE gift_id = ` + fmt.Sprint(gifts[0])},
		{"add a line", `INSERT INTO receipt_line (receipt_id, gift_id, date, amount_cents, method, nature, forme)
			SELECT id, ` + fmt.Sprint(gifts[1]) + `, '2026-03-02', 100, 'cheque', 'numeraire', 'don_manuel' FROM receipt WHERE number = '2026-00001'`},
		{"skip numbers", `UPDATE receipt_counter SET next_seq = next_seq + 10`},
		{"reuse a number", `UPDATE receipt_counter SET next_seq = 2`},
		{"delete the counter", `DELETE FROM receipt_counter`},
		{"insert a receipt out of turn", `INSERT INTO receipt (number, year, seq, issued_on, form_code, form_cerfa, form_version,
			donor_id, donor_kind, donor_name, donor_snapshot, issuer_snapshot, total_cents, line_count, annual, period_year,
			article_200, article_978, spelling, sha256, created_at, pdf)
			SELECT '2026-00007', 2026, 7, issued_on, form_code, form_cerfa, form_version, donor_id, donor_kind, donor_name,
			donor_snapshot, issuer_snapshot, total_cents, 1, 0, 2026, 1, 0, spelling, sha256, created_at, pdf
			FROM receipt WHERE number = '2026-00001'`},
		{"change a receipted gift", `UPDATE gift SET amount_cents = 99999 WHERE id = ` + fmt.Sprint(gifts[0])},
		{"move a receipted gift's date", `UPDATE gift SET date_received = '2025-01-01' WHERE id = ` + fmt.Sprint(gifts[0])},
		{"delete a receipted gift", `DELETE FROM gift WHERE id = ` + fmt.Sprint(gifts[0])},
		{"set a first number late", `UPDATE receipt_counter SET first_seq = 50, next_seq = 50, first_seq_set = 1`},
	}
	for _, tt := range refused {
		if _, err := raw.Exec(tt.sql); err == nil {
			t.Errorf("%s: accepted, want the database to refuse it", tt.name)
		}
	}
	// Allowed: the cancellation, once, which frees the gift.
	if _, err := raw.Exec(`UPDATE receipt SET status = 'cancelled', cancelled_on = '2026-11-21',
		cancel_reason = 'erreur', cancelled_pdf = x'255044462d', cancelled_sha256 = ?
		WHERE number = '2026-00001'`, strings.Repeat("ab", 32)); err != nil {
		t.Fatalf("cancellation refused: %v", err)
	}
	var active int
	if err := raw.QueryRow(`SELECT active FROM receipt_line WHERE gift_id = ?`, gifts[0]).Scan(&active); err != nil || active != 0 {
		t.Errorf("line after cancellation: active = %d, %v; want 0", active, err)
	}
	if _, err := raw.Exec(`UPDATE receipt SET status = 'valid', cancelled_on = NULL, cancel_reason = NULL,
		cancelled_pdf = NULL, cancelled_sha256 = NULL WHERE number = '2026-00001'`); err == nil {
		t.Error("un-cancelling accepted, want a cancellation to be final")
	}
	if _, err := raw.Exec(`UPDATE receipt SET cancel_reason = 'autre motif' WHERE number = '2026-00001'`); err == nil {
		t.Error("changing the reason of a cancellation accepted")
	}
	if _, err := raw.Exec(`UPDATE gift SET amount_cents = 4242 WHERE id = ?`, gifts[0]); err != nil {
		t.Errorf("a gift freed by a cancellation cannot be corrected: %v", err)
	}
	// The contact merge may move the donor link (not the printed donor).
	if _, err := raw.Exec(`UPDATE receipt SET donor_id = donor_id WHERE number = '2026-00002'`); err != nil {
		t.Errorf("no-op donor update refused: %v", err)
	}
}

// breakCopy copies the database into a new file, drops the receipt
// triggers there and runs stmts, as someone editing the file by hand.
func breakCopy(t *testing.T, db *store.DB, stmts ...string) *store.DB {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	src, err := os.Open(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	src.Close()
	dst.Close()
	raw := uncheckedOpen(t, path)
	rows, err := raw.Query(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND (name LIKE 'receipt%' OR name LIKE 'gift_receipted%')`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		stmts = append([]string{"DROP TRIGGER " + n}, stmts...)
	}
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	raw.Close()
	out, err := store.Open(context.Background(), path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	return out
}

func TestCheckReceiptsFindsTampering(t *testing.T) {
	tests := []struct {
		name      string
		sql       string
		wantCheck string
		wantIn    string
	}{
		{"tampered PDF", `UPDATE receipt SET pdf = x'255044462d312e34206661757373652e' WHERE number = '2026-00002'`,
			"receipt_pdf_hash", "reçu 2026-00002"},
		{"hole in the series", `DELETE FROM receipt WHERE number = '2026-00002'`,
			"receipt_series", "numéro 2026-00002 manquant"},
		{"number moved out of the series", `UPDATE receipt SET seq = 7, number = '2026-00007' WHERE number = '2026-00003'`,
			"receipt_series", "reçu 2026-00007 hors de la série 2026"},
		{"gift on two valid receipts", `DROP INDEX one_valid_receipt_per_gift; UPDATE receipt_line SET gift_id = (SELECT gift_id FROM receipt_line ORDER BY receipt_id LIMIT 1)
			WHERE receipt_id = (SELECT id FROM receipt WHERE number = '2026-00003')`,
			"receipt_gift_once", "sur 2 reçus valides"},
		{"gift changed after receipting", `UPDATE gift SET amount_cents = 1 WHERE id = (SELECT min(id) FROM gift)`,
			"receipt_consistency", "ne correspond plus au reçu"},
		{"total changed", `UPDATE receipt SET total_cents = 1 WHERE number = '2026-00001'`,
			"receipt_consistency", "pour 1 imprimés"},
		{"trigger dropped", `SELECT 1`, "receipt_triggers", "receipt_immutable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _, _ := receiptDB(t, 3)
			broken := breakCopy(t, db, tt.sql)
			ps, err := broken.CheckReceipts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range ps {
				if p.Check == tt.wantCheck && strings.Contains(p.Detail, tt.wantIn) {
					found = true
				}
			}
			if !found {
				t.Errorf("CheckReceipts = %+v, want a %s problem mentioning %q", ps, tt.wantCheck, tt.wantIn)
			}
			// "bureau check" covers the same.
			all := problemsOf(t, broken)
			found = false
			for _, p := range all {
				found = found || p.Check == tt.wantCheck
			}
			if !found {
				t.Errorf("Check = %+v, want %s", all, tt.wantCheck)
			}
		})
	}
}

func TestCheckReceiptsClean(t *testing.T) {
	db, svc, _ := receiptDB(t, 4)
	if _, err := svc.Cancel(context.Background(), "2026-00002", "erreur"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Replace(context.Background(), "2026-00003", ""); err != nil {
		t.Fatal(err)
	}
	if ps := problemsOf(t, db); len(ps) != 0 {
		t.Errorf("Check = %+v, want none", ps)
	}
}

// TestMergeKeepsReceipts merges a donor who has receipts into another
// record: the receipts follow, as issued.
func TestMergeKeepsReceipts(t *testing.T) {
	ctx := context.Background()
	db, _, _ := receiptDB(t, 2)
	keep := storetest.Person(t, db, "Marie", "Dupont", "marie@exemple.fr", "78430", "Louveciennes")
	other, err := db.GetContact(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MergeContacts(ctx, keep, other.ID, nil); err != nil {
		t.Fatalf("merge a donor with receipts: %v", err)
	}
	rows, err := db.ListReceipts(ctx, receipt.Filter{DonorID: keep.ID})
	if err != nil || len(rows) != 2 {
		t.Fatalf("receipts of the kept record = %d, %v; want 2", len(rows), err)
	}
	if ps := problemsOf(t, db); len(ps) != 0 {
		t.Errorf("Check after merge = %+v", ps)
	}
}
