package association

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"

	"github.com/bureau-asso/bureau/assets"
)

// categoriesFile lists the organisation categories of Cerfa 11580*05
// (form 2041-RD), the model in force since March 2023 (receipts-law.md R1.7).
const categoriesFile = "legal/cerfa-11580-05/categories.json"

// Date keys that a category may require, as stored in Profile.Dates.
const (
	DateRUPDecree = "rup_decree_date" // décret de reconnaissance d'utilité publique
	DateJO        = "jo_date"         // publication of that decree in the Journal officiel
	DateArrete    = "arrete_date"     // arrêté recognising an Alsace-Moselle mission of public utility
	DateAgrement  = "agrement_date"   // agrément by the administration
)

// dateKeys lists the date keys in the order users see them.
var dateKeys = []string{DateRUPDecree, DateJO, DateArrete, DateAgrement}

// dateLabels name each date in messages.
var dateLabels = map[string]string{
	DateRUPDecree: "la date du décret de reconnaissance d'utilité publique",
	DateJO:        "la date de publication de ce décret au Journal officiel",
	DateArrete:    "la date de l'arrêté reconnaissant la mission d'utilité publique",
	DateAgrement:  "la date de l'agrément",
}

// Category is one organisation box of the receipt form ("Cochez la case
// concernée").
type Category struct {
	Code string
	// Wording is the text of the box as printed. A {key} in it stands for
	// one of the dates, or {precision} for the free text of "Autres";
	// Profile.CategoryWording fills them in.
	Wording string
	// Dates are the date keys the box requires; OptionalDates those the
	// form asks for only "le cas échéant".
	Dates         []string
	OptionalDates []string
	// NeedsPrecision is set for "Autres (précisez)".
	NeedsPrecision bool
	// IFIEligible reports whether gifts may give the IFI reduction of
	// article 978 of the CGI (R1.11a). It is set conservatively.
	IFIEligible bool
	// Coluche reports the 75 % regime of article 200 1 ter of the CGI (R5.2).
	Coluche bool
	// UnderParent reports a sub-box of CategorySet.ParentWording, which is
	// printed above it.
	UnderParent bool
}

// CategorySet is the list of categories of one version of the form.
type CategorySet struct {
	Form          string // "2041-RD"
	Cerfa         string // "11580*05"
	EffectiveFrom string // YYYY-MM-DD
	// ParentWording is the general-interest box that holds the categories
	// whose UnderParent is set.
	ParentWording string
	Categories    []Category
}

// categories is loaded once; the embedded file is part of the program, so
// a malformed one is a programming error that the tests catch.
var categories = mustLoadCategories(assets.Legal, categoriesFile)

// CategoryForm returns the categories with the form they belong to.
// Callers must not modify the returned slices.
func CategoryForm() CategorySet {
	return categories
}

// Categories returns the categories in the order of the form.
// Callers must not modify the returned slices.
func Categories() []Category {
	return slices.Clone(categories.Categories)
}

// CategoryByCode returns the category whose code is code.
func CategoryByCode(code string) (Category, bool) {
	i := slices.IndexFunc(categories.Categories, func(c Category) bool { return c.Code == code })
	if i < 0 {
		return Category{}, false
	}
	return categories.Categories[i], true
}

func mustLoadCategories(fsys fs.FS, name string) CategorySet {
	set, err := loadCategories(fsys, name)
	if err != nil {
		panic(err)
	}
	return set
}

var (
	codePattern        = regexp.MustCompile(`^[a-z0-9_]+$`)
	placeholderPattern = regexp.MustCompile(`\{([a-z_]+)\}`)
)

// loadCategories reads and checks a category file.
func loadCategories(fsys fs.FS, name string) (CategorySet, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return CategorySet{}, err
	}
	var file struct {
		Form          string   `json:"form"`
		Cerfa         string   `json:"cerfa"`
		EffectiveFrom string   `json:"effective_from"`
		Source        []string `json:"source"`
		Note          []string `json:"note"`
		ParentWording string   `json:"parent_wording"`
		Categories    []struct {
			// Same fields, in the same order, as Category.
			Code           string   `json:"code"`
			Wording        string   `json:"wording"`
			Dates          []string `json:"dates"`
			OptionalDates  []string `json:"optional_dates"`
			NeedsPrecision bool     `json:"needs_precision"`
			IFIEligible    bool     `json:"ifi_eligible"`
			Coluche        bool     `json:"coluche"`
			UnderParent    bool     `json:"under_parent"`
		} `json:"categories"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt flag must not silently read as false
	if err := dec.Decode(&file); err != nil {
		return CategorySet{}, fmt.Errorf("read %s: %w", name, err)
	}
	if file.Form == "" || file.Cerfa == "" || !validDate(file.EffectiveFrom) || file.ParentWording == "" || len(file.Categories) == 0 {
		return CategorySet{}, fmt.Errorf("read %s: form, cerfa, effective_from, parent_wording and categories are required", name)
	}
	set := CategorySet{
		Form:          file.Form,
		Cerfa:         file.Cerfa,
		EffectiveFrom: file.EffectiveFrom,
		ParentWording: file.ParentWording,
	}
	seen := map[string]bool{}
	for _, fc := range file.Categories {
		c := Category(fc)
		if err := checkCategory(c); err != nil {
			return CategorySet{}, fmt.Errorf("read %s: category %q: %w", name, c.Code, err)
		}
		if seen[c.Code] {
			return CategorySet{}, fmt.Errorf("read %s: category %q: duplicate code", name, c.Code)
		}
		seen[c.Code] = true
		set.Categories = append(set.Categories, c)
	}
	return set, nil
}

// checkCategory checks that a category's code is well formed, that its
// dates are known, and that its wording has a placeholder for each date
// and for the precision, and no other.
func checkCategory(c Category) error {
	if !codePattern.MatchString(c.Code) {
		return fmt.Errorf("code must be lowercase ascii letters, digits and _")
	}
	if c.Wording == "" {
		return fmt.Errorf("wording is empty")
	}
	want := map[string]bool{}
	for _, k := range slices.Concat(c.Dates, c.OptionalDates) {
		if !slices.Contains(dateKeys, k) {
			return fmt.Errorf("unknown date key %q", k)
		}
		want[k] = true
	}
	if c.NeedsPrecision {
		want["precision"] = true
	}
	got := map[string]bool{}
	for _, m := range placeholderPattern.FindAllStringSubmatch(c.Wording, -1) {
		got[m[1]] = true
	}
	for k := range want {
		if !got[k] {
			return fmt.Errorf("wording lacks {%s}", k)
		}
	}
	for k := range got {
		if !want[k] {
			return fmt.Errorf("wording has {%s}, which is neither a date of the category nor its precision", k)
		}
	}
	return nil
}
