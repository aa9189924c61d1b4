// Package report gathers what the office shows about its activity:
//
//   - the partner report (partner.go): for one organisation and a period,
//     its gifts and their receipts, its sponsorship cases and their
//     counterparts, the interactions and email threads with it and its
//     people, and a word from the president, as a PDF (drawn by
//     internal/pdf) and a CSV file (csv.go). It is built from the local
//     database only, so it works without a network;
//   - the dashboard figures of the start screen (dashboard.go), read from
//     indexes so that they stay fast on large registers.
//
// It is a domain package: it imports no SQL, Fyne, fpdf or IMAP package.
// internal/core gives NewService the store and the PDF renderer.
package report

import (
	"context"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// Store is the persistence that Service needs; *store.DB implements it.
type Store interface {
	Association(ctx context.Context) (association.Profile, error)
	GetContact(ctx context.Context, id int64) (contact.Contact, error)
	ListMemberships(ctx context.Context, id int64) ([]contact.Membership, error)
	ListSponsorCases(ctx context.Context, f sponsor.Filter) ([]sponsor.Case, error)
	OrganisationGiftTotal(ctx context.Context, orgID int64, year int) (money.Cents, error)

	// PartnerGifts returns the gifts of donorID received from from to to
	// (YYYY-MM-DD, inclusive), by date, with the valid receipt of each.
	PartnerGifts(ctx context.Context, donorID int64, from, to string) ([]Gift, error)
	// ContactInteractions returns the interactions with these contacts
	// dated from from to to, oldest first.
	ContactInteractions(ctx context.Context, ids []int64, from, to string) ([]contact.Interaction, error)
	// ThreadsOf returns the email threads with organisation orgID or its
	// people that have a message from from to to, by date of their last
	// message.
	ThreadsOf(ctx context.Context, orgID int64, from, to string) ([]ThreadSummary, error)

	// GiftMonths returns the count and sum of the gifts received from
	// from to to for each month of the period, oldest first.
	GiftMonths(ctx context.Context, from, to string) ([]Month, error)
	// GiftTotal returns the count and sum of the gifts received from from
	// to to.
	GiftTotal(ctx context.Context, from, to string) (count int, total money.Cents, err error)
	// TopDonors returns the n donors who gave most from from to to.
	TopDonors(ctx context.Context, from, to string, n int) ([]DonorTotal, error)
	// WaitingReceipts counts the gifts dated from from to to under rule
	// that are on no valid receipt and that donation.Receiptable would
	// accept, with the amount their receipts would show.
	WaitingReceipts(ctx context.Context, from, to string, rule receipt.DateRule) (count int, total money.Cents, err error)
}

// Renderer draws a partner report as a PDF. The same report must give
// the same bytes.
type Renderer func(p Partner) ([]byte, error)

// ReceiptSettings gives the receipt settings in force (the date rule and
// the fiscal-year end); *receipt.Service implements it.
type ReceiptSettings interface {
	Settings(ctx context.Context) (receipt.Settings, error)
}

// Params are what NewService needs.
type Params struct {
	Store    Store
	Settings ReceiptSettings
	Render   Renderer
}

// Service builds reports and dashboard figures. It has no clock: the
// callers say which period and which day they mean.
type Service struct {
	store    Store
	settings ReceiptSettings
	render   Renderer
}

// NewService returns a Service on p.Store drawing with p.Render.
func NewService(p Params) *Service {
	if p.Store == nil || p.Settings == nil || p.Render == nil {
		panic("report.NewService: nil store, settings or renderer")
	}
	return &Service{store: p.Store, settings: p.Settings, render: p.Render}
}

// Gift is a gift of the partner, with the valid receipt that covers it.
type Gift struct {
	ID         int64
	Date       string // received, YYYY-MM-DD
	Amount     money.Cents
	Method     donation.Method
	Nature     donation.Nature
	Membership bool
	Campaign   string
	// Receipt is the number of the valid receipt covering the gift, or "";
	// ReceiptOn its date of issue.
	Receipt   string
	ReceiptOn string
}

// ThreadSummary is an email thread with the partner, as the report lists
// it.
type ThreadSummary struct {
	ID      int64
	Subject string
	// First and Last are the dates of its first and last messages,
	// YYYY-MM-DD.
	First, Last string
	Messages    int
}

// DonorTotal is what one donor gave over a period.
type DonorTotal struct {
	ID    int64
	Name  string
	Count int
	Total money.Cents
}
