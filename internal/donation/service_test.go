package donation_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

func newService(t *testing.T) (*donation.Service, *store.DB) {
	t.Helper()
	db := storetest.Open(t)
	return donation.NewService(db), db
}

func TestRunMandatesIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	anne := storetest.Person(t, db, "Anne", "Roux", "anne@exemple.fr", "37000", "Tours")
	paul := storetest.Person(t, db, "Paul", "Lenoir", "", "", "")
	mandates := []donation.Mandate{
		{DonorID: anne.ID, Amount: 15_00, DayOfMonth: 5, StartDate: "2026-01-01", Reference: "RUM-A", Campaign: "Hiver", Active: true},
		{DonorID: paul.ID, Amount: 10_00, DayOfMonth: 28, StartDate: "2025-06-01", EndDate: "2026-02-28", Active: true},
		{DonorID: paul.ID, Amount: 99_00, DayOfMonth: 1, StartDate: "2025-01-01", Active: false},
	}
	for i := range mandates {
		if err := s.CreateMandate(ctx, &mandates[i]); err != nil {
			t.Fatalf("CreateMandate %d: %v", i, err)
		}
	}
	runs := []struct {
		year  int
		month time.Month
		want  int
	}{
		{2026, time.February, 2},
		{2026, time.February, 0}, // again: nothing new
		{2026, time.March, 1},    // Paul's mandate ended
		{2026, time.March, 0},
		{2026, time.February, 0},
	}
	for _, r := range runs {
		got, err := s.RunMandates(ctx, r.year, r.month)
		if err != nil || got != r.want {
			t.Errorf("RunMandates(%d, %d) = %d, %v; want %d", r.year, r.month, got, err, r.want)
		}
	}
	rows, err := s.ListGifts(ctx, donation.Filter{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, r := range rows {
		refs = append(refs, r.Reference)
		if r.Source != donation.SourceMandate || r.MandateID == 0 || r.Method != donation.DirectDebit {
			t.Errorf("gift %+v: want source mandate, a mandate ID and prélèvement", r.Gift)
		}
	}
	want := []string{"mandate-1-2026-02", "mandate-2-2026-02", "mandate-1-2026-03"}
	if !slices.Equal(refs, want) {
		t.Errorf("references = %q, want %q", refs, want)
	}
	if _, err := s.RunMandates(ctx, 2026, 13); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("RunMandates(2026, 13) = %v, want ErrInvalid", err)
	}
	if err := s.CreateMandate(ctx, &donation.Mandate{DonorID: 999, Amount: 5_00, DayOfMonth: 1, StartDate: "2026-01-01"}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("CreateMandate for a missing donor = %v, want ErrNotFound", err)
	}
}

func TestGiftsListTotalsAndUpdate(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	anne := storetest.Person(t, db, "Anne", "Roux", "anne@exemple.fr", "37000", "Tours")
	bois := storetest.Org(t, db, "Scierie du Bois", contact.OrgCompany)
	gifts := []donation.Gift{
		{DonorID: anne.ID, Amount: 50_00, DateReceived: "2025-12-20", Method: donation.Cheque, ChequeNumber: "123", Bank: "La Poste"},
		{DonorID: anne.ID, Amount: 20_00, DateReceived: "2026-01-15", Method: donation.Card, Campaign: "Hiver"},
		{DonorID: bois.ID, Amount: 1_000_00, DateReceived: "2026-02-01", Method: donation.Transfer, Campaign: "Hiver"},
		{DonorID: anne.ID, Amount: 30_00, DateReceived: "2026-03-01", Method: donation.Cash, Membership: true, Counterparts: 10_00},
	}
	for i := range gifts {
		if err := s.CreateGift(ctx, &gifts[i]); err != nil {
			t.Fatalf("CreateGift %d: %v", i, err)
		}
	}
	count := func(f donation.Filter) int {
		rows, err := s.ListGifts(ctx, f)
		if err != nil {
			t.Fatalf("ListGifts(%+v): %v", f, err)
		}
		return len(rows)
	}
	filters := []struct {
		f    donation.Filter
		want int
	}{
		{donation.Filter{}, 4},
		{donation.Filter{Year: 2026}, 3},
		{donation.Filter{Year: 2025}, 1},
		{donation.Filter{DonorID: anne.ID}, 3},
		{donation.Filter{Campaign: "Hiver"}, 2},
		{donation.Filter{Method: donation.Card}, 1},
		{donation.Filter{Year: 2026, DonorID: anne.ID, Campaign: "Hiver"}, 1},
	}
	for _, tt := range filters {
		if got := count(tt.f); got != tt.want {
			t.Errorf("ListGifts(%+v) = %d gifts, want %d", tt.f, got, tt.want)
		}
	}

	totals := []struct {
		by   donation.GroupBy
		want []string // label=count/total
	}{
		{donation.ByYear, []string{"2026=3/1050,00", "2025=1/50,00"}},
		{donation.ByDonor, []string{"ROUX Anne=3/100,00", "Scierie du Bois=1/1000,00"}},
		{donation.ByCampaign, []string{"(sans campagne)=2/80,00", "Hiver=2/1020,00"}},
		{donation.ByMethod, []string{"espèces=1/30,00", "chèque=1/50,00", "virement=1/1000,00", "carte=1/20,00"}},
	}
	for _, tt := range totals {
		ts, err := s.Totals(ctx, donation.Filter{}, tt.by)
		if err != nil {
			t.Fatalf("Totals(%s): %v", tt.by, err)
		}
		var got []string
		for _, x := range ts {
			got = append(got, x.Label+"="+strconv.Itoa(x.Count)+"/"+x.Total.Plain())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Totals(%s) = %q, want %q", tt.by, got, tt.want)
		}
	}

	g, err := s.GetGift(ctx, gifts[3].ID)
	if err != nil || !g.Membership || g.Counterparts != 10_00 || g.Source != "manual" {
		t.Fatalf("GetGift = %+v, %v", g, err)
	}
	g.Amount, g.Note = 35_00, "cotisation 2026"
	if err := s.UpdateGift(ctx, &g); err != nil {
		t.Fatalf("UpdateGift: %v", err)
	}
	if got, _ := s.GetGift(ctx, g.ID); got.Amount != 35_00 || got.Note != "cotisation 2026" {
		t.Errorf("after update: %+v", got)
	}
	g.Amount = 0
	if err := s.UpdateGift(ctx, &g); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("UpdateGift with no amount = %v, want ErrInvalid", err)
	}
	if _, err := s.GetGift(ctx, 999); !errors.Is(err, apperr.ErrNotFound) || !strings.Contains(apperr.Message(err), "n° 999") {
		t.Errorf("GetGift(999) = %v, want a French ErrNotFound", err)
	}
	missing := donation.Gift{ID: 999, DonorID: anne.ID, Amount: 1_00, DateReceived: "2026-01-01", Method: donation.Cash}
	if err := s.UpdateGift(ctx, &missing); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("UpdateGift(999) = %v, want ErrNotFound", err)
	}
}

func TestCounterpartWarningsAddTheYear(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	anne := storetest.Person(t, db, "Anne", "Roux", "", "", "")
	first := donation.Gift{DonorID: anne.ID, Amount: 300_00, DateReceived: "2026-02-01", Method: donation.Cheque, Counterparts: 50_00}
	if err := s.CreateGift(ctx, &first); err != nil {
		t.Fatal(err)
	}
	// A fee's counterpart is deducted, not counted in the cap.
	fee := donation.Gift{DonorID: anne.ID, Amount: 40_00, DateReceived: "2026-02-01", Method: donation.Cheque, Membership: true, Counterparts: 40_00}
	if err := s.CreateGift(ctx, &fee); err != nil {
		t.Fatal(err)
	}
	second := donation.Gift{DonorID: anne.ID, Amount: 300_00, DateReceived: "2026-06-01", Method: donation.Cheque, Counterparts: 23_01}
	ws, err := s.CounterpartWarnings(ctx, second)
	if err != nil || len(ws) != 1 || !strings.Contains(ws[0], "(73,01\u00a0€)") {
		t.Errorf("CounterpartWarnings = %q, %v; want the 73 € cap passed by 73,01 €", ws, err)
	}
	// The first gift alone, checked again after saving, is within the cap.
	if ws, err := s.CounterpartWarnings(ctx, first); err != nil || len(ws) != 0 {
		t.Errorf("CounterpartWarnings(first) = %q, %v; want none", ws, err)
	}
}

func TestExpenseClaimToReceiptableGift(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	vol := storetest.Person(t, db, "Jean", "Dupont", "jean@exemple.fr", "37000", "Tours")
	claim := donation.ExpenseClaim{VolunteerID: vol.ID, ClaimDate: "2026-03-31", Purpose: "Ateliers compost de mars"}
	if err := s.CreateClaim(ctx, &claim); err != nil {
		t.Fatal(err)
	}
	trip := donation.ExpenseLine{Date: "2026-03-02", Description: "Tours – Amboise et retour", Kind: donation.KmLine,
		Km: 100, YearKm: 6000, Vehicle: donation.Car, FiscalHP: 5, Amount: 1_000_00}
	if err := s.AddLine(ctx, claim.ID, &trip); err != nil {
		t.Fatalf("AddLine km: %v", err)
	}
	if trip.Amount != 58_95 {
		t.Errorf("km line amount = %d, want 5895 (the scale, not what was typed)", trip.Amount)
	}
	seeds := donation.ExpenseLine{Date: "2026-03-03", Description: "Graines", Kind: donation.ExpenseItem, Amount: 12_50, Km: 4}
	if err := s.AddLine(ctx, claim.ID, &seeds); err != nil {
		t.Fatalf("AddLine expense: %v", err)
	}
	old := donation.ExpenseLine{Date: "2023-12-01", Description: "Trajet", Kind: donation.KmLine, Km: 10, Vehicle: donation.Car, FiscalHP: 5}
	if err := s.AddLine(ctx, claim.ID, &old); !errors.Is(err, apperr.ErrNotFound) || !strings.Contains(apperr.Message(err), "01/12/2023") {
		t.Errorf("AddLine before any scale = %v, want « aucun barème »", err)
	}

	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := s.AttachDocument(ctx, claim.ID, write("notes.docx", []byte("PK\x03\x04word"))); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("AttachDocument(docx) = %v, want ErrInvalid", err)
	}
	big := append([]byte("%PDF-1.4\n"), make([]byte, donation.MaxDocumentSize)...)
	if _, err := s.AttachDocument(ctx, claim.ID, write("gros.pdf", big)); !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(apperr.Message(err), "10 Mo") {
		t.Errorf("AttachDocument(10 MiB + 9 bytes) = %v, want « dépasse 10 Mo »", err)
	}
	if _, err := s.AttachDocument(ctx, claim.ID, filepath.Join(dir, "absent.pdf")); !errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("AttachDocument(missing file) = %v, want ErrUnavailable", err)
	}
	doc, err := s.AttachDocument(ctx, claim.ID, write("trajets.pdf", []byte("%PDF-1.4\n% relevé des trajets\n")))
	if err != nil || doc.MIME != "application/pdf" || len(doc.SHA256) != 64 || doc.ID == 0 {
		t.Fatalf("AttachDocument(pdf) = %+v, %v", doc, err)
	}

	if back, err := s.Document(ctx, doc.ID); err != nil || string(back.Data) != "%PDF-1.4\n% relevé des trajets\n" ||
		back.SHA256 != doc.SHA256 || back.Name != "trajets.pdf" || back.Size != 31 {
		t.Errorf("Document = %+v, %v; want the file as attached", back, err)
	}
	if _, err := s.ToGift(ctx, claim.ID); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("ToGift before the waiver = %v, want ErrInvalid", err)
	}
	if err := s.SignWaiver(ctx, claim.ID, "2026-03-01", ""); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("SignWaiver before the expenses = %v, want ErrInvalid", err)
	}
	if err := s.SignWaiver(ctx, claim.ID, "2026-03-31", ""); err != nil {
		t.Fatalf("SignWaiver: %v", err)
	}
	if err := s.SignWaiver(ctx, claim.ID, "2026-04-01", "autre"); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("SignWaiver twice = %v, want ErrConflict", err)
	}
	late := donation.ExpenseLine{Date: "2026-03-30", Description: "Timbres", Kind: donation.ExpenseItem, Amount: 5_00}
	if err := s.AddLine(ctx, claim.ID, &late); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("AddLine after signing = %v, want ErrConflict", err)
	}

	g, err := s.ToGift(ctx, claim.ID)
	if err != nil {
		t.Fatalf("ToGift: %v", err)
	}
	if g.Amount != 71_45 || g.Nature != donation.ExpensesWaived || g.Method != donation.Transfer ||
		g.DateReceived != "2026-03-31" || g.DonorID != vol.ID || g.Reference != "claim-1" {
		t.Errorf("ToGift = %+v", g)
	}
	if _, err := s.ToGift(ctx, claim.ID); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("ToGift twice = %v, want ErrConflict", err)
	}
	got, err := s.GetClaim(ctx, claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ScaleEffectiveFrom != "2024-01-01" || got.GiftID != g.ID || len(got.Lines) != 2 || len(got.Documents) != 1 ||
		got.WaiverText != "Je soussigné(e) DUPONT Jean certifie renoncer au remboursement des frais ci-dessus et les laisser à l'association en tant que don." {
		t.Errorf("GetClaim = %+v", got)
	}
	if got.Lines[1].Km != 0 || got.Lines[1].Amount != 12_50 {
		t.Errorf("expense line stored as %+v, want no km", got.Lines[1])
	}

	if _, err := s.ReceiptableAmount(ctx, g.ID); !slices.Equal(keysOf(err), []string{"receiptable.not_recorded"}) {
		t.Errorf("ReceiptableAmount before the accounts = %v, want only « not recorded »", err)
	}
	if err := s.MarkRecorded(ctx, claim.ID, true); err != nil {
		t.Fatal(err)
	}
	if amount, err := s.ReceiptableAmount(ctx, g.ID); err != nil || amount != 71_45 {
		t.Errorf("ReceiptableAmount = %d, %v; want 7145", amount, err)
	}
	if err := s.MarkRecorded(ctx, 99, true); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("MarkRecorded(99) = %v, want ErrNotFound", err)
	}
}

func TestClaimUsesOneScaleVersion(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	vol := storetest.Person(t, db, "Jean", "Dupont", "", "", "")
	scale2026 := donation.KmScale{EffectiveFrom: "2026-01-01", Rates: []donation.KmRate{
		{Vehicle: donation.Car, HPMin: 0, RateMillicentsPerKm: 60000, ElectricBonusPercent: 20}}}
	if err := s.AddKmScale(ctx, scale2026); err != nil {
		t.Fatal(err)
	}
	if err := s.AddKmScale(ctx, scale2026); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("AddKmScale twice = %v, want ErrConflict", err)
	}
	claim := donation.ExpenseClaim{VolunteerID: vol.ID, ClaimDate: "2026-01-10", Purpose: "Fête des jardins"}
	if err := s.CreateClaim(ctx, &claim); err != nil {
		t.Fatal(err)
	}
	l2025 := donation.ExpenseLine{Date: "2025-12-30", Description: "Trajet", Kind: donation.KmLine, Km: 10, Vehicle: donation.Car, FiscalHP: 4}
	if err := s.AddLine(ctx, claim.ID, &l2025); err != nil || l2025.Amount != 6_06 {
		t.Fatalf("AddLine 2025 = %v, amount %d; want the 2024 scale, 606", err, l2025.Amount)
	}
	l2026 := donation.ExpenseLine{Date: "2026-01-05", Description: "Trajet", Kind: donation.KmLine, Km: 10, Vehicle: donation.Car, FiscalHP: 4}
	if err := s.AddLine(ctx, claim.ID, &l2026); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("AddLine with the 2026 scale on a 2024-scale claim = %v, want ErrConflict", err)
	}
	other := donation.ExpenseClaim{VolunteerID: vol.ID, ClaimDate: "2026-01-10", Purpose: "Fête des jardins"}
	if err := s.CreateClaim(ctx, &other); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLine(ctx, other.ID, &l2026); err != nil || l2026.Amount != 6_00 {
		t.Errorf("AddLine 2026 = %v, amount %d; want 600", err, l2026.Amount)
	}
}
