package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// placeholder is a screen that is not built yet: it says what it will do
// and that it comes in a next version, with no fake data and no button.
type placeholder struct {
	content fyne.CanvasObject
}

func newPlaceholder(title, body string) *placeholder {
	text := widget.NewLabel(body)
	text.Wrapping = fyne.TextWrapWord
	soon := widget.NewLabelWithStyle(lang.X("placeholder.soon", "Cet écran arrive dans une prochaine version de Bureau."),
		fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	soon.Wrapping = fyne.TextWrapWord
	card := widget.NewCard("", "", container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil,
		container.NewVBox(text, soon)))
	return &placeholder{content: screenPage(title, container.NewVBox(card))}
}

func (p *placeholder) view() fyne.CanvasObject { return p.content }

func (p *placeholder) refresh(done func()) { done() }

// screenPage lays out a screen: its title above its body, with margins.
func screenPage(title string, body fyne.CanvasObject) fyne.CanvasObject {
	return container.NewPadded(container.NewBorder(heading(title), nil, nil, nil, body))
}

// heading is the title of a screen.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

// subheading titles a part of a screen.
func subheading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// wrapped is a label that wraps at word boundaries.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
