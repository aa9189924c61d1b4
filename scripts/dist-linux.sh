#!/usr/bin/env bash
# Linux packages of Bureau (x86-64), in build/dist:
#   bureau_<version>_amd64.deb          /usr/bin/bureau, a desktop entry and its
#                                       icon; Depends: what dpkg-shlibdeps finds
#                                       (libc, libGL, libX11) plus the X
#                                       libraries GLFW opens at run time
#                                       (packaging/linux/control.in)
#   Bureau-<version>-linux-amd64.tar.xz `go tool fyne package -os linux`: usr/local
#                                       tree and a Makefile (sudo make install)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dist-env.sh

out=$DIST/linux
rm -rf "$out"
mkdir -p "$out"
$GO build -tags "$TAGS" -ldflags "$LDFLAGS" -o "$out/bureau" ./cmd/bureau

# The .deb, staged as debian/bureau so that dpkg-shlibdeps finds the
# debian/control it reads and computes Depends from the linked libraries.
pkg=$out/pkg
root=$pkg/debian/bureau
install -D -m 0755 "$out/bureau" "$root/usr/bin/bureau"
install -D -m 0644 packaging/linux/bureau.desktop "$root/usr/share/applications/bureau.desktop"
install -D -m 0644 assets/icon.png "$root/usr/share/icons/hicolor/512x512/apps/bureau.png"
mkdir -p "$root/DEBIAN" # also how dpkg-shlibdeps finds the package's root
printf 'Source: bureau\n\nPackage: bureau\nArchitecture: amd64\n' >"$pkg/debian/control"
depends=$(cd "$pkg" && LC_ALL=C.UTF-8 dpkg-shlibdeps -O debian/bureau/usr/bin/bureau | sed -n 's/^shlibs:Depends=//p')
if [ -z "$depends" ]; then
  echo "dpkg-shlibdeps found no library for usr/bin/bureau" >&2
  exit 1
fi
size=$(du -sk --apparent-size "$root/usr" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
  packaging/linux/control.in >"$root/DEBIAN/control"
deb=$DIST/bureau_${VERSION}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

# The Fyne tarball. fyne package reads FyneApp.toml in its source folder
# and writes in the current one: give it a folder of its own, not the tree.
stage=$out/fyne
mkdir -p "$stage/assets"
cp FyneApp.toml "$stage/"
cp assets/icon.png "$stage/assets/"
cp "$out/bureau" "$stage/bureau"
printf 'package main\n' >"$stage/main.go" # fyne package wants Go code in the folder
(cd "$stage" && $GO tool fyne package -os linux --executable bureau --release)
tarball=$DIST/Bureau-$VERSION-linux-amd64.tar.xz
mv "$stage/Bureau.tar.xz" "$tarball"

rm -rf "$pkg" "$stage"
ls -l "$deb" "$tarball"
