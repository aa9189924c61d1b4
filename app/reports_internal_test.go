package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bureau-asso/bureau/internal/contact"
)

func TestReportsBuildPreviewPDFAndCSV(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	org := addOrg(t, c, "Fondation du Val", contact.OrgFoundation)
	addGift(t, c, org, 150_000, "2026-02-10")
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	s := newReportsScreen(testEnv(t, w), c.Reports, c.Contacts)
	w.SetContent(s.view())
	w.Resize(fyne.NewSize(1180, 740))
	s.refresh(func() {})

	s.build()
	if !strings.Contains(s.orgField.message(), "Choisissez l'organisation") {
		t.Errorf("no org: message = %q", s.orgField.message())
	}
	if s.from.date.Text != "01/01/2026" || s.to.date.Text != "31/12/2026" {
		t.Errorf("period = %q – %q, want the current year", s.from.date.Text, s.to.date.Text)
	}

	s.setOrg(contact.Row{ID: org, Name: "Fondation du Val"})
	s.text.SetText("Merci pour votre fidélité.")
	s.build()
	if s.report == nil {
		t.Fatalf("no report; message = %q", s.msg.Text)
	}
	if s.pdf.Disabled() || s.csv.Disabled() {
		t.Error("save buttons disabled after the preview")
	}
	if findLabel(s.preview, "500,00", false) == nil {
		t.Error("preview does not show the gift")
	}
	if findLabel(s.preview, "Merci pour votre fidélité.", false) == nil {
		t.Error("preview does not show the president's text")
	}
	pdf, err := s.svc.Draw(*s.report)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Errorf("Draw = %.10q, %v", pdf, err)
	}
	csv, err := reportCSV(*s.report)
	if err != nil || !strings.Contains(string(csv), "Fondation du Val") {
		t.Errorf("CSV = %q, %v", csv, err)
	}

	s.to.date.SetText("01/01/2025")
	s.build()
	if s.to.message() == "" {
		t.Errorf("reversed period: no message under « Au » (msg %q)", s.msg.Text)
	}
}
