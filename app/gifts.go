package app

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// giftService reads and records the gifts of the register;
// *donation.Service implements it.
type giftService interface {
	giftTotals
	ListGifts(ctx context.Context, f donation.Filter) ([]donation.GiftRow, error)
	Totals(ctx context.Context, f donation.Filter, by donation.GroupBy) ([]donation.Total, error)
	GetGift(ctx context.Context, id int64) (donation.Gift, error)
	CreateGift(ctx context.Context, g *donation.Gift) error
	UpdateGift(ctx context.Context, g *donation.Gift) error
	CounterpartWarnings(ctx context.Context, g donation.Gift) ([]string, error)
	ReceiptableAmount(ctx context.Context, id int64) (money.Cents, error)
}

// receiptService issues the tax receipts and acts on them;
// *receipt.Service implements it.
type receiptService interface {
	Preview(ctx context.Context, req receipt.Request) (receipt.Plan, error)
	Issue(ctx context.Context, giftID int64) (donation.Receipt, error)
	IssueAnnual(ctx context.Context, donorID int64, year int) ([]donation.Receipt, error)
	Bulk(ctx context.Context, p receipt.BulkParams) (receipt.BulkResult, error)
	List(ctx context.Context, f receipt.Filter) ([]receipt.Row, error)
	PDF(ctx context.Context, number string) ([]byte, error)
	Duplicate(ctx context.Context, number string) ([]byte, error)
	Cancel(ctx context.Context, number, reason string) (donation.Receipt, error)
	Replace(ctx context.Context, number, reason string) (old, replacement donation.Receipt, err error)
	Check(ctx context.Context) ([]receipt.Problem, error)
	Numbering(ctx context.Context) ([]receipt.Series, error)
	Declaration(ctx context.Context, year int) (receipt.Declaration, error)
}

// giftsServices are what the « Dons & reçus » screen and the donor
// section of the contact panel need.
type giftsServices struct {
	gifts    giftService
	receipts receiptService
	// contacts finds donors, and creates one from the gift form.
	contacts contactEditor
	viewer   *pdfViewer
}

// giftsHooks lead to other screens; the shell provides them.
type giftsHooks struct {
	// goSettings opens Réglages, where the association's profile is.
	goSettings func()
	// openContact shows a contact's record, to complete a donor.
	openContact func(id int64)
}

// giftsScreen is « Dons & reçus »: the register, the receipts, the
// year-end wizard and the yearly declaration, one tab each.
type giftsScreen struct {
	register    *giftRegister
	receipts    *receiptList
	yearEnd     *yearEndWizard
	declaration *declarationPage
	tabs        *container.AppTabs
	content     fyne.CanvasObject
}

// Tabs of the « Dons & reçus » screen, in order.
const (
	tabRegister = iota
	tabReceipts
	tabYearEnd
	tabDeclaration
)

func newGiftsScreen(e env, svc giftsServices, hooks giftsHooks) *giftsScreen {
	s := &giftsScreen{
		register:    newGiftRegister(e, svc),
		receipts:    newReceiptList(e, svc),
		yearEnd:     newYearEndWizard(e, svc, hooks),
		declaration: newDeclarationPage(e, svc.receipts),
	}
	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("gifts.tab_register", "Registre"), s.register.view()),
		container.NewTabItem(lang.X("gifts.tab_receipts", "Reçus"), s.receipts.view()),
		container.NewTabItem(lang.X("gifts.tab_year_end", "Fin d'année"), s.yearEnd.view()),
		container.NewTabItem(lang.X("gifts.tab_declaration", "Déclaration"), s.declaration.view()))
	s.yearEnd.showReceipts = func() { s.tabs.SelectIndex(tabReceipts) }
	// Each tab reloads when shown: another one may have issued or
	// cancelled receipts meanwhile.
	s.tabs.OnSelected = func(*container.TabItem) { s.current().refresh(func() {}) }
	s.content = screenPage(lang.X("nav.donations", "Dons & reçus"), s.tabs)
	return s
}

func (s *giftsScreen) view() fyne.CanvasObject { return s.content }

// current is the screen of the selected tab.
func (s *giftsScreen) current() screen {
	switch s.tabs.SelectedIndex() {
	case tabReceipts:
		return s.receipts
	case tabYearEnd:
		return s.yearEnd
	case tabDeclaration:
		return s.declaration
	default:
		return s.register
	}
}

func (s *giftsScreen) refresh(done func()) { s.current().refresh(done) }

// create (Ctrl+N) opens the form of a new gift over the register.
func (s *giftsScreen) create() {
	s.tabs.SelectIndex(tabRegister)
	s.register.newGift()
}

// createLabel names what Ctrl+N creates here, for the menu.
func (s *giftsScreen) createLabel() string { return lang.X("menu.new_gift", "Nouveau don…") }

// showTab selects tab i (smoke screenshots).
func (s *giftsScreen) showTab(i int, done func()) {
	if s.tabs.SelectedIndex() == i {
		s.current().refresh(done)
		return
	}
	s.tabs.OnSelected = nil
	s.tabs.SelectIndex(i)
	s.tabs.OnSelected = func(*container.TabItem) { s.current().refresh(func() {}) }
	s.current().refresh(done)
}

// methodName names a payment method, capitalised, for lists and choices.
func methodName(m donation.Method) string {
	switch m {
	case donation.Cash:
		return lang.X("method.cash", "Espèces")
	case donation.Cheque:
		return lang.X("method.cheque", "Chèque")
	case donation.Transfer:
		return lang.X("method.transfer", "Virement")
	case donation.DirectDebit:
		return lang.X("method.direct_debit", "Prélèvement")
	case donation.Card:
		return lang.X("method.card", "Carte")
	}
	return string(m)
}

// natureName names the nature of a gift as the Cerfa does.
func natureName(n donation.Nature) string {
	switch n {
	case donation.ListedShares:
		return lang.X("nature.shares", "Titres de sociétés cotés")
	case donation.IncomeWaived:
		return lang.X("nature.income_waived", "Abandon exprès de revenus")
	case donation.ExpensesWaived:
		return lang.X("nature.expenses_waived", "Frais de bénévoles abandonnés")
	case donation.InKind:
		return lang.X("nature.in_kind", "Don en nature")
	}
	return lang.X("nature.cash", "Numéraire")
}

// natureShort names the nature of a gift in a list column.
func natureShort(n donation.Nature) string {
	switch n {
	case donation.ListedShares:
		return lang.X("nature.short.shares", "Titres cotés")
	case donation.IncomeWaived:
		return lang.X("nature.short.income_waived", "Abandon de revenus")
	case donation.ExpensesWaived:
		return lang.X("nature.short.expenses_waived", "Frais de bénévole")
	case donation.InKind:
		return lang.X("nature.short.in_kind", "En nature")
	}
	return lang.X("nature.cash", "Numéraire")
}

// formeName names the legal form of a gift as the Cerfa does.
func formeName(f donation.Forme) string {
	switch f {
	case donation.ActeAuthentique:
		return lang.X("forme.authentic", "Acte authentique")
	case donation.ActeSousSeingPrive:
		return lang.X("forme.private", "Acte sous seing privé")
	case donation.FormeAutre:
		return lang.X("forme.other", "Autre")
	}
	return lang.X("forme.manual", "Déclaration de don manuel")
}

// receiptStatus says where a receipt stands, for lists: valide, annulé
// le …, remplacé par ….
func receiptStatus(r receipt.Row) string {
	switch {
	case r.Status == donation.Cancelled && r.ReplacedBy != "":
		return lang.X("receipt.status_replaced", "remplacé par le n° {{.Number}}", map[string]any{"Number": r.ReplacedBy})
	case r.Status == donation.Cancelled:
		return lang.X("receipt.status_cancelled", "annulé le {{.Date}}", map[string]any{"Date": displayDate(r.CancelledOn)})
	case r.Replaces != "":
		return lang.X("receipt.status_replaces", "valide (remplace le n° {{.Number}})", map[string]any{"Number": r.Replaces})
	}
	return lang.X("receipt.status_valid", "valide")
}

// giftIDs lists gift numbers for a list column: "n° 12, 15".
func giftIDs(ids []int64) string {
	if len(ids) == 0 {
		return ""
	}
	s := "n°\u00a0"
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += strconv.FormatInt(id, 10)
	}
	return s
}
