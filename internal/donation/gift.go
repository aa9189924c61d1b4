// Package donation holds the donation register and the tax receipts that
// follow from it. It imports no SQL, Fyne, PDF or IMAP package.
package donation

import (
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

// Method is how a gift was paid (Cerfa 11580*05, « mode de versement »).
type Method string

// Payment methods.
const (
	Cash        Method = "especes"
	Cheque      Method = "cheque"
	Transfer    Method = "virement"
	DirectDebit Method = "prelevement"
	Card        Method = "carte"
)

// Methods lists the payment methods in display order.
var Methods = []Method{Cash, Cheque, Transfer, DirectDebit, Card}

// Nature is the nature of a gift (Cerfa 11580*05, « nature du don »).
type Nature string

// Natures of gifts.
const (
	Numeraire      Nature = "numeraire"
	ListedShares   Nature = "titres"
	IncomeWaived   Nature = "abandon_revenus"
	ExpensesWaived Nature = "frais_benevoles"
	InKind         Nature = "nature"
)

// Forme is the legal form of a gift (Cerfa 11580*05, « forme du don »).
type Forme string

// Formes of gifts; a manual gift declaration is the usual case.
const (
	DonManuel          Forme = "don_manuel"
	ActeAuthentique    Forme = "acte_authentique"
	ActeSousSeingPrive Forme = "acte_sous_seing_prive"
	FormeAutre         Forme = "autre"
)

// Gift is one entry of the donation register.
type Gift struct {
	ID           int64
	DonorID      int64
	Amount       money.Cents
	DateReceived string // YYYY-MM-DD
	DateCashed   string // YYYY-MM-DD or ""
	Method       Method
	ChequeNumber string
	Bank         string
	Nature       Nature
	Forme        Forme
	// Membership is true for a membership fee (cotisation).
	Membership      bool
	Description     string // gift in kind: what was given
	ValuationMethod string // gift in kind: how it was valued
	Campaign        string
	Source          string // "manual", "bureau-csv", "helloasso", "seed"…
	Reference       string // external reference, unique per source
	Counterparts    money.Cents
	Note            string
	CreatedAt       time.Time
}

// Validate checks a gift before it is saved.
func (g Gift) Validate() error {
	var errs apperr.Multi
	if g.DonorID == 0 {
		errs = append(errs, apperr.InvalidField("donor", "gift.donor_missing",
			"Le donateur n'est pas choisi. Choisissez-le ou créez-le."))
	}
	if g.Amount <= 0 {
		errs = append(errs, apperr.InvalidField("amount", "gift.amount_not_positive",
			"Le montant doit être supérieur à zéro. Corrigez le montant puis enregistrez."))
	}
	if _, err := time.Parse(time.DateOnly, g.DateReceived); err != nil {
		errs = append(errs, apperr.InvalidField("date_received", "gift.date_received_invalid",
			"La date de réception est absente ou invalide. Écrivez-la au format JJ/MM/AAAA."))
	}
	if g.DateCashed != "" {
		if _, err := time.Parse(time.DateOnly, g.DateCashed); err != nil {
			errs = append(errs, apperr.InvalidField("date_cashed", "gift.date_cashed_invalid",
				"La date d'encaissement est invalide. Écrivez-la au format JJ/MM/AAAA ou laissez-la vide."))
		}
	}
	if !knownMethod(g.Method) {
		errs = append(errs, apperr.InvalidField("method", "gift.method_unknown",
			"Le mode de paiement est inconnu. Choisissez espèces, chèque, virement, prélèvement ou carte."))
	}
	if g.Counterparts < 0 {
		errs = append(errs, apperr.InvalidField("counterparts", "gift.counterparts_negative",
			"La valeur des contreparties ne peut pas être négative."))
	}
	if g.Nature == InKind && g.Description == "" {
		errs = append(errs, apperr.InvalidField("description", "gift.in_kind_description",
			"Un don en nature doit être décrit. Indiquez ce qui a été donné et comment il a été évalué."))
	}
	return errs.OrNil()
}

func knownMethod(m Method) bool {
	for _, v := range Methods {
		if v == m {
			return true
		}
	}
	return false
}
