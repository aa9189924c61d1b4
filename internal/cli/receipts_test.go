package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/cli"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/store"
)

// receiptsProfile is a complete association profile.
func receiptsProfile() association.Profile {
	return association.Profile{
		Name: "Les Jardins partagés de Belleville", RNA: "W751234567",
		Street: "12 rue des Envierges", Postcode: "75020", City: "Paris",
		Object:   "Créer et animer des jardins ouverts à tous les habitants du quartier.",
		Category: "asso_1901_ig", SignerName: "Claire Dubois", SignerRole: "Trésorière",
	}
}

// receiptsSeed creates a database with a complete association and donors
// donors with gifts gifts each in 2026, and returns its path.
func receiptsSeed(t testing.TB, dir string, donors, gifts int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(dir, "bureau.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SaveAssociation(ctx, receiptsProfile()); err != nil {
		t.Fatal(err)
	}
	cs := make([]contact.Contact, donors)
	for i := range cs {
		cs[i] = contact.Contact{Kind: contact.Person, FirstName: fmt.Sprintf("Prénom%d", i), LastName: fmt.Sprintf("Nom%05d", i),
			Addresses: []contact.Address{{Street: fmt.Sprintf("%d rue de la Paix", i+1), Postcode: "75002", City: "Paris", Preferred: true}}}
	}
	if err := db.InsertContacts(ctx, cs, "test"); err != nil {
		t.Fatal(err)
	}
	var gs []donation.Gift
	for i, c := range cs {
		for k := range gifts {
			gs = append(gs, donation.Gift{DonorID: c.ID, Amount: money.Cents(1000 + 100*((i+k)%50)),
				DateReceived: fmt.Sprintf("2026-%02d-%02d", 1+(k*5+i)%12, 1+(i+k)%28), Method: donation.Cheque,
				Source: "test", Reference: fmt.Sprintf("g%d-%d", i, k)})
		}
	}
	if err := db.InsertGifts(ctx, gs, "test"); err != nil {
		t.Fatal(err)
	}
	return path
}

// receiptsDB returns a database with receipts of every kind, issued on
// fixed dates: single and yearly, a company's, one cancelled and one
// replaced.
func receiptsDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	day := "2024-07-01"
	now := func() time.Time { t, _ := time.Parse(time.DateOnly, day); return t.Add(9 * time.Hour) }
	path := filepath.Join(t.TempDir(), "bureau.db")
	db, err := store.Open(ctx, path, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SaveAssociation(ctx, receiptsProfile()); err != nil {
		t.Fatal(err)
	}
	svc := receipt.NewService(receipt.Params{Store: db, Render: core.RenderReceipt, Now: now})
	person := func(first, last string) int64 {
		c := contact.Contact{Kind: contact.Person, FirstName: first, LastName: last,
			Addresses: []contact.Address{{Street: "7 rue du Cœur-Volant", Postcode: "78430", City: "Louveciennes", Preferred: true}}}
		if err := db.CreateContact(ctx, &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	gift := func(donor int64, amount money.Cents, date string) int64 {
		g := donation.Gift{DonorID: donor, Amount: amount, DateReceived: date, Method: donation.Cheque}
		if err := db.CreateGift(ctx, &g); err != nil {
			t.Fatal(err)
		}
		return g.ID
	}
	marie, jean := person("Marie", "Dupont"), person("Jean", "Albert")
	co := contact.Contact{Kind: contact.Organisation, OrgKind: contact.OrgCompany, OrgName: "Atelier Numérique",
		LegalForm: "SARL", SIREN: "732829320", FiscalYearEnd: "06-30",
		Addresses: []contact.Address{{Street: "18 avenue Jean-Jaurès", Postcode: "93100", City: "Montreuil", Preferred: true}}}
	if err := db.CreateContact(ctx, &co); err != nil {
		t.Fatal(err)
	}
	a := gift(marie, 5000, "2024-03-01")
	b := gift(jean, 12000, "2024-04-10")
	gift(marie, 2500, "2024-09-01")
	gift(jean, 3000, "2024-10-01")
	gift(co.ID, 100000, "2024-02-01")
	gift(co.ID, 50000, "2024-09-15")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = svc.Issue(ctx, a)
	must(err)
	_, err = svc.Issue(ctx, b)
	must(err)
	day = "2024-08-02"
	_, err = svc.Cancel(ctx, "2024-00001", "don saisi en double")
	must(err)
	_, _, err = svc.Replace(ctx, "2024-00002", "erreur d'adresse")
	must(err)
	day = "2025-01-15"
	_, err = svc.Bulk(ctx, receipt.BulkParams{Year: 2024, Annual: true})
	must(err)
	return path
}

var sha256Hex = regexp.MustCompile(`[0-9a-f]{64}`)

// The hashes depend on internal/pdf's drawing: golden files hide them.
func maskHashes(s string) string { return sha256Hex.ReplaceAllString(s, "<sha256>") }

func TestReceiptsGoldens(t *testing.T) {
	db := receiptsDB(t)
	tests := []struct {
		name string
		args []string
	}{
		{"receipts-list", []string{"receipts", "list"}},
		{"receipts-list-2025-csv", []string{"receipts", "list", "--year", "2025", "--format", "csv"}},
		{"receipts-declaration-2024", []string{"receipts", "declaration", "--year", "2024"}},
		{"receipts-check", []string{"receipts", "check"}},
		{"receipts-series", []string{"receipts", "first-number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, db, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.name, maskHashes(out))
		})
	}
}

func TestReceiptsDocuments(t *testing.T) {
	db := receiptsDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.pdf")
	if code, _, errOut := run(t, db, "receipts", "pdf", "2024-00001", "--out", out); code != 0 {
		t.Fatalf("pdf: %s", errOut)
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("receipts pdf wrote no PDF")
	}
	code, stdout, errOut := run(t, db, "receipts", "duplicate", "2024-00003", "--out", filepath.Join(dir, "d.pdf"))
	if code != 0 || !strings.Contains(stdout, "Duplicata du reçu n° 2024-00003 délivré") {
		t.Errorf("duplicate: %d %s %s", code, stdout, errOut)
	}
	code, _, errOut = run(t, db, "receipts", "duplicate", "2024-00001", "--out", filepath.Join(dir, "x.pdf"))
	if code != 1 || !strings.Contains(errOut, "est annulé") {
		t.Errorf("duplicate of a cancelled receipt: %d %s", code, errOut)
	}
	code, stdout, errOut = run(t, db, "receipts", "cancel", "2025-00001", "--reason", "chèque impayé")
	if code != 0 || !strings.Contains(stdout, "Reçu n° 2025-00001 annulé") {
		t.Errorf("cancel: %d %s %s", code, stdout, errOut)
	}
	code, _, errOut = run(t, db, "receipts", "cancel", "2025-00001", "--reason", "encore")
	if code != 1 || !strings.Contains(errOut, "déjà annulé") {
		t.Errorf("second cancel: %d %s", code, errOut)
	}
	code, stdout, errOut = run(t, db, "receipts", "replace", "2025-00002", "--out", filepath.Join(dir, "n.pdf"))
	if code != 0 || !strings.Contains(stdout, "remplacé par le reçu n° ") {
		t.Errorf("replace: %d %s %s", code, stdout, errOut)
	}
	code, _, errOut = run(t, db, "receipts", "pdf", "2099-00001", "--out", out)
	if code != 1 || !strings.Contains(errOut, "n'existe pas") {
		t.Errorf("unknown number: %d %s", code, errOut)
	}
	if code, stdout, errOut := run(t, db, "receipts", "check"); code != 0 {
		t.Errorf("check after the changes: %d\n%s%s", code, stdout, errOut)
	}
	if code, stdout, errOut := run(t, db, "check"); code != 0 {
		t.Errorf("bureau check: %d\n%s%s", code, stdout, errOut)
	}
}

// TestReceiptsCheckFindsTampering edits a stored PDF behind Bureau's
// back (the triggers dropped, as a hand edit would): "receipts check" and
// "check" fail, and the document is no longer handed out.
func TestReceiptsCheckFindsTampering(t *testing.T) {
	db := receiptsDB(t)
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER receipt_immutable`,
		`UPDATE receipt SET pdf = CAST('%PDF-1.4 faux' AS BLOB) WHERE number = '2025-00002'`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	code, out, errOut := run(t, db, "receipts", "check")
	if code != 1 || !strings.Contains(out, "PROBLÈME  PDF des reçus conformes à leur empreinte : reçu 2025-00002") ||
		!strings.Contains(out, "déclencheur receipt_immutable") || !strings.Contains(errOut, "anomalies") {
		t.Errorf("receipts check: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, _ := run(t, db, "check"); code != 1 {
		t.Errorf("bureau check: exit %d, want 1", code)
	}
	code, _, errOut = run(t, db, "receipts", "pdf", "2025-00002", "--out", filepath.Join(t.TempDir(), "x.pdf"))
	if code != 1 || !strings.Contains(errOut, "empreinte") {
		t.Errorf("receipts pdf of a tampered receipt: exit %d, %s", code, errOut)
	}
}

func TestReceiptsIssueCommands(t *testing.T) {
	dir := t.TempDir()
	db := receiptsSeed(t, dir, 3, 2)
	code, out, errOut := run(t, db, "receipts", "preview", "--year", "2026", "--annual")
	if code != 0 || !strings.Contains(out, "3 reçus à émettre") {
		t.Errorf("preview: %d %s %s", code, out, errOut)
	}
	code, out, errOut = run(t, db, "receipts", "issue", "--gift", "1", "--out", filepath.Join(dir, "one.pdf"))
	if code != 0 || !strings.Contains(out, "-00001 émis pour NOM00000 Prénom0") {
		t.Errorf("issue --gift: %d %s %s", code, out, errOut)
	}
	code, out, errOut = run(t, db, "receipts", "issue", "--gift", "1")
	if code != 1 || !strings.Contains(errOut, "figure déjà sur le reçu") {
		t.Errorf("issue the same gift again: %d %s %s", code, out, errOut)
	}
	outDir := filepath.Join(dir, "recus")
	code, out, errOut = run(t, db, "receipts", "issue", "--year", "2026", "--annual", "--out", outDir)
	if code != 0 || !strings.Contains(out, "3 reçus émis") || !strings.Contains(out, "à imprimer : impression-recus-") {
		t.Errorf("bulk: %d %s %s", code, out, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(outDir, "recu-*.pdf"))
	if len(files) != 3 {
		t.Errorf("files = %v, want 3", files)
	}
	again := filepath.Join(dir, "encore")
	code, out, errOut = run(t, db, "receipts", "export", "--year", "2026", "--out", again)
	if code != 0 || !strings.Contains(out, "4 PDF de reçus (4 écrits maintenant)") {
		t.Errorf("export: %d %s %s", code, out, errOut)
	}
	if st, err := os.Stat(again); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("export folder mode = %v, %v; want 0700", st.Mode(), err)
	}
	code, out, _ = run(t, db, "receipts", "settings", "receipts.spelling=1990")
	if code != 0 || !strings.Contains(out, "receipts.spelling            1990") {
		t.Errorf("settings: %d %s", code, out)
	}
	code, _, errOut = run(t, db, "receipts", "settings", "receipts.couleur=bleu")
	if code != 1 || !strings.Contains(errOut, "n'existe pas") {
		t.Errorf("unknown setting: %d %s", code, errOut)
	}
	code, out, errOut = run(t, db, "receipts", "first-number", "--year", "2030", "42")
	if code != 0 || !strings.Contains(out, "n° 2030-00042") {
		t.Errorf("first-number: %d %s %s", code, out, errOut)
	}
	code, _, errOut = run(t, db, "receipts", "first-number", "--year", "2030", "43")
	if code != 1 || !strings.Contains(errOut, "qu'une fois") {
		t.Errorf("first-number twice: %d %s", code, errOut)
	}
}

func TestReceiptsMissingMentions(t *testing.T) {
	dir := t.TempDir()
	db := receiptsSeed(t, dir, 1, 1)
	// Remove what the receipts need from the association.
	if code, _, errOut := run(t, db, "association", "set", "rna=", "object="); code != 0 {
		t.Fatalf("association set: %s", errOut)
	}
	code, out, errOut := run(t, db, "receipts", "issue", "--year", "2026")
	if code != 1 || !strings.Contains(errOut, "SIREN ou RNA") || !strings.Contains(errOut, "objet de l'association") {
		t.Errorf("issue: %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = run(t, db, "receipts", "preview", "--year", "2026")
	if code != 1 || !strings.Contains(out, "La fiche de l'association est incomplète") {
		t.Errorf("preview: %d\n%s", code, out)
	}
}

func TestParseReceipts(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"receipts", "issue"}, "indiquez l'année"},
		{[]string{"receipts", "issue", "--year", "26"}, "quatre chiffres"},
		{[]string{"receipts", "issue", "--gift", "3", "--year", "2026"}, "ne se combine pas"},
		{[]string{"receipts", "issue", "--gift", "x"}, "--gift attend un numéro"},
		{[]string{"receipts", "list", "--format", "xml"}, "text ou csv"},
		{[]string{"receipts", "pdf", "2026-00001"}, "--out FICHIER"},
		{[]string{"receipts", "pdf", "--out", "x.pdf"}, "numéro du reçu"},
		{[]string{"receipts", "cancel", "2026-00001"}, "--reason"},
		{[]string{"receipts", "declaration"}, "indiquez l'année"},
		{[]string{"receipts", "first-number", "5"}, "indiquez l'année"},
		{[]string{"receipts", "check", "x"}, "argument inattendu"},
	}
	db := filepath.Join(t.TempDir(), "b.db")
	for _, tt := range tests {
		code, _, errOut := run(t, db, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.wantErr) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tt.args, code, errOut, tt.wantErr)
		}
	}
}

// crashChildEnv makes the test binary a bureau command: see
// TestReceiptsCrashChild.
const crashChildEnv = "BUREAU_RECEIPTS_CRASH_CHILD"

// TestReceiptsCrashChild is not a test: run by TestReceiptsBulkSurvivesKill
// as a child process, it runs the command line in the environment, as the
// real binary would, until it is killed.
func TestReceiptsCrashChild(t *testing.T) {
	args := os.Getenv(crashChildEnv)
	if args == "" {
		t.Skip("child process of TestReceiptsBulkSurvivesKill")
	}
	os.Exit(cli.Main(context.Background(), strings.Split(args, "\x1f"), strings.NewReader(""), os.Stdout, os.Stderr, nil))
}

// TestReceiptsBulkSurvivesKill kills the year-end run with SIGKILL and
// runs it again each time: 20 times at random moments while receipts are
// being issued, then up to 8 times while the folder is being written.
// "receipts check" passes after every kill, and the end state is that of a
// run never interrupted: the same receipts, contiguous, each gift on one
// receipt, every PDF stored and matching its hash, every file in the
// folder and nothing else.
func TestReceiptsBulkSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts a child process about 28 times")
	}
	const donors = 3000
	dir := t.TempDir()
	db := receiptsSeed(t, dir, donors, 2)
	out := filepath.Join(dir, "recus")
	args := strings.Join([]string{"--db", db, "receipts", "issue", "--year", "2026", "--annual", "--out", out}, "\x1f")
	rng := rand.New(rand.NewPCG(2026, 11))
	counter, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer counter.Close()
	issued := func() int {
		var n int
		if err := counter.QueryRow(`SELECT count(*) FROM receipt`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// start runs the child; kill waits for ready, then delay, then kills
	// it, unless it ends first. It reports whether the child was killed.
	start := func(i int, ready func() bool, delay time.Duration) bool {
		cmd := exec.Command(os.Args[0], "-test.run=^TestReceiptsCrashChild$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+args)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		deadline := time.Now().Add(2 * time.Minute)
		for !ready() {
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("run %d ended with %v: %s", i, err, stderr.String())
				}
				return false
			case <-time.After(20 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("run %d: not ready after 2 minutes", i)
			}
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d ended with %v: %s", i, err, stderr.String())
			}
			return false
		case <-time.After(delay):
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-done
			return true
		}
	}
	after := func(i int, phase string, delay time.Duration) {
		if code, stdout, errOut := run(t, db, "receipts", "check"); code != 0 {
			t.Fatalf("receipts check after kill %d (%s, %v):\n%s%s", i, phase, delay, stdout, errOut)
		}
		files, _ := filepath.Glob(filepath.Join(out, "*"))
		t.Logf("run %d killed %s after %v: %d receipts, %d files", i, phase, delay, issued(), len(files))
	}
	killed, exporting := 0, 0
	for i := range 20 {
		delay := time.Duration(150+rng.IntN(1050)) * time.Millisecond
		if start(i, func() bool { return true }, delay) {
			killed++
			after(i, "while issuing", delay)
		}
	}
	for i := 20; i < 28; i++ {
		delay := time.Duration(200+rng.IntN(1300)) * time.Millisecond
		if !start(i, func() bool { return issued() == donors }, delay) {
			break // the run ended before the kill: nothing left to interrupt
		}
		killed++
		exporting++
		after(i, "while writing the folder", delay)
	}
	t.Logf("%d runs killed, %d of them while writing the folder", killed, exporting)
	if killed < 20 {
		t.Errorf("only %d runs were killed: the test wants at least 20", killed)
	}
	// The last run ends normally.
	code, stdout, errOut := run(t, db, strings.Split(args, "\x1f")[2:]...)
	if code != 0 {
		t.Fatalf("final run: %d\n%s%s", code, stdout, errOut)
	}
	if code, stdout, errOut := run(t, db, "receipts", "check"); code != 0 {
		t.Fatalf("final check:\n%s%s", stdout, errOut)
	}
	if code, stdout, errOut := run(t, db, "check"); code != 0 {
		t.Fatalf("bureau check:\n%s%s", stdout, errOut)
	}

	// A clean run on the same data gives the same receipts.
	cleanDir := t.TempDir()
	clean := receiptsSeed(t, cleanDir, donors, 2)
	if code, _, errOut := run(t, clean, "receipts", "issue", "--year", "2026", "--annual"); code != 0 {
		t.Fatal(errOut)
	}
	ctx := context.Background()
	rows := listAll(t, db)
	want := listAll(t, clean)
	if len(rows) != len(want) || len(rows) != donors {
		t.Fatalf("receipts = %d, clean run = %d, want %d", len(rows), len(want), donors)
	}
	gifts := map[int64]string{}
	for i, r := range rows {
		if r.Status != donation.Valid || r.Number[5:] != fmt.Sprintf("%05d", i+1) {
			t.Errorf("receipt %d = %s (%s), want number %05d, valid", i, r.Number, r.Status, i+1)
		}
		if r.DonorName != want[i].DonorName || r.Total != want[i].Total || fmt.Sprint(r.GiftIDs) != fmt.Sprint(want[i].GiftIDs) {
			t.Errorf("receipt %s: %s %s %v, clean run %s %s %v", r.Number, r.DonorName, r.Total, r.GiftIDs,
				want[i].DonorName, want[i].Total, want[i].GiftIDs)
		}
		for _, g := range r.GiftIDs {
			if other, ok := gifts[g]; ok {
				t.Errorf("gift %d on %s and %s", g, other, r.Number)
			}
			gifts[g] = r.Number
		}
	}
	if len(gifts) != 2*donors {
		t.Errorf("gifts receipted = %d, want %d", len(gifts), 2*donors)
	}
	// Every receipt of the run is in the folder, as stored; no leftover.
	c, err := core.Open(ctx, core.Options{DBPath: db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	entries, _ := os.ReadDir(out)
	var pdfs, merged int
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), "recu-"):
			pdfs++
		case strings.HasPrefix(e.Name(), "impression-recus-"):
			merged++
		default:
			t.Errorf("unexpected file %s in the folder", e.Name())
		}
	}
	if pdfs != donors || merged < 1 {
		t.Errorf("folder: %d receipts and %d printing files, want %d and at least 1", pdfs, merged, donors)
	}
	for _, r := range rows {
		b, err := os.ReadFile(filepath.Join(out, receipt.FileName(r)))
		if err != nil {
			t.Errorf("file of %s: %v", r.Number, err)
			continue
		}
		stored, err := c.Receipts.PDF(ctx, r.Number)
		if err != nil || !bytes.Equal(b, stored) {
			t.Errorf("file of %s differs from the stored PDF (%v)", r.Number, err)
		}
	}
}

func listAll(t *testing.T, db string) []receipt.Row {
	t.Helper()
	c, err := core.Open(context.Background(), core.Options{DBPath: db, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := c.Receipts.List(context.Background(), receipt.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
