package app

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// contactCounter counts contacts; *contact.Service implements it.
type contactCounter interface {
	Count(ctx context.Context) (people, organisations int, err error)
}

// giftTotals sums gifts; *donation.Service implements it.
type giftTotals interface {
	TotalsByYear(ctx context.Context) ([]donation.YearTotal, error)
	YearTotal(ctx context.Context, year int) (donation.YearTotal, error)
	MonthTotals(ctx context.Context, year int) ([12]money.Cents, error)
}

// profileGetter reads the association's profile; *association.Service
// implements it.
type profileGetter interface {
	Get(ctx context.Context) (association.Profile, error)
}

// dashboardServices are what the dashboard reads.
type dashboardServices struct {
	contacts contactCounter
	gifts    giftTotals
	profile  profileGetter
	// reports, if set, fills the cards of dashboardExtras.
	reports dashboardReporter
}

// dashboardData is one load of the dashboard.
type dashboardData struct {
	name           string
	people, orgs   int
	year           int
	this, last     donation.YearTotal
	months         [12]money.Cents
	missingReceipt apperr.Multi
}

// dashboard shows the figures of the association at a glance.
type dashboard struct {
	e          env
	svc        dashboardServices
	goSettings func()

	content                    fyne.CanvasObject
	name                       *widget.Label
	people, orgs               *widget.Label
	thisCard, lastCard         *widget.Card
	thisCount, thisTotal       *widget.Label
	lastCount, lastTotal       *widget.Label
	chartCard                  *widget.Card
	chart                      *barChart
	missingTitle, missingIntro *widget.Label
	missingList                *fyne.Container
	missingButton              *widget.Button
	missingIcon                *widget.Icon
	extras                     *dashboardExtras
}

func newDashboard(e env, svc dashboardServices, goSettings func()) *dashboard {
	d := &dashboard{e: e, svc: svc, goSettings: goSettings}
	d.name = widget.NewLabel("")
	d.name.Truncation = fyne.TextTruncateEllipsis

	d.people, d.orgs = figure(), figure()
	contacts := widget.NewCard(lang.X("dashboard.contacts", "Contacts"), lang.X("dashboard.contacts_sub", "dans la base"),
		container.NewVBox(d.people, d.orgs))
	d.thisCount, d.thisTotal = figure(), figure()
	d.thisCard = widget.NewCard("", lang.X("dashboard.this_year_sub", "depuis le 1er janvier"),
		container.NewVBox(d.thisTotal, d.thisCount))
	d.lastCount, d.lastTotal = figure(), figure()
	d.lastCard = widget.NewCard("", lang.X("dashboard.last_year_sub", "année complète"),
		container.NewVBox(d.lastTotal, d.lastCount))
	cards := container.NewGridWithColumns(3, contacts, d.thisCard, d.lastCard)

	d.chart = newBarChart()
	d.chartCard = widget.NewCard("", "", d.chart)

	d.missingIcon = widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	d.missingTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.missingIntro = wrapped("")
	d.missingList = container.NewVBox()
	d.missingButton = widget.NewButtonWithIcon(lang.X("dashboard.complete", "Compléter dans Réglages"),
		theme.SettingsIcon(), func() { d.goSettings() })
	missing := widget.NewCard("", "", container.NewBorder(nil, nil, container.NewVBox(d.missingIcon), nil,
		container.NewVBox(d.missingTitle, d.missingIntro, d.missingList, container.NewHBox(d.missingButton))))

	// What receipts still need comes first: it is what to do next.
	d.extras = newDashboardExtras(e, svc.reports)
	body := container.NewVBox(d.name, missing, cards, d.extras.content, d.chartCard)
	d.content = screenPage(lang.X("nav.dashboard", "Tableau de bord"), container.NewVScroll(body))
	return d
}

// maxMissingShown is how many missing items the dashboard lists; the
// rest are in Réglages.
const maxMissingShown = 3

// figure is a large label for a key figure.
func figure() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func (d *dashboard) view() fyne.CanvasObject { return d.content }

func (d *dashboard) refresh(done func()) {
	ctx, year := d.e.ctx, d.e.now().Year()
	d.e.run(func() func() {
		data, err := d.load(ctx, year)
		return func() {
			if err != nil {
				d.e.fail("load dashboard", err)
			} else {
				d.show(data)
			}
			done()
			// After done: the start does not wait for these figures.
			d.extras.refresh(year)
		}
	})
}

// load reads the figures; it runs off the UI goroutine.
func (d *dashboard) load(ctx context.Context, year int) (dashboardData, error) {
	data := dashboardData{year: year}
	var err error
	if data.people, data.orgs, err = d.svc.contacts.Count(ctx); err != nil {
		return data, err
	}
	if data.this, err = d.svc.gifts.YearTotal(ctx, year); err != nil {
		return data, err
	}
	if data.last, err = d.svc.gifts.YearTotal(ctx, year-1); err != nil {
		return data, err
	}
	if data.months, err = d.svc.gifts.MonthTotals(ctx, year); err != nil {
		return data, err
	}
	p, err := d.svc.profile.Get(ctx)
	if err != nil {
		return data, err
	}
	data.name = p.Name
	data.missingReceipt = p.MissingForReceipts()
	return data, nil
}

// show puts data on screen; it runs on the UI goroutine.
func (d *dashboard) show(data dashboardData) {
	if data.name == "" {
		d.name.SetText(lang.X("dashboard.no_name", "Le nom de l'association n'est pas encore renseigné."))
	} else {
		d.name.SetText(data.name)
	}
	d.people.SetText(countPeople(data.people))
	d.orgs.SetText(countOrgs(data.orgs))

	d.thisCard.SetTitle(lang.X("dashboard.gifts_of", "Dons {{.Year}}", map[string]any{"Year": data.year}))
	d.thisTotal.SetText(data.this.Total.String())
	d.thisCount.SetText(countGifts(data.this.Count))
	d.lastCard.SetTitle(lang.X("dashboard.gifts_of", "Dons {{.Year}}", map[string]any{"Year": data.year - 1}))
	d.lastTotal.SetText(data.last.Total.String())
	d.lastCount.SetText(countGifts(data.last.Count))

	d.chartCard.SetTitle(lang.X("dashboard.by_month", "Dons reçus chaque mois en {{.Year}}", map[string]any{"Year": data.year}))
	d.chart.SetValues(data.months)

	d.missingList.RemoveAll()
	if len(data.missingReceipt) == 0 {
		d.missingIcon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		d.missingTitle.SetText(lang.X("dashboard.receipts_ready", "Reçus fiscaux : le profil de l'association est complet."))
		d.missingIntro.SetText(lang.X("dashboard.receipts_ready_sub", "Toutes les mentions obligatoires du Cerfa 11580*05 sont renseignées."))
		d.missingButton.Hide()
		return
	}
	d.missingIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	d.missingTitle.SetText(lang.X("dashboard.receipts_missing", "Avant d'émettre des reçus fiscaux"))
	d.missingIntro.SetText(lang.X("dashboard.receipts_missing_sub",
		"Il manque {{.Count}} information(s) dans le profil de l'association :", map[string]any{"Count": len(data.missingReceipt)}))
	for i, m := range data.missingReceipt {
		if i == maxMissingShown && len(data.missingReceipt) > maxMissingShown+1 {
			d.missingList.Add(wrapped(lang.X("dashboard.receipts_more", "•  et {{.Count}} autre(s), à voir dans Réglages.",
				map[string]any{"Count": len(data.missingReceipt) - maxMissingShown})))
			break
		}
		d.missingList.Add(wrapped("•  " + m.Message))
	}
	d.missingButton.Show()
}

// countPeople says "12 personnes".
func countPeople(n int) string {
	if n == 1 || n == 0 && currentLanguage == "fr" {
		return lang.X("count.person.one", "{{.Count}} personne", map[string]any{"Count": n})
	}
	return lang.X("count.person.other", "{{.Count}} personnes", map[string]any{"Count": formatInt(n)})
}

// countOrgs says "3 organisations".
func countOrgs(n int) string {
	if n == 1 || n == 0 && currentLanguage == "fr" {
		return lang.X("count.org.one", "{{.Count}} organisation", map[string]any{"Count": n})
	}
	return lang.X("count.org.other", "{{.Count}} organisations", map[string]any{"Count": formatInt(n)})
}

// countGifts says "42 dons".
func countGifts(n int) string {
	if n == 1 || n == 0 && currentLanguage == "fr" {
		return lang.X("count.gift.one", "{{.Count}} don", map[string]any{"Count": n})
	}
	return lang.X("count.gift.other", "{{.Count}} dons", map[string]any{"Count": formatInt(n)})
}

// formatInt groups the digits of n by three, French style: "12 345".
func formatInt(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + formatInt(-n)
	}
	sep := "\u00a0"
	if currentLanguage == "en" {
		sep = ","
	}
	out := ""
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out += sep
		}
		out += string(r)
	}
	return out
}
