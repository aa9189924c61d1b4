#!/usr/bin/env bash
# Bureau's Windows installer, build/dist/Bureau-Setup-<version>.exe, made
# with NSIS (Debian package nsis) from packaging/windows/bureau.nsi and the
# files of scripts/dist-windows.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dist-env.sh

src=$DIST/windows
for f in bureau.exe bureau-cli.exe bureau.ico; do
  if [ ! -f "$src/$f" ]; then
    echo "$src/$f is missing: run make dist-windows first" >&2
    exit 1
  fi
done
setup=$DIST/Bureau-Setup-$VERSION.exe
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$VERSION" -DFILEVERSION="$FILE_VERSION" \
  -DSRCDIR="$PWD/$src" -DOUTFILE="$PWD/$setup" \
  packaging/windows/bureau.nsi
ls -l "$setup"
