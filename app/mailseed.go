package app

import (
	"context"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/store"
)

// seedMail stores msgs as if an account had synced them, without a
// server: the smoke test's screenshots and the screen tests use it. The
// account is added without a password; threading and linking to
// contacts are the real ones.
func seedMail(ctx context.Context, db *store.DB, svc *mail.Service, account mail.Account, msgs []mail.Message) error {
	if _, err := svc.AddAccount(ctx, &account, "", false); err != nil {
		return fmt.Errorf("add account %s: %w", account.Name, err)
	}
	f, err := db.MailFolder(ctx, account.ID, "INBOX")
	if err != nil {
		return err
	}
	in := make([]mail.Incoming, len(msgs))
	for i, m := range msgs {
		m.Key = mail.MessageKey(m)
		in[i] = mail.Incoming{UID: uint32(i + 1), Message: m}
	}
	if _, err := db.SaveMailBatch(ctx, mail.Batch{FolderID: f.ID, UIDValidity: 1, LastUID: uint32(len(msgs)),
		Messages: in, Done: true}); err != nil {
		return fmt.Errorf("save mail: %w", err)
	}
	return svc.Relink(ctx)
}

// demoMail is a short exchange with a partner and a journalist, for the
// smoke test's screenshots: from and to are the partners' addresses.
func demoMail(own, partner, partnerName, press string, day time.Time) []mail.Message {
	at := func(d, h int) time.Time { return day.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour) }
	us := mail.Address{Name: "Bureau de l'association", Addr: own}
	them := mail.Address{Name: partnerName, Addr: partner}
	return []mail.Message{
		{MessageID: "conv-1@asso.test", From: us, To: []mail.Address{them}, Subject: "Convention de mécénat",
			Date: at(-9, 10), Text: "Bonjour,\n\nVoici notre projet de convention pour la réunion du 12.\n\nBien cordialement,\nClaire"},
		{MessageID: "conv-2@partner.test", InReplyTo: "conv-1@asso.test", References: []string{"conv-1@asso.test"},
			From: them, To: []mail.Address{us}, Subject: "RE: Convention de mécénat", Date: at(-8, 9),
			Text: "Chère Claire,\n\nMerci. Le montant nous convient ; réunion confirmée.\n\nLe 12 à 10:00, Claire a écrit :\n> Bonjour,\n> Voici notre projet de convention pour la réunion du 12.\n> Bien cordialement,\n> Claire\n"},
		{MessageID: "conv-3@asso.test", InReplyTo: "conv-2@partner.test", References: []string{"conv-1@asso.test", "conv-2@partner.test"},
			From: us, To: []mail.Address{them}, Subject: "Re: RE: Convention de mécénat", Date: at(-7, 15),
			Text: "Parfait, je joins la convention signée.",
			Attachments: []mail.Attachment{{Name: "convention signée.pdf", ContentType: "application/pdf", Size: 19,
				Stored: true, Data: []byte("%PDF-1.4 convention")},
				{Name: "photos de la fête.zip", ContentType: "application/zip", Size: 48 << 20}}},
		{MessageID: "press-1@press.test", From: mail.Address{Name: "La rédaction", Addr: press}, To: []mail.Address{us},
			Subject: "Demande d'interview", Date: at(-3, 8), Text: "Bonjour,\n\nPouvons-nous interviewer votre présidente ?"},
	}
}
