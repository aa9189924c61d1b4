// Package assets embeds the files that Bureau ships inside its binary.
//
// It holds data only and imports nothing but the standard library.
package assets

import "embed"

// Legal holds legal texts and rates as dated, versioned data files, so that
// no legal wording is a scattered string literal.
//
//go:embed legal
var Legal embed.FS

// Translations holds the GUI's texts, one go-i18n JSON file per language
// (translations/fr.json, translations/en.json), for fyne's lang package.
//
//go:embed translations
var Translations embed.FS

// Icon is the application icon: a 512×512 PNG, also named by FyneApp.toml.
//
//go:embed icon.png
var Icon []byte

// Fonts holds the TrueType fonts embedded in every PDF (DejaVu Sans,
// regular and bold) and their licence, LICENSE-DejaVu.txt.
//
//go:embed fonts
var Fonts embed.FS

// Templates holds the documents Bureau ships as editable templates:
// templates/charters/NAME.md, one charter each in the markup of
// internal/charter, installed as version 1 of charter NAME.
//
//go:embed templates
var Templates embed.FS
