package association

import "context"

// Store is the persistence that Service needs; *store.DB implements it.
type Store interface {
	Association(ctx context.Context) (Profile, error)
	SaveAssociation(ctx context.Context, p Profile) error
}

// Service reads and changes the association's profile.
type Service struct {
	store Store
}

// NewService returns a Service on store.
func NewService(store Store) *Service {
	if store == nil {
		panic("association.NewService: nil store")
	}
	return &Service{store: store}
}

// Get returns the profile (empty when never filled in).
func (s *Service) Get(ctx context.Context) (Profile, error) {
	return s.store.Association(ctx)
}

// Save validates and stores p.
func (s *Service) Save(ctx context.Context, p Profile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.store.SaveAssociation(ctx, p)
}

// Set applies key=value changes in order and saves them together; nothing
// is saved when one of them is refused.
func (s *Service) Set(ctx context.Context, changes [][2]string) (Profile, error) {
	p, err := s.store.Association(ctx)
	if err != nil {
		return p, err
	}
	for _, kv := range changes {
		if err := p.Set(kv[0], kv[1]); err != nil {
			return p, err
		}
	}
	return p, s.Save(ctx, p)
}
