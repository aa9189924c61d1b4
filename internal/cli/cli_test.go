package cli_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/cli"
)

var update = flag.Bool("update", false, "rewrite golden files")

// run calls cli.Main with the database at db and returns the exit status
// and both outputs.
func run(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if db != "" {
		args = append([]string{"--db", db}, args...)
	}
	code := cli.Main(context.Background(), args, strings.NewReader(""), &out, &errOut, nil)
	return code, out.String(), errOut.String()
}

// golden compares got with testdata/name.golden; -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden: %v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestMainUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"unknown command", []string{"frobnicate"}, 2, "commande inconnue « frobnicate »"},
		{"unknown global flag", []string{"--nope"}, 2, "option inconnue -nope"},
		{"unknown subcommand flag", []string{"association", "show", "--nope"}, 2, "argument inattendu"},
		{"no GUI available", nil, 2, "Usage"},
		{"set without assignment", []string{"association", "set"}, 2, "indiquez au moins une modification"},
		{"set malformed", []string{"association", "set", "name"}, 2, "n'est pas de la forme clé=valeur"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, db, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit = %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantErr)
			}
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := run(t, "", "--version")
	if code != 0 || !strings.HasPrefix(out, "bureau ") {
		t.Fatalf("--version: %d %q", code, out)
	}
	code, out, _ = run(t, "", "help")
	if code != 0 || !strings.Contains(out, "association set") || !strings.Contains(out, "BUREAU_DB") {
		t.Fatalf("help: %d %q", code, out)
	}
}

func TestGUIGetsDBPath(t *testing.T) {
	var got cli.GUIOptions
	gui := func(o cli.GUIOptions) int { got = o; return 7 }
	t.Setenv("BUREAU_DB", "/env/x.db")
	code := cli.Main(context.Background(), []string{"--smoke-test", "--lang", "en"}, nil, &bytes.Buffer{}, &bytes.Buffer{}, gui)
	if code != 7 || got.DBPath != "/env/x.db" || !got.SmokeTest || got.Lang != "en" {
		t.Fatalf("gui got %+v, code %d", got, code)
	}
	code = cli.Main(context.Background(), []string{"--db", "/flag.db"}, nil, &bytes.Buffer{}, &bytes.Buffer{}, gui)
	if code != 7 || got.DBPath != "/flag.db" {
		t.Fatalf("--db: gui got %+v", got)
	}
}

func TestAssociationSetAndShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "Asso été", "bureau.db")
	code, _, stderr := run(t, db, "association", "set",
		"name=Les Jardins Partagés", "rna=w372012345", "street=12 rue des Tanneurs",
		"postcode=37000", "city=Tours", "country=France",
		"object=Jardins partagés et éducation à l'environnement", "category=asso_1901_ig",
		"signer_name=Claire Moreau", "signer_role=Présidente")
	if code != 0 {
		t.Fatalf("set: exit %d, stderr %q", code, stderr)
	}
	code, out, _ := run(t, db, "association", "show")
	if code != 0 {
		t.Fatalf("show: exit %d", code)
	}
	golden(t, "association-show", out)
}

func TestAssociationSetRefusesBadValue(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bureau.db")
	if code, _, _ := run(t, db, "association", "set", "name=Avant"); code != 0 {
		t.Fatal("first set failed")
	}
	tests := []struct {
		arg, want string
	}{
		{"siren=123456789", "clé"},
		{"siren=12345", "9 chiffres"},
		{"rna=X12", "RNA"},
		{"category=nope", "atégorie"},
		{"colour=blue", "name"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, db, "association", "set", "name=Après", tt.arg)
		if code != 1 {
			t.Errorf("set %s: exit %d, want 1", tt.arg, code)
		}
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("set %s: stderr %q, want it to mention %q", tt.arg, stderr, tt.want)
		}
	}
	// Nothing of a refused command is saved, not even its valid parts.
	_, out, _ := run(t, db, "association", "show")
	if !strings.Contains(out, "Avant") || strings.Contains(out, "Après") {
		t.Errorf("a refused set changed the profile:\n%s", out)
	}
}

func TestAssociationCategories(t *testing.T) {
	code, out, _ := run(t, "", "association", "categories")
	if code != 0 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 20 || !strings.HasPrefix(lines[0], "asso_1901_ig\tAssociation loi 1901") {
		t.Fatalf("categories: %d lines, first %q", len(lines), lines[0])
	}
}

func TestCommandHelp(t *testing.T) {
	code, out, _ := run(t, "", "sponsors", "due", "--help")
	if code != 0 || !strings.HasPrefix(out, "Usage : bureau sponsors due") {
		t.Fatalf("sponsors due --help: exit %d, out %q", code, out)
	}
}
