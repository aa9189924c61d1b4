package mail

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameBytes keeps names well under the 255-byte limit of common file
// systems, with room for a " (2)" suffix.
const maxNameBytes = 150

// reservedNames are the device names Windows refuses as file names,
// with or without an extension.
var reservedNames = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// extensions gives a file extension to unnamed parts of common types.
var extensions = map[string]string{
	"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
	"text/plain": ".txt", "text/html": ".html", "text/calendar": ".ics", "message/rfc822": ".eml",
	"application/zip": ".zip", "application/msword": ".doc",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"application/vnd.ms-excel": ".xls",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
	"application/vnd.oasis.opendocument.text":                           ".odt",
	"application/vnd.oasis.opendocument.spreadsheet":                    ".ods",
	"text/csv": ".csv", "text/vcard": ".vcf", "text/x-vcard": ".vcf",
}

// SafeFileName turns the name a sender gave an attachment into one that
// can be written in any folder on Windows, macOS and Linux: no folder
// part, no control or reserved characters, no device name, no leading
// dot, at most 150 bytes with its extension kept. An empty result
// becomes "piece-jointe-N" with an extension guessed from contentType.
func SafeFileName(name, contentType string, n int) string {
	name = norm.NFC.String(name)
	// Keep only the last element of any path, whatever the separator.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue // includes right-to-left overrides that disguise extensions
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.Join(strings.Fields(b.String()), " ")
	name = strings.TrimLeft(name, ". ")
	name = strings.TrimRight(name, ". ")
	stem := strings.ToLower(name)
	if i := strings.IndexByte(stem, '.'); i >= 0 {
		stem = stem[:i]
	}
	if reservedNames[strings.TrimSpace(stem)] {
		name = "_" + name
	}
	if name == "" {
		ext := extensions[strings.ToLower(contentType)]
		return fmt.Sprintf("piece-jointe-%d%s", n, ext)
	}
	if len(name) > maxNameBytes {
		ext := path.Ext(name)
		if len(ext) > 16 || !utf8.ValidString(ext) {
			ext = ""
		}
		name = truncateUTF8(name[:len(name)-len(ext)], maxNameBytes-len(ext)) + ext
	}
	return name
}

// UniqueNames makes names unique within one message, case-insensitively,
// by adding " (2)", " (3)"… before the extension.
func UniqueNames(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := make([]string, len(names))
	for i, n := range names {
		cand := n
		ext := path.Ext(n)
		stem := strings.TrimSuffix(n, ext)
		for k := 2; seen[strings.ToLower(cand)]; k++ {
			cand = fmt.Sprintf("%s (%d)%s", stem, k, ext)
		}
		seen[strings.ToLower(cand)] = true
		out[i] = cand
	}
	return out
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimRight(s[:n], ". ")
}
