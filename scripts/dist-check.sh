#!/usr/bin/env bash
# Checks the packages of `make dist` on Debian, for real:
#   Windows    bureau.exe (GUI subsystem) and bureau-cli.exe start under Wine
#              and answer --version and `association categories`; the
#              database goes to %APPDATA%\Bureau by default, and a database
#              and its backup work at paths with accents and spaces.
#   Installer  its listing (7z), then under Wine a silent per-user install
#              (files, shortcuts, HKCU uninstall entry), the installed
#              program, and a silent uninstall that keeps the user's data.
#   Linux      the .deb and the tarball listings, the packaged binary's
#              --version.
# Wine runs in a throwaway prefix and home: nothing leaks into the user's.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dist-env.sh

win=$DIST/windows
setup=$DIST/Bureau-Setup-$VERSION.exe
deb=$DIST/bureau_${VERSION}_amd64.deb
tarball=$DIST/Bureau-$VERSION-linux-amd64.tar.xz
for f in "$win/bureau.exe" "$win/bureau-cli.exe" "$setup" "$deb" "$tarball"; do
  if [ ! -f "$f" ]; then
    echo "dist-check: $f is missing: run make dist first" >&2
    exit 1
  fi
done

fail() {
  echo "dist-check: FAILED: $*" >&2
  exit 1
}
# has NAME TEXT PATTERN: a line of TEXT matches the extended regexp PATTERN.
has() {
  if ! grep -qE -- "$3" <<<"$2"; then
    printf '%s\n' "$2" | sed 's/^/    | /' >&2
    fail "$1: no line matches: $3"
  fi
  echo "ok  $1"
}
# exists NAME PATH: the file exists.
exists() {
  [ -e "$2" ] || fail "$1: $2 does not exist"
  echo "ok  $1"
}
section() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- Wine
# Debian 12's wine64 package has no command in PATH, only
# /usr/lib/wine/wine64; the wine package adds /usr/bin/wine.
wine=$(command -v wine || command -v wine64 || true)
for w in /usr/lib/wine/wine64 /usr/lib/wine/wine; do
  if [ -z "$wine" ] && [ -x "$w" ]; then wine=$w; fi
done
[ -n "$wine" ] || fail "Wine is not installed (make deps-dist installs wine64)"
wineserver=$(command -v wineserver || echo "$(dirname "$wine")/wineserver")

tmp=$(mktemp -d /tmp/bureau-dist-check.XXXXXX)
export WINEPREFIX=$tmp/prefix HOME=$tmp/home WINEDEBUG=-all
# No Mono or Gecko download prompts, no menu entries written to $HOME.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# Wine converts arguments and file names with the locale's charset.
export LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY BUREAU_DB
mkdir -p "$HOME"
winelog=$tmp/wine.log
cleanup() {
  "$wineserver" -k >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# run ARGS...: stdout of a Windows program; Wine's own messages go to a log.
run() { "$wine" "$@" 2>>"$winelog"; }
# unixpath WINPATH: where a Windows path of the prefix is on this machine.
unixpath() { run winepath.exe -u "$1" | tr -d '\r'; }

section "Wine ($wine, $("$wine" --version 2>/dev/null))"
start=$SECONDS
run wineboot.exe -i >/dev/null || { cat "$winelog" >&2; fail "wineboot"; }
"$wineserver" -w
# Some Wine builds (Debian 12's) present themselves as Windows 7; Bureau
# and its installer need Windows 10.
run winecfg.exe -v win10 >/dev/null
echo "prefix ready in $((SECONDS - start)) s"
# Go's runtime needs bcryptprimitives.dll, which Wine has only since 9.0.
system32=$WINEPREFIX/drive_c/windows/system32
if [ ! -e "$system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$system32/bcryptprimitives.dll" \
    packaging/windows/wine/bcryptprimitives.c -ladvapi32
  echo "Wine has no bcryptprimitives.dll: shim from packaging/windows/wine installed in the prefix"
fi
appdata=$(run cmd.exe /c echo %APPDATA% | tr -d '\r')
localappdata=$(run cmd.exe /c echo %LOCALAPPDATA% | tr -d '\r')

section "Windows programs under Wine"
version_line="^bureau $(sed 's/[][().*^$+?{}|\\]/\\&/g' <<<"$LONG_VERSION")$"
for exe in bureau-cli.exe bureau.exe; do
  out=$(run "$win/$exe" --version) || fail "$exe --version: exit status $?"
  echo "$exe --version: $out"
  has "$exe --version" "$out" "$version_line"
  out=$(run "$win/$exe" association categories) || fail "$exe association categories: exit status $?"
  echo "$exe association categories: $(wc -l <<<"$out") categories, first: $(head -n 1 <<<"$out")"
  has "$exe association categories" "$out" $'^rup\tAssociation ou fondation reconnue d\'utilité publique'
done

# Started by cmd's start, a GUI program gets no standard handles: this is
# what happens from a real cmd or PowerShell prompt, where bureau.exe must
# attach to the console to print (cmd/bureau/console_windows.go). script(1)
# gives Wine a terminal, hence a console.
out=$(cd "$win" && timeout 120 script -qec "'$wine' cmd.exe /c 'start /wait bureau.exe association categories'" /dev/null 2>>"$winelog" | tr -d '\r')
has "bureau.exe association categories from cmd's start (attached console)" "$out" "rup.*Association ou fondation reconnue d'utilité publique"

section "Data in %APPDATA%\\Bureau ($appdata\\Bureau)"
out=$(run "$win/bureau-cli.exe" association set "name=Association du Parc") || fail "association set: exit status $?"
out=$(run "$win/bureau-cli.exe" association show)
has "association show (default database)" "$out" "^name: +Association du Parc$"
data=$(unixpath "$appdata\\Bureau")
exists "database in %APPDATA%\\Bureau" "$data/bureau.db"
exists "daily backup in %APPDATA%\\Bureau\\sauvegardes" "$(ls -d "$data"/sauvegardes/auto-*.db | head -n 1)"

section "Accents and spaces in paths (a USB key)"
key='C:\users\Public\Clé USB\données été'
out=$(run "$win/bureau-cli.exe" --db "$key\\bureau.db" association set "name=Les Amis de l'Été") ||
  fail "association set on $key: exit status $?"
out=$(run "$win/bureau-cli.exe" --db "$key\\bureau.db" association show)
has "association show on $key\\bureau.db" "$out" "^name: +Les Amis de l'Été$"
out=$(run "$win/bureau-cli.exe" --db "$key\\bureau.db" backup --out "$key\\sauvegarde août.db") ||
  fail "backup: exit status $?"
echo "$out"
has "backup to $key\\sauvegarde août.db" "$out" "^Sauvegarde écrite : "
exists "backup file on the key" "$(unixpath "$key\\sauvegarde août.db")"
out=$(run "$win/bureau-cli.exe" restore "$key\\sauvegarde août.db") || fail "restore: exit status $?"
out=$(run "$win/bureau-cli.exe" association show)
has "restore of the key's backup into %APPDATA%\\Bureau" "$out" "^name: +Les Amis de l'Été$"

section "Installer $setup"
listing=$(7z l "$setup")
printf '%s\n' "$listing" | sed -n '/^   Date/,$p'
has "installer holds bureau.exe" "$listing" ' bureau\.exe$'
has "installer holds bureau-cli.exe" "$listing" ' bureau-cli\.exe$'
run "$setup" /S || fail "silent install: exit status $?"
"$wineserver" -w
inst=$(unixpath "$localappdata\\Programs\\Bureau")
exists "installed bureau.exe" "$inst/bureau.exe"
exists "installed bureau-cli.exe" "$inst/bureau-cli.exe"
exists "uninstaller" "$inst/uninstall.exe"
menu=$(unixpath "$appdata\\Microsoft\\Windows\\Start Menu\\Programs\\Bureau")
exists "Start menu shortcut" "$menu/Bureau.lnk"
# Named in the installer's language: French, or English under this Wine.
exists "Start menu command-line shortcut" "$(ls -d "$menu"/Bureau\ \(*\).lnk | head -n 1)"
desktop=$(unixpath "$(run cmd.exe /c echo %USERPROFILE% | tr -d '\r')\\Desktop")
exists "desktop shortcut" "$desktop/Bureau.lnk"
key_uninstall='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Bureau'
reg=$(run reg.exe query "$key_uninstall" | tr -d '\r')
has "uninstall entry under HKCU" "$reg" "DisplayVersion +REG_SZ +$VERSION$"
out=$(run "$inst/bureau-cli.exe" --version)
has "installed bureau-cli.exe --version" "$out" "$version_line"
run "$inst/uninstall.exe" /S || fail "silent uninstall: exit status $?"
"$wineserver" -w # the uninstaller runs from a copy in %TEMP%
[ ! -e "$inst/bureau.exe" ] || fail "bureau.exe is still there after uninstall"
[ ! -e "$menu/Bureau.lnk" ] || fail "the Start menu shortcut is still there after uninstall"
[ ! -e "$desktop/Bureau.lnk" ] || fail "the desktop shortcut is still there after uninstall"
if run reg.exe query "$key_uninstall" >/dev/null; then fail "the uninstall entry is still there"; fi
echo "ok  uninstall removed the program, its shortcuts and its entry"
exists "uninstall kept the data" "$data/bureau.db"

section "Linux package $deb"
dpkg-deb -f "$deb" Package Version Depends
contents=$(dpkg-deb -c "$deb")
printf '%s\n' "$contents"
has ".deb holds /usr/bin/bureau" "$contents" ' \./usr/bin/bureau$'
has ".deb holds the desktop entry" "$contents" ' \./usr/share/applications/bureau\.desktop$'
has ".deb holds the icon" "$contents" ' \./usr/share/icons/hicolor/512x512/apps/bureau\.png$'
dpkg-deb -x "$deb" "$tmp/deb"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$tmp/deb/usr/share/applications/bureau.desktop"
  echo "ok  desktop-file-validate"
fi
out=$(env -u LC_ALL "$tmp/deb/usr/bin/bureau" --version)
has "packaged bureau --version" "$out" "$version_line"
if command -v lintian >/dev/null; then
  lintian --no-tag-display-limit "$deb" || true # advice, not a gate
fi

section "Linux tarball $tarball"
contents=$(tar -tJvf "$tarball")
printf '%s\n' "$contents"
has "tarball holds usr/local/bin/bureau" "$contents" ' usr/local/bin/bureau$'
has "tarball holds its Makefile" "$contents" ' Makefile$'

printf '\ndist-check: all checks passed\n'
