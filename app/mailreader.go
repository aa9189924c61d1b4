package app

import (
	"context"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/mail"
)

// attachmentReader is what the reader needs to save an attachment.
type attachmentReader interface {
	Thread(ctx context.Context, id int64) (mail.ThreadDetail, error)
	Attachment(ctx context.Context, id int64) (mail.Attachment, error)
}

// maxParties is how many contacts the reader names above a thread.
const maxParties = 6

// mailReader shows one thread: messages in reply order, quoted text
// folded, attachments listed.
type mailReader struct {
	e       env
	svc     attachmentReader
	gen     int
	title   *widget.Label
	parties *widget.Label
	body    *fyne.Container
	scroll  *container.Scroll
	content fyne.CanvasObject
	// quotes are the buttons that unfold quoted text, for tests.
	quotes []*widget.Button
}

func newMailReader(e env, svc attachmentReader) *mailReader {
	r := &mailReader{e: e, svc: svc}
	r.title = subheading(lang.X("mail.reader_empty", "Choisissez une conversation dans la liste."))
	r.title.Wrapping = fyne.TextWrapWord
	r.parties = wrapped("")
	r.body = container.NewVBox()
	r.scroll = container.NewVScroll(container.NewVBox(r.title, r.parties, r.body))
	r.content = r.scroll
	return r
}

// open loads thread id and shows it; loaded, if set, follows.
func (r *mailReader) open(id int64, loaded func()) {
	ctx := r.e.ctx
	r.gen++
	gen := r.gen
	r.e.run(func() func() {
		d, err := r.svc.Thread(ctx, id)
		return func() {
			if gen != r.gen {
				return
			}
			if err != nil {
				r.e.fail("open mail thread", err)
				return
			}
			r.show(d)
			if loaded != nil {
				loaded()
			}
		}
	})
}

func (r *mailReader) show(d mail.ThreadDetail) {
	subj := d.Subject
	if strings.TrimSpace(subj) == "" {
		subj = lang.X("mail.no_subject", "(sans objet)")
	}
	r.title.SetText(subj)
	names := make([]string, len(d.Parties))
	for i, p := range d.Parties {
		names[i] = p.Name
	}
	if len(names) > maxParties {
		names = append(names[:maxParties], lang.X("mail.more_parties", "et {{.Count}} autre(s)",
			map[string]any{"Count": len(names) - maxParties}))
	}
	if len(names) > 0 {
		r.parties.SetText(lang.X("mail.with", "Avec : {{.Names}}", map[string]any{"Names": strings.Join(names, ", ")}))
	} else {
		r.parties.SetText(lang.X("mail.with_nobody", "Aucun contact relié à cette conversation."))
	}
	r.quotes = nil
	objs := make([]fyne.CanvasObject, 0, len(d.Messages))
	for i, m := range d.Messages {
		depth := 0
		if i < len(d.Depth) {
			depth = min(d.Depth[i], 6)
		}
		card := widget.NewCard("", "", r.message(m))
		objs = append(objs, container.NewBorder(nil, nil, minWidth(float32(depth)*20), nil, card))
	}
	r.body.Objects = objs
	r.body.Refresh()
	r.scroll.ScrollToTop()
}

// message lays out one message: sender and date, text with quotes
// folded, attachments.
func (r *mailReader) message(m mail.Message) fyne.CanvasObject {
	from := widget.NewLabelWithStyle(m.From.Label(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	from.Truncation = fyne.TextTruncateEllipsis
	date := widget.NewLabel(m.Date.Local().Format("02/01/2006 15:04"))
	box := container.NewVBox(container.NewBorder(nil, nil, nil, date, from))
	for _, b := range mail.SplitQuoted(m.Text) {
		text := strings.TrimRight(b.Text, "\n ")
		if strings.TrimSpace(text) == "" {
			continue
		}
		l := wrapped(text)
		if !b.Quoted {
			box.Add(l)
			continue
		}
		l.TextStyle = fyne.TextStyle{Italic: true}
		l.Importance = widget.LowImportance
		l.Hide()
		show := lang.X("mail.show_quote", "Afficher le texte cité ({{.Lines}} lignes)", map[string]any{"Lines": b.Lines})
		hide := lang.X("mail.hide_quote", "Masquer le texte cité")
		btn := widget.NewButtonWithIcon(show, theme.MoreHorizontalIcon(), nil)
		btn.Importance = widget.LowImportance
		btn.Alignment = widget.ButtonAlignLeading
		btn.OnTapped = func() {
			if l.Visible() {
				l.Hide()
				btn.SetText(show)
			} else {
				l.Show()
				btn.SetText(hide)
			}
			box.Refresh()
		}
		r.quotes = append(r.quotes, btn)
		box.Add(btn)
		box.Add(l)
	}
	for _, a := range m.Attachments {
		if a.Inline {
			continue
		}
		box.Add(r.attachment(a))
	}
	return box
}

func (r *mailReader) attachment(a mail.Attachment) fyne.CanvasObject {
	label := fmt.Sprintf("%s (%s)", a.Name, fileSize(a.Size))
	if !a.Stored {
		l := widget.NewLabelWithStyle(label+" — "+lang.X("mail.attachment_big",
			"trop volumineuse, non conservée : ouvrez-la dans votre messagerie"),
			fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		l.Wrapping = fyne.TextWrapWord
		return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), nil, l)
	}
	btn := widget.NewButtonWithIcon(label, theme.DownloadIcon(), func() { r.saveAttachment(a) })
	btn.Alignment = widget.ButtonAlignLeading
	btn.Importance = widget.LowImportance
	return btn
}

func (r *mailReader) saveAttachment(a mail.Attachment) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path, ctx := w.URI().Path(), r.e.ctx
		w.Close()
		r.e.run(func() func() {
			full, err := r.svc.Attachment(ctx, a.ID)
			if err == nil {
				err = os.WriteFile(path, full.Data, 0o600)
			}
			return func() {
				if err != nil {
					r.e.fail("save attachment", err)
				}
			}
		})
	}, r.e.win)
	d.SetFileName(a.Name)
	d.Show()
}
