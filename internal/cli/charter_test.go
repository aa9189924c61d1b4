package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/association"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/pdf"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// charterDB returns the path of a database with the shipped charters
// installed on 21 November 2026, three volunteers (two named Marie) and
// a member who is not one; Paul signed version 1 of the charter of
// volunteering.
func charterDB(t *testing.T) (path string, ids map[string]int64) {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	if err := db.SaveAssociation(ctx, association.Profile{Name: "Les Jardins partagés de Belleville",
		Street: "12 rue des Envierges", Postcode: "75020", City: "Paris", Object: "Jardins ouverts à tous",
		SignerName: "Claire Dubois", SignerRole: "Présidente"}); err != nil {
		t.Fatal(err)
	}
	ids = map[string]int64{}
	for _, p := range []struct{ first, last, tag string }{
		{"Marie", "Lefèvre", "bénévole"}, {"Marie", "Durand", "Bénévole"}, {"Paul", "Bernard", "benevole"},
		{"Luc", "Charpentier", ""},
	} {
		c := contact.Contact{Kind: contact.Person, FirstName: p.first, LastName: p.last}
		if p.tag != "" {
			c.Tags = []string{p.tag}
		}
		if err := db.CreateContact(ctx, &c); err != nil {
			t.Fatal(err)
		}
		ids[p.first+" "+p.last] = c.ID
	}
	s := charter.NewService(charter.Params{Store: db, Render: pdf.Charters, Now: func() time.Time { return storetest.Clock }})
	if _, err := s.RecordSignature(ctx, "benevolat", 1, ids["Paul Bernard"], "2026-10-01", nil); err != nil {
		t.Fatal(err)
	}
	return db.Path(), ids
}

func TestCharterGoldens(t *testing.T) {
	db, _ := charterDB(t)
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"charter-list", []string{"charter", "list"}},
		{"charter-signatures", []string{"charter", "signatures", "benevolat"}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := run(t, db, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestCharterCommands(t *testing.T) {
	db, ids := charterDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "charte.pdf")

	// A name that matches one contact in any word order.
	code, stdout, stderr := run(t, db, "charter", "render", "benevolat", "--for", "Marie Lefèvre", "--out", out, "--date", "2026-11-21")
	if code != 0 || !strings.Contains(stdout, "Charte « benevolat », version 1, établie pour 1 contact : "+out) {
		t.Fatalf("render: exit %d, %q, %q", code, stdout, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("no PDF written: %v", err)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("PDF mode %v, want 0600", st.Mode().Perm())
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"charter", "render", "benevolat", "--for", "Marie", "--out", out}, 1,
			"« Marie » désigne plusieurs contacts : n° 2 DURAND Marie, n° 1 LEFÈVRE Marie"},
		{[]string{"charter", "render", "benevolat", "--for", "Zébulon", "--out", out}, 1, "Aucun contact ne correspond à « Zébulon »"},
		{[]string{"charter", "render", "benevolat", "--for", "99", "--out", out}, 1, "Aucun contact n'a le numéro 99"},
		{[]string{"charter", "render", "statuts", "--for", "1", "--out", out}, 1, "Aucune charte ne s'appelle « statuts »"},
		{[]string{"charter", "render", "benevolat", "--for", "1", "--out", out, "--version", "4"}, 1, "n'a pas de version 4 : ses versions vont de 1 à 1"},
		{[]string{"charter", "render", "benevolat", "--for", "1"}, 2, "--out FICHIER.pdf"},
		{[]string{"charter", "sign", "benevolat", "--contact", "3", "--version", "1"}, 1, "a déjà signé la version 1 de cette charte, le 01/10/2026"},
	} {
		code, _, stderr := run(t, db, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}

	// The same text saves no version; a changed one saves version 2.
	code, body, _ := run(t, db, "charter", "show", "benevolat")
	if code != 0 || !strings.HasPrefix(body, "# Charte du bénévolat\n") {
		t.Fatalf("show: exit %d, %q", code, body[:min(len(body), 80)])
	}
	file := filepath.Join(dir, "benevolat.md")
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, db, "charter", "edit", "benevolat", "--from", file); code != 1 || !strings.Contains(stderr, "identique à la version 1") {
		t.Errorf("edit unchanged: exit %d, %q", code, stderr)
	}
	edited := strings.Replace(body, "## Article 7", "## Article 7 bis — Droit à l'image\n\nLe bénévole peut refuser d'être photographié.\n\n## Article 7", 1)
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run(t, db, "charter", "edit", "benevolat", "--from", file, "--note", "droit à l'image")
	if code != 0 || stdout != "Charte « benevolat » : version 2 enregistrée (Charte du bénévolat).\n" {
		t.Fatalf("edit: exit %d, %q, %q", code, stdout, stderr)
	}
	bad := filepath.Join(dir, "bad.md")
	if err := os.WriteFile(bad, []byte("# Charte\n\nSigné par {{signataire.prenom}}.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, db, "charter", "edit", "benevolat", "--from", bad); code != 1 ||
		!strings.Contains(stderr, "Ligne 3 : le champ {{signataire.prenom}} est inconnu") {
		t.Errorf("edit invalid: exit %d, %q", code, stderr)
	}
	code, stdout, _ = run(t, db, "charter", "versions", "benevolat")
	if code != 0 || !strings.Contains(stdout, "    2  ") || !strings.Contains(stdout, "Charte du bénévolat — droit à l'image") ||
		!strings.Contains(stdout, "    1  21/11/2026  Charte du bénévolat — "+charter.ShippedNote) {
		t.Errorf("versions: %q", stdout)
	}

	// Sign version 2, then everyone still to sign gets a document.
	if code, stdout, stderr := run(t, db, "charter", "sign", "benevolat", "--contact", "1", "--date", "2026-11-22"); code != 0 ||
		stdout != "Signature enregistrée : contact n° 1, charte « benevolat », version 2, le 22/11/2026.\n" {
		t.Errorf("sign: exit %d, %q, %q", code, stdout, stderr)
	}
	code, stdout, _ = run(t, db, "charter", "signatures", "benevolat")
	if words := strings.Join(strings.Fields(stdout), " "); code != 0 || !strings.Contains(words, "Doivent signer la version 2 (2) :") ||
		!strings.Contains(words, "3 BERNARD Paul 1 2 DURAND Marie aucune") {
		t.Errorf("signatures after version 2:\n%s", stdout)
	}
	all := filepath.Join(dir, "tous.pdf")
	code, stdout, stderr = run(t, db, "charter", "render", "benevolat", "--pending", "--out", all, "--date", "2026-11-23")
	if code != 0 || !strings.Contains(stdout, "version 2, établie pour 2 contacts") {
		t.Errorf("render --pending: exit %d, %q, %q", code, stdout, stderr)
	}
	if _, ok := ids["Luc Charpentier"]; !ok {
		t.Fatal("fixture")
	}
}

func TestCharterPartnerMissingFields(t *testing.T) {
	db, _ := charterDB(t)
	out := filepath.Join(t.TempDir(), "p.pdf")
	code, stdout, stderr := run(t, db, "charter", "render", "partenariat", "--for", "Luc Charpentier", "--out", out, "--date", "2026-11-21")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "À compléter à la main pour Luc Charpentier : ") || !strings.Contains(stdout, "contreparties promises") {
		t.Errorf("stdout = %q", stdout)
	}
}
