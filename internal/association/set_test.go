package association_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
)

func TestKeys(t *testing.T) {
	want := []string{
		"name", "siren", "rna", "street", "postcode", "city", "country", "object",
		"category", "category_precision", "rup_decree_date", "jo_date", "arrete_date", "agrement_date",
		"signer_name", "signer_role", "signature", "logo",
	}
	if got := association.Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys() = %v, want %v", got, want)
	}
}

func TestSet(t *testing.T) {
	png := writeFile(t, "signature.png", pngBytes(t))
	jpg := writeFile(t, "logo.jpg", jpegBytes(t))
	tests := []struct {
		key, value string
		get        func(p association.Profile) string
		want       string
	}{
		{"name", " Les Amis du Jardin ", func(p association.Profile) string { return p.Name }, "Les Amis du Jardin"},
		{"siren", "732 829 320", func(p association.Profile) string { return p.SIREN }, "732829320"},
		{"rna", "w2a1000123", func(p association.Profile) string { return p.RNA }, "W2A1000123"},
		{"street", "12 rue des Lilas", func(p association.Profile) string { return p.Street }, "12 rue des Lilas"},
		{"postcode", "75011", func(p association.Profile) string { return p.Postcode }, "75011"},
		{"city", "Paris", func(p association.Profile) string { return p.City }, "Paris"},
		{"country", "France", func(p association.Profile) string { return p.Country }, "France"},
		{"object", "Jardin partagé", func(p association.Profile) string { return p.Object }, "Jardin partagé"},
		{"category", "rup", func(p association.Profile) string { return p.Category }, "rup"},
		{"category_precision", "Syndicat mixte", func(p association.Profile) string { return p.CategoryPrecision }, "Syndicat mixte"},
		{"rup_decree_date", "14/05/1990", func(p association.Profile) string { return p.Dates["rup_decree_date"] }, "1990-05-14"},
		{"jo_date", "1990-05-20", func(p association.Profile) string { return p.Dates["jo_date"] }, "1990-05-20"},
		{"arrete_date", "3/7/2001", func(p association.Profile) string { return p.Dates["arrete_date"] }, "2001-07-03"},
		{"agrement_date", "01/02/2020", func(p association.Profile) string { return p.Dates["agrement_date"] }, "2020-02-01"},
		{"signer_name", "Marie Dupont", func(p association.Profile) string { return p.SignerName }, "Marie Dupont"},
		{"signer_role", "Présidente", func(p association.Profile) string { return p.SignerRole }, "Présidente"},
		{"signature", png, func(p association.Profile) string { return p.Signature.MIME }, association.MIMEPNG},
		{"logo", jpg, func(p association.Profile) string { return p.Logo.MIME }, association.MIMEJPEG},
	}
	for _, tt := range tests {
		var p association.Profile
		if err := p.Set(tt.key, tt.value); err != nil {
			t.Errorf("Set(%s, %q) = %v", tt.key, tt.value, err)
			continue
		}
		if got := tt.get(p); got != tt.want {
			t.Errorf("Set(%s, %q) stored %q, want %q", tt.key, tt.value, got, tt.want)
		}
		// An empty value clears the field.
		if err := p.Set(tt.key, ""); err != nil {
			t.Errorf("Set(%s, \"\") = %v", tt.key, err)
		}
		if got := tt.get(p); got != "" {
			t.Errorf("Set(%s, \"\") left %q", tt.key, got)
		}
	}
}

func TestSetCoversKeys(t *testing.T) {
	for _, k := range association.Keys() {
		var p association.Profile
		if err := p.Set(k, ""); err != nil {
			t.Errorf("Set(%s, \"\") = %v", k, err)
		}
	}
}

func TestSetInvalid(t *testing.T) {
	txt := writeFile(t, "lettre.txt", []byte("Bonjour"))
	tests := []struct {
		key, value, field, msgKey string
	}{
		{"siren", "732 829 321", "siren", "association.siren_checksum"},
		{"siren", "12345678", "siren", "association.siren_format"},
		{"rna", "X751234567", "rna", "association.rna_format"},
		{"postcode", "7501", "postcode", "association.postcode_format"},
		{"category", "club", "category", "association.category_unknown"},
		{"name", "Les Amis\ndu Jardin", "name", "association.multiline"},
		{"rup_decree_date", "31/02/1990", "dates.rup_decree_date", "association.date_format"},
		{"jo_date", "20 mai 1990", "dates.jo_date", "association.date_format"},
		{"jo_date", "1990-5-20", "dates.jo_date", "association.date_format"},
		{"signature", txt, "signature", "association.image_format"},
		{"logo", txt, "logo", "association.image_format"},
	}
	for _, tt := range tests {
		p := complete()
		before := p
		err := p.Set(tt.key, tt.value)
		if errField(err) != tt.field || errKey(err) != tt.msgKey || !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("Set(%s, %q) = %v (field %q, key %q), want field %q, key %q",
				tt.key, tt.value, err, errField(err), errKey(err), tt.field, tt.msgKey)
		}
		if !equalProfiles(p, before) {
			t.Errorf("Set(%s, %q) changed the profile despite the error", tt.key, tt.value)
		}
	}
}

func TestSetUnknownKey(t *testing.T) {
	var p association.Profile
	err := p.Set("president", "Marie")
	if errKey(err) != "association.unknown_key" || !errors.Is(err, apperr.ErrInvalid) {
		t.Fatalf("Set(president) = %v, want association.unknown_key", err)
	}
	for _, k := range association.Keys() {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("Set(president) message %q does not list %q", err, k)
		}
	}
}

func TestSetReportsOnlyItsField(t *testing.T) {
	p := association.Profile{SIREN: "1"} // already invalid
	if err := p.Set("name", "Les Amis"); err != nil {
		t.Errorf("Set(name) = %v, want nil despite the invalid SIREN", err)
	}
}

func TestSetCountryChecksPostcode(t *testing.T) {
	p := association.Profile{Country: "Belgique", Postcode: "1000"}
	if err := p.Set("country", "France"); errField(err) != "postcode" {
		t.Errorf("Set(country, France) with postcode 1000 = %v, want a postcode error", err)
	}
	if p.Country != "Belgique" {
		t.Errorf("Country = %q after a refused Set, want Belgique", p.Country)
	}
}

func TestSetDoesNotShareDates(t *testing.T) {
	p := association.Profile{Dates: map[string]string{"jo_date": "1990-05-20"}}
	q := p
	if err := q.Set("jo_date", "21/05/1990"); err != nil {
		t.Fatal(err)
	}
	if got := p.Dates["jo_date"]; got != "1990-05-20" {
		t.Errorf("Set on a copy changed the original's date to %q", got)
	}
}

func equalProfiles(a, b association.Profile) bool {
	return a.Name == b.Name && a.SIREN == b.SIREN && a.RNA == b.RNA && a.Street == b.Street &&
		a.Postcode == b.Postcode && a.City == b.City && a.Country == b.Country && a.Object == b.Object &&
		a.Category == b.Category && a.CategoryPrecision == b.CategoryPrecision && maps.Equal(a.Dates, b.Dates) &&
		a.SignerName == b.SignerName && a.SignerRole == b.SignerRole &&
		a.Signature.MIME == b.Signature.MIME && a.Logo.MIME == b.Logo.MIME
}
