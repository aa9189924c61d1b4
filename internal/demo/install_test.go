package demo_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/demo"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store"
)

var now = time.Date(2025, time.June, 15, 14, 30, 0, 0, time.UTC)

// The store is what Install and Seed write to.
var _ demo.Store = (*store.DB)(nil)

// openDB opens a new database in a temporary folder.
func openDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "bureau.db"), store.Options{})
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// snapshot is what two equal databases share.
type snapshot struct {
	Summary      demo.Summary
	People       int
	Orgs         int
	Years        []donation.YearTotal
	Months       [][12]money.Cents
	Contacts     []contact.Row
	Cases        []sponsor.Case
	PressLists   []contact.PressList
	Releases     []contact.PressRelease
	Journalists  []contact.Journalist
	Interactions []contact.Interaction
	Consents     []contact.Consent
	Mandates     []donation.Mandate
	Claim        donation.ExpenseClaim
}

func takeSnapshot(t *testing.T, db *store.DB, s demo.Summary) snapshot {
	t.Helper()
	ctx := context.Background()
	snap := snapshot{Summary: s}
	var err error
	if snap.People, snap.Orgs, err = db.CountContacts(ctx); err != nil {
		t.Fatal(err)
	}
	if snap.Years, err = db.GiftTotalsByYear(ctx); err != nil {
		t.Fatal(err)
	}
	for _, y := range snap.Years {
		m, err := db.MonthTotals(ctx, y.Year)
		if err != nil {
			t.Fatal(err)
		}
		snap.Months = append(snap.Months, m)
	}
	if snap.Contacts, err = db.ListContacts(ctx, contact.Filter{Limit: 100_000}); err != nil {
		t.Fatal(err)
	}
	// Timestamps come from the store's clock, not from now: they are
	// left out.
	if snap.Cases, err = db.ListSponsorCases(ctx, sponsor.Filter{}); err != nil {
		t.Fatal(err)
	}
	for i := range snap.Cases {
		snap.Cases[i].CreatedAt, snap.Cases[i].UpdatedAt = time.Time{}, time.Time{}
	}
	if snap.PressLists, err = db.ListPressLists(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range snap.PressLists {
		snap.PressLists[i].CreatedAt = time.Time{}
	}
	if snap.Releases, err = db.ListPressReleases(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range snap.Releases {
		snap.Releases[i].CreatedAt = time.Time{}
	}
	for _, r := range snap.Contacts {
		if r.Kind == contact.Person {
			j, err := db.GetJournalist(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			snap.Journalists = append(snap.Journalists, j)
		}
		is, err := db.ListInteractions(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range is {
			i.CreatedAt = time.Time{}
			snap.Interactions = append(snap.Interactions, i)
		}
		cs, err := db.ListConsents(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		snap.Consents = append(snap.Consents, cs...)
	}
	if snap.Mandates, err = db.ListMandates(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range snap.Mandates {
		snap.Mandates[i].CreatedAt = time.Time{}
	}
	// Seed records no expense claim.
	if snap.Claim, err = db.GetExpenseClaim(ctx, 1); err != nil && !errors.Is(err, apperr.ErrNotFound) {
		t.Fatal(err)
	}
	snap.Claim.CreatedAt = time.Time{}
	for i := range snap.Claim.Documents {
		snap.Claim.Documents[i].AddedAt = time.Time{}
	}
	for i := range snap.Contacts {
		snap.Contacts[i].ID = 0 // IDs are the same too, but names are what matter
	}
	return snap
}

func TestInstall(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	s, err := demo.Install(ctx, db, now)
	if err != nil {
		t.Fatalf("Install = %v", err)
	}
	people, orgs, err := db.CountContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if people != s.People || orgs != s.Organisations {
		t.Errorf("CountContacts = %d, %d; summary says %d, %d", people, orgs, s.People, s.Organisations)
	}
	years, err := db.GiftTotalsByYear(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var total money.Cents
	for _, y := range years {
		if y.Year != 2024 && y.Year != 2025 {
			t.Errorf("gifts in %d, want only 2024 and 2025", y.Year)
		}
		n += y.Count
		total += y.Total
	}
	if n != s.Gifts || total != s.Total {
		t.Errorf("gifts in the database: %d for %v; summary says %d for %v", n, total, s.Gifts, s.Total)
	}
	months, err := db.MonthTotals(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	for m := 6; m < 12; m++ {
		if months[m] != 0 {
			t.Errorf("gifts of %v in month %d of 2025, after now", months[m], m+1)
		}
	}
	p, err := db.Association(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Les Jardins Partagés de la Loire" || p.SignerName != "Claire Moreau" {
		t.Errorf("association = %q signed by %q", p.Name, p.SignerName)
	}
	if m := p.MissingForReceipts(); len(m) > 0 {
		t.Errorf("saved profile lacks %v", m)
	}
}

func TestInstallSearch(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	if _, err := demo.Install(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		kind  contact.Kind
		want  string // a name among the results, case aside
	}{
		{"courrier loire", contact.Person, "GIRARD Sophie"},            // journalist, through her membership
		{"transports ligeriens", contact.Person, "CHEVALIER Nathalie"}, // CSR manager
		{"helene", contact.Person, "MÜLLER Hélène"},
		{"presse", contact.Organisation, "Le Courrier de Loire"},
	}
	for _, tt := range tests {
		rows, err := db.ListContacts(ctx, contact.Filter{Query: tt.query, Kind: tt.kind})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			found = found || strings.EqualFold(r.Name, tt.want)
		}
		if !found {
			t.Errorf("ListContacts(%q) = %v, want %q among them", tt.query, rows, tt.want)
		}
	}
}

func TestInstallIsDeterministic(t *testing.T) {
	ctx := context.Background()
	var snaps []snapshot
	for range 2 {
		db := openDB(t)
		s, err := demo.Install(ctx, db, now)
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, takeSnapshot(t, db, s))
	}
	if !reflect.DeepEqual(snaps[0], snaps[1]) {
		t.Errorf("two installs differ:\n%+v\n%+v", snaps[0].Summary, snaps[1].Summary)
	}
	s := snaps[0]
	if len(s.Cases) != 7 || len(s.PressLists) != 2 || len(s.Releases) != 2 || len(s.Journalists) < 7 ||
		len(s.Interactions) != 9 || len(s.Consents) != 13 || len(s.Mandates) != 2 || len(s.Claim.Lines) != 6 {
		t.Errorf("snapshot has %d cases, %d press lists, %d releases, %d people, %d interactions, %d consents, %d mandates, %d claim lines",
			len(s.Cases), len(s.PressLists), len(s.Releases), len(s.Journalists), len(s.Interactions), len(s.Consents),
			len(s.Mandates), len(s.Claim.Lines))
	}
}

func TestInstallRefusesNonEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	const want = "Cette base contient déjà des contacts : la démonstration s'installe seulement dans une base vide, " +
		"pour ne pas mélanger des données fictives avec les vôtres. " +
		"Lancez « bureau --db demo.db demo » pour créer une base de démonstration à part."
	tests := []struct {
		name string
		fill func(t *testing.T, db *store.DB)
		want string
	}{
		{"demo already installed", func(t *testing.T, db *store.DB) {
			if _, err := demo.Install(ctx, db, now); err != nil {
				t.Fatal(err)
			}
		}, want},
		{"one real contact", func(t *testing.T, db *store.DB) {
			if err := db.CreateContact(ctx, &contact.Contact{Kind: contact.Person, LastName: "Dupont"}); err != nil {
				t.Fatal(err)
			}
		}, want},
		{"profile filled in, no contact yet", func(t *testing.T, db *store.DB) {
			if err := db.SaveAssociation(ctx, association.Profile{Name: "Amicale des Boulistes"}); err != nil {
				t.Fatal(err)
			}
		}, "Cette base contient déjà la fiche de l'association « Amicale des Boulistes » : la démonstration " +
			"s'installe seulement dans une base vide, pour ne pas remplacer vos informations par des données fictives. " +
			"Lancez « bureau --db demo.db demo » pour créer une base de démonstration à part."},
	}
	for _, tt := range tests {
		db := openDB(t)
		tt.fill(t, db)
		before, _, _ := db.CountContacts(ctx)
		_, err := demo.Install(ctx, db, now)
		if !errors.Is(err, apperr.ErrConflict) || apperr.Message(err) != tt.want {
			t.Errorf("%s: Install = %v, want a conflict saying %q", tt.name, err, tt.want)
		}
		if after, _, _ := db.CountContacts(ctx); after != before {
			t.Errorf("%s: refused Install changed the number of people from %d to %d", tt.name, before, after)
		}
		if p, _ := db.Association(ctx); p.Name == "Les Jardins Partagés de la Loire" && tt.name != "demo already installed" {
			t.Errorf("%s: refused Install saved the demonstration profile", tt.name)
		}
	}
}
