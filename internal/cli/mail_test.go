package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/bureau-asso/bureau/internal/cli"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/mailsync/imaptest"
	"github.com/bureau-asso/bureau/internal/store/storetest"
)

// runIn is run with stdin.
func runIn(t *testing.T, db, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append([]string{"--db", db}, args...)
	code := cli.Main(context.Background(), args, strings.NewReader(stdin), &out, &errOut, nil)
	return code, out.String(), errOut.String()
}

// mailDB is a database with the association's partners and a Dovecot
// holding a conversation with them.
func mailDB(t *testing.T) (string, *imaptest.Server, int64) {
	t.Helper()
	keyring.MockInit()
	db := storetest.Open(t)
	ctx := context.Background()
	org := contact.Contact{Kind: contact.Organisation, OrgName: "Fondation du Val", OrgKind: contact.OrgFoundation, Website: "fondation-val.fr"}
	if err := db.CreateContact(ctx, &org); err != nil {
		t.Fatal(err)
	}
	press := contact.Contact{Kind: contact.Organisation, OrgName: "La Gazette", OrgKind: contact.OrgPress,
		Emails: []contact.Email{{Address: "redaction@gazette.fr"}}}
	if err := db.CreateContact(ctx, &press); err != nil {
		t.Fatal(err)
	}
	srv := imaptest.Start(t)
	noon := func(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }
	asso := "Les Jardins <bureau@asso.test>"
	srv.Append(t, "INBOX",
		imaptest.Msg{ID: "c1@asso.test", From: asso, To: "paul@fondation-val.fr", Subject: "Convention de mécénat 2026", Date: noon(2),
			Body: "Bonjour,\nVoici la convention pour la réunion."}.Bytes(),
		imaptest.Msg{ID: "c2@fondation-val.fr", From: "Paul Durand <paul@fondation-val.fr>", To: asso, Subject: "RE: Convention de mécénat 2026",
			Date: noon(4), InReplyTo: "c1@asso.test", References: []string{"c1@asso.test"}, Charset: "iso-8859-1",
			Body:        "Très bien, signée.\n\nLe 2 mars 2026, Les Jardins a écrit :\n> Bonjour,\n> Voici la convention.",
			Attachments: []imaptest.Attachment{{Name: "convention.pdf", Type: "application/pdf", Data: []byte("%PDF-1.4 x")}}}.Bytes(),
		imaptest.Msg{ID: "p1@gazette.fr", From: "redaction@gazette.fr", To: asso, Subject: "Interview", Date: noon(3),
			HTML: "<p>Pouvons-nous vous <b>interviewer</b> ?</p>"}.Bytes(),
		imaptest.Msg{ID: "x1@promo.example", From: "Promo <offres@promo.example>", To: asso, Subject: "Offre", Date: noon(3), Body: "Achetez"}.Bytes(),
	)
	return db.Path(), srv, org.ID
}

func TestMailCommandsAgainstDovecot(t *testing.T) {
	db, srv, orgID := mailDB(t)
	port := strconv.Itoa(srv.Port)

	// A wrong password: the check says which step failed, nothing saved.
	code, _, stderr := runIn(t, db, "faux\n", "mail", "account", "add", "--host", srv.Host, "--port", port, "--user", srv.User,
		"--plain-for-tests", "--password-stdin", "--name", "contact")
	if code != cli.ExitError || !strings.Contains(stderr, "refusé l'identifiant ou le mot de passe") {
		t.Fatalf("bad password: %d %q", code, stderr)
	}
	// A self-signed certificate not trusted yet: the fingerprint is given.
	code, _, stderr = runIn(t, db, srv.Password+"\n", "mail", "account", "add", "--host", srv.Host, "--port", strconv.Itoa(srv.TLSPort),
		"--user", srv.User, "--tls", "--password-stdin")
	if code != cli.ExitError || !strings.Contains(stderr, "auto-signé") || !strings.Contains(stderr, "--fingerprint") {
		t.Fatalf("self-signed: %d %q", code, stderr)
	}
	code, out, stderr := runIn(t, db, srv.Password+"\n", "mail", "account", "add", "--host", srv.Host, "--port", port,
		"--user", srv.User, "--starttls", "--fingerprint", srv.Fingerprint, "--password-stdin", "--name", "contact", "--folders", "INBOX,Sent")
	if code != 0 {
		t.Fatalf("account add: %d %q", code, stderr)
	}
	if !strings.Contains(out, "Connexion vérifiée") || !strings.Contains(out, "trousseau du système") {
		t.Errorf("account add output %q", out)
	}

	code, out, stderr = runIn(t, db, "", "mail", "account", "test")
	if code != 0 || !strings.Contains(out, "contact : connexion réussie (DNS, TCP, STARTTLS, identifiant, dossiers INBOX, Sent)") {
		t.Errorf("account test: %d %q %q", code, out, stderr)
	}

	code, out, stderr = runIn(t, db, "", "mail", "sync")
	if code != 0 {
		t.Fatalf("sync: %d %q", code, stderr)
	}
	golden(t, "mail-sync", out)
	code, out, _ = runIn(t, db, "", "mail", "sync", "--account", "contact")
	if code != 0 || !strings.Contains(out, "contact/INBOX : à jour.") {
		t.Errorf("second sync: %q", out)
	}

	code, out, _ = runIn(t, db, "", "mail", "threads")
	if code != 0 {
		t.Fatal(out)
	}
	golden(t, "mail-threads", out)
	code, out, _ = runIn(t, db, "", "mail", "threads", "--org", "fondation du val")
	if code != 0 {
		t.Fatal(out)
	}
	golden(t, "mail-threads-org", out)
	code, out, _ = runIn(t, db, "", "mail", "threads", "--contact", strconv.FormatInt(orgID, 10))
	if code != 0 || !strings.Contains(out, "Convention") || strings.Contains(out, "Interview") {
		t.Errorf("threads --contact: %q", out)
	}
	code, out, _ = runIn(t, db, "", "mail", "threads", "--search", "REUNION")
	if code != 0 || !strings.Contains(out, "Convention de mécénat 2026") || !strings.Contains(out, "[réunion]") {
		t.Errorf("threads --search: %q", out)
	}

	id := strings.Fields(strings.Split(strings.TrimSpace(golden2(t, "mail-threads-org")), "\n")[0])[0]
	dir := t.TempDir()
	code, out, stderr = runIn(t, db, "", "mail", "show", id, "--save-attachments", dir)
	if code != 0 {
		t.Fatalf("show: %q", stderr)
	}
	for _, want := range []string{"Conversation " + id + " : Convention de mécénat 2026", "2 messages, du 02/03/2026 au 04/03/2026",
		"Avec : Fondation du Val (n° " + strconv.FormatInt(orgID, 10) + ")", "── 1/2", "  ── 2/2", "Très bien, signée.",
		"Pièces jointes : convention.pdf (10 octets)", "[… 3 lignes citées masquées : --quoted pour les afficher]",
		"Enregistré : " + filepath.Join(dir, "convention.pdf")} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "convention.pdf")); err != nil || string(b) != "%PDF-1.4 x" {
		t.Errorf("saved attachment %q, %v", b, err)
	}
	_, out, _ = runIn(t, db, "", "mail", "show", "--quoted", id)
	if !strings.Contains(out, "> Voici la convention.") {
		t.Errorf("show --quoted: %q", out)
	}

	code, out, _ = runIn(t, db, "", "mail", "senders")
	if code != 0 || !strings.Contains(out, "offres@promo.example") || !strings.Contains(out, "paul@fondation-val.fr  Paul Durand  [domaine de Fondation du Val") {
		t.Errorf("senders: %q", out)
	}
	if code, _, _ = runIn(t, db, "", "mail", "senders", "--dismiss", "offres@promo.example"); code != 0 {
		t.Error("dismiss failed")
	}
	_, out, _ = runIn(t, db, "", "mail", "senders")
	if strings.Contains(out, "offres@promo.example") {
		t.Errorf("dismissed sender listed: %q", out)
	}

	code, out, _ = runIn(t, db, "", "mail", "account", "list")
	if code != 0 || !strings.Contains(out, "INBOX : synchronisé le") || !strings.Contains(out, "certificat de confiance") {
		t.Errorf("account list: %q", out)
	}
}

func TestMailSyncAsksForThePasswordWithoutKeyring(t *testing.T) {
	db, srv, _ := mailDB(t)
	keyring.MockInitWithError(fmt.Errorf("org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	code, out, stderr := runIn(t, db, srv.Password+"\n", "mail", "account", "add", "--host", srv.Host, "--port", strconv.Itoa(srv.Port),
		"--user", srv.User, "--plain-for-tests", "--password-stdin")
	if code != 0 || !strings.Contains(out, "sera demandé à chaque synchronisation") {
		t.Fatalf("account add: %d %q %q", code, out, stderr)
	}
	// No --folders: INBOX and the folders the server marks as sent and archives.
	if !strings.Contains(out, "dossiers INBOX, Archives, Sent") {
		t.Errorf("default folders: %q", out)
	}
	code, out, _ = runIn(t, db, srv.Password+"\n", "mail", "account", "folders", srv.User, "--password-stdin")
	if code != 0 || !strings.Contains(out, "* Sent (messages envoyés)") || !strings.Contains(out, "* INBOX") {
		t.Errorf("account folders: %q", out)
	}
	// Next run: no keyring, no terminal, no --password-stdin.
	code, _, stderr = runIn(t, db, "", "mail", "sync")
	if code != cli.ExitUsage || !strings.Contains(stderr, "--password-stdin") {
		t.Errorf("sync without password: %d %q", code, stderr)
	}
	code, out, stderr = runIn(t, db, srv.Password+"\n", "mail", "sync", "--password-stdin")
	if code != 0 || !strings.Contains(out, "bureau@asso.test/INBOX : 3 nouveaux messages") || !strings.Contains(out, "bureau@asso.test/Sent : à jour.") {
		t.Errorf("sync with password: %d %q %q", code, out, stderr)
	}
	// The password is in no file of the data folder.
	filepath.WalkDir(filepath.Dir(db), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(srv.Password)) {
				t.Errorf("password found in %s", p)
			}
		}
		return nil
	})
}

func TestMailCommandErrors(t *testing.T) {
	keyring.MockInit()
	db := filepath.Join(t.TempDir(), "b.db")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"mail", "sync"}, cli.ExitError, "Aucun compte de messagerie"},
		{[]string{"mail", "threads"}, 0, "Aucune conversation"},
		{[]string{"mail", "show", "12"}, cli.ExitError, "La conversation 12 n'existe pas"},
		{[]string{"mail", "show", "douze"}, cli.ExitUsage, "n'est pas un numéro de conversation"},
		{[]string{"mail", "threads", "--org", "Inconnue"}, cli.ExitError, "Aucune organisation ne s'appelle « Inconnue »"},
		{[]string{"mail", "account", "add", "--host", "h"}, cli.ExitUsage, "indiquez le serveur (--host) et l'identifiant (--user)"},
		{[]string{"mail", "account", "add", "--host", "h", "--user", "u", "--tls", "--starttls"}, cli.ExitUsage, "une seule sécurité"},
		{[]string{"mail", "account", "test", "nope"}, cli.ExitError, "Aucun compte de messagerie ne s'appelle « nope »"},
		{[]string{"mail", "settings", "--attachment-max", "-3"}, cli.ExitUsage, "nombre d'octets"},
		{[]string{"mail", "settings", "--attachment-max", "2000000"}, 0, "Pièces jointes conservées jusqu'à 1,9 Mo (2000000 octets)"},
	}
	for _, tt := range tests {
		code, out, stderr := run(t, db, tt.args...)
		if code != tt.code || !strings.Contains(out+stderr, tt.want) {
			t.Errorf("%v: %d %q %q; want %d and %q", tt.args, code, out, stderr, tt.code, tt.want)
		}
	}
}

// golden2 reads a golden file.
func golden2(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
