package contact

import (
	"context"
)

// Filter selects and pages contacts. Paging is keyset-based on
// (SortName, ID) so that every page costs the same whatever its depth.
type Filter struct {
	Kind    Kind // "" for all
	OrgKind OrgKind
	// Query is full-text: accent- and case-insensitive, every word a prefix.
	Query string
	// AfterSortName and AfterID are the last row of the previous page.
	AfterSortName string
	AfterID       int64
	Limit         int
}

// Row is the summary of a contact shown in lists.
type Row struct {
	ID       int64
	Kind     Kind
	OrgKind  OrgKind
	Name     string
	SortName string
	Email    string
	City     string
}

// Store is the persistence that Service needs; *store.DB implements it.
type Store interface {
	CreateContact(ctx context.Context, c *Contact) error
	GetContact(ctx context.Context, id int64) (Contact, error)
	ListContacts(ctx context.Context, f Filter) ([]Row, error)
	CountContacts(ctx context.Context) (people, organisations int, err error)
	DuplicateStore
	InteractionStore
	ConsentStore
	PressStore
	MergeStore
	GDPRStore
}

// Service is the contacts' business API used by the GUI and the CLI.
type Service struct {
	store Store
}

// NewService returns a Service on store.
func NewService(store Store) *Service {
	if store == nil {
		panic("contact.NewService: nil store")
	}
	return &Service{store: store}
}

// Create validates and saves a new contact.
func (s *Service) Create(ctx context.Context, c *Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.store.CreateContact(ctx, c)
}

// Get returns one contact.
func (s *Service) Get(ctx context.Context, id int64) (Contact, error) {
	return s.store.GetContact(ctx, id)
}

// List returns one page of contacts.
func (s *Service) List(ctx context.Context, f Filter) ([]Row, error) {
	return s.store.ListContacts(ctx, f)
}

// Count returns the number of people and organisations.
func (s *Service) Count(ctx context.Context) (people, organisations int, err error) {
	return s.store.CountContacts(ctx)
}
