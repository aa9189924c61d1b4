package contactio_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
)

func readVCardFile(t *testing.T, path string) ([]contactio.Card, []contactio.CardError) {
	t.Helper()
	return contactio.ReadVCard(bytes.NewReader(readFile(t, filepath.Join("vcard", path))))
}

// want describes what a test expects of one card; empty fields are not
// checked.
type want struct {
	kind                         contact.Kind
	civility, first, last, org   string
	role, email, phone, city, pc string
	emails, phones, addresses    int
	tags                         []string
}

func checkCard(t *testing.T, c contactio.Card, w want) {
	t.Helper()
	x := c.Contact
	org := c.Org
	if x.Kind == contact.Organisation {
		org = x.OrgName
	}
	check := func(what, got, want string) {
		if want != "" && got != want {
			t.Errorf("card %d %s = %q, want %q", c.Index, what, got, want)
		}
	}
	check("kind", string(x.Kind), string(w.kind))
	check("civility", x.Civility, w.civility)
	check("first name", x.FirstName, w.first)
	check("last name", x.LastName, w.last)
	check("organisation", org, w.org)
	check("role", c.Role, w.role)
	check("email", x.PreferredEmail(), w.email)
	if len(x.Phones) > 0 {
		check("phone", x.Phones[0].Number, w.phone)
	} else if w.phone != "" {
		t.Errorf("card %d has no phone, want %q", c.Index, w.phone)
	}
	a, _ := x.PreferredAddress()
	check("city", a.City, w.city)
	check("postcode", a.Postcode, w.pc)
	for what, n := range map[string][2]int{"emails": {len(x.Emails), w.emails}, "phones": {len(x.Phones), w.phones},
		"addresses": {len(x.Addresses), w.addresses}} {
		if n[1] != 0 && n[0] != n[1] {
			t.Errorf("card %d has %d %s, want %d", c.Index, n[0], what, n[1])
		}
	}
	if w.tags != nil && !slices.Equal(x.Tags, w.tags) {
		t.Errorf("card %d tags = %q, want %q", c.Index, x.Tags, w.tags)
	}
}

// TestReadVCardRealExports: the exports of real address books import
// completely.
func TestReadVCardRealExports(t *testing.T) {
	tests := []struct {
		file  string
		cards []want
	}{
		{"ez-vcard/John_Doe_MS_OUTLOOK.vcf", []want{{kind: contact.Person, civility: "M.", first: "John", last: "Doe",
			org: "IBM", role: "Money Counter", email: "john.doe@ibm.cm", phone: "(905) 555-1234", city: "Albaney",
			pc: "12345", phones: 2, addresses: 2}}},
		{"ez-vcard/outlook-2007.vcf", []want{{first: "Michael", last: "Angstadt", org: "TheCompany", role: "TheJobTitle",
			email: "mike.angstadt@gmail.com", phone: "(111) 555-1111", city: "New York", pc: "99999", phones: 4}}},
		{"ez-vcard/outlook-2003.vcf", []want{{first: "John", last: "Doe", org: "Company, The", email: "jdoe@hotmail.com",
			city: "Austin", phones: 4}}},
		{"ez-vcard/John_Doe_GMAIL.vcf", []want{{first: "John", last: "Doe", org: "IBM", email: "john.doe@ibm.com",
			phone: "905-555-1234", phones: 2, addresses: 1}}},
		{"ez-vcard/gmail-list.vcf", []want{
			{first: "Arnold", last: "Smith", email: "asmithk@gmail.com"},
			{first: "Chris", last: "Beatle", email: "chrisy55d@yahoo.com"},
			{first: "Doug", last: "White", email: "dwhite@gmail.com"}}},
		{"ez-vcard/gmail-single.vcf", []want{{first: "Greg", last: "Dartmouth", org: "TheCompany", role: "TheJobTitle",
			email: "gdartmouth@hotmail.com", phone: "555 555 1111", addresses: 2}}},
		{"ez-vcard/John_Doe_IPHONE.vcf", []want{{civility: "M.", first: "John", last: "Doe", org: "IBM",
			email: "john.doe@ibm.com", phone: "905-555-1234", city: "New York", pc: "12345", phones: 7, addresses: 2}}},
		{"ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf", []want{{first: "John", last: "Doe", org: "IBM",
			email: "john.doe@ibm.com", phone: "905-777-1234", city: "New York", phones: 7, addresses: 2}}},
		{"ez-vcard/John_Doe_ANDROID.vcf", []want{
			{last: "john.doe@company.com", email: "john.doe@company.com", tags: []string{"My Contacts"}},
			{last: "jane.doe@company.com"},
			{last: "Ñ Ñ Ñ Ñ", phone: "123456789"},
			{last: "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", phones: 4},
			{last: "Ñ Ñ", first: "Ñ Ñ Ñ", email: "bob@company.com", phones: 3},
			{last: "ÑÑÑÑ", email: "henry@company.com"}}},
		{"ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf", []want{{first: "John", last: "Doe",
			org: "TheOrganization", role: "TheTitle", email: "doe.john@hotmail.com", emails: 5, phones: 5, addresses: 2,
			city: "New York", tags: []string{"category1", "category2", "category3"}}}},
		{"ez-vcard/John_Doe_EVOLUTION.vcf", []want{{first: "John", last: "Doe", org: "IBM", email: "john.doe@ibm.com",
			tags: []string{"VIP"}}}},
		{"ez-vcard/John_Doe_LOTUS_NOTES.vcf", []want{{first: "John", last: "Doe", org: "IBM", emails: 2}}},
		{"ez-vcard/John_Doe_BLACK_BERRY.vcf", []want{{first: "john", last: "Doe", org: "Acme Solutions", phone: "+96123456789"}}},
		{"ez-vcard/fullcontact.vcf", []want{{civility: "Prefix", first: "FirstName", last: "LastName", org: "Organization1",
			email: "home@example.com", emails: 5, addresses: 4, tags: []string{"Tag"}}}},
		{"ez-vcard/rfc6350-example.vcf", []want{{first: "Simon", last: "Perreault", org: "Viagenie",
			email: "simon.perreault@viagenie.ca", phone: "+1-418-656-9254;ext=102", city: "Quebec", pc: "G1V 2M2"}}},
		{"ez-vcard/rfc2426-example.vcf", []want{{last: "Frank Dawson", org: "Lotus Development Corporation",
			email: "Frank_Dawson@Lotus.com", city: "Raleigh"}, {last: "Tim Howes", email: "howes@netscape.com"}}},
		{"bureau/mixed.vcf", []want{
			{kind: contact.Person, civility: "Mme", first: "Hélène", last: "Lefèvre", org: "Mairie de Tours",
				role: "Adjointe à la culture", email: "helene.lefevre@example.fr", phone: "06 12 34 56 78", city: "Tours",
				pc: "37000", tags: []string{"presse", "partenaires"}},
			{first: "Anne", last: "Gérard", org: "Amicale des pêcheurs de Loire", city: "Orléans", pc: "45000"},
			{kind: contact.Organisation, org: "Fondation du Patrimoine", email: "contact@fondation.example"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cards, refused := readVCardFile(t, tt.file)
			if tt.file != "bureau/mixed.vcf" && len(refused) > 0 {
				t.Errorf("refused %+v", refused)
			}
			if len(cards) != len(tt.cards) {
				t.Fatalf("%d cards, want %d", len(cards), len(tt.cards))
			}
			for i, w := range tt.cards {
				checkCard(t, cards[i], w)
				if !utf8.ValidString(cards[i].Contact.LastName + cards[i].Contact.Notes) {
					t.Errorf("card %d holds invalid UTF-8", i+1)
				}
			}
		})
	}
}

func TestReadVCardDetails(t *testing.T) {
	cards, _ := readVCardFile(t, "bureau/mixed.vcf")
	anne := cards[1].Contact
	if a := anne.Addresses[0]; a.Street != "12 allée des Chênes" || a.Label != "domicile" {
		t.Errorf("address = %+v", a)
	}
	if anne.Notes != "Rencontrée au forum des associations\r\n2026" {
		t.Errorf("notes = %q", anne.Notes)
	}
	h := cards[0].Contact
	if h.Emails[0].Label != "travail" || h.Phones[0].Label != "mobile" || !h.Emails[0].Preferred {
		t.Errorf("labels = %+v %+v", h.Emails, h.Phones)
	}
	if f := cards[2].Contact; f.Website != "https://fondation.example" {
		t.Errorf("website = %q", f.Website)
	}
	// An email that is not one is kept in the notes, not lost.
	cards, _ = readVCardFile(t, "ez-vcard/John_Doe_ANDROID.vcf")
	if n := cards[4].Contact.Notes; !strings.Contains(n, "Adresse électronique non reconnue") {
		t.Errorf("notes = %q", n)
	}
	// Outlook's 2.1 note in quoted-printable with soft line breaks.
	cards, _ = readVCardFile(t, "ez-vcard/outlook-2007.vcf")
	if n := cards[0].Contact.Notes; !strings.HasPrefix(n, "This is the NOTE field\t\r\nI assume") {
		t.Errorf("notes = %q", n)
	}
}

// TestReadVCardRefusesWithPosition: a card that cannot be read is
// reported with its position and reason, and the others are read.
func TestReadVCardRefusesWithPosition(t *testing.T) {
	cards, refused := readVCardFile(t, "bureau/mixed.vcf")
	if len(cards) != 3 {
		t.Errorf("%d cards, want 3", len(cards))
	}
	want := []contactio.CardError{
		{Index: 2, Line: 12, Reason: "END:VCARD manquant"},
		{Index: 4, Line: 26, Reason: "carte sans nom"},
	}
	if len(refused) != len(want) {
		t.Fatalf("refused = %+v", refused)
	}
	for i, w := range want {
		if r := refused[i]; r.Index != w.Index || r.Line != w.Line || !strings.Contains(r.Reason, w.Reason) {
			t.Errorf("refused %d = %+v, want %+v", i, r, w)
		}
	}
}

// TestReadVCardTorture: Android's torture cases never crash the reader;
// what is readable is read, the rest is refused with a position.
func TestReadVCardTorture(t *testing.T) {
	tests := []struct {
		file            string
		cards, refused  int
		firstLast, note string
	}{
		{"aosp/v21_nest.vcf", 3, 0, "parent", ""},
		{"aosp/v21_invalid_comment_line.vcf", 1, 0, "", "This is an (sharp ->#<- sharp) example. This message must NOT be ignored."},
		{"aosp/v21_invalid_multiple_line.vcf", 1, 0, "", ""},
		{"aosp/v21_base64_no_2_crlf.vcf", 1, 0, "name", ""},
		{"aosp/v21_malformed_photo.vcf", 1, 0, "name", ""},
		{"aosp/v21_backslash.vcf", 1, 0, "", ""},
		{"aosp/v21_adr_multiple_line.vcf", 1, 0, "bogus", ""},
		{"aosp/v30_comma_separated.vcf", 1, 0, "F", ""},
		{"aosp/v21_android_custom_prop.vcf", 0, 1, "", ""},
		{"aosp/v21_im.vcf", 0, 1, "", ""},
		{"aosp/v21_japanese_1.vcf", 1, 0, "安藤ロイド", ""},
		{"aosp/v21_japanese_2.vcf", 1, 0, "安藤", ""},
		{"aosp/v30_japanese.vcf", 1, 0, "伊能", ""},
		{"aosp/v21_multiple_entry.vcf", 3, 0, "安藤ロイド3", ""},
		{"aosp/v21_pref_handling.vcf", 1, 0, "Smith", ""},
		{"aosp/v21_complicated.vcf", 1, 0, "Gump", ""},
		{"aosp/v30_ios_613_multiline.vcf", 1, 0, "Smith", ""},
		{"aosp/v40_sort_as.vcf", 1, 0, "安藤", ""},
		{"aosp/v21_winmo_65.vcf", 1, 0, "", ""},
		{"aosp/v21_blackberry_photo.vcf", 1, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cards, refused := readVCardFile(t, tt.file)
			if len(cards) != tt.cards || len(refused) != tt.refused {
				t.Fatalf("%d cards, %d refused %+v; want %d and %d", len(cards), len(refused), refused, tt.cards, tt.refused)
			}
			for _, r := range refused {
				if r.Index < 1 || r.Line < 1 || r.Reason == "" {
					t.Errorf("refused card without position or reason: %+v", r)
				}
			}
			if tt.firstLast != "" && cards[0].Contact.LastName != tt.firstLast {
				t.Errorf("last name = %q, want %q", cards[0].Contact.LastName, tt.firstLast)
			}
			if tt.note != "" && cards[0].Contact.Notes != tt.note {
				t.Errorf("notes = %q, want %q", cards[0].Contact.Notes, tt.note)
			}
		})
	}
	// The email split over two lines of v21_invalid_multiple_line.
	cards, _ := readVCardFile(t, "aosp/v21_invalid_multiple_line.vcf")
	if e := cards[0].Contact.PreferredEmail(); e != "omega@example.com" {
		t.Errorf("email = %q", e)
	}
	// PREF decides the preferred phone and email.
	cards, _ = readVCardFile(t, "aosp/v21_pref_handling.vcf")
	if c := cards[0].Contact; c.Phones[0].Number != "2" || !c.Phones[0].Preferred || c.Emails[0].Address != "test@example.com" {
		t.Errorf("preferred = %+v %+v", c.Phones, c.Emails)
	}
}

func TestReadVCardInputs(t *testing.T) {
	tests := []struct {
		name           string
		in             string
		cards, refused int
	}{
		{"empty", "", 0, 0},
		{"no card", "hello\nworld\n", 0, 0},
		{"stray END", "END:VCARD\n", 0, 0},
		{"only BEGIN", "BEGIN:VCARD\n", 0, 1},
		{"lower case and LF", "begin:vcard\nversion:3.0\nn:Dupont;Jean\nend:vcard\n", 1, 0},
		{"CR only", "BEGIN:VCARD\rVERSION:3.0\rFN:Jean Dupont\rEND:VCARD\r", 1, 0},
		{"BOM", "\xEF\xBB\xBFBEGIN:VCARD\r\nFN:Jean\r\nEND:VCARD\r\n", 1, 0},
		{"UTF-16", "\xFF\xFEB\x00E\x00G\x00I\x00N\x00:\x00V\x00C\x00A\x00R\x00D\x00\n\x00F\x00N\x00:\x00J\x00\n\x00E\x00N\x00D\x00:\x00V\x00C\x00A\x00R\x00D\x00\n\x00", 1, 0},
		{"QP soft break before END", "BEGIN:VCARD\nFN:A\nNOTE;QUOTED-PRINTABLE:x=\nEND:VCARD\n", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cards, refused := contactio.ReadVCard(strings.NewReader(tt.in))
			if len(cards) != tt.cards || len(refused) != tt.refused {
				t.Errorf("%d cards %d refused (%+v), want %d and %d", len(cards), len(refused), refused, tt.cards, tt.refused)
			}
		})
	}
}

// TestReadVCardLargePhoto: a photo of several megabytes, in vCard 2.1
// lines without indentation, is skipped in linear time.
func TestReadVCardLargePhoto(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Photo;Grande\r\nPHOTO;ENCODING=BASE64;JPEG:\r\n")
	line := strings.Repeat("QUJD", 19) + "\r\n"
	for range 60_000 {
		b.WriteString(line)
	}
	b.WriteString("\r\nEMAIL:grande.photo@example.org\r\nEND:VCARD\r\n")
	cards, refused := contactio.ReadVCard(strings.NewReader(b.String()))
	if len(cards) != 1 || len(refused) != 0 || cards[0].Contact.PreferredEmail() != "grande.photo@example.org" {
		t.Errorf("cards %+v, refused %+v", cards, refused)
	}
}

func TestWriteVCard(t *testing.T) {
	for _, version := range []string{"3.0", "4.0"} {
		t.Run(version, func(t *testing.T) {
			cs, orgs := testContacts()
			var b bytes.Buffer
			w, err := contactio.NewVCardWriter(&b, version)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range cs {
				if err := w.Write(c, orgs[i]); err != nil {
					t.Fatal(err)
				}
			}
			for _, line := range strings.Split(b.String(), "\r\n") {
				if len(line) > 75 {
					t.Errorf("line of %d octets: %q", len(line), line)
				}
			}
			golden(t, "vcard/bureau/export-"+version+".golden.vcf", b.Bytes())

			// Round trip through the reader.
			cards, refused := contactio.ReadVCard(&b)
			if len(cards) != len(cs) || len(refused) != 0 {
				t.Fatalf("%d cards, refused %+v", len(cards), refused)
			}
			for i, want := range cs {
				compareContact(t, cards[i].Contact, want, true)
				if len(orgs[i]) > 0 && (cards[i].Org != orgs[i][0].Org || cards[i].Role != orgs[i][0].Role) {
					t.Errorf("organisation = %q %q", cards[i].Org, cards[i].Role)
				}
			}
		})
	}
	if _, err := contactio.NewVCardWriter(&bytes.Buffer{}, "2.1"); err == nil {
		t.Error("vCard 2.1 export accepted")
	}
}

// TestWriteVCardFolds: long lines are folded at 75 octets without
// cutting a character in two, and read back whole.
func TestWriteVCardFolds(t *testing.T) {
	note := strings.Repeat("Éléphant à l'orée du bois — ", 12)
	var b bytes.Buffer
	if err := contactio.WriteVCard(&b, []contact.Contact{{Kind: contact.Person, LastName: "Long", Notes: note}}, "4.0"); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\r\n") {
		if len(line) > 75 || !utf8.ValidString(line) {
			t.Errorf("bad folded line %q", line)
		}
	}
	cards, _ := contactio.ReadVCard(&b)
	if len(cards) != 1 || cards[0].Contact.Notes != strings.TrimSpace(note) {
		t.Errorf("note read back = %q", cards[0].Contact.Notes)
	}
}

func FuzzReadVCard(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "vcard", "*", "*.vcf"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cards, refused := contactio.ReadVCard(bytes.NewReader(data))
		for _, c := range cards {
			if err := c.Contact.Validate(); err != nil {
				t.Errorf("card %d was read but is not valid: %v", c.Index, err)
			}
		}
		for _, r := range refused {
			if r.Reason == "" {
				t.Errorf("card %d refused without a reason", r.Index)
			}
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "csv", "*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := contactio.ReadCSV(data, nil)
		if err != nil {
			return
		}
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
		for _, r := range p.Rows {
			if r.Line < 2 || r.Line > lines {
				t.Errorf("row at line %d of a %d-line file", r.Line, lines)
			}
			if len(r.Errs) == 0 {
				if err := r.Contact.Validate(); err != nil {
					t.Errorf("line %d has no error but is not valid: %v", r.Line, err)
				}
			}
		}
	})
}
