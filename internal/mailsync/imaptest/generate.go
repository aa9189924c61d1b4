package imaptest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Partners are the organisations of generated mail; their domains are
// what a test's contacts must know for the mail to be partner mail.
var Partners = []struct{ Name, Domain string }{
	{"Fondation du Val", "fondation-val.fr"},
	{"Transports Ligériens", "transports-ligeriens.fr"},
	{"Crédit Coopératif de Touraine", "cc-touraine.fr"},
	{"La Nouvelle Gazette", "nouvelle-gazette.fr"},
	{"Région Centre", "region-centre.fr"},
}

var (
	firstNames = []string{"Claire", "Paul", "Jeanne", "Hélène", "Loïc", "Amélie", "François", "Zoé", "Noël", "Agnès"}
	lastNames  = []string{"Martin", "Durand", "Lefèvre", "Moreau", "Girard", "Bérenger", "Roux", "Chevalier"}
	topics     = []string{"Convention de mécénat", "Fête des jardins", "Subvention de fonctionnement", "Interview pour le journal",
		"Bilan annuel", "Facture des plants", "Réunion du comité", "Reçu fiscal", "Transport du matériel", "Dossier de presse"}
	sentences = []string{
		"Nous vous remercions pour votre soutien renouvelé cette année.",
		"Vous trouverez ci-joint le document demandé, signé par la présidente.",
		"La réunion est confirmée pour jeudi à 18 h au local de l'association.",
		"Le montant de 2 500 € sera versé avant la fin du trimestre.",
		"Pourriez-vous nous envoyer le bilan des actions menées ?",
		"Les bénévoles seront présents dès 9 h pour l'installation.",
		"Nous avons bien reçu votre courrier et nous revenons vers vous rapidement.",
		"L'article paraîtra dans l'édition de samedi, avec deux photos.",
	}
)

// Generate returns n messages between the association (bureau@asso.test)
// and its partners, deterministic for a seed: conversations of 1 to 15
// messages whose replies carry In-Reply-To and References (some only
// In-Reply-To, some none, as Outlook does), subjects with "RE :", "TR :",
// "Réf. :"; 30 % with an HTML alternative, 10 % with an attachment,
// some in ISO-8859-1 or Windows-1252.
func Generate(n int, seed uint64) []Msg {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := time.Date(2025, 1, 6, 8, 0, 0, 0, time.FixedZone("CET", 3600))
	out := make([]Msg, 0, n)
	type conv struct {
		subject string
		partner string
		ids     []string
		left    int
	}
	var open []*conv
	asso := "Les Jardins Partagés <bureau@asso.test>"
	for i := 0; len(out) < n; i++ {
		date := start.Add(time.Duration(i) * 17 * time.Minute)
		var c *conv
		if len(open) == 0 || r.IntN(3) == 0 {
			p := Partners[r.IntN(len(Partners))]
			person := fmt.Sprintf("%s %s <%s.%s@%s>", firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))],
				strings.ToLower(firstNames[r.IntN(len(firstNames))][:1]), fmt.Sprint(r.IntN(900)+100), p.Domain)
			subject := fmt.Sprintf("%s %d", topics[r.IntN(len(topics))], 2025+r.IntN(2))
			if r.IntN(10) < 7 {
				subject += fmt.Sprintf(" (dossier %d)", i)
			}
			c = &conv{subject: subject, partner: person, left: 1 + r.IntN(15)}
			open = append(open, c)
		} else {
			c = open[r.IntN(len(open))]
		}
		m := Msg{ID: fmt.Sprintf("gen-%d-%d@asso.test", seed, len(out)), Date: date}
		from, to := asso, c.partner
		if len(c.ids)%2 == 1 {
			from, to = to, from
		}
		m.From, m.To = from, to
		if r.IntN(5) == 0 {
			m.Cc = fmt.Sprintf("secretariat@%s", Partners[r.IntN(len(Partners))].Domain)
		}
		m.Subject = c.subject
		if len(c.ids) > 0 {
			m.Subject = []string{"Re: ", "RE : ", "TR : ", "Réf. : ", "Re: Re: "}[r.IntN(5)] + c.subject
			switch r.IntN(10) {
			case 0: // no header at all: threaded by subject
			case 1, 2:
				m.InReplyTo = c.ids[len(c.ids)-1]
			default:
				m.InReplyTo = c.ids[len(c.ids)-1]
				m.References = append([]string(nil), c.ids[max(0, len(c.ids)-10):]...)
			}
		}
		var body strings.Builder
		body.WriteString("Bonjour,\n\n")
		for k := 0; k < 3+r.IntN(12); k++ {
			body.WriteString(sentences[r.IntN(len(sentences))])
			body.WriteString("\n")
		}
		body.WriteString("\nBien cordialement,\n" + strings.Split(from, " <")[0] + "\n")
		if len(c.ids) > 0 {
			body.WriteString("\nLe " + date.Add(-time.Hour).Format("02/01/2006 à 15:04") + ", " + strings.Split(to, " <")[0] + " a écrit :\n")
			for k := 0; k < 4+r.IntN(10); k++ {
				body.WriteString("> " + sentences[r.IntN(len(sentences))] + "\n")
			}
		}
		m.Body = body.String()
		switch k := r.IntN(10); {
		case k < 3:
			m.HTML = "<html><body><p>" + strings.ReplaceAll(m.Body, "\n", "<br>\n") + "</p><img src=\"https://tracker.example/p.gif\"></body></html>"
		case k == 3:
			data := make([]byte, 4000+r.IntN(30000))
			for j := range data {
				data[j] = byte(r.IntN(256))
			}
			m.Attachments = []Attachment{{Name: fmt.Sprintf("document-%d.pdf", len(out)), Type: "application/pdf", Data: data}}
		}
		switch r.IntN(10) {
		case 0:
			m.Charset = "iso-8859-1"
		case 1:
			m.Charset = "windows-1252"
		}
		out = append(out, m)
		c.ids = append(c.ids, m.ID)
		c.left--
		if c.left <= 0 {
			for j, o := range open {
				if o == c {
					open = append(open[:j], open[j+1:]...)
					break
				}
			}
		}
	}
	return out
}
