package contact

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// Channel is a way of reaching a person.
type Channel string

// Channels for which consent is recorded (receipts-law.md R10.1: per
// contact and per channel, the status, its date and its source).
const (
	ChannelEmail Channel = "email"
	ChannelPost  Channel = "post"
	ChannelPhone Channel = "phone"
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelEmail, ChannelPost, ChannelPhone}

// ConsentStatus is what a person said about a channel.
type ConsentStatus string

// Consent statuses. An objection (GDPR art. 21) is honoured at once and
// everywhere; a consent may be withdrawn by recording an objection.
const (
	StatusConsent   ConsentStatus = "consent"
	StatusObjection ConsentStatus = "objection"
)

// Consent is the status of one person for one channel.
type Consent struct {
	ContactID int64
	Channel   Channel
	Status    ConsentStatus
	Date      string // YYYY-MM-DD: when the person said it
	Source    string // where: "bulletin d'adhésion 2026", "courriel du 3 mars"…
}

// Validate checks a consent before it is saved.
func (c Consent) Validate() error {
	var errs apperr.Multi
	if c.ContactID == 0 {
		errs = append(errs, apperr.InvalidField("contact", "consent.contact_missing",
			"Le contact n'est pas choisi. Choisissez la fiche concernée."))
	}
	if !slices.Contains(Channels, c.Channel) {
		errs = append(errs, apperr.InvalidField("channel", "consent.channel_unknown",
			"Le canal « "+string(c.Channel)+" » est inconnu. Choisissez email, post ou phone."))
	}
	if c.Status != StatusConsent && c.Status != StatusObjection {
		errs = append(errs, apperr.InvalidField("status", "consent.status_unknown",
			"Le statut « "+string(c.Status)+" » est inconnu. Choisissez consent (accord) ou objection (opposition)."))
	}
	if _, err := time.Parse(time.DateOnly, c.Date); err != nil {
		errs = append(errs, apperr.InvalidField("date", "consent.date_invalid",
			"La date est absente ou invalide. Écrivez-la au format AAAA-MM-JJ."))
	}
	return errs.OrNil()
}

// EmailHash is the key of an email in the objection list: the hex SHA-256
// of the trimmed, lower-case, accent-folded address. Only the hash is kept,
// so the list says "never again" without holding the address itself
// (receipts-law.md R10.4: a minimal suppression record).
func EmailHash(email string) string {
	sum := sha256.Sum256([]byte(textfold.Fold(strings.TrimSpace(email))))
	return hex.EncodeToString(sum[:])
}

// ConsentStore is the persistence of consents; *store.DB implements it.
type ConsentStore interface {
	SetConsent(ctx context.Context, c Consent) error
	ListConsents(ctx context.Context, contactID int64) ([]Consent, error)
	IsObjected(ctx context.Context, email string) (bool, error)
}

// SetConsent validates and records a consent or an objection. An
// objection to emails also puts the person's addresses on the objection
// list; a new consent to emails takes them off it.
func (s *Service) SetConsent(ctx context.Context, c Consent) error {
	c.Source = strings.TrimSpace(c.Source)
	if err := c.Validate(); err != nil {
		return err
	}
	return s.store.SetConsent(ctx, c)
}

// Consents returns the recorded statuses of a contact, one per channel.
func (s *Service) Consents(ctx context.Context, contactID int64) ([]Consent, error) {
	return s.store.ListConsents(ctx, contactID)
}

// IsObjected reports whether email is on the objection list, so that an
// import or a mailing leaves it out.
func (s *Service) IsObjected(ctx context.Context, email string) (bool, error) {
	return s.store.IsObjected(ctx, email)
}
