package app

import (
	"cmp"
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/contact"
)

// charterService is what the Chartes screen needs; *charter.Service
// implements it.
type charterService interface {
	List(ctx context.Context) ([]charter.Charter, error)
	Versions(ctx context.Context, name string) ([]charter.Version, error)
	SaveNewVersion(ctx context.Context, name, body, note string) (charter.Version, error)
	Render(ctx context.Context, name string, version int, contactID int64, date string) (charter.Output, error)
	RenderBatch(ctx context.Context, name string, version int, contactIDs []int64, date string) (charter.Output, error)
	RecordSignature(ctx context.Context, name string, version int, contactID int64, signedOn string, document []byte) (charter.Signature, error)
	Signatures(ctx context.Context, name string) (charter.Register, error)
}

// previewDelay is how long typing must pause before the preview follows.
const previewDelay = 400 * time.Millisecond

// chartersScreen lists the charters, edits them with a live preview and
// keeps the register of signatures.
type chartersScreen struct {
	e        env
	svc      charterService
	contacts contactLister
	delay    time.Duration

	charters []charter.Charter
	current  string // name of the charter shown
	versions []charter.Version
	register charter.Register
	timer    *time.Timer
	// loading is set while the editor's text is replaced by code, which
	// needs no debounce.
	loading bool

	content  fyne.CanvasObject
	list     *widget.List
	title    *widget.Label
	tabs     *container.AppTabs
	editor   *widget.Entry
	preview  *widget.RichText
	problems *widget.Label
	probBox  *container.Scroll
	note     *widget.Entry
	saveInfo *widget.Label
	verList  *widget.List
	signed   *fyne.Container
	pending  *fyne.Container
	genInfo  *widget.Label
}

func newChartersScreen(e env, svc charterService, contacts contactLister, delay time.Duration) *chartersScreen {
	s := &chartersScreen{e: e, svc: svc, contacts: contacts, delay: delay}
	s.list = widget.NewList(
		func() int { return len(s.charters) },
		func() fyne.CanvasObject {
			t := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			t.Truncation = fyne.TextTruncateEllipsis
			i := widget.NewLabel("")
			i.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(t, i)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			c := s.charters[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(cmp.Or(c.Title, c.Name))
			box.Objects[1].(*widget.Label).SetText(lang.X("charters.row", "{{.Name}} · version {{.Version}} · {{.Signed}} signature(s)",
				map[string]any{"Name": c.Name, "Version": c.Latest, "Signed": c.Signed}))
		})
	s.list.OnSelected = func(id widget.ListItemID) { s.open(s.charters[id].Name, nil) }

	s.title = subheading(lang.X("charters.choose", "Choisissez une charte dans la liste."))
	s.title.Wrapping = fyne.TextWrapWord

	s.editor = widget.NewMultiLineEntry()
	s.editor.Wrapping = fyne.TextWrapWord
	s.editor.TextStyle = fyne.TextStyle{Monospace: true}
	s.editor.OnChanged = func(string) { s.edited() }
	s.preview = widget.NewRichText()
	s.preview.Wrapping = fyne.TextWrapWord
	s.problems = wrapped("")
	s.problems.Importance = widget.DangerImportance
	s.note = widget.NewEntry()
	s.note.SetPlaceHolder(lang.X("charters.note_hint", "Ce qui change, par exemple « article 3 reformulé »"))
	save := widget.NewButtonWithIcon(lang.X("charters.save", "Enregistrer une nouvelle version"), theme.DocumentSaveIcon(), s.save)
	save.Importance = widget.HighImportance
	s.saveInfo = wrapped("")
	help := wrapped(lang.X("charters.help",
		"« # » pour le titre, « ## » pour une section, « - » pour une liste, **gras** ; les champs comme {{.Field}} sont remplis pour chaque signataire.",
		map[string]any{"Field": "{{association.name}}"}))
	help.Importance = widget.LowImportance
	// The problems scroll in a small box: the editor keeps its room.
	s.probBox = container.NewVScroll(s.problems)
	s.probBox.SetMinSize(fyne.NewSize(0, 70))
	s.probBox.Hide()
	editorSide := container.NewBorder(help,
		container.NewVBox(s.probBox, container.NewBorder(nil, nil, widget.NewLabel(lang.X("charters.note", "Note :")), nil, s.note),
			container.NewHBox(save), s.saveInfo),
		nil, nil, s.editor)
	previewSide := container.NewBorder(widget.NewLabelWithStyle(lang.X("charters.preview", "Aperçu avec des exemples"),
		fyne.TextAlignLeading, fyne.TextStyle{Italic: true}), nil, nil, nil, container.NewVScroll(s.preview))
	split := container.NewHSplit(editorSide, previewSide)

	s.verList = widget.NewList(
		func() int { return len(s.versions) },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			v := s.versions[id]
			t := lang.X("charters.version_row", "Version {{.Version}} du {{.Date}}",
				map[string]any{"Version": v.Version, "Date": v.CreatedAt.Local().Format("02/01/2006")})
			if v.Note != "" {
				t += " — " + v.Note
			}
			o.(*widget.Label).SetText(t)
		})
	s.verList.OnSelected = func(id widget.ListItemID) {
		s.setText(s.versions[id].Body)
		s.saveInfo.SetText(lang.X("charters.version_loaded", "Texte de la version {{.Version}} repris dans l'éditeur.",
			map[string]any{"Version": s.versions[id].Version}))
	}
	versions := container.NewBorder(wrapped(lang.X("charters.versions_help",
		"Chaque version enregistrée est gardée. Cliquez sur une version pour reprendre son texte dans l'éditeur.")), nil, nil, nil, s.verList)

	s.signed = container.NewVBox()
	s.pending = container.NewVBox()
	record := widget.NewButtonWithIcon(lang.X("charters.record", "Noter une signature"), theme.ConfirmIcon(), s.recordSignature)
	signatures := container.NewVScroll(container.NewVBox(container.NewHBox(record),
		subheading(lang.X("charters.pending", "Doivent encore signer la dernière version")), s.pending,
		subheading(lang.X("charters.signed", "Signatures reçues")), s.signed))

	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("charters.tab_text", "Texte"), split),
		container.NewTabItem(lang.X("charters.tab_signatures", "Signatures"), signatures),
		container.NewTabItem(lang.X("charters.tab_versions", "Versions"), versions),
	)
	genOne := widget.NewButtonWithIcon(lang.X("charters.pdf_one", "Générer le PDF pour un contact…"), theme.DocumentPrintIcon(), s.generateOne)
	genAll := widget.NewButtonWithIcon(lang.X("charters.pdf_pending", "PDF pour tous ceux qui doivent signer…"), theme.DocumentPrintIcon(), s.generatePending)
	s.genInfo = wrapped("")
	right := container.NewBorder(container.NewVBox(s.title, container.NewHBox(genOne, genAll), s.genInfo), nil, nil, nil, s.tabs)
	left := container.NewBorder(wrapped(lang.X("charters.list_help", "Les chartes de l'association et leur dernière version.")), nil, nil, nil, s.list)
	body := container.NewBorder(nil, nil, container.NewHBox(container.NewStack(minWidth(250), left), widget.NewSeparator()), nil, right)
	s.content = screenPage(lang.X("charters.title", "Chartes"), body)
	return s
}

func (s *chartersScreen) view() fyne.CanvasObject { return s.content }

func (s *chartersScreen) refresh(done func()) {
	ctx := s.e.ctx
	s.e.run(func() func() {
		cs, err := s.svc.List(ctx)
		return func() {
			if err != nil {
				s.e.fail("list charters", err)
				done()
				return
			}
			s.charters = cs
			s.list.Refresh()
			if s.current == "" && len(cs) > 0 {
				s.list.Select(0) // opens it
				done()
				return
			}
			done()
		}
	})
}

// open shows charter name: its latest text, versions and register.
func (s *chartersScreen) open(name string, loaded func()) {
	ctx := s.e.ctx
	s.e.run(func() func() {
		vs, err := s.svc.Versions(ctx, name)
		var reg charter.Register
		if err == nil {
			reg, err = s.svc.Signatures(ctx, name)
		}
		return func() {
			if err != nil {
				s.e.fail("open charter", err)
				return
			}
			changed := s.current != name
			s.current, s.versions, s.register = name, vs, reg
			s.title.SetText(cmp.Or(reg.Charter.Title, name) + " — " +
				lang.X("charters.latest", "version {{.Version}}", map[string]any{"Version": reg.Charter.Latest}))
			s.verList.UnselectAll()
			s.verList.Refresh()
			if changed && len(vs) > 0 {
				s.setText(vs[0].Body)
			}
			s.showRegister()
			if loaded != nil {
				loaded()
			}
		}
	})
}

// setText replaces the editor's text and updates the preview at once.
func (s *chartersScreen) setText(body string) {
	s.loading = true
	s.editor.SetText(body)
	s.loading = false
	s.updatePreview()
}

// setProblems shows the problems of the text under the editor, or hides
// them when text is "".
func (s *chartersScreen) setProblems(text string) {
	s.problems.SetText(text)
	if text == "" {
		s.probBox.Hide()
	} else {
		s.probBox.Show()
	}
}

// edited validates the text at once and updates the preview once typing
// pauses.
func (s *chartersScreen) edited() {
	if s.loading {
		return
	}
	s.saveInfo.SetText("")
	if s.delay <= 0 {
		s.updatePreview()
		return
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(s.delay, func() { fyne.Do(s.updatePreview) })
}

// updatePreview shows the problems of the text with their lines and the
// text filled with the fields' examples.
func (s *chartersScreen) updatePreview() {
	if s.timer != nil {
		s.timer.Stop()
	}
	body := s.editor.Text
	if err := charter.Validate(body); err != nil {
		s.setProblems(userMessage(err))
	} else {
		s.setProblems("")
	}
	blocks, _ := charter.Parse(body)
	filled, _ := charter.Fill(blocks, charter.Examples())
	s.preview.Segments = charterSegments(filled)
	s.preview.Refresh()
}

// charterSegments lays out a charter's blocks as rich text.
func charterSegments(blocks []charter.Block) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	for _, b := range blocks {
		switch b.Kind {
		case charter.Title:
			segs = append(segs, &widget.TextSegment{Text: b.Text(), Style: widget.RichTextStyleHeading})
		case charter.Heading:
			segs = append(segs, &widget.TextSegment{Text: b.Text(), Style: widget.RichTextStyleSubHeading})
		default:
			prefix := ""
			if b.Kind == charter.Item {
				prefix = "•  "
			}
			for i, sp := range b.Spans {
				st := widget.RichTextStyleInline
				if sp.Bold {
					st = widget.RichTextStyleStrong
				}
				text := sp.Text
				if i == 0 {
					text = prefix + text
				}
				if i == len(b.Spans)-1 {
					st.Inline = false
				}
				segs = append(segs, &widget.TextSegment{Text: text, Style: st})
			}
		}
	}
	return segs
}

// save saves the editor's text as a new version.
func (s *chartersScreen) save() {
	if s.current == "" {
		return
	}
	name, body, note, ctx := s.current, s.editor.Text, s.note.Text, s.e.ctx
	s.e.run(func() func() {
		v, err := s.svc.SaveNewVersion(ctx, name, body, note)
		return func() {
			switch {
			case isInvalid(err):
				s.setProblems(userMessage(err))
				return
			case errors.Is(err, apperr.ErrConflict):
				s.saveInfo.SetText(userMessage(err))
				return
			case err != nil:
				s.e.fail("save charter", err)
				return
			}
			s.note.SetText("")
			s.saveInfo.SetText(lang.X("charters.saved", "Version {{.Version}} enregistrée. Les signataires des versions précédentes doivent signer celle-ci.",
				map[string]any{"Version": v.Version}))
			s.current = "" // reload all
			s.open(name, nil)
			s.refreshList()
		}
	})
}

func (s *chartersScreen) refreshList() {
	ctx := s.e.ctx
	s.e.run(func() func() {
		cs, err := s.svc.List(ctx)
		return func() {
			if err == nil {
				s.charters = cs
				s.list.Refresh()
			}
		}
	})
}

func (s *chartersScreen) showRegister() {
	r := s.register
	s.pending.RemoveAll()
	if len(r.Pending) == 0 {
		msg := lang.X("charters.pending_none", "Personne : tous les signataires ont signé la dernière version.")
		if r.Charter.AudienceTag == "" {
			msg += " " + lang.X("charters.no_audience", "Aucune étiquette n'est associée à cette charte : seuls ses signataires précédents sont relancés.")
		}
		s.pending.Add(wrapped(msg))
	}
	for _, p := range r.Pending {
		why := lang.X("charters.pending_tagged", "concerné(e) par l'étiquette « {{.Tag}} »", map[string]any{"Tag": r.Charter.AudienceTag})
		if p.LastSigned > 0 {
			why = lang.X("charters.pending_older", "a signé la version {{.Version}}", map[string]any{"Version": p.LastSigned})
		}
		s.pending.Add(widget.NewLabel("•  " + p.Name + " — " + why))
	}
	s.signed.RemoveAll()
	if len(r.Signatures) == 0 {
		s.signed.Add(wrapped(lang.X("charters.signed_none", "Aucune signature notée pour l'instant.")))
	}
	for _, sg := range r.Signatures {
		s.signed.Add(widget.NewLabel(lang.X("charters.signed_row", "•  {{.Name}} — version {{.Version}}, signée le {{.Date}}",
			map[string]any{"Name": sg.ContactName, "Version": sg.Version, "Date": displayDate(sg.SignedOn)})))
	}
}

// recordSignature notes that a contact signed the latest version.
func (s *chartersScreen) recordSignature() {
	if s.current == "" {
		return
	}
	name := s.current
	showContactPicker(s.e, s.contacts, pickerOptions{
		title:   lang.X("charters.record_who", "Qui a signé ?"),
		confirm: lang.X("action.choose", "Choisir"),
		help:    lang.X("charters.record_help", "La signature porte sur la dernière version de la charte."),
		picked: func(rows []contact.Row) {
			if len(rows) == 0 {
				return
			}
			date := widget.NewEntry()
			date.SetText(s.e.now().Format("02/01/2006"))
			dialog.ShowForm(lang.X("charters.record_title", "Noter une signature"), lang.X("action.save", "Enregistrer"),
				lang.X("action.cancel", "Annuler"), []*widget.FormItem{
					widget.NewFormItem(lang.X("charters.signer", "Signataire"), widget.NewLabel(rows[0].Name)),
					widget.NewFormItem(lang.X("charters.signed_on", "Signée le"), date),
				}, func(ok bool) {
					if !ok {
						return
					}
					on, valid := parseDate(date.Text)
					if !valid {
						showError(s.e.win, "record signature", apperr.Invalid("date.invalid",
							"La date n'est pas valide : écrivez-la jj/mm/aaaa, par exemple 14/07/2026."))
						return
					}
					s.record(name, rows[0].ID, on)
				}, s.e.win)
		},
	})
}

func (s *chartersScreen) record(name string, contactID int64, on string) {
	ctx := s.e.ctx
	s.e.run(func() func() {
		_, err := s.svc.RecordSignature(ctx, name, 0, contactID, on, nil)
		return func() {
			if err != nil {
				s.e.fail("record signature", err)
				return
			}
			s.current = ""
			s.open(name, nil)
			s.refreshList()
		}
	})
}

// generateOne draws the latest version for one contact.
func (s *chartersScreen) generateOne() {
	if s.current == "" {
		return
	}
	name := s.current
	showContactPicker(s.e, s.contacts, pickerOptions{
		title:   lang.X("charters.pdf_who", "Pour qui établir la charte ?"),
		confirm: lang.X("action.choose", "Choisir"),
		picked: func(rows []contact.Row) {
			if len(rows) == 0 {
				return
			}
			s.generate(name, []int64{rows[0].ID}, name+"-"+fileSlug(rows[0].Name)+".pdf")
		},
	})
}

// generatePending draws the latest version for everyone who still has
// to sign it, in one PDF.
func (s *chartersScreen) generatePending() {
	if s.current == "" {
		return
	}
	ids := make([]int64, len(s.register.Pending))
	for i, p := range s.register.Pending {
		ids[i] = p.ID
	}
	if len(ids) == 0 {
		s.genInfo.SetText(lang.X("charters.pdf_nobody", "Personne ne doit signer la dernière version : aucun PDF à générer."))
		return
	}
	s.generate(s.current, ids, s.current+"-a-signer.pdf")
}

func (s *chartersScreen) generate(name string, ids []int64, file string) {
	ctx := s.e.ctx
	var out charter.Output
	saveProduced(s.e, "render charter", file, func() ([]byte, error) {
		var err error
		out, err = s.svc.RenderBatch(ctx, name, 0, ids, "")
		return out.PDF, err
	}, func(path string) {
		msg := lang.X("charters.pdf_saved", "PDF enregistré : {{.Path}}", map[string]any{"Path": path})
		if n := len(out.Missing); n > 0 {
			msg += " " + lang.X("charters.pdf_missing", "Des champs sont restés vides pour {{.Count}} contact(s) : complétez-les à la main sur le document.",
				map[string]any{"Count": n})
		}
		s.genInfo.SetText(msg)
	})
}
