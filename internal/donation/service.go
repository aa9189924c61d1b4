package donation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/civildate"
	"github.com/bureau-asso/bureau/internal/money"
)

// YearTotal sums the gifts received in one calendar year.
type YearTotal struct {
	Year  int
	Count int
	Total money.Cents
}

// GiftStore is the persistence of the register; *store.DB implements it.
type GiftStore interface {
	CreateGift(ctx context.Context, g *Gift) error
	// UpdateGift saves the editable fields of g (not its source,
	// reference or mandate) and returns ErrGiftReceipted, in the same
	// transaction, when g is on a valid receipt.
	UpdateGift(ctx context.Context, g *Gift) error
	GetGift(ctx context.Context, id int64) (Gift, error)
	ListGifts(ctx context.Context, f Filter) ([]GiftRow, error)
	GiftTotals(ctx context.Context, f Filter, by GroupBy) ([]Total, error)
	// GiftReceipted reports whether a valid receipt covers the gift;
	// false while the receipt tables do not exist.
	GiftReceipted(ctx context.Context, id int64) (bool, error)
	// DonorCounterparts sums the counterparts of the donor's gifts
	// received in year, except the gift numbered except.
	DonorCounterparts(ctx context.Context, donorID int64, year int, except int64) (money.Cents, error)
	GiftTotalsByYear(ctx context.Context) ([]YearTotal, error)
	GiftYearTotal(ctx context.Context, year int) (YearTotal, error)
	MonthTotals(ctx context.Context, year int) ([12]money.Cents, error)
}

// MandateStore keeps direct-debit mandates; *store.DB implements it.
type MandateStore interface {
	CreateMandate(ctx context.Context, m *Mandate) error
	ListMandates(ctx context.Context) ([]Mandate, error)
	// InsertMandateGifts saves gifts in one transaction, skipping those
	// already recorded (same source and reference, or same mandate and
	// date), and returns how many it saved.
	InsertMandateGifts(ctx context.Context, gs []Gift) (int, error)
}

// ExpenseStore keeps expense claims and the kilometric scale;
// *store.DB implements it.
type ExpenseStore interface {
	KmRates(ctx context.Context) ([]KmRate, error)
	AddKmScale(ctx context.Context, s KmScale) error
	CreateExpenseClaim(ctx context.Context, c *ExpenseClaim) error
	// GetExpenseClaim returns a claim with its lines and the list of its
	// documents (without their data).
	GetExpenseClaim(ctx context.Context, id int64) (ExpenseClaim, error)
	// ExpenseClaimOfGift returns the claim whose gift is giftID, or nil.
	ExpenseClaimOfGift(ctx context.Context, giftID int64) (*ExpenseClaim, error)
	// AddExpenseLine adds l to an open claim (no waiver, no gift) and
	// records scaleVersion on the claim when it has none; ErrConflict
	// when the claim is no longer open or uses another version.
	AddExpenseLine(ctx context.Context, l *ExpenseLine, scaleVersion string) error
	AddExpenseDocument(ctx context.Context, d *ExpenseDocument) error
	// ExpenseDocument returns one supporting document with its data.
	ExpenseDocument(ctx context.Context, id int64) (ExpenseDocument, error)
	SignExpenseWaiver(ctx context.Context, claimID int64, date, text string) error
	SetExpenseRecorded(ctx context.Context, claimID int64, recorded bool) error
	// CreateGiftFromClaim saves g and links the claim to it, in one
	// transaction; ErrConflict when the claim already has a gift.
	CreateGiftFromClaim(ctx context.Context, claimID int64, g *Gift) error
}

// Store is the persistence that Service needs; *store.DB implements it.
type Store interface {
	GiftStore
	MandateStore
	ExpenseStore
}

// Service is the donation register's business API.
type Service struct {
	store Store
}

// NewService returns a Service on store.
func NewService(store Store) *Service {
	if store == nil {
		panic("donation.NewService: nil store")
	}
	return &Service{store: store}
}

// CreateGift validates and records a gift.
func (s *Service) CreateGift(ctx context.Context, g *Gift) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.store.CreateGift(ctx, g)
}

// UpdateGift validates and saves the changes to a gift. A gift on a valid
// receipt is never changed (ErrGiftReceipted): the receipt is cancelled
// and replaced first (receipts-law.md R3.3–R3.5).
func (s *Service) UpdateGift(ctx context.Context, g *Gift) error {
	if err := g.Validate(); err != nil {
		return err
	}
	receipted, err := s.store.GiftReceipted(ctx, g.ID)
	if err != nil {
		return fmt.Errorf("is gift %d receipted: %w", g.ID, err)
	}
	if receipted {
		return ErrGiftReceipted
	}
	return s.store.UpdateGift(ctx, g)
}

// GetGift returns one gift.
func (s *Service) GetGift(ctx context.Context, id int64) (Gift, error) {
	return s.store.GetGift(ctx, id)
}

// ListGifts returns the gifts that f selects, by date received.
func (s *Service) ListGifts(ctx context.Context, f Filter) ([]GiftRow, error) {
	return s.store.ListGifts(ctx, f)
}

// Totals returns the count and sum of the gifts that f selects, grouped
// by year, donor, campaign or method, largest group key first for years
// and in label order otherwise.
func (s *Service) Totals(ctx context.Context, f Filter, by GroupBy) ([]Total, error) {
	switch by {
	case ByYear, ByDonor, ByCampaign, ByMethod:
	default:
		return nil, fmt.Errorf("totals by %q: unknown grouping", by)
	}
	return s.store.GiftTotals(ctx, f, by)
}

// TotalsByYear returns the count and total of gifts per year, newest first.
func (s *Service) TotalsByYear(ctx context.Context) ([]YearTotal, error) {
	return s.store.GiftTotalsByYear(ctx)
}

// YearTotal returns the count and total of gifts received in year; it
// reads one year only, for screens that need no other.
func (s *Service) YearTotal(ctx context.Context, year int) (YearTotal, error) {
	return s.store.GiftYearTotal(ctx, year)
}

// MonthTotals returns the total of gifts of each month of year.
func (s *Service) MonthTotals(ctx context.Context, year int) ([12]money.Cents, error) {
	return s.store.MonthTotals(ctx, year)
}

// CounterpartWarnings checks the counterparts of g, a gift by an
// individual, with the donor's other counterparts of the same year
// (CounterpartWarning). g need not be saved yet.
func (s *Service) CounterpartWarnings(ctx context.Context, g Gift) ([]string, error) {
	if g.Membership || g.Counterparts <= 0 {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, g.DateReceived)
	if err != nil {
		return nil, g.Validate()
	}
	others, err := s.store.DonorCounterparts(ctx, g.DonorID, t.Year(), g.ID)
	if err != nil {
		return nil, fmt.Errorf("counterparts of donor %d in %d: %w", g.DonorID, t.Year(), err)
	}
	return CounterpartWarning(g, others), nil
}

// ReceiptableAmount loads gift id and, for waived expenses, its claim, and
// applies Receiptable.
func (s *Service) ReceiptableAmount(ctx context.Context, id int64) (money.Cents, error) {
	g, err := s.store.GetGift(ctx, id)
	if err != nil {
		return 0, err
	}
	var claim *ExpenseClaim
	if g.Nature == ExpensesWaived {
		if claim, err = s.store.ExpenseClaimOfGift(ctx, id); err != nil {
			return 0, fmt.Errorf("claim of gift %d: %w", id, err)
		}
	}
	return Receiptable(g, claim)
}

// --- mandates

// CreateMandate validates and records a monthly mandate, active unless
// said otherwise by the caller after creation.
func (s *Service) CreateMandate(ctx context.Context, m *Mandate) error {
	if m.Method == "" {
		m.Method = DirectDebit
	}
	if err := m.Validate(); err != nil {
		return err
	}
	return s.store.CreateMandate(ctx, m)
}

// ListMandates returns every mandate.
func (s *Service) ListMandates(ctx context.Context) ([]Mandate, error) {
	return s.store.ListMandates(ctx)
}

// RunMandates records, in one transaction, the gifts that the active
// mandates give in year and month. Running a month again creates nothing
// new: created counts only the gifts added by this run.
func (s *Service) RunMandates(ctx context.Context, year int, month time.Month) (created int, err error) {
	if year < 2000 || year > 2100 || month < time.January || month > time.December {
		return 0, apperr.Invalid("mandate.month_invalid",
			fmt.Sprintf("Le mois %04d-%02d est invalide. Écrivez-le au format AAAA-MM, par exemple 2026-03.", year, int(month)))
	}
	ms, err := s.store.ListMandates(ctx)
	if err != nil {
		return 0, fmt.Errorf("list mandates: %w", err)
	}
	var gs []Gift
	for _, m := range ms {
		if g, ok := m.GiftFor(year, month); ok {
			gs = append(gs, g)
		}
	}
	if len(gs) == 0 {
		return 0, nil
	}
	return s.store.InsertMandateGifts(ctx, gs)
}

// --- expense claims (abandon de frais)

// KmScaleOn returns the version of the kilometric scale in force on date.
func (s *Service) KmScaleOn(ctx context.Context, date string) (KmScale, error) {
	rates, err := s.store.KmRates(ctx)
	if err != nil {
		return KmScale{}, fmt.Errorf("read kilometric scale: %w", err)
	}
	sc, ok := ScaleOn(rates, date)
	if !ok {
		return sc, apperr.NotFound("expense.no_scale", fmt.Sprintf(
			"Aucun barème kilométrique n'est en vigueur le %s. Ajoutez le barème de cette année (publié par l'administration fiscale) dans les réglages.", civildate.French(date)))
	}
	return sc, nil
}

// AddKmScale adds a new version of the kilometric scale. Versions are
// never changed once added: a correction is a new version.
func (s *Service) AddKmScale(ctx context.Context, sc KmScale) error {
	if _, err := time.Parse(time.DateOnly, sc.EffectiveFrom); err != nil {
		return apperr.InvalidField("effective_from", "km_scale.date_invalid",
			"La date d'entrée en vigueur du barème est invalide. Écrivez-la au format JJ/MM/AAAA.")
	}
	if len(sc.Rates) == 0 {
		return apperr.Invalid("km_scale.empty", "Le barème ne contient aucune ligne. Saisissez les tranches de chaque puissance.")
	}
	for i := range sc.Rates {
		sc.Rates[i].EffectiveFrom = sc.EffectiveFrom
	}
	return s.store.AddKmScale(ctx, sc)
}

// CreateClaim validates and records an expense claim, without lines.
func (s *Service) CreateClaim(ctx context.Context, c *ExpenseClaim) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.store.CreateExpenseClaim(ctx, c)
}

// GetClaim returns a claim with its lines and documents (without data).
func (s *Service) GetClaim(ctx context.Context, id int64) (ExpenseClaim, error) {
	return s.store.GetExpenseClaim(ctx, id)
}

// AddLine adds a line to a claim whose waiver is not signed yet. A km
// line is valued with the scale in force on its date (KmAmount), whatever
// l.Amount says; every km line of a claim uses the same version of the
// scale, recorded on the claim (R4.9).
func (s *Service) AddLine(ctx context.Context, claimID int64, l *ExpenseLine) error {
	l.ClaimID = claimID
	if err := l.Validate(); err != nil {
		return err
	}
	c, err := s.store.GetExpenseClaim(ctx, claimID)
	if err != nil {
		return err
	}
	if err := claimOpen(c); err != nil {
		return err
	}
	version := ""
	if l.Kind == KmLine {
		sc, err := s.KmScaleOn(ctx, l.Date)
		if err != nil {
			return err
		}
		if c.ScaleEffectiveFrom != "" && c.ScaleEffectiveFrom != sc.EffectiveFrom {
			return apperr.Conflict("expense.scale_mixed", fmt.Sprintf(
				"Ce trajet relève du barème du %s, mais la note de frais n° %d utilise celui du %s. Faites une note de frais par année de barème.",
				civildate.French(sc.EffectiveFrom), c.ID, civildate.French(c.ScaleEffectiveFrom)))
		}
		if _, ok := KmRateFor(sc.Rates, l.Vehicle, l.FiscalHP, max(l.YearKm, l.Km)); !ok {
			return apperr.InvalidField("fiscal_hp", "expense.no_rate", fmt.Sprintf(
				"Le barème du %s n'a pas de tranche pour une %s de %d CV. Vérifiez le véhicule et sa puissance, ou complétez le barème.",
				civildate.French(sc.EffectiveFrom), l.Vehicle.Label(), l.FiscalHP))
		}
		l.Amount = KmAmount(sc.Rates, l.Vehicle, l.FiscalHP, l.Km, l.Electric, l.YearKm)
		version = sc.EffectiveFrom
	} else {
		l.Km, l.YearKm, l.FiscalHP, l.Vehicle, l.Electric = 0, 0, 0, "", false
	}
	return s.store.AddExpenseLine(ctx, l, version)
}

// claimOpen refuses to change the lines of a claim once the volunteer
// signed the waiver of « the expenses above », or once it became a gift.
func claimOpen(c ExpenseClaim) error {
	switch {
	case c.GiftID != 0:
		return apperr.Conflict("expense.claim_has_gift", fmt.Sprintf(
			"La note de frais n° %d est déjà devenue le don n° %d : ses lignes ne changent plus. Faites une nouvelle note de frais pour d'autres dépenses.", c.ID, c.GiftID))
	case c.WaiverSignedOn != "":
		return apperr.Conflict("expense.claim_signed", fmt.Sprintf(
			"La renonciation de la note de frais n° %d a été signée le %s pour les lignes qu'elle contenait : elle ne change plus. Faites une nouvelle note de frais pour d'autres dépenses.", c.ID, civildate.French(c.WaiverSignedOn)))
	}
	return nil
}

// AttachDocument joins the file at path to a claim as a supporting
// document.
func (s *Service) AttachDocument(ctx context.Context, claimID int64, path string) (ExpenseDocument, error) {
	f, err := os.Open(path)
	if err != nil {
		return ExpenseDocument{}, apperr.Unavailable("expense.document_unreadable", fmt.Sprintf(
			"Impossible de lire le fichier %s. Vérifiez son chemin et que vous avez le droit de le lire.", path), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxDocumentSize+1))
	if err != nil {
		return ExpenseDocument{}, apperr.Unavailable("expense.document_unreadable", fmt.Sprintf(
			"Impossible de lire le fichier %s. Vérifiez son chemin et que vous avez le droit de le lire.", path), err)
	}
	return s.AttachDocumentData(ctx, claimID, filepath.Base(path), data)
}

// AttachDocumentData joins data, a file called name, to a claim. The type
// is read from the content: PDF or image, at most MaxDocumentSize.
func (s *Service) AttachDocumentData(ctx context.Context, claimID int64, name string, data []byte) (ExpenseDocument, error) {
	d := ExpenseDocument{ClaimID: claimID, Name: strings.TrimSpace(name), Data: data, Size: len(data)}
	if len(data) > MaxDocumentSize {
		return d, apperr.Invalid("expense.document_too_big", fmt.Sprintf(
			"Le fichier %s dépasse 10 Mo. Réduisez-le (scan en 150 ppp, photo moins définie) ou découpez-le, puis joignez-le de nouveau.", d.Name))
	}
	mime, ok := DetectDocumentMIME(data)
	if !ok {
		return d, apperr.Invalid("expense.document_type", fmt.Sprintf(
			"Le fichier %s n'est ni un PDF ni une image (JPEG, PNG, GIF, WebP, TIFF). Enregistrez le justificatif dans l'un de ces formats.", d.Name))
	}
	if d.Name == "" {
		d.Name = "justificatif"
	}
	sum := sha256.Sum256(data)
	d.MIME, d.SHA256 = mime, hex.EncodeToString(sum[:])
	return d, s.store.AddExpenseDocument(ctx, &d)
}

// Document returns a supporting document with its data, to show or save.
func (s *Service) Document(ctx context.Context, id int64) (ExpenseDocument, error) {
	return s.store.ExpenseDocument(ctx, id)
}

// SignWaiver records that the volunteer signed, on date, the written
// waiver of the refund; text "" means DefaultWaiverText with the
// volunteer's name. The claim must have lines, and the waiver is signed
// once only.
func (s *Service) SignWaiver(ctx context.Context, claimID int64, date, text string) error {
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return apperr.InvalidField("waiver_signed_on", "expense.waiver_date_invalid",
			"La date de signature est absente ou invalide. Écrivez-la au format JJ/MM/AAAA.")
	}
	c, err := s.store.GetExpenseClaim(ctx, claimID)
	if err != nil {
		return err
	}
	if c.WaiverSignedOn != "" {
		return apperr.Conflict("expense.waiver_already_signed", fmt.Sprintf(
			"La renonciation de la note de frais n° %d a déjà été signée le %s.", c.ID, civildate.French(c.WaiverSignedOn)))
	}
	if len(c.Lines) == 0 || c.Total() <= 0 {
		return apperr.Invalid("expense.waiver_no_lines", fmt.Sprintf(
			"La note de frais n° %d n'a aucune dépense : il n'y a rien à abandonner. Ajoutez d'abord les trajets et les dépenses.", c.ID))
	}
	for _, l := range c.Lines {
		if l.Date > date {
			return apperr.InvalidField("waiver_signed_on", "expense.waiver_before_expense", fmt.Sprintf(
				"La renonciation ne peut pas être signée le %s, avant la dépense du %s. Indiquez la date réelle de la signature.",
				civildate.French(date), civildate.French(l.Date)))
		}
	}
	if strings.TrimSpace(text) == "" {
		text = DefaultWaiverText(c.VolunteerName)
	}
	return s.store.SignExpenseWaiver(ctx, claimID, date, strings.TrimSpace(text))
}

// MarkRecorded records whether the claim's expenses and the gift are
// entered in the association's accounts (R4.7 d).
func (s *Service) MarkRecorded(ctx context.Context, claimID int64, recorded bool) error {
	return s.store.SetExpenseRecorded(ctx, claimID, recorded)
}

// ToGift records the gift that a claim with a signed waiver makes: the
// volunteer gives the total on the day of the waiver, nature
// frais_benevoles, source "expense_claim", reference "claim-ID".
//
// The gift table accepts only the five payment methods of the Cerfa, and
// no payment is made here: the method is recorded as virement, and the
// receipt prints the « mode de versement » for numéraire only.
func (s *Service) ToGift(ctx context.Context, claimID int64) (Gift, error) {
	c, err := s.store.GetExpenseClaim(ctx, claimID)
	if err != nil {
		return Gift{}, err
	}
	if c.GiftID != 0 {
		return Gift{}, apperr.Conflict("expense.claim_has_gift", fmt.Sprintf(
			"La note de frais n° %d est déjà devenue le don n° %d.", c.ID, c.GiftID))
	}
	if c.WaiverSignedOn == "" {
		return Gift{}, apperr.Invalid("expense.waiver_missing", fmt.Sprintf(
			"Le bénévole n'a pas encore renoncé par écrit au remboursement de la note de frais n° %d : sans renonciation, c'est une dette à rembourser, pas un don. Faites signer la renonciation d'abord.", c.ID))
	}
	g := Gift{
		DonorID:      c.VolunteerID,
		Amount:       c.Total(),
		DateReceived: c.WaiverSignedOn,
		Method:       Transfer,
		Nature:       ExpensesWaived,
		Forme:        DonManuel,
		Description:  c.Purpose,
		Source:       SourceClaim,
		Reference:    fmt.Sprintf("claim-%d", c.ID),
		Note:         fmt.Sprintf("Frais abandonnés, note de frais n° %d", c.ID),
	}
	if err := g.Validate(); err != nil {
		return Gift{}, err
	}
	if err := s.store.CreateGiftFromClaim(ctx, claimID, &g); err != nil {
		if errors.Is(err, apperr.ErrConflict) && !apperr.Is(err) {
			return Gift{}, apperr.Conflict("expense.claim_has_gift", fmt.Sprintf(
				"La note de frais n° %d est déjà devenue un don.", c.ID))
		}
		return Gift{}, err
	}
	return g, nil
}
