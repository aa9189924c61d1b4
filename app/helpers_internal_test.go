package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/money"
)

// testNow is the clock of every test: mid-June 2026.
var testNow = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

func clock() time.Time { return testNow }

func TestMain(m *testing.M) {
	if err := useLanguage("fr", false); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// dbPath returns the path of a database in a fresh temporary folder.
func dbPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "bureau.db")
}

// openCoreAt opens the database at path, closed at the end of the test.
func openCoreAt(t *testing.T, path string) *core.Core {
	t.Helper()
	c, err := core.Open(context.Background(), core.Options{DBPath: path, Now: clock})
	if err != nil {
		t.Fatalf("core.Open(%s): %v", path, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// testEnv is the env of a screen under test: synchronous work.
func testEnv(t *testing.T, w fyne.Window) env {
	return env{ctx: t.Context(), win: w, run: runNow, now: clock}
}

// newTestShell opens a shell on path, with synchronous work, and waits
// for nothing: runNow has loaded the first view when it returns.
func newTestShell(t *testing.T, path string, opts ...func(*shellOptions)) *shell {
	t.Helper()
	o := shellOptions{dbPath: path, now: clock, run: runNow, installDemo: installDemo}
	for _, f := range opts {
		f(&o)
	}
	s := newShell(fyne.CurrentApp(), o)
	t.Cleanup(s.close)
	s.win.Resize(fyne.NewSize(1180, 740))
	s.start()
	return s
}

// addPerson creates a person through the service and returns its ID.
func addPerson(t *testing.T, c *core.Core, first, last, email, city string) int64 {
	t.Helper()
	p := &contact.Contact{Kind: contact.Person, FirstName: first, LastName: last}
	if email != "" {
		p.Emails = []contact.Email{{Address: email, Preferred: true}}
	}
	if city != "" {
		p.Addresses = []contact.Address{{City: city, Postcode: "45000", Preferred: true}}
	}
	if err := c.Contacts.Create(context.Background(), p); err != nil {
		t.Fatalf("create %s %s: %v", first, last, err)
	}
	return p.ID
}

// addOrg creates an organisation of kind k.
func addOrg(t *testing.T, c *core.Core, name string, k contact.OrgKind) int64 {
	t.Helper()
	o := &contact.Contact{Kind: contact.Organisation, OrgName: name, OrgKind: k}
	if err := c.Contacts.Create(context.Background(), o); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return o.ID
}

// addGift records a cheque gift of amount from donor on date.
func addGift(t *testing.T, c *core.Core, donor int64, amount money.Cents, date string) {
	t.Helper()
	g := &donation.Gift{DonorID: donor, Amount: amount, DateReceived: date, Method: donation.Cheque}
	if err := c.Gifts.CreateGift(context.Background(), g); err != nil {
		t.Fatalf("create gift: %v", err)
	}
}

// newApp starts a headless Fyne app for the test.
func newApp(t *testing.T) fyne.App {
	return test.NewTempApp(t)
}
