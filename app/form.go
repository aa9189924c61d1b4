package app

import (
	"errors"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// formField is an entry (or another input) with its error message right
// under it. key is the apperr field name that the domain's validation uses.
type formField struct {
	key   string
	label string
	entry *widget.Entry // nil for another kind of input
	err   *widget.Label
	box   *fyne.Container
	// onChanged, if set, follows each change of the entry's text.
	onChanged func()
	// onResize, if set, lays out again what holds the field when its
	// message appears or goes: Fyne does not re-layout ancestors by itself,
	// and the message would draw over the next field.
	onResize func()
}

func newFormField(key, label string, entry *widget.Entry) *formField {
	return newFormFieldIn(key, label, entry, entry)
}

// newFormFieldIn is newFormField for an entry laid out inside input, for
// example beside its unit.
func newFormFieldIn(key, label string, entry *widget.Entry, input fyne.CanvasObject) *formField {
	f := newField(key, label, input)
	f.entry = entry
	entry.AlwaysShowValidationError = true
	// Typing fixes the field as far as the user can tell: the message goes
	// until the next save.
	entry.OnChanged = func(string) {
		f.setError("")
		if f.onChanged != nil {
			f.onChanged()
		}
	}
	return f
}

// newField puts an error message under input.
func newField(key, label string, input fyne.CanvasObject) *formField {
	f := &formField{key: key, label: label}
	f.err = wrapped("")
	f.err.Importance = widget.DangerImportance
	f.err.Hide()
	f.box = container.NewVBox(input, f.err)
	return f
}

// setError shows msg under the entry, or hides it when msg is "".
func (f *formField) setError(msg string) {
	if msg == "" {
		if f.err.Visible() {
			f.err.SetText("")
			f.err.Hide()
			if f.entry != nil {
				f.entry.SetValidationError(nil)
			}
			f.resized()
		}
		return
	}
	wasVisible := f.err.Visible()
	f.err.SetText(msg)
	f.err.Show()
	if f.entry != nil {
		f.entry.SetValidationError(errors.New(msg))
	}
	if !wasVisible {
		f.resized()
	}
}

// resized lays the field out again, then what holds it.
func (f *formField) resized() {
	f.box.Refresh()
	if f.onResize != nil {
		f.onResize()
	}
}

// message returns the error shown under the field, or "".
func (f *formField) message() string {
	if !f.err.Visible() {
		return ""
	}
	return f.err.Text
}

// isInvalid reports whether err is a validation error, shown next to
// fields rather than in a dialog.
func isInvalid(err error) bool {
	return errors.Is(err, apperr.ErrInvalid)
}

// gap is an invisible object h high, to space a box.
func gap(h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return r
}

// minWidth is an invisible object that keeps its container at least w wide.
func minWidth(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return r
}

// formRow is one row of a formGrid: a label and what it labels.
type formRow struct {
	label string
	obj   fyne.CanvasObject
}

// setFormRows fills grid, a container with a form layout, with rows.
// Unlike widget.Form, its rows can change after it is shown.
func setFormRows(grid *fyne.Container, rows ...formRow) {
	setFormRowsWidth(grid, labelWidth, rows...)
}

// setFormRowsWidth is setFormRows with labels at least width wide.
func setFormRowsWidth(grid *fyne.Container, width float32, rows ...formRow) {
	objs := make([]fyne.CanvasObject, 0, 2*len(rows))
	for _, r := range rows {
		l := widget.NewLabelWithStyle(r.label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		// The same label width in every grid lines the cards up.
		objs = append(objs, container.NewVBox(container.NewStack(minWidth(width), l)), r.obj)
	}
	grid.Objects = objs
	grid.Refresh()
}

// labelWidth is the least width of the labels of a form grid.
const labelWidth = 210

// newFormGrid returns a form-layout container holding rows.
func newFormGrid(rows ...formRow) *fyne.Container {
	grid := container.New(layout.NewFormLayout())
	setFormRows(grid, rows...)
	return grid
}

// row is the field as a row of a form grid.
func (f *formField) row() formRow {
	return formRow{f.label, f.box}
}
