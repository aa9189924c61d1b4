// Package mailsync is Bureau's IMAP adapter: it connects to the
// association's mail servers with go-imap v2 (TLS, STARTTLS, a trusted
// self-signed certificate), reads folders without marking anything read,
// and decodes MIME messages into mail.Message values. It also keeps the
// accounts' passwords in the system keyring. It imports no store, Fyne
// or PDF package; mail.Service drives it and saves what it returns.
package mailsync

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/bureau-asso/bureau/internal/mail"
)

// Source connects to IMAP servers; it implements mail.Source.
type Source struct {
	// Timeout bounds finding, reaching and securing the server; zero
	// means 20 s.
	Timeout time.Duration
	// IdleTimeout drops a connection on which nothing arrives for that
	// long; zero means 3 minutes.
	IdleTimeout time.Duration
	// Roots are the certificate authorities trusted; nil means the
	// system's. Tests set their own.
	Roots *x509.CertPool
}

// headerFields are the header fields read for every new message, to
// decide whether it is partner mail and whether it is already stored.
var headerFields = []string{"Message-Id", "From", "Sender", "To", "Cc", "Subject", "Date"}

// Connect finds the server (DNS), reaches it (TCP), secures the
// connection (TLS or STARTTLS, certificate checked or pinned by its
// fingerprint) and logs in. A failure is a *mail.CheckError naming the
// step.
func (s Source) Connect(ctx context.Context, a mail.Account, password string) (mail.Session, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	fail := func(step mail.Step, err error) *mail.CheckError {
		return &mail.CheckError{Step: step, Host: a.Host, Port: a.Port, Err: err}
	}

	// DNS
	addrs := []string{a.Host}
	if net.ParseIP(a.Host) == nil {
		var err error
		addrs, err = net.DefaultResolver.LookupHost(dctx, a.Host)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fail(mail.StepDNS, err)
		}
	}

	// TCP
	var conn net.Conn
	var err error
	d := net.Dialer{}
	for _, ip := range addrs {
		conn, err = d.DialContext(dctx, "tcp", net.JoinHostPort(ip, fmt.Sprint(a.Port)))
		if err == nil {
			break
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fail(mail.StepTCP, err)
	}
	idle := s.IdleTimeout
	if idle <= 0 {
		idle = 3 * time.Minute
	}
	conn = &idleConn{Conn: conn, timeout: idle}
	// Until logged in, the dial context bounds every step.
	stop := context.AfterFunc(dctx, func() { conn.Close() })
	defer stop()

	opts := &imapclient.Options{WordDecoder: wordDecoder}
	var c *imapclient.Client
	var seenFP string
	switch a.Security {
	case mail.TLS, mail.StartTLS:
		cfg := s.tlsConfig(a, &seenFP)
		if a.Security == mail.TLS {
			tc := tls.Client(conn, cfg)
			if err := tc.HandshakeContext(dctx); err != nil {
				conn.Close()
				return nil, s.tlsError(ctx, a, err, seenFP)
			}
			c = imapclient.New(tc, opts)
		} else {
			opts.TLSConfig = cfg
			c, err = imapclient.NewStartTLS(conn, opts)
			if err != nil {
				conn.Close()
				var ie *imap.Error
				if errors.As(err, &ie) {
					ce := fail(mail.StepTLS, err)
					ce.TLS = mail.TLSNoStartTLS
					return nil, ce
				}
				return nil, s.tlsError(ctx, a, err, seenFP)
			}
		}
	case mail.Plain:
		c = imapclient.New(conn, opts)
	default:
		conn.Close()
		return nil, fmt.Errorf("unknown security %q", a.Security)
	}
	if err := c.WaitGreeting(); err != nil {
		c.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		ce := fail(mail.StepTLS, err)
		ce.TLS = mail.TLSHandshake
		if a.Security == mail.Plain {
			ce.Step = mail.StepTCP
		}
		return nil, ce
	}

	// Login
	if err := c.Login(a.User, password).Wait(); err != nil {
		c.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ie *imap.Error
		if errors.As(err, &ie) {
			return nil, fail(mail.StepLogin, err)
		}
		return nil, fail(mail.StepTCP, err)
	}
	if !stop() {
		c.Close()
		return nil, fail(mail.StepTCP, dctx.Err())
	}
	return &session{c: c, a: a, caps: c.Caps()}, nil
}

// tlsConfig checks the certificate itself so that a refusal can say
// why, with the certificate's fingerprint: pinned by its SHA-256 when
// the account trusts a self-signed certificate, verified against the
// authorities and the host name otherwise.
func (s Source) tlsConfig(a mail.Account, seenFP *string) *tls.Config {
	want := mail.NormalizeFingerprint(a.Fingerprint)
	return &tls.Config{
		ServerName:         a.Host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // verified below, with the same rules plus pinning
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return errors.New("no certificate")
			}
			leaf := cs.PeerCertificates[0]
			sum := sha256.Sum256(leaf.Raw)
			*seenFP = hex.EncodeToString(sum[:])
			if want != "" {
				if *seenFP != want {
					return errFingerprint
				}
				return nil
			}
			inter := x509.NewCertPool()
			for _, c := range cs.PeerCertificates[1:] {
				inter.AddCert(c)
			}
			_, err := leaf.Verify(x509.VerifyOptions{DNSName: a.Host, Intermediates: inter, Roots: s.Roots})
			return err
		},
	}
}

var errFingerprint = errors.New("certificate fingerprint differs from the trusted one")

// tlsError classifies a failed handshake.
func (s Source) tlsError(ctx context.Context, a mail.Account, err error, fp string) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	ce := &mail.CheckError{Step: mail.StepTLS, Host: a.Host, Port: a.Port, Err: err, Fingerprint: fp, TLS: mail.TLSHandshake}
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	switch {
	case errors.Is(err, errFingerprint):
		ce.TLS = mail.TLSFingerprint
	case errors.As(err, &ua):
		ce.TLS = mail.TLSUnknownAuthority
	case errors.As(err, &he):
		ce.TLS = mail.TLSWrongHost
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		ce.TLS = mail.TLSExpired
	}
	return ce
}

// idleConn drops a connection on which nothing arrives for too long, so
// that a dead server never hangs a sync.
type idleConn struct {
	net.Conn
	timeout time.Duration
}

func (c *idleConn) Read(p []byte) (int, error) {
	c.Conn.SetReadDeadline(time.Now().Add(c.timeout))
	return c.Conn.Read(p)
}

// session is a logged-in connection; it implements mail.Session.
type session struct {
	c        *imapclient.Client
	a        mail.Account
	caps     imap.CapSet
	selected uint32 // messages in the selected folder
}

// watch closes the connection when ctx is cancelled, so that a blocked
// command returns at once.
func (s *session) watch(ctx context.Context) func() bool {
	return context.AfterFunc(ctx, func() { s.c.Close() })
}

// fail maps an error of a command: cancelled, refused by the server, or
// a dropped connection (mail.ErrDisconnected, worth a retry).
func (s *session) fail(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ie *imap.Error
	if errors.As(err, &ie) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s: %w: %w", what, mail.ErrDisconnected, err)
}

// abort gives up a command whose data could not be read: the connection
// is closed rather than drained, since reading the rest of a broken
// response would race with the client's own reader.
func (s *session) abort(ctx context.Context, what string, err error) error {
	s.c.Close()
	return s.fail(ctx, what, err)
}

// Select opens a folder read-only (EXAMINE), with CONDSTORE when the
// server offers it.
func (s *session) Select(ctx context.Context, folder string) (mail.FolderStatus, error) {
	defer s.watch(ctx)()
	data, err := s.c.Select(folder, &imap.SelectOptions{ReadOnly: true, CondStore: s.caps.Has(imap.CapCondStore)}).Wait()
	if err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) && ctx.Err() == nil {
			return mail.FolderStatus{}, &mail.CheckError{Step: mail.StepFolder, Host: s.a.Host, Port: s.a.Port, Folder: folder, Err: err}
		}
		return mail.FolderStatus{}, s.fail(ctx, "select "+folder, err)
	}
	s.selected = data.NumMessages
	return mail.FolderStatus{UIDValidity: data.UIDValidity, UIDNext: uint32(data.UIDNext),
		Messages: data.NumMessages, HighestModSeq: data.HighestModSeq}, nil
}

// Headers reads the header fields of the messages from UID from on,
// with BODY.PEEK so that nothing is marked read.
func (s *session) Headers(ctx context.Context, from uint32, fn func(mail.Envelope) error) error {
	if s.selected == 0 {
		return nil
	}
	defer s.watch(ctx)()
	set := imap.UIDSet{imap.UIDRange{Start: imap.UID(max(from, 1)), Stop: 0}}
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: headerFields, Peek: true}
	cmd := s.c.Fetch(set, &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true,
		BodySection: []*imap.FetchItemBodySection{section}})
	var cbErr error
	for {
		msg := cmd.Next()
		if msg == nil {
			break
		}
		var e mail.Envelope
		for {
			item := msg.Next()
			if item == nil {
				break
			}
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				e.UID = uint32(it.UID)
			case imapclient.FetchItemDataInternalDate:
				e.InternalDate = it.Time
			case imapclient.FetchItemDataRFC822Size:
				e.Size = it.Size
			case imapclient.FetchItemDataBodySection:
				if it.Literal == nil {
					continue
				}
				b, err := readLiteral(it.Literal)
				if err != nil {
					return s.abort(ctx, "fetch headers", err)
				}
				e.Header = ParseHeader(b)
			}
		}
		if cbErr != nil || e.UID == 0 {
			continue
		}
		cbErr = fn(e)
	}
	if err := cmd.Close(); err != nil {
		return s.fail(ctx, "fetch headers", err)
	}
	return cbErr
}

// Fetch reads whole messages with BODY.PEEK[] (never marking them read),
// decodes them on all cores and calls fn in UID order.
func (s *session) Fetch(ctx context.Context, uids []uint32, maxAttachment int64, fn func(uid uint32, m mail.Message) error) error {
	if len(uids) == 0 {
		return nil
	}
	defer s.watch(ctx)()
	var set imap.UIDSet
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	cmd := s.c.Fetch(set, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})

	type result struct {
		uid uint32
		raw []byte
		msg mail.Message
	}
	var results []*result
	var wg sync.WaitGroup
	work := make(chan *result)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for r := range work {
				r.msg = Parse(r.raw, ParseOptions{MaxAttachment: maxAttachment})
				r.raw = nil
			}
		})
	}
	var ferr error
read:
	for {
		msg := cmd.Next()
		if msg == nil {
			break
		}
		r := &result{}
		for {
			item := msg.Next()
			if item == nil {
				break
			}
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				r.uid = uint32(it.UID)
			case imapclient.FetchItemDataBodySection:
				if it.Literal == nil {
					continue
				}
				b, err := readLiteral(it.Literal)
				if err != nil {
					ferr = err
					break read
				}
				r.raw = b
			}
		}
		if r.uid == 0 || r.raw == nil {
			continue
		}
		results = append(results, r)
		work <- r
	}
	close(work)
	wg.Wait()
	if ferr != nil {
		return s.abort(ctx, "fetch messages", ferr)
	}
	if err := cmd.Close(); err != nil {
		return s.fail(ctx, "fetch messages", err)
	}
	sort.Slice(results, func(i, j int) bool { return results[i].uid < results[j].uid })
	for _, r := range results {
		if err := fn(r.uid, r.msg); err != nil {
			return err
		}
	}
	return nil
}

// readLiteral reads a whole literal. A connection closed in the middle
// ends it with io.EOF, which io.ReadAll takes for success: a short read
// is an error here.
func readLiteral(lit imap.LiteralReader) ([]byte, error) {
	b, err := io.ReadAll(lit)
	if err == nil && int64(len(b)) != lit.Size() {
		err = io.ErrUnexpectedEOF
	}
	return b, err
}

// Folders lists the account's folders with their special use.
func (s *session) Folders(ctx context.Context) ([]mail.ServerFolder, error) {
	defer s.watch(ctx)()
	var opts *imap.ListOptions
	if s.caps.Has(imap.CapSpecialUse) {
		opts = &imap.ListOptions{ReturnSpecialUse: true}
	}
	list, err := s.c.List("", "*", opts).Collect()
	if err != nil {
		return nil, s.fail(ctx, "list folders", err)
	}
	uses := map[imap.MailboxAttr]string{imap.MailboxAttrSent: "sent", imap.MailboxAttrArchive: "archive",
		imap.MailboxAttrTrash: "trash", imap.MailboxAttrJunk: "junk", imap.MailboxAttrDrafts: "drafts"}
	out := make([]mail.ServerFolder, 0, len(list))
	for _, l := range list {
		f := mail.ServerFolder{Name: l.Mailbox}
		for _, a := range l.Attrs {
			if u, ok := uses[a]; ok {
				f.Use = u
			}
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Close logs out and closes the connection.
func (s *session) Close() error {
	done := make(chan struct{})
	go func() {
		s.c.Logout().Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	return s.c.Close()
}
