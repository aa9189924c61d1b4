package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

func TestInsertContactsWithMemberships(t *testing.T) {
	db := storetest.Open(t)
	mairie := storetest.Org(t, db, "Mairie de Tours", contact.OrgPublicFunder)
	cs := []contact.Contact{
		{Kind: contact.Person, FirstName: "Hélène", LastName: "Dupont", Tags: []string{"Élus", "bureau"},
			Emails:    []contact.Email{{Address: " helene@example.org ", Preferred: true}},
			Addresses: []contact.Address{{Street: "1 rue X", Postcode: "37000", City: "Tours", Country: "France", Preferred: true}}},
		{Kind: contact.Person, FirstName: "Paul", LastName: "Roux", Tags: []string{"BUREAU"}},
		{Kind: contact.Person, FirstName: "Inès", LastName: "Moreau"},
		{Kind: contact.Organisation, OrgName: "Les Amis du Parc", OrgKind: contact.OrgAssociation},
		{Kind: contact.Person, FirstName: "Zoé", LastName: "Noël"},
	}
	orgs := []contact.OrgRole{
		{Org: "MAIRIE DE TOURS", Role: "Adjointe"}, // the stored organisation, by folded name
		{Org: "les amis du parc", Role: "Président"},
		{Org: "Crèche Les Lutins"}, // created
		{},
		{Org: "Crèche les lutins", Role: "Directrice"}, // the one just created
	}
	var progress []int
	if err := db.InsertContactsWithMemberships(ctx, cs, orgs, "test.csv", func(n int) { progress = append(progress, n) }); err != nil {
		t.Fatal(err)
	}
	if progress[len(progress)-1] != len(cs) {
		t.Errorf("progress = %v", progress)
	}
	for i, c := range cs {
		if c.ID == 0 || (i > 0 && c.ID <= cs[i-1].ID) {
			t.Errorf("contact %d got ID %d", i, c.ID)
		}
	}
	got, err := db.GetContact(ctx, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Emails[0].Address != "helene@example.org" || !slices.Equal(got.Tags, []string{"bureau", "Élus"}) ||
		got.Addresses[0].City != "Tours" {
		t.Errorf("stored = %+v", got)
	}
	// "bureau" and "BUREAU" are one tag (NOCASE).
	paul, _ := db.GetContact(ctx, cs[1].ID)
	if !slices.Equal(paul.Tags, []string{"bureau"}) {
		t.Errorf("Paul's tags = %q", paul.Tags)
	}

	members := map[int64][]contact.OrgRole{}
	err = db.ExportContacts(ctx, nil, func(c contact.Contact, o []contact.OrgRole) error {
		members[c.ID] = o
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOrgs := map[int64][]contact.OrgRole{
		cs[0].ID: {{Org: "Mairie de Tours", Role: "Adjointe"}},
		cs[1].ID: {{Org: "Les Amis du Parc", Role: "Président"}},
		cs[2].ID: {{Org: "Crèche Les Lutins"}},
		cs[4].ID: {{Org: "Crèche Les Lutins", Role: "Directrice"}},
	}
	for id, want := range wantOrgs {
		if !slices.Equal(members[id], want) {
			t.Errorf("contact %d belongs to %+v, want %+v", id, members[id], want)
		}
	}
	people, organisations, _ := db.CountContacts(ctx)
	if people != 4 || organisations != 3 { // Mairie, Amis, and the Crèche created once
		t.Errorf("count = %d people, %d organisations", people, organisations)
	}
	_ = mairie

	// The full-text index knows the new contacts, their organisation and
	// their tags, like indexContact would.
	for _, q := range []string{"helene orleans", "lutins zoe", "elus", "helene@example", "adjointe"} {
		rows, err := db.ListContacts(ctx, contact.Filter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if q == "helene orleans" || q == "adjointe" {
			if len(rows) != 0 {
				t.Errorf("search %q found %d, want none", q, len(rows))
			}
			continue
		}
		if len(rows) == 0 {
			t.Errorf("search %q found nothing", q)
		}
	}

	entries, err := db.ListAudit(ctx, store.AuditFilter{Entity: "contact", Limit: 1})
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Details, `"memberships":4`) ||
		!strings.Contains(entries[0].Details, `"organisations_created":1`) || !strings.Contains(entries[0].Details, "test.csv") {
		t.Errorf("audit = %+v, %v", entries, err)
	}
}

// TestInsertContactsAllOrNothing: an import that fails half-way leaves
// nothing behind.
func TestInsertContactsAllOrNothing(t *testing.T) {
	db := storetest.Open(t)
	cs := make([]contact.Contact, 3000)
	for i := range cs {
		cs[i] = contact.Contact{Kind: contact.Person, LastName: "Nom", Emails: []contact.Email{{Address: "a@b.fr"}}}
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	err := db.InsertContactsWithMemberships(cctx, cs, nil, "x", func(done int) {
		if done >= 1024 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("the cancelled import succeeded")
	}
	// A contact the database refuses (the CHECK on names) stops it too.
	bad := []contact.Contact{{Kind: contact.Person, LastName: "A"}, {Kind: contact.Person}}
	if err := db.InsertContacts(ctx, bad, "x"); err == nil {
		t.Fatal("a contact without a name was saved")
	}
	if people, orgs, _ := db.CountContacts(ctx); people+orgs != 0 {
		t.Errorf("%d contacts left by failed imports", people+orgs)
	}
	if rows, _ := db.ListContacts(ctx, contact.Filter{Query: "nom"}); len(rows) != 0 {
		t.Errorf("search index kept %d rows", len(rows))
	}
	if err := db.InsertContactsWithMemberships(ctx, cs[:2], []contact.OrgRole{{}}, "x", nil); err == nil {
		t.Error("one organisation for two contacts was accepted")
	}
}

func TestExportContacts(t *testing.T) {
	db := storetest.Open(t)
	z := storetest.Person(t, db, "Zoé", "Zola", "zoe@example.org", "75011", "Paris")
	a := storetest.Person(t, db, "Anne", "Azur", "anne@example.org", "37000", "Tours")
	o := storetest.Org(t, db, "Mairie de Tours", contact.OrgPublicFunder)
	if err := db.AddMembership(ctx, a.ID, o.ID, "Adjointe"); err != nil {
		t.Fatal(err)
	}
	var order []int64
	var anne contact.Contact
	var anneOrgs []contact.OrgRole
	err := db.ExportContacts(ctx, nil, func(c contact.Contact, orgs []contact.OrgRole) error {
		order = append(order, c.ID)
		if c.ID == a.ID {
			anne, anneOrgs = c, orgs
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{a.ID, o.ID, z.ID}; !slices.Equal(order, want) { // name order: AZUR, Mairie, ZOLA
		t.Errorf("order = %v, want %v", order, want)
	}
	if anne.Emails[0].Address != "anne@example.org" || anne.Addresses[0].City != "Tours" ||
		!slices.Equal(anneOrgs, []contact.OrgRole{{Org: "Mairie de Tours", Role: "Adjointe"}}) {
		t.Errorf("Anne = %+v %+v", anne, anneOrgs)
	}

	order = nil
	err = db.ExportContacts(ctx, []int64{z.ID, 9999, a.ID, z.ID}, func(c contact.Contact, _ []contact.OrgRole) error {
		order = append(order, c.ID)
		return nil
	})
	if err != nil || !slices.Equal(order, []int64{a.ID, z.ID}) {
		t.Errorf("export of chosen IDs = %v, %v", order, err)
	}
	order = nil
	if err := db.ExportContacts(ctx, []int64{}, func(c contact.Contact, _ []contact.OrgRole) error {
		order = append(order, c.ID)
		return nil
	}); err != nil || len(order) != 0 {
		t.Errorf("an empty choice exported %v", order)
	}
	stop := errors.New("stop")
	if err := db.ExportContacts(ctx, nil, func(contact.Contact, []contact.OrgRole) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("error of fn = %v", err)
	}
}
