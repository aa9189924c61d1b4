package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/buildinfo"
	"github.com/bureau-asso/bureau/internal/paths"
)

// showAbout shows Bureau's version (as `bureau --version` prints it) and
// the folder of the user's data: what a volunteer reads out when asking
// for help, and what to copy when backing up or moving to a new computer.
func showAbout(w fyne.Window) {
	d := dialog.NewCustom(lang.X("menu.about", "À propos de Bureau"), lang.X("action.close", "Fermer"), aboutContent(), w)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// aboutContent is the body of the About dialog.
func aboutContent() fyne.CanvasObject {
	version := widget.NewLabel(lang.X("about.text", "Bureau {{.Version}} : contacts, dons et reçus fiscaux des associations.",
		map[string]any{"Version": buildinfo.Version()}))
	version.Wrapping = fyne.TextWrapWord
	dir, err := paths.DataDir()
	if err != nil {
		dir = err.Error()
	}
	folder := widget.NewLabel(dir)
	folder.Selectable = true // to copy it into the file explorer
	folder.Wrapping = fyne.TextWrapBreak
	folder.TextStyle = fyne.TextStyle{Monospace: true}
	backups := widget.NewLabel(lang.X("about.backups", "Bureau y fait chaque jour une sauvegarde automatique (dossier «\u00a0sauvegardes\u00a0»), sauf si un autre dossier est choisi dans Réglages. Pour changer d'ordinateur : copiez une sauvegarde, installez Bureau sur le nouvel ordinateur, puis restaurez-la."))
	backups.Wrapping = fyne.TextWrapWord
	return container.NewVBox(
		version,
		widget.NewLabel(lang.X("about.data_dir", "Vos données sont dans le dossier :")),
		folder,
		backups,
	)
}
