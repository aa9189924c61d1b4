// Package storetest opens real SQLite databases for tests and builds
// fixtures with sensible defaults.
package storetest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/store"
)

// Clock is the fixed instant used by Open.
var Clock = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// Open opens a migrated database file in t.TempDir(), closed at cleanup.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "bureau.db"),
		store.Options{Now: func() time.Time { return Clock }})
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Person creates a person living in city (postcode) with one email.
func Person(tb testing.TB, db *store.DB, first, last, email, postcode, city string) contact.Contact {
	tb.Helper()
	c := contact.Contact{Kind: contact.Person, FirstName: first, LastName: last}
	if email != "" {
		c.Emails = []contact.Email{{Address: email, Preferred: true}}
	}
	if city != "" {
		c.Addresses = []contact.Address{{Street: "1 rue de la Paix", Postcode: postcode, City: city, Country: "France", Preferred: true}}
	}
	if err := db.CreateContact(context.Background(), &c); err != nil {
		tb.Fatalf("create person %s %s: %v", first, last, err)
	}
	return c
}

// Org creates an organisation of the given kind.
func Org(tb testing.TB, db *store.DB, name string, kind contact.OrgKind) contact.Contact {
	tb.Helper()
	c := contact.Contact{Kind: contact.Organisation, OrgName: name, OrgKind: kind}
	if err := db.CreateContact(context.Background(), &c); err != nil {
		tb.Fatalf("create organisation %s: %v", name, err)
	}
	return c
}

// Gift records a cheque gift of amount from donor received on date.
func Gift(tb testing.TB, db *store.DB, donorID int64, amount money.Cents, date string) donation.Gift {
	tb.Helper()
	g := donation.Gift{DonorID: donorID, Amount: amount, DateReceived: date, Method: donation.Cheque}
	if err := db.CreateGift(context.Background(), &g); err != nil {
		tb.Fatalf("create gift: %v", err)
	}
	return g
}
