package donation

import (
	"fmt"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

// Mandate is a donor's standing order for a monthly gift, usually a SEPA
// direct debit. RunMandates records the gifts of a month from the active
// mandates.
type Mandate struct {
	ID         int64
	DonorID    int64
	DonorName  string // filled by the store when listing
	Amount     money.Cents
	DayOfMonth int    // 1–28: every month has the day
	StartDate  string // YYYY-MM-DD: first day a gift may fall on
	EndDate    string // YYYY-MM-DD, last day a gift may fall on, or ""
	Reference  string // référence unique du mandat (RUM)
	Method     Method // prélèvement unless said otherwise
	Campaign   string
	Active     bool
	CreatedAt  time.Time
}

// Validate checks a mandate before it is saved.
func (m Mandate) Validate() error {
	var errs apperr.Multi
	if m.DonorID == 0 {
		errs = append(errs, apperr.InvalidField("donor", "mandate.donor_missing",
			"Le donateur n'est pas choisi. Choisissez-le ou créez-le."))
	}
	if m.Amount <= 0 {
		errs = append(errs, apperr.InvalidField("amount", "mandate.amount_not_positive",
			"Le montant mensuel doit être supérieur à zéro. Corrigez le montant puis enregistrez."))
	}
	if m.DayOfMonth < 1 || m.DayOfMonth > 28 {
		errs = append(errs, apperr.InvalidField("day_of_month", "mandate.day_invalid",
			"Le jour du prélèvement doit être entre 1 et 28, pour exister tous les mois. Choisissez un jour dans cet intervalle."))
	}
	start, err := time.Parse(time.DateOnly, m.StartDate)
	if err != nil {
		errs = append(errs, apperr.InvalidField("start_date", "mandate.start_invalid",
			"La date de début est absente ou invalide. Écrivez-la au format JJ/MM/AAAA."))
	}
	if m.EndDate != "" {
		end, err2 := time.Parse(time.DateOnly, m.EndDate)
		switch {
		case err2 != nil:
			errs = append(errs, apperr.InvalidField("end_date", "mandate.end_invalid",
				"La date de fin est invalide. Écrivez-la au format JJ/MM/AAAA ou laissez-la vide."))
		case err == nil && end.Before(start):
			errs = append(errs, apperr.InvalidField("end_date", "mandate.end_before_start",
				"La date de fin précède la date de début. Corrigez l'une des deux."))
		}
	}
	if m.Method != "" && !knownMethod(m.Method) {
		errs = append(errs, apperr.InvalidField("method", "mandate.method_unknown",
			"Le mode de paiement est inconnu. Choisissez prélèvement, virement ou carte."))
	}
	return errs.OrNil()
}

// MandateReference is the reference of the gift a mandate gives for a
// month: "mandate-ID-AAAA-MM". With source "mandate" it is unique, so a
// month is never recorded twice.
func MandateReference(mandateID int64, year int, month time.Month) string {
	return fmt.Sprintf("mandate-%d-%04d-%02d", mandateID, year, int(month))
}

// GiftFor returns the gift m gives in year and month, and false when the
// mandate is inactive or its day falls outside its start and end dates.
func (m Mandate) GiftFor(year int, month time.Month) (Gift, bool) {
	date := fmt.Sprintf("%04d-%02d-%02d", year, int(month), m.DayOfMonth)
	if !m.Active || date < m.StartDate || (m.EndDate != "" && date > m.EndDate) {
		return Gift{}, false
	}
	method := m.Method
	if method == "" {
		method = DirectDebit
	}
	note := "Don mensuel"
	if r := strings.TrimSpace(m.Reference); r != "" {
		note += ", mandat " + r
	}
	return Gift{
		DonorID:      m.DonorID,
		Amount:       m.Amount,
		DateReceived: date,
		Method:       method,
		Nature:       Numeraire,
		Forme:        DonManuel,
		Campaign:     m.Campaign,
		Source:       SourceMandate,
		Reference:    MandateReference(m.ID, year, month),
		Note:         note,
		MandateID:    m.ID,
	}, true
}
