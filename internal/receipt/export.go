package receipt

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// tmpPrefix starts the names of files being written: they are renamed
// when complete, so a crash never leaves a truncated PDF under a final
// name, and the next export removes them.
const tmpPrefix = ".bureau-tmp-"

// ExportResult reports an export to a folder.
type ExportResult struct {
	Dir string
	// Files counts the receipts in the folder; Written those written now
	// (the others were already there, identical).
	Files, Written int
	// Merged is the path of the PDF that holds all of them, for printing.
	Merged string
}

// Export writes every receipt f selects into dir, as stored: one PDF per
// receipt, named after its number and donor (FileName), and one merged PDF
// for printing, named after the first and last numbers. Files are written
// to a temporary name and renamed, so an interrupted export can simply be
// run again.
func (s *Service) Export(ctx context.Context, f Filter, dir string) (ExportResult, error) {
	res := ExportResult{Dir: dir}
	if err := prepareDir(dir); err != nil {
		return res, err
	}
	tmp, err := os.CreateTemp(dir, tmpPrefix+"*.pdf")
	if err != nil {
		return res, writeError(dir, err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	m := newMerger(tmp)
	var first, last string
	err = s.store.EachReceiptDocument(ctx, f, func(r Row, pdf []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		written, err := writeFileAtomic(filepath.Join(dir, FileName(r)), pdf)
		if err != nil {
			return err
		}
		res.Files++
		if written {
			res.Written++
		}
		if first == "" {
			first = r.Number
		}
		last = r.Number
		if err := m.Add(pdf); err != nil {
			return fmt.Errorf("merge receipt %s: %w", r.Number, err)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	if res.Files == 0 {
		return res, nil
	}
	if err := m.Close(); err != nil {
		return res, writeError(dir, err)
	}
	if err := tmp.Sync(); err != nil {
		return res, writeError(dir, err)
	}
	if err := tmp.Close(); err != nil {
		return res, writeError(dir, err)
	}
	name := fmt.Sprintf("impression-recus-%s.pdf", first)
	if last != first {
		name = fmt.Sprintf("impression-recus-%s-a-%s.pdf", first, last)
	}
	res.Merged = filepath.Join(dir, name)
	if err := os.Rename(tmp.Name(), res.Merged); err != nil {
		return res, writeError(dir, err)
	}
	syncDir(dir)
	return res, nil
}

// FileName names the PDF of a receipt: recu-2026-00001-DUPONT-Marie.pdf.
// Only ASCII letters, digits and hyphens: the name survives every file
// system, email attachment and USB stick.
func FileName(r Row) string {
	name := safeName(r.DonorName)
	if name == "" {
		return "recu-" + r.Number + ".pdf"
	}
	return "recu-" + r.Number + "-" + name + ".pdf"
}

var ligatures = strings.NewReplacer("œ", "oe", "Œ", "OE", "æ", "ae", "Æ", "AE", "ß", "ss")

// safeName keeps the ASCII letters and digits of s, accents removed,
// with one hyphen for any run of other characters, at most 40 bytes.
func safeName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(ligatures.Replace(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.Trim(b.String()[:min(b.Len(), 40)], "-")
}

// prepareDir creates dir and removes the temporary files an interrupted
// export left there. Receipts hold names and addresses: the folder is
// private to the user, like the files (os.CreateTemp makes them 0600).
func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return writeError(dir, err)
	}
	stale, _ := filepath.Glob(filepath.Join(dir, tmpPrefix+"*"))
	for _, f := range stale {
		os.Remove(f)
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file renamed
// into place, unless path already holds exactly data. It reports whether
// it wrote. A killed process leaves a complete file or none; the file is
// not synced one by one (thousands of fsync calls would take longer than
// the run): after a power cut the next export compares every file with
// the database, which stays the reference, and rewrites what differs.
func writeFileAtomic(path string, data []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, tmpPrefix+"*.pdf")
	if err != nil {
		return false, writeError(dir, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return false, writeError(dir, err)
	}
	return true, nil
}

// syncDir makes the renames in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func writeError(dir string, err error) error {
	return apperr.Unavailable("receipt.export_write", fmt.Sprintf(
		"Impossible d'écrire les reçus dans le dossier %s. Vérifiez qu'il existe, que vous pouvez y écrire et que le disque n'est pas plein, puis relancez : les reçus déjà émis ne seront pas émis de nouveau.", dir), err)
}
