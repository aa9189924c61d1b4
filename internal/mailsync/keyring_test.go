package mailsync_test

import (
	"errors"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/mailsync"
)

func TestKeyringStoresInTheSystemKeyring(t *testing.T) {
	keyring.MockInit()
	k := mailsync.NewKeyring()
	if _, err := k.Get("imap:a@x"); !errors.Is(err, mail.ErrNoPassword) {
		t.Fatalf("empty keyring: %v", err)
	}
	persisted, err := k.Set("imap:a@x", "secret")
	if err != nil || !persisted {
		t.Fatalf("Set = %v, %v; want persisted", persisted, err)
	}
	// A new run (new Keyring) finds it in the system keyring.
	if pw, err := mailsync.NewKeyring().Get("imap:a@x"); err != nil || pw != "secret" {
		t.Fatalf("Get in a new run = %q, %v", pw, err)
	}
	if err := k.Delete("imap:a@x"); err != nil {
		t.Fatal(err)
	}
	if _, err := mailsync.NewKeyring().Get("imap:a@x"); !errors.Is(err, mail.ErrNoPassword) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestKeyringFallsBackToMemory(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	k := mailsync.NewKeyring()
	persisted, err := k.Set("imap:a@x", "secret")
	if err != nil || persisted {
		t.Fatalf("Set = %v, %v; want kept in memory only", persisted, err)
	}
	if pw, err := k.Get("imap:a@x"); err != nil || pw != "secret" {
		t.Fatalf("Get from memory = %q, %v", pw, err)
	}
	// Memory is for this run only.
	if _, err := mailsync.NewKeyring().Get("imap:a@x"); !errors.Is(err, mail.ErrNoPassword) {
		t.Fatalf("next run: %v, want ErrNoPassword", err)
	}
}
