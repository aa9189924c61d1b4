package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// giftFormHooks are what a gift form calls back.
type giftFormHooks struct {
	// saved follows a successful save.
	saved func(id int64)
}

// giftForm records a new gift or corrects one that no valid receipt
// covers, with the messages of validation next to the fields and the
// counterpart warnings before saving.
type giftForm struct {
	e     env
	svc   giftsServices
	hooks giftFormHooks
	orig  donation.Gift // ID 0 for a new gift

	donorID int64
	warnGen int
	// warned, if set, is called once after the service's warnings show
	// (smoke screenshots).
	warned func()

	donor                    *widget.Button
	newPerson, newOrg        *widget.Button
	donorField               *formField
	amount, counterparts     *formField
	received, cashed         *dateField
	method, nature, forme    *widget.Select
	methodField, natureField *formField
	formeField               *formField
	chequeNumber, bank       *formField
	description, valuation   *formField
	membership               *widget.Check
	counterpartsHelp         *widget.Label
	campaign                 *widget.SelectEntry
	campaignField            *formField
	reference, note          *formField
	warnings, status         *widget.Label
	grid                     *fyne.Container
	scroll                   *container.Scroll
	save                     *widget.Button
	dialog                   *dialog.CustomDialog

	// The last picker and contact form opened, for tests.
	picker      *contactPicker
	contactForm *contactForm
}

// showGiftForm opens the form of a new gift, or of g when g is not nil;
// donorName names g's donor, campaigns are offered in the campaign box.
func showGiftForm(e env, svc giftsServices, g *donation.Gift, donorName string, campaigns []string, hooks giftFormHooks) *giftForm {
	f := &giftForm{e: e, svc: svc, hooks: hooks}
	if g != nil {
		f.orig = *g
	}
	f.build(campaigns)
	f.fill(f.orig, donorName)

	title := lang.X("giftform.new", "Nouveau don")
	if f.orig.ID != 0 {
		title = lang.X("giftform.edit", "Modifier le don n° {{.ID}}", map[string]any{"ID": f.orig.ID})
	}
	f.status = wrapped("")
	f.status.Importance = widget.DangerImportance
	f.status.Hide()
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(f.grid, f.status)))
	f.dialog = dialog.NewCustomWithoutButtons(title, f.scroll, e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), f.dialog.Hide)
	f.save = widget.NewButtonWithIcon(lang.X("giftform.save", "Enregistrer le don"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, f.save})
	f.dialog.Resize(fyne.NewSize(820, 700))
	f.dialog.Show()
	if f.donorID == 0 {
		e.win.Canvas().Focus(nil)
	} else {
		e.win.Canvas().Focus(f.amount.entry)
	}
	f.updateWarnings()
	return f
}

// build makes the fields.
func (f *giftForm) build(campaigns []string) {
	entry := func(key, label, placeholder string) *formField {
		en := widget.NewEntry()
		en.SetPlaceHolder(placeholder)
		return newFormField(key, label, en)
	}
	euros := func(key, label, placeholder string) *formField {
		en := widget.NewEntry()
		en.SetPlaceHolder(placeholder)
		return newFormFieldIn(key, label, en, container.NewBorder(nil, nil, nil, widget.NewLabel("€"), en))
	}

	f.donor = widget.NewButtonWithIcon(lang.X("giftform.choose_donor", "Choisir le donateur…"), theme.SearchIcon(), f.chooseDonor)
	f.donor.Alignment = widget.ButtonAlignLeading
	f.newPerson = widget.NewButtonWithIcon(lang.X("giftform.new_person", "Nouvelle personne…"), theme.ContentAddIcon(),
		func() { f.createDonor(contact.Person) })
	f.newOrg = widget.NewButtonWithIcon(lang.X("giftform.new_org", "Nouvelle organisation…"), theme.ContentAddIcon(),
		func() { f.createDonor(contact.Organisation) })
	f.newPerson.Importance, f.newOrg.Importance = widget.LowImportance, widget.LowImportance
	f.donorField = newField("donor", lang.X("giftform.donor", "Donateur"),
		container.NewVBox(f.donor, container.NewHBox(f.newPerson, f.newOrg)))

	f.amount = euros("amount", lang.X("giftform.amount", "Montant"), lang.X("giftform.amount_ph", "par exemple 50 ou 1234,56"))
	f.amount.onChanged = f.updateWarnings
	f.received = newDateField("date_received", lang.X("giftform.received", "Date de réception"))
	// The date counts for the yearly cap of counterparts.
	f.received.date.OnChanged = func(*time.Time) { f.received.setError(""); f.updateWarnings() }
	f.cashed = newDateField("date_cashed", lang.X("giftform.cashed", "Date d'encaissement"))

	methods := make([]string, len(donation.Methods))
	for i, m := range donation.Methods {
		methods[i] = methodName(m)
	}
	f.method = widget.NewSelect(methods, func(string) { f.methodField.setError(""); f.relayout() })
	f.method.PlaceHolder = lang.X("form.choose", "Choisir…")
	f.methodField = newField("method", lang.X("giftform.method", "Mode de paiement"), f.method)
	f.chequeNumber = entry("cheque_number", lang.X("giftform.cheque_number", "N° du chèque"), "")
	f.bank = entry("bank", lang.X("giftform.bank", "Banque"), lang.X("giftform.bank_ph", "par exemple Crédit Agricole"))

	natures := make([]string, len(donation.Natures))
	for i, n := range donation.Natures {
		natures[i] = natureName(n)
	}
	f.nature = widget.NewSelect(natures, func(string) { f.natureField.setError(""); f.relayout() })
	f.natureField = newField("nature", lang.X("giftform.nature", "Nature du don"), f.nature)
	description := widget.NewMultiLineEntry()
	description.Wrapping = fyne.TextWrapWord
	description.SetMinRowsVisible(2)
	description.SetPlaceHolder(lang.X("giftform.description_ph", "ce qui a été donné : 3 ordinateurs portables, 200 kg de terreau…"))
	f.description = newFormField("description", lang.X("giftform.description", "Description"), description)
	f.valuation = entry("valuation_method", lang.X("giftform.valuation", "Méthode d'évaluation"),
		lang.X("giftform.valuation_ph", "facture, prix du marché, coût de revient…"))

	formes := make([]string, len(donation.Formes))
	for i, fo := range donation.Formes {
		formes[i] = formeName(fo)
	}
	f.forme = widget.NewSelect(formes, func(string) { f.formeField.setError("") })
	f.formeField = newField("forme", lang.X("giftform.forme", "Forme du don"), f.forme)

	f.membership = widget.NewCheck(lang.X("giftform.membership", "C'est une cotisation (adhésion)"), func(bool) {
		f.relayout()
		f.updateWarnings()
	})
	f.counterparts = euros("counterparts", lang.X("giftform.counterparts", "Valeur des contreparties"), "0")
	f.counterparts.onChanged = f.updateWarnings
	f.counterpartsHelp = wrapped("")
	f.counterpartsHelp.Importance = widget.LowImportance
	f.warnings = wrapped("")
	f.warnings.Importance = widget.WarningImportance
	f.warnings.Hide()

	f.campaign = widget.NewSelectEntry(campaigns)
	f.campaign.SetPlaceHolder(lang.X("giftform.campaign_ph", "choisissez ou tapez un nom de campagne"))
	f.campaignField = newField("campaign", lang.X("giftform.campaign", "Campagne"), f.campaign)
	f.campaignField.entry = &f.campaign.Entry
	f.reference = entry("reference", lang.X("giftform.reference", "Référence"),
		lang.X("giftform.reference_ph", "n° de transaction, de bordereau… (facultatif)"))
	note := widget.NewMultiLineEntry()
	note.Wrapping = fyne.TextWrapWord
	note.SetMinRowsVisible(2)
	f.note = newFormField("note", lang.X("giftform.note", "Note"), note)
	f.grid = container.New(layout.NewFormLayout())
}

// fill shows g in the fields.
func (f *giftForm) fill(g donation.Gift, donorName string) {
	if g.DonorID != 0 {
		f.setDonor(g.DonorID, donorName)
	}
	if g.Amount != 0 {
		f.amount.entry.SetText(g.Amount.Plain())
	}
	date := g.DateReceived
	if g.ID == 0 && date == "" {
		date = civilDate(f.e.now())
	}
	f.received.set(date)
	f.cashed.set(g.DateCashed)
	for i, m := range donation.Methods {
		if m == g.Method {
			f.method.SetSelectedIndex(i)
		}
	}
	f.chequeNumber.entry.SetText(g.ChequeNumber)
	f.bank.entry.SetText(g.Bank)
	f.nature.SetSelected(natureName(g.Nature))
	f.description.entry.SetText(g.Description)
	f.valuation.entry.SetText(g.ValuationMethod)
	f.forme.SetSelected(formeName(g.Forme))
	f.membership.SetChecked(g.Membership)
	if g.Counterparts != 0 {
		f.counterparts.entry.SetText(g.Counterparts.Plain())
	}
	f.campaign.SetText(g.Campaign)
	f.reference.entry.SetText(g.Reference)
	if g.ID != 0 {
		// The reference identifies where an imported gift came from: it
		// is not changed afterwards.
		f.reference.entry.Disable()
	}
	f.note.entry.SetText(g.Note)
	f.relayout()
}

// selectedMethod is the chosen method, "" for none.
func (f *giftForm) selectedMethod() donation.Method {
	if i := f.method.SelectedIndex(); i >= 0 {
		return donation.Methods[i]
	}
	return ""
}

func (f *giftForm) selectedNature() donation.Nature {
	if i := f.nature.SelectedIndex(); i >= 0 {
		return donation.Natures[i]
	}
	return donation.Numeraire
}

func (f *giftForm) selectedForme() donation.Forme {
	if i := f.forme.SelectedIndex(); i >= 0 {
		return donation.Formes[i]
	}
	return donation.DonManuel
}

// relayout shows the fields that apply: cheque number and bank for a
// cheque, description and valuation for a gift in kind, and names the
// counterparts after what they are.
func (f *giftForm) relayout() {
	if f.grid == nil {
		return
	}
	if f.membership.Checked {
		f.counterparts.label = lang.X("giftform.activity_part", "Part qui paie des activités")
		f.counterpartsHelp.SetText(lang.X("giftform.activity_help",
			"La part de la cotisation qui donne accès à des activités, des cours ou un bulletin n'est pas un don : le reçu ne portera que le reste. 0 si la cotisation ne donne droit à rien."))
	} else {
		f.counterparts.label = lang.X("giftform.counterparts", "Valeur des contreparties")
		f.counterpartsHelp.SetText(lang.X("giftform.counterparts_help",
			"Ce que le donateur reçoit en échange (objet, repas, place de spectacle…), à sa valeur de marché. 0 s'il ne reçoit rien."))
	}
	rows := []formRow{f.donorField.row(), f.amount.row(), f.received.row(), f.cashed.row(), f.methodField.row()}
	if f.selectedMethod() == donation.Cheque {
		rows = append(rows, f.chequeNumber.row(), f.bank.row())
	}
	rows = append(rows, f.natureField.row())
	if f.selectedNature() == donation.InKind {
		rows = append(rows, f.description.row(), f.valuation.row())
	}
	rows = append(rows, f.formeField.row(),
		formRow{"", f.membership},
		// The warnings show right under the counterparts they are about.
		formRow{f.counterparts.label, container.NewVBox(f.counterparts.box, f.warnings, f.counterpartsHelp)},
		f.campaignField.row(), f.reference.row(), f.note.row())
	setFormRowsWidth(f.grid, formLabelWidth+20, rows...)
	if f.scroll != nil {
		f.scroll.Refresh()
	}
}

// chooseDonor opens a picker of contacts.
func (f *giftForm) chooseDonor() {
	f.picker = showContactPicker(f.e, f.svc.contacts, pickerOptions{
		title:   lang.X("giftform.pick_title", "Choisir le donateur"),
		confirm: lang.X("giftform.pick", "Choisir"),
		help:    lang.X("giftform.pick_help", "Tapez une partie du nom, de la ville ou du courriel. Si le donateur n'a pas encore de fiche, annulez et cliquez sur « Nouvelle personne… »."),
		picked:  func(rows []contact.Row) { f.setDonor(rows[0].ID, rows[0].Name) },
	})
}

// createDonor opens the form of a new contact, who becomes the donor once
// saved.
func (f *giftForm) createDonor(k contact.Kind) {
	svc, ctx := f.svc.contacts, f.e.ctx
	f.contactForm = showContactForm(f.e, svc, k, nil, contactFormHooks{saved: func(id int64) {
		f.e.run(func() func() {
			c, err := svc.Get(ctx, id)
			return func() {
				if err != nil {
					f.e.fail("get new donor", err)
					return
				}
				f.setDonor(c.ID, c.DisplayName())
			}
		})
	}})
}

func (f *giftForm) setDonor(id int64, name string) {
	f.donorID = id
	f.donor.SetText(name)
	f.donor.SetIcon(theme.AccountIcon())
	f.donorField.setError("")
	f.updateWarnings()
}

// gift builds the gift from the fields, with the problems that only the
// form sees (amounts and dates that cannot be read), by field.
func (f *giftForm) gift() (donation.Gift, map[string]string) {
	problems := map[string]string{}
	g := f.orig
	g.DonorID = f.donorID
	g.Amount = 0
	if a, err := money.Parse(f.amount.entry.Text); err != nil {
		if strings.TrimSpace(f.amount.entry.Text) == "" {
			problems["amount"] = lang.X("giftform.amount_missing", "Indiquez le montant du don, par exemple 50 ou 1234,56.")
		} else {
			problems["amount"] = userMessage(err)
		}
	} else {
		g.Amount = a
	}
	g.Counterparts = 0
	if s := strings.TrimSpace(f.counterparts.entry.Text); s != "" {
		if c, err := money.Parse(s); err != nil {
			problems["counterparts"] = userMessage(err)
		} else {
			g.Counterparts = c
		}
	}
	var ok bool
	if g.DateReceived, ok = parseDate(f.received.date.Text); !ok {
		problems["date_received"] = badDate(f.received.date.Text)
	} else if g.DateReceived == "" {
		problems["date_received"] = lang.X("giftform.received_missing", "Indiquez la date à laquelle le don a été reçu, jj/mm/aaaa.")
	}
	if g.DateCashed, ok = parseDate(f.cashed.date.Text); !ok {
		problems["date_cashed"] = badDate(f.cashed.date.Text)
	}
	g.Method = f.selectedMethod()
	if g.Method == "" {
		problems["method"] = lang.X("giftform.method_missing", "Choisissez le mode de paiement.")
	}
	g.ChequeNumber, g.Bank = "", ""
	if g.Method == donation.Cheque {
		g.ChequeNumber = strings.TrimSpace(f.chequeNumber.entry.Text)
		g.Bank = strings.TrimSpace(f.bank.entry.Text)
	}
	g.Nature = f.selectedNature()
	g.Description, g.ValuationMethod = "", ""
	if g.Nature == donation.InKind {
		g.Description = strings.TrimSpace(f.description.entry.Text)
		g.ValuationMethod = strings.TrimSpace(f.valuation.entry.Text)
	}
	g.Forme = f.selectedForme()
	g.Membership = f.membership.Checked
	g.Campaign = strings.Join(strings.Fields(f.campaign.Text), " ")
	if g.ID == 0 {
		g.Source = donation.SourceManual
		g.Reference = strings.TrimSpace(f.reference.entry.Text)
	}
	g.Note = strings.TrimSpace(f.note.entry.Text)
	return g, problems
}

func badDate(text string) string {
	return lang.X("date.invalid", "« {{.Text}} » n'est pas une date : écrivez-la jj/mm/aaaa, par exemple 14/07/2026.",
		map[string]any{"Text": strings.TrimSpace(text)})
}

// fields are the fields that show messages, by apperr field.
func (f *giftForm) fields() []*formField {
	return []*formField{f.donorField, f.amount, f.received.formField, f.cashed.formField, f.methodField,
		f.chequeNumber, f.bank, f.natureField, f.description, f.valuation, f.formeField, f.counterparts,
		f.campaignField, f.reference, f.note}
}

// showErrors puts each message of err and of problems next to its field
// and reports whether there was any.
func (f *giftForm) showErrors(err error, problems map[string]string) bool {
	byField, other := fieldErrors(err)
	for k, v := range problems {
		byField[k] = v // the form's message is about what was typed
	}
	var rest []string
	if other != "" {
		rest = append(rest, other)
	}
	for _, ff := range f.fields() {
		ff.setError(byField[ff.key])
		delete(byField, ff.key)
	}
	for _, msg := range byField {
		rest = append(rest, msg)
	}
	f.status.SetText(strings.Join(rest, "\n"))
	f.status.Hidden = len(rest) == 0
	f.scroll.Refresh()
	return len(problems) > 0 || err != nil
}

// updateWarnings asks the service whether the counterparts break the
// 25 % rule or the yearly cap, and shows its sentences in orange. They do
// not prevent saving: the gift may still be recorded, without receipt.
func (f *giftForm) updateWarnings() {
	if f.scroll == nil {
		return // being built: showGiftForm asks once it is shown
	}
	g, problems := f.gift()
	f.warnGen++
	gen := f.warnGen
	if g.DonorID == 0 || problems["amount"] != "" || problems["counterparts"] != "" || problems["date_received"] != "" || g.Counterparts <= 0 {
		f.showWarnings(nil)
		return
	}
	ctx, svc := f.e.ctx, f.svc.gifts
	f.e.run(func() func() {
		ws, err := svc.CounterpartWarnings(ctx, g)
		return func() {
			if gen != f.warnGen {
				return
			}
			if err != nil && !isInvalid(err) {
				f.e.fail("counterpart warnings", err)
				return
			}
			f.showWarnings(ws)
			if w := f.warned; w != nil {
				f.warned = nil
				w()
			}
		}
	})
}

func (f *giftForm) showWarnings(ws []string) {
	if len(ws) == 0 {
		if f.warnings.Visible() {
			f.warnings.SetText("")
			f.warnings.Hide()
			f.scroll.Refresh()
		}
		return
	}
	f.warnings.SetText(strings.Join(ws, "\n"))
	f.warnings.Show()
	f.scroll.Refresh()
}

// submit checks the fields, then saves off the UI goroutine.
func (f *giftForm) submit() {
	g, problems := f.gift()
	if f.showErrors(g.Validate(), problems) {
		return
	}
	f.save.Disable()
	ctx, svc := f.e.ctx, f.svc.gifts
	f.e.run(func() func() {
		var err error
		if g.ID == 0 {
			err = svc.CreateGift(ctx, &g)
		} else {
			err = svc.UpdateGift(ctx, &g)
		}
		return func() {
			f.save.Enable()
			switch {
			case err == nil:
				f.dialog.Hide()
				if f.hooks.saved != nil {
					f.hooks.saved(g.ID)
				}
			case isInvalid(err):
				f.showErrors(err, nil)
			case apperr.Is(err):
				// A receipt issued meanwhile, a reference already used…:
				// the message says what to do.
				f.showErrors(err, nil)
			default:
				f.e.fail("save gift", err)
			}
		}
	})
}
