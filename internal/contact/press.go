package contact

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// PressKind is the kind of a press outlet.
type PressKind string

// Kinds of press outlet.
const (
	PressNational      PressKind = "national"
	PressRegionalDaily PressKind = "regional_daily" // presse quotidienne régionale
	PressLocal         PressKind = "local"
	PressRadio         PressKind = "radio"
	PressTV            PressKind = "tv"
	PressWeb           PressKind = "web"
	PressSpecialised   PressKind = "specialised"
)

// PressKinds lists the outlet kinds in display order.
var PressKinds = []PressKind{PressNational, PressRegionalDaily, PressLocal, PressRadio, PressTV, PressWeb, PressSpecialised}

// Label is the French name of the outlet kind.
func (k PressKind) Label() string {
	switch k {
	case PressNational:
		return "presse nationale"
	case PressRegionalDaily:
		return "quotidien régional"
	case PressLocal:
		return "presse locale"
	case PressRadio:
		return "radio"
	case PressTV:
		return "télévision"
	case PressWeb:
		return "média en ligne"
	case PressSpecialised:
		return "presse spécialisée"
	}
	return string(k)
}

func (c Contact) validatePressKind() *apperr.Error {
	if c.PressKind == "" {
		return nil
	}
	if c.Kind != Organisation {
		return apperr.InvalidField("press_kind", "contact.press_kind_person",
			"Seul un média (une organisation) a un type de média. Enregistrez le journaliste comme personne, rattachée à son média.")
	}
	if !slices.Contains(PressKinds, c.PressKind) {
		return apperr.InvalidField("press_kind", "contact.press_kind_unknown",
			"Le type de média « "+string(c.PressKind)+" » est inconnu. Choisissez national, regional_daily, local, radio, tv, web ou specialised.")
	}
	return nil
}

// Journalist is what the press office knows about a person who writes for
// outlets: topics and regions covered, whether they asked to receive
// nothing more (opt-out, always honoured), and when they were last sent a
// press release.
type Journalist struct {
	PersonID      int64
	Topics        string // free text: "environnement, jardinage"
	Regions       string // free text: "Centre-Val de Loire, Loiret"
	OptOut        bool
	LastContacted string // YYYY-MM-DD or ""
}

// Validate checks a journalist record before it is saved.
func (j Journalist) Validate() error {
	if j.PersonID == 0 {
		return apperr.InvalidField("person", "journalist.person_missing",
			"Le journaliste n'est pas choisi. Choisissez la fiche de la personne.")
	}
	if j.LastContacted != "" {
		if _, err := time.Parse(time.DateOnly, j.LastContacted); err != nil {
			return apperr.InvalidField("last_contacted", "journalist.last_contacted_invalid",
				"La date du dernier contact est invalide. Écrivez-la au format AAAA-MM-JJ ou laissez-la vide.")
		}
	}
	return nil
}

// PressList is a named list of press contacts (journalists and outlets).
type PressList struct {
	ID        int64
	Name      string
	Members   int // number of members, filled by lists
	CreatedAt time.Time
}

// Validate checks a press list before it is saved.
func (l PressList) Validate() error {
	if strings.TrimSpace(l.Name) == "" {
		return apperr.InvalidField("name", "press_list.name_missing",
			"Le nom de la liste de presse est vide. Donnez-lui un nom, par exemple « PQR Centre ».")
	}
	return nil
}

// PressRelease is one line of the log of press releases sent.
type PressRelease struct {
	ID         int64
	ListID     int64
	ListName   string
	Date       string // YYYY-MM-DD
	Subject    string
	Recipients int
	CreatedAt  time.Time
}

// Validate checks a press release before it is logged.
func (r PressRelease) Validate() error {
	var errs apperr.Multi
	if strings.TrimSpace(r.Subject) == "" {
		errs = append(errs, apperr.InvalidField("subject", "press_release.subject_missing",
			"L'objet du communiqué est vide. Indiquez son titre."))
	}
	if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
		errs = append(errs, apperr.InvalidField("date", "press_release.date_invalid",
			"La date d'envoi est absente ou invalide. Écrivez-la au format AAAA-MM-JJ."))
	}
	return errs.OrNil()
}

// BCCLine joins addresses into one line to paste in the Bcc field of a
// mail client: empty ones dropped, duplicates (case-insensitive) removed,
// sorted, separated by ", ".
func BCCLine(addresses []string) string {
	seen := map[string]bool{}
	var out []string
	for _, a := range addresses {
		a = strings.TrimSpace(a)
		k := strings.ToLower(a)
		if a == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return strings.Join(out, ", ")
}

// PressStore is the persistence of press lists; *store.DB implements it.
type PressStore interface {
	SetJournalist(ctx context.Context, j Journalist) error
	GetJournalist(ctx context.Context, personID int64) (Journalist, error)
	CreatePressList(ctx context.Context, l *PressList) error
	ListPressLists(ctx context.Context) ([]PressList, error)
	AddToPressList(ctx context.Context, list string, contactIDs ...int64) error
	RemoveFromPressList(ctx context.Context, list string, contactIDs ...int64) error
	PressListMembers(ctx context.Context, name string) ([]int64, error)
	LogPressRelease(ctx context.Context, r *PressRelease) error
	ListPressReleases(ctx context.Context) ([]PressRelease, error)
}

// SetJournalist validates and saves what is known of a journalist.
func (s *Service) SetJournalist(ctx context.Context, j Journalist) error {
	if err := j.Validate(); err != nil {
		return err
	}
	return s.store.SetJournalist(ctx, j)
}

// Journalist returns what is known of a journalist; a person never
// recorded as one gets a zero record with PersonID set.
func (s *Service) Journalist(ctx context.Context, personID int64) (Journalist, error) {
	return s.store.GetJournalist(ctx, personID)
}

// CreatePressList validates and saves a new press list.
func (s *Service) CreatePressList(ctx context.Context, l *PressList) error {
	l.Name = strings.TrimSpace(l.Name)
	if err := l.Validate(); err != nil {
		return err
	}
	return s.store.CreatePressList(ctx, l)
}

// PressLists returns every press list with its number of members.
func (s *Service) PressLists(ctx context.Context) ([]PressList, error) {
	return s.store.ListPressLists(ctx)
}

// AddToPressList adds contacts to the list named list.
func (s *Service) AddToPressList(ctx context.Context, list string, ids ...int64) error {
	return s.store.AddToPressList(ctx, list, ids...)
}

// RemoveFromPressList removes contacts from the list named list.
func (s *Service) RemoveFromPressList(ctx context.Context, list string, ids ...int64) error {
	return s.store.RemoveFromPressList(ctx, list, ids...)
}

// PressRecipients returns the members of a press list who may be sent a
// press release: erased people, journalists who opted out and people who
// objected to emails (consent record or objection list) are left out.
func (s *Service) PressRecipients(ctx context.Context, list string) ([]Contact, error) {
	ids, err := s.store.PressListMembers(ctx, list)
	if err != nil {
		return nil, err
	}
	out := make([]Contact, 0, len(ids))
	for _, id := range ids {
		c, err := s.store.GetContact(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// PressBCC returns the Bcc line of a press list: the preferred email of
// every recipient, deduplicated and sorted.
func (s *Service) PressBCC(ctx context.Context, list string) (string, error) {
	cs, err := s.PressRecipients(ctx, list)
	if err != nil {
		return "", err
	}
	emails := make([]string, 0, len(cs))
	for _, c := range cs {
		emails = append(emails, c.PreferredEmail())
	}
	return BCCLine(emails), nil
}

// LogPressRelease records that a press release was sent to a list; the
// store counts the recipients and updates their last-contacted date.
func (s *Service) LogPressRelease(ctx context.Context, r *PressRelease) error {
	r.Subject = strings.TrimSpace(r.Subject)
	if err := r.Validate(); err != nil {
		return err
	}
	return s.store.LogPressRelease(ctx, r)
}

// PressReleases returns the log of press releases sent, newest first.
func (s *Service) PressReleases(ctx context.Context) ([]PressRelease, error) {
	return s.store.ListPressReleases(ctx)
}
