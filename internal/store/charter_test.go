package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/charter"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

func TestCharterVersionsAreImmutable(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	n, err := db.InstallCharters(ctx, []charter.Template{{Name: "essai", Title: "Essai", Body: "# Essai\n\nTexte.\n"}}, "modèle")
	if err != nil || n != 1 {
		t.Fatalf("InstallCharters = %d, %v", n, err)
	}
	v := charter.Version{Name: "essai", Title: "Essai", Body: "# Essai\n\nAutre texte.\n"}
	if err := db.SaveCharterVersion(ctx, &v); err != nil || v.Version != 2 {
		t.Fatalf("SaveCharterVersion = version %d, %v", v.Version, err)
	}
	same := v
	if err := db.SaveCharterVersion(ctx, &same); !errors.Is(err, apperr.ErrConflict) {
		t.Errorf("saving the same body = %v, want ErrConflict", err)
	}
	// The schema refuses what the store never does (contact 1 exists).
	storetest.Person(t, db, "Marie", "Lefèvre", "", "", "")
	raw := rawOpen(t, db.Path())
	if _, err := raw.Exec(`INSERT INTO charter_signature (charter_id, version, contact_id, signed_on, created_at)
		VALUES (1, 2, 1, '2026-01-01', 'now')`); err != nil {
		t.Fatalf("a valid signature is refused: %v", err)
	}
	for name, q := range map[string]string{
		"update":  `UPDATE charter_version SET body = 'x' WHERE version = 1`,
		"delete":  `DELETE FROM charter_version WHERE version = 1`,
		"gap":     `INSERT INTO charter_version (charter_id, version, body, created_at) VALUES (1, 4, 'x', 'now')`,
		"reuse":   `INSERT INTO charter_version (charter_id, version, body, created_at) VALUES (1, 2, 'x', 'now')`,
		"name":    `INSERT INTO charter (name, title, created_at) VALUES ('Avec Majuscule', 'x', 'now')`,
		"sha256":  `INSERT INTO charter_signature (charter_id, version, contact_id, signed_on, sha256, created_at) VALUES (1, 1, 1, '2026-01-01', 'abc', 'now')`,
		"version": `INSERT INTO charter_issue (charter_id, version, contact_id, issued_on, sha256, created_at) VALUES (1, 9, 1, '2026-01-01', '` + strings.Repeat("a", 64) + `', 'now')`,
	} {
		if _, err := raw.Exec(q); err == nil {
			t.Errorf("%s: the schema accepted %s", name, q)
		}
	}
	c, err := db.GetCharter(ctx, "essai")
	if err != nil || c.Latest != 2 || c.Title != "Essai" {
		t.Errorf("GetCharter = %+v, %v", c, err)
	}
	if _, err := db.GetCharter(ctx, "nope"); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("GetCharter(nope) = %v, want ErrNotFound", err)
	}
}

func TestCharterSignaturesFollowTheirContact(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	if _, err := db.InstallCharters(ctx, []charter.Template{{Name: "essai", Title: "Essai", Body: "# Essai\n\nTexte.\n", AudienceTag: "Bénévole"}}, ""); err != nil {
		t.Fatal(err)
	}
	c, _ := db.GetCharter(ctx, "essai")
	marie := storetest.Person(t, db, "Marie", "Lefèvre", "marie@example.org", "75020", "Paris")
	jean := storetest.Person(t, db, "Jean", "Moreau", "", "", "")
	for _, p := range []*contact.Contact{&marie, &jean} {
		p.Tags = []string{"BENEVOLE"}
		if err := db.UpdateContact(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	people, err := db.TaggedContacts(ctx, "bénévole")
	if err != nil || len(people) != 2 || people[0].Name != "LEFÈVRE Marie" || people[1].Name != "MOREAU Jean" {
		t.Fatalf("TaggedContacts = %+v, %v", people, err)
	}
	hash := strings.Repeat("b", 64)
	if err := db.RecordCharterIssues(ctx, []charter.Issue{{CharterID: c.ID, Version: 1, ContactID: marie.ID, IssuedOn: "2026-11-21", SHA256: hash}}); err != nil {
		t.Fatal(err)
	}
	if is, err := db.LastCharterIssue(ctx, c.ID, 1, marie.ID); err != nil || is.SHA256 != hash {
		t.Errorf("LastCharterIssue = %+v, %v", is, err)
	}
	for _, id := range []int64{marie.ID, jean.ID} {
		if err := db.RecordCharterSignature(ctx, &charter.Signature{CharterID: c.ID, Version: 1, ContactID: id, SignedOn: "2026-11-21"}); err != nil {
			t.Fatal(err)
		}
	}
	err = db.RecordCharterSignature(ctx, &charter.Signature{CharterID: c.ID, Version: 1, ContactID: marie.ID, SignedOn: "2026-11-22"})
	if !errors.Is(err, apperr.ErrConflict) || !strings.Contains(apperr.Message(err), "le 21/11/2026") {
		t.Errorf("second signature = %v, want a conflict naming the first", err)
	}
	if err := db.RecordCharterSignature(ctx, &charter.Signature{CharterID: c.ID, Version: 1, ContactID: 9999, SignedOn: "2026-11-22"}); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("signature of an unknown contact = %v, want ErrNotFound", err)
	}

	// Erasing a person (GDPR) removes their documents and signatures.
	if _, err := db.EraseContact(ctx, jean.ID, func(string, string) contact.Erasure { return contact.Erasure{} }); err != nil {
		t.Fatal(err)
	}
	sigs, err := db.ListCharterSignatures(ctx, c.ID)
	if err != nil || len(sigs) != 1 || sigs[0].ContactID != marie.ID || sigs[0].ContactName != "LEFÈVRE Marie" {
		t.Errorf("signatures after erasure = %+v, %v", sigs, err)
	}
	if people, _ := db.TaggedContacts(ctx, "Bénévole"); len(people) != 1 {
		t.Errorf("tagged after erasure = %+v", people)
	}
	if c, _ := db.GetCharter(ctx, "essai"); c.Signed != 1 {
		t.Errorf("signed = %d, want 1", c.Signed)
	}
}
