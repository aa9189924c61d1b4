# Bureau — two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make run    installs what is missing, builds, opens the app
#   make test   installs what is missing, runs every test, smoke test included
# Packages (README "Installer Bureau"), in build/dist:
#   make dist        Windows build + installer, Linux .deb + tarball
#   make dist-check  runs them: Windows under Wine, installer, listings
SHELL := /bin/bash
GO ?= go
PKG := github.com/bureau-asso/bureau
TAGS := migrated_fynedo
GIT_DESCRIBE := $(shell git describe --tags --always --dirty 2>/dev/null)
LDFLAGS := -X $(PKG)/internal/buildinfo.GitDescribe=$(GIT_DESCRIBE)
BIN := build/bureau
# Fyne refuses the C locale; French is the app's first language.
export LANG := fr_FR.UTF-8
export PATH := $(PATH):/usr/local/go/bin

.PHONY: run build test unit smoke bench deps-build deps-test clean \
	dist dist-windows dist-installer dist-linux dist-check dist-macos deps-dist

run: build
	./$(BIN)

build: deps-build
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/bureau

test: deps-test build unit smoke

# Every package's tests; the core also runs without cgo (no Fyne below internal/).
unit:
	$(GO) vet -tags $(TAGS) ./...
	$(GO) test -tags $(TAGS) -count=1 ./...

# The real binary in a real window under Xvfb; screenshots land in build/screenshots.
smoke: build
	BUREAU_BIN=$(CURDIR)/$(BIN) xvfb-run -a -s "-screen 0 1280x800x24" \
		$(GO) test -tags "$(TAGS) smoke" -count=1 -run Smoke -v ./cmd/bureau

# Benchmarks of docs/benchmarks.md (not part of make test).
bench: build
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./internal/...

# Windows x86-64 (cgo through mingw-w64: about 7 min with a cold Go cache,
# which Windows does not share with Linux, then 10 s), its installer (1 min),
# the Linux packages (1 min). Scripts: scripts/dist-*.sh.
dist: dist-windows dist-installer dist-linux

dist-windows: deps-dist
	GO="$(GO)" scripts/dist-windows.sh

dist-installer: dist-windows
	GO="$(GO)" scripts/dist-installer.sh

dist-linux: deps-dist
	GO="$(GO)" scripts/dist-linux.sh

# Checks what make dist built, for real (Wine for Windows); builds nothing
# (30 s).
dist-check: deps-dist
	GO="$(GO)" scripts/dist-check.sh

# On a Mac only: build/dist/Bureau.app and its zip.
dist-macos:
	GO="$(GO)" scripts/dist-macos.sh

deps-build:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

deps-dist:
	@scripts/install-deps.sh dist

clean:
	rm -rf build
