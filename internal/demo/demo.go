// Package demo makes fictional data: a small, realistic association for
// discovering Bureau (Install), and large deterministic volumes for
// benchmarks (Seed). Every person, company, email address and phone number
// is invented: addresses use the example.org, example.fr and example.com
// domains, and phone numbers the ranges that ARCEP reserves for fiction.
//
// It is a domain package: it imports no SQL, Fyne, PDF or IMAP package and
// reaches the database through the small Store interface.
package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// Store is the persistence that Install and Seed need; *store.DB
// implements it.
type Store interface {
	Association(ctx context.Context) (association.Profile, error)
	SaveAssociation(ctx context.Context, p association.Profile) error
	// InsertContacts saves the contacts in one transaction and fills their IDs.
	InsertContacts(ctx context.Context, cs []contact.Contact, source string) error
	AddMembership(ctx context.Context, personID, orgID int64, role string) error
	// InsertGifts saves the gifts in one transaction and fills their IDs.
	InsertGifts(ctx context.Context, gs []donation.Gift, source string) error
	CountContacts(ctx context.Context) (people, organisations int, err error)

	// The year's activity around the contacts (Install only).
	CreateSponsorCase(ctx context.Context, c *sponsor.Case) error
	MarkCounterpartDelivered(ctx context.Context, id int64, on string) error
	SetJournalist(ctx context.Context, j contact.Journalist) error
	CreatePressList(ctx context.Context, l *contact.PressList) error
	AddToPressList(ctx context.Context, list string, contactIDs ...int64) error
	LogPressRelease(ctx context.Context, r *contact.PressRelease) error
	CreateInteraction(ctx context.Context, i *contact.Interaction) error
	SetConsent(ctx context.Context, c contact.Consent) error
	// donation.Store lets Install record the mandates and the expense
	// claim through donation.Service, which values the trips with the
	// kilometric scale and makes the claim's gift exactly as it does for
	// a user.
	donation.Store
}

// Summary counts what Install or Seed wrote.
type Summary struct {
	People        int
	Organisations int
	Gifts         int
	// Total is the sum of the gifts' amounts, membership fees and gifts in
	// kind included.
	Total money.Cents
}

// date returns a civil date at midnight UTC, so that adding days never
// meets a daylight-saving change.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// today returns the civil date of now, in now's own time zone.
func today(now time.Time) time.Time {
	return date(now.Year(), now.Month(), now.Day())
}

// between returns a date from from to to, both included.
func between(rng *rand.Rand, from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	if days <= 0 {
		return from
	}
	return from.AddDate(0, 0, rng.IntN(days+1))
}

// civil formats a date as stored: YYYY-MM-DD.
func civil(t time.Time) string {
	return t.Format(time.DateOnly)
}
