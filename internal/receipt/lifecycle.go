package receipt

import (
	"context"
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/donation"
)

// DefaultReplaceReason is printed on a receipt replaced without a reason
// given.
const DefaultReplaceReason = "reçu rectifié"

// Get returns a receipt as issued, with its snapshots and lines.
func (s *Service) Get(ctx context.Context, number string) (donation.Receipt, error) {
	return s.store.GetReceipt(ctx, strings.TrimSpace(number))
}

// List returns the receipts f selects, in number order.
func (s *Service) List(ctx context.Context, f Filter) ([]Row, error) {
	return s.store.ListReceipts(ctx, f)
}

// PDF returns the stored document of a receipt: the PDF as issued, or,
// for a cancelled receipt, its « ANNULÉ » version. Reprints never redraw:
// the bytes are those stored at issue, checked against their SHA-256.
func (s *Service) PDF(ctx context.Context, number string) ([]byte, error) {
	return s.store.ReceiptDocument(ctx, strings.TrimSpace(number))
}

// Cancel cancels a valid receipt for good (R3.4): the date and reason are
// recorded, the stored document gets its « ANNULÉ » version, the number
// stays used and the gifts it covered may be receipted again. The donor
// must be told in writing; Bureau does not send anything.
func (s *Service) Cancel(ctx context.Context, number, reason string) (donation.Receipt, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return donation.Receipt{}, apperr.InvalidField("reason", "receipt.cancel_reason_missing",
			"Indiquez le motif de l'annulation : il est imprimé sur le reçu annulé.")
	}
	c := Cancellation{On: s.today(), Reason: reason}
	r, err := s.store.CancelReceipt(ctx, strings.TrimSpace(number), c, s.renderCancelled)
	if err != nil {
		return r, fmt.Errorf("cancel receipt %s: %w", number, err)
	}
	return r, nil
}

// renderCancelled draws the « ANNULÉ » version of a cancelled receipt.
func (s *Service) renderCancelled(r donation.Receipt) ([]byte, error) {
	return s.render(r, CancelledMark, r.CancelledOn)
}

// Replace corrects a receipt (R3.5): it cancels it and issues, in the
// same transaction, a new receipt with a new number for the same gifts,
// read again with the donor's and the association's current data, that
// says « Annule et remplace le reçu n° X »; the old one says « Remplacé
// par le reçu n° Y ». A receipt already cancelled (to correct a gift, say)
// and not yet replaced can be replaced too. It returns the old receipt,
// as cancelled, and the new one.
func (s *Service) Replace(ctx context.Context, number, reason string) (old, replacement donation.Receipt, err error) {
	number = strings.TrimSpace(number)
	old, err = s.store.GetReceipt(ctx, number)
	if err != nil {
		return old, replacement, err
	}
	switch {
	case old.Status == donation.Cancelled && old.ReplacedBy != "":
		return old, replacement, apperr.Conflict("receipt.already_replaced", fmt.Sprintf(
			"Le reçu n° %s a déjà été remplacé par le reçu n° %s. Corrigez ce dernier s'il le faut.", old.Number, old.ReplacedBy))
	case old.Status == donation.Cancelled:
		reason = old.CancelReason
	case strings.TrimSpace(reason) == "":
		reason = DefaultReplaceReason
	}
	ids := make([]int64, len(old.Lines))
	for i, l := range old.Lines {
		ids[i] = l.GiftID
	}
	p, err := s.planReplacement(ctx, old, ids)
	if err != nil {
		return old, replacement, err
	}
	d := p.Drafts[0]
	d.Receipt.Replaces = old.Number
	c := Cancellation{On: s.today(), Reason: strings.TrimSpace(reason)}
	old, err = s.store.ReplaceReceipt(ctx, old.Number, c, &d, s.renderBatch(ctx), s.renderCancelled)
	if err != nil {
		return old, replacement, fmt.Errorf("replace receipt %s: %w", number, err)
	}
	return old, d.Receipt, nil
}

// planReplacement plans the receipt that replaces old: the same gifts, as
// one receipt of the same kind.
func (s *Service) planReplacement(ctx context.Context, old donation.Receipt, giftIDs []int64) (Plan, error) {
	settings, err := s.Settings(ctx)
	if err != nil {
		return Plan{}, err
	}
	profile, err := s.store.Association(ctx)
	if err != nil {
		return Plan{}, err
	}
	cands, err := s.store.ReceiptCandidates(ctx, GiftQuery{GiftIDs: giftIDs, Rule: settings.DateRule})
	if err != nil {
		return Plan{}, err
	}
	if len(cands) != len(giftIDs) {
		return Plan{}, apperr.Conflict("receipt.replace_gift_gone", fmt.Sprintf(
			"Un don du reçu n° %s n'existe plus : le reçu ne peut pas être remplacé. Émettez un nouveau reçu pour les dons restants.", old.Number))
	}
	var donorIDs []int64
	for i := range cands {
		// The gifts are still on the receipt being replaced: that one is
		// cancelled in the same transaction.
		if cands[i].Receipted == old.Number {
			cands[i].Receipted = ""
		}
		donorIDs = append(donorIDs, cands[i].Gift.DonorID)
	}
	donors, err := s.store.ReceiptDonors(ctx, donorIDs)
	if err != nil {
		return Plan{}, err
	}
	p := plan(planInput{profile: profile, settings: settings, candidates: cands, donors: donors,
		annual: old.Annual, year: old.PeriodYear, issuedOn: s.today()})
	if err := p.Err(); err != nil {
		return p, err
	}
	if len(p.Drafts) != 1 {
		return p, apperr.Conflict("receipt.replace_split", fmt.Sprintf(
			"Les dons du reçu n° %s demandent aujourd'hui %d reçus (natures ou exercices différents) : il ne peut pas être remplacé par un seul. Annulez-le, puis émettez les nouveaux reçus.",
			old.Number, len(p.Drafts)))
	}
	return p, nil
}

// Duplicate draws a duplicate of a valid receipt: the same receipt, same
// number, marked « DUPLICATA délivré le JJ/MM/AAAA » (R3.6), and logs its
// delivery. It never creates a number: a duplicate is not a new receipt,
// so it neither counts in the yearly declaration nor covers a gift twice.
func (s *Service) Duplicate(ctx context.Context, number string) ([]byte, error) {
	r, err := s.store.GetReceipt(ctx, strings.TrimSpace(number))
	if err != nil {
		return nil, err
	}
	if r.Status == donation.Cancelled {
		msg := fmt.Sprintf("Le reçu n° %s est annulé : il ne peut pas faire l'objet d'un duplicata.", r.Number)
		if r.ReplacedBy != "" {
			msg += fmt.Sprintf(" Délivrez un duplicata du reçu n° %s qui le remplace.", r.ReplacedBy)
		}
		return nil, apperr.Conflict("receipt.duplicate_cancelled", msg)
	}
	on := s.today()
	b, err := s.render(r, DuplicateMark, on)
	if err != nil {
		return nil, fmt.Errorf("draw duplicate of receipt %s: %w", r.Number, err)
	}
	if err := s.store.LogDuplicate(ctx, r.Number, on); err != nil {
		return nil, fmt.Errorf("log duplicate of receipt %s: %w", r.Number, err)
	}
	return b, nil
}

// SetFirstNumber starts the numbering of year at first, for an
// association that issued paper receipts before Bureau: only once, and
// only before the first receipt of that year. Numbers are never typed
// otherwise (R3.2).
func (s *Service) SetFirstNumber(ctx context.Context, year, first int) error {
	if year < 2000 || year > 2999 {
		return apperr.Invalid("receipt.year_invalid", fmt.Sprintf("L'année %d n'est pas valide. Indiquez l'année d'émission, par exemple 2026.", year))
	}
	if first < 1 || first > 9_999_999 {
		return apperr.Invalid("receipt.first_number_invalid", fmt.Sprintf(
			"Le premier numéro %d n'est pas valide : indiquez un nombre entre 1 et 9 999 999, le numéro qui suit le dernier reçu papier.", first))
	}
	return s.store.SetFirstReceiptNumber(ctx, year, first)
}

// Numbering returns the numbering series, one per year of issue.
func (s *Service) Numbering(ctx context.Context) ([]Series, error) {
	return s.store.ReceiptNumbering(ctx)
}

// Check proves the receipts sound: every series contiguous from its
// first number, every stored PDF matching its SHA-256, no gift on two
// valid receipts, and the lines, totals and statuses consistent. It only
// reads; an empty result means no problem.
func (s *Service) Check(ctx context.Context) ([]Problem, error) {
	return s.store.CheckReceipts(ctx)
}
