package app

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// receiptsFixture has one receipt issued, 2026-00001, for Marie's gift.
func receiptsFixture(t *testing.T) (*giftsFixture, *receiptList) {
	f := newGiftsFixture(t)
	marie := f.donor("Marie", "Dupont", "3 rue Colbert")
	gift := f.gift(donation.Gift{DonorID: marie, Amount: 50_00, DateReceived: "2026-01-10"})
	if _, err := f.c.Receipts.Issue(context.Background(), gift); err != nil {
		t.Fatal(err)
	}
	l := newReceiptList(f.e, f.svc)
	f.w.SetContent(l.view())
	l.refresh(func() {})
	if len(l.rows) != 1 || l.rows[0].Number != "2026-00001" || l.year.Selected != "2026" {
		t.Fatalf("receipts listed: %+v (year %q)", l.rows, l.year.Selected)
	}
	l.list.Select(0)
	return f, l
}

// get reads a receipt from the service.
func (f *giftsFixture) receipt(number string) donation.Receipt {
	f.t.Helper()
	r, err := f.c.Receipts.Get(context.Background(), number)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func TestReceiptOpenPDFShowsStoredBytes(t *testing.T) {
	f, l := receiptsFixture(t)
	test.Tap(l.open)
	path, got := f.lastOpened()
	if filepath.Base(path) != "recu-2026-00001.pdf" {
		t.Errorf("opened %s, want recu-2026-00001.pdf", path)
	}
	want, err := f.c.Receipts.PDF(context.Background(), "2026-00001")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the file opened (%d bytes) is not the stored PDF (%d bytes)", len(got), len(want))
	}
	// Opening again gives the same file, left as it is.
	test.Tap(l.open)
	if len(f.opened) != 2 || f.opened[1] != path {
		t.Errorf("second opening: %q", f.opened)
	}
	// « Enregistrer sous… » writes the same bytes.
	out := filepath.Join(t.TempDir(), "copie.pdf")
	w, err := createFile(out)
	if err != nil {
		t.Fatal(err)
	}
	l.acts.writeTo("2026-00001", w, out)
	if saved := readFile(t, out); saved != string(want) {
		t.Errorf("saved file differs from the stored PDF")
	}
	if !strings.HasPrefix(l.notice.Text, "Reçu n° 2026-00001 enregistré dans ") {
		t.Errorf("notice = %q", l.notice.Text)
	}
}

func TestReceiptDuplicateIsLoggedAndOpened(t *testing.T) {
	f, l := receiptsFixture(t)
	test.Tap(l.duplicate)
	b := l.acts.confirm
	if b == nil || !strings.Contains(b.text.Text, "avec le même numéro") || !strings.Contains(b.text.Text, "journal") {
		t.Fatalf("duplicate confirmation = %+v", b)
	}
	test.Tap(b.ok)
	path, got := f.lastOpened()
	if filepath.Base(path) != "recu-2026-00001-duplicata.pdf" || !bytes.HasPrefix(got, []byte("%PDF")) {
		t.Errorf("opened %s (%d bytes)", path, len(got))
	}
	stored, _ := f.c.Receipts.PDF(context.Background(), "2026-00001")
	if bytes.Equal(got, stored) {
		t.Errorf("the duplicate is the receipt as issued, without its mark")
	}
	days, err := f.c.DB.ReceiptDuplicates(context.Background(), "2026-00001")
	if err != nil || !slices.Equal(days, []string{"2026-06-15"}) {
		t.Errorf("duplicates logged = %q, %v", days, err)
	}
	if n, _ := f.c.Receipts.List(context.Background(), receipt.Filter{}); len(n) != 1 {
		t.Errorf("a duplicate made a new receipt: %d receipts", len(n))
	}
}

func TestReceiptCancelNeedsReason(t *testing.T) {
	f, l := receiptsFixture(t)
	test.Tap(l.cancel)
	b := l.acts.confirm
	for _, want := range []string{"définitive", "ne sera jamais réutilisé", "Prévenez DUPONT Marie par écrit"} {
		if !strings.Contains(b.text.Text, want) {
			t.Errorf("cancel confirmation lacks %q: %q", want, b.text.Text)
		}
	}
	if b.back.Text != "Retour, ne rien faire" || b.ok.Text != "Annuler définitivement le reçu" {
		t.Errorf("buttons %q / %q", b.back.Text, b.ok.Text)
	}
	test.Tap(b.ok)
	if b.reason.message() != "Indiquez le motif de l'annulation : il est imprimé sur le reçu annulé." {
		t.Errorf("no reason: message %q", b.reason.message())
	}
	if f.receipt("2026-00001").Status != donation.Valid {
		t.Fatalf("cancelled without reason")
	}
	test.Type(b.reason.entry, "Chèque revenu impayé")
	test.Tap(b.ok)
	r := f.receipt("2026-00001")
	if r.Status != donation.Cancelled || r.CancelReason != "Chèque revenu impayé" || r.CancelledOn != "2026-06-15" {
		t.Errorf("after cancel: %s %q %s", r.Status, r.CancelReason, r.CancelledOn)
	}
	if len(l.rows) != 1 || receiptStatus(l.rows[0]) != "annulé le 15/06/2026" {
		t.Errorf("list after cancel: %+v", l.rows)
	}
	if !strings.HasPrefix(l.notice.Text, "Reçu n° 2026-00001 annulé.") {
		t.Errorf("notice = %q", l.notice.Text)
	}
	l.list.Select(0)
	if !l.duplicate.Disabled() || !l.cancel.Disabled() || l.replace.Disabled() || l.open.Disabled() {
		t.Errorf("buttons on a cancelled receipt: duplicate %v, cancel %v, replace %v, open %v",
			!l.duplicate.Disabled(), !l.cancel.Disabled(), !l.replace.Disabled(), !l.open.Disabled())
	}
	// The cancelled receipt opens with its « ANNULÉ » version.
	test.Tap(l.open)
	_, got := f.lastOpened()
	if want, _ := f.c.Receipts.PDF(context.Background(), "2026-00001"); !bytes.Equal(got, want) {
		t.Errorf("opened the wrong document for a cancelled receipt")
	}
}

func TestReceiptReplaceIssuesReplacement(t *testing.T) {
	f, l := receiptsFixture(t)
	test.Tap(l.replace)
	b := l.acts.confirm
	if !strings.Contains(b.text.Text, "« Annule et remplace le reçu n° 2026-00001 »") {
		t.Errorf("replace confirmation = %q", b.text.Text)
	}
	test.Tap(b.ok)
	old, repl := f.receipt("2026-00001"), f.receipt("2026-00002")
	if old.Status != donation.Cancelled || old.ReplacedBy != "2026-00002" || repl.Replaces != "2026-00001" || repl.Status != donation.Valid {
		t.Errorf("old %s replaced by %q; new replaces %q, %s", old.Status, old.ReplacedBy, repl.Replaces, repl.Status)
	}
	if old.CancelReason != receipt.DefaultReplaceReason {
		t.Errorf("reason = %q", old.CancelReason)
	}
	if l.acts.info == nil || !strings.HasPrefix(l.acts.info.Text, "Le reçu n° 2026-00001 est annulé et remplacé par le reçu n° 2026-00002") {
		t.Fatalf("info = %+v", l.acts.info)
	}
	if len(l.rows) != 2 || l.rows[0].Number != "2026-00002" || receiptStatus(l.rows[1]) != "remplacé par le n° 2026-00002" ||
		receiptStatus(l.rows[0]) != "valide (remplace le n° 2026-00001)" {
		t.Errorf("list after replace: %+v", l.rows)
	}
	test.Tap(l.acts.openInfo)
	if path, _ := f.lastOpened(); filepath.Base(path) != "recu-2026-00002.pdf" {
		t.Errorf("opened %s", path)
	}
	test.Tap(l.check)
	if !strings.HasPrefix(l.lastCheck, "Bureau a tout vérifié, sans rien trouver d'anormal") {
		t.Errorf("check = %q", l.lastCheck)
	}
}

func TestReceiptListFilters(t *testing.T) {
	f, l := receiptsFixture(t)
	paul := f.donor("Paul", "Martin", "8 quai de la Loire")
	gift := f.gift(donation.Gift{DonorID: paul, Amount: 80_00, DateReceived: "2026-02-01"})
	if _, err := f.c.Receipts.Issue(context.Background(), gift); err != nil {
		t.Fatal(err)
	}
	if _, err := f.c.Receipts.Cancel(context.Background(), "2026-00001", "erreur"); err != nil {
		t.Fatal(err)
	}
	l.refresh(func() {})
	if len(l.rows) != 2 {
		t.Fatalf("%d receipts", len(l.rows))
	}
	l.status.SetSelected("Valides")
	if len(l.rows) != 1 || l.rows[0].Number != "2026-00002" {
		t.Errorf("valid receipts: %+v", l.rows)
	}
	l.status.SetSelected("Annulés")
	if len(l.rows) != 1 || l.rows[0].Number != "2026-00001" {
		t.Errorf("cancelled receipts: %+v", l.rows)
	}
	l.status.SetSelectedIndex(0)
	l.donor.set(paul, "MARTIN Paul")
	if len(l.rows) != 1 || l.rows[0].DonorID != paul {
		t.Errorf("Paul's receipts: %+v", l.rows)
	}
	if l.count.Text != "1 valide, 0 annulé, du plus récent au plus ancien." {
		t.Errorf("count = %q", l.count.Text)
	}
}

// TestDonorPanelGiftsAndReceipts issues a receipt from a contact's panel
// and finds it in the « Reçus » tab.
func TestDonorPanelGiftsAndReceipts(t *testing.T) {
	f := newGiftsFixture(t)
	marie := f.donor("Marie", "Dupont", "3 rue Colbert")
	old := f.gift(donation.Gift{DonorID: marie, Amount: 30_00, DateReceived: "2025-11-02"})
	f.gift(donation.Gift{DonorID: marie, Amount: 45_00, DateReceived: "2025-12-20"})
	latest := f.gift(donation.Gift{DonorID: marie, Amount: 50_00, DateReceived: "2026-03-10", Campaign: "Serre"})

	s := newContactsScreen(f.e, f.c.Contacts, contactio.NewImporter(f.c.DB), 0)
	section := newDonorSection(f.e, f.svc)
	s.detail.setDonorSection(section)
	f.w.SetContent(s.view())
	s.refresh(func() {})
	// A contact who never gave has no section.
	s.showContact(f.donor("Jean", "Presse", ""))
	if section.content.Visible() {
		t.Errorf("the section shows for a contact without gifts")
	}
	s.showContact(marie)
	if !section.content.Visible() {
		t.Errorf("the section is hidden for a donor")
	}
	if len(section.data.gifts) != 3 || section.data.gifts[0].ID != latest || section.data.gifts[2].ID != old {
		t.Fatalf("donor gifts (latest first): %+v", section.data.gifts)
	}
	if !hasLabel(section.gifts, "10/03/2026 · 50,00\u00a0€ · chèque · Serre") || !hasLabel(section.receipts, "Aucun reçu émis.") {
		t.Errorf("donor section does not list the gifts: %q", labelsIn(section.content))
	}
	// « Émettre le reçu de ce don » on the latest gift.
	issue := linkIn(section.gifts, "Émettre le reçu de ce don")
	if issue == nil {
		t.Fatal("no « Émettre le reçu de ce don » link")
	}
	issue.OnTapped() // test.Tap misses the text of a hyperlink
	b := section.acts.confirm
	if b == nil || !strings.HasPrefix(b.text.Text, "Bureau va émettre un reçu fiscal de 50,00\u00a0€ au nom de DUPONT Marie.") {
		t.Fatalf("issue confirmation = %q", b.text.Text)
	}
	test.Tap(b.ok)
	if section.data.gifts[0].ReceiptNumber != "2026-00001" || len(section.data.receipts) != 1 {
		t.Fatalf("after issuing: gifts %+v, receipts %+v", section.data.gifts[0], section.data.receipts)
	}
	if !hasLabel(section.receipts, "n° 2026-00001 · 50,00\u00a0€") || !hasLabel(section.receipts, "émis le 15/06/2026 · valide") {
		t.Errorf("the receipt is not listed in the panel")
	}
	test.Tap(section.acts.openInfo)
	if path, _ := f.lastOpened(); filepath.Base(path) != "recu-2026-00001.pdf" {
		t.Errorf("opened %s", path)
	}

	// « Reçu annuel 2025 » covers the two gifts of 2025.
	annualButton := buttonIn(section.annual, "Reçu annuel 2025")
	if annualButton == nil || buttonIn(section.annual, "Reçu annuel 2026") != nil {
		t.Fatalf("annual buttons: %d", len(section.annual.Objects))
	}
	test.Tap(annualButton)
	test.Tap(section.acts.confirm.ok)
	r := f.receipt("2026-00002")
	if !r.Annual || r.PeriodYear != 2025 || r.Total != 75_00 || len(r.Lines) != 2 {
		t.Errorf("annual receipt = annual %v, year %d, %s, %d lines", r.Annual, r.PeriodYear, r.Total, len(r.Lines))
	}
	if len(section.annual.Objects) != 0 {
		t.Errorf("annual buttons stay once every gift has its receipt")
	}

	// The receipts tab lists it.
	l := newReceiptList(f.e, f.svc)
	l.refresh(func() {})
	if got := []string{l.rows[0].Number, l.rows[1].Number}; !slices.Equal(got, []string{"2026-00002", "2026-00001"}) {
		t.Errorf("receipts tab = %q", got)
	}

	// A donor without address: the panel says what is missing.
	anne := f.donor("Anne", "Roux", "")
	f.gift(donation.Gift{DonorID: anne, Amount: 10_00, DateReceived: "2026-04-01"})
	s.showContact(anne)
	linkIn(section.gifts, "Émettre le reçu de ce don").OnTapped()
	if section.acts.info == nil || !strings.Contains(section.acts.info.Text, "l'adresse postale manque") {
		t.Errorf("blocked issue info = %+v", section.acts.info)
	}
	if rs, _ := f.c.Receipts.List(context.Background(), receipt.Filter{DonorID: anne}); len(rs) != 0 {
		t.Errorf("a receipt was issued without address")
	}
}

// buttonIn returns the first button under o with text, or nil.
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	switch v := o.(type) {
	case *widget.Button:
		if v.Text == text {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if b := buttonIn(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// linkIn returns the first hyperlink under o with text, or nil.
func linkIn(o fyne.CanvasObject, text string) *widget.Hyperlink {
	switch v := o.(type) {
	case *widget.Hyperlink:
		if v.Text == text {
			return v
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			if l := linkIn(c, text); l != nil {
				return l
			}
		}
	}
	return nil
}

// labelsIn lists the texts of the labels under o.
func labelsIn(o fyne.CanvasObject) []string {
	switch v := o.(type) {
	case *widget.Label:
		return []string{v.Text}
	case *fyne.Container:
		var out []string
		for _, c := range v.Objects {
			out = append(out, labelsIn(c)...)
		}
		return out
	case *container.Scroll:
		return labelsIn(v.Content)
	}
	return nil
}

// someLabel reports whether a label under o starts with prefix, scrolls
// included.
func someLabel(o fyne.CanvasObject, prefix string) bool {
	return slices.ContainsFunc(labelsIn(o), func(s string) bool { return strings.HasPrefix(s, prefix) })
}
