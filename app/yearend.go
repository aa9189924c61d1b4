package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// Steps of the year-end wizard.
const (
	yearStepChoose = iota + 1
	yearStepPreview
	yearStepFiles
	yearStepRun
	yearStepDone
)

// yearEndWizard issues the receipts of a year in one go: choose the year
// and the kind of receipts, see what would be issued and what blocks,
// choose where to write the PDFs, then issue with a progress bar. An
// interrupted issue is resumed where it stopped (receipt.Service.Bulk).
type yearEndWizard struct {
	e     env
	svc   giftsServices
	hooks giftsHooks
	// showReceipts, if set, selects the « Reçus » tab.
	showReceipts func()
	// onProgress, if set, follows each step of the progress bar (tests).
	onProgress func(done, total int)

	step    int
	year    int
	annual  bool
	plan    receipt.Plan
	already int // valid receipts covering gifts of year, before this issue
	dir     string
	stop    context.CancelFunc
	result  receipt.BulkResult
	runErr  error
	gen     int

	title            *widget.Label
	body             *fyne.Container
	back, next, halt *widget.Button
	buttons          *fyne.Container
	content          fyne.CanvasObject

	yearSelect       *widget.Select
	kind             *widget.RadioGroup
	summary          *widget.Label
	issuer           *widget.Label
	blocked          *fyne.Container
	writeFiles       *widget.Check
	dirLabel         *widget.Label
	bar              *widget.ProgressBar
	barText          *widget.Label
	resultText       *widget.Label
	openDir, openAll *widget.Button
}

func newYearEndWizard(e env, svc giftsServices, hooks giftsHooks) *yearEndWizard {
	w := &yearEndWizard{e: e, svc: svc, hooks: hooks, annual: true}
	w.title = subheading("")
	w.body = container.NewStack()
	w.back = widget.NewButtonWithIcon(lang.X("import.back", "Précédent"), theme.NavigateBackIcon(), w.previous)
	w.next = widget.NewButtonWithIcon(lang.X("import.next", "Suivant"), theme.NavigateNextIcon(), w.forward)
	w.next.Importance = widget.HighImportance
	w.next.IconPlacement = widget.ButtonIconTrailingText
	w.halt = widget.NewButtonWithIcon(lang.X("yearend.stop", "Arrêter l'émission"), theme.CancelIcon(), w.stopRun)
	w.buttons = container.NewHBox()
	w.content = container.NewBorder(container.NewVBox(w.title, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, w.buttons)), nil, nil, w.body)

	w.yearSelect = widget.NewSelect(nil, func(s string) {
		if y, err := strconv.Atoi(s); err == nil {
			w.year = y
			w.updateKindTexts()
		}
	})
	w.kind = widget.NewRadioGroup([]string{annualChoice(), perGiftChoice()}, func(s string) { w.annual = s != perGiftChoice() })
	w.kind.Required = true
	w.kind.SetSelected(annualChoice())
	w.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.summary.Wrapping = fyne.TextWrapWord
	w.issuer = wrapped("")
	w.issuer.Importance = widget.DangerImportance
	w.blocked = container.NewVBox()
	w.dirLabel = wrapped("")
	w.writeFiles = widget.NewCheck(lang.X("yearend.write_files", "Enregistrer aussi les reçus en PDF dans un dossier"), func(on bool) {
		w.dirLabel.Hidden = !on
		w.dirLabel.Refresh()
	})
	w.writeFiles.SetChecked(true)
	w.bar = widget.NewProgressBar()
	w.barText = wrapped("")
	w.resultText = wrapped("")
	w.showChoose()
	return w
}

func annualChoice() string {
	return lang.X("yearend.annual", "Un reçu annuel par donateur (recommandé)")
}

func perGiftChoice() string { return lang.X("yearend.per_gift", "Un reçu par don") }

func (w *yearEndWizard) view() fyne.CanvasObject { return w.content }

// refresh reloads what the step shows: the years, or the preview, which a
// completed record may have changed. A run under way goes on.
func (w *yearEndWizard) refresh(done func()) {
	switch w.step {
	case yearStepChoose:
		w.loadYears(done)
	case yearStepPreview:
		w.preview(done)
	default:
		done()
	}
}

// setStep shows step with its title, body and buttons.
func (w *yearEndWizard) setStep(step int, title string, body fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	w.step = step
	w.title.SetText(title)
	w.body.Objects = []fyne.CanvasObject{body}
	w.body.Refresh()
	w.buttons.Objects = buttons
	w.buttons.Refresh()
}

func (w *yearEndWizard) previous() {
	switch w.step {
	case yearStepPreview:
		w.showChoose()
		w.loadYears(func() {})
	case yearStepFiles:
		w.preview(func() {})
	}
}

func (w *yearEndWizard) forward() {
	switch w.step {
	case yearStepChoose:
		w.preview(func() {})
	case yearStepPreview:
		w.showFiles()
	case yearStepFiles:
		w.run()
	}
}

// showChoose is step 1: the year and the kind of receipts.
func (w *yearEndWizard) showChoose() {
	w.next.SetText(lang.X("import.next", "Suivant"))
	w.next.SetIcon(theme.NavigateNextIcon())
	w.next.Enable()
	help := wrapped(lang.X("yearend.help",
		"Cet assistant émet en une fois les reçus fiscaux des dons d'une année qui n'en ont pas encore, puis les enregistre pour l'impression. Rien n'est émis avant la dernière étape : vous verrez d'abord ce qui sera émis et ce qui manque."))
	grid := newFormGrid(
		formRow{lang.X("yearend.year", "Dons de l'année"), container.NewHBox(container.NewGridWrap(fyne.NewSize(160, w.yearSelect.MinSize().Height), w.yearSelect))},
		formRow{lang.X("yearend.kind", "Reçus"), container.NewVBox(w.kind, w.kindHelp())},
	)
	w.setStep(yearStepChoose, lang.X("yearend.step_choose", "Étape 1 sur 4 : l'année et le type de reçus"),
		container.NewVScroll(container.NewVBox(help, grid)), w.next)
}

// kindHelp explains the two kinds of receipts, one sentence each.
func (w *yearEndWizard) kindHelp() fyne.CanvasObject {
	year := strconv.Itoa(w.year)
	if w.year == 0 {
		year = "AAAA"
	}
	annual := wrapped(lang.X("yearend.annual_help",
		"Reçu annuel : chaque donateur reçoit un seul reçu, « Cumul des versements effectués en {{.Year}} », qui additionne tous ses dons de l'année encore sans reçu.",
		map[string]any{"Year": year}))
	perGift := wrapped(lang.X("yearend.per_gift_help",
		"Reçu par don : chaque don de l'année encore sans reçu reçoit le sien, à la date de ce don."))
	annual.Importance, perGift.Importance = widget.LowImportance, widget.LowImportance
	return container.NewVBox(annual, perGift)
}

func (w *yearEndWizard) updateKindTexts() {
	if w.step == yearStepChoose {
		w.showChoose()
	}
}

// loadYears offers the years with gifts; last year comes first chosen,
// the usual time for yearly receipts being January.
func (w *yearEndWizard) loadYears(done func()) {
	ctx, svc := w.e.ctx, w.svc.gifts
	w.e.run(func() func() {
		years, err := svc.TotalsByYear(ctx)
		return func() {
			defer done()
			if err != nil {
				w.e.fail("load gift years", err)
				return
			}
			var options []string
			for _, y := range years {
				options = append(options, strconv.Itoa(y.Year))
			}
			last := w.e.now().Year() - 1
			if len(options) == 0 {
				options = []string{strconv.Itoa(last)}
			}
			want := w.year
			if want == 0 {
				want = pickYear(years, last, last)
			}
			w.yearSelect.SetOptions(options)
			w.yearSelect.SetSelected(strconv.Itoa(want))
		}
	})
}

// choose selects year and the kind of receipts (tests, smoke).
func (w *yearEndWizard) choose(year int, annual bool) {
	w.yearSelect.SetSelected(strconv.Itoa(year))
	w.year = year
	if annual {
		w.kind.SetSelected(annualChoice())
	} else {
		w.kind.SetSelected(perGiftChoice())
	}
}

// preview is step 2: what would be issued, and what blocks.
func (w *yearEndWizard) preview(done func()) {
	if w.year == 0 {
		done()
		return
	}
	w.gen++
	gen, year, annual := w.gen, w.year, w.annual
	ctx, svc := w.e.ctx, w.svc.receipts
	w.e.run(func() func() {
		p, err := svc.Preview(ctx, receipt.Request{Year: year, Annual: annual})
		var already []receipt.Row
		if err == nil {
			already, err = svc.List(ctx, receipt.Filter{PeriodYear: year, Status: donation.Valid})
		}
		return func() {
			defer done()
			if gen != w.gen {
				return
			}
			if err != nil {
				w.e.fail("preview year-end receipts", err)
				return
			}
			w.plan, w.already = p, len(already)
			w.showPreview()
		}
	})
}

func (w *yearEndWizard) showPreview() {
	p := w.plan
	var total money.Cents
	for _, d := range p.Drafts {
		total += d.Receipt.Total
	}
	switch n := len(p.Drafts); {
	case n == 0:
		w.summary.SetText(lang.X("yearend.nothing", "Aucun reçu à émettre pour les dons de {{.Year}}.", map[string]any{"Year": w.year}))
	case n == 1:
		w.summary.SetText(lang.X("yearend.will_issue_one", "1 reçu sera émis, pour un total de {{.Total}}.", map[string]any{"Total": total.String()}))
	default:
		w.summary.SetText(lang.X("yearend.will_issue", "{{.Count}} reçus seront émis, pour un total de {{.Total}}.",
			map[string]any{"Count": formatInt(n), "Total": total.String()}))
	}
	objs := []fyne.CanvasObject{w.summary}
	if w.already > 0 {
		objs = append(objs, wrapped(lang.X("yearend.already", "Déjà émis pour les dons de {{.Year}} : {{.Count}} reçus valides, qui ne seront pas émis de nouveau.",
			map[string]any{"Year": w.year, "Count": formatInt(w.already)})))
	}
	if len(p.Issuer) > 0 {
		w.issuer.SetText(lang.X("yearend.issuer",
			"La fiche de l'association est incomplète : aucun reçu ne peut être émis tant qu'il manque ces mentions obligatoires.") +
			"\n" + bullets(p.Issuer))
		settings := widget.NewButtonWithIcon(lang.X("yearend.go_settings", "Compléter dans Réglages"), theme.SettingsIcon(), func() {
			if w.hooks.goSettings != nil {
				w.hooks.goSettings()
			}
		})
		settings.Importance = widget.HighImportance
		objs = append(objs, widget.NewSeparator(), w.issuer, container.NewHBox(settings))
	}
	w.showBlocked(p.Blocked)
	if len(p.Blocked) > 0 {
		objs = append(objs, widget.NewSeparator(),
			subheading(blockedTitle(len(p.Blocked))),
			wrapped(lang.X("yearend.blocked_help",
				"Leurs dons restent sans reçu tant que ce qui est indiqué manque. Les reçus des autres donateurs peuvent être émis dès maintenant : ceux-ci recevront le leur quand vous relancerez l'assistant, une fois leur fiche complétée.")),
			w.blocked)
	}
	w.next.SetText(lang.X("import.next", "Suivant"))
	w.next.SetIcon(theme.NavigateNextIcon())
	if len(p.Issuer) > 0 || len(p.Drafts) == 0 {
		w.next.Disable()
	} else {
		w.next.Enable()
	}
	w.setStep(yearStepPreview, lang.X("yearend.step_preview", "Étape 2 sur 4 : ce qui sera émis pour {{.Year}}", map[string]any{"Year": w.year}),
		container.NewVScroll(container.NewVBox(objs...)), w.back, w.next)
}

// blockedTitle heads the list of blocked donors.
func blockedTitle(n int) string {
	if n == 1 {
		return lang.X("yearend.blocked_title_one", "À compléter : 1 donateur sans reçu pour l'instant")
	}
	return lang.X("yearend.blocked_title", "À compléter : {{.Count}} donateurs sans reçu pour l'instant", map[string]any{"Count": n})
}

// showBlocked lists each blocked donor with what it lacks and a button
// to open its record.
func (w *yearEndWizard) showBlocked(bs []receipt.Blocked) {
	objs := make([]fyne.CanvasObject, 0, len(bs))
	for _, b := range bs {
		name := widget.NewLabelWithStyle(b.DonorName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Wrapping = fyne.TextWrapWord
		what := wrapped(bullets(withoutName(b.Errors, b.DonorName)))
		open := widget.NewButtonWithIcon(lang.X("yearend.open_contact", "Ouvrir la fiche"), theme.AccountIcon(), func() {
			if w.hooks.openContact != nil {
				w.hooks.openContact(b.DonorID)
			}
		})
		objs = append(objs, container.NewBorder(nil, nil, nil, container.NewVBox(open), container.NewVBox(name, what)))
	}
	w.blocked.Objects = objs
	w.blocked.Refresh()
}

// withoutName drops the donor's name that starts the messages about the
// donor's record: the list shows it once, above them.
func withoutName(errs apperr.Multi, name string) error {
	out := make(apperr.Multi, len(errs))
	for i, e := range errs {
		cp := *e
		if rest, ok := strings.CutPrefix(e.Message, name+" : "); ok {
			cp.Message = capitalizeFirst(rest)
		}
		out[i] = &cp
	}
	return out
}

// defaultDir is Documents/Reçus AAAA in the user's folder.
func defaultDir(year int) string {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	return filepath.Join(home, "Documents", lang.X("yearend.folder", "Reçus {{.Year}}", map[string]any{"Year": year}))
}

// showFiles is step 3: where to write the PDFs.
func (w *yearEndWizard) showFiles() {
	if w.dir == "" || w.step != yearStepFiles {
		w.dir = defaultDir(w.year)
	}
	w.dirLabel.SetText(lang.X("yearend.dir", "Dossier : {{.Dir}}", map[string]any{"Dir": w.dir}))
	w.dirLabel.Hidden = !w.writeFiles.Checked
	choose := widget.NewButtonWithIcon(lang.X("yearend.choose_dir", "Choisir un autre dossier…"), theme.FolderOpenIcon(), w.chooseDir)
	help := wrapped(lang.X("yearend.files_help",
		"Chaque reçu y sera enregistré dans son propre fichier (par exemple recu-2026-00001-DUPONT-Marie.pdf), avec un fichier « impression-recus-… .pdf » qui les réunit tous, à imprimer en une fois. Les reçus restent de toute façon conservés dans Bureau, qui peut les rouvrir à tout moment (onglet Reçus)."))
	help.Importance = widget.LowImportance
	n := len(w.plan.Drafts)
	w.next.SetText(lang.X("yearend.issue_n", "Émettre les {{.Count}} reçus", map[string]any{"Count": formatInt(n)}))
	if n == 1 {
		w.next.SetText(lang.X("yearend.issue_one", "Émettre le reçu"))
	}
	w.next.SetIcon(theme.ConfirmIcon())
	w.next.Enable()
	warn := wrapped(lang.X("yearend.final",
		"Les numéros seront attribués définitivement, dans l'ordre alphabétique des donateurs : un reçu émis ne se supprime pas, il ne peut qu'être annulé."))
	w.setStep(yearStepFiles, lang.X("yearend.step_files", "Étape 3 sur 4 : les fichiers"),
		container.NewVScroll(container.NewVBox(w.writeFiles, w.dirLabel, container.NewHBox(choose), help, widget.NewSeparator(), warn)),
		w.back, w.next)
}

func (w *yearEndWizard) chooseDir() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			w.e.fail("choose receipts folder", err)
			return
		}
		if u != nil {
			w.dir = u.Path()
			w.writeFiles.SetChecked(true)
			w.dirLabel.SetText(lang.X("yearend.dir", "Dossier : {{.Dir}}", map[string]any{"Dir": w.dir}))
		}
	}, w.e.win)
	start := filepath.Dir(w.dir)
	for ; start != filepath.Dir(start); start = filepath.Dir(start) {
		if st, err := os.Stat(start); err == nil && st.IsDir() {
			break
		}
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
		d.SetLocation(l)
	}
	d.Resize(fyne.NewSize(880, 600))
	d.Show()
}

// run is step 4: the issue, with a progress bar and a button to stop.
func (w *yearEndWizard) run() {
	ctx, cancel := context.WithCancel(w.e.ctx)
	w.stop = cancel
	year, annual := w.year, w.annual
	dir := ""
	if w.writeFiles.Checked {
		dir = w.dir
	}
	w.bar.Min, w.bar.Max = 0, float64(max(len(w.plan.Drafts), 1))
	w.bar.SetValue(0)
	w.barText.SetText(lang.X("yearend.starting", "Préparation des reçus…"))
	w.halt.Enable()
	w.halt.SetText(lang.X("yearend.stop", "Arrêter l'émission"))
	help := wrapped(lang.X("yearend.stop_help",
		"Vous pouvez arrêter à tout moment : les reçus déjà émis le restent, avec leurs numéros. Relancez ensuite l'émission : elle reprendra à la suite, sans trou ni doublon dans la numérotation."))
	help.Importance = widget.LowImportance
	w.setStep(yearStepRun, lang.X("yearend.step_run", "Étape 4 sur 4 : émission des reçus des dons de {{.Year}}", map[string]any{"Year": year}),
		container.NewVBox(w.bar, w.barText, help), w.halt)
	bar, text := w.bar, w.barText
	svc := w.svc.receipts
	w.e.run(func() func() {
		res, err := svc.Bulk(ctx, receipt.BulkParams{Year: year, Annual: annual, OutDir: dir,
			Progress: func(done, total int) {
				fyne.Do(func() {
					bar.Max = float64(max(total, 1))
					bar.SetValue(float64(done))
					text.SetText(lang.X("yearend.progress", "{{.Done}} reçus émis sur {{.Total}}",
						map[string]any{"Done": formatInt(done), "Total": formatInt(total)}))
					if w.onProgress != nil {
						w.onProgress(done, total)
					}
				})
			}})
		return func() {
			cancel()
			w.stop = nil
			w.result, w.runErr = res, err
			w.showDone(dir)
		}
	})
}

// stopRun cancels the issue under way: the batch in flight is rolled
// back with its numbers, the ones committed stay.
func (w *yearEndWizard) stopRun() {
	if w.stop == nil {
		return
	}
	w.halt.Disable()
	w.halt.SetText(lang.X("yearend.stopping", "Arrêt en cours…"))
	w.stop()
}

// showDone is the summary: what was issued, where the files are, what
// is left.
func (w *yearEndWizard) showDone(dir string) {
	r := w.result
	cancelled := errors.Is(w.runErr, context.Canceled)
	var text, title string
	issued := lang.X("yearend.none_issued", "Aucun reçu n'a été émis.")
	if r.Issued > 0 {
		issued = lang.X("yearend.issued", "{{.Count}} reçus émis, du n° {{.First}} au n° {{.Last}}, pour un total de {{.Total}}.",
			map[string]any{"Count": formatInt(r.Issued), "First": r.First, "Last": r.Last, "Total": r.Total.String()})
		if r.Issued == 1 {
			issued = lang.X("yearend.issued_one", "1 reçu émis, n° {{.First}}, pour un total de {{.Total}}.",
				map[string]any{"First": r.First, "Total": r.Total.String()})
		}
	}
	buttons := []fyne.CanvasObject{}
	again := widget.NewButtonWithIcon(lang.X("yearend.restart", "Recommencer"), theme.ViewRefreshIcon(), func() {
		w.showChoose()
		w.loadYears(func() {})
	})
	switch {
	case cancelled:
		title = lang.X("yearend.stopped_title", "Émission arrêtée")
		text = issued + "\n\n" + lang.X("yearend.stopped",
			"Vous avez arrêté l'émission. Les reçus émis le restent ; les autres dons n'ont pas encore de reçu, et aucun numéro n'a été perdu. Cliquez sur « Reprendre » : Bureau continuera à la suite, sans trou ni doublon dans la numérotation.")
		resume := widget.NewButtonWithIcon(lang.X("yearend.resume", "Reprendre"), theme.MediaPlayIcon(), w.run)
		resume.Importance = widget.HighImportance
		buttons = append(buttons, again, resume)
		w.resultText.Importance = widget.WarningImportance
	case w.runErr != nil:
		title = lang.X("yearend.failed_title", "Émission interrompue")
		text = issued + "\n\n" + lang.X("yearend.failed", "L'émission s'est interrompue : {{.Message}}\nLes reçus déjà émis le restent. Corrigez ce qui est indiqué, puis cliquez sur « Reprendre » : Bureau continuera à la suite, sans trou ni doublon.",
			map[string]any{"Message": userMessage(w.runErr)})
		resume := widget.NewButtonWithIcon(lang.X("yearend.resume", "Reprendre"), theme.MediaPlayIcon(), w.run)
		resume.Importance = widget.HighImportance
		buttons = append(buttons, again, resume)
		w.resultText.Importance = widget.DangerImportance
		if !apperr.Is(w.runErr) {
			w.e.fail("issue year-end receipts", w.runErr)
		}
	default:
		title = lang.X("yearend.done_title", "Émission terminée")
		text = issued
		if r.Resumed && r.Run > r.Issued {
			text += " " + lang.X("yearend.resumed", "Avec ceux émis avant l'arrêt, cette émission compte {{.Count}} reçus.",
				map[string]any{"Count": formatInt(r.Run)})
		}
		switch n := len(r.Blocked); {
		case n == 1:
			text += "\n\n" + lang.X("yearend.left_one", "1 donateur reste sans reçu : complétez sa fiche (voir l'étape 2), puis relancez l'assistant pour émettre le sien.")
		case n > 1:
			text += "\n\n" + lang.X("yearend.left", "{{.Count}} donateurs restent sans reçu : complétez leur fiche (voir l'étape 2), puis relancez l'assistant pour émettre les leurs.",
				map[string]any{"Count": n})
		}
		w.resultText.Importance = widget.SuccessImportance
		see := widget.NewButtonWithIcon(lang.X("yearend.see_receipts", "Voir les reçus"), theme.ListIcon(), func() {
			if w.showReceipts != nil {
				w.showReceipts()
			}
		})
		see.Importance = widget.HighImportance
		buttons = append(buttons, again, see)
	}
	objs := []fyne.CanvasObject{w.resultText}
	if dir != "" && r.Export.Files > 0 {
		text += "\n\n" + lang.X("yearend.files_done", "Les {{.Count}} PDF et le fichier à imprimer sont dans le dossier {{.Dir}}.",
			map[string]any{"Count": formatInt(r.Export.Files), "Dir": dir})
		acts := newReceiptActions(w.e, w.svc, nil)
		w.openDir = widget.NewButtonWithIcon(lang.X("yearend.open_dir", "Ouvrir le dossier"), theme.FolderOpenIcon(), func() { acts.showFile(dir) })
		objs = append(objs, container.NewHBox(w.openDir))
		if r.Export.Merged != "" {
			merged := r.Export.Merged
			w.openAll = widget.NewButtonWithIcon(lang.X("yearend.open_merged", "Ouvrir le fichier à imprimer"), theme.DocumentPrintIcon(),
				func() { acts.showFile(merged) })
			objs[len(objs)-1].(*fyne.Container).Add(w.openAll)
		}
	}
	w.resultText.SetText(text)
	body := container.NewVBox(w.bar, w.barText, widget.NewSeparator())
	body.Objects = append(body.Objects, objs...)
	w.setStep(yearStepDone, title, container.NewVScroll(body), append([]fyne.CanvasObject{layout.NewSpacer()}, buttons...)...)
}
