package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// addCase creates a sponsorship case through the service.
func addCase(t *testing.T, c *core.Core, sc sponsor.Case) int64 {
	t.Helper()
	if err := c.Sponsors.Create(context.Background(), &sc); err != nil {
		t.Fatalf("create case: %v", err)
	}
	return sc.ID
}

func newTestBoard(t *testing.T, c *core.Core) *sponsorBoard {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	b := newSponsorBoard(testEnv(t, w), c.Sponsors, c.Contacts)
	w.SetContent(b.view())
	b.refresh(nil)
	return b
}

func TestSponsorBoardColumnsTotalsAndOverdue(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	transports := addOrg(t, c, "Transports Loire", contact.OrgCompany)
	credit := addOrg(t, c, "Crédit du Centre", contact.OrgCompany)
	late := addCase(t, c, sponsor.Case{OrgID: transports, Year: 2026, Stage: sponsor.ProposalSent,
		Expected: 10_000_00, Probability: 50, NextAction: "Relancer Nathalie", NextActionDate: "2026-06-01",
		Counterparts: []sponsor.Counterpart{{Item: "Dix places au dîner de gala", Value: 3_000_00}}})
	renew := addCase(t, c, sponsor.Case{OrgID: credit, Year: 2026, Stage: sponsor.Agreed, Expected: 8_000_00,
		Probability: 100, NextAction: "Envoyer le bilan", NextActionDate: "2026-07-01",
		ConventionStart: "2025-08-01", ConventionEnd: "2026-07-31"})
	b := newTestBoard(t, c)

	col := b.data.board.Columns[3]
	if col.Stage != sponsor.ProposalSent || len(col.Cases) != 1 || col.Cases[0].ID != late {
		t.Fatalf("column « Proposition envoyée » = %+v", col)
	}
	if got := b.colTotal[3].Text; got != "Attendu : 10\u00a0000,00\u00a0€\nPondéré : 5\u00a0000,00\u00a0€" {
		t.Errorf("column total = %q", got)
	}
	if b.total.Text != "Total 2026 : 18\u00a0000,00\u00a0€ attendus, 13\u00a0000,00\u00a0€ pondérés" {
		t.Errorf("year total = %q", b.total.Text)
	}
	card := b.cards[late]
	if !card.overdue || card.action.Importance != widget.DangerImportance || !strings.HasPrefix(card.action.Text, "En retard") {
		t.Errorf("overdue card: overdue %v, importance %v, %q", card.overdue, card.action.Importance, card.action.Text)
	}
	if card.warning == nil || card.warning.Importance != widget.WarningImportance {
		t.Errorf("no counterpart warning on the card")
	}
	if ok := b.cards[renew]; ok.overdue || ok.action.Importance == widget.DangerImportance || ok.warning != nil {
		t.Errorf("the case due in July is shown late or warned")
	}
	if !hasLabel(b.todo, "En retard depuis le 01/06/2026 — Transports Loire : Relancer Nathalie") {
		t.Errorf("overdue action missing from « À faire »")
	}
	if !hasLabel(b.todo, "Convention à renouveler : Crédit du Centre (2026) se termine le 31/07/2026.") {
		t.Errorf("renewal missing from « À faire »")
	}

	b.yearSel.SetSelected("2025")
	if len(b.cards) != 0 {
		t.Errorf("2025 shows %d cards", len(b.cards))
	}
}

func TestCaseFormWarnsAndMarksDelivered(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	org := addOrg(t, c, "Transports Loire", contact.OrgCompany)
	id := addCase(t, c, sponsor.Case{OrgID: org, Year: 2026, Stage: sponsor.Agreed, Expected: 10_000_00, Probability: 100,
		Counterparts: []sponsor.Counterpart{{Item: "Logo sur les panneaux", Value: 500_00}, {Item: "Dîner de gala", Value: 2_200_00}}})
	b := newTestBoard(t, c)
	test.Tap(b.cards[id])
	f := b.form
	if f == nil || !f.warning.Visible() || !strings.Contains(f.warning.Text, "27\u00a0%") || f.warning.Importance != widget.WarningImportance {
		t.Fatalf("counterpart warning: %+v", f)
	}
	test.Tap(f.delivered[0])
	got, _ := c.Sponsors.Get(context.Background(), id)
	if !got.Counterparts[0].Delivered || got.Counterparts[0].DeliveredOn != "2026-06-15" {
		t.Errorf("counterpart after « Livrée » = %+v", got.Counterparts[0])
	}
	if !f.delivered[0].Disabled() || !strings.HasPrefix(f.delivered[0].Text, "Livrée le 15/06/2026") {
		t.Errorf("delivered box = %q, disabled %v", f.delivered[0].Text, f.delivered[0].Disabled())
	}

	f.stage.SetSelected(sponsor.Renewed.Label())
	f.nextAction.entry.SetText("Envoyer le bilan")
	test.Tap(f.save)
	if f.nextDate.message() == "" {
		t.Errorf("an action without a date was accepted")
	}
	f.nextDate.date.SetText("30/06/2026")
	test.Tap(f.save)
	got, _ = c.Sponsors.Get(context.Background(), id)
	if got.Stage != sponsor.Renewed || got.NextActionDate != "2026-06-30" {
		t.Errorf("saved case = %+v", got)
	}
	if b.data.board.Columns[5].Stage != sponsor.Renewed || len(b.data.board.Columns[5].Cases) != 1 {
		t.Errorf("the board did not follow the save")
	}
}

func TestNewCaseFromBoard(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	addOrg(t, c, "Fondation du Val", contact.OrgFoundation)
	b := newTestBoard(t, c)
	test.Tap(b.newCase)
	top := b.e.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("« Nouveau dossier » opened nothing")
	}
	p := pickerOf(t, b)
	p.pick("Fondation du Val")
	f := b.form
	f.expected.entry.SetText("5 000")
	test.Type(f.item.entry, "Places au gala")
	test.Type(f.value.entry, "2000")
	test.Tap(f.addCounterpart)
	if !f.warning.Visible() || !strings.Contains(f.warning.Text, "40\u00a0%") {
		t.Errorf("no warning for 40 %% of counterparts: %q", f.warning.Text)
	}
	f.probability.entry.SetText("20")
	test.Tap(f.save)
	col := b.data.board.Columns[0]
	if len(col.Cases) != 1 || col.Cases[0].OrgName != "Fondation du Val" || len(col.Cases[0].Counterparts) != 1 {
		t.Errorf("prospects after the new case = %+v", col.Cases)
	}
}

// pickerOf returns the picker the board opened last.
func pickerOf(t *testing.T, b *sponsorBoard) *contactPicker {
	t.Helper()
	if b.picker == nil {
		t.Fatal("no picker")
	}
	return b.picker
}
