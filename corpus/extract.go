package corpus

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Finding quotations. Extract scans Article.Text once for quotation marks
// with a stack (so that nested quotations stay inside the outer one), and
// looks at paragraphs for the quotations journalism writes without marks:
// block quotes, paragraphs introduced by "he says:", embedded posts. Each
// quotation is then attributed (attribute.go) and labelled (stance.go).
//
// A quotation interrupted by its attribution (« … », a-t-il ajouté, « … »)
// is one Quote whose Text joins the parts with a single space: the incise
// interrupts the writing, not the speech, so nothing was left out and an
// ellipsis would wrongly suggest a cut.

// quoteKind says how a quotation was recognised.
type quoteKind uint8

const (
	markQuote  quoteKind = iota // between quotation marks
	blockQuote                  // a "> " paragraph
	colonQuote                  // a paragraph introduced by a verb of saying and a colon
	postQuote                   // an embedded post: "… — Slack (@SlackHQ) May 17, 2024"
)

// found is a quotation before attribution: where its marks are and which
// byte ranges of the text are its words.
type found struct {
	kind        quoteKind
	open, close int      // outer span: opening mark to after the closing one
	parts       [][2]int // the quoted words (several when interrupted or over paragraphs)
	para, last  int      // first and last paragraph
	incise      [2]int   // merged: the attribution between the parts, from the first closing mark
	author      string   // embedded post: the account's display name
	authorSpan  [2]int   // embedded post: "— Slack (@SlackHQ) …"
}

// Extract finds the quotations of an article, in order, with their speaker,
// vendor and stance labels. reg may be nil.
func Extract(a Article, reg *Registry) []Quote {
	x := newExtractor(a, reg)
	defer x.buf.release()
	fs := x.find()
	x.att.prepare(fs)
	quotes := make([]Quote, 0, len(fs))
	for i := range fs {
		if q, ok := x.quote(&fs[i]); ok {
			quotes = append(quotes, q)
		}
	}
	return quotes
}

// extractor holds what the passes over one article share.
type extractor struct {
	a      Article
	text   string
	reg    *Registry
	paras  []paraSpan   // paragraph spans, trimmed
	vspans []vendorSpan // vendor mentions in text
	toks   []tok        // the words of the whole text, read once
	buf    *tokBuf      // toks' buffers, from the pool
	att    attributor
}

func newExtractor(a Article, reg *Registry) *extractor {
	x := &extractor{a: a, text: a.Text, reg: reg}
	x.paras = paragraphSpans(a.Text)
	x.vspans = mentionsAt(reg, a.Text)
	x.buf = tokBufs.Get().(*tokBuf)
	x.toks = x.buf.tokens(a.Text, 0)
	x.att.init(x)
	return x
}

// tokRange is the tokens that lie within [s, e) of the text.
func (x *extractor) tokRange(s, e int) []tok {
	i, _ := slices.BinarySearchFunc(x.toks, s, func(t tok, s int) int { return cmp.Compare(t.s, s) })
	j := i
	for j < len(x.toks) && x.toks[j].e <= e {
		j++
	}
	return x.toks[i:j:j]
}

// paraSpan is a paragraph's byte span in the text, white space trimmed.
type paraSpan [2]int

func (p paraSpan) start() int { return p[0] }
func (p paraSpan) end() int   { return p[1] }

// paragraphSpans splits text at blank lines, each span trimmed of spaces.
func paragraphSpans(text string) []paraSpan {
	var ps []paraSpan
	i := 0
	for i < len(text) {
		j := strings.Index(text[i:], "\n\n")
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		s, e := trimSpan(text, i, end)
		if s < e {
			ps = append(ps, paraSpan{s, e})
		}
		if j < 0 {
			break
		}
		i = end + 2
	}
	return ps
}

// trimSpan narrows [s, e) to exclude surrounding white space, including
// the no-break spaces French puts inside guillemets.
func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:])
		if !spaceRune(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !spaceRune(r) {
			break
		}
		e -= n
	}
	return s, e
}

func spaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\v'
	}
	return unicode.IsSpace(r) || r == '\u202f'
}

// find returns every quotation of the article in text order: marked ones,
// then the unmarked kinds, overlapping ones dropped (the outer one wins),
// interrupted ones merged and scare quotes left out.
func (x *extractor) find() []found {
	var all []found
	blocks := x.blockQuotes()
	all = append(all, blocks...)
	all = append(all, x.colonQuotes(blocks)...)
	all = append(all, x.markQuotes()...)
	sortFound(all)
	// Outer quotations win: a marked quotation inside a block quote or an
	// embedded post is part of it.
	kept := all[:0]
	end := -1
	for _, f := range all {
		if f.open < end {
			continue
		}
		kept = append(kept, f)
		end = f.close
	}
	kept = x.mergeInterrupted(kept)
	out := kept[:0]
	for _, f := range kept {
		if x.isStatement(&f) {
			out = append(out, f)
		}
	}
	return out
}

func sortFound(fs []found) {
	// insertion sort: a handful of quotations, already nearly in order
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && (fs[j].open < fs[j-1].open || fs[j].open == fs[j-1].open && fs[j].close > fs[j-1].close); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// Quotation marks. Straight double quotes pair by position; ’ closes only
// a ‘ and only when no letter follows it, because it is also the
// apostrophe of "l’offre" and "it’s".
const (
	markNone = iota
	markOpen
	markClose
)

// closerOf gives the closing mark of an opening one.
func closerOf(r rune) rune {
	switch r {
	case '«':
		return '»'
	case '“':
		return '”'
	case '‘':
		return '’'
	}
	return '"'
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
	var out []found
	var cur found
	var stack []openMark
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
		bracket = 0
		prev := rune(' ')
		for i < p.end() {
			if c := text[i]; c < utf8.RuneSelf && c != '"' && c != '[' && c != ']' {
				prev = rune(c) // nothing to do with quotation marks
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[i:])
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if i+n >= p.end() {
				next = ' '
			}
			kind, mark := classifyMark(r, prev, next, stack)
			switch {
			case len(stack) == 0 && r == '[':
				bracket++
			case len(stack) == 0 && r == ']' && bracket > 0:
				bracket--
			case kind == markOpen:
				if len(stack) == 0 {
					cur = found{kind: markQuote, open: i, para: pi}
					partStart = i + n
					if bracket > 0 {
						cur.open = -1 // inside an editor's note: scan, don't keep
					}
				}
				stack = append(stack, openMark{mark, i})
			case kind == markClose:
				k := len(stack) - 1
				for k >= 0 && closerOf(stack[k].mark) != mark {
					k--
				}
				if k < 0 {
					break // a stray closing mark
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
		if len(stack) == 0 {
			continue
		}
		cur.parts = append(cur.parts, [2]int{partStart, p.end()})
		if pi+1 < len(x.paras) && pi-cur.para < 8 && x.runsOn(pi+1, stack[0].mark) {
			continue
		}
		// Unclosed at the end of its paragraph: keep a typographic
		// quotation as far as the paragraph goes; an odd straight quote
		// is more likely a typo or an inch mark than a quotation.
		if stack[0].mark != '"' && cur.open >= 0 && len(cur.parts) == 1 {
			cur.close, cur.last = p.end(), pi
			out = append(out, cur)
		}
		stack = stack[:0]
	}
	return out
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

// classifyMark tells whether r opens or closes a quotation, and which mark
// it pairs with, given the runes around it and what is open.
func classifyMark(r, prev, next rune, stack []openMark) (int, rune) {
	switch r {
	case '«':
		return markOpen, '«'
	case '»':
		return markClose, '»'
	case '“':
		// “ written for ” (a common typo) when a “ is open and the
		// mark ends a word
		if stackHas(stack, '“') && !spaceRune(prev) && !unicode.IsLetter(next) && !unicode.IsDigit(next) {
			return markClose, '”'
		}
		return markOpen, '“'
	case '”':
		// ” written for “ when nothing is open and a word follows
		if !stackHas(stack, '“') && (spaceRune(prev) || prev == '(') && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
			return markOpen, '“'
		}
		return markClose, '”'
	case '"':
		if stackHas(stack, '"') {
			return markClose, '"'
		}
		return markOpen, '"'
	case '‘':
		if unicode.IsLetter(prev) {
			return markNone, 0
		}
		return markOpen, '‘'
	case '’':
		if stackHas(stack, '‘') && !unicode.IsLetter(next) {
			return markClose, '’'
		}
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

// words counts the words of a quotation.
func (f *found) words(text string) int {
	n := 0
	for _, pt := range f.parts {
		in := false
		for _, r := range text[pt[0]:pt[1]] {
			sp := spaceRune(r)
			if !sp && !in {
				n++
			}
			in = !sp
		}
	}
	return n
}

// isStatement leaves out what quotation marks also mark: a scare-quoted
// word ("cloud"), a title (« Amazon Care », “Project Nimbus”). A short
// quotation counts only next to a verb of saying.
func (x *extractor) isStatement(f *found) bool {
	if f.kind != markQuote {
		return true
	}
	s, e := f.parts[0][0], f.parts[len(f.parts)-1][1]
	inner := x.text[s:e]
	if strings.TrimFunc(inner, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
		return false
	}
	n := f.words(x.text)
	if looksLikeTitle(inner) && n <= 8 {
		return false
	}
	if n >= 4 {
		return true
	}
	if n < 2 {
		return false
	}
	return x.att.sayingNear(f)
}

// looksLikeTitle reports whether every significant word is capitalised and
// the words end no sentence: "Project Nimbus", « Amazon Care ».
func looksLikeTitle(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 120 || strings.ContainsAny(s[len(s)-1:], ".!?") {
		return false
	}
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			continue
		}
		switch strings.ToLower(w) {
		case "of", "the", "and", "for", "a", "in", "on", "de", "du", "des", "la", "le", "les", "et", "en", "à", "&":
			continue
		}
		return false
	}
	return true
}

// quoteText joins a quotation's parts, white space collapsed, and trims
// the comma an incise leaves at the end of a part ("…," she said).
func (x *extractor) quoteText(f *found) (string, int, int) {
	var b strings.Builder
	b.Grow(f.parts[len(f.parts)-1][1] - f.parts[0][0])
	start, end := -1, 0
	for _, pt := range f.parts {
		s, e := trimSpan(x.text, pt[0], pt[1])
		if s >= e {
			continue
		}
		if start < 0 {
			start = s
		}
		end = e
		part := strings.TrimRight(x.text[s:e], ", \u00a0\u202f")
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		collapseSpace(&b, part)
	}
	return b.String(), max(start, 0), end
}

// collapseSpace writes s with every run of white space as one space.
func collapseSpace(b *strings.Builder, s string) {
	run, first := 0, true // start of the current run of non-space text
	write := func(w string) {
		if !first {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		first = false
	}
	for i, r := range s {
		if !spaceRune(r) {
			continue
		}
		if run < i {
			write(s[run:i])
		}
		run = i + utf8.RuneLen(r)
	}
	if run < len(s) {
		write(s[run:])
	}
}

// quote turns a found quotation into a Quote: text, speaker, vendor,
// labels. ok is false when nothing is left of the text.
func (x *extractor) quote(f *found) (Quote, bool) {
	text, start, end := x.quoteText(f)
	if text == "" || !utf8.ValidString(text) {
		return Quote{}, false
	}
	q := Quote{Text: text, Lang: x.a.Lang, Start: start, End: end}
	sp := x.att.attribute(f)
	q.Speaker, q.SpeakerTitle, q.Attribution = sp.name, sp.title, Attribution{Rule: sp.rule, Evidence: sp.evidence}
	q.Vendor = sp.vendor
	if q.Vendor == "" {
		q.Vendor = x.vendorAbout(f)
	}
	q.Labels, q.Cues = labelStance(text)
	return q, true
}

// vendorAbout is the vendor a quotation without a vendor speaker is about:
// the first named in the quotation, else in its paragraph, else the
// article's own.
func (x *extractor) vendorAbout(f *found) string {
	if id := x.vendorIn(f.parts[0][0], f.parts[len(f.parts)-1][1]); id != "" {
		return id
	}
	p := x.paras[f.para]
	if id := x.vendorIn(p.start(), x.paras[f.last].end()); id != "" {
		return id
	}
	// the paragraph before, when it is about one vendor only
	if f.para > 0 {
		pp := x.paras[f.para-1]
		id := x.vendorIn(pp.start(), pp.end())
		for _, m := range x.vspans {
			if m.start >= pp.start() && m.end <= pp.end() && m.id != id {
				id = ""
				break
			}
		}
		if id != "" {
			return id
		}
	}
	if len(x.a.Vendors) > 0 {
		return x.a.Vendors[0]
	}
	return ""
}

// vendorIn is the first vendor named within [s, e) of the text.
func (x *extractor) vendorIn(s, e int) string {
	for _, m := range x.vspans {
		if m.start >= s && m.end <= e {
			return m.id
		}
	}
	return ""
}

// vendorSpan is a vendor named in the text, as the registry found it.
type vendorSpan struct {
	id         string
	start, end int
}

// mentionsAt lists the vendors named in text, in order.
func mentionsAt(reg *Registry, text string) []vendorSpan {
	ms := reg.MentionsAt(text)
	out := make([]vendorSpan, len(ms))
	for i, m := range ms {
		out[i] = vendorSpan{m.ID, m.Start, m.End}
	}
	return out
}

// registryPerson is the vendor a known spokesperson speaks for, or "".
func (a *attributor) registryPerson(name string) string {
	if strings.IndexByte(name, ' ') < 0 {
		return "" // a lone surname may be anybody's
	}
	id, _ := a.x.reg.Person(name)
	return id
}
