package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/cli"
	"github.com/bureau-asso/bureau/internal/store"
)

// runCLI runs the command line against the database at path.
func runCLI(t *testing.T, path string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Main(context.Background(), append([]string{"--db", path}, args...), nil, &out, &errOut, nil)
	return code, out.String(), errOut.String()
}

// contactCounts returns the number of people and organisations in the database.
func contactCounts(t *testing.T, path string) (people, orgs int) {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	people, orgs, err = db.CountContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return people, orgs
}

func parseInt(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func TestDemoCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	code, out, errOut := runCLI(t, path, "demo")
	if code != cli.ExitOK {
		t.Fatalf("bureau demo = %d, stderr %q", code, errOut)
	}
	re := regexp.MustCompile(`^Démonstration installée : (\d+) personnes, (\d+) organisations, (\d+) dons \([\d\x{a0}]+,\d\d\x{a0}€\)\. Ouvrez-la avec : bureau --db (.+)\n$`)
	m := re.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("bureau demo printed %q, want it to match %s", out, re)
	}
	if m[4] != path && m[4] != `"`+path+`"` {
		t.Errorf("bureau demo points to %s, want %s", m[4], path)
	}
	people, orgs := contactCounts(t, path)
	if people != parseInt(m[1]) || orgs != parseInt(m[2]) || parseInt(m[3]) < 300 {
		t.Errorf("database has %d people, %d organisations; bureau demo said %q", people, orgs, out)
	}

	code, out, errOut = runCLI(t, path, "demo")
	if code != cli.ExitError || out != "" || !strings.Contains(errOut, "Cette base contient déjà des contacts") {
		t.Errorf("bureau demo again = %d, %q, %q; want exit 1 and the refusal", code, out, errOut)
	}
	if p, o := contactCounts(t, path); p != people || o != orgs {
		t.Errorf("refused demo changed the counts to %d, %d", p, o)
	}
}

func TestSeedCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.db")
	code, out, errOut := runCLI(t, path, "seed", "--contacts", "40", "--donations", "100", "--seed", "7")
	if code != cli.ExitOK {
		t.Fatalf("bureau seed = %d, stderr %q", code, errOut)
	}
	if want := "contacts 40/40\ndons 100/100\n"; errOut != want {
		t.Errorf("bureau seed progress = %q, want %q", errOut, want)
	}
	re := regexp.MustCompile(`^Données ajoutées en \d+,\d s : (\d+) personnes?, (\d+) organisations?, 100 dons \([\d\x{a0}]+,\d\d\x{a0}€\)\.\n$`)
	m := re.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("bureau seed printed %q, want it to match %s", out, re)
	}
	people, orgs := contactCounts(t, path)
	if people != parseInt(m[1]) || orgs != parseInt(m[2]) || people+orgs != 40 {
		t.Errorf("database has %d people, %d organisations; bureau seed said %q", people, orgs, out)
	}

	// The same seed again is refused, with a way out.
	code, _, errOut = runCLI(t, path, "seed", "--contacts", "1", "--donations", "1", "--seed", "7")
	if code != cli.ExitError || !strings.Contains(errOut, "par exemple 8") {
		t.Errorf("bureau seed with a used seed = %d, %q", code, errOut)
	}
}

func TestSeedCommandUsage(t *testing.T) {
	tests := [][]string{
		{"seed", "--contacts", "-5", "--donations", "1"},
		{"seed", "--contacts", "abc"},
		{"seed"},
		{"demo", "en-trop"},
	}
	for _, args := range tests {
		path := filepath.Join(t.TempDir(), "bureau.db")
		code, out, errOut := runCLI(t, path, args...)
		if code != cli.ExitUsage || out != "" || !strings.Contains(errOut, "Usage : bureau "+args[0]) {
			t.Errorf("bureau %q = %d, %q, %q; want exit 2 with the usage", args, code, out, errOut)
		}
	}
}
