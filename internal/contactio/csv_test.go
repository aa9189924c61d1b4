package contactio_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
)

var update = flag.Bool("update", false, "rewrite generated fixtures and golden files")

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// golden compares got with testdata/path; -update rewrites it.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	full := filepath.Join("testdata", path)
	if *update {
		if err := os.WriteFile(full, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(full)
	if err != nil {
		t.Fatalf("read golden: %v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", full, got, want)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		delim rune
		enc   string
	}{
		{"semicolon", "Nom;Prénom;Ville\r\nDupont;Jean;Tours\r\n", ';', contactio.EncodingUTF8},
		{"comma with BOM", "\xEF\xBB\xBFName,City\nA,B\n", ',', contactio.EncodingUTF8BOM},
		{"tab", "Nom\tVille\nDupont\tTours\n", '\t', contactio.EncodingUTF8},
		{"windows-1252", "Pr\xe9nom;Nom\nH\xe9l\xe8ne;Dupont\n", ';', contactio.EncodingWindows1252},
		{"utf-16 with BOM", "\xFF\xFEN\x00o\x00m\x00\t\x00V\x00\n\x00", '\t', contactio.EncodingUTF16LE},
		// Commas inside quotes do not count; the semicolon is the one
		// that is the same on every line.
		{"quoted commas", "Nom;Adresse\n\"Dupont, Jean\";\"1, rue de la Paix\"\nMartin;\"2, rue X, bât. B\"\n", ';', contactio.EncodingUTF8},
		{"a comma in the notes of one line", "Nom;Notes\nDupont;ok\nMartin;oui, non\n", ';', contactio.EncodingUTF8},
		{"single column", "Nom\nDupont\n", ';', contactio.EncodingUTF8},
		{"empty", "", ';', contactio.EncodingUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := contactio.Sniff([]byte(tt.in))
			if f.Delimiter != tt.delim || f.Encoding != tt.enc {
				t.Errorf("Sniff = %q %s, want %q %s", f.Delimiter, f.Encoding, tt.delim, tt.enc)
			}
		})
	}
}

func TestGuessMapping(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   contactio.Mapping
	}{
		{"French spreadsheet", []string{"Civilité", "PRÉNOM", "Nom", "E-mail", "Code postal", "Ville", "Tél. portable", "Commentaires"},
			contactio.Mapping{0: "civility", 1: "first_name", 2: "last_name", 3: "email", 4: "postcode", 5: "city", 6: "phone", 7: "notes"}},
		{"short French", []string{"Nom", "Prénom", "CP", "Courriel", "Société", "Raison sociale", "Téléphone", "Mobile"},
			contactio.Mapping{0: "last_name", 1: "first_name", 2: "postcode", 3: "email", 4: "organisation", 5: "org_name", 6: "phone", 7: "phone"}},
		{"Bureau export", []string{"Type", "Civilité", "Prénom", "Nom", "Raison sociale", "Type d'organisation", "Forme juridique",
			"SIREN", "Courriel", "Courriel 2", "Téléphone", "Téléphone 2", "Adresse", "Code postal", "Ville", "Pays", "Site web",
			"Étiquettes", "Notes", "Organisation", "Fonction"},
			contactio.Mapping{0: "kind", 1: "civility", 2: "first_name", 3: "last_name", 4: "org_name", 5: "org_kind",
				6: "legal_form", 7: "siren", 8: "email", 9: "email2", 10: "phone", 11: "phone2", 12: "street", 13: "postcode",
				14: "city", 15: "country", 16: "website", 17: "tags", 18: "notes", 19: "organisation", 20: "role"}},
		{"Outlook English, business address kept", []string{"Title", "First Name", "Last Name", "Company", "Job Title",
			"Business Street", "Business Street 2", "Business City", "Business Postal Code", "Business Country/Region",
			"Home Street", "Home City", "Home Postal Code", "Business Phone", "Mobile Phone", "E-mail Address",
			"E-mail Type", "E-mail 2 Address", "Categories", "Notes", "Web Page"},
			contactio.Mapping{0: "civility", 1: "first_name", 2: "last_name", 3: "organisation", 4: "role", 5: "street",
				6: "street", 7: "city", 8: "postcode", 9: "country", 13: "phone", 14: "phone", 15: "email", 17: "email2",
				18: "tags", 19: "notes", 20: "website"}},
		{"Outlook French: two Titre columns", []string{"Titre", "Prénom", "Nom", "Société", "Titre", "Rue (bureau)",
			"Ville (bureau)", "Code postal (bureau)", "Pays/Région (bureau)", "Rue (domicile)", "Téléphone (bureau)",
			"Adresse de messagerie", "Catégories"},
			contactio.Mapping{0: "civility", 1: "first_name", 2: "last_name", 3: "organisation", 4: "role", 5: "street",
				6: "city", 7: "postcode", 8: "country", 10: "phone", 11: "email", 12: "tags"}},
		{"Google Contacts", []string{"First Name", "Last Name", "Organization Name", "Organization Title",
			"E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value", "Address 1 - Type",
			"Address 1 - Street", "Address 1 - City", "Address 1 - Postal Code", "Address 2 - City", "Labels"},
			contactio.Mapping{0: "first_name", 1: "last_name", 2: "organisation", 3: "role", 5: "email", 7: "phone",
				9: "street", 10: "city", 11: "postcode", 13: "tags"}},
		{"nothing known", []string{"Colonne A", "Divers"}, contactio.Mapping{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := contactio.GuessMapping(tt.header)
			for _, i := range append(got.Columns(), tt.want.Columns()...) {
				if got[i] != tt.want[i] {
					t.Errorf("column %d %q → %q, want %q", i, tt.header[i], got[i], tt.want[i])
				}
			}
		})
	}
}

func TestMappingOverride(t *testing.T) {
	header := []string{"Nom complet", "Mél", "Divers"}
	m := contactio.GuessMapping(header)
	got, err := m.Override(header, "nom COMPLET=last_name, 3=notes ,2=-")
	if err != nil {
		t.Fatal(err)
	}
	want := contactio.Mapping{0: "last_name", 2: "notes"}
	if len(got) != len(want) || got[0] != want[0] || got[2] != want[2] {
		t.Errorf("Override = %v, want %v", got, want)
	}
	for _, spec := range []string{"Nom complet", "Inconnue=last_name", "9=last_name", "Divers=surnom"} {
		if _, err := m.Override(header, spec); !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("Override(%q) error = %v, want ErrInvalid", spec, err)
		}
	}
}

// TestExcelFixture checks (and with -update writes) the file French
// Excel would save: Windows-1252 bytes, not UTF-8.
func TestExcelFixture(t *testing.T) {
	const text = "Civilité;Prénom;Nom;Société;Fonction;Adresse;Code postal;Ville;Téléphone;Courriel;Étiquettes;Notes\r\n" +
		"Mme;Hélène;Lefèvre;Mairie d'Orléans;Adjointe à la culture;\"Hôtel Groslot; place de l'Étape\";45000;Orléans;02 38 79 22 22;helene.lefevre@example.fr;élus, partenaires;Cotisation 2026 : 50 €\r\n" +
		"M.;François;Bœuf;;;12 rue des Tanneurs;1000;Bourg-en-Bresse;+33 6 12 34 56 78;francois.boeuf@example.fr;adhérents;\"Œuvre \"\"Les Saisons\"\" prêtée\"\r\n" +
		"Mademoiselle;Zoé;Noël;Crèche Les Lutins;Directrice;;37000;Tours;;zoe.noel@example.fr;;\r\n"
	path := filepath.Join("testdata", "csv", "excel-fr-1252.csv")
	if *update {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := readFile(t, "csv/excel-fr-1252.csv")
	if utf8.Valid(data) || !bytes.Contains(data, []byte{'L', 'e', 'f', 0xE8, 'v', 'r', 'e'}) || !bytes.Contains(data, []byte{0x80}) {
		t.Fatal("the fixture is not Windows-1252 text")
	}

	p, err := contactio.ReadCSV(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != (contactio.Format{Delimiter: ';', Encoding: contactio.EncodingWindows1252}) {
		t.Errorf("format = %+v", p.Format)
	}
	if len(p.Rows) != 3 || len(p.Bad()) != 0 {
		t.Fatalf("%d rows, bad %v", len(p.Rows), p.Bad())
	}
	h := p.Rows[0]
	c := h.Contact
	if c.Civility != "Mme" || c.FirstName != "Hélène" || c.LastName != "Lefèvre" || h.Org != "Mairie d'Orléans" ||
		h.Role != "Adjointe à la culture" || c.Notes != "Cotisation 2026 : 50 €" {
		t.Errorf("row 2 = %+v", h)
	}
	if a := c.Addresses[0]; a.Street != "Hôtel Groslot; place de l'Étape" || a.Postcode != "45000" || a.City != "Orléans" || a.Country != "France" {
		t.Errorf("address = %+v", a)
	}
	if !slices.Equal(c.Tags, []string{"élus", "partenaires"}) {
		t.Errorf("tags = %q", c.Tags)
	}
	f := p.Rows[1].Contact
	if f.LastName != "Bœuf" || f.Addresses[0].Postcode != "01000" || f.Notes != `Œuvre "Les Saisons" prêtée` ||
		f.Phones[0].Number != "+33 6 12 34 56 78" || p.Rows[1].Line != 3 {
		t.Errorf("row 3 = %+v", p.Rows[1])
	}
	if z := p.Rows[2]; z.Contact.Civility != "Mme" || z.Org != "Crèche Les Lutins" || z.Line != 4 {
		t.Errorf("row 4 = %+v", z)
	}
}

func TestReadCSVGoogleExport(t *testing.T) {
	p, err := contactio.ReadCSV(readFile(t, "csv/google-utf8-bom.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != (contactio.Format{Delimiter: ',', Encoding: contactio.EncodingUTF8BOM}) || p.Header[0] != "First Name" {
		t.Errorf("format = %+v, header %q", p.Format, p.Header)
	}
	if len(p.Rows) != 2 || len(p.Bad()) != 0 {
		t.Fatalf("%d rows, bad %v", len(p.Rows), p.Bad())
	}
	c := p.Rows[0].Contact
	emails := []contact.Email{{Address: "claire.moreau@example.org", Label: "", Preferred: true},
		{Address: "claire@perso.example", Label: ""}}
	if !slices.Equal(c.Emails, emails) {
		t.Errorf("emails = %+v, want %+v", c.Emails, emails)
	}
	if c.Phones[0].Number != "+33 6 11 22 33 44" || p.Rows[0].Org != "Les Jardins Partagés" || p.Rows[0].Role != "Présidente" {
		t.Errorf("row = %+v", p.Rows[0])
	}
	if !slices.Equal(c.Tags, []string{"* myContacts", "Bureau"}) || c.Notes != "Réunion le 3 mars, salle B" {
		t.Errorf("tags %q notes %q", c.Tags, c.Notes)
	}
	if a := p.Rows[1].Contact.Addresses[0]; a.Street != "5, place Plumereau" || a.Postcode != "37000" {
		t.Errorf("address = %+v", a)
	}
}

func TestReadCSVTabOrganisations(t *testing.T) {
	p, err := contactio.ReadCSV(readFile(t, "csv/tab-orgs.tsv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format.Delimiter != '\t' || len(p.Rows) != 2 || len(p.Bad()) != 0 {
		t.Fatalf("format %+v, %d rows, bad %v", p.Format, len(p.Rows), p.Bad())
	}
	lp := p.Rows[0].Contact
	if lp.Kind != contact.Organisation || lp.OrgName != "La Poste" || lp.OrgKind != contact.OrgCompany ||
		lp.SIREN != "356000000" || !slices.Equal(lp.Tags, []string{"mécènes", "2026"}) {
		t.Errorf("La Poste = %+v", lp)
	}
	if m := p.Rows[1].Contact; m.OrgKind != contact.OrgPublicFunder || m.SIREN != "" {
		t.Errorf("Mairie = %+v", m)
	}
}

// TestReadCSVBadRows: the line numbers are the physical lines of the
// file, counted through the notes that span several lines.
func TestReadCSVBadRows(t *testing.T) {
	p, err := contactio.ReadCSV(readFile(t, "csv/bad-rows.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, r := range p.Rows {
		lines = append(lines, r.Line)
	}
	if want := []int{2, 4, 5, 8, 9, 10, 11}; !slices.Equal(lines, want) {
		t.Errorf("row lines = %v, want %v", lines, want)
	}
	bad := p.Bad()
	want := []struct {
		line   int
		reason string
	}{
		{4, "adresse électronique invalide « jean@ »"},
		{8, "code postal « 450 » invalide"},
		{10, "SIREN « 123456789 » est erroné"},
	}
	if len(bad) != len(want) {
		t.Fatalf("bad rows = %+v, want %d", bad, len(want))
	}
	for i, w := range want {
		if bad[i].Line != w.line || !strings.Contains(strings.Join(bad[i].Reasons, " "), w.reason) {
			t.Errorf("bad row %d = %+v, want line %d with %q", i, bad[i], w.line, w.reason)
		}
	}
	if n := p.Rows[0].Contact.Notes; n != "Note sur\r\ndeux lignes" && n != "Note sur\ndeux lignes" {
		t.Errorf("notes = %q", n)
	}
	if o := p.Rows[4].Contact; o.Kind != contact.Organisation || o.SIREN != "732829320" {
		t.Errorf("Les Amis du Parc = %+v", o)
	}
}

func TestReadCSVRows(t *testing.T) {
	const header = "Type;Civilité;Prénom;Nom;Raison sociale;Type d'organisation;SIREN;Courriel;Téléphone;Code postal;Ville;Pays;Étiquettes;Notes;Organisation;Fonction\n"
	tests := []struct {
		name  string
		row   string
		check func(contactio.ParsedRow) bool
		errs  []string // substrings, in order
	}{
		{"person inferred", ";Madame;Jeanne;Roux;;;;jeanne@example.org;;;;;;;;",
			func(r contactio.ParsedRow) bool {
				return r.Contact.Kind == contact.Person && r.Contact.Civility == "Mme"
			}, nil},
		{"organisation inferred from its name", ";;;;Les Amis;association;;;;;;;;;;",
			func(r contactio.ParsedRow) bool {
				return r.Contact.Kind == contact.Organisation && r.Contact.OrgKind == contact.OrgAssociation
			}, nil},
		{"organisation inferred from the company column", ";;;;;;;;;;;;;;ACME;",
			func(r contactio.ParsedRow) bool {
				return r.Contact.Kind == contact.Organisation && r.Contact.OrgName == "ACME" && r.Org == ""
			}, nil},
		{"person with a company becomes a member", ";M;Paul;Durand;ACME SA;;;;;;;;;;;Trésorier",
			func(r contactio.ParsedRow) bool {
				return r.Contact.OrgName == "" && r.Org == "ACME SA" && r.Role == "Trésorier" && r.Contact.Civility == "M."
			}, nil},
		{"role without organisation goes to the notes", ";;Paul;Durand;;;;;;;;;;Ami;;Bénévole",
			func(r contactio.ParsedRow) bool {
				return r.Contact.Notes == "Ami\nFonction : Bénévole" && r.Role == ""
			}, nil},
		{"SIRET gives the SIREN", "organisation;;;;La Poste;;356 000 000 00048;;;;;;;;;",
			func(r contactio.ParsedRow) bool { return r.Contact.SIREN == "356000000" }, nil},
		{"four-digit postcode gets its zero back", ";;Paul;Durand;;;;;;1000;Bourg;;;;;",
			func(r contactio.ParsedRow) bool { return r.Contact.Addresses[0].Postcode == "01000" }, nil},
		{"foreign postcode is not checked", ";;Paul;Durand;;;;;;B-1000;Bruxelles;Belgique;;;;",
			func(r contactio.ParsedRow) bool { return r.Contact.Addresses[0].Country == "Belgique" }, nil},
		{"several emails and phones", ";;Paul;Durand;;;;a@x.fr, b@y.fr;01 02 03 04 05 / 06 07 08 09 10;;;;;;;",
			func(r contactio.ParsedRow) bool {
				c := r.Contact
				return len(c.Emails) == 2 && c.Emails[0].Preferred && !c.Emails[1].Preferred && len(c.Phones) == 2
			}, nil},
		{"tags split and deduplicated", ";;Paul;Durand;;;;;;;;;Été | été, bureau ,;;;",
			func(r contactio.ParsedRow) bool { return slices.Equal(r.Contact.Tags, []string{"Été", "bureau"}) }, nil},
		{"neutralised cells come back", ";;'=Paul;Durand;;;;;'+33 6 00 00 00 00;;;;;;;",
			func(r contactio.ParsedRow) bool {
				return r.Contact.FirstName == "=Paul" && r.Contact.Phones[0].Number == "+33 6 00 00 00 00"
			}, nil},
		{"unknown kind", "chose;;Paul;Durand;;;;;;;;;;;;", nil, []string{"type « chose » inconnu"}},
		{"unknown organisation kind", "organisation;;;;Club;syndicat;;;;;;;;;;", nil, []string{"type d'organisation « syndicat » inconnu"}},
		{"organisation kind on a person", ";;Paul;Durand;;association;;;;;;;;;;", nil, []string{"ne s'applique qu'aux organisations"}},
		{"no name", ";;;;;;;paul@example.org;;;;;;;;", nil, []string{"Le nom est vide"}},
		{"bad SIREN length", "organisation;;;;Club;;12345;;;;;;;;;", nil, []string{"9 chiffres"}},
		{"two bad values", ";;Paul;Durand;;;;paul@;;750;Paris;;;;;", nil,
			[]string{"adresse électronique invalide « paul@ »", "code postal « 750 »"}},
		{"organisation with a person's name", "organisation;;Paul;Durand;Club;;;;;;;;;;;", nil, []string{"ni prénom ni nom"}},
		{"too many values", ";;Paul;Durand;;;;;;;;;;;;;en trop", nil, []string{"17 valeurs pour 16 colonnes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := contactio.ReadCSV([]byte(header+tt.row+"\n"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Rows) != 1 {
				t.Fatalf("%d rows", len(p.Rows))
			}
			r := p.Rows[0]
			if len(r.Errs) != len(tt.errs) {
				t.Fatalf("errors = %q, want %d matching %q", r.Errs, len(tt.errs), tt.errs)
			}
			for i, want := range tt.errs {
				if !strings.Contains(r.Errs[i], want) {
					t.Errorf("error %d = %q, want it to contain %q", i, r.Errs[i], want)
				}
			}
			if tt.check != nil && !tt.check(r) {
				t.Errorf("row = %+v", r)
			}
		})
	}
}

func TestReadCSVFileErrors(t *testing.T) {
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", "import.empty"},
		{"no name column", "Ville;Pays\nTours;France\n", "import.no_name_column"},
	}
	for _, tt := range tests {
		var e *apperr.Error
		if _, err := contactio.ReadCSV([]byte(tt.in), nil); !errors.As(err, &e) || e.Key != tt.key {
			t.Errorf("%s: error = %v, want key %s", tt.name, err, tt.key)
		}
	}
}

func TestReadCSVQuoteErrors(t *testing.T) {
	in := "Nom;Notes\nDupont;bien\nMar\"tin;x\nDurand;\"jamais fermé\nLeroy;ok\n"
	p, err := contactio.ReadCSV([]byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	bad := p.Bad()
	if len(bad) != 2 || bad[0].Line != 3 || bad[1].Line != 4 ||
		!strings.Contains(bad[0].Reasons[0], "guillemet") || !strings.Contains(bad[1].Reasons[0], "jamais refermé") {
		t.Errorf("bad = %+v", bad)
	}
}

// testContacts are the contacts the export tests write.
func testContacts() ([]contact.Contact, [][]contact.OrgRole) {
	cs := []contact.Contact{
		{Kind: contact.Person, Civility: "Mme", FirstName: "Hélène", LastName: "Lefèvre",
			Emails: []contact.Email{{Address: "helene@example.fr", Label: "travail", Preferred: true},
				{Address: "h.lefevre@perso.example", Label: "domicile"}},
			Phones: []contact.Phone{{Number: "+33 6 12 34 56 78", Label: "mobile", Preferred: true},
				{Number: "02 47 00 00 00", Label: "travail"}},
			Addresses: []contact.Address{{Label: "domicile", Street: "12 allée des Chênes\nBâtiment B", Postcode: "01000",
				City: "Bourg-en-Bresse", Country: "France", Preferred: true}},
			Tags:  []string{"adhérents", "bureau"},
			Notes: "Trésorière depuis 2024 ; très disponible.\n=SOMME(A1:A9)"},
		{Kind: contact.Organisation, OrgName: "Les Amis du Parc", OrgKind: contact.OrgAssociation, SIREN: "732829320",
			LegalForm: "Association loi 1901", Website: "https://amis.example",
			Emails:    []contact.Email{{Address: "contact@amis.example", Preferred: true}},
			Addresses: []contact.Address{{Street: "1 place du Parc", Postcode: "75011", City: "Paris", Country: "France", Preferred: true}},
			Tags:      []string{"partenaires"}},
		{Kind: contact.Person, FirstName: "@jean", LastName: "-Dupont", Phones: []contact.Phone{{Number: "+41 22 000 00 00"}}},
	}
	orgs := [][]contact.OrgRole{{{Org: "Les Amis du Parc", Role: "Trésorière"}}, nil, nil}
	return cs, orgs
}

func TestWriteCSV(t *testing.T) {
	cs, orgs := testContacts()
	var b bytes.Buffer
	w := contactio.NewCSVWriter(&b)
	for i, c := range cs {
		if err := w.Write(c, orgs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBFType;Civilité;Prénom;Nom;")) {
		t.Errorf("no BOM or header: %q", out[:40])
	}
	if bytes.Count(out, []byte("\r\n")) < 4 {
		t.Errorf("lines do not end with CRLF")
	}
	for _, cell := range []string{";'=SOMME", "'@jean", "'-Dupont", "'+41 22", "'+33 6 12 34 56 78"} {
		if !bytes.Contains(out, []byte(cell)) && !(cell == ";'=SOMME" && bytes.Contains(out, []byte("\n=SOMME"))) {
			t.Errorf("cell %q not neutralised in:\n%s", cell, out)
		}
	}
	golden(t, "csv/export.golden.csv", out)
}

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+33 6", "'+33 6"}, {"-2", "'-2"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"}, {"\rx", "'\rx"}, {"Dupont", "Dupont"}, {"", ""}, {"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := contactio.Neutralise(tt.in); got != tt.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCSVRoundTrip: what Bureau exports, Bureau imports back unchanged
// (first address, emails and phones, tags, organisation).
func TestCSVRoundTrip(t *testing.T) {
	cs, orgs := testContacts()
	var b bytes.Buffer
	w := contactio.NewCSVWriter(&b)
	for i, c := range cs {
		if err := w.Write(c, orgs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	p, err := contactio.ReadCSV(b.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Mapping) != 21 {
		t.Errorf("mapping of the export = %v", p.Mapping)
	}
	if len(p.Rows) != len(cs) || len(p.Bad()) != 0 {
		t.Fatalf("%d rows, bad %+v", len(p.Rows), p.Bad())
	}
	for i, want := range cs {
		got := p.Rows[i].Contact
		compareContact(t, got, want, false)
		if got.SIREN != want.SIREN || got.OrgKind != want.OrgKind || got.LegalForm != want.LegalForm {
			t.Errorf("contact %d organisation fields = %q %q %q", i, got.SIREN, got.OrgKind, got.LegalForm)
		}
		if len(orgs[i]) > 0 && (p.Rows[i].Org != orgs[i][0].Org || p.Rows[i].Role != orgs[i][0].Role) {
			t.Errorf("contact %d organisation = %q %q", i, p.Rows[i].Org, p.Rows[i].Role)
		}
	}
}

// compareContact compares what export and import keep; labels are kept
// only by vCard.
func compareContact(t *testing.T, got, want contact.Contact, labels bool) {
	t.Helper()
	if got.Kind != want.Kind || got.Civility != want.Civility || got.FirstName != want.FirstName ||
		got.LastName != want.LastName || got.OrgName != want.OrgName {
		t.Errorf("names = %q %q %q %q %q, want %q %q %q %q %q", got.Kind, got.Civility, got.FirstName, got.LastName,
			got.OrgName, want.Kind, want.Civility, want.FirstName, want.LastName, want.OrgName)
	}
	if got.Notes != want.Notes || got.Website != want.Website || !slices.Equal(got.Tags, want.Tags) {
		t.Errorf("%s: notes %q website %q tags %q, want %q %q %q", want.DisplayName(), got.Notes, got.Website,
			got.Tags, want.Notes, want.Website, want.Tags)
	}
	strip := func(c contact.Contact) contact.Contact {
		c.Emails, c.Phones, c.Addresses = slices.Clone(c.Emails), slices.Clone(c.Phones), slices.Clone(c.Addresses)
		for i := range c.Emails {
			c.Emails[i].Label = ""
		}
		for i := range c.Phones {
			c.Phones[i].Label = ""
		}
		for i := range c.Addresses {
			c.Addresses[i].Label = ""
		}
		return c
	}
	g, w := got, want
	if !labels {
		g, w = strip(got), strip(want)
	}
	// A phone without a preferred entry is imported with the first one
	// preferred.
	if len(w.Phones) > 0 && !slices.ContainsFunc(w.Phones, func(p contact.Phone) bool { return p.Preferred }) {
		w.Phones = slices.Clone(w.Phones)
		w.Phones[0].Preferred = true
	}
	if !slices.Equal(g.Emails, w.Emails) || !slices.Equal(g.Phones, w.Phones) || !slices.Equal(g.Addresses, w.Addresses) {
		t.Errorf("%s: details\n got %+v %+v %+v\nwant %+v %+v %+v", want.DisplayName(), g.Emails, g.Phones, g.Addresses,
			w.Emails, w.Phones, w.Addresses)
	}
}
