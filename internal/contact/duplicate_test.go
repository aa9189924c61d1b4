package contact_test

import (
	"slices"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
)

func TestNameKeys(t *testing.T) {
	tests := []struct {
		c    contact.Contact
		want []string
	}{
		{contact.Contact{Kind: contact.Person, FirstName: "Hélène", LastName: "Lefèvre"}, []string{"p:lefevre helene", "p:lefevre h"}},
		{contact.Contact{Kind: contact.Person, FirstName: "H.", LastName: "LEFEVRE"}, []string{"p:lefevre h"}},
		{contact.Contact{Kind: contact.Person, FirstName: "Jean-Pierre", LastName: "Dupont-Moretti"}, []string{"p:dupont moretti jean pierre", "p:dupont moretti j"}},
		{contact.Contact{Kind: contact.Person, LastName: "Dupont"}, []string{"p:dupont"}},
		{contact.Contact{Kind: contact.Person}, nil},
		{contact.Contact{Kind: contact.Organisation, OrgName: "Les Amis  du Parc!"}, []string{"o:les amis du parc"}},
	}
	for _, tt := range tests {
		if got := contact.NameKeys(tt.c); !slices.Equal(got, tt.want) {
			t.Errorf("NameKeys(%s) = %q, want %q", tt.c.DisplayName(), got, tt.want)
		}
	}
}

func TestSIRENKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"356 000 000", "356000000"}, {"356000000", "356000000"}, {"356\u202f000\u202f000", "356000000"},
		{"35600000", ""}, {"35600000A", ""}, {"", ""},
	}
	for _, tt := range tests {
		if got := contact.SIRENKey(tt.in); got != tt.want {
			t.Errorf("SIRENKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDuplicateIndex(t *testing.T) {
	person := func(first, last, email, postcode string) contact.Contact {
		c := contact.Contact{Kind: contact.Person, FirstName: first, LastName: last}
		if email != "" {
			c.Emails = []contact.Email{{Address: email}}
		}
		if postcode != "" {
			c.Addresses = []contact.Address{{Postcode: postcode}}
		}
		return c
	}
	x := contact.NewDuplicateIndex()
	x.Add(1, person("Jean", "Martin", "jean@example.org", "37000"))
	x.Add(2, person("Jeanne", "Martin", "", "37000"))
	x.Add(3, person("J.", "Martin", "j.martin@example.org", "37 000"))
	x.Add(4, contact.Contact{Kind: contact.Organisation, OrgName: "Martin", SIREN: "356000000",
		Addresses: []contact.Address{{Postcode: "37000"}}})

	tests := []struct {
		name string
		c    contact.Contact
		want []int64
		why  []contact.DuplicateReason
	}{
		// Each key pairs with the first contact indexed under it: Jean
		// (by email, the strongest reason), not Jeanne as well.
		{"strongest reason, first contact", person("Jean", "MARTIN", " Jean@Example.org", "37000"), []int64{1},
			[]contact.DuplicateReason{contact.SameEmail}},
		{"name and postcode", person("Jeannot", "Martin", "", "37000"), []int64{1},
			[]contact.DuplicateReason{contact.SameNamePostcode}},
		{"email of a later contact", person("Julie", "Martin", "j.martin@example.org", ""), []int64{3},
			[]contact.DuplicateReason{contact.SameEmail}},
		{"other postcode", person("Jean", "Martin", "", "45000"), nil, nil},
		{"organisation by SIREN", contact.Contact{Kind: contact.Organisation, OrgName: "X", SIREN: "356 000 000"},
			[]int64{4}, []contact.DuplicateReason{contact.SameSIREN}},
		{"people and organisations do not meet by name", contact.Contact{Kind: contact.Person, LastName: "Martin",
			Addresses: []contact.Address{{Postcode: "37000"}}}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []int64
			var why []contact.DuplicateReason
			for _, d := range x.Find(tt.c) {
				ids, why = append(ids, d.B), append(why, d.Reason)
			}
			if !slices.Equal(ids, tt.want) || !slices.Equal(why, tt.why) {
				t.Errorf("Find = %v %v, want %v %v", ids, why, tt.want, tt.why)
			}
		})
	}
	// A contact is not its own duplicate.
	self := person("Jean", "Martin", "jean@example.org", "37000")
	self.ID = 1
	if ds := x.Find(self); len(ds) != 1 || ds[0].B != 2 {
		t.Errorf("Find(itself) = %+v", ds)
	}
}

func TestDuplicateReasonLabel(t *testing.T) {
	for _, r := range contact.DuplicateReasons {
		if l := r.Label(); l == string(r) || l == "" {
			t.Errorf("%s has no French label", r)
		}
	}
}
