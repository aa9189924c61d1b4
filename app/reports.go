package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/report"
)

// reportService is what the Rapports screen needs; *report.Service
// implements it.
type reportService interface {
	Partner(ctx context.Context, p report.PartnerParams) (report.Partner, error)
	Draw(r report.Partner) ([]byte, error)
}

// reportsScreen builds the report sent to a partner: what it gave, the
// sponsorship cases, the exchanges, and the president's word.
type reportsScreen struct {
	e        env
	svc      reportService
	contacts contactLister

	org     contact.Row
	report  *report.Partner // the last preview, nil before one
	content fyne.CanvasObject

	orgLabel *widget.Label
	orgField *formField
	from, to *dateField
	text     *widget.Entry
	msg      *widget.Label
	preview  *fyne.Container
	pdf, csv *widget.Button
}

func newReportsScreen(e env, svc reportService, contacts contactLister) *reportsScreen {
	s := &reportsScreen{e: e, svc: svc, contacts: contacts}
	s.orgLabel = widget.NewLabel(lang.X("reports.no_org", "Aucune organisation choisie"))
	s.orgLabel.Truncation = fyne.TextTruncateEllipsis
	pick := widget.NewButtonWithIcon(lang.X("reports.pick_org", "Choisir…"), theme.SearchIcon(), s.pickOrg)
	s.orgField = newField("org", "", container.NewBorder(nil, nil, nil, pick, s.orgLabel))
	s.from = newDateField("from", "")
	s.to = newDateField("to", "")
	year := e.now().Year()
	s.from.set(fmt.Sprintf("%d-01-01", year))
	s.to.set(fmt.Sprintf("%d-12-31", year))
	s.text = widget.NewMultiLineEntry()
	s.text.Wrapping = fyne.TextWrapWord
	s.text.SetMinRowsVisible(5)
	s.text.SetPlaceHolder(lang.X("reports.text_hint", "Le mot du président ou de la présidente : remerciements, projets réalisés grâce au partenaire…"))

	grid := newFormGrid(
		formRow{lang.X("reports.org", "Organisation"), s.orgField.box},
		formRow{lang.X("reports.from", "Du"), s.from.box},
		formRow{lang.X("reports.to", "Au"), s.to.box},
		formRow{lang.X("reports.text", "Mot du président"), s.text},
	)
	show := widget.NewButtonWithIcon(lang.X("reports.preview", "Aperçu"), theme.VisibilityIcon(), s.build)
	show.Importance = widget.HighImportance
	s.pdf = widget.NewButtonWithIcon(lang.X("reports.save_pdf", "Enregistrer le PDF"), theme.DocumentSaveIcon(), s.savePDF)
	s.csv = widget.NewButtonWithIcon(lang.X("reports.save_csv", "Enregistrer le CSV"), theme.DocumentSaveIcon(), s.saveCSV)
	s.pdf.Disable()
	s.csv.Disable()
	s.msg = wrapped(lang.X("reports.help",
		"Le rapport de partenariat rassemble, pour une organisation et une période, ses dons, les dossiers de mécénat, les échanges et votre mot. Choisissez l'organisation puis cliquez sur « Aperçu »."))
	s.preview = container.NewVBox()
	builder := widget.NewCard(lang.X("reports.partner", "Rapport à un partenaire"), "",
		container.NewVBox(grid, container.NewHBox(show, s.pdf, s.csv), s.msg))
	s.content = screenPage(lang.X("reports.title", "Rapports"), container.NewVScroll(container.NewVBox(builder, s.preview)))
	return s
}

func (s *reportsScreen) view() fyne.CanvasObject { return s.content }

func (s *reportsScreen) refresh(done func()) { done() }

func (s *reportsScreen) pickOrg() {
	showContactPicker(s.e, s.contacts, pickerOptions{
		title:   lang.X("reports.pick_title", "Rapport pour quelle organisation ?"),
		confirm: lang.X("action.choose", "Choisir"),
		filter:  contact.Filter{Kind: contact.Organisation},
		picked: func(rows []contact.Row) {
			if len(rows) > 0 {
				s.setOrg(rows[0])
			}
		},
	})
}

func (s *reportsScreen) setOrg(r contact.Row) {
	s.org = r
	s.orgLabel.SetText(r.Name)
	s.orgField.setError("")
	s.invalidate()
}

// invalidate forgets the preview once what it was built from changes.
func (s *reportsScreen) invalidate() {
	s.report = nil
	s.pdf.Disable()
	s.csv.Disable()
}

// params reads the form; false when a field is wrong (its message shows).
func (s *reportsScreen) params() (report.PartnerParams, bool) {
	p := report.PartnerParams{OrgID: s.org.ID, Text: s.text.Text}
	ok := true
	if s.org.ID == 0 {
		s.orgField.setError(lang.X("reports.org_missing", "Choisissez l'organisation à qui le rapport est destiné."))
		ok = false
	}
	var fromOK, toOK bool
	p.From, fromOK = s.from.iso()
	p.To, toOK = s.to.iso()
	if fromOK && p.From == "" {
		s.from.setError(lang.X("reports.date_missing", "Indiquez une date, jj/mm/aaaa."))
		fromOK = false
	}
	if toOK && p.To == "" {
		s.to.setError(lang.X("reports.date_missing", "Indiquez une date, jj/mm/aaaa."))
		toOK = false
	}
	return p, ok && fromOK && toOK
}

// build gathers the report and shows its sections.
func (s *reportsScreen) build() {
	p, ok := s.params()
	if !ok {
		return
	}
	ctx := s.e.ctx
	s.msg.SetText(lang.X("reports.building", "Préparation du rapport…"))
	s.e.run(func() func() {
		r, err := s.svc.Partner(ctx, p)
		return func() {
			if err != nil {
				byField, other := fieldErrors(err)
				s.from.setError(byField["from"])
				s.to.setError(byField["to"])
				if other != "" || len(byField) == 0 {
					s.msg.SetText(userMessage(err))
				} else {
					s.msg.SetText("")
				}
				if !isInvalid(err) {
					s.e.fail("build partner report", err)
				}
				return
			}
			s.report = &r
			s.pdf.Enable()
			s.csv.Enable()
			s.msg.SetText(lang.X("reports.ready", "Aperçu ci-dessous. Enregistrez le PDF pour l'envoyer au partenaire, ou le CSV pour un tableur."))
			s.showPreview(r)
		}
	})
}

// showPreview lays out the sections of r as the PDF has them.
func (s *reportsScreen) showPreview(r report.Partner) {
	line := func(t string) fyne.CanvasObject { return wrapped(t) }
	objs := []fyne.CanvasObject{
		subheading(lang.X("reports.preview_title", "{{.Org}} — du {{.From}} au {{.To}}",
			map[string]any{"Org": r.Org.DisplayName(), "From": displayDate(r.From), "To": displayDate(r.To)})),
		line(lang.X("reports.gifts_total", "Dons : {{.Count}} pour un total de {{.Total}} ; {{.Receipted}} couverts par un reçu fiscal.",
			map[string]any{"Count": r.GiftCount, "Total": r.GiftTotal.String(), "Receipted": r.ReceiptedCount})),
	}
	if strings.TrimSpace(r.Text) != "" {
		objs = append(objs, widget.NewCard(lang.X("reports.word", "Le mot du président"), "", wrapped(r.Text)))
	}
	if len(r.Gifts) > 0 {
		rows := container.NewVBox()
		for _, g := range r.Gifts {
			t := displayDate(g.Date) + " — " + g.Amount.String()
			if g.Receipt != "" {
				t += " — " + lang.X("reports.receipt", "reçu n° {{.Number}}", map[string]any{"Number": g.Receipt})
			}
			rows.Add(widget.NewLabel(t))
		}
		objs = append(objs, widget.NewCard(lang.X("reports.gifts", "Dons reçus"), "", rows))
	}
	if len(r.Cases) > 0 {
		rows := container.NewVBox()
		for _, c := range r.Cases {
			t := fmt.Sprintf("%d — %s — %s", c.Year, c.Stage.Label(), c.Expected.String())
			if c.Warning {
				t += " — " + lang.X("reports.counterparts_warning", "contreparties au-delà de 25 % des dons")
			}
			rows.Add(wrapped(t))
		}
		objs = append(objs, widget.NewCard(lang.X("reports.cases", "Mécénat"), "", rows))
	}
	if len(r.Interactions) > 0 {
		rows := container.NewVBox()
		for _, in := range r.Interactions {
			t := displayDate(in.Date) + " — " + in.Subject
			if in.With != "" {
				t += " (" + in.With + ")"
			}
			rows.Add(wrapped(t))
		}
		objs = append(objs, widget.NewCard(lang.X("reports.interactions", "Rencontres et échanges"), "", rows))
	}
	if len(r.Threads) > 0 {
		rows := container.NewVBox()
		for _, th := range r.Threads {
			rows.Add(wrapped(displayDate(th.Last) + " — " + th.Subject + " — " +
				lang.X("mail.messages", "{{.Count}} message(s)", map[string]any{"Count": th.Messages})))
		}
		objs = append(objs, widget.NewCard(lang.X("reports.threads", "Courriels"), "", rows))
	}
	if len(r.Gifts)+len(r.Cases)+len(r.Interactions)+len(r.Threads) == 0 {
		objs = append(objs, wrapped(lang.X("reports.empty",
			"Rien n'est enregistré pour cette organisation sur la période : ni don, ni dossier de mécénat, ni échange. Vérifiez la période.")))
	}
	s.preview.Objects = objs
	s.preview.Refresh()
}

func (s *reportsScreen) fileName(ext string) string {
	return "rapport-" + fileSlug(s.report.Org.DisplayName()) + "-" + s.report.From[:4] + "." + ext
}

func (s *reportsScreen) savePDF() {
	if s.report == nil {
		return
	}
	r := *s.report
	saveProduced(s.e, "save partner report PDF", s.fileName("pdf"), func() ([]byte, error) { return s.svc.Draw(r) }, s.saved)
}

func (s *reportsScreen) saveCSV() {
	if s.report == nil {
		return
	}
	r := *s.report
	saveProduced(s.e, "save partner report CSV", s.fileName("csv"), func() ([]byte, error) { return reportCSV(r) }, s.saved)
}

// reportCSV writes r for a spreadsheet.
func reportCSV(r report.Partner) ([]byte, error) {
	var b bytes.Buffer
	err := r.CSV(&b)
	return b.Bytes(), err
}

func (s *reportsScreen) saved(path string) {
	s.msg.SetText(lang.X("reports.saved", "Fichier enregistré : {{.Path}}", map[string]any{"Path": path}))
}
