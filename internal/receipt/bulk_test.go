package receipt_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/receipt"
)

func TestBulkAnnualResumesAndExports(t *testing.T) {
	e := newEnv(t)
	e.svc = receipt.NewService(receipt.Params{Store: e.db, Render: core.RenderReceipt, Now: e.clk.Now, BatchSize: 4})
	e.seed(20, 3, 2026)
	e.seed(1, 1, 2025) // another year: left alone
	// A donor without address: left out, and said why.
	c := contact.Contact{Kind: contact.Person, FirstName: "Sans", LastName: "Adresse"}
	if err := e.db.CreateContact(e.ctx, &c); err != nil {
		t.Fatal(err)
	}
	e.gift(c.ID, 5000, "2026-05-05")
	e.clk.Set("2027-01-15")
	out := filepath.Join(t.TempDir(), "recus")

	// Stop after the second batch, as a user closing the window would.
	ctx, cancel := context.WithCancel(e.ctx)
	_, err := e.svc.Bulk(ctx, receipt.BulkParams{Year: 2026, Annual: true, OutDir: out, Progress: func(done, total int) {
		if done >= 8 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Bulk = %v, want context.Canceled", err)
	}
	rows, _ := e.svc.List(e.ctx, receipt.Filter{})
	if len(rows) != 8 {
		t.Fatalf("receipts after interruption = %d, want 8 (two batches)", len(rows))
	}
	res, err := e.svc.Bulk(e.ctx, receipt.BulkParams{Year: 2026, Annual: true, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resumed || res.Issued != 12 || res.Run != 20 || res.First != "2027-00009" || res.Last != "2027-00020" {
		t.Errorf("resumed Bulk = %+v, want 12 more, 20 in the run", res)
	}
	if len(res.Blocked) != 1 || res.Blocked[0].DonorID != c.ID || !strings.Contains(res.Blocked[0].Errors.Error(), "adresse postale manque") {
		t.Errorf("blocked = %+v, want the donor without address", res.Blocked)
	}
	if res.Export.Files != 20 || res.Export.Written != 20 {
		t.Errorf("export = %+v, want the 20 receipts of the run", res.Export)
	}
	files, _ := filepath.Glob(filepath.Join(out, "recu-*.pdf"))
	if len(files) != 20 {
		t.Errorf("files = %d, want 20", len(files))
	}
	if base := filepath.Base(files[0]); base != "recu-2027-00001-NOM00000-Prenom0.pdf" {
		t.Errorf("first file = %s", base)
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		number := strings.Join(strings.Split(filepath.Base(f), "-")[1:3], "-")
		stored := mustPDF(t, e, number)
		if string(b) != string(stored) {
			t.Errorf("%s differs from the stored PDF", f)
		}
	}
	if want := filepath.Join(out, "impression-recus-2027-00001-a-2027-00020.pdf"); res.Export.Merged != want {
		t.Errorf("merged = %s, want %s", res.Export.Merged, want)
	}
	checkMerged(t, res.Export.Merged, files)

	// Every gift of 2026 is receipted once; running again issues nothing.
	again, err := e.svc.Bulk(e.ctx, receipt.BulkParams{Year: 2026, Annual: true})
	if err != nil || again.Issued != 0 || again.Resumed {
		t.Errorf("third Bulk = %+v, %v; want nothing new in a new run", again, err)
	}
	e.check()
	rows, _ = e.svc.List(e.ctx, receipt.Filter{})
	for i, r := range rows {
		if r.Number != fmt.Sprintf("2027-%05d", i+1) || len(r.GiftIDs) != 3 || !r.Annual || r.PeriodYear != 2026 {
			t.Errorf("receipt %d = %+v", i, r)
		}
	}
}

func TestBulkSingleReceipts(t *testing.T) {
	e := newEnv(t)
	e.seed(5, 2, 2026)
	res, err := e.svc.Bulk(e.ctx, receipt.BulkParams{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	if res.Issued != 10 || res.Run != 10 {
		t.Errorf("Bulk = %+v, want one receipt per gift", res)
	}
	e.check()
}

func TestBulkRefusedWithoutAssociation(t *testing.T) {
	e := newEnv(t)
	p := profile()
	p.SignerName = ""
	if err := e.db.SaveAssociation(e.ctx, p); err != nil {
		t.Fatal(err)
	}
	e.seed(2, 1, 2026)
	if _, err := e.svc.Bulk(e.ctx, receipt.BulkParams{Year: 2026, Annual: true}); err == nil || !strings.Contains(err.Error(), "signataire") {
		t.Errorf("Bulk = %v, want a refusal naming the signer", err)
	}
}

// checkMerged checks the printing file with poppler: it opens, has every
// page of the receipts, and their text in order.
func checkMerged(t *testing.T, merged string, files []string) {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Log("pdfinfo not installed: merged PDF not checked")
		return
	}
	pages := func(f string) int {
		out, err := exec.Command("pdfinfo", f).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v\n%s", f, err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if v, ok := strings.CutPrefix(l, "Pages:"); ok {
				n, _ := strconv.Atoi(strings.TrimSpace(v))
				return n
			}
		}
		t.Fatalf("pdfinfo %s: no page count", f)
		return 0
	}
	want := 0
	for _, f := range files {
		want += pages(f)
	}
	if got := pages(merged); got != want {
		t.Errorf("merged PDF has %d pages, want %d", got, want)
	}
	out, err := exec.Command("pdftotext", merged, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	txt := string(out)
	last := -1
	for i := range files {
		n := fmt.Sprintf("2027-%05d", i+1)
		at := strings.Index(txt, "Numéro d'ordre du reçu : "+n)
		if at < 0 {
			at = strings.Index(txt, n)
		}
		if at < last {
			t.Errorf("receipt %s missing or out of order in the merged PDF", n)
		}
		last = at
	}
	// Shared objects: the fonts are embedded once.
	mb, _ := os.ReadFile(merged)
	if n := strings.Count(string(mb), "/FontFile2"); n > 4 {
		t.Errorf("merged PDF embeds fonts %d times, want them shared", n)
	}
}

func TestExportSkipsIdenticalFiles(t *testing.T) {
	e := newEnv(t)
	p := e.person("Marie", "Dupont")
	e.issue(e.gift(p, 5000, "2026-03-01"))
	dir := t.TempDir()
	res, err := e.svc.Export(e.ctx, receipt.Filter{}, dir)
	if err != nil || res.Files != 1 || res.Merged == "" {
		t.Fatalf("Export = %+v, %v", res, err)
	}
	if filepath.Base(res.Merged) != "impression-recus-2026-00001.pdf" {
		t.Errorf("merged name = %s", res.Merged)
	}
	// Written again: identical files are left alone.
	res, err = e.svc.Export(e.ctx, receipt.Filter{}, dir)
	if err != nil || res.Written != 0 {
		t.Errorf("second Export = %+v, %v; want nothing rewritten", res, err)
	}
}

// BenchmarkBulkAnnual issues the yearly receipts of 10 000 donors (3
// gifts each, so each receipt has an annex) per iteration: numbering,
// drawing on every core, storing the PDFs and their hashes, in batches of
// DefaultBatchSize. Reports receipts/s and the memory taken from the
// system. BUREAU_BENCH_DONORS changes the number of donors.
func BenchmarkBulkAnnual(b *testing.B) {
	donors := 10_000
	if n, err := strconv.Atoi(os.Getenv("BUREAU_BENCH_DONORS")); err == nil && n > 0 {
		donors = n
	}
	var issued int
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		e := newEnv(b)
		e.seed(donors, 3, 2026)
		e.clk.Set("2027-01-15")
		b.StartTimer()
		start := time.Now()
		res, err := e.svc.Bulk(e.ctx, receipt.BulkParams{Year: 2026, Annual: true})
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		issued += res.Issued
	}
	b.ReportMetric(float64(issued)/elapsed.Seconds(), "receipts/s")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MB-sys")
}
