package association

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bureau-asso/bureau/assets"
)

func TestLoadCategoriesEmbedded(t *testing.T) {
	if _, err := loadCategories(assets.Legal, categoriesFile); err != nil {
		t.Fatalf("loadCategories(embedded) = %v", err)
	}
}

func TestLoadCategoriesMalformed(t *testing.T) {
	const head = `{"form": "2041-RD", "cerfa": "11580*05", "effective_from": "2023-03-01", "parent_wording": "Œuvre", "categories": [`
	tests := []struct {
		name, json, want string
	}{
		{"not json", `{`, "unexpected EOF"},
		{"misspelt flag", head + `{"code": "a", "wording": "A", "ifi_eligble": true}]}`, "unknown field"},
		{"no categories", head + `]}`, "required"},
		{"bad effective date", strings.Replace(head, "2023-03-01", "2023-02-30", 1) + `{"code": "a", "wording": "A"}]}`, "required"},
		{"bad code", head + `{"code": "Asso", "wording": "A"}]}`, "code must be"},
		{"empty wording", head + `{"code": "a", "wording": ""}]}`, "wording is empty"},
		{"duplicate", head + `{"code": "a", "wording": "A"}, {"code": "a", "wording": "B"}]}`, "duplicate"},
		{"unknown date", head + `{"code": "a", "wording": "A {x_date}", "dates": ["x_date"]}]}`, "unknown date key"},
		{"date not in wording", head + `{"code": "a", "wording": "A", "dates": ["jo_date"]}]}`, "lacks {jo_date}"},
		{"stray placeholder", head + `{"code": "a", "wording": "A {jo_date}"}]}`, "has {jo_date}"},
		{"precision not in wording", head + `{"code": "a", "wording": "A", "needs_precision": true}]}`, "lacks {precision}"},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{"c.json": {Data: []byte(tt.json)}}
		_, err := loadCategories(fsys, "c.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: loadCategories = %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestMustLoadCategoriesPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("mustLoadCategories on a missing file did not panic")
		}
	}()
	mustLoadCategories(fstest.MapFS{}, "missing.json")
}
