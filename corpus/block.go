package corpus

import (
	"strings"
	"unicode"
)

// Paragraphs before they are joined into Article.Text: every reader
// (Markdown, plain text, HTML) cuts its body into blocks, and joinBlocks
// puts "\n\n" between them and a leading "> " on block quotes (see
// Article.Text).

// block is one paragraph of the text, before it is joined.
type block struct {
	text    string
	heading int  // heading level; 0 for a paragraph
	quote   bool // from a block quote
	// first is the paragraph's first line when it has several (set on the
	// first paragraph only): a title when there is no other.
	first string
}

// quoteMarker starts every paragraph of Article.Text that was a block quote.
const quoteMarker = "> "

// plainBlocks splits a plain text body into paragraphs: blank lines separate
// them, and a paragraph whose lines all start with ">" is a block quote.
func plainBlocks(body string) []block {
	var out []block
	for _, para := range strings.Split(body, "\n\n") {
		lines := strings.Split(strings.TrimSpace(para), "\n")
		quote := true
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if !strings.HasPrefix(l, ">") {
				quote = false
			}
			lines[i] = l
		}
		if quote {
			for i, l := range lines {
				lines[i] = unquote(l)
			}
		}
		if t := collapse(strings.Join(lines, " ")); t != "" {
			out = append(out, block{text: t, quote: quote, first: collapse(lines[0])})
		}
	}
	return out
}

// unquote strips block quote markers (nested ones too) from a line.
func unquote(t string) string {
	for strings.HasPrefix(t, ">") {
		t = strings.TrimLeft(t[1:], " ")
	}
	return t
}

// joinBlocks makes Article.Text of paragraphs.
func joinBlocks(bs []block) string {
	var b strings.Builder
	n := 0
	for _, bl := range bs {
		n += len(bl.text) + len(quoteMarker) + 2
	}
	b.Grow(n)
	for i, bl := range bs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		if bl.quote {
			b.WriteString(quoteMarker)
		}
		b.WriteString(bl.text)
	}
	return b.String()
}

// collapse turns each run of white space into one space and trims the ends
// (of any Unicode space). No-break spaces inside are kept: French
// typography puts them inside « ».
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
		}
	}
	return strings.TrimFunc(b.String(), unicode.IsSpace)
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
