package textfold_test

import (
	"testing"

	"github.com/bureau-asso/bureau/internal/textfold"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hélène", "helene"},
		{"ORLÉANS", "orleans"},
		{"  Cœur   de  Loire ", "coeur de loire"},
		{"Ça m'Äffecte", "ca m'affecte"},
		{"Straße", "strasse"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := textfold.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
