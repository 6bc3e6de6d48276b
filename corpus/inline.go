package corpus

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Markdown inline markup: emphasis, code spans, links and reference links,
// images, raw HTML tags and entities, stripped to the text they show.

// delim is a run of emphasis characters written to the output.
type delim struct {
	at, n         int // where in the output, and how many
	ch            byte
	open, closing bool
	cut           int // characters removed when paired
}

// inline strips inline Markdown from one paragraph: links and images,
// emphasis, code spans, HTML tags and comments, backslash escapes and
// entities. Bracketed text that is not a link ("[Ndlr : …]") is kept.
func inline(s string, refs map[string]bool, depth int) string {
	if !strings.ContainsAny(s, "\\`![<&*_~") {
		return s // nothing to strip; most link texts
	}
	out := make([]byte, 0, len(s))
	var ds []delim
	var (
		pairs  bracketPairs // computed at the first '['
		paired bool
	)
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				out = append(out, s[i+1])
				i += 2
				continue
			}
		case '`':
			n := run(s, i, '`')
			if j := closingTicks(s, i+n, n); j >= 0 {
				code := s[i+n : j]
				if len(code) > 2 && code[0] == ' ' && code[len(code)-1] == ' ' {
					code = code[1 : len(code)-1]
				}
				out = append(out, code...)
				i = j + n
				continue
			}
			out = append(out, s[i:i+n]...)
			i += n
			continue
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				if !paired {
					pairs, paired = brackets(s), true
				}
				if _, end, ok := link(s, i+1, refs, pairs); ok {
					i = end // images are dropped: their alt text is not prose
					continue
				}
			}
		case '[':
			if depth < maxDepth {
				if !paired {
					pairs, paired = brackets(s), true
				}
				if text, end, ok := link(s, i, refs, pairs); ok {
					out = append(out, inline(text, refs, depth+1)...)
					i = end
					continue
				}
			}
		case '<':
			if end, repl, ok := tag(s, i); ok {
				out = append(out, repl...)
				i = end
				continue
			}
		case '&':
			if j := strings.IndexByte(s[i:min(len(s), i+34)], ';'); j > 1 && isEntityName(s[i+1:i+j]) {
				out = append(out, html.UnescapeString(s[i:i+j+1])...)
				i += j + 1
				continue
			}
		case '*', '_', '~':
			n := run(s, i, c)
			prev, next := runeBefore(s, i), runeAfter(s, i+n)
			left := !unicode.IsSpace(next) && (!isPunct(next) || unicode.IsSpace(prev) || isPunct(prev))
			right := !unicode.IsSpace(prev) && (!isPunct(prev) || unicode.IsSpace(next) || isPunct(next))
			d := delim{at: len(out), n: n, ch: c, open: left, closing: right}
			if c == '_' {
				d.open = left && (!right || isPunct(prev))
				d.closing = right && (!left || isPunct(next))
			}
			if c == '~' && n != 2 {
				d.open, d.closing = false, false
			}
			out = append(out, s[i:i+n]...)
			if d.open || d.closing {
				ds = append(ds, d)
			}
			i += n
			continue
		}
		out = append(out, c)
		i++
	}
	if len(ds) == 0 {
		return string(out)
	}
	pairEmphasis(ds)
	var b strings.Builder
	b.Grow(len(out))
	last := 0
	for _, d := range ds {
		if d.cut == 0 {
			continue
		}
		b.Write(out[last:d.at])
		last = d.at + d.cut
	}
	b.Write(out[last:])
	return b.String()
}

// pairEmphasis matches closing delimiter runs with the nearest opening run
// of the same character and marks the characters to cut. Unpaired runs
// ("2 * 3", a stray "_") stay in the text.
func pairEmphasis(ds []delim) {
	var stack []int
	for i := range ds {
		d := &ds[i]
		if d.closing {
			for k := len(stack) - 1; k >= 0; k-- {
				o := &ds[stack[k]]
				if o.ch != d.ch {
					continue
				}
				m := min(o.n, d.n)
				// A closer cuts from its start, an opener from its end.
				o.at += o.n - m
				o.cut, d.cut = m, m
				stack = stack[:k]
				break
			}
			if d.cut > 0 {
				continue
			}
		}
		if d.open {
			stack = append(stack, i)
		}
	}
}

// link reads a link at s[i] == '[': "[text](dest)", "[text][ref]",
// "[text][]" or "[text]" when text is a defined reference. It returns the
// link text and the offset after the link. pairs pairs the brackets and
// parentheses of s.
func link(s string, i int, refs map[string]bool, pairs bracketPairs) (text string, end int, ok bool) {
	j, found := pairs.closing(i)
	if !found {
		return "", 0, false
	}
	text = s[i+1 : j]
	switch {
	case j+1 < len(s) && s[j+1] == '(':
		if k, found := pairs.closing(j + 1); found {
			return text, k + 1, true
		}
	case j+1 < len(s) && s[j+1] == '[':
		if k, found := pairs.closing(j + 1); found {
			ref := s[j+2 : k]
			if strings.TrimSpace(ref) == "" {
				if !refs[normLabel(text)] {
					return "", 0, false
				}
			}
			// A full reference whose definition is missing (lost in a
			// copy and paste) is still a link.
			return text, k + 1, true
		}
	}
	if refs[normLabel(text)] {
		return text, j + 1, true
	}
	return "", 0, false
}

// brackets pairs the square brackets and the parentheses of s, honouring
// nesting and backslash escapes, in one pass: the inline scanner stays
// linear however many brackets a hostile file holds.
func brackets(s string) bracketPairs {
	pairs := make(bracketPairs, 0, strings.Count(s, "]"))
	var sqBuf, parBuf [16]int
	sq, par := sqBuf[:0], parBuf[:0]
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			sq = append(sq, i)
		case ']':
			if n := len(sq); n > 0 {
				pairs = append(pairs, [2]int{sq[n-1], i})
				sq = sq[:n-1]
			}
		case '(':
			par = append(par, i)
		case ')':
			// Only a parenthesis right after a ']' can hold a link's
			// destination; the others count for nesting alone.
			if n := len(par); n > 0 {
				if o := par[n-1]; o > 0 && s[o-1] == ']' {
					pairs = append(pairs, [2]int{o, i})
				}
				par = par[:n-1]
			}
		}
	}
	slices.SortFunc(pairs, func(a, b [2]int) int { return a[0] - b[0] })
	return pairs
}

// bracketPairs are the (opening, closing) offsets of brackets, by opening.
type bracketPairs [][2]int

// closing returns where the bracket opened at i closes.
func (p bracketPairs) closing(i int) (int, bool) {
	k, ok := slices.BinarySearchFunc(p, i, func(e [2]int, i int) int { return e[0] - i })
	if !ok {
		return 0, false
	}
	return p[k][1], true
}

// tag reads an HTML tag, comment or autolink at s[i] == '<' and says what
// replaces it: nothing for inline tags, a space for block tags, the address
// for an autolink.
func tag(s string, i int) (end int, repl string, ok bool) {
	if i+1 >= len(s) || !(isASCIILetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!') {
		return 0, "", false
	}
	rest := s[i:min(len(s), i+maxScan)]
	if strings.HasPrefix(rest, "<!--") {
		if j := strings.Index(rest[4:], "-->"); j >= 0 {
			return i + 4 + j + 3, "", true
		}
		return 0, "", false
	}
	j := strings.IndexByte(rest, '>')
	if j < 2 {
		return 0, "", false
	}
	inner := rest[1:j]
	if k := strings.Index(inner, "://"); k > 0 && !strings.ContainsAny(inner, " <\"'") || strings.HasPrefix(inner, "mailto:") {
		return i + j + 1, inner, true
	}
	name := inner
	if name[0] == '/' {
		name = name[1:]
	}
	n := 0
	for n < len(name) && (isASCIILetter(name[n]) || n > 0 && (name[n] >= '0' && name[n] <= '9' || name[n] == '-')) {
		n++
	}
	if n == 0 || (n < len(name) && name[n] != ' ' && name[n] != '/' && name[n] != '\t') || strings.ContainsRune(inner, '<') {
		return 0, "", false
	}
	end = i + j + 1
	switch strings.ToLower(name[:n]) {
	case "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote":
		return end, " ", true
	}
	return end, "", true
}

func closingTicks(s string, from, n int) int {
	for j := from; j < len(s); {
		k := strings.IndexByte(s[j:], '`')
		if k < 0 {
			return -1
		}
		j += k
		m := run(s, j, '`')
		if m == n {
			return j
		}
		j += m
	}
	return -1
}

func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

func runeBefore(s string, i int) rune {
	if i == 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAfter(s string, i int) rune {
	if i >= len(s) {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

func isASCIIPunct(c byte) bool {
	return c < utf8.RuneSelf && c > ' ' && !isASCIILetter(c) && (c < '0' || c > '9') && c != 0x7f
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isEntityName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isASCIILetter(c) || c >= '0' && c <= '9' || i == 0 && c == '#') {
			return false
		}
	}
	return true
}
