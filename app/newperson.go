package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
)

// contactCreator saves new contacts; *contact.Service implements it.
type contactCreator interface {
	Create(ctx context.Context, c *contact.Contact) error
}

// newPersonForm is the small dialog of Ctrl+N that creates a person. The
// full contact form comes later.
type newPersonForm struct {
	e       env
	svc     contactCreator
	created func(id int64)

	first, last, email, city *formField
	status                   *widget.Label
	create                   *widget.Button
	dialog                   *dialog.CustomDialog
}

func showNewPerson(e env, svc contactCreator, created func(id int64)) *newPersonForm {
	f := &newPersonForm{e: e, svc: svc, created: created}
	f.first = newFormField("first_name", lang.X("person.first_name", "Prénom"), widget.NewEntry())
	f.last = newFormField("last_name", lang.X("person.last_name", "Nom"), widget.NewEntry())
	f.email = newFormField("emails", lang.X("person.email", "Courriel"), widget.NewEntry())
	f.email.entry.SetPlaceHolder("prenom.nom@exemple.fr")
	f.city = newFormField("city", lang.X("person.city", "Ville"), widget.NewEntry())
	f.status = wrapped("")
	f.status.Importance = widget.DangerImportance
	f.status.Hide()
	form := newFormGrid(f.last.row(), f.first.row(), f.email.row(), f.city.row())
	content := container.NewVBox(minWidth(460), form, f.status)

	f.dialog = dialog.NewCustomWithoutButtons(lang.X("person.title", "Nouvelle personne"), content, e.win)
	cancel := widget.NewButtonWithIcon(lang.X("action.cancel", "Annuler"), theme.CancelIcon(), f.dialog.Hide)
	f.create = widget.NewButtonWithIcon(lang.X("person.create", "Créer la fiche"), theme.ConfirmIcon(), f.submit)
	f.create.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, f.create})
	for _, ff := range []*formField{f.last, f.first, f.email, f.city} {
		ff.entry.OnSubmitted = func(string) { f.submit() }
	}
	f.dialog.Show()
	e.win.Canvas().Focus(f.last.entry)
	return f
}

// contact builds the person from the entries.
func (f *newPersonForm) contact() *contact.Contact {
	c := &contact.Contact{
		Kind:      contact.Person,
		FirstName: strings.TrimSpace(f.first.entry.Text),
		LastName:  strings.TrimSpace(f.last.entry.Text),
	}
	if e := strings.TrimSpace(f.email.entry.Text); e != "" {
		c.Emails = []contact.Email{{Address: e, Preferred: true}}
	}
	if city := strings.TrimSpace(f.city.entry.Text); city != "" {
		c.Addresses = []contact.Address{{City: city, Preferred: true}}
	}
	return c
}

// submit creates the person off the UI goroutine; errors go next to
// their fields.
func (f *newPersonForm) submit() {
	c := f.contact()
	f.create.Disable()
	ctx := f.e.ctx
	f.e.run(func() func() {
		err := f.svc.Create(ctx, c)
		return func() {
			f.create.Enable()
			byField, other := fieldErrors(err)
			for _, ff := range []*formField{f.last, f.first, f.email, f.city} {
				ff.setError(byField[ff.key])
			}
			switch {
			case err == nil:
				f.dialog.Hide()
				f.created(c.ID)
			case isInvalid(err):
				f.status.SetText(other)
				f.status.Hidden = other == ""
				f.status.Refresh()
			default:
				showError(f.e.win, "create person", err)
			}
		}
	})
}
