package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/money"
)

// barChart draws the twelve monthly totals of a year as bars, each with
// its amount above and its month below.
type barChart struct {
	widget.BaseWidget
	values [12]money.Cents
}

func newBarChart() *barChart {
	c := &barChart{}
	c.ExtendBaseWidget(c)
	return c
}

// SetValues shows values, January first.
func (c *barChart) SetValues(values [12]money.Cents) {
	c.values = values
	c.Refresh()
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{chart: c, axis: canvas.NewLine(color.Black)}
	for i := range 12 {
		r.bars[i] = canvas.NewRectangle(color.Black)
		r.bars[i].CornerRadius = 3
		r.amounts[i] = canvas.NewText("", color.Black)
		r.amounts[i].Alignment = fyne.TextAlignCenter
		r.months[i] = canvas.NewText(monthShort(i+1), color.Black)
		r.months[i].Alignment = fyne.TextAlignCenter
	}
	r.empty = canvas.NewText(lang.X("chart.empty", "Aucun don reçu sur cette période."), color.Black)
	r.empty.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type barChartRenderer struct {
	chart   *barChart
	bars    [12]*canvas.Rectangle
	amounts [12]*canvas.Text
	months  [12]*canvas.Text
	axis    *canvas.Line
	empty   *canvas.Text
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.axis, r.empty}
	for i := range 12 {
		objs = append(objs, r.bars[i], r.amounts[i], r.months[i])
	}
	return objs
}

func (r *barChartRenderer) Destroy() {}

func (r *barChartRenderer) MinSize() fyne.Size {
	return fyne.NewSize(12*52, 180)
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	textH := r.months[0].MinSize().Height
	pad := theme.Padding()
	plotTop := textH + pad
	plotBottom := size.Height - textH - pad
	plotH := plotBottom - plotTop
	colW := size.Width / 12
	barW := colW * 0.62
	var top money.Cents
	for _, v := range r.chart.values {
		top = max(top, v)
	}
	for i, v := range r.chart.values {
		x := colW * float32(i)
		h := float32(0)
		if top > 0 && v > 0 {
			h = max(2, plotH*float32(float64(v)/float64(top)))
		}
		r.bars[i].Move(fyne.NewPos(x+(colW-barW)/2, plotBottom-h))
		r.bars[i].Resize(fyne.NewSize(barW, h))
		r.amounts[i].Move(fyne.NewPos(x, plotBottom-h-textH))
		r.amounts[i].Resize(fyne.NewSize(colW, textH))
		r.months[i].Move(fyne.NewPos(x, plotBottom+pad/2))
		r.months[i].Resize(fyne.NewSize(colW, textH))
	}
	r.axis.Position1 = fyne.NewPos(0, plotBottom)
	r.axis.Position2 = fyne.NewPos(size.Width, plotBottom)
	r.empty.Move(fyne.NewPos(0, plotTop+plotH/2-textH/2))
	r.empty.Resize(fyne.NewSize(size.Width, textH))
}

func (r *barChartRenderer) Refresh() {
	th := r.chart.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	muted := th.Color(theme.ColorNamePlaceHolder, v)
	primary := th.Color(theme.ColorNamePrimary, v)
	small := th.Size(theme.SizeNameCaptionText)
	shown := false
	for i, c := range r.chart.values {
		r.bars[i].FillColor = primary
		r.amounts[i].Text = ""
		if c > 0 {
			r.amounts[i].Text = shortEuros(c)
			shown = true
		}
		r.amounts[i].Color = fg
		r.amounts[i].TextSize = small
		r.months[i].Color = muted
		r.months[i].TextSize = th.Size(theme.SizeNameText)
		r.months[i].Text = monthShort(i + 1)
	}
	r.axis.StrokeColor = th.Color(theme.ColorNameSeparator, v)
	r.axis.StrokeWidth = 1
	r.empty.Color = muted
	r.empty.Hidden = shown
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

// shortEuros formats c rounded to the euro, as "1 235 €", for the chart.
func shortEuros(c money.Cents) string {
	rounded := (c + 50) / 100 * 100
	return strings.Replace(rounded.String(), ",00", "", 1)
}

// monthShort is the abbreviated name of month m (1–12).
func monthShort(m int) string {
	switch m {
	case 1:
		return lang.X("month.short.1", "janv.")
	case 2:
		return lang.X("month.short.2", "févr.")
	case 3:
		return lang.X("month.short.3", "mars")
	case 4:
		return lang.X("month.short.4", "avr.")
	case 5:
		return lang.X("month.short.5", "mai")
	case 6:
		return lang.X("month.short.6", "juin")
	case 7:
		return lang.X("month.short.7", "juil.")
	case 8:
		return lang.X("month.short.8", "août")
	case 9:
		return lang.X("month.short.9", "sept.")
	case 10:
		return lang.X("month.short.10", "oct.")
	case 11:
		return lang.X("month.short.11", "nov.")
	default:
		return lang.X("month.short.12", "déc.")
	}
}

// monthName is the full name of month m (1–12).
func monthName(m int) string {
	switch m {
	case 1:
		return lang.X("month.1", "janvier")
	case 2:
		return lang.X("month.2", "février")
	case 3:
		return lang.X("month.3", "mars")
	case 4:
		return lang.X("month.4", "avril")
	case 5:
		return lang.X("month.5", "mai")
	case 6:
		return lang.X("month.6", "juin")
	case 7:
		return lang.X("month.7", "juillet")
	case 8:
		return lang.X("month.8", "août")
	case 9:
		return lang.X("month.9", "septembre")
	case 10:
		return lang.X("month.10", "octobre")
	case 11:
		return lang.X("month.11", "novembre")
	default:
		return lang.X("month.12", "décembre")
	}
}
