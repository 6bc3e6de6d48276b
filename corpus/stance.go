package corpus

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stance labelling: a bilingual lexicon of cue phrases per label, matched
// on folded words (lowercase, accents removed, apostrophes and hyphens
// splitting words) with a few words tolerated between the parts of a cue.
// A hand-written matcher over a precomputed index keeps it cheap: the
// labeller runs once per quotation of every article indexed. The cue table
// is in stance_lexicon.go, negation in negation.go.

// cueGap is how many words may sit between two parts of a cue: "trust is
// our top priority" matches "trust … priority".
const cueGap = 4

// cueWord is a folded word of a quotation with its byte span there. A
// clause break (. ; : ! ?) is a cueWord with an empty word: cues and
// negations do not reach across it.
type cueWord struct {
	word       string
	start, end int
}

// labelStance gives a quotation's stance labels, in the contract's order, with
// for each the words of the quotation that weighed most for it, and its
// topics. A quotation the model gives no label is labelled Other.
func labelStance(text string) ([]Label, map[Label]string) {
	labels, cues, _ := labelStanceLead(text, "")
	return labels, cues
}

// labelStanceLead labels a quotation that continues the words of lead, the
// narrative just before it in the same clause: a negation there governs
// the quotation ("it is never “focused on competing with our customers”").
func labelStanceLead(text, lead string) ([]Label, map[Label]string, []Topic) {
	var b cueBuf
	return b.label(text, lead)
}

// cueBuf holds the labeller's buffers, so that the quotations of an
// article reuse them.
type cueBuf struct {
	words []cueWord
	ends  []int
	score scoreBuf
}

// label is labelStanceLead, with b's buffers. A label the lexicon finds
// a cue for stands, explained by the cue, unless the model, which reads
// the lexicon's cues as features too, is all but sure it is wrong ("we
// cannot guarantee that we will never compete"); the model adds the
// labels it is confident of where the lexicon is silent, explained by
// the words of its heaviest features. Topics are the model's alone.
func (b *cueBuf) label(text, lead string) ([]Label, map[Label]string, []Topic) {
	words, nLead, found, at := b.lexicon(text, lead)
	defer func() { b.words = words }()
	if nLead == len(words) {
		return []Label{Other}, map[Label]string{}, []Topic{}
	}
	m := loadedModel()
	z, best, hits := m.scores(words, nLead, &found, &at, &b.score)
	var labels []Label
	cues := make(map[Label]string, 2)
	for li, l := range Labels[:numLabels-1] {
		if found[li] == "" && z[li] <= m.threshold[li] || found[li] != "" && z[li] < m.veto[li] {
			continue
		}
		labels = append(labels, l)
		cue := strings.TrimSpace(found[li])
		if cue == "" {
			cue = modelCue(text, words, m.weights, hits, li, best[li])
		}
		cues[l] = cue
	}
	if len(labels) == 0 {
		labels = []Label{Other}
	}
	topics := []Topic{}
	for ti, t := range Topics {
		if k := numLabels - 1 + ti; z[k] > m.threshold[k] {
			topics = append(topics, t)
		}
	}
	return labels, cues, topics
}

// lexicon reads text (after lead) into folded words and matches the cue
// lexicon: words[:nLead] are lead's last words, found the cue per label
// ("" when none, " " for a cue on no words of the quotation itself).
func (b *cueBuf) lexicon(text, lead string) (words []cueWord, nLead int, found [numLabels]string, at [numLabels]int) {
	words = b.words[:0]
	if lead != "" {
		words = b.cueWords(words, lead)
		k := len(words)
		for k > 0 && len(words)-k < negationReach && words[k-1].word != "" {
			k--
		}
		n := copy(words, words[k:])
		words = words[:n]
		for i := range words {
			words[i].start, words[i].end = -1, -1
		}
	}
	nLead = len(words)
	words = b.cueWords(words, text)
	lx := stanceCues
	try := func(i int, idx []int) {
		for _, ci := range idx {
			c := &lx.cues[ci]
			if found[c.li] != "" {
				continue
			}
			if start, end, ok := c.matchAt(words, i); ok {
				found[c.li] = text[words[max(start, nLead)].start:words[end].end]
				at[c.li] = max(start, nLead)
				if found[c.li] == "" {
					found[c.li] = " " // a cue on no words of the quotation itself
				}
			}
		}
	}
	for i := nLead; i < len(words); i++ {
		w := words[i].word
		if w == "" || !lx.first[w[0]] {
			continue
		}
		try(i, lx.byWord[w])
		if len(w) >= minPrefix {
			try(i, lx.byPrefix[w[:minPrefix]])
		}
	}
	for li := range found {
		if found[li] != "" && hedged(words, at[li]) {
			found[li] = ""
		}
	}
	return words, nLead, found, at
}

// hedgeReach is how far before a cue a hedge governs it.
const hedgeReach = 12

// hedged reports whether the cue at words[i] sits under a denied
// guarantee in its clause: "we cannot guarantee that we will never
// compete", « nous ne pouvons pas garantir que les données ne quitteront
// jamais l'UE ». Such a cue is no pledge; the model reads the rest.
func hedged(words []cueWord, i int) bool {
	for p := i - 1; p >= 0 && p >= i-hedgeReach; p-- {
		w := words[p].word
		if w == "" {
			return false
		}
		if !isGuarantee(w) {
			continue
		}
		for q := p - 1; q >= 0 && q >= p-hedgeNegReach; q-- {
			if words[q].word == "" {
				break
			}
			if negators[words[q].word] || words[q].word == "impossible" {
				return true
			}
		}
	}
	return false
}

// isGuarantee reports whether a folded word promises: "guarantee",
// "promise", "ensure", « garantir », « promettre », « assurer ».
func isGuarantee(w string) bool {
	for _, p := range []string{"guarante", "promis", "ensur", "certif", "garanti", "promet", "assur"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// matchAt reports whether the cue matches with its first word at words[i],
// and the span of words that show it: for a negated cue, from the negation
// to the "pas" ("ne les concurrencera pas").
func (c *cue) matchAt(words []cueWord, i int) (int, int, bool) {
	if !slotMatch(c.slots[0], words[i].word) {
		return 0, 0, false
	}
	pos := i
	for k, slot := range c.slots {
		if k == 0 {
			continue
		}
		found := -1
		reach := pos + 1 + cueGap
		if c.adjacent[k] {
			reach = pos + 1
		}
		for j := pos + 1; j < len(words) && j <= reach; j++ {
			if words[j].word == "" {
				break
			}
			if slotMatch(slot, words[j].word) {
				found = j
				break
			}
		}
		if found < 0 {
			return 0, 0, false
		}
		pos = found
	}
	start, end := i, pos
	switch c.polarity {
	case negated:
		ns, ne, ok := negationAt(words, i, pos)
		if !ok {
			return 0, 0, false
		}
		start, end = min(start, ns), max(end, ne)
	case affirmed:
		if _, _, ok := negationAt(words, i, pos); ok {
			return 0, 0, false
		}
	}
	return start, end, true
}

// cueWords splits text into folded words with their byte spans. Apostrophes
// and hyphens split words ("n'utilisons" → "n", "utilisons"), so that
// elisions and negations are words of their own.
func (b *cueBuf) cueWords(words []cueWord, text string) []cueWord {
	base := len(words)
	words = slices.Grow(words, len(text)/5)
	ends := slices.Grow(b.ends[:0], len(text)/5) // per word: end of its folded form
	defer func() { b.ends = ends }()
	folded := make([]byte, 0, len(text))
	start := -1
	flush := func(end int) {
		if start >= 0 {
			words = append(words, cueWord{start: start, end: end})
			ends = append(ends, len(folded))
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			if start < 0 {
				start = i
			}
			folded = append(folded, byte(r))
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z':
			if start < 0 {
				start = i
			}
			folded = append(folded, byte(r+'a'-'A'))
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
			folded = append(folded, foldLetter(r)...)
		default:
			flush(i)
			switch r {
			case '.', ';', ':', '!', '?', '…':
				if n := len(words); n > base && words[n-1].end != words[n-1].start {
					words = append(words, cueWord{start: i, end: i})
					ends = append(ends, len(folded))
				}
			}
		}
	}
	flush(len(text))
	all := string(folded)
	prev := 0
	for i, end := range ends {
		words[base+i].word = all[prev:end]
		prev = end
	}
	return words
}
