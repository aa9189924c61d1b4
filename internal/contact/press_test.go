package contact_test

import (
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
)

func TestBCCLine(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"b@y.fr", "", "a@x.fr"}, "a@x.fr, b@y.fr"},
		{[]string{" a@x.fr", "A@X.fr", "c@z.fr"}, "a@x.fr, c@z.fr"},
	}
	for _, tt := range tests {
		if got := contact.BCCLine(tt.in); got != tt.want {
			t.Errorf("BCCLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidatePressKindAndInteraction(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool // want an error
	}{
		{"outlet with kind", contact.Contact{Kind: contact.Organisation, OrgName: "La Rep", PressKind: contact.PressRegionalDaily}.Validate(), false},
		{"person with kind", contact.Contact{Kind: contact.Person, LastName: "A", PressKind: contact.PressRadio}.Validate(), true},
		{"unknown kind", contact.Contact{Kind: contact.Organisation, OrgName: "X", PressKind: "blog"}.Validate(), true},
		{"good note", contact.Interaction{ContactID: 1, Kind: contact.InteractionNote, Date: "2026-01-02", Body: "x"}.Validate(), false},
		{"empty note", contact.Interaction{ContactID: 1, Kind: contact.InteractionNote, Date: "2026-01-02"}.Validate(), true},
		{"bad kind", contact.Interaction{ContactID: 1, Kind: "sms", Date: "2026-01-02", Body: "x"}.Validate(), true},
		{"consent ok", contact.Consent{ContactID: 1, Channel: contact.ChannelPost, Status: contact.StatusObjection, Date: "2026-01-02"}.Validate(), false},
		{"consent bad channel", contact.Consent{ContactID: 1, Channel: "sms", Status: contact.StatusConsent, Date: "2026-01-02"}.Validate(), true},
		{"release without subject", contact.PressRelease{Date: "2026-01-02"}.Validate(), true},
	}
	for _, tt := range tests {
		if (tt.err != nil) != tt.want {
			t.Errorf("%s: Validate = %v, want error %v", tt.name, tt.err, tt.want)
		}
	}
}
