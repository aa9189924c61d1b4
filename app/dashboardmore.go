package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/report"
)

// dashboardReporter computes the dashboard's figures; *report.Service
// implements it.
type dashboardReporter interface {
	Dashboard(ctx context.Context, year int, today time.Time) (report.Dashboard, error)
}

// dashboardExtras are the dashboard's cards beyond the first figures:
// top donors, sponsorship pipeline, deadlines and receipts waiting. They
// load after the dashboard is shown, so that the start stays fast.
type dashboardExtras struct {
	e   env
	svc dashboardReporter

	content                              fyne.CanvasObject
	donors, pipeline, deadlines, waiting *fyne.Container
}

func newDashboardExtras(e env, svc dashboardReporter) *dashboardExtras {
	x := &dashboardExtras{e: e, svc: svc}
	x.donors, x.pipeline = container.NewVBox(), container.NewVBox()
	x.deadlines, x.waiting = container.NewVBox(), container.NewVBox()
	for _, c := range []*fyne.Container{x.donors, x.pipeline, x.deadlines, x.waiting} {
		c.Add(widget.NewLabelWithStyle(lang.X("dashboard.loading", "Calcul en cours…"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	x.content = container.NewVBox(
		container.NewGridWithColumns(2,
			widget.NewCard(lang.X("dashboard.deadlines", "Échéances"), lang.X("dashboard.deadlines_sub", "à ne pas oublier"), x.deadlines),
			widget.NewCard(lang.X("dashboard.waiting", "Reçus fiscaux à émettre"), "", x.waiting)),
		container.NewGridWithColumns(2,
			widget.NewCard(lang.X("dashboard.top_donors", "Principaux donateurs"), lang.X("dashboard.top_donors_sub", "de l'année"), x.donors),
			widget.NewCard(lang.X("dashboard.pipeline", "Mécénat en cours"), lang.X("dashboard.pipeline_sub", "dossiers de l'année par étape"), x.pipeline)),
	)
	if svc == nil {
		x.content.Hide()
	}
	return x
}

// refresh loads the figures of year off the UI goroutine.
func (x *dashboardExtras) refresh(year int) {
	if x.svc == nil {
		return
	}
	ctx, today := x.e.ctx, x.e.now()
	x.e.run(func() func() {
		d, err := x.svc.Dashboard(ctx, year, today)
		return func() {
			if err != nil {
				x.e.fail("load dashboard figures", err)
				return
			}
			x.show(d)
		}
	})
}

func (x *dashboardExtras) show(d report.Dashboard) {
	x.donors.RemoveAll()
	if len(d.TopDonors) == 0 {
		x.donors.Add(wrapped(lang.X("dashboard.no_donor", "Aucun don enregistré cette année.")))
	}
	for i, t := range d.TopDonors {
		x.donors.Add(container.NewBorder(nil, nil, nil, widget.NewLabel(t.Total.String()),
			truncated(fmt.Sprintf("%d. %s", i+1, t.Name))))
	}

	x.pipeline.RemoveAll()
	cases := 0
	for _, p := range d.Pipeline {
		if p.Cases == 0 {
			continue
		}
		cases += p.Cases
		x.pipeline.Add(container.NewBorder(nil, nil, nil, widget.NewLabel(p.Expected.String()),
			truncated(lang.X("dashboard.stage", "{{.Stage}} : {{.Count}} dossier(s)",
				map[string]any{"Stage": p.Stage.Label(), "Count": p.Cases}))))
	}
	if cases == 0 {
		x.pipeline.Add(wrapped(lang.X("dashboard.no_case", "Aucun dossier de mécénat cette année. Ouvrez-en un dans « Partenaires & mécènes ».")))
	} else {
		x.pipeline.Add(wrapped(lang.X("dashboard.pipeline_total", "Attendu : {{.Expected}} ; pondéré par les probabilités : {{.Weighted}}",
			map[string]any{"Expected": d.PipelineExpected.String(), "Weighted": d.PipelineWeighted.String()})))
	}

	x.deadlines.RemoveAll()
	if len(d.Deadlines) == 0 {
		x.deadlines.Add(wrapped(lang.X("dashboard.no_deadline", "Aucune échéance dans les semaines qui viennent.")))
	}
	for i, dl := range d.Deadlines {
		if i == 6 {
			x.deadlines.Add(wrapped(lang.X("dashboard.deadlines_more", "et {{.Count}} autre(s).", map[string]any{"Count": len(d.Deadlines) - i})))
			break
		}
		l := wrapped(displayDate(dl.Date) + " — " + dl.Label)
		if dl.Overdue {
			l.Importance = widget.DangerImportance
		}
		x.deadlines.Add(l)
	}

	x.waiting.RemoveAll()
	n := 0
	for _, w := range d.Waiting {
		if w.Gifts == 0 {
			continue
		}
		n++
		x.waiting.Add(wrapped(lang.X("dashboard.waiting_row", "{{.Year}} : {{.Count}} don(s) sans reçu, pour {{.Total}}",
			map[string]any{"Year": w.Year, "Count": w.Gifts, "Total": w.Total.String()})))
	}
	if n == 0 {
		x.waiting.Add(wrapped(lang.X("dashboard.waiting_none", "Aucun don n'attend son reçu.")))
	} else {
		x.waiting.Add(wrapped(lang.X("dashboard.waiting_help", "Émettez-les dans « Dons & reçus ».")))
	}
}

// truncated is a label cut with an ellipsis when too long.
func truncated(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}
