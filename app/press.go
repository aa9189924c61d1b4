package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/bureau-asso/bureau/internal/contact"
)

// pressContacts is what the press screen needs: its outlets and its
// lists; *contact.Service implements it.
type pressContacts interface {
	contactService
	pressService
}

// pressScreen has two tabs: the press outlets (newspapers, radios,
// websites) and the press lists.
type pressScreen struct {
	*contactBrowser
	lists   *pressLists
	tabs    *container.AppTabs
	content fyne.CanvasObject
}

func newPressScreen(e env, svc pressContacts, debounce time.Duration) *pressScreen {
	s := &pressScreen{contactBrowser: newContactBrowser(e, svc, debounce,
		contact.Filter{Kind: contact.Organisation, OrgKind: contact.OrgPress}, browserTexts{
			title: lang.X("nav.press", "Presse"),
			empty: lang.X("press.empty", "Aucun média pour l'instant : journaux, radios et sites d'information apparaîtront ici."),
		}, nil)}
	s.lists = newPressLists(e, svc)
	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("press.tab_outlets", "Médias"), s.body),
		container.NewTabItem(lang.X("press.tab_lists", "Listes"), s.lists.view()))
	s.content = screenPage(s.texts.title, s.tabs)
	return s
}

func (s *pressScreen) view() fyne.CanvasObject { return s.content }

// refresh reloads the outlets and the press lists.
func (s *pressScreen) refresh(done func()) {
	s.lists.refresh(nil)
	s.reload(done)
}

// showLists selects the « Listes » tab.
func (s *pressScreen) showLists() { s.tabs.SelectIndex(1) }
