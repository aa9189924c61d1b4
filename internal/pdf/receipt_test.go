package pdf_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
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
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/pdf"
)

var (
	update = flag.Bool("update", false, "rewrite golden files in testdata")
	pngDir = flag.String("png", "", "also write each fixture's pages as PNG files into this directory, to look at them")
)

// fixture is a receipt to draw, with what its text must show.
type fixture struct {
	name string
	r    donation.Receipt
	opts pdf.Options
	// want lists texts that must appear, beyond the mandatory mentions of
	// the form.
	want []string
}

func fixtures(t testing.TB) []fixture {
	single := individualReceipt(t)

	annual := individualReceipt(t)
	annual.Number, annual.Year, annual.Seq, annual.IssuedOn = "2027-00003", 2027, 3, "2027-01-15"
	annual.Donor = donation.DonorSnapshot{Kind: donation.Individual, LastName: "Moreau", FirstName: "Jean-Baptiste",
		Street: "41 boulevard de Ménilmontant", Postcode: "75011", City: "Paris"}
	annual.Annual, annual.PeriodYear = true, 2026
	annual.Lines = nil
	for month := 1; month <= 12; month++ {
		annual.Lines = append(annual.Lines, donation.ReceiptLine{GiftID: int64(100 + month),
			Date: fmt.Sprintf("2026-%02d-05", month), Amount: 2_500, Method: donation.DirectDebit,
			Nature: donation.Numeraire, Forme: donation.DonManuel})
	}
	annual.Lines = append(annual.Lines,
		donation.ReceiptLine{GiftID: 201, Date: "2026-06-18", Amount: 10_000, Method: donation.Cheque, Nature: donation.Numeraire, Forme: donation.DonManuel},
		donation.ReceiptLine{GiftID: 202, Date: "2026-12-15", Amount: 15_050, Method: donation.Cheque, Nature: donation.Numeraire, Forme: donation.DonManuel})
	annual.Total = 12*2_500 + 10_000 + 15_050

	cancelled := individualReceipt(t)
	cancelled.Status, cancelled.CancelledOn = donation.Cancelled, "2026-08-02"
	cancelled.CancelReason, cancelled.ReplacedBy = "erreur sur le montant du don (1 243,56 € reçus)", "2026-00012"

	replacement := individualReceipt(t)
	replacement.Number, replacement.Seq, replacement.IssuedOn = "2026-00012", 12, "2026-08-02"
	replacement.Replaces = "2026-00001"
	replacement.Lines[0].Amount, replacement.Total = 124_356, 124_356

	return []fixture{
		{name: "individual", r: single, want: []string{
			"***1 234,56 €***", "mille deux cent trente-quatre euros et cinquante-six centimes",
			"Date du versement ou du don : 14/07/2026", "Le 20/07/2026", "« jardins ouverts »", "Cœur-Volant",
			"Page 1/1", "X 200 du CGI", "X Déclaration de don manuel", "X Numéraire", "X Chèque"}},
		{name: "annual", r: annual, want: []string{
			"Cumul des versements effectués en 2026 — voir l'annexe", "***550,50 €***",
			"cinq cent cinquante euros et cinquante centimes",
			"Annexe — détail des versements", "Versements couverts par le reçu n° 2027-00003 — donateur : Jean-Baptiste Moreau",
			"05/01/2026", "05/12/2026", "18/06/2026 100,00 € Chèque Numéraire", "15/12/2026 150,50 € Chèque Numéraire",
			"05/03/2026 25,00 € Prélèvement Numéraire", "Total 550,50 €", "Le 15/01/2027",
			"X Chèque", "X Virement, prélèvement, carte bancaire", "Page 1/2", "Page 2/2"}},
		{name: "company", r: companyReceipt(t), want: []string{
			"***4 200,00 €***", "quatre mille deux cents euros", "***2 500,00 €***", "deux mille cinq cents euros",
			"***6 700,00 €***", "six mille sept cents euros",
			"10/03/2026 : 12 ordinateurs portables reconditionnés",
			"Valeur indiquée par l'entreprise donatrice (1) : 4 200,00 €",
			"Méthode d'évaluation de l'entreprise : coût de revient",
			"Du 01/01/2026 au 31/12/2026", "X Virement, prélèvement ou carte bancaire",
			"Annexe — détail des dons et versements", "10/03/2026 4 200,00 € — Don en nature",
			"30/09/2026 2 500,00 € Virement Versement", "Total 6 700,00 €"}},
		{name: "cancelled", r: cancelled, opts: pdf.Options{Mark: pdf.Cancelled}, want: []string{
			"Reçu annulé le 02/08/2026 : erreur sur le montant du don (1 243,56 € reçus)",
			"Remplacé par le reçu n° 2026-00012", "ANNULÉ", "***1 234,56 €***"}},
		{name: "duplicate", r: single, opts: pdf.Options{Mark: pdf.Duplicate, MarkDate: "2027-03-20"}, want: []string{
			"DUPLICATA délivré le 20/03/2027", "***1 234,56 €***", "Le 20/07/2026"}},
		{name: "replacement", r: replacement, want: []string{
			"Annule et remplace le reçu n° 2026-00001", "***1 243,56 €***",
			"mille deux cent quarante-trois euros et cinquante-six centimes", "Le 02/08/2026"}},
	}
}

// mandatory lists, per form, what receipts-law.md R2.2 requires on every
// receipt, with the wording of the form (R1.5 to R1.21). It is written
// here, apart from the mentions files, so that a change of wording shows
// up as a failing test.
var mandatory = map[string][]struct{ item, text string }{
	"11580*05": {
		{"R1.5 form", "2041-RD"},
		{"R1.5 form", "Cerfa n° 11580*05"},
		{"R1.1 title", "Reçu des dons et versements effectués par les particuliers au titre des articles 200 et 978 du code général des impôts"},
		{"R2.2-1 number", "Numéro d'ordre du reçu :"},
		{"R2.2-2 organisation", "Organisme bénéficiaire des dons et versements"},
		{"R2.2-2 organisation name", "Nom ou dénomination :"},
		{"R2.2-2 SIREN or RNA", "Numéro SIREN ou RNA :"},
		{"R2.2-2 address", "N° et rue :"},
		{"R2.2-2 address", "Code postal :"},
		{"R2.2-2 address", "Commune :"},
		{"R2.2-2 address", "Pays :"},
		{"R2.2-2 objet", "Objet :"},
		{"R2.2-2 category", "Œuvre ou organisme d'intérêt général ayant un caractère philanthropique"},
		{"R2.2-3 donor", "Donateur"},
		{"R2.2-3 donor name", "Nom :"},
		{"R2.2-3 donor given names", "Prénoms :"},
		{"R2.2-4 amount", "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant droit à réduction d'impôt, la somme de (1) :"},
		{"R2.2-4 amount in words", "Somme en toutes lettres :"},
		{"R2.2-5 date", "Date du versement ou du don :"},
		{"R2.2-6 certification", "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit ouvrent droit à la réduction d'impôt prévue à l'article (2) :"},
		{"R2.2-6 article 200", "200 du CGI"},
		{"R2.2-6 article 978", "978 du CGI"},
		{"R2.2-7 forme", "Forme du don :"},
		{"R2.2-7 forme", "Acte authentique"},
		{"R2.2-7 forme", "Acte sous seing privé"},
		{"R2.2-7 forme", "Déclaration de don manuel"},
		{"R2.2-7 nature", "Nature du don (3) :"},
		{"R2.2-7 nature", "Numéraire"},
		{"R2.2-7 nature", "Titres de sociétés cotés"},
		{"R2.2-7 nature", "Abandon exprès de revenus ou de produits"},
		{"R2.2-7 nature", "Frais engagés par les bénévoles, dont ils renoncent expressément au remboursement"},
		{"R2.2-7 nature", "Autres (précisez) (4) :"},
		{"R2.2-7 mode", "En cas de don en numéraire, mode de versement du don :"},
		{"R2.2-7 mode", "Remise d'espèces"},
		{"R2.2-7 mode", "Virement, prélèvement, carte bancaire"},
		{"R2.2-8 signature", "Date et signature"},
		{"R2.2-8 signer", "Claire Dubois, Trésorière"},
		{"R1.16 footnote 1", "(1) Pour les dons de titres de sociétés cotées et les dons en nature, mentionnez la valeur du don."},
		{"R1.16 footnote 2", "ne peut ouvrir droit à la réduction d'IR prévue à l'article 200 du CGI et inversement."},
		{"R1.16 footnote 2", "En application de l'article L. 80 C du livre des procédures fiscales"},
		{"R1.16 footnote 2", "l'application de l'amende prévue à l'article 1740 A du code général des impôts."},
		{"R1.16 footnote 3", "(3) La réduction d'IFI ne s'applique qu'aux dons en numéraire et aux dons en pleine propriété de titres de sociétés cotées."},
		{"R1.16 footnote 4", "(4) Exemple : dons en nature."},
	},
	"16216*03": {
		{"R1.2 form", "2041-MEC-SD"},
		{"R1.2 form", "Cerfa n° 16216*03"},
		{"R1.2 title", "Reçu des dons et versements effectués par les entreprises au titre de l'article 238 bis du code général des impôts"},
		{"R2.2-1 number", "Numéro d'ordre du reçu :"},
		{"R2.2-2 organisation", "Organisme bénéficiaire des dons et versements"},
		{"R2.2-2 organisation name", "Dénomination de l'organisme :"},
		{"R2.2-2 SIREN or RNA", "Numéro SIREN ou RNA :"},
		{"R2.2-2 address", "N° et rue :"},
		{"R2.2-2 address", "Code postal :"},
		{"R2.2-2 address", "Commune :"},
		{"R2.2-2 objet", "Objet :"},
		{"R2.2-3 company", "Entreprise donatrice"},
		{"R2.2-3 company name", "Dénomination de l'entreprise :"},
		{"R2.2-3 legal form", "Forme juridique :"},
		{"R2.2-3 SIREN", "Numéro SIREN :"},
		{"R1.19 block", "Dons et versements effectués par l'entreprise"},
		{"R1.19 in kind", "L'organisme bénéficiaire reconnaît avoir reçu, au titre de la réduction d'impôt prévue à l'article 238 bis du code général des impôts, des dons en nature pour une valeur en euros égale à (1) :"},
		{"R1.19 in kind in words", "Indiquez la valeur totale des dons en nature en toutes lettres :"},
		{"R1.19 description", "Description exhaustive des biens et prestations reçus et acceptés (2) (nature et quantité) (3) et détail des salariés mis à disposition :"},
		{"R1.19 payments", "L'organisme bénéficiaire reconnaît avoir reçu, au titre de la réduction d'impôt prévue à l'article 238 bis du code général des impôts, des versements pour une valeur totale égale à :"},
		{"R1.19 payments in words", "Indiquez le total des versements en toutes lettres :"},
		{"R2.2-7 forme des versements", "Forme des versements (4) :"},
		{"R2.2-7 forme des versements", "Remise d'espèces"},
		{"R2.2-7 forme des versements", "Chèque"},
		{"R2.2-7 forme des versements", "Virement, prélèvement ou carte bancaire"},
		{"R2.2-7 forme des versements", "Autre"},
		{"R2.2-4 total", "Montant total des dons et versements reçus par l'organisme :"},
		{"R2.2-4 total in words", "Indiquez le montant total des dons et versements en toutes lettres :"},
		{"R2.2-5 period", "Date ou période au cours de laquelle les dons et versements ont été effectués (5) :"},
		{"R2.2-8 signature", "Date et signature"},
		{"R2.2-8 signer", "Claire Dubois, Trésorière"},
		{"R1.20 footnote 1", "(1) L'organisme bénéficiaire des dons en nature reporte sur le reçu fiscal le montant indiqué par l'entreprise donatrice."},
		{"R1.20 footnote 2", "(2) L'entreprise ne peut pas prétendre au bénéfice de la réduction d'impôt à raison des dons en nature refusés par l'organisme."},
		{"R1.19 footnote 3", "(3) La description peut être établie par l'organisme bénéficiaire sur papier libre signé, daté et joint à la présente attestation."},
		{"R1.19 footnote 4", "(4) L'organisme bénéficiaire des versements peut cocher une ou plusieurs cases."},
		{"R1.21 footnote 5", "n'est pas à cheval sur deux exercices fiscaux différents de l'entreprise donatrice"},
	},
}

// TestReceiptMentions draws every fixture and checks that its text holds
// every mandatory mention of its form, the identity of both parties, the
// number, the amounts in figures and words and the dates in French.
func TestReceiptMentions(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			b, err := pdf.Receipt(f.r, f.opts)
			if err != nil {
				t.Fatalf("Receipt: %v", err)
			}
			// pdftotext lays out text three ways; a mention must read in
			// one piece in at least one of them (columns side by side
			// interleave in -layout; the diagonal stamp is only in -raw).
			texts := []string{flat(pdfText(t, b)), flat(pdfText(t, b, "-nolayout")), flat(pdfText(t, b, "-raw"))}
			is, dn := f.r.Issuer, f.r.Donor
			want := []string{f.r.Number, is.Name, is.RNA, is.Street, is.Postcode, is.City, is.CategoryWording,
				flat(is.Object), dn.Street, dn.Postcode, dn.City, "France", f.r.Total.Framed()}
			if dn.Kind == donation.Company {
				want = append(want, dn.CompanyName, dn.LegalForm, dn.SIREN)
			} else {
				want = append(want, dn.LastName, dn.FirstName)
			}
			words, err := money.Words(f.r.Total, money.Traditional)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, words)
			for _, m := range mandatory[f.r.Form.Cerfa] {
				want = append(want, m.text)
			}
			want = append(want, f.want...)
			for _, w := range want {
				if !slices.ContainsFunc(texts, func(text string) bool { return strings.Contains(text, flat(w)) }) {
					t.Errorf("text lacks %q", w)
				}
			}
			if t.Failed() {
				t.Logf("text:\n%s", pdfText(t, b))
			}
		})
	}
}

// TestReceiptGolden compares the text of each fixture with
// testdata/NAME.txt and the SHA-256 of its bytes with testdata/NAME.sha256.
// After a deliberate change, rewrite them with go test ./internal/pdf -update
// and look at the result with -png DIR.
func TestReceiptGolden(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			b, err := pdf.Receipt(f.r, f.opts)
			if err != nil {
				t.Fatalf("Receipt: %v", err)
			}
			again, err := pdf.Receipt(f.r, f.opts)
			if err != nil {
				t.Fatalf("Receipt again: %v", err)
			}
			if !bytes.Equal(b, again) {
				t.Fatalf("two renderings of the same receipt differ (%d and %d bytes)", len(b), len(again))
			}
			sum := sha256.Sum256(b)
			golden(t, f.name+".sha256", hex.EncodeToString(sum[:])+"\n")
			golden(t, f.name+".txt", pdfText(t, b))
			if *pngDir != "" {
				writePNG(t, b, filepath.Join(*pngDir, f.name))
			}
		})
	}
}

func TestSpelling(t *testing.T) {
	r := individualReceipt(t)
	r.Lines[0].Amount, r.Total = 123_100, 123_100 // 1 231,00 €
	tests := []struct {
		name     string
		receipt  money.Spelling
		opts     money.Spelling
		want     string
		wantNone string
	}{
		{"traditional", money.Traditional, money.Traditional, "mille deux cent trente et un euros", "mille-deux-cent-trente-et-un"},
		{"option", money.Traditional, money.Rectified1990, "mille-deux-cent-trente-et-un euros", "mille deux cent trente et un"},
		{"issued rectified", money.Rectified1990, money.Traditional, "mille-deux-cent-trente-et-un euros", "mille deux cent trente et un"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.Spelling = tt.receipt
			b, err := pdf.Receipt(r, pdf.Options{Spelling: tt.opts})
			if err != nil {
				t.Fatal(err)
			}
			text := flat(pdfText(t, b))
			if !strings.Contains(text, tt.want) {
				t.Errorf("text lacks %q:\n%s", tt.want, text)
			}
			if strings.Contains(text, tt.wantNone) {
				t.Errorf("text has %q, spelled the other way", tt.wantNone)
			}
		})
	}
}

// TestUnicodeFallback prints a name outside Windows-1252, which takes the
// Unicode font path, and checks that the rest of the receipt is unchanged.
func TestUnicodeFallback(t *testing.T) {
	r := individualReceipt(t)
	plain, err := pdf.Receipt(r, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.Donor.LastName, r.Donor.FirstName = "Wołoszyński", "Łukasz"
	b, err := pdf.Receipt(r, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	for _, w := range []string{"Wołoszyński", "Łukasz", "Cœur-Volant", "« jardins ouverts »", "1 234,56 €"} {
		if !strings.Contains(flat(text), flat(w)) {
			t.Errorf("text lacks %q", w)
		}
	}
	// The layout is the same on both paths: only the names differ.
	want := strings.NewReplacer("Lefèvre", "Wołoszyński", "Marie-Hélène", "Łukasz").Replace(pdfText(t, plain))
	if flat(text) != flat(want) {
		t.Errorf("Unicode text differs from WinAnsi text beyond the names:\n%s\nwant:\n%s", text, want)
	}
}

func TestReceipts(t *testing.T) {
	fs := fixtures(t)
	rs := []donation.Receipt{fs[0].r, fs[1].r, fs[2].r}
	b, err := pdf.Receipts(rs, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	if got := strings.Count(text, "\f"); got != 5 {
		t.Errorf("%d pages, want 5 (1 + 2 + 2)", got)
	}
	pages := strings.Split(text, "\f")
	for i, want := range []string{"2026-00001", "2027-00003", "2027-00003", "2026-00031", "2026-00031"} {
		if i < len(pages) && !strings.Contains(pages[i], "Numéro d'ordre du reçu : "+want) {
			t.Errorf("page %d lacks receipt number %s in its footer", i+1, want)
		}
	}
	for i, want := range []string{"Page 1/1", "Page 1/2", "Page 2/2", "Page 1/2", "Page 2/2"} {
		if i < len(pages) && !strings.Contains(pages[i], want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	if _, err := pdf.Receipts(nil, pdf.Options{}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("Receipts(nil) error = %v, want ErrInvalid", err)
	}
}

// TestAnnexPageBreak checks that the annex of the annual fixture sits on
// its own page, and that a longer annex runs onto a third page with its
// heading and column titles repeated.
func TestAnnexPageBreak(t *testing.T) {
	annual := fixtures(t)[1].r
	b, err := pdf.Receipt(annual, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(pdfText(t, b), "\f"), "\f")
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	if strings.Contains(pages[0], "Annexe") || !strings.Contains(pages[1], "Annexe — détail des versements") ||
		!strings.Contains(pages[1], "05/01/2026") || !strings.Contains(pages[1], "15/12/2026") {
		t.Errorf("the annex is not on page 2 alone:\n%s", strings.Join(pages, "\n---\n"))
	}

	weekly := annual
	weekly.Lines, weekly.Total = nil, 0
	for day := 0; day < 364; day += 7 {
		l := donation.ReceiptLine{Date: time.Date(2026, 1, 2+day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
			Amount: 1_000, Method: donation.Card, Nature: donation.Numeraire}
		weekly.Lines, weekly.Total = append(weekly.Lines, l), weekly.Total+l.Amount
	}
	b, err = pdf.Receipt(weekly, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages = strings.Split(strings.TrimSuffix(pdfText(t, b), "\f"), "\f")
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3", len(pages))
	}
	for _, want := range []string{"Annexe — détail des versements (suite)", "Mode de versement", "25/12/2026", "Total 520,00 €",
		"Numéro d'ordre du reçu : 2027-00003", "Page 3/3"} {
		if !strings.Contains(flat(pages[2]), want) {
			t.Errorf("page 3 lacks %q:\n%s", want, pages[2])
		}
	}
	if !strings.Contains(pages[1], "Page 2/3") || !strings.Contains(pages[1], "02/01/2026") {
		t.Errorf("page 2 lacks the start of the annex:\n%s", pages[1])
	}
}

// TestConcurrent draws the fixtures from several goroutines at once, as a
// year-end batch does on every core, and expects the bytes drawn alone.
func TestConcurrent(t *testing.T) {
	fs := fixtures(t)
	want := make([][]byte, len(fs))
	for i, f := range fs {
		b, err := pdf.Receipt(f.r, f.opts)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = b
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(fs))
	for range 4 {
		for i, f := range fs {
			wg.Go(func() {
				b, err := pdf.Receipt(f.r, f.opts)
				switch {
				case err != nil:
					errs <- err
				case !bytes.Equal(b, want[i]):
					errs <- fmt.Errorf("%s drawn concurrently differs", f.name)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// BenchmarkAnnualReceipt draws the annual fixture (two pages, 14 lines),
// the year-end case: each receipt is its own PDF, stored with its hash.
func BenchmarkAnnualReceipt(b *testing.B) {
	r := fixtures(b)[1].r
	if _, err := pdf.Receipt(r, pdf.Options{}); err != nil { // builds the fonts once
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.Receipt(r, pdf.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceipt draws the one-page receipt of a single gift.
func BenchmarkReceipt(b *testing.B) {
	r := individualReceipt(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.Receipt(r, pdf.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnnualReceiptUnicode is the same receipt for a donor whose name
// is outside Windows-1252: the fallback that parses the fonts each time.
func BenchmarkAnnualReceiptUnicode(b *testing.B) {
	r := fixtures(b)[1].r
	r.Donor.LastName = "Wołoszyński"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.Receipt(r, pdf.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceipts draws 100 annual receipts into one printing file.
func BenchmarkReceipts(b *testing.B) {
	r := fixtures(b)[1].r
	rs := make([]donation.Receipt, 100)
	for i := range rs {
		rs[i] = r
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.Receipts(rs, pdf.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestReceiptInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *donation.Receipt)
		opts   pdf.Options
		key    string
	}{
		{"no number", func(r *donation.Receipt) { r.Number = "" }, pdf.Options{}, "pdf.number_missing"},
		{"unknown form", func(r *donation.Receipt) { r.Form.Cerfa = "11580*04" }, pdf.Options{}, "pdf.form_unknown"},
		{"company on 11580", func(r *donation.Receipt) { r.Donor.Kind = donation.Company }, pdf.Options{}, "pdf.form_donor_mismatch"},
		{"no SIREN or RNA", func(r *donation.Receipt) { r.Issuer.RNA = "" }, pdf.Options{}, "pdf.issuer_incomplete"},
		{"no donor city", func(r *donation.Receipt) { r.Donor.City = " " }, pdf.Options{}, "pdf.donor_incomplete"},
		{"no lines", func(r *donation.Receipt) { r.Lines = nil }, pdf.Options{}, "pdf.no_lines"},
		{"wrong total", func(r *donation.Receipt) { r.Total++ }, pdf.Options{}, "pdf.total_mismatch"},
		{"no article", func(r *donation.Receipt) { r.Article200 = false }, pdf.Options{}, "pdf.article_missing"},
		{"978 not eligible", func(r *donation.Receipt) { r.Article978 = true }, pdf.Options{}, "pdf.article_978_ineligible"},
		{"bad logo", func(r *donation.Receipt) { r.Issuer.Logo = []byte("\x89PNG\r\n\x1a\nnot really") }, pdf.Options{}, "pdf.logo_invalid"},
		{"duplicate without date", func(r *donation.Receipt) {}, pdf.Options{Mark: pdf.Duplicate}, "pdf.duplicate_date_invalid"},
		{"cancelled without reason", func(r *donation.Receipt) { r.Status, r.CancelledOn = donation.Cancelled, "2026-08-01" }, pdf.Options{}, "pdf.cancel_reason_missing"},
		{"duplicate of cancelled", func(r *donation.Receipt) {
			r.Status, r.CancelledOn, r.CancelReason = donation.Cancelled, "2026-08-01", "erreur"
		}, pdf.Options{Mark: pdf.Duplicate, MarkDate: "2026-09-01"}, "pdf.duplicate_cancelled"},
		{"annual over two years", func(r *donation.Receipt) {
			r.Annual, r.PeriodYear = true, 2025
		}, pdf.Options{}, "pdf.annual_years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := individualReceipt(t)
			tt.change(&r)
			_, err := pdf.Receipt(r, tt.opts)
			var m apperr.Multi
			if !errors.As(err, &m) {
				t.Fatalf("error = %v, want an apperr.Multi", err)
			}
			var keys []string
			for _, e := range m {
				keys = append(keys, e.Key)
			}
			if !strings.Contains(strings.Join(keys, " "), tt.key) {
				t.Errorf("error keys = %v, want %s", keys, tt.key)
			}
			if !errors.Is(err, apperr.ErrInvalid) {
				t.Errorf("error %v is not ErrInvalid", err)
			}
		})
	}
}

// TestImages prints the logo and signature in the PNG variants fpdf reads
// badly (interlaced, 16 bits) and in JPEG.
func TestImages(t *testing.T) {
	r := individualReceipt(t)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, testImage(60, 40, false), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	for name, logo := range map[string][]byte{
		"16-bit PNG": png16(t),
		"JPEG":       jpg.Bytes(),
	} {
		t.Run(name, func(t *testing.T) {
			r.Issuer.Logo = logo
			if _, err := pdf.Receipt(r, pdf.Options{}); err != nil {
				t.Fatalf("Receipt: %v", err)
			}
		})
	}
}

// individualReceipt is a complete receipt for one cheque from an
// individual.
func individualReceipt(t testing.TB) donation.Receipt {
	return donation.Receipt{
		ID: 1, Number: "2026-00001", Year: 2026, Seq: 1, IssuedOn: "2026-07-20",
		Form:   donation.Form{Code: "2041-RD", Cerfa: "11580*05", Version: "2023-03-01"},
		Issuer: issuer(t),
		Donor: donation.DonorSnapshot{Kind: donation.Individual, LastName: "Lefèvre", FirstName: "Marie-Hélène",
			Street: "7 rue du Cœur-Volant", Postcode: "78430", City: "Louveciennes"},
		DonorID: 7,
		Lines: []donation.ReceiptLine{{GiftID: 11, Date: "2026-07-14", Amount: 123_456, Method: donation.Cheque,
			Nature: donation.Numeraire, Forme: donation.DonManuel}},
		Total:      123_456,
		Article200: true,
		Status:     donation.Valid,
	}
}

// companyReceipt covers a gift in kind and a transfer from a company over
// the year 2026.
func companyReceipt(t testing.TB) donation.Receipt {
	return donation.Receipt{
		ID: 31, Number: "2026-00031", Year: 2026, Seq: 31, IssuedOn: "2027-01-20",
		Form:   donation.Form{Code: "2041-MEC-SD", Cerfa: "16216*03", Version: "2023-03-01"},
		Issuer: issuer(t),
		Donor: donation.DonorSnapshot{Kind: donation.Company, CompanyName: "Atelier Numérique de l'Est",
			LegalForm: "SARL", SIREN: "834521679", Street: "18 avenue Jean-Jaurès", Postcode: "93100", City: "Montreuil"},
		Lines: []donation.ReceiptLine{
			{GiftID: 301, Date: "2026-03-10", Amount: 420_000, Nature: donation.InKind, Forme: donation.FormeAutre,
				Description: "12 ordinateurs portables reconditionnés (processeur i5, 16 Go de mémoire) et 12 sacoches, pour l'atelier numérique du jardin",
				Valuation:   "coût de revient, valeur en stock au 28/02/2026"},
			{GiftID: 302, Date: "2026-09-30", Amount: 250_000, Method: donation.Transfer, Nature: donation.Numeraire},
		},
		Total:      670_000,
		PeriodFrom: "2026-01-01", PeriodTo: "2026-12-31",
		Status: donation.Valid,
	}
}

func issuer(t testing.TB) donation.IssuerSnapshot {
	var logo, sig bytes.Buffer
	if err := png.Encode(&logo, testImage(240, 160, false)); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&sig, testImage(300, 90, true)); err != nil {
		t.Fatal(err)
	}
	return donation.IssuerSnapshot{
		Name: "Les Jardins partagés de Belleville", RNA: "W751234567",
		Street: "12 rue des Envierges", Postcode: "75020", City: "Paris",
		Object: "Créer et animer des « jardins ouverts » à tous les habitants du quartier ; sensibiliser le public à la " +
			"biodiversité urbaine et à la défense de l'environnement naturel par des ateliers éducatifs gratuits.",
		CategoryCode: "asso_1901_ig", CategoryWording: "Association loi 1901",
		ParentWording: association.CategoryForm().ParentWording,
		SignerName:    "Claire Dubois", SignerRole: "Trésorière",
		Logo: logo.Bytes(), LogoMIME: "image/png", Signature: sig.Bytes(), SignatureMIME: "image/png",
	}
}

// testImage draws a logo (a green disc and a leaf) or, with sig, a
// handwritten-looking stroke on a transparent background.
func testImage(w, h int, sig bool) image.Image {
	im := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			switch {
			case sig:
				curve := 0.5 + 0.28*math.Sin(fx*5*math.Pi)*math.Cos(fx*1.3)
				if math.Abs(fy-curve) < 0.035 && fx > 0.05 && fx < 0.95 {
					im.Set(x, y, color.NRGBA{20, 30, 110, 255})
				}
			case math.Hypot(fx-0.5, (fy-0.5)*float64(h)/float64(w)) < 0.3:
				c := color.NRGBA{46, 125, 50, 255}
				if math.Abs((fx-0.5)-(fy-0.5)*0.8) < 0.06 {
					c = color.NRGBA{200, 230, 201, 255}
				}
				im.Set(x, y, c)
			default:
				im.Set(x, y, color.NRGBA{255, 255, 255, 255})
			}
		}
	}
	return im
}

// png16 encodes a 16-bit PNG, which fpdf cannot embed as it is.
func png16(t *testing.T) []byte {
	src := testImage(60, 40, false)
	im := image.NewRGBA64(src.Bounds())
	for y := range 40 {
		for x := range 60 {
			im.Set(x, y, src.At(x, y))
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, im); err != nil {
		t.Fatal(err)
	}
	if b.Bytes()[24] != 16 {
		t.Fatalf("bit depth %d, want 16", b.Bytes()[24])
	}
	return b.Bytes()
}

// pdfText extracts the text of a PDF with pdftotext -layout, or with the
// mode given instead ("-nolayout" for pdftotext's default, "-raw").
func pdfText(t testing.TB, b []byte, mode ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext is missing (%v): install poppler-utils (make deps-test does)", err)
	}
	path := filepath.Join(t.TempDir(), "receipt.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-layout"}
	switch {
	case len(mode) == 1 && mode[0] == "-nolayout":
		args = nil
	case len(mode) == 1:
		args = mode
	}
	out, err := exec.Command(bin, append(args, "-enc", "UTF-8", path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var spaces = regexp.MustCompile(`[\s\x{00a0}]+`)

// flat collapses every run of white space, no-break spaces included, so
// that texts wrapped or spaced out by the layout compare equal.
func flat(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/pdf -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (after a deliberate change, run go test ./internal/pdf -update):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// writePNG writes the pages of b as prefix-N.png at 60 dpi.
func writePNG(t *testing.T, b []byte, prefix string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(prefix), 0o755); err != nil {
		t.Fatal(err)
	}
	path := prefix + ".pdf"
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
}
