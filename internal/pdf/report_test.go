package pdf_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/pdf"
	"github.com/bureau-asso/bureau/internal/report"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// partnerReport is the report of a company over 2026: gifts in three
// months, two of them receipted, a signed case whose counterparts are
// above 25 % of what was received, interactions with the company and its
// manager, email threads and the president's word.
func partnerReport(t testing.TB) report.Partner {
	r := report.Partner{
		Association: profile(t),
		Org:         contact.Contact{ID: 31, Kind: contact.Organisation, OrgName: "Atelier Numérique de l'Est"},
		Members:     []contact.Membership{{PersonID: 32, Person: "HADDAD Karim", Role: "gérant"}},
		From:        "2026-01-01", To: "2026-12-31",
		Gifts: []report.Gift{
			{ID: 301, Date: "2026-03-10", Amount: 2_500_00, Method: donation.Transfer, Nature: donation.Numeraire,
				Campaign: "Jardins 2026", Receipt: "2026-00031", ReceiptOn: "2026-03-20"},
			{ID: 302, Date: "2026-06-18", Amount: 1_000_00, Method: donation.Cheque, Nature: donation.Numeraire,
				Receipt: "2026-00057", ReceiptOn: "2026-06-30"},
			{ID: 303, Date: "2026-09-30", Amount: 150_00, Method: donation.Transfer, Nature: donation.Numeraire, Membership: true},
		},
		Cases: []report.Case{{
			Case: sponsor.Case{ID: 5, Year: 2026, Stage: sponsor.Agreed, Expected: 4_000_00, Probability: 100,
				ConventionStart: "2026-03-01", ConventionEnd: "2027-02-28",
				NextAction: "Envoyer le bilan de l'année", NextActionDate: "2026-12-15",
				Counterparts: []sponsor.Counterpart{
					{Item: "Logo sur les panneaux des jardins", Value: 600_00, Promised: true, Delivered: true, DeliveredOn: "2026-04-02"},
					{Item: "Visite guidée pour les salariés", Value: 400_00, Promised: true},
				}},
			Received: 3_650_00, Warning: true, Ratio: 2740, Basis: sponsor.BasisGifts,
		}},
		Interactions: []report.Interaction{
			{Interaction: contact.Interaction{ContactID: 31, Kind: contact.InteractionMeeting, Date: "2026-02-12",
				Subject: "Présentation du projet", Body: "Rencontre au siège de l'entreprise avec la direction."}},
			{Interaction: contact.Interaction{ContactID: 32, Kind: contact.InteractionCall, Date: "2026-05-04",
				Subject: "Visite des salariés", Body: "Date fixée au 12 juin."}, With: "HADDAD Karim"},
			{Interaction: contact.Interaction{ContactID: 31, Kind: contact.InteractionNote, Date: "2026-10-01",
				Body: "Souhaite renouveler en 2027."}},
		},
		Threads: []report.ThreadSummary{
			{ID: 1, Subject: "Convention de mécénat 2026", First: "2026-01-20", Last: "2026-02-28", Messages: 7},
			{ID: 2, Subject: "Visite guidée des jardins", First: "2026-05-02", Last: "2026-06-13", Messages: 4},
		},
		Text: "Merci à l'Atelier Numérique de l'Est pour son soutien fidèle.\n\n" +
			"Grâce à lui, trois nouveaux jardins ont ouvert cette année.",
		GiftCount: 3, GiftTotal: 3_650_00, ReceiptedCount: 2, ReceiptedTotal: 3_500_00, Receipts: 2,
		CounterpartsPromised: 1_000_00, CounterpartsDelivered: 600_00, Messages: 11,
	}
	for m := 1; m <= 12; m++ {
		mo := report.Month{Month: fmt.Sprintf("2026-%02d", m)}
		for _, g := range r.Gifts {
			if g.Date[:7] == mo.Month {
				mo.Count++
				mo.Total += g.Amount
			}
		}
		r.Months = append(r.Months, mo)
	}
	return r
}

func TestPartnerReportText(t *testing.T) {
	b, err := pdf.PartnerReport(partnerReport(t))
	if err != nil {
		t.Fatal(err)
	}
	// A table cell may wrap: a row reads in one piece in -raw mode.
	texts := []string{flat(pdfText(t, b)), flat(pdfText(t, b, "-raw"))}
	for _, w := range []string{
		"RAPPORT PARTENAIRE", "Atelier Numérique de l'Est", "Période du 1er janvier 2026 au 31 décembre 2026",
		"Interlocuteurs : HADDAD Karim (gérant)", "Les Jardins partagés de Belleville",
		// Key figures.
		"Dons reçus", "3 650,00 €", "3 dons", "Reçus fiscaux", "2 reçus", "pour 3 500,00 € de dons",
		"Contreparties promises", "1 000,00 €", "dont 600,00 € remises", "3 échanges", "2 fils de courriels",
		// Chart.
		"Dons par mois", "janv.", "mars", "déc.", "2 500 €",
		// Gifts.
		"Dons et reçus fiscaux", "10/03/2026 2 500,00 € don virement numéraire Jardins 2026 2026-00031 20/03/2026",
		"30/09/2026 150,00 € cotisation virement numéraire non émis", "Total 3 650,00 € 3 dons",
		"2 dons sur 3 figurent sur un reçu fiscal valide, pour 3 500,00 €.",
		// Sponsorship.
		"Mécénat", "Dossier 2026 — Convention signée", "Montant convenu : 4 000,00 € (probabilité 100 %)",
		"Dons reçus en 2026 : 3 650,00 €", "Convention du 01/03/2026 au 28/02/2027",
		"Prochaine action : Envoyer le bilan de l'année (le 15/12/2026)",
		"les contreparties (1 000,00 €) représentent 27,40 % des dons de l'année, au-delà de la limite de 25 %",
		"Logo sur les panneaux des jardins 600,00 € remise le 02/04/2026", "Visite guidée pour les salariés 400,00 € à remettre",
		// Interactions and threads.
		"Échanges", "12/02/2026 Rendez-vous Atelier Numérique de l'Est Présentation du projet — Rencontre",
		"04/05/2026 Appel HADDAD Karim Visite des salariés — Date fixée au 12 juin.", "Souhaite renouveler en 2027.",
		"Courriels", "Convention de mécénat 2026 20/01/2026 28/02/2026 7", "2 fils 11",
		// President's word.
		"Le mot du président", "Merci à l'Atelier Numérique de l'Est pour son soutien fidèle.",
		"trois nouveaux jardins ont ouvert cette année.", "Claire Dubois, Présidente",
		"Rapport partenaire — Atelier Numérique de l'Est — du 01/01/2026 au 31/12/2026", "Page 1/",
	} {
		if !slices.ContainsFunc(texts, func(text string) bool { return strings.Contains(text, flat(w)) }) {
			t.Errorf("text lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", pdfText(t, b, "-raw"))
	}
}

func TestPartnerReportGolden(t *testing.T) {
	r := partnerReport(t)
	b, err := pdf.PartnerReport(r)
	if err != nil {
		t.Fatal(err)
	}
	again, err := pdf.PartnerReport(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Fatal("two renderings of the same report differ")
	}
	sum := sha256.Sum256(b)
	golden(t, "report-partner.sha256", hex.EncodeToString(sum[:])+"\n")
	golden(t, "report-partner.txt", pdfText(t, b))
	if *pngDir != "" {
		writePNG(t, b, filepath.Join(*pngDir, "report-partner"))
	}
}

// TestPartnerReportEmpty draws a partner with nothing in the period.
func TestPartnerReportEmpty(t *testing.T) {
	r := report.Partner{Association: profile(t), Org: contact.Contact{Kind: contact.Person, FirstName: "Jean", LastName: "Moreau"},
		From: "2026-01-01", To: "2026-03-31",
		Months: []report.Month{{Month: "2026-01"}, {Month: "2026-02"}, {Month: "2026-03"}}}
	b, err := pdf.PartnerReport(r)
	if err != nil {
		t.Fatal(err)
	}
	text := flat(pdfText(t, b))
	for _, w := range []string{"Jean Moreau", "Aucun don n'a été reçu sur la période.", "Aucun dossier de mécénat",
		"Aucun échange n'est noté", "Aucun fil de courriels", "aucun don", "Page 1/1"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "mot du président") {
		t.Error("an empty word of the president has its section")
	}
}

// bigReport is a report with n gifts over two years, half of them
// receipted, threads email threads and 200 interactions.
func bigReport(t testing.TB, n, threads int) report.Partner {
	r := partnerReport(t)
	r.From, r.To = "2025-01-01", "2026-12-31"
	r.Gifts, r.Months, r.Threads, r.Interactions = nil, nil, nil, nil
	r.GiftTotal, r.GiftCount = 0, n
	for i := range n {
		g := report.Gift{ID: int64(1000 + i), Date: fmt.Sprintf("%d-%02d-%02d", 2025+i%2, 1+i%12, 1+i%28),
			Amount: money.Cents(1_000 + 37*i), Method: donation.Methods[i%len(donation.Methods)], Nature: donation.Numeraire,
			Campaign: "Campagne " + fmt.Sprint(i%7)}
		if i%2 == 0 {
			g.Receipt, g.ReceiptOn = fmt.Sprintf("2026-%05d", i), "2026-12-31"
		}
		r.Gifts = append(r.Gifts, g)
		r.GiftTotal += g.Amount
	}
	for y := 2025; y <= 2026; y++ {
		for m := 1; m <= 12; m++ {
			r.Months = append(r.Months, report.Month{Month: fmt.Sprintf("%d-%02d", y, m), Total: money.Cents(100_00 * m)})
		}
	}
	for i := range threads {
		r.Threads = append(r.Threads, report.ThreadSummary{ID: int64(i), Subject: fmt.Sprintf("Re: Suivi du projet numéro %d et questions diverses", i),
			First: "2026-01-05", Last: "2026-02-10", Messages: 1 + i%9})
	}
	for i := range 200 {
		r.Interactions = append(r.Interactions, report.Interaction{Interaction: contact.Interaction{ContactID: 31,
			Kind: contact.InteractionCall, Date: "2026-03-04", Subject: fmt.Sprintf("Appel %d", i), Body: "Point sur le projet."}})
	}
	return r
}

func TestPartnerReportLong(t *testing.T) {
	b, err := pdf.PartnerReport(bigReport(t, 300, 50))
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(pdfText(t, b), "\f"), "\f")
	n := len(pages)
	if n < 5 {
		t.Fatalf("%d pages, want more", n)
	}
	for i, p := range pages {
		if !strings.Contains(p, fmt.Sprintf("Page %d/%d", i+1, n)) {
			t.Errorf("page %d lacks its number", i+1)
		}
	}
	// A table that runs onto a new page repeats its column titles.
	if !strings.Contains(flat(pages[2]), "Date Montant Type Paiement Nature Campagne Reçu fiscal Émis le") {
		t.Errorf("page 3 does not repeat the gifts' column titles:\n%s", pages[2])
	}
}

// BenchmarkPartnerReportPDF draws the report of a partner with 1,000
// gifts, 500 email threads and 200 interactions: the drawing part of
// the 1 s target (the loading part is report.BenchmarkPartnerReport).
func BenchmarkPartnerReportPDF(b *testing.B) {
	r := bigReport(b, 1000, 500)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pdf.PartnerReport(r); err != nil {
			b.Fatal(err)
		}
	}
}
