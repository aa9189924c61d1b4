package store_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// TestGiftReceipted follows a gift through a receipt (0007_receipts.sql):
// while the receipt is valid the gift cannot change and lists show its
// number; once the receipt is cancelled the gift is free again.
func TestGiftReceipted(t *testing.T) {
	db := storetest.Open(t)
	anne := storetest.Person(t, db, "Anne", "Roux", "", "", "")
	g := storetest.Gift(t, db, anne.ID, 50_00, "2026-03-01")
	other := storetest.Gift(t, db, anne.ID, 20_00, "2026-03-02")
	if got, err := db.GiftReceipted(ctx, g.ID); err != nil || got {
		t.Fatalf("GiftReceipted before any receipt = %v, %v", got, err)
	}
	raw := rawOpen(t, db.Path())
	sha := strings.Repeat("a", 64)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO receipt_counter (year, next_seq) VALUES (2026, 1)`, nil},
		{`INSERT INTO receipt (number, year, seq, issued_on, form_code, form_cerfa, form_version, donor_id, donor_kind,
			donor_name, donor_snapshot, issuer_snapshot, total_cents, line_count, annual, period_year, article_200,
			article_978, spelling, sha256, created_at, pdf)
			VALUES ('2026-00001', 2026, 1, '2026-04-01', '2041-RD', '11580*05', '2023-03-01', ?, 'individual',
			'ROUX Anne', '{}', '{}', 5000, 1, 0, 2026, 1, 0, 'traditionnelle', ?, '2026-04-01T08:00:00Z', x'25')`,
			[]any{anne.ID, sha}},
		{`INSERT INTO receipt_line (receipt_id, gift_id, date, amount_cents, method, nature, forme)
			VALUES (1, ?, '2026-03-01', 5000, 'cheque', 'numeraire', 'don_manuel')`, []any{g.ID}},
	} {
		if _, err := raw.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	if got, err := db.GiftReceipted(ctx, g.ID); err != nil || !got {
		t.Errorf("GiftReceipted = %v, %v; want true", got, err)
	}
	if got, err := db.GiftReceipted(ctx, other.ID); err != nil || got {
		t.Errorf("GiftReceipted(other) = %v, %v; want false", got, err)
	}
	g.Note = "changé"
	if err := db.UpdateGift(ctx, &g); !errors.Is(err, donation.ErrGiftReceipted) {
		t.Errorf("UpdateGift of a receipted gift = %v, want ErrGiftReceipted", err)
	}
	rows, err := db.ListGifts(ctx, donation.Filter{})
	if err != nil || len(rows) != 2 || rows[0].ReceiptNumber != "2026-00001" || rows[1].ReceiptNumber != "" {
		t.Errorf("ListGifts = %+v, %v; want the receipt number on the first gift only", rows, err)
	}

	if _, err := raw.Exec(`UPDATE receipt SET status = 'cancelled', cancelled_on = '2026-04-02', cancel_reason = 'erreur',
		cancelled_pdf = x'25', cancelled_sha256 = ? WHERE id = 1`, sha); err != nil {
		t.Fatal(err)
	}
	if got, err := db.GiftReceipted(ctx, g.ID); err != nil || got {
		t.Errorf("GiftReceipted after cancellation = %v, %v; want false", got, err)
	}
	if err := db.UpdateGift(ctx, &g); err != nil {
		t.Errorf("UpdateGift after cancellation: %v", err)
	}
}

// TestKmScaleSeed checks every row of the scale seeded by
// 0006_register.sql against the published formulas, at one distance in
// each band.
func TestKmScaleSeed(t *testing.T) {
	db := storetest.Open(t)
	rates, err := db.KmRates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != 27 {
		t.Fatalf("KmRates = %d rows, want 27 (15 car, 9 motorbike, 3 moped)", len(rates))
	}
	scale, ok := donation.ScaleOn(rates, "2026-11-21")
	if !ok || scale.EffectiveFrom != "2024-01-01" {
		t.Fatalf("ScaleOn(2026-11-21) = %s, %v", scale.EffectiveFrom, ok)
	}
	tests := []struct {
		vehicle donation.Vehicle
		hp      int
		km      [3]int
		want    [3]money.Cents
	}{
		{donation.Car, 3, [3]int{5000, 10000, 25000}, [3]money.Cents{2645_00, 4225_00, 9250_00}},
		{donation.Car, 4, [3]int{5000, 10000, 25000}, [3]money.Cents{3030_00, 4730_00, 10175_00}},
		{donation.Car, 5, [3]int{5000, 10000, 25000}, [3]money.Cents{3180_00, 4965_00, 10675_00}},
		{donation.Car, 6, [3]int{5000, 10000, 25000}, [3]money.Cents{3325_00, 5197_00, 11175_00}},
		{donation.Car, 8, [3]int{5000, 10000, 25000}, [3]money.Cents{3485_00, 5455_00, 11750_00}},
		{donation.Motorbike, 2, [3]int{3000, 5000, 7000}, [3]money.Cents{1185_00, 1386_00, 1736_00}},
		{donation.Motorbike, 4, [3]int{3000, 5000, 7000}, [3]money.Cents{1404_00, 1568_00, 1925_00}},
		{donation.Motorbike, 6, [3]int{3000, 5000, 7000}, [3]money.Cents{1818_00, 1978_00, 2401_00}},
		{donation.Moped, 0, [3]int{3000, 5000, 7000}, [3]money.Cents{945_00, 1106_00, 1386_00}},
	}
	for _, tt := range tests {
		for i, km := range tt.km {
			if got := donation.KmAmount(scale.Rates, tt.vehicle, tt.hp, km, false, km); got != tt.want[i] {
				t.Errorf("%s %d CV, %d km: %d, want %d", tt.vehicle, tt.hp, km, got, tt.want[i])
			}
		}
	}
	if got := donation.KmAmount(scale.Rates, donation.Car, 5, 5000, true, 5000); got != 3816_00 {
		t.Errorf("electric 5 CV, 5 000 km = %d, want 381600 (+20 %%)", got)
	}
}

// TestImportGiftsIsAtomic checks that an import that fails half-way
// leaves neither its donors nor its gifts.
func TestImportGiftsIsAtomic(t *testing.T) {
	db := storetest.Open(t)
	anne := storetest.Person(t, db, "Anne", "Roux", "", "", "")
	known := donation.Gift{DonorID: anne.ID, Amount: 10_00, DateReceived: "2026-01-01", Method: donation.Card,
		Source: "helloasso", Reference: "150000001"}
	if err := db.CreateGift(ctx, &known); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateGift(ctx, &known); !errors.Is(err, apperr.ErrConflict) || !strings.Contains(apperr.Message(err), "150000001") {
		t.Errorf("CreateGift with a taken reference = %v, want a French ErrConflict", err)
	}
	donors := []contact.Contact{{Kind: contact.Person, FirstName: "Paul", LastName: "Neuf"}}
	gifts := []donation.Gift{
		{Amount: 5_00, DateReceived: "2026-02-01", Method: donation.Card, Source: "helloasso", Reference: "150000002"},
		{Amount: 7_00, DateReceived: "2026-02-01", Method: donation.Card, Source: "helloasso", Reference: "150000001"},
	}
	err := db.ImportGifts(ctx, "helloasso", donors, gifts, []int{0, 0})
	if !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("ImportGifts with a reference already imported = %v, want ErrConflict", err)
	}
	rows, _ := db.ListGifts(ctx, donation.Filter{})
	people, _, _ := db.CountContacts(ctx)
	if len(rows) != 1 || people != 1 {
		t.Errorf("after a failed import: %d gifts, %d people; want 1 and 1", len(rows), people)
	}
	exist, err := db.GiftReferencesExist(ctx, "helloasso", []string{"150000001", "150000002"})
	if err != nil || !exist["150000001"] || exist["150000002"] {
		t.Errorf("GiftReferencesExist = %v, %v", exist, err)
	}
	gifts[1].Reference = "150000003"
	gifts = append(gifts, donation.Gift{DonorID: anne.ID, Amount: 9_00, DateReceived: "2026-02-02", Method: donation.Card,
		Source: "helloasso", Reference: "150000004"})
	if err := db.ImportGifts(ctx, "helloasso", donors, gifts, []int{0, 0, -1}); err != nil {
		t.Fatal(err)
	}
	rows, _ = db.ListGifts(ctx, donation.Filter{})
	if len(rows) != 4 || rows[1].DonorName != "NEUF Paul" || rows[2].DonorID != rows[1].DonorID || rows[3].DonorID != anne.ID {
		t.Errorf("after the import: %+v", rows)
	}
}

func TestMandateGiftsOnceAMonth(t *testing.T) {
	db := storetest.Open(t)
	anne := storetest.Person(t, db, "Anne", "Roux", "", "", "")
	m := donation.Mandate{DonorID: anne.ID, Amount: 15_00, DayOfMonth: 5, StartDate: "2026-01-01", Method: donation.DirectDebit, Active: true}
	if err := db.CreateMandate(ctx, &m); err != nil {
		t.Fatal(err)
	}
	g, _ := m.GiftFor(2026, 3)
	if n, err := db.InsertMandateGifts(ctx, []donation.Gift{g}); err != nil || n != 1 {
		t.Fatalf("InsertMandateGifts = %d, %v", n, err)
	}
	// Even under another reference, the same mandate cannot give twice on
	// one date (gift_mandate_date).
	g.Reference = "autre"
	if n, err := db.InsertMandateGifts(ctx, []donation.Gift{g}); err != nil || n != 0 {
		t.Errorf("InsertMandateGifts again = %d, %v; want 0", n, err)
	}
	if err := db.CreateGift(ctx, &g); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("CreateGift of the same mandate and date = %v, want ErrConflict", err)
	}
	ms, err := db.ListMandates(ctx)
	if err != nil || len(ms) != 1 || ms[0].DonorName != "ROUX Anne" || !ms[0].Active {
		t.Errorf("ListMandates = %+v, %v", ms, err)
	}
}

// TestListGiftsLimit keeps the latest gifts, still in date order.
func TestListGiftsLimit(t *testing.T) {
	db := storetest.Open(t)
	anne := storetest.Person(t, db, "Anne", "Roux", "", "", "")
	for _, d := range []string{"2026-03-02", "2026-01-15", "2026-05-01", "2026-03-02"} {
		storetest.Gift(t, db, anne.ID, 10_00, d)
	}
	rows, err := db.ListGifts(ctx, donation.Filter{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s#%d", r.DateReceived, r.ID))
	}
	if want := []string{"2026-03-02#1", "2026-03-02#4", "2026-05-01#3"}; !slices.Equal(got, want) {
		t.Errorf("ListGifts(Limit 3) = %q, want %q", got, want)
	}
}
