package app

import (
	"io"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// labelWith returns the first label under o whose text starts with
// prefix, or nil.
func labelWith(o fyne.CanvasObject, prefix string) *widget.Label {
	switch v := o.(type) {
	case *widget.Label:
		if strings.HasPrefix(v.Text, prefix) {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if l := labelWith(c, prefix); l != nil {
				return l
			}
		}
	case *tapCard:
		return labelWith(v.content, prefix)
	}
	return nil
}

// hasLabel reports whether a label under o starts with prefix.
func hasLabel(o fyne.CanvasObject, prefix string) bool { return labelWith(o, prefix) != nil }

func createFile(path string) (io.WriteCloser, error) { return os.Create(path) }

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
