package giftio_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/giftio"
	"github.com/bureau-asso/bureau/internal/money"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// gifts are the six gifts of bureau-utf8-comma.csv and
// bureau-1252-semicolon.csv, as read.
var sixGifts = []struct {
	line                  int
	donor                 string
	amount                money.Cents
	received, cashed      string
	method                donation.Method
	nature                donation.Nature
	campaign, explicitRef string
}{
	{2, "ROUX Anne", 50_00, "2026-01-15", "2026-01-20", donation.Cheque, donation.Numeraire, "Hiver", ""},
	{3, "DUPRÉ Hélène", 120_00, "2026-02-03", "", donation.Transfer, donation.Numeraire, "Hiver", ""},
	{4, "LEFÈVRE Zoé", 25_50, "2026-02-10", "", donation.Card, donation.Numeraire, "", ""},
	{5, "LEFÈVRE Zoé", 25_50, "2026-03-10", "", donation.Card, donation.Numeraire, "", ""},
	{6, "Boulangerie Martin", 1234_56, "2026-03-01", "2026-03-04", donation.Transfer, donation.Numeraire, "", "VIR-2026-031"},
	{7, "DURAND Paul", 80_00, "2026-03-15", "", donation.Cash, donation.InKind, "", ""},
}

func TestReadBureauBothWays(t *testing.T) {
	files := []struct {
		name     string
		format   contactio.Format
		lastDesc string
	}{
		{"bureau-utf8-comma.csv", contactio.Format{Delimiter: ',', Encoding: contactio.EncodingUTF8}, "Livres, jeux de société"},
		{"bureau-1252-semicolon.csv", contactio.Format{Delimiter: ';', Encoding: contactio.EncodingWindows1252}, "Livres et jeux de société"},
	}
	var refs [][]string
	for _, f := range files {
		p, err := giftio.ReadBureau(readFile(t, f.name))
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if p.CSV != f.format || p.Source != giftio.SourceBureau {
			t.Errorf("%s: format %+v, source %s; want %+v, bureau-csv", f.name, p.CSV, p.Source, f.format)
		}
		if len(p.Rows) != len(sixGifts) {
			t.Fatalf("%s: %d rows, want %d", f.name, len(p.Rows), len(sixGifts))
		}
		var rs []string
		for i, w := range sixGifts {
			r := p.Rows[i]
			g := r.Gift
			if len(r.Errs) > 0 || r.Line != w.line || r.Donor.DisplayName() != w.donor || g.Amount != w.amount ||
				g.DateReceived != w.received || g.DateCashed != w.cashed || g.Method != w.method || g.Nature != w.nature ||
				g.Campaign != w.campaign || g.Forme != donation.DonManuel {
				t.Errorf("%s row %d = line %d %s %+v, errors %q; want %+v", f.name, i, r.Line, r.Donor.DisplayName(), g, r.Errs, w)
			}
			if w.explicitRef != "" && g.Reference != w.explicitRef || w.explicitRef == "" && !strings.HasPrefix(g.Reference, "auto-") {
				t.Errorf("%s row %d: reference %q", f.name, i, g.Reference)
			}
			rs = append(rs, g.Reference)
		}
		company := p.Rows[4].Donor
		if company.Kind != contact.Organisation || company.OrgKind != contact.OrgCompany || company.SIREN != "732829320" || company.LegalForm != "SARL" {
			t.Errorf("%s: company donor = %+v", f.name, company)
		}
		if got := p.Rows[5].Gift.Description; got != f.lastDesc {
			t.Errorf("%s: description %q, want %q", f.name, got, f.lastDesc)
		}
		if got := p.Rows[0].Donor.PreferredEmail(); got != "anne@exemple.fr" {
			t.Errorf("%s: email %q, want it in lower case", f.name, got)
		}
		refs = append(refs, rs)
	}
	// The same gifts written another way get the same references: the
	// file can be re-imported in either form.
	if !slices.Equal(refs[0], refs[1]) {
		t.Errorf("references differ between the two files:\n%q\n%q", refs[0], refs[1])
	}
}

func TestReadBureauBadRows(t *testing.T) {
	p, err := giftio.ReadBureau(readFile(t, "bureau-bad.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line   int
		reason string
	}{
		{4, "montant « quarante » illisible"},
		{5, "date de réception « 31/02/2026 » illisible"},
		{6, "mode de paiement « bitcoin » inconnu : écrivez especes, cheque, virement, prelevement ou carte"},
		{8, "même don que la ligne 2"},
		{9, "Un don en nature doit être décrit"},
		{10, "code postal « 370 » invalide"},
		{11, "Le nom de l'organisation est vide"},
		{11, "date d'encaissement 2026-04-01 antérieure à la date de réception"},
	}
	bad := p.Bad()
	var lines []int
	for _, b := range bad {
		lines = append(lines, b.Line)
	}
	if !slices.Equal(lines, []int{4, 5, 6, 8, 9, 10, 11}) {
		t.Fatalf("bad lines = %v, want 4 5 6 8 9 10 11 (physical lines, blank line 7 skipped)", lines)
	}
	for _, w := range want {
		i := slices.IndexFunc(bad, func(b giftio.RowError) bool { return b.Line == w.line })
		if !slices.ContainsFunc(bad[i].Reasons, func(r string) bool { return strings.Contains(r, w.reason) }) {
			t.Errorf("line %d reasons %q, want one containing %q", w.line, bad[i].Reasons, w.reason)
		}
	}
	if len(p.Rows) != 9 || p.Rows[0].Line != 2 || p.Rows[8].Line != 12 || p.Rows[0].Gift.Description != "Vélo\nde course" {
		t.Errorf("rows: %d, first line %d, last line %d", len(p.Rows), p.Rows[0].Line, p.Rows[len(p.Rows)-1].Line)
	}
}

func TestReadBureauRefusesFiles(t *testing.T) {
	tests := []struct {
		name, data, wantKey, want string
	}{
		{"empty", "", "gift_import.empty", "vide"},
		{"columns missing", "nom;montant\nRoux;10\n", "gift_import.columns_missing", "amount, date_received, method, last_name ou company_name"},
		{"a HelloAsso file", "\ufeffRéférence commande;Date de la commande;Montant tarif\n1;01/01/2026;5,00\n", "gift_import.columns_missing", "--format helloasso"},
	}
	for _, tt := range tests {
		_, err := giftio.ReadBureau([]byte(tt.data))
		var e *apperr.Error
		if !errors.As(err, &e) || e.Key != tt.wantKey || !strings.Contains(e.Message, tt.want) {
			t.Errorf("%s: ReadBureau = %v, want %s mentioning %q", tt.name, err, tt.wantKey, tt.want)
		}
	}
	if _, err := giftio.Read(nil, "excel"); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("Read(format excel) = %v, want ErrInvalid", err)
	}
}

func TestReadHelloAssoOrders(t *testing.T) {
	p, err := giftio.ReadHelloAsso(readFile(t, "helloasso-dons.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if p.CSV.Encoding != contactio.EncodingUTF8BOM || p.CSV.Delimiter != ';' || p.Source != giftio.SourceHelloAsso ||
		!strings.Contains(p.Layout, "commandes") {
		t.Errorf("preview: %+v %s %s", p.CSV, p.Source, p.Layout)
	}
	type want struct {
		line   int
		ref    string
		donor  string
		amount money.Cents
		date   string
	}
	wants := []want{
		{2, "150000001", "MARTIN Élodie", 15_00, "2025-10-03"}, // two items of one order
		{4, "150000002", "Menuiserie Girard", 250_00, "2025-10-05"},
		{7, "150000005", "ROUX Anne", 30_00, "2025-10-09"},
	}
	if len(p.Rows) != len(wants) {
		t.Fatalf("%d rows, want %d: %+v", len(p.Rows), len(wants), p.Rows)
	}
	for i, w := range wants {
		r := p.Rows[i]
		g := r.Gift
		if len(r.Errs) > 0 || r.Line != w.line || g.Reference != w.ref || r.Donor.DisplayName() != w.donor ||
			g.Amount != w.amount || g.DateReceived != w.date || g.Method != donation.Card || g.Membership {
			t.Errorf("row %d = line %d %s %+v, errors %q; want %+v", i, r.Line, r.Donor.DisplayName(), g, r.Errs, w)
		}
	}
	if a, _ := p.Rows[0].Donor.PreferredAddress(); a.Postcode != "37000" || a.Country != "France" {
		t.Errorf("address from the questions = %+v", a)
	}
	if p.Rows[1].Donor.Kind != contact.Organisation {
		t.Errorf("« Raison sociale » makes an organisation: %+v", p.Rows[1].Donor)
	}
	var skipped []int
	for _, s := range p.Skipped {
		skipped = append(skipped, s.Line)
	}
	if !slices.Equal(skipped, []int{5, 6}) || !strings.Contains(p.Skipped[0].Reasons[0], "Remboursé") {
		t.Errorf("skipped = %+v, want lines 5 (refunded) and 6 (nothing paid)", p.Skipped)
	}
}

func TestReadHelloAssoMemberships2019(t *testing.T) {
	p, err := giftio.Read(readFile(t, "helloasso-adhesions-2019.csv"), giftio.FormatHelloAsso)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 2 || !strings.Contains(p.Layout, "ancien") {
		t.Fatalf("rows %d, layout %q", len(p.Rows), p.Layout)
	}
	r := p.Rows[1]
	g := r.Gift
	if g.Reference != "38" || g.DateReceived != "2019-10-02" || g.Amount != 40_00 || !g.Membership || g.Counterparts != 40_00 ||
		r.Donor.DisplayName() != "MOREL Chloé" || len(r.Warnings) != 1 || g.Note != "HelloAsso, tarif « Adhésion famille »" {
		t.Errorf("row = %+v %+v, warnings %q", r.Donor, g, r.Warnings)
	}
	if a, _ := r.Donor.PreferredAddress(); a.City != "Tours" || a.Country != "France" {
		t.Errorf("buyer's address = %+v", a)
	}
	if _, err := donation.Receiptable(g, nil); err == nil {
		t.Error("an imported fee whose statutory part is unknown must not be receiptable")
	}
}

func TestReadHelloAssoRefusesTickets(t *testing.T) {
	_, err := giftio.ReadHelloAsso(readFile(t, "helloasso-billetterie.csv"))
	var e *apperr.Error
	if !errors.As(err, &e) || e.Key != "gift_import.helloasso_tickets" {
		t.Errorf("ReadHelloAsso(tickets) = %v, want gift_import.helloasso_tickets", err)
	}
	_, err = giftio.ReadHelloAsso(readFile(t, "bureau-utf8-comma.csv"))
	if !errors.As(err, &e) || e.Key != "gift_import.helloasso_layout" {
		t.Errorf("ReadHelloAsso(bureau file) = %v, want gift_import.helloasso_layout", err)
	}
}
