// Package imaptest runs a private Dovecot IMAP server on 127.0.0.1 for
// tests and benchmarks: its own folder, configuration, users and
// self-signed certificate, a plain/STARTTLS port and an implicit-TLS
// port. It follows docs in /work/shared/notes/dovecot-on-loopback.md:
// Dovecot (Debian package dovecot-imapd) must be installed; when it is
// not, Start fails the test with a message saying how to install it.
package imaptest

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/bureau-asso/bureau/internal/mail"
)

// Server is a running Dovecot.
type Server struct {
	Dir      string // private folder: configuration, mail, logs
	Host     string // 127.0.0.1
	Port     int    // IMAP, with STARTTLS offered
	TLSPort  int    // IMAP over implicit TLS
	User     string
	Password string
	// Fingerprint is the SHA-256 (hex) of the self-signed certificate.
	Fingerprint string
	// CertPEM is the certificate, to trust it as a root in tests.
	CertPEM []byte

	conf     string
	cmd      *exec.Cmd
	done     chan error
	uid, gid int
	mu       sync.Mutex
	seq      int
}

// Binary is the Dovecot executable looked for.
var Binary = "dovecot"

// Start starts a Dovecot for the test, stopped at cleanup. A missing
// Dovecot fails the test: "make test" installs it.
func Start(tb testing.TB) *Server {
	tb.Helper()
	dir, err := os.MkdirTemp("", "bureau-dovecot-")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := New(dir)
	if err != nil {
		os.RemoveAll(dir)
		tb.Fatalf("start Dovecot: %v", err)
	}
	tb.Cleanup(func() {
		s.Stop()
		os.RemoveAll(dir)
	})
	return s
}

// New starts a Dovecot whose files live in dir. Call Stop when done.
func New(dir string) (*Server, error) {
	bin, err := exec.LookPath(Binary)
	if err != nil {
		for _, p := range []string{"/usr/sbin/dovecot", "/usr/local/sbin/dovecot"} {
			if _, serr := os.Stat(p); serr == nil {
				bin, err = p, nil
				break
			}
		}
		if err != nil {
			return nil, errors.New("the dovecot binary is missing: install Dovecot (Debian/Ubuntu: apt-get install dovecot-imapd, or run `make test`, which installs it) — IMAP tests run against a real server")
		}
	}
	s := &Server{Dir: dir, Host: "127.0.0.1", User: "bureau@asso.test", Password: "mot de passe de test é"}
	if err := os.Chmod(dir, 0o755); err != nil { // login processes run as dovenull
		return nil, err
	}
	root := os.Geteuid() == 0
	loginUser, internalUser, internalGroup := "dovenull", "dovecot", "dovecot"
	if root {
		if s.uid, s.gid, err = mailOwner(); err != nil {
			return nil, err
		}
	} else {
		u, err := user.Current()
		if err != nil {
			return nil, err
		}
		s.uid, s.gid = os.Getuid(), os.Getgid()
		loginUser, internalUser = u.Username, u.Username
		if g, err := user.LookupGroupId(strconv.Itoa(s.gid)); err == nil {
			internalGroup = g.Name
		}
	}
	for _, d := range []string{"run", "state", "mail"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.Chown(filepath.Join(dir, "mail"), s.uid, s.gid); err != nil {
		return nil, err
	}
	if err := s.writeCert(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "users"), []byte(s.User+":{PLAIN}"+s.Password+"\n"), 0o644); err != nil {
		return nil, err
	}
	if s.Port, err = freePort(); err != nil {
		return nil, err
	}
	if s.TLSPort, err = freePort(); err != nil {
		return nil, err
	}
	chroot := ""
	if !root {
		chroot = "chroot ="
	}
	s.conf = filepath.Join(dir, "dovecot.conf")
	conf := fmt.Sprintf(`# Private Dovecot for Bureau's tests.
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
info_log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <%[1]s/cert.pem
ssl_key = <%[1]s/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = %[2]s
default_internal_user = %[3]s
default_internal_group = %[4]s
first_valid_uid = 1
mail_location = maildir:%[1]s/mail/%%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[1]s/users
}
userdb {
  driver = static
  args = uid=%[5]d gid=%[6]d home=%[1]s/mail/%%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \Sent
    auto = create
  }
  mailbox Archives {
    special_use = \Archive
    auto = create
  }
}
service imap-login {
  %[9]s
  inet_listener imap {
    address = 127.0.0.1
    port = %[7]d
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %[8]d
    ssl = yes
  }
}
service anvil {
  %[9]s
}
`, dir, loginUser, internalUser, internalGroup, s.uid, s.gid, s.Port, s.TLSPort, chroot)
	if err := os.WriteFile(s.conf, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, "-F", "-c", s.conf)
	s.cmd.Stdout = &bytes.Buffer{}
	s.cmd.Stderr = s.cmd.Stdout
	dieWithParent(s.cmd)
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()
	if err := s.waitReady(15 * time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// mailOwner returns the vmail user that owns the test mail, creating it
// (useradd -r -M -s /usr/sbin/nologin vmail) when it is missing.
func mailOwner() (int, int, error) {
	u, err := user.Lookup("vmail")
	if err != nil {
		out, aerr := exec.Command("useradd", "-r", "-M", "-s", "/usr/sbin/nologin", "vmail").CombinedOutput()
		if u, err = user.Lookup("vmail"); err != nil { // another test process may have created it meanwhile
			return 0, 0, fmt.Errorf("create the vmail user: %v: %s", aerr, out)
		}
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return uid, gid, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// writeCert makes a self-signed ECDSA certificate for localhost and
// 127.0.0.1.
func (s *Server) writeCert() error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "localhost", Organization: []string{"Bureau tests"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(der)
	s.Fingerprint = hex.EncodeToString(sum[:])
	s.CertPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "cert.pem"), s.CertPEM, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.Dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
}

// waitReady waits until the IMAP port greets.
func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("dovecot stopped at start (%v): %s\n%s", err, s.cmd.Stdout, s.LogTail())
		default:
		}
		c, err := net.DialTimeout("tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)), time.Second)
		if err == nil {
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			line, rerr := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if rerr == nil && strings.HasPrefix(line, "* OK") {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("dovecot did not answer on port %d within %v:\n%s", s.Port, limit, s.LogTail())
}

// LogTail returns the end of Dovecot's log, for failure messages.
func (s *Server) LogTail() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "dovecot.log"))
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

// Stop stops Dovecot and waits for it.
func (s *Server) Stop() error {
	if s.cmd == nil || s.cmd.Process == nil {
		return nil
	}
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
	return nil
}

// Account describes the test user as a Bureau account.
func (s *Server) Account(name string, sec mail.Security) mail.Account {
	a := mail.Account{Name: name, Host: s.Host, Port: s.Port, User: s.User, Security: sec,
		Address: s.User, Folders: []string{"INBOX"}}
	if sec == mail.TLS {
		a.Port = s.TLSPort
	}
	if sec != mail.Plain {
		a.Fingerprint = s.Fingerprint
	}
	return a
}

// Client returns a logged-in go-imap client, closed at cleanup.
func (s *Server) Client(tb testing.TB) *imapclient.Client {
	tb.Helper()
	c, err := imapclient.DialInsecure(net.JoinHostPort(s.Host, strconv.Itoa(s.Port)), nil)
	if err != nil {
		tb.Fatalf("dial Dovecot: %v", err)
	}
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		tb.Fatalf("login to Dovecot: %v\n%s", err, s.LogTail())
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// Append adds messages to a folder (created when missing) with IMAP
// APPEND, pipelined.
func (s *Server) Append(tb testing.TB, folder string, raws ...[]byte) {
	tb.Helper()
	c := s.Client(tb)
	if err := s.AppendWith(c, folder, raws...); err != nil {
		tb.Fatalf("append to %s: %v", folder, err)
	}
}

// AppendWith appends with an existing client.
func (s *Server) AppendWith(c *imapclient.Client, folder string, raws ...[]byte) error {
	if folder != "INBOX" {
		if err := c.Create(folder, nil).Wait(); err != nil {
			var ie *imap.Error
			if !errors.As(err, &ie) || ie.Code != imap.ResponseCodeAlreadyExists {
				return err
			}
		}
	}
	cmds := make([]*imapclient.AppendCommand, 0, len(raws))
	for _, raw := range raws {
		cmd := c.Append(folder, int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		cmds = append(cmds, cmd)
		if len(cmds) >= 200 {
			for _, c := range cmds {
				if _, err := c.Wait(); err != nil {
					return err
				}
			}
			cmds = cmds[:0]
		}
	}
	for _, cmd := range cmds {
		if _, err := cmd.Wait(); err != nil {
			return err
		}
	}
	return nil
}

// WriteMaildir writes messages straight into a folder's Maildir, the
// fastest way to seed thousands, then makes Dovecot index them so that
// the first client does not pay for it.
func (s *Server) WriteMaildir(folder string, raws [][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	base := filepath.Join(s.Dir, "mail", s.User)
	if folder != "INBOX" {
		base = filepath.Join(base, "."+strings.ReplaceAll(folder, "/", "."))
	}
	for _, sub := range []string{"", "cur", "new", "tmp"} {
		d := filepath.Join(base, sub)
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
		if err := os.Chown(d, s.uid, s.gid); err != nil {
			return err
		}
	}
	os.Chown(filepath.Dir(base), s.uid, s.gid)
	now := time.Now().Unix()
	for _, raw := range raws {
		s.seq++
		name := fmt.Sprintf("%d.M%dP%d.bureau,S=%d:2,", now, s.seq, os.Getpid(), len(raw))
		p := filepath.Join(base, "cur", name)
		if err := os.WriteFile(p, raw, 0o600); err != nil {
			return err
		}
		if err := os.Chown(p, s.uid, s.gid); err != nil {
			return err
		}
	}
	_, err := s.Doveadm("mailbox", "status", "-u", s.User, "messages", folder)
	return err
}

// Doveadm runs doveadm with the server's configuration.
func (s *Server) Doveadm(args ...string) ([]byte, error) {
	out, err := exec.Command("doveadm", append([]string{"-c", s.conf}, args...)...).CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("doveadm %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return out, nil
}

// SetUIDValidity gives a folder a new UIDVALIDITY, as a server does
// after a restore or a migration.
func (s *Server) SetUIDValidity(tb testing.TB, folder string, v uint32) {
	tb.Helper()
	if _, err := s.Doveadm("mailbox", "update", "-u", s.User, "--uid-validity", strconv.FormatUint(uint64(v), 10), folder); err != nil {
		tb.Fatal(err)
	}
}

// Renumber gives a folder a new UIDVALIDITY and new UIDs, as a server
// does after a restore or a migration: its messages are expunged and
// appended again, then the UIDVALIDITY is raised.
func (s *Server) Renumber(tb testing.TB, folder string) {
	tb.Helper()
	c := s.Client(tb)
	data, err := c.Select(folder, nil).Wait()
	if err != nil {
		tb.Fatal(err)
	}
	all := imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}
	msgs, err := c.Fetch(all, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
	if err != nil {
		tb.Fatal(err)
	}
	var raws [][]byte
	for _, m := range msgs {
		for _, b := range m.BodySection {
			raws = append(raws, b.Bytes)
		}
	}
	if err := c.Store(all, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		tb.Fatal(err)
	}
	if err := c.Expunge().Close(); err != nil {
		tb.Fatal(err)
	}
	if err := c.Unselect().Wait(); err != nil {
		tb.Fatal(err)
	}
	if err := s.AppendWith(c, folder, raws...); err != nil {
		tb.Fatal(err)
	}
	s.SetUIDValidity(tb, folder, data.UIDValidity+1)
}

// Flags returns the flags of every message of a folder, by UID.
func (s *Server) Flags(tb testing.TB, folder string) map[uint32][]imap.Flag {
	tb.Helper()
	c := s.Client(tb)
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		tb.Fatal(err)
	}
	msgs, err := c.Fetch(imap.UIDSet{imap.UIDRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		tb.Fatal(err)
	}
	out := map[uint32][]imap.Flag{}
	for _, m := range msgs {
		out[uint32(m.UID)] = m.Flags
	}
	return out
}
