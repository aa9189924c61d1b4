package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// receiptActions acts on receipts for one screen: open, save, duplicate,
// cancel, replace and issue. What cannot be undone is confirmed first,
// with what it does said in plain words.
type receiptActions struct {
	e      env
	svc    receiptService
	viewer *pdfViewer
	// changed follows a receipt issued, cancelled or replaced.
	changed func()
	// notify, if set, shows what an action did, in a line of the screen.
	notify func(msg string)

	// What the last action showed, for tests.
	confirm  *confirmBox
	info     *widget.Label
	openInfo *widget.Button // « Ouvrir le PDF » of the last info, if any
	lastPath string         // the last file shown in the viewer
}

func newReceiptActions(e env, svc giftsServices, changed func()) *receiptActions {
	viewer := svc.viewer
	if viewer == nil {
		viewer = newPDFViewer(nil)
	}
	return &receiptActions{e: e, svc: svc.receipts, viewer: viewer, changed: changed}
}

// confirmBox is a confirmation dialog, with a reason to type when the
// action needs one.
type confirmBox struct {
	text   *widget.Label
	reason *formField // nil when no reason is asked
	ok     *widget.Button
	back   *widget.Button
	dialog *dialog.CustomDialog
}

// showConfirm asks before an action; run does it off the UI goroutine
// and returns what to do after, on it. The dialog stays open, with the
// message under the reason, when run fails on the reason.
func (a *receiptActions) showConfirm(title, text, okText string, danger bool, reason *formField,
	run func(ctx context.Context, reason string) (func(), error)) *confirmBox {
	b := &confirmBox{text: wrapped(text), reason: reason}
	content := container.NewVBox(minWidth(560), b.text)
	if reason != nil {
		content.Add(widget.NewLabelWithStyle(reason.label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		content.Add(reason.box)
	}
	b.dialog = dialog.NewCustomWithoutButtons(title, content, a.e.win)
	// « Annuler » would be ambiguous beside « Annuler le reçu ».
	b.back = widget.NewButtonWithIcon(lang.X("receipt.back", "Retour, ne rien faire"), theme.NavigateBackIcon(), b.dialog.Hide)
	b.ok = widget.NewButtonWithIcon(okText, theme.ConfirmIcon(), func() {
		why := ""
		if reason != nil {
			why = strings.TrimSpace(reason.entry.Text)
		}
		b.ok.Disable()
		ctx := a.e.ctx
		a.e.run(func() func() {
			after, err := run(ctx, why)
			return func() {
				b.ok.Enable()
				if err != nil {
					if reason != nil && isInvalid(err) {
						byField, _ := fieldErrors(err)
						if msg := byField[reason.key]; msg != "" {
							reason.setError(msg)
							fitDialog(b.dialog)
							return
						}
					}
					b.dialog.Hide()
					a.e.fail("receipt action", err)
					return
				}
				b.dialog.Hide()
				if after != nil {
					after()
				}
			}
		})
	})
	b.ok.Importance = widget.HighImportance
	if danger {
		b.ok.Importance = widget.DangerImportance
	}
	b.dialog.SetButtons([]fyne.CanvasObject{b.back, b.ok})
	b.dialog.Show()
	// Wrapped text measures its height only once it has a width.
	b.dialog.Resize(fyne.NewSize(680, b.dialog.MinSize().Height+60))
	if reason != nil {
		a.e.win.Canvas().Focus(reason.entry)
	}
	a.confirm = b
	return b
}

// showInfo tells what an action did; with number, a button opens that
// receipt's PDF.
func (a *receiptActions) showInfo(title, text, number string) {
	a.info = wrapped(text)
	a.openInfo = nil
	content := container.NewVBox(minWidth(520), a.info)
	d := dialog.NewCustomWithoutButtons(title, content, a.e.win)
	closeButton := widget.NewButtonWithIcon(lang.X("action.close", "Fermer"), theme.ConfirmIcon(), d.Hide)
	buttons := []fyne.CanvasObject{closeButton}
	if number != "" {
		a.openInfo = widget.NewButtonWithIcon(lang.X("receipt.open_pdf", "Ouvrir le PDF"), theme.DocumentIcon(), func() {
			d.Hide()
			a.openPDF(number)
		})
		a.openInfo.Importance = widget.HighImportance
		buttons = append(buttons, a.openInfo)
	}
	d.SetButtons(buttons)
	d.Show()
	d.Resize(fyne.NewSize(620, d.MinSize().Height+40))
	if a.notify != nil {
		a.notify(text)
	}
}

// pdfName names the temporary file of a receipt: recu-AAAA-NNNNN.pdf.
func pdfName(number, suffix string) string {
	return "recu-" + number + suffix + ".pdf"
}

// openPDF writes the stored document of receipt number (as issued, or
// marked « ANNULÉ ») to a temporary file and opens it in the system's
// viewer. The bytes are the stored ones, checked against their SHA-256:
// nothing is redrawn.
func (a *receiptActions) openPDF(number string) {
	ctx := a.e.ctx
	a.e.run(func() func() {
		data, err := a.svc.PDF(ctx, number)
		var path string
		if err == nil {
			path, err = a.viewer.write(pdfName(number, ""), data)
		}
		return func() {
			if err != nil {
				a.e.fail("open receipt PDF", err)
				return
			}
			a.showFile(path)
		}
	})
}

// showFile opens path in the system's program, or says where it is.
func (a *receiptActions) showFile(path string) {
	a.lastPath = path
	if err := a.viewer.show(path); err != nil {
		slog.Error("open file", "path", path, "err", err)
		dialog.ShowInformation(lang.X("receipt.viewer_failed_title", "Le PDF ne s'ouvre pas"),
			lang.X("receipt.viewer_failed", "Bureau n'a pas pu ouvrir le fichier avec le lecteur de PDF de l'ordinateur. Il est ici : {{.Path}}\nOuvrez-le depuis ce dossier, ou installez un lecteur de PDF.",
				map[string]any{"Path": path}), a.e.win)
	}
}

// saveAs asks where to save the stored PDF of r, then writes it.
func (a *receiptActions) saveAs(r receipt.Row) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			a.e.fail("choose receipt file", err)
			return
		}
		if w != nil {
			a.writeTo(r.Number, w, w.URI().Path())
		}
	}, a.e.win)
	d.SetFileName(receipt.FileName(r))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Resize(fyne.NewSize(880, 600))
	d.Show()
}

// writeTo writes the stored PDF of receipt number to w.
func (a *receiptActions) writeTo(number string, w io.WriteCloser, path string) {
	ctx := a.e.ctx
	a.e.run(func() func() {
		data, err := a.svc.PDF(ctx, number)
		if err == nil {
			_, err = w.Write(data)
		}
		if cerr := w.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
		return func() {
			if err != nil {
				a.e.fail("save receipt PDF", err)
				return
			}
			if a.notify != nil {
				a.notify(lang.X("receipt.saved", "Reçu n° {{.Number}} enregistré dans {{.Path}}.",
					map[string]any{"Number": number, "Path": path}))
			}
		}
	})
}

// duplicate explains what a duplicate is, then draws it, logs its
// delivery and opens it.
func (a *receiptActions) duplicate(r receipt.Row) {
	number := r.Number
	text := lang.X("receipt.duplicate_text",
		"Un duplicata reproduit le reçu n° {{.Number}} à l'identique, avec le même numéro, et porte la mention « DUPLICATA délivré le {{.Date}} ». Ce n'est pas un nouveau reçu : il ne compte pas dans la déclaration annuelle et ne couvre aucun don de plus.\n\nBureau note dans son journal la date de chaque duplicata délivré. Remettez-le au donateur qui a perdu son reçu.",
		map[string]any{"Number": number, "Date": displayDate(civilDate(a.e.now()))})
	a.showConfirm(lang.X("receipt.duplicate_title", "Délivrer un duplicata du reçu n° {{.Number}} ?", map[string]any{"Number": number}),
		text, lang.X("receipt.duplicate_ok", "Délivrer et ouvrir le duplicata"), false, nil,
		func(ctx context.Context, _ string) (func(), error) {
			data, err := a.svc.Duplicate(ctx, number)
			if err != nil {
				return nil, err
			}
			path, err := a.viewer.write(pdfName(number, "-duplicata"), data)
			if err != nil {
				return nil, err
			}
			return func() {
				if a.notify != nil {
					a.notify(lang.X("receipt.duplicate_done", "Duplicata du reçu n° {{.Number}} délivré le {{.Date}} et noté dans le journal.",
						map[string]any{"Number": number, "Date": displayDate(civilDate(a.e.now()))}))
				}
				a.showFile(path)
			}, nil
		})
}

// cancel asks for the reason, explains that a cancellation is final,
// then cancels r.
func (a *receiptActions) cancel(r receipt.Row) {
	number := r.Number
	reason := widget.NewEntry()
	reason.SetPlaceHolder(lang.X("receipt.cancel_reason_ph", "par exemple : chèque revenu impayé, don enregistré deux fois…"))
	field := newFormField("reason", lang.X("receipt.cancel_reason", "Motif de l'annulation (obligatoire, imprimé sur le reçu annulé)"), reason)
	text := lang.X("receipt.cancel_text",
		"L'annulation est définitive. Le reçu n° {{.Number}} reste dans la série : son numéro ne sera jamais réutilisé, et son PDF portera la mention « ANNULÉ » avec la date et le motif. Les dons qu'il couvrait pourront figurer sur un nouveau reçu.\n\nPrévenez {{.Donor}} par écrit (lettre ou courriel) que ce reçu est annulé et ne doit pas servir à sa déclaration d'impôts : Bureau n'envoie rien lui-même.\n\nPour corriger un reçu, utilisez plutôt « Annuler et remplacer ».",
		map[string]any{"Number": number, "Donor": r.DonorName})
	a.showConfirm(lang.X("receipt.cancel_title", "Annuler le reçu n° {{.Number}} ?", map[string]any{"Number": number}),
		text, lang.X("receipt.cancel_ok", "Annuler définitivement le reçu"), true, field,
		func(ctx context.Context, why string) (func(), error) {
			// Without a reason the service refuses, with the message
			// shown under the field.
			if _, err := a.svc.Cancel(ctx, number, why); err != nil {
				return nil, err
			}
			return func() {
				if a.changed != nil {
					a.changed()
				}
				if a.notify != nil {
					a.notify(lang.X("receipt.cancel_done", "Reçu n° {{.Number}} annulé. N'oubliez pas de prévenir {{.Donor}} par écrit.",
						map[string]any{"Number": number, "Donor": r.DonorName}))
				}
			}, nil
		})
}

// replace explains what replacing does, then cancels r and issues the
// receipt that replaces it, in one go. A receipt already cancelled and
// not yet replaced gets its replacement only.
func (a *receiptActions) replace(r receipt.Row) {
	number := r.Number
	var title, text, ok string
	var field *formField
	if r.Status == donation.Cancelled {
		title = lang.X("receipt.replace_cancelled_title", "Remplacer le reçu n° {{.Number}}, annulé ?", map[string]any{"Number": number})
		text = lang.X("receipt.replace_cancelled_text",
			"Le reçu n° {{.Number}} a été annulé le {{.Date}}. Bureau émet maintenant le reçu qui le remplace, avec un nouveau numéro, pour les mêmes dons relus tels qu'ils sont aujourd'hui (corrigez d'abord le don ou la fiche du donateur si besoin).\n\nLe nouveau reçu portera la mention « Annule et remplace le reçu n° {{.Number}} ». Envoyez-le à {{.Donor}}.",
			map[string]any{"Number": number, "Date": displayDate(r.CancelledOn), "Donor": r.DonorName})
		ok = lang.X("receipt.replace_cancelled_ok", "Émettre le reçu de remplacement")
	} else {
		title = lang.X("receipt.replace_title", "Annuler et remplacer le reçu n° {{.Number}} ?", map[string]any{"Number": number})
		text = lang.X("receipt.replace_text",
			"Bureau annule le reçu n° {{.Number}} et émet aussitôt un nouveau reçu, avec un nouveau numéro, pour les mêmes dons, relus avec les informations actuelles du donateur et de l'association. C'est ainsi qu'on corrige un reçu (adresse, nom…) : l'ancien numéro reste dans la série, marqué « ANNULÉ ».\n\nLe nouveau reçu portera la mention « Annule et remplace le reçu n° {{.Number}} ». Envoyez-le à {{.Donor}} en lui demandant de détruire l'ancien.",
			map[string]any{"Number": number, "Donor": r.DonorName})
		ok = lang.X("receipt.replace_ok", "Annuler et remplacer")
		reason := widget.NewEntry()
		reason.SetPlaceHolder(lang.X("receipt.replace_reason_ph", "si vide : « reçu rectifié »"))
		field = newFormField("reason", lang.X("receipt.replace_reason", "Motif (facultatif, imprimé sur le reçu annulé)"), reason)
	}
	a.showConfirm(title, text, ok, false, field, func(ctx context.Context, why string) (func(), error) {
		_, repl, err := a.svc.Replace(ctx, number, why)
		if err != nil {
			return nil, err
		}
		return func() {
			if a.changed != nil {
				a.changed()
			}
			a.showInfo(lang.X("receipt.replace_done_title", "Reçu remplacé"),
				lang.X("receipt.replace_done", "Le reçu n° {{.Old}} est annulé et remplacé par le reçu n° {{.New}}, qui porte la mention « Annule et remplace le reçu n° {{.Old}} ». Envoyez le nouveau reçu à {{.Donor}}.",
					map[string]any{"Old": number, "New": repl.Number, "Donor": r.DonorName}), repl.Number)
		}, nil
	})
}

// issueGift issues the receipt of one gift, after showing what it will
// be or what is missing.
func (a *receiptActions) issueGift(giftID int64) {
	a.issue(receipt.Request{GiftIDs: []int64{giftID}}, func(ctx context.Context) ([]donation.Receipt, error) {
		r, err := a.svc.Issue(ctx, giftID)
		return []donation.Receipt{r}, err
	})
}

// issueAnnual issues the yearly receipts of a donor for the gifts of year
// that have none.
func (a *receiptActions) issueAnnual(donorID int64, year int) {
	a.issue(receipt.Request{DonorID: donorID, Year: year, Annual: true}, func(ctx context.Context) ([]donation.Receipt, error) {
		return a.svc.IssueAnnual(ctx, donorID, year)
	})
}

// issue previews req: when something is missing it says what, else it
// asks for confirmation, then issues with do.
func (a *receiptActions) issue(req receipt.Request, do func(ctx context.Context) ([]donation.Receipt, error)) {
	ctx := a.e.ctx
	a.e.run(func() func() {
		p, err := a.svc.Preview(ctx, req)
		return func() {
			switch {
			case err != nil:
				a.e.fail("preview receipt", err)
			case p.Err() != nil:
				a.showInfo(lang.X("receipt.blocked_title", "Le reçu ne peut pas encore être émis"),
					lang.X("receipt.blocked", "Il manque des mentions obligatoires :\n{{.Problems}}\n\nComplétez la fiche du donateur (bouton « Modifier » en haut de sa fiche) ou celle de l'association (Réglages), puis recommencez.",
						map[string]any{"Problems": bullets(p.Err())}), "")
			case len(p.Drafts) == 0:
				a.showInfo(lang.X("receipt.nothing_title", "Rien à émettre"),
					lang.X("receipt.nothing", "Ces dons figurent déjà sur des reçus valides : il n'y a rien à émettre."), "")
			default:
				a.confirmIssue(p, do)
			}
		}
	})
}

func (a *receiptActions) confirmIssue(p receipt.Plan, do func(ctx context.Context) ([]donation.Receipt, error)) {
	var total money.Cents
	for _, d := range p.Drafts {
		total += d.Receipt.Total
	}
	name := receipt.DonorName(p.Drafts[0].Receipt.Donor)
	year := a.e.now().Year()
	text := lang.X("receipt.issue_text_one",
		"Bureau va émettre un reçu fiscal de {{.Total}} au nom de {{.Donor}}. Son numéro sera pris dans la série {{.Year}}, sans retour possible : un reçu émis ne se supprime pas, il ne peut qu'être annulé.",
		map[string]any{"Total": total.String(), "Donor": name, "Year": year})
	if n := len(p.Drafts); n > 1 {
		text = lang.X("receipt.issue_text",
			"Bureau va émettre {{.Count}} reçus fiscaux (un par nature de don), pour un total de {{.Total}}, au nom de {{.Donor}}. Leurs numéros seront pris dans la série {{.Year}}, sans retour possible : un reçu émis ne se supprime pas, il ne peut qu'être annulé.",
			map[string]any{"Count": n, "Total": total.String(), "Donor": name, "Year": year})
	}
	a.showConfirm(lang.X("receipt.issue_title", "Émettre le reçu ?"), text, lang.X("receipt.issue_ok", "Émettre"), false, nil,
		func(ctx context.Context, _ string) (func(), error) {
			rs, err := do(ctx)
			if err != nil {
				return nil, err
			}
			return func() {
				if a.changed != nil {
					a.changed()
				}
				numbers := make([]string, len(rs))
				for i, r := range rs {
					numbers[i] = r.Number
				}
				a.showInfo(lang.X("receipt.issued_title", "Reçu émis"),
					lang.X("receipt.issued", "Reçu n° {{.Numbers}} émis pour {{.Donor}}. Ouvrez le PDF pour l'imprimer ou l'envoyer.",
						map[string]any{"Numbers": strings.Join(numbers, ", "), "Donor": name}), rs[0].Number)
			}, nil
		})
}

// bullets lists the messages of err, one per line.
func bullets(err error) string {
	lines := strings.Split(userMessage(err), "\n")
	for i, l := range lines {
		lines[i] = "•  " + l
	}
	return strings.Join(lines, "\n")
}
