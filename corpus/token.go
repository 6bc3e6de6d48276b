package corpus

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Tokens: the words and punctuation marks of an article's text with their
// byte offsets and folded forms. Extract reads them once per article; the
// attribution rules and the vendor spotting in text share them.

type tokKind uint8

const (
	tokWord tokKind = iota
	tokPunct
)

// tok is a word or a punctuation mark of the text. f is its folded form:
// lowercase, accents removed.
type tok struct {
	s, e int // byte offsets in the article text
	w, f string
	kind tokKind
	cap  bool // starts with an upper-case letter
}

// attTokens splits text, which starts at byte base of the article, into
// tokens. Hyphens stay inside words ("vice-président", "a-t-il");
// elisions and the English "'s" are tokens of their own.
func attTokens(text string, base int) []tok {
	var b tokBuf
	return b.tokens(text, base)
}

// tokBuf holds the buffers of a tokenisation, so that Extract can reuse
// them from one article to the next instead of allocating ~100 KB each.
type tokBuf struct {
	ts     []tok
	folded []byte
	foldAt []int32
}

var tokBufs = sync.Pool{New: func() any { return new(tokBuf) }}

// release clears the tokens (they point into an article's text, which the
// pool must not keep alive) and returns the buffer to the pool.
func (b *tokBuf) release() {
	clear(b.ts)
	tokBufs.Put(b)
}

// tokens tokenises text as attTokens does, into b's buffers.
func (b *tokBuf) tokens(text string, base int) []tok {
	ts := slices.Grow(b.ts[:0], len(text)/4+8)
	// Folded words are written one after the other into one buffer and
	// sliced out at the end: one allocation for all of them.
	folded := slices.Grow(b.folded[:0], len(text))
	foldAt := slices.Grow(b.foldAt[:0], cap(ts)) // per token: end of its folded form
	defer func() { b.ts, b.folded, b.foldAt = ts, folded, foldAt }()
	start := -1
	word := func(s, e int, f string) {
		w := text[s:e]
		if f != "" {
			folded = append(folded, f...)
		} else {
			folded = appendFolded(folded, w)
		}
		c := w[0]
		up := c >= 'A' && c <= 'Z'
		if c >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(w)
			up = unicode.IsUpper(r)
		}
		ts = append(ts, tok{s: base + s, e: base + e, w: w, cap: up})
		foldAt = append(foldAt, int32(len(folded)))
	}
	punct := func(s, e int) {
		folded = append(folded, text[s:e]...)
		ts = append(ts, tok{s: base + s, e: base + e, w: text[s:e], kind: tokPunct})
		foldAt = append(foldAt, int32(len(folded)))
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '@' || c == '_':
				if start < 0 {
					start = i
				}
				i++
				continue
			case (c == '-' || c == '&') && start >= 0:
				i++
				continue
			case c == ' ' || c == '\n' || c == '\t' || c == '\r':
				if start >= 0 {
					word(start, i, "")
					start = -1
				}
				i++
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		case (r == '\'' || r == '’') && start >= 0:
			next, m := utf8.DecodeRuneInString(text[i+n:])
			switch {
			case i-start <= 7 && elisions[foldWord(text[start:i])] && unicode.IsLetter(next):
				word(start, i+n, "") // "d'"
				start = -1
			case (next == 's' || next == 'S') && !isWordRune(text, i+n+m):
				word(start, i, "")
				word(i, i+n+m, "'s")
				start = -1
				i += n + m
				continue
			case !unicode.IsLetter(next):
				word(start, i, "")
				start = -1
				punct(i, i+n)
			}
		default:
			if start >= 0 {
				word(start, i, "")
				start = -1
			}
			if !spaceRune(r) {
				punct(i, i+n)
			}
		}
		i += n
	}
	if start >= 0 {
		word(start, len(text), "")
	}
	all := string(folded)
	prev := int32(0)
	for i := range ts {
		ts[i].f = all[prev:foldAt[i]]
		prev = foldAt[i]
	}
	return ts
}

func isWordRune(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
