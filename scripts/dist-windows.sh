#!/usr/bin/env bash
# Cross-compiles Bureau for Windows x86-64 on Debian, cgo through mingw-w64
# (package gcc-mingw-w64-x86-64), into build/dist/windows:
#   bureau.exe      the app: GUI subsystem, so no console window opens; with
#                   a subcommand it attaches to the console it was started
#                   from (cmd/bureau/console_windows.go)
#   bureau-cli.exe  the same program linked as a console program: for cmd,
#                   PowerShell and scripts (waits, exit status, pipes)
#   bureau.ico      the icon (256 to 16 px), for the installer
# and build/dist/Bureau-<version>-windows-amd64.zip (the two .exe, portable).
# Both .exe embed the icon, a manifest (as invoker, DPI aware, long paths) and
# version information: packaging/windows/winres.json + FyneApp.toml + git.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dist-env.sh

out=$DIST/windows
mkdir -p "$out"
# go build links every .syso of the package; the _windows_amd64 suffix
# keeps this one out of other builds while it exists.
syso=cmd/bureau/rsrc_windows_amd64.syso
trap 'rm -f "$syso"' EXIT
$GO tool go-winres make --in packaging/windows/winres.json --out cmd/bureau/rsrc --arch amd64 \
  --file-version "$FILE_VERSION" --product-version "$LONG_VERSION"

# -trimpath keeps this machine's paths out of what is shipped; it costs
# nothing here, as Go's cache for Windows is separate from Linux's anyway.
win=(env CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc)
"${win[@]}" $GO build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS -H=windowsgui" -o "$out/bureau.exe" ./cmd/bureau
"${win[@]}" $GO build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" -o "$out/bureau-cli.exe" ./cmd/bureau
rm -f "$syso"

# The installer's icon is the one Windows shows for bureau.exe.
rm -rf "$out/res"
$GO tool go-winres extract --dir "$out/res" "$out/bureau.exe" >/dev/null
mv "$out/res/APP_0000.ico" "$out/bureau.ico"
rm -rf "$out/res"

# For offices where installing is not allowed: the two programs in a zip.
zip=$DIST/Bureau-$VERSION-windows-amd64.zip
rm -f "$zip"
(cd "$out" && 7z a -tzip -bd -bso0 "$OLDPWD/$zip" bureau.exe bureau-cli.exe)

ls -l "$out"/bureau.exe "$out"/bureau-cli.exe "$out"/bureau.ico "$zip"
