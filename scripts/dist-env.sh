# Sourced by scripts/dist-*.sh: the version of FyneApp.toml, git's
# description and the build settings shared by every package.
# shellcheck shell=bash

GO=${GO:-go}
PKG=github.com/bureau-asso/bureau
TAGS=migrated_fynedo
DIST=build/dist

toml() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" FyneApp.toml | head -n 1; }
VERSION=$(toml Version)   # 0.1.0
BUILD=$(toml Build)       # 1
if [ -z "$VERSION" ] || [ -z "$BUILD" ]; then
  echo "FyneApp.toml: Version or Build is missing" >&2
  exit 1
fi
# Windows wants four numbers: 0.1.0.1 (Version without pre-release, Build).
FILE_VERSION=${VERSION%%[-+]*}.$BUILD
GIT_DESCRIBE=$(git describe --tags --always --dirty 2>/dev/null || true)
# What `bureau --version` prints after "bureau " (internal/buildinfo).
LONG_VERSION=$VERSION
if [ -n "$GIT_DESCRIBE" ] && [ "${GIT_DESCRIBE#v}" != "$VERSION" ]; then
  LONG_VERSION="$VERSION ($GIT_DESCRIBE)"
fi
# Release binaries: no symbol table or DWARF (a third smaller; panics
# still print function names and lines).
LDFLAGS="-s -w -X $PKG/internal/buildinfo.GitDescribe=$GIT_DESCRIBE"
export LANG=${LANG:-fr_FR.UTF-8}
