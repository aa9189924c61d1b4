package receipt_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/store"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(day string) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = t.Add(10 * time.Hour)
	c.mu.Unlock()
}

// env is a database with a complete association profile and a receipt
// service drawing real PDFs.
type env struct {
	t   testing.TB
	ctx context.Context
	db  *store.DB
	svc *receipt.Service
	clk *clock
}

func newEnv(t testing.TB) *env {
	t.Helper()
	clk := &clock{}
	clk.Set("2026-11-21")
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "bureau.db"), store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, ctx: context.Background(), db: db, clk: clk}
	e.svc = receipt.NewService(receipt.Params{Store: db, Render: core.RenderReceipt, Now: clk.Now})
	if err := db.SaveAssociation(e.ctx, profile()); err != nil {
		t.Fatal(err)
	}
	return e
}

func profile() association.Profile {
	return association.Profile{
		Name: "Les Jardins partagés de Belleville", RNA: "W751234567",
		Street: "12 rue des Envierges", Postcode: "75020", City: "Paris",
		Object:   "Créer et animer des jardins ouverts à tous les habitants du quartier.",
		Category: "asso_1901_ig", SignerName: "Claire Dubois", SignerRole: "Trésorière",
	}
}

// person creates a donor with a complete address.
func (e *env) person(first, last string) int64 {
	e.t.Helper()
	c := contact.Contact{Kind: contact.Person, FirstName: first, LastName: last,
		Addresses: []contact.Address{{Street: "7 rue du Cœur-Volant", Postcode: "78430", City: "Louveciennes", Country: "France", Preferred: true}}}
	if err := e.db.CreateContact(e.ctx, &c); err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// company creates a company donor.
func (e *env) company(name, yearEnd string) int64 {
	e.t.Helper()
	c := contact.Contact{Kind: contact.Organisation, OrgKind: contact.OrgCompany, OrgName: name, LegalForm: "SARL",
		SIREN: "732829320", FiscalYearEnd: yearEnd,
		Addresses: []contact.Address{{Street: "18 avenue Jean-Jaurès", Postcode: "93100", City: "Montreuil", Preferred: true}}}
	if err := e.db.CreateContact(e.ctx, &c); err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// gift records a cheque gift.
func (e *env) gift(donor int64, amount money.Cents, date string) int64 {
	e.t.Helper()
	g := donation.Gift{DonorID: donor, Amount: amount, DateReceived: date, Method: donation.Cheque}
	if err := e.db.CreateGift(e.ctx, &g); err != nil {
		e.t.Fatal(err)
	}
	return g.ID
}

// seed creates donors people with gifts each gifts of year.
func (e *env) seed(people, gifts, year int) {
	e.t.Helper()
	cs := make([]contact.Contact, people)
	for i := range cs {
		cs[i] = contact.Contact{Kind: contact.Person, FirstName: fmt.Sprintf("Prénom%d", i), LastName: fmt.Sprintf("Nom%05d", i),
			Addresses: []contact.Address{{Street: fmt.Sprintf("%d rue de la Paix", i+1), Postcode: "75002", City: "Paris", Preferred: true}}}
	}
	if err := e.db.InsertContacts(e.ctx, cs, "test"); err != nil {
		e.t.Fatal(err)
	}
	var gs []donation.Gift
	for i, c := range cs {
		for k := range gifts {
			gs = append(gs, donation.Gift{DonorID: c.ID, Amount: money.Cents(1000 + 100*((i+k)%50)),
				DateReceived: fmt.Sprintf("%d-%02d-%02d", year, 1+(k*5+i)%12, 1+(i+k)%28), Method: donation.Cheque,
				Source: "test", Reference: fmt.Sprintf("g%d-%d-%d", c.ID, i, k)})
		}
	}
	if err := e.db.InsertGifts(e.ctx, gs, "test"); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) issue(giftID int64) donation.Receipt {
	e.t.Helper()
	r, err := e.svc.Issue(e.ctx, giftID)
	if err != nil {
		e.t.Fatalf("issue gift %d: %v", giftID, err)
	}
	return r
}

func (e *env) check() {
	e.t.Helper()
	ps, err := e.svc.Check(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range ps {
		e.t.Errorf("check: %s: %s", p.Check, p.Detail)
	}
}
