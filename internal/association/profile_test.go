package association_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/association"
)

// complete returns a profile with everything a receipt needs.
func complete() association.Profile {
	return association.Profile{
		Name:       "Les Amis du Jardin partagé",
		SIREN:      "732829320",
		Street:     "12 rue des Lilas",
		Postcode:   "75011",
		City:       "Paris",
		Object:     "Créer et entretenir un jardin partagé ouvert aux habitants du quartier, et y animer des ateliers d'éducation à l'environnement.",
		Category:   "asso_1901_ig",
		SignerName: "Marie Dupont",
		SignerRole: "Présidente",
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(p *association.Profile)
		fields []string // fields in error, nil when valid
	}{
		{"complete", func(p *association.Profile) {}, nil},
		{"empty is valid", func(p *association.Profile) { *p = association.Profile{} }, nil},
		{"RNA instead of SIREN", func(p *association.Profile) { p.SIREN, p.RNA = "", "W751234567" }, nil},
		{"bad SIREN", func(p *association.Profile) { p.SIREN = "732829321" }, []string{"siren"}},
		{"bad RNA", func(p *association.Profile) { p.RNA = "X751234567" }, []string{"rna"}},
		{"short postcode", func(p *association.Profile) { p.Postcode = "7501" }, []string{"postcode"}},
		{"postcode in France", func(p *association.Profile) { p.Postcode, p.Country = "1000", "France" }, []string{"postcode"}},
		{"postcode abroad", func(p *association.Profile) { p.Postcode, p.Country = "1000", "Belgique" }, nil},
		{"overseas postcode", func(p *association.Profile) { p.Postcode = "97400" }, nil},
		{"unknown category", func(p *association.Profile) { p.Category = "club" }, []string{"category"}},
		{"valid dates", func(p *association.Profile) {
			p.Category = "rup"
			p.Dates = map[string]string{"rup_decree_date": "1990-05-14", "jo_date": "1990-05-20"}
		}, nil},
		{"impossible date", func(p *association.Profile) {
			p.Category = "rup"
			p.Dates = map[string]string{"rup_decree_date": "1990-02-30", "jo_date": "20/05/1990"}
		}, []string{"dates.rup_decree_date", "dates.jo_date"}},
		{"unknown date key", func(p *association.Profile) { p.Dates = map[string]string{"birthday": "2000-01-01"} }, []string{"dates.birthday"}},
		{"name on two lines", func(p *association.Profile) { p.Name = "Les Amis\ndu Jardin" }, []string{"name"}},
		{"object on two lines", func(p *association.Profile) { p.Object = "Jardiner.\nÉduquer." }, nil},
		{"signature not an image", func(p *association.Profile) {
			p.Signature = association.Image{Data: []byte("bonjour"), MIME: "text/plain"}
		}, []string{"signature"}},
		{"several", func(p *association.Profile) { p.SIREN, p.Postcode, p.Category = "1", "x", "?" }, []string{"siren", "postcode", "category"}},
	}
	for _, tt := range tests {
		p := complete()
		tt.edit(&p)
		err := p.Validate()
		if got := errFields(err); !slices.Equal(got, tt.fields) {
			t.Errorf("%s: Validate() fields = %v, want %v (%v)", tt.name, got, tt.fields, err)
		}
		if err != nil && !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("%s: Validate() = %v, want an apperr.ErrInvalid", tt.name, err)
		}
	}
}

func TestValidateMessage(t *testing.T) {
	p := association.Profile{Postcode: "7501"}
	want := "Le code postal « 7501 » doit compter 5 chiffres, par exemple 75011. Corrigez-le, ou indiquez le pays si l'adresse est hors de France."
	if got := apperr.Message(p.Validate()); got != want {
		t.Errorf("Validate() message = %q, want %q", got, want)
	}
}

func TestMissingForReceipts(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(p *association.Profile)
		fields []string
	}{
		{"complete", func(p *association.Profile) {}, nil},
		{"empty", func(p *association.Profile) { *p = association.Profile{} }, []string{
			"name", "siren", "street", "postcode", "city", "object", "category", "signer_name", "signer_role",
		}},
		{"RNA is enough", func(p *association.Profile) { p.SIREN, p.RNA = "", "W751234567" }, nil},
		{"blank name", func(p *association.Profile) { p.Name = "  " }, []string{"name"}},
		{"rup without dates", func(p *association.Profile) { p.Category = "rup" }, []string{"dates.rup_decree_date", "dates.jo_date"}},
		{"rup with one date", func(p *association.Profile) {
			p.Category = "rup"
			p.Dates = map[string]string{"rup_decree_date": "1990-05-14"}
		}, []string{"dates.jo_date"}},
		{"alsace-moselle without arrêté", func(p *association.Profile) { p.Category = "alsace_moselle_mission_up" }, []string{"dates.arrete_date"}},
		{"optional agrément", func(p *association.Profile) { p.Category = "patrimoine_monuments" }, nil},
		{"autre without precision", func(p *association.Profile) { p.Category = "autre" }, []string{"category_precision"}},
		{"autre with precision", func(p *association.Profile) { p.Category, p.CategoryPrecision = "autre", "Syndicat mixte" }, nil},
		{"unknown category", func(p *association.Profile) { p.Category = "club" }, []string{"category"}},
	}
	for _, tt := range tests {
		p := complete()
		tt.edit(&p)
		missing := p.MissingForReceipts()
		if got := errFields(missing.OrNil()); !slices.Equal(got, tt.fields) {
			t.Errorf("%s: MissingForReceipts() fields = %v, want %v", tt.name, got, tt.fields)
		}
		for _, e := range missing {
			if !strings.HasSuffix(e.Message, ".") || !errors.Is(e, apperr.ErrInvalid) {
				t.Errorf("%s: message %q (kind %v) is not a sentence of kind invalid", tt.name, e.Message, e.Kind)
			}
		}
	}
}

func TestCategoryWording(t *testing.T) {
	tests := []struct {
		category, precision string
		dates               map[string]string
		want                string
	}{
		{"asso_1901_ig", "", nil, "Association loi 1901"},
		{"rup", "", map[string]string{"rup_decree_date": "1990-05-14", "jo_date": "1990-05-20"},
			"Association ou fondation reconnue d'utilité publique par décret en date du 14/05/1990 publié au Journal officiel du 20/05/1990"},
		{"rup", "", map[string]string{"rup_decree_date": "1990-05-14"},
			"Association ou fondation reconnue d'utilité publique par décret en date du 14/05/1990 publié au Journal officiel du …"},
		{"autre", "Syndicat mixte", nil, "Autres (précisez) : Syndicat mixte"},
		{"autre", "", nil, "Autres (précisez) : …"},
		{"club", "", nil, ""},
	}
	for _, tt := range tests {
		p := association.Profile{Category: tt.category, CategoryPrecision: tt.precision, Dates: tt.dates}
		if got := p.CategoryWording(); got != tt.want {
			t.Errorf("CategoryWording(%s, %q, %v) = %q, want %q", tt.category, tt.precision, tt.dates, got, tt.want)
		}
	}
}
