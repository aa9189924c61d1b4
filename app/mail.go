package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/mail"
)

// mailService is what the Courriels screen needs; *mail.Service
// implements it.
type mailService interface {
	Accounts(ctx context.Context) ([]mail.Account, error)
	AddAccount(ctx context.Context, a *mail.Account, password string, check bool) (bool, error)
	Check(ctx context.Context, a mail.Account, password string) error
	Password(a mail.Account) (string, error)
	SetPassword(a mail.Account, password string) (bool, error)
	Sync(ctx context.Context, o mail.SyncOptions) (mail.Report, error)
	Threads(ctx context.Context, f mail.ThreadFilter) ([]mail.Thread, error)
	Search(ctx context.Context, q string, limit int) ([]mail.Thread, error)
	Thread(ctx context.Context, id int64) (mail.ThreadDetail, error)
	Attachment(ctx context.Context, id int64) (mail.Attachment, error)
	UnknownSenders(ctx context.Context, limit int) ([]mail.UnknownSender, error)
	DismissSender(ctx context.Context, addr string) error
}

// threadLimit is how many threads the list shows; search narrows it.
const threadLimit = 200

// mailScreen is the Courriels screen: accounts and sync on the left,
// threads in the middle, the open thread on the right.
type mailScreen struct {
	e        env
	svc      mailService
	contacts contactLister
	debounce time.Duration

	accounts []mail.Account
	threads  []mail.Thread
	partner  contact.Row // the partner filter, ID 0 for none
	gen      int         // ignores the answers of older loads
	timer    *time.Timer
	syncStop context.CancelFunc

	content     fyne.CanvasObject
	accountList *widget.List
	noAccount   *widget.Label
	syncButton  *widget.Button
	syncBar     *widget.ProgressBar
	syncBusy    *widget.ProgressBarInfinite
	syncMsg     *widget.Label
	syncCancel  *widget.Button
	syncBox     *fyne.Container

	search       *widget.Entry
	partnerLabel *widget.Label
	clearPartner *widget.Button
	threadList   *widget.List
	threadInfo   *widget.Label

	reader *mailReader
}

func newMailScreen(e env, svc mailService, contacts contactLister, debounce time.Duration) *mailScreen {
	s := &mailScreen{e: e, svc: svc, contacts: contacts, debounce: debounce}
	s.reader = newMailReader(e, svc)

	s.accountList = widget.NewList(
		func() int { return len(s.accounts) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			user := widget.NewLabel("")
			user.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(name, user)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			a := s.accounts[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(a.Name)
			box.Objects[1].(*widget.Label).SetText(a.User + " — " + a.Host)
		})
	s.noAccount = wrapped(lang.X("mail.no_account",
		"Ajoutez le compte de messagerie de l'association (celui où arrivent les courriels des partenaires) : Bureau y relèvera les échanges avec vos contacts."))
	add := widget.NewButtonWithIcon(lang.X("mail.add_account", "Ajouter un compte"), theme.ContentAddIcon(), s.addAccount)
	s.syncButton = widget.NewButtonWithIcon(lang.X("mail.sync", "Relever le courrier"), theme.MailReplyIcon(), s.startSync)
	s.syncButton.Importance = widget.HighImportance
	s.syncBar = widget.NewProgressBar()
	s.syncBusy = widget.NewProgressBarInfinite()
	s.syncBusy.Stop()
	s.syncMsg = wrapped("")
	s.syncCancel = widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), s.cancelSync)
	s.syncBox = container.NewVBox(container.NewStack(s.syncBar, s.syncBusy), s.syncCancel)
	s.syncBox.Hide()
	unknown := widget.NewButtonWithIcon(lang.X("mail.unknown", "Expéditeurs inconnus"), theme.QuestionIcon(), s.showUnknown)
	left := container.NewBorder(
		container.NewVBox(subheading(lang.X("mail.accounts", "Comptes")), s.noAccount),
		container.NewVBox(add, s.syncButton, s.syncBox, s.syncMsg, widget.NewSeparator(), unknown),
		nil, nil, s.accountList)

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.X("mail.search", "Chercher dans les courriels (sujet, texte)…"))
	s.search.OnChanged = func(string) { s.schedule() }
	s.partnerLabel = widget.NewLabel(lang.X("mail.all_partners", "Tous les contacts"))
	s.partnerLabel.Truncation = fyne.TextTruncateEllipsis
	pick := widget.NewButtonWithIcon(lang.X("mail.pick_partner", "Contact…"), theme.AccountIcon(), s.pickPartner)
	s.clearPartner = widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() { s.setPartner(contact.Row{}) })
	s.clearPartner.Hide()
	filter := container.NewBorder(nil, nil, pick, s.clearPartner, s.partnerLabel)
	s.threadList = widget.NewList(
		func() int { return len(s.threads) },
		func() fyne.CanvasObject {
			subj := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			subj.Truncation = fyne.TextTruncateEllipsis
			info := widget.NewLabel("")
			info.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(subj, info)
		},
		s.updateThread)
	s.threadList.OnSelected = func(id widget.ListItemID) { s.reader.open(s.threads[id].ID, nil) }
	s.threadInfo = wrapped("")
	middle := container.NewBorder(container.NewVBox(s.search, filter), s.threadInfo, nil, nil, s.threadList)

	split := container.NewHSplit(middle, s.reader.content)
	split.Offset = 0.4
	body := container.NewBorder(nil, nil, container.NewHBox(container.NewStack(minWidth(230), left), widget.NewSeparator()), nil, split)
	s.content = screenPage(lang.X("mail.title", "Courriels"), body)
	return s
}

func (s *mailScreen) view() fyne.CanvasObject { return s.content }

func (s *mailScreen) focusSearch() { s.e.win.Canvas().Focus(s.search) }

// refresh reloads the accounts and the threads.
func (s *mailScreen) refresh(done func()) {
	ctx := s.e.ctx
	s.e.run(func() func() {
		as, err := s.svc.Accounts(ctx)
		return func() {
			if err != nil {
				s.e.fail("list mail accounts", err)
			} else {
				s.showAccounts(as)
			}
			s.load(done)
		}
	})
}

func (s *mailScreen) showAccounts(as []mail.Account) {
	s.accounts = as
	s.accountList.Refresh()
	if len(as) == 0 {
		s.noAccount.Show()
		s.syncButton.Disable()
	} else {
		s.noAccount.Hide()
		s.syncButton.Enable()
	}
}

// schedule reloads the threads once typing pauses.
func (s *mailScreen) schedule() {
	if s.debounce <= 0 {
		s.load(nil)
		return
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(s.debounce, func() { fyne.Do(func() { s.load(nil) }) })
}

// load lists the threads matching the search box and the partner filter.
func (s *mailScreen) load(done func()) {
	q, cid, ctx := strings.TrimSpace(s.search.Text), s.partner.ID, s.e.ctx
	s.gen++
	gen := s.gen
	s.e.run(func() func() {
		var ts []mail.Thread
		var err error
		if q != "" && cid == 0 {
			ts, err = s.svc.Search(ctx, q, threadLimit)
		} else {
			ts, err = s.svc.Threads(ctx, mail.ThreadFilter{ContactID: cid, Query: q, Limit: threadLimit})
		}
		return func() {
			if gen == s.gen {
				if err != nil {
					s.e.fail("list mail threads", err)
				} else {
					s.showThreads(ts, q != "" || cid != 0)
				}
			}
			if done != nil {
				done()
			}
		}
	})
}

func (s *mailScreen) showThreads(ts []mail.Thread, filtered bool) {
	s.threads = ts
	s.threadList.UnselectAll()
	s.threadList.Refresh()
	switch {
	case len(ts) == 0 && filtered:
		s.threadInfo.SetText(lang.X("mail.none_found", "Aucune conversation ne correspond. Essayez un autre mot ou retirez le filtre de contact."))
	case len(ts) == 0 && len(s.accounts) == 0:
		s.threadInfo.SetText(lang.X("mail.empty_no_account",
			"Aucun courriel pour l'instant. Ajoutez le compte de messagerie de l'association à gauche, puis cliquez sur « Relever le courrier »."))
	case len(ts) == 0:
		s.threadInfo.SetText(lang.X("mail.empty", "Aucun courriel de partenaire pour l'instant. Cliquez sur « Relever le courrier » pour les chercher."))
	case len(ts) >= threadLimit:
		s.threadInfo.SetText(lang.X("mail.limit", "Les {{.Count}} conversations les plus récentes : cherchez un mot pour retrouver les plus anciennes.",
			map[string]any{"Count": len(ts)}))
	default:
		s.threadInfo.SetText(lang.X("mail.count", "{{.Count}} conversation(s)", map[string]any{"Count": len(ts)}))
	}
}

func (s *mailScreen) updateThread(id widget.ListItemID, o fyne.CanvasObject) {
	t := s.threads[id]
	box := o.(*fyne.Container)
	subj := t.Subject
	if strings.TrimSpace(subj) == "" {
		subj = lang.X("mail.no_subject", "(sans objet)")
	}
	box.Objects[0].(*widget.Label).SetText(subj)
	info := displayDate(civilDate(t.LastDate.Local())) + " · " +
		lang.X("mail.messages", "{{.Count}} message(s)", map[string]any{"Count": t.Count})
	if t.Snippet != "" {
		info += " · " + t.Snippet
	}
	box.Objects[1].(*widget.Label).SetText(info)
}

func (s *mailScreen) pickPartner() {
	showContactPicker(s.e, s.contacts, pickerOptions{
		title:   lang.X("mail.pick_title", "Courriels échangés avec…"),
		confirm: lang.X("action.choose", "Choisir"),
		picked: func(rows []contact.Row) {
			if len(rows) > 0 {
				s.setPartner(rows[0])
			}
		},
	})
}

// setPartner filters the threads on a contact (ID 0: every thread).
func (s *mailScreen) setPartner(r contact.Row) {
	s.partner = r
	if r.ID == 0 {
		s.partnerLabel.SetText(lang.X("mail.all_partners", "Tous les contacts"))
		s.clearPartner.Hide()
	} else {
		s.partnerLabel.SetText(r.Name)
		s.clearPartner.Show()
	}
	s.load(nil)
}

// showThread opens thread id in the reader (from a contact's panel).
func (s *mailScreen) showThread(id int64) { s.reader.open(id, nil) }

// startSync fetches new mail of every account, after asking for a
// password the keyring does not have.
func (s *mailScreen) startSync() {
	as := s.accounts
	s.e.run(func() func() {
		for _, a := range as {
			if _, err := s.svc.Password(a); errors.Is(err, mail.ErrNoPassword) {
				return func() { s.askPassword(a, err, s.startSync) }
			}
		}
		return s.runSync
	})
}

// askPassword asks once for the password of a, kept by the service (in
// memory when there is no keyring), then calls then.
func (s *mailScreen) askPassword(a mail.Account, why error, then func()) {
	pw := widget.NewPasswordEntry()
	msg := wrapped(userMessage(why))
	d := dialog.NewForm(lang.X("mail.password_title", "Mot de passe de messagerie"), lang.X("action.ok", "Valider"),
		lang.X("action.cancel", "Annuler"), []*widget.FormItem{
			widget.NewFormItem("", msg),
			widget.NewFormItem(lang.X("mail.password", "Mot de passe"), pw),
		}, func(ok bool) {
			if !ok {
				return
			}
			if _, err := s.svc.SetPassword(a, pw.Text); err != nil {
				s.e.fail("set mail password", err)
				return
			}
			then()
		}, s.e.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

func (s *mailScreen) runSync() {
	ctx, cancel := context.WithCancel(s.e.ctx)
	s.syncStop = cancel
	s.syncButton.Disable()
	s.syncCancel.Enable()
	s.syncBox.Show()
	s.syncBar.Hide()
	s.syncBusy.Show()
	s.syncBusy.Start()
	s.syncMsg.SetText(lang.X("mail.sync_connect", "Connexion au serveur…"))
	s.e.run(func() func() {
		rep, err := s.svc.Sync(ctx, mail.SyncOptions{Progress: func(p mail.Progress) {
			fyne.Do(func() { s.showProgress(p) })
		}})
		return func() {
			cancelled := ctx.Err() != nil
			cancel()
			s.syncStop = nil
			s.syncBusy.Stop()
			s.syncBox.Hide()
			s.syncButton.Enable()
			switch {
			case cancelled:
				s.syncMsg.SetText(lang.X("mail.sync_cancelled",
					"Relève interrompue. Les courriels déjà relevés sont gardés ; la prochaine relève reprendra où elle s'est arrêtée."))
			case err != nil:
				s.syncMsg.SetText(userMessage(err))
				s.e.fail("sync mail", err)
			default:
				s.syncMsg.SetText(lang.X("mail.sync_done", "Relève terminée : {{.Count}} nouveau(x) courriel(s) de partenaires.",
					map[string]any{"Count": rep.Added()}))
			}
			s.load(nil)
		}
	})
}

func (s *mailScreen) showProgress(p mail.Progress) {
	if s.syncStop == nil {
		return
	}
	switch p.Stage {
	case mail.StageConnect:
		s.syncMsg.SetText(lang.X("mail.sync_connect_to", "Connexion au compte {{.Account}}…", map[string]any{"Account": p.Account}))
	case mail.StageHeaders:
		s.syncMsg.SetText(lang.X("mail.sync_headers", "Lecture du dossier {{.Folder}}…", map[string]any{"Folder": p.Folder}))
	case mail.StageMessages:
		s.syncMsg.SetText(lang.X("mail.sync_messages", "Dossier {{.Folder}} : {{.Done}} sur {{.Total}} courriels",
			map[string]any{"Folder": p.Folder, "Done": p.Done, "Total": p.Total}))
	case mail.StageThreads:
		s.syncMsg.SetText(lang.X("mail.sync_threads", "Regroupement par conversation et rattachement aux contacts…"))
	}
	if p.Total > 0 {
		s.syncBusy.Stop()
		s.syncBusy.Hide()
		s.syncBar.Show()
		s.syncBar.SetValue(float64(p.Done) / float64(p.Total))
	} else {
		s.syncBar.Hide()
		s.syncBusy.Show()
		s.syncBusy.Start()
	}
}

func (s *mailScreen) cancelSync() {
	if s.syncStop != nil {
		s.syncCancel.Disable()
		s.syncMsg.SetText(lang.X("progress.cancelling", "Annulation…"))
		s.syncStop()
	}
}

// accountForm is the dialog to add a mail account.
type accountForm struct {
	s        *mailScreen
	name     *widget.Entry
	host     *widget.Entry
	port     *widget.Entry
	user     *widget.Entry
	security *widget.RadioGroup
	password *widget.Entry
	trust    *widget.Check
	msg      *widget.Label
	fp       string // fingerprint of the last self-signed certificate seen
	dialog   *dialog.CustomDialog
}

var securityChoices = func() []string {
	return []string{lang.X("mail.tls", "TLS (port 993, recommandé)"), lang.X("mail.starttls", "STARTTLS (port 143)")}
}

func (s *mailScreen) addAccount() { s.newAccountForm().dialog.Show() }

func (s *mailScreen) newAccountForm() *accountForm {
	f := &accountForm{s: s}
	f.name = widget.NewEntry()
	f.name.SetPlaceHolder(lang.X("mail.name_hint", "contact"))
	f.host = widget.NewEntry()
	f.host.SetPlaceHolder("imap.exemple.fr")
	f.port = widget.NewEntry()
	f.port.SetText("993")
	f.user = widget.NewEntry()
	f.user.SetPlaceHolder("contact@mon-asso.fr")
	choices := securityChoices()
	f.security = widget.NewRadioGroup(choices, func(v string) {
		if v == choices[1] && f.port.Text == "993" {
			f.port.SetText("143")
		} else if v == choices[0] && f.port.Text == "143" {
			f.port.SetText("993")
		}
	})
	f.security.Horizontal = true
	f.security.Required = true
	f.security.SetSelected(choices[0])
	f.password = widget.NewPasswordEntry()
	f.trust = widget.NewCheck("", nil)
	f.trust.Hide()
	f.msg = wrapped(lang.X("mail.form_help",
		"Ces informations sont données par votre fournisseur de messagerie (rubrique « IMAP »). Testez la connexion avant d'enregistrer."))
	form := widget.NewForm(
		widget.NewFormItem(lang.X("mail.account_name", "Nom du compte"), f.name),
		widget.NewFormItem(lang.X("mail.host", "Serveur IMAP"), f.host),
		widget.NewFormItem(lang.X("mail.port", "Port"), f.port),
		widget.NewFormItem(lang.X("mail.security", "Sécurité"), f.security),
		widget.NewFormItem(lang.X("mail.user", "Identifiant"), f.user),
		widget.NewFormItem(lang.X("mail.password", "Mot de passe"), f.password),
	)
	test := widget.NewButtonWithIcon(lang.X("mail.test", "Tester la connexion"), theme.SearchIcon(), f.test)
	content := container.NewVBox(form, container.NewHBox(test), f.trust, f.msg)
	f.dialog = dialog.NewCustomWithoutButtons(lang.X("mail.add_title", "Ajouter un compte de messagerie"), content, s.e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), f.dialog.Hide)
	save := widget.NewButtonWithIcon(lang.X("action.save", "Enregistrer"), theme.DocumentSaveIcon(), f.save)
	save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, save})
	f.dialog.Resize(fyne.NewSize(640, 560))
	return f
}

// account reads the form; it runs on the UI goroutine.
func (f *accountForm) account() mail.Account {
	a := mail.Account{Name: strings.TrimSpace(f.name.Text), Host: strings.TrimSpace(f.host.Text),
		User: strings.TrimSpace(f.user.Text), Security: mail.TLS}
	if a.Name == "" {
		a.Name, _, _ = strings.Cut(a.User, "@")
	}
	fmt.Sscan(strings.TrimSpace(f.port.Text), &a.Port)
	if f.security.Selected == securityChoices()[1] {
		a.Security = mail.StartTLS
	}
	if f.trust.Visible() && f.trust.Checked {
		a.Fingerprint = f.fp
	}
	return a
}

func (f *accountForm) setMessage(text string, bad bool) {
	f.msg.Importance = widget.MediumImportance
	if bad {
		f.msg.Importance = widget.DangerImportance
	}
	f.msg.SetText(text)
}

// test checks the connection and shows the step that failed.
func (f *accountForm) test() {
	a, pw, ctx := f.account(), f.password.Text, f.s.e.ctx
	if err := a.Validate(); err != nil {
		f.setMessage(userMessage(err), true)
		return
	}
	f.setMessage(lang.X("mail.testing", "Test de la connexion en cours…"), false)
	f.s.e.run(func() func() {
		err := f.s.svc.Check(ctx, a, pw)
		return func() { f.showCheck(a, err) }
	})
}

func (f *accountForm) showCheck(a mail.Account, err error) {
	if err == nil {
		f.setMessage(lang.X("mail.test_ok", "Connexion réussie : le serveur {{.Host}} a accepté l'identifiant et les dossiers sont accessibles.",
			map[string]any{"Host": a.Host}), false)
		return
	}
	var ce *mail.CheckError
	if errors.As(err, &ce) && ce.Step == mail.StepTLS && ce.TLS == mail.TLSUnknownAuthority && ce.Fingerprint != "" {
		f.fp = ce.Fingerprint
		f.trust.Text = lang.X("mail.trust", "Faire confiance à ce certificat (empreinte {{.Fingerprint}})",
			map[string]any{"Fingerprint": mail.FormatFingerprint(ce.Fingerprint)})
		f.trust.SetChecked(false)
		f.trust.Show()
		f.trust.Refresh()
	}
	f.setMessage(userMessage(err), true)
}

// save checks the connection and saves the account.
func (f *accountForm) save() {
	a, pw, ctx := f.account(), f.password.Text, f.s.e.ctx
	f.setMessage(lang.X("mail.saving", "Test de la connexion puis enregistrement…"), false)
	f.s.e.run(func() func() {
		_, err := f.s.svc.AddAccount(ctx, &a, pw, true)
		return func() {
			if err != nil {
				f.showCheck(a, err)
				return
			}
			f.dialog.Hide()
			f.s.refresh(func() {})
		}
	})
}

// showUnknown lists the senders that match no contact, with « Ignorer ».
func (s *mailScreen) showUnknown() {
	u := newUnknownSenders(s.e, s.svc)
	d := dialog.NewCustom(lang.X("mail.unknown", "Expéditeurs inconnus"), lang.X("action.close", "Fermer"), u.content, s.e.win)
	d.Resize(fyne.NewSize(720, 480))
	d.Show()
	u.load()
}

// unknownSenders is the list of senders to review.
type unknownSenders struct {
	e       env
	svc     mailService
	rows    []mail.UnknownSender
	list    *widget.List
	info    *widget.Label
	content fyne.CanvasObject
}

func newUnknownSenders(e env, svc mailService) *unknownSenders {
	u := &unknownSenders{e: e, svc: svc}
	u.list = widget.NewList(
		func() int { return len(u.rows) },
		func() fyne.CanvasObject {
			who := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			who.Truncation = fyne.TextTruncateEllipsis
			what := widget.NewLabel("")
			what.Truncation = fyne.TextTruncateEllipsis
			btn := widget.NewButton(lang.X("mail.dismiss", "Ignorer"), nil)
			return container.NewBorder(nil, nil, nil, btn, container.NewVBox(who, what))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			r := u.rows[id]
			box := o.(*fyne.Container)
			texts := box.Objects[0].(*fyne.Container)
			who := r.Addr
			if r.Name != "" {
				who = r.Name + " <" + r.Addr + ">"
			}
			texts.Objects[0].(*widget.Label).SetText(who)
			what := lang.X("mail.unknown_row", "{{.Count}} courriel(s), dernier le {{.Date}} : {{.Subject}}",
				map[string]any{"Count": r.MessageCount, "Date": displayDate(civilDate(r.LastDate.Local())), "Subject": r.LastSubject})
			if r.OrgName != "" {
				what = lang.X("mail.unknown_org", "Chez {{.Org}}", map[string]any{"Org": r.OrgName}) + " · " + what
			}
			texts.Objects[1].(*widget.Label).SetText(what)
			box.Objects[1].(*widget.Button).OnTapped = func() { u.dismiss(r.Addr) }
		})
	u.info = wrapped(lang.X("mail.unknown_help",
		"Ces adresses ont écrit à l'association mais ne correspondent à aucun contact. Créez le contact si c'est un partenaire, ou cliquez sur « Ignorer »."))
	u.content = container.NewBorder(u.info, nil, nil, nil, u.list)
	return u
}

func (u *unknownSenders) load() {
	ctx := u.e.ctx
	u.e.run(func() func() {
		rows, err := u.svc.UnknownSenders(ctx, 0)
		return func() {
			if err != nil {
				u.e.fail("list unknown senders", err)
				return
			}
			u.rows = rows
			u.list.Refresh()
			if len(rows) == 0 {
				u.info.SetText(lang.X("mail.unknown_none", "Aucun expéditeur inconnu : tous les courriels relevés viennent de vos contacts."))
			}
		}
	})
}

func (u *unknownSenders) dismiss(addr string) {
	ctx := u.e.ctx
	u.e.run(func() func() {
		err := u.svc.DismissSender(ctx, addr)
		return func() {
			if err != nil {
				u.e.fail("dismiss sender", err)
				return
			}
			u.load()
		}
	})
}
