// Package sponsor owns the sponsorship (mécénat) pipeline: one case per
// organisation and year that moves from prospect to signed convention,
// the counterparts promised to the sponsor, and the lists an office works
// from (the board by stage, overdue next actions, conventions to renew).
// It imports no SQL, Fyne, PDF or IMAP package.
package sponsor

import (
	"fmt"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
)

// Stage is where a sponsorship case stands in the pipeline.
type Stage string

// Stages of a case. Agreed means the convention is signed; Renewed means
// a convention signed again with a sponsor of a previous year.
const (
	Prospect     Stage = "prospect"
	Contacted    Stage = "contacted"
	Meeting      Stage = "meeting"
	ProposalSent Stage = "proposal_sent"
	Agreed       Stage = "agreed"
	Renewed      Stage = "renewed"
	Declined     Stage = "declined"
)

// Stages lists the stages in board order, from first contact to outcome.
var Stages = []Stage{Prospect, Contacted, Meeting, ProposalSent, Agreed, Renewed, Declined}

var stageLabels = map[Stage]string{
	Prospect:     "Prospect",
	Contacted:    "Contacté",
	Meeting:      "Rendez-vous",
	ProposalSent: "Proposition envoyée",
	Agreed:       "Convention signée",
	Renewed:      "Renouvelé",
	Declined:     "Refusé",
}

// Label returns the French name of s shown to users, or s itself when s
// is not a known stage.
func (s Stage) Label() string {
	if l, ok := stageLabels[s]; ok {
		return l
	}
	return string(s)
}

// Valid reports whether s is one of Stages.
func (s Stage) Valid() bool {
	_, ok := stageLabels[s]
	return ok
}

// Signed reports whether s has a convention in force: Agreed or Renewed.
func (s Stage) Signed() bool { return s == Agreed || s == Renewed }

// Year bounds accepted for a case: anything else is a typing mistake.
const (
	MinYear = 2000
	MaxYear = 2100
)

// Case is the sponsorship of one organisation for one year.
type Case struct {
	ID      int64
	OrgID   int64
	OrgName string // filled in by the store, for display
	Year    int
	Stage   Stage
	// Expected is the amount hoped for, or agreed once the convention is
	// signed.
	Expected money.Cents
	// Probability is the chance, in percent (0–100), that the gift comes.
	Probability    int
	NextAction     string
	NextActionDate string // YYYY-MM-DD or ""
	// ConventionStart and ConventionEnd bound the signed convention
	// (YYYY-MM-DD or "").
	ConventionStart string
	ConventionEnd   string
	Notes           string
	Counterparts    []Counterpart
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Counterpart is something given back to the sponsor: logo on a panel,
// tickets, visibility in a newsletter (receipts-law R4.12).
type Counterpart struct {
	ID    int64
	Item  string
	Value money.Cents // the value as written in the convention, in cents
	// Promised is always true for a recorded counterpart: it is written in
	// the convention, whether or not it has been delivered yet.
	Promised    bool
	Delivered   bool
	DeliveredOn string // YYYY-MM-DD, set when Delivered
}

// Validate checks a case before it is saved. It reports every problem at
// once, as an apperr.Multi.
func (c Case) Validate() error {
	var errs apperr.Multi
	if c.OrgID == 0 {
		errs = append(errs, apperr.InvalidField("organisation", "sponsor.org_missing",
			"L'organisation mécène n'est pas choisie. Choisissez-la dans les contacts ou créez-la."))
	}
	if c.Year < MinYear || c.Year > MaxYear {
		errs = append(errs, apperr.InvalidField("year", "sponsor.year_out_of_range",
			fmt.Sprintf("L'année %d n'est pas plausible. Indiquez une année entre %d et %d.", c.Year, MinYear, MaxYear)))
	}
	if !c.Stage.Valid() {
		errs = append(errs, apperr.InvalidField("stage", "sponsor.stage_unknown",
			fmt.Sprintf("L'étape « %s » est inconnue. Choisissez-en une dans la liste.", c.Stage)))
	}
	if c.Expected < 0 {
		errs = append(errs, apperr.InvalidField("expected", "sponsor.expected_negative",
			"Le montant attendu est négatif. Indiquez un montant positif, ou zéro s'il n'est pas encore connu."))
	}
	if c.Probability < 0 || c.Probability > 100 {
		errs = append(errs, apperr.InvalidField("probability", "sponsor.probability_out_of_range",
			fmt.Sprintf("La probabilité %d %% n'est pas possible. Indiquez un pourcentage entre 0 et 100.", c.Probability)))
	}
	for _, d := range []struct{ field, name, value string }{
		{"next_action_date", "de la prochaine action", c.NextActionDate},
		{"convention_start", "de début de convention", c.ConventionStart},
		{"convention_end", "de fin de convention", c.ConventionEnd},
	} {
		if d.value != "" && !ValidDate(d.value) {
			errs = append(errs, apperr.InvalidField(d.field, "sponsor.date_invalid",
				fmt.Sprintf("La date %s « %s » n'est pas une date valide. Écrivez-la AAAA-MM-JJ, par exemple 2026-03-31.", d.name, d.value)))
		}
	}
	hasAction := strings.TrimSpace(c.NextAction) != ""
	if hasAction && c.NextActionDate == "" {
		errs = append(errs, apperr.InvalidField("next_action_date", "sponsor.next_action_date_missing",
			"La prochaine action n'a pas de date. Indiquez quand la faire, pour qu'elle apparaisse dans les relances."))
	}
	if !hasAction && c.NextActionDate != "" {
		errs = append(errs, apperr.InvalidField("next_action", "sponsor.next_action_missing",
			"Une date de prochaine action est indiquée sans action. Décrivez l'action à faire, ou effacez la date."))
	}
	if ValidDate(c.ConventionStart) && ValidDate(c.ConventionEnd) && c.ConventionEnd < c.ConventionStart {
		errs = append(errs, apperr.InvalidField("convention_end", "sponsor.convention_end_before_start",
			"La convention finit avant de commencer. Corrigez la date de début ou la date de fin."))
	}
	for _, cp := range c.Counterparts {
		errs = append(errs, cp.problems()...)
	}
	return errs.OrNil()
}

// Validate checks a counterpart before it is saved.
func (cp Counterpart) Validate() error { return cp.problems().OrNil() }

func (cp Counterpart) problems() apperr.Multi {
	var errs apperr.Multi
	if strings.TrimSpace(cp.Item) == "" {
		errs = append(errs, apperr.InvalidField("item", "sponsor.counterpart_item_missing",
			"La contrepartie n'est pas décrite. Indiquez ce qui est donné au mécène (logo, places, visibilité…)."))
	}
	if cp.Value < 0 {
		errs = append(errs, apperr.InvalidField("value", "sponsor.counterpart_value_negative",
			"La valeur de la contrepartie est négative. Indiquez sa valeur en euros, ou zéro."))
	}
	if cp.DeliveredOn != "" && !ValidDate(cp.DeliveredOn) {
		errs = append(errs, apperr.InvalidField("delivered_on", "sponsor.date_invalid",
			fmt.Sprintf("La date de remise « %s » n'est pas une date valide. Écrivez-la AAAA-MM-JJ, par exemple 2026-03-31.", cp.DeliveredOn)))
	}
	if cp.DeliveredOn != "" && !cp.Delivered {
		errs = append(errs, apperr.InvalidField("delivered_on", "sponsor.counterpart_not_delivered",
			"Une date de remise est indiquée pour une contrepartie non remise. Cochez « remise » ou effacez la date."))
	}
	return errs
}

// dateLayout is the civil date format stored and typed: YYYY-MM-DD.
const dateLayout = "2006-01-02"

// ValidDate reports whether s is a real calendar date written YYYY-MM-DD.
func ValidDate(s string) bool {
	t, err := time.Parse(dateLayout, s)
	return err == nil && t.Format(dateLayout) == s
}

// Weighted returns the expected amount weighted by its probability, the
// figure a pipeline is forecast with: Expected × Probability / 100, in
// whole cents, rounded half away from zero (123,45 € at 50 % is 61,73 €,
// not 61,725 €).
func (c Case) Weighted() money.Cents {
	return weight(c.Expected, c.Probability)
}

func weight(amount money.Cents, percent int) money.Cents {
	n := int64(amount) * int64(percent)
	q, r := n/100, n%100
	switch {
	case r >= 50:
		q++
	case r <= -50:
		q--
	}
	return money.Cents(q)
}

// CounterpartTotal sums the value of every counterpart of c, delivered or
// not: what counts is what the convention promises.
func (c Case) CounterpartTotal() money.Cents {
	var t money.Cents
	for _, cp := range c.Counterparts {
		t += cp.Value
	}
	return t
}
