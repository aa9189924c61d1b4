package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
)

// partnerKinds are the organisations that fund or support the
// association, in the order of the selector.
var partnerKinds = []contact.OrgKind{contact.OrgCompany, contact.OrgFoundation, contact.OrgPublicFunder, contact.OrgAssociation}

// partnersScreen has two tabs: the sponsors, foundations, public funders
// and partner associations, one kind at a time, and the sponsorship
// board.
type partnersScreen struct {
	*contactBrowser
	kind    *widget.Select
	board   *sponsorBoard
	tabs    *container.AppTabs
	content fyne.CanvasObject
}

func newPartnersScreen(e env, svc contactService, sponsors sponsorService, debounce time.Duration) *partnersScreen {
	s := &partnersScreen{}
	labels := make([]string, len(partnerKinds))
	for i, k := range partnerKinds {
		labels[i] = partnerKindLabel(k)
	}
	s.kind = widget.NewSelect(labels, nil)
	s.kind.SetSelected(labels[0])
	s.contactBrowser = newContactBrowser(e, svc, debounce,
		contact.Filter{Kind: contact.Organisation, OrgKind: partnerKinds[0]}, browserTexts{
			title: lang.X("nav.partners", "Partenaires & mécènes"),
			empty: lang.X("partners.empty", "Aucune organisation de ce type pour l'instant."),
		}, s.kind)
	s.kind.OnChanged = func(v string) {
		for i, l := range labels {
			if l == v {
				s.base.OrgKind = partnerKinds[i]
			}
		}
		s.reload(nil)
	}
	s.board = newSponsorBoard(e, sponsors, svc)
	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.X("partners.tab_orgs", "Organisations"), s.body),
		container.NewTabItem(lang.X("partners.tab_board", "Mécénat"), s.board.view()))
	s.content = screenPage(s.texts.title, s.tabs)
	return s
}

func (s *partnersScreen) view() fyne.CanvasObject { return s.content }

// refresh reloads the list and the board.
func (s *partnersScreen) refresh(done func()) {
	s.board.refresh(nil)
	s.reload(done)
}

// showBoard selects the « Mécénat » tab.
func (s *partnersScreen) showBoard() { s.tabs.SelectIndex(1) }

// partnerKindLabel names a kind of partner in the plural, for the selector.
func partnerKindLabel(k contact.OrgKind) string {
	switch k {
	case contact.OrgCompany:
		return lang.X("partners.companies", "Entreprises (mécènes)")
	case contact.OrgFoundation:
		return lang.X("partners.foundations", "Fondations")
	case contact.OrgPublicFunder:
		return lang.X("partners.public_funders", "Financeurs publics")
	default:
		return lang.X("partners.associations", "Associations partenaires")
	}
}
