// Package cli is Bureau's headless door: `bureau SUBCOMMAND ...`. Each
// command splits parsing (flags into options, tested without a database)
// from running (options against the core, tested with a real database).
// It never imports Fyne: the GUI is reached through the GUIFunc given to
// Main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/buildinfo"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/paths"
)

// GUIOptions are what the GUI needs from the command line.
type GUIOptions struct {
	DBPath    string
	SmokeTest bool
	Lang      string
}

// GUIFunc opens the GUI and returns the process exit status.
type GUIFunc func(GUIOptions) int

// Exit statuses.
const (
	ExitOK    = 0
	ExitError = 1 // the command ran and failed; the message says why
	ExitUsage = 2 // unknown command or bad flags
)

// env is what every command gets: output streams and a way to open the
// database chosen by --db / BUREAU_DB.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	dbFlag         string
}

// dbPath resolves the database path.
func (e *env) dbPath() (string, error) { return paths.DBPath(e.dbFlag) }

// open opens the core on the chosen database, then makes the daily
// automatic backup; a failed backup is a warning, never the command's
// failure. restore and check open what they need themselves.
func (e *env) open(ctx context.Context) (*core.Core, error) {
	p, err := e.dbPath()
	if err != nil {
		return nil, err
	}
	c, err := core.Open(ctx, core.Options{DBPath: p})
	if err != nil {
		return nil, err
	}
	if _, _, err := c.Backup.Auto(ctx); err != nil {
		fmt.Fprintf(e.stderr, "bureau : attention : %s\n", message(err))
	}
	return c, nil
}

// withCore opens the chosen database, runs fn on it and closes it.
func (e *env) withCore(ctx context.Context, fn func(c *core.Core) error) error {
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return fn(c)
}

// openReadOnly opens the chosen database without migrating or writing:
// checking never changes what it checks.
func (e *env) openReadOnly(ctx context.Context) (*core.Core, error) {
	p, err := e.dbPath()
	if err != nil {
		return nil, err
	}
	return core.Open(ctx, core.Options{DBPath: p, ReadOnly: true})
}

// command is one subcommand; name may hold spaces ("association set").
type command struct {
	name    string
	args    string // usage of the arguments, after the name
	summary string // one line, in French
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is filled by each file of this package (one per command group).
var commands []command

func register(cs ...command) { commands = append(commands, cs...) }

// usageError is a mistake in the command line: exit status 2 and usage.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// errHelp asks Main to print the command's usage and succeed.
var errHelp = errors.New("help requested")

// Main runs bureau with args (without the program name) and returns the
// exit status. With no subcommand it calls gui.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, gui GUIFunc) int {
	fs := flag.NewFlagSet("bureau", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbFlag := fs.String("db", "", "")
	version := fs.Bool("version", false, "")
	smoke := fs.Bool("smoke-test", false, "")
	lang := fs.String("lang", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout)
			return ExitOK
		}
		fmt.Fprintf(stderr, "bureau : %v\n\n", frenchFlagError(err))
		printUsage(stderr)
		return ExitUsage
	}
	if *version {
		fmt.Fprintf(stdout, "bureau %s\n", buildinfo.Version())
		return ExitOK
	}
	rest := fs.Args()
	if len(rest) == 0 {
		if gui == nil {
			printUsage(stderr)
			return ExitUsage
		}
		p, err := paths.DBPath(*dbFlag)
		if err != nil {
			fmt.Fprintf(stderr, "bureau : impossible de trouver le dossier de données : %v\n", err)
			return ExitError
		}
		return gui(GUIOptions{DBPath: p, SmokeTest: *smoke, Lang: *lang})
	}
	if rest[0] == "help" {
		printUsage(stdout)
		return ExitOK
	}
	cmd, cmdArgs, ok := find(rest)
	if !ok {
		fmt.Fprintf(stderr, "bureau : commande inconnue « %s ».\n\n", strings.Join(rest, " "))
		printUsage(stderr)
		return ExitUsage
	}
	e := &env{stdout: stdout, stderr: stderr, stdin: stdin, dbFlag: *dbFlag}
	err := cmd.run(ctx, e, cmdArgs)
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errHelp):
		fmt.Fprintf(stdout, "Usage : bureau %s %s\n  %s\n", cmd.name, cmd.args, cmd.summary)
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "bureau %s : %s\nUsage : bureau %s %s\n", cmd.name, ue.msg, cmd.name, cmd.args)
		return ExitUsage
	default:
		if !apperr.Is(err) {
			slog.Error("command failed", "command", cmd.name, "err", err)
		}
		fmt.Fprintf(stderr, "bureau %s : %s\n", cmd.name, message(err))
		return ExitError
	}
}

// message is what the user reads: the user-facing message when there is
// one, else the error itself (the CLI has no log window to point to).
func message(err error) string {
	var m apperr.Multi
	if errors.As(err, &m) {
		return m.Error()
	}
	if apperr.Is(err) {
		return apperr.Message(err)
	}
	return err.Error()
}

// find picks the longest registered command name that prefixes args.
func find(args []string) (command, []string, bool) {
	var best command
	bestLen := 0
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(words) > len(args) || len(words) <= bestLen {
			continue
		}
		match := true
		for i, w := range words {
			if args[i] != w {
				match = false
				break
			}
		}
		if match {
			best, bestLen = c, len(words)
		}
	}
	return best, args[min(bestLen, len(args)):], bestLen > 0
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Bureau — contacts, dons et reçus fiscaux d'une association.

Usage :
  bureau [--db FICHIER] [--lang fr|en]       ouvre l'application
  bureau [--db FICHIER] COMMANDE [options]   travaille sans fenêtre
  bureau --version | --smoke-test

Commandes :
`)
	cs := append([]command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-44s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprint(w, `
La base de données est choisie par --db, sinon par la variable BUREAU_DB,
sinon c'est bureau.db dans le dossier de données de l'utilisateur.
`)
}

// newFlags returns a FlagSet for one command whose errors are returned,
// not printed.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args with fs and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{frenchFlagError(err)}
	}
	return nil
}

// frenchFlagError rewords the flag package's English errors.
func frenchFlagError(err error) string {
	s := err.Error()
	switch {
	case strings.HasPrefix(s, "flag provided but not defined: "):
		return "option inconnue " + strings.TrimPrefix(s, "flag provided but not defined: ")
	case strings.HasPrefix(s, "flag needs an argument: "):
		return "l'option " + strings.TrimPrefix(s, "flag needs an argument: ") + " attend une valeur"
	case strings.HasPrefix(s, "invalid value "):
		return "valeur invalide : " + strings.TrimPrefix(s, "invalid value ")
	}
	return s
}
