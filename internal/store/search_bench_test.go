package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/demo"
	"github.com/bureau-asso/bureau/internal/store"
)

// bigDB is one database of 100,000 seeded contacts shared by the
// benchmarks below; building it takes a few seconds.
var bigDB = sync.OnceValues(func() (*store.DB, error) {
	dir, err := tempDirForBench()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, "big.db"), store.Options{})
	if err != nil {
		return nil, err
	}
	_, err = demo.Seed(context.Background(), db, demo.SeedParams{Contacts: 100_000, Seed: 1,
		Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}, nil)
	return db, err
})

// BenchmarkContactSearch100k types realistic queries, prefix by prefix as
// a user does, over 100,000 contacts, and reports the 50th and 95th
// percentile of one query's latency (target: p95 < 20 ms).
func BenchmarkContactSearch100k(b *testing.B) {
	db, err := bigDB()
	if err != nil {
		b.Fatal(err)
	}
	// What people type: names, a first name and a city, an email fragment,
	// each as it grows letter by letter.
	typed := []string{"martin", "helene orleans", "dupont tours", "lefevre", "da silva", "marie blois",
		"rue de la paix", "ndiaye", "bourges", "jean", "le goff", "muller", "zoe nantes"}
	var queries []string
	for _, q := range typed {
		for i := 1; i <= len(q); i++ {
			queries = append(queries, q[:i])
		}
	}
	ctx := context.Background()
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range queries {
			t0 := time.Now()
			if _, err := db.ListContacts(ctx, contact.Filter{Query: q, Limit: 200}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(len(queries)), "queries/op")
}

// BenchmarkContactFirstPage100k loads the first page of the contact list
// (200 rows sorted by name) over 100,000 contacts (target: < 50 ms).
func BenchmarkContactFirstPage100k(b *testing.B) {
	db, err := bigDB()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := db.ListContacts(ctx, contact.Filter{Limit: 200})
		if err != nil || len(rows) != 200 {
			b.Fatalf("first page: %d rows, %v", len(rows), err)
		}
	}
}
