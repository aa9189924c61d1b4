package report_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // addThreads writes the mail tables directly

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/report"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// openCore opens a core on a new database with a complete association
// profile, its clock on storetest.Clock (21 November 2026).
func openCore(t testing.TB) *core.Core {
	t.Helper()
	c, err := core.Open(context.Background(), core.Options{DBPath: filepath.Join(t.TempDir(), "bureau.db"),
		Now: func() time.Time { return storetest.Clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Association.Save(context.Background(), association.Profile{
		Name: "Les Jardins partagés de Belleville", RNA: "W751234567",
		Street: "12 rue des Envierges", Postcode: "75020", City: "Paris",
		Object:   "Créer et animer des jardins ouverts à tous les habitants du quartier.",
		Category: "asso_1901_ig", SignerName: "Claire Dubois", SignerRole: "Présidente",
	}); err != nil {
		t.Fatal(err)
	}
	return c
}

// partnerFixture is a company with its manager, gifts in and around 2026
// (one receipted), a signed sponsorship case whose counterparts exceed
// 25 % of its gifts, and interactions in and out of the period.
type partnerFixture struct {
	c        *core.Core
	org, pal contact.Contact
	gifts    []donation.Gift
}

func newPartner(t testing.TB) partnerFixture {
	t.Helper()
	ctx := context.Background()
	c := openCore(t)
	f := partnerFixture{c: c}
	f.org = contact.Contact{Kind: contact.Organisation, OrgName: "Atelier Numérique de l'Est", OrgKind: contact.OrgCompany,
		LegalForm: "SARL", SIREN: "834521676", FiscalYearEnd: "12-31",
		Addresses: []contact.Address{{Street: "18 avenue Jean-Jaurès", Postcode: "93100", City: "Montreuil", Preferred: true}}}
	if err := c.Contacts.Create(ctx, &f.org); err != nil {
		t.Fatal(err)
	}
	f.pal = contact.Contact{Kind: contact.Person, FirstName: "Karim", LastName: "Haddad"}
	if err := c.Contacts.Create(ctx, &f.pal); err != nil {
		t.Fatal(err)
	}
	if err := c.Contacts.SetMemberships(ctx, f.pal.ID, []contact.Membership{{OrganisationID: f.org.ID, Role: "gérant"}}); err != nil {
		t.Fatal(err)
	}
	for _, g := range []donation.Gift{
		{Amount: 800_00, DateReceived: "2025-12-15", Method: donation.Transfer}, // before the period
		{Amount: 2_500_00, DateReceived: "2026-03-10", Method: donation.Transfer, Campaign: "Jardins 2026"},
		{Amount: 1_000_00, DateReceived: "2026-06-18", DateCashed: "2026-06-22", Method: donation.Cheque, ChequeNumber: "0012345"},
		{Amount: 150_00, DateReceived: "2026-09-30", Method: donation.Transfer, Membership: true, Counterparts: 40_00},
	} {
		g.DonorID = f.org.ID
		if err := c.Gifts.CreateGift(ctx, &g); err != nil {
			t.Fatal(err)
		}
		f.gifts = append(f.gifts, g)
	}
	if _, err := c.Receipts.Issue(ctx, f.gifts[1].ID); err != nil {
		t.Fatalf("issue receipt: %v", err)
	}
	if err := c.Sponsors.Create(ctx, &sponsor.Case{OrgID: f.org.ID, Year: 2026, Stage: sponsor.Agreed,
		Expected: 4_000_00, Probability: 100, ConventionStart: "2026-03-01", ConventionEnd: "2027-02-28",
		NextAction: "Envoyer le bilan de l'année", NextActionDate: "2026-12-15",
		Counterparts: []sponsor.Counterpart{{Item: "Logo sur les panneaux des jardins", Value: 600_00},
			{Item: "Visite guidée pour les salariés", Value: 400_00}}}); err != nil {
		t.Fatal(err)
	}
	cases, _ := c.Sponsors.List(ctx, sponsor.Filter{OrgID: f.org.ID})
	if err := c.Sponsors.MarkDelivered(ctx, cases[0].Counterparts[0].ID, "2026-04-02"); err != nil {
		t.Fatal(err)
	}
	addThreads(t, c, []thread{
		{"Convention de mécénat 2026", "2026-01-20T09:00:00Z", "2026-02-28T16:30:00Z", 7, f.org.ID},
		{"Visite guidée des jardins", "2026-05-02T08:00:00Z", "2026-06-13T10:00:00Z", 4, f.pal.ID},
		{"Vœux", "2025-12-31T08:00:00Z", "2025-12-31T09:00:00Z", 1, f.org.ID}, // before the period
	})
	for _, i := range []contact.Interaction{
		{ContactID: f.org.ID, Kind: contact.InteractionMeeting, Date: "2026-02-12", Subject: "Présentation du projet",
			Body: "Rencontre au siège ; la direction soutient le projet."},
		{ContactID: f.pal.ID, Kind: contact.InteractionCall, Date: "2026-05-04", Subject: "Visite des salariés", Body: "Date fixée au 12 juin."},
		{ContactID: f.org.ID, Kind: contact.InteractionNote, Date: "2027-01-10", Body: "Hors période."},
	} {
		if err := c.Contacts.AddInteraction(ctx, &i); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f partnerFixture) params() report.PartnerParams {
	return report.PartnerParams{OrgID: f.org.ID, From: "2026-01-01", To: "2026-12-31",
		Text: "Merci à l'Atelier pour son soutien fidèle.\n\nTrois nouveaux jardins ont ouvert\ncette année."}
}

func TestPartner(t *testing.T) {
	f := newPartner(t)
	r, err := f.c.Reports.Partner(context.Background(), f.params())
	if err != nil {
		t.Fatal(err)
	}
	if r.Name() != "Atelier Numérique de l'Est" || len(r.Members) != 1 || r.Members[0].Role != "gérant" {
		t.Errorf("partner %q, members %+v", r.Name(), r.Members)
	}
	var gifts []string
	for _, g := range r.Gifts {
		gifts = append(gifts, fmt.Sprintf("%s %s %s", g.Date, g.Amount, g.Receipt))
	}
	want := "2026-03-10 2\u00a0500,00\u00a0€ 2026-00001|2026-06-18 1\u00a0000,00\u00a0€ |2026-09-30 150,00\u00a0€ "
	if got := strings.Join(gifts, "|"); got != want {
		t.Errorf("gifts = %q, want %q", got, want)
	}
	if r.GiftCount != 3 || r.GiftTotal != 3_650_00 || r.ReceiptedCount != 1 || r.ReceiptedTotal != 2_500_00 || r.Receipts != 1 {
		t.Errorf("figures = %d %s, receipted %d %s in %d", r.GiftCount, r.GiftTotal, r.ReceiptedCount, r.ReceiptedTotal, r.Receipts)
	}
	if len(r.Months) != 12 || r.Months[2].Total != 2_500_00 || r.Months[5].Count != 1 || r.Months[8].Total != 150_00 {
		t.Errorf("months = %+v", r.Months)
	}
	if len(r.Cases) != 1 {
		t.Fatalf("%d cases, want 1", len(r.Cases))
	}
	cs := r.Cases[0]
	if cs.Received != 3_500_00 || !cs.Warning || cs.Ratio != 2858 || cs.Basis != sponsor.BasisGifts {
		t.Errorf("case: received %s, warning %v, ratio %s, basis %s", cs.Received, cs.Warning, cs.Ratio, cs.Basis)
	}
	if r.CounterpartsPromised != 1_000_00 || r.CounterpartsDelivered != 600_00 {
		t.Errorf("counterparts %s, delivered %s", r.CounterpartsPromised, r.CounterpartsDelivered)
	}
	if len(r.Interactions) != 2 || r.Interactions[0].With != "" || r.Interactions[1].With != "HADDAD Karim" {
		t.Errorf("interactions = %+v", r.Interactions)
	}
	if got := fmt.Sprint(r.Threads); len(r.Threads) != 2 || r.Messages != 11 ||
		!strings.Contains(got, "Convention de mécénat 2026 2026-01-20 2026-02-28 7") {
		t.Errorf("threads = %s, %d messages", got, r.Messages)
	}
}

func TestPartnerCSV(t *testing.T) {
	f := newPartner(t)
	r, err := f.c.Reports.Partner(context.Background(), f.params())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.CSV(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "partner.csv", buf.String())
	if !bytes.HasPrefix(buf.Bytes(), []byte("\uFEFFRapport partenaire;")) || !strings.Contains(buf.String(), "\r\n") {
		t.Error("the CSV lacks its byte order mark or CRLF line ends")
	}
}

func TestPartnerPDF(t *testing.T) {
	f := newPartner(t)
	b, err := f.c.Reports.PDF(context.Background(), f.params())
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.c.Reports.PDF(context.Background(), f.params())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Error("two reports of the same data differ")
	}
	text := pdfText(t, b)
	for _, w := range []string{
		"Atelier Numérique de l'Est", "Période du 1er janvier 2026 au 31 décembre 2026", "HADDAD Karim (gérant)",
		"Dons par mois", "Dons et reçus fiscaux", "10/03/2026 2 500,00 € don virement numéraire Jardins 2026 2026-00001 21/11/2026",
		"30/09/2026 150,00 € cotisation virement numéraire non émis", "Total 3 650,00 € 3 dons",
		"Mécénat", "Dossier 2026 — Convention signée", "Logo sur les panneaux des jardins 600,00 € remise le 02/04/2026",
		"28,58 % des dons de l'année", "Échanges", "12/02/2026 Rendez-vous", "Présentation du projet",
		"04/05/2026 Appel HADDAD Karim Visite des salariés — Date fixée au 12 juin.",
		"Courriels", "Convention de mécénat 2026 20/01/2026 28/02/2026 7", "Visite guidée des jardins 02/05/2026 13/06/2026 4",
		"2 fils 11",
		"Le mot du président", "Merci à l'Atelier pour son soutien fidèle.", "Trois nouveaux jardins ont ouvert cette année.",
		"Page 1/2", "Page 2/2",
	} {
		if !strings.Contains(text, flat(w)) {
			t.Errorf("report lacks %q", w)
		}
	}
	if strings.Contains(text, "Hors période") || strings.Contains(text, "15/12/2025") {
		t.Error("report shows what is out of its period")
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}

func TestPartnerInvalid(t *testing.T) {
	f := newPartner(t)
	ctx := context.Background()
	tests := []struct {
		name string
		p    report.PartnerParams
		key  string
		kind error
	}{
		{"bad from", report.PartnerParams{OrgID: f.org.ID, From: "2026-13-01", To: "2026-12-31"}, "report.from_invalid", apperr.ErrInvalid},
		{"bad to", report.PartnerParams{OrgID: f.org.ID, From: "2026-01-01", To: "31/12/2026"}, "report.to_invalid", apperr.ErrInvalid},
		{"reversed", report.PartnerParams{OrgID: f.org.ID, From: "2026-12-31", To: "2026-01-01"}, "report.period_reversed", apperr.ErrInvalid},
		{"too long", report.PartnerParams{OrgID: f.org.ID, From: "2000-01-01", To: "2026-01-01"}, "report.period_too_long", apperr.ErrInvalid},
		{"no such partner", report.PartnerParams{OrgID: 9999, From: "2026-01-01", To: "2026-12-31"}, "contact.not_found", apperr.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.c.Reports.Partner(ctx, tt.p)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Key != tt.key || !errors.Is(err, tt.kind) {
				t.Errorf("Partner = %v, want %s", err, tt.key)
			}
		})
	}
}

// BenchmarkPartnerReport gathers and draws the report of a partner with
// 1,000 gifts (half of them receipted), 500 email threads, 100
// interactions and its sponsorship case, PDF and CSV: the 1 s target.
func BenchmarkPartnerReport(b *testing.B) {
	f := newPartner(b)
	ctx := context.Background()
	gifts := make([]donation.Gift, 1000)
	for i := range gifts {
		gifts[i] = donation.Gift{DonorID: f.org.ID, Amount: money.Cents(1_000 + 37*i),
			DateReceived: fmt.Sprintf("%d-%02d-%02d", 2025+i%2, 1+i%12, 1+i%28), Method: donation.Transfer,
			Campaign: fmt.Sprintf("Campagne %d", i%7), Source: "bench", Reference: fmt.Sprint(i)}
	}
	if err := f.c.DB.InsertGifts(ctx, gifts, "bench"); err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for _, g := range gifts[:500] {
		ids = append(ids, g.ID)
	}
	// One annual receipt per year covers half of the gifts.
	for _, year := range []int{2025, 2026} {
		if _, err := f.c.Receipts.IssueAnnual(ctx, f.org.ID, year); err != nil {
			b.Fatal(err)
		}
	}
	threads := make([]thread, 500)
	for i := range threads {
		threads[i] = thread{fmt.Sprintf("Re: Suivi du projet n° %d", i), fmt.Sprintf("2026-%02d-03T09:00:00Z", 1+i%12),
			fmt.Sprintf("2026-%02d-20T09:00:00Z", 1+i%12), 1 + i%9, []int64{f.org.ID, f.pal.ID}[i%2]}
	}
	addThreads(b, f.c, threads)
	for i := range 100 {
		in := contact.Interaction{ContactID: f.org.ID, Kind: contact.InteractionCall, Date: fmt.Sprintf("2026-%02d-10", 1+i%12),
			Subject: fmt.Sprintf("Appel %d", i), Body: "Point sur le projet et les prochaines étapes."}
		if err := f.c.Contacts.AddInteraction(ctx, &in); err != nil {
			b.Fatal(err)
		}
	}
	p := report.PartnerParams{OrgID: f.org.ID, From: "2025-01-01", To: "2026-12-31", Text: "Merci."}
	b.ResetTimer()
	for b.Loop() {
		r, err := f.c.Reports.Partner(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		if r.GiftCount < 1000 || len(r.Threads) < 500 {
			b.Fatalf("%d gifts, %d threads", r.GiftCount, len(r.Threads))
		}
		if _, err := f.c.Reports.Draw(r); err != nil {
			b.Fatal(err)
		}
		if err := r.CSV(&bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (after a deliberate change, run go test ./internal/report -update):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// pdfText extracts the text of a PDF with pdftotext -raw, in the order
// it is drawn, flattened.
func pdfText(t testing.TB, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (install poppler-utils)", err)
	}
	return flat(string(out))
}

var spaces = regexp.MustCompile(`[\s\x{00a0}]+`)

func flat(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// benchDir returns a folder for benchmark databases that outlive a single
// benchmark function (b.TempDir would delete it between them).
func benchDir() (string, error) { return os.MkdirTemp("", "bureau-bench-report-") }

// thread is an email thread with one contact, as mail sync stores it.
type thread struct {
	subject, first, last string
	messages             int
	contact              int64
}

// addThreads writes threads straight into the mail tables of
// 0009_mail.sql: mail sync builds them from messages, which a report
// does not read.
func addThreads(t testing.TB, c *core.Core, threads []thread) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+c.DB.Path()+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, th := range threads {
		res, err := db.Exec(`INSERT INTO mail_thread (subject, first_date, last_date, message_count) VALUES (?, ?, ?, ?)`,
			th.subject, th.first, th.last, th.messages)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		if _, err := db.Exec(`INSERT INTO mail_thread_contact (thread_id, contact_id) VALUES (?, ?)`, id, th.contact); err != nil {
			t.Fatal(err)
		}
	}
}
