package donation_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// keysOf returns the message keys of a Receiptable error.
func keysOf(err error) []string {
	var m apperr.Multi
	if !errors.As(err, &m) {
		if err != nil {
			return []string{"not a Multi: " + err.Error()}
		}
		return nil
	}
	var out []string
	for _, e := range m {
		out = append(out, e.Key)
	}
	return out
}

func TestReceiptable(t *testing.T) {
	cash := donation.Gift{ID: 7, DonorID: 1, Amount: 100_00, DateReceived: "2026-03-01", Method: donation.Cheque,
		Nature: donation.Numeraire}
	with := func(f func(*donation.Gift)) donation.Gift { g := cash; f(&g); return g }
	expenses := with(func(g *donation.Gift) { g.Nature = donation.ExpensesWaived; g.Amount = 52_90 })
	complete := donation.ExpenseClaim{ID: 3, GiftID: 7, WaiverSignedOn: "2026-03-02",
		WaiverText: donation.DefaultWaiverText("Jean DUPONT"), RecordedInAccounts: true,
		Lines:     []donation.ExpenseLine{{Amount: 52_90}},
		Documents: []donation.ExpenseDocument{{Name: "trajets.pdf"}}}
	claim := func(f func(*donation.ExpenseClaim)) *donation.ExpenseClaim { c := complete; f(&c); return &c }

	tests := []struct {
		name     string
		g        donation.Gift
		claim    *donation.ExpenseClaim
		want     money.Cents
		wantKeys []string
	}{
		{"cash gift", cash, nil, 100_00, nil},
		{"counterparts exactly 25 %", with(func(g *donation.Gift) { g.Counterparts = 25_00 }), nil, 100_00, nil},
		{"counterparts one cent above 25 %", with(func(g *donation.Gift) { g.Counterparts = 25_01 }), nil, 0,
			[]string{"receiptable.counterparts_above_25"}},
		{"fee: only the part without counterpart", with(func(g *donation.Gift) {
			g.Membership, g.Amount, g.Counterparts = true, 50_00, 30_00
		}), nil, 20_00, nil},
		{"fee without counterpart", with(func(g *donation.Gift) { g.Membership, g.Amount = true, 20_00 }), nil, 20_00, nil},
		{"fee that only pays activities", with(func(g *donation.Gift) {
			g.Membership, g.Amount, g.Counterparts = true, 30_00, 30_00
		}), nil, 0, []string{"receiptable.fee_all_counterpart"}},
		{"in kind without valuation", with(func(g *donation.Gift) {
			g.Nature, g.Description = donation.InKind, "Ordinateur portable"
		}), nil, 0, []string{"receiptable.in_kind_valuation"}},
		{"in kind valued", with(func(g *donation.Gift) {
			g.Nature, g.Description, g.ValuationMethod = donation.InKind, "Ordinateur portable", "facture d'achat"
		}), nil, 100_00, nil},
		{"waived expenses without claim", expenses, nil, 0, []string{"receiptable.claim_missing"}},
		{"claim of another gift", expenses, claim(func(c *donation.ExpenseClaim) { c.GiftID = 8 }), 0,
			[]string{"receiptable.claim_missing"}},
		{"complete claim", expenses, &complete, 52_90, nil},
		{"claim ignored for cash", cash, claim(func(c *donation.ExpenseClaim) { c.RecordedInAccounts = false }), 100_00, nil},
		{"waiver not signed", expenses, claim(func(c *donation.ExpenseClaim) { c.WaiverSignedOn = "" }), 0,
			[]string{"receiptable.waiver_missing"}},
		{"waiver without text", expenses, claim(func(c *donation.ExpenseClaim) { c.WaiverText = " " }), 0,
			[]string{"receiptable.waiver_missing"}},
		{"no supporting document", expenses, claim(func(c *donation.ExpenseClaim) { c.Documents = nil }), 0,
			[]string{"receiptable.documents_missing"}},
		{"not in the accounts", expenses, claim(func(c *donation.ExpenseClaim) { c.RecordedInAccounts = false }), 0,
			[]string{"receiptable.not_recorded"}},
		{"everything missing", expenses, claim(func(c *donation.ExpenseClaim) {
			c.WaiverSignedOn, c.WaiverText, c.Documents, c.RecordedInAccounts = "", "", nil, false
		}), 0, []string{"receiptable.waiver_missing", "receiptable.documents_missing", "receiptable.not_recorded"}},
		{"gift differs from the claim", with(func(g *donation.Gift) { g.Nature = donation.ExpensesWaived }), &complete, 0,
			[]string{"receiptable.claim_total"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := donation.Receiptable(tt.g, tt.claim)
			if got != tt.want || !slices.Equal(keysOf(err), tt.wantKeys) {
				t.Errorf("Receiptable = %d, %v (keys %q); want %d, keys %q", got, err, keysOf(err), tt.want, tt.wantKeys)
			}
			if err != nil && !errors.Is(err, apperr.ErrInvalid) {
				t.Errorf("error %v is not ErrInvalid", err)
			}
		})
	}
}
