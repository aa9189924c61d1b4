package mail

import (
	"regexp"
	"strings"

	"github.com/bureau-asso/bureau/internal/textfold"
)

// replyPrefix matches one reply or forward marker at the start of a
// subject, as written by French and other mail programs: "Re:", "RE :",
// "Re[2]:", "Fwd:", "Fw:", "TR:", "Réf. :", "AW:", "WG:", "SV:", "R:".
var replyPrefix = regexp.MustCompile(`(?i)^\s*(?:re|r|fwd?|tr|r[ée]f\.?|aw|wg|sv|vs|antw|rif|enc|res)\s*(?:\[\d+\]|\^\d+|\(\d+\))?\s*:\s*`)

// listTag matches a leading "[tag]" added by mailing lists and gateways
// ("[p5ml]", "[EXT]").
var listTag = regexp.MustCompile(`^\s*\[[^\]]{0,40}\]\s*`)

// fwdTrailer matches "(fwd)" at the end of old forwarded subjects.
var fwdTrailer = regexp.MustCompile(`(?i)\s*\(fwd\)\s*$`)

// BaseSubject returns the subject without reply and forward markers or
// list tags, folded (lower case, no accents, single spaces), so that
// "RE : Réunion" and "Tr: [EXT] réunion" compare equal.
func BaseSubject(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := replyPrefix.ReplaceAllString(s, "")
		t = listTag.ReplaceAllString(t, "")
		t = fwdTrailer.ReplaceAllString(t, "")
		if t == s {
			break
		}
		s = t
	}
	return textfold.Fold(s)
}

// IsReply reports whether the subject starts with a reply or forward
// marker, possibly after list tags.
func IsReply(s string) bool {
	for {
		t := listTag.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = t
	}
	return replyPrefix.MatchString(s)
}
