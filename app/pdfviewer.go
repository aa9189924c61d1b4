package app

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// pdfViewer shows receipts in the system's PDF viewer: it writes the
// stored bytes to a private temporary folder, then asks the system to
// open the file. Receipts hold names and addresses: the folder is the
// user's only (0700) and is removed when the window closes.
type pdfViewer struct {
	mu   sync.Mutex
	dir  string // made on first use
	base string // where to make it; "" for the system's temporary folder
	// open asks the system to open a URL: fyne.App.OpenURL, or a
	// recorder in tests.
	open func(*url.URL) error
}

func newPDFViewer(open func(*url.URL) error) *pdfViewer {
	return &pdfViewer{open: open}
}

// write saves data under name in the viewer's folder and returns its
// path. It runs off the UI goroutine. A file already holding data is left
// as it is: the viewer may have it open, and Windows refuses to replace
// an open file.
func (v *pdfViewer) write(name string, data []byte) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.dir == "" {
		dir, err := os.MkdirTemp(v.base, "bureau-recus-")
		if err != nil {
			return "", fmt.Errorf("make folder for PDFs: %w", err)
		}
		v.dir = dir
	}
	path := filepath.Join(v.dir, filepath.Base(name))
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return path, nil
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}

// show opens the file or folder at path with the system's program.
func (v *pdfViewer) show(path string) error {
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err != nil {
		return fmt.Errorf("URL of %s: %w", path, err)
	}
	open := v.open
	if open == nil {
		open = fyne.CurrentApp().OpenURL
	}
	if err := open(u); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	return nil
}

// close removes the folder and the PDFs written in it.
func (v *pdfViewer) close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.dir == "" {
		return
	}
	if err := os.RemoveAll(v.dir); err != nil {
		slog.Warn("remove temporary PDFs", "dir", v.dir, "err", err)
	}
	v.dir = ""
}
