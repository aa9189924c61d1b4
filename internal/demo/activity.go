package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// Press lists of the demonstration.
const (
	listLocal = "Presse locale"
	listGreen = "Médias environnement"
)

// activity is what happened around the contacts: the sponsorship
// pipeline, the press office, timelines, consents, mandates and an
// expense claim. Contacts are indexes in dataset.contacts until they are
// saved. Every date is relative to now, so that a new user finds
// overdue actions, conventions to renew and recent exchanges whatever the
// day.
type activity struct {
	cases        []sponsorCase
	journalists  []journalist
	pressLists   []pressList
	releases     []contact.PressRelease // each names its list by ListName
	interactions []interaction
	consents     []consent
	mandates     []mandate
	claim        claim
}

// sponsorCase is a sponsorship case of organisation org.
type sponsorCase struct {
	org int
	sponsor.Case
}

// journalist is what the press office knows of person.
type journalist struct {
	person int
	contact.Journalist
}

// pressList is a press list and its members.
type pressList struct {
	name    string
	members []int
}

// interaction is an entry of the timeline of who.
type interaction struct {
	who int
	contact.Interaction
}

// consent is what who said about a channel.
type consent struct {
	who int
	contact.Consent
}

// mandate is a direct-debit mandate of donor.
type mandate struct {
	donor int
	donation.Mandate
}

// claim is an expense claim of volunteer: its date, purpose, lines (km
// lines are valued when saved, with the scale in force) and waiver date,
// with one supporting document.
type claim struct {
	volunteer int
	donation.ExpenseClaim
	documentName string
	document     []byte
}

// activity builds the year's activity. It draws nothing from the random
// generator, so the contacts and gifts stay those of earlier versions.
func (b *builder) activity(orgs, board, pool []int) {
	a := &b.d.activity
	a.cases = b.sponsorCases(orgs)
	b.pressOffice(orgs)
	a.interactions = b.interactions(orgs)
	a.consents = b.consents(pool)
	a.mandates = b.mandates(pool)
	a.claim = b.expenseClaim(board[6])
}

// day returns the civil date n days after today (before it when n < 0).
func (b *builder) day(n int) string {
	return civil(b.end.AddDate(0, 0, n))
}

// named returns the index of the person called first last. The names are
// the demonstration's own: a missing one is a programming error.
func (b *builder) named(first, last string) int {
	for i, c := range b.d.contacts {
		if c.Kind == contact.Person && c.FirstName == first && c.LastName == last {
			return i
		}
	}
	panic(fmt.Sprintf("demo: no person called %s %s", first, last))
}

// sponsorCases returns the pipeline of the current year: one case at each
// stage but « contacted », two overdue next actions, a convention to
// renew within 40 days and one whose counterparts exceed 25 % of the gift.
func (b *builder) sponsorCases(orgs []int) []sponsorCase {
	y := b.end.Year()
	logoOn := date(y, time.March, 2)
	if logoOn.After(b.end) {
		logoOn = b.end
	}
	renewBy := b.end.AddDate(0, 0, 40)
	durandEnd := b.end.AddDate(0, 4, 0)
	return []sponsorCase{
		{orgs[orgTransports], sponsor.Case{Year: y, Stage: sponsor.Agreed, Expected: 10_000_00, Probability: 100,
			NextAction: "Envoyer le bilan", NextActionDate: b.day(-6),
			ConventionStart: civil(date(y, time.January, 1)), ConventionEnd: civil(date(y, time.December, 31)),
			Notes: "Avec le dîner de gala, les contreparties dépassent 25 % du don : à revoir avec Nathalie Chevalier.",
			Counterparts: []sponsor.Counterpart{
				{Item: "Logo sur les panneaux des jardins", Value: 500_00, Delivered: true, DeliveredOn: civil(logoOn)},
				{Item: "Dix places au dîner de gala", Value: 2_200_00},
			}}},
		{orgs[orgCredit], sponsor.Case{Year: y, Stage: sponsor.Renewed, Expected: 15_000_00, Probability: 100,
			ConventionStart: civil(renewBy.AddDate(-1, 0, 1)), ConventionEnd: civil(renewBy),
			Notes: "Mécène fidèle de la serre pédagogique ; la convention d'un an arrive à échéance."}},
		{orgs[orgLigeria], sponsor.Case{Year: y, Stage: sponsor.ProposalSent, Expected: 12_000_00, Probability: 60,
			NextAction: "Relancer Aurélie Besnard", NextActionDate: b.day(-3),
			Notes:        "Proposition envoyée pour la fête des jardins.",
			Counterparts: []sponsor.Counterpart{{Item: "Stand à la fête des jardins", Value: 3_500_00}}}},
		{orgs[orgBoulangerie], sponsor.Case{Year: y, Stage: sponsor.Prospect, Expected: 2_000_00, Probability: 10,
			NextAction: "Appeler le gérant", NextActionDate: b.day(4),
			Notes: "Donne déjà ses invendus : lui proposer de soutenir l'aide alimentaire d'hiver."}},
		{orgs[orgImprimerie], sponsor.Case{Year: y, Stage: sponsor.Meeting, Expected: 3_000_00, Probability: 30,
			NextAction: "Rendez-vous avec Sandrine Colin", NextActionDate: b.day(9),
			Notes: "Pourrait imprimer le programme de la fête des jardins."}},
		{orgs[orgFondsLoire], sponsor.Case{Year: y, Stage: sponsor.Declined, Expected: 5_000_00,
			Notes: "Budget de l'année déjà engagé ; représenter le projet l'an prochain."}},
		{orgs[orgCabinet], sponsor.Case{Year: y, Stage: sponsor.Agreed, Expected: 4_000_00, Probability: 100,
			ConventionStart: civil(durandEnd.AddDate(-1, 0, 1)), ConventionEnd: civil(durandEnd)}},
	}
}

// pressOffice records the journalists (one of whom opted out), two press
// lists and two press releases sent.
func (b *builder) pressOffice(orgs []int) {
	a := &b.d.activity
	for _, j := range []struct {
		first, last, topics, regions string
		optOut                       bool
	}{
		{"Sophie", "Girard", "environnement, solidarité", "Indre-et-Loire", false},
		{"Benoît", "Rousseau", "vie locale, solidarité", "Indre-et-Loire", false},
		{"Léa", "Fontaine", "environnement, solidarité", "Indre-et-Loire, Loir-et-Cher", false},
		{"Thomas", "Lemaire", "société", "Indre-et-Loire", true},
		{"Agnès", "Perrin", "jardinage, environnement", "France entière", false},
		{"Loïc", "Hamon", "environnement, solidarité", "Indre-et-Loire", false},
		{"Inès", "Haddad", "vie associative, solidarité", "Indre-et-Loire", false},
	} {
		a.journalists = append(a.journalists, journalist{b.named(j.first, j.last),
			contact.Journalist{Topics: j.topics, Regions: j.regions, OptOut: j.optOut}})
	}
	a.pressLists = []pressList{
		{listLocal, []int{orgs[orgCourrier], orgs[orgRadio], orgs[orgTV], orgs[orgWeb],
			b.named("Sophie", "Girard"), b.named("Benoît", "Rousseau"), b.named("Léa", "Fontaine"),
			b.named("Thomas", "Lemaire"), b.named("Loïc", "Hamon"), b.named("Inès", "Haddad")}},
		{listGreen, []int{orgs[orgMagazine], b.named("Agnès", "Perrin"), b.named("Sophie", "Girard"),
			b.named("Léa", "Fontaine"), b.named("Loïc", "Hamon")}},
	}
	// The greenhouse was built with last spring's campaign; the winter
	// collection ends in February.
	winter := date(b.end.Year(), time.March, 12)
	if winter.After(b.end) {
		winter = winter.AddDate(-1, 0, 0)
	}
	a.releases = []contact.PressRelease{
		{ListName: listGreen, Date: civil(date(b.start.Year(), time.June, 20)), Subject: "Inauguration de la serre pédagogique"},
		{ListName: listLocal, Date: civil(winter), Subject: "Bilan de la collecte d'hiver"},
	}
}

// interactions returns the recent exchanges with sponsors, funders and
// partners: meetings, calls and notes of the last months.
func (b *builder) interactions(orgs []int) []interaction {
	var out []interaction
	for _, i := range []struct {
		org     int
		kind    contact.InteractionKind
		days    int
		subject string
		body    string
	}{
		{orgVilleTours, contact.InteractionMeeting, -55, "Dossier de subvention de fonctionnement",
			"Rendez-vous avec Catherine Lacroix : le dossier est complet, il passe en commission au prochain trimestre."},
		{orgFondsLoire, contact.InteractionNote, -50, "Réponse à notre demande",
			"Refus pour cette année, le budget est déjà engagé. Représenter le projet l'an prochain."},
		{orgTransports, contact.InteractionMeeting, -40, "Point à mi-parcours de la convention",
			"Visite des jardins avec Nathalie Chevalier : le logo est posé sur les panneaux. Elle attend le bilan pour son rapport RSE."},
		{orgLigeria, contact.InteractionMeeting, -30, "Présentation de la fête des jardins",
			"Aurélie Besnard est intéressée par un stand ; nous envoyons une proposition à 12 000 €."},
		{orgCredit, contact.InteractionMeeting, -21, "Renouvellement de la convention",
			"Stéphane Guérin confirme 15 000 € ; la convention en cours finit dans quelques semaines."},
		{orgBoulangerie, contact.InteractionNote, -15, "Invendus et mécénat",
			"M. Martin donne ses invendus chaque semaine et pourrait soutenir l'aide alimentaire d'hiver : l'appeler."},
		{orgImprimerie, contact.InteractionCall, -12, "Prise de rendez-vous",
			"Sandrine Colin nous reçoit pour parler de l'impression du programme de la fête."},
		{orgTransports, contact.InteractionCall, -8, "Dîner de gala",
			"Dix places réservées pour l'entreprise. Vérifier que les contreparties restent sous 25 % du don."},
		{orgEpicerieSanitas, contact.InteractionCall, -6, "Calendrier des distributions",
			"Les distributions du mercredi continuent pendant les vacances scolaires."},
	} {
		out = append(out, interaction{orgs[i.org], contact.Interaction{
			Kind: i.kind, Date: b.day(i.days), Subject: i.subject, Body: i.body}})
	}
	return out
}

// maxPaperConsents is how many members gave their email on a paper form.
const maxPaperConsents = 12

// consents returns the email consents given on the paper membership form
// by members who paid their last fee by cheque or in cash, on the day
// they paid, and the objection of one donor.
func (b *builder) consents(pool []int) []consent {
	last := map[int]gift{} // the last membership fee of each person
	for _, g := range b.d.gifts {
		if g.Membership {
			last[g.donor] = g
		}
	}
	var out []consent
	for _, p := range pool {
		g, ok := last[p]
		if !ok || len(b.d.contacts[p].Emails) == 0 || (g.Method != donation.Cheque && g.Method != donation.Cash) {
			continue
		}
		out = append(out, consent{p, contact.Consent{Channel: contact.ChannelEmail, Status: contact.StatusConsent,
			Date: g.DateReceived, Source: "bulletin papier"}})
		if len(out) == maxPaperConsents {
			break
		}
	}
	for _, p := range slices.Backward(pool) {
		if len(b.d.contacts[p].Emails) > 0 && !slices.ContainsFunc(out, func(c consent) bool { return c.who == p }) {
			return append(out, consent{p, contact.Consent{Channel: contact.ChannelEmail, Status: contact.StatusObjection,
				Date: b.day(-30), Source: "courriel de désinscription de la lettre d'information"}})
		}
	}
	return out
}

// mandates returns the mandates of two regular donors, from the first
// day of next month. Their past direct debits are already gifts of the
// demonstration, not linked to a mandate: starting after now, the
// mandates never give a month twice, whatever month is run.
func (b *builder) mandates(pool []int) []mandate {
	start := date(b.end.Year(), b.end.Month(), 1).AddDate(0, 1, 0)
	var out []mandate
	for _, p := range pool[:regularDonors] {
		amount, ok := b.monthly[p]
		if !ok {
			continue
		}
		out = append(out, mandate{p, donation.Mandate{Amount: amount, DayOfMonth: 5, StartDate: civil(start),
			Reference: fmt.Sprintf("JPL-%s-%02d", start.Format("200601"), len(out)+1),
			Method:    donation.DirectDebit, Active: true}})
		if len(out) == 2 {
			break
		}
	}
	return out
}

// expenseClaim returns the claim of volunteer, who drove to schools for
// the gardening workshops with a 5 CV car and gave the refund up.
func (b *builder) expenseClaim(volunteer int) claim {
	trips := []struct {
		km   int
		what string
	}{
		{12, "Tours – école Paul-Bert, atelier semis, aller-retour"},
		{16, "Tours – école Jean-Moulin (Joué-lès-Tours), atelier potager, aller-retour"},
		{22, "Tours – école de Vouvray, plantation du verger, aller-retour"},
		{14, "Tours – école de Saint-Avertin, atelier compost, aller-retour"},
		{28, "Tours – école de Montlouis-sur-Loire, atelier potager, aller-retour"},
		{54, "Tours – école d'Amboise, visite du jardin pédagogique, aller-retour"},
	}
	// Weekly trips ending twelve days ago, signed two days later. Early in
	// the year they would straddle two versions of the kilometric scale,
	// so the claim is last autumn's instead.
	first := b.end.AddDate(0, 0, -12-7*(len(trips)-1))
	signed := b.end.AddDate(0, 0, -10)
	if first.Year() != signed.Year() {
		first, signed = date(b.start.Year(), time.November, 2), date(b.start.Year(), time.December, 10)
	}
	c := claim{volunteer: volunteer, documentName: "releve-des-trajets.png", document: tripLog()}
	c.ClaimDate, c.WaiverSignedOn = civil(signed), civil(signed)
	c.Purpose = "Animations scolaires : trajets vers les écoles avec le matériel du jardin pédagogique"
	for i, t := range trips {
		c.Lines = append(c.Lines, donation.ExpenseLine{Date: civil(first.AddDate(0, 0, 7*i)), Description: t.what,
			Kind: donation.KmLine, Km: t.km, FiscalHP: 5, Vehicle: donation.Car})
	}
	return c
}

// tripLog draws the claim's supporting document: a small PNG standing for
// the scan of a ruled log of trips.
func tripLog() []byte {
	const w, h = 96, 64
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.Gray{Y: 0xff}
			switch {
			case y < 8:
				c.Y = 0x40 // header
			case y%8 == 0 || x == 24:
				c.Y = 0xa0 // rules and the date column
			}
			img.SetGray(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(fmt.Sprintf("demo: encode trip log: %v", err)) // writing to memory cannot fail
	}
	return buf.Bytes()
}

// id returns the ID of contact i, once saved.
func (d *dataset) id(i int) int64 { return d.contacts[i].ID }

// name returns the name of contact i, for error messages.
func (d *dataset) name(i int) string { return d.contacts[i].DisplayName() }

// installActivity saves the activity of d, whose contacts are saved, and
// returns the gift that the expense claim became. Each value is validated
// as the services do before it is saved.
func installActivity(ctx context.Context, st Store, d *dataset) (donation.Gift, error) {
	a := d.activity
	for _, sc := range a.cases {
		if err := d.installCase(ctx, st, sc); err != nil {
			return donation.Gift{}, fmt.Errorf("sponsorship case of %s: %w", d.name(sc.org), err)
		}
	}
	for _, j := range a.journalists {
		j.PersonID = d.id(j.person)
		err := j.Validate()
		if err == nil {
			err = st.SetJournalist(ctx, j.Journalist)
		}
		if err != nil {
			return donation.Gift{}, fmt.Errorf("journalist %s: %w", d.name(j.person), err)
		}
	}
	for _, l := range a.pressLists {
		pl := contact.PressList{Name: l.name}
		ids := make([]int64, len(l.members))
		for i, m := range l.members {
			ids[i] = d.id(m)
		}
		err := pl.Validate()
		if err == nil {
			err = st.CreatePressList(ctx, &pl)
		}
		if err == nil {
			err = st.AddToPressList(ctx, l.name, ids...)
		}
		if err != nil {
			return donation.Gift{}, fmt.Errorf("press list %s: %w", l.name, err)
		}
	}
	for _, r := range a.releases {
		err := r.Validate()
		if err == nil {
			err = st.LogPressRelease(ctx, &r)
		}
		if err != nil {
			return donation.Gift{}, fmt.Errorf("press release %q: %w", r.Subject, err)
		}
	}
	for _, i := range a.interactions {
		i.ContactID = d.id(i.who)
		err := i.Validate()
		if err == nil {
			err = st.CreateInteraction(ctx, &i.Interaction)
		}
		if err != nil {
			return donation.Gift{}, fmt.Errorf("interaction with %s on %s: %w", d.name(i.who), i.Date, err)
		}
	}
	for _, c := range a.consents {
		c.ContactID = d.id(c.who)
		err := c.Validate()
		if err == nil {
			err = st.SetConsent(ctx, c.Consent)
		}
		if err != nil {
			return donation.Gift{}, fmt.Errorf("consent of %s: %w", d.name(c.who), err)
		}
	}
	gifts := donation.NewService(st)
	for _, m := range a.mandates {
		m.DonorID = d.id(m.donor)
		if err := gifts.CreateMandate(ctx, &m.Mandate); err != nil {
			return donation.Gift{}, fmt.Errorf("mandate of %s: %w", d.name(m.donor), err)
		}
	}
	g, err := d.installClaim(ctx, gifts, a.claim)
	if err != nil {
		return donation.Gift{}, fmt.Errorf("expense claim of %s: %w", d.name(a.claim.volunteer), err)
	}
	return g, nil
}

// installCase saves a case with its counterparts promised, then marks
// delivered those that were, so that the audit log tells it in order.
func (d *dataset) installCase(ctx context.Context, st Store, sc sponsorCase) error {
	c := sc.Case
	c.OrgID = d.id(sc.org)
	c.Counterparts = make([]sponsor.Counterpart, len(sc.Counterparts))
	for i, cp := range sc.Counterparts {
		c.Counterparts[i] = sponsor.Counterpart{Item: cp.Item, Value: cp.Value, Promised: true}
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := st.CreateSponsorCase(ctx, &c); err != nil {
		return err
	}
	for i, cp := range sc.Counterparts {
		if !cp.Delivered {
			continue
		}
		if err := st.MarkCounterpartDelivered(ctx, c.Counterparts[i].ID, cp.DeliveredOn); err != nil {
			return fmt.Errorf("deliver %q: %w", cp.Item, err)
		}
	}
	return nil
}

// installClaim records the claim as a volunteer and the treasurer would:
// lines, supporting document, signed waiver, entry in the accounts, and
// the gift it becomes (donation.Service.ToGift), which can be receipted.
func (d *dataset) installClaim(ctx context.Context, gifts *donation.Service, cl claim) (donation.Gift, error) {
	c := donation.ExpenseClaim{VolunteerID: d.id(cl.volunteer), ClaimDate: cl.ClaimDate, Purpose: cl.Purpose}
	if err := gifts.CreateClaim(ctx, &c); err != nil {
		return donation.Gift{}, err
	}
	for _, l := range cl.Lines {
		if err := gifts.AddLine(ctx, c.ID, &l); err != nil {
			return donation.Gift{}, fmt.Errorf("line of %s: %w", l.Date, err)
		}
	}
	if _, err := gifts.AttachDocumentData(ctx, c.ID, cl.documentName, cl.document); err != nil {
		return donation.Gift{}, err
	}
	if err := gifts.SignWaiver(ctx, c.ID, cl.WaiverSignedOn, ""); err != nil {
		return donation.Gift{}, err
	}
	if err := gifts.MarkRecorded(ctx, c.ID, true); err != nil {
		return donation.Gift{}, err
	}
	return gifts.ToGift(ctx, c.ID)
}
