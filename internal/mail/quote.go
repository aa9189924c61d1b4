package mail

import (
	"regexp"
	"strings"
)

// Block is a run of lines of a message body: what the writer wrote, or
// what they quoted from earlier messages (folded by readers).
type Block struct {
	Quoted bool
	Text   string
	Lines  int
}

var (
	// attribution ends the line that introduces a quote:
	// "Le 3 juin 2026 à 10:02, Jeanne Martin <j@x.fr> a écrit :".
	attribution = regexp.MustCompile(`(?i)(a écrit|a ecrit|wrote|schrieb|escribió|ha scritto|heeft geschreven)\s*:\s*$`)
	// originalMarker starts the copy of the previous message that
	// Outlook and webmails put under a reply.
	originalMarker = regexp.MustCompile(`(?i)^\s*-{2,}\s*(original message|message d'origine|message original|mensaje original|ursprüngliche nachricht)\s*-{2,}\s*$`)
	// headerFrom and headerRest recognise the "De : … Envoyé : … Objet :"
	// block Outlook writes instead of a marker.
	headerFrom = regexp.MustCompile(`(?i)^\s*\*?(de|from|von)\s*:\*?\s*\S`)
	headerRest = regexp.MustCompile(`(?i)^\s*\*?(envoyé|sent|date|gesendet|objet|subject|betreff|à|to)\s*:\*?\s*`)
)

// SplitQuoted cuts a body into blocks. Lines starting with ">" are
// quoted, together with the attribution line just before them; an
// "-----Original Message-----" marker or an Outlook "De : / Envoyé : /
// Objet :" block quotes everything after it. Blank lines between two
// quoted runs stay quoted.
func SplitQuoted(text string) []Block {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	quoted := make([]bool, len(lines))
	for i, l := range lines {
		quoted[i] = strings.HasPrefix(strings.TrimLeft(l, " \t"), ">")
	}
	// Everything from an original-message marker on is quoted.
	for i, l := range lines {
		if originalMarker.MatchString(l) || (headerFrom.MatchString(l) && headerBlockAt(lines, i+1)) {
			for j := i; j < len(lines); j++ {
				quoted[j] = true
			}
			break
		}
	}
	// Attribution lines (possibly wrapped on two lines) before a quote.
	for i := range lines {
		if quoted[i] || !attribution.MatchString(lines[i]) {
			continue
		}
		next := i + 1
		for next < len(lines) && strings.TrimSpace(lines[next]) == "" {
			next++
		}
		if next < len(lines) && quoted[next] {
			for j := i; j < next; j++ {
				quoted[j] = true
			}
			// Gmail wraps long attributions: "Le lun. 3 juin 2026 à
			// 10:02, Jeanne <" / "j@x.fr> a écrit :".
			cur := strings.TrimSpace(lines[i])
			if i > 0 && !quoted[i-1] && !strings.HasPrefix(cur, "Le ") && !strings.HasPrefix(cur, "On ") {
				prev := strings.TrimSpace(lines[i-1])
				if (strings.HasPrefix(prev, "Le ") || strings.HasPrefix(prev, "On ")) && !strings.HasSuffix(prev, ".") {
					quoted[i-1] = true
				}
			}
		}
	}
	// Blank lines between two quoted runs belong to the quote.
	for i := range lines {
		if quoted[i] || strings.TrimSpace(lines[i]) != "" {
			continue
		}
		j := i
		for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
			j++
		}
		if i > 0 && quoted[i-1] && (j == len(lines) || quoted[j]) {
			for k := i; k < j; k++ {
				quoted[k] = true
			}
		}
	}
	var out []Block
	for i, l := range lines {
		if len(out) == 0 || out[len(out)-1].Quoted != quoted[i] {
			out = append(out, Block{Quoted: quoted[i]})
		}
		b := &out[len(out)-1]
		if b.Lines > 0 {
			b.Text += "\n"
		}
		b.Text += l
		b.Lines++
	}
	return out
}

// headerBlockAt reports whether two more header lines ("Envoyé :",
// "Objet :"…) follow within the next four lines.
func headerBlockAt(lines []string, from int) bool {
	n := 0
	for i := from; i < len(lines) && i < from+4; i++ {
		if headerRest.MatchString(lines[i]) {
			n++
		}
	}
	return n >= 2
}
