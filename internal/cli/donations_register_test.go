package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// kmScaleCSV is part of the 2024 scale (cars of 3 and 4 CV, mopeds),
// added again as the version of 2026.
const kmScaleCSV = `vehicle;hp_min;hp_max;km_max;rate_per_km;fixed;electric_bonus_percent
car;0;3;5000;0,529;0;20
car;0;3;20000;0,316;1065;20
car;0;3;;0,370;;20
car;4;4;5000;0,606;;20
car;4;4;20000;0,340;1 330;20
car;4;4;0;0,407;0;20
moped;;;3000;0,315;;20
moped;;;6000;0,079;711;20
moped;;;;0,198;;20
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDonationsRegisterUsage covers parsing: missing flags are usage
// errors (exit 2); a bad amount, date or scale file is a user error
// (exit 1) with its French message. No database is opened.
func TestDonationsRegisterUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	badCSV := writeFile(t, "bad.csv", "vehicle;hp_min;hp_max;km_max;rate_per_km;fixed\ncar;0;3;5000;0,529;0\ntruck;1;2;3;0,1;0\ncar;4;x;5000;0,606;0\ncar;4;4;5000;abc;0\ncar;4\n")
	line := []string{"donations", "claims", "line", "1", "--date", "2026-03-12", "--description", "Trajet"}
	tests := []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
		{[]string{"donations", "mandates", "add"}, 2, "indiquez le donateur : --donor N°"},
		{[]string{"donations", "mandates", "add", "--donor", "1", "--day", "5"}, 2, "indiquez le montant mensuel"},
		{[]string{"donations", "mandates", "add", "--donor", "1", "--amount", "15"}, 2, "indiquez le jour du prélèvement"},
		{[]string{"donations", "mandates", "add", "--donor", "Anne", "--amount", "15", "--day", "5"}, 2, "« Anne » n'est pas un numéro de contact"},
		{[]string{"donations", "mandates", "add", "--donor", "1", "--amount", "15", "--day", "cinq"}, 2, "--day attend un jour du mois"},
		{[]string{"donations", "mandates", "add", "--donor", "1", "--amount", "quinze", "--day", "5"}, 1,
			"Le montant « quinze » n'est pas reconnu. Écrivez-le comme 1234,56"},
		{[]string{"donations", "mandates", "add", "--donor", "1", "--amount", "15", "--day", "5", "--from", "2026-02-30"}, 1,
			"--from : la date « 2026-02-30 » n'est pas reconnue. Écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA"},
		{[]string{"donations", "mandates", "list", "tous"}, 2, "argument inattendu « tous »"},
		{[]string{"donations", "km-scale", "--date", "31/02/2026"}, 1, "--date : la date « 31/02/2026 » n'est pas reconnue"},
		{[]string{"donations", "km-scale", "add", "--file", "b.csv"}, 2, "indiquez la date d'entrée en vigueur du barème"},
		{[]string{"donations", "km-scale", "add", "--from", "2026-01-01"}, 2, "indiquez le fichier CSV des tranches"},
		{[]string{"donations", "km-scale", "add", "--from", "2026-01-01", "--file", filepath.Join(t.TempDir(), "absent.csv")}, 1,
			"Impossible de lire le fichier"},
		{[]string{"donations", "km-scale", "add", "--from", "2026-01-01", "--file", badCSV}, 1,
			"ligne 3 : véhicule « truck » inconnu ; écrivez car, motorbike ou moped.\n" +
				"ligne 4 : hp_max « x » n'est pas un nombre entier positif ; laissez vide ou 0 pour « sans limite ».\n" +
				"ligne 5 : rate_per_km « abc » n'est pas un taux en euros par km ; écrivez-le comme 0,529.\n" +
				"ligne 6 : 2 colonnes au lieu de 6 ou 7"},
		{[]string{"donations", "claims", "add", "--purpose", "Fête"}, 2, "indiquez le bénévole"},
		{[]string{"donations", "claims", "add", "--volunteer", "1"}, 2, "indiquez l'objet des frais"},
		{[]string{"donations", "claims", "add", "--volunteer", "1", "--purpose", "Fête", "--date", "hier"}, 1,
			"--date : la date « hier » n'est pas reconnue"},
		{[]string{"donations", "claims", "line", "--date", "2026-03-12"}, 2, "indiquez le numéro de la note de frais"},
		{[]string{"donations", "claims", "line", "n1", "--date", "2026-03-12"}, 2, "« n1 » n'est pas un numéro de note de frais"},
		{[]string{"donations", "claims", "line", "1", "--description", "Trajet", "--km", "10"}, 2, "indiquez la date du trajet"},
		{[]string{"donations", "claims", "line", "1", "--date", "2026-03-12", "--km", "10"}, 2, "décrivez la ligne"},
		{line, 2, "indiquez --km N --cv N pour un trajet, ou --amount MONTANT"},
		{append(line, "--km", "10", "--amount", "5"), 2, "soit un trajet (--km), soit une dépense (--amount), pas les deux"},
		{append(line, "--km", "10"), 2, "indiquez la puissance fiscale du véhicule : --cv 4"},
		{append(line, "--km", "dix", "--cv", "4"), 2, "--km attend un nombre entier de kilomètres"},
		{append(line, "--km", "10", "--cv", "4", "--vehicle", "truck"), 2, "--vehicle attend car, motorbike ou moped"},
		{append(line, "--amount", "abc"), 1, "Le montant « abc » n'est pas reconnu"},
		{[]string{"donations", "claims", "line", "1", "--date", "2026-13-01", "--description", "Graines", "--amount", "3"}, 1,
			"--date : la date « 2026-13-01 » n'est pas reconnue"},
		{[]string{"donations", "claims", "attach", "1"}, 2, "indiquez le fichier du justificatif"},
		{[]string{"donations", "claims", "sign", "1", "--date", "32/01/2026"}, 1, "--date : la date « 32/01/2026 » n'est pas reconnue"},
		{[]string{"donations", "claims", "gift"}, 2, "indiquez le numéro de la note de frais"},
		{[]string{"donations", "claims", "recorded", "x"}, 2, "« x » n'est pas un numéro de note de frais"},
		{[]string{"donations", "claims", "show", "1", "2"}, 2, "argument inattendu « 2 »"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, db, tt.args...)
		if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.wantCode, tt.wantErr)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a command that failed its parsing opened the database")
	}
}

// TestDonationsRegisterGoldens records mandates and runs a month, then
// takes an expense claim from creation to its gift, against a temp
// database.
func TestDonationsRegisterGoldens(t *testing.T) {
	st := storetest.Open(t)
	storetest.Person(t, st, "Anne", "Roux", "anne@exemple.fr", "37000", "Tours")
	storetest.Person(t, st, "Paul", "Lenoir", "", "37100", "Tours")
	db := st.Path()
	scale := writeFile(t, "bareme-2026.csv", kmScaleCSV)
	ticket := writeFile(t, "ticket-graines.pdf", "%PDF-1.4\n% ticket\n")

	steps := []struct {
		golden string
		args   []string
	}{
		{"mandates-list-empty", []string{"donations", "mandates", "list"}},
		{"mandates-add", []string{"donations", "mandates", "add", "--donor", "1", "--amount", "15", "--day", "5",
			"--from", "2026-01-01", "--reference", "RUM-ANNE-01", "--campaign", "Hiver"}},
		{"mandates-add-end", []string{"donations", "mandates", "add", "--donor", "2", "--amount", "10,50", "--day", "28",
			"--from", "01/02/2026", "--to", "2026-12-31"}},
		{"mandates-list", []string{"donations", "mandates", "list"}},
		{"mandates-run", []string{"donations", "mandates", "run", "--month", "2026-03"}},
		{"km-scale-2024", []string{"donations", "km-scale", "--date", "15/03/2025"}},
		{"km-scale-add", []string{"donations", "km-scale", "add", "--from", "2026-01-01", "--file", scale}},
		{"km-scale", []string{"donations", "km-scale", "--date", "15/03/2026"}},
		{"claims-add", []string{"donations", "claims", "add", "--volunteer", "1", "--purpose", "Fête des jardins 2026", "--date", "2026-03-10"}},
		{"claims-line-km", []string{"donations", "claims", "line", "1", "--date", "2026-03-12", "--km", "120", "--cv", "4",
			"--description", "Tours–Amboise, livraison des plants"}},
		{"claims-line-expense", []string{"donations", "claims", "line", "1", "--date", "13/03/2026", "--amount", "22,40",
			"--description", "Graines pour l'atelier"}},
		{"claims-show-open", []string{"donations", "claims", "show", "1"}},
		{"claims-attach", []string{"donations", "claims", "attach", "1", ticket}},
		{"claims-sign", []string{"donations", "claims", "sign", "1", "--date", "2026-03-20"}},
		{"claims-recorded", []string{"donations", "claims", "recorded", "1"}},
		{"claims-gift", []string{"donations", "claims", "gift", "1"}},
		{"claims-show", []string{"donations", "claims", "show", "1"}},
		{"list", []string{"donations", "list"}},
	}
	for _, s := range steps {
		code, out, stderr := run(t, db, s.args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q", s.golden, code, stderr)
		}
		golden(t, "donations-register-"+s.golden, out)
		if s.golden == "claims-show-open" {
			// Before the waiver is signed the claim is no gift: the
			// command refuses and lists what is missing.
			code, out, stderr := run(t, db, "donations", "claims", "gift", "1")
			if code != 1 || out != "" {
				t.Fatalf("claims gift before the waiver: exit %d, stdout %q; want 1 and nothing", code, out)
			}
			golden(t, "donations-register-claims-gift-refused", stderr)
		}
	}

	// Once signed and turned into a gift, the claim is closed.
	code, _, stderr := run(t, db, "donations", "claims", "line", "1", "--date", "2026-03-14", "--amount", "5", "--description", "Ficelle")
	if code != 1 || !strings.Contains(stderr, "est déjà devenue le don n°") {
		t.Errorf("line after the gift: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, db, "donations", "claims", "gift", "1")
	if code != 1 || !strings.Contains(stderr, "La note de frais n° 1 est déjà devenue le don n°") {
		t.Errorf("gift twice: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, db, "donations", "km-scale", "--date", "2023-12-31")
	if code != 1 || !strings.Contains(stderr, "Aucun barème kilométrique n'est en vigueur le 31/12/2023. Ajoutez celui de l'année") {
		t.Errorf("no scale: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, db, "donations", "claims", "show", "9")
	if code != 1 || stderr == "" {
		t.Errorf("unknown claim: exit %d, stderr %q", code, stderr)
	}
}
