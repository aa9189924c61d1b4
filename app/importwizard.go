package app

import (
	"bytes"
	"context"
	"errors"
	"io"
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

	"github.com/bureau-asso/bureau/internal/contactio"
)

// contactImporter saves the rows of a file read; *contactio.Importer
// implements it.
type contactImporter interface {
	Import(ctx context.Context, p contactio.Preview, o contactio.Options, progress func(done, total int)) (contactio.Report, error)
}

// Steps of the import wizard.
const (
	stepFile = iota + 1
	stepColumns
	stepCheck
	stepImport
	stepDone
)

// previewLines is how many rows the column step shows.
const previewLines = 6

// importWizard imports contacts from a CSV or vCard file in four steps:
// choose the file, check how its columns are read, see what would be
// imported and refused, import with a progress bar. Files are read and
// imported off the UI goroutine; nothing is saved before the last step.
type importWizard struct {
	e        env
	im       contactImporter
	imported func()

	// shown, if set, is called once a file read shows its next step.
	shown   func()
	step    int
	name    string
	data    []byte
	preview contactio.Preview
	readErr error // why the file, as mapped, cannot be imported
	report  contactio.Report
	gen     int
	stop    context.CancelFunc

	title      *widget.Label
	body       *fyne.Container
	back, next *widget.Button
	cancel     *widget.Button
	dialog     *dialog.CustomDialog

	fileStatus *widget.Label
	selects    []*widget.Select
	previewBox *fyne.Container
	problem    *widget.Label
	onlyValid  *widget.Check
	refused    *widget.Label
	bar        *widget.ProgressBar
	result     *widget.Label
}

// showImportWizard opens the wizard; imported follows an import.
func showImportWizard(e env, im contactImporter, imported func()) *importWizard {
	w := &importWizard{e: e, im: im, imported: imported}
	w.title = subheading("")
	w.body = container.NewStack()
	w.dialog = dialog.NewCustomWithoutButtons(lang.X("import.title", "Importer des contacts"),
		container.NewBorder(w.title, nil, nil, nil, w.body), e.win)
	w.cancel = widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), w.close)
	w.back = widget.NewButtonWithIcon(lang.X("import.back", "Précédent"), theme.NavigateBackIcon(), w.previous)
	w.next = widget.NewButtonWithIcon(lang.X("import.next", "Suivant"), theme.NavigateNextIcon(), w.forward)
	w.next.Importance = widget.HighImportance
	w.next.IconPlacement = widget.ButtonIconTrailingText
	w.dialog.Resize(wizardSize)
	w.fileStatus = wrapped("")
	w.showFileStep()
	w.dialog.Show()
	return w
}

func (w *importWizard) setStep(step int, title string, body fyne.CanvasObject) {
	w.step = step
	w.cancel.SetText(lang.X("action.cancel", "Annuler"))
	w.next.Enable()
	w.next.SetIcon(theme.NavigateNextIcon())
	w.next.SetText(lang.X("import.next", "Suivant"))
	// Setting the buttons again lays them out for their new texts.
	switch step {
	case stepFile:
		w.next.Disable()
		w.dialog.SetButtons([]fyne.CanvasObject{w.cancel, w.next})
	case stepCheck:
		w.next.SetText(lang.X("import.do", "Importer"))
		w.next.SetIcon(theme.UploadIcon())
		w.dialog.SetButtons([]fyne.CanvasObject{w.cancel, w.back, w.next})
	case stepImport:
		w.cancel.SetText(lang.X("import.stop", "Arrêter l'import"))
		w.dialog.SetButtons([]fyne.CanvasObject{w.cancel})
	case stepDone:
		w.next.SetText(lang.X("action.close", "Fermer"))
		w.next.SetIcon(theme.ConfirmIcon())
		w.dialog.SetButtons([]fyne.CanvasObject{w.next})
	default:
		w.dialog.SetButtons([]fyne.CanvasObject{w.cancel, w.back, w.next})
	}
	w.title.SetText(title)
	w.body.Objects = []fyne.CanvasObject{body}
	w.body.Refresh()
	w.dialog.Resize(wizardSize) // new buttons shrink the dialog to its least size
}

// wizardSize leaves room for the preview of the columns.
var wizardSize = fyne.NewSize(940, 660)

// close ends the wizard; an import under way is cancelled, which saves
// nothing (the import is one transaction).
func (w *importWizard) close() {
	if w.stop != nil {
		w.stop()
		if w.step == stepImport {
			return // the end of the import closes the step
		}
	}
	w.dialog.Hide()
}

func (w *importWizard) previous() {
	switch w.step {
	case stepColumns:
		w.showFileStep()
	case stepCheck:
		if w.preview.Kind == "csv" {
			w.showColumnsStep()
		} else {
			w.showFileStep()
		}
	}
}

func (w *importWizard) forward() {
	switch w.step {
	case stepFile:
		if w.preview.Kind == "csv" {
			w.showColumnsStep()
		} else if w.preview.Kind != "" {
			w.check()
		}
	case stepColumns:
		w.check()
	case stepCheck:
		w.runImport()
	case stepDone:
		w.dialog.Hide()
	}
}

// showFileStep asks for the file.
func (w *importWizard) showFileStep() {
	help := wrapped(lang.X("import.file_help",
		"Bureau lit les tableurs enregistrés au format CSV (dans Excel : « Enregistrer sous », puis « CSV (séparateur : point-virgule) ») et les carnets d'adresses au format vCard (fichier .vcf exporté d'un téléphone, de Gmail ou d'Outlook).\n\nRien n'est enregistré avant la dernière étape : vous verrez d'abord ce qui sera importé."))
	choose := widget.NewButtonWithIcon(lang.X("import.choose", "Choisir un fichier…"), theme.FolderOpenIcon(), w.chooseFile)
	choose.Importance = widget.HighImportance
	w.setStep(stepFile, lang.X("import.step_file", "Étape 1 sur 4 : le fichier"),
		container.NewVBox(help, container.NewHBox(choose), w.fileStatus))
	if w.preview.Kind != "" && w.preview.Header != nil || w.preview.Kind == "vcard" {
		w.next.Enable()
	}
}

func (w *importWizard) chooseFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.e.fail("choose import file", err)
			return
		}
		if r == nil {
			return
		}
		name := r.URI().Name()
		w.fileStatus.SetText(lang.X("import.reading", "Lecture de {{.Name}}…", map[string]any{"Name": name}))
		w.e.run(func() func() {
			data, err := io.ReadAll(r)
			r.Close()
			return func() {
				if err != nil {
					w.fileStatus.SetText(lang.X("import.unreadable", "Impossible de lire ce fichier. Vérifiez qu'il n'est pas ouvert dans un autre programme, puis recommencez."))
					w.fileStatus.Importance = widget.DangerImportance
					w.fileStatus.Refresh()
					return
				}
				w.load(name, data)
			}
		})
	}, w.e.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".txt", ".tsv", ".vcf", ".vcard"}))
	d.Resize(fyne.NewSize(880, 600))
	d.Show()
}

// load reads the file named name off the UI goroutine, then shows the
// next step: the columns of a CSV file, the check of a vCard file.
func (w *importWizard) load(name string, data []byte) {
	w.name, w.data = name, data
	w.gen++
	gen := w.gen
	w.fileStatus.SetText(lang.X("import.reading", "Lecture de {{.Name}}…", map[string]any{"Name": name}))
	w.e.run(func() func() {
		var p contactio.Preview
		var err error
		if isVCard(name, data) {
			p = contactio.VCardPreview(contactio.ReadVCard(bytes.NewReader(data)))
		} else {
			p, err = contactio.ReadCSV(data, nil)
		}
		return func() {
			if gen != w.gen {
				return
			}
			w.preview, w.readErr = p, err
			switch {
			case p.Kind == "csv" && p.Header == nil:
				w.fileStatus.SetText(userMessage(err))
				w.fileStatus.Importance = widget.DangerImportance
				w.fileStatus.Refresh()
				w.showFileStep()
			case p.Kind == "csv":
				w.fileStatus.SetText(lang.X("import.read", "Fichier lu : {{.Name}}.", map[string]any{"Name": name}))
				w.fileStatus.Importance = widget.MediumImportance
				w.fileStatus.Refresh()
				w.showColumnsStep()
			default:
				w.fileStatus.SetText(lang.X("import.read", "Fichier lu : {{.Name}}.", map[string]any{"Name": name}))
				w.check()
			}
			if w.shown != nil {
				w.shown()
			}
		}
	})
}

// isVCard tells a vCard file by its extension or its first line.
func isVCard(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".vcf", ".vcard":
		return true
	case ".csv", ".txt", ".tsv":
		return false
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return len(head) >= 11 && strings.EqualFold(string(head[:11]), "BEGIN:VCARD")
}

// ignoreColumn is the choice of a column that is not imported.
func ignoreColumn() string { return lang.X("import.ignore", "Ne pas importer") }

// showColumnsStep shows how each column is read, with a preview of the
// first rows that follows every change.
func (w *importWizard) showColumnsStep() {
	p := w.preview
	options := []string{ignoreColumn()}
	for _, f := range contactio.Fields {
		options = append(options, f.Label())
	}
	w.selects = make([]*widget.Select, len(p.Header))
	var cells []fyne.CanvasObject
	for i, h := range p.Header {
		sel := widget.NewSelect(options, nil)
		if f, ok := p.Mapping[i]; ok {
			sel.SetSelected(f.Label())
		} else {
			sel.SetSelected(ignoreColumn())
		}
		sel.OnChanged = func(string) { w.remap() }
		w.selects[i] = sel
		name := strings.TrimSpace(h)
		if name == "" {
			name = lang.X("import.column_n", "Colonne {{.N}}", map[string]any{"N": i + 1})
		}
		label := widget.NewLabelWithStyle(name, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		label.Truncation = fyne.TextTruncateEllipsis
		cells = append(cells, label, sel)
	}
	for len(cells)%4 != 0 {
		cells = append(cells, layout.NewSpacer())
	}
	var lines []fyne.CanvasObject
	for i := 0; i < len(cells); i += 4 {
		lines = append(lines, container.New(columns{1, 1.3, 1, 1.3}, cells[i:i+4]...))
	}
	info := wrapped(lang.X("import.csv_info",
		"{{.Name}} : tableur CSV, séparateur « {{.Sep}} », encodage {{.Enc}}, {{.Rows}} lignes de contacts.",
		map[string]any{"Name": w.name, "Sep": separatorName(p.Format.Delimiter), "Enc": encodingName(p.Format.Encoding), "Rows": formatInt(len(p.Rows))}))
	help := wrapped(lang.X("import.columns_help",
		"Voici dans quel champ Bureau range chaque colonne du fichier. Corrigez si besoin ; « Ne pas importer » laisse la colonne de côté. L'aperçu en dessous suit vos choix."))
	w.problem = wrapped("")
	w.problem.Importance = widget.DangerImportance
	w.previewBox = container.NewVBox()
	top := container.NewVBox(info, help, widget.NewSeparator())
	body := container.NewVBox(append(lines, w.problem,
		subheading(lang.X("import.preview", "Aperçu des premières lignes")), w.previewBox)...)
	w.setStep(stepColumns, lang.X("import.step_columns", "Étape 2 sur 4 : les colonnes"),
		container.NewBorder(top, nil, nil, nil, container.NewVScroll(body)))
	w.showPreview()
}

func separatorName(r rune) string {
	switch r {
	case ';':
		return lang.X("import.sep_semicolon", "point-virgule")
	case ',':
		return lang.X("import.sep_comma", "virgule")
	case '\t':
		return lang.X("import.sep_tab", "tabulation")
	}
	return string(r)
}

func encodingName(e string) string {
	switch e {
	case contactio.EncodingUTF8:
		return "UTF-8"
	case contactio.EncodingUTF8BOM:
		return lang.X("import.enc_utf8bom", "UTF-8 avec BOM")
	case contactio.EncodingWindows1252:
		return lang.X("import.enc_1252", "Windows-1252 (Excel)")
	case contactio.EncodingUTF16LE, contactio.EncodingUTF16BE:
		return lang.X("import.enc_utf16", "UTF-16 (Excel, texte Unicode)")
	}
	return e
}

// mapping returns the columns as the selects say.
func (w *importWizard) mapping() contactio.Mapping {
	m := contactio.Mapping{}
	for i, sel := range w.selects {
		for _, f := range contactio.Fields {
			if f.Label() == sel.Selected {
				m[i] = f
			}
		}
	}
	return m
}

// setColumn maps column i to field f (tests).
func (w *importWizard) setColumn(i int, f contactio.Field) {
	w.selects[i].SetSelected(f.Label())
}

// remap reads the file again with the columns chosen.
func (w *importWizard) remap() {
	if w.step != stepColumns {
		return
	}
	m, data := w.mapping(), w.data
	w.gen++
	gen := w.gen
	w.next.Disable()
	w.e.run(func() func() {
		p, err := contactio.ReadCSV(data, m)
		return func() {
			if gen != w.gen || w.step != stepColumns {
				return
			}
			w.preview, w.readErr = p, err
			w.next.Enable()
			w.showPreview()
		}
	})
}

// showPreview fills the preview with the first rows as they would be
// imported.
func (w *importWizard) showPreview() {
	if w.readErr != nil {
		w.problem.SetText(userMessage(w.readErr))
		w.problem.Show()
		w.next.Disable()
	} else {
		w.problem.Hide()
	}
	cols := columns{0.9, 2, 2.4, 1.6, 1.5, 1.8, 3}
	header := container.New(cols,
		cell(true, lang.X("import.col_line", "Ligne")), cell(true, lang.X("contacts.col_name", "Nom")),
		cell(true, lang.X("contacts.col_email", "Courriel")), cell(true, lang.X("import.col_phone", "Téléphone")),
		cell(true, lang.X("contacts.col_city", "Ville")), cell(true, lang.X("form.orgs", "Organisations")),
		cell(true, lang.X("import.col_problem", "Problème")))
	objs := []fyne.CanvasObject{header, widget.NewSeparator()}
	for _, r := range w.preview.Rows[:min(previewLines, len(w.preview.Rows))] {
		c := r.Contact
		phone := ""
		if len(c.Phones) > 0 {
			phone = c.Phones[0].Number
		}
		city := ""
		if a, ok := c.PreferredAddress(); ok {
			city = a.City
		}
		problem := cell(false, strings.Join(r.Errs, " ; "))
		problem.Importance = widget.DangerImportance
		problem.Truncation = fyne.TextTruncateOff
		problem.Wrapping = fyne.TextWrapWord
		objs = append(objs, container.New(cols,
			cell(false, strconv.Itoa(r.Line)), cell(false, c.DisplayName()), cell(false, c.PreferredEmail()),
			cell(false, phone), cell(false, city), cell(false, joinNonEmpty(" — ", r.Org, r.Role)), problem))
	}
	if len(w.preview.Rows) == 0 {
		objs = append(objs, wrapped(lang.X("import.no_rows", "Aucune ligne de contact sous la ligne des titres.")))
	}
	w.previewBox.Objects = objs
	w.previewBox.Refresh()
}

// check simulates the import: nothing is saved, every row is checked and
// compared with the stored contacts.
func (w *importWizard) check() {
	p, name := w.preview, w.name
	w.next.Disable()
	ctx := w.e.ctx
	w.gen++
	gen := w.gen
	w.e.run(func() func() {
		r, err := w.im.Import(ctx, p, contactio.Options{DryRun: true, OnlyValid: true, Source: name}, nil)
		return func() {
			if gen != w.gen {
				return
			}
			if err != nil {
				w.next.Enable()
				if isInvalid(err) {
					w.fileStatus.SetText(userMessage(err))
					w.fileStatus.Importance = widget.DangerImportance
					w.showFileStep()
					return
				}
				w.e.fail("check import", err)
				return
			}
			w.report = r
			w.showCheckStep()
		}
	})
}

// showCheckStep shows what the import would do.
func (w *importWizard) showCheckStep() {
	r := w.report
	grid := container.New(layout.NewFormLayout())
	figure := func(n int, imp widget.Importance, text string) *widget.Label {
		l := wrapped(text)
		if n > 0 {
			l.Importance = imp
		}
		return l
	}
	rows := []formRow{
		{lang.X("import.read_count", "Contacts lus"), wrapped(formatInt(r.Read))},
		{lang.X("import.valid_count", "Prêts à importer"), figure(r.Imported, widget.SuccessImportance, formatInt(r.Imported))},
		{lang.X("import.refused_count", "Refusés"), figure(r.Refused, widget.DangerImportance, formatInt(r.Refused))},
	}
	if n := len(r.Duplicates); n > 0 {
		rows = append(rows, formRow{lang.X("import.dup_count", "Doublons probables"), figure(n, widget.WarningImportance,
			lang.X("import.dup_text", "{{.Count}} : importés quand même ; fusionnez-les ensuite avec « Doublons probables » sur l'écran Contacts.",
				map[string]any{"Count": formatInt(n)}))})
	}
	if n := len(r.Objected); n > 0 {
		rows = append(rows, formRow{lang.X("import.objected_count", "Laissés de côté"), wrapped(
			lang.X("import.objected_text", "{{.Count}} : ces personnes ont demandé à ne plus être contactées, ou à être effacées.",
				map[string]any{"Count": formatInt(n)}))})
	}
	setFormRowsWidth(grid, 180, rows...)
	objs := []fyne.CanvasObject{
		wrapped(lang.X("import.check_help", "Bureau a vérifié chaque ligne du fichier. Rien n'est encore enregistré.")),
		grid,
	}
	var lines []string
	for _, b := range r.Bad {
		lines = append(lines, b.Position()+" : "+strings.Join(b.Reasons, " ; "))
	}
	w.refused = wrapped(strings.Join(lines, "\n"))
	w.refused.Importance = widget.DangerImportance
	w.onlyValid = widget.NewCheck(lang.X("import.only_valid", "Importer seulement les lignes valides ({{.Count}})",
		map[string]any{"Count": formatInt(r.Imported)}), func(bool) { w.updateImportButton() })
	if len(lines) > 0 {
		objs = append(objs, subheading(lang.X("import.refused_title", "Lignes refusées")), w.refused,
			w.onlyValid, helpText(lang.X("import.only_valid_help",
				"Sinon, corrigez ces lignes dans le fichier (avec votre tableur), enregistrez-le et recommencez l'import.")))
	}
	if len(r.Duplicates) > 0 {
		var dups []string
		for _, d := range r.Duplicates {
			dups = append(dups, d.Position()+" — "+d.Name+" : "+d.String())
		}
		l := wrapped(strings.Join(dups, "\n"))
		objs = append(objs, subheading(lang.X("import.dup_title", "Doublons probables")), l)
	}
	w.setStep(stepCheck, lang.X("import.step_check", "Étape 3 sur 4 : la vérification"),
		container.NewVScroll(container.NewVBox(objs...)))
	w.updateImportButton()
}

// helpText is a wrapped label that explains what to do.
func helpText(text string) *widget.Label { return wrapped(text) }

func (w *importWizard) updateImportButton() {
	if w.report.Imported > 0 && (w.report.Refused == 0 || w.onlyValid.Checked) {
		w.next.Enable()
	} else {
		w.next.Disable()
	}
}

// runImport saves the rows with a progress bar; Annuler cancels it.
func (w *importWizard) runImport() {
	p, name, onlyValid := w.preview, w.name, w.onlyValid.Checked
	ctx, cancel := context.WithCancel(w.e.ctx)
	w.stop = cancel
	w.bar = widget.NewProgressBar()
	msg := wrapped(lang.X("import.running", "Enregistrement des contacts…"))
	w.setStep(stepImport, lang.X("import.step_import", "Étape 4 sur 4 : l'import"), container.NewVBox(msg, w.bar))
	bar := w.bar
	w.e.run(func() func() {
		r, err := w.im.Import(ctx, p, contactio.Options{OnlyValid: onlyValid, Source: name}, func(done, total int) {
			fyne.Do(func() {
				bar.Max = float64(max(total, 1))
				bar.SetValue(float64(done))
			})
		})
		return func() {
			cancelled := ctx.Err() != nil && errors.Is(err, context.Canceled)
			cancel()
			w.stop = nil
			w.result = wrapped("")
			title := lang.X("import.step_done", "Import terminé")
			switch {
			case cancelled:
				title = lang.X("import.step_stopped", "Import arrêté")
				w.result.SetText(lang.X("import.cancelled", "Import arrêté : rien n'a été enregistré. Vous pouvez le recommencer quand vous voulez."))
			case err != nil:
				title = lang.X("import.step_failed", "Import impossible")
				w.result.SetText(lang.X("import.failed", "L'import a échoué : rien n'a été enregistré."))
				w.result.Importance = widget.DangerImportance
				w.e.fail("import contacts", err)
			default:
				text := lang.X("import.done", "{{.Count}} contacts importés.", map[string]any{"Count": formatInt(r.Imported)})
				if r.Imported == 1 {
					text = lang.X("import.done_one", "1 contact importé.")
				}
				if n := len(r.Duplicates); n > 0 {
					text += " " + lang.X("import.done_dups", "{{.Count}} sont des doublons probables : fusionnez-les avec « Doublons probables ».",
						map[string]any{"Count": formatInt(n)})
				}
				w.result.SetText(text)
				w.result.Importance = widget.SuccessImportance
				bar.SetValue(bar.Max)
				if w.imported != nil {
					w.imported()
				}
			}
			w.setStep(stepDone, title, container.NewVBox(w.result))
		}
	})
}
