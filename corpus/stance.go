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
// labeller runs once per quotation of every article indexed.

// cueGap is how many words may sit between two parts of a cue: "trust is
// our top priority" matches "trust … priority".
const cueGap = 4

// Negation polarity a cue requires.
const (
	anyPolarity = iota
	negated     // "we will never compete with our customers"
	affirmed    // "we compete with some customers"
)

// stanceLexicon is the cue table. Each line is "label: cue; cue; …"; a cue
// is words separated by spaces (an alternative is one word: a two-word
// phrase is two slots), alternatives by "|", a trailing "*" makes a
// prefix, and a leading "!" or "+" says the cue must (or must not) be
// negated. Words are written folded ("donnees", not "données").
const stanceLexicon = `
no-compete-pledge:
 !compete*|competing ~ customer*|client*|partner*|you|them|us|accounts|account|markets;
 !concurren*;
 !rival* ~ client*|partenaire*;
 !business ~ competing ~ customer*|partner*;
 never ~ compete*|concurren*;
 noncompete;
 non compete;
 pas concurrent* ~ client*|partenaire*
acknowledges-coopetition:
 coopetition|coopetitive|frenemy|frenemies;
 co opetition;
 +compete*|competing ~ some|certain|many|several|other ~ customer*|partner*|client*;
 +compete*|competing ~ customer*|partner*|client*;
 +have|has ~ competitors;
 +may|might|can|could|will ~ be ~ competition|competing;
 +partner*|cooperat*|collaborat* ~ compet*;
 +compet* ~ partner*|cooperat*|collaborat*;
 +avons|avoir|ont|a ~ concurrents;
 +avoir ~ concurrence;
 +faire ~ concurrence;
 +certaine concurrence;
 +concurren* ~ cooper*|partenaire*|partenariat*|collabor*;
 +cooper*|partenaire*|partenariat*|collabor* ~ concurren*;
 +cooperer
trust-priority:
 confiance ~ priorit*;
 confiance ~ coeur;
 grace a la confiance;
 fonctionne ~ confiance;
 repose* ~ sur ~ confiance;
 fonde*|base*|batie* ~ sur ~ confiance;
 confiance ~ est|reste|demeure ~ essentielle|primordiale|fondamentale|cle|coeur|absolue|sacree;
 au coeur ~ confiance;
 trust ~ priority|priorities;
 trust ~ is|remains ~ paramount|everything|foundation|foundational|core|essential|fundamental|key|first|sacred|only;
 rather ~ than ~ trust;
 trust first;
 earn* ~ trust;
 built|build|founded|based ~ on ~ trust;
 foundation ~ of ~ trust;
 core ~ value*;
 impliqu*|require*|necessit* ~ confiance|trust;
 question ~ de|of ~ confiance|trust;
 fournisseur|partenaire|acteur|tiers ~ de ~ confiance;
 trusted ~ provider|partner|vendor|advisor|adviser
customer-success:
 aid*|help* ~ reussir|succeed*;
 favoris*|assur*|garanti*|contribu*|permettre|aider|servir ~ leur|leurs|nos|vos ~ succes|reussite;
 succes|reussite ~ de ~ nos|leurs ~ clients|client|partenaires;
 leur succes;
 customer*|client* ~ success*|succeed*;
 success* ~ of ~ our ~ customer*|client*;
 help* ~ customer*|client* ~ succeed|success*;
 their success;
 customer obsess*;
 empower* ~ customer*|client*|partner*
data-privacy-pledge:
 !train* ~ data|donnees|content;
 !entrain* ~ donnees|modele*;
 !utilis*|exploit* ~ donnees;
 !use*|using ~ your|customer|customers|their ~ data|content;
 !access*|sell*|share*|monetis*|monetiz*|read*|look ~ data|donnees|email*|content;
 !vend*|partag*|monetis*|acced*|acces ~ donnees;
 !advertis*|ads|publicit*;
 data ~ belongs ~ to ~ you|customer*|them;
 your data ~ is|remains ~ yours;
 donnees ~ appartien* ~ clients|vous;
 never ~ train*|sell*|monetiz*|monetis* ~ data;
 !formons|forment|formerons|formera ~ donnees|conversations;
 !apprenn*|apprend*|learn* ~ utilisation|usage|donnees|data|conversations;
 protection ~ des|de ~ donnees;
 data ~ protection;
 +protege*|protect* ~ donnees|data;
 resist*|contest*|challeng*|reject*|refus*|against ~ request*|requete*|demandes
sovereignty-pledge:
 data|donnees ~ stay*|remain*|stored|store|kept|hosted|resid*|heberg*|stock*|reste*|demeur*|localis* ~ eu|europe|european|france|germany|allemagne|uk|union|country|pays|jurisdiction|territoire|sol|region;
 heberg*|stock*|localis* ~ en|sur ~ france|europe|territoire|sol;
 stay*|remain*|reste* ~ in|within|dans ~ region|country|pays|jurisdiction;
 immunis*|protege*|echapp*|abri ~ extraterritorial*;
 immune ~ extraterritorial|foreign;
 immune ~ cloud act;
 !soumis ~ extraterritorial*;
 !soumis ~ cloud act;
 !subject ~ extraterritorial|foreign;
 local control;
 controle local;
 sous ~ controle ~ francais|europeen|local;
 !expos*|soumis|subject|concern* ~ cloud|patriot|fisa|extraterritorial*;
 !concerne* ~ reglementation|legislation|loi|lois;
 entites|entities|filiale*|subsidiar* ~ separe*|isole*|separate*|independ*|distinct*;
 legalement|legally ~ isole*|separe*|separate*|independ*|distinct*;
 lois|droit|law|laws|legislation ~ europeen*|european|francais*|french|local|locales|locaux;
 garanti*|conserv*|garder|keep*|retain* ~ controle|control;
 exigences|criteres|requirements|conforme*|qualifi* ~ cloud ~ de ~ confiance
`

// cuePart is one word of a cue: an exact folded word, or a prefix.
type cuePart struct {
	word   string
	prefix bool
}

type cue struct {
	label    Label
	li       int         // the label's index in Labels
	slots    [][]cuePart // the cue's words, each with its alternatives
	polarity int
}

// lexicon is stanceLexicon compiled once, indexed by the cue's first word
// so that a quotation's words are looked up, not every cue tried.
type lexicon struct {
	cues     []cue
	byWord   map[string][]int
	byPrefix map[string][]int // by the prefix's first three letters
	first    [256]bool        // the first bytes of byWord's and byPrefix's keys
}

// minPrefix is the shortest prefix a cue may use ("use*"): prefixes are
// indexed by their first minPrefix letters.
const minPrefix = 3

var stanceCues = compileLexicon(stanceLexicon)

func compileLexicon(src string) *lexicon {
	lx := &lexicon{byWord: map[string][]int{}, byPrefix: map[string][]int{}}
	var label Label
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasSuffix(line, ":") {
			label = Label(strings.TrimSuffix(line, ":"))
			continue
		}
		spec := strings.TrimSuffix(line, ";")
		c := cue{label: label}
		switch spec[0] {
		case '!':
			c.polarity, spec = negated, spec[1:]
		case '+':
			c.polarity, spec = affirmed, spec[1:]
		}
		// "~" only documents where a gap is expected: every cue tolerates
		// cueGap words between its parts.
		for _, w := range strings.Fields(strings.ReplaceAll(spec, "~", " ")) {
			var slot []cuePart
			for _, alt := range strings.Split(w, "|") {
				slot = append(slot, cuePart{word: strings.TrimSuffix(alt, "*"), prefix: strings.HasSuffix(alt, "*")})
			}
			c.slots = append(c.slots, slot)
		}
		c.li = slices.Index(Labels, label)
		if c.li < 0 {
			panic("stance lexicon: unknown label " + string(label))
		}
		i := len(lx.cues)
		lx.cues = append(lx.cues, c)
		for _, p := range c.slots[0] {
			if p.prefix {
				if len(p.word) < minPrefix {
					panic("stance lexicon: prefix shorter than minPrefix: " + p.word)
				}
				k := p.word[:minPrefix]
				lx.first[k[0]] = true
				if !slices.Contains(lx.byPrefix[k], i) {
					lx.byPrefix[k] = append(lx.byPrefix[k], i)
				}
			} else {
				lx.first[p.word[0]] = true
				lx.byWord[p.word] = append(lx.byWord[p.word], i)
			}
		}
	}
	return lx
}

func (p cuePart) match(w string) bool {
	if p.prefix {
		return strings.HasPrefix(w, p.word)
	}
	return w == p.word
}

// cueWord is a folded word of a quotation with its byte span there. A
// clause break (. ; : ! ?) is a cueWord with an empty word: cues and
// negations do not reach across it.
type cueWord struct {
	word       string
	start, end int
}

// negators are the folded words that negate a cue near them. "t" is what
// remains of "n't" once the apostrophe splits "don't".
var negators = map[string]bool{
	"not": true, "never": true, "no": true, "t": true, "nor": true, "without": true, "cannot": true,
	"ne": true, "n": true, "pas": true, "jamais": true, "aucun": true, "aucune": true, "ni": true, "sans": true, "nullement": true,
}

// labelStance gives a quotation's stance labels, in the contract's order, with
// for each the words of the quotation that triggered it. A quotation that
// triggers no cue is labelled Other.
func labelStance(text string) ([]Label, map[Label]string) {
	return labelStanceLead(text, "")
}

// labelStanceLead labels a quotation that continues the words of lead, the
// narrative just before it in the same clause: a negation there governs
// the quotation ("it is never “focused on competing with our customers”").
func labelStanceLead(text, lead string) ([]Label, map[Label]string) {
	var b cueBuf
	return b.label(text, lead)
}

// cueBuf holds the labeller's buffers, so that the quotations of an
// article reuse them.
type cueBuf struct {
	words []cueWord
	ends  []int
}

// label is labelStanceLead, with b's buffers.
func (b *cueBuf) label(text, lead string) ([]Label, map[Label]string) {
	words := b.words[:0]
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
	nLead := len(words)
	words = b.cueWords(words, text)
	defer func() { b.words = words }()
	var found [numLabels]string
	var any bool
	lx := stanceCues
	try := func(i int, idx []int) {
		for _, ci := range idx {
			c := &lx.cues[ci]
			if found[c.li] != "" {
				continue
			}
			if start, end, ok := c.matchAt(words, i); ok {
				found[c.li] = text[words[max(start, nLead)].start:words[end].end]
				if found[c.li] == "" {
					found[c.li] = " " // a cue on no words of the quotation itself
				}
				any = true
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
	if !any {
		return []Label{Other}, map[Label]string{}
	}
	var labels []Label
	cues := make(map[Label]string, 2)
	for li, l := range Labels {
		if found[li] != "" {
			labels = append(labels, l)
			cues[l] = strings.TrimSpace(found[li])
		}
	}
	return labels, cues
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
		for j := pos + 1; j < len(words) && j <= pos+1+cueGap; j++ {
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

func slotMatch(slot []cuePart, w string) bool {
	for _, p := range slot {
		if p.match(w) {
			return true
		}
	}
	return false
}

// negationReach is how far back a negation governs a cue: "There's never
// a scenario in which we're focused on competing with our customers".
const negationReach = 10

// contrastives end the reach of a negation: "not X, but we compete".
var contrastives = map[string]bool{"but": true, "mais": true, "however": true, "yet": true, "cependant": true, "toutefois": true, "pourtant": true}

// negationAt reports whether a negation governs words[i..j]: one of the
// negationReach words before it in the same clause, inside it, or a French "pas" or
// "jamais" just after it ("ne les concurrencera pas"); and the span from
// the negation's first word to its last.
func negationAt(words []cueWord, i, j int) (start, end int, ok bool) {
	start, end = i, j
	for k := i - 1; k >= 0 && k >= i-negationReach; k-- {
		if words[k].word == "" || contrastives[words[k].word] {
			break
		}
		if negators[words[k].word] {
			start, ok = k, true
			if words[k].word == "t" && k > 0 && words[k-1].word != "" {
				start = k - 1 // "won't", not "t"
			}
			break
		}
	}
	for k := i; k <= j; k++ {
		if negators[words[k].word] {
			ok = true
		}
	}
	for k := j + 1; k < len(words) && k <= j+2; k++ {
		if words[k].word == "" {
			break
		}
		if w := words[k].word; w == "pas" || w == "jamais" || w == "plus" {
			end, ok = k, true
			break
		}
	}
	return start, end, ok
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

// foldLetter lowercases a non-ASCII letter and strips its accent: "É" → "e",
// "œ" → "oe". Letters without a Latin base fold to their lowercase.
func foldLetter(r rune) string {
	r = unicode.ToLower(r)
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return "a"
	case 'ç':
		return "c"
	case 'è', 'é', 'ê', 'ë':
		return "e"
	case 'ì', 'í', 'î', 'ï':
		return "i"
	case 'ñ':
		return "n"
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
		return "o"
	case 'ù', 'ú', 'û', 'ü':
		return "u"
	case 'ý', 'ÿ':
		return "y"
	case 'œ':
		return "oe"
	case 'æ':
		return "ae"
	case 'ß':
		return "ss"
	}
	return string(r)
}
