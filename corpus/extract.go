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
// quotation is then attributed (sieve.go) and labelled (stance.go).
//
// A quotation interrupted by its attribution (« … », a-t-il ajouté, « … »)
// is one Quote whose Text joins the parts with a single space: the incise
// interrupts the writing, not the speech, so nothing was left out and an
// ellipsis would wrongly suggest a cut.

// quoteKind says how a quotation was recognised.
type quoteKind uint8

const (
	markQuote   quoteKind = iota // between quotation marks
	blockQuote                   // a "> " paragraph
	colonQuote                   // a paragraph introduced by a colon: "he says:", "the following statement:"
	postQuote                    // an embedded post: "… — Slack (@SlackHQ) May 17, 2024"
	answerQuote                  // an interview's answer without marks: "A: …", "— …", "Jane Roe: …" after a question
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
	label       [2]int   // answer: the speaker's label, "Jane Roe:"
}

// Extract finds the quotations of an article, in order, with their speaker,
// vendor and stance labels. reg may be nil.
func Extract(a Article, reg *Registry) []Quote {
	x := newExtractor(a, reg)
	defer x.buf.release()
	x.speakers = loadedSpeakerModel()
	x.vendors = loadedVendorModel()
	return x.extract()
}

// extract finds, attributes and labels the quotations.
func (x *extractor) extract() []Quote {
	fs := x.find()
	v := newView(x, fs)
	quotes := make([]Quote, 0, len(fs))
	for i := range fs {
		if q, _, ok := x.quote(&fs[i], v); ok {
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
	cues   cueBuf       // the stance labeller's buffers, reused from quotation to quotation
	// speakers is the learned attribution step; nil: the sieve alone
	// decides (its table tests).
	speakers *speakerModel
	// vendors is the learned vendor step; nil: the rule (vendorAbout)
	// decides.
	vendors *vendorModel
	// seen, when set, is given every quotation with its candidate
	// speakers and their features (the trainer's examples).
	seen func(q *Quote, a *attribution)
	att  attribution // the current quotation's, its candidates reused
}

func newExtractor(a Article, reg *Registry) *extractor {
	x := &extractor{a: a, text: a.Text, reg: reg}
	x.paras = paragraphSpans(a.Text)
	x.buf = tokBufs.Get().(*tokBuf)
	x.toks = x.buf.tokens(a.Text, 0)
	x.vspans = reg.mentionsIn(a.Text, x.toks)
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

// find returns every quotation of the article in text order: marked ones,
// then the unmarked kinds, overlapping ones dropped (the outer one wins),
// interrupted ones merged and scare quotes left out.
func (x *extractor) find() []found {
	var all []found
	blocks := x.blockQuotes()
	all = append(all, blocks...)
	all = append(all, x.colonQuotes(blocks)...)
	all = append(all, x.answerQuotes()...)
	all = append(all, x.openlessQuotes()...)
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
	if n >= 4 || n >= 2 && sentenceQuote(inner) {
		return true
	}
	if n < 2 {
		return false
	}
	return bareView(x).sayingNear(f)
}

// sentenceQuote reports whether a short quotation is a whole sentence:
// a capital first, its own full stop, and words in lower case ("That was
// wrong."), which a scare-quoted word or a title ("Great Wall.") has not.
func sentenceQuote(s string) bool {
	s = strings.TrimSpace(s)
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && strings.ContainsAny(s[len(s)-1:], ".!?") && !looksLikeTitle(strings.TrimRight(s, ".!?"))
}

// looksLikeTitle reports whether every significant word is capitalised and
// the words end no sentence: "Project Nimbus", « Amazon Care ».
func looksLikeTitle(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 120 || strings.ContainsAny(s[len(s)-1:], ".!?") {
		return false
	}
	for s != "" {
		i := strings.IndexFunc(s, spaceRune)
		w := s
		if i >= 0 {
			w, s = s[:i], strings.TrimLeftFunc(s[i:], spaceRune)
		} else {
			s = ""
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			continue
		}
		switch w {
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

// quote turns a found quotation into a Quote: text, speaker (attributed
// with v, which moves on to the next quotation, and returned too), vendor,
// labels. ok is false when nothing is left of the text, and v is left as
// it was.
func (x *extractor) quote(f *found, v *view) (Quote, speaker, bool) {
	text, start, end := x.quoteText(f)
	if text == "" || !utf8.ValidString(text) {
		return Quote{}, speaker{}, false
	}
	q := Quote{Text: text, Lang: x.a.Lang, Start: start, End: end}
	a := &x.att
	sp := v.attribute(f, a)
	if x.speakers != nil || x.seen != nil {
		a.cands = v.candidates(a)
		v.featurize(a)
	}
	if x.speakers != nil {
		sp = v.decide(a, x.speakers)
	}
	v.notePronoun(a)
	q.Speaker, q.SpeakerTitle, q.Attribution = sp.name, sp.title, Attribution{Rule: sp.rule, Evidence: sp.evidence}
	q.Vendor = sp.vendor
	a.vopen, a.vrule = false, ""
	switch {
	case q.Vendor != "" || sp.outsider:
	case sp.rule == "org-verb":
		// an organisation that is no vendor (a ministry, a regulator)
		// speaks for the vendor its words name, not for the article's
		q.Vendor = x.vendorIn(f.parts[0][0], f.parts[len(f.parts)-1][1])
	default:
		// the speaker gives none: the learned vendor step (vendor_model.go)
		// decides among the vendors named around, the article's and none
		q.Vendor = x.vendorAbout(f)
		if x.vendors != nil || x.seen != nil {
			a.vopen, a.vrule = true, q.Vendor
			a.vcands = v.vendorCands(a.vcands, a, sp, q.Vendor)
		}
		if x.vendors != nil {
			q.Vendor = x.vendors.decideVendor(a.vcands)
		}
	}
	lead := ""
	if f.kind == markQuote && x.partial(f) {
		lead = x.text[x.sentenceStart(x.paras[f.para].start(), f.open):f.open]
	}
	q.Labels, q.Cues, q.Topics = x.cues.label(text, lead)
	if x.seen != nil {
		x.seen(&q, a)
	}
	return q, sp, true
}
