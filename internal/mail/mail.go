// Package mail holds the office's partner mail as values: accounts,
// messages, threads, the rules that thread messages (JWZ) and link their
// addresses to contacts, and the Service that syncs, threads and reads
// them. It imports no SQL, Fyne or IMAP package: the store persists what
// it builds and internal/mailsync talks IMAP and decodes MIME for it.
package mail

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// Address is one participant of a message: a display name and an
// address, folded to lower case.
type Address struct {
	Name string
	Addr string
}

// String formats the address as "Name <addr>", or the bare address.
func (a Address) String() string {
	if a.Name == "" || strings.EqualFold(a.Name, a.Addr) {
		return a.Addr
	}
	return a.Name + " <" + a.Addr + ">"
}

// Label is the name when there is one, else the address.
func (a Address) Label() string {
	if a.Name != "" {
		return a.Name
	}
	return a.Addr
}

// Domain returns the part after the last "@", or "".
func (a Address) Domain() string {
	i := strings.LastIndexByte(a.Addr, '@')
	if i < 0 {
		return ""
	}
	return a.Addr[i+1:]
}

// Message is one decoded message, readable offline.
type Message struct {
	ID int64 // store id, 0 until saved
	// Key identifies the message across folders and accounts: its
	// Message-ID, or a digest when it has none (see Key).
	Key        string
	MessageID  string   // without angle brackets, "" when missing
	InReplyTo  string   // first id of In-Reply-To
	References []string // oldest first
	Subject    string
	Date       time.Time
	From       Address
	To         []Address
	Cc         []Address
	// Text is the readable body: text parts decoded to UTF-8, or the
	// sanitised HTML part turned into text when there is no text part.
	Text        string
	FromHTML    bool
	Attachments []Attachment
	Size        int64 // bytes of the raw message
	ThreadID    int64
}

// Participants returns From, To and Cc, in that order.
func (m Message) Participants() []Address {
	out := make([]Address, 0, 1+len(m.To)+len(m.Cc))
	if m.From.Addr != "" {
		out = append(out, m.From)
	}
	out = append(out, m.To...)
	return append(out, m.Cc...)
}

// Attachment is a file carried by a message.
type Attachment struct {
	ID          int64
	Name        string // safe file name (SafeFileName)
	ContentType string
	Size        int64
	// Inline marks parts shown inside the message (signature logos).
	Inline bool
	// Stored is false when the file was over the size cap: it is listed
	// without its content.
	Stored bool
	Data   []byte // nil unless loaded
}

// Security is how the connection to an IMAP server is protected.
type Security string

// Connection security modes.
const (
	TLS      Security = "tls"      // implicit TLS, usually port 993
	StartTLS Security = "starttls" // STARTTLS upgrade, usually port 143
	// Plain sends the password in clear: only for tests on 127.0.0.1.
	Plain Security = "plain"
)

// Label is the French name of the mode.
func (s Security) Label() string {
	switch s {
	case TLS:
		return "TLS"
	case StartTLS:
		return "STARTTLS"
	case Plain:
		return "sans chiffrement (tests)"
	}
	return string(s)
}

// Account is one IMAP mailbox of the association. Its password is never
// here: it lives in the system keyring (or in memory for one run).
type Account struct {
	ID       int64
	Name     string
	Host     string
	Port     int
	User     string
	Security Security
	// Fingerprint is the SHA-256 of a self-signed certificate the office
	// chose to trust, as hex; empty means the usual certificate checks.
	Fingerprint string
	// Address is the account's own address; it is neither a partner nor
	// an unknown sender.
	Address string
	Folders []string
	// CreatedAt is set by the store.
	CreatedAt time.Time
}

// DefaultFolders are synced when none is chosen.
var DefaultFolders = []string{"INBOX"}

// HostPort is "host:port".
func (a Account) HostPort() string { return net.JoinHostPort(a.Host, strconv.Itoa(a.Port)) }

// SecretKey names the account's password in the keyring: the login and
// the server, so that renaming the account or changing its port keeps
// its password.
func (a Account) SecretKey() string {
	return fmt.Sprintf("imap:%s@%s", a.User, strings.ToLower(a.Host))
}

// OwnAddresses are the addresses of the account itself.
func (a Account) OwnAddresses() []string {
	var out []string
	for _, s := range []string{a.Address, a.User} {
		s = strings.ToLower(strings.TrimSpace(s))
		if strings.Contains(s, "@") {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks an account before it is saved.
func (a Account) Validate() error {
	var errs apperr.Multi
	if strings.TrimSpace(a.Name) == "" {
		errs = append(errs, apperr.InvalidField("name", "mail.account.name_missing",
			"Le nom du compte est vide. Donnez-lui un nom court, par exemple « contact »."))
	}
	if strings.TrimSpace(a.Host) == "" || strings.ContainsAny(a.Host, " /@") {
		errs = append(errs, apperr.InvalidField("host", "mail.account.host_invalid",
			"Le serveur IMAP est vide ou mal écrit. Indiquez son nom, par exemple imap.exemple.fr."))
	}
	if a.Port < 1 || a.Port > 65535 {
		errs = append(errs, apperr.InvalidField("port", "mail.account.port_invalid",
			"Le port doit être un nombre entre 1 et 65535 (993 pour TLS, 143 pour STARTTLS)."))
	}
	if strings.TrimSpace(a.User) == "" {
		errs = append(errs, apperr.InvalidField("user", "mail.account.user_missing",
			"L'identifiant est vide. Indiquez l'identifiant de connexion, souvent l'adresse complète."))
	}
	switch a.Security {
	case TLS, StartTLS, Plain:
	default:
		errs = append(errs, apperr.InvalidField("security", "mail.account.security_unknown",
			"Choisissez la sécurité de la connexion : TLS ou STARTTLS."))
	}
	if a.Fingerprint != "" && len(NormalizeFingerprint(a.Fingerprint)) != 64 {
		errs = append(errs, apperr.InvalidField("fingerprint", "mail.account.fingerprint_invalid",
			"L'empreinte du certificat doit être une empreinte SHA-256 (64 chiffres hexadécimaux). Copiez celle indiquée par le test de connexion."))
	}
	for _, f := range a.Folders {
		if strings.TrimSpace(f) == "" {
			errs = append(errs, apperr.InvalidField("folders", "mail.account.folder_empty",
				"Un nom de dossier est vide. Séparez les dossiers par des virgules, par exemple INBOX,Sent."))
			break
		}
	}
	return errs.OrNil()
}

// NormalizeFingerprint lower-cases a SHA-256 fingerprint and drops the
// colons and spaces people copy with it.
func NormalizeFingerprint(s string) string {
	s = strings.ToLower(s)
	s = strings.TrimPrefix(s, "sha256:")
	return strings.NewReplacer(":", "", " ", "", "-", "").Replace(s)
}

// FormatFingerprint writes a hex fingerprint as colon-separated pairs,
// the way browsers and openssl show it.
func FormatFingerprint(hex string) string {
	hex = strings.ToUpper(NormalizeFingerprint(hex))
	var b strings.Builder
	for i := 0; i < len(hex); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(hex[i:min(i+2, len(hex))])
	}
	return b.String()
}

// Folder is the sync state of one IMAP folder of an account.
type Folder struct {
	ID        int64
	AccountID int64
	Name      string
	// UIDValidity, LastUID and HighestModSeq say where the last sync
	// stopped; a new UIDVALIDITY makes every UID meaningless.
	UIDValidity   uint32
	LastUID       uint32
	HighestModSeq uint64
	SyncedAt      time.Time
}

// Thread is a conversation: the summary shown in lists and timelines.
type Thread struct {
	ID        int64
	Subject   string
	FirstDate time.Time
	LastDate  time.Time
	Count     int
	// Snippet is the matching text when the thread was found by search.
	Snippet string
}

// Party is a contact taking part in a thread.
type Party struct {
	ContactID int64
	Name      string
	IsOrg     bool
}

// ThreadDetail is a thread with its messages in reading order.
type ThreadDetail struct {
	Thread
	Parties []Party
	// Messages are in thread order (a reply after what it answers),
	// with Depth giving their indentation.
	Messages []Message
	Depth    []int
}

// UnknownSender is an address that wrote to the association and matches
// no contact. It is listed for review, never turned into a contact.
type UnknownSender struct {
	Addr         string
	Name         string
	MessageCount int
	LastDate     time.Time
	LastSubject  string
	// OrgID is the organisation whose domain the address belongs to, 0
	// when none: a new person at a known partner.
	OrgID   int64
	OrgName string
}

// Settings keys read by the Service.
const (
	// SettingAttachmentMax caps the size of an attachment kept with its
	// content, in bytes; larger ones are listed without content.
	SettingAttachmentMax = "mail.attachment_max_bytes"
	// DefaultAttachmentMax is 10 MiB.
	DefaultAttachmentMax = 10 << 20
)
