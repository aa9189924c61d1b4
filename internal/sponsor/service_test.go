package sponsor_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

var ctx = context.Background()

// newService returns a Service on a real temporary database whose clock is
// storetest.Clock (21 November 2026).
func newService(t *testing.T) (*sponsor.Service, *store.DB) {
	t.Helper()
	db := storetest.Open(t)
	return sponsor.NewService(db, func() time.Time { return storetest.Clock }), db
}

func TestServiceCreateValidatesFirst(t *testing.T) {
	s, db := newService(t)
	org := storetest.Org(t, db, "Boulangerie Martin", contact.OrgCompany)
	bad := sponsor.Case{OrgID: org.ID, Year: 2026, Stage: sponsor.Prospect, Probability: 120}
	if err := s.Create(ctx, &bad); !errors.Is(err, apperr.ErrInvalid) {
		t.Fatalf("Create(probability 120) = %v, want ErrInvalid", err)
	}
	if cases, _ := s.List(ctx, sponsor.Filter{}); len(cases) != 0 {
		t.Errorf("an invalid case was saved: %+v", cases)
	}
	c := sponsor.Case{OrgID: org.ID, Year: 2026, Stage: sponsor.Prospect,
		Counterparts: []sponsor.Counterpart{{Item: "Logo", Value: 100_00}}}
	if err := s.Create(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if !c.Counterparts[0].Promised {
		t.Error("a recorded counterpart is not marked promised")
	}
	if _, err := s.List(ctx, sponsor.Filter{Stage: "won"}); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("List(stage won) = %v, want ErrInvalid", err)
	}
}

func TestServiceSetStageAndDeliver(t *testing.T) {
	s, db := newService(t)
	org := storetest.Org(t, db, "Menuiserie Girard", contact.OrgCompany)
	c := sponsor.Case{OrgID: org.ID, Year: 2026, Stage: sponsor.ProposalSent, Expected: 2_000_00}
	if err := s.Create(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStage(ctx, c.ID, sponsor.Declined); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStage(ctx, c.ID, "lost"); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("SetStage(lost) = %v, want ErrInvalid", err)
	}
	cp := sponsor.Counterpart{Item: "Plaque au jardin"}
	if err := s.AddCounterpart(ctx, c.ID, &cp); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDelivered(ctx, cp.ID, "31/12/2026"); !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("MarkDelivered(31/12/2026) = %v, want ErrInvalid", err)
	}
	if err := s.MarkDelivered(ctx, cp.ID, ""); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Stage != sponsor.Declined || got.Counterparts[0].DeliveredOn != "2026-11-21" {
		t.Errorf("after SetStage and MarkDelivered: stage %s, counterparts %+v", got.Stage, got.Counterparts)
	}
}

func TestServiceWarnings(t *testing.T) {
	s, db := newService(t)
	create := func(name string, stage sponsor.Stage, expected money.Cents, cps ...money.Cents) contact.Contact {
		org := storetest.Org(t, db, name, contact.OrgCompany)
		c := sponsor.Case{OrgID: org.ID, Year: 2026, Stage: stage, Expected: expected}
		for _, v := range cps {
			c.Counterparts = append(c.Counterparts, sponsor.Counterpart{Item: "Contrepartie", Value: v})
		}
		if err := s.Create(ctx, &c); err != nil {
			t.Fatal(err)
		}
		return org
	}
	// Nothing received yet: compared with the expected amount.
	create("A – attendu, 25 % pile", sponsor.Agreed, 10_000_00, 2_000_00, 500_00)
	create("B – attendu, trop", sponsor.ProposalSent, 10_000_00, 2_000_00, 500_01)
	// Received: compared with the gifts of 2026 only.
	c := create("C – reçu moins que prévu", sponsor.Agreed, 10_000_00, 2_000_00)
	storetest.Gift(t, db, c.ID, 6_000_00, "2026-03-01")
	storetest.Gift(t, db, c.ID, 1_000_00, "2026-09-01")
	storetest.Gift(t, db, c.ID, 50_000_00, "2025-09-01") // another year
	d := create("D – reçu plus que prévu", sponsor.Agreed, 1_000_00, 2_000_00)
	storetest.Gift(t, db, d.ID, 8_000_00, "2026-05-01")
	create("E – refusé", sponsor.Declined, 1_000_00, 2_000_00)
	create("F – sans contrepartie", sponsor.Prospect, 0)
	create("G – contrepartie sans montant", sponsor.Prospect, 0, 10_00)

	ws, err := s.Warnings(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range ws {
		got = append(got, w.Case.OrgName+" "+string(w.Basis)+" "+w.Gift.Plain()+" "+w.Ratio.String())
	}
	want := []string{
		"B – attendu, trop expected 10000,00 25,01\u00a0%",
		"C – reçu moins que prévu gifts 7000,00 28,58\u00a0%",
		"G – contrepartie sans montant expected 0,00 0\u00a0%",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Warnings(2026) =\n%q\nwant\n%q", got, want)
	}
}

func TestServiceDueLists(t *testing.T) {
	s, db := newService(t)
	add := func(name string, year int, stage sponsor.Stage, action, end string) {
		org := storetest.Org(t, db, name, contact.OrgCompany)
		c := sponsor.Case{OrgID: org.ID, Year: year, Stage: stage, ConventionEnd: end}
		if action != "" {
			c.NextAction, c.NextActionDate = "Relancer", action
		}
		if err := s.Create(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	add("En retard", 2026, sponsor.ProposalSent, "2026-11-20", "")
	add("Aujourd'hui", 2026, sponsor.Meeting, "2026-11-21", "")
	add("Refusé en retard", 2026, sponsor.Declined, "2026-10-01", "")
	add("Fin dans 40 jours", 2026, sponsor.Agreed, "", "2026-12-31")
	add("Fin dans 90 jours", 2026, sponsor.Renewed, "", "2027-02-19")

	today := storetest.Clock
	overdue, err := s.Overdue(ctx, today)
	if err != nil || !slices.Equal(names(overdue), []string{"En retard"}) {
		t.Errorf("Overdue = %q, %v", names(overdue), err)
	}
	for _, tt := range []struct {
		days int
		want []string
	}{
		{0, []string{"Fin dans 40 jours"}}, // the default window, 60 days
		{90, []string{"Fin dans 40 jours", "Fin dans 90 jours"}},
		{30, nil},
	} {
		got, err := s.Renewals(ctx, today, tt.days)
		if err != nil || !slices.Equal(names(got), tt.want) {
			t.Errorf("Renewals(%d) = %q, %v, want %q", tt.days, names(got), err, tt.want)
		}
	}
	if _, err := s.Renewals(ctx, today, -1); !errors.Is(err, apperr.ErrInvalid) ||
		!strings.Contains(apperr.Message(err), "Indiquez") {
		t.Errorf("Renewals(-1) = %v, want ErrInvalid", err)
	}
}
