package receipt_test

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/store"
)

func TestIssueNumbersOneSeriesPerYear(t *testing.T) {
	e := newEnv(t)
	p := e.person("Marie", "Dupont")
	var got []string
	for _, d := range []string{"2026-01-10", "2026-02-10", "2026-03-10"} {
		got = append(got, e.issue(e.gift(p, 5000, d)).Number)
	}
	e.clk.Set("2027-01-05")
	got = append(got, e.issue(e.gift(p, 5000, "2026-12-10")).Number)
	want := []string{"2026-00001", "2026-00002", "2026-00003", "2027-00001"}
	if !slices.Equal(got, want) {
		t.Errorf("numbers = %v, want %v", got, want)
	}
	r, err := e.svc.Get(e.ctx, "2027-00001")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(r.PDF)
	if r.IssuedOn != "2027-01-05" || r.Year != 2027 || r.PeriodYear != 2026 || r.SHA256 != hex.EncodeToString(sum[:]) ||
		r.Form != (donation.Form{Code: "2041-RD", Cerfa: "11580*05", Version: "2023-03-01"}) || !bytes.HasPrefix(r.PDF, []byte("%PDF-")) {
		t.Errorf("stored receipt = %+v", r)
	}
	e.check()
}

func TestFirstNumberSetOnce(t *testing.T) {
	e := newEnv(t)
	p := e.person("Marie", "Dupont")
	if err := e.svc.SetFirstNumber(e.ctx, 2026, 150); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetFirstNumber(e.ctx, 2026, 200); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("second SetFirstNumber = %v, want a conflict", err)
	}
	if n := e.issue(e.gift(p, 5000, "2026-01-10")).Number; n != "2026-00150" {
		t.Errorf("first number = %s, want 2026-00150", n)
	}
	if n := e.issue(e.gift(p, 5000, "2026-01-11")).Number; n != "2026-00151" {
		t.Errorf("second number = %s, want 2026-00151", n)
	}
	// A year that already has receipts cannot get a first number.
	e.clk.Set("2027-02-01")
	e.issue(e.gift(p, 5000, "2027-01-11"))
	if err := e.svc.SetFirstNumber(e.ctx, 2027, 10); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("SetFirstNumber after issue = %v, want a conflict", err)
	}
	series, err := e.svc.Numbering(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []receipt.Series{{Year: 2026, First: 150, Next: 152, FirstSet: true, Issued: 2}, {Year: 2027, First: 1, Next: 2, Issued: 1}}
	if !slices.Equal(series, want) {
		t.Errorf("series = %+v, want %+v", series, want)
	}
	e.check()
}

// TestConcurrentIssue issues from two goroutines, each with its own
// database handle as two Bureau processes would: the numbers are unique
// and contiguous.
func TestConcurrentIssue(t *testing.T) {
	e := newEnv(t)
	other, err := store.Open(e.ctx, e.db.Path(), store.Options{Now: e.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	svc2 := receipt.NewService(receipt.Params{Store: other, Render: core.RenderReceipt, Now: e.clk.Now})
	p := e.person("Marie", "Dupont")
	const n = 20
	var ids [2][]int64
	for i := range 2 * n {
		ids[i%2] = append(ids[i%2], e.gift(p, 1000, fmt.Sprintf("2026-03-%02d", 1+i%28)))
	}
	var mu sync.Mutex
	var numbers []string
	var wg sync.WaitGroup
	for w, s := range []*receipt.Service{e.svc, svc2} {
		wg.Go(func() {
			for _, id := range ids[w] {
				r, err := s.Issue(e.ctx, id)
				if err != nil {
					t.Errorf("issue %d: %v", id, err)
					return
				}
				mu.Lock()
				numbers = append(numbers, r.Number)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(numbers)
	for i, got := range numbers {
		if want := fmt.Sprintf("2026-%05d", i+1); got != want {
			t.Fatalf("numbers = %v, want 2026-00001 to 2026-%05d without hole", numbers, 2*n)
		}
	}
	e.check()
}

func TestIssueRefusedListsWhatIsMissing(t *testing.T) {
	e := newEnv(t)
	prof := profile()
	prof.RNA, prof.Object = "", ""
	if err := e.db.SaveAssociation(e.ctx, prof); err != nil {
		t.Fatal(err)
	}
	c := e.company("Atelier Numérique", "")
	id := e.gift(c, 5000, "2026-03-01")
	_, err := e.svc.Issue(e.ctx, id)
	var m apperr.Multi
	if !errors.As(err, &m) {
		t.Fatalf("Issue = %v, want an apperr.Multi", err)
	}
	var keys []string
	for _, x := range m {
		keys = append(keys, x.Key)
	}
	want := []string{"association.missing_siren", "association.missing_object"}
	if !slices.Equal(keys, want) {
		t.Errorf("missing = %v, want %v (a single receipt needs no fiscal-year end)", keys, want)
	}
	if _, err := e.svc.IssueAnnual(e.ctx, c, 2026); err == nil || !strings.Contains(err.Error(), "date de clôture de l'exercice") {
		t.Errorf("IssueAnnual = %v, want the company's fiscal-year end to be asked for", err)
	}
	if rows, _ := e.svc.List(e.ctx, receipt.Filter{}); len(rows) != 0 {
		t.Errorf("receipts = %d, want none issued", len(rows))
	}
	e.check()
}

func TestOneValidReceiptPerGift(t *testing.T) {
	e := newEnv(t)
	p := e.person("Marie", "Dupont")
	id := e.gift(p, 5000, "2026-03-01")
	first := e.issue(id)
	if _, err := e.svc.Issue(e.ctx, id); err == nil || !strings.Contains(err.Error(), "figure déjà sur le reçu n° "+first.Number) {
		t.Errorf("second Issue = %v, want a refusal naming %s", err, first.Number)
	}
	if _, err := e.svc.IssueAnnual(e.ctx, p, 2026); err == nil {
		t.Error("IssueAnnual for a receipted gift succeeded, want nothing to issue")
	}
	if _, err := e.svc.Cancel(e.ctx, first.Number, "don saisi en double"); err != nil {
		t.Fatal(err)
	}
	// Cancelled: the gift is free again, the number stays used.
	if n := e.issue(id).Number; n != "2026-00002" {
		t.Errorf("number after cancellation = %s, want 2026-00002", n)
	}
	e.check()
}

func TestCancelReplaceDuplicate(t *testing.T) {
	e := newEnv(t)
	p := e.person("Marie", "Dupont")
	id := e.gift(p, 123456, "2026-07-14")
	r := e.issue(id)
	original, err := e.svc.PDF(e.ctx, r.Number)
	if err != nil || !bytes.Equal(original, r.PDF) {
		t.Fatalf("PDF = %d bytes, %v; want the stored %d bytes", len(original), err, len(r.PDF))
	}

	e.clk.Set("2027-03-20")
	dup, err := e.svc.Duplicate(e.ctx, r.Number)
	if err != nil {
		t.Fatal(err)
	}
	if txt := pdfText(t, dup); !strings.Contains(txt, "DUPLICATA délivré le 20/03/2027") || !strings.Contains(txt, r.Number) {
		t.Errorf("duplicate text lacks its mark or number:\n%s", txt)
	}
	dates, err := e.db.ReceiptDuplicates(e.ctx, r.Number)
	if err != nil || !slices.Equal(dates, []string{"2027-03-20"}) {
		t.Errorf("duplicate log = %v, %v", dates, err)
	}
	if again, _ := e.svc.PDF(e.ctx, r.Number); !bytes.Equal(again, original) {
		t.Error("a duplicate changed the stored PDF")
	}

	// Correct the donor's address, then replace: same gifts, new data.
	if _, err := rawDB(t, e.db.Path()).Exec(`UPDATE contact_address SET street = '9 rue du Cœur-Volant' WHERE contact_id = ?`, p); err != nil {
		t.Fatal(err)
	}
	old, nr, err := e.svc.Replace(e.ctx, r.Number, "erreur d'adresse")
	if err != nil {
		t.Fatal(err)
	}
	if old.Status != donation.Cancelled || old.ReplacedBy != nr.Number || old.CancelReason != "erreur d'adresse" ||
		nr.Replaces != r.Number || nr.Number != "2027-00001" || nr.Donor.Street != "9 rue du Cœur-Volant" || nr.Total != r.Total {
		t.Errorf("replace: old %+v / new %+v", old, nr)
	}
	cancelled, err := e.svc.PDF(e.ctx, r.Number)
	if err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, cancelled)
	for _, want := range []string{"Reçu annulé le 20/03/2027 : erreur d'adresse", "Remplacé par le reçu n° 2027-00001", "7 rue du Cœur-Volant"} {
		if !strings.Contains(txt, want) {
			t.Errorf("cancelled document lacks %q:\n%s", want, txt)
		}
	}
	if txt := pdfText(t, mustPDF(t, e, nr.Number)); !strings.Contains(txt, "Annule et remplace le reçu n° "+r.Number) {
		t.Errorf("replacement lacks « Annule et remplace »:\n%s", txt)
	}
	if _, err := e.svc.Duplicate(e.ctx, r.Number); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("duplicate of a cancelled receipt = %v, want a conflict", err)
	}
	if _, err := e.svc.Cancel(e.ctx, r.Number, "encore"); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("second cancellation = %v, want a conflict", err)
	}
	if _, _, err := e.svc.Replace(e.ctx, r.Number, ""); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("second replacement = %v, want a conflict", err)
	}
	if _, err := e.svc.Cancel(e.ctx, nr.Number, " "); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("cancellation without reason = %v, want invalid", err)
	}
	e.check()
}

// TestReplaceAfterCancel corrects a gift's amount: cancel the receipt,
// correct the gift (now free), then replace the cancelled receipt.
func TestReplaceAfterCancel(t *testing.T) {
	e := newEnv(t)
	p := e.person("Marie", "Dupont")
	id := e.gift(p, 10000, "2026-07-14")
	r := e.issue(id)
	if _, err := e.svc.Cancel(e.ctx, r.Number, "montant erroné"); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, e.db.Path())
	if _, err := raw.Exec(`UPDATE gift SET amount_cents = 12000 WHERE id = ?`, id); err != nil {
		t.Fatalf("correct a freed gift: %v", err)
	}
	old, nr, err := e.svc.Replace(e.ctx, r.Number, "")
	if err != nil {
		t.Fatal(err)
	}
	if old.ReplacedBy != nr.Number || old.CancelReason != "montant erroné" || nr.Total != 12000 || nr.Replaces != r.Number {
		t.Errorf("old %+v, new %+v", old, nr)
	}
	if txt := pdfText(t, mustPDF(t, e, r.Number)); !strings.Contains(txt, "Remplacé par le reçu n° "+nr.Number) {
		t.Errorf("cancelled document does not name its replacement:\n%s", txt)
	}
	e.check()
}

func TestAnnualCompanyFiscalYears(t *testing.T) {
	e := newEnv(t)
	c := e.company("Atelier Numérique", "06-30")
	e.gift(c, 100000, "2026-02-01")
	e.gift(c, 50000, "2026-09-01")
	e.clk.Set("2027-01-15")
	rs, err := e.svc.IssueAnnual(e.ctx, c, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].PeriodTo != "2026-06-30" || rs[1].PeriodFrom != "2026-07-01" {
		t.Fatalf("receipts = %+v, want two, split on 30 June", rs)
	}
	txt := pdfText(t, mustPDF(t, e, rs[1].Number))
	for _, want := range []string{"2041-MEC-SD", "Du 01/07/2026 au 31/12/2026", "SARL", "732829320", "***500,00 €***"} {
		if !strings.Contains(txt, want) {
			t.Errorf("company receipt lacks %q", want)
		}
	}
	e.check()
}

func TestPDFIsDeterministic(t *testing.T) {
	a, b := newEnv(t), newEnv(t)
	for _, e := range []*env{a, b} {
		p := e.person("Marie", "Dupont")
		e.gift(p, 5000, "2026-03-01")
		e.gift(p, 2500, "2026-04-01")
		e.clk.Set("2027-01-15")
		if _, err := e.svc.IssueAnnual(e.ctx, p, 2026); err != nil {
			t.Fatal(err)
		}
	}
	pa, pb := mustPDF(t, a, "2027-00001"), mustPDF(t, b, "2027-00001")
	if !bytes.Equal(pa, pb) {
		t.Error("the same receipt drawn twice gives different bytes")
	}
	if bytes.Contains(pa, []byte("/AcroForm")) {
		t.Error("the receipt has form fields: it must not be editable")
	}
}

func TestSpellingSetting(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.SetSetting(e.ctx, receipt.SettingSpelling, "1990"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetSetting(e.ctx, receipt.SettingSpelling, "moderne"); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("bad spelling = %v, want invalid", err)
	}
	if err := e.svc.SetSetting(e.ctx, receipt.SettingArticle978, "oui"); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("978 for an ordinary association = %v, want invalid", err)
	}
	p := e.person("Marie", "Dupont")
	r := e.issue(e.gift(p, 123100, "2026-03-01"))
	if txt := pdfText(t, r.PDF); !strings.Contains(txt, "mille-deux-cent-trente-et-un euros") {
		t.Errorf("amount not in 1990 spelling:\n%s", txt)
	}
}

func TestDeclaration(t *testing.T) {
	e := newEnv(t)
	p := e.person("Marie", "Dupont")
	q := e.person("Jean", "Albert")
	c := e.company("Atelier Numérique", "12-31")
	e.gift(p, 5000, "2026-03-01")
	e.gift(p, 2500, "2026-04-01")
	g := e.gift(q, 10000, "2026-05-01")
	e.gift(c, 70000, "2026-06-01")
	e.gift(q, 999, "2025-12-15")
	// One receipt issued in 2026 and replaced in 2027, annual ones in 2027.
	r := e.issue(g)
	e.clk.Set("2027-01-15")
	if _, _, err := e.svc.Replace(e.ctx, r.Number, "erreur de nom"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{p, c} {
		if _, err := e.svc.IssueAnnual(e.ctx, id, 2026); err != nil {
			t.Fatal(err)
		}
	}
	cancelled := e.issue(e.gift(p, 4000, "2026-06-01"))
	if _, err := e.svc.Cancel(e.ctx, cancelled.Number, "chèque impayé"); err != nil {
		t.Fatal(err)
	}
	d, err := e.svc.Declaration(e.ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Exercice %d : du %s au %s (clôture %s)\n", d.Year, d.From, d.To, d.FiscalYearEnd)
	fmt.Fprintf(&b, "Reçus : %d, montant : %s (particuliers %d, %s ; entreprises %d, %s)\n", d.Receipts, d.Total.Plain(),
		d.Individuals, d.IndividualsTotal.Plain(), d.Companies, d.CompaniesTotal.Plain())
	fmt.Fprintf(&b, "Remplacements : %d, annulés exclus : %d\n", d.Replacements, d.Cancelled)
	fmt.Fprintf(&b, "Reçus émis dans l'exercice : %d, %s\n", d.IssuedReceipts, d.IssuedTotal.Plain())
	fmt.Fprintf(&b, "Convention : %s\nDate limite : %s (%s)\n%s\n", d.Convention, d.Deadline, d.DeadlineRule, d.Where)
	golden(t, "declaration-2026", b.String())
	if d.Receipts != 3 || d.Total != 5000+2500+10000+70000 || d.Replacements != 1 || d.Cancelled != 2 || d.Deadline != "2027-05-04" {
		t.Errorf("declaration = %+v", d)
	}
}

func TestFilingDeadline(t *testing.T) {
	for _, tt := range []struct{ end, want string }{
		{"2022-12-31", "2023-05-03"}, // the example of R6.4
		{"2026-12-31", "2027-05-04"}, // 1 May 2027 is a Saturday
		{"2025-12-31", "2026-05-05"}, // Friday 1 May 2026: Monday 4, Tuesday 5
		{"2026-06-30", "2026-09-30"},
		{"2026-11-30", "2027-02-28"},
		{"2027-11-30", "2028-02-29"},
	} {
		end, _ := timeParse(tt.end)
		got, _ := receipt.FilingDeadline(end)
		if s := got.Format("2006-01-02"); s != tt.want {
			t.Errorf("FilingDeadline(%s) = %s, want %s", tt.end, s, tt.want)
		}
	}
}

func TestListCSV(t *testing.T) {
	e := newEnv(t)
	p := e.person("Marie", "Dupont")
	c := e.company("=Atelier Numérique", "12-31")
	a := e.issue(e.gift(p, 5000, "2026-03-01"))
	e.issue(e.gift(c, 120000, "2026-04-01"))
	if _, err := e.svc.Cancel(e.ctx, a.Number, "don saisi en double"); err != nil {
		t.Fatal(err)
	}
	rows, err := e.svc.List(e.ctx, receipt.Filter{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := receipt.WriteCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	// The hashes depend on internal/pdf's drawing: the golden hides them.
	golden(t, "list-2026.csv", regexp.MustCompile(`[0-9a-f]{64}`).ReplaceAllString(b.String(), "<sha256>"))
}

// golden compares got with testdata/name.golden; -update (declared by
// the package's internal tests) rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
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

func mustPDF(t *testing.T, e *env, number string) []byte {
	t.Helper()
	b, err := e.svc.PDF(e.ctx, number)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfText extracts the text of a PDF with pdftotext, or skips the test.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	f := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// rawDB opens the database file directly, as another program would.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func timeParse(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }
