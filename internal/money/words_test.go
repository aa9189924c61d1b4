package money_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

func TestIntegerWords(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		// receipts-law R9.8, traditional spelling.
		{1, "un"},
		{16, "seize"},
		{17, "dix-sept"},
		{21, "vingt et un"},
		{71, "soixante et onze"},
		{80, "quatre-vingts"},
		{81, "quatre-vingt-un"},
		{91, "quatre-vingt-onze"},
		{100, "cent"},
		{101, "cent un"},
		{180, "cent quatre-vingts"},
		{200, "deux cents"},
		{201, "deux cent un"},
		{1_000, "mille"},
		{1_001, "mille un"},
		{1_100, "mille cent"},
		{2_000, "deux mille"},
		{21_000, "vingt et un mille"},
		{80_000, "quatre-vingt mille"},
		{200_000, "deux cent mille"},
		{500_500, "cinq cent mille cinq cents"},
		{1_000_000, "un million"},
		{2_000_000, "deux millions"},
		{200_000_000, "deux cents millions"},
		{1_234, "mille deux cent trente-quatre"},

		// Units and tens (R9.2).
		{0, "zéro"},
		{2, "deux"},
		{10, "dix"},
		{11, "onze"},
		{12, "douze"},
		{13, "treize"},
		{14, "quatorze"},
		{15, "quinze"},
		{18, "dix-huit"},
		{19, "dix-neuf"},
		{20, "vingt"},
		{22, "vingt-deux"},
		{30, "trente"},
		{31, "trente et un"},
		{41, "quarante et un"},
		{51, "cinquante et un"},
		{60, "soixante"},
		{61, "soixante et un"},
		{69, "soixante-neuf"},
		{70, "soixante-dix"},
		{72, "soixante-douze"},
		{77, "soixante-dix-sept"},
		{79, "soixante-dix-neuf"},
		{89, "quatre-vingt-neuf"},
		{90, "quatre-vingt-dix"},
		{97, "quatre-vingt-dix-sept"},
		{99, "quatre-vingt-dix-neuf"},

		// Hundreds and thousands (R9.3, R9.4).
		{110, "cent dix"},
		{171, "cent soixante et onze"},
		{199, "cent quatre-vingt-dix-neuf"},
		{280, "deux cent quatre-vingts"},
		{281, "deux cent quatre-vingt-un"},
		{300, "trois cents"},
		{999, "neuf cent quatre-vingt-dix-neuf"},
		{1_080, "mille quatre-vingts"},
		{1_980, "mille neuf cent quatre-vingts"},
		{80_001, "quatre-vingt mille un"},
		{80_080, "quatre-vingt mille quatre-vingts"},
		{100_000, "cent mille"},
		{101_000, "cent un mille"},
		{180_000, "cent quatre-vingt mille"},
		{300_200, "trois cent mille deux cents"},
		{999_999, "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf"},

		// Millions (R9.3, R9.5).
		{1_000_001, "un million un"},
		{1_001_000, "un million mille"},
		{1_200_000, "un million deux cent mille"},
		{2_000_200, "deux millions deux cents"},
		{21_000_000, "vingt et un millions"},
		{80_000_000, "quatre-vingts millions"},
		{80_080_000, "quatre-vingts millions quatre-vingt mille"},
		{100_000_000, "cent millions"},
		{280_000_000, "deux cent quatre-vingts millions"},
		{999_999_999, "neuf cent quatre-vingt-dix-neuf millions neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf"},
	}
	for _, tt := range tests {
		if got := money.IntegerWords(tt.in, money.Traditional); got != tt.want {
			t.Errorf("IntegerWords(%d, Traditional) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIntegerWordsRectified(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "zéro"},
		{17, "dix-sept"},
		{21, "vingt-et-un"},
		{71, "soixante-et-onze"},
		{80, "quatre-vingts"},
		{81, "quatre-vingt-un"},
		{100, "cent"},
		{200, "deux-cents"},
		{231, "deux-cent-trente-et-un"},
		{1_234, "mille-deux-cent-trente-quatre"},
		{21_000, "vingt-et-un-mille"},
		{80_000, "quatre-vingt-mille"},
		{200_000, "deux-cent-mille"},
		{500_500, "cinq-cent-mille-cinq-cents"},
		// million is a noun, not hyphenated (R9.6; see IntegerWords).
		{1_000_000, "un million"},
		{2_000_000, "deux millions"},
		{1_200_000, "un million deux-cent-mille"},
		{21_000_000, "vingt-et-un millions"},
		{200_000_000, "deux-cents millions"},
		{999_999_999, "neuf-cent-quatre-vingt-dix-neuf millions neuf-cent-quatre-vingt-dix-neuf-mille-neuf-cent-quatre-vingt-dix-neuf"},
	}
	for _, tt := range tests {
		if got := money.IntegerWords(tt.in, money.Rectified1990); got != tt.want {
			t.Errorf("IntegerWords(%d, Rectified1990) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIntegerWordsPanics(t *testing.T) {
	for _, n := range []int64{-1, 1_000_000_000, math.MinInt64, math.MaxInt64} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("IntegerWords(%d) did not panic", n)
				}
			}()
			money.IntegerWords(n, money.Traditional)
		}()
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   money.Cents
		sp   money.Spelling
		want string
	}{
		// receipts-law R9.1.
		{123_456, money.Traditional, "mille deux cent trente-quatre euros et cinquante-six centimes"},
		{100, money.Traditional, "un euro"},
		{50, money.Traditional, "cinquante centimes"},
		{20_001, money.Traditional, "deux cents euros et un centime"},
		// R9.5: "d'euros" only when million ends the number.
		{100_000_000, money.Traditional, "un million d'euros"},
		{200_000_000, money.Traditional, "deux millions d'euros"},
		{120_000_000, money.Traditional, "un million deux cent mille euros"},
		{100_000_050, money.Traditional, "un million d'euros et cinquante centimes"},
		{100_000_100, money.Traditional, "un million un euros"},
		{20_000_000_000, money.Traditional, "deux cents millions d'euros"},
		// Singular and plural.
		{0, money.Traditional, "zéro euro"},
		{1, money.Traditional, "un centime"},
		{2, money.Traditional, "deux centimes"},
		{71, money.Traditional, "soixante et onze centimes"},
		{80, money.Traditional, "quatre-vingts centimes"},
		{101, money.Traditional, "un euro et un centime"},
		{199, money.Traditional, "un euro et quatre-vingt-dix-neuf centimes"},
		{200, money.Traditional, "deux euros"},
		{7_100, money.Traditional, "soixante et onze euros"},
		{8_000_000, money.Traditional, "quatre-vingt mille euros"},
		{99_999_999_999, money.Traditional,
			"neuf cent quatre-vingt-dix-neuf millions neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf euros et quatre-vingt-dix-neuf centimes"},
		// Rectified spelling: euro and centime are never hyphenated.
		{123_456, money.Rectified1990, "mille-deux-cent-trente-quatre euros et cinquante-six centimes"},
		{2_131, money.Rectified1990, "vingt-et-un euros et trente-et-un centimes"},
		{20_000_000_000, money.Rectified1990, "deux-cents millions d'euros"},
		{120_000_000, money.Rectified1990, "un million deux-cent-mille euros"},
		{0, money.Rectified1990, "zéro euro"},
		// An unknown spelling is traditional.
		{2_131, money.Spelling(7), "vingt et un euros et trente et un centimes"},
	}
	for _, tt := range tests {
		got, err := money.Words(tt.in, tt.sp)
		if err != nil || got != tt.want {
			t.Errorf("Words(%d, %d) = %q, %v, want %q", int64(tt.in), tt.sp, got, err, tt.want)
		}
	}
}

func TestWordsOutOfRange(t *testing.T) {
	for _, c := range []money.Cents{-1, -100, 100_000_000_000, math.MaxInt64, math.MinInt64} {
		got, err := money.Words(c, money.Traditional)
		var e *apperr.Error
		if !errors.Is(err, apperr.ErrInvalid) || !errors.As(err, &e) || e.Key != "money.words_out_of_range" {
			t.Errorf("Words(%d) = %q, %v, want apperr.Invalid money.words_out_of_range", int64(c), got, err)
		}
	}
}

// TestIntegerWordsProperties spells every number below 1 000 001 and a
// seeded sample up to 999 999 999, checks the grammar rules of R9.2–R9.6
// on each, and reads the words back with parseWords, which shares no code
// with the package.
func TestIntegerWordsProperties(t *testing.T) {
	limit := int64(1_000_000)
	samples := 50_000
	if testing.Short() {
		limit, samples = 200_000, 5_000
	}
	ns := make([]int64, 0, limit+1+int64(samples)+2000)
	for n := range limit + 1 {
		ns = append(ns, n)
	}
	for m := int64(1); m < 1000; m++ { // every million count, alone and followed
		ns = append(ns, m*1_000_000, m*1_000_000+80_080)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range samples {
		ns = append(ns, r.Int64N(1_000_000_000))
	}
	fails := 0
	for _, n := range ns {
		trad := money.IntegerWords(n, money.Traditional)
		rect := money.IntegerWords(n, money.Rectified1990)
		var problems []string
		problems = append(problems, grammarProblems(n, trad)...)
		if want := rectify(trad); rect != want {
			problems = append(problems, fmt.Sprintf("rectified %q, want %q", rect, want))
		}
		for _, s := range []string{trad, rect} {
			if got, err := parseWords(s); err != nil || got != n {
				problems = append(problems, fmt.Sprintf("parseWords(%q) = %d, %v", s, got, err))
			}
		}
		for _, p := range problems {
			t.Errorf("IntegerWords(%d) = %q: %s", n, trad, p)
			if fails++; fails > 20 {
				t.Fatal("too many failures")
			}
		}
	}
}

// TestWordsRoundTrip reads Words back for a seeded sample of amounts.
func TestWordsRoundTrip(t *testing.T) {
	cs := []money.Cents{0, 1, 99, 100, 101, 199, 200, 100_000_000, 100_000_001, 100_000_100, 99_999_999_999}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		cs = append(cs, money.Cents(r.Int64N(100_000_000_000)), money.Cents(r.Int64N(1_000_000)))
	}
	for _, c := range cs {
		for _, sp := range []money.Spelling{money.Traditional, money.Rectified1990} {
			s, err := money.Words(c, sp)
			if err != nil {
				t.Fatalf("Words(%d, %d): %v", int64(c), sp, err)
			}
			if got, err := parseAmount(s); err != nil || got != c {
				t.Errorf("parseAmount(Words(%d, %d) = %q) = %d, %v", int64(c), sp, s, int64(got), err)
			}
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, c := range []int64{0, 1, 50, 100, 123_456, 8_000_000, 100_000_000, 99_999_999_999, 100_000_000_000, -1, math.MinInt64, math.MaxInt64} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		c := money.Cents(n)
		for _, sp := range []money.Spelling{money.Traditional, money.Rectified1990} {
			s, err := money.Words(c, sp)
			inRange := 0 <= n && n <= 99_999_999_999
			if err != nil {
				if inRange || !errors.Is(err, apperr.ErrInvalid) {
					t.Fatalf("Words(%d, %d) error = %v", n, sp, err)
				}
				continue
			}
			if !inRange {
				t.Fatalf("Words(%d, %d) = %q, want error", n, sp, s)
			}
			if got, err := parseAmount(s); err != nil || got != c {
				t.Fatalf("parseAmount(Words(%d, %d) = %q) = %d, %v", n, sp, s, int64(got), err)
			}
		}
	})
}

func BenchmarkWords(b *testing.B) {
	cs := []money.Cents{50, 123_456, 8_000_000, 120_000_000, 99_999_999_999}
	for i := 0; b.Loop(); i++ {
		if _, err := money.Words(cs[i%len(cs)], money.Traditional); err != nil {
			b.Fatal(err)
		}
	}
}

// The checker and parser below restate the rules of receipts-law §9
// independently of the package, so that a mistake in one is caught by
// the other.

var wordValues = map[string]int64{
	"un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
	"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
	"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}

func isMillion(w string) bool { return w == "million" || w == "millions" }

// parseWords reads a whole number written in French words, in either
// spelling.
func parseWords(s string) (int64, error) {
	if s == "zéro" {
		return 0, nil
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' })
	var total, cur int64 // cur is the part below 1000 being read
	for i, w := range words {
		switch {
		case w == "et":
		case (w == "vingt" || w == "vingts") && i > 0 && words[i-1] == "quatre":
			cur += 80 - 4
		case wordValues[w] > 0:
			cur += wordValues[w]
		case w == "cent" || w == "cents":
			if cur >= 10 {
				return 0, fmt.Errorf("%q after %d", w, cur)
			}
			cur = max(cur, 1) * 100
		case w == "mille":
			if total%1_000_000 != 0 {
				return 0, fmt.Errorf("two thousands")
			}
			total += max(cur, 1) * 1000
			cur = 0
		case isMillion(w):
			if total != 0 || cur == 0 {
				return 0, fmt.Errorf("misplaced %q", w)
			}
			total, cur = cur*1_000_000, 0
		default:
			return 0, fmt.Errorf("unknown word %q", w)
		}
	}
	return total + cur, nil
}

// parseAmount reads the result of Words back into cents.
func parseAmount(s string) (money.Cents, error) {
	euroPart, centPart := "", s
	for _, sep := range []string{" d'euros", " euros", " euro"} {
		if i := strings.Index(s, sep); i >= 0 {
			euroPart, centPart = s[:i], s[i+len(sep):]
			if centPart != "" && !strings.HasPrefix(centPart, " et ") {
				return 0, fmt.Errorf("%q after euros", centPart)
			}
			centPart = strings.TrimPrefix(centPart, " et ")
			break
		}
	}
	var euros, cents int64
	var err error
	if euroPart != "" {
		if euros, err = parseWords(euroPart); err != nil {
			return 0, err
		}
		want := " euros"
		switch {
		case euros <= 1:
			want = " euro"
		case euros%1_000_000 == 0:
			want = " d'euros"
		}
		if !strings.HasPrefix(s[len(euroPart):], want+" ") && s[len(euroPart):] != want {
			return 0, fmt.Errorf("%d euros not written %q", euros, want)
		}
	}
	if centPart != "" {
		w, ok := strings.CutSuffix(centPart, " centimes")
		if !ok {
			w, ok = strings.CutSuffix(centPart, " centime")
		}
		if !ok {
			return 0, fmt.Errorf("no centimes in %q", centPart)
		}
		if cents, err = parseWords(w); err != nil {
			return 0, err
		}
		if cents == 0 || cents > 99 || (cents == 1) != strings.HasSuffix(centPart, " centime") {
			return 0, fmt.Errorf("bad centimes %q", centPart)
		}
		if euros == 0 && euroPart != "" {
			return 0, fmt.Errorf("zéro euro before centimes")
		}
	} else if euroPart == "" {
		return 0, fmt.Errorf("neither euros nor centimes")
	}
	return money.Cents(euros*100 + cents), nil
}

// grammarProblems checks the traditional spelling s of n against R9.2–R9.5.
func grammarProblems(n int64, s string) []string {
	var p []string
	if s == "" || strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
		p = append(p, "empty or badly spaced")
	}
	for _, bad := range []string{"cents mille", "vingts mille", "cent-", "-cent", "mille-", "-mille", "-et", "et-"} {
		if strings.Contains(s, bad) {
			p = append(p, "contains "+bad)
		}
	}
	if strings.HasPrefix(s, "un mille") || strings.HasPrefix(s, "un cent") || strings.Contains(s, "illions un mille") || strings.Contains(s, "illion un mille") {
		p = append(p, "un mille or un cent")
	}
	if m := n / 1_000_000; m == 1 && !strings.Contains(s, " million") || m > 1 && !strings.Contains(s, " millions") || m == 0 && strings.Contains(s, "million") {
		p = append(p, "million agreement")
	}
	tokens := strings.Split(s, " ")
	for i, tok := range tokens {
		next := ""
		if i+1 < len(tokens) {
			next = tokens[i+1]
		}
		ending := next == "" || isMillion(next) // where vingt and cent take -s (R9.3)
		parts := strings.Split(tok, "-")
		last := parts[len(parts)-1]
		for j, w := range parts {
			if _, ok := wordValues[w]; !ok && !slices.Contains([]string{"zéro", "et", "cent", "cents", "mille", "million", "millions"}, w) {
				p = append(p, "unknown word "+w)
			}
			if j > 0 && w == "un" && (j < 2 || parts[j-2] != "quatre") {
				p = append(p, "hyphen before un: "+tok) // "vingt et un", but "quatre-vingt-un"
			}
			if j > 0 && w == "onze" && parts[j-1] == "soixante" {
				p = append(p, "soixante-onze")
			}
		}
		switch {
		case (last == "cents" || last == "vingts") && !ending:
			p = append(p, tok+" before "+next)
		case tok == "cent" && i > 0 && wordValues[tokens[i-1]] >= 2 && wordValues[tokens[i-1]] <= 9 && ending:
			p = append(p, "multiplied cent without s")
		case tok == "quatre-vingt" && ending:
			p = append(p, "quatre-vingt without s")
		case tok == "et":
			prev := ""
			if i > 0 {
				prev = tokens[i-1]
			}
			if !(slices.Contains([]string{"vingt", "trente", "quarante", "cinquante", "soixante"}, prev) && next == "un" || prev == "soixante" && next == "onze") {
				p = append(p, "misplaced et")
			}
		}
	}
	return p
}

// rectify turns a traditional spelling into the rectified one: hyphens
// between all numerals, spaces around million(s) (R9.6).
func rectify(s string) string {
	tokens := strings.Split(s, " ")
	var b strings.Builder
	for i, tok := range tokens {
		if i > 0 {
			if isMillion(tok) || isMillion(tokens[i-1]) {
				b.WriteByte(' ')
			} else {
				b.WriteByte('-')
			}
		}
		b.WriteString(tok)
	}
	return b.String()
}
