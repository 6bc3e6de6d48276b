package bot

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Slack reads "<…>" in message text as a control sequence: a link
// (<https://…|label>), a user mention (<@U…>), a channel (<#C…>) or a
// broadcast (<!here>, <!channel>, <!everyone>). Text that comes from users
// or articles must never be able to produce one, so every piece of it goes
// through Escape, and every text object is marked verbatim so that Slack
// does not turn bare "@here", "#general" or URLs into live mentions and
// links either.

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes s safe to place in Slack mrkdwn: it replaces the three
// characters Slack reserves (&, <, >) by their entities and drops control
// characters other than newline and tab, which have no business in a
// message and would otherwise pass into the JSON as they are.
func Escape(s string) string {
	return escaper.Replace(clean(s))
}

// clean drops control characters except newline and tab, and replaces
// invalid UTF-8, so that every later step works on well-formed text. The
// \x02 and \x03 highlight marks are control characters too, so plain text
// that carries stray marks loses them here.
func clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if r != '\n' && r != '\t' && unicode.IsControl(r) {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// oneLine is clean text with every run of white space made a single space,
// for names, titles and other fields that must not break a line (a newline
// in a speaker's name could start a "> quote" or a list in mrkdwn).
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// escapedLen is how long s is once escaped; limits apply to what is sent.
func escapedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '&':
			n += len("&amp;") - 1
		case '<', '>':
			n += len("&lt;") - 1
		}
	}
	return n
}

// ellipsis ends every shortened text.
const ellipsis = "…"

// shorten returns s cut so that, escaped, it takes at most max bytes,
// ending with "…" at a word boundary when there is one in the second half.
// It cuts raw text, before escaping, so an entity such as &amp; is never
// split, and it cuts between runes. Bytes are counted rather than
// characters because a byte count is never smaller than the character
// count Slack applies its limits to, whichever way Slack counts.
func shorten(s string, max int) string {
	if escapedLen(s) <= max {
		return s
	}
	room := max - len(ellipsis)
	if room <= 0 {
		return ""
	}
	// end is the longest rune-aligned prefix that fits.
	end, n := 0, 0
	for end < len(s) {
		_, size := utf8.DecodeRuneInString(s[end:])
		w := size
		switch s[end] {
		case '&':
			w = len("&amp;")
		case '<', '>':
			w = len("&lt;")
		}
		if n+w > room {
			break
		}
		n += w
		end += size
	}
	cut := end
	if sp := strings.LastIndexFunc(s[:end], unicode.IsSpace); sp > end/2 {
		cut = sp
	}
	out := strings.TrimRightFunc(s[:cut], func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':'
	})
	return out + ellipsis
}

// userID is the shape of a Slack user id. Only a string of this shape is
// ever turned into a mention.
var userID = regexp.MustCompile(`^[UW][A-Z0-9]+$`)

// mention returns the mention of a Slack user id, or "" when id does not
// look like one.
func mention(id string) string {
	if !userID.MatchString(id) {
		return ""
	}
	return "<@" + id + ">"
}

// maxURL bounds the length of a linked URL; a longer one is shown as its
// title alone, since a link is worth less than a message Slack refuses.
const maxURL = 1000

// linkable reports whether u may become a link: an absolute http(s) URL
// with a host, with nothing in it that could end Slack's <url|label>
// syntax early or start another one.
func linkable(u string) bool {
	if len(u) > maxURL || strings.ContainsAny(u, "|<> \t\r\n\"") {
		return false
	}
	for _, r := range u {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return false
		}
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || p.User != nil {
		return false
	}
	return p.Scheme == "http" || p.Scheme == "https"
}

// link renders label as a link to u when u is linkable, else as plain
// escaped text. The label is raw text; it is escaped here.
func link(u, label string) string {
	label = oneLine(label)
	if label == "" {
		label = u
	}
	if !linkable(u) {
		return Escape(label)
	}
	// Slack wants &, < and > escaped inside a link too; only & can occur
	// in a linkable URL.
	return "<" + Escape(u) + "|" + Escape(label) + ">"
}

// mrkdwn is the only way this package makes a text object for content:
// mrkdwn, verbatim, so that Slack adds no links or mentions of its own.
func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, true)
}

// plain makes a plain_text object, for fixed labels such as a button's.
func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}
