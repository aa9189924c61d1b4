package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// welcome is shown on a first run (empty database): two big choices.
type welcome struct {
	content    fyne.CanvasObject
	fill, demo *widget.Button
}

// newWelcome builds the welcome view. fill leads to the association's
// settings; openDemo opens the separate demonstration database, offered
// only when withDemo.
func newWelcome(withDemo bool, fill, openDemo func()) *welcome {
	w := &welcome{}
	logo := canvas.NewImageFromResource(appIcon())
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(88))
	title := heading(lang.X("welcome.title", "Bienvenue dans Bureau"))
	title.Alignment = fyne.TextAlignCenter
	intro := wrapped(lang.X("welcome.intro",
		"Bureau tient les contacts, les partenaires, les dons et les reçus fiscaux de votre association. Par quoi voulez-vous commencer ?"))
	intro.Alignment = fyne.TextAlignCenter

	w.fill = bigButton(lang.X("welcome.fill", "Renseigner mon association"), theme.DocumentCreateIcon(), fill)
	w.fill.Importance = widget.HighImportance
	choices := []fyne.CanvasObject{choice(w.fill, lang.X("welcome.fill_help",
		"Saisissez le nom, l'adresse et le numéro SIREN ou RNA de votre association : ils figureront sur chaque reçu fiscal."))}
	if withDemo {
		w.demo = bigButton(lang.X("welcome.demo", "Découvrir avec une démonstration"), theme.MediaPlayIcon(), openDemo)
		choices = append(choices, choice(w.demo, lang.X("welcome.demo_help",
			"Ouvrez une association fictive remplie d'exemples, dans une base à part : vos propres données ne sont jamais mélangées aux exemples.")))
	}
	body := container.NewVBox(
		container.NewCenter(logo), title, intro, widget.NewLabel(""),
		container.NewGridWithColumns(len(choices), choices...),
	)
	w.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(760, body.MinSize().Height+160), body))
	return w
}

// bigButton is a button for the welcome's choices; choice makes it tall.
func bigButton(label string, icon fyne.Resource, tapped func()) *widget.Button {
	return widget.NewButtonWithIcon(label, icon, tapped)
}

// choice is a big button above the sentence that explains it.
func choice(b *widget.Button, help string) fyne.CanvasObject {
	tall := container.NewGridWrap(fyne.NewSize(340, 64), b)
	text := wrapped(help)
	text.Alignment = fyne.TextAlignCenter
	// The gap keeps the button's shadow off the text.
	return container.NewVBox(container.NewCenter(tall), gap(10), text)
}
