// Package buildinfo tells which version of Bureau is running: the version
// of FyneApp.toml, refined at link time with the git description
// (-ldflags "-X github.com/bureau-asso/bureau/internal/buildinfo.GitDescribe=...").
package buildinfo

import (
	"regexp"
	"strings"

	bureau "github.com/bureau-asso/bureau"
)

// GitDescribe is set by the Makefile from `git describe --tags --always --dirty`.
var GitDescribe = ""

// AppID is the application identifier of FyneApp.toml.
var AppID = field("ID")

// Version returns "0.1.0" or, when built by the Makefile, "0.1.0 (v0.1.0-3-gabc1234)".
func Version() string {
	v := field("Version")
	if v == "" {
		v = "dev"
	}
	if GitDescribe != "" && strings.TrimPrefix(GitDescribe, "v") != v {
		v += " (" + GitDescribe + ")"
	}
	return v
}

func field(name string) string {
	re := regexp.MustCompile(`(?m)^\s*` + name + `\s*=\s*"([^"]*)"`)
	if m := re.FindStringSubmatch(bureau.FyneAppTOML); m != nil {
		return m[1]
	}
	return ""
}
