package contact

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// InteractionKind tells what happened with a contact.
type InteractionKind string

// Kinds of interaction.
const (
	InteractionNote    InteractionKind = "note"
	InteractionCall    InteractionKind = "call"
	InteractionMeeting InteractionKind = "meeting"
	InteractionEmail   InteractionKind = "email"
)

// InteractionKinds lists the kinds in display order.
var InteractionKinds = []InteractionKind{InteractionNote, InteractionCall, InteractionMeeting, InteractionEmail}

// Label is the French name of the kind.
func (k InteractionKind) Label() string {
	switch k {
	case InteractionNote:
		return "note"
	case InteractionCall:
		return "appel"
	case InteractionMeeting:
		return "rendez-vous"
	case InteractionEmail:
		return "courriel"
	}
	return string(k)
}

// Interaction is one entry of a contact's timeline.
type Interaction struct {
	ID        int64
	ContactID int64
	Kind      InteractionKind
	Date      string // YYYY-MM-DD
	Subject   string
	Body      string
	CreatedAt time.Time
}

// Validate checks an interaction before it is saved.
func (i Interaction) Validate() error {
	var errs apperr.Multi
	if i.ContactID == 0 {
		errs = append(errs, apperr.InvalidField("contact", "interaction.contact_missing",
			"Le contact n'est pas choisi. Choisissez la fiche concernée."))
	}
	if !slices.Contains(InteractionKinds, i.Kind) {
		errs = append(errs, apperr.InvalidField("kind", "interaction.kind_unknown",
			"Le type d'échange est inconnu. Choisissez note, appel, rendez-vous ou courriel."))
	}
	if _, err := time.Parse(time.DateOnly, i.Date); err != nil {
		errs = append(errs, apperr.InvalidField("date", "interaction.date_invalid",
			"La date est absente ou invalide. Écrivez-la au format AAAA-MM-JJ."))
	}
	if strings.TrimSpace(i.Subject) == "" && strings.TrimSpace(i.Body) == "" {
		errs = append(errs, apperr.InvalidField("body", "interaction.empty",
			"L'échange est vide. Écrivez au moins un objet ou un texte."))
	}
	return errs.OrNil()
}

// InteractionStore is the persistence of timelines; *store.DB implements it.
type InteractionStore interface {
	CreateInteraction(ctx context.Context, i *Interaction) error
	ListInteractions(ctx context.Context, contactID int64) ([]Interaction, error)
}

// AddInteraction validates and saves a timeline entry.
func (s *Service) AddInteraction(ctx context.Context, i *Interaction) error {
	if err := i.Validate(); err != nil {
		return err
	}
	return s.store.CreateInteraction(ctx, i)
}

// Timeline returns the interactions with a contact, newest first.
func (s *Service) Timeline(ctx context.Context, contactID int64) ([]Interaction, error) {
	return s.store.ListInteractions(ctx, contactID)
}
