package corpus

import (
	"strings"
	"unicode/utf8"
)

// The words around a quotation that attribution reads: the sentence
// leading to its opening mark, the incise after its closing mark, and
// where the marks themselves begin and end.

// sayingNear reports whether a verb of saying is in the sentence around a
// quotation.
func (v *view) sayingNear(f *found) bool {
	for _, ts := range [][]tok{v.preTokens(f), v.postTokens(f)} {
		for i := range ts {
			if sayingAt(ts, i) {
				return true
			}
		}
	}
	return false
}

// sayingIn reports whether a verb of saying is in the span.
func (x *extractor) sayingIn(sp [2]int) bool {
	ts := x.tokRange(sp[0], sp[1])
	for i := range ts {
		if sayingAt(ts, i) {
			return true
		}
	}
	return false
}

// preTokens are the words of the sentence before a quotation's opening
// mark, from the sentence start or the previous quotation. A quotation
// that opens its paragraph after one ending with a colon, a block quote
// and a colon-introduced paragraph take the last sentence before them.
func (v *view) preTokens(f *found) []tok {
	x := v.x
	p := x.paras[f.para]
	if f.open <= p.start() || f.kind != markQuote {
		if f.para == 0 {
			return nil
		}
		prev := x.text[x.paras[f.para-1].start():x.paras[f.para-1].end()]
		if f.kind == markQuote && !strings.HasSuffix(prev, ":") || strings.HasPrefix(prev, quoteMarker) || v.inQuote(x.paras[f.para-1].end()-1) {
			return nil
		}
		sp := x.lastSentence(f.para - 1)
		return x.tokRange(sp[0], sp[1])
	}
	from := p.start()
	for _, q := range v.quoted {
		if q[1] <= f.open && q[1] > from {
			from = q[1]
		}
	}
	s := x.sentenceStart(from, f.open)
	return x.tokRange(s, f.open)
}

// postTokens are the words after a quotation's closing mark up to the end
// of the sentence, the paragraph or the next quotation.
func (v *view) postTokens(f *found) []tok {
	x := v.x
	if f.kind != markQuote {
		return nil
	}
	if f.incise != ([2]int{}) {
		return x.tokRange(f.incise[0], f.incise[1])
	}
	end := x.paras[f.last].end()
	for _, q := range v.quoted {
		if q[0] >= f.close && q[0] < end {
			end = q[0]
		}
	}
	t := x.text[f.close:end]
	for i := 0; i < len(t); i++ {
		c := t[i]
		if (c == '.' || c == '!' || c == '?') && (i+1 == len(t) || t[i+1] == ' ') && !abbrevBefore(t[:i+1]) {
			t = t[:i]
			break
		}
	}
	ts := x.tokRange(f.close, f.close+len(t))
	if len(ts) > 40 {
		ts = ts[:40]
	}
	return ts
}

func (v *view) inQuote(pos int) bool {
	for _, q := range v.quoted {
		if pos >= q[0] && pos < q[1] {
			return true
		}
	}
	return false
}

// closeMarkStart is where a quotation's closing mark begins.
func (v *view) closeMarkStart(f *found) int {
	if f.kind != markQuote {
		return f.close
	}
	end := f.close
	if f.incise != ([2]int{}) {
		end = f.incise[0]
	}
	_, n := utf8.DecodeLastRuneInString(v.x.text[:end])
	return end - n
}

// openMarkEnd is where the words after a quotation's opening mark begin.
func (v *view) openMarkEnd(f *found) int {
	if f.kind != markQuote {
		return f.open
	}
	_, n := utf8.DecodeRuneInString(v.x.text[f.open:])
	return f.open + n
}
