package cli

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/bureau-asso/bureau/internal/mail"
)

func TestParseMailAccountAdd(t *testing.T) {
	tests := []struct {
		args    []string
		want    mail.Account
		stdin   bool
		usage   bool
		folders []string
	}{
		{args: []string{"--host", "imap.asso.fr", "--user", "contact@asso.fr"},
			want: mail.Account{Name: "contact@asso.fr", Host: "imap.asso.fr", Port: 993, User: "contact@asso.fr", Address: "contact@asso.fr", Security: mail.TLS}},
		{args: []string{"--host", "imap.asso.fr", "--user", "contact", "--starttls", "--name", "Contact", "--folders", "INBOX, Sent ,,Archives/2025", "--password-stdin"},
			want:    mail.Account{Name: "Contact", Host: "imap.asso.fr", Port: 143, User: "contact", Security: mail.StartTLS},
			folders: []string{"INBOX", "Sent", "Archives/2025"}, stdin: true},
		{args: []string{"--host", "127.0.0.1", "--port", "1143", "--user", "u", "--plain-for-tests"},
			want: mail.Account{Name: "u", Host: "127.0.0.1", Port: 1143, User: "u", Security: mail.Plain}},
		{args: []string{"--host", "h", "--user", "u", "--tls", "--fingerprint", "AA:BB"},
			want: mail.Account{Name: "u", Host: "h", Port: 993, User: "u", Security: mail.TLS, Fingerprint: "AA:BB"}},
		{args: []string{"--host", "h", "--user", "u", "--plain-for-tests", "--fingerprint", "AA"}, usage: true},
		{args: []string{"--host", "h", "--user", "u", "--tls", "--plain-for-tests"}, usage: true},
		{args: []string{"--user", "u"}, usage: true},
		{args: []string{"--host", "h", "--user", "u", "extra"}, usage: true},
		{args: []string{"--host", "h", "--user", "u", "--port", "x"}, usage: true},
	}
	for _, tt := range tests {
		o, err := parseMailAccountAdd(tt.args)
		var ue usageError
		if tt.usage {
			if !errors.As(err, &ue) {
				t.Errorf("%v: err %v, want a usage error", tt.args, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		got := o.account
		folders := got.Folders
		got.Folders = nil
		if !reflect.DeepEqual(got, tt.want) || !slices.Equal(folders, tt.folders) || o.passwordStdin != tt.stdin {
			t.Errorf("%v:\n got %+v %v %v\nwant %+v %v %v", tt.args, got, folders, o.passwordStdin, tt.want, tt.folders, tt.stdin)
		}
	}
}

func TestParseMailCommands(t *testing.T) {
	if o, err := parseMailSync([]string{"--account", "contact", "--rescan"}); err != nil || o.account != "contact" || !o.rescan {
		t.Errorf("sync: %+v %v", o, err)
	}
	if _, err := parseMailSync([]string{"contact"}); err == nil {
		t.Error("sync with a bare argument accepted")
	}
	if o, err := parseMailThreads([]string{"--org", " Fondation ", "--search", "réunion", "--limit", "5"}); err != nil ||
		o.org != "Fondation" || o.search != "réunion" || o.limit != 5 {
		t.Errorf("threads: %+v %v", o, err)
	}
	for _, bad := range [][]string{{"--org", "x", "--contact", "3"}, {"--limit", "0"}, {"x"}} {
		if _, err := parseMailThreads(bad); err == nil {
			t.Errorf("threads %v accepted", bad)
		}
	}
	if o, err := parseMailShow([]string{"12", "--quoted", "--save-attachments", "/tmp/x"}); err != nil || o.id != 12 || !o.quoted || o.saveDir != "/tmp/x" {
		t.Errorf("show: %+v %v", o, err)
	}
	for _, bad := range [][]string{{}, {"0"}, {"1", "2"}, {"abc"}} {
		if _, err := parseMailShow(bad); err == nil {
			t.Errorf("show %v accepted", bad)
		}
	}
}
