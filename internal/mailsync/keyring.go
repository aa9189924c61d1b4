package mailsync

import (
	"errors"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/bureau-asso/bureau/internal/mail"
)

// KeyringService names Bureau's entries in the system keyring.
const KeyringService = "Bureau (messagerie)"

// keyringTimeout bounds a keyring call: a missing or stuck D-Bus session
// must not hang Bureau; the password is then asked for instead.
const keyringTimeout = 5 * time.Second

// Keyring keeps passwords in the system keyring (Secret Service, macOS
// Keychain, Windows Credential Manager). Where none is available it keeps
// them in memory for this run only: a password never lands on disk in
// clear. It implements mail.Secrets and is safe for concurrent use.
type Keyring struct {
	mu  sync.Mutex
	mem map[string]string
	// unavailable is set after the keyring failed once, so that the
	// next calls do not wait for it again.
	unavailable bool
}

// NewKeyring returns a Keyring with an empty memory.
func NewKeyring() *Keyring { return &Keyring{mem: map[string]string{}} }

// Get returns the password stored under key, from memory first, then
// from the system keyring; mail.ErrNoPassword when neither has it.
func (k *Keyring) Get(key string) (string, error) {
	k.mu.Lock()
	if pw, ok := k.mem[key]; ok {
		k.mu.Unlock()
		return pw, nil
	}
	skip := k.unavailable
	k.mu.Unlock()
	if skip {
		return "", mail.ErrNoPassword
	}
	var pw string
	err := k.call(func() error {
		var err error
		pw, err = keyring.Get(KeyringService, key)
		return err
	})
	if err != nil {
		return "", mail.ErrNoPassword
	}
	return pw, nil
}

// Set stores the password in the system keyring; when that fails it is
// kept in memory for this run and persisted is false.
func (k *Keyring) Set(key, password string) (bool, error) {
	k.mu.Lock()
	k.mem[key] = password
	skip := k.unavailable
	k.mu.Unlock()
	if skip {
		return false, nil
	}
	if err := k.call(func() error { return keyring.Set(KeyringService, key, password) }); err != nil {
		return false, nil
	}
	return true, nil
}

// Delete forgets the password everywhere.
func (k *Keyring) Delete(key string) error {
	k.mu.Lock()
	delete(k.mem, key)
	skip := k.unavailable
	k.mu.Unlock()
	if skip {
		return nil
	}
	err := k.call(func() error { return keyring.Delete(KeyringService, key) })
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return err
	}
	return nil
}

// call runs a keyring operation with a time limit and remembers when the
// keyring is not there at all.
func (k *Keyring) call(fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(keyringTimeout):
		err = errors.New("system keyring does not answer")
	}
	if err != nil && !errors.Is(err, keyring.ErrNotFound) {
		k.mu.Lock()
		k.unavailable = true
		k.mu.Unlock()
	}
	return err
}
