# Bureau — two commands do all the set-up on a fresh Debian/Ubuntu machine:
#   make run    installs what is missing, builds, opens the app
#   make test   installs what is missing, runs every test, smoke test included
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

.PHONY: run build test unit smoke bench deps-build deps-test clean

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

deps-build:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

clean:
	rm -rf build
