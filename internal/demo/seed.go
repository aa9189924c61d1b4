package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// seedSource is the source of the contacts and gifts that Seed writes.
const seedSource = "seed"

// batchSize is the number of contacts or gifts that Seed writes per
// transaction: large enough to amortise the commit, small enough to show
// progress and to stop soon when the context is cancelled.
const batchSize = 10_000

// SeedParams says how much data Seed makes.
type SeedParams struct {
	// Contacts is the number of contacts: about 90 % people and 10 %
	// organisations.
	Contacts int
	// Donations is the number of gifts, spread over the current calendar
	// year up to Now and the two years before. It needs Contacts > 0.
	Donations int
	// Seed chooses the data: the same seed and Now give the same data.
	Seed uint64
	Now  time.Time
}

// Seed adds bulk fictional data for benchmarks: names drawn from the same
// lists as the demonstration, so that they repeat as in a real file, each
// contact with an email and an address, and gifts of every kind with a
// December peak. Unlike Install it works on a database that has data.
//
// Seed writes in transactions of 10 000 contacts or gifts. After each, it
// calls progress (if not nil) with the number of items written and the
// total, contacts first: done ≤ p.Contacts while contacts are written.
// Gifts are referenced "seed-SEED-I", so a seed can be used once per
// database. On error, the summary counts what was written.
func Seed(ctx context.Context, st Store, p SeedParams, progress func(done, total int)) (Summary, error) {
	if p.Contacts < 0 || p.Donations < 0 {
		return Summary{}, apperr.Invalid("demo.seed_negative",
			"Le nombre de contacts et de dons à générer ne peut pas être négatif. Indiquez 0 ou plus.")
	}
	if p.Donations > 0 && p.Contacts == 0 {
		return Summary{}, apperr.Invalid("demo.seed_no_donor",
			"Des dons ne peuvent pas être générés sans contacts pour les faire. Demandez au moins un contact.")
	}
	if p.Now.IsZero() {
		return Summary{}, errors.New("demo.Seed: Now is zero")
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	rng := rand.New(rand.NewPCG(p.Seed, 0x5eed))
	total := p.Contacts + p.Donations
	var s Summary

	ids := make([]int64, 0, p.Contacts)
	contacts := make([]contact.Contact, 0, min(batchSize, p.Contacts))
	for done := 0; done < p.Contacts; {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		contacts = contacts[:0]
		for range min(batchSize, p.Contacts-done) {
			contacts = append(contacts, seedContact(rng))
		}
		if err := st.InsertContacts(ctx, contacts, seedSource); err != nil {
			return s, fmt.Errorf("insert seed contacts %d to %d: %w", done+1, done+len(contacts), err)
		}
		for _, c := range contacts {
			ids = append(ids, c.ID)
			if c.Kind == contact.Person {
				s.People++
			} else {
				s.Organisations++
			}
		}
		done += len(contacts)
		progress(done, total)
	}

	end := today(p.Now)
	g := giftDrawer{rng: rng, ids: ids, start: date(end.Year()-2, time.January, 1), end: end}
	gifts := make([]donation.Gift, 0, min(batchSize, p.Donations))
	for done := 0; done < p.Donations; {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		gifts = gifts[:0]
		for i := range min(batchSize, p.Donations-done) {
			gift := g.draw()
			gift.Reference = fmt.Sprintf("seed-%d-%d", p.Seed, done+i+1)
			gifts = append(gifts, gift)
		}
		if err := st.InsertGifts(ctx, gifts, seedSource); err != nil {
			if errors.Is(err, apperr.ErrConflict) {
				return s, &apperr.Error{Kind: apperr.ErrConflict, Key: "demo.seed_used", Err: err, Message: fmt.Sprintf(
					"Cette base contient déjà les dons générés avec la graine %d : %d contacts ont été ajoutés, mais aucun don. "+
						"Relancez la génération avec une autre graine, par exemple %d.", p.Seed, s.People+s.Organisations, p.Seed+1)}
			}
			return s, fmt.Errorf("insert seed gifts %d to %d: %w", done+1, done+len(gifts), err)
		}
		for _, gift := range gifts {
			s.Gifts++
			s.Total += gift.Amount
		}
		done += len(gifts)
		progress(p.Contacts+done, total)
	}
	return s, nil
}

// Organisation names for Seed: a trade or a kind of body, then a family
// name or a commune.
var (
	seedTrades = []string{"Boulangerie", "Garage", "Pharmacie", "Menuiserie", "Transports", "Imprimerie",
		"Cabinet", "Plomberie", "Librairie", "Pépinières", "Fromagerie", "Électricité"}
	seedLegalForms = []string{"SARL", "SAS", "SAS", "EURL", "SA", "SARL"}
	seedYearEnds   = []string{"12-31", "12-31", "12-31", "06-30", "03-31", "09-30"}
	seedAssocs     = []string{"Comité des fêtes de %s", "Amicale laïque de %s", "Club de randonnée de %s",
		"Jardins familiaux de %s", "Association sportive de %s", "Chorale de %s"}
	seedPress = []struct {
		name string
		kind contact.PressKind
	}{
		{"L'Écho de %s", contact.PressLocal}, {"Radio %s", contact.PressRadio},
		{"Le Journal de %s", contact.PressRegionalDaily}, {"%s Infos", contact.PressWeb},
	}
)

// seedContact draws one person (nine times in ten) or organisation.
func seedContact(rng *rand.Rand) contact.Contact {
	p := pickPlace(rng, 0.6)
	domain := emailDomains[rng.IntN(len(emailDomains))]
	addr := randomAddress(rng, p)
	if rng.IntN(10) > 0 {
		first := womenFirstNames[rng.IntN(len(womenFirstNames))]
		if rng.IntN(100) < 45 {
			first = menFirstNames[rng.IntN(len(menFirstNames))]
		}
		last := lastNames[rng.IntN(len(lastNames))]
		c := contact.Contact{
			Kind:      contact.Person,
			Civility:  civility(first),
			FirstName: first,
			LastName:  last,
			Emails:    []contact.Email{{Address: personEmail(rng, first, last), Label: "personnel", Preferred: true}},
			Addresses: []contact.Address{addr},
		}
		if rng.IntN(2) == 0 {
			c.Phones = []contact.Phone{{Number: phone(fictionMobile, rng.IntN(fictionPerRange)), Label: "mobile", Preferred: true}}
		}
		switch r := rng.IntN(100); {
		case r < 5:
			c.Tags = []string{tagRegular, tagMember}
		case r < 25:
			c.Tags = []string{tagMember}
		case r < 35:
			c.Tags = []string{tagVolunteer}
		}
		return c
	}
	last := lastNames[rng.IntN(len(lastNames))]
	c := contact.Contact{Kind: contact.Organisation}
	switch r := rng.IntN(100); {
	case r < 45:
		c.OrgKind = contact.OrgCompany
		c.OrgName = seedTrades[rng.IntN(len(seedTrades))] + " " + last
		c.LegalForm = seedLegalForms[rng.IntN(len(seedLegalForms))]
		c.SIREN = sirenFrom(rng.IntN(100_000_000))
		c.FiscalYearEnd = seedYearEnds[rng.IntN(len(seedYearEnds))]
	case r < 70:
		c.OrgKind = contact.OrgAssociation
		c.OrgName = fmt.Sprintf(seedAssocs[rng.IntN(len(seedAssocs))], p.City)
	case r < 75:
		c.OrgKind = contact.OrgFoundation
		c.OrgName = "Fondation " + last
	case r < 83:
		c.OrgKind = contact.OrgPublicFunder
		c.OrgName = "Commune de " + p.City
	case r < 93:
		c.OrgKind = contact.OrgPress
		press := seedPress[rng.IntN(len(seedPress))]
		c.OrgName, c.PressKind = fmt.Sprintf(press.name, p.City), press.kind
	default:
		c.OrgKind = contact.OrgOther
		c.OrgName = "Collège " + last
	}
	c.Emails = []contact.Email{{Address: "contact@" + orgDomain(c.OrgName, domain), Label: "contact", Preferred: true}}
	addr.Label = "siège"
	c.Addresses = []contact.Address{addr}
	return c
}

// giftDrawer draws the gifts of Seed.
type giftDrawer struct {
	rng        *rand.Rand
	ids        []int64 // donors to choose from
	start, end time.Time
}

// draw returns one gift, without its reference.
func (d giftDrawer) draw() donation.Gift {
	rng := d.rng
	// A few faithful donors make a large share of the gifts.
	donor := d.ids[rng.IntN(len(d.ids))]
	if rng.IntN(10) < 3 {
		donor = d.ids[rng.IntN(max(1, len(d.ids)/20))]
	}
	g := donation.Gift{DonorID: donor, Source: seedSource, Nature: donation.Numeraire, Forme: donation.DonManuel}
	when := between(rng, d.start, d.end)
	switch r := rng.IntN(100); {
	case r < 15:
		g.Amount = []money.Cents{10_00, 15_00, 20_00}[rng.IntN(3)]
		g.Method = donation.DirectDebit
		when = date(when.Year(), when.Month(), 5)
	case r < 25:
		g.Amount, g.Membership = 20_00, true
		g.Method = []donation.Method{donation.Cheque, donation.Card, donation.Cash}[rng.IntN(3)]
	case r < 95:
		g.Amount = money.Cents(10_00 + 5_00*rng.IntN(19)) // 10 to 100 €
		g.Method = []donation.Method{donation.Cheque, donation.Cheque, donation.Card, donation.Transfer}[rng.IntN(4)]
		switch c := rng.IntN(10); {
		case c < 2:
			g.Campaign = campaignYearEnd
			y := d.start.Year() + rng.IntN(3)
			if w := between(rng, date(y, time.November, 15), date(y, time.December, 31)); !w.After(d.end) {
				when = w
			}
		case c < 3:
			g.Campaign = campaignWinter
		case c < 4:
			g.Campaign = campaignGreen
		}
	case r < 99:
		g.Amount = money.Cents(100_00 + 10_00*rng.IntN(91)) // 100 to 1 000 €
		g.Method = []donation.Method{donation.Cheque, donation.Transfer}[rng.IntN(2)]
	default:
		g.Amount = money.Cents(1_000_00 + 100_00*rng.IntN(141)) // 1 000 to 15 000 €
		g.Method = donation.Transfer
	}
	if when.Before(d.start) || when.After(d.end) {
		when = d.end
	}
	g.DateReceived = civil(when)
	if g.Method == donation.Cheque {
		g.ChequeNumber = fmt.Sprintf("%07d", 1_000_000+rng.IntN(9_000_000))
		g.Bank = banks[rng.IntN(len(banks))]
		if cashed := when.AddDate(0, 0, 2+rng.IntN(8)); !cashed.After(d.end) {
			g.DateCashed = civil(cashed)
		}
	}
	return g
}
