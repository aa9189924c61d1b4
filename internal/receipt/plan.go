package receipt

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/textfold"
)

// Request says which receipts to plan.
type Request struct {
	// GiftIDs asks for these gifts, one receipt each (or, with Annual, one
	// yearly receipt per donor).
	GiftIDs []int64
	// DonorID, with Year, asks for the gifts of one donor in Year not yet
	// receipted; Year alone asks for every donor's.
	DonorID int64
	Year    int
	// Annual groups a donor's gifts of one calendar year into one receipt
	// « Cumul des versements effectués en AAAA », split by nature and, for
	// a company, by its fiscal years. Otherwise each gift gets its own.
	Annual bool
}

// Plan is what would be issued, and what cannot be and why.
type Plan struct {
	// Issuer lists what the association's profile lacks: while it is not
	// empty nothing can be issued.
	Issuer apperr.Multi
	// Drafts are the receipts ready to be numbered, in the order they
	// would be numbered (by donor name).
	Drafts []Draft
	// Blocked are the gifts left out, with everything they lack.
	Blocked []Blocked
}

// Blocked is a group of gifts that cannot be receipted yet.
type Blocked struct {
	DonorID   int64
	DonorName string
	GiftIDs   []int64
	Errors    apperr.Multi
}

// Err returns everything that blocks the plan as one apperr.Multi, or nil.
func (p Plan) Err() error {
	m := slices.Clone(p.Issuer)
	for _, b := range p.Blocked {
		m = append(m, b.Errors...)
	}
	return m.OrNil()
}

// planInput is everything plan needs: it does no I/O.
type planInput struct {
	profile    association.Profile
	settings   Settings
	candidates []Candidate
	donors     map[int64]Donor
	annual     bool
	year       int // annual: the calendar year covered
	issuedOn   string
}

// plan groups the candidates into receipts and checks every mandatory
// mention (receipts-law.md R2.2). It never stops at the first problem: a
// plan lists everything that is missing, so that it can be fixed at once.
func plan(in planInput) Plan {
	var p Plan
	p.Issuer = issuerProblems(in.profile)
	issuer := issuerSnapshot(in.profile)
	category, _ := association.CategoryByCode(in.profile.Category)

	type group struct {
		donor Donor
		key   groupKey
		cands []Candidate
	}
	var groups []*group
	byKey := map[groupKey]*group{}
	donorErrs := map[int64]apperr.Multi{}
	blocked := map[int64]*Blocked{} // gifts blocked on their own, per donor

	for _, c := range in.candidates {
		g := c.Gift
		d, ok := in.donors[g.DonorID]
		if !ok {
			d = Donor{Contact: contact.Contact{ID: g.DonorID}}
		}
		if _, seen := donorErrs[g.DonorID]; !seen {
			donorErrs[g.DonorID] = donorProblems(d, ok, in.annual)
		}
		errs := giftProblems(c, in.settings.DateRule, in.annual, in.year)
		if len(errs) > 0 {
			b := blocked[g.DonorID]
			if b == nil {
				b = &Blocked{DonorID: g.DonorID, DonorName: donorLabel(d)}
				blocked[g.DonorID] = b
			}
			b.GiftIDs = append(b.GiftIDs, g.ID)
			b.Errors = append(b.Errors, errs...)
			continue
		}
		key := groupKey{donor: g.DonorID, gift: g.ID}
		if in.annual {
			key = groupKey{donor: g.DonorID, nature: natureOf(g), segment: segmentOf(d, in.settings.DateRule.GiftDate(g))}
		}
		gr := byKey[key]
		if gr == nil {
			gr = &group{donor: d, key: key}
			byKey[key] = gr
			groups = append(groups, gr)
		}
		gr.cands = append(gr.cands, c)
	}

	for _, gr := range groups {
		if errs := donorErrs[gr.key.donor]; len(errs) > 0 {
			b := blocked[gr.key.donor]
			if b == nil {
				b = &Blocked{DonorID: gr.key.donor, DonorName: donorLabel(gr.donor)}
				blocked[gr.key.donor] = b
			}
			for _, c := range gr.cands {
				b.GiftIDs = append(b.GiftIDs, c.Gift.ID)
			}
			continue
		}
		d, err := draft(in, issuer, category, gr.donor, gr.key, gr.cands)
		if err != nil {
			var m apperr.Multi
			if !errors.As(err, &m) {
				m = apperr.Multi{apperr.Invalid("receipt.draft", err.Error())}
			}
			b := blocked[gr.key.donor]
			if b == nil {
				b = &Blocked{DonorID: gr.key.donor, DonorName: donorLabel(gr.donor)}
				blocked[gr.key.donor] = b
			}
			for _, c := range gr.cands {
				b.GiftIDs = append(b.GiftIDs, c.Gift.ID)
			}
			b.Errors = append(b.Errors, m...)
			continue
		}
		p.Drafts = append(p.Drafts, d)
	}
	// A donor's own problems are listed once, before those of its gifts.
	for id, errs := range donorErrs {
		if len(errs) == 0 {
			continue
		}
		if b := blocked[id]; b != nil {
			b.Errors = append(slices.Clone(errs), b.Errors...)
		}
	}
	for _, b := range blocked {
		slices.Sort(b.GiftIDs)
		p.Blocked = append(p.Blocked, *b)
	}
	slices.SortFunc(p.Blocked, func(a, b Blocked) int {
		return cmp.Or(cmp.Compare(textfold.Fold(a.DonorName), textfold.Fold(b.DonorName)), cmp.Compare(a.DonorID, b.DonorID))
	})
	slices.SortStableFunc(p.Drafts, compareDrafts)
	return p
}

// groupKey identifies one receipt of a plan: one gift, or one donor's
// gifts of one nature within one fiscal-year segment.
type groupKey struct {
	donor   int64
	gift    int64 // one receipt per gift
	nature  donation.Nature
	segment period
}

// period is a span of dates, inclusive; zero for individuals.
type period struct{ from, to string }

// natureOf is the nature of a gift as receipts show it.
func natureOf(g donation.Gift) donation.Nature {
	return cmp.Or(g.Nature, donation.Numeraire)
}

// segmentOf returns the part of the calendar year of date that a company
// receipt may cover: a receipt must not straddle two fiscal years of the
// company (R1.21), so a year whose fiscal year ends on, say, 30 June is
// covered by two receipts, 1 January–30 June and 1 July–31 December.
// Individuals' yearly receipts cover the calendar year (R4.2).
func segmentOf(d Donor, date string) period {
	if d.Kind != contact.Organisation {
		return period{}
	}
	t, err := time.Parse(time.DateOnly, date)
	mmdd, ok := ParseMonthDay(d.FiscalYearEnd)
	if err != nil || !ok {
		return period{} // donorProblems refuses the donor
	}
	year := t.Year()
	start := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
	cut := yearEnd(year, mmdd)
	if cut.Equal(end) {
		return period{start.Format(time.DateOnly), end.Format(time.DateOnly)}
	}
	if !t.After(cut) {
		return period{start.Format(time.DateOnly), cut.Format(time.DateOnly)}
	}
	return period{cut.AddDate(0, 0, 1).Format(time.DateOnly), end.Format(time.DateOnly)}
}

// draft builds the receipt for one group of gifts.
func draft(in planInput, issuer donation.IssuerSnapshot, category association.Category, d Donor, key groupKey, cands []Candidate) (Draft, error) {
	kind := donorKind(d)
	form, err := formFor(kind, in.issuedOn)
	if err != nil {
		return Draft{}, err
	}
	r := donation.Receipt{
		IssuedOn: in.issuedOn,
		Form:     form,
		Issuer:   issuer,
		Donor:    donorSnapshot(d),
		DonorID:  d.ID,
		Annual:   in.annual,
		Status:   donation.Valid,
		Spelling: in.settings.Spelling,
	}
	dr := Draft{}
	slices.SortStableFunc(cands, func(a, b Candidate) int {
		return cmp.Or(strings.Compare(in.settings.DateRule.GiftDate(a.Gift), in.settings.DateRule.GiftDate(b.Gift)),
			cmp.Compare(a.Gift.ID, b.Gift.ID))
	})
	for _, c := range cands {
		g := c.Gift
		amount, _ := donation.Receiptable(g, c.Claim) // checked by giftProblems
		l := donation.ReceiptLine{
			GiftID: g.ID,
			Date:   in.settings.DateRule.GiftDate(g),
			Amount: amount,
			Method: g.Method,
			Nature: natureOf(g),
			Forme:  cmp.Or(g.Forme, donation.DonManuel),
		}
		if l.Nature != donation.Numeraire {
			l.Description, l.Valuation = g.Description, g.ValuationMethod
		}
		r.Lines = append(r.Lines, l)
		r.Total += amount
		dr.Gifts = append(dr.Gifts, g)
	}
	first := r.Lines[0].Date
	r.PeriodYear, _ = strconv.Atoi(first[:4])
	if in.annual {
		r.PeriodYear = in.year
		if kind == donation.Company {
			r.PeriodFrom, r.PeriodTo = key.segment.from, key.segment.to
		}
	}
	if kind == donation.Individual {
		// Article 200 always; 978 (IFI) as well only when the association's
		// category allows it, the setting asks for it, and the gifts are in
		// cash or listed shares (R1.11a, R1.11b). The donor then claims
		// one reduction or the other for each euro (footnote 2).
		r.Article200 = true
		n := natureOf(dr.Gifts[0])
		r.Article978 = in.settings.Article978 && category.IFIEligible &&
			(n == donation.Numeraire || n == donation.ListedShares) && allSameNature(dr.Gifts)
	}
	if _, err := money.Words(r.Total, r.Spelling); err != nil {
		return Draft{}, err
	}
	dr.Receipt = r
	return dr, nil
}

func allSameNature(gs []donation.Gift) bool {
	for _, g := range gs {
		if natureOf(g) != natureOf(gs[0]) {
			return false
		}
	}
	return true
}

// compareDrafts orders receipts as they are numbered: by donor name (so
// that the printed pile is in alphabetical order), then nature, period
// and first gift.
func compareDrafts(a, b Draft) int {
	return cmp.Or(
		strings.Compare(sortName(a.Receipt.Donor), sortName(b.Receipt.Donor)),
		cmp.Compare(a.Receipt.DonorID, b.Receipt.DonorID),
		cmp.Compare(slices.Index(donation.Natures, a.Receipt.Lines[0].Nature), slices.Index(donation.Natures, b.Receipt.Lines[0].Nature)),
		strings.Compare(a.Receipt.PeriodFrom, b.Receipt.PeriodFrom),
		strings.Compare(a.Receipt.Lines[0].Date, b.Receipt.Lines[0].Date),
		cmp.Compare(a.Receipt.Lines[0].GiftID, b.Receipt.Lines[0].GiftID),
	)
}

func sortName(d donation.DonorSnapshot) string {
	if d.Kind == donation.Company {
		return textfold.Fold(d.CompanyName)
	}
	return textfold.Fold(d.LastName + " " + d.FirstName)
}

// DonorName is the name of the donor printed on r, as lists show it:
// "DUPONT Marie" or the company's name.
func DonorName(d donation.DonorSnapshot) string {
	if d.Kind == donation.Company {
		return d.CompanyName
	}
	return strings.TrimSpace(strings.ToUpper(d.LastName) + " " + d.FirstName)
}

// donorKind picks the form: a person gets the receipt of individuals
// (Cerfa 11580), an organisation that of companies (Cerfa 16216).
func donorKind(d Donor) donation.DonorKind {
	if d.Kind == contact.Organisation {
		return donation.Company
	}
	return donation.Individual
}

// issuerSnapshot copies the association as the receipt prints it.
func issuerSnapshot(p association.Profile) donation.IssuerSnapshot {
	s := donation.IssuerSnapshot{
		Name:            strings.TrimSpace(p.Name),
		SIREN:           association.NormalizeSIREN(p.SIREN),
		Street:          p.Street,
		Postcode:        p.Postcode,
		City:            p.City,
		Country:         p.Country,
		Object:          p.Object,
		CategoryCode:    p.Category,
		CategoryWording: p.CategoryWording(),
		SignerName:      p.SignerName,
		SignerRole:      p.SignerRole,
		Signature:       p.Signature.Data,
		SignatureMIME:   p.Signature.MIME,
		Logo:            p.Logo.Data,
		LogoMIME:        p.Logo.MIME,
	}
	if p.RNA != "" {
		s.RNA = association.NormalizeRNA(p.RNA)
	}
	if c, ok := association.CategoryByCode(p.Category); ok {
		s.IFIEligible = c.IFIEligible
		if c.UnderParent {
			s.ParentWording = association.CategoryForm().ParentWording
		}
	}
	return s
}

// donorSnapshot copies the donor as the receipt prints it, with the
// preferred postal address.
func donorSnapshot(d Donor) donation.DonorSnapshot {
	a, _ := d.PreferredAddress()
	s := donation.DonorSnapshot{
		Kind:     donorKind(d),
		Street:   strings.TrimSpace(a.Street),
		Postcode: strings.TrimSpace(a.Postcode),
		City:     strings.TrimSpace(a.City),
		Country:  strings.TrimSpace(a.Country),
	}
	if s.Kind == donation.Company {
		s.CompanyName = strings.TrimSpace(d.OrgName)
		s.LegalForm = strings.TrimSpace(d.LegalForm)
		s.SIREN = association.NormalizeSIREN(d.SIREN)
	} else {
		s.LastName = strings.TrimSpace(d.LastName)
		s.FirstName = strings.TrimSpace(d.FirstName)
	}
	return s
}

// issuerProblems lists what the association's profile lacks or gets wrong
// for a receipt (R1.6, R1.7, R1.15).
func issuerProblems(p association.Profile) apperr.Multi {
	var m apperr.Multi
	var invalid apperr.Multi
	if errors.As(p.Validate(), &invalid) {
		m = append(m, invalid...)
	}
	return append(m, p.MissingForReceipts()...)
}

// donorLabel names a donor in messages: "DUPONT Marie (fiche n° 12)".
func donorLabel(d Donor) string {
	name := strings.TrimSpace(d.DisplayName())
	if name == "" {
		name = "Donateur sans nom"
	}
	return fmt.Sprintf("%s (fiche n° %d)", name, d.ID)
}

// donorProblems lists the mentions the donor's record lacks: for a
// person, surname, given name and a complete address (R1.8); for a
// company, its name, legal form, a valid SIREN and a complete address
// (R1.18), and for a yearly receipt its fiscal-year end (R1.21).
func donorProblems(d Donor, found, annual bool) apperr.Multi {
	var m apperr.Multi
	label := donorLabel(d)
	add := func(field, key, what string) {
		m = append(m, apperr.InvalidField(field, "receipt.donor_"+key, label+" : "+what))
	}
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	switch {
	case !found:
		add("donor", "missing", "cette fiche n'existe pas. Rattachez le don à un donateur existant.")
		return m
	case d.Erased:
		add("donor", "erased", "cette fiche a été effacée à la demande de la personne (RGPD) : aucun reçu ne peut plus être établi à son nom.")
		return m
	}
	if d.Kind == contact.Organisation {
		// Only companies taxed on their profits claim the 238 bis reduction
		// (receipts-law.md R1.2): public bodies, foundations and partner
		// associations give grants, which take no tax receipt.
		switch d.OrgKind {
		case contact.OrgPublicFunder:
			add("org_kind", "public_funder", "une collectivité ou un financeur public verse des subventions, pas des dons : il ne reçoit pas de reçu fiscal. Si c'est bien un don d'entreprise, changez le type de l'organisation.")
			return m
		case contact.OrgFoundation, contact.OrgAssociation:
			add("org_kind", "not_company", "une fondation ou une association n'est pas une entreprise imposable : son versement (le plus souvent une subvention) ne donne pas lieu à un reçu fiscal. Si elle est soumise à l'impôt sur les sociétés et demande un reçu, changez le type de l'organisation en « entreprise ».")
			return m
		}
		if blank(d.OrgName) {
			add("org_name", "company_name", "la dénomination de l'entreprise manque. Renseignez-la.")
		}
		if blank(d.LegalForm) {
			add("legal_form", "legal_form", "la forme juridique de l'entreprise (SARL, SAS…) manque : le reçu des entreprises (Cerfa 16216) l'exige. Renseignez-la.")
		}
		switch {
		case blank(d.SIREN):
			add("siren", "siren", "le numéro SIREN de l'entreprise manque : le reçu des entreprises (Cerfa 16216) l'exige. Renseignez-le (9 chiffres).")
		case association.ValidSIREN(d.SIREN) != nil:
			add("siren", "siren_invalid", fmt.Sprintf("le SIREN « %s » de l'entreprise est invalide (9 chiffres et une clé de contrôle). Vérifiez-le sur l'avis de situation INSEE.", d.SIREN))
		}
		if annual {
			if _, ok := ParseMonthDay(d.FiscalYearEnd); !ok {
				add("fiscal_year_end", "fiscal_year_end", "la date de clôture de l'exercice de l'entreprise manque ou est invalide : un reçu annuel ne doit pas couvrir deux exercices de l'entreprise. Renseignez-la (par exemple 31/12).")
			}
		}
	} else {
		if blank(d.LastName) {
			add("last_name", "last_name", "le nom de famille du donateur manque. Renseignez-le.")
		}
		if blank(d.FirstName) {
			add("first_name", "first_name", "le prénom du donateur manque : le reçu porte le nom et les prénoms. Renseignez-le.")
		}
	}
	a, ok := d.PreferredAddress()
	if !ok {
		add("address", "address", "l'adresse postale manque : le reçu doit porter l'adresse complète. Renseignez-la.")
		return m
	}
	if blank(a.Street) {
		add("street", "street", "le numéro et la rue de l'adresse manquent : le reçu doit porter l'adresse complète. Complétez l'adresse.")
	}
	switch {
	case blank(a.Postcode):
		add("postcode", "postcode", "le code postal manque : le reçu doit porter l'adresse complète. Complétez l'adresse.")
	case inFrance(a.Country) && !fivedigits(strings.TrimSpace(a.Postcode)):
		add("postcode", "postcode_format", fmt.Sprintf("le code postal « %s » doit compter 5 chiffres. Corrigez l'adresse, ou indiquez le pays si elle est hors de France.", a.Postcode))
	}
	if blank(a.City) {
		add("city", "city", "la commune manque : le reçu doit porter l'adresse complète. Complétez l'adresse.")
	}
	return m
}

func inFrance(country string) bool {
	switch textfold.Fold(strings.TrimSpace(country)) {
	case "", "france", "fr":
		return true
	}
	return false
}

func fivedigits(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := range 5 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// giftProblems lists why one gift cannot be receipted: already on a valid
// receipt (R3.7), refused by donation.Receiptable (counterparts, in-kind
// description and valuation, volunteers' expenses), or out of the year of
// a yearly receipt.
func giftProblems(c Candidate, rule DateRule, annual bool, year int) apperr.Multi {
	g := c.Gift
	date := rule.GiftDate(g)
	prefix := fmt.Sprintf("Don n° %d du %s (%s) : ", g.ID, civildate.French(date), g.Amount)
	var m apperr.Multi
	add := func(e *apperr.Error) {
		cp := *e
		cp.Message = prefix + lowerFirst(e.Message)
		m = append(m, &cp)
	}
	if c.Receipted != "" {
		add(apperr.Conflict("receipt.gift_receipted", fmt.Sprintf(
			"Il figure déjà sur le reçu n° %s, toujours valide : un don ne peut figurer que sur un seul reçu. Pour le corriger, remplacez ce reçu.", c.Receipted)))
	}
	if annual && !strings.HasPrefix(date, strconv.Itoa(year)+"-") {
		add(apperr.Invalid("receipt.gift_other_year", fmt.Sprintf(
			"Il compte pour une autre année que %d : un reçu annuel ne couvre qu'une année civile.", year)))
	}
	if _, err := donation.Receiptable(g, c.Claim); err != nil {
		var errs apperr.Multi
		var e *apperr.Error
		switch {
		case errors.As(err, &errs):
			for _, e := range errs {
				add(e)
			}
		case errors.As(err, &e):
			add(e)
		default:
			add(apperr.Invalid("receipt.gift_not_receiptable", err.Error()))
		}
	}
	return m
}

// lowerFirst lower-cases the first letter of a sentence that follows a
// prefix, leaving words such as « Il » readable.
func lowerFirst(s string) string {
	for i, r := range s {
		if i > 0 {
			break
		}
		if r >= 'A' && r <= 'Z' {
			return string(r+'a'-'A') + s[1:]
		}
		switch r {
		case 'É':
			return "é" + s[len("É"):]
		case 'À':
			return "à" + s[len("À"):]
		}
	}
	return s
}
