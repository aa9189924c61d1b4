package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/demo"
)

func init() {
	register(
		command{name: "demo", args: "",
			summary: "installe une association fictive pour découvrir Bureau (dans une base vide)", run: runDemo},
		command{name: "seed", args: "--contacts N --donations M [--seed S]",
			summary: "ajoute des données fictives en masse, pour mesurer les performances", run: runSeed},
	)
}

// parseDemo checks the arguments of demo: there are none.
func parseDemo(args []string) error {
	fs := newFlags("demo")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("argument inattendu « %s » : la commande ne prend pas d'argument", fs.Arg(0))
	}
	return nil
}

func runDemo(ctx context.Context, e *env, args []string) error {
	if err := parseDemo(args); err != nil {
		return err
	}
	path, err := e.dbPath()
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	s, err := demo.Install(ctx, c.DB, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Démonstration installée : %s, %s, %s (%s). Ouvrez-la avec : bureau --db %s\n",
		nounCount(s.People, "personne"), nounCount(s.Organisations, "organisation"), nounCount(s.Gifts, "don"),
		s.Total, quotedPath(path))
	return nil
}

// seedOptions are the parsed flags of seed.
type seedOptions struct {
	contacts, donations int
	seed                uint64
}

// parseSeed reads the flags of seed. Numbers are parsed here rather than
// by the flag package so that mistakes are explained in French.
func parseSeed(args []string) (seedOptions, error) {
	fs := newFlags("seed")
	contacts := fs.String("contacts", "0", "")
	donations := fs.String("donations", "0", "")
	seed := fs.String("seed", "1", "")
	if err := parseFlags(fs, args); err != nil {
		return seedOptions{}, err
	}
	if fs.NArg() > 0 {
		return seedOptions{}, usagef("argument inattendu « %s »", fs.Arg(0))
	}
	var o seedOptions
	var err error
	if o.contacts, err = parseCount("--contacts", *contacts); err != nil {
		return seedOptions{}, err
	}
	if o.donations, err = parseCount("--donations", *donations); err != nil {
		return seedOptions{}, err
	}
	if o.seed, err = strconv.ParseUint(strings.TrimSpace(*seed), 10, 64); err != nil {
		return seedOptions{}, usagef("--seed attend un nombre entier positif ou nul, pas « %s »", *seed)
	}
	switch {
	case o.contacts == 0 && o.donations == 0:
		return seedOptions{}, usagef("indiquez combien de contacts (--contacts) et de dons (--donations) générer")
	case o.donations > 0 && o.contacts == 0:
		return seedOptions{}, usagef("les dons ont besoin de donateurs : indiquez aussi --contacts")
	}
	return o, nil
}

// parseCount parses the value of a counting flag.
func parseCount(flag, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0, usagef("%s attend un nombre entier positif ou nul, pas « %s »", flag, s)
	}
	return n, nil
}

func runSeed(ctx context.Context, e *env, args []string) error {
	o, err := parseSeed(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	start := time.Now()
	progress := func(done, total int) {
		if done <= o.contacts {
			fmt.Fprintf(e.stderr, "contacts %d/%d\n", done, o.contacts)
		} else {
			fmt.Fprintf(e.stderr, "dons %d/%d\n", done-o.contacts, o.donations)
		}
	}
	s, err := demo.Seed(ctx, c.DB, demo.SeedParams{Contacts: o.contacts, Donations: o.donations, Seed: o.seed, Now: start}, progress)
	if err != nil {
		return err
	}
	elapsed := strings.Replace(strconv.FormatFloat(time.Since(start).Seconds(), 'f', 1, 64), ".", ",", 1)
	fmt.Fprintf(e.stdout, "Données ajoutées en %s s : %s, %s, %s (%s).\n", elapsed,
		nounCount(s.People, "personne"), nounCount(s.Organisations, "organisation"), nounCount(s.Gifts, "don"), s.Total)
	return nil
}

// nounCount writes n and noun, plural from 2 on as in French: "0 don",
// "1 don", "2 dons".
func nounCount(n int, noun string) string {
	if n > 1 {
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// quotedPath quotes path when a shell would split or interpret it.
func quotedPath(path string) string {
	if strings.ContainsAny(path, " \t'\"$&;|<>()*?#`\\") {
		return `"` + strings.ReplaceAll(path, `"`, `\"`) + `"`
	}
	return path
}
