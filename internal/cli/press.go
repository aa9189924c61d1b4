package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/contactio"
	"github.com/bureau-asso/bureau/internal/core"
)

func init() {
	register(
		command{name: "press lists", summary: "liste les listes de presse et leur nombre de membres", run: runPressLists},
		command{name: "press create", args: "NOM", summary: "crée une liste de presse", run: runPressCreate},
		command{name: "press add", args: "NOM N°...", summary: "ajoute des contacts à une liste de presse", run: runPressAdd},
		command{name: "press remove", args: "NOM N°...", summary: "retire des contacts d'une liste de presse", run: runPressRemove},
		command{name: "press journalist", args: "N° [--topics SUJETS] [--regions RÉGIONS] [--opt-out oui|non]",
			summary: "note les sujets et régions d'un journaliste, ou sa désinscription", run: runPressJournalist},
		command{name: "press export", args: "LISTE --format csv|vcard|bcc [--out FICHIER]",
			summary: "exporte une liste de presse sans les désinscrits ni les opposants", run: runPressExport},
		command{name: "press sent", args: "LISTE --subject OBJET [--date AAAA-MM-JJ]",
			summary: "note l'envoi d'un communiqué à une liste (journal des communiqués)", run: runPressSent},
		command{name: "press releases", summary: "affiche le journal des communiqués envoyés", run: runPressReleases},
	)
}

func runPressLists(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("argument inattendu « %s »", args[0])
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showPressLists(ctx, c.Contacts, e.stdout)
	})
}

func showPressLists(ctx context.Context, s *contact.Service, w io.Writer) error {
	lists, err := s.PressLists(ctx)
	if err != nil {
		return err
	}
	if len(lists) == 0 {
		fmt.Fprintln(w, "Aucune liste de presse. Créez-en une avec « bureau press create NOM ».")
		return nil
	}
	nameW := runeWidth("Liste")
	for _, l := range lists {
		nameW = max(nameW, runeWidth(l.Name))
	}
	fmt.Fprintf(w, "%s  Membres\n", padRight("Liste", nameW))
	for _, l := range lists {
		fmt.Fprintf(w, "%s  %7d\n", padRight(l.Name, nameW), l.Members)
	}
	return nil
}

func runPressCreate(ctx context.Context, e *env, args []string) error {
	name := strings.TrimSpace(strings.Join(args, " "))
	if name == "" {
		return usagef("indiquez le nom de la liste, par exemple : bureau press create \"PQR Centre\"")
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Contacts.CreatePressList(ctx, &contact.PressList{Name: name}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Liste de presse « %s » créée. Ajoutez-y des contacts avec « bureau press add \"%s\" N°… ».\n", name, name)
	return nil
}

// parsePressMembers reads NOM N°... for press add and press remove.
func parsePressMembers(args []string) (string, []int64, error) {
	if len(args) < 2 {
		return "", nil, usagef("indiquez le nom de la liste puis au moins un numéro de contact")
	}
	var ids []int64
	for _, a := range args[1:] {
		id, err := parseContactNumber(a)
		if err != nil {
			return "", nil, err
		}
		ids = append(ids, id)
	}
	return args[0], ids, nil
}

func runPressAdd(ctx context.Context, e *env, args []string) error {
	list, ids, err := parsePressMembers(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Contacts.AddToPressList(ctx, list, ids...); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s dans la liste « %s ».\n", countNoun(len(ids), "contact ajouté", "contacts ajoutés"), list)
	return nil
}

func runPressRemove(ctx context.Context, e *env, args []string) error {
	list, ids, err := parsePressMembers(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Contacts.RemoveFromPressList(ctx, list, ids...); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s de la liste « %s ».\n", countNoun(len(ids), "contact retiré", "contacts retirés"), list)
	return nil
}

// pressJournalistOptions are the flags of press journalist; nil pointers
// leave the recorded value as it is.
type pressJournalistOptions struct {
	id              int64
	topics, regions *string
	optOut          *bool
}

func parsePressJournalist(args []string) (pressJournalistOptions, error) {
	fs := newFlags("press journalist")
	topics := fs.String("topics", "", "")
	regions := fs.String("regions", "", "")
	optOut := fs.String("opt-out", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return pressJournalistOptions{}, err
	}
	if len(pos) != 1 {
		return pressJournalistOptions{}, usagef("indiquez le numéro d'un seul contact")
	}
	var o pressJournalistOptions
	if o.id, err = parseContactNumber(pos[0]); err != nil {
		return o, err
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "topics":
			o.topics = topics
		case "regions":
			o.regions = regions
		}
	})
	switch strings.ToLower(*optOut) {
	case "":
	case "oui", "yes", "true":
		v := true
		o.optOut = &v
	case "non", "no", "false":
		v := false
		o.optOut = &v
	default:
		return o, usagef("--opt-out attend oui ou non, pas « %s »", *optOut)
	}
	return o, nil
}

func runPressJournalist(ctx context.Context, e *env, args []string) error {
	o, err := parsePressJournalist(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	j, err := c.Contacts.Journalist(ctx, o.id)
	if err != nil {
		return err
	}
	if o.topics != nil {
		j.Topics = strings.TrimSpace(*o.topics)
	}
	if o.regions != nil {
		j.Regions = strings.TrimSpace(*o.regions)
	}
	if o.optOut != nil {
		j.OptOut = *o.optOut
	}
	if err := c.Contacts.SetJournalist(ctx, j); err != nil {
		return err
	}
	showJournalist(e.stdout, j)
	return nil
}

func showJournalist(w io.Writer, j contact.Journalist) {
	optOut := "non"
	if j.OptOut {
		optOut = "oui : ne reçoit plus les communiqués"
	}
	fmt.Fprintf(w, "Journaliste (fiche %d)\n", j.PersonID)
	fmt.Fprintf(w, "  Sujets :         %s\n", dashIfEmpty(j.Topics))
	fmt.Fprintf(w, "  Régions :        %s\n", dashIfEmpty(j.Regions))
	fmt.Fprintf(w, "  Désinscrit :     %s\n", optOut)
	fmt.Fprintf(w, "  Dernier envoi :  %s\n", frenchDay(j.LastContacted))
}

// --- press export

type pressExportOptions struct {
	list, format, out string
}

func parsePressExport(args []string) (pressExportOptions, error) {
	fs := newFlags("press export")
	format := fs.String("format", "", "")
	out := fs.String("out", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return pressExportOptions{}, err
	}
	if len(pos) != 1 {
		return pressExportOptions{}, usagef("indiquez le nom d'une seule liste (entre guillemets s'il a des espaces)")
	}
	o := pressExportOptions{list: pos[0], format: strings.ToLower(*format), out: *out}
	if _, ok := pressWriters[o.format]; !ok {
		return o, usagef("--format attend csv, vcard ou bcc")
	}
	return o, nil
}

// pressWriters write the recipients of a press list in each format.
var pressWriters = map[string]func(w io.Writer, cs []contact.Contact) error{
	"bcc":   writePressBCC,
	"csv":   contactio.WriteCSV,
	"vcard": writePressVCard,
}

// writePressBCC writes one line to paste in the Bcc field of a mail
// client: preferred emails, deduplicated and sorted.
func writePressBCC(w io.Writer, cs []contact.Contact) error {
	emails := make([]string, 0, len(cs))
	for _, c := range cs {
		emails = append(emails, c.PreferredEmail())
	}
	_, err := fmt.Fprintln(w, contact.BCCLine(emails))
	return err
}

// writePressVCard writes vCard 3.0, the version every mail client and
// phone reads.
func writePressVCard(w io.Writer, cs []contact.Contact) error {
	return contactio.WriteVCard(w, cs, "3.0")
}

func runPressExport(ctx context.Context, e *env, args []string) error {
	o, err := parsePressExport(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return exportPressList(ctx, c.Contacts, o, e.stdout, e.stderr)
	})
}

// exportPressList writes the recipients of a list to stdout or o.out, and
// tells on stderr how many members were left out.
func exportPressList(ctx context.Context, s *contact.Service, o pressExportOptions, stdout, stderr io.Writer) error {
	cs, err := s.PressRecipients(ctx, o.list)
	if err != nil {
		return err
	}
	members := len(cs)
	lists, err := s.PressLists(ctx)
	if err != nil {
		return err
	}
	for _, l := range lists {
		if strings.EqualFold(l.Name, o.list) {
			members = l.Members
		}
	}
	w := stdout
	var f *os.File
	if o.out != "" {
		if f, err = os.OpenFile(o.out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600); err != nil {
			return fmt.Errorf("create %s: %w", o.out, err)
		}
		w = f
	}
	if err := pressWriters[o.format](w, cs); err != nil {
		if f != nil {
			f.Close()
		}
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", o.out, err)
		}
		fmt.Fprintf(stdout, "%s dans %s.\n", countNoun(len(cs), "contact exporté", "contacts exportés"), o.out)
	}
	switch left := members - len(cs); {
	case left == 1:
		fmt.Fprintln(stderr, "1 membre de la liste n'est pas exporté : désinscription, opposition aux courriels ou liste d'opposition.")
	case left > 1:
		fmt.Fprintf(stderr, "%d membres de la liste ne sont pas exportés : désinscription, opposition aux courriels ou liste d'opposition.\n", left)
	}
	return nil
}

// --- press sent and releases

type pressSentOptions struct {
	list, subject, date string // date "" for today
}

func parsePressSent(args []string) (pressSentOptions, error) {
	fs := newFlags("press sent")
	subject := fs.String("subject", "", "")
	date := fs.String("date", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return pressSentOptions{}, err
	}
	if len(pos) != 1 {
		return pressSentOptions{}, usagef("indiquez le nom d'une seule liste (entre guillemets s'il a des espaces)")
	}
	o := pressSentOptions{list: pos[0], subject: strings.TrimSpace(*subject), date: *date}
	if o.subject == "" {
		return o, usagef("indiquez l'objet du communiqué avec --subject")
	}
	if o.date != "" {
		if _, err := parseCivilDate(o.date, time.Time{}); err != nil {
			return o, err
		}
	}
	return o, nil
}

func runPressSent(ctx context.Context, e *env, args []string) error {
	o, err := parsePressSent(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if o.date, err = parseCivilDate(o.date, c.DB.Now()); err != nil {
		return err
	}
	r := contact.PressRelease{ListName: o.list, Date: o.date, Subject: o.subject}
	if err := c.Contacts.LogPressRelease(ctx, &r); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Communiqué « %s » noté : envoyé le %s à la liste « %s » (%s).\n",
		r.Subject, frenchDay(r.Date), r.ListName, countNoun(r.Recipients, "destinataire", "destinataires"))
	return nil
}

func runPressReleases(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("argument inattendu « %s »", args[0])
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showPressReleases(ctx, c.Contacts, e.stdout)
	})
}

func showPressReleases(ctx context.Context, s *contact.Service, w io.Writer) error {
	rs, err := s.PressReleases(ctx)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		fmt.Fprintln(w, "Aucun communiqué noté. Après un envoi, notez-le avec « bureau press sent LISTE --subject OBJET ».")
		return nil
	}
	listW, nW := runeWidth("Liste"), runeWidth("Dest.")
	for _, r := range rs {
		listW = max(listW, runeWidth(r.ListName))
		nW = max(nW, len(strconv.Itoa(r.Recipients)))
	}
	fmt.Fprintf(w, "Date        %s  %s  Objet\n", padRight("Liste", listW), padRight("Dest.", nW))
	for _, r := range rs {
		fmt.Fprintf(w, "%s  %s  %*d  %s\n", frenchDay(r.Date), padRight(r.ListName, listW), nW, r.Recipients, r.Subject)
	}
	return nil
}
