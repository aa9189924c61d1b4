package app

import (
	"context"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// giftsFixture is a database with a complete association profile and the
// services of « Dons & reçus » on it; the PDF viewer records what it is
// asked to open instead of starting a program.
type giftsFixture struct {
	t      *testing.T
	c      *core.Core
	w      fyne.Window
	e      env
	svc    giftsServices
	opened []string // paths given to the viewer
}

func newGiftsFixture(t *testing.T) *giftsFixture {
	t.Helper()
	newApp(t)
	f := &giftsFixture{t: t, c: openCoreAt(t, dbPath(t))}
	if err := f.c.Association.Save(context.Background(), testProfile()); err != nil {
		t.Fatal(err)
	}
	f.w = test.NewTempWindow(t, nil)
	f.w.Resize(fyne.NewSize(1180, 740))
	f.e = testEnv(t, f.w)
	viewer := newPDFViewer(func(u *url.URL) error {
		f.opened = append(f.opened, u.Path)
		return nil
	})
	viewer.base = t.TempDir()
	t.Cleanup(viewer.close)
	f.svc = giftsServices{gifts: f.c.Gifts, receipts: f.c.Receipts, contacts: f.c.Contacts, viewer: viewer}
	return f
}

func testProfile() association.Profile {
	return association.Profile{
		Name: "Les Jardins partagés de Belleville", RNA: "W751234567",
		Street: "12 rue des Envierges", Postcode: "75020", City: "Paris",
		Object:   "Créer et animer des jardins ouverts à tous les habitants du quartier.",
		Category: "asso_1901_ig", SignerName: "Claire Dubois", SignerRole: "Trésorière",
	}
}

// donor creates a person with a complete postal address, as a receipt
// needs, unless street is "".
func (f *giftsFixture) donor(first, last, street string) int64 {
	f.t.Helper()
	p := &contact.Contact{Kind: contact.Person, FirstName: first, LastName: last}
	if street != "" {
		p.Addresses = []contact.Address{{Street: street, Postcode: "37000", City: "Tours", Preferred: true}}
	}
	if err := f.c.Contacts.Create(context.Background(), p); err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

// gift records g, with defaults: a cheque.
func (f *giftsFixture) gift(g donation.Gift) int64 {
	f.t.Helper()
	if g.Method == "" {
		g.Method = donation.Cheque
	}
	if err := f.c.Gifts.CreateGift(context.Background(), &g); err != nil {
		f.t.Fatalf("create gift %+v: %v", g, err)
	}
	return g.ID
}

// lastOpened reads the last file given to the viewer.
func (f *giftsFixture) lastOpened() (string, []byte) {
	f.t.Helper()
	if len(f.opened) == 0 {
		f.t.Fatal("the viewer was not asked to open anything")
	}
	p := f.opened[len(f.opened)-1]
	b, err := os.ReadFile(p)
	if err != nil {
		f.t.Fatal(err)
	}
	return p, b
}

// overlay reports whether a dialog is shown over the window.
func (f *giftsFixture) overlay() bool { return f.w.Canvas().Overlays().Top() != nil }

// inGrid reports whether o is one of the objects of grid.
func inGrid(grid *fyne.Container, o fyne.CanvasObject) bool {
	return slices.ContainsFunc(grid.Objects, func(x fyne.CanvasObject) bool { return x == o })
}

// register builds the register tab in the fixture's window and loads it.
func (f *giftsFixture) register() *giftRegister {
	r := newGiftRegister(f.e, f.svc)
	f.w.SetContent(r.view())
	r.refresh(func() {})
	return r
}

// registerFixture has three donors and gifts of 2025 and 2026 by several
// methods and campaigns.
func registerFixture(t *testing.T) (*giftsFixture, map[string]int64) {
	f := newGiftsFixture(t)
	marie := f.donor("Marie", "Dupont", "3 rue Colbert")
	paul := f.donor("Paul", "Martin", "8 quai de la Loire")
	anne := f.donor("Anne", "Roux", "")
	ids := map[string]int64{"marie": marie, "paul": paul, "anne": anne}
	f.gift(donation.Gift{DonorID: marie, Amount: 50_00, DateReceived: "2026-01-10", Campaign: "Serre"})
	f.gift(donation.Gift{DonorID: marie, Amount: 20_00, DateReceived: "2026-03-05", Method: donation.Transfer})
	f.gift(donation.Gift{DonorID: paul, Amount: 100_00, DateReceived: "2026-02-14", Campaign: "Serre", Method: donation.Cash})
	ids["counterparts"] = f.gift(donation.Gift{DonorID: paul, Amount: 40_00, DateReceived: "2026-04-01", Counterparts: 15_00})
	f.gift(donation.Gift{DonorID: anne, Amount: 30_00, DateReceived: "2026-05-20", Campaign: "Hiver"})
	f.gift(donation.Gift{DonorID: anne, Amount: 25_00, DateReceived: "2025-12-01"})
	return f, ids
}

// totalOf sums what the service's totals of f say.
func totalOf(t *testing.T, c *core.Core, f donation.Filter) (int, money.Cents) {
	t.Helper()
	ts, err := c.Gifts.Totals(context.Background(), f, donation.ByMethod)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var sum money.Cents
	for _, x := range ts {
		n += x.Count
		sum += x.Total
	}
	return n, sum
}

func TestRegisterFiltersAndTotalsMatchService(t *testing.T) {
	f, ids := registerFixture(t)
	r := f.register()

	if r.year.Selected != "2026" {
		t.Errorf("the register starts on %q, want the current year 2026", r.year.Selected)
	}
	check := func(what string, want donation.Filter) {
		t.Helper()
		if got := r.filter(); got != want {
			t.Errorf("%s: filter = %+v, want %+v", what, got, want)
		}
		n, sum := totalOf(t, f.c, want)
		if r.data.count != n || r.data.total != sum || len(r.data.rows) != n {
			t.Errorf("%s: register shows %d gifts (%d rows), %s; the service counts %d, %s",
				what, r.data.count, len(r.data.rows), r.data.total, n, sum)
		}
		if r.selTotal.Text != sum.String() || r.selCount.Text != countGifts(n) {
			t.Errorf("%s: totals read %q, %q", what, r.selTotal.Text, r.selCount.Text)
		}
	}
	check("2026", donation.Filter{Year: 2026})
	if got := r.data.rows[0].DateReceived; got != "2026-05-20" {
		t.Errorf("first row received %s, want the newest gift", got)
	}
	if len(r.data.byMethod) != 3 || len(r.data.byCampaign) != 3 {
		t.Errorf("grouped totals: %d methods, %d campaigns", len(r.data.byMethod), len(r.data.byCampaign))
	}
	if !hasLabel(r.methodBox, "Espèces") || !hasLabel(r.campaignBox, "Serre") || !hasLabel(r.campaignBox, "(sans campagne)") {
		t.Errorf("grouped totals do not show their labels")
	}

	r.method.SetSelected("Chèque")
	check("cheques", donation.Filter{Year: 2026, Method: donation.Cheque})
	r.campaign.SetSelected("Serre")
	check("cheques for Serre", donation.Filter{Year: 2026, Method: donation.Cheque, Campaign: "Serre"})
	r.method.SetSelectedIndex(0)
	r.campaign.SetSelectedIndex(0)
	r.year.SetSelected("Toutes les années")
	check("every year", donation.Filter{})

	// The donor search goes through the contact picker.
	test.Tap(r.donor.search)
	r.donor.picker.pick("MARTIN Paul")
	check("Paul", donation.Filter{DonorID: ids["paul"]})
	if r.donor.label.Text != "Donateur : MARTIN Paul" || r.donor.clear.Hidden {
		t.Errorf("donor filter shows %q, clear hidden %v", r.donor.label.Text, r.donor.clear.Hidden)
	}
	var status string
	for _, row := range r.data.rows {
		if row.ID == ids["counterparts"] {
			status = row.status
		}
	}
	if status != "non éligible : contreparties > 25 %" {
		t.Errorf("status of a gift with 15 € of counterparts for 40 € = %q", status)
	}
	test.Tap(r.donor.clear)
	check("no donor", donation.Filter{})

	// Choosing a year in the totals by year filters the register.
	r.totals.yearList.Select(1)
	check("2025 from the totals", donation.Filter{Year: 2025})
	if r.totals.monthTitle.Text != "Dons de 2025 par mois" {
		t.Errorf("month title = %q", r.totals.monthTitle.Text)
	}
}

func TestRegisterLimitsRowsWithMessage(t *testing.T) {
	f, _ := registerFixture(t)
	r := newGiftRegister(f.e, f.svc)
	r.maxRows = 3
	f.w.SetContent(r.view())
	r.refresh(func() {})
	if len(r.data.rows) != 3 || r.data.count != 5 {
		t.Fatalf("%d rows of %d gifts, want the 3 latest of 5", len(r.data.rows), r.data.count)
	}
	if r.data.rows[2].DateReceived != "2026-03-05" {
		t.Errorf("oldest row shown %s, want 2026-03-05", r.data.rows[2].DateReceived)
	}
	if want := "5 dons correspondent : la liste montre les 3 plus récents, les totaux les comptent tous."; !strings.HasPrefix(r.count.Text, want) {
		t.Errorf("count = %q, want it to start with %q", r.count.Text, want)
	}
	if _, sum := totalOf(t, f.c, donation.Filter{Year: 2026}); r.data.total != sum {
		t.Errorf("total %s, want every gift's %s", r.data.total, sum)
	}
}

func TestGiftFormShowsMessagesAndSaves(t *testing.T) {
	f, ids := registerFixture(t)
	r := f.register()
	test.Tap(r.newButton)
	g := r.form
	if g == nil || g.received.date.Text != "15/06/2026" {
		t.Fatalf("new gift form not open, or not dated today: %+v", g)
	}

	test.Tap(g.save)
	if g.donorField.message() == "" || g.amount.message() == "" || g.methodField.message() == "" {
		t.Errorf("empty form: donor %q, amount %q, method %q", g.donorField.message(), g.amount.message(), g.methodField.message())
	}

	test.Tap(g.donor)
	g.picker.pick("DUPONT Marie")
	if g.donorID != ids["marie"] || g.donorField.message() != "" {
		t.Errorf("picked donor %d, message %q", g.donorID, g.donorField.message())
	}
	test.Type(g.amount.entry, "12,345")
	g.method.SetSelected("Chèque")
	test.Tap(g.save)
	if want := "Le montant « 12,345 » n'est pas reconnu."; !strings.HasPrefix(g.amount.message(), want) {
		t.Errorf("amount message = %q, want %q…", g.amount.message(), want)
	}
	if !inGrid(g.grid, g.chequeNumber.box) {
		t.Errorf("the cheque number is not offered for a cheque")
	}

	g.amount.entry.SetText("120")
	if g.amount.message() != "" {
		t.Errorf("typing did not clear the amount message")
	}
	test.Type(g.counterparts.entry, "40")
	if !g.warnings.Visible() || !strings.Contains(g.warnings.Text, "dépassent 25 %") || g.warnings.Importance != widget.WarningImportance {
		t.Errorf("counterpart warning = %q (visible %v)", g.warnings.Text, g.warnings.Visible())
	}
	g.counterparts.entry.SetText("")
	if g.warnings.Visible() {
		t.Errorf("the warning stays without counterparts: %q", g.warnings.Text)
	}
	test.Type(g.chequeNumber.entry, "1234567")
	test.Type(g.bank.entry, "Crédit Mutuel")
	g.campaign.SetText("Serre")
	test.Tap(g.save)
	if f.overlay() {
		t.Fatalf("the form stays open: status %q, amount %q", g.status.Text, g.amount.message())
	}
	rows, err := f.c.Gifts.ListGifts(context.Background(), donation.Filter{DonorID: ids["marie"], Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	saved := rows[len(rows)-1].Gift
	if saved.Amount != 120_00 || saved.DateReceived != "2026-06-15" || saved.Method != donation.Cheque ||
		saved.ChequeNumber != "1234567" || saved.Bank != "Crédit Mutuel" || saved.Campaign != "Serre" ||
		saved.Nature != donation.Numeraire || saved.Forme != donation.DonManuel || saved.Source != donation.SourceManual {
		t.Errorf("saved gift = %+v", saved)
	}
	if r.data.rows[0].ID != saved.ID || r.data.rows[0].status != "à émettre" {
		t.Errorf("the register does not show the new gift first: %+v", r.data.rows[0])
	}
}

func TestGiftFormInKindAndMembership(t *testing.T) {
	f, ids := registerFixture(t)
	r := f.register()
	r.newGift()
	g := r.form
	g.setDonor(ids["paul"], "MARTIN Paul")
	g.amount.entry.SetText("300")
	g.method.SetSelected("Virement")
	g.nature.SetSelected("Don en nature")
	if !inGrid(g.grid, g.description.box) || inGrid(g.grid, g.chequeNumber.box) {
		t.Errorf("in kind: description shown %v, cheque number shown %v",
			inGrid(g.grid, g.description.box), inGrid(g.grid, g.chequeNumber.box))
	}
	test.Tap(g.save)
	if g.description.message() == "" {
		t.Errorf("a gift in kind without description is accepted")
	}
	g.description.entry.SetText("Trois bêches et un motoculteur")
	g.valuation.entry.SetText("facture d'achat")
	test.Tap(g.membership)
	if g.counterparts.label != "Part qui paie des activités" {
		t.Errorf("membership counterpart label = %q", g.counterparts.label)
	}
	g.counterparts.entry.SetText("400")
	test.Tap(g.save)
	if !strings.Contains(g.counterparts.message(), "ne peut pas dépasser son montant") {
		t.Errorf("counterparts message = %q", g.counterparts.message())
	}
	g.counterparts.entry.SetText("100")
	test.Tap(g.save)
	if f.overlay() {
		t.Fatalf("not saved: %q", g.status.Text)
	}
	saved, err := f.c.Gifts.GetGift(context.Background(), r.data.rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Nature != donation.InKind || !saved.Membership || saved.Counterparts != 100_00 || saved.ValuationMethod != "facture d'achat" {
		t.Errorf("saved = %+v", saved)
	}
}

func TestEditingReceiptedGiftIsRefused(t *testing.T) {
	f, ids := registerFixture(t)
	rows, _ := f.c.Gifts.ListGifts(context.Background(), donation.Filter{DonorID: ids["marie"]})
	first, second := rows[0].ID, rows[1].ID
	rc, err := f.c.Receipts.Issue(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	r := f.register()
	i := slices.IndexFunc(r.data.rows, func(x registerRow) bool { return x.ID == first })
	if r.data.rows[i].status != "n° "+rc.Number {
		t.Errorf("receipted status = %q", r.data.rows[i].status)
	}
	r.list.Select(i)
	test.Tap(r.editButton)
	if r.form != nil {
		t.Errorf("the form opened for a receipted gift")
	}
	if r.refusal == nil || !strings.HasPrefix(r.refusal.Text, "Ce don figure sur un reçu fiscal valide : il ne peut plus être modifié.") ||
		!strings.Contains(r.refusal.Text, rc.Number) {
		t.Fatalf("refusal = %+v", r.refusal)
	}

	// A receipt issued while the form is open: the service refuses the
	// save and the form says why.
	r.list.Select(slices.IndexFunc(r.data.rows, func(x registerRow) bool { return x.ID == second }))
	test.Tap(r.editButton)
	g := r.form
	if g == nil || g.orig.ID != second || g.amount.entry.Text != "20,00" {
		t.Fatalf("edit form = %+v", g)
	}
	if _, err := f.c.Receipts.Issue(context.Background(), second); err != nil {
		t.Fatal(err)
	}
	g.note.entry.SetText("corrigé")
	test.Tap(g.save)
	if !f.overlay() || !strings.HasPrefix(g.status.Text, "Ce don figure sur un reçu fiscal valide") {
		t.Errorf("after a refused save: open %v, status %q", f.overlay(), g.status.Text)
	}
}

func TestCtrlNOnGiftsScreenOpensGiftForm(t *testing.T) {
	newApp(t)
	path := dbPath(t)
	c := openCoreAt(t, path)
	addPerson(t, c, "Hélène", "Dupont", "", "Orléans")
	s := newTestShell(t, path)
	s.show("donations")
	if s.newItem.Label != "Nouveau don…" {
		t.Errorf("menu item = %q on the gifts screen", s.newItem.Label)
	}
	s.newPerson()
	g := s.screens["donations"].(*giftsScreen)
	if g.register.form == nil || s.win.Canvas().Overlays().Top() == nil {
		t.Fatalf("Ctrl+N did not open the gift form")
	}
	s.show("contacts")
	if s.newItem.Label != "Nouvelle personne…" {
		t.Errorf("menu item = %q on the contacts screen", s.newItem.Label)
	}
}
