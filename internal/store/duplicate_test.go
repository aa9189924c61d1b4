package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// pair is a stored duplicate pair as the tests name it.
type pair struct {
	a, b   string
	reason contact.DuplicateReason
}

func namedPairs(ds []contact.Duplicate, names map[int64]string) []pair {
	var out []pair
	for _, d := range ds {
		out = append(out, pair{names[d.A], names[d.B], d.Reason})
	}
	return out
}

func TestListDuplicates(t *testing.T) {
	db := storetest.Open(t)
	names := map[int64]string{}
	add := func(key string, c contact.Contact) {
		t.Helper()
		if err := db.CreateContact(ctx, &c); err != nil {
			t.Fatal(err)
		}
		names[c.ID] = key
	}
	person := func(first, last, email, postcode string) contact.Contact {
		c := contact.Contact{Kind: contact.Person, FirstName: first, LastName: last}
		if email != "" {
			c.Emails = []contact.Email{{Address: email, Preferred: true}}
		}
		if postcode != "" {
			c.Addresses = []contact.Address{{Street: "1 rue X", Postcode: postcode, City: "Ville", Country: "France"}}
		}
		return c
	}
	org := func(name, siren, postcode string) contact.Contact {
		c := contact.Contact{Kind: contact.Organisation, OrgName: name, SIREN: siren}
		if postcode != "" {
			c.Addresses = []contact.Address{{Postcode: postcode, City: "Ville"}}
		}
		return c
	}
	add("helene", person("Hélène", "Dupont", "Helene.Dupont@Example.org", "45000"))
	add("helene-case", person("Helene", "DUPONT", "helene.dupont@example.org", "")) // same email, other case
	add("jean", person("Jean", "Martin", "", "37000"))
	add("j-martin", person("J.", "Martin", "", "37000"))            // similar name, same postcode
	add("jean-paris", person("Jean", "Martin", "", "75011"))        // same name, other postcode: not flagged
	add("jeanne", person("Jeanne", "Martins", "", "37000"))         // other name
	add("martin-org", org("Martin", "", "37000"))                   // an organisation named like a person
	add("poste", org("La Poste", "356000000", ""))                  //
	add("poste-spaces", org("La Poste SA", "356 000 000", "75015")) // same SIREN written with spaces
	add("amis", org("Les Amis du Parc", "", "75011"))
	add("amis-case", org("les amis du parc", "", "75011"))
	add("amis-3", org("Les Amis du Parc", "", "75011"))

	ds, err := db.ListDuplicates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := namedPairs(ds, names)
	want := []pair{
		{"helene", "helene-case", contact.SameEmail},
		{"jean", "j-martin", contact.SameNamePostcode},
		{"poste", "poste-spaces", contact.SameSIREN},
		{"amis", "amis-case", contact.SameNamePostcode},
		{"amis", "amis-3", contact.SameNamePostcode},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ListDuplicates =\n%v\nwant\n%v", got, want)
	}
	for _, d := range ds {
		if d.A >= d.B || d.NameA == "" || d.NameB == "" {
			t.Errorf("pair %+v: want A < B and both names", d)
		}
	}
}

func TestDuplicatesOf(t *testing.T) {
	db := storetest.Open(t)
	h := storetest.Person(t, db, "Hélène", "Lefèvre", "helene@example.org", "45000", "Orléans")
	m := storetest.Person(t, db, "Marc", "Lefèvre", "marc@example.org", "45000", "Orléans")
	tests := []struct {
		name string
		c    contact.Contact
		want []int64
		why  contact.DuplicateReason
	}{
		{"same email, other case", contact.Contact{Kind: contact.Person, LastName: "X",
			Emails: []contact.Email{{Address: " HELENE@example.org"}}}, []int64{h.ID}, contact.SameEmail},
		{"initial and accents", contact.Contact{Kind: contact.Person, FirstName: "H.", LastName: "LEFEVRE",
			Addresses: []contact.Address{{Postcode: "45000"}}}, []int64{h.ID}, contact.SameNamePostcode},
		{"other postcode", contact.Contact{Kind: contact.Person, FirstName: "Hélène", LastName: "Lefèvre",
			Addresses: []contact.Address{{Postcode: "45100"}}}, nil, ""},
		{"itself", h, nil, ""},
		{"no keys", contact.Contact{Kind: contact.Person, LastName: "Lefèvre"}, nil, ""},
	}
	_ = m
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := db.DuplicatesOf(ctx, tt.c)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, d := range ds {
				ids = append(ids, d.B)
				if d.Reason != tt.why {
					t.Errorf("reason = %s, want %s", d.Reason, tt.why)
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("duplicates = %v, want %v", ids, tt.want)
			}
		})
	}
}

// TestDuplicatesOfEach: the one-pass comparison used for large imports
// finds what the per-contact queries find.
func TestDuplicatesOfEach(t *testing.T) {
	db := storetest.Open(t)
	var stored []contact.Contact
	for i := range 40 {
		stored = append(stored, storetest.Person(t, db, "Prénom", fmt.Sprintf("Nom%d", i%25),
			fmt.Sprintf("p%d@example.org", i), fmt.Sprintf("%05d", 1000+i%7), "Ville"))
	}
	var keys []contact.DuplicateKeys
	for i := range 120 {
		c := contact.Contact{Kind: contact.Person, FirstName: "P.", LastName: fmt.Sprintf("Nom%d", i%30),
			Emails:    []contact.Email{{Address: fmt.Sprintf("P%d@Example.org", i*3)}},
			Addresses: []contact.Address{{Postcode: fmt.Sprintf("%05d", 1000+i%9)}}}
		keys = append(keys, contact.KeysOf(c))
	}
	many, err := db.DuplicatesOfEach(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for i, k := range keys {
		few, err := db.DuplicatesOfEach(ctx, []contact.DuplicateKeys{k})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(many[i], few[0]) {
			t.Errorf("row %d: batch %+v, one by one %+v", i, many[i], few[0])
		}
		found += len(many[i])
	}
	if found == 0 {
		t.Error("no duplicate found: the test proves nothing")
	}
	empty := storetest.Open(t)
	if ds, err := empty.DuplicatesOfEach(ctx, keys); err != nil || len(ds) != len(keys) || ds[0] != nil {
		t.Errorf("empty database: %v, %v", ds, err)
	}
	_ = store.SchemaVersion
}
