package app

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/bureau-asso/bureau/internal/contact"
)

// pressScreen lists the press outlets: newspapers, radios, websites.
type pressScreen struct {
	*contactBrowser
}

func newPressScreen(e env, svc contactLister, debounce time.Duration) *pressScreen {
	return &pressScreen{newContactBrowser(e, svc, debounce,
		contact.Filter{Kind: contact.Organisation, OrgKind: contact.OrgPress}, browserTexts{
			title: lang.X("nav.press", "Presse"),
			empty: lang.X("press.empty", "Aucun média pour l'instant : journaux, radios et sites d'information apparaîtront ici."),
		}, nil)}
}
