package app

import (
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// donationsScreen shows the gifts received each year and, for the chosen
// year, each month, in one column: the register shows it beside its list
// of gifts.
type donationsScreen struct {
	e   env
	svc giftTotals
	// onYear, if set, follows a year chosen in the list.
	onYear func(year int)

	years  []donation.YearTotal // newest first
	year   int                  // chosen year; 0 before the first load
	months [12]money.Cents

	yearList   *widget.List
	yearsEmpty *widget.Label
	monthTitle *widget.Label
	monthRows  [12]*widget.Label
	monthTotal *widget.Label
	content    fyne.CanvasObject
}

// yearColumns are Année, Dons, Total: the same widths as the totals
// above them in the register.
var yearColumns = totalColumns

// monthColumns are a month and its total.
var monthColumns = fitColumns{samples: []string{"", "000 000,00 €"}, weights: []float32{1, 0}}

// shownYears is how many years the list shows without scrolling.
const shownYears = 4

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
			if d.onYear != nil {
				d.onYear(d.year)
			}
		}
	}
	header := container.New(yearColumns, cell(true, lang.X("donations.col_year", "Année")),
		rightCell(true, lang.X("donations.col_count", "Dons")), rightCell(true, lang.X("donations.col_total", "Total")))
	d.yearsEmpty = wrapped(lang.X("donations.empty", "Aucun don n'est encore enregistré."))
	d.yearsEmpty.Importance = widget.LowImportance
	rowHeight := container.New(yearColumns, cell(false, "2026"), rightCell(false), rightCell(false)).MinSize().Height
	list := container.NewStack(gap(shownYears*(rowHeight+theme.Padding())), d.yearList)
	// A card's subtitle never wraps: the hint is a label, so that the
	// column stays narrow.
	hint := wrapped(lang.X("donations.by_year_sub", "Choisissez une année pour voir ses mois."))
	hint.Importance = widget.LowImportance
	years := container.NewVBox(sideTitle(lang.X("donations.by_year", "Par année")), hint, header, widget.NewSeparator(), list, d.yearsEmpty)

	rows := container.NewVBox()
	for i := range 12 {
		d.monthRows[i] = rightCell(false)
		rows.Add(container.New(monthColumns, cell(false, capitalizeFirst(monthName(i+1))), d.monthRows[i]))
	}
	d.monthTotal = rightCell(true)
	rows.Add(widget.NewSeparator())
	rows.Add(container.New(monthColumns, cell(true, lang.X("donations.total", "Total de l'année")), d.monthTotal))
	d.monthTitle = sideTitle("")
	d.content = container.NewVBox(years, widget.NewSeparator(), d.monthTitle, rows)
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

// selectYear shows the months of year and selects it in the list,
// without calling onYear: the register chose it.
func (d *donationsScreen) selectYear(year int) {
	if year == d.year {
		return
	}
	d.chooseYear(year) // sets d.year first: the selection below does not reload
	if i := slices.IndexFunc(d.years, func(t donation.YearTotal) bool { return t.Year == year }); i >= 0 {
		d.yearList.Select(i)
	} else {
		d.yearList.UnselectAll()
	}
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
	d.monthTitle.SetText(lang.X("donations.months_of", "Dons de {{.Year}} par mois", map[string]any{"Year": year}))
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
