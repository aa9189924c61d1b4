package mail_test

import (
	"testing"

	"github.com/bureau-asso/bureau/internal/mail"
)

func TestSplitQuoted(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []bool // Quoted of each block
		last string // text of the last block
	}{
		{"gmail reply", "Merci !\n\nLe lun. 2 mars 2026 à 10:00, Claire <c@asso.fr> a écrit :\n> Bonjour\n> Voici.\n",
			[]bool{false, true}, "Le lun. 2 mars 2026 à 10:00, Claire <c@asso.fr> a écrit :\n> Bonjour\n> Voici."},
		{"wrapped attribution", "Oui.\n\nLe lun. 2 mars 2026 à 10:00, Claire Moreau <\nclaire@asso.fr> a écrit :\n\n> Bonjour\n",
			[]bool{false, true}, "Le lun. 2 mars 2026 à 10:00, Claire Moreau <\nclaire@asso.fr> a écrit :\n\n> Bonjour"},
		{"interleaved", "> Question 1 ?\nRéponse 1.\n> Question 2 ?\nRéponse 2.",
			[]bool{true, false, true, false}, "Réponse 2."},
		{"outlook fr", "Bien reçu.\n\nDe : Paul Durand\nEnvoyé : mardi 3 mars 2026 09:00\nÀ : Claire\nObjet : Convention\n\nTexte d'avant",
			[]bool{false, true}, "De : Paul Durand\nEnvoyé : mardi 3 mars 2026 09:00\nÀ : Claire\nObjet : Convention\n\nTexte d'avant"},
		{"original message marker", "Ok\n-----Message d'origine-----\nDe : x\nancien", []bool{false, true}, "-----Message d'origine-----\nDe : x\nancien"},
		{"english", "Sure.\nOn Mon, Mar 2, 2026 at 10:00 AM Bob wrote:\n> hi", []bool{false, true}, "On Mon, Mar 2, 2026 at 10:00 AM Bob wrote:\n> hi"},
		{"no quote", "Bonjour,\nDe rien.\n", []bool{false}, "Bonjour,\nDe rien."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs := mail.SplitQuoted(tt.in)
			var got []bool
			for _, b := range bs {
				got = append(got, b.Quoted)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("blocks %+v, want quoted %v", bs, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("blocks %+v, want quoted %v", bs, tt.want)
				}
			}
			if last := bs[len(bs)-1].Text; last != tt.last {
				t.Errorf("last block %q, want %q", last, tt.last)
			}
		})
	}
}
