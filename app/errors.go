package app

import (
	"errors"
	"log/slog"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// userMessage is what a user reads about err: every message of an
// apperr.Multi, the message of an *apperr.Error, or a pointer to the log.
// Domain messages are French only for now: they carry a key for a later
// translation.
func userMessage(err error) string {
	var m apperr.Multi
	if errors.As(err, &m) {
		msgs := make([]string, len(m))
		for i, e := range m {
			msgs[i] = e.Message
		}
		return strings.Join(msgs, "\n")
	}
	if apperr.Is(err) {
		return apperr.Message(err)
	}
	return lang.X("error.internal", "Erreur interne : le détail est dans le journal.")
}

// fieldErrors sorts the user errors of err by form field. Errors without
// a field are returned apart, as one message.
func fieldErrors(err error) (byField map[string]string, other string) {
	byField = map[string]string{}
	if err == nil {
		return byField, ""
	}
	var list []*apperr.Error
	var m apperr.Multi
	var e *apperr.Error
	switch {
	case errors.As(err, &m):
		list = m
	case errors.As(err, &e):
		list = []*apperr.Error{e}
	default:
		return byField, userMessage(err)
	}
	var rest []string
	for _, e := range list {
		if e.Field == "" {
			rest = append(rest, e.Message)
			continue
		}
		if _, dup := byField[e.Field]; !dup {
			byField[e.Field] = e.Message
		}
	}
	return byField, strings.Join(rest, "\n")
}

// showError logs err with its full chain and shows the user's message in
// a dialog over w. what says in English what was being done, for the log.
func showError(w fyne.Window, what string, err error) {
	slog.Error(what, "err", err)
	dialog.NewError(errors.New(userMessage(err)), w).Show()
}

// dbErrorView explains why the database could not be opened, with a
// button to quit. Nothing was created or changed (store.Open refuses
// before writing).
func dbErrorView(err error, quit func()) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(lang.X("dberror.title", "Bureau ne peut pas ouvrir la base de données"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord
	msg := widget.NewLabel(userMessage(err))
	msg.Wrapping = fyne.TextWrapWord
	note := widget.NewLabel(lang.X("dberror.nothing_changed",
		"Aucun fichier n'a été créé ni modifié. Quittez Bureau, corrigez le problème indiqué ci-dessus, puis relancez-le."))
	note.Wrapping = fyne.TextWrapWord
	btn := widget.NewButtonWithIcon(lang.X("action.quit", "Quitter"), theme.LogoutIcon(), quit)
	btn.Importance = widget.HighImportance
	icon := widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))
	body := container.NewBorder(nil, nil, container.NewVBox(icon), nil,
		container.NewVBox(title, msg, note, container.NewHBox(btn)))
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(620, 260), body))
}
