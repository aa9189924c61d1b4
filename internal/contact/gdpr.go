package contact

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

// ReceiptRetentionYears is how long the copies of issued tax receipts and
// what backs them are kept: 6 years (art. L.102 B LPF; receipts-law.md
// R7.1). Erasure keeps what they need until then (GDPR art. 17(3)(b);
// receipts-law.md R10.4).
const ReceiptRetentionYears = 6

// Names given to fully anonymised contacts.
const (
	ErasedName    = "Personne effacée"
	ErasedOrgName = "Organisation effacée"
)

// Erasure is what erasing a contact keeps.
type Erasure struct {
	// Retained is true when the contact's gifts may back receipts still
	// within their retention period: the name and the postal address are
	// kept, out of every list and search, until RetainUntil. Otherwise
	// the record is fully anonymised and only its gift rows remain, for
	// the accounts.
	Retained    bool
	RetainUntil string // YYYY-MM-DD, when Retained
}

// PlanErasure decides what erasing a contact whose last gift was received
// on lastGift ("" when none) keeps, on the civil date today. Until
// receipts are stored, a gift of the last 6 years is taken to back a
// receipt, and the retention runs from the gift's date.
func PlanErasure(lastGift, today string) Erasure {
	d, err := time.Parse(time.DateOnly, lastGift)
	if err != nil {
		return Erasure{}
	}
	until := d.AddDate(ReceiptRetentionYears, 0, 0).Format(time.DateOnly)
	if until < today {
		return Erasure{}
	}
	return Erasure{Retained: true, RetainUntil: until}
}

// Membership is a person's role in an organisation.
type Membership struct {
	PersonID       int64
	Person         string
	OrganisationID int64
	Organisation   string
	Role           string
}

// GiftLine is a gift as shown in a person's data export.
type GiftLine struct {
	ID           int64
	DateReceived string
	Amount       money.Cents
	Method       string
	Kind         string // don, cotisation
	Campaign     string
	Note         string
}

// AuditLine is an entry of the audit log about a contact.
type AuditLine struct {
	At       string
	Action   string
	Entity   string
	EntityID int64
	Details  string // JSON
}

// PersonData is everything Bureau holds about one contact, for the right
// of access and portability (GDPR art. 15 and 20; receipts-law.md R10.8).
type PersonData struct {
	ExportedAt   string // RFC 3339, UTC
	Contact      Contact
	Memberships  []Membership
	Consents     []Consent
	Interactions []Interaction
	Gifts        []GiftLine
	Journalist   *Journalist // nil when the person is no journalist
	PressLists   []string
	Audit        []AuditLine
}

// JSON returns the export as indented JSON with every section present,
// empty ones as [] (or null for journalist), so that the person sees
// what could have been held.
func (d PersonData) JSON() ([]byte, error) {
	c := d.Contact
	type email struct {
		Address   string `json:"address"`
		Label     string `json:"label"`
		Preferred bool   `json:"preferred"`
	}
	type phone struct {
		Number    string `json:"number"`
		Label     string `json:"label"`
		Preferred bool   `json:"preferred"`
	}
	type address struct {
		Label     string `json:"label"`
		Street    string `json:"street"`
		Postcode  string `json:"postcode"`
		City      string `json:"city"`
		Country   string `json:"country"`
		Preferred bool   `json:"preferred"`
	}
	type membership struct {
		PersonID       int64  `json:"person_id"`
		Person         string `json:"person"`
		OrganisationID int64  `json:"organisation_id"`
		Organisation   string `json:"organisation"`
		Role           string `json:"role"`
	}
	type consent struct {
		Channel Channel       `json:"channel"`
		Status  ConsentStatus `json:"status"`
		Date    string        `json:"date"`
		Source  string        `json:"source"`
	}
	type interaction struct {
		Date    string          `json:"date"`
		Kind    InteractionKind `json:"kind"`
		Subject string          `json:"subject"`
		Body    string          `json:"body"`
	}
	type gift struct {
		ID           int64  `json:"id"`
		DateReceived string `json:"date_received"`
		AmountCents  int64  `json:"amount_cents"`
		Amount       string `json:"amount"`
		Method       string `json:"method"`
		Kind         string `json:"kind"`
		Campaign     string `json:"campaign"`
		Note         string `json:"note"`
	}
	type journalist struct {
		Topics        string `json:"topics"`
		Regions       string `json:"regions"`
		OptOut        bool   `json:"opt_out"`
		LastContacted string `json:"last_contacted"`
	}
	type audit struct {
		At       string          `json:"at"`
		Action   string          `json:"action"`
		Entity   string          `json:"entity"`
		EntityID int64           `json:"entity_id"`
		Details  json.RawMessage `json:"details"`
	}
	out := struct {
		ExportedAt string `json:"exported_at"`
		Contact    struct {
			ID            int64     `json:"id"`
			Kind          Kind      `json:"kind"`
			Civility      string    `json:"civility"`
			FirstName     string    `json:"first_name"`
			LastName      string    `json:"last_name"`
			OrgName       string    `json:"org_name"`
			OrgKind       OrgKind   `json:"org_kind"`
			PressKind     PressKind `json:"press_kind"`
			LegalForm     string    `json:"legal_form"`
			SIREN         string    `json:"siren"`
			FiscalYearEnd string    `json:"fiscal_year_end"`
			Website       string    `json:"website"`
			Notes         string    `json:"notes"`
			CreatedAt     string    `json:"created_at"`
			UpdatedAt     string    `json:"updated_at"`
		} `json:"contact"`
		Emails       []email       `json:"emails"`
		Phones       []phone       `json:"phones"`
		Addresses    []address     `json:"addresses"`
		Tags         []string      `json:"tags"`
		Memberships  []membership  `json:"memberships"`
		Consents     []consent     `json:"consents"`
		Interactions []interaction `json:"interactions"`
		Gifts        []gift        `json:"gifts"`
		Journalist   *journalist   `json:"journalist"`
		PressLists   []string      `json:"press_lists"`
		Audit        []audit       `json:"audit"`
	}{
		ExportedAt: d.ExportedAt,
		Emails:     []email{}, Phones: []phone{}, Addresses: []address{}, Tags: []string{},
		Memberships: []membership{}, Consents: []consent{}, Interactions: []interaction{},
		Gifts: []gift{}, PressLists: []string{}, Audit: []audit{},
	}
	oc := &out.Contact
	oc.ID, oc.Kind, oc.Civility, oc.FirstName, oc.LastName = c.ID, c.Kind, c.Civility, c.FirstName, c.LastName
	oc.OrgName, oc.OrgKind, oc.PressKind, oc.LegalForm, oc.SIREN = c.OrgName, c.OrgKind, c.PressKind, c.LegalForm, c.SIREN
	oc.FiscalYearEnd, oc.Website, oc.Notes = c.FiscalYearEnd, c.Website, c.Notes
	oc.CreatedAt, oc.UpdatedAt = c.CreatedAt.UTC().Format(time.RFC3339), c.UpdatedAt.UTC().Format(time.RFC3339)
	for _, e := range c.Emails {
		out.Emails = append(out.Emails, email{e.Address, e.Label, e.Preferred})
	}
	for _, p := range c.Phones {
		out.Phones = append(out.Phones, phone{p.Number, p.Label, p.Preferred})
	}
	for _, a := range c.Addresses {
		out.Addresses = append(out.Addresses, address{a.Label, a.Street, a.Postcode, a.City, a.Country, a.Preferred})
	}
	out.Tags = append(out.Tags, c.Tags...)
	for _, m := range d.Memberships {
		out.Memberships = append(out.Memberships, membership(m))
	}
	for _, s := range d.Consents {
		out.Consents = append(out.Consents, consent{s.Channel, s.Status, s.Date, s.Source})
	}
	for _, i := range d.Interactions {
		out.Interactions = append(out.Interactions, interaction{i.Date, i.Kind, i.Subject, i.Body})
	}
	for _, g := range d.Gifts {
		out.Gifts = append(out.Gifts, gift{g.ID, g.DateReceived, int64(g.Amount), g.Amount.Plain(), g.Method, g.Kind, g.Campaign, g.Note})
	}
	if j := d.Journalist; j != nil {
		out.Journalist = &journalist{j.Topics, j.Regions, j.OptOut, j.LastContacted}
	}
	out.PressLists = append(out.PressLists, d.PressLists...)
	for _, a := range d.Audit {
		details := json.RawMessage(a.Details)
		if !json.Valid(details) {
			details = json.RawMessage("{}")
		}
		out.Audit = append(out.Audit, audit{a.At, a.Action, a.Entity, a.EntityID, details})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("marshal data of contact %d: %w", c.ID, err)
	}
	return append(b, '\n'), nil
}

// GDPRStore is the persistence of erasure and access; *store.DB
// implements it.
type GDPRStore interface {
	// EraseContact erases contact id in one transaction: it puts its
	// emails on the objection list, asks plan what to keep given the date
	// of its last gift and today's date, applies it and writes an audit
	// entry without personal data.
	EraseContact(ctx context.Context, id int64, plan func(lastGift, today string) Erasure) (Erasure, error)
	// PurgeRetained fully anonymises the erased contacts whose retention
	// period has ended, and returns how many.
	PurgeRetained(ctx context.Context) (int, error)
	PersonData(ctx context.Context, id int64) (PersonData, error)
}

// Erase applies a person's right to erasure (GDPR art. 17): everything no
// legal obligation requires is deleted or anonymised, what issued receipts
// need is kept until the end of their retention, out of every list, and
// the emails go on the objection list so that no re-import brings the
// person back into mailings.
func (s *Service) Erase(ctx context.Context, id int64) (Erasure, error) {
	if _, err := s.store.GetContact(ctx, id); err != nil {
		return Erasure{}, contactNotFound(id, err)
	}
	return s.store.EraseContact(ctx, id, PlanErasure)
}

// PurgeRetained anonymises the erased people kept for receipts whose
// retention period has ended (receipts-law.md R10.3).
func (s *Service) PurgeRetained(ctx context.Context) (int, error) {
	return s.store.PurgeRetained(ctx)
}

// ExportPerson returns, as JSON, everything held about a contact (GDPR
// art. 15 and 20): fields, emails, phones, addresses, tags, memberships,
// consents, interactions, gifts, journalist data, press lists and the
// audit entries about them.
func (s *Service) ExportPerson(ctx context.Context, id int64) ([]byte, error) {
	d, err := s.store.PersonData(ctx, id)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, contactNotFound(id, err)
		}
		return nil, err
	}
	return d.JSON()
}
