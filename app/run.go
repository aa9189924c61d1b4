// Package app is Bureau's GUI door: the main window with its navigation
// rail, the welcome of a first run and one file per screen. Screens reach
// data only through the services of internal/core, each through the small
// interfaces it declares, and do every database or file access off the UI
// goroutine, touching widgets again only through fyne.Do.
//
// It is the only package that imports Fyne.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/bureau-asso/bureau/assets"
	"github.com/bureau-asso/bureau/internal/buildinfo"
	"github.com/bureau-asso/bureau/internal/cli"
	"github.com/bureau-asso/bureau/internal/demo"
	"github.com/bureau-asso/bureau/internal/store"
)

// started is when the process started, for the smoke test's "ready in".
var started = time.Now()

// searchDelay is how long the search waits after a keystroke.
const searchDelay = 150 * time.Millisecond

// Run opens the main window on opts.DBPath and returns the exit status:
// 0, or 1 when the database could not be opened.
func Run(opts cli.GUIOptions) int {
	if opts.Lang != "" && !known(opts.Lang) {
		fmt.Fprintf(os.Stderr, "bureau : langue « %s » inconnue, Bureau s'affiche en français (langues : fr, en).\n", opts.Lang)
	}
	a := fyneapp.NewWithID(buildinfo.AppID)
	a.SetIcon(appIcon())
	if err := useLanguage(chooseLanguage(opts.Lang, a.Preferences()), true); err != nil {
		slog.Error("load translations", "err", err)
	}
	smoke, err := smokeFromEnv(opts.SmokeTest, os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bureau : %v\n", err)
		return cli.ExitUsage
	}
	o := shellOptions{
		dbPath:      opts.DBPath,
		debounce:    searchDelay,
		installDemo: installDemo,
		firstScreen: smoke.screen,
	}
	if opts.SmokeTest {
		o.onReady = func() { smoke.ready(os.Stdout, a.Quit) }
	}
	s := newShell(a, o)
	s.win.SetMaster()
	s.win.CenterOnScreen()
	s.start()
	s.win.ShowAndRun()
	s.close()
	return s.exitCode
}

// installDemo fills an empty database with the demonstration association.
func installDemo(ctx context.Context, db *store.DB, now time.Time) error {
	_, err := demo.Install(ctx, db, now)
	return err
}

func appIcon() fyne.Resource {
	return fyne.NewStaticResource("icon.png", assets.Icon)
}
