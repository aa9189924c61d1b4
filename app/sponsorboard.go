package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// sponsorService is the sponsorship pipeline; *sponsor.Service
// implements it.
type sponsorService interface {
	Board(ctx context.Context, year int) (sponsor.Board, error)
	Overdue(ctx context.Context, today time.Time) ([]sponsor.Case, error)
	Renewals(ctx context.Context, today time.Time, days int) ([]sponsor.Case, error)
	Warnings(ctx context.Context, year int) ([]sponsor.Warning, error)
	Get(ctx context.Context, id int64) (sponsor.Case, error)
	Create(ctx context.Context, c *sponsor.Case) error
	Update(ctx context.Context, c *sponsor.Case) error
	AddCounterpart(ctx context.Context, caseID int64, cp *sponsor.Counterpart) error
	MarkDelivered(ctx context.Context, id int64, on string) error
}

// boardData is what the board shows for a year.
type boardData struct {
	board    sponsor.Board
	overdue  []sponsor.Case
	renewals []sponsor.Case
	warnings []sponsor.Warning
}

// boardColumnWidth keeps each stage readable; the board scrolls sideways
// on a small window.
const boardColumnWidth = 180

// sponsorBoard is the « Mécénat » tab: the cases of a year in one column
// per stage, with their totals, and the list of what to do.
type sponsorBoard struct {
	e    env
	svc  sponsorService
	orgs contactLister
	year int
	data boardData
	gen  int

	yearSel  *widget.Select
	total    *widget.Label
	columns  *fyne.Container
	todo     *fyne.Container
	newCase  *widget.Button
	content  fyne.CanvasObject
	cards    map[int64]*caseCard // by case ID, for tests
	form     *caseForm           // the last one opened, for tests
	picker   *contactPicker      // the last one opened, for tests
	colTotal []*widget.Label     // totals of each stage, for tests
}

func newSponsorBoard(e env, svc sponsorService, orgs contactLister) *sponsorBoard {
	b := &sponsorBoard{e: e, svc: svc, orgs: orgs, year: e.now().Year()}
	var years []string
	for y := b.year + 1; y >= b.year-4; y-- {
		years = append(years, strconv.Itoa(y))
	}
	b.yearSel = widget.NewSelect(years, nil)
	b.yearSel.SetSelected(strconv.Itoa(b.year))
	b.yearSel.OnChanged = func(v string) {
		if y, err := strconv.Atoi(v); err == nil && y != b.year {
			b.year = y
			b.refresh(nil)
		}
	}
	b.total = widget.NewLabel("")
	b.total.Truncation = fyne.TextTruncateEllipsis
	b.newCase = widget.NewButtonWithIcon(lang.X("board.new_case", "Nouveau dossier"), theme.ContentAddIcon(), b.pickOrganisation)
	b.newCase.Importance = widget.HighImportance
	b.columns = container.New(columns{1, 1, 1, 1, 1, 1, 1})
	b.todo = container.NewVBox()
	help := helpText(lang.X("board.help",
		"Pondéré : chaque montant multiplié par sa probabilité, la somme à prévoir au budget. Les dossiers refusés ne sont pas comptés. Cliquez sur un dossier pour le modifier."))
	top := container.NewVBox(container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(lang.X("board.year", "Année")), b.yearSel), b.newCase, b.total), help)
	board := container.NewScroll(container.NewStack(minWidth(7*boardColumnWidth), b.columns))
	todo := container.NewVBox(subheading(lang.X("board.todo", "À faire")),
		helpText(lang.X("board.todo_sub", "Actions en retard et conventions qui finissent dans les 60 jours, toutes années confondues. Cliquez sur une ligne pour ouvrir le dossier.")),
		b.todo)
	split := container.NewVSplit(board, container.NewVScroll(container.NewPadded(todo)))
	split.Offset = 0.66
	b.content = container.NewBorder(top, nil, nil, nil, split)
	return b
}

func (b *sponsorBoard) view() fyne.CanvasObject { return b.content }

// refresh reads the board of the chosen year and what is to do.
func (b *sponsorBoard) refresh(done func()) {
	b.gen++
	gen, year, today := b.gen, b.year, b.e.now()
	ctx := b.e.ctx
	b.e.run(func() func() {
		var d boardData
		var err error
		d.board, err = b.svc.Board(ctx, year)
		if err == nil {
			d.overdue, err = b.svc.Overdue(ctx, today)
		}
		if err == nil {
			d.renewals, err = b.svc.Renewals(ctx, today, sponsor.DefaultRenewalDays)
		}
		if err == nil {
			d.warnings, err = b.svc.Warnings(ctx, year)
		}
		return func() {
			if gen == b.gen {
				if err != nil {
					b.e.fail("sponsor board", err)
				} else {
					b.show(d)
				}
			}
			if done != nil {
				done()
			}
		}
	})
}

// today is the civil date of the board's clock.
func (b *sponsorBoard) today() string { return civilDate(b.e.now()) }

func (b *sponsorBoard) show(d boardData) {
	b.data = d
	b.cards = map[int64]*caseCard{}
	b.colTotal = nil
	warned := map[int64]bool{}
	for _, w := range d.warnings {
		warned[w.Case.ID] = true
	}
	today := b.today()
	var cols []fyne.CanvasObject
	for _, col := range d.board.Columns {
		head := widget.NewLabelWithStyle(col.Stage.Label(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.Truncation = fyne.TextTruncateEllipsis
		total := widget.NewLabel(lang.X("board.column_total", "Attendu : {{.Expected}}\nPondéré : {{.Weighted}}",
			map[string]any{"Expected": col.Expected.String(), "Weighted": col.Weighted.String()}))
		b.colTotal = append(b.colTotal, total)
		objs := []fyne.CanvasObject{head, total, widget.NewSeparator()}
		for _, c := range col.Cases {
			card := newCaseCard(c, today, warned[c.ID], func() { b.openCase(c.ID) })
			b.cards[c.ID] = card
			objs = append(objs, card)
		}
		if len(col.Cases) == 0 {
			l := widget.NewLabel("—")
			l.Importance = widget.LowImportance
			objs = append(objs, l)
		}
		cols = append(cols, container.NewVBox(objs...))
	}
	b.columns.Objects = cols
	b.columns.Refresh()
	b.total.SetText(lang.X("board.total", "Total {{.Year}} : {{.Expected}} attendus, {{.Weighted}} pondérés",
		map[string]any{"Year": d.board.Year, "Expected": d.board.Expected.String(), "Weighted": d.board.Weighted.String()}))
	b.showTodo(d)
}

// showTodo lists the overdue next actions and the conventions to renew.
func (b *sponsorBoard) showTodo(d boardData) {
	var objs []fyne.CanvasObject
	for _, c := range d.overdue {
		l := wrapped(lang.X("board.overdue", "En retard depuis le {{.Date}} — {{.Org}} : {{.Action}}",
			map[string]any{"Date": displayDate(c.NextActionDate), "Org": c.OrgName, "Action": c.NextAction}))
		l.Importance = widget.DangerImportance
		objs = append(objs, newTapCard(l, func() { b.openCase(c.ID) }))
	}
	for _, c := range d.renewals {
		l := wrapped(lang.X("board.renewal", "Convention à renouveler : {{.Org}} ({{.Year}}) se termine le {{.Date}}.",
			map[string]any{"Org": c.OrgName, "Year": c.Year, "Date": displayDate(c.ConventionEnd)}))
		l.Importance = widget.WarningImportance
		objs = append(objs, newTapCard(l, func() { b.openCase(c.ID) }))
	}
	if len(objs) == 0 {
		objs = append(objs, helpText(lang.X("board.todo_none", "Rien en retard, aucune convention à renouveler bientôt.")))
	}
	b.todo.Objects = objs
	b.todo.Refresh()
}

// pickOrganisation asks for the organisation of a new case.
func (b *sponsorBoard) pickOrganisation() {
	b.picker = showContactPicker(b.e, b.orgs, pickerOptions{
		title:   lang.X("board.pick_title", "Nouveau dossier de mécénat"),
		confirm: lang.X("board.pick", "Ouvrir le dossier"),
		help:    lang.X("board.pick_help", "Choisissez l'entreprise, la fondation ou l'organisation sollicitée. Si elle n'est pas dans Bureau, créez d'abord sa fiche dans Contacts."),
		filter:  contact.Filter{Kind: contact.Organisation},
		picked: func(rows []contact.Row) {
			b.newCaseFor(rows[0].ID, rows[0].Name)
		},
	})
}

// newCaseFor opens the form of a new case of organisation orgID.
func (b *sponsorBoard) newCaseFor(orgID int64, name string) *caseForm {
	c := sponsor.Case{OrgID: orgID, OrgName: name, Year: b.year, Stage: sponsor.Prospect}
	b.form = showCaseForm(b.e, b.svc, c, nil, func() { b.refresh(nil) })
	return b.form
}

// openCase opens the form of case id.
func (b *sponsorBoard) openCase(id int64) {
	ctx := b.e.ctx
	b.e.run(func() func() {
		c, err := b.svc.Get(ctx, id)
		var ws []sponsor.Warning
		if err == nil {
			ws, err = b.svc.Warnings(ctx, c.Year)
		}
		return func() {
			if err != nil {
				b.e.fail("get sponsorship case", err)
				return
			}
			b.form = showCaseForm(b.e, b.svc, c, warningOf(ws, c.ID), func() { b.refresh(nil) })
		}
	})
}

// warningOf returns the warning about case id, or nil.
func warningOf(ws []sponsor.Warning, id int64) *sponsor.Warning {
	i := slices.IndexFunc(ws, func(w sponsor.Warning) bool { return w.Case.ID == id })
	if i < 0 {
		return nil
	}
	return &ws[i]
}

// caseCard is a case on the board: the organisation, the amount and its
// probability, the next action with its date, red when overdue.
type caseCard struct {
	*tapCard
	c       sponsor.Case
	overdue bool
	action  *widget.Label // the date of the next action, nil without one
	warning *widget.Label // nil without a counterpart warning
}

func newCaseCard(c sponsor.Case, today string, warned bool, tapped func()) *caseCard {
	k := &caseCard{c: c}
	line := func(text string, imp widget.Importance) *widget.Label {
		l := widget.NewLabel(text)
		l.Truncation = fyne.TextTruncateEllipsis
		l.Importance = imp
		return l
	}
	name := line(c.OrgName, widget.MediumImportance)
	name.TextStyle.Bold = true
	objs := []fyne.CanvasObject{name, line(lang.X("board.amount", "{{.Amount}} · {{.Probability}}\u00a0%",
		map[string]any{"Amount": c.Expected.String(), "Probability": c.Probability}), widget.MediumImportance)}
	if c.NextAction != "" {
		k.overdue = c.Stage != sponsor.Declined && c.NextActionDate != "" && c.NextActionDate < today
		imp := widget.MediumImportance
		when := lang.X("board.next", "À faire le {{.Date}}", map[string]any{"Date": displayDate(c.NextActionDate)})
		if k.overdue {
			imp = widget.DangerImportance
			when = lang.X("board.next_late", "En retard : {{.Date}}", map[string]any{"Date": displayDate(c.NextActionDate)})
		}
		k.action = line(when, imp)
		objs = append(objs, line(c.NextAction, imp), k.action)
	}
	if warned {
		k.warning = line(lang.X("board.card_warning", "Contreparties > 25\u00a0%"), widget.WarningImportance)
		objs = append(objs, k.warning)
	}
	// Labels carry their own padding: the card's lines need no more.
	k.tapCard = newTapCard(container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), objs...), tapped)
	return k
}

// tapCard is a framed block that opens something when clicked.
type tapCard struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onTap   func()
}

func newTapCard(content fyne.CanvasObject, tapped func()) *tapCard {
	c := &tapCard{content: content, onTap: tapped}
	c.ExtendBaseWidget(c)
	return c
}

func (c *tapCard) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewPadded(c.content)))
}

// Tapped opens what the card stands for.
func (c *tapCard) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor shows a hand: the card is clickable.
func (c *tapCard) Cursor() desktop.Cursor { return desktop.PointerCursor }

// formatEuros formats an amount for an entry: "1234,56", "" for zero.
func formatEuros(c money.Cents) string {
	if c == 0 {
		return ""
	}
	return c.Plain()
}
