package corpus

import (
	"strings"
	"unicode"
)

// This file turns a Markdown (or plain text) body into Article.Text: block
// structure becomes paragraphs separated by "\n\n", inline markup is
// stripped, and block quotes keep a leading "> " marker (see Article.Text).

// block is one paragraph of the text, before it is joined.
type block struct {
	text    string
	heading int  // ATX or setext level; 0 for a paragraph
	quote   bool // from a "> " block quote
	// first is the paragraph's first line when it has several (set on the
	// first paragraph only): a title when there is no other.
	first string
}

// quoteMarker starts every paragraph of Article.Text that was a block quote.
const quoteMarker = "> "

// maxScan bounds how far the inline scanner looks for the end of a tag, so
// that hostile input stays linear.
const maxScan = 2048

// maxDepth bounds link-text recursion.
const maxDepth = 4

// markdownBlocks splits a Markdown body (LF line endings) into paragraphs
// with their inline markup stripped.
func markdownBlocks(body string) []block {
	lines := strings.Split(body, "\n")
	var refs map[string]bool
	if strings.Contains(body, "]:") {
		refs = refDefs(lines)
	}
	var (
		out   []block
		cur   []string
		quote bool
		fence string // the open code fence, "" when none
	)
	flush := func() {
		if len(cur) > 0 {
			if t := collapse(inline(strings.Join(cur, " "), refs, 0)); t != "" {
				b := block{text: t, quote: quote}
				if len(out) == 0 && len(cur) > 1 {
					b.first = collapse(inline(cur[0], refs, 0))
				}
				out = append(out, b)
			}
		}
		cur, quote = cur[:0], false
	}
	emit := func(b block) {
		if b.text != "" {
			out = append(out, b)
		}
	}
	for _, line := range lines {
		if fence != "" {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
				// Code is kept as written, one paragraph per block.
				if t := collapse(strings.Join(cur, " ")); t != "" {
					out = append(out, block{text: t})
				}
				cur = cur[:0]
				continue
			}
			cur = append(cur, line)
			continue
		}
		t := strings.TrimLeft(line, " \t")
		if len(line)-len(t) >= 4 && len(cur) > 0 { // indented continuation
			cur = append(cur, t)
			continue
		}
		switch {
		case strings.TrimSpace(t) == "":
			flush()
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			flush()
			fence = t[:3]
		case isRefDef(t):
			flush()
		case t[0] == '>':
			rest, _ := unquote(t)
			if !quote {
				flush()
			}
			if strings.TrimSpace(rest) == "" {
				flush()
				continue
			}
			if lvl, h := atxHeading(rest); lvl > 0 {
				flush()
				emit(block{text: collapse(inline(h, refs, 0)), quote: true})
				continue
			}
			if item, ok := listItem(rest, len(cur) > 0); ok {
				flush()
				rest = item
			}
			quote = true
			cur = append(cur, rest)
		case !quote && len(cur) > 0 && isSetext(t):
			lvl := 2
			if t[0] == '=' {
				lvl = 1
			}
			h := collapse(inline(strings.Join(cur, " "), refs, 0))
			cur = cur[:0]
			emit(block{text: h, heading: lvl})
		case isBreak(t):
			flush()
		default:
			if lvl, h := atxHeading(t); lvl > 0 {
				flush()
				emit(block{text: collapse(inline(h, refs, 0)), heading: lvl})
				continue
			}
			if item, ok := listItem(t, len(cur) > 0); ok {
				flush()
				t = item
			}
			cur = append(cur, t) // a lazy line continues a block quote too
		}
	}
	flush()
	return out
}

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
				lines[i], _ = unquote(l)
			}
		}
		if t := collapse(strings.Join(lines, " ")); t != "" {
			out = append(out, block{text: t, quote: quote, first: collapse(lines[0])})
		}
	}
	return out
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

// unquote strips block quote markers (nested ones too) from a line.
func unquote(t string) (rest string, depth int) {
	for strings.HasPrefix(t, ">") {
		t = strings.TrimPrefix(t[1:], " ")
		t = strings.TrimLeft(t, " ")
		depth++
	}
	return t, depth
}

// atxHeading reads "## Heading ##".
func atxHeading(t string) (level int, text string) {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(t) && t[n] != ' ' && t[n] != '\t') {
		return 0, ""
	}
	text = strings.TrimSpace(t[n:])
	if c := strings.TrimRight(text, "#"); c != text && (c == "" || strings.HasSuffix(c, " ")) {
		text = strings.TrimSpace(c)
	}
	return n, text
}

// isSetext reports a setext heading underline ("===" or "---").
func isSetext(t string) bool {
	t = strings.TrimSpace(t)
	return t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}

// isBreak reports a thematic break: three or more *, - or _ alone.
func isBreak(t string) bool {
	t = strings.TrimSpace(t)
	if len(t) < 3 || (t[0] != '*' && t[0] != '-' && t[0] != '_') {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// listItem strips a list marker ("- ", "* ", "+ ", "1. ", "1) "). An
// ordered item interrupts a paragraph only when it starts at 1, as in
// CommonMark, so that a wrapped line starting "2022. " stays text.
func listItem(t string, inPara bool) (string, bool) {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t') {
		return strings.TrimSpace(t[2:]), true
	}
	n := 0
	for n < len(t) && n < 9 && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	if n == 0 || n+1 >= len(t) || (t[n] != '.' && t[n] != ')') || (t[n+1] != ' ' && t[n+1] != '\t') {
		return "", false
	}
	if inPara && t[:n] != "1" {
		return "", false
	}
	return strings.TrimSpace(t[n+2:]), true
}

// isRefDef reports a link reference definition line: "[label]: url".
func isRefDef(t string) bool {
	_, ok := refDef(t)
	return ok
}

func refDef(t string) (label string, ok bool) {
	if !strings.HasPrefix(t, "[") || strings.HasPrefix(t, "[^") {
		return "", false
	}
	end := strings.Index(t, "]:")
	if end < 2 || strings.ContainsAny(t[1:end], "[]") {
		return "", false
	}
	if strings.TrimSpace(t[end+2:]) == "" {
		return "", false
	}
	return normLabel(t[1:end]), true
}

// refDefs collects the link reference labels defined outside code fences.
func refDefs(lines []string) map[string]bool {
	var refs map[string]bool
	fence := false
	for _, l := range lines {
		t := strings.TrimLeft(l, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if fence {
			continue
		}
		if label, ok := refDef(t); ok {
			if refs == nil {
				refs = map[string]bool{}
			}
			refs[label] = true
		}
	}
	return refs
}

func normLabel(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

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
