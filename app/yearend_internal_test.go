package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// checkSeries fails the test if the receipts check finds a problem.
func (f *giftsFixture) checkSeries() {
	f.t.Helper()
	ps, err := f.c.Receipts.Check(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	for _, p := range ps {
		f.t.Errorf("check: %s: %s", p.Check, p.Detail)
	}
}

func TestYearEndWizardBlockedDonorAndRun(t *testing.T) {
	f := newGiftsFixture(t)
	var opened []int64
	marie := f.donor("Marie", "Dupont", "3 rue Colbert")
	paul := f.donor("Paul", "Martin", "8 quai de la Loire")
	lea := f.donor("Léa", "Bernard", "1 place Plumereau")
	anne := f.donor("Anne", "Roux", "") // no address: blocked
	for _, d := range []int64{marie, paul, lea, anne} {
		f.gift(donation.Gift{DonorID: d, Amount: 40_00, DateReceived: "2025-03-01"})
		f.gift(donation.Gift{DonorID: d, Amount: 60_00, DateReceived: "2025-10-01", Method: donation.Transfer})
	}
	f.gift(donation.Gift{DonorID: marie, Amount: 15_00, DateReceived: "2026-02-01"}) // another year

	w := newYearEndWizard(f.e, f.svc, giftsHooks{openContact: func(id int64) { opened = append(opened, id) }})
	f.w.SetContent(w.view())
	w.refresh(func() {})
	if w.step != yearStepChoose || w.yearSelect.Selected != "2025" || !w.annual {
		t.Fatalf("step %d, year %q, annual %v: want step 1 on last year, annual", w.step, w.yearSelect.Selected, w.annual)
	}
	if !someLabel(w.body, "Reçu annuel : chaque donateur reçoit un seul reçu") || !someLabel(w.body, "Reçu par don : chaque don") {
		t.Errorf("step 1 does not explain both kinds")
	}

	test.Tap(w.next)
	if w.step != yearStepPreview {
		t.Fatalf("after step 1: step %d", w.step)
	}
	if len(w.plan.Drafts) != 3 || len(w.plan.Blocked) != 1 || w.plan.Blocked[0].DonorID != anne {
		t.Fatalf("plan: %d drafts, blocked %+v", len(w.plan.Drafts), w.plan.Blocked)
	}
	if want := "3 reçus seront émis, pour un total de 300,00\u00a0€."; w.summary.Text != want {
		t.Errorf("summary = %q, want %q", w.summary.Text, want)
	}
	if !hasLabel(w.blocked, "ROUX Anne (fiche n° ") || !strings.Contains(strings.Join(labelsIn(w.blocked), "\n"), "L'adresse postale manque") {
		t.Errorf("blocked donors: %q", labelsIn(w.blocked))
	}
	test.Tap(buttonIn(w.blocked, "Ouvrir la fiche"))
	if len(opened) != 1 || opened[0] != anne {
		t.Errorf("« Ouvrir la fiche » opened %v, want Anne %d", opened, anne)
	}
	if w.next.Disabled() {
		t.Fatalf("the others cannot be issued")
	}

	test.Tap(w.next)
	if w.step != yearStepFiles || !w.writeFiles.Checked || !strings.HasSuffix(w.dir, filepath.Join("Documents", "Reçus 2025")) {
		t.Fatalf("step 3: step %d, write %v, dir %q", w.step, w.writeFiles.Checked, w.dir)
	}
	out := filepath.Join(t.TempDir(), "Reçus 2025")
	w.dir = out
	var steps []string
	w.onProgress = func(done, total int) { steps = append(steps, fmt.Sprintf("%d/%d", done, total)) }
	test.Tap(w.next)
	if w.step != yearStepDone || w.runErr != nil {
		t.Fatalf("after the run: step %d, err %v", w.step, w.runErr)
	}
	if w.bar.Value != w.bar.Max || w.bar.Max != 3 || strings.Join(steps, " ") != "0/3 3/3" || w.barText.Text != "3 reçus émis sur 3" {
		t.Errorf("progress %v of %v, steps %q, text %q", w.bar.Value, w.bar.Max, steps, w.barText.Text)
	}
	if want := "3 reçus émis, du n° 2026-00001 au n° 2026-00003, pour un total de 300,00\u00a0€."; !strings.HasPrefix(w.resultText.Text, want) {
		t.Errorf("result = %q, want %q…", w.resultText.Text, want)
	}
	if !strings.Contains(w.resultText.Text, "1 donateur reste sans reçu") || !strings.Contains(w.resultText.Text, out) {
		t.Errorf("result = %q", w.resultText.Text)
	}
	files, _ := os.ReadDir(out)
	if len(files) != 4 {
		t.Errorf("%d files in the folder, want 3 receipts and the printing file", len(files))
	}
	test.Tap(w.openAll)
	if path, data := f.lastOpened(); filepath.Base(path) != "impression-recus-2026-00001-a-2026-00003.pdf" || len(data) == 0 {
		t.Errorf("printing file opened: %s", path)
	}
	f.checkSeries()
}

func TestYearEndWizardRefusesIncompleteProfile(t *testing.T) {
	f := newGiftsFixture(t)
	p := testProfile()
	p.RNA = ""
	if err := f.c.Association.Save(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	marie := f.donor("Marie", "Dupont", "3 rue Colbert")
	f.gift(donation.Gift{DonorID: marie, Amount: 40_00, DateReceived: "2025-03-01"})
	settings := 0
	w := newYearEndWizard(f.e, f.svc, giftsHooks{goSettings: func() { settings++ }})
	f.w.SetContent(w.view())
	w.refresh(func() {})
	test.Tap(w.next)
	if !w.next.Disabled() || !strings.HasPrefix(w.issuer.Text, "La fiche de l'association est incomplète") {
		t.Errorf("incomplete profile: next enabled %v, issuer %q", !w.next.Disabled(), w.issuer.Text)
	}
	test.Tap(buttonIn(w.body.Objects[0].(*container.Scroll).Content, "Compléter dans Réglages"))
	if settings != 1 {
		t.Errorf("the button did not lead to Réglages")
	}
}

// TestYearEndWizardCancelAndResume stops the issue after the first batch
// of 100 receipts: the series stays sound, and a second run issues the
// rest after it, without hole or duplicate.
func TestYearEndWizardCancelAndResume(t *testing.T) {
	f := newGiftsFixture(t)
	const donors = 130
	cs := make([]contact.Contact, donors)
	for i := range cs {
		cs[i] = contact.Contact{Kind: contact.Person, FirstName: "Prénom", LastName: fmt.Sprintf("Nom%03d", i),
			Addresses: []contact.Address{{Street: fmt.Sprintf("%d rue de la Paix", i+1), Postcode: "37000", City: "Tours", Preferred: true}}}
	}
	if err := f.c.DB.InsertContacts(context.Background(), cs, "test"); err != nil {
		t.Fatal(err)
	}
	gs := make([]donation.Gift, donors)
	for i, c := range cs {
		gs[i] = donation.Gift{DonorID: c.ID, Amount: money.Cents(10_00 + i), DateReceived: "2025-06-01", Method: donation.Cheque,
			Source: "test", Reference: fmt.Sprintf("g%d", i)}
	}
	if err := f.c.DB.InsertGifts(context.Background(), gs, "test"); err != nil {
		t.Fatal(err)
	}

	w := newYearEndWizard(f.e, f.svc, giftsHooks{})
	f.w.SetContent(w.view())
	w.refresh(func() {})
	w.choose(2025, true)
	test.Tap(w.next)
	test.Tap(w.next)
	w.writeFiles.SetChecked(false)
	w.onProgress = func(done, total int) {
		if done > 0 && done < total {
			w.stopRun() // Annuler, as soon as the first batch is in
		}
	}
	test.Tap(w.next)
	if w.step != yearStepDone || w.result.Issued != 100 || w.title.Text != "Émission arrêtée" {
		t.Fatalf("after stopping: step %d, %d issued, title %q, err %v", w.step, w.result.Issued, w.title.Text, w.runErr)
	}
	if !strings.Contains(w.resultText.Text, "sans trou ni doublon") {
		t.Errorf("stopped text = %q", w.resultText.Text)
	}
	f.checkSeries()
	rows, _ := f.c.Receipts.List(context.Background(), receipt.Filter{})
	if len(rows) != 100 || rows[99].Number != "2026-00100" {
		t.Fatalf("after stopping: %d receipts", len(rows))
	}

	w.onProgress = nil
	test.Tap(buttonIn(w.buttons, "Reprendre"))
	if w.step != yearStepDone || w.runErr != nil || w.result.Issued != 30 || !w.result.Resumed || w.result.Run != donors {
		t.Fatalf("resumed: %+v, err %v", w.result, w.runErr)
	}
	if want := "30 reçus émis, du n° 2026-00101 au n° 2026-00130"; !strings.HasPrefix(w.resultText.Text, want) ||
		!strings.Contains(w.resultText.Text, "cette émission compte 130 reçus") {
		t.Errorf("resumed text = %q", w.resultText.Text)
	}
	f.checkSeries()
	rows, _ = f.c.Receipts.List(context.Background(), receipt.Filter{})
	if len(rows) != donors {
		t.Errorf("%d receipts, want %d", len(rows), donors)
	}
	for i, r := range rows {
		if want := receipt.Number(2026, i+1); r.Number != want {
			t.Fatalf("receipt %d is %s, want %s", i, r.Number, want)
		}
	}
}

func TestDeclarationShowsServiceFigures(t *testing.T) {
	f := newGiftsFixture(t)
	marie := f.donor("Marie", "Dupont", "3 rue Colbert")
	paul := f.donor("Paul", "Martin", "8 quai de la Loire")
	f.gift(donation.Gift{DonorID: marie, Amount: 40_00, DateReceived: "2025-03-01"})
	f.gift(donation.Gift{DonorID: paul, Amount: 125_50, DateReceived: "2025-09-01"})
	for _, d := range []int64{marie, paul} {
		if _, err := f.c.Receipts.IssueAnnual(context.Background(), d, 2025); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := f.c.Receipts.Replace(context.Background(), "2026-00001", "adresse corrigée"); err != nil {
		t.Fatal(err)
	}
	p := newDeclarationPage(f.e, f.c.Receipts)
	f.w.SetContent(p.view())
	p.refresh(func() {})
	want, err := f.c.Receipts.Declaration(context.Background(), 2025)
	if err != nil {
		t.Fatal(err)
	}
	if p.yearSelect.Selected != "2025" || p.d.Total != want.Total || p.d.Receipts != want.Receipts || p.d.Receipts != 2 {
		t.Fatalf("page shows %d receipts, %s for %q; service %d, %s", p.d.Receipts, p.d.Total, p.yearSelect.Selected, want.Receipts, want.Total)
	}
	if !hasLabel(p.figures, want.Total.String()) || !hasLabel(p.figures, "2") {
		t.Errorf("figures: %q", labelsIn(p.figures))
	}
	if p.convention.Text != want.Convention || !strings.HasPrefix(p.deadline.Text, "Au plus tard le 05/05/2026") {
		t.Errorf("convention %q, deadline %q", p.convention.Text, p.deadline.Text)
	}
	test.Tap(p.copyButton)
	got := fyne.CurrentApp().Clipboard().Content()
	if got != p.copyText() || !strings.Contains(got, "Montant total des dons mentionnés sur les reçus : 165,50\u00a0€") ||
		!strings.Contains(got, "Nombre de reçus délivrés : 2") {
		t.Errorf("clipboard = %q", got)
	}
	p.yearSelect.SetSelected("2026")
	if p.d.Year != 2026 || p.d.Receipts != 0 {
		t.Errorf("2026: %+v", p.d)
	}
}
