package demo

import (
	"slices"
	"testing"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/donation"
)

func TestBuildActivity(t *testing.T) {
	for _, now := range []time.Time{
		testNow,
		time.Date(2026, time.January, 2, 9, 0, 0, 0, time.UTC),
		time.Date(2026, time.January, 20, 9, 0, 0, 0, time.UTC),
		time.Date(2025, time.December, 31, 23, 0, 0, 0, time.UTC),
	} {
		d := build(now)
		a := d.activity
		end := civil(today(now))

		if len(a.cases) != 7 {
			t.Errorf("%s: %d sponsorship cases, want 7", end, len(a.cases))
		}
		for _, sc := range a.cases {
			c, o := sc.Case, d.contacts[sc.org]
			c.OrgID = 1
			if err := c.Validate(); err != nil {
				t.Errorf("%s: case of %s: Validate() = %v", end, o.OrgName, err)
			}
			if o.OrgKind != contact.OrgCompany && o.OrgKind != contact.OrgFoundation {
				t.Errorf("%s: case of %s, a %s; want a company or a foundation", end, o.OrgName, o.OrgKind)
			}
			for _, cp := range c.Counterparts {
				if cp.Delivered && cp.DeliveredOn > end {
					t.Errorf("%s: %s delivered on %s, after today", end, cp.Item, cp.DeliveredOn)
				}
			}
		}

		for _, j := range a.journalists {
			p := d.contacts[j.person]
			if p.Kind != contact.Person || !slices.Contains(p.Tags, tagPress) {
				t.Errorf("%s: journalist %s is not a person tagged %q", end, p.DisplayName(), tagPress)
			}
		}
		for _, l := range a.pressLists {
			for _, m := range l.members {
				if len(d.contacts[m].Emails) == 0 || !slices.Contains(d.contacts[m].Tags, tagPress) {
					t.Errorf("%s: %s on list %s has no email or is not press", end, d.contacts[m].DisplayName(), l.name)
				}
			}
		}
		for _, r := range a.releases {
			if err := r.Validate(); err != nil || r.Date > end {
				t.Errorf("%s: release %q of %s: Validate() = %v", end, r.Subject, r.Date, err)
			}
		}
		for _, i := range a.interactions {
			i.ContactID = 1
			if err := i.Validate(); err != nil || i.Date >= end {
				t.Errorf("%s: interaction %q of %s: Validate() = %v, want it in the past", end, i.Subject, i.Date, err)
			}
		}
		for _, c := range a.consents {
			c.ContactID = 1
			if err := c.Validate(); err != nil || c.Date > end || len(d.contacts[c.who].Emails) == 0 {
				t.Errorf("%s: consent %+v of %s: Validate() = %v", end, c.Consent, d.contacts[c.who].DisplayName(), err)
			}
		}

		if len(a.mandates) != 2 {
			t.Errorf("%s: %d mandates, want 2", end, len(a.mandates))
		}
		for _, m := range a.mandates {
			m.DonorID = 1
			if err := m.Validate(); err != nil || m.StartDate <= end || m.StartDate[8:] != "01" {
				t.Errorf("%s: mandate %+v: Validate() = %v, want it from the first of next month", end, m.Mandate, err)
			}
			if !slices.Contains(d.contacts[m.donor].Tags, tagRegular) {
				t.Errorf("%s: mandate of %s, not a regular donor", end, d.contacts[m.donor].DisplayName())
			}
		}

		cl := a.claim
		cl.VolunteerID = 1
		if err := cl.Validate(); err != nil || cl.WaiverSignedOn > end || cl.WaiverSignedOn < cl.ClaimDate {
			t.Errorf("%s: claim of %s signed %s: Validate() = %v", end, cl.ClaimDate, cl.WaiverSignedOn, err)
		}
		for _, l := range cl.Lines {
			if err := l.Validate(); err != nil || l.Date > cl.WaiverSignedOn || l.Date[:4] != cl.WaiverSignedOn[:4] {
				t.Errorf("%s: line of %s: Validate() = %v, want it before the waiver of %s, the same year", end, l.Date, err, cl.WaiverSignedOn)
			}
		}
		if mime, ok := donation.DetectDocumentMIME(cl.document); !ok || mime != "image/png" {
			t.Errorf("%s: claim document is %q, want a PNG", end, mime)
		}
	}
}
