package corpus

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Markdown inline markup, stripped to the text it shows: emphasis and
// strikethrough give their text, links their link text, code spans their
// code; images, raw HTML tags and comments are dropped (a block tag such
// as <br> leaves a space), autolinks give their address; backslash escapes
// and entities are resolved.

// inlines writes the text of n's inline children.
func (w *mdWalker) inlines(n ast.Node, depth int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.inline(c, depth+1)
	}
}

func (w *mdWalker) inline(n ast.Node, depth int) {
	if depth > maxTreeDepth {
		return
	}
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(w.src)
		if n.IsRaw() {
			w.write(v)
		} else {
			w.unescape(v)
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.lineBreak()
		}
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			w.write(n.Value)
		} else {
			w.unescape(n.Value)
		}
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				w.write(c.Segment.Value(w.src))
			case *ast.String:
				w.write(c.Value)
			}
		}
	case *ast.Image:
		// Alt text describes a picture; it is not the article's prose.
	case *ast.AutoLink:
		w.write(n.Label(w.src))
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			if seg := n.Segments.At(0); blockTag(seg.Value(w.src)) {
				w.space = len(w.buf) > 0
			}
		}
	default: // emphasis, strikethrough and links give their text
		w.inlines(n, depth)
	}
}

// unescape writes Markdown text with its backslash escapes and entity
// references resolved, as goldmark's HTML renderer reads them.
func (w *mdWalker) unescape(s []byte) {
	last := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && util.IsPunct(s[i+1]):
			w.write(s[last:i])
			i++
			w.byte(s[i])
			last = i + 1
		case c == '&':
			if r, n := entity(s[i:]); n > 0 {
				w.write(s[last:i])
				w.writeString(r)
				i += n - 1
				last = i + 1
			}
		}
	}
	w.write(s[last:])
}

// entity reads an entity reference at s[0] == '&' ("&amp;", "&#233;",
// "&#xE9;") and returns what it stands for and its length, or 0.
func entity(s []byte) (string, int) {
	end := bytes.IndexByte(s[:min(len(s), 40)], ';')
	if end < 2 {
		return "", 0
	}
	name := s[1:end]
	if name[0] == '#' {
		digits, base := name[1:], 10
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			digits, base = digits[1:], 16
		}
		if len(digits) == 0 || len(digits) > 7 {
			return "", 0
		}
		v, err := strconv.ParseUint(string(digits), base, 32)
		if err != nil {
			return "", 0
		}
		r := rune(v)
		if r == 0 || !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		return string(r), end + 1
	}
	for _, c := range name {
		if !util.IsAlphaNumeric(c) {
			return "", 0
		}
	}
	if e, ok := util.LookUpHTML5EntityByName(string(name)); ok {
		return string(e.Characters), end + 1
	}
	return "", 0
}

// blockTag reports a raw HTML tag that breaks a line in a browser ("<br>",
// "</p>", "<div class=x>"), which leaves a space between the words it
// separates; other tags leave nothing.
func blockTag(tag []byte) bool {
	if len(tag) < 3 || tag[0] != '<' {
		return false
	}
	name := tag[1:]
	if name[0] == '/' {
		name = name[1:]
	}
	n := 0
	for n < len(name) && (isASCIILetter(name[n]) || n > 0 && name[n] >= '0' && name[n] <= '9') {
		n++
	}
	switch string(bytes.ToLower(name[:n])) {
	case "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote":
		return true
	}
	return false
}
