package demo_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/demo"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	type call struct{ done, total int }
	var calls []call
	p := demo.SeedParams{Contacts: 300, Donations: 1000, Seed: 42, Now: now}
	s, err := demo.Seed(ctx, db, p, func(done, total int) { calls = append(calls, call{done, total}) })
	if err != nil {
		t.Fatalf("Seed = %v", err)
	}
	if s.People+s.Organisations != 300 || s.Gifts != 1000 || s.Total <= 0 {
		t.Errorf("Seed = %+v, want 300 contacts and 1000 gifts", s)
	}
	if s.Organisations < 10 || s.Organisations > 60 {
		t.Errorf("%d organisations out of 300 contacts, want about 10 %%", s.Organisations)
	}
	if want := []call{{300, 1300}, {1300, 1300}}; !reflect.DeepEqual(calls, want) {
		t.Errorf("progress calls = %v, want %v", calls, want)
	}
	snap := takeSnapshot(t, db, s)
	if snap.People != s.People || snap.Orgs != s.Organisations {
		t.Errorf("CountContacts = %d, %d; summary says %d, %d", snap.People, snap.Orgs, s.People, s.Organisations)
	}
	var n int
	for _, y := range snap.Years {
		if y.Year < 2023 || y.Year > 2025 {
			t.Errorf("gifts in %d, want 2023 to 2025", y.Year)
		}
		n += y.Count
	}
	if n != 1000 {
		t.Errorf("%d gifts in the database, want 1000", n)
	}
	accents := 0
	for _, r := range snap.Contacts {
		if strings.ContainsAny(r.Name, "éèëêïîôöüçÉ") {
			accents++
		}
		if r.Email == "" || r.City == "" {
			t.Errorf("%s has no email or no city", r.Name)
		}
	}
	if accents == 0 {
		t.Error("no seeded name has an accent")
	}
}

func TestSeedIsDeterministic(t *testing.T) {
	ctx := context.Background()
	seed := func(seed uint64) snapshot {
		db := openDB(t)
		s, err := demo.Seed(ctx, db, demo.SeedParams{Contacts: 200, Donations: 500, Seed: seed, Now: now}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return takeSnapshot(t, db, s)
	}
	a, b, c := seed(7), seed(7), seed(8)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two seeds of 7 differ: %+v, %+v", a.Summary, b.Summary)
	}
	if reflect.DeepEqual(a.Contacts, c.Contacts) || a.Summary.Total == c.Summary.Total {
		t.Errorf("seeds 7 and 8 gave the same data: %+v", a.Summary)
	}
}

func TestSeedAddsToExistingData(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	d, err := demo.Install(ctx, db, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, db, demo.SeedParams{Contacts: 100, Donations: 200, Seed: 1, Now: now}, nil); err != nil {
		t.Fatalf("Seed after Install = %v", err)
	}
	people, orgs, err := db.CountContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if people+orgs != d.People+d.Organisations+100 {
		t.Errorf("%d contacts, want %d + 100", people+orgs, d.People+d.Organisations)
	}

	// The same seed again would duplicate the gifts' references.
	_, err = demo.Seed(ctx, db, demo.SeedParams{Contacts: 10, Donations: 10, Seed: 1, Now: now}, nil)
	if !errors.Is(err, apperr.ErrConflict) || !strings.Contains(apperr.Message(err), "autre graine, par exemple 2") {
		t.Errorf("Seed with a used seed = %v, want a conflict suggesting seed 2", err)
	}
	if _, err := demo.Seed(ctx, db, demo.SeedParams{Contacts: 10, Donations: 10, Seed: 2, Now: now}, nil); err != nil {
		t.Errorf("Seed with a new seed = %v", err)
	}
}

func TestSeedInvalid(t *testing.T) {
	tests := []struct {
		name string
		p    demo.SeedParams
		key  string
	}{
		{"negative contacts", demo.SeedParams{Contacts: -1, Now: now}, "demo.seed_negative"},
		{"negative donations", demo.SeedParams{Contacts: 1, Donations: -5, Now: now}, "demo.seed_negative"},
		{"donations without donors", demo.SeedParams{Donations: 5, Now: now}, "demo.seed_no_donor"},
	}
	for _, tt := range tests {
		db := openDB(t)
		_, err := demo.Seed(context.Background(), db, tt.p, nil)
		var e *apperr.Error
		if !errors.As(err, &e) || e.Key != tt.key || !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("%s: Seed = %v, want error %s", tt.name, err, tt.key)
		}
	}
}

func TestSeedCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := demo.Seed(ctx, openDB(t), demo.SeedParams{Contacts: 10, Donations: 10, Now: now}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Seed with a cancelled context = %v, want context.Canceled", err)
	}
}

// BenchmarkSeed writes 10 000 contacts and 25 000 gifts into a new
// database per operation.
func BenchmarkSeed(b *testing.B) {
	ctx := context.Background()
	for i := range b.N {
		b.StopTimer()
		db := openDB(b)
		b.StartTimer()
		if _, err := demo.Seed(ctx, db, demo.SeedParams{Contacts: 10_000, Donations: 25_000, Seed: uint64(i), Now: now}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(35_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
