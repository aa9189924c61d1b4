package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"github.com/bureau-asso/bureau/assets"
)

// Receipts are drawn with DejaVu Sans, embedded in every PDF, in one of
// two ways:
//
//   - WinAnsi (the fast path): a subset of the font holding the 218
//     characters of Windows-1252 (all of French, « » € œ and U+00A0
//     included) is embedded as a simple TrueType font. It is built once per
//     process; each document then costs fpdf a JSON decode of 256 widths
//     and a copy of the precompressed font.
//   - Unicode (the fallback): the whole font through AddUTF8FontFromBytes,
//     used only for a document whose text has a character outside
//     Windows-1252 (a donor named Łukasz, say). fpdf parses both fonts
//     again for every document, which makes a receipt about ten times
//     slower (BenchmarkAnnualReceiptUnicode): it keeps the parsed font in
//     unexported fields, so nothing can share it between documents, and
//     AddUTF8FontFromBytes hashes a JSON dump of a 65 536-entry width table
//     (def.go generateFontID) and writes a 128 KiB CIDToGIDMap for every
//     font of every document.
//
// Both ways print the same glyphs with the same widths, so a receipt lays
// out the same on either path.
const (
	fontFamily  = "dejavu"
	regularFile = "fonts/DejaVuSans.ttf"
	boldFile    = "fonts/DejaVuSans-Bold.ttf"
)

// nbspDiff names the glyph of byte 0xA0 "nbspace" (U+00A0, the character
// Bureau wrote) where WinAnsiEncoding says "space". poppler's pdftotext
// prints a plain space for U+00A0 on both font paths anyway.
const nbspDiff = "160 /nbspace"

// winAnsiFont is a font definition for fpdf.AddFontFromBytes: the JSON that
// fpdf's makefont would write, and the zlib-compressed TrueType subset.
type winAnsiFont struct {
	def, z []byte
}

// fontSet holds what documents share: the WinAnsi fonts, built once, and
// the TrueType files for the Unicode path. All of it is read-only.
type fontSet struct {
	regular, bold       winAnsiFont
	regularTTF, boldTTF []byte
}

var fonts = sync.OnceValues(func() (*fontSet, error) {
	return buildFonts(assets.Fonts)
})

func buildFonts(fsys fs.FS) (*fontSet, error) {
	var s fontSet
	var err error
	if s.regularTTF, err = fs.ReadFile(fsys, regularFile); err != nil {
		return nil, err
	}
	if s.boldTTF, err = fs.ReadFile(fsys, boldFile); err != nil {
		return nil, err
	}
	// A subset tag (six capitals and "+") tells viewers the embedded font
	// is not the whole of DejaVu Sans (PDF 32000-1 §9.6.4).
	if s.regular, err = buildWinAnsi(s.regularTTF, "BURWAR+DejaVuSans"); err != nil {
		return nil, fmt.Errorf("build %s: %w", regularFile, err)
	}
	if s.bold, err = buildWinAnsi(s.boldTTF, "BURWAB+DejaVuSans-Bold"); err != nil {
		return nil, fmt.Errorf("build %s: %w", boldFile, err)
	}
	return &s, nil
}

// buildWinAnsi cuts ttf down to the Windows-1252 characters and describes
// the result the way fpdf.MakeFont would, without the files MakeFont needs.
// fonts_internal_test.go checks the two agree.
func buildWinAnsi(ttf []byte, name string) (winAnsiFont, error) {
	var cutset strings.Builder
	for c := 0x20; c < 0x100; c++ {
		if r, ok := winAnsiRune(byte(c)); ok {
			cutset.WriteRune(r)
		}
	}
	sub := fpdf.UTF8CutFont(ttf, cutset.String())

	// Measure each character with fpdf itself: at 1000 pt in a point-based
	// document, a string's width is its width in font units per 1000 em.
	p := fpdf.New("P", "pt", "A4", "")
	p.AddUTF8FontFromBytes("m", "", sub)
	p.SetFont("m", "", 1000)
	if err := p.Error(); err != nil {
		return winAnsiFont{}, err
	}
	desc := p.GetFontDesc("m", "")
	cw := make([]int, 256)
	for c := range cw {
		cw[c] = desc.MissingWidth
		if r, ok := winAnsiRune(byte(c)); ok && c >= 0x20 {
			cw[c] = int(math.Round(p.GetStringWidth(string(r))))
		}
	}
	if cw['A'] == 0 {
		return winAnsiFont{}, fmt.Errorf("no width for A: the font did not parse")
	}
	upos, uthick, err := underline(ttf)
	if err != nil {
		return winAnsiFont{}, err
	}
	// Flags (PDF 32000-1 §9.8.2): a WinAnsi text font is nonsymbolic (32),
	// where the Unicode path declares it symbolic (4).
	desc.Flags = desc.Flags&^4 | 32

	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	if _, err := w.Write(sub); err != nil {
		return winAnsiFont{}, err
	}
	if err := w.Close(); err != nil {
		return winAnsiFont{}, err
	}
	// The fields of fpdf's font definition files (def.go fontDefType).
	def, err := json.Marshal(struct {
		Tp           string
		Name         string
		Desc         fpdf.FontDescType
		Up, Ut       int
		Cw           []int
		Enc          string
		Diff         string
		File         string
		Size1, Size2 int
		OriginalSize int
	}{
		Tp: "TrueType", Name: name, Desc: desc, Up: upos, Ut: uthick, Cw: cw,
		Enc: "cp1252", Diff: nbspDiff, File: name + ".z", OriginalSize: len(sub),
	})
	if err != nil {
		return winAnsiFont{}, err
	}
	return winAnsiFont{def: def, z: z.Bytes()}, nil
}

// underline reads the underline position and thickness of a TrueType font,
// in thousandths of an em, from its head and post tables.
func underline(ttf []byte) (pos, thick int, err error) {
	table := func(tag string) []byte {
		if len(ttf) < 12 {
			return nil
		}
		n := int(binary.BigEndian.Uint16(ttf[4:]))
		for i := range n {
			rec := 12 + 16*i
			if rec+16 > len(ttf) {
				return nil
			}
			if string(ttf[rec:rec+4]) == tag {
				off := int(binary.BigEndian.Uint32(ttf[rec+8:]))
				size := int(binary.BigEndian.Uint32(ttf[rec+12:]))
				if off+size > len(ttf) {
					return nil
				}
				return ttf[off : off+size]
			}
		}
		return nil
	}
	head, post := table("head"), table("post")
	if len(head) < 20 || len(post) < 12 {
		return 0, 0, fmt.Errorf("no head or post table")
	}
	em := float64(binary.BigEndian.Uint16(head[18:]))
	k := 1000 / em
	pos = int(math.Round(k * float64(int16(binary.BigEndian.Uint16(post[8:])))))
	thick = int(math.Round(k * float64(int16(binary.BigEndian.Uint16(post[10:])))))
	return pos, thick, nil
}

// addFonts registers the regular and bold faces on p, WinAnsi or Unicode.
func (s *fontSet) addFonts(p *fpdf.Fpdf, unicode bool) {
	if unicode {
		p.AddUTF8FontFromBytes(fontFamily, "", s.regularTTF)
		p.AddUTF8FontFromBytes(fontFamily, "B", s.boldTTF)
		return
	}
	p.AddFontFromBytes(fontFamily, "", s.regular.def, s.regular.z)
	p.AddFontFromBytes(fontFamily, "B", s.bold.def, s.bold.z)
}

// cp1252High maps the bytes 0x80–0x9F of Windows-1252 (PDF's
// WinAnsiEncoding) to Unicode; 0 marks the five unused bytes. The other
// bytes from 0x20 up are Latin-1, whose byte equals its code point.
var cp1252High = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// winAnsiRune returns the character of byte c in Windows-1252.
func winAnsiRune(c byte) (rune, bool) {
	switch {
	case c >= 0x80 && c < 0xa0:
		r := cp1252High[c-0x80]
		return r, r != 0
	case c >= 0x20 && c != 0x7f:
		return rune(c), true
	}
	return 0, false
}

// winAnsiByte returns the Windows-1252 byte of r.
func winAnsiByte(r rune) (byte, bool) {
	switch {
	case r >= 0x20 && r < 0x7f, r >= 0xa0 && r <= 0xff:
		return byte(r), true
	case r > 0xff:
		for i, h := range cp1252High {
			if h == r {
				return byte(0x80 + i), true
			}
		}
	}
	return 0, false
}
