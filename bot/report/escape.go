package report

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// text makes s, which comes from an article or the registry, literal
// Markdown on one line: no link, image, HTML, emphasis, table cell or
// autolink can come out of it. CommonMark lets any ASCII punctuation be
// escaped with a backslash; the characters escaped are those that open
// something (links, HTML, emphasis, code, tables, strike-through,
// entities), '@', which GitHub's extended autolinks of e-mail addresses
// need, and, so that ordinary punctuation stays readable, only the ':'
// of "://" and a '.' followed by a letter or digit ("www.example.com").
func text(s string) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '!', '|', '~', '&', '@', '#', '{', '}', '$':
			b.WriteByte('\\')
		case ':':
			if strings.HasPrefix(s[i+1:], "/") {
				b.WriteByte('\\')
			}
		case '.':
			if next, _ := utf8.DecodeRuneInString(s[i+1:]); unicode.IsLetter(next) || unicode.IsDigit(next) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// clean drops control characters and replaces invalid UTF-8.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// link is a Markdown link to an article: the title as text, the URL as
// destination when it is an absolute http or https URL that can sit
// between angle brackets; otherwise the title alone.
func link(title, raw string) string {
	if strings.TrimSpace(title) == "" {
		title = raw
	}
	label := text(title)
	if label == "" {
		label = "article"
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.ContainsAny(raw, "<>\\ \t\n\r") {
		return label
	}
	return "[" + label + "](<" + raw + ">)"
}
