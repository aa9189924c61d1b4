package app

import (
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contact"
)

// partnerKinds are the organisations that fund or support the
// association, in the order of the selector.
var partnerKinds = []contact.OrgKind{contact.OrgCompany, contact.OrgFoundation, contact.OrgPublicFunder, contact.OrgAssociation}

// partnersScreen lists sponsors, foundations, public funders and partner
// associations, one kind at a time.
type partnersScreen struct {
	*contactBrowser
	kind *widget.Select
}

func newPartnersScreen(e env, svc contactLister, debounce time.Duration) *partnersScreen {
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
	return s
}

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
