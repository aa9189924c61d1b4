package donation

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

// A volunteer who pays expenses for the association may give up their
// refund; the amount given up is then a gift (abandon de frais). It can be
// receipted only when the claim, the supporting documents, the written
// waiver and the entry in the accounts all exist (receipts-law.md R4.7;
// associations.gouv.fr « Option pour une réduction d'impôts »). Trips with
// the volunteer's own vehicle are valued with the kilometric scale
// (barème kilométrique, art. 83 3° CGI), kept as a dated, editable table
// (R4.9).

// Vehicle is the kind of vehicle a kilometric line was driven with.
type Vehicle string

// Vehicles of the kilometric scale.
const (
	Car       Vehicle = "car"
	Motorbike Vehicle = "motorbike" // above 50 cm³
	Moped     Vehicle = "moped"     // cyclomoteur, 50 cm³ and less
)

// Vehicles lists the vehicles of the scale.
var Vehicles = []Vehicle{Car, Motorbike, Moped}

// Label returns the vehicle in French.
func (v Vehicle) Label() string {
	switch v {
	case Car:
		return "voiture"
	case Motorbike:
		return "moto"
	case Moped:
		return "cyclomoteur"
	}
	return string(v)
}

// LineKind tells a kilometric line from an expense paid.
type LineKind string

// Kinds of expense lines.
const (
	KmLine      LineKind = "km"      // trip with the volunteer's own vehicle
	ExpenseItem LineKind = "expense" // ticket, invoice: the amount paid
)

// KmRate is one row of the kilometric scale: for a vehicle, a range of
// fiscal horsepower and a band of annual distance, the cost of the year is
// d × Rate + Fixed, raised by ElectricBonusPercent for an electric vehicle.
type KmRate struct {
	ID            int64
	EffectiveFrom string // YYYY-MM-DD: first day of the version
	Vehicle       Vehicle
	HPMin         int
	HPMax         int // 0: no upper bound
	KmMax         int // upper bound of the distance band, inclusive; 0: no upper bound
	// RateMillicentsPerKm is euros × 100 000 per km: 0,529 €/km = 52 900.
	RateMillicentsPerKm  int64
	Fixed                money.Cents
	ElectricBonusPercent int
}

// KmScale is one version of the scale: the rows in force from
// EffectiveFrom until the next version.
type KmScale struct {
	EffectiveFrom string
	Rates         []KmRate
}

// ScaleOn returns the version of the scale in force on date: the rows of
// the newest EffectiveFrom not after date. ok is false when no version
// had started yet.
func ScaleOn(rates []KmRate, date string) (KmScale, bool) {
	var version string
	for _, r := range rates {
		if r.EffectiveFrom <= date && r.EffectiveFrom > version {
			version = r.EffectiveFrom
		}
	}
	if version == "" {
		return KmScale{}, false
	}
	s := KmScale{EffectiveFrom: version}
	for _, r := range rates {
		if r.EffectiveFrom == version {
			s.Rates = append(s.Rates, r)
		}
	}
	return s, true
}

// KmRateFor returns the row of scale (one version) that applies to a
// vehicle of hp fiscal horsepower driven yearKm km in the year: the
// narrowest distance band that holds yearKm.
func KmRateFor(scale []KmRate, vehicle Vehicle, hp, yearKm int) (KmRate, bool) {
	var best KmRate
	found := false
	for _, r := range scale {
		if r.Vehicle != vehicle || hp < r.HPMin || (r.HPMax > 0 && hp > r.HPMax) {
			continue
		}
		if r.KmMax > 0 && yearKm > r.KmMax {
			continue
		}
		if !found || bandBelow(r.KmMax, best.KmMax) {
			best, found = r, true
		}
	}
	return best, found
}

// bandBelow reports whether a band ending at a is narrower than one
// ending at b, 0 meaning no end.
func bandBelow(a, b int) bool {
	switch {
	case a == 0:
		return false
	case b == 0:
		return true
	}
	return a < b
}

// KmAmount values km driven with a vehicle of hp fiscal horsepower, when
// the volunteer drove yearKm km in the year for the association (yearKm
// picks the band and is raised to km when smaller). scale is one version
// of the scale (ScaleOn). The cost of the year,
// yearKm × rate + fixed, is shared pro rata of km / yearKm, raised by the
// electric bonus, and rounded once, half up, to the cent:
//
//	cents = round(((yearKm × rate + fixed × 1000) × km × (100 + bonus)) / (yearKm × 1000 × 100))
//
// with rate in millicents per km (1/1000 of a cent). The arithmetic is on
// integers only. It returns 0 when km ≤ 0 or no row applies (KmRateFor).
func KmAmount(scale []KmRate, vehicle Vehicle, hp, km int, electric bool, yearKm int) money.Cents {
	if km <= 0 {
		return 0
	}
	yearKm = max(yearKm, km)
	r, ok := KmRateFor(scale, vehicle, hp, yearKm)
	if !ok {
		return 0
	}
	bonus := int64(0)
	if electric {
		bonus = int64(r.ElectricBonusPercent)
	}
	year := new(big.Int).Mul(big.NewInt(int64(yearKm)), big.NewInt(r.RateMillicentsPerKm))
	year.Add(year, big.NewInt(int64(r.Fixed)*1000))
	num := year.Mul(year, big.NewInt(int64(km)*(100+bonus)))
	den := big.NewInt(int64(yearKm) * 1000 * 100)
	num.Add(num, new(big.Int).Rsh(den, 1)) // half up: amounts are never negative
	return money.Cents(num.Quo(num, den).Int64())
}

// ExpenseLine is one line of an expense claim: a trip valued with the
// scale, or an expense paid.
type ExpenseLine struct {
	ID          int64
	ClaimID     int64
	Date        string // YYYY-MM-DD
	Description string // trip (from, to, why) or what was bought
	Kind        LineKind
	Km          int
	YearKm      int // km driven for the association in the year: picks the band
	FiscalHP    int
	Vehicle     Vehicle
	Electric    bool
	Amount      money.Cents
}

// Validate checks a line before it is added. The amount of a km line is
// computed, so only an expense line needs one.
func (l ExpenseLine) Validate() error {
	var errs apperr.Multi
	if _, err := time.Parse(time.DateOnly, l.Date); err != nil {
		errs = append(errs, apperr.InvalidField("date", "expense.line_date_invalid",
			"La date de la dépense est absente ou invalide. Écrivez-la au format JJ/MM/AAAA."))
	}
	if strings.TrimSpace(l.Description) == "" {
		errs = append(errs, apperr.InvalidField("description", "expense.line_description_missing",
			"Décrivez la dépense : le trajet (départ, arrivée, motif) ou ce qui a été acheté, et pour quelle action."))
	}
	switch l.Kind {
	case KmLine:
		if l.Km <= 0 {
			errs = append(errs, apperr.InvalidField("km", "expense.km_not_positive",
				"Le nombre de kilomètres doit être supérieur à zéro. Indiquez la distance parcourue."))
		}
		if !slices.Contains(Vehicles, l.Vehicle) {
			errs = append(errs, apperr.InvalidField("vehicle", "expense.vehicle_unknown",
				"Le véhicule est inconnu. Choisissez voiture, moto ou cyclomoteur."))
		}
		if l.Vehicle != Moped && l.FiscalHP <= 0 {
			errs = append(errs, apperr.InvalidField("fiscal_hp", "expense.hp_missing",
				"La puissance fiscale est absente. Recopiez-la de la carte grise (case P.6)."))
		}
		if l.YearKm < 0 {
			errs = append(errs, apperr.InvalidField("year_km", "expense.year_km_negative",
				"Le kilométrage annuel ne peut pas être négatif."))
		}
	case ExpenseItem:
		if l.Amount <= 0 {
			errs = append(errs, apperr.InvalidField("amount", "expense.amount_not_positive",
				"Le montant de la dépense doit être supérieur à zéro. Recopiez-le du justificatif."))
		}
	default:
		errs = append(errs, apperr.InvalidField("kind", "expense.kind_unknown",
			"Choisissez s'il s'agit de kilomètres parcourus ou d'une dépense payée."))
	}
	return errs.OrNil()
}

// ExpenseDocument is a supporting document kept with a claim: a ticket,
// an invoice, the log of the trips.
type ExpenseDocument struct {
	ID      int64
	ClaimID int64
	Name    string // file name, as given
	MIME    string // detected from the content
	Data    []byte // nil in lists: GetExpenseDocument reads it
	Size    int
	SHA256  string // hex
	AddedAt time.Time
}

// MaxDocumentSize is the largest supporting document accepted: a scan or
// a photo, not a folder of them.
const MaxDocumentSize = 10 << 20

// DetectDocumentMIME names the type of a supporting document from its
// first bytes. Only PDF and images are accepted: they are what the
// administration can read in a control (R7.1). ok is false otherwise.
func DetectDocumentMIME(data []byte) (mime string, ok bool) {
	b := string(data[:min(len(data), 16)])
	switch {
	case strings.HasPrefix(b, "%PDF-"):
		return "application/pdf", true
	case strings.HasPrefix(b, "\x89PNG\r\n\x1a\n"):
		return "image/png", true
	case strings.HasPrefix(b, "\xff\xd8\xff"):
		return "image/jpeg", true
	case strings.HasPrefix(b, "GIF87a"), strings.HasPrefix(b, "GIF89a"):
		return "image/gif", true
	case len(b) >= 12 && b[:4] == "RIFF" && b[8:12] == "WEBP":
		return "image/webp", true
	case strings.HasPrefix(b, "II*\x00"), strings.HasPrefix(b, "MM\x00*"):
		return "image/tiff", true
	}
	return "", false
}

// ExpenseClaim is a note de frais by a volunteer who may give the refund
// up to the association.
type ExpenseClaim struct {
	ID            int64
	VolunteerID   int64
	VolunteerName string // filled by the store when reading
	ClaimDate     string // YYYY-MM-DD
	// Purpose is what the expenses were for; it must relate to the
	// association's objet (R4.7 b).
	Purpose string
	// ScaleEffectiveFrom is the version of the kilometric scale used for
	// the km lines, "" while the claim has none (R4.9).
	ScaleEffectiveFrom string
	WaiverText         string
	WaiverSignedOn     string // YYYY-MM-DD, "" while not signed
	RecordedInAccounts bool
	GiftID             int64 // the gift created by ToGift, or 0
	CreatedAt          time.Time
	Lines              []ExpenseLine
	Documents          []ExpenseDocument // without their data
}

// Total is the sum of the claim's lines.
func (c ExpenseClaim) Total() money.Cents {
	var t money.Cents
	for _, l := range c.Lines {
		t += l.Amount
	}
	return t
}

// Validate checks a claim before it is created.
func (c ExpenseClaim) Validate() error {
	var errs apperr.Multi
	if c.VolunteerID == 0 {
		errs = append(errs, apperr.InvalidField("volunteer", "expense.volunteer_missing",
			"Le bénévole n'est pas choisi. Choisissez-le ou créez-le."))
	}
	if _, err := time.Parse(time.DateOnly, c.ClaimDate); err != nil {
		errs = append(errs, apperr.InvalidField("claim_date", "expense.claim_date_invalid",
			"La date de la note de frais est absente ou invalide. Écrivez-la au format JJ/MM/AAAA."))
	}
	if strings.TrimSpace(c.Purpose) == "" {
		errs = append(errs, apperr.InvalidField("purpose", "expense.purpose_missing",
			"Indiquez l'objet des frais : l'action de l'association pour laquelle ils ont été engagés."))
	}
	return errs.OrNil()
}

// DefaultWaiverText is the waiver a volunteer signs when nothing else was
// written (R4.7 e), with the volunteer's name, or « … » when unknown.
func DefaultWaiverText(name string) string {
	if strings.TrimSpace(name) == "" {
		name = "…"
	}
	return fmt.Sprintf("Je soussigné(e) %s certifie renoncer au remboursement des frais ci-dessus et les laisser à l'association en tant que don.", name)
}
