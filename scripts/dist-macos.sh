#!/usr/bin/env bash
# On a Mac (Apple silicon or Intel, for that machine's architecture):
#   build/dist/Bureau.app                     the application bundle
#   build/dist/Bureau-<version>-macos-<arch>.zip  the same, to hand over
# Needs Go 1.26+ and the Xcode command-line tools (xcode-select --install).
# The app is not signed: on first start, right-click it and choose Ouvrir.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -s)" != Darwin ]; then
  echo "dist-macos builds on a Mac only (Fyne needs Apple's compilers and frameworks)." >&2
  exit 1
fi
. scripts/dist-env.sh

out=$DIST/macos
rm -rf "$out" "$DIST/Bureau.app"
mkdir -p "$out/assets"
CGO_ENABLED=1 $GO build -tags "$TAGS" -ldflags "$LDFLAGS" -o "$out/bureau" ./cmd/bureau
# fyne package reads FyneApp.toml in its source folder and writes in the
# current one: give it a folder of its own (as in dist-linux.sh).
cp FyneApp.toml "$out/"
cp assets/icon.png "$out/assets/"
printf 'package main\n' >"$out/main.go"
(cd "$out" && $GO tool fyne package -os darwin --executable bureau --release)
mv "$out/Bureau.app" "$DIST/Bureau.app"
zip=$DIST/Bureau-$VERSION-macos-$(uname -m).zip
rm -f "$zip"
ditto -c -k --keepParent "$DIST/Bureau.app" "$zip"
rm -rf "$out"
ls -ld "$DIST/Bureau.app" "$zip"
