// Package bureau carries the project's FyneApp.toml into the binary, so
// that `bureau --version` and the About dialog show the same version as
// the packaged app. Nothing else lives at the module root.
package bureau

import _ "embed"

// FyneAppTOML is the content of FyneApp.toml.
//
//go:embed FyneApp.toml
var FyneAppTOML string
