package app

import (
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/bureau-asso/bureau/assets"
)

var update = flag.Bool("update", false, "rewrite assets/translations/fr.json from the French fallbacks of the code")

func TestChooseLanguage(t *testing.T) {
	a := test.NewTempApp(t)
	prefs := a.Preferences()
	tests := []struct {
		flag, saved, want string
	}{
		{"", "", "fr"},
		{"en", "", "en"},
		{"", "en", "en"},
		{"fr", "en", "fr"},
		{"de", "", "fr"},
		{"", "de", "fr"},
	}
	for _, tc := range tests {
		prefs.SetString(prefLanguage, tc.saved)
		if got := chooseLanguage(tc.flag, prefs); got != tc.want {
			t.Errorf("chooseLanguage(%q) with %q saved = %q, want %q", tc.flag, tc.saved, got, tc.want)
		}
	}
}

// TestFrenchWhateverTheSystemLanguage checks the choice documented in
// lang.go: an English system still gets French unless English was chosen.
func TestFrenchWhateverTheSystemLanguage(t *testing.T) {
	t.Cleanup(func() { useLanguage("fr", false) })
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("LANGUAGE", "")
	for _, setEnv := range []bool{false, true} {
		if err := useLanguage("fr", setEnv); err != nil {
			t.Fatal(err)
		}
		if got := lang.X("nav.dashboard", "fallback"); got != "Tableau de bord" {
			t.Errorf("setEnv %v: nav.dashboard = %q on an English system, want French", setEnv, got)
		}
	}
	if got := navEntries()[0].label; got != "Tableau de bord" {
		t.Errorf("first nav entry = %q on an English system, want French", got)
	}
	if got := os.Getenv("LANGUAGE"); got != "fr" {
		t.Errorf("LANGUAGE = %q, want fr", got)
	}
	// Fyne's own texts follow on Linux.
	if got := lang.L("Cancel"); got != "Annuler" {
		t.Errorf("Fyne's Cancel = %q, want Annuler", got)
	}
}

func TestEnglishTranslationsLoad(t *testing.T) {
	newApp(t)
	t.Cleanup(func() { useLanguage("fr", false) })
	t.Setenv("LANG", "fr_FR.UTF-8")
	if err := useLanguage("en", false); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range navEntries() {
		got = append(got, e.label)
	}
	want := []string{"Dashboard", "Contacts", "Partners & sponsors", "Press", "Gifts & receipts",
		"Emails", "Charters", "Reports", "Settings"}
	if !slices.Equal(got, want) {
		t.Errorf("English nav = %q, want %q", got, want)
	}
	if got := countPeople(2); got != "2 people" {
		t.Errorf("countPeople(2) = %q", got)
	}
}

// TestTranslationsMatchCode keeps the translation files in step with the
// code: every lang.X key has its French fallback in fr.json and a text in
// en.json, and no file has keys the code no longer uses.
func TestTranslationsMatchCode(t *testing.T) {
	code := codeTexts(t)
	if *update {
		data, err := marshalTexts(code)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../assets/translations/fr.json", data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fr, en := readTexts(t, "fr"), readTexts(t, "en")
	if *update {
		fr = code // the embedded file is the old one until the next build
	}
	for k, fallback := range code {
		if fr[k] != fallback {
			t.Errorf("fr.json[%q] = %q, want the code's fallback %q (go test ./app -run TestTranslationsMatchCode -update)", k, fr[k], fallback)
		}
		if strings.TrimSpace(en[k]) == "" {
			t.Errorf("en.json lacks %q", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(en)) {
		if _, ok := code[k]; !ok {
			t.Errorf("en.json has %q, which the code does not use", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(fr)) {
		if _, ok := code[k]; !ok {
			t.Errorf("fr.json has %q, which the code does not use", k)
		}
	}
}

// codeTexts collects lang.X(key, fallback) calls of the package.
func codeTexts(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "X" {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "lang" {
				return true
			}
			key, ok1 := literal(call.Args[0])
			fallback, ok2 := literal(call.Args[1])
			if !ok1 || !ok2 {
				t.Errorf("%s: lang.X needs literal key and fallback", fset.Position(call.Pos()))
				return true
			}
			if old, dup := out[key]; dup && old != fallback {
				t.Errorf("%s: key %q has two fallbacks: %q and %q", fset.Position(call.Pos()), key, old, fallback)
			}
			out[key] = fallback
			return true
		})
	}
	return out
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func readTexts(t *testing.T, code string) map[string]string {
	t.Helper()
	data, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

func marshalTexts(m map[string]string) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}
