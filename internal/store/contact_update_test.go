package store_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

func TestUpdateContactReplacesDetailsAndReindexes(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	p := mustCreate(t, db, contact.Contact{Kind: contact.Person, FirstName: "Anne", LastName: "Bleu",
		Emails:    []contact.Email{{Address: "anne@old.fr", Preferred: true}},
		Phones:    []contact.Phone{{Number: "02 47 00 00 00"}},
		Addresses: []contact.Address{{City: "Tours", Postcode: "37000", Preferred: true}},
		Tags:      []string{"bénévole"}})

	p.LastName = "Bleu-Vert"
	p.Emails = []contact.Email{{Address: "anne@old.fr"}, {Address: "anne@new.fr", Label: "travail", Preferred: true}}
	p.Phones = nil
	p.Addresses = []contact.Address{{City: "Orléans", Postcode: "45000", Preferred: true}}
	p.Tags = []string{"adhérent"}
	p.Notes = "Préfère le téléphone"
	mustDo(t, "update", svc.Update(ctx, &p))

	got, err := svc.Get(ctx, p.ID)
	mustDo(t, "get", err)
	if got.LastName != "Bleu-Vert" || got.Notes != "Préfère le téléphone" || got.PreferredEmail() != "anne@new.fr" ||
		len(got.Emails) != 2 || len(got.Phones) != 0 || got.Addresses[0].City != "Orléans" ||
		!reflect.DeepEqual(got.Tags, []string{"adhérent"}) {
		t.Errorf("after update: %+v", got)
	}
	rows, err := svc.List(ctx, contact.Filter{Query: "orleans vert"})
	mustDo(t, "search", err)
	if len(rows) != 1 || rows[0].Name != "BLEU-VERT Anne" {
		t.Errorf("search after update = %+v, want the new name and city indexed", rows)
	}
	if rows, _ := svc.List(ctx, contact.Filter{Query: "tours"}); len(rows) != 0 {
		t.Errorf("the old city is still indexed: %+v", rows)
	}
	entries, err := db.ListAudit(ctx, store.AuditFilter{Entity: "contact", EntityID: p.ID})
	mustDo(t, "audit", err)
	if len(entries) == 0 || entries[0].Action != "update" || strings.Contains(entries[0].Details, "Bleu") {
		t.Errorf("audit = %+v, want an update entry without the name", entries)
	}

	p.Kind = contact.Organisation
	p.OrgName = "Bleu SARL"
	if err := svc.Update(ctx, &p); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("turning a person into an organisation = %v, want invalid", err)
	}
	missing := contact.Contact{ID: 9999, Kind: contact.Person, LastName: "Personne"}
	if err := svc.Update(ctx, &missing); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("update of an unknown contact = %v, want not found", err)
	}
}

func TestSetMembershipsReplacesAndReindexesOnOrgRename(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	p := storetest.Person(t, db, "Paul", "Rouge", "", "", "")
	a := storetest.Org(t, db, "Boulangerie Martin", contact.OrgCompany)
	b := storetest.Org(t, db, "Radio Val", contact.OrgPress)
	mustDo(t, "set", svc.SetMemberships(ctx, p.ID, []contact.Membership{{OrganisationID: a.ID, Role: "gérant"}}))
	mustDo(t, "set again", svc.SetMemberships(ctx, p.ID, []contact.Membership{{OrganisationID: b.ID, Role: "journaliste"}}))
	ms, err := svc.Memberships(ctx, p.ID)
	mustDo(t, "memberships", err)
	if len(ms) != 1 || ms[0].OrganisationID != b.ID || ms[0].Role != "journaliste" || ms[0].Organisation != "Radio Val" {
		t.Errorf("memberships = %+v, want only Radio Val", ms)
	}
	if err := svc.SetMemberships(ctx, p.ID, []contact.Membership{{OrganisationID: p.ID}}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("membership of a person in a person = %v, want invalid", err)
	}

	b.OrgName = "Radio Loire"
	mustDo(t, "rename", svc.Update(ctx, &b))
	rows, err := svc.List(ctx, contact.Filter{Kind: contact.Person, Query: "loire"})
	mustDo(t, "search", err)
	if len(rows) != 1 || rows[0].ID != p.ID {
		t.Errorf("people found by the new name of their organisation = %+v", rows)
	}
}

func TestPressMembersMarksExcluded(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	mustDo(t, "list", svc.CreatePressList(ctx, &contact.PressList{Name: "Radios"}))
	outlet := storetest.Org(t, db, "Radio Val", contact.OrgPress)
	a := storetest.Person(t, db, "Anne", "Bleu", "anne@radio.fr", "", "")
	b := storetest.Person(t, db, "Paul", "Rouge", "paul@radio.fr", "", "")
	mustDo(t, "member", svc.SetMemberships(ctx, a.ID, []contact.Membership{{OrganisationID: outlet.ID, Role: "journaliste"}}))
	mustDo(t, "journalist", svc.SetJournalist(ctx, contact.Journalist{PersonID: a.ID, Topics: "culture"}))
	mustDo(t, "opt-out", svc.SetJournalist(ctx, contact.Journalist{PersonID: b.ID, OptOut: true}))
	mustDo(t, "add", svc.AddToPressList(ctx, "Radios", a.ID, b.ID))
	got, err := svc.PressMembers(ctx, "radios")
	mustDo(t, "members", err)
	want := []contact.PressMember{
		{ID: a.ID, Kind: contact.Person, Name: "BLEU Anne", Email: "anne@radio.fr", Outlets: "Radio Val", Topics: "culture"},
		{ID: b.ID, Kind: contact.Person, Name: "ROUGE Paul", Email: "paul@radio.fr", OptOut: true, Excluded: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PressMembers =\n%+v\nwant\n%+v", got, want)
	}
	if _, err := svc.PressMembers(ctx, "Télés"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("unknown list = %v, want not found", err)
	}
}
