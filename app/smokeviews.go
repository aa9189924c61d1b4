package app

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
	"github.com/bureau-asso/bureau/internal/receipt"
)

// smokeView is a dialog or a tab that BUREAU_SMOKE_SCREEN may open over
// a screen, for its screenshot: open shows it on the open database and
// calls ready once it shows its data.
type smokeView struct {
	screen string
	open   func(s *shell, ready func())
}

// smokeViews are the views beyond the rail's screens, by key.
var smokeViews = map[string]smokeView{
	"contact-form":  {"contacts", smokeContactForm},
	"sponsor-board": {"partners", smokeSponsorBoard},
	"press-lists":   {"press", smokePressLists},
	"import-wizard": {"contacts", smokeImportWizard},
	"merge-dialog":  {"contacts", smokeMergeDialog},
	// Not asked for by the smoke test's list, but worth a look: the
	// detail panel with its timeline, consents and GDPR actions.
	"contact-detail": {"contacts", smokeContactDetail},
	// Dons & reçus: the smoke test issues last year's receipts first.
	"gifts-register":  {"donations", smokeGiftsRegister},
	"gift-form":       {"donations", smokeGiftForm},
	"receipts-list":   {"donations", smokeReceiptsList},
	"year-end-wizard": {"donations", smokeYearEnd},
	"declaration":     {"donations", smokeDeclaration},
	"donor-panel":     {"contacts", smokeDonorPanel},
	// Courriels: the demonstration gets a short exchange first.
	"mail-reader":    {"mail", smokeMailReader},
	"charter-editor": {"charters", smokeCharterEditor},
}

// showSmokeView shows v's screen, then opens v; the window is ready for
// its screenshot once v shows its data, not when the screen does.
func (s *shell) showSmokeView(v smokeView) {
	s.ready = true // the screen's own readiness does not count
	s.showMain(v.screen)
	v.open(s, func() {
		s.ready = false
		s.markReady()
	})
}

// smokeContactForm opens the form of the first person who belongs to an
// organisation, so that every part of the form shows something.
func smokeContactForm(s *shell, ready func()) {
	c := s.screens["contacts"].(*contactsScreen)
	svc, ctx := s.core.Contacts, s.coreCtx
	s.o.run(func() func() {
		p, err := personWithOrganisation(ctx, svc)
		return func() {
			if err != nil {
				slog.Error("smoke contact form", "err", err)
				ready()
				return
			}
			c.showContact(p.ID)
			c.form = showContactForm(c.e, c.svc, p.Kind, &p, contactFormHooks{saved: c.changed, ready: ready})
		}
	})
}

func personWithOrganisation(ctx context.Context, svc *contact.Service) (contact.Contact, error) {
	rows, err := svc.List(ctx, contact.Filter{Kind: contact.Person, Limit: 500})
	if err != nil || len(rows) == 0 {
		return contact.Contact{}, err
	}
	for _, r := range rows {
		ms, err := svc.Memberships(ctx, r.ID)
		if err != nil {
			return contact.Contact{}, err
		}
		if len(ms) > 0 && r.Email != "" {
			return svc.Get(ctx, r.ID)
		}
	}
	return svc.Get(ctx, rows[0].ID)
}

func smokeSponsorBoard(s *shell, ready func()) {
	p := s.screens["partners"].(*partnersScreen)
	p.showBoard()
	p.board.refresh(ready)
}

// smokePressLists shows the biggest press list.
func smokePressLists(s *shell, ready func()) {
	p := s.screens["press"].(*pressScreen)
	p.showLists()
	p.lists.refresh(func() {
		if len(p.lists.lists) == 0 {
			ready()
			return
		}
		biggest := slices.MaxFunc(p.lists.lists, func(a, b contact.PressList) int { return a.Members - b.Members })
		p.lists.showList(biggest.Name, ready)
	})
}

// smokeImportWizard opens the wizard on $BUREAU_SMOKE_FILE, at its
// columns step.
func smokeImportWizard(s *shell, ready func()) {
	c := s.screens["contacts"].(*contactsScreen)
	c.importButton.OnTapped()
	path := os.Getenv(envSmokeFile)
	if path == "" {
		ready()
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		slog.Error("smoke import file", "err", err)
		ready()
		return
	}
	c.wizard.shown = ready
	c.wizard.load(filepath.Base(path), data)
}

// smokeMergeDialog compares the first pair of likely duplicates, or
// lists the duplicates when there is none.
func smokeMergeDialog(s *shell, ready func()) {
	c := s.screens["contacts"].(*contactsScreen)
	svc, ctx := s.core.Contacts, s.coreCtx
	s.o.run(func() func() {
		a, b, err := smokePair(ctx, svc)
		return func() {
			if err != nil {
				slog.Error("smoke merge pair", "err", err)
			}
			if a == 0 {
				c.dups = showDuplicates(c.e, c.svc, c.changed)
				ready()
				return
			}
			c.showContact(a)
			c.merge = showMerge(c.e, c.svc, a, b, c.changed, ready)
		}
	})
}

// smokePair returns the first pair of likely duplicates, if any.
func smokePair(ctx context.Context, svc *contact.Service) (int64, int64, error) {
	dups, err := svc.Duplicates(ctx)
	if err != nil || len(dups) == 0 {
		return 0, 0, err
	}
	return dups[0].A, dups[0].B, nil
}

// smokeContactDetail shows the first organisation with a timeline.
func smokeContactDetail(s *shell, ready func()) {
	c := s.screens["contacts"].(*contactsScreen)
	svc, ctx := s.core.Contacts, s.coreCtx
	s.o.run(func() func() {
		id, err := withTimeline(ctx, svc)
		return func() {
			if err != nil || id == 0 {
				slog.Error("smoke contact detail", "err", err)
				ready()
				return
			}
			c.detail.loaded = func() {
				// Scroll down to the consents and the timeline.
				d := c.detail
				sc := d.content.(*container.Scroll)
				sc.Refresh() // the content grew with the contact's data
				sc.ScrollToOffset(fyne.NewPos(0, d.more.Position().Y))
				ready()
			}
			c.showContact(id)
		}
	})
}

func withTimeline(ctx context.Context, svc *contact.Service) (int64, error) {
	rows, err := svc.List(ctx, contact.Filter{Kind: contact.Organisation, Limit: 500})
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		tl, err := svc.Timeline(ctx, r.ID)
		if err != nil {
			return 0, err
		}
		if len(tl) > 1 {
			return r.ID, nil
		}
	}
	return 0, nil
}

// smokeGiftsRegister shows the register of the current year with a gift
// chosen, one that cannot be receipted if there is one, so that its
// explanation shows.
func smokeGiftsRegister(s *shell, ready func()) {
	g := s.screens["donations"].(*giftsScreen)
	g.showTab(tabRegister, func() {
		r := g.register
		i := slices.IndexFunc(r.data.rows, func(row registerRow) bool { return row.reason != "" })
		if len(r.data.rows) > 0 {
			r.list.Select(max(i, 0))
		}
		ready()
	})
}

// smokeGiftForm fills a new gift as a volunteer would: a cheque whose
// counterparts are too high, so that the warnings show.
func smokeGiftForm(s *shell, ready func()) {
	g := s.screens["donations"].(*giftsScreen)
	g.showTab(tabRegister, func() {
		r := g.register
		r.newGift()
		f := r.form
		if len(r.data.rows) == 0 {
			ready() // no donor to choose: no warning will come
			return
		}
		f.setDonor(r.data.rows[0].DonorID, r.data.rows[0].DonorName)
		f.method.SetSelected(methodName(donation.Cheque))
		f.chequeNumber.entry.SetText("0012345")
		f.bank.entry.SetText("Crédit Agricole")
		f.campaign.SetText("Campagne de fin d'année")
		f.amount.entry.SetText("150")
		f.warned = ready
		f.counterparts.entry.SetText("80") // above 25 % and the yearly cap
	})
}

// smokeReceiptsList shows the receipts with the first one chosen.
func smokeReceiptsList(s *shell, ready func()) {
	g := s.screens["donations"].(*giftsScreen)
	g.showTab(tabReceipts, func() {
		if len(g.receipts.rows) > 0 {
			g.receipts.list.Select(0)
		}
		ready()
	})
}

// smokeYearEnd shows the preview of the current year's yearly receipts:
// last year's are issued by the smoke test.
func smokeYearEnd(s *shell, ready func()) {
	g := s.screens["donations"].(*giftsScreen)
	g.showTab(tabYearEnd, func() {
		w := g.yearEnd
		w.choose(s.o.now().Year(), true)
		w.preview(ready)
	})
}

func smokeDeclaration(s *shell, ready func()) {
	g := s.screens["donations"].(*giftsScreen)
	g.showTab(tabDeclaration, ready)
}

// smokeDonorPanel shows the « Dons et reçus » section of a donor who has
// receipts and gifts still without one.
func smokeDonorPanel(s *shell, ready func()) {
	c := s.screens["contacts"].(*contactsScreen)
	gifts, receipts, ctx := s.core.Gifts, s.core.Receipts, s.coreCtx
	s.o.run(func() func() {
		id, err := donorWithReceipts(ctx, gifts, receipts)
		return func() {
			if err != nil || id == 0 {
				slog.Error("smoke donor panel", "err", err)
				ready()
				return
			}
			d := c.detail
			d.donor.loaded = func() {
				sc := d.content.(*container.Scroll)
				sc.Refresh()
				sc.ScrollToOffset(fyne.NewPos(0, d.more.Position().Y))
				ready()
			}
			c.showContact(id)
		}
	})
}

// donorWithReceipts returns the donor with the most gifts among those
// who have a receipt and gifts still without one.
func donorWithReceipts(ctx context.Context, gifts giftService, receipts receiptService) (int64, error) {
	rows, err := receipts.List(ctx, receipt.Filter{Status: donation.Valid})
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	best, bestN := rows[0].DonorID, 0
	for _, r := range rows {
		gs, err := gifts.ListGifts(ctx, donation.Filter{DonorID: r.DonorID})
		if err != nil {
			return 0, err
		}
		open := slices.ContainsFunc(gs, func(g donation.GiftRow) bool { return g.ReceiptNumber == "" })
		if open && len(gs) > bestN {
			best, bestN = r.DonorID, len(gs)
		}
	}
	return best, nil
}
