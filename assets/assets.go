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
