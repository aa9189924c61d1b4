package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bureau-asso/bureau/internal/contactio"
)

const wizardCSV = "Nom;Prénom;Courriel;Ville\n" +
	"Dupont;Hélène;helene@example.org;Tours\n" +
	"Martin;Paul;pas-une-adresse;Blois\n" +
	"Durand;Anne;anne@example.org;Orléans\n"

func TestImportWizardImportsOnlyValidRows(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	addPerson(t, c, "Anne", "Durand", "anne@example.org", "")
	s := newTestContacts(t, c)

	test.Tap(s.importButton)
	w := s.wizard
	if w.step != stepFile || !w.next.Disabled() {
		t.Fatalf("the wizard starts at step %d, next enabled %v", w.step, !w.next.Disabled())
	}
	w.load("adherents.csv", []byte(wizardCSV))
	if w.step != stepColumns {
		t.Fatalf("after reading a CSV file the wizard is at step %d", w.step)
	}
	var chosen []string
	for _, sel := range w.selects {
		chosen = append(chosen, sel.Selected)
	}
	if want := []string{"Nom", "Prénom", "Courriel", "Ville"}; !slices.Equal(chosen, want) {
		t.Errorf("guessed columns = %q, want %q", chosen, want)
	}
	if !hasLabel(w.previewBox, "adresse électronique invalide « pas-une-adresse »") {
		t.Errorf("the preview does not show the bad row's problem")
	}
	w.setColumn(3, contactio.FieldPostcode)
	if w.mapping()[3] != contactio.FieldPostcode || w.preview.Rows[0].Contact.Addresses[0].Postcode != "Tours" {
		t.Errorf("remapping the column did not reread the file: %+v", w.preview.Rows[0].Contact.Addresses)
	}
	w.setColumn(3, contactio.FieldCity)

	test.Tap(w.next)
	if w.step != stepCheck {
		t.Fatalf("after the columns the wizard is at step %d", w.step)
	}
	if !strings.HasPrefix(w.refused.Text, "ligne 3 : ") {
		t.Errorf("refused rows = %q, want line 3", w.refused.Text)
	}
	if w.report.Imported != 2 || w.report.Refused != 1 || len(w.report.Duplicates) != 1 {
		t.Errorf("dry run report = %+v", w.report)
	}
	if !w.next.Disabled() {
		t.Errorf("« Importer » is enabled before choosing to import only the valid rows")
	}
	if people, _, _ := c.Contacts.Count(t.Context()); people != 1 {
		t.Fatalf("the dry run saved contacts: %d people", people)
	}
	test.Tap(w.onlyValid)
	if w.next.Disabled() {
		t.Fatalf("« Importer » stays disabled")
	}
	test.Tap(w.next)
	if w.step != stepDone || !strings.HasPrefix(w.result.Text, "2 contacts importés.") {
		t.Fatalf("after the import: step %d, %q", w.step, w.result.Text)
	}
	if w.bar.Value != w.bar.Max {
		t.Errorf("progress bar at %v of %v", w.bar.Value, w.bar.Max)
	}
	if got, want := s.names(), []string{"DUPONT Hélène", "DURAND Anne", "DURAND Anne"}; !slices.Equal(got, want) {
		t.Errorf("list after import = %q, want %q", got, want)
	}
}

func TestImportWizardVCardAndEmptyFile(t *testing.T) {
	newApp(t)
	c := openCoreAt(t, dbPath(t))
	s := newTestContacts(t, c)
	test.Tap(s.importButton)
	w := s.wizard
	w.load("vide.csv", nil)
	if w.step != stepFile || !strings.Contains(w.fileStatus.Text, "vide") {
		t.Errorf("empty file: step %d, %q", w.step, w.fileStatus.Text)
	}
	w.load("carnet.vcf", []byte("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Girard;Sophie;;;\r\nFN:Sophie Girard\r\nEMAIL:sophie@courrier.fr\r\nEND:VCARD\r\n"))
	if w.step != stepCheck || w.report.Imported != 1 || !w.onlyValid.Hidden && w.next.Disabled() {
		t.Fatalf("vCard: step %d, report %+v", w.step, w.report)
	}
	test.Tap(w.next)
	if got := s.names(); !slices.Equal(got, []string{"GIRARD Sophie"}) {
		t.Errorf("list after vCard import = %q", got)
	}
}
