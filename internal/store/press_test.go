package store_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

func TestPressRecipientsHonourOptOutObjectionAndErasure(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	mustDo(t, "list", svc.CreatePressList(ctx, &contact.PressList{Name: "PQR Centre"}))
	ok := storetest.Person(t, db, "Anne", "Bleu", "anne@rep.fr", "", "")
	same := storetest.Person(t, db, "Anne", "Bleu-Doublon", "ANNE@rep.fr", "", "") // the same address twice
	optOut := storetest.Person(t, db, "Paul", "Rouge", "paul@rep.fr", "", "")
	objecting := storetest.Person(t, db, "Lina", "Vert", "lina@radio.fr", "", "")
	erased := storetest.Person(t, db, "Yves", "Noir", "yves@tv.fr", "", "")
	listed := storetest.Person(t, db, "Ana", "Gris", "ana@web.fr", "", "")
	outlet := mustCreate(t, db, contact.Contact{Kind: contact.Organisation, OrgName: "La République du Centre",
		OrgKind: contact.OrgPress, PressKind: contact.PressRegionalDaily, Emails: []contact.Email{{Address: "redaction@rep.fr"}}})
	mustDo(t, "add", svc.AddToPressList(ctx, "pqr centre", ok.ID, same.ID, optOut.ID, objecting.ID, erased.ID, listed.ID, outlet.ID))
	mustDo(t, "opt-out", svc.SetJournalist(ctx, contact.Journalist{PersonID: optOut.ID, OptOut: true}))
	mustDo(t, "objection", svc.SetConsent(ctx, contact.Consent{ContactID: objecting.ID, Channel: contact.ChannelEmail, Status: contact.StatusObjection, Date: "2026-10-01"}))
	_, err := svc.Erase(ctx, erased.ID)
	mustDo(t, "erase", err)
	// ana@web.fr is on the objection list because someone erased with that
	// address was before; Ana Gris's record must not bring it back.
	gone := storetest.Person(t, db, "Ancienne", "Fiche", "Ana@Web.fr", "", "")
	_, err = svc.Erase(ctx, gone.ID)
	mustDo(t, "erase", err)

	bcc, err := svc.PressBCC(ctx, "PQR Centre")
	mustDo(t, "bcc", err)
	if want := "anne@rep.fr, redaction@rep.fr"; bcc != want {
		t.Errorf("PressBCC = %q, want %q", bcc, want)
	}
	ids, err := db.PressListMembers(ctx, "PQR Centre")
	mustDo(t, "members", err)
	if want := []int64{ok.ID, same.ID, outlet.ID}; !reflect.DeepEqual(ids, want) {
		t.Errorf("PressListMembers = %v, want %v (sorted by name)", ids, want)
	}
	lists, err := svc.PressLists(ctx)
	mustDo(t, "lists", err)
	if len(lists) != 1 || lists[0].Members != 6 {
		t.Errorf("lists = %+v, want one list with 6 members (the erased one removed)", lists)
	}
	if _, err := db.PressListMembers(ctx, "Radios"); !errors.Is(err, apperr.ErrNotFound) || !apperr.Is(err) {
		t.Errorf("unknown list = %v, want a user not-found error", err)
	}
}

func TestLogPressRelease(t *testing.T) {
	db := storetest.Open(t)
	svc := contact.NewService(db)
	mustDo(t, "list", svc.CreatePressList(ctx, &contact.PressList{Name: "Radios"}))
	a := storetest.Person(t, db, "Anne", "Bleu", "anne@radio.fr", "", "")
	b := storetest.Person(t, db, "Paul", "Rouge", "", "", "") // no email: not sent
	mustDo(t, "journalist", svc.SetJournalist(ctx, contact.Journalist{PersonID: a.ID, Topics: "culture", LastContacted: "2026-01-01"}))
	mustDo(t, "add", svc.AddToPressList(ctx, "Radios", a.ID, b.ID))
	r := contact.PressRelease{ListName: "radios", Date: "2026-11-20", Subject: "Fête des jardins"}
	mustDo(t, "log", svc.LogPressRelease(ctx, &r))
	if r.Recipients != 1 || r.ListName != "radios" {
		t.Errorf("release = %+v, want 1 recipient", r)
	}
	j, err := svc.Journalist(ctx, a.ID)
	mustDo(t, "journalist", err)
	if j.LastContacted != "2026-11-20" || j.Topics != "culture" {
		t.Errorf("journalist = %+v, want last contacted 2026-11-20 and topics kept", j)
	}
	rs, err := svc.PressReleases(ctx)
	mustDo(t, "releases", err)
	if len(rs) != 1 || rs[0].ListName != "Radios" || rs[0].Subject != "Fête des jardins" || rs[0].Recipients != 1 {
		t.Errorf("releases = %+v", rs)
	}
	if err := svc.CreatePressList(ctx, &contact.PressList{Name: "RADIOS"}); !errors.Is(err, apperr.ErrConflict) || !apperr.Is(err) {
		t.Errorf("a second list with the same name = %v, want a conflict", err)
	}
	if err := svc.SetJournalist(ctx, contact.Journalist{PersonID: storetest.Org(t, db, "France Bleu", contact.OrgPress).ID}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("an organisation as journalist = %v, want invalid", err)
	}
}
