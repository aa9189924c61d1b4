package contact

import (
	"context"
	"fmt"

	"github.com/bureau-asso/bureau/internal/apperr"
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
	// UpdateContact saves an existing contact and replaces its emails,
	// phones, addresses and tags.
	UpdateContact(ctx context.Context, c *Contact) error
	ListMemberships(ctx context.Context, id int64) ([]Membership, error)
	// SetMemberships replaces the organisations a person belongs to.
	SetMemberships(ctx context.Context, personID int64, ms []Membership) error
	// ListPressMembers returns every member of a press list, those who
	// may not be written to included and marked.
	ListPressMembers(ctx context.Context, list string) ([]PressMember, error)
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

// Update validates and saves an existing contact: its fields, and its
// emails, phones, addresses and tags, which replace the old ones.
func (s *Service) Update(ctx context.Context, c *Contact) error {
	if c.ID == 0 {
		return fmt.Errorf("update contact: no id")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return contactNotFound(c.ID, s.store.UpdateContact(ctx, c))
}

// Memberships returns the organisations a person belongs to, or the
// people of an organisation, with their roles.
func (s *Service) Memberships(ctx context.Context, id int64) ([]Membership, error) {
	return s.store.ListMemberships(ctx, id)
}

// SetMemberships replaces the organisations person personID belongs to
// (OrganisationID and Role of each membership).
func (s *Service) SetMemberships(ctx context.Context, personID int64, ms []Membership) error {
	for _, m := range ms {
		if m.OrganisationID == 0 {
			return apperr.InvalidField("organisations", "membership.org_missing",
				"Une organisation n'est pas choisie. Choisissez-la, ou retirez la ligne.")
		}
	}
	return contactNotFound(personID, s.store.SetMemberships(ctx, personID, ms))
}

// PressMember is one member of a press list, as the press screen shows
// it.
type PressMember struct {
	ID      int64
	Kind    Kind
	Name    string
	Email   string // preferred email, or ""
	Outlets string // a person's organisations, press outlets first
	Topics  string // a journalist's topics
	// OptOut is a journalist who asked to receive nothing more.
	OptOut bool
	// Excluded is a member who is sent nothing: opted out, or objected to
	// emails.
	Excluded bool
}

// PressMembers returns every member of the list named list, those who
// are sent nothing included (Excluded), by name.
func (s *Service) PressMembers(ctx context.Context, list string) ([]PressMember, error) {
	return s.store.ListPressMembers(ctx, list)
}
