package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/backup"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/paths"
	"github.com/bureau-asso/bureau/internal/store"
)

func init() {
	register(
		command{name: "backup", args: "[--out FICHIER]", summary: "sauvegarde la base (avec son empreinte SHA-256)", run: runBackup},
		command{name: "restore", args: "FICHIER", summary: "remplace la base par une sauvegarde vérifiée", run: runRestore},
		command{name: "check", summary: "vérifie l'intégrité de la base", run: runCheck},
	)
}

// parseBackup reads `backup [--out FICHIER]`; out "" means the backup folder.
func parseBackup(args []string) (out string, err error) {
	fs := newFlags("backup")
	fs.StringVar(&out, "out", "", "")
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", usagef("argument inattendu « %s »", fs.Arg(0))
	}
	return out, nil
}

func runBackup(ctx context.Context, e *env, args []string) error {
	out, err := parseBackup(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := c.Backup.Backup(ctx, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Sauvegarde écrite : %s (%s Mo), SHA-256 : %s\n", r.Path, sizeMo(r.Size), r.SHA256)
	return nil
}

// sizeMo formats a size in Mo with one decimal and a French comma.
func sizeMo(n int64) string {
	return strings.Replace(fmt.Sprintf("%.1f", float64(n)/1e6), ".", ",", 1)
}

// parseRestore reads `restore FICHIER`.
func parseRestore(args []string) (string, error) {
	fs := newFlags("restore")
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	switch fs.NArg() {
	case 0:
		return "", usagef("indiquez la sauvegarde à restaurer, par exemple sauvegardes/auto-2025-01-31.db")
	case 1:
		return fs.Arg(0), nil
	}
	return "", usagef("argument inattendu « %s »", fs.Arg(1))
}

func runRestore(ctx context.Context, e *env, args []string) error {
	file, err := parseRestore(args)
	if err != nil {
		return err
	}
	p, err := e.dbPath()
	if err != nil {
		return err
	}
	svc, closeCurrent, err := openForRestore(ctx, e.stderr, p)
	if err != nil {
		return err
	}
	defer closeCurrent() // a no-op once Restore has closed it
	sum, err := svc.Verify(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Empreinte SHA-256 vérifiée : %s\n", sum)
	safety, err := svc.Restore(ctx, file, closeCurrent)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Sauvegarde lisible par cette version, intégrité vérifiée.")
	if safety != "" {
		fmt.Fprintf(e.stdout, "Copie de sécurité de l'ancienne base : %s\n", safety)
	}
	fmt.Fprintf(e.stdout, "Base restaurée : %s\n", p)
	return nil
}

// openForRestore opens the current database for Restore. A missing
// database, or one whose content cannot be used (the usual reason to
// restore), gives a Service without database: Restore then copies the
// file as it is before replacing it. The returned close func may be
// called more than once.
func openForRestore(ctx context.Context, stderr io.Writer, dbPath string) (*backup.Service, func() error, error) {
	noop := func() error { return nil }
	if _, err := os.Stat(dbPath); errors.Is(err, os.ErrNotExist) {
		return backup.New(nil, dbPath, nil), noop, nil
	}
	c, err := core.Open(ctx, core.Options{DBPath: dbPath})
	if backup.Replaceable(err) {
		fmt.Fprintf(stderr, "bureau : attention : %s\nLa base actuelle sera copiée telle quelle avant d'être remplacée.\n", apperr.Message(err))
		return backup.New(nil, dbPath, nil), noop, nil
	}
	if err != nil {
		return nil, nil, err
	}
	closed := false
	return c.Backup, func() error {
		if closed {
			return nil
		}
		closed = true
		return c.Close()
	}, nil
}

func runCheck(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("argument inattendu « %s »", args[0])
	}
	c, err := e.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	problems, err := c.DB.Check(ctx)
	if err != nil {
		return err
	}
	printCheck(e.stdout, problems)
	if len(problems) == 0 {
		return nil
	}
	return apperr.Unavailable("check.problems",
		fmt.Sprintf("%s dans la base %s. Évitez de la modifier : restaurez une sauvegarde saine avec « bureau restore FICHIER » (les sauvegardes sont dans %s).",
			problemCount(len(problems)), c.DB.Path(), paths.BackupDir(c.DB.Path())), nil)
}

// printCheck writes one line per check, or per problem, then a summary.
func printCheck(w io.Writer, problems []store.Problem) {
	byCheck := map[string][]string{}
	for _, pb := range problems {
		byCheck[pb.Check] = append(byCheck[pb.Check], pb.Detail)
	}
	checks := store.Checks()
	for _, ch := range checks {
		details := byCheck[ch.Name]
		if len(details) == 0 {
			fmt.Fprintf(w, "%-10s%s\n", "OK", ch.Label)
		}
		for _, d := range details {
			fmt.Fprintf(w, "%-10s%s : %s\n", "PROBLÈME", ch.Label, d)
		}
	}
	if len(problems) == 0 {
		fmt.Fprintf(w, "\nAucun problème : %d vérifications réussies.\n", len(checks))
		return
	}
	fmt.Fprintf(w, "\n%s.\n", problemCount(len(problems)))
}

// problemCount says "1 problème trouvé" or "3 problèmes trouvés".
func problemCount(n int) string {
	if n == 1 {
		return "1 problème trouvé"
	}
	return fmt.Sprintf("%d problèmes trouvés", n)
}
