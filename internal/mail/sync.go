package mail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
)

// Stage is what a sync is doing.
type Stage string

// Stages of a sync, in order.
const (
	StageConnect  Stage = "connect"
	StageHeaders  Stage = "headers"  // reading the header fields of new messages
	StageMessages Stage = "messages" // fetching and storing partner mail
	StageThreads  Stage = "threads"  // threading and linking to contacts
	StageDone     Stage = "done"
)

// Progress is reported while syncing. Done and Total count messages of
// the current folder in StageMessages.
type Progress struct {
	Account string
	Folder  string
	Stage   Stage
	Done    int
	Total   int
}

// SyncOptions choose what to sync.
type SyncOptions struct {
	// Account is the name of one account; "" syncs them all.
	Account string
	// Rescan reads again the header fields of every message, to pick up
	// mail with people added as contacts since it was first seen.
	Rescan bool
	// Progress, when set, is called from the sync's goroutines, one call
	// at a time; a GUI hands it to its UI goroutine.
	Progress func(Progress)
}

// FolderReport says what a sync did in one folder.
type FolderReport struct {
	Account string
	Folder  string
	Seen    int // new messages looked at
	Added   int // partner messages stored
	Linked  int // already stored (other folder or account)
	Skipped int // not partner mail
	// Reset is true when the folder's UIDVALIDITY changed and it was
	// read again from the start.
	Reset bool
	// Retries counts reconnections after a dropped connection.
	Retries int
	Err     error
}

// Report sums up a sync.
type Report struct {
	Folders []FolderReport
	// Threads is the number of threads created or changed.
	Threads  int
	Duration time.Duration
}

// Added returns the messages stored by the sync.
func (r Report) Added() int {
	n := 0
	for _, f := range r.Folders {
		n += f.Added
	}
	return n
}

// batchSize is the number of messages fetched and saved together: big
// enough for throughput, small enough that a dropped connection loses
// little work.
const batchSize = 250

// maxRetries is how many times a folder's sync reconnects after the
// connection dropped.
const maxRetries = 3

// retryDelays are the waits before each reconnection.
var retryDelays = []time.Duration{200 * time.Millisecond, time.Second, 3 * time.Second}

// SettingDirectoryStamp remembers the state of the contacts when threads
// were last linked to them.
const SettingDirectoryStamp = "mail.directory_stamp"

// Sync fetches new partner mail from the chosen folders of the accounts,
// incrementally, without marking anything read; then threads it and
// links the threads to contacts. It is cancelled through ctx: what was
// saved stays saved and the next sync resumes from there. Only one sync
// runs at a time.
func (s *Service) Sync(ctx context.Context, o SyncOptions) (Report, error) {
	if !s.syncing.CompareAndSwap(false, true) {
		return Report{}, apperr.Conflict("mail.sync_running", "Une synchronisation est déjà en cours. Attendez qu'elle se termine.")
	}
	defer s.syncing.Store(false)
	start := s.now()
	progress := o.Progress
	if progress == nil {
		progress = func(Progress) {}
	}

	var accounts []Account
	if o.Account != "" {
		a, err := s.Account(ctx, o.Account)
		if err != nil {
			return Report{}, err
		}
		accounts = []Account{a}
	} else {
		var err error
		if accounts, err = s.store.ListMailAccounts(ctx); err != nil {
			return Report{}, err
		}
		if len(accounts) == 0 {
			return Report{}, apperr.NotFound("mail.no_account", "Aucun compte de messagerie n'est configuré. Ajoutez-en un avec « bureau mail account add ».")
		}
	}
	run := &syncRun{s: s, opts: o, progress: progress}
	var rep Report
	var firstErr error
	for _, a := range accounts {
		frs, err := run.account(ctx, a, accounts)
		rep.Folders = append(rep.Folders, frs...)
		if err != nil {
			if ctx.Err() != nil {
				err = interrupted(ctx.Err())
			}
			if firstErr == nil {
				firstErr = err
			}
			if ctx.Err() != nil {
				break
			}
		}
	}
	// Thread what was saved, even after an error or a cancel, so that
	// the saved messages are readable at once.
	tctx := ctx
	if ctx.Err() != nil {
		tctx = context.WithoutCancel(ctx)
	}
	progress(Progress{Stage: StageThreads})
	n, err := s.rethread(tctx, accounts, run.changed)
	rep.Threads = n
	if err != nil && firstErr == nil {
		firstErr = fmt.Errorf("thread messages: %w", err)
	}
	rep.Duration = s.now().Sub(start)
	progress(Progress{Stage: StageDone})
	return rep, firstErr
}

func interrupted(err error) error {
	return &apperr.Error{Kind: apperr.ErrUnavailable, Key: "mail.sync_cancelled",
		Message: "Synchronisation interrompue. Ce qui a été reçu est enregistré ; la prochaine synchronisation reprendra où celle-ci s'est arrêtée.",
		Err:     err}
}

// syncRun is the state of one Sync call.
type syncRun struct {
	s        *Service
	opts     SyncOptions
	progress func(Progress)
	matcher  *Matcher // loaded on first need: a sync with nothing new skips it
	maxAtt   int64
	loaded   bool
	changed  bool // messages or links were saved
}

// prepare loads what deciding and fetching need, once per sync.
func (r *syncRun) prepare(ctx context.Context, accounts []Account) error {
	if r.loaded {
		return nil
	}
	m, err := r.s.matcher(ctx, accounts)
	if err != nil {
		return err
	}
	if r.maxAtt, err = r.s.AttachmentMax(ctx); err != nil {
		return err
	}
	r.matcher, r.loaded = m, true
	return nil
}

// account syncs the folders of one account, reconnecting after a
// dropped connection.
func (r *syncRun) account(ctx context.Context, a Account, all []Account) ([]FolderReport, error) {
	r.progress(Progress{Account: a.Name, Stage: StageConnect})
	pw, err := r.s.Password(a)
	if err != nil {
		return nil, err
	}
	var sess Session
	connect := func() error {
		if sess != nil {
			sess.Close()
		}
		sess, err = r.s.source.Connect(ctx, a, pw)
		if err != nil {
			sess = nil
			return UserError(err)
		}
		return nil
	}
	if err := connect(); err != nil {
		return nil, err
	}
	defer func() {
		if sess != nil {
			sess.Close()
		}
	}()
	folders := a.Folders
	if len(folders) == 0 {
		folders = DefaultFolders
	}
	var reports []FolderReport
	var firstErr error
	for _, name := range folders {
		fr := FolderReport{Account: a.Name, Folder: name}
		for {
			err = r.folder(ctx, sess, a, all, name, &fr)
			if err == nil || !errors.Is(err, ErrDisconnected) || ctx.Err() != nil || fr.Retries >= maxRetries {
				break
			}
			if werr := sleep(ctx, retryDelays[min(fr.Retries, len(retryDelays)-1)]); werr != nil {
				err = werr
				break
			}
			fr.Retries++
			if cerr := connect(); cerr != nil && !isTransient(cerr) {
				err = cerr
				break
			}
		}
		if err != nil {
			fr.Err = UserError(err)
			if firstErr == nil {
				firstErr = fmt.Errorf("sync %s/%s: %w", a.Name, name, fr.Err)
			}
		}
		reports = append(reports, fr)
		if ctx.Err() != nil {
			break
		}
	}
	return reports, firstErr
}

// isTransient reports errors worth another reconnection.
func isTransient(err error) bool {
	var ce *CheckError
	if errors.As(err, &ce) {
		return ce.Step == StepTCP
	}
	return errors.Is(err, ErrDisconnected)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// folder syncs one folder from where the last sync stopped.
func (r *syncRun) folder(ctx context.Context, sess Session, a Account, all []Account, name string, fr *FolderReport) error {
	st, err := r.s.store.MailFolder(ctx, a.ID, name)
	if err != nil {
		return err
	}
	status, err := sess.Select(ctx, name)
	if err != nil {
		return err
	}
	if st.UIDValidity != 0 && st.UIDValidity != status.UIDValidity {
		// The server renumbered the folder: every UID is void. Forget
		// them and read it again; messages are recognised by key.
		if err := r.s.store.ResetMailFolder(ctx, st.ID, status.UIDValidity); err != nil {
			return err
		}
		st.UIDValidity, st.LastUID, st.HighestModSeq = status.UIDValidity, 0, 0
		fr.Reset = true
		r.changed = true
	}
	nothingNew := status.UIDNext > 0 && status.UIDNext <= st.LastUID+1 &&
		(status.HighestModSeq == 0 || status.HighestModSeq == st.HighestModSeq)
	if st.UIDValidity == status.UIDValidity && nothingNew && !r.opts.Rescan {
		return nil
	}
	from := st.LastUID + 1
	var linked map[uint32]bool
	if r.opts.Rescan {
		from = 1
		if linked, err = r.s.store.MailFolderUIDs(ctx, st.ID); err != nil {
			return err
		}
	}
	if err := r.prepare(ctx, all); err != nil {
		return err
	}

	r.progress(Progress{Account: a.Name, Folder: name, Stage: StageHeaders})
	var envs []Envelope
	err = sess.Headers(ctx, from, func(e Envelope) error {
		if e.UID >= from && (linked == nil || !linked[e.UID]) {
			envs = append(envs, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fr.Seen += len(envs)
	keys := make([]string, 0, len(envs))
	for _, e := range envs {
		if e.Header.Key != "" {
			keys = append(keys, e.Header.Key)
		}
	}
	known, err := r.s.store.KnownMailKeys(ctx, keys)
	if err != nil {
		return err
	}

	total := len(envs)
	r.progress(Progress{Account: a.Name, Folder: name, Stage: StageMessages, Total: total})

	// Fetching the next batch overlaps with saving the previous one: the
	// saver commits batches in order, so the folder's state in the store
	// always says how far the sync really got.
	saves := make(chan savedBatch, 1)
	failed := make(chan struct{}) // closed when a save failed
	saverDone := make(chan error, 1)
	go func() {
		var serr error
		done := 0
		for sb := range saves {
			if serr != nil {
				continue // drain after a failure
			}
			res, err := r.s.store.SaveMailBatch(ctx, sb.Batch)
			if err != nil {
				serr = fmt.Errorf("save messages of %s: %w", name, err)
				if ctx.Err() != nil {
					serr = ctx.Err()
				}
				close(failed)
				continue
			}
			fr.Added += res.Added
			fr.Linked += res.Linked
			fr.Skipped += sb.skipped
			if res.Added+res.Linked > 0 {
				r.changed = true
			}
			done += sb.seen
			r.progress(Progress{Account: a.Name, Folder: name, Stage: StageMessages, Done: done, Total: total})
		}
		saverDone <- serr
	}()
	ferr := r.fetchBatches(ctx, sess, st, status, envs, known, saves, failed)
	close(saves)
	serr := <-saverDone
	if serr != nil {
		return serr
	}
	return ferr
}

// savedBatch is a batch with what it counts for the report.
type savedBatch struct {
	Batch
	seen, skipped int
}

// maxBatchBytes bounds the messages held in memory by one batch.
const maxBatchBytes = 32 << 20

// fetchBatches decides, for each new message, whether to skip it (not
// partner mail), link it (already stored) or fetch it, fetches batch
// after batch and hands each batch to the saver. It stops at the first
// error, or when the saver failed.
func (r *syncRun) fetchBatches(ctx context.Context, sess Session, st Folder, status FolderStatus, envs []Envelope,
	known map[string]bool, saves chan<- savedBatch, failed <-chan struct{}) error {
	lastUID := st.LastUID
	for first := true; first || len(envs) > 0; first = false {
		n, size := 0, int64(0)
		for n < len(envs) && n < batchSize && (n == 0 || size+envs[n].Size <= maxBatchBytes) {
			size += envs[n].Size
			n++
		}
		chunk := envs[:n]
		envs = envs[n:]
		last := len(envs) == 0
		sb := savedBatch{Batch: Batch{FolderID: st.ID, UIDValidity: status.UIDValidity, LastUID: lastUID, Done: last}, seen: len(chunk)}
		if last {
			sb.HighestModSeq = status.HighestModSeq
			if status.UIDNext > 0 && status.UIDNext-1 > sb.LastUID {
				sb.LastUID = status.UIDNext - 1
			}
		}
		var fetch []uint32
		dates := make(map[uint32]time.Time, len(chunk))
		for _, e := range chunk {
			sb.LastUID = max(sb.LastUID, e.UID)
			dates[e.UID] = e.InternalDate
			h := e.Header
			if !r.opts.Rescan && h.From.Addr != "" && !r.matcher.Own(h.From.Addr) && !r.matcher.Known(h.From.Addr) {
				sb.Senders = append(sb.Senders, SenderSeen{Addr: h.From.Addr, Name: h.From.Name, Subject: h.Subject, Date: dateOr(h.Date, e.InternalDate)})
			}
			switch {
			case !r.matcher.Partner(h.Participants()):
				sb.skipped++
			case h.Key != "" && known[h.Key]:
				sb.Links = append(sb.Links, Link{UID: e.UID, Key: h.Key})
			default:
				fetch = append(fetch, e.UID)
			}
		}
		if len(fetch) > 0 {
			err := sess.Fetch(ctx, fetch, r.maxAtt, func(uid uint32, m Message) error {
				if m.Date.IsZero() {
					m.Date = dates[uid]
				}
				if m.Key == "" {
					m.Key = MessageKey(m)
				}
				sb.Messages = append(sb.Messages, Incoming{UID: uid, Message: m})
				return nil
			})
			if err != nil {
				return err
			}
		}
		// Later batches link to these messages: they are saved first.
		for _, m := range sb.Messages {
			known[m.Message.Key] = true
		}
		lastUID = sb.LastUID
		select {
		case saves <- sb:
		case <-failed:
			return nil // the saver's error is the one to report
		}
	}
	return nil
}

func dateOr(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}

// matcher builds the address matcher from the contacts and the
// accounts' own addresses.
func (s *Service) matcher(ctx context.Context, accounts []Account) (*Matcher, error) {
	cs, err := s.store.MailDirectory(ctx)
	if err != nil {
		return nil, fmt.Errorf("load contacts for mail: %w", err)
	}
	if all, err := s.store.ListMailAccounts(ctx); err == nil {
		accounts = all
	}
	var own []string
	for _, a := range accounts {
		own = append(own, a.OwnAddresses()...)
	}
	return NewMatcher(cs, own), nil
}

// Relink links every thread to its contacts again: after contacts were
// added, edited or merged. Sync does it by itself when contacts changed.
func (s *Service) Relink(ctx context.Context) error {
	if !s.syncing.CompareAndSwap(false, true) {
		return apperr.Conflict("mail.sync_running", "Une synchronisation est en cours ; les conversations seront reliées aux contacts à sa fin.")
	}
	defer s.syncing.Store(false)
	accounts, err := s.store.ListMailAccounts(ctx)
	if err != nil {
		return err
	}
	_, err = s.rethread(ctx, accounts, true)
	return err
}

// rethread threads every stored message again (JWZ), keeps thread ids
// stable (a thread keeps the id of the thread most of its messages were
// in), and links threads to contacts. It does nothing when no message
// was saved and contacts did not change.
func (s *Service) rethread(ctx context.Context, accounts []Account, changed bool) (int, error) {
	stamp, err := s.store.MailDirectoryStamp(ctx)
	if err != nil {
		return 0, err
	}
	old, err := s.store.Setting(ctx, SettingDirectoryStamp, "")
	if err != nil {
		return 0, err
	}
	relinkAll := stamp != old
	if !changed && !relinkAll {
		return 0, nil
	}
	stored, err := s.store.MailThreadInput(ctx)
	if err != nil {
		return 0, err
	}
	m, err := s.matcher(ctx, accounts)
	if err != nil {
		return 0, err
	}
	addrs, err := s.store.MailAddresses(ctx)
	if err != nil {
		return 0, err
	}
	hs := make([]Header, len(stored))
	for i, h := range stored {
		hs[i] = h.Header
		hs[i].Parties = m.PartyKeys(addrs[h.ID])
	}
	roots := BuildThreads(hs, threadOptions)
	c := planThreads(stored, roots, func(ids []int64) []int64 {
		var as []string
		for _, id := range ids {
			as = append(as, addrs[id]...)
		}
		return m.Contacts(as)
	}, relinkAll)
	if len(c.Threads) > 0 || len(c.Deleted) > 0 {
		if err := s.store.SaveMailThreads(ctx, c); err != nil {
			return 0, err
		}
	}
	if relinkAll {
		if err := s.forgetKnownSenders(ctx, m); err != nil {
			return 0, err
		}
		if err := s.store.SetSetting(ctx, SettingDirectoryStamp, stamp); err != nil {
			return 0, err
		}
	}
	return len(c.Threads), nil
}

// forgetKnownSenders drops from the review list the senders that now
// match a contact.
func (s *Service) forgetKnownSenders(ctx context.Context, m *Matcher) error {
	us, err := s.store.ListUnknownSenders(ctx, 1<<30)
	if err != nil {
		return err
	}
	var drop []string
	for _, u := range us {
		if m.Known(u.Addr) || m.Own(u.Addr) {
			drop = append(drop, u.Addr)
		}
	}
	if len(drop) == 0 {
		return nil
	}
	return s.store.ForgetUnknownSenders(ctx, drop)
}

// planThreads turns a threading result into the changes to save. Each
// computed thread takes the id of the stored thread holding most of its
// messages (ties: the oldest id), the biggest threads choosing first;
// when every id is taken it gets a new one. Only threads whose messages
// changed are written, plus all of them when relinkAll.
func planThreads(stored []StoredHeader, roots []*Node, contacts func(ids []int64) []int64, relinkAll bool) ThreadChanges {
	type group struct {
		idx []int
	}
	groups := make([]group, len(roots))
	for i, r := range roots {
		groups[i].idx = r.Messages()
	}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(groups[b].idx) - len(groups[a].idx) })

	existing := map[int64]int{} // thread id -> messages it holds now
	for _, h := range stored {
		if h.ThreadID != 0 {
			existing[h.ThreadID]++
		}
	}
	claimed := map[int64]bool{}
	var c ThreadChanges
	for _, gi := range order {
		g := groups[gi]
		votes := map[int64]int{}
		for _, i := range g.idx {
			if id := stored[i].ThreadID; id != 0 && !claimed[id] {
				votes[id]++
			}
		}
		var id int64
		for cand, v := range votes {
			if id == 0 || v > votes[id] || v == votes[id] && cand < id {
				id = cand
			}
		}
		if id != 0 {
			claimed[id] = true
		}
		u := ThreadUpdate{ID: id, Count: len(g.idx)}
		ids := make([]int64, len(g.idx))
		for k, i := range g.idx {
			h := stored[i]
			ids[k] = h.ID
			if h.ThreadID != id || id == 0 {
				u.Move = append(u.Move, h.ID)
			}
			if d := h.Date; !d.IsZero() {
				if u.FirstDate.IsZero() || d.Before(u.FirstDate) {
					u.FirstDate = d
				}
				if d.After(u.LastDate) {
					u.LastDate = d
				}
			}
		}
		// A thread that lost messages changes too, though none joins it.
		if len(u.Move) == 0 && existing[id] == len(g.idx) && !relinkAll {
			continue
		}
		u.Subject = strings.TrimSpace(stored[g.idx[0]].Subject)
		u.Contacts, u.SetContacts = contacts(ids), true
		c.Threads = append(c.Threads, u)
	}
	for id := range existing {
		if !claimed[id] {
			c.Deleted = append(c.Deleted, id)
		}
	}
	slices.Sort(c.Deleted)
	return c
}
