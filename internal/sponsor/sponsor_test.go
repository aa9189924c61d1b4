package sponsor_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/money"
	"github.com/bureau-asso/bureau/internal/sponsor"
)

// valid returns a case that passes Validate; tests change one field.
func valid() sponsor.Case {
	return sponsor.Case{
		OrgID: 1, Year: 2026, Stage: sponsor.Meeting, Expected: 5_000_00, Probability: 40,
		NextAction: "Envoyer la proposition", NextActionDate: "2026-12-01",
		ConventionStart: "2026-01-01", ConventionEnd: "2026-12-31",
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*sponsor.Case)
		fields []string // fields reported, in order; nil means valid
	}{
		{"valid", func(*sponsor.Case) {}, nil},
		{"minimal", func(c *sponsor.Case) {
			*c = sponsor.Case{OrgID: 1, Year: 2026, Stage: sponsor.Prospect}
		}, nil},
		{"no organisation", func(c *sponsor.Case) { c.OrgID = 0 }, []string{"organisation"}},
		{"year 2000", func(c *sponsor.Case) { c.Year = 2000 }, nil},
		{"year 2100", func(c *sponsor.Case) { c.Year = 2100 }, nil},
		{"year 1999", func(c *sponsor.Case) { c.Year = 1999 }, []string{"year"}},
		{"year 2101", func(c *sponsor.Case) { c.Year = 2101 }, []string{"year"}},
		{"year 26", func(c *sponsor.Case) { c.Year = 26 }, []string{"year"}},
		{"unknown stage", func(c *sponsor.Case) { c.Stage = "won" }, []string{"stage"}},
		{"empty stage", func(c *sponsor.Case) { c.Stage = "" }, []string{"stage"}},
		{"expected zero", func(c *sponsor.Case) { c.Expected = 0 }, nil},
		{"expected negative", func(c *sponsor.Case) { c.Expected = -1 }, []string{"expected"}},
		{"probability 0", func(c *sponsor.Case) { c.Probability = 0 }, nil},
		{"probability 100", func(c *sponsor.Case) { c.Probability = 100 }, nil},
		{"probability -1", func(c *sponsor.Case) { c.Probability = -1 }, []string{"probability"}},
		{"probability 101", func(c *sponsor.Case) { c.Probability = 101 }, []string{"probability"}},
		{"next action date French", func(c *sponsor.Case) { c.NextActionDate = "01/12/2026" }, []string{"next_action_date"}},
		{"next action date 30 February", func(c *sponsor.Case) { c.NextActionDate = "2026-02-30" }, []string{"next_action_date"}},
		{"next action date without zero", func(c *sponsor.Case) { c.NextActionDate = "2026-2-3" }, []string{"next_action_date"}},
		{"29 February of a leap year", func(c *sponsor.Case) { c.NextActionDate = "2028-02-29" }, nil},
		{"action without date", func(c *sponsor.Case) { c.NextActionDate = "" }, []string{"next_action_date"}},
		{"date without action", func(c *sponsor.Case) { c.NextAction = "  " }, []string{"next_action"}},
		{"no action, no date", func(c *sponsor.Case) { c.NextAction, c.NextActionDate = "", "" }, nil},
		{"convention start invalid", func(c *sponsor.Case) { c.ConventionStart = "2026-13-01" }, []string{"convention_start"}},
		{"convention end invalid", func(c *sponsor.Case) { c.ConventionEnd = "fin 2026" }, []string{"convention_end"}},
		{"convention of one day", func(c *sponsor.Case) { c.ConventionEnd = c.ConventionStart }, nil},
		{"convention ends before it starts", func(c *sponsor.Case) {
			c.ConventionStart, c.ConventionEnd = "2026-07-01", "2026-06-30"
		}, []string{"convention_end"}},
		{"convention end without start", func(c *sponsor.Case) { c.ConventionStart = "" }, nil},
		{"counterpart without item", func(c *sponsor.Case) {
			c.Counterparts = []sponsor.Counterpart{{Item: " ", Value: 100_00}}
		}, []string{"item"}},
		{"counterpart negative", func(c *sponsor.Case) {
			c.Counterparts = []sponsor.Counterpart{{Item: "Logo", Value: -1}}
		}, []string{"value"}},
		{"counterpart delivered date but not delivered", func(c *sponsor.Case) {
			c.Counterparts = []sponsor.Counterpart{{Item: "Logo", DeliveredOn: "2026-05-01"}}
		}, []string{"delivered_on"}},
		{"several problems at once", func(c *sponsor.Case) {
			c.OrgID, c.Year, c.Probability = 0, 1999, 150
		}, []string{"organisation", "year", "probability"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.change(&c)
			err := c.Validate()
			if got := fields(err); strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Fatalf("Validate() fields = %v, want %v (err %v)", got, tt.fields, err)
			}
			if err != nil && !errors.Is(err, apperr.ErrInvalid) {
				t.Errorf("Validate() = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestValidateMessagesSayWhatToDo checks that each message names the
// problem and a way out, in French.
func TestValidateMessagesSayWhatToDo(t *testing.T) {
	c := sponsor.Case{Year: 1, Stage: "x", Expected: -1, Probability: 200, NextAction: "Appeler",
		ConventionStart: "2026-05-01", ConventionEnd: "2026-04-01",
		Counterparts: []sponsor.Counterpart{{Value: -5}}}
	var m apperr.Multi
	if !errors.As(c.Validate(), &m) || len(m) < 7 {
		t.Fatalf("Validate() = %v, want many problems", c.Validate())
	}
	verbs := []string{"Choisissez", "Indiquez", "Corrigez", "Écrivez", "Décrivez", "Cochez"}
	for _, e := range m {
		if e.Key == "" || !strings.HasPrefix(e.Key, "sponsor.") {
			t.Errorf("message %q has key %q, want sponsor.*", e.Message, e.Key)
		}
		found := false
		for _, v := range verbs {
			found = found || strings.Contains(e.Message, v)
		}
		if !found {
			t.Errorf("message %q does not say what to do", e.Message)
		}
	}
}

func fields(err error) []string {
	var m apperr.Multi
	if !errors.As(err, &m) {
		return nil
	}
	var out []string
	for _, e := range m {
		out = append(out, e.Field)
	}
	return out
}

func TestWeighted(t *testing.T) {
	tests := []struct {
		expected    money.Cents
		probability int
		want        money.Cents
	}{
		{10_000_00, 50, 5_000_00},
		{10_000_00, 0, 0},
		{10_000_00, 100, 10_000_00},
		{0, 80, 0},
		{12_345, 50, 6_173}, // 6 172,5 cents → 6 173
		{1_235, 50, 618},    // 617,5 cents → 618: half away from zero
		{1_233, 50, 617},    // 616,5 cents → 617
		{1, 49, 0},          // 0,49 cent → 0
		{1, 50, 1},          // 0,5 cent → 1
		{3_333, 33, 1_100},  // 1 099,89 cents → 1 100
		{-1_235, 50, -618},  // never saved, but the rounding is symmetric
		{999_999_999_999_99, 100, 999_999_999_999_99}, // the largest amount money.Parse accepts
	}
	for _, tt := range tests {
		c := sponsor.Case{Expected: tt.expected, Probability: tt.probability}
		if got := c.Weighted(); got != tt.want {
			t.Errorf("Weighted(%d × %d %%) = %d, want %d", tt.expected, tt.probability, got, tt.want)
		}
	}
}

func TestStageLabels(t *testing.T) {
	want := []string{"Prospect", "Contacté", "Rendez-vous", "Proposition envoyée", "Convention signée", "Renouvelé", "Refusé"}
	if len(sponsor.Stages) != len(want) {
		t.Fatalf("%d stages, want %d", len(sponsor.Stages), len(want))
	}
	for i, s := range sponsor.Stages {
		if got := s.Label(); got != want[i] {
			t.Errorf("%s.Label() = %q, want %q", s, got, want[i])
		}
		if !s.Valid() {
			t.Errorf("%s.Valid() = false", s)
		}
	}
	if got := sponsor.Stage("won").Label(); got != "won" {
		t.Errorf("unknown stage Label() = %q, want the code itself", got)
	}
	for _, s := range sponsor.Stages {
		if want := s == sponsor.Agreed || s == sponsor.Renewed; s.Signed() != want {
			t.Errorf("%s.Signed() = %v, want %v", s, s.Signed(), want)
		}
	}
}
