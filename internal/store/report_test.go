package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

func TestReportReads(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	org := storetest.Org(t, db, "Atelier Numérique de l'Est", contact.OrgCompany)
	other := storetest.Person(t, db, "Jean", "Moreau", "", "", "")
	storetest.Gift(t, db, org.ID, 100_00, "2025-12-31")
	a := storetest.Gift(t, db, org.ID, 250_00, "2026-01-01")
	storetest.Gift(t, db, org.ID, 50_00, "2026-12-31")
	storetest.Gift(t, db, other.ID, 310_00, "2026-06-01")
	storetest.Gift(t, db, other.ID, 10_00, "2027-01-01")
	// A cheque of 2025 cashed in 2026 counts for 2026 under the default
	// rule, for 2025 under "received".
	late := donation.Gift{DonorID: other.ID, Amount: 70_00, DateReceived: "2025-12-30", DateCashed: "2026-01-04", Method: donation.Cheque}
	if err := db.CreateGift(ctx, &late); err != nil {
		t.Fatal(err)
	}

	gifts, err := db.PartnerGifts(ctx, org.ID, "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(gifts) != 2 || gifts[0].ID != a.ID || gifts[0].Method != donation.Cheque || gifts[0].Receipt != "" || gifts[1].Date != "2026-12-31" {
		t.Errorf("PartnerGifts = %+v", gifts)
	}

	n, total, err := db.GiftTotal(ctx, "2026-01-01", "2026-12-31")
	if err != nil || n != 3 || total != 610_00 {
		t.Errorf("GiftTotal = %d, %s, %v; want 3, 610,00 €", n, total, err)
	}
	top, err := db.TopDonors(ctx, "2026-01-01", "2026-12-31", 1)
	if err != nil || len(top) != 1 || top[0].ID != other.ID || top[0].Name != "MOREAU Jean" || top[0].Total != 310_00 {
		t.Errorf("TopDonors = %+v, %v", top, err)
	}

	for _, tt := range []struct {
		rule       receipt.DateRule
		from, to   string
		n          int
		wantAmount string
	}{
		{receipt.Cashed, "2026-01-01", "2026-12-31", 4, "680,00"},
		{receipt.Received, "2026-01-01", "2026-12-31", 3, "610,00"},
		{receipt.Cashed, "2025-01-01", "2025-12-31", 1, "100,00"},
		{receipt.Received, "2025-01-01", "2025-12-31", 2, "170,00"},
	} {
		n, total, err := db.WaitingReceipts(ctx, tt.from, tt.to, tt.rule)
		if got := fmt.Sprintf("%d %s", n, total.Plain()); err != nil || got != fmt.Sprintf("%d %s", tt.n, tt.wantAmount) {
			t.Errorf("WaitingReceipts(%s, %s) = %s, %v; want %d %s", tt.from, tt.rule, got, err, tt.n, tt.wantAmount)
		}
	}

	in := contact.Interaction{ContactID: org.ID, Kind: contact.InteractionNote, Date: "2026-03-01", Body: "note"}
	if err := db.CreateInteraction(ctx, &in); err != nil {
		t.Fatal(err)
	}
	is, err := db.ContactInteractions(ctx, []int64{org.ID, other.ID}, "2026-01-01", "2026-12-31")
	if err != nil || len(is) != 1 || is[0].ID != in.ID {
		t.Errorf("ContactInteractions = %+v, %v", is, err)
	}

	// Threads with the organisation or its people, as mail sync links
	// them, in and out of the period.
	karim := storetest.Person(t, db, "Karim", "Haddad", "", "", "")
	if err := db.AddMembership(ctx, karim.ID, org.ID, "gérant"); err != nil {
		t.Fatal(err)
	}
	raw := rawOpen(t, db.Path())
	for _, th := range []struct {
		subject, first, last string
		count                int
		contacts             []int64
	}{
		{"Convention 2026", "2025-12-20T09:00:00Z", "2026-01-15T16:30:00Z", 6, []int64{org.ID}},
		{"Visite des salariés", "2026-05-02T08:00:00Z", "2026-06-13T10:00:00Z", 4, []int64{karim.ID, other.ID}},
		{"Vœux 2025", "2025-01-02T08:00:00Z", "2025-01-03T08:00:00Z", 2, []int64{org.ID}},
		{"Bilan 2026", "2027-01-05T08:00:00Z", "2027-01-06T08:00:00Z", 2, []int64{org.ID}},
		{"Autre partenaire", "2026-03-01T08:00:00Z", "2026-03-02T08:00:00Z", 3, []int64{other.ID}},
	} {
		res, err := raw.Exec(`INSERT INTO mail_thread (subject, first_date, last_date, message_count) VALUES (?, ?, ?, ?)`,
			th.subject, th.first, th.last, th.count)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		for _, c := range th.contacts {
			if _, err := raw.Exec(`INSERT INTO mail_thread_contact (thread_id, contact_id) VALUES (?, ?)`, id, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	ths, err := db.ThreadsOf(ctx, org.ID, "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(ths); got != "[{1 Convention 2026 2025-12-20 2026-01-15 6} {2 Visite des salariés 2026-05-02 2026-06-13 4}]" {
		t.Errorf("ThreadsOf = %s", got)
	}
}
