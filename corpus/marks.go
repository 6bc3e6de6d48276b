package corpus

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quotation marks: pairing the marks of each language with a stack, so
// that nested quotations stay inside the outer one; recovering from marks
// the article left unbalanced; and joining a quotation interrupted by its
// attribution.

// Quotation marks. The opening mark decides which closing marks end the
// quotation (closes): « », “ ”, "…", ‘ ’, and the marks of other languages,
// German and Polish „ “ / „ ”, ‚ ‘, reversed » « and › ‹, Swedish ” ”,
// ‹ ›, and the corner brackets 「 」 and 『 』. Straight double quotes
// pair by position; ’ closes only a ‘ or a ‚ and only when no letter
// follows it, because it is also the apostrophe of "l’offre" and "it’s".
const (
	markNone = iota
	markOpen
	markClose
)

// closerOf gives the usual closing mark of an opening one.
func closerOf(r rune) rune {
	switch r {
	case '«':
		return '»'
	case '“':
		return '”'
	case '‘':
		return '’'
	case '„':
		return '“'
	case '‚':
		return '‘'
	case '»':
		return '«'
	case '‹':
		return '›'
	case '›':
		return '‹'
	case '「':
		return '」'
	case '『':
		return '』'
	}
	return '"'
}

// closes reports whether the closing mark c ends a quotation opened with
// open: „ is closed by “ (German) or ” (Polish), and by a straight " in
// text typed without the right key; ‚ by ‘ or ’.
func closes(open, c rune) bool {
	switch open {
	case '„':
		return c == '“' || c == '”' || c == '"'
	case '‚':
		return c == '‘' || c == '’'
	}
	return closerOf(open) == c
}

// opensQuote reports the marks that may open a quotation.
func opensQuote(r rune) bool {
	switch r {
	case '«', '“', '"', '‘', '„', '‚', '»', '‹', '›', '「', '『', '”':
		return true
	}
	return false
}

// newMark reports the marks of other languages than French and English: a
// quotation they open and nothing closes is not kept to the end of its
// paragraph, since an unpaired one is more likely a stray character.
func newMark(r rune) bool {
	switch r {
	case '«', '“', '‘', '"':
		return false
	}
	return true
}

type openMark struct {
	mark rune
	pos  int
}

// markQuotes scans the text for quotation marks, paragraph by paragraph,
// keeping a stack so that only outermost quotations come out. A quotation
// still open at the end of a paragraph runs on into the next one when that
// one reopens it (“… ¶ “…) or closes it before opening another (French
// « … ¶ … »); otherwise it ends with its paragraph.
func (x *extractor) markQuotes() []found {
	text := x.text
	out := make([]found, 0, 16)
	var cur found
	stack := make([]openMark, 0, 8)
	var inner [][2]int // closing marks of quotations nested in cur: start, end
	partStart := 0
	bracket := 0 // depth of [ … ] outside quotations: an editor's note quotes nothing
	for pi := 0; pi < len(x.paras); pi++ {
		p := x.paras[pi]
		i := p.start()
		if len(stack) > 0 {
			// runs on from the previous paragraph
			partStart = i
			if r, n := utf8.DecodeRuneInString(text[i:]); r == stack[0].mark || stack[0].mark == '«' && r == '»' {
				i += n
				partStart = i
			}
			stack = stack[:1]
		}
		for {
			bracket = 0
			prev := rune(' ')
			for i < p.end() {
				if c := text[i]; c < utf8.RuneSelf && c != '"' && c != '[' && c != ']' {
					prev = rune(c) // nothing to do with quotation marks
					i++
					continue
				}
				r, n := utf8.DecodeRuneInString(text[i:])
				if r >= utf8.RuneSelf && !isMarkRune(r) {
					prev = r // an accented letter: nothing to do either
					i += n
					continue
				}
				next, _ := utf8.DecodeRuneInString(text[i+n:])
				if i+n >= p.end() {
					next = ' '
				}
				kind, mark := classifyMark(r, prev, next, stack)
				if kind != markOpen && r == '»' && i == p.start() && len(stack) == 0 && spaceRune(next) && wordRune(afterSpace(text[i+n:p.end()])) {
					// a paragraph opening with a reversed mark in French
					// spacing: "» Nous … clients « , écrit X"
					kind, mark = markOpen, '»'
				}
				if r == '«' && kind == markOpen && stackHas(stack, '»') && spaceRune(prev) && !wordRune(afterSpace(text[i+n:p.end()])) {
					kind, mark = markClose, '«' // its closing mark: « , écrit X / « .
				}
				switch {
				case len(stack) == 0 && r == '[':
					bracket++
				case len(stack) == 0 && r == ']' && bracket > 0:
					bracket--
				case kind == markOpen:
					if len(stack) == 0 {
						cur = found{kind: markQuote, open: i, para: pi}
						partStart = i + n
						inner = inner[:0]
						if bracket > 0 {
							cur.open = -1 // inside an editor's note: scan, don't keep
						}
					}
					stack = append(stack, openMark{mark, i})
				case kind == markClose:
					k := len(stack) - 1
					for k >= 0 && !closes(stack[k].mark, mark) {
						k--
					}
					if k < 0 {
						break // a stray closing mark
					}
					if k > 0 && closes(stack[0].mark, mark) {
						inner = append(inner, [2]int{i, i + n})
					}
					stack = stack[:k]
					if k == 0 {
						cur.parts = append(cur.parts, [2]int{partStart, i})
						cur.close, cur.last = i+n, pi
						if cur.open >= 0 {
							out = append(out, cur)
						}
					}
				}
				prev = r
				i += n
			}
			// Unbalanced marks: a quotation still open at the end of the
			// paragraph it opened in, with a nested closing mark followed
			// by an attribution (« … « … », a affirmé X. « … »), ended at
			// that mark: one opening mark too many, not a missing closer.
			if len(stack) == 0 || cur.para != pi || len(cur.parts) > 0 || cur.open < 0 {
				break
			}
			at := slices.IndexFunc(inner, func(c [2]int) bool { return x.inciseAfter(c[1], p.end()) })
			if at < 0 {
				break
			}
			c := inner[at]
			cur.parts = append(cur.parts, [2]int{partStart, c[0]})
			cur.close, cur.last = c[1], pi
			out = append(out, cur)
			stack, inner, i = stack[:0], inner[:0], c[1]
		}
		if len(stack) == 0 {
			continue
		}
		cur.parts = append(cur.parts, [2]int{partStart, p.end()})
		if pi+1 < len(x.paras) && pi-cur.para < 8 && x.runsOn(pi+1, stack[0].mark) {
			continue
		}
		// Unclosed at the end of its paragraph: keep a typographic
		// quotation as far as the paragraph goes; an odd straight quote
		// is more likely a typo or an inch mark than a quotation, and an
		// unpaired mark of another language a stray character.
		if stack[0].mark != '"' && !newMark(stack[0].mark) && cur.open >= 0 && len(cur.parts) == 1 {
			cur.close, cur.last = p.end(), pi
			out = append(out, cur)
		}
		stack = stack[:0]
	}
	return out
}

// inciseAfter reports whether the words after a closing mark at pos (up
// to end) attribute the quotation: a comma or a dash, then a verb of
// saying ("», a affirmé X", "," she said).
func (x *extractor) inciseAfter(pos, end int) bool {
	ts := x.tokRange(pos, min(end, pos+120))
	i := 0
	for i < len(ts) && ts[i].kind == tokPunct && (ts[i].f == "," || ts[i].f == "—" || ts[i].f == "–" || ts[i].f == "-") {
		i++
	}
	if i == 0 {
		return false
	}
	for k := i; k < len(ts) && k-i < 5; k++ {
		if ts[k].kind != tokWord {
			return false
		}
		if sayingAt(ts, k) {
			return true
		}
	}
	return false
}

// runsOn reports whether a quotation opened with mark and still open at
// the end of a paragraph goes on in paragraph pi.
func (x *extractor) runsOn(pi int, mark rune) bool {
	p := x.paras[pi]
	r, _ := utf8.DecodeRuneInString(x.text[p.start():])
	if r == mark || mark == '«' && r == '»' {
		return true
	}
	if mark != '«' && mark != '“' {
		return false
	}
	// French convention: no reopening mark, the closing one comes later.
	closer := closerOf(mark)
	for _, r := range x.text[p.start():p.end()] {
		switch r {
		case mark:
			return false
		case closer:
			return true
		}
	}
	return false
}

// afterSpace is the first rune of s past white space, ' ' when none.
func afterSpace(s string) rune {
	for _, r := range s {
		if !spaceRune(r) {
			return r
		}
	}
	return ' '
}

// isMarkRune reports the typographic quotation marks.
func isMarkRune(r rune) bool {
	switch r {
	case '«', '»', '“', '”', '‘', '’', '„', '‚', '‹', '›', '「', '」', '『', '』':
		return true
	}
	return false
}

// wordRune reports a letter or a digit.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// classifyMark tells whether r opens or closes a quotation, and which mark
// it is (for a closing mark, the one closes is asked about), given the
// runes around it and what is open.
func classifyMark(r, prev, next rune, stack []openMark) (int, rune) {
	switch r {
	case '«':
		// closes a reversed » open, when it ends a word: »Wir …«
		if stackHas(stack, '»') && !spaceRune(prev) {
			return markClose, '«'
		}
		// « typed for » (a typo of French sources): a « is open, and this
		// one ends a word or a sentence with no word after it
		// (« … garantir« . / « … ?« .)
		if len(stack) > 0 && stack[len(stack)-1].mark == '«' &&
			(wordRune(prev) || strings.ContainsRune(".,!?…", prev)) && !wordRune(next) {
			return markClose, '»'
		}
		return markOpen, '«'
	case '»':
		// opens a reversed quotation when nothing French is open and
		// it starts a word: »Wir …«
		if !stackHas(stack, '«') && (spaceRune(prev) || prev == '(') && wordRune(next) {
			return markOpen, '»'
		}
		return markClose, '»'
	case '„':
		return markOpen, '„'
	case '‚':
		// a low single mark starts a word; U+201A between words is a
		// comma typed with the wrong key
		if unicode.IsLetter(prev) || !wordRune(next) {
			return markNone, 0
		}
		return markOpen, '‚'
	case '“':
		// closes a German „ when it ends a word: „…“
		if stackHas(stack, '„') && !stackHas(stack, '“') && !spaceRune(prev) && !wordRune(next) {
			return markClose, '“'
		}
		// “ written for ” (a common typo) when a “ is open and the
		// mark ends a word
		if stackHas(stack, '“') && !spaceRune(prev) && !wordRune(next) {
			return markClose, '”'
		}
		// a closing mark with nothing to close: it ends a word or a
		// sentence and no word follows (Danke“, …), so it opens nothing
		// either
		if !stackHas(stack, '“') && (wordRune(prev) || strings.ContainsRune(".,!?…", prev)) && !wordRune(next) && !strings.ContainsRune("$€£", next) {
			return markNone, 0
		}
		return markOpen, '“'
	case '”':
		// closes a Polish „ when it ends a word: „…”
		if stackHas(stack, '„') && !stackHas(stack, '“') && !spaceRune(prev) {
			return markClose, '”'
		}
		// ” written for “ when nothing is open and a word follows
		// (and the Swedish and Finnish ”…”)
		if !stackHas(stack, '“') && (spaceRune(prev) || prev == '(') && wordRune(next) {
			return markOpen, '“'
		}
		// mixed marks: a straight " closed by a curly ”
		if !stackHas(stack, '“') && stackHas(stack, '"') {
			return markClose, '"'
		}
		return markClose, '”'
	case '"':
		if stackHas(stack, '"') {
			return markClose, '"'
		}
		// mixed marks: a curly “ or a German „ closed by a straight "
		// that ends a word
		if stackHas(stack, '“') && !spaceRune(prev) && !wordRune(next) {
			return markClose, '”'
		}
		if stackHas(stack, '„') && !spaceRune(prev) && !wordRune(next) {
			return markClose, '"'
		}
		return markOpen, '"'
	case '‘':
		// closes a German ‚ when it ends a word: ‚…‘
		if stackHas(stack, '‚') && !spaceRune(prev) && !wordRune(next) {
			return markClose, '‘'
		}
		if unicode.IsLetter(prev) {
			return markNone, 0
		}
		return markOpen, '‘'
	case '’':
		if (stackHas(stack, '‘') || stackHas(stack, '‚')) && !unicode.IsLetter(next) {
			return markClose, '’'
		}
	case '‹':
		if stackHas(stack, '›') && !spaceRune(prev) {
			return markClose, '‹'
		}
		return markOpen, '‹'
	case '›':
		if !stackHas(stack, '‹') && (spaceRune(prev) || prev == '(') && wordRune(next) {
			return markOpen, '›'
		}
		return markClose, '›'
	case '「', '『':
		return markOpen, r
	case '」', '』':
		return markClose, r
	}
	return markNone, 0
}

func stackHas(stack []openMark, mark rune) bool {
	for _, m := range stack {
		if m.mark == mark {
			return true
		}
	}
	return false
}

// mergeInterrupted joins a quotation and the next one when only a short
// attribution with a verb of saying separates them, inside one sentence:
// "We will never compete," she said, "with our customers."
func (x *extractor) mergeInterrupted(fs []found) []found {
	out := fs[:0]
	for _, f := range fs {
		if n := len(out); n > 0 && f.kind == markQuote && out[n-1].kind == markQuote && out[n-1].last == f.para {
			prev := &out[n-1]
			gap := x.text[prev.close:f.open]
			if len(gap) <= 160 && isIncise(gap, x.tokRange(prev.close, f.open)) {
				if prev.incise == ([2]int{}) {
					prev.incise = [2]int{prev.close, f.open}
				}
				prev.parts = append(prev.parts, f.parts...)
				prev.close, prev.last = f.close, f.last
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// isIncise reports whether gap, the text between two quotations, is an
// attribution inserted in one sentence: it ends with a comma, holds a verb
// of saying and no end of sentence.
func isIncise(gap string, ts []tok) bool {
	g := strings.TrimSpace(gap)
	if !strings.HasSuffix(g, ",") || strings.ContainsAny(g, ".!?;:") {
		return false
	}
	for _, t := range ts {
		if t.kind == tokWord && isSayingWord(t) {
			return true
		}
	}
	return false
}
