package corpus

import "strings"

// goldmark follows CommonMark faithfully, and CommonMark has constructs
// whose parsing cost grows with their nesting or their number within one
// paragraph: measured on goldmark 1.8, 64 KB of "*" around a word, of ">",
// of "* 1. " or of "[a](" each take seconds to minutes. defuse rewrites the
// body, in one linear pass, so that no paragraph gives goldmark more than a
// bounded amount of that work; the markup it disarms is escaped with a
// backslash, so the text still reads as written. Articles as they are
// written (at most a few dozen markup characters a paragraph, brackets two
// deep, quotes and lists a few levels deep) pass unchanged.

const (
	// maxParaMarkup is how many markup characters (markupChars) a
	// paragraph may hold and still be read as Markdown; a paragraph with
	// more has them all escaped, and reads as plain text.
	maxParaMarkup = 256
	// maxMarkup is how many markup characters a file may hold in the
	// paragraphs read as Markdown; the paragraphs past it read as plain
	// text.
	maxMarkup = 20_000
	// maxBracketDepth is how deep square brackets nest before the deeper
	// ones are escaped: a link holds no link, and an image in a link is
	// two deep.
	maxBracketDepth = 8
	// maxContainers is how many block quote and list markers may start a
	// line; the line's further markers are escaped.
	maxContainers = 16
	// maxIndent is how many bytes of indentation a line keeps, which bounds
	// how deep lists nest by indentation.
	maxIndent = 64
)

// markupChars are the characters that open or close inline markup in
// goldmark: links and images, emphasis, strikethrough, raw HTML and
// autolinks, code spans.
const markupChars = "[]*_~<`"

// isMarkup is markupChars as a table, for the scans.
var isMarkup = func() (t [256]bool) {
	for i := 0; i < len(markupChars); i++ {
		t[markupChars[i]] = true
	}
	return t
}()

// defuse returns body with the markup that would make goldmark slow
// escaped: body itself when there is none, as in every ordinary article.
func defuse(body string) string {
	d := defuser{s: body, budget: maxMarkup}
	paraStart := -1
	for i := 0; i < len(body); {
		end := strings.IndexByte(body[i:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += i
		}
		content, boundary := d.prefix(i, end)
		if boundary {
			if paraStart >= 0 {
				d.paragraph(paraStart)
				paraStart = -1
			}
		} else {
			if paraStart < 0 {
				paraStart = len(d.lines)
			}
			d.lines = append(d.lines, [2]int{content, end})
		}
		i = end + 1
	}
	if paraStart >= 0 {
		d.paragraph(paraStart)
	}
	if d.out == nil {
		return body
	}
	d.out = append(d.out, body[d.last:]...)
	return string(d.out)
}

// defuser is defuse's state. Its output is built lazily: out stays nil
// until the first change, then holds the body up to last, rewritten.
type defuser struct {
	s      string
	out    []byte
	last   int
	budget int      // markup characters left for paragraphs read as Markdown
	lines  [][2]int // the current paragraph's lines: content start, end
}

// insert puts a backslash before s[at], which must be at or after last
// and on increasing offsets.
func (d *defuser) insert(at int) {
	if d.out == nil {
		d.out = make([]byte, 0, len(d.s)+len(d.s)/8)
	}
	d.out = append(d.out, d.s[d.last:at]...)
	d.out = append(d.out, '\\')
	d.last = at
}

// drop removes s[from:to].
func (d *defuser) drop(from, to int) {
	if d.out == nil {
		d.out = make([]byte, 0, len(d.s))
	}
	d.out = append(d.out, d.s[d.last:from]...)
	d.last = to
}

// prefix reads the line s[i:end]'s indentation and container markers
// (block quotes, list items), capping both, and returns where its content
// starts. boundary says the line ends a paragraph: it holds nothing but
// white space and block quote markers, all kept.
func (d *defuser) prefix(i, end int) (content int, boundary bool) {
	s := d.s
	j := i
	for j < end && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j-i > maxIndent {
		d.drop(i+maxIndent, j)
	}
	depth, capped := 0, false
	for !capped {
		k := j
		for k < end && k-j < 4 && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		marker := -1 // the marker's character, to escape past the cap
		next := k
		switch {
		case k < end && s[k] == '>':
			marker, next = k, k+1
		case k+1 < end && (s[k] == '-' || s[k] == '+' || s[k] == '*') && (s[k+1] == ' ' || s[k+1] == '\t'):
			marker, next = k, k+2
		default:
			m := k
			for m < end && m-k < 9 && s[m] >= '0' && s[m] <= '9' {
				m++
			}
			if m > k && m+1 < end && (s[m] == '.' || s[m] == ')') && (s[m+1] == ' ' || s[m+1] == '\t') {
				marker, next = m, m+2
			}
		}
		if marker < 0 {
			break
		}
		if depth++; depth > maxContainers {
			d.insert(marker)
			capped = true
			break
		}
		j = next
	}
	if !capped && strings.Trim(s[i:end], " \t>") == "" {
		return end, true
	}
	return j, false
}

// paragraph escapes what is needed in the paragraph whose lines are
// d.lines[from:]: all its markup when it holds too much, else the brackets
// nested too deep.
func (d *defuser) paragraph(from int) {
	lines := d.lines[from:]
	d.lines = d.lines[:from]
	n := 0
	for _, l := range lines {
		for _, c := range []byte(d.s[l[0]:l[1]]) {
			if isMarkup[c] {
				n++
			}
		}
	}
	plain := n > maxParaMarkup || n > d.budget
	if !plain {
		d.budget -= n
	}
	if n == 0 {
		return
	}
	depth := 0
	for _, l := range lines {
		for i := l[0]; i < l[1]; i++ {
			c := d.s[i]
			switch {
			case c == '\\' && i+1 < l[1] && isASCIIPunct(d.s[i+1]):
				i++ // already escaped
			case plain && isMarkup[c]:
				d.insert(i)
			case c == '[':
				if depth >= maxBracketDepth {
					d.insert(i)
				} else {
					depth++
				}
			case c == ']':
				depth = max(0, depth-1)
			}
		}
	}
}

func isASCIIPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isASCIILetter(c) && (c < '0' || c > '9')
}
