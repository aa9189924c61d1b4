package contact_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
)

func TestDiff(t *testing.T) {
	base := contact.Contact{Kind: contact.Person, FirstName: "Hélène", LastName: "Dupont", Notes: "a",
		Emails: []contact.Email{{Address: "h@x.fr"}}}
	tests := []struct {
		name  string
		other func(c contact.Contact) contact.Contact
		want  []contact.FieldDiff
	}{
		{"identical", func(c contact.Contact) contact.Contact { return c }, nil},
		{"lists and notes are not chosen", func(c contact.Contact) contact.Contact {
			c.Emails, c.Tags, c.Notes = nil, []string{"presse"}, "b"
			return c
		}, nil},
		{"first name and civility", func(c contact.Contact) contact.Contact {
			c.FirstName, c.Civility = "Helene", "Mme"
			return c
		}, []contact.FieldDiff{{Field: "civility", Keep: "", Other: "Mme"}, {Field: "first_name", Keep: "Hélène", Other: "Helene"}}},
		{"press kind and siren", func(c contact.Contact) contact.Contact {
			c.PressKind, c.SIREN = contact.PressRadio, "552100554"
			return c
		}, []contact.FieldDiff{{Field: "press_kind", Keep: "", Other: "radio"}, {Field: "siren", Keep: "", Other: "552100554"}}},
	}
	for _, tt := range tests {
		got := contact.Diff(base, tt.other(base))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Diff = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMerge(t *testing.T) {
	early := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	late := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	keep := contact.Contact{ID: 1, Kind: contact.Person, FirstName: "Helene", LastName: "Dupont", Website: "",
		Notes: "Bénévole", CreatedAt: late,
		Emails:    []contact.Email{{Address: "helene@x.fr", Preferred: true}},
		Phones:    []contact.Phone{{Number: "06 12 34 56 78", Preferred: true}},
		Addresses: []contact.Address{{Street: "1 rue Royale", Postcode: "45000", City: "Orléans", Preferred: true}},
		Tags:      []string{"bénévole"}}
	other := contact.Contact{ID: 2, Kind: contact.Person, Civility: "Mme", FirstName: "Hélène", LastName: "DUPONT",
		Website: "https://helene.fr", Notes: "Donatrice", CreatedAt: early,
		Emails:    []contact.Email{{Address: "HELENE@x.fr", Preferred: true}, {Address: "h.dupont@travail.fr", Label: "travail", Preferred: false}},
		Phones:    []contact.Phone{{Number: "+33 6 12 34 56 78", Preferred: true}, {Number: "02 38 00 00 00"}},
		Addresses: []contact.Address{{Street: "1 Rue Royale", Postcode: "45000", City: "ORLEANS", Preferred: true}, {Street: "3 quai", Postcode: "37000", City: "Tours"}},
		Tags:      []string{"Bénévole", "donateur"}}

	tests := []struct {
		name      string
		takeOther map[string]bool
		check     func(t *testing.T, m contact.Contact)
	}{
		{"defaults keep keep's values and fill gaps", nil, func(t *testing.T, m contact.Contact) {
			if m.FirstName != "Helene" || m.LastName != "Dupont" {
				t.Errorf("names = %q %q, want keep's", m.FirstName, m.LastName)
			}
			if m.Civility != "Mme" || m.Website != "https://helene.fr" {
				t.Errorf("empty fields not filled from other: civility %q website %q", m.Civility, m.Website)
			}
		}},
		{"take other's first name", map[string]bool{"first_name": true}, func(t *testing.T, m contact.Contact) {
			if m.FirstName != "Hélène" || m.LastName != "Dupont" {
				t.Errorf("names = %q %q, want Hélène Dupont", m.FirstName, m.LastName)
			}
		}},
		{"explicitly keep an empty field", map[string]bool{"website": false}, func(t *testing.T, m contact.Contact) {
			if m.Website != "" {
				t.Errorf("website = %q, want kept empty", m.Website)
			}
		}},
		{"lists united without duplicates", nil, func(t *testing.T, m contact.Contact) {
			wantEmails := []contact.Email{{Address: "helene@x.fr", Preferred: true}, {Address: "h.dupont@travail.fr", Label: "travail"}}
			if !reflect.DeepEqual(m.Emails, wantEmails) {
				t.Errorf("emails = %v, want %v", m.Emails, wantEmails)
			}
			if len(m.Phones) != 2 || m.Phones[1].Number != "02 38 00 00 00" || m.Phones[1].Preferred {
				t.Errorf("phones = %v", m.Phones)
			}
			if len(m.Addresses) != 2 || m.Addresses[1].City != "Tours" || m.Addresses[1].Preferred {
				t.Errorf("addresses = %v", m.Addresses)
			}
			if !reflect.DeepEqual(m.Tags, []string{"bénévole", "donateur"}) {
				t.Errorf("tags = %v", m.Tags)
			}
		}},
		{"notes joined, earliest creation, keep's ID", nil, func(t *testing.T, m contact.Contact) {
			if m.Notes != "Bénévole\n\nDonatrice" {
				t.Errorf("notes = %q", m.Notes)
			}
			if !m.CreatedAt.Equal(early) || m.ID != 1 {
				t.Errorf("created %v id %d", m.CreatedAt, m.ID)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, contact.Merge(keep, other, tt.takeOther)) })
	}
}

func TestMergePreferredMovesWhenKeepHasNone(t *testing.T) {
	keep := contact.Contact{Kind: contact.Person, LastName: "A"}
	other := contact.Contact{Kind: contact.Person, LastName: "A", Emails: []contact.Email{{Address: "a@x.fr", Preferred: true}}}
	m := contact.Merge(keep, other, nil)
	if len(m.Emails) != 1 || !m.Emails[0].Preferred {
		t.Errorf("emails = %v, want other's preferred email still preferred", m.Emails)
	}
}

func TestChoices(t *testing.T) {
	keep := contact.Contact{Kind: contact.Person, FirstName: "A", LastName: "B"}
	other := contact.Contact{Kind: contact.Person, FirstName: "C", LastName: "B", Website: "w"}
	got := contact.Choices(keep, other, map[string]bool{"first_name": true})
	want := []contact.FieldChoice{{Field: "first_name", FromOther: true}, {Field: "website", FromOther: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Choices = %v, want %v", got, want)
	}
}

func TestCheckMerge(t *testing.T) {
	p1 := contact.Contact{ID: 1, Kind: contact.Person, LastName: "A"}
	p2 := contact.Contact{ID: 2, Kind: contact.Person, LastName: "B"}
	org := contact.Contact{ID: 3, Kind: contact.Organisation, OrgName: "O"}
	tests := []struct {
		name        string
		keep, other contact.Contact
		take        map[string]bool
		want        string // "" for no error
	}{
		{"two people", p1, p2, map[string]bool{"last_name": true}, ""},
		{"same record", p1, p1, nil, "même fiche"},
		{"person and organisation", p1, org, nil, "ne peuvent pas être fusionnées"},
		{"unknown field", p1, p2, map[string]bool{"email": true, "colour": true}, "Champ inconnu : colour, email."},
	}
	for _, tt := range tests {
		err := contact.CheckMerge(tt.keep, tt.other, tt.take)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: CheckMerge = %v, want nil", tt.name, err)
		case tt.want != "" && (err == nil || !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(apperr.Message(err), tt.want)):
			t.Errorf("%s: CheckMerge = %v, want an invalid error mentioning %q", tt.name, err, tt.want)
		}
	}
}
