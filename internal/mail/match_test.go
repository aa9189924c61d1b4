package mail_test

import (
	"slices"
	"testing"

	"github.com/bureau-asso/bureau/internal/mail"
)

func TestMatcher(t *testing.T) {
	m := mail.NewMatcher([]mail.Contact{
		{ID: 1, Name: "Fondation du Val", IsOrg: true, Website: "https://www.Fondation-Val.fr/dons", Emails: []string{"contact@fondation-val.fr"}},
		{ID: 2, Name: "Club de foot", IsOrg: true, Emails: []string{"club.foot@gmail.com"}},
		{ID: 3, Name: "MARTIN Jeanne", Emails: []string{"Jeanne.Martin@gmail.com"}, OrgIDs: []int64{1}},
		{ID: 4, Name: "Mairie", IsOrg: true, Website: "192.168.1.10"},
		{ID: 5, Name: "Asso elle-même", IsOrg: true, Emails: []string{"bureau@asso.test"}},
	}, []string{"bureau@asso.test"})
	tests := []struct {
		addr string
		want []int64
	}{
		{"paul@fondation-val.fr", []int64{1}},      // website domain
		{"paul@lyon.fondation-val.fr", []int64{1}}, // sub-domain
		{"contact@fondation-val.fr", []int64{1}},   // exact
		{"jeanne.martin@gmail.com", []int64{3, 1}}, // person and her organisation
		{"club.foot@gmail.com", []int64{2}},        // exact free-mail address
		{"quelquun@gmail.com", nil},                // free-mail domain never matches
		{"x@val.fr", nil},
		{"bureau@asso.test", nil}, // own address
		{"someone@192.168.1.10", nil},
	}
	for _, tt := range tests {
		if got := m.Match(tt.addr); !slices.Equal(got, tt.want) {
			t.Errorf("Match(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
	if !m.Partner([]mail.Address{{Addr: "bureau@asso.test"}, {Addr: "paul@fondation-val.fr"}}) {
		t.Error("Partner: a Fondation address is partner mail")
	}
	if m.Partner([]mail.Address{{Addr: "bureau@asso.test"}, {Addr: "x@gmail.com"}}) {
		t.Error("Partner: own address alone is not partner mail")
	}
	if !m.Known("JEANNE.MARTIN@gmail.com") || m.Known("paul@fondation-val.fr") {
		t.Error("Known is for exact addresses only")
	}
	if got := m.Contacts([]string{"paul@fondation-val.fr", "jeanne.martin@gmail.com"}); !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("Contacts = %v", got)
	}
	if m.Name(1) != "Fondation du Val" {
		t.Errorf("Name(1) = %q", m.Name(1))
	}
}

func TestWebsiteDomain(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.fondation-x.org/dons": "fondation-x.org",
		"fondation-x.org":                  "fondation-x.org",
		"WWW.Ville-Tours.FR":               "ville-tours.fr",
		"http://localhost:8080":            "",
		"":                                 "",
		"pas un site":                      "",
	} {
		if got := mail.WebsiteDomain(in); got != want {
			t.Errorf("WebsiteDomain(%q) = %q, want %q", in, got, want)
		}
	}
}
