package app

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/backup"
)

// profileService reads and saves the association's profile;
// *association.Service implements it.
type profileService interface {
	Get(ctx context.Context) (association.Profile, error)
	Save(ctx context.Context, p association.Profile) error
}

// backupService makes backups and keeps their settings; *backup.Service
// implements it.
type backupService interface {
	Settings(ctx context.Context) (keep int, dir string, err error)
	SetKeep(ctx context.Context, n int) error
	SetDir(ctx context.Context, dir string) error
	Backup(ctx context.Context, out string) (backup.Result, error)
}

// settingsServices are what Réglages reads and changes.
type settingsServices struct {
	profile profileService
	backup  backupService // nil hides the backup settings
	// defaultBackupDir is where backups go unless a folder is chosen.
	defaultBackupDir string
	prefs            fyne.Preferences
}

// settingsData is one load of Réglages.
type settingsData struct {
	profile    association.Profile
	keep       int
	backupDir  string
	withBackup bool
}

// settingsScreen is the association's profile form, what receipts still
// need, the backup settings and the language.
type settingsScreen struct {
	e       env
	svc     settingsServices
	onSaved func(association.Profile)

	loaded   settingsData
	fields   map[string]*formField // by apperr field name
	category *widget.Select
	wording  *widget.Label
	catGrid  *fyne.Container
	images   map[string]*imageField // "signature", "logo"

	keep, backupDir *formField
	backupNow       *widget.Button
	backupStatus    *widget.Label

	saveButton *widget.Button
	status     *widget.Label
	missing    *fyne.Container
	language   *widget.Select
	langNote   *widget.Label
	content    fyne.CanvasObject
}

// dateKeys are the category dates, in form order.
var dateKeys = []string{association.DateRUPDecree, association.DateJO, association.DateArrete, association.DateAgrement}

func newSettings(e env, svc settingsServices, onSaved func(association.Profile)) *settingsScreen {
	s := &settingsScreen{e: e, svc: svc, onSaved: onSaved, fields: map[string]*formField{}, images: map[string]*imageField{}}
	entry := func(key, label, placeholder string) *formField {
		en := widget.NewEntry()
		en.SetPlaceHolder(placeholder)
		f := newFormField(key, label, en)
		s.fields[key] = f
		return f
	}
	name := entry("name", lang.X("settings.name", "Nom"), lang.X("settings.name_ph", "Nom ou dénomination de l'association"))
	siren := entry("siren", lang.X("settings.siren", "SIREN"), lang.X("settings.siren_ph", "9 chiffres, par exemple 732 829 320"))
	rna := entry("rna", lang.X("settings.rna", "RNA"), lang.X("settings.rna_ph", "W suivi de 9 caractères, par exemple W751234567"))
	objEntry := widget.NewMultiLineEntry()
	objEntry.SetMinRowsVisible(3)
	objEntry.Wrapping = fyne.TextWrapWord
	objEntry.SetPlaceHolder(lang.X("settings.object_ph", "L'objet de l'association, tel qu'il figure dans ses statuts"))
	object := newFormField("object", lang.X("settings.object", "Objet"), objEntry)
	s.fields["object"] = object
	identity := widget.NewCard(lang.X("settings.identity", "Identité de l'association"),
		lang.X("settings.identity_sub", "Le SIREN ou le RNA suffit : l'un des deux doit figurer sur chaque reçu."),
		newFormGrid(name.row(), siren.row(), rna.row(), object.row()))

	street := entry("street", lang.X("settings.street", "Rue"), lang.X("settings.street_ph", "Numéro et rue"))
	postcode := entry("postcode", lang.X("settings.postcode", "Code postal"), "75011")
	city := entry("city", lang.X("settings.city", "Commune"), "")
	country := entry("country", lang.X("settings.country", "Pays"), lang.X("settings.country_ph", "France (laisser vide)"))
	address := widget.NewCard(lang.X("settings.address", "Adresse du siège"), "",
		newFormGrid(street.row(), postcode.row(), city.row(), country.row()))

	s.category = widget.NewSelect(categoryOptions(), func(string) { s.layoutCategory() })
	s.category.PlaceHolder = lang.X("settings.category_ph", "Choisissez la case du reçu qui correspond à l'association")
	s.fields["category"] = newField("category", lang.X("settings.category", "Catégorie"), s.category)
	s.wording = wrapped("")
	s.wording.TextStyle.Italic = true
	for _, k := range dateKeys {
		entry("dates."+k, dateLabel(k), lang.X("settings.date_ph", "jj/mm/aaaa"))
	}
	entry("category_precision", lang.X("settings.precision", "Précision"), lang.X("settings.precision_ph", "Nature de l'organisme"))
	s.fields["category_precision"].onChanged = s.updateWording
	for _, k := range dateKeys {
		s.fields["dates."+k].onChanged = s.updateWording
	}
	s.catGrid = newFormGrid()
	category := widget.NewCard(lang.X("settings.category_title", "Catégorie sur le reçu fiscal"),
		lang.X("settings.category_sub", "La case cochée sur le Cerfa 11580*05 : elle dit pourquoi les dons ouvrent droit à réduction d'impôt."),
		s.catGrid)

	signer := entry("signer_name", lang.X("settings.signer_name", "Signataire"), lang.X("settings.signer_name_ph", "Prénom et nom"))
	role := entry("signer_role", lang.X("settings.signer_role", "Qualité"), lang.X("settings.signer_role_ph", "Président, trésorière…"))
	s.images["signature"] = newImageField(s, "signature", lang.X("settings.signature", "Signature"))
	s.images["logo"] = newImageField(s, "logo", lang.X("settings.logo", "Logo"))
	for k, im := range s.images {
		s.fields[k] = im.field
	}
	signing := widget.NewCard(lang.X("settings.signing", "Signature des reçus"),
		lang.X("settings.signing_sub", "La personne autorisée à signer les reçus fiscaux, et sa signature scannée (PNG ou JPEG)."),
		newFormGrid(signer.row(), role.row(), s.images["signature"].field.row(), s.images["logo"].field.row()))

	s.missing = container.NewVBox()
	missing := widget.NewCard(lang.X("settings.missing", "Ce qu'il manque pour émettre des reçus"),
		lang.X("settings.missing_sub", "D'après les informations enregistrées."), s.missing)

	cards := []fyne.CanvasObject{identity, address, category, signing, missing}
	if svc.backup != nil {
		cards = append(cards, s.backupCard())
	}
	cards = append(cards, s.languageCard())

	s.saveButton = widget.NewButtonWithIcon(lang.X("settings.save", "Enregistrer (Ctrl+S)"), theme.DocumentSaveIcon(), s.save)
	s.saveButton.Importance = widget.HighImportance
	s.status = widget.NewLabel("")
	s.status.Truncation = fyne.TextTruncateEllipsis
	bar := container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, s.saveButton, nil, s.status))

	s.layoutCategory()
	scroll := container.NewVScroll(container.NewVBox(cards...))
	for _, f := range s.fields {
		f.onResize = scroll.Refresh
	}
	if s.keep != nil {
		s.keep.onResize, s.backupDir.onResize = scroll.Refresh, scroll.Refresh
	}
	s.content = screenPage(lang.X("nav.settings", "Réglages"),
		container.NewBorder(nil, bar, nil, nil, scroll))
	return s
}

func (s *settingsScreen) view() fyne.CanvasObject { return s.content }

// focusFirst puts the cursor in the association's name.
func (s *settingsScreen) focusFirst() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.fields["name"].entry); c != nil {
		c.Focus(s.fields["name"].entry)
	}
}

func (s *settingsScreen) refresh(done func()) {
	ctx := s.e.ctx
	s.e.run(func() func() {
		d, err := s.load(ctx)
		return func() {
			if err != nil {
				s.e.fail("load settings", err)
			} else {
				s.show(d)
			}
			done()
		}
	})
}

func (s *settingsScreen) load(ctx context.Context) (settingsData, error) {
	var d settingsData
	var err error
	if d.profile, err = s.svc.profile.Get(ctx); err != nil {
		return d, err
	}
	if s.svc.backup != nil {
		d.withBackup = true
		if d.keep, d.backupDir, err = s.svc.backup.Settings(ctx); err != nil {
			return d, err
		}
	}
	return d, nil
}

// show fills the form with d, dropping what was typed and not saved.
func (s *settingsScreen) show(d settingsData) {
	s.loaded = d
	p := d.profile
	for key, value := range map[string]string{
		"name": p.Name, "siren": p.SIREN, "rna": p.RNA, "street": p.Street, "postcode": p.Postcode,
		"city": p.City, "country": p.Country, "object": p.Object, "category_precision": p.CategoryPrecision,
		"signer_name": p.SignerName, "signer_role": p.SignerRole,
	} {
		s.fields[key].entry.SetText(value)
	}
	for _, k := range dateKeys {
		s.fields["dates."+k].entry.SetText(displayDate(p.Dates[k]))
	}
	if c, ok := association.CategoryByCode(p.Category); ok {
		s.category.SetSelected(categoryOption(c))
	} else {
		s.category.ClearSelected()
	}
	s.images["signature"].set(p.Signature)
	s.images["logo"].set(p.Logo)
	if d.withBackup {
		s.keep.entry.SetText(strconv.Itoa(d.keep))
		s.backupDir.entry.SetText(d.backupDir)
	}
	for _, f := range s.fields {
		f.setError("")
	}
	s.layoutCategory()
	s.showMissing(p.MissingForReceipts())
}

// layoutCategory shows the dates and the precision that the chosen
// category needs, and its full wording.
func (s *settingsScreen) layoutCategory() {
	rows := []formRow{s.fields["category"].row()}
	c, ok := s.chosenCategory()
	if ok {
		s.updateWording()
		rows = append(rows, formRow{lang.X("settings.wording", "Texte imprimé"), s.wording})
		for _, k := range c.Dates {
			rows = append(rows, s.fields["dates."+k].row())
		}
		for _, k := range c.OptionalDates {
			f := s.fields["dates."+k]
			rows = append(rows, formRow{f.label + " " + lang.X("settings.if_any", "(le cas échéant)"), f.box})
		}
		if c.NeedsPrecision {
			rows = append(rows, s.fields["category_precision"].row())
		}
	}
	setFormRows(s.catGrid, rows...)
}

// updateWording shows the chosen category's text as the receipt will
// print it, with the dates and the precision typed so far.
func (s *settingsScreen) updateWording() {
	c, ok := s.chosenCategory()
	if !ok {
		s.wording.SetText("")
		return
	}
	p := association.Profile{Category: c.Code, CategoryPrecision: s.fields["category_precision"].entry.Text}
	for _, k := range dateKeys {
		var q association.Profile
		if q.Set(k, s.fields["dates."+k].entry.Text) == nil && q.Dates[k] != "" {
			if p.Dates == nil {
				p.Dates = map[string]string{}
			}
			p.Dates[k] = q.Dates[k]
		}
	}
	s.wording.SetText(p.CategoryWording())
}

// chosenCategory is the category selected, if any.
func (s *settingsScreen) chosenCategory() (association.Category, bool) {
	for _, c := range association.Categories() {
		if categoryOption(c) == s.category.Selected {
			return c, true
		}
	}
	return association.Category{}, false
}

// visibleDates are the date keys shown for the chosen category.
func (s *settingsScreen) visibleDates() []string {
	c, ok := s.chosenCategory()
	if !ok {
		return nil
	}
	return append(append([]string(nil), c.Dates...), c.OptionalDates...)
}

// profile builds the profile from the form through Profile.Set, which
// normalises and checks each field; the errors are keyed by field.
func (s *settingsScreen) profile() (association.Profile, map[string]string) {
	p := s.loaded.profile
	p.Dates = nil
	errs := map[string]string{}
	set := func(key, value string) {
		if err := p.Set(key, value); err != nil {
			byField, other := fieldErrors(err)
			if len(byField) == 0 {
				byField = map[string]string{key: other}
			}
			for f, msg := range byField {
				if _, dup := errs[f]; !dup {
					errs[f] = msg
				}
			}
		}
	}
	text := func(key string) string { return s.fields[key].entry.Text }
	// country before postcode: a postcode is checked against the country.
	for _, k := range []string{"name", "siren", "rna", "street", "country", "postcode", "city", "object", "signer_name", "signer_role"} {
		set(k, text(k))
	}
	code := ""
	if c, ok := s.chosenCategory(); ok {
		code = c.Code
	}
	set("category", code)
	if c, ok := s.chosenCategory(); ok && c.NeedsPrecision {
		set("category_precision", text("category_precision"))
	} else {
		p.CategoryPrecision = ""
	}
	for _, k := range s.visibleDates() {
		set(k, text("dates."+k))
	}
	p.Signature = s.images["signature"].image
	p.Logo = s.images["logo"].image
	return p, errs
}

// backupChanges reads the backup settings; keep is 0 and dir "" when
// unchanged.
func (s *settingsScreen) backupChanges(errs map[string]string) (keep int, dir string, dirChanged bool) {
	if !s.loaded.withBackup {
		return 0, "", false
	}
	k := strings.TrimSpace(s.keep.entry.Text)
	if n, err := strconv.Atoi(k); err != nil || n < 1 {
		errs["keep"] = lang.X("settings.keep_invalid",
			"Indiquez un nombre entier d'au moins 1, par exemple 10.")
	} else if n != s.loaded.keep {
		keep = n
	}
	dir = strings.TrimSpace(s.backupDir.entry.Text)
	if dir == s.loaded.backupDir {
		return keep, "", false
	}
	if dir == s.svc.defaultBackupDir {
		dir = ""
	}
	return keep, dir, true
}

// save (Ctrl+S) checks the form, then saves the profile and the backup
// settings off the UI goroutine.
func (s *settingsScreen) save() {
	p, errs := s.profile()
	keep, dir, dirChanged := s.backupChanges(errs)
	for key, f := range s.fields {
		f.setError(errs[key])
	}
	if s.keep != nil {
		s.keep.setError(errs["keep"])
		s.backupDir.setError("")
	}
	if len(errs) > 0 {
		s.setStatus(lang.X("settings.fix", "Rien n'a été enregistré : corrigez les champs signalés en rouge."), widget.DangerImportance)
		return
	}
	s.saveButton.Disable()
	s.setStatus(lang.X("settings.saving", "Enregistrement…"), widget.MediumImportance)
	ctx := s.e.ctx
	bk := s.svc.backup
	s.e.run(func() func() {
		err := s.svc.profile.Save(ctx, p)
		if err == nil && keep > 0 {
			err = bk.SetKeep(ctx, keep)
		}
		if err == nil && dirChanged {
			err = bk.SetDir(ctx, dir)
		}
		var d settingsData
		if err == nil {
			d, err = s.load(ctx)
		}
		return func() {
			s.saveButton.Enable()
			if err != nil {
				s.saveFailed(err)
				return
			}
			s.show(d)
			s.setStatus(lang.X("settings.saved", "Enregistré."), widget.SuccessImportance)
			if s.onSaved != nil {
				s.onSaved(d.profile)
			}
		}
	})
}

func (s *settingsScreen) saveFailed(err error) {
	if !isInvalid(err) {
		s.setStatus(lang.X("settings.not_saved", "Rien n'a été enregistré."), widget.DangerImportance)
		s.e.fail("save settings", err)
		return
	}
	byField, other := fieldErrors(err)
	for key, f := range s.fields {
		f.setError(byField[key])
	}
	if s.keep != nil {
		s.keep.setError(byField["keep"])
		s.backupDir.setError(byField["dir"])
	}
	msg := lang.X("settings.fix", "Rien n'a été enregistré : corrigez les champs signalés en rouge.")
	if other != "" {
		msg = other
	}
	s.setStatus(msg, widget.DangerImportance)
}

func (s *settingsScreen) setStatus(text string, imp widget.Importance) {
	s.status.Importance = imp
	s.status.SetText(text)
}

// showMissing lists what receipts still need.
func (s *settingsScreen) showMissing(m apperr.Multi) {
	s.missing.RemoveAll()
	if len(m) == 0 {
		ok := wrapped(lang.X("settings.complete", "Rien : toutes les mentions obligatoires du reçu fiscal sont renseignées."))
		ok.Importance = widget.SuccessImportance
		s.missing.Add(ok)
		return
	}
	for _, e := range m {
		l := wrapped("•  " + e.Message)
		l.Importance = widget.WarningImportance
		s.missing.Add(l)
	}
}

// backupCard holds the backup settings and « Sauvegarder maintenant ».
func (s *settingsScreen) backupCard() fyne.CanvasObject {
	keep := widget.NewEntry()
	s.keep = newFormFieldIn("keep", lang.X("settings.keep", "Sauvegardes gardées"), keep, container.NewHBox(
		container.NewGridWrap(fyne.NewSize(90, keep.MinSize().Height), keep),
		widget.NewLabel(lang.X("settings.keep_unit", "dernières sauvegardes automatiques (une par jour)"))))
	s.backupDir = newFormField("dir", lang.X("settings.backup_dir", "Dossier"), widget.NewEntry())
	choose := widget.NewButtonWithIcon(lang.X("settings.choose", "Choisir…"), theme.FolderOpenIcon(), func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil {
				s.e.fail("choose backup folder", err)
				return
			}
			if u != nil {
				s.backupDir.entry.SetText(u.Path())
			}
		}, s.e.win)
		d.Show()
	})
	reset := widget.NewButton(lang.X("settings.default_dir", "Par défaut"), func() {
		s.backupDir.entry.SetText(s.svc.defaultBackupDir)
	})
	dirRow := container.NewBorder(nil, nil, nil, container.NewHBox(choose, reset), s.backupDir.box)
	s.backupNow = widget.NewButtonWithIcon(lang.X("settings.backup_now", "Sauvegarder maintenant"), theme.DownloadIcon(), s.backupNowTapped)
	s.backupStatus = wrapped("")
	grid := newFormGrid(s.keep.row(), formRow{s.backupDir.label, dirRow})
	return widget.NewCard(lang.X("settings.backups", "Sauvegardes"),
		lang.X("settings.backups_sub", "Bureau copie la base une fois par jour. Choisissez par exemple une clé USB pour garder une copie hors de l'ordinateur."),
		container.NewVBox(grid, container.NewHBox(s.backupNow), s.backupStatus))
}

// backupNowTapped writes a backup now, with a progress dialog that can
// cancel it.
func (s *settingsScreen) backupNowTapped() {
	ctx, cancel := context.WithCancel(s.e.ctx)
	d := newProgressDialog(s.e.win, lang.X("settings.backup_title", "Sauvegarde"),
		lang.X("settings.backup_running", "Copie de la base de données en cours…"), cancel)
	s.backupNow.Disable()
	bk := s.svc.backup
	s.e.run(func() func() {
		r, err := bk.Backup(ctx, "")
		return func() {
			d.Hide()
			cancelled := ctx.Err() != nil
			cancel()
			s.backupNow.Enable()
			switch {
			case cancelled:
				s.backupStatus.SetText(lang.X("settings.backup_cancelled", "Sauvegarde annulée."))
			case err != nil:
				s.backupStatus.SetText("")
				showError(s.e.win, "backup now", err)
			default:
				s.backupStatus.SetText(lang.X("settings.backup_done", "Sauvegarde enregistrée : {{.Path}} ({{.Size}}).",
					map[string]any{"Path": r.Path, "Size": fileSize(r.Size)}))
			}
		}
	})
}

// languageCard chooses the language, for the next start.
func (s *settingsScreen) languageCard() fyne.CanvasObject {
	names := make([]string, len(languages))
	for i, l := range languages {
		names[i] = l.name
	}
	s.langNote = wrapped("")
	s.langNote.Importance = widget.LowImportance
	s.language = widget.NewSelect(names, nil)
	s.language.SetSelected(languageName(currentLanguage))
	s.language.OnChanged = func(name string) {
		for _, l := range languages {
			if l.name != name {
				continue
			}
			if s.svc.prefs != nil {
				s.svc.prefs.SetString(prefLanguage, l.code)
			}
			if l.code == currentLanguage {
				s.langNote.SetText("")
			} else {
				s.langNote.SetText(lang.X("settings.restart", "Bureau s'affichera en {{.Name}} au prochain démarrage : quittez-le puis relancez-le.",
					map[string]any{"Name": l.name}))
			}
		}
	}
	return widget.NewCard(lang.X("settings.language", "Langue"), "",
		container.NewVBox(container.NewHBox(s.language), s.langNote))
}

// imageField is the signature or the logo: a preview, a button to choose
// a PNG or JPEG file and one to remove it.
type imageField struct {
	s       *settingsScreen
	key     string
	image   association.Image
	preview *fyne.Container
	field   *formField
	remove  *widget.Button
}

func newImageField(s *settingsScreen, key, label string) *imageField {
	im := &imageField{s: s, key: key, preview: container.NewStack()}
	choose := widget.NewButtonWithIcon(lang.X("settings.choose_image", "Choisir une image…"), theme.FileImageIcon(), im.choose)
	im.remove = widget.NewButtonWithIcon(lang.X("settings.remove_image", "Retirer"), theme.DeleteIcon(), func() {
		im.set(association.Image{})
	})
	im.field = newField(key, label, container.NewHBox(im.preview, choose, im.remove))
	im.set(association.Image{})
	return im
}

// set shows im, or "no image".
func (im *imageField) set(img association.Image) {
	im.image = img
	im.field.setError("")
	if img.IsZero() {
		l := widget.NewLabel(lang.X("settings.no_image", "Aucune image"))
		l.Importance = widget.LowImportance
		im.preview.Objects = []fyne.CanvasObject{l}
		im.remove.Hide()
	} else {
		pic := canvas.NewImageFromReader(bytes.NewReader(img.Data), im.key)
		pic.FillMode = canvas.ImageFillContain
		pic.SetMinSize(fyne.NewSize(160, 56))
		im.preview.Objects = []fyne.CanvasObject{pic}
		im.remove.Show()
	}
	im.preview.Refresh()
}

// choose opens a file dialog filtered to images, then loads the file off
// the UI goroutine through association.LoadImage, which checks it.
func (im *imageField) choose() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			im.s.e.fail("choose image", err)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		im.s.e.run(func() func() {
			img, err := association.LoadImage(path)
			return func() {
				if err != nil {
					byField, other := fieldErrors(err)
					msg := byField[im.key]
					if msg == "" {
						msg = cmp.Or(other, userMessage(err))
					}
					im.field.setError(msg)
					return
				}
				im.set(img)
			}
		})
	}, im.s.e.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
	d.Show()
}

// categoryOptions are the Select's options, in the form's order.
func categoryOptions() []string {
	var out []string
	for _, c := range association.Categories() {
		out = append(out, categoryOption(c))
	}
	return out
}

var placeholderPattern = regexp.MustCompile(`\{[a-z_]+\}`)

// maxOption keeps the options of the category Select on one line.
const maxOption = 90

// categoryOption shows a category in the Select: the Cerfa's wording,
// blanks as "…", prefixed by « Intérêt général » for the boxes under it,
// shortened; the full wording shows under the Select.
func categoryOption(c association.Category) string {
	w := placeholderPattern.ReplaceAllString(c.Wording, "…")
	if c.UnderParent {
		w = lang.X("settings.general_interest", "Intérêt général") + " : " + w
	}
	if utf8.RuneCountInString(w) > maxOption {
		w = string([]rune(w)[:maxOption-1]) + "…"
	}
	return w
}

// dateLabel names a category date in the form.
func dateLabel(key string) string {
	switch key {
	case association.DateRUPDecree:
		return lang.X("settings.date_rup", "Date du décret RUP")
	case association.DateJO:
		return lang.X("settings.date_jo", "Date de publication au JO")
	case association.DateArrete:
		return lang.X("settings.date_arrete", "Date de l'arrêté")
	default:
		return lang.X("settings.date_agrement", "Date de l'agrément")
	}
}

// displayDate turns "2023-07-14" into "14/07/2023"; other text is kept.
func displayDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

// fileSize writes a size in bytes for people: "1,2 Mo".
func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f Mo", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d ko", n>>10)
	default:
		return fmt.Sprintf("%d o", n)
	}
}
