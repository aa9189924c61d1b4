package sponsor

import (
	"context"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

// Filter selects cases; zero fields match everything.
type Filter struct {
	Year  int
	Stage Stage
	OrgID int64
}

// Store is the persistence that Service needs; *store.DB implements it.
type Store interface {
	// CreateSponsorCase saves a new case and its counterparts. A second
	// case for the same organisation and year is an apperr.ErrConflict.
	CreateSponsorCase(ctx context.Context, c *Case) error
	// UpdateSponsorCase saves the fields of a case, not its counterparts.
	UpdateSponsorCase(ctx context.Context, c *Case) error
	GetSponsorCase(ctx context.Context, id int64) (Case, error)
	// ListSponsorCases returns cases with their counterparts, newest year
	// first, then by organisation name.
	ListSponsorCases(ctx context.Context, f Filter) ([]Case, error)
	AddCounterpart(ctx context.Context, caseID int64, cp *Counterpart) error
	MarkCounterpartDelivered(ctx context.Context, id int64, on string) error
	// OrganisationGiftTotal sums the gifts (not membership fees) received
	// from orgID in the calendar year.
	OrganisationGiftTotal(ctx context.Context, orgID int64, year int) (money.Cents, error)
}

// Service is the sponsorship pipeline's business API. Cases are never
// deleted: a case that will not happen is moved to Declined, so that the
// history of who was asked, when, stays in the audit log.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a Service on store. now is the clock, nil for
// time.Now.
func NewService(store Store, now func() time.Time) *Service {
	if store == nil {
		panic("sponsor.NewService: nil store")
	}
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Now returns the current instant of the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// Create validates and saves a new case with its counterparts.
func (s *Service) Create(ctx context.Context, c *Case) error {
	for i := range c.Counterparts {
		c.Counterparts[i].Promised = true
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.store.CreateSponsorCase(ctx, c)
}

// Update validates and saves the fields of an existing case. Its
// counterparts are left as they are: use AddCounterpart and MarkDelivered.
func (s *Service) Update(ctx context.Context, c *Case) error {
	if c.ID == 0 {
		return fmt.Errorf("update sponsorship case: no id")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.store.UpdateSponsorCase(ctx, c)
}

// SetStage moves case id to stage. Moving it to Declined is how a case is
// closed: there is no Delete.
func (s *Service) SetStage(ctx context.Context, id int64, stage Stage) error {
	c, err := s.store.GetSponsorCase(ctx, id)
	if err != nil {
		return err
	}
	c.Stage = stage
	return s.Update(ctx, &c)
}

// Get returns one case with its counterparts.
func (s *Service) Get(ctx context.Context, id int64) (Case, error) {
	return s.store.GetSponsorCase(ctx, id)
}

// List returns the cases that f selects, newest year first, then by
// organisation name.
func (s *Service) List(ctx context.Context, f Filter) ([]Case, error) {
	if f.Stage != "" && !f.Stage.Valid() {
		return nil, apperr.InvalidField("stage", "sponsor.stage_unknown",
			fmt.Sprintf("L'étape « %s » est inconnue. Choisissez-en une dans la liste.", f.Stage))
	}
	return s.store.ListSponsorCases(ctx, f)
}

// AddCounterpart records a counterpart promised in case caseID's
// convention.
func (s *Service) AddCounterpart(ctx context.Context, caseID int64, cp *Counterpart) error {
	cp.Promised = true
	if err := cp.Validate(); err != nil {
		return err
	}
	return s.store.AddCounterpart(ctx, caseID, cp)
}

// MarkDelivered records that counterpart id was given to the sponsor on
// the date on (YYYY-MM-DD), or today when on is "".
func (s *Service) MarkDelivered(ctx context.Context, id int64, on string) error {
	if on == "" {
		on = civil(s.now())
	}
	if !ValidDate(on) {
		return apperr.InvalidField("delivered_on", "sponsor.date_invalid",
			fmt.Sprintf("La date de remise « %s » n'est pas une date valide. Écrivez-la AAAA-MM-JJ, par exemple 2026-03-31.", on))
	}
	return s.store.MarkCounterpartDelivered(ctx, id, on)
}

// Board returns the pipeline of year, a column per stage.
func (s *Service) Board(ctx context.Context, year int) (Board, error) {
	cases, err := s.store.ListSponsorCases(ctx, Filter{Year: year})
	if err != nil {
		return Board{}, err
	}
	return NewBoard(year, cases), nil
}

// Overdue returns the cases, of any year, whose next action was due
// before today.
func (s *Service) Overdue(ctx context.Context, today time.Time) ([]Case, error) {
	cases, err := s.store.ListSponsorCases(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	return Overdue(cases, today), nil
}

// Renewals returns the signed conventions ending within days of today
// (DefaultRenewalDays when days is 0) that no later case renews yet.
func (s *Service) Renewals(ctx context.Context, today time.Time, days int) ([]Case, error) {
	if days == 0 {
		days = DefaultRenewalDays
	}
	if days < 0 {
		return nil, apperr.InvalidField("days", "sponsor.days_negative",
			"Le nombre de jours est négatif. Indiquez combien de jours à venir examiner, par exemple 60.")
	}
	cases, err := s.store.ListSponsorCases(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	return UpcomingRenewals(cases, today, days), nil
}

// Warnings returns the cases of year whose counterparts exceed 25 % of the
// gift (R4.12, see CheckCounterparts). Declined cases are left out. The
// rule is written for companies; it is applied to every sponsor, since a
// foundation given that much in return deserves a second look too.
func (s *Service) Warnings(ctx context.Context, year int) ([]Warning, error) {
	cases, err := s.store.ListSponsorCases(ctx, Filter{Year: year})
	if err != nil {
		return nil, err
	}
	var out []Warning
	for _, c := range cases {
		if c.Stage == Declined || c.CounterpartTotal() == 0 {
			continue
		}
		received, err := s.store.OrganisationGiftTotal(ctx, c.OrgID, c.Year)
		if err != nil {
			return nil, fmt.Errorf("gifts of organisation %d in %d: %w", c.OrgID, c.Year, err)
		}
		if w, warn := CheckCounterparts(c, received); warn {
			out = append(out, w)
		}
	}
	return out, nil
}
