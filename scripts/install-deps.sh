#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Bureau needs, only those missing,
# with sudo when not root. Usage: install-deps.sh build|test|dist|bench
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev xorg-dev)
# Tests: a virtual X server for the smoke test, ImageMagick for its
# screenshots, poppler-utils (pdftotext) to check PDFs, Dovecot for IMAP.
test=("${build[@]}" xvfb xauth libgl1-mesa-dri imagemagick poppler-utils dovecot-imapd)
# Packages: mingw-w64 (Windows cgo), NSIS (installer), 7-Zip (its listing),
# Wine (starts the Windows build), dpkg-dev (dpkg-shlibdeps for the .deb),
# desktop-file-utils (checks its desktop entry).
dist=("${build[@]}" gcc-mingw-w64-x86-64 nsis p7zip-full wine64 dpkg-dev xz-utils desktop-file-utils)
# Benchmarks only (scripts/bench-mail.sh): mbsync (isync) to compare mail sync with.
bench=("${build[@]}" dovecot-imapd isync bc)

case "${1:-build}" in
  build) want=("${build[@]}") ;;
  test) want=("${test[@]}") ;;
  dist) want=("${dist[@]}") ;;
  bench) want=("${bench[@]}") ;;
  *) echo "usage: $0 build|test|dist|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "Bureau needs these packages, please install them: ${missing[*]}" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Go 1.26 or newer is needed by modernc.org/sqlite.
if ! command -v go >/dev/null; then
  echo "Go is not installed. Install Go 1.26 or newer from https://go.dev/dl/ and run again." >&2
  exit 1
fi
v=$(go env GOVERSION | sed 's/^go//')
major=${v%%.*}; rest=${v#*.}; minor=${rest%%.*}
if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 26 ]; }; then
  echo "Go $v is too old: Bureau needs Go 1.26 or newer (https://go.dev/dl/)." >&2
  exit 1
fi
