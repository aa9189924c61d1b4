package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/mail"
)

// smokeMailReader shows a thread in the Courriels screen. The
// demonstration has no mail: a short exchange with one of its partners is
// stored first, under an account named « démonstration ».
func smokeMailReader(s *shell, ready func()) {
	m := s.screens["mail"].(*mailScreen)
	c, ctx, now := s.core, s.coreCtx, s.o.now()
	s.o.run(func() func() {
		err := seedDemoMail(ctx, c, now)
		return func() {
			if err != nil {
				slog.Error("smoke mail reader", "err", err)
				ready()
				return
			}
			m.refresh(func() {
				for i, t := range m.threads {
					if t.Count > 1 {
						m.threadList.Select(i)
						m.reader.open(t.ID, func() {
							if len(m.reader.quotes) > 0 {
								m.reader.quotes[0].OnTapped() // unfold one quote
							}
							ready()
						})
						return
					}
				}
				ready()
			})
		}
	})
}

// seedDemoMail stores demoMail with the first organisation that has an
// address, unless mail is already there.
func seedDemoMail(ctx context.Context, c *core.Core, now time.Time) error {
	as, err := c.Mail.Accounts(ctx)
	if err != nil || len(as) > 0 {
		return err
	}
	rows, err := c.Contacts.List(ctx, contact.Filter{Kind: contact.Organisation, Limit: 200})
	if err != nil {
		return err
	}
	var partner, press contact.Contact
	for _, r := range rows {
		o, err := c.Contacts.Get(ctx, r.ID)
		if err != nil {
			return err
		}
		if len(o.Emails) == 0 {
			continue
		}
		if o.OrgKind == contact.OrgPress && press.ID == 0 {
			press = o
		} else if partner.ID == 0 {
			partner = o
		}
	}
	if partner.ID == 0 {
		return nil
	}
	pressAddr := "redaction@journal.example"
	if press.ID != 0 {
		pressAddr = press.Emails[0].Address
	}
	acct := mail.Account{Name: "démonstration", Host: "imap.exemple.fr", Port: 993, User: "bureau@exemple.fr",
		Security: mail.TLS, Address: "bureau@exemple.fr", Folders: []string{"INBOX"}}
	return seedMail(ctx, c.DB, c.Mail, acct, demoMail(acct.Address, partner.Emails[0].Address, partner.DisplayName(), pressAddr, now))
}

// smokeCharterEditor shows the charter editor with a mistake in a field
// name, so that the line's message shows under it.
func smokeCharterEditor(s *shell, ready func()) {
	ch := s.screens["charters"].(*chartersScreen)
	ch.delay = 0
	ch.open("benevolat", func() {
		ch.editor.SetText(ch.editor.Text + "\n\nFait à {{association.ville}}, le {{date}}.\n")
		ready()
	})
}
