package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// PartnerParams choose a partner report.
type PartnerParams struct {
	// OrgID is the partner: an organisation, or a person (a major donor).
	OrgID int64
	// From and To bound the period, YYYY-MM-DD, both included.
	From, To string
	// Text is the president's word, printed as it is; paragraphs are
	// separated by blank lines.
	Text string
}

// Partner is the partner report of one organisation over a period.
type Partner struct {
	Association association.Profile
	Org         contact.Contact
	// Members are the people of the organisation, with their roles.
	Members  []contact.Membership
	From, To string
	Gifts    []Gift
	Cases    []Case
	// Interactions are those with the organisation and its people.
	Interactions []Interaction
	Threads      []ThreadSummary
	Text         string

	// Figures worked out from the above.
	GiftCount      int
	GiftTotal      money.Cents
	ReceiptedCount int // gifts on a valid receipt
	ReceiptedTotal money.Cents
	Receipts       int // valid receipts covering them
	// Months are every month of the period, with its gifts.
	Months []Month
	// Counterparts promised in the cases shown, and the part delivered.
	CounterpartsPromised, CounterpartsDelivered money.Cents
	Messages                                    int // in Threads
}

// Case is a sponsorship case shown in a report, with the gifts of its
// year and how its counterparts compare with them (R4.12).
type Case struct {
	sponsor.Case
	// Received is what the organisation gave in the case's year.
	Received money.Cents
	// Warning is set when the counterparts exceed 25 % of the gifts (or
	// of the expected amount while nothing is received); Ratio is the
	// share, compared with Basis.
	Warning bool
	Ratio   sponsor.Ratio
	Basis   sponsor.Basis
}

// Interaction is an interaction with the partner or one of its people.
type Interaction struct {
	contact.Interaction
	// With names the person, or is "" for the organisation itself.
	With string
}

// Month is the gifts of one month.
type Month struct {
	Month string // YYYY-MM
	Count int
	Total money.Cents
}

// Label writes the month « mars 2026 ».
func (m Month) Label() string {
	t, err := time.Parse("2006-01", m.Month)
	if err != nil {
		return m.Month
	}
	return MonthName(t.Month()) + " " + fmt.Sprint(t.Year())
}

var monthNames = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

var monthAbbr = [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.",
	"août", "sept.", "oct.", "nov.", "déc."}

// MonthName is the French name of m, « mars ».
func MonthName(m time.Month) string { return monthNames[m-1] }

// MonthAbbr is the French abbreviation of m, « janv. ».
func MonthAbbr(m time.Month) string { return monthAbbr[m-1] }

// checkPeriod checks the dates of a period.
func checkPeriod(from, to string) error {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	switch {
	case err1 != nil || f.Format(time.DateOnly) != from:
		return apperr.InvalidField("from", "report.from_invalid", fmt.Sprintf(
			"La date de début « %s » n'est pas valide. Écrivez-la AAAA-MM-JJ, par exemple 2026-01-01.", from))
	case err2 != nil || t.Format(time.DateOnly) != to:
		return apperr.InvalidField("to", "report.to_invalid", fmt.Sprintf(
			"La date de fin « %s » n'est pas valide. Écrivez-la AAAA-MM-JJ, par exemple 2026-12-31.", to))
	case t.Before(f):
		return apperr.InvalidField("to", "report.period_reversed",
			"La période finit avant de commencer. Corrigez la date de début ou la date de fin.")
	case t.Sub(f) > 10*366*24*time.Hour:
		return apperr.InvalidField("from", "report.period_too_long",
			"La période dépasse dix ans. Choisissez une période plus courte, par exemple une année.")
	}
	return nil
}

// Partner gathers the partner report of p.OrgID over the period.
func (s *Service) Partner(ctx context.Context, p PartnerParams) (Partner, error) {
	if err := checkPeriod(p.From, p.To); err != nil {
		return Partner{}, err
	}
	org, err := s.store.GetContact(ctx, p.OrgID)
	if errors.Is(err, apperr.ErrNotFound) {
		return Partner{}, contact.NotFoundError(p.OrgID)
	}
	if err != nil {
		return Partner{}, fmt.Errorf("read partner %d: %w", p.OrgID, err)
	}
	r := Partner{Org: org, From: p.From, To: p.To, Text: strings.TrimSpace(p.Text)}
	if r.Association, err = s.store.Association(ctx); err != nil {
		return Partner{}, fmt.Errorf("read association: %w", err)
	}
	if org.Kind == contact.Organisation {
		if r.Members, err = s.store.ListMemberships(ctx, org.ID); err != nil {
			return Partner{}, fmt.Errorf("read people of %d: %w", org.ID, err)
		}
	}
	if r.Gifts, err = s.store.PartnerGifts(ctx, org.ID, p.From, p.To); err != nil {
		return Partner{}, fmt.Errorf("read gifts of %d: %w", org.ID, err)
	}
	cases, err := s.store.ListSponsorCases(ctx, sponsor.Filter{OrgID: org.ID})
	if err != nil {
		return Partner{}, fmt.Errorf("read sponsorship cases of %d: %w", org.ID, err)
	}
	for _, c := range cases {
		if !overlaps(c, p.From, p.To) {
			continue
		}
		received, err := s.store.OrganisationGiftTotal(ctx, org.ID, c.Year)
		if err != nil {
			return Partner{}, fmt.Errorf("gifts of %d in %d: %w", org.ID, c.Year, err)
		}
		w, warn := sponsor.CheckCounterparts(c, received)
		r.Cases = append(r.Cases, Case{Case: c, Received: received, Warning: warn, Ratio: w.Ratio, Basis: w.Basis})
	}
	slices.SortStableFunc(r.Cases, func(a, b Case) int { return a.Year - b.Year })

	ids := []int64{org.ID}
	names := map[int64]string{}
	for _, m := range r.Members {
		ids = append(ids, m.PersonID)
		names[m.PersonID] = m.Person
	}
	is, err := s.store.ContactInteractions(ctx, ids, p.From, p.To)
	if err != nil {
		return Partner{}, fmt.Errorf("read interactions of %d: %w", org.ID, err)
	}
	for _, i := range is {
		r.Interactions = append(r.Interactions, Interaction{Interaction: i, With: names[i.ContactID]})
	}
	if r.Threads, err = s.store.ThreadsOf(ctx, org.ID, p.From, p.To); err != nil {
		return Partner{}, fmt.Errorf("read email threads of %d: %w", org.ID, err)
	}
	r.summarize()
	return r, nil
}

// overlaps reports whether case c concerns the period: its convention
// runs during it or, without convention dates, its year is in it.
func overlaps(c sponsor.Case, from, to string) bool {
	start, end := c.ConventionStart, c.ConventionEnd
	if start == "" {
		start = fmt.Sprintf("%04d-01-01", c.Year)
	}
	if end == "" {
		end = fmt.Sprintf("%04d-12-31", c.Year)
	}
	return start <= to && end >= from
}

// summarize works out the figures of r from its lists.
func (r *Partner) summarize() {
	byMonth := map[string]*Month{}
	f, _ := time.Parse(time.DateOnly, r.From)
	t, _ := time.Parse(time.DateOnly, r.To)
	r.Months = nil
	for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(t); m = m.AddDate(0, 1, 0) {
		r.Months = append(r.Months, Month{Month: m.Format("2006-01")})
	}
	for i := range r.Months {
		byMonth[r.Months[i].Month] = &r.Months[i]
	}
	r.GiftCount, r.GiftTotal, r.ReceiptedCount, r.ReceiptedTotal = len(r.Gifts), 0, 0, 0
	receipts := map[string]bool{}
	for _, g := range r.Gifts {
		r.GiftTotal += g.Amount
		if g.Receipt != "" {
			r.ReceiptedCount++
			r.ReceiptedTotal += g.Amount
			receipts[g.Receipt] = true
		}
		if m := byMonth[g.Date[:min(7, len(g.Date))]]; m != nil {
			m.Count++
			m.Total += g.Amount
		}
	}
	r.Receipts = len(receipts)
	r.CounterpartsPromised, r.CounterpartsDelivered = 0, 0
	for _, c := range r.Cases {
		for _, cp := range c.Counterparts {
			r.CounterpartsPromised += cp.Value
			if cp.Delivered {
				r.CounterpartsDelivered += cp.Value
			}
		}
	}
	r.Messages = 0
	for _, th := range r.Threads {
		r.Messages += th.Messages
	}
}

// Name is the partner's name as the report prints it.
func (r Partner) Name() string {
	if r.Org.Kind == contact.Organisation {
		return r.Org.OrgName
	}
	return strings.TrimSpace(r.Org.FirstName + " " + r.Org.LastName)
}

// PDF draws the partner report of p.
func (s *Service) PDF(ctx context.Context, p PartnerParams) ([]byte, error) {
	r, err := s.Partner(ctx, p)
	if err != nil {
		return nil, err
	}
	return s.Draw(r)
}

// Draw draws r as a PDF: a report already gathered, for a screen that
// shows it before saving it.
func (s *Service) Draw(r Partner) ([]byte, error) {
	b, err := s.render(r)
	if err != nil {
		return nil, fmt.Errorf("draw partner report of %d: %w", r.Org.ID, err)
	}
	return b, nil
}
