package contactio_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// bigCSV writes n contacts the way a French spreadsheet export looks:
// ";" separated, accents, one in twenty belonging to an organisation.
func bigCSV(n int) []byte {
	firsts := []string{"Hélène", "Jean", "Marie", "Loïc", "Zoé", "François", "Cécile", "Noël", "Inès", "Théo"}
	lasts := []string{"Dupont", "Lefèvre", "Moreau", "Girard", "Bérénger", "Fabre", "Roux", "Mercier", "Lemaître", "Faure"}
	cities := []struct{ cp, city string }{{"45000", "Orléans"}, {"37000", "Tours"}, {"75011", "Paris"}, {"01000", "Bourg-en-Bresse"}, {"13001", "Marseille"}}
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("Civilité;Prénom;Nom;Courriel;Téléphone;Adresse;Code postal;Ville;Étiquettes;Société;Fonction\r\n")
	for i := range n {
		f, l := firsts[rng.IntN(len(firsts))], lasts[rng.IntN(len(lasts))]
		c := cities[rng.IntN(len(cities))]
		org, role := "", ""
		if i%20 == 0 {
			org, role = fmt.Sprintf("Entreprise %d", i%500), "Trésorier"
		}
		fmt.Fprintf(&b, "Mme;%s;%s;%s.%s.%d@example.org;06 12 34 %02d %02d;%d rue de la Paix;%s;%s;adhérent, 2026;%s;%s\r\n",
			f, l, "p", "n", i, i%100, (i/100)%100, i%200+1, c.cp, c.city, org, role)
	}
	return b.Bytes()
}

// BenchmarkImport100k measures a whole import of 100,000 contacts from
// CSV: reading, checking, looking for duplicates, saving and indexing.
// The target is under 5 s.
func BenchmarkImport100k(b *testing.B) {
	data := bigCSV(100_000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		db := storetest.Open(b)
		b.StartTimer()
		p, err := contactio.ReadCSV(data, nil)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := contactio.NewImporter(db).Import(ctx, p, contactio.Options{Source: "bench.csv"}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Imported != 100_000 {
			b.Fatalf("imported %d, want 100000 (%d refused)", rep.Imported, rep.Refused)
		}
	}
}
