package receipt

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/money"
)

// Keys of the settings that receipts read (table setting).
const (
	// SettingSpelling spells amounts in words: "traditionnelle" (default)
	// or "1990" (rectified spelling, receipts-law.md R9.6).
	SettingSpelling = "receipts.spelling"
	// SettingDateRule picks the date a gift counts for: "cashed" (default)
	// or "received" (R4.3).
	SettingDateRule = "receipts.date_rule"
	// SettingArticle978 ticks « 978 du CGI » (IFI) as well as 200 on the
	// receipts of individuals, for gifts in cash or listed shares, when the
	// association's category allows it (R1.11a, R1.11b): "non" (default)
	// or "oui".
	SettingArticle978 = "receipts.article_978"
	// SettingFiscalYearEnd is the association's fiscal-year end, "MM-DD"
	// (default "12-31"); it sets the period and the deadline of the yearly
	// declaration (R6.1, R6.4).
	SettingFiscalYearEnd = "association.fiscal_year_end"
)

// Spelling values as stored.
const (
	spellingTraditional = "traditionnelle"
	spelling1990        = "1990"
)

// Settings are the receipt settings in force.
type Settings struct {
	Spelling      money.Spelling
	DateRule      DateRule
	Article978    bool
	FiscalYearEnd string // "MM-DD"
}

// SettingInfo describes one setting for the doors.
type SettingInfo struct {
	Key, Value, Default, Help string
}

// settingDefaults lists the settings in display order.
var settingDefaults = []SettingInfo{
	{Key: SettingSpelling, Default: spellingTraditional,
		Help: "orthographe des montants en lettres : traditionnelle ou 1990 (rectifiée)"},
	{Key: SettingDateRule, Default: string(Cashed),
		Help: "date retenue pour un don : cashed (encaissement, sinon réception) ou received (réception)"},
	{Key: SettingArticle978, Default: "non",
		Help: "cocher aussi l'article 978 (IFI) pour les dons en numéraire ou en titres cotés : oui ou non (seulement si la catégorie de l'association le permet)"},
	{Key: SettingFiscalYearEnd, Default: "12-31",
		Help: "date de clôture de l'exercice de l'association, MM-JJ (12-31 pour l'année civile)"},
}

// spellingName returns the stored name of sp.
func spellingName(sp money.Spelling) string {
	if sp == money.Rectified1990 {
		return spelling1990
	}
	return spellingTraditional
}

// SettingsInfo returns every receipt setting with its value.
func (s *Service) SettingsInfo(ctx context.Context) ([]SettingInfo, error) {
	out := make([]SettingInfo, len(settingDefaults))
	for i, d := range settingDefaults {
		v, err := s.store.Setting(ctx, d.Key, d.Default)
		if err != nil {
			return nil, fmt.Errorf("read setting %s: %w", d.Key, err)
		}
		d.Value = v
		out[i] = d
	}
	return out, nil
}

// Settings returns the settings in force. A stored value that cannot be
// read is an error that says how to fix it: receipts are never issued on
// a guess.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	var st Settings
	for _, d := range settingDefaults {
		v, err := s.store.Setting(ctx, d.Key, d.Default)
		if err != nil {
			return st, fmt.Errorf("read setting %s: %w", d.Key, err)
		}
		norm, err := normalizeSetting(d.Key, v)
		if err != nil {
			return st, err
		}
		switch d.Key {
		case SettingSpelling:
			st.Spelling = money.Traditional
			if norm == spelling1990 {
				st.Spelling = money.Rectified1990
			}
		case SettingDateRule:
			st.DateRule = DateRule(norm)
		case SettingArticle978:
			st.Article978 = norm == "oui"
		case SettingFiscalYearEnd:
			st.FiscalYearEnd = norm
		}
	}
	return st, nil
}

// SetSetting checks and stores one receipt setting. Enabling article 978
// is refused while the association's category does not allow it.
func (s *Service) SetSetting(ctx context.Context, key, value string) error {
	norm, err := normalizeSetting(key, value)
	if err != nil {
		return err
	}
	if key == SettingArticle978 && norm == "oui" {
		p, err := s.store.Association(ctx)
		if err != nil {
			return err
		}
		if c, ok := association.CategoryByCode(p.Category); !ok || !c.IFIEligible {
			return apperr.Invalid("receipt.setting_978_ineligible",
				"La catégorie de l'association n'ouvre pas droit à la réduction d'IFI (article 978 du CGI) : l'article 978 ne peut pas être coché. Vérifiez la catégorie dans la fiche de l'association.")
		}
	}
	return s.store.SetSetting(ctx, key, norm)
}

// normalizeSetting checks value for key and returns it as stored.
func normalizeSetting(key, value string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	bad := func(want string) error {
		return apperr.Invalid("receipt.setting_invalid", fmt.Sprintf(
			"Le réglage %s vaut « %s », qui n'est pas compris. Indiquez %s.", key, value, want))
	}
	switch key {
	case SettingSpelling:
		switch v {
		case "traditionnelle", "traditional", "":
			return spellingTraditional, nil
		case "1990", "rectifiee", "rectifiée", "rectified":
			return spelling1990, nil
		}
		return "", bad("traditionnelle ou 1990")
	case SettingDateRule:
		switch v {
		case "cashed", "encaissement", "":
			return string(Cashed), nil
		case "received", "reception", "réception":
			return string(Received), nil
		}
		return "", bad("cashed (date d'encaissement) ou received (date de réception)")
	case SettingArticle978:
		switch v {
		case "oui", "yes", "1", "true":
			return "oui", nil
		case "non", "no", "0", "false", "":
			return "non", nil
		}
		return "", bad("oui ou non")
	case SettingFiscalYearEnd:
		if v == "" {
			return "12-31", nil
		}
		mmdd, ok := ParseMonthDay(v)
		if !ok {
			return "", bad("la date de clôture de l'exercice au format MM-JJ, par exemple 12-31 ou 06-30")
		}
		return mmdd, nil
	}
	return "", apperr.Invalid("receipt.setting_unknown", fmt.Sprintf(
		"Le réglage « %s » n'existe pas. Réglages des reçus : %s, %s, %s, %s.", key,
		SettingSpelling, SettingDateRule, SettingArticle978, SettingFiscalYearEnd))
}

// ParseMonthDay reads a fiscal-year end written "MM-DD" (as stored) or
// "JJ/MM" (as the French write it) and returns it as "MM-DD". 02-29 is
// accepted: it means the last day of February.
func ParseMonthDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	var m, d string
	switch {
	case len(s) == 5 && s[2] == '-':
		m, d = s[:2], s[3:]
	case len(s) == 5 && s[2] == '/':
		d, m = s[:2], s[3:]
	default:
		return "", false
	}
	mi, err1 := strconv.Atoi(m)
	di, err2 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || mi < 1 || mi > 12 || di < 1 {
		return "", false
	}
	// 2024 is a leap year: the longest month lengths.
	if di > time.Date(2024, time.Month(mi)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return "", false
	}
	return fmt.Sprintf("%02d-%02d", mi, di), true
}

// yearEnd returns the day a fiscal year ending on mmdd ends in year: the
// last day of February for "02-29" in a common year.
func yearEnd(year int, mmdd string) time.Time {
	m, _ := strconv.Atoi(mmdd[:2])
	d, _ := strconv.Atoi(mmdd[3:])
	last := time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(year, time.Month(m), min(d, last), 0, 0, 0, 0, time.UTC)
}
