package receipt

import (
	"context"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/money"
)

// Figures are the counts behind the yearly declaration, for one period.
type Figures struct {
	// Receipts and Total follow the convention Bureau declares (R6.5 i):
	// valid receipts covering gifts received in the period, whatever their
	// date of issue, and the amount of those gifts.
	Receipts int
	Total    money.Cents
	// The same split by form.
	Individuals, Companies           int
	IndividualsTotal, CompaniesTotal money.Cents
	// Replacements counts the receipts among Receipts that replace a
	// cancelled one (each correction counted once).
	Replacements int
	// Cancelled counts the cancelled receipts covering gifts of the
	// period, left out.
	Cancelled int
	// IssuedReceipts and IssuedTotal are the other reading of the law
	// (R6.5 ii): valid receipts issued in the period, whatever the date of
	// their gifts. Shown for comparison.
	IssuedReceipts int
	IssuedTotal    money.Cents
}

// Declaration is what the association declares under art. 222 bis CGI
// for one financial year (R6.1–R6.5).
type Declaration struct {
	Year          int    // the year the financial year closes in
	From, To      string // the financial year, YYYY-MM-DD
	FiscalYearEnd string // "MM-DD"
	Figures
	// Convention states, in French, how the figures are counted.
	Convention string
	// Deadline is the last day to file, YYYY-MM-DD, and DeadlineRule the
	// rule that gives it, in French.
	Deadline     string
	DeadlineRule string
	// Where says where most associations file, in French (R6.3).
	Where string
}

// Declaration returns the figures of the declaration of gifts (art. 222
// bis CGI) for the financial year that closes in year: the amount of the
// gifts shown on receipts and the number of receipts, with the counting
// convention and the filing deadline.
func (s *Service) Declaration(ctx context.Context, year int) (Declaration, error) {
	if year < 2000 || year > 2999 {
		return Declaration{}, apperr.Invalid("receipt.year_invalid", fmt.Sprintf("L'année %d n'est pas valide. Indiquez l'année de clôture de l'exercice, par exemple 2026.", year))
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return Declaration{}, err
	}
	d := Declaration{Year: year, FiscalYearEnd: st.FiscalYearEnd}
	end := yearEnd(year, st.FiscalYearEnd)
	start := yearEnd(year-1, st.FiscalYearEnd).AddDate(0, 0, 1)
	d.From, d.To = start.Format(time.DateOnly), end.Format(time.DateOnly)
	if d.Figures, err = s.store.ReceiptFigures(ctx, d.From, d.To); err != nil {
		return d, fmt.Errorf("count receipts from %s to %s: %w", d.From, d.To, err)
	}
	rule := "date d'encaissement du don, ou de réception s'il n'a pas de date d'encaissement"
	if st.DateRule == Received {
		rule = "date de réception du don"
	}
	d.Convention = fmt.Sprintf("Sont comptés les reçus valides qui couvrent des dons reçus du %s au %s (%s, telle qu'imprimée sur le reçu), "+
		"quelle que soit leur date d'émission ; le montant est celui de ces dons. Les reçus annulés sont exclus ; "+
		"un reçu annulé et remplacé n'est compté qu'une fois, par le reçu qui le remplace. Les duplicatas ne sont pas de nouveaux reçus.",
		civildate.French(d.From), civildate.French(d.To), rule)
	dl, byMay := FilingDeadline(end)
	d.Deadline = dl.Format(time.DateOnly)
	if byMay {
		d.DeadlineRule = "exercice clos le 31 décembre : deuxième jour ouvré suivant le 1er mai"
	} else {
		d.DeadlineRule = "dans les trois mois suivant la clôture de l'exercice"
	}
	d.Where = "Sauf si l'association dépose une déclaration 2065-SD ou 2070-SD, la déclaration se fait en ligne sur demarches-simplifiees.fr (« Déclaration des dons »). Rien n'est dû si aucun reçu n'a été émis."
	return d, nil
}

// FilingDeadline returns the last day to file the declaration of gifts
// for a financial year closed on end (art. 222 bis CGI; receipts-law.md
// R6.4): within three months of the close, or, for a year closed on 31
// December, the second working day after 1 May of the next year, the date
// of the yearly tax return (3 May 2023, say). byMay reports the latter.
// Working days are Monday to Friday, public holidays of metropolitan
// France excluded.
func FilingDeadline(end time.Time) (deadline time.Time, byMay bool) {
	if end.Month() == time.December && end.Day() == 31 {
		d := time.Date(end.Year()+1, time.May, 1, 0, 0, 0, 0, time.UTC)
		for n := 0; n < 2; {
			d = d.AddDate(0, 0, 1)
			if workingDay(d) {
				n++
			}
		}
		return d, true
	}
	// Three months later, on the last day of the month when the day does
	// not exist (30 November → 28 or 29 February).
	y, m, day := end.Date()
	last := time.Date(y, m+4, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m+3, min(day, last), 0, 0, 0, 0, time.UTC), false
}

// workingDay reports a jour ouvré: Monday to Friday, not a public holiday.
func workingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !publicHoliday(d)
}

// publicHoliday reports the eleven public holidays of metropolitan France
// (code du travail, art. L. 3133-1). Alsace-Moselle's two more are left
// out: the deadline is the national one.
func publicHoliday(d time.Time) bool {
	y := d.Year()
	easter := easterSunday(y)
	for _, h := range []time.Time{
		time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC),
		easter.AddDate(0, 0, 1), // lundi de Pâques
		time.Date(y, time.May, 1, 0, 0, 0, 0, time.UTC),
		time.Date(y, time.May, 8, 0, 0, 0, 0, time.UTC),
		easter.AddDate(0, 0, 39), // Ascension
		easter.AddDate(0, 0, 50), // lundi de Pentecôte
		time.Date(y, time.July, 14, 0, 0, 0, 0, time.UTC),
		time.Date(y, time.August, 15, 0, 0, 0, 0, time.UTC),
		time.Date(y, time.November, 1, 0, 0, 0, 0, time.UTC),
		time.Date(y, time.November, 11, 0, 0, 0, 0, time.UTC),
		time.Date(y, time.December, 25, 0, 0, 0, 0, time.UTC),
	} {
		if h.Month() == d.Month() && h.Day() == d.Day() {
			return true
		}
	}
	return false
}

// easterSunday computes Easter in the Gregorian calendar (the anonymous
// algorithm of Meeus/Jones/Butcher).
func easterSunday(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}
