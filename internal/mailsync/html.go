package mailsync

import (
	"html"
	"strings"

	"github.com/inbucket/html2text"
	"github.com/microcosm-cc/bluemonday"
)

// htmlPolicy keeps the structure of a message (paragraphs, lists,
// quotes, tables, links) and drops everything else: scripts, styles,
// images, forms, frames and every attribute but a link's address. Bureau
// never fetches what a message points to; the policy also makes sure no
// later step could.
var htmlPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "small", "big", "font", "center",
		"ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "html", "body")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	return p
}()

// htmlToText sanitises an HTML part and renders it as plain text:
// paragraphs and line breaks kept, lists as "* ", quotes as "> ", links
// as "text ( address )".
func htmlToText(s string) string {
	clean := htmlPolicy.Sanitize(s)
	text, err := html2text.FromString(clean, html2text.Options{})
	if err != nil {
		// Last resort: no markup at all.
		return html.UnescapeString(bluemonday.StrictPolicy().Sanitize(s))
	}
	return strings.ReplaceAll(text, "\u00a0", " ")
}
