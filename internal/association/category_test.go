package association_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/bureau-asso/bureau/internal/association"
)

func TestCategories(t *testing.T) {
	cats := association.Categories()
	if len(cats) == 0 {
		t.Fatal("Categories() is empty")
	}
	wantCodes := []string{
		"asso_1901_ig", "rup", "alsace_moselle_mission_up", "fondation_universitaire",
		"fondation_entreprise", "musee_de_france", "aide_personnes_difficulte", "gestion_forestiere",
		"cultuel_alsace_moselle", "fonds_dotation", "presse_pluralisme", "enseignement_superieur",
		"enseignement_consulaire", "aide_pme", "spectacle_vivant", "patrimoine_monuments",
		"biens_culturels_conflit", "recherche", "insertion_entreprise", "association_intermediaire",
		"chantiers_insertion", "entreprise_adaptee", "anr", "geiq", "rup_creation_entreprise",
		"organisme_ue_eee", "autre",
	}
	dateKeys := []string{association.DateRUPDecree, association.DateJO, association.DateArrete, association.DateAgrement}
	code := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	seen := map[string]bool{}
	for _, c := range cats {
		if seen[c.Code] {
			t.Errorf("code %q appears twice", c.Code)
		}
		seen[c.Code] = true
		if !code.MatchString(c.Code) {
			t.Errorf("code %q is not a lowercase snake code", c.Code)
		}
		if c.Wording == "" {
			t.Errorf("category %q has no wording", c.Code)
		}
		for _, k := range slices.Concat(c.Dates, c.OptionalDates) {
			if !slices.Contains(dateKeys, k) {
				t.Errorf("category %q has unknown date key %q", c.Code, k)
			}
		}
		if got, ok := association.CategoryByCode(c.Code); !ok || got.Code != c.Code {
			t.Errorf("CategoryByCode(%q) = %v, %v", c.Code, got, ok)
		}
	}
	for _, c := range wantCodes {
		if !seen[c] {
			t.Errorf("category %q is missing", c)
		}
	}
	if len(cats) != len(wantCodes) {
		t.Errorf("len(Categories()) = %d, want %d", len(cats), len(wantCodes))
	}
}

func TestCategoryFlags(t *testing.T) {
	tests := []struct {
		code                                 string
		ifi, coluche, precision, underParent bool
		dates                                []string
	}{
		{code: "asso_1901_ig", underParent: true},
		{code: "rup", underParent: true, dates: []string{"rup_decree_date", "jo_date"}}, // RUP associations are not art. 978
		{code: "alsace_moselle_mission_up", underParent: true, dates: []string{"arrete_date"}},
		{code: "aide_personnes_difficulte", underParent: true, coluche: true},
		{code: "autre", underParent: true, precision: true},
		{code: "fondation_universitaire", underParent: true, ifi: true},
		{code: "recherche", ifi: true},
		{code: "geiq", ifi: true},
		{code: "fonds_dotation"},
		{code: "patrimoine_monuments"}, // its agrément date is optional
	}
	for _, tt := range tests {
		c, ok := association.CategoryByCode(tt.code)
		if !ok {
			t.Errorf("CategoryByCode(%q) not found", tt.code)
			continue
		}
		if c.IFIEligible != tt.ifi || c.Coluche != tt.coluche || c.NeedsPrecision != tt.precision || c.UnderParent != tt.underParent {
			t.Errorf("CategoryByCode(%q) = ifi %v coluche %v precision %v under parent %v, want %v %v %v %v", tt.code,
				c.IFIEligible, c.Coluche, c.NeedsPrecision, c.UnderParent, tt.ifi, tt.coluche, tt.precision, tt.underParent)
		}
		if !slices.Equal(c.Dates, tt.dates) {
			t.Errorf("CategoryByCode(%q).Dates = %v, want %v", tt.code, c.Dates, tt.dates)
		}
	}
}

func TestCategoryByCodeUnknown(t *testing.T) {
	if c, ok := association.CategoryByCode("inconnue"); ok {
		t.Errorf("CategoryByCode(inconnue) = %v, true; want false", c)
	}
}

func TestCategoryForm(t *testing.T) {
	set := association.CategoryForm()
	if set.Form != "2041-RD" || set.Cerfa != "11580*05" || set.EffectiveFrom != "2023-03-01" {
		t.Errorf("CategoryForm() = %q %q %q, want 2041-RD 11580*05 2023-03-01", set.Form, set.Cerfa, set.EffectiveFrom)
	}
	if want := "Œuvre ou organisme d'intérêt général ayant un caractère philanthropique"; len(set.ParentWording) < len(want) || set.ParentWording[:len(want)] != want {
		t.Errorf("ParentWording = %q, want it to start with %q", set.ParentWording, want)
	}
	if len(set.Categories) != len(association.Categories()) {
		t.Errorf("CategoryForm() has %d categories, Categories() %d", len(set.Categories), len(association.Categories()))
	}
}
