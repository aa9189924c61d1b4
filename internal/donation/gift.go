// Package donation holds the donation register and the tax receipts that
// follow from it. It imports no SQL, Fyne, PDF or IMAP package.
package donation

import (
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/textfold"
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
	// MandateID is the direct-debit mandate the gift comes from, or 0.
	MandateID int64
	CreatedAt time.Time
}

// Sources of gifts that Bureau creates itself. Imports use their own
// (giftio), and a gift typed in is "manual".
const (
	SourceManual  = "manual"
	SourceMandate = "mandate"       // RunMandates; reference "mandate-ID-AAAA-MM"
	SourceClaim   = "expense_claim" // ToGift; reference "claim-ID"
)

// Label returns the method in French, as lists print it.
func (m Method) Label() string {
	switch m {
	case Cash:
		return "espèces"
	case Cheque:
		return "chèque"
	case Transfer:
		return "virement"
	case DirectDebit:
		return "prélèvement"
	case Card:
		return "carte"
	}
	return string(m)
}

// ParseMethod reads a method code ("cheque") or its French label
// ("chèque"), case and accents ignored.
func ParseMethod(s string) (Method, bool) {
	k := fold(s)
	for _, m := range Methods {
		if k == string(m) || k == fold(m.Label()) {
			return m, true
		}
	}
	return "", false
}

// Natures lists the natures of gifts in the order of the Cerfa.
var Natures = []Nature{Numeraire, ListedShares, IncomeWaived, ExpensesWaived, InKind}

// Label returns the nature in French, short enough for a list.
func (n Nature) Label() string {
	switch n {
	case Numeraire:
		return "numéraire"
	case ListedShares:
		return "titres cotés"
	case IncomeWaived:
		return "abandon de revenus"
	case ExpensesWaived:
		return "frais de bénévole"
	case InKind:
		return "en nature"
	}
	return string(n)
}

// Formes lists the legal forms of gifts in the order of the Cerfa.
var Formes = []Forme{DonManuel, ActeAuthentique, ActeSousSeingPrive, FormeAutre}

// Filter selects gifts; zero fields match everything.
type Filter struct {
	Year     int // calendar year of the date received
	DonorID  int64
	Campaign string
	Method   Method
	// Limit, when positive, keeps only the Limit latest gifts (by date
	// received, then number), still listed in date order; screens use it
	// to bound a list. Totals ignore it.
	Limit int
}

// GiftRow is a gift as lists show it.
type GiftRow struct {
	Gift
	DonorName string
	// ReceiptNumber is the number of the valid receipt that covers the
	// gift, or "" (also while the receipt tables do not exist).
	ReceiptNumber string
}

// GroupBy names what Totals groups gifts by.
type GroupBy string

// Groupings of totals.
const (
	ByYear     GroupBy = "year"
	ByDonor    GroupBy = "donor"
	ByCampaign GroupBy = "campaign"
	ByMethod   GroupBy = "method"
)

// Total is the count and sum of the gifts of one group.
type Total struct {
	Key   string // the year, donor ID, campaign or method code
	Label string // what lists print: the year, donor name, campaign, method label
	Count int
	Total money.Cents
}

// ErrGiftReceipted refuses to change a gift that is on a valid receipt
// (receipts-law.md R3.3, R3.7).
var ErrGiftReceipted = apperr.Conflict("gift.receipted",
	"Ce don figure sur un reçu fiscal valide : il ne peut plus être modifié. Annulez d'abord le reçu (un reçu rectificatif sera émis), puis corrigez le don.")

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
	if g.Nature != "" && !slices.Contains(Natures, g.Nature) {
		errs = append(errs, apperr.InvalidField("nature", "gift.nature_unknown",
			"La nature du don est inconnue. Choisissez numéraire, titres, abandon de revenus, frais de bénévoles ou don en nature."))
	}
	if g.Forme != "" && !slices.Contains(Formes, g.Forme) {
		errs = append(errs, apperr.InvalidField("forme", "gift.forme_unknown",
			"La forme du don est inconnue. Choisissez déclaration de don manuel, acte authentique, acte sous seing privé ou autre."))
	}
	if g.Membership && g.Counterparts > g.Amount {
		errs = append(errs, apperr.InvalidField("counterparts", "gift.fee_counterparts_above_amount",
			"La contrepartie d'une cotisation ne peut pas dépasser son montant. Corrigez la part qui paie des activités."))
	}
	if g.Nature == InKind && g.Description == "" {
		errs = append(errs, apperr.InvalidField("description", "gift.in_kind_description",
			"Un don en nature doit être décrit. Indiquez ce qui a été donné et comment il a été évalué."))
	}
	return errs.OrNil()
}

func knownMethod(m Method) bool {
	return slices.Contains(Methods, m)
}

// fold lowers s and strips its accents, for matching codes.
func fold(s string) string {
	return strings.TrimSpace(textfold.Fold(s))
}
