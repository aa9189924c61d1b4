package mail

import (
	"context"
	"errors"
	"time"
)

// Store is the persistence the Service needs; *store.DB implements it.
type Store interface {
	CreateMailAccount(ctx context.Context, a *Account) error
	ListMailAccounts(ctx context.Context) ([]Account, error)
	DeleteMailAccount(ctx context.Context, id int64) error

	// MailFolder returns the sync state of a folder, created empty when
	// it was never synced.
	MailFolder(ctx context.Context, accountID int64, name string) (Folder, error)
	// ResetMailFolder forgets the UIDs of a folder whose UIDVALIDITY
	// changed and records the new one; its messages stay stored.
	ResetMailFolder(ctx context.Context, folderID int64, uidValidity uint32) error
	// SaveMailBatch stores new messages, links known ones to the folder,
	// records unknown senders and moves the folder's state forward, in
	// one transaction: a sync stopped at any point resumes after the
	// last saved batch.
	SaveMailBatch(ctx context.Context, b Batch) (BatchResult, error)
	// KnownMailKeys returns which of keys are already stored.
	KnownMailKeys(ctx context.Context, keys []string) (map[string]bool, error)
	// MailFolderUIDs returns the UIDs already linked in a folder.
	MailFolderUIDs(ctx context.Context, folderID int64) (map[uint32]bool, error)

	// MailThreadInput returns what threading needs of every message.
	MailThreadInput(ctx context.Context) ([]StoredHeader, error)
	// MailAddresses returns the participants' addresses of every message.
	MailAddresses(ctx context.Context) (map[int64][]string, error)
	// SaveMailThreads applies a threading result in one transaction.
	SaveMailThreads(ctx context.Context, c ThreadChanges) error
	// MailDirectory returns the contacts that addresses may link to.
	MailDirectory(ctx context.Context) ([]Contact, error)
	// MailDirectoryStamp changes whenever contacts, their addresses or
	// memberships change.
	MailDirectoryStamp(ctx context.Context) (string, error)

	ListMailThreads(ctx context.Context, f ThreadFilter) ([]Thread, error)
	GetMailThread(ctx context.Context, id int64) (ThreadDetail, error)
	GetMailAttachment(ctx context.Context, id int64) (Attachment, error)
	ListUnknownSenders(ctx context.Context, limit int) ([]UnknownSender, error)
	DismissUnknownSender(ctx context.Context, addr string) error
	ForgetUnknownSenders(ctx context.Context, addrs []string) error

	Setting(ctx context.Context, key, def string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Batch is one step of a folder's sync, saved in one transaction.
type Batch struct {
	FolderID    int64
	UIDValidity uint32
	// LastUID is where the folder's sync now stands: every UID up to it
	// was read (kept, linked or skipped).
	LastUID uint32
	// HighestModSeq is saved when the folder is done; 0 leaves it.
	HighestModSeq uint64
	Messages      []Incoming
	Links         []Link
	Senders       []SenderSeen
	// Done marks the folder synced now.
	Done bool
}

// Incoming is a new message found under UID.
type Incoming struct {
	UID     uint32
	Message Message
}

// Link says that UID holds a message already stored under Key.
type Link struct {
	UID uint32
	Key string
}

// SenderSeen is a sender that matched no contact, seen in one message.
type SenderSeen struct {
	Addr, Name, Subject string
	Date                time.Time
}

// BatchResult counts what a batch changed.
type BatchResult struct {
	Added  int // messages stored for the first time
	Linked int // folder links to messages already stored
}

// StoredHeader is a stored message as threading sees it.
type StoredHeader struct {
	ID       int64
	ThreadID int64
	Header
}

// ThreadChanges is a threading result to save.
type ThreadChanges struct {
	Threads []ThreadUpdate
	// Deleted are threads left without messages.
	Deleted []int64
}

// ThreadUpdate creates (ID 0) or updates a thread.
type ThreadUpdate struct {
	ID        int64
	Subject   string
	FirstDate time.Time
	LastDate  time.Time
	Count     int
	// Move are the messages that join this thread.
	Move []int64
	// Contacts replace the thread's contacts when SetContacts is true.
	Contacts    []int64
	SetContacts bool
}

// ThreadFilter selects threads, newest first; zero fields match all.
type ThreadFilter struct {
	ContactID int64
	// Query is full-text over subjects and bodies, accent-insensitive;
	// every word is a prefix.
	Query string
	// BeforeDate and BeforeID are the last row of the previous page.
	BeforeDate time.Time
	BeforeID   int64
	Limit      int
}

// Source opens IMAP sessions; internal/mailsync implements it.
type Source interface {
	// Connect connects, secures and logs in; a failure is a *CheckError
	// saying which step failed.
	Connect(ctx context.Context, a Account, password string) (Session, error)
}

// Session is a logged-in IMAP connection. Its methods fail with an error
// wrapping ErrDisconnected when the connection drops.
type Session interface {
	// Select opens a folder read-only and returns its state.
	Select(ctx context.Context, folder string) (FolderStatus, error)
	// Headers calls fn, in UID order, for every message of the selected
	// folder whose UID is at least from, with its header fields only.
	Headers(ctx context.Context, from uint32, fn func(Envelope) error) error
	// Fetch reads whole messages without marking them read (BODY.PEEK)
	// and calls fn with each one decoded.
	Fetch(ctx context.Context, uids []uint32, maxAttachment int64, fn func(uid uint32, m Message) error) error
	// Folders lists the folders of the account.
	Folders(ctx context.Context) ([]ServerFolder, error)
	Close() error
}

// ServerFolder is a folder on the server, with its special use when the
// server says it ("sent", "archive", "trash", "junk", "drafts").
type ServerFolder struct {
	Name string
	Use  string
}

// FolderStatus is what SELECT says of a folder.
type FolderStatus struct {
	UIDValidity   uint32
	UIDNext       uint32
	Messages      uint32
	HighestModSeq uint64 // 0 without CONDSTORE
}

// Envelope is a message known by its header fields only.
type Envelope struct {
	UID          uint32
	InternalDate time.Time
	Size         int64
	// Header has MessageID, Key (when there is a Message-ID), Subject,
	// Date, From, To and Cc.
	Header Message
}

// Secrets keeps account passwords; mailsync.Keyring implements it with
// the system keyring and a memory fallback.
type Secrets interface {
	// Get returns the password stored under key, or ErrNoPassword.
	Get(key string) (string, error)
	// Set stores a password; persisted is false when it is only kept in
	// memory for this run because no keyring is available.
	Set(key, password string) (persisted bool, err error)
	Delete(key string) error
}

// ErrNoPassword says that no password is known for an account: the door
// asks for it.
var ErrNoPassword = errors.New("no password for the mail account")

// ErrDisconnected marks errors of a connection that dropped; the sync
// reconnects and resumes.
var ErrDisconnected = errors.New("connection to the mail server lost")
