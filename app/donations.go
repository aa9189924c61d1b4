package app

import (
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// donationsScreen shows the gifts received each year and, for the chosen
// year, each month.
type donationsScreen struct {
	e   env
	svc giftTotals

	years  []donation.YearTotal // newest first
	year   int                  // chosen year; 0 before the first load
	months [12]money.Cents

	yearList   *widget.List
	yearsEmpty *widget.Label
	monthCard  *widget.Card
	chart      *barChart
	monthRows  [12]*widget.Label
	monthTotal *widget.Label
	content    fyne.CanvasObject
}

var yearColumns = columns{1, 1.3, 1.8}

func newDonationsScreen(e env, svc giftTotals) *donationsScreen {
	d := &donationsScreen{e: e, svc: svc}
	d.yearList = widget.NewList(
		func() int { return len(d.years) },
		func() fyne.CanvasObject {
			return container.New(yearColumns, cell(false), rightCell(false), rightCell(false))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			t := d.years[id]
			cells := o.(*fyne.Container).Objects
			cells[0].(*widget.Label).SetText(strconv.Itoa(t.Year))
			cells[1].(*widget.Label).SetText(formatInt(t.Count))
			cells[2].(*widget.Label).SetText(t.Total.String())
		})
	d.yearList.OnSelected = func(id widget.ListItemID) {
		if id < len(d.years) && d.years[id].Year != d.year {
			d.chooseYear(d.years[id].Year)
		}
	}
	header := container.New(yearColumns, cell(true, lang.X("donations.col_year", "Année")),
		rightCell(true, lang.X("donations.col_count", "Dons")), rightCell(true, lang.X("donations.col_total", "Total")))
	d.yearsEmpty = wrapped(lang.X("donations.empty", "Aucun don n'est encore enregistré."))
	d.yearsEmpty.Importance = widget.LowImportance
	yearsCard := widget.NewCard(lang.X("donations.by_year", "Par année"),
		lang.X("donations.by_year_sub", "Choisissez une année pour voir ses mois."),
		container.NewBorder(container.NewVBox(container.NewPadded(header), widget.NewSeparator()), d.yearsEmpty, nil, nil, d.yearList))

	d.chart = newBarChart()
	halves := [2]*fyne.Container{container.NewVBox(), container.NewVBox()}
	for i := range 12 {
		d.monthRows[i] = rightCell(false)
		halves[i/6].Add(container.New(columns{1, 1}, cell(false, capitalizeFirst(monthName(i+1))), d.monthRows[i]))
	}
	d.monthTotal = rightCell(true)
	total := container.New(columns{1, 1}, cell(true, lang.X("donations.total", "Total de l'année")), d.monthTotal)
	rows := container.NewVBox(container.NewGridWithColumns(2, halves[0], halves[1]), widget.NewSeparator(),
		container.NewGridWithColumns(2, layout.NewSpacer(), total))
	d.monthCard = widget.NewCard("", "", container.NewVBox(d.chart, rows))

	note := wrapped(lang.X("donations.receipts_soon",
		"La saisie des dons et l'émission des reçus fiscaux arrivent dans une prochaine version de Bureau."))
	note.Importance = widget.LowImportance
	split := container.NewHSplit(yearsCard, container.NewVScroll(container.NewVBox(d.monthCard, note)))
	split.Offset = 0.36
	d.content = screenPage(lang.X("nav.donations", "Dons & reçus"), split)
	return d
}

// rightCell is a one-line label aligned right, for amounts.
func rightCell(header bool, text ...string) *widget.Label {
	l := cell(header, text...)
	l.Alignment = fyne.TextAlignTrailing
	return l
}

func (d *donationsScreen) view() fyne.CanvasObject { return d.content }

func (d *donationsScreen) refresh(done func()) {
	ctx, want := d.e.ctx, d.year
	d.e.run(func() func() {
		years, err := d.svc.TotalsByYear(ctx)
		var months [12]money.Cents
		year := pickYear(years, want, d.e.now().Year())
		if err == nil {
			months, err = d.svc.MonthTotals(ctx, year)
		}
		return func() {
			if err != nil {
				d.e.fail("load gift totals", err)
			} else {
				d.showYears(years, year, months)
			}
			done()
		}
	})
}

// pickYear keeps the year chosen before when it still has gifts, else
// takes the newest year with gifts, else the current year.
func pickYear(years []donation.YearTotal, want, current int) int {
	if slices.ContainsFunc(years, func(t donation.YearTotal) bool { return t.Year == want }) {
		return want
	}
	if len(years) > 0 {
		return years[0].Year
	}
	return current
}

func (d *donationsScreen) showYears(years []donation.YearTotal, year int, months [12]money.Cents) {
	d.years = years
	d.yearList.Refresh()
	if len(years) == 0 {
		d.yearsEmpty.Show()
	} else {
		d.yearsEmpty.Hide()
	}
	if i := slices.IndexFunc(years, func(t donation.YearTotal) bool { return t.Year == year }); i >= 0 {
		d.year = year // before Select, so that OnSelected does not reload
		d.yearList.Select(i)
	}
	d.showMonths(year, months)
}

// chooseYear loads the months of year.
func (d *donationsScreen) chooseYear(year int) {
	d.year = year
	ctx := d.e.ctx
	d.e.run(func() func() {
		months, err := d.svc.MonthTotals(ctx, year)
		return func() {
			if year != d.year {
				return
			}
			if err != nil {
				d.e.fail("load month totals", err)
				return
			}
			d.showMonths(year, months)
		}
	})
}

func (d *donationsScreen) showMonths(year int, months [12]money.Cents) {
	d.year, d.months = year, months
	d.monthCard.SetTitle(lang.X("donations.months_of", "Dons de {{.Year}} par mois", map[string]any{"Year": year}))
	d.chart.SetValues(months)
	var total money.Cents
	for i, c := range months {
		d.monthRows[i].SetText(c.String())
		total += c
	}
	d.monthTotal.SetText(total.String())
}

// capitalizeFirst upper-cases the first letter of s.
func capitalizeFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
