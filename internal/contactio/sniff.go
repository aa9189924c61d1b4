// Package contactio reads and writes contacts as CSV and vCard files: it
// detects a CSV file's delimiter and encoding, maps its columns to
// contact fields, validates every row, reads vCard 2.1, 3.0 and 4.0
// address books, writes CSV for French spreadsheets and vCard 3.0/4.0,
// and runs imports and exports through small store interfaces. It holds
// no SQL and imports neither the store nor Fyne.
package contactio

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Encodings that Sniff reports.
const (
	EncodingUTF8        = "utf-8"
	EncodingUTF8BOM     = "utf-8-bom"
	EncodingWindows1252 = "windows-1252" // what French Excel writes for "CSV (séparateur : point-virgule)"
	EncodingUTF16LE     = "utf-16le"     // Excel's "Texte Unicode"
	EncodingUTF16BE     = "utf-16be"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Format is how a CSV file is written.
type Format struct {
	Delimiter rune
	Encoding  string
}

// Sniff detects the encoding and the delimiter of a CSV file. A byte
// order mark decides the encoding; otherwise valid UTF-8 is UTF-8 and
// anything else is read as Windows-1252. The delimiter is the one of
// `;`, `,` and tab that appears the same number of times, outside
// quotes, on each of the first lines; `;` when none does.
func Sniff(data []byte) Format {
	f := Format{Encoding: sniffEncoding(data)}
	f.Delimiter = sniffDelimiter(Decode(data, f.Encoding))
	return f
}

func sniffEncoding(data []byte) string {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return EncodingUTF8BOM
	case bytes.HasPrefix(data, bomUTF16LE):
		return EncodingUTF16LE
	case bytes.HasPrefix(data, bomUTF16BE):
		return EncodingUTF16BE
	case utf8.Valid(data):
		return EncodingUTF8
	}
	return EncodingWindows1252
}

// Decode returns data as UTF-8 text, without its byte order mark, for an
// encoding reported by Sniff. Bytes that cannot be decoded become U+FFFD,
// so that a bad byte shows in the preview instead of stopping the import.
func Decode(data []byte, encoding string) string {
	switch encoding {
	case EncodingUTF8BOM:
		return string(data[len(bomUTF8):])
	case EncodingWindows1252:
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err == nil {
			return string(out)
		}
	case EncodingUTF16LE, EncodingUTF16BE:
		e := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
		if encoding == EncodingUTF16BE {
			e = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
		}
		out, err := e.NewDecoder().Bytes(data)
		if err == nil {
			return string(out)
		}
	}
	return strings.ToValidUTF8(string(data), "\uFFFD")
}

// sniffLines is how many records the delimiter is guessed from.
const sniffLines = 20

func sniffDelimiter(text string) rune {
	candidates := []rune{';', ',', '\t'}
	var records []map[rune]int
	counts := map[rune]int{}
	quoted := false
	for _, r := range text {
		switch {
		case r == '"':
			quoted = !quoted
		case r == '\n' && !quoted:
			if len(counts) > 0 { // blank lines say nothing
				records = append(records, counts)
			}
			counts = map[rune]int{}
		case !quoted && (r == ';' || r == ',' || r == '\t'):
			counts[r]++
		}
		if len(records) >= sniffLines {
			break
		}
	}
	if len(records) < sniffLines && len(counts) > 0 {
		records = append(records, counts)
	}
	if len(records) == 0 {
		return ';'
	}
	best, bestCount := rune(0), 0
	for _, c := range candidates {
		n := records[0][c]
		if n == 0 {
			continue
		}
		consistent := true
		for _, rec := range records[1:] {
			if rec[c] != n {
				consistent = false
				break
			}
		}
		if consistent && n > bestCount {
			best, bestCount = c, n
		}
	}
	if best != 0 {
		return best
	}
	// No candidate is consistent (ragged rows): take the most frequent
	// in the header.
	for _, c := range candidates {
		if n := records[0][c]; n > bestCount {
			best, bestCount = c, n
		}
	}
	if best == 0 {
		return ';'
	}
	return best
}
