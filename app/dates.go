package app

import (
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/textfold"
)

// dateField is a date typed jj/mm/aaaa, or chosen in a calendar, with
// its message under it. The domain stores dates as AAAA-MM-JJ.
type dateField struct {
	*formField
	date *widget.DateEntry
}

func newDateField(key, label string) *dateField {
	d := widget.NewDateEntry()
	d.SetPlaceHolder(lang.X("date.placeholder", "jj/mm/aaaa"))
	f := newField(key, label, d)
	f.entry = &d.Entry
	return &dateField{formField: f, date: d}
}

// set shows the stored date iso ("" for none).
func (d *dateField) set(iso string) { d.date.SetText(displayDate(iso)) }

// iso returns the typed date as stored, "" when empty; false and a
// message under the field when it is not a date.
func (d *dateField) iso() (string, bool) {
	v, ok := parseDate(d.date.Text)
	if !ok {
		d.setError(lang.X("date.invalid", "« {{.Text}} » n'est pas une date : écrivez-la jj/mm/aaaa, par exemple 14/07/2026.",
			map[string]any{"Text": strings.TrimSpace(d.date.Text)}))
	}
	return v, ok
}

// parseDate reads a date as French users type it, "14/07/2026",
// "14/7/26", or as stored, "2026-07-14", into "2026-07-14"; "" is no
// date.
func parseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	for _, layout := range []string{"2/1/2006", "2006-01-02", "2/1/06", "2.1.2006", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

// civilDate is the calendar date of t, as stored.
func civilDate(t time.Time) string { return t.Format(time.DateOnly) }

// fileSlug turns a name into a file name without accents, spaces or
// punctuation: "DUPONT Hélène" becomes "dupont-helene".
func fileSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range textfold.Fold(s) {
		if unicode.IsLetter(r) && r < 128 || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
