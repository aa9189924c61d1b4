package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// demoSource is the source of the demonstration's contacts and gifts.
const demoSource = "demo"

// Campaigns of the demonstration association.
const (
	campaignYearEnd = "Campagne de fin d'année"
	campaignGreen   = "Serre pédagogique"
	campaignWinter  = "Aide alimentaire hiver"
)

// Tags of the demonstration contacts.
const (
	tagVolunteer = "bénévole"
	tagMember    = "adhérent"
	tagRegular   = "donateur régulier"
	tagBoard     = "membre du CA"
	tagPress     = "presse"
	tagSponsor   = "mécène"
	tagPartner   = "partenaire"
	tagPublic    = "financeur public"
)

// Install fills an empty database with « Les Jardins Partagés de la
// Loire », a fictional association of Tours: its profile, about 165
// people, 30 organisations of every kind with the people who work there,
// and the gifts of the previous and the current calendar year up to now.
// Around them it records a year of activity (see installActivity):
// sponsorship cases, journalists, press lists and releases, timelines,
// consents, two direct-debit mandates and a volunteer's expense claim
// turned into a gift. The same now always gives the same data.
//
// It refuses a database that already has contacts or an association
// profile, so that fictional data never mixes with real data. The steps run in separate transactions:
// if one fails, the demonstration file is incomplete and can be deleted.
func Install(ctx context.Context, st Store, now time.Time) (Summary, error) {
	people, orgs, err := st.CountContacts(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("count contacts: %w", err)
	}
	if people+orgs > 0 {
		return Summary{}, apperr.Conflict("demo.not_empty",
			"Cette base contient déjà des contacts : la démonstration s'installe seulement dans une base vide, "+
				"pour ne pas mélanger des données fictives avec les vôtres. "+
				"Lancez « bureau --db demo.db demo » pour créer une base de démonstration à part.")
	}
	// An association may describe itself before it enters any contact.
	p, err := st.Association(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("read association: %w", err)
	}
	if p.Name != "" || p.SIREN != "" || p.RNA != "" || p.Street != "" || p.SignerName != "" {
		return Summary{}, apperr.Conflict("demo.profile_set", fmt.Sprintf(
			"Cette base contient déjà la fiche de l'association « %s » : la démonstration s'installe seulement dans une base vide, "+
				"pour ne pas remplacer vos informations par des données fictives. "+
				"Lancez « bureau --db demo.db demo » pour créer une base de démonstration à part.", p.Name))
	}
	d := build(now)
	if err := st.SaveAssociation(ctx, d.profile); err != nil {
		return Summary{}, fmt.Errorf("save demo association: %w", err)
	}
	if err := st.InsertContacts(ctx, d.contacts, demoSource); err != nil {
		return Summary{}, fmt.Errorf("insert demo contacts: %w", err)
	}
	for _, l := range d.links {
		if err := st.AddMembership(ctx, d.contacts[l.person].ID, d.contacts[l.org].ID, l.role); err != nil {
			return Summary{}, fmt.Errorf("link %s to %s: %w", d.contacts[l.person].DisplayName(), d.contacts[l.org].OrgName, err)
		}
	}
	gifts := d.giftsFor()
	if err := st.InsertGifts(ctx, gifts, demoSource); err != nil {
		return Summary{}, fmt.Errorf("insert demo gifts: %w", err)
	}
	s := d.summary()
	claimGift, err := installActivity(ctx, st, &d)
	if err != nil {
		return Summary{}, err
	}
	s.Gifts++
	s.Total += claimGift.Amount
	return s, nil
}

// dataset is the whole demonstration, built in memory before it is saved.
type dataset struct {
	profile  association.Profile
	contacts []contact.Contact // organisations first, then people
	links    []link
	gifts    []gift
	activity activity
}

// link is a person's role in an organisation, by index in contacts.
type link struct {
	person, org int
	role        string
}

// gift is a gift whose donor is an index in contacts, until the contacts
// are saved and have IDs.
type gift struct {
	donor int
	donation.Gift
}

// giftsFor returns the gifts with the donors' IDs, once contacts are saved.
func (d *dataset) giftsFor() []donation.Gift {
	out := make([]donation.Gift, len(d.gifts))
	for i, g := range d.gifts {
		out[i] = g.Gift
		out[i].DonorID = d.contacts[g.donor].ID
	}
	return out
}

func (d *dataset) summary() Summary {
	var s Summary
	for _, c := range d.contacts {
		if c.Kind == contact.Person {
			s.People++
		} else {
			s.Organisations++
		}
	}
	s.Gifts = len(d.gifts)
	for _, g := range d.gifts {
		s.Total += g.Amount
	}
	return s
}

// builder draws the demonstration from a fixed seed.
type builder struct {
	rng        *rand.Rand
	start, end time.Time // first and last day that gifts may be dated
	d          dataset
	used       map[string]bool // names of people already drawn
	phones     map[string]int  // next number in each fictional range
	// monthly is what each regular donor who never stopped gives every
	// month, by index in contacts.
	monthly map[int]money.Cents
}

// build returns the demonstration as of now.
func build(now time.Time) dataset {
	end := today(now)
	b := &builder{
		rng:     rand.New(rand.NewPCG(1901, 37000)),
		start:   date(end.Year()-1, time.January, 1),
		end:     end,
		used:    map[string]bool{},
		phones:  map[string]int{},
		monthly: map[int]money.Cents{},
	}
	b.d.profile = association.Profile{
		Name:     "Les Jardins Partagés de la Loire",
		RNA:      "W372012345",
		Street:   "8 allée des Potagers",
		Postcode: "37000",
		City:     "Tours",
		Object: "Créer et animer des jardins partagés en Touraine ; mener des actions d'éducation à " +
			"l'environnement auprès des écoles et des habitants ; distribuer les récoltes et des colis " +
			"alimentaires aux personnes en difficulté, avec les épiceries solidaires du territoire.",
		Category:   "asso_1901_ig",
		SignerName: "Claire Moreau",
		SignerRole: "Présidente",
	}
	orgs := b.organisations()
	board := b.board(orgs)
	b.staff(orgs)
	pool := b.members()
	b.giveGifts(orgs, board, pool)
	b.activity(orgs, board, pool)
	return b.d
}

// org is an organisation of the demonstration and what it gives.
type org struct {
	name      string
	kind      contact.OrgKind
	press     contact.PressKind
	legalForm string
	sirenSeed int    // companies: the SIREN is derived from it
	yearEnd   string // companies: fiscal-year end, MM-DD
	place     place
	street    string
	notes     string
	tags      []string
	// sponsorship is the yearly gift of a sponsor, 0 if none.
	sponsorship  money.Cents
	counterparts money.Cents
	campaign     string
}

// orgList holds the organisations, in the order they are saved.
var orgList = []org{
	{name: "Boulangerie Martin", kind: contact.OrgCompany, legalForm: "SARL", sirenSeed: 51_237_408, yearEnd: "12-31",
		place: place{"37000", "Tours", "02"}, street: "27 rue Colbert",
		tags: []string{tagSponsor}, sponsorship: 2_000_00, campaign: campaignWinter,
		notes: "Donne aussi ses invendus de pain pour l'aide alimentaire."},
	{name: "Transports Ligériens", kind: contact.OrgCompany, legalForm: "SAS", sirenSeed: 48_390_127, yearEnd: "12-31",
		place: place{"37700", "Saint-Pierre-des-Corps", "02"}, street: "4 rue de l'Industrie",
		tags: []string{tagSponsor}, sponsorship: 10_000_00, counterparts: 500_00,
		notes: "Contreparties : logo sur les panneaux des jardins (valorisé 500 €)."},
	{name: "Crédit Coopératif de Touraine", kind: contact.OrgCompany, legalForm: "SA coopérative", sirenSeed: 77_514_302, yearEnd: "12-31",
		place: place{"37000", "Tours", "02"}, street: "15 boulevard Heurteloup",
		tags: []string{tagSponsor}, sponsorship: 15_000_00, campaign: campaignGreen},
	{name: "Ligéria Énergies", kind: contact.OrgCompany, legalForm: "SAS", sirenSeed: 82_166_945, yearEnd: "06-30",
		place: place{"45000", "Orléans", "02"}, street: "3 rue Jeanne-d'Arc",
		tags: []string{tagSponsor}, sponsorship: 12_000_00},
	{name: "L'Épicerie Vrac & Bio", kind: contact.OrgCompany, legalForm: "SAS", sirenSeed: 89_402_713, yearEnd: "03-31",
		place: place{"37100", "Tours", "02"}, street: "62 avenue de la Tranchée",
		tags: []string{tagSponsor}, sponsorship: 2_500_00},
	{name: "Imprimerie Rabelais", kind: contact.OrgCompany, legalForm: "SARL", sirenSeed: 39_871_264, yearEnd: "12-31",
		place: place{"37300", "Joué-lès-Tours", "02"}, street: "11 rue de la Rabière",
		tags: []string{tagSponsor}, sponsorship: 3_000_00},
	{name: "Cabinet Durand & Associés", kind: contact.OrgCompany, legalForm: "SELARL", sirenSeed: 44_908_531, yearEnd: "09-30",
		place: place{"37000", "Tours", "02"}, street: "5 place Jean-Jaurès",
		tags: []string{tagSponsor}, sponsorship: 4_000_00, notes: "Expert-comptable ; relit les comptes annuels bénévolement."},
	{name: "Maraîchers de la Varenne", kind: contact.OrgCompany, legalForm: "SCEA", sirenSeed: 53_120_886, yearEnd: "08-31",
		place: place{"37210", "Vouvray", "02"}, street: "La Varenne, route de Vernou",
		tags: []string{tagSponsor}, sponsorship: 2_000_00, campaign: campaignWinter},
	{name: "Pépinières Val de Cher", kind: contact.OrgCompany, legalForm: "SARL", sirenSeed: 42_770_519, yearEnd: "06-30",
		place: place{"41200", "Romorantin-Lanthenay", "02"}, street: "Lieu-dit les Noues",
		tags: []string{tagSponsor}},
	{name: "Menuiserie Girard", kind: contact.OrgCompany, legalForm: "EURL", sirenSeed: 81_035_497, yearEnd: "12-31",
		place: place{"37400", "Amboise", "02"}, street: "18 rue du Clos-Lucé",
		tags: []string{tagSponsor}},
	{name: "Ville de Tours", kind: contact.OrgPublicFunder,
		place: place{"37000", "Tours", "02"}, tags: []string{tagPublic},
		notes: "Subvention de fonctionnement et mise à disposition des parcelles du Sanitas."},
	{name: "Département d'Indre-et-Loire", kind: contact.OrgPublicFunder,
		place: place{"37000", "Tours", "02"}, tags: []string{tagPublic}},
	{name: "Région Centre-Val de Loire", kind: contact.OrgPublicFunder,
		place: place{"45000", "Orléans", "02"}, tags: []string{tagPublic}},
	{name: "État – DRAJES Centre-Val de Loire", kind: contact.OrgPublicFunder,
		place: place{"45000", "Orléans", "02"}, tags: []string{tagPublic},
		notes: "Fonds pour le développement de la vie associative (FDVA)."},
	{name: "Tours Métropole Val de Loire", kind: contact.OrgPublicFunder,
		place: place{"37000", "Tours", "02"}, tags: []string{tagPublic}},
	{name: "Fondation pour les Jardins Solidaires", kind: contact.OrgFoundation,
		place: place{"75011", "Paris", "01"}, street: "40 rue de la Roquette", tags: []string{tagPartner}},
	{name: "Fondation Terre & Partage", kind: contact.OrgFoundation,
		place: place{"69003", "Lyon", ""}, street: "12 cours Lafayette", tags: []string{tagPartner}},
	{name: "Fonds de dotation Loire Vivante", kind: contact.OrgFoundation,
		place: place{"41000", "Blois", "02"}, street: "2 quai de la Saussaye", tags: []string{tagPartner}},
	{name: "Épicerie solidaire du Sanitas", kind: contact.OrgAssociation,
		place: place{"37000", "Tours", "02"}, street: "10 place Saint-Paul", tags: []string{tagPartner},
		notes: "Reçoit une partie des récoltes chaque semaine de mai à octobre."},
	{name: "Compost'Tours", kind: contact.OrgAssociation,
		place: place{"37100", "Tours", "02"}, street: "4 rue du Général-Renault", tags: []string{tagPartner}},
	{name: "Graines de Quartier", kind: contact.OrgAssociation,
		place: place{"37300", "Joué-lès-Tours", "02"}, street: "7 rue Jean-Moulin", tags: []string{tagPartner}},
	{name: "Les Amis du Cher à vélo", kind: contact.OrgAssociation,
		place: place{"37200", "Tours", "02"}, street: "30 rue de Grandmont", tags: []string{tagPartner}},
	{name: "AMAP des Deux Rives", kind: contact.OrgAssociation,
		place: place{"37540", "Saint-Cyr-sur-Loire", "02"}, street: "21 rue de la Mairie", tags: []string{tagPartner}},
	{name: "Le Courrier de Loire", kind: contact.OrgPress, press: contact.PressRegionalDaily,
		place: place{"37000", "Tours", "02"}, street: "232 avenue de Grammont", tags: []string{tagPress},
		notes: "Quotidien régional : envoyer les communiqués avant 16 h pour l'édition du lendemain."},
	{name: "Radio Val de Loire", kind: contact.OrgPress, press: contact.PressRadio,
		place: place{"37000", "Tours", "02"}, street: "14 rue Bernard-Palissy", tags: []string{tagPress}},
	{name: "TV Tours Métropole", kind: contact.OrgPress, press: contact.PressTV,
		place: place{"37100", "Tours", "02"}, street: "9 rue Daniel-Mayer", tags: []string{tagPress}},
	{name: "Jardins & Territoires magazine", kind: contact.OrgPress, press: contact.PressSpecialised,
		place: place{"75014", "Paris", "01"}, street: "18 rue Daguerre", tags: []string{tagPress},
		notes: "Mensuel national ; bouclage le 10 du mois précédent."},
	{name: "Le Fil Tourangeau", kind: contact.OrgPress, press: contact.PressWeb,
		place: place{"37000", "Tours", "02"}, tags: []string{tagPress},
		notes: "Média en ligne, actualité de la métropole."},
	{name: "Touraine Logis Solidaire", kind: contact.OrgOther,
		place: place{"37000", "Tours", "02"}, street: "25 rue Edouard-Vaillant",
		notes: "Bailleur social : prête le local à outils du jardin des Fontaines."},
	{name: "Collectif des habitants du Sanitas", kind: contact.OrgOther,
		place: place{"37000", "Tours", "02"}},
}

// Indexes in orgList of the organisations that gifts and links name.
const (
	orgBoulangerie = iota
	orgTransports
	orgCredit
	orgLigeria
	orgEpicerieBio
	orgImprimerie
	orgCabinet
	orgMaraichers
	orgPepinieres
	orgMenuiserie
	orgVilleTours
	orgDepartement
	orgRegion
	orgDRAJES
	orgMetropole
	orgFondJardins
	orgFondTerre
	orgFondsLoire
	orgEpicerieSanitas
	orgCompost
	orgGraines
	orgVelo
	orgAMAP
	orgCourrier
	orgRadio
	orgTV
	orgMagazine
	orgWeb
	orgBailleur
	orgHabitants
)

// organisations adds orgList and returns their indexes in contacts.
func (b *builder) organisations() []int {
	idx := make([]int, len(orgList))
	for i, o := range orgList {
		c := contact.Contact{
			Kind:          contact.Organisation,
			OrgName:       o.name,
			OrgKind:       o.kind,
			PressKind:     o.press,
			LegalForm:     o.legalForm,
			FiscalYearEnd: o.yearEnd,
			Notes:         o.notes,
			Tags:          o.tags,
			Emails:        []contact.Email{{Address: "contact@" + orgDomain(o.name, "example.fr"), Label: "contact", Preferred: true}},
			Website:       "https://www." + orgDomain(o.name, "example.fr"),
		}
		if o.sirenSeed != 0 {
			c.SIREN = sirenFrom(o.sirenSeed)
		}
		c.Addresses = []contact.Address{{Label: "siège", Street: o.street, Postcode: o.place.Postcode,
			City: o.place.City, Country: "France", Preferred: true}}
		if o.place.Region != "" {
			c.Phones = []contact.Phone{{Number: b.phone(o.place.Region), Label: "standard", Preferred: true}}
		}
		idx[i] = b.add(c)
	}
	return idx
}

// add appends c to the contacts and returns its index.
func (b *builder) add(c contact.Contact) int {
	b.d.contacts = append(b.d.contacts, c)
	return len(b.d.contacts) - 1
}

// phone returns the next fictional number: a landline for region "01" or
// "02", a mobile for "06".
func (b *builder) phone(region string) string {
	prefix := fictionMobile
	switch region {
	case "01":
		prefix = fictionIDF
	case "02":
		prefix = fictionWest
	}
	// Numbers are spread out rather than consecutive, and never repeat.
	n := b.phones[prefix]
	b.phones[prefix] = n + 1
	return phone(prefix, (n*7919+1234)%fictionPerRange)
}

// civility returns "Mme" for the women's first names, "M." otherwise.
func civility(first string) string {
	if slices.Contains(womenFirstNames, first) {
		return "Mme"
	}
	return "M."
}

// person adds a private person living at a random place, most often
// nearby, with a personal email and phone, and returns the index.
func (b *builder) person(first, last string, tags ...string) int {
	return b.personAt(pickPlace(b.rng, 0.8), first, last, tags...)
}

// personAt adds a private person living at p.
func (b *builder) personAt(p place, first, last string, tags ...string) int {
	b.used[first+" "+last] = true
	c := contact.Contact{
		Kind:      contact.Person,
		Civility:  civility(first),
		FirstName: first,
		LastName:  last,
		Tags:      tags,
	}
	if b.rng.IntN(10) > 0 {
		c.Emails = []contact.Email{{Address: personEmail(b.rng, first, last), Label: "personnel", Preferred: true}}
	}
	switch r := b.rng.IntN(10); {
	case r < 6:
		c.Phones = []contact.Phone{{Number: b.phone("06"), Label: "mobile", Preferred: true}}
	case r < 8 && p.Region != "":
		c.Phones = []contact.Phone{{Number: b.phone(p.Region), Label: "domicile", Preferred: true}}
	}
	if b.rng.IntN(20) > 0 {
		c.Addresses = []contact.Address{randomAddress(b.rng, p)}
	}
	return b.add(c)
}

// worker adds a person reached at work in organisation org, with role.
func (b *builder) worker(first, last string, org int, role string, tags ...string) int {
	b.used[first+" "+last] = true
	o := b.d.contacts[org]
	i := b.add(contact.Contact{
		Kind:      contact.Person,
		Civility:  civility(first),
		FirstName: first,
		LastName:  last,
		Tags:      tags,
		Emails: []contact.Email{{Address: fmt.Sprintf("%s.%s@%s", slug(first), slug(last),
			emailDomains[b.rng.IntN(len(emailDomains))]), Label: "travail", Preferred: true}},
		Phones: []contact.Phone{{Number: b.phone("06"), Label: "mobile professionnel", Preferred: true}},
		Notes:  fmt.Sprintf("%s, %s.", capitalize(role), o.OrgName),
	})
	b.link(i, org, role)
	return i
}

func (b *builder) link(person, org int, role string) {
	b.d.links = append(b.d.links, link{person: person, org: org, role: role})
}

// board adds the board of directors and returns their indexes.
func (b *builder) board(orgs []int) []int {
	members := []struct{ first, last, role string }{
		{"Claire", "Moreau", "présidente"},
		{"Cédric", "Le Goff", "vice-président"},
		{"Jérôme", "Lefèvre", "trésorier"},
		{"Anaïs", "N'Diaye", "secrétaire"},
		{"Françoise", "Da Silva", "responsable de l'aide alimentaire"},
		{"Karim", "Benali", "responsable du jardin du Sanitas"},
		{"Hélène", "Müller", "responsable des animations scolaires"},
		{"Yannick", "Bodin", "administrateur"},
		{"Zoé", "Marchand", "administratrice"},
	}
	idx := make([]int, len(members))
	for i, m := range members {
		home := localPlaces[b.rng.IntN(len(localPlaces))]
		idx[i] = b.personAt(home, m.first, m.last, tagBoard, tagMember, tagVolunteer)
		b.d.contacts[idx[i]].Notes = "Membre du conseil d'administration : " + m.role + "."
	}
	// Board members often sit in partner associations too.
	b.link(idx[1], orgs[orgCompost], "administrateur")
	b.link(idx[4], orgs[orgEpicerieSanitas], "bénévole référente")
	return idx
}

// staff adds the people who work for the organisations.
func (b *builder) staff(orgs []int) {
	for _, w := range []struct {
		first, last string
		org         int
		role        string
		tags        []string
	}{
		{"Sophie", "Girard", orgCourrier, "journaliste", []string{tagPress}},
		{"Benoît", "Rousseau", orgCourrier, "rédacteur en chef", []string{tagPress}},
		{"Léa", "Fontaine", orgRadio, "journaliste", []string{tagPress}},
		{"Thomas", "Lemaire", orgTV, "journaliste", []string{tagPress}},
		{"Agnès", "Perrin", orgMagazine, "rédactrice en chef", []string{tagPress}},
		{"Loïc", "Hamon", orgWeb, "journaliste", []string{tagPress}},
		{"Inès", "Haddad", orgWeb, "rédactrice en chef", []string{tagPress}},
		{"Patrick", "Martin", orgBoulangerie, "gérant", []string{tagSponsor}},
		{"Nathalie", "Chevalier", orgTransports, "responsable RSE", []string{tagSponsor}},
		{"Stéphane", "Guérin", orgCredit, "responsable RSE", []string{tagSponsor}},
		{"Aurélie", "Besnard", orgLigeria, "responsable RSE", []string{tagSponsor}},
		{"Mélanie", "Vasseur", orgEpicerieBio, "gérante", []string{tagSponsor}},
		{"Sandrine", "Colin", orgImprimerie, "directrice", []string{tagSponsor}},
		{"Isabelle", "Durand", orgCabinet, "associée", []string{tagSponsor}},
		{"Joël", "Tessier", orgMaraichers, "gérant", []string{tagSponsor}},
		{"Hervé", "Pasquier", orgPepinieres, "gérant", []string{tagSponsor}},
		{"Alain", "Girard", orgMenuiserie, "gérant", []string{tagSponsor}},
		{"Catherine", "Lacroix", orgVilleTours, "chargée de mission vie associative", []string{tagPublic}},
		{"Olivier", "Fabre", orgDepartement, "chargé de mission solidarités", []string{tagPublic}},
		{"Valérie", "Renard", orgRegion, "chargée de mission environnement", []string{tagPublic}},
		{"Didier", "Caron", orgDRAJES, "conseiller jeunesse et éducation populaire", []string{tagPublic}},
		{"Gaëlle", "Le Bihan", orgMetropole, "cheffe de projet transition alimentaire", []string{tagPublic}},
		{"Béatrice", "Lebrun", orgFondJardins, "chargée de programmes", []string{tagPartner}},
		{"Grégoire", "Vidal", orgFondTerre, "délégué général", []string{tagPartner}},
		{"Clémence", "Aubry", orgFondsLoire, "présidente", []string{tagPartner}},
		{"Fatoumata", "Diallo", orgEpicerieSanitas, "coordinatrice", []string{tagPartner}},
		{"Rémi", "Lejeune", orgCompost, "président", []string{tagPartner}},
		{"Margaux", "Pereira", orgGraines, "animatrice", []string{tagPartner}},
		{"Pascal", "Roche", orgVelo, "président", []string{tagPartner}},
		{"Josiane", "Hubert", orgAMAP, "trésorière", []string{tagPartner}},
		{"Thierry", "Collet", orgBailleur, "responsable de secteur", nil},
		{"Aïcha", "Traoré", orgHabitants, "porte-parole", []string{tagVolunteer}},
	} {
		b.worker(w.first, w.last, orgs[w.org], w.role, w.tags...)
	}
}

// members draws the association's members, volunteers and donors and
// returns their indexes; the first regularDonors give every month.
func (b *builder) members() []int {
	const n = 125
	notes := []string{
		"Propose d'animer l'atelier compost le samedi matin.",
		"Préfère être contactée par téléphone.",
		"Ne souhaite pas recevoir la lettre d'information papier.",
		"Parcelle n° 12 au jardin des Fontaines.",
		"Disponible pour les distributions du mercredi.",
		"A rencontré l'association à la fête des jardins.",
	}
	idx := make([]int, 0, n)
	for len(idx) < n {
		first := womenFirstNames[b.rng.IntN(len(womenFirstNames))]
		if b.rng.IntN(100) < 45 {
			first = menFirstNames[b.rng.IntN(len(menFirstNames))]
		}
		last := lastNames[b.rng.IntN(len(lastNames))]
		if b.used[first+" "+last] {
			continue
		}
		var tags []string
		if len(idx) < regularDonors {
			tags = append(tags, tagRegular)
		}
		if b.rng.IntN(100) < 55 {
			tags = append(tags, tagMember)
		}
		if b.rng.IntN(100) < 30 {
			tags = append(tags, tagVolunteer)
		}
		i := b.person(first, last, tags...)
		if b.rng.IntN(8) == 0 {
			b.d.contacts[i].Notes = notes[b.rng.IntN(len(notes))]
		}
		idx = append(idx, i)
	}
	return idx
}

// regularDonors is the number of members who give by monthly direct debit.
const regularDonors = 15

// giveGifts draws the gifts of the period, sorts them by date and gives
// them their references.
func (b *builder) giveGifts(orgs, board, pool []int) {
	y0, y1 := b.start.Year(), b.start.Year()+1
	years := []int{y0, y1}

	// Monthly direct debits, taken on the 5th. Some donors joined during
	// the period and two of them stopped.
	for i, donor := range pool[:regularDonors] {
		amount := []money.Cents{10_00, 15_00, 20_00}[b.rng.IntN(3)]
		from := 0
		if i%3 == 2 {
			from = 1 + b.rng.IntN(18)
		}
		to := 24
		if i == 4 || i == 11 {
			to = from + 6 + b.rng.IntN(8)
		} else {
			b.monthly[donor] = amount
		}
		for m := from; m < to; m++ {
			b.gift(donor, date(y0, time.January, 5).AddDate(0, m, 0), donation.Gift{
				Amount: amount, Method: donation.DirectDebit, Note: "Don mensuel par prélèvement"})
		}
	}

	// Membership fees: 20 € a year, paid early in the year or at the
	// September forum of associations.
	for _, p := range slices.Concat(board, pool) {
		if !slices.Contains(b.d.contacts[p].Tags, tagMember) {
			continue
		}
		for _, y := range years {
			if b.rng.IntN(100) >= 85 {
				continue
			}
			when := between(b.rng, date(y, time.January, 10), date(y, time.April, 30))
			if b.rng.IntN(10) < 3 {
				when = between(b.rng, date(y, time.September, 1), date(y, time.October, 15))
			}
			method := donation.Cheque
			switch r := b.rng.IntN(100); {
			case r < 35:
				method = donation.Card
			case r < 55:
				method = donation.Cash
			}
			b.gift(p, when, donation.Gift{Amount: 20_00, Method: method, Membership: true,
				Note: fmt.Sprintf("Cotisation %d", y)})
		}
	}

	// Occasional gifts, many of them answering the campaigns: the year-end
	// appeal makes December the busiest month.
	small := []money.Cents{10_00, 15_00, 20_00, 20_00, 25_00, 30_00, 30_00, 40_00, 50_00, 50_00,
		50_00, 50_00, 60_00, 75_00, 80_00, 100_00, 100_00, 100_00, 35_00, 45_00}
	for _, p := range slices.Concat(board, pool[regularDonors:]) {
		if b.rng.IntN(100) >= 70 {
			continue
		}
		for _, y := range years {
			n := 0
			switch r := b.rng.IntN(100); {
			case r >= 95:
				n = 3
			case r >= 80:
				n = 2
			case r >= 35:
				n = 1
			}
			for range n {
				when, g := b.occasional(y, small)
				b.gift(p, when, g)
			}
		}
	}

	// A few large gifts from private donors.
	for i, amount := range []money.Cents{500_00, 750_00, 1_000_00, 1_500_00, 2_500_00, 5_000_00} {
		p := pool[regularDonors+b.rng.IntN(len(pool)-regularDonors)]
		g := donation.Gift{Amount: amount, Method: donation.Cheque}
		if i%2 == 1 {
			g.Method = donation.Transfer
		}
		when := between(b.rng, b.start, b.end)
		if i < 2 {
			g.Campaign, when = campaignGreen, between(b.rng, date(y0, time.March, 1), date(y0, time.June, 30))
		}
		b.gift(p, when, g)
	}

	// Sponsorship by companies, by transfer, before the end of their
	// fiscal year so that it counts for that year's tax reduction.
	for i, o := range orgList {
		if o.sponsorship == 0 {
			continue
		}
		for _, y := range years {
			if y == y1 && b.rng.IntN(100) >= 80 {
				continue
			}
			from, to := date(y, time.December, 1), date(y, time.December, 20)
			if o.yearEnd != "12-31" {
				m, _ := time.Parse("01-02", o.yearEnd)
				to = date(y, m.Month(), m.Day()-5)
				from = to.AddDate(0, -3, 0)
				if from.Before(b.start) {
					from = b.start
				}
			}
			amount := o.sponsorship + money.Cents(b.rng.IntN(3)-1)*o.sponsorship/4
			if i == orgTransports && y == y1 {
				// This year's convention (see sponsorCases) says 10 000 €.
				amount = o.sponsorship
			}
			b.gift(orgs[i], between(b.rng, from, to), donation.Gift{Amount: amount, Method: donation.Transfer,
				Campaign: o.campaign, Counterparts: o.counterparts, Note: fmt.Sprintf("Mécénat %d", y)})
		}
	}

	// Foundations' grants.
	b.gift(orgs[orgFondJardins], between(b.rng, date(y0, time.April, 1), date(y0, time.May, 31)), donation.Gift{
		Amount: 8_000_00, Method: donation.Transfer, Campaign: campaignGreen, Note: "Appel à projets « Jardins nourriciers »"})
	b.gift(orgs[orgFondTerre], between(b.rng, date(y0, time.January, 10), date(y0, time.February, 20)), donation.Gift{
		Amount: 5_000_00, Method: donation.Transfer, Campaign: campaignWinter})
	b.gift(orgs[orgFondTerre], between(b.rng, date(y1, time.January, 10), date(y1, time.February, 20)), donation.Gift{
		Amount: 5_000_00, Method: donation.Transfer, Campaign: campaignWinter})
	b.gift(orgs[orgFondsLoire], between(b.rng, date(y0, time.September, 1), date(y0, time.September, 30)), donation.Gift{
		Amount: 3_000_00, Method: donation.Transfer})

	// Gifts in kind, valued by the donor. The register requires a payment
	// method; a transfer is recorded for want of an "other" one.
	for _, k := range []struct {
		org                 int
		amount              money.Cents
		from, to            time.Time
		what, how, campaign string
	}{
		{orgPepinieres, 1_850_00, date(y0, time.March, 15), date(y0, time.April, 15),
			"120 plants de légumes et 15 arbres fruitiers pour le jardin du Sanitas",
			"Prix de revient des plants, d'après les factures du fournisseur", ""},
		{orgMenuiserie, 2_400_00, date(y0, time.May, 2), date(y0, time.May, 31),
			"Bois et fabrication de 8 bacs potagers surélevés, accessibles en fauteuil",
			"Coût de revient : matériaux et heures de main-d'œuvre", campaignGreen},
		{orgBoulangerie, 640_00, date(y0, time.November, 2), date(y0, time.December, 20),
			"320 kg de pain et de viennoiseries pour les colis de l'aide alimentaire",
			"Prix de revient des invendus", campaignWinter},
	} {
		b.gift(orgs[k.org], between(b.rng, k.from, k.to), donation.Gift{Amount: k.amount, Method: donation.Transfer,
			Nature: donation.InKind, Description: k.what, ValuationMethod: k.how, Campaign: k.campaign})
	}

	// Volunteers who waive the refund of their mileage: the waived
	// expenses count as a gift (CGI art. 200, 1).
	for _, p := range []int{board[4], board[5], board[0]} {
		km := 600 + b.rng.IntN(1200)
		b.gift(p, between(b.rng, date(y0, time.December, 10), date(y0, time.December, 31)), donation.Gift{
			Amount:          money.Cents(km * 335 / 10), // 0,335 € per km, a plausible scale
			Method:          donation.Transfer,
			Nature:          donation.ExpensesWaived,
			Description:     fmt.Sprintf("Abandon du remboursement de %d km (collectes et livraisons de l'aide alimentaire)", km),
			ValuationMethod: "Barème kilométrique des bénévoles, sur relevé des trajets",
		})
	}

	slices.SortStableFunc(b.d.gifts, func(x, y gift) int { return cmp.Compare(x.DateReceived, y.DateReceived) })
	for i := range b.d.gifts {
		b.d.gifts[i].Reference = fmt.Sprintf("demo-%04d", i+1)
	}
}

// occasional draws the date and the gift of a donor who gives now and
// then in year y, often answering a campaign: the year-end appeal makes
// December the busiest month.
func (b *builder) occasional(y int, amounts []money.Cents) (time.Time, donation.Gift) {
	g := donation.Gift{Amount: amounts[b.rng.IntN(len(amounts))]}
	var when time.Time
	switch r := b.rng.IntN(100); {
	case r < 45:
		g.Campaign = campaignYearEnd
		when = between(b.rng, date(y, time.December, 1), date(y, time.December, 31))
		if b.rng.IntN(5) == 0 {
			when = between(b.rng, date(y, time.November, 15), date(y, time.November, 30))
		}
	case r < 60:
		when, g.Campaign = between(b.rng, date(y, time.January, 5), date(y, time.February, 28)), campaignWinter
	case r < 70 && y == b.start.Year():
		when, g.Campaign = between(b.rng, date(y, time.March, 1), date(y, time.June, 30)), campaignGreen
	default:
		when = between(b.rng, date(y, time.January, 1), date(y, time.December, 31))
	}
	switch r := b.rng.IntN(100); {
	case r < 45:
		g.Method = donation.Cheque
	case r < 80:
		g.Method = donation.Card
	case r < 97:
		g.Method = donation.Transfer
	default:
		g.Method = donation.Cash
		g.Note = "Remis en main propre à la fête des jardins"
	}
	return when, g
}

// gift records g from donor on when, unless when is after the end of
// the period. Cheques are cashed a few days later, if that is past.
func (b *builder) gift(donor int, when time.Time, g donation.Gift) {
	if when.Before(b.start) || when.After(b.end) {
		return
	}
	g.DateReceived = civil(when)
	g.Source = demoSource
	if g.Nature == "" {
		g.Nature = donation.Numeraire
	}
	g.Forme = donation.DonManuel
	if g.Method == donation.Cheque {
		g.ChequeNumber = fmt.Sprintf("%07d", 1_000_000+b.rng.IntN(9_000_000))
		g.Bank = banks[b.rng.IntN(len(banks))]
		if cashed := when.AddDate(0, 0, 2+b.rng.IntN(8)); !cashed.After(b.end) {
			g.DateCashed = civil(cashed)
		}
	}
	b.d.gifts = append(b.d.gifts, gift{donor: donor, Gift: g})
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
