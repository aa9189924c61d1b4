//go:build smoke

// The smoke test runs the real binary in a real window, under Xvfb:
//
//	BUREAU_BIN=$(pwd)/build/bureau xvfb-run -a -s "-screen 0 1280x800x24" \
//		go test -tags "migrated_fynedo smoke" -count=1 -run Smoke -v ./cmd/bureau
//
// It opens each screen on a demonstration database, takes a screenshot
// into build/screenshots, and checks that a damaged database is refused
// without being touched.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// screens are the keys of BUREAU_SMOKE_SCREEN, in the rail's order,
// then the views opened over a screen (app/smokeviews.go).
var screens = []string{"dashboard", "contacts", "partners", "press", "donations", "mail", "charters", "reports", "settings",
	"contact-form", "sponsor-board", "press-lists", "import-wizard", "merge-dialog", "contact-detail",
	"gifts-register", "gift-form", "receipts-list", "year-end-wizard", "declaration", "donor-panel", "mail-reader", "charter-editor"}

// duplicateCSV is a second record of the demonstration's bakery, as a
// careless import would bring it.
const duplicateCSV = "Type;Raison sociale;Forme juridique;Courriel;Téléphone;Adresse;Code postal;Ville\r\n" +
	"organisation;Boulangerie Martin & Fils;SAS;contact@boulangerie-martin.example.fr;02 47 20 30 40;27 rue Colbert;37000;Tours\r\n"

// importCSV is the file the import wizard opens: a member list as a
// French spreadsheet writes it, with one bad email on line 4.
const importCSV = "Nom;Prénom;Courriel;Téléphone;Code postal;Ville\r\n" +
	"Lefèvre;Camille;camille.lefevre@exemple.fr;06 11 22 33 44;37000;Tours\r\n" +
	"Moreau;Julien;julien.moreau@exemple.fr;;37100;Tours\r\n" +
	"Garnier;Chloé;chloe.garnier(at)exemple.fr;02 47 55 66 77;37200;Tours\r\n" +
	"Roux;Mathieu;mathieu.roux@exemple.fr;;41000;Blois\r\n"

const (
	readyTimeout = 30 * time.Second // start-up, first build of the font cache included
	exitTimeout  = 20 * time.Second
	hold         = "4s"
)

func TestSmokeScreens(t *testing.T) {
	bin := binary(t)
	shots := screenshotDir(t)
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo.db")
	if out, err := command(t, bin, "--db", demo, "demo").CombinedOutput(); err != nil {
		t.Fatalf("bureau demo: %v\n%s", err, out)
	}
	// A likely duplicate of a demonstration sponsor, for the merge dialog.
	dup := filepath.Join(dir, "doublon.csv")
	if err := os.WriteFile(dup, []byte(duplicateCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := command(t, bin, "--db", demo, "contacts", "import", dup).CombinedOutput(); err != nil {
		t.Fatalf("bureau contacts import: %v\n%s", err, out)
	}
	// Last year's yearly receipts, so that the receipts, the declaration
	// and the donor panel have something to show.
	lastYear := strconv.Itoa(time.Now().Year() - 1)
	if out, err := command(t, bin, "--db", demo, "receipts", "issue", "--year", lastYear, "--annual").CombinedOutput(); err != nil {
		t.Fatalf("bureau receipts issue: %v\n%s", err, out)
	}
	csv := filepath.Join(dir, "adherents.csv")
	if err := os.WriteFile(csv, []byte(importCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, screen := range screens {
		t.Run(screen, func(t *testing.T) {
			ms := runSmoke(t, bin, demo, screen, filepath.Join(shots, screen+".png"), "BUREAU_SMOKE_FILE="+csv)
			t.Logf("%s: ready in %d ms", screen, ms)
		})
	}
	t.Run("welcome", func(t *testing.T) {
		empty := filepath.Join(t.TempDir(), "bureau.db")
		ms := runSmoke(t, bin, empty, "welcome", filepath.Join(shots, "welcome.png"))
		t.Logf("welcome: ready in %d ms", ms)
	})
}

func TestSmokeDamagedDatabase(t *testing.T) {
	bin := binary(t)
	path := filepath.Join(t.TempDir(), "bureau.db")
	garbage := bytes.Repeat([]byte("ceci n'est pas une base SQLite\n"), 200)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := command(t, bin, "--db", path, "--smoke-test")
	cmd.Env = append(cmd.Env, "BUREAU_SMOKE_HOLD=1s")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	err := wait(t, cmd)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit status = %v, want 1\nstderr:\n%s", err, stderr.String())
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, garbage) {
		t.Errorf("the damaged file was changed (err %v)", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("%d files beside the damaged database, want none", len(entries)-1)
	}
}

// runSmoke starts the binary on db showing screen, with the extra
// environment env, waits for "ready in N ms", takes a screenshot into
// shot, checks it is not blank and waits for a clean exit. It returns N.
func runSmoke(t *testing.T, bin, db, screen, shot string, env ...string) int {
	t.Helper()
	cmd := command(t, bin, "--db", db, "--smoke-test")
	cmd.Env = append(cmd.Env, "BUREAU_SMOKE_SCREEN="+screen, "BUREAU_SMOKE_HOLD="+hold)
	cmd.Env = append(cmd.Env, env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ms, err := readReady(stdout)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("%s: %v\nstderr:\n%s", screen, err, stderr.String())
	}
	if out, err := exec.Command("import", "-window", "root", shot).CombinedOutput(); err != nil {
		t.Errorf("import %s: %v\n%s", shot, err, out)
	} else if n, err := distinctColours(shot); err != nil || n <= 20 {
		t.Errorf("screenshot %s looks blank: %d colours (err %v)", shot, n, err)
	}
	if err := wait(t, cmd); err != nil {
		t.Errorf("%s: exit: %v\nstderr:\n%s", screen, err, stderr.String())
	}
	return ms
}

var readyLine = regexp.MustCompile(`^ready in (\d+) ms$`)

// readReady reads stdout until "ready in N ms", then drains the rest in
// the background so that the process never blocks on a full pipe.
func readReady(r io.Reader) (int, error) {
	type result struct {
		ms  int
		err error
	}
	done := make(chan result, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if m := readyLine.FindStringSubmatch(strings.TrimSpace(sc.Text())); m != nil {
				ms, _ := strconv.Atoi(m[1])
				done <- result{ms: ms}
				io.Copy(io.Discard, r)
				return
			}
		}
		done <- result{err: errNoReady}
	}()
	select {
	case res := <-done:
		return res.ms, res.err
	case <-time.After(readyTimeout):
		return 0, errNoReady
	}
}

var errNoReady = errors.New("no « ready in N ms » line on stdout")

// wait waits for cmd to exit within exitTimeout, killing it after.
func wait(t *testing.T, cmd *exec.Cmd) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(exitTimeout):
		cmd.Process.Kill()
		<-done
		t.Fatalf("bureau did not exit within %s", exitTimeout)
		return nil
	}
}

// command prepares bin with a private configuration folder, so that the
// test never reads or writes the user's Fyne preferences.
func command(t *testing.T, bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "BUREAU_DB=", "LANG=fr_FR.UTF-8")
	return cmd
}

// binary is $BUREAU_BIN, or a binary built for the test.
func binary(t *testing.T) string {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("DISPLAY is not set: run the smoke test under xvfb-run (make smoke)")
	}
	if _, err := exec.LookPath("import"); err != nil {
		t.Fatal("ImageMagick's import is missing: scripts/install-deps.sh test installs it")
	}
	if bin := os.Getenv("BUREAU_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "bureau")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// screenshotDir is build/screenshots at the root of the repository.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "build", "screenshots"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// distinctColours counts the colours of a PNG, up to 1000.
func distinctColours(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return 0, err
	}
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) >= 1000 {
				return len(seen), nil
			}
		}
	}
	return len(seen), nil
}
