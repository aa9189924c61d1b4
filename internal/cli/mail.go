package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
	"github.com/bureau-asso/bureau/internal/mail"
	"github.com/bureau-asso/bureau/internal/textfold"
)

func init() {
	register(
		command{name: "mail account add", args: "--host H --port P --user U [--tls|--starttls|--plain-for-tests] [--name N] [--folders INBOX,Sent] [--address A] [--fingerprint SHA256] [--password-stdin] [--no-check]",
			summary: "ajoute un compte IMAP (mot de passe dans le trousseau du système), après un test de connexion", run: runMailAccountAdd},
		command{name: "mail account list", summary: "liste les comptes de messagerie et l'état de leurs dossiers", run: runMailAccountList},
		command{name: "mail account test", args: "[NOM] [--password-stdin]",
			summary: "teste la connexion (DNS, TCP, TLS, identifiant, dossiers) et dit ce qui échoue", run: runMailAccountTest},
		command{name: "mail account folders", args: "NOM [--password-stdin]",
			summary: "liste les dossiers du serveur (envoyés, archives…) pour choisir ceux à synchroniser", run: runMailAccountFolders},
		command{name: "mail account remove", args: "NOM",
			summary: "supprime un compte (les messages déjà reçus restent)", run: runMailAccountRemove},
		command{name: "mail sync", args: "[--account NOM] [--rescan] [--password-stdin]",
			summary: "reçoit les courriels des partenaires (sans les marquer lus), les range en conversations", run: runMailSync},
		command{name: "mail threads", args: "[--org NOM] [--contact N°] [--search TEXTE] [--limit N]",
			summary: "liste les conversations : numéro, date du dernier message, nombre de messages, objet", run: runMailThreads},
		command{name: "mail show", args: "CONVERSATION [--quoted] [--save-attachments DOSSIER]",
			summary: "affiche une conversation, citations repliées", run: runMailShow},
		command{name: "mail senders", args: "[--dismiss ADRESSE]",
			summary: "liste les expéditeurs inconnus à examiner (jamais ajoutés aux contacts sans vous)", run: runMailSenders},
		command{name: "mail settings", args: "[--attachment-max OCTETS]",
			summary: "affiche ou règle la taille maximale des pièces jointes conservées", run: runMailSettings},
	)
}

// mailAccountAddOptions are the flags of mail account add.
type mailAccountAddOptions struct {
	account       mail.Account
	passwordStdin bool
	noCheck       bool
}

func parseMailAccountAdd(args []string) (mailAccountAddOptions, error) {
	fs := newFlags("mail account add")
	host := fs.String("host", "", "")
	port := fs.Int("port", 0, "")
	user := fs.String("user", "", "")
	name := fs.String("name", "", "")
	folders := fs.String("folders", "", "")
	address := fs.String("address", "", "")
	fingerprint := fs.String("fingerprint", "", "")
	useTLS := fs.Bool("tls", false, "")
	useStartTLS := fs.Bool("starttls", false, "")
	plain := fs.Bool("plain-for-tests", false, "")
	stdin := fs.Bool("password-stdin", false, "")
	noCheck := fs.Bool("no-check", false, "")
	if err := parseFlags(fs, args); err != nil {
		return mailAccountAddOptions{}, err
	}
	if fs.NArg() > 0 {
		return mailAccountAddOptions{}, usagef("argument inattendu « %s »", fs.Arg(0))
	}
	if *host == "" || *user == "" {
		return mailAccountAddOptions{}, usagef("indiquez le serveur (--host) et l'identifiant (--user)")
	}
	n := 0
	for _, b := range []bool{*useTLS, *useStartTLS, *plain} {
		if b {
			n++
		}
	}
	if n > 1 {
		return mailAccountAddOptions{}, usagef("choisissez une seule sécurité : --tls, --starttls ou --plain-for-tests")
	}
	a := mail.Account{Host: *host, Port: *port, User: *user, Name: *name, Address: *address, Fingerprint: *fingerprint, Security: mail.TLS}
	switch {
	case *useStartTLS:
		a.Security = mail.StartTLS
	case *plain:
		a.Security = mail.Plain
	}
	if a.Port == 0 {
		a.Port = 993
		if a.Security != mail.TLS {
			a.Port = 143
		}
	}
	if a.Name == "" {
		a.Name = a.User
	}
	if a.Address == "" && strings.Contains(a.User, "@") {
		a.Address = a.User
	}
	for _, f := range strings.Split(*folders, ",") {
		if f = strings.TrimSpace(f); f != "" {
			a.Folders = append(a.Folders, f)
		}
	}
	if a.Fingerprint != "" && a.Security == mail.Plain {
		return mailAccountAddOptions{}, usagef("--fingerprint n'a de sens qu'avec --tls ou --starttls")
	}
	return mailAccountAddOptions{account: a, passwordStdin: *stdin, noCheck: *noCheck}, nil
}

func runMailAccountAdd(ctx context.Context, e *env, args []string) error {
	o, err := parseMailAccountAdd(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	pw, err := readPassword(e, o.account, o.passwordStdin)
	if err != nil {
		return err
	}
	if o.account.Security == mail.Plain {
		fmt.Fprintln(e.stderr, "bureau : attention : --plain-for-tests envoie le mot de passe en clair ; réservé aux tests sur 127.0.0.1.")
	}
	persisted, err := c.Mail.AddAccount(ctx, &o.account, pw, !o.noCheck)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Compte « %s » ajouté : %s@%s, port %d, %s, dossiers %s.\n", o.account.Name, o.account.User,
		o.account.Host, o.account.Port, o.account.Security.Label(), strings.Join(o.account.Folders, ", "))
	if !o.noCheck {
		fmt.Fprintln(e.stdout, "Connexion vérifiée : serveur, sécurité, identifiant et dossiers sont bons.")
	}
	if persisted {
		fmt.Fprintln(e.stdout, "Le mot de passe est rangé dans le trousseau du système.")
	} else {
		fmt.Fprintln(e.stdout, "Aucun trousseau système n'est disponible : le mot de passe n'a pas été enregistré et sera demandé à chaque synchronisation (--password-stdin).")
	}
	return nil
}

// readPassword takes the password from stdin (--password-stdin) or asks
// for it on the terminal without echo.
func readPassword(e *env, a mail.Account, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password from stdin: %w", err)
		}
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", usagef("--password-stdin : l'entrée standard ne contient pas de mot de passe")
		}
		return pw, nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !isTerminal(f) {
		return "", usagef("le mot de passe de %s n'est pas connu : passez-le sur l'entrée standard avec --password-stdin", a.User)
	}
	fmt.Fprintf(e.stderr, "Mot de passe de %s sur %s : ", a.User, a.Host)
	pw, err := readHidden(f)
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if pw == "" {
		return "", usagef("mot de passe vide")
	}
	return pw, nil
}

// ensurePassword makes sure the keyring or the memory holds the
// account's password, asking for it when needed.
func ensurePassword(e *env, c *core.Core, a mail.Account, fromStdin bool) error {
	if !fromStdin {
		if _, err := c.Mail.Password(a); err == nil {
			return nil
		} else if !errors.Is(err, mail.ErrNoPassword) {
			return err
		}
	}
	pw, err := readPassword(e, a, fromStdin)
	if err != nil {
		return err
	}
	_, err = c.Mail.SetPassword(a, pw)
	return err
}

func runMailAccountList(ctx context.Context, e *env, args []string) error {
	fs := newFlags("mail account list")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("argument inattendu « %s »", fs.Arg(0))
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	as, err := c.Mail.Accounts(ctx)
	if err != nil {
		return err
	}
	if len(as) == 0 {
		fmt.Fprintln(e.stdout, "Aucun compte de messagerie. Ajoutez-en un avec « bureau mail account add --host … --user … ».")
		return nil
	}
	for _, a := range as {
		fmt.Fprintf(e.stdout, "%s : %s@%s, port %d, %s", a.Name, a.User, a.Host, a.Port, a.Security.Label())
		if a.Fingerprint != "" {
			fmt.Fprintf(e.stdout, ", certificat de confiance %s", mail.FormatFingerprint(a.Fingerprint))
		}
		fmt.Fprintln(e.stdout)
		folders, err := c.DB.ListMailFolders(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, f := range folders {
			state := "jamais synchronisé"
			if !f.SyncedAt.IsZero() {
				state = "synchronisé le " + f.SyncedAt.In(time.Local).Format("02/01/2006 à 15:04")
			}
			fmt.Fprintf(e.stdout, "  %s : %s\n", f.Name, state)
		}
	}
	return nil
}

func runMailAccountTest(ctx context.Context, e *env, args []string) error {
	fs := newFlags("mail account test")
	stdin := fs.Bool("password-stdin", false, "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("indiquez un seul compte")
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	accounts, err := pickAccounts(ctx, c, pos)
	if err != nil {
		return err
	}
	var failed error
	for _, a := range accounts {
		if err := ensurePassword(e, c, a, *stdin); err != nil {
			return err
		}
		if err := c.Mail.Check(ctx, a, ""); err != nil {
			fmt.Fprintf(e.stdout, "%s : ÉCHEC. %s\n", a.Name, message(err))
			if failed == nil {
				failed = err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%s : connexion réussie (DNS, TCP, %s, identifiant, dossiers %s).\n", a.Name,
			a.Security.Label(), strings.Join(a.Folders, ", "))
	}
	if failed != nil {
		return apperr.Unavailable("mail.check_failed", "Le test de connexion a échoué (détail ci-dessus).", failed)
	}
	return nil
}

// pickAccounts returns the named account, or all of them.
func pickAccounts(ctx context.Context, c *core.Core, names []string) ([]mail.Account, error) {
	if len(names) == 1 {
		a, err := c.Mail.Account(ctx, names[0])
		return []mail.Account{a}, err
	}
	as, err := c.Mail.Accounts(ctx)
	if err == nil && len(as) == 0 {
		err = apperr.NotFound("mail.no_account", "Aucun compte de messagerie n'est configuré. Ajoutez-en un avec « bureau mail account add ».")
	}
	return as, err
}

func runMailAccountFolders(ctx context.Context, e *env, args []string) error {
	fs := newFlags("mail account folders")
	stdin := fs.Bool("password-stdin", false, "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("indiquez le nom du compte")
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	a, err := c.Mail.Account(ctx, pos[0])
	if err != nil {
		return err
	}
	if err := ensurePassword(e, c, a, *stdin); err != nil {
		return err
	}
	folders, err := c.Mail.ServerFolders(ctx, a)
	if err != nil {
		return err
	}
	uses := map[string]string{"sent": "messages envoyés", "archive": "archives", "trash": "corbeille", "junk": "indésirables", "drafts": "brouillons"}
	for _, f := range folders {
		mark := " "
		if slices.Contains(a.Folders, f.Name) {
			mark = "*"
		}
		line := mark + " " + f.Name
		if u := uses[f.Use]; u != "" {
			line += " (" + u + ")"
		}
		fmt.Fprintln(e.stdout, line)
	}
	fmt.Fprintln(e.stdout, "* : synchronisé. Pour changer de dossiers, supprimez le compte puis ajoutez-le avec --folders.")
	return nil
}

func runMailAccountRemove(ctx context.Context, e *env, args []string) error {
	fs := newFlags("mail account remove")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("indiquez le nom du compte à supprimer")
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Mail.RemoveAccount(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Compte « %s » supprimé, avec son mot de passe. Les messages déjà reçus restent consultables.\n", pos[0])
	return nil
}

// mailSyncOptions are the flags of mail sync.
type mailSyncOptions struct {
	account       string
	rescan        bool
	passwordStdin bool
}

func parseMailSync(args []string) (mailSyncOptions, error) {
	fs := newFlags("mail sync")
	account := fs.String("account", "", "")
	rescan := fs.Bool("rescan", false, "")
	stdin := fs.Bool("password-stdin", false, "")
	if err := parseFlags(fs, args); err != nil {
		return mailSyncOptions{}, err
	}
	if fs.NArg() > 0 {
		return mailSyncOptions{}, usagef("argument inattendu « %s » (pour un compte : --account NOM)", fs.Arg(0))
	}
	return mailSyncOptions{account: *account, rescan: *rescan, passwordStdin: *stdin}, nil
}

func runMailSync(ctx context.Context, e *env, args []string) error {
	o, err := parseMailSync(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	var names []string
	if o.account != "" {
		names = []string{o.account}
	}
	accounts, err := pickAccounts(ctx, c, names)
	if err != nil {
		return err
	}
	if o.passwordStdin && len(accounts) > 1 {
		return usagef("--password-stdin ne sert qu'un compte : ajoutez --account NOM")
	}
	for _, a := range accounts {
		if err := ensurePassword(e, c, a, o.passwordStdin); err != nil {
			return err
		}
	}
	rep, err := c.Mail.Sync(ctx, mail.SyncOptions{Account: o.account, Rescan: o.rescan, Progress: progressPrinter(e.stderr)})
	writeSyncReport(e.stdout, rep)
	if err == nil {
		if us, uerr := c.Mail.UnknownSenders(ctx, 1000); uerr == nil && len(us) > 0 {
			fmt.Fprintf(e.stdout, "%s à examiner : « bureau mail senders ».\n", plural(len(us), "expéditeur inconnu", "expéditeurs inconnus"))
		}
	}
	return err
}

// progressPrinter shows the progress on one line of a terminal; nothing
// is written when stderr is not a terminal.
func progressPrinter(w io.Writer) func(mail.Progress) {
	f, ok := w.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	return func(p mail.Progress) {
		switch p.Stage {
		case mail.StageConnect:
			fmt.Fprintf(w, "\r\033[K%s : connexion…", p.Account)
		case mail.StageHeaders:
			fmt.Fprintf(w, "\r\033[K%s/%s : lecture des nouveaux messages…", p.Account, p.Folder)
		case mail.StageMessages:
			fmt.Fprintf(w, "\r\033[K%s/%s : %d/%d", p.Account, p.Folder, p.Done, p.Total)
		case mail.StageThreads:
			fmt.Fprint(w, "\r\033[Kconversations…")
		case mail.StageDone:
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

func writeSyncReport(w io.Writer, rep mail.Report) {
	for _, f := range rep.Folders {
		fmt.Fprintf(w, "%s/%s : ", f.Account, f.Folder)
		var parts []string
		if f.Reset {
			parts = append(parts, "dossier renuméroté par le serveur (UIDVALIDITY), relu sans doublon")
		}
		if f.Added > 0 {
			parts = append(parts, plural(f.Added, "nouveau message", "nouveaux messages"))
		}
		if f.Linked > 0 {
			parts = append(parts, plural(f.Linked, "message déjà reçu ailleurs", "messages déjà reçus ailleurs"))
		}
		if f.Skipped > 0 {
			parts = append(parts, plural(f.Skipped, "message hors partenaires ignoré", "messages hors partenaires ignorés"))
		}
		if f.Retries > 0 {
			parts = append(parts, plural(f.Retries, "reconnexion", "reconnexions"))
		}
		if f.Err != nil {
			parts = append(parts, "ERREUR : "+message(f.Err))
		}
		if len(parts) == 0 {
			parts = append(parts, "à jour")
		}
		fmt.Fprintln(w, strings.Join(parts, ", ")+".")
	}
	if rep.Threads > 0 {
		fmt.Fprintf(w, "%s.\n", plural(rep.Threads, "conversation mise à jour", "conversations mises à jour"))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// mailThreadsOptions are the flags of mail threads.
type mailThreadsOptions struct {
	org       string
	contactID int64
	search    string
	limit     int
}

func parseMailThreads(args []string) (mailThreadsOptions, error) {
	fs := newFlags("mail threads")
	org := fs.String("org", "", "")
	contactID := fs.Int64("contact", 0, "")
	search := fs.String("search", "", "")
	limit := fs.Int("limit", 200, "")
	if err := parseFlags(fs, args); err != nil {
		return mailThreadsOptions{}, err
	}
	if fs.NArg() > 0 {
		return mailThreadsOptions{}, usagef("argument inattendu « %s »", fs.Arg(0))
	}
	if *org != "" && *contactID != 0 {
		return mailThreadsOptions{}, usagef("choisissez --org ou --contact, pas les deux")
	}
	if *limit <= 0 {
		return mailThreadsOptions{}, usagef("--limit attend un nombre positif")
	}
	return mailThreadsOptions{org: strings.TrimSpace(*org), contactID: *contactID, search: *search, limit: *limit}, nil
}

func runMailThreads(ctx context.Context, e *env, args []string) error {
	o, err := parseMailThreads(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	f := mail.ThreadFilter{ContactID: o.contactID, Query: o.search, Limit: o.limit}
	if o.org != "" {
		org, err := findOrganisation(ctx, c.Contacts, o.org)
		if err != nil {
			return err
		}
		f.ContactID = org.ID
	}
	ts, err := c.Mail.Threads(ctx, f)
	if err != nil {
		return err
	}
	return writeThreads(e.stdout, ts, o.search != "")
}

// findOrganisation finds the organisation called name: an exact match
// (accents and case ignored), else the only one whose name contains it.
func findOrganisation(ctx context.Context, s *contact.Service, name string) (contact.Row, error) {
	rows, err := s.List(ctx, contact.Filter{Kind: contact.Organisation, Query: name, Limit: 50})
	if err != nil {
		return contact.Row{}, err
	}
	want := textfold.Fold(name)
	for _, r := range rows {
		if textfold.Fold(r.Name) == want {
			return r, nil
		}
	}
	switch len(rows) {
	case 1:
		return rows[0], nil
	case 0:
		return contact.Row{}, apperr.NotFound("mail.org_not_found", fmt.Sprintf(
			"Aucune organisation ne s'appelle « %s ». Cherchez-la avec « bureau contacts search ».", name))
	}
	var names []string
	for _, r := range rows[:min(len(rows), 8)] {
		names = append(names, r.Name)
	}
	return contact.Row{}, apperr.Invalid("mail.org_ambiguous", fmt.Sprintf(
		"Plusieurs organisations correspondent à « %s » : %s. Précisez le nom.", name, strings.Join(names, ", ")))
}

// writeThreads writes one line per thread: number, date of the last
// message, message count, subject; the matching text under each thread
// found by search.
func writeThreads(w io.Writer, ts []mail.Thread, snippets bool) error {
	if len(ts) == 0 {
		fmt.Fprintln(w, "Aucune conversation. Synchronisez la messagerie avec « bureau mail sync ».")
		return nil
	}
	idW, nW := 1, 1
	for _, t := range ts {
		idW = max(idW, len(strconv.FormatInt(t.ID, 10)))
		nW = max(nW, len(strconv.Itoa(t.Count)))
	}
	for _, t := range ts {
		subject := t.Subject
		if subject == "" {
			subject = "(sans objet)"
		}
		fmt.Fprintf(w, "%*d  %s  %*d  %s\n", idW, t.ID, t.LastDate.In(time.Local).Format("02/01/2006"), nW, t.Count, subject)
		if snippets && t.Snippet != "" {
			fmt.Fprintf(w, "%*s  %s\n", idW, "", t.Snippet)
		}
	}
	return nil
}

// mailShowOptions are the flags of mail show.
type mailShowOptions struct {
	id      int64
	quoted  bool
	saveDir string
}

func parseMailShow(args []string) (mailShowOptions, error) {
	fs := newFlags("mail show")
	quoted := fs.Bool("quoted", false, "")
	save := fs.String("save-attachments", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return mailShowOptions{}, err
	}
	if len(pos) != 1 {
		return mailShowOptions{}, usagef("indiquez le numéro d'une conversation (donné par « bureau mail threads »)")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return mailShowOptions{}, usagef("« %s » n'est pas un numéro de conversation", pos[0])
	}
	return mailShowOptions{id: id, quoted: *quoted, saveDir: *save}, nil
}

func runMailShow(ctx context.Context, e *env, args []string) error {
	o, err := parseMailShow(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	d, err := c.Mail.Thread(ctx, o.id)
	if err != nil {
		return err
	}
	writeThread(e.stdout, d, o.quoted)
	if o.saveDir != "" {
		return saveAttachments(ctx, e.stdout, c.Mail, d, o.saveDir)
	}
	return nil
}

func writeThread(w io.Writer, d mail.ThreadDetail, quoted bool) {
	fmt.Fprintf(w, "Conversation %d : %s\n", d.ID, d.Subject)
	fmt.Fprintf(w, "%s, du %s au %s\n", plural(d.Count, "message", "messages"),
		d.FirstDate.In(time.Local).Format("02/01/2006"), d.LastDate.In(time.Local).Format("02/01/2006"))
	if len(d.Parties) > 0 {
		var ps []string
		for _, p := range d.Parties {
			ps = append(ps, fmt.Sprintf("%s (n° %d)", p.Name, p.ContactID))
		}
		fmt.Fprintf(w, "Avec : %s\n", strings.Join(ps, ", "))
	}
	for i, m := range d.Messages {
		indent := strings.Repeat("  ", min(d.Depth[i], 8))
		fmt.Fprintf(w, "\n%s── %d/%d ── %s ── %s\n", indent, i+1, len(d.Messages), m.Date.In(time.Local).Format("02/01/2006 15:04"), m.From)
		if len(m.To) > 0 {
			fmt.Fprintf(w, "À : %s\n", joinAddresses(m.To))
		}
		if len(m.Cc) > 0 {
			fmt.Fprintf(w, "Cc : %s\n", joinAddresses(m.Cc))
		}
		fmt.Fprintf(w, "Objet : %s\n", m.Subject)
		var atts []string
		for _, a := range m.Attachments {
			if a.Inline {
				continue
			}
			s := fmt.Sprintf("%s (%s)", a.Name, humanSize(a.Size))
			if !a.Stored {
				s += " [trop volumineuse, non conservée]"
			}
			atts = append(atts, s)
		}
		if len(atts) > 0 {
			fmt.Fprintf(w, "Pièces jointes : %s\n", strings.Join(atts, ", "))
		}
		fmt.Fprintln(w)
		if strings.TrimSpace(m.Text) == "" {
			fmt.Fprintln(w, "(message sans texte)")
			continue
		}
		for _, b := range mail.SplitQuoted(m.Text) {
			switch {
			case !b.Quoted || quoted:
				fmt.Fprintln(w, b.Text)
			default:
				fmt.Fprintf(w, "[… %s : --quoted pour les afficher]\n", plural(b.Lines, "ligne citée masquée", "lignes citées masquées"))
			}
		}
	}
}

func joinAddresses(as []mail.Address) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f Mo", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d Ko", (n+512)>>10)
	}
	return fmt.Sprintf("%d octets", n)
}

// saveAttachments writes the thread's stored attachments into dir,
// never over an existing file.
func saveAttachments(ctx context.Context, w io.Writer, s *mail.Service, d mail.ThreadDetail, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return apperr.Unavailable("mail.save_dir", fmt.Sprintf("Impossible de créer le dossier %s. Choisissez un dossier où vous pouvez écrire.", dir), err)
	}
	for _, m := range d.Messages {
		for _, a := range m.Attachments {
			if !a.Stored || a.Inline {
				continue
			}
			full, err := s.Attachment(ctx, a.ID)
			if err != nil {
				return err
			}
			path := freePath(dir, full.Name)
			if err := os.WriteFile(path, full.Data, 0o600); err != nil {
				return apperr.Unavailable("mail.save_file", fmt.Sprintf("Impossible d'écrire %s. Vérifiez l'espace libre et les droits du dossier.", path), err)
			}
			fmt.Fprintf(w, "Enregistré : %s\n", path)
		}
	}
	return nil
}

// freePath returns dir/name, or dir/name (2)… when it exists.
func freePath(dir, name string) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	p := filepath.Join(dir, name)
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p
		}
		p = filepath.Join(dir, fmt.Sprintf("%s (%d)%s", stem, i, ext))
	}
}

func runMailSenders(ctx context.Context, e *env, args []string) error {
	fs := newFlags("mail senders")
	dismiss := fs.String("dismiss", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("argument inattendu « %s »", fs.Arg(0))
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if *dismiss != "" {
		if err := c.Mail.DismissSender(ctx, *dismiss); err != nil {
			if errors.Is(err, apperr.ErrNotFound) {
				return apperr.NotFound("mail.sender_not_found", fmt.Sprintf("« %s » n'est pas dans la liste des expéditeurs à examiner.", *dismiss))
			}
			return err
		}
		fmt.Fprintf(e.stdout, "%s ne sera plus proposé.\n", *dismiss)
		return nil
	}
	us, err := c.Mail.UnknownSenders(ctx, 500)
	if err != nil {
		return err
	}
	if len(us) == 0 {
		fmt.Fprintln(e.stdout, "Aucun expéditeur inconnu à examiner.")
		return nil
	}
	fmt.Fprintln(e.stdout, "Expéditeurs qui ne sont pas dans les contacts (créez une fiche pour garder leurs courriels, puis « bureau mail sync --rescan ») :")
	for _, u := range us {
		line := fmt.Sprintf("%4d  %s", u.MessageCount, u.Addr)
		if u.Name != "" {
			line += "  " + u.Name
		}
		if u.OrgName != "" {
			line += fmt.Sprintf("  [domaine de %s, n° %d]", u.OrgName, u.OrgID)
		}
		line += fmt.Sprintf("  dernier le %s : %s", u.LastDate.In(time.Local).Format("02/01/2006"), u.LastSubject)
		fmt.Fprintln(e.stdout, line)
	}
	return nil
}

func runMailSettings(ctx context.Context, e *env, args []string) error {
	fs := newFlags("mail settings")
	maxAtt := fs.String("attachment-max", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("argument inattendu « %s »", fs.Arg(0))
	}
	var n int64
	if *maxAtt != "" {
		var err error
		if n, err = strconv.ParseInt(*maxAtt, 10, 64); err != nil || n < 0 {
			return usagef("--attachment-max attend un nombre d'octets (par exemple 10485760 pour 10 Mo)")
		}
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if *maxAtt != "" {
		if err := c.Mail.SetAttachmentMax(ctx, n); err != nil {
			return err
		}
	}
	cur, err := c.Mail.AttachmentMax(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Pièces jointes conservées jusqu'à %s (%d octets) ; au-delà, elles sont listées sans leur contenu.\n", humanSize(cur), cur)
	return nil
}
