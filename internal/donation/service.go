package donation

import (
	"context"

	"github.com/bureau-asso/bureau/internal/money"
)

// YearTotal sums the gifts received in one calendar year.
type YearTotal struct {
	Year  int
	Count int
	Total money.Cents
}

// Store is the persistence that Service needs; *store.DB implements it.
type Store interface {
	CreateGift(ctx context.Context, g *Gift) error
	GiftTotalsByYear(ctx context.Context) ([]YearTotal, error)
	MonthTotals(ctx context.Context, year int) ([12]money.Cents, error)
}

// Service is the donation register's business API.
type Service struct {
	store Store
}

// NewService returns a Service on store.
func NewService(store Store) *Service {
	if store == nil {
		panic("donation.NewService: nil store")
	}
	return &Service{store: store}
}

// CreateGift validates and records a gift.
func (s *Service) CreateGift(ctx context.Context, g *Gift) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.store.CreateGift(ctx, g)
}

// TotalsByYear returns the count and total of gifts per year, newest first.
func (s *Service) TotalsByYear(ctx context.Context) ([]YearTotal, error) {
	return s.store.GiftTotalsByYear(ctx)
}

// MonthTotals returns the total of gifts of each month of year.
func (s *Service) MonthTotals(ctx context.Context, year int) ([12]money.Cents, error) {
	return s.store.MonthTotals(ctx, year)
}
