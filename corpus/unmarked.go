package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quotations written without quotation marks: block quotes (Article.Text
// keeps their "> " marker), embedded posts signed "— Name (@handle) date",
// and a paragraph introduced by a colon after a verb of saying or words
// that announce a statement ("the following addendum:", statement_intro.go).

// blockQuotes finds block quote paragraphs (consecutive ones make one
// quotation) and embedded posts, quoted or not.
func (x *extractor) blockQuotes() []found {
	var out []found
	for pi := 0; pi < len(x.paras); pi++ {
		p := x.paras[pi]
		if !strings.HasPrefix(x.text[p.start():p.end()], quoteMarker) {
			if f, ok := x.embeddedPost(pi, p.start()); ok {
				out = append(out, f)
			}
			continue
		}
		f := found{kind: blockQuote, open: p.start(), para: pi}
		for ; pi < len(x.paras) && strings.HasPrefix(x.text[x.paras[pi].start():x.paras[pi].end()], quoteMarker); pi++ {
			q := x.paras[pi]
			if post, ok := x.embeddedPost(pi, q.start()+len(quoteMarker)); ok {
				if len(f.parts) > 0 {
					out = append(out, f) // the block quote before the post
				}
				out = append(out, post)
				f = found{kind: blockQuote, open: -1}
				continue
			}
			if f.open < 0 {
				f = found{kind: blockQuote, open: q.start(), para: pi}
			}
			s, e := unwrapMarks(x.text, q.start()+len(quoteMarker), q.end())
			f.parts = append(f.parts, [2]int{s, e})
			f.close, f.last = q.end(), pi
		}
		pi--
		if f.open >= 0 && len(f.parts) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// unwrapMarks drops the quotation marks around [s, e) when they enclose it
// all: a block quote written « … » is the words inside.
func unwrapMarks(text string, s, e int) (int, int) {
	s, e = trimSpan(text, s, e)
	r, n := utf8.DecodeRuneInString(text[s:e])
	l, m := utf8.DecodeLastRuneInString(text[s:e])
	if e-s > n+m && r != '”' && r != '‘' && opensQuote(r) && closes(r, l) {
		if strings.IndexRune(text[s+n:e-m], l) < 0 {
			return s + n, e - m
		}
	}
	return s, e
}

// embeddedPost recognises a paragraph (from byte from) that ends with an
// embedded post's signature: "… — Slack (@SlackHQ) May 17, 2024".
func (x *extractor) embeddedPost(pi, from int) (found, bool) {
	p := x.paras[pi]
	seg := x.text[from:p.end()]
	if strings.IndexByte(seg, '@') < 0 {
		return found{}, false
	}
	at := strings.LastIndex(seg, "(@")
	if at < 0 {
		return found{}, false
	}
	rp := strings.IndexByte(seg[at:], ')')
	if rp < 0 || len(seg)-(at+rp+1) > 40 {
		return found{}, false // a date at most after the handle
	}
	dash := -1
	for _, d := range []string{"—", "–", " - ", "&mdash;"} {
		if i := strings.LastIndex(seg[:at], d); i >= 0 && at-i <= 80 && i > dash {
			dash = i
		}
	}
	if dash <= 0 {
		return found{}, false
	}
	_, dn := utf8.DecodeRuneInString(seg[dash:])
	author := strings.TrimSpace(strings.Trim(seg[dash+dn:at], " -–—;"))
	if author == "" {
		return found{}, false
	}
	s, e := trimSpan(x.text, from, from+dash)
	e = from + dash - len(trailingLinks(x.text[s:from+dash]))
	s, e = unwrapMarks(x.text, s, e)
	if s >= e {
		return found{}, false
	}
	return found{
		kind: postQuote, open: p.start(), close: p.end(), para: pi, last: pi,
		parts: [][2]int{{s, e}}, author: author,
		authorSpan: [2]int{from + dash, p.end()},
	}, true
}

// trailingLinks is the run of links an embedded post ends with
// ("pic.twitter.com/…", "https://t.co/…"), with the spaces around it.
func trailingLinks(s string) string {
	t := strings.TrimRightFunc(s, unicode.IsSpace)
	for {
		i := strings.LastIndexFunc(t, unicode.IsSpace)
		w := t[i+1:]
		if !strings.HasPrefix(w, "pic.twitter.com/") && !strings.HasPrefix(w, "http://") && !strings.HasPrefix(w, "https://") {
			break
		}
		t = strings.TrimRightFunc(t[:i+1], unicode.IsSpace)
		if i < 0 {
			break
		}
	}
	return s[len(t):]
}

// colonQuotes finds paragraphs introduced by a verb of saying and a colon
// ("On the one hand, he says:"), or by words that announce a statement and
// a colon ("with the following addendum to clause 10.4:"), and not
// themselves in quotation marks.
func (x *extractor) colonQuotes(blocks []found) []found {
	var out []found
	for pi := 0; pi+1 < len(x.paras); pi++ {
		p, n := x.paras[pi], x.paras[pi+1]
		intro := x.text[p.start():p.end()]
		body := x.text[n.start():n.end()]
		if !strings.HasSuffix(intro, ":") || strings.HasPrefix(intro, quoteMarker) || strings.HasPrefix(body, quoteMarker) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(body); opensQuote(r) {
			continue // marked: the mark scanner has it
		}
		if len(strings.Fields(body)) < 4 || !strings.ContainsAny(body[len(body)-1:], ".!?…»”\"") {
			continue // a heading or a list item, not words
		}
		if sp := x.lastSentence(pi); !x.sayingIn(sp) && !statementIntro(x.tokRange(sp[0], sp[1])) && !x.weAfterName(sp, n) {
			continue
		}
		out = append(out, found{kind: colonQuote, open: n.start(), close: n.end(), para: pi + 1, last: pi + 1, parts: [][2]int{{n.start(), n.end()}}})
	}
	return out
}

// weAfterName reports the layout "Claire Fontaine est catégorique : ¶
// Nous ne vendrons jamais …": no verb of saying before the colon, but a
// sentence whose subject is capitalised, a name or a vendor, and an
// organisation's "we" in the words after it.
func (x *extractor) weAfterName(sp [2]int, body paraSpan) bool {
	ts := x.tokRange(sp[0], sp[1])
	if len(ts) < 3 || len(ts) > 25 || !ts[0].cap || capStopwords[ts[0].f] || ts[0].kind != tokWord {
		return false
	}
	bs := x.tokRange(body.start(), body.end())
	for i, t := range bs {
		if i >= 12 {
			break
		}
		if corporateWe[t.f] {
			return true
		}
	}
	return false
}

// lastSentence is the span of the last sentence of paragraph pi.
func (x *extractor) lastSentence(pi int) [2]int {
	p := x.paras[pi]
	return [2]int{x.sentenceStart(p.start(), p.end()), p.end()}
}

// sentenceStart finds where the sentence that ends at end begins, no
// earlier than from: after the last ". ", "! " or "? " that is not an
// initial or a usual abbreviation.
func (x *extractor) sentenceStart(from, end int) int {
	t := x.text
	for i := end - 1; i > from; i-- {
		c := t[i]
		if (c == '.' || c == '!' || c == '?') && i+1 < end && (t[i+1] == ' ' || t[i+1] == '\n') && !abbrevBefore(t[from:i+1]) {
			return i + 2
		}
	}
	return from
}

// abbrevBefore reports whether s ends with an abbreviation's period: an
// initial ("J."), "M.", "Mr.", "Inc."…, so the sentence does not end there.
func abbrevBefore(s string) bool {
	s = strings.TrimSuffix(s, ".")
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	w := s[i+1:]
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	switch w {
	case "Mr", "Mrs", "Ms", "Dr", "Mme", "Mlle", "Inc", "Corp", "Ltd", "Co", "Jr", "Sr", "St", "Prof", "vs", "etc":
		return true
	}
	return false
}

// openlessQuotes finds a quotation whose opening mark is missing: a
// paragraph with one quotation mark, a closing one, followed by the
// attribution ("AWS both cooperates with partners …," he said.). The words
// run from the paragraph's start to the mark.
func (x *extractor) openlessQuotes() []found {
	var out []found
	for pi, p := range x.paras {
		body := x.text[p.start():p.end()]
		at, n := -1, 0
		for i, r := range body {
			switch r {
			case '"', '”', '»':
				at = i
				n++
			case '“', '«', '„', '‘', '’', '‹', '›':
				n += 2 // another mark: the scanner pairs them
			}
		}
		if n != 1 || at < 1 {
			continue
		}
		_, size := utf8.DecodeRuneInString(body[at:])
		close := p.start() + at + size
		if !strings.HasSuffix(strings.TrimRight(body[:at], " \u00a0\u202f"), ",") {
			continue // the words end with the comma of an incise
		}
		ts := x.tokRange(close, p.end())
		verb := false
		for i := 0; i < len(ts) && i < 4 && !verb; i++ {
			verb = sayingAt(ts, i)
		}
		if !verb || len(strings.Fields(body[:at])) < 4 {
			continue
		}
		out = append(out, found{kind: markQuote, open: p.start(), close: close, para: pi, last: pi, parts: [][2]int{{p.start(), p.start() + at}}})
	}
	return out
}
