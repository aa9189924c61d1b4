package pdf_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/pdf"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// profile is the association of the fixtures, with the receipts' logo.
func profile(t testing.TB) association.Profile {
	is := issuer(t)
	return association.Profile{
		Name: is.Name, RNA: is.RNA, Street: is.Street, Postcode: is.Postcode, City: is.City, Object: is.Object,
		SignerName: is.SignerName, SignerRole: "Présidente",
		Logo: association.Image{Data: is.Logo, MIME: is.LogoMIME},
	}
}

// shippedDoc fills the shipped template name, as version 3 saved on 2
// October 2026, for parties p.
func shippedDoc(t testing.TB, name string, p charter.Parties) charter.Document {
	t.Helper()
	ts, err := charter.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ts, func(tpl charter.Template) bool { return tpl.Name == name })
	if i < 0 {
		t.Fatalf("no shipped template %s", name)
	}
	blocks, problems := charter.Parse(ts[i].Body)
	if len(problems) > 0 {
		t.Fatalf("template %s: %v", name, problems)
	}
	values := p.Values()
	filled, _ := charter.Fill(blocks, values)
	doc := charter.Document{Name: name, Title: ts[i].Title, Version: 3, VersionOn: "2026-10-02", Date: p.Date,
		Blocks: filled, Association: p.Association, SignerName: values["signataire.nom"], SignerRole: values["signataire.role"]}
	if p.Partner != nil {
		doc.Partner = p.Partner.OrgName
	}
	if p.Signer.Kind == contact.Organisation {
		doc.Partner = p.Signer.OrgName
	}
	return doc
}

// volunteer is the charter of volunteering for Marie-Hélène Lefèvre.
func volunteer(t testing.TB) charter.Document {
	return shippedDoc(t, "benevolat", charter.Parties{
		Association: profile(t),
		Signer:      contact.Contact{Kind: contact.Person, FirstName: "Marie-Hélène", LastName: "Lefèvre"},
		Date:        "2026-11-21",
	})
}

// partnership is the partnership charter for a company, signed by its
// representative, with the counterparts of its case.
func partnership(t testing.TB) charter.Document {
	org := contact.Contact{Kind: contact.Organisation, OrgName: "Atelier Numérique de l'Est",
		Addresses: []contact.Address{{Street: "18 avenue Jean-Jaurès", Postcode: "93100", City: "Montreuil"}}}
	return shippedDoc(t, "partenariat", charter.Parties{
		Association:    profile(t),
		Signer:         org,
		Representative: &contact.Membership{Person: "Karim Haddad", Role: "gérant"},
		Case: &sponsor.Case{Year: 2026, Stage: sponsor.Agreed, Expected: money.Cents(8_000_00),
			ConventionStart: "2026-03-01", ConventionEnd: "2027-02-28",
			Counterparts: []sponsor.Counterpart{{Item: "Logo sur les panneaux des jardins", Value: 600_00},
				{Item: "Visite guidée pour les salariés", Value: 400_00}}},
		Date: "2026-11-21",
	})
}

func TestCharterText(t *testing.T) {
	for _, doc := range []charter.Document{volunteer(t), partnership(t)} {
		t.Run(doc.Name, func(t *testing.T) {
			b, err := pdf.Charters([]charter.Document{doc})
			if err != nil {
				t.Fatal(err)
			}
			text := flat(pdfText(t, b))
			want := []string{doc.Title, "Version 3 du 02/10/2026", "Les Jardins partagés de Belleville",
				"12 rue des Envierges", "le 21 novembre 2026", "Claire Dubois", "Présidente",
				"Pour Les Jardins partagés de Belleville", "« Lu et approuvé »", "Page 1/2", "Page 2/2",
				doc.Title + " — version 3 du 02/10/2026 — " + doc.SignerName}
			for _, bl := range doc.Blocks {
				if bl.Kind == charter.Heading {
					want = append(want, bl.Text())
				}
			}
			switch doc.Name {
			case "benevolat":
				want = append(want, "et Marie-Hélène Lefèvre, ci-après « le bénévole »", "Le signataire",
					"Fait à Paris, le 21 novembre 2026, en deux exemplaires.")
			case "partenariat":
				want = append(want, "entre Les Jardins partagés de Belleville et Atelier Numérique de l'Est",
					"Atelier Numérique de l'Est, 18 avenue Jean-Jaurès, 93100 Montreuil, représenté par Karim Haddad, gérant",
					"Logo sur les panneaux des jardins — valeur 600,00 €", "Visite guidée pour les salariés — valeur 400,00 €",
					"pour un montant de 8 000,00 €", "du 1er mars 2026 au 28 février 2027", "Pour Atelier Numérique de l'Est",
					"dans la limite de 25 % du montant des dons")
			}
			for _, w := range want {
				if !strings.Contains(text, flat(w)) {
					t.Errorf("text lacks %q", w)
				}
			}
			if strings.Contains(text, "{{") || strings.Contains(text, "**") {
				t.Errorf("text shows markup:\n%s", text)
			}
			if t.Failed() {
				t.Logf("text:\n%s", pdfText(t, b))
			}
		})
	}
}

// TestCharterGolden compares each fixture with testdata/charter-NAME.txt
// and .sha256; -update rewrites them, -png DIR draws their pages.
func TestCharterGolden(t *testing.T) {
	for _, doc := range []charter.Document{volunteer(t), partnership(t)} {
		t.Run(doc.Name, func(t *testing.T) {
			b, err := pdf.Charters([]charter.Document{doc})
			if err != nil {
				t.Fatal(err)
			}
			again, err := pdf.Charters([]charter.Document{doc})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, again) {
				t.Fatalf("two renderings of the same charter differ")
			}
			sum := sha256.Sum256(b)
			golden(t, "charter-"+doc.Name+".sha256", hex.EncodeToString(sum[:])+"\n")
			golden(t, "charter-"+doc.Name+".txt", pdfText(t, b))
			if *pngDir != "" {
				writePNG(t, b, filepath.Join(*pngDir, "charter-"+doc.Name))
			}
		})
	}
}

// TestCharterBatch draws two signers in one file: each document starts
// on a new page and counts its own pages.
func TestCharterBatch(t *testing.T) {
	one := volunteer(t)
	two := shippedDoc(t, "benevolat", charter.Parties{Association: profile(t),
		Signer: contact.Contact{Kind: contact.Person, FirstName: "Paul", LastName: "Bernard"}, Date: "2026-11-22"})
	b, err := pdf.Charters([]charter.Document{one, two})
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(pdfText(t, b), "\f"), "\f")
	if len(pages) != 4 {
		t.Fatalf("%d pages, want 4", len(pages))
	}
	for i, want := range []string{"Marie-Hélène Lefèvre Page 1/2", "Marie-Hélène Lefèvre Page 2/2",
		"Paul Bernard Page 1/2", "Paul Bernard Page 2/2"} {
		if !strings.Contains(flat(pages[i]), want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	if !strings.Contains(pages[2], "Charte du bénévolat") || !strings.Contains(flat(pages[3]), "le 22 novembre 2026") {
		t.Errorf("the second document does not start on page 3")
	}
}

// TestCharterUnicode prints a signer outside Windows-1252 and a blank
// field to fill by hand.
func TestCharterUnicode(t *testing.T) {
	a := profile(t)
	a.City = ""
	doc := shippedDoc(t, "benevolat", charter.Parties{Association: a,
		Signer: contact.Contact{Kind: contact.Person, FirstName: "Łukasz", LastName: "Wołoszyński"}, Date: "2026-11-21"})
	b, err := pdf.Charters([]charter.Document{doc})
	if err != nil {
		t.Fatal(err)
	}
	text := flat(pdfText(t, b))
	for _, w := range []string{"Łukasz Wołoszyński", "Fait à " + charter.Blank + ", le 21 novembre 2026", "Charte du bénévolat"} {
		if !strings.Contains(text, flat(w)) {
			t.Errorf("text lacks %q", w)
		}
	}
}

// TestCharterPreview draws a text not saved yet.
func TestCharterPreview(t *testing.T) {
	blocks, _ := charter.Parse("# Brouillon\n\nTexte **en cours**.")
	b, err := pdf.Charters([]charter.Document{{Name: "apercu", Title: "Brouillon", Blocks: blocks, Date: "2026-11-21",
		Association: profile(t)}})
	if err != nil {
		t.Fatal(err)
	}
	text := flat(pdfText(t, b))
	for _, w := range []string{"Aperçu — texte non enregistré", "Texte en cours.", "Page 1/1", "Nom : " + charter.Blank} {
		if !strings.Contains(text, flat(w)) {
			t.Errorf("preview lacks %q:\n%s", w, text)
		}
	}
}
