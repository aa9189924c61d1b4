package app

import (
	"fmt"
	"os"
	"runtime"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/bureau-asso/bureau/assets"
)

// Language choice.
//
// Bureau speaks French unless the user asked for English, whatever the
// language of the system: its users are French associations and the
// vocabulary of receipts is French law. The language is, in order, the
// one given by --lang, the one chosen in Réglages (saved in Fyne's
// preferences, so per user and not per database), or French. A change in
// Réglages takes effect at the next start.
//
// Fyne's lang package picks its translation from the system's locales and
// has no setter. useLanguage therefore registers the chosen file under
// every tag Fyne may match: its own, the system's language and English
// (the bundle's fallback), so that Bureau's keys always answer in the
// chosen language. On Linux and BSD it also sets $LANGUAGE, which Fyne
// reads, so that Fyne's own texts (Annuler, Ouvrir…) follow; on Windows
// and macOS those few texts stay in the system's language.

// prefLanguage is the preference key of the chosen language.
const prefLanguage = "language"

// language is one language offered in Réglages.
type language struct {
	code string // "fr"
	name string // in its own language: "Français"
}

// languages lists the languages Bureau has translations for.
var languages = []language{{"fr", "Français"}, {"en", "English"}}

// currentLanguage is the code of the language in use.
var currentLanguage = "fr"

// chooseLanguage returns the language to use: flag if it names a known
// language, else the saved preference, else French.
func chooseLanguage(flag string, prefs fyne.Preferences) string {
	if known(flag) {
		return flag
	}
	if prefs != nil {
		if p := prefs.String(prefLanguage); known(p) {
			return p
		}
	}
	return "fr"
}

func known(code string) bool {
	return slices.ContainsFunc(languages, func(l language) bool { return l.code == code })
}

// useLanguage loads the translations of code ("fr" or "en") so that
// lang.X answers in it. setEnv also points $LANGUAGE at it on Linux and
// BSD (see the comment at the top of this file); tests pass false to
// check that the registration alone is enough.
func useLanguage(code string, setEnv bool) error {
	if !known(code) {
		return fmt.Errorf("unknown language %q", code)
	}
	data, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		return fmt.Errorf("read translations for %s: %w", code, err)
	}
	if setEnv && runtime.GOOS != "windows" && runtime.GOOS != "darwin" && localeFromEnv() {
		os.Setenv("LANGUAGE", code)
	}
	tags := []string{code, "en"}
	if sys := lang.SystemLocale().LanguageString(); sys != "" && !slices.Contains(tags, sys) {
		tags = append(tags, sys)
	}
	for _, t := range tags {
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(t)); err != nil {
			return fmt.Errorf("load translations for %s as %s: %w", code, t, err)
		}
	}
	currentLanguage = code
	return nil
}

// localeFromEnv reports whether the environment names a locale, the
// condition for $LANGUAGE to be read (gettext's rules, which Fyne follows).
func localeFromEnv() bool {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return s != "C" && s != "POSIX"
		}
	}
	return false
}

// languageName returns the name of the language code in that language.
func languageName(code string) string {
	for _, l := range languages {
		if l.code == code {
			return l.name
		}
	}
	return code
}
