package mail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// Params are the Service's dependencies.
type Params struct {
	Store   Store
	Source  Source
	Secrets Secrets
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service is the partner mail API used by the GUI and the CLI: accounts,
// sync, threads, search and the senders to review.
type Service struct {
	store   Store
	source  Source
	secrets Secrets
	now     func() time.Time
	syncing atomic.Bool
}

// NewService returns a Service; Store, Source and Secrets are required.
func NewService(p Params) *Service {
	if p.Store == nil || p.Source == nil || p.Secrets == nil {
		panic("mail.NewService: Store, Source and Secrets are required")
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	return &Service{store: p.Store, source: p.Source, secrets: p.Secrets, now: p.Now}
}

// AddAccount validates and saves an account. When password is not empty
// it is stored in the keyring (or kept in memory for this run, persisted
// false). When check is true the connection is tested first and nothing
// is saved if it fails.
func (s *Service) AddAccount(ctx context.Context, a *Account, password string, check bool) (persisted bool, err error) {
	a.Name = strings.TrimSpace(a.Name)
	a.Host = strings.TrimSpace(a.Host)
	a.User = strings.TrimSpace(a.User)
	a.Fingerprint = NormalizeFingerprint(a.Fingerprint)
	chosen := len(a.Folders) > 0
	if !chosen {
		a.Folders = append([]string(nil), DefaultFolders...)
	}
	if err := a.Validate(); err != nil {
		return false, err
	}
	if check {
		if err := s.Check(ctx, *a, password); err != nil {
			return false, err
		}
		if !chosen {
			a.Folders = s.defaultFolders(ctx, *a, password)
		}
	}
	if err := s.store.CreateMailAccount(ctx, a); err != nil {
		if errors.Is(err, apperr.ErrConflict) {
			return false, apperr.Conflict("mail.account.exists", fmt.Sprintf(
				"Un compte nommé « %s » existe déjà. Choisissez un autre nom (option --name).", a.Name))
		}
		return false, fmt.Errorf("create mail account %s: %w", a.Name, err)
	}
	if password == "" {
		return false, nil
	}
	return s.SetPassword(*a, password)
}

// Accounts lists the accounts by name.
func (s *Service) Accounts(ctx context.Context) ([]Account, error) {
	return s.store.ListMailAccounts(ctx)
}

// Account returns the account called name (case-insensitive).
func (s *Service) Account(ctx context.Context, name string) (Account, error) {
	as, err := s.store.ListMailAccounts(ctx)
	if err != nil {
		return Account{}, err
	}
	for _, a := range as {
		if strings.EqualFold(a.Name, strings.TrimSpace(name)) {
			return a, nil
		}
	}
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = a.Name
	}
	msg := fmt.Sprintf("Aucun compte de messagerie ne s'appelle « %s ».", name)
	if len(names) > 0 {
		msg += " Comptes : " + strings.Join(names, ", ") + "."
	} else {
		msg += " Ajoutez-en un avec « bureau mail account add »."
	}
	return Account{}, apperr.NotFound("mail.account.not_found", msg)
}

// RemoveAccount deletes an account, its folders' state and its password.
// Messages already stored stay readable.
func (s *Service) RemoveAccount(ctx context.Context, name string) error {
	a, err := s.Account(ctx, name)
	if err != nil {
		return err
	}
	if err := s.store.DeleteMailAccount(ctx, a.ID); err != nil {
		return fmt.Errorf("delete mail account %s: %w", a.Name, err)
	}
	_ = s.secrets.Delete(a.SecretKey()) // nothing to delete is fine
	return nil
}

// Password returns the account's password from the keyring or memory.
// An error matching ErrNoPassword means the door must ask for it.
func (s *Service) Password(a Account) (string, error) {
	pw, err := s.secrets.Get(a.SecretKey())
	if errors.Is(err, ErrNoPassword) {
		return "", &apperr.Error{Kind: apperr.ErrNotFound, Key: "mail.password_needed",
			Message: fmt.Sprintf("Le mot de passe du compte « %s » n'est pas dans le trousseau du système. Saisissez-le (il sera gardé en mémoire jusqu'à la fermeture de Bureau).", a.Name),
			Err:     ErrNoPassword}
	}
	return pw, err
}

// SetPassword stores the account's password in the keyring, or in
// memory for this run when there is no keyring (persisted false).
func (s *Service) SetPassword(a Account, password string) (persisted bool, err error) {
	if password == "" {
		return false, apperr.InvalidField("password", "mail.password_empty", "Le mot de passe est vide. Saisissez le mot de passe du compte.")
	}
	return s.secrets.Set(a.SecretKey(), password)
}

// Check is the "test the connection" action: it connects, secures the
// connection, logs in and opens every chosen folder, and says exactly
// which step failed (DNS, TCP, TLS, login, folder).
func (s *Service) Check(ctx context.Context, a Account, password string) error {
	if password == "" {
		var err error
		if password, err = s.Password(a); err != nil {
			return err
		}
	}
	sess, err := s.source.Connect(ctx, a, password)
	if err != nil {
		return UserError(err)
	}
	defer sess.Close()
	folders := a.Folders
	if len(folders) == 0 {
		folders = DefaultFolders
	}
	for _, f := range folders {
		if _, err := sess.Select(ctx, f); err != nil {
			var ce *CheckError
			if errors.As(err, &ce) {
				if fs, lerr := sess.Folders(ctx); lerr == nil {
					for _, f := range fs {
						ce.Folders = append(ce.Folders, f.Name)
					}
				}
			}
			return UserError(err)
		}
	}
	return nil
}

// defaultFolders are the folders synced when none was chosen: INBOX and
// the folders the server marks as sent mail and archives.
func (s *Service) defaultFolders(ctx context.Context, a Account, password string) []string {
	out := append([]string(nil), DefaultFolders...)
	sess, err := s.source.Connect(ctx, a, password)
	if err != nil {
		return out
	}
	defer sess.Close()
	fs, err := sess.Folders(ctx)
	if err != nil {
		return out
	}
	for _, f := range fs {
		if (f.Use == "sent" || f.Use == "archive") && !slices.Contains(out, f.Name) {
			out = append(out, f.Name)
		}
	}
	return out
}

// ServerFolders lists the folders of an account on its server, to choose
// those to sync.
func (s *Service) ServerFolders(ctx context.Context, a Account) ([]ServerFolder, error) {
	pw, err := s.Password(a)
	if err != nil {
		return nil, err
	}
	sess, err := s.source.Connect(ctx, a, pw)
	if err != nil {
		return nil, UserError(err)
	}
	defer sess.Close()
	return sess.Folders(ctx)
}

// AttachmentMax returns the size cap of attachments kept with their
// content (setting mail.attachment_max_bytes, 10 MiB by default).
func (s *Service) AttachmentMax(ctx context.Context) (int64, error) {
	v, err := s.store.Setting(ctx, SettingAttachmentMax, strconv.Itoa(DefaultAttachmentMax))
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return DefaultAttachmentMax, nil
	}
	return n, nil
}

// SetAttachmentMax changes the size cap; it applies to messages synced
// from then on.
func (s *Service) SetAttachmentMax(ctx context.Context, n int64) error {
	if n < 0 {
		return apperr.InvalidField("attachment_max", "mail.attachment_max_negative",
			"La taille maximale des pièces jointes ne peut pas être négative. Indiquez un nombre d'octets, 0 pour n'en garder aucune.")
	}
	return s.store.SetSetting(ctx, SettingAttachmentMax, strconv.FormatInt(n, 10))
}

// Threads lists threads, newest first.
func (s *Service) Threads(ctx context.Context, f ThreadFilter) ([]Thread, error) {
	if f.Limit <= 0 {
		f.Limit = 200
	}
	return s.store.ListMailThreads(ctx, f)
}

// ThreadsFor lists the threads a contact takes part in, newest first:
// what the contact's timeline shows. For an organisation, that includes
// mail from its domain and from the people who belong to it.
func (s *Service) ThreadsFor(ctx context.Context, contactID int64, limit int) ([]Thread, error) {
	return s.Threads(ctx, ThreadFilter{ContactID: contactID, Limit: limit})
}

// Search finds threads whose subject or body contain every word of q,
// accents and case ignored.
func (s *Service) Search(ctx context.Context, q string, limit int) ([]Thread, error) {
	if strings.TrimSpace(q) == "" {
		return nil, apperr.InvalidField("query", "mail.search_empty", "Indiquez au moins un mot à chercher.")
	}
	return s.Threads(ctx, ThreadFilter{Query: q, Limit: limit})
}

// Thread returns a thread with its messages in reading order: each reply
// after what it answers, with its depth for indentation.
func (s *Service) Thread(ctx context.Context, id int64) (ThreadDetail, error) {
	d, err := s.store.GetMailThread(ctx, id)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return d, apperr.NotFound("mail.thread.not_found", fmt.Sprintf(
				"La conversation %d n'existe pas. Listez les conversations avec « bureau mail threads ».", id))
		}
		return d, err
	}
	hs := make([]Header, len(d.Messages))
	for i, m := range d.Messages {
		hs[i] = Header{MessageID: m.MessageID, InReplyTo: m.InReplyTo, References: m.References, Subject: m.Subject, Date: m.Date}
	}
	ordered := make([]Message, 0, len(d.Messages))
	depth := make([]int, 0, len(d.Messages))
	var walk func(n *Node, dep int)
	walk = func(n *Node, dep int) {
		if n.Index >= 0 {
			ordered = append(ordered, d.Messages[n.Index])
			depth = append(depth, dep)
			dep++
		}
		for _, c := range n.Children {
			walk(c, dep)
		}
	}
	for _, r := range BuildThreads(hs, threadOptions) {
		walk(r, 0)
	}
	d.Messages, d.Depth = ordered, depth
	return d, nil
}

// Attachment returns an attachment with its content. One over the size
// cap has no content: Stored is false.
func (s *Service) Attachment(ctx context.Context, id int64) (Attachment, error) {
	a, err := s.store.GetMailAttachment(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return a, apperr.NotFound("mail.attachment.not_found", fmt.Sprintf("La pièce jointe %d n'existe pas.", id))
	}
	return a, err
}

// UnknownSenders lists the senders that match no contact, most frequent
// first, for review. Creating a contact with the address (or for the
// organisation of its domain) removes it from the list at the next sync.
func (s *Service) UnknownSenders(ctx context.Context, limit int) ([]UnknownSender, error) {
	if limit <= 0 {
		limit = 200
	}
	us, err := s.store.ListUnknownSenders(ctx, limit)
	if err != nil {
		return nil, err
	}
	m, err := s.matcher(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := us[:0]
	for _, u := range us {
		if m.Known(u.Addr) || m.Own(u.Addr) {
			continue
		}
		if orgs := m.DomainOrgs(u.Addr); len(orgs) > 0 {
			u.OrgID, u.OrgName = orgs[0], m.Name(orgs[0])
		}
		out = append(out, u)
	}
	return out, nil
}

// DismissSender hides an address from the senders to review.
func (s *Service) DismissSender(ctx context.Context, addr string) error {
	return s.store.DismissUnknownSender(ctx, strings.ToLower(strings.TrimSpace(addr)))
}

// threadOptions are the threading rules: JWZ with subject grouping
// limited to roots less than 90 days apart.
var threadOptions = ThreadOptions{SubjectWindow: 90 * 24 * time.Hour}
