// Command bureau is Bureau's single binary: with no subcommand it opens the
// GUI, with one it works headless.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/bureau-asso/bureau/app"
	"github.com/bureau-asso/bureau/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, app.Run)
	stop()
	os.Exit(code)
}
