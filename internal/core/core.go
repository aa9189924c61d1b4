// Package core builds Bureau's services on one open database. The GUI and
// the CLI are two thin doors onto it: both call Open and use the services.
package core

import (
	"context"
	"time"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/backup"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/mailsync"
	"github.com/bureau-asso/bureau/internal/pdf"
	"github.com/bureau-asso/bureau/internal/receipt"
	"github.com/bureau-asso/bureau/internal/report"
	"github.com/bureau-asso/bureau/internal/sponsor"
	"github.com/bureau-asso/bureau/internal/store"
)

// Options configure Open.
type Options struct {
	DBPath string
	// Now replaces the clock (tests); nil means time.Now.
	Now func() time.Time
	// ReadOnly opens the database without migrating or writing.
	ReadOnly bool
}

// Core is an open database with the services built on it.
type Core struct {
	DB          *store.DB
	Association *association.Service
	Contacts    *contact.Service
	Gifts       *donation.Service
	Backup      *backup.Service
	Sponsors    *sponsor.Service
	Receipts    *receipt.Service
	Charters    *charter.Service
	Reports     *report.Service
	// Mail syncs partner mail over IMAP; passwords stay in the system
	// keyring, or in memory for the life of this Core.
	Mail *mail.Service
}

// Open opens the database at opts.DBPath (creating it if needed).
func Open(ctx context.Context, opts Options) (*Core, error) {
	db, err := store.Open(ctx, opts.DBPath, store.Options{Now: opts.Now, ReadOnly: opts.ReadOnly})
	if err != nil {
		return nil, err
	}
	receipts := receipt.NewService(receipt.Params{Store: db, Render: RenderReceipt, Now: opts.Now})
	return &Core{
		DB:          db,
		Association: association.NewService(db),
		Contacts:    contact.NewService(db),
		Gifts:       donation.NewService(db),
		Backup:      backup.New(db, db.Path(), opts.Now),
		Sponsors:    sponsor.NewService(db, opts.Now),
		Receipts:    receipts,
		Charters:    charter.NewService(charter.Params{Store: db, Render: pdf.Charters, Now: opts.Now}),
		Reports:     report.NewService(report.Params{Store: db, Settings: receipts, Render: pdf.PartnerReport}),
		Mail:        mail.NewService(mail.Params{Store: db, Source: mailsync.Source{}, Secrets: mailsync.NewKeyring(), Now: opts.Now}),
	}, nil
}

// RenderReceipt draws a receipt with internal/pdf, for receipt.Service.
func RenderReceipt(r donation.Receipt, mark receipt.Mark, markDate string) ([]byte, error) {
	m := pdf.None
	switch mark {
	case receipt.CancelledMark:
		m = pdf.Cancelled
	case receipt.DuplicateMark:
		m = pdf.Duplicate
	}
	return pdf.Receipt(r, pdf.Options{Mark: m, MarkDate: markDate})
}

// Close closes the database.
func (c *Core) Close() error { return c.DB.Close() }
