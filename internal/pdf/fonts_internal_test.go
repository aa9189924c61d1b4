package pdf

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/bureau-asso/bureau/assets"
)

func TestWinAnsiTable(t *testing.T) {
	n := 0
	for c := range 256 {
		r, ok := winAnsiRune(byte(c))
		if !ok {
			continue
		}
		n++
		if b, ok := winAnsiByte(r); !ok || b != byte(c) {
			t.Errorf("winAnsiByte(%U) = %#x, %v; want %#x", r, b, ok, c)
		}
	}
	if n != 218 {
		t.Errorf("%d WinAnsi characters, want 218", n)
	}
	for _, r := range "«»€œŒ’…—\u00a0éÿ" {
		if _, ok := winAnsiByte(r); !ok {
			t.Errorf("winAnsiByte(%q) not ok", r)
		}
	}
	for _, r := range "łŁșğ\u202f☒→" {
		if _, ok := winAnsiByte(r); ok {
			t.Errorf("winAnsiByte(%q) ok, want not", r)
		}
	}
}

// TestWinAnsiFontMatchesMakeFont checks the font definitions built in
// memory against what fpdf's own makefont writes for the same subset.
func TestWinAnsiFontMatchesMakeFont(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to find fpdf's cp1252.map: %v", err)
	}
	out, err := exec.Command(goBin, "list", "-m", "-f", "{{.Dir}}", "codeberg.org/go-pdf/fpdf").Output()
	if err != nil {
		t.Skipf("cannot find fpdf's sources for its cp1252.map: %v", err)
	}
	encoding := filepath.Join(strings.TrimSpace(string(out)), "font_embed", "cp1252.map")
	fs, err := fonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		file string
		font winAnsiFont
	}{{regularFile, fs.regular}, {boldFile, fs.bold}} {
		t.Run(tt.file, func(t *testing.T) {
			ttf, err := assets.Fonts.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var cutset []rune
			for c := 0x20; c < 0x100; c++ {
				if r, ok := winAnsiRune(byte(c)); ok {
					cutset = append(cutset, r)
				}
			}
			dir := t.TempDir()
			sub := filepath.Join(dir, "sub.ttf")
			if err := os.WriteFile(sub, fpdf.UTF8CutFont(ttf, string(cutset)), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := fpdf.MakeFont(sub, encoding, dir, nil, true); err != nil {
				t.Fatal(err)
			}
			want := readDef(t, must(os.ReadFile(filepath.Join(dir, "sub.json"))))
			got := readDef(t, tt.font.def)
			if !slices.Equal(got.Cw, want.Cw) {
				t.Errorf("widths differ from makefont's:\ngot  %v\nwant %v", got.Cw, want.Cw)
			}
			if got.Up != want.Up || got.Ut != want.Ut || want.Diff != "" || got.Diff != nbspDiff || got.Enc != "cp1252" ||
				got.OriginalSize != want.OriginalSize || got.Tp != want.Tp {
				t.Errorf("definition = %+v, want (as makefont) %+v", got, want)
			}
		})
	}
}

type fontDef struct {
	Tp, Name, Enc, Diff, File string
	Up, Ut, OriginalSize      int
	Cw                        []int
}

func readDef(t *testing.T, b []byte) fontDef {
	t.Helper()
	var d fontDef
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
