package cli

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/bureau-asso/bureau/internal/contact"
)

// usageMatches reports whether err is nil when want is "", else a usage
// error containing want.
func usageMatches(err error, want string) bool {
	if want == "" {
		return err == nil
	}
	var ue usageError
	return errors.As(err, &ue) && strings.Contains(ue.msg, want)
}

func TestParseContactsSearch(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr string
	}{
		{[]string{"helene", "orleans"}, "helene orleans", ""},
		{[]string{"  Hélène Orléans "}, "Hélène Orléans", ""},
		{nil, "", "indiquez ce que vous cherchez"},
		{[]string{"--kind", "x"}, "", "option inconnue -kind"},
	}
	for _, tt := range tests {
		got, err := parseContactsSearch(tt.args)
		if !usageMatches(err, tt.wantErr) || got != tt.want {
			t.Errorf("parseContactsSearch(%q) = %q, %v; want %q, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseContactsMerge(t *testing.T) {
	tests := []struct {
		args    []string
		want    contactsMergeOptions
		wantErr string
	}{
		{[]string{"1", "2"}, contactsMergeOptions{keep: 1, other: 2, take: map[string]bool{}}, ""},
		{[]string{"1", "2", "--take", "first_name, siren", "--yes"},
			contactsMergeOptions{keep: 1, other: 2, take: map[string]bool{"first_name": true, "siren": true}, yes: true}, ""},
		{[]string{"--yes", "7", "--keep=website", "3"},
			contactsMergeOptions{keep: 7, other: 3, take: map[string]bool{"website": false}, yes: true}, ""},
		{[]string{"1"}, contactsMergeOptions{}, "indiquez deux numéros"},
		{[]string{"1", "1"}, contactsMergeOptions{}, "la même fiche"},
		{[]string{"1", "deux"}, contactsMergeOptions{}, "« deux » n'est pas un numéro de contact"},
		{[]string{"1", "2", "--take", "email"}, contactsMergeOptions{}, "--take : champ « email » inconnu ; choisissez parmi : civility, first_name"},
		{[]string{"1", "2", "--take", "siren", "--keep", "siren"}, contactsMergeOptions{}, "à la fois dans --take et dans --keep"},
	}
	for _, tt := range tests {
		got, err := parseContactsMerge(tt.args)
		if !usageMatches(err, tt.wantErr) || (tt.wantErr == "" && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("parseContactsMerge(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseContactsEraseAndExport(t *testing.T) {
	erase := []struct {
		args    []string
		want    int64
		wantErr string
	}{
		{[]string{"4", "--yes"}, 4, ""},
		{[]string{"--yes", "4"}, 4, ""},
		{[]string{"4"}, 0, "relancez avec --yes pour confirmer"},
		{[]string{"4", "5", "--yes"}, 0, "un seul contact"},
		{[]string{"-3", "--yes"}, 0, "option inconnue -3"},
	}
	for _, tt := range erase {
		got, err := parseContactsErase(tt.args)
		if !usageMatches(err, tt.wantErr) || got != tt.want {
			t.Errorf("parseContactsErase(%q) = %d, %v; want %d, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
	export := []struct {
		args    []string
		want    contactsExportPersonOptions
		wantErr string
	}{
		{[]string{"4"}, contactsExportPersonOptions{id: 4}, ""},
		{[]string{"4", "--out", "h.json"}, contactsExportPersonOptions{id: 4, out: "h.json"}, ""},
		{nil, contactsExportPersonOptions{}, "un seul contact"},
	}
	for _, tt := range export {
		got, err := parseContactsExportPerson(tt.args)
		if !usageMatches(err, tt.wantErr) || (tt.wantErr == "" && got != tt.want) {
			t.Errorf("parseContactsExportPerson(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseContactsConsent(t *testing.T) {
	tests := []struct {
		args    []string
		want    contactsConsentOptions
		wantErr string
	}{
		{[]string{"3", "--channel", "email", "--status", "objection"},
			contactsConsentOptions{id: 3, channel: contact.ChannelEmail, status: contact.StatusObjection}, ""},
		{[]string{"3", "--channel=post", "--status=consent", "--source", "bulletin 2026", "--date", "2026-01-15"},
			contactsConsentOptions{id: 3, channel: contact.ChannelPost, status: contact.StatusConsent, source: "bulletin 2026", date: "2026-01-15"}, ""},
		{[]string{"3", "--channel", "sms", "--status", "consent"}, contactsConsentOptions{}, "--channel attend email, post ou phone"},
		{[]string{"3", "--channel", "email"}, contactsConsentOptions{}, "--status attend consent"},
		{[]string{"3", "--channel", "email", "--status", "consent", "--date", "15/01/2026"}, contactsConsentOptions{}, "--date attend une date AAAA-MM-JJ"},
	}
	for _, tt := range tests {
		got, err := parseContactsConsent(tt.args)
		if !usageMatches(err, tt.wantErr) || (tt.wantErr == "" && got != tt.want) {
			t.Errorf("parseContactsConsent(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseContactsNote(t *testing.T) {
	tests := []struct {
		args    []string
		want    contact.Interaction
		wantErr string
	}{
		{[]string{"3", "Appelée", "pour", "la", "fête"},
			contact.Interaction{ContactID: 3, Kind: contact.InteractionNote, Body: "Appelée pour la fête"}, ""},
		{[]string{"3", "--kind", "call", "--date", "2026-02-01", "Rappeler en mars"},
			contact.Interaction{ContactID: 3, Kind: contact.InteractionCall, Date: "2026-02-01", Body: "Rappeler en mars"}, ""},
		{[]string{"3", "--subject", "Rendez-vous", "--kind", "meeting"},
			contact.Interaction{ContactID: 3, Kind: contact.InteractionMeeting, Subject: "Rendez-vous"}, ""},
		{[]string{"3"}, contact.Interaction{}, "indiquez le numéro du contact puis le texte"},
		{[]string{"3", "--kind", "sms", "x"}, contact.Interaction{}, "--kind attend note, call, meeting ou email"},
	}
	for _, tt := range tests {
		got, err := parseContactsNote(tt.args)
		if !usageMatches(err, tt.wantErr) || (tt.wantErr == "" && got.interaction != tt.want) {
			t.Errorf("parseContactsNote(%q) = %+v, %v; want %+v, %q", tt.args, got.interaction, err, tt.want, tt.wantErr)
		}
	}
}

func TestParsePress(t *testing.T) {
	exports := []struct {
		args    []string
		want    pressExportOptions
		wantErr string
	}{
		{[]string{"PQR Centre", "--format", "bcc"}, pressExportOptions{list: "PQR Centre", format: "bcc"}, ""},
		{[]string{"--format=VCARD", "Radios", "--out", "r.vcf"}, pressExportOptions{list: "Radios", format: "vcard", out: "r.vcf"}, ""},
		{[]string{"Radios"}, pressExportOptions{}, "--format attend csv, vcard ou bcc"},
		{[]string{"PQR", "Centre", "--format", "csv"}, pressExportOptions{}, "entre guillemets"},
	}
	for _, tt := range exports {
		got, err := parsePressExport(tt.args)
		if !usageMatches(err, tt.wantErr) || (tt.wantErr == "" && got != tt.want) {
			t.Errorf("parsePressExport(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
	sent := []struct {
		args    []string
		want    pressSentOptions
		wantErr string
	}{
		{[]string{"Radios", "--subject", "Fête des jardins", "--date", "2026-05-02"}, pressSentOptions{list: "Radios", subject: "Fête des jardins", date: "2026-05-02"}, ""},
		{[]string{"Radios"}, pressSentOptions{}, "--subject"},
		{[]string{"Radios", "--subject", "x", "--date", "demain"}, pressSentOptions{}, "--date attend"},
	}
	for _, tt := range sent {
		got, err := parsePressSent(tt.args)
		if !usageMatches(err, tt.wantErr) || (tt.wantErr == "" && got != tt.want) {
			t.Errorf("parsePressSent(%q) = %+v, %v; want %+v, %q", tt.args, got, err, tt.want, tt.wantErr)
		}
	}
	journalist := []struct {
		args                    []string
		topics, regions, optOut string // "nil" when the flag is absent
		wantErr                 string
	}{
		{[]string{"5", "--topics", "environnement"}, "environnement", "nil", "nil", ""},
		{[]string{"5", "--regions", "", "--opt-out", "oui"}, "nil", "", "true", ""},
		{[]string{"5", "--opt-out", "peut-être"}, "", "", "", "--opt-out attend oui ou non"},
	}
	show := func(p *string) string {
		if p == nil {
			return "nil"
		}
		return *p
	}
	for _, tt := range journalist {
		got, err := parsePressJournalist(tt.args)
		if !usageMatches(err, tt.wantErr) {
			t.Errorf("parsePressJournalist(%q) error %v, want %q", tt.args, err, tt.wantErr)
			continue
		}
		if tt.wantErr != "" {
			continue
		}
		optOut := "nil"
		if got.optOut != nil {
			optOut = map[bool]string{true: "true", false: "false"}[*got.optOut]
		}
		if show(got.topics) != tt.topics || show(got.regions) != tt.regions || optOut != tt.optOut || got.id != 5 {
			t.Errorf("parsePressJournalist(%q) = %+v (topics %s, regions %s, opt-out %s)", tt.args, got, show(got.topics), show(got.regions), optOut)
		}
	}
}
