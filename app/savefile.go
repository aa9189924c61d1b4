package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// saveProduced asks where to save a file named name, then produces its
// content off the UI goroutine and writes it. saved, if set, follows on
// the UI goroutine once the file is written.
func saveProduced(e env, what, name string, produce func() ([]byte, error), saved func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			e.fail(what, err)
			return
		}
		if w == nil {
			return // cancelled
		}
		e.run(func() func() {
			b, err := produce()
			if err == nil {
				_, err = w.Write(b)
			}
			if cerr := w.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close %s: %w", w.URI().Path(), cerr)
			}
			return func() {
				if err != nil {
					e.fail(what, err)
					return
				}
				if saved != nil {
					saved(w.URI().Path())
				}
			}
		})
	}, e.win)
	d.SetFileName(name)
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}
