package app

import (
	"fmt"
	"io"
	"slices"
	"time"

	"fyne.io/fyne/v2"
)

// Environment variables read in smoke-test mode (--smoke-test).
const (
	// envSmokeScreen names the first screen: a navEntry key or "welcome".
	envSmokeScreen = "BUREAU_SMOKE_SCREEN"
	// envSmokeHold is how long the window stays open once ready, as a Go
	// duration ("3s"); 0 by default.
	envSmokeHold = "BUREAU_SMOKE_HOLD"
	// envSmokeFile is the file the import wizard opens (import-wizard).
	envSmokeFile = "BUREAU_SMOKE_FILE"
)

// smokeConfig drives the smoke test: which screen first, how long to
// stay open.
type smokeConfig struct {
	screen string
	hold   time.Duration
}

// smokeFromEnv reads the smoke-test variables when enabled.
func smokeFromEnv(enabled bool, getenv func(string) string) (smokeConfig, error) {
	var c smokeConfig
	if !enabled {
		return c, nil
	}
	c.screen = getenv(envSmokeScreen)
	_, view := smokeViews[c.screen]
	if c.screen != "" && c.screen != "welcome" && !view && !slices.ContainsFunc(navEntries(), func(e navEntry) bool { return e.key == c.screen }) {
		return c, fmt.Errorf("%s=%q : écran inconnu", envSmokeScreen, c.screen)
	}
	if h := getenv(envSmokeHold); h != "" {
		d, err := time.ParseDuration(h)
		if err != nil || d < 0 {
			return c, fmt.Errorf("%s=%q : durée invalide, par exemple 3s", envSmokeHold, h)
		}
		c.hold = d
	}
	return c, nil
}

// frame is a little more than one frame at 60 Hz.
const frame = 20 * time.Millisecond

// ready is called on the UI goroutine when the first view shows its data.
// It lets the window draw it (two frames, then a round trip through the
// event loop), prints the time since the process started, holds, and
// quits.
func (c smokeConfig) ready(w io.Writer, quit func()) {
	go func() {
		time.Sleep(2 * frame)
		fyne.DoAndWait(func() {})
		fmt.Fprintf(w, "ready in %d ms\n", time.Since(started).Milliseconds())
		time.Sleep(c.hold)
		fyne.Do(quit)
	}()
}
