package donation

import (
	"fmt"
	"strings"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

// Receiptable returns the amount of g that a tax receipt may show, or an
// error listing everything that keeps g off a receipt. It is the one
// place where the receipts code asks whether a gift may be receipted; it
// does not know about receipts already issued (Store.GiftReceipted) nor
// about the donor's yearly counterparts (CounterpartWarning).
//
// Rules:
//   - A membership fee (Membership, kind 'cotisation') is receipted only
//     for its part without counterpart: Amount − Counterparts, refused when
//     nothing is left (R4.10). The price of activities is never a gift and
//     is not recorded in the register at all.
//   - Any other gift is receipted for its whole amount, provided its
//     counterparts stay within 25 % of it (R4.11, R4.12: « disproportion
//     marquée »). The yearly flat cap for individuals needs the donor's
//     other gifts: see CounterpartWarning.
//   - A gift in kind needs its description and how it was valued (R4.5,
//     R4.6).
//   - Expenses given up by a volunteer (nature frais_benevoles) need claim,
//     the expense claim whose GiftID is g.ID, with a signed written waiver
//     (WaiverSignedOn and WaiverText), at least one supporting document,
//     the entry in the association's accounts (RecordedInAccounts), and a
//     total equal to the gift (R4.7). In SQL: expense_claim.gift_id =
//     gift.id, waiver_signed_on not null, waiver_text not empty,
//     recorded_in_accounts = 1 and at least one expense_document row.
//
// claim is ignored for the other natures. The error is an apperr.Multi of
// ErrInvalid errors, each saying what is missing and what to do.
func Receiptable(g Gift, claim *ExpenseClaim) (money.Cents, error) {
	var errs apperr.Multi
	add := func(key, msg string) { errs = append(errs, apperr.Invalid("receiptable."+key, msg)) }
	amount := g.Amount
	if g.Amount <= 0 {
		add("amount", "Ce don n'a pas de montant positif. Corrigez son montant avant d'établir le reçu.")
	}
	switch {
	case g.Membership:
		amount = g.Amount - g.Counterparts
		if g.Amount > 0 && amount <= 0 {
			add("fee_all_counterpart", fmt.Sprintf(
				"Cette cotisation (%s) paie entièrement des activités ou des contreparties : aucune part ne peut figurer sur un reçu. Si une part est statutaire, sans contrepartie, réduisez la contrepartie enregistrée.",
				g.Amount))
		}
	case 4*g.Counterparts > g.Amount:
		add("counterparts_above_25", fmt.Sprintf(
			"Les contreparties de ce don (%s) dépassent 25 %% de son montant (%s) : ce n'est pas un don au sens fiscal. Vérifiez la valeur des contreparties ; si elle est juste, n'établissez pas de reçu pour ce don.",
			g.Counterparts, g.Amount))
	}
	if g.Nature == InKind {
		if strings.TrimSpace(g.Description) == "" {
			add("in_kind_description", "Ce don en nature n'est pas décrit. Indiquez ce qui a été donné.")
		}
		if strings.TrimSpace(g.ValuationMethod) == "" {
			add("in_kind_valuation", "La méthode d'évaluation de ce don en nature manque. Indiquez comment sa valeur a été établie (facture, prix du marché, coût de revient) et gardez le justificatif.")
		}
	}
	if g.Nature == ExpensesWaived {
		errs = append(errs, claimProblems(g, claim)...)
	}
	if len(errs) > 0 {
		return 0, errs
	}
	return amount, nil
}

// claimProblems lists what the expense claim behind g lacks (R4.7).
func claimProblems(g Gift, claim *ExpenseClaim) apperr.Multi {
	var errs apperr.Multi
	add := func(key, msg string) { errs = append(errs, apperr.Invalid("receiptable."+key, msg)) }
	if claim == nil || claim.GiftID != g.ID || g.ID == 0 {
		add("claim_missing", "Ce don de frais de bénévole n'est rattaché à aucune note de frais. Saisissez la note de frais (trajets, dépenses) et créez le don à partir d'elle.")
		return errs
	}
	if claim.WaiverSignedOn == "" || strings.TrimSpace(claim.WaiverText) == "" {
		add("waiver_missing", fmt.Sprintf(
			"La renonciation écrite au remboursement manque sur la note de frais n° %d. Faites signer la renonciation par le bénévole et enregistrez sa date.", claim.ID))
	}
	if len(claim.Documents) == 0 {
		add("documents_missing", fmt.Sprintf(
			"Aucun justificatif n'est joint à la note de frais n° %d. Joignez les tickets, factures ou le relevé des trajets.", claim.ID))
	}
	if !claim.RecordedInAccounts {
		add("not_recorded", fmt.Sprintf(
			"Les frais de la note n° %d ne sont pas enregistrés dans la comptabilité. Passez l'écriture (charge et don), puis cochez « enregistrée en comptabilité ».", claim.ID))
	}
	if t := claim.Total(); t != g.Amount {
		add("claim_total", fmt.Sprintf(
			"Le montant du don (%s) diffère du total de la note de frais n° %d (%s). Corrigez l'un ou l'autre pour qu'ils soient égaux.", g.Amount, claim.ID, t))
	}
	return errs
}
