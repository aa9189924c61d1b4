package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bureau-asso/bureau/internal/apperr"
	"github.com/bureau-asso/bureau/internal/contact"
	"github.com/bureau-asso/bureau/internal/core"
)

func init() {
	register(
		command{name: "contacts search", args: "TEXTE...",
			summary: "cherche des contacts (sans accents ni majuscules) : une ligne par contact", run: runContactsSearch},
		command{name: "contacts merge", args: "GARDÉE AUTRE [--take champ,...] [--keep champ,...] [--yes]",
			summary: "fusionne la fiche AUTRE dans GARDÉE (aperçu sans --yes)", run: runContactsMerge},
		command{name: "contacts erase", args: "N° --yes",
			summary: "efface une personne (RGPD) en gardant ce que les reçus fiscaux exigent", run: runContactsErase},
		command{name: "contacts purge-retained",
			summary: "anonymise les personnes effacées dont la conservation pour les reçus a pris fin", run: runContactsPurge},
		command{name: "contacts export-person", args: "N° [--out FICHIER]",
			summary: "exporte en JSON toutes les données d'une personne (droit d'accès)", run: runContactsExportPerson},
		command{name: "contacts consent", args: "N° --channel email|post|phone --status consent|objection [--source TEXTE] [--date AAAA-MM-JJ]",
			summary: "enregistre un accord ou une opposition pour un canal", run: runContactsConsent},
		command{name: "contacts note", args: "N° TEXTE... [--kind note|call|meeting|email] [--subject OBJET] [--date AAAA-MM-JJ]",
			summary: "ajoute un échange à l'historique d'un contact", run: runContactsNote},
		command{name: "contacts timeline", args: "N°",
			summary: "affiche l'historique des échanges d'un contact, du plus récent au plus ancien", run: runContactsTimeline},
	)
}

// parseFlagsAnywhere parses args with fs, letting flags come before, between
// or after the positional arguments, which it returns.
func parseFlagsAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseContactNumber reads a contact number argument.
func parseContactNumber(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("« %s » n'est pas un numéro de contact (un nombre, donné par « bureau contacts search »)", s)
	}
	return id, nil
}

// parseCivilDate reads a --date flag: AAAA-MM-JJ, or "" for today.
func parseCivilDate(s string, now time.Time) (string, error) {
	if s == "" {
		return now.Format(time.DateOnly), nil
	}
	return parseDay("--date", s)
}

func contactKindName(k contact.Kind) string {
	if k == contact.Organisation {
		return "organisation"
	}
	return "personne"
}

// --- contacts search

func parseContactsSearch(args []string) (string, error) {
	fs := newFlags("contacts search")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return "", err
	}
	q := strings.TrimSpace(strings.Join(pos, " "))
	if q == "" {
		return "", usagef("indiquez ce que vous cherchez, par exemple : bureau contacts search helene orleans")
	}
	return q, nil
}

func runContactsSearch(ctx context.Context, e *env, args []string) error {
	q, err := parseContactsSearch(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return searchContacts(ctx, c.Contacts, q, e.stdout)
	})
}

// searchContacts writes one aligned line per matching contact: number,
// name, kind, email and city.
func searchContacts(ctx context.Context, s *contact.Service, q string, w io.Writer) error {
	const page = 500
	var rows []contact.Row
	f := contact.Filter{Query: q, Limit: page}
	for {
		got, err := s.List(ctx, f)
		if err != nil {
			return err
		}
		rows = append(rows, got...)
		if len(got) < page {
			break
		}
		f.AfterSortName, f.AfterID = got[len(got)-1].SortName, got[len(got)-1].ID
	}
	if len(rows) == 0 {
		fmt.Fprintf(w, "Aucun contact ne correspond à « %s ».\n", q)
		return nil
	}
	idW, nameW, kindW, emailW := runeWidth("N°"), runeWidth("Nom"), runeWidth("Type"), runeWidth("Courriel")
	for _, r := range rows {
		idW = max(idW, len(strconv.FormatInt(r.ID, 10)))
		nameW = max(nameW, runeWidth(r.Name))
		kindW = max(kindW, runeWidth(contactKindName(r.Kind)))
		emailW = max(emailW, runeWidth(r.Email))
	}
	line := func(id, name, kind, email, city string) {
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%*s  %s  %s  %s  %s", idW, id,
			padRight(name, nameW), padRight(kind, kindW), padRight(email, emailW), city), " "))
	}
	line("N°", "Nom", "Type", "Courriel", "Ville")
	for _, r := range rows {
		line(strconv.FormatInt(r.ID, 10), r.Name, contactKindName(r.Kind), r.Email, r.City)
	}
	return nil
}

// --- contacts merge

type contactsMergeOptions struct {
	keep, other int64
	take        map[string]bool // field → take other's value (true) or keep's (false)
	yes         bool
}

func parseContactsMerge(args []string) (contactsMergeOptions, error) {
	fs := newFlags("contacts merge")
	take := fs.String("take", "", "")
	keep := fs.String("keep", "", "")
	yes := fs.Bool("yes", false, "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return contactsMergeOptions{}, err
	}
	if len(pos) != 2 {
		return contactsMergeOptions{}, usagef("indiquez deux numéros : la fiche gardée puis celle qui y est fusionnée")
	}
	var o contactsMergeOptions
	if o.keep, err = parseContactNumber(pos[0]); err != nil {
		return o, err
	}
	if o.other, err = parseContactNumber(pos[1]); err != nil {
		return o, err
	}
	if o.keep == o.other {
		return o, usagef("les deux numéros désignent la même fiche")
	}
	o.take = map[string]bool{}
	for flagName, list := range map[string]string{"--take": *take, "--keep": *keep} {
		for _, f := range strings.Split(list, ",") {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			if !slices.Contains(contact.MergeFields(), f) {
				return o, usagef("%s : champ « %s » inconnu ; choisissez parmi : %s", flagName, f, strings.Join(contact.MergeFields(), ", "))
			}
			if v, dup := o.take[f]; dup && v != (flagName == "--take") {
				return o, usagef("le champ « %s » est à la fois dans --take et dans --keep", f)
			}
			o.take[f] = flagName == "--take"
		}
	}
	o.yes = *yes
	return o, nil
}

func runContactsMerge(ctx context.Context, e *env, args []string) error {
	o, err := parseContactsMerge(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return mergeContacts(ctx, c.Contacts, o, e.stdout)
	})
}

// mergeContacts prints the preview of a merge and, with o.yes, merges.
func mergeContacts(ctx context.Context, s *contact.Service, o contactsMergeOptions, w io.Writer) error {
	diffs, merged, err := s.MergePreview(ctx, o.keep, o.other, o.take)
	if err != nil {
		return err
	}
	keep, err := s.Get(ctx, o.keep)
	if err != nil {
		return err
	}
	other, err := s.Get(ctx, o.other)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Fusion de la fiche %d (%s) dans la fiche %d (%s)\n\n", o.other, other.DisplayName(), o.keep, keep.DisplayName())
	if len(diffs) == 0 {
		fmt.Fprintln(w, "Les champs des deux fiches sont identiques.")
	} else {
		choices := contact.Choices(keep, other, o.take)
		keepH, otherH := fmt.Sprintf("Fiche %d (gardée)", o.keep), fmt.Sprintf("Fiche %d", o.other)
		fieldW, keepW, otherW := runeWidth("Champ"), runeWidth(keepH), runeWidth(otherH)
		for _, d := range diffs {
			fieldW = max(fieldW, runeWidth(contact.FieldLabel(d.Field)+" ("+d.Field+")"))
			keepW = max(keepW, runeWidth(dashIfEmpty(d.Keep)))
			otherW = max(otherW, runeWidth(dashIfEmpty(d.Other)))
		}
		fmt.Fprintf(w, "%s  %s  %s  Retenu\n", padRight("Champ", fieldW), padRight(keepH, keepW), padRight(otherH, otherW))
		for i, d := range diffs {
			from := o.keep
			if choices[i].FromOther {
				from = o.other
			}
			fmt.Fprintf(w, "%s  %s  %s  fiche %d\n", padRight(contact.FieldLabel(d.Field)+" ("+d.Field+")", fieldW),
				padRight(dashIfEmpty(d.Keep), keepW), padRight(dashIfEmpty(d.Other), otherW), from)
		}
	}
	fmt.Fprintf(w, "\nRéunis sans doublon : %s, %s, %s, %s.\n",
		countNoun(len(merged.Emails), "courriel", "courriels"), countNoun(len(merged.Phones), "téléphone", "téléphones"),
		countNoun(len(merged.Addresses), "adresse", "adresses"), countNoun(len(merged.Tags), "étiquette", "étiquettes"))
	fmt.Fprintf(w, "Les dons, reçus, dossiers, échanges, appartenances et listes de presse de la fiche %d passeront sur la fiche %d.\n",
		o.other, o.keep)
	if !o.yes {
		fmt.Fprintf(w, "\nAperçu seulement : rien n'a été modifié. Relancez avec --yes pour fusionner ; --take champ,… prend les valeurs de la fiche %d.\n", o.other)
		return nil
	}
	if _, err := s.Merge(ctx, o.keep, o.other, o.take); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFiches fusionnées : la fiche %d a été intégrée à la fiche %d, puis supprimée.\n", o.other, o.keep)
	return nil
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "\n", " ")
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// --- contacts erase and purge-retained

func parseContactsErase(args []string) (int64, error) {
	fs := newFlags("contacts erase")
	yes := fs.Bool("yes", false, "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return 0, err
	}
	if len(pos) != 1 {
		return 0, usagef("indiquez le numéro d'un seul contact")
	}
	id, err := parseContactNumber(pos[0])
	if err != nil {
		return 0, err
	}
	if !*yes {
		return 0, usagef("l'effacement est définitif : relancez avec --yes pour confirmer (exportez d'abord ses données avec « bureau contacts export-person %d » si la personne les demande)", id)
	}
	return id, nil
}

func runContactsErase(ctx context.Context, e *env, args []string) error {
	id, err := parseContactsErase(args)
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return eraseContact(ctx, c.Contacts, id, e.stdout)
	})
}

func eraseContact(ctx context.Context, s *contact.Service, id int64, w io.Writer) error {
	er, err := s.Erase(ctx, id)
	if err != nil {
		return err
	}
	if er.Retained {
		fmt.Fprintf(w, "Fiche %d effacée. Son nom et une adresse postale sont gardés jusqu'au %s, hors de toute liste et de toute recherche, parce que des reçus fiscaux émis doivent être conservés 6 ans.\n",
			id, frenchDay(er.RetainUntil))
	} else {
		fmt.Fprintf(w, "Fiche %d effacée et anonymisée : seuls ses dons restent, sans nom, pour la comptabilité.\n", id)
	}
	fmt.Fprintln(w, "Ses adresses électroniques sont inscrites sur la liste d'opposition : aucun import ne les remettra dans les envois.")
	return nil
}

func runContactsPurge(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("argument inattendu « %s »", args[0])
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	n, err := c.Contacts.PurgeRetained(ctx)
	if err != nil {
		return err
	}
	switch n {
	case 0:
		fmt.Fprintln(e.stdout, "Aucune fiche à anonymiser : aucune conservation pour les reçus fiscaux n'a pris fin.")
	case 1:
		fmt.Fprintln(e.stdout, "1 fiche anonymisée : sa conservation pour les reçus fiscaux a pris fin.")
	default:
		fmt.Fprintf(e.stdout, "%d fiches anonymisées : leur conservation pour les reçus fiscaux a pris fin.\n", n)
	}
	return nil
}

// --- contacts export-person

type contactsExportPersonOptions struct {
	id  int64
	out string
}

func parseContactsExportPerson(args []string) (contactsExportPersonOptions, error) {
	fs := newFlags("contacts export-person")
	out := fs.String("out", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return contactsExportPersonOptions{}, err
	}
	if len(pos) != 1 {
		return contactsExportPersonOptions{}, usagef("indiquez le numéro d'un seul contact")
	}
	id, err := parseContactNumber(pos[0])
	return contactsExportPersonOptions{id: id, out: *out}, err
}

func runContactsExportPerson(ctx context.Context, e *env, args []string) error {
	o, err := parseContactsExportPerson(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	b, err := c.Contacts.ExportPerson(ctx, o.id)
	if err != nil {
		return err
	}
	if o.out == "" {
		_, err = e.stdout.Write(b)
		return err
	}
	// Personal data: readable by the user only.
	if err := os.WriteFile(o.out, b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", o.out, err)
	}
	fmt.Fprintf(e.stdout, "Données de la fiche %d écrites dans %s.\n", o.id, o.out)
	return nil
}

// --- contacts consent

type contactsConsentOptions struct {
	id      int64
	channel contact.Channel
	status  contact.ConsentStatus
	source  string
	date    string // "" for today
}

func parseContactsConsent(args []string) (contactsConsentOptions, error) {
	fs := newFlags("contacts consent")
	channel := fs.String("channel", "", "")
	status := fs.String("status", "", "")
	source := fs.String("source", "", "")
	date := fs.String("date", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return contactsConsentOptions{}, err
	}
	if len(pos) != 1 {
		return contactsConsentOptions{}, usagef("indiquez le numéro d'un seul contact")
	}
	o := contactsConsentOptions{channel: contact.Channel(*channel), status: contact.ConsentStatus(*status),
		source: *source, date: *date}
	if o.id, err = parseContactNumber(pos[0]); err != nil {
		return o, err
	}
	if !slices.Contains(contact.Channels, o.channel) {
		return o, usagef("--channel attend email, post ou phone")
	}
	if o.status != contact.StatusConsent && o.status != contact.StatusObjection {
		return o, usagef("--status attend consent (accord) ou objection (opposition)")
	}
	if o.date != "" {
		if _, err := parseCivilDate(o.date, time.Time{}); err != nil {
			return o, err
		}
	}
	return o, nil
}

var consentChannelNames = map[contact.Channel]string{
	contact.ChannelEmail: "aux courriels", contact.ChannelPost: "aux courriers", contact.ChannelPhone: "aux appels",
}

func runContactsConsent(ctx context.Context, e *env, args []string) error {
	o, err := parseContactsConsent(args)
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
	if err := c.Contacts.SetConsent(ctx, contact.Consent{ContactID: o.id, Channel: o.channel, Status: o.status,
		Date: o.date, Source: o.source}); err != nil {
		return err
	}
	if o.status == contact.StatusObjection {
		fmt.Fprintf(e.stdout, "Fiche %d : opposition %s enregistrée (le %s).\n", o.id, consentChannelNames[o.channel], frenchDay(o.date))
	} else {
		fmt.Fprintf(e.stdout, "Fiche %d : accord %s enregistré (le %s).\n", o.id, consentChannelNames[o.channel], frenchDay(o.date))
	}
	if o.status == contact.StatusObjection && o.channel == contact.ChannelEmail {
		fmt.Fprintln(e.stdout, "Ses adresses électroniques sont inscrites sur la liste d'opposition.")
	}
	return nil
}

// --- contacts note and timeline

type contactsNoteOptions struct {
	interaction contact.Interaction // Date "" for today
}

func parseContactsNote(args []string) (contactsNoteOptions, error) {
	fs := newFlags("contacts note")
	kind := fs.String("kind", string(contact.InteractionNote), "")
	subject := fs.String("subject", "", "")
	date := fs.String("date", "", "")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return contactsNoteOptions{}, err
	}
	if len(pos) < 2 && *subject == "" {
		return contactsNoteOptions{}, usagef("indiquez le numéro du contact puis le texte de la note")
	}
	if len(pos) == 0 {
		return contactsNoteOptions{}, usagef("indiquez le numéro du contact")
	}
	i := contact.Interaction{Kind: contact.InteractionKind(*kind), Subject: *subject, Date: *date,
		Body: strings.Join(pos[1:], " ")}
	if i.ContactID, err = parseContactNumber(pos[0]); err != nil {
		return contactsNoteOptions{}, err
	}
	if !slices.Contains(contact.InteractionKinds, i.Kind) {
		return contactsNoteOptions{}, usagef("--kind attend note, call, meeting ou email")
	}
	if i.Date != "" {
		if _, err := parseCivilDate(i.Date, time.Time{}); err != nil {
			return contactsNoteOptions{}, err
		}
	}
	return contactsNoteOptions{interaction: i}, nil
}

func runContactsNote(ctx context.Context, e *env, args []string) error {
	o, err := parseContactsNote(args)
	if err != nil {
		return err
	}
	c, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	i := o.interaction
	if i.Date, err = parseCivilDate(i.Date, c.DB.Now()); err != nil {
		return err
	}
	if err := c.Contacts.AddInteraction(ctx, &i); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Échange ajouté à l'historique de la fiche %d (%s du %s).\n", i.ContactID, i.Kind.Label(), frenchDay(i.Date))
	return nil
}

func runContactsTimeline(ctx context.Context, e *env, args []string) error {
	fs := newFlags("contacts timeline")
	pos, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("indiquez le numéro d'un seul contact")
	}
	id, err := parseContactNumber(pos[0])
	if err != nil {
		return err
	}
	return e.withCore(ctx, func(c *core.Core) error {
		return showTimeline(ctx, c.Contacts, id, e.stdout)
	})
}

func showTimeline(ctx context.Context, s *contact.Service, id int64, w io.Writer) error {
	if _, err := s.Get(ctx, id); err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return contact.NotFoundError(id)
		}
		return err
	}
	tl, err := s.Timeline(ctx, id)
	if err != nil {
		return err
	}
	if len(tl) == 0 {
		fmt.Fprintf(w, "Aucun échange n'est noté pour la fiche %d. Ajoutez-en un avec « bureau contacts note %d TEXTE ».\n", id, id)
		return nil
	}
	kindW := 0
	for _, i := range tl {
		kindW = max(kindW, runeWidth(i.Kind.Label()))
	}
	for _, i := range tl {
		text := i.Subject
		if i.Body != "" {
			if text != "" {
				text += " — "
			}
			text += strings.ReplaceAll(i.Body, "\n", " ")
		}
		fmt.Fprintf(w, "%s  %s  %s\n", frenchDay(i.Date), padRight(i.Kind.Label(), kindW), text)
	}
	return nil
}
