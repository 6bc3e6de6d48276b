package corpus

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mention is a vendor named in a text: the vendor's id and the byte span of
// the name in the text (End exclusive).
type Mention struct {
	ID    string `json:"id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// pattern is an alias or a person's name as written, for article text.
type pattern struct {
	text   string
	words  int
	vendor int
}

// fuzzyKey is a folded alias or name that a misspelling may stand for.
type fuzzyKey struct {
	key    string
	words  int
	first  rune
	runes  int
	vendor int
}

// newRegistry builds the lookup tables of a list of vendors, already
// normalised. Where a name belongs to two vendors, the later one wins.
func newRegistry(vs []Vendor) *Registry {
	r := &Registry{
		vendors:  vs,
		byID:     make(map[string]int, len(vs)),
		folded:   map[string]int{},
		aliasAt:  map[string][]pattern{},
		peopleAt: map[string][]pattern{},
		person:   map[string]int{},
		surname:  map[string]int{},
	}
	addFolded := func(name string, i int) {
		if k := foldPhrase(name); k != "" {
			r.folded[k] = i
			r.maxWords = max(r.maxWords, strings.Count(k, " ")+1)
		}
	}
	for i, v := range vs {
		r.byID[v.ID] = i
		addFolded(v.ID, i)
		for _, a := range v.Aliases {
			addFolded(a, i)
			addPattern(r.aliasAt, a, i)
			if up := strings.ToUpper(a); up != a && utf8.RuneCountInString(a) >= 5 {
				addPattern(r.aliasAt, up, i) // "MICROSOFT" in a headline
			}
		}
		for _, p := range v.People {
			addFolded(p, i)
			addPattern(r.peopleAt, p, i)
			k := foldPhrase(p)
			r.person[k] = i
			last := k[strings.LastIndexByte(k, ' ')+1:]
			if j, ok := r.surname[last]; ok && j != i {
				r.surname[last] = -1 // two vendors' people share it
			} else if len(last) >= 3 {
				r.surname[last] = i
			}
		}
	}
	for k, i := range r.folded {
		if n := utf8.RuneCountInString(k); n >= 5 {
			first, _ := utf8.DecodeRuneInString(k)
			r.fuzzy = append(r.fuzzy, fuzzyKey{k, strings.Count(k, " ") + 1, first, n, i})
		}
	}
	slices.SortFunc(r.fuzzy, func(a, b fuzzyKey) int { return strings.Compare(a.key, b.key) })
	// Questions may name a spokesperson by a distinctive surname alone.
	for s, i := range r.surname {
		if _, taken := r.folded[s]; i >= 0 && !taken && utf8.RuneCountInString(s) >= 6 && !commonWords[s] {
			r.folded[s] = i
		}
	}
	for _, m := range []map[string][]pattern{r.aliasAt, r.peopleAt} {
		for _, ps := range m {
			slices.SortStableFunc(ps, func(a, b pattern) int { return len(b.text) - len(a.text) })
		}
	}
	for k := range r.aliasAt {
		r.aliasFirst[k[0]] = true
	}
	for k := range r.peopleAt {
		r.peopleFirst[k[0]] = true
	}
	return r
}

// addPattern files a name under its first word, replacing the same name of
// an earlier vendor.
func addPattern(m map[string][]pattern, name string, i int) {
	ts := tokens(name)
	if len(ts) == 0 {
		return
	}
	first := name[ts[0].start:ts[0].end]
	p := pattern{text: name[ts[0].start:ts[len(ts)-1].end], words: len(ts), vendor: i}
	for j, q := range m[first] {
		if q.text == p.text {
			m[first][j] = p
			return
		}
	}
	m[first] = append(m[first], p)
}

// MentionsAt finds the vendors named in article text, with their byte
// offsets, in order. Names are matched as written (case-sensitively, or in
// capitals for names of five letters or more), as whole words, the longest
// first ("Amazon Web Services" before "Amazon"); an elided article does not
// hide a name ("d'AWS", "l’Amazon"). Common words that are also vendor names
// ("Apple", "Zoom") are therefore found only when capitalised.
func (r *Registry) MentionsAt(text string) []Mention {
	if r == nil {
		return nil
	}
	return r.at(r.aliasAt, &r.aliasFirst, text)
}

// PeopleAt finds the known spokespeople named in article text by their full
// name, as MentionsAt finds vendors; ID is the vendor they speak for.
func (r *Registry) PeopleAt(text string) []Mention {
	if r == nil {
		return nil
	}
	return r.at(r.peopleAt, &r.peopleFirst, text)
}

// at scans text word by word, as tokens splits it but without keeping the
// words: it runs over every article indexed, so it allocates nothing but
// its result.
func (r *Registry) at(m map[string][]pattern, first *[256]bool, text string) []Mention {
	var out []Mention
	for s, e := nextWord(text, 0); s >= 0; s, e = nextWord(text, e) {
		if !first[text[s]] {
			continue // no name starts so: skip the map lookup
		}
		for _, p := range m[text[s:e]] {
			end := e
			for k := 1; k < p.words && end >= 0; k++ {
				_, end = nextWord(text, end)
			}
			if end >= 0 && sameWords(text[s:end], p.text) {
				out = append(out, Mention{ID: r.vendors[p.vendor].ID, Start: s, End: end})
				e = end
				break
			}
		}
	}
	return out
}

// nextWord finds the first word of text at or after byte i, as tokens
// does: a run of letters and digits. It returns -1, -1 when there is none.
func nextWord(text string, i int) (start, end int) {
	start = -1
	for i < len(text) {
		c := text[i]
		word, n := false, 1
		if c < utf8.RuneSelf {
			word = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(text[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			return start, i
		}
		i += n
	}
	if start >= 0 {
		return start, len(text)
	}
	return -1, -1
}

// Mentions returns the ids of the vendors a question names, in order of
// first mention, without repeats. Names match in any case and with or
// without accents, by id, alias, spokesperson or distinctive surname; a
// name of five letters or more also matches with one typo (two from eight
// letters: Damerau-Levenshtein distance), provided the first letter is right
// and the word is not a common English or French word ("stack" is not
// "Slack"). Shorter names ("AWS", "GCP", "MSFT") must be exact.
func (r *Registry) Mentions(text string) []string {
	if r == nil {
		return nil
	}
	ts := tokens(text)
	keys := make([]string, len(ts))
	for i, t := range ts {
		keys[i] = foldVendorWord(text[t.start:t.end])
	}
	var ids []string
	add := func(i int) {
		if id := r.vendors[i].ID; !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for i := 0; i < len(keys); {
		v, n := r.match(keys[i:])
		if n == 0 {
			i++
			continue
		}
		add(v)
		i += n
	}
	return ids
}

// match matches a name at the start of keys (folded words): exactly, the
// longest first, else with a misspelling. It returns the vendor and the
// number of words used, 0 when nothing matched.
func (r *Registry) match(keys []string) (vendor, words int) {
	maxW := min(r.maxWords, len(keys))
	for w := maxW; w >= 1; w-- {
		if v, ok := r.folded[strings.Join(keys[:w], " ")]; ok {
			return v, w
		}
	}
	if commonWords[keys[0]] || !isWordy(keys[0]) {
		return 0, 0
	}
	for w := maxW; w >= 1; w-- {
		phrase := strings.Join(keys[:w], " ")
		pr := []rune(phrase)
		best, bestD := -1, 3
		for _, f := range r.fuzzy {
			if f.words != w || f.first != pr[0] {
				continue
			}
			limit := 1
			if f.runes >= 8 {
				limit = 2
			}
			if abs(f.runes-len(pr)) > limit {
				continue
			}
			if d := distance(pr, []rune(f.key), limit); d <= limit && d < bestD {
				best, bestD = f.vendor, d
			}
		}
		if best >= 0 {
			return best, w
		}
	}
	return 0, 0
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// isWordy reports a word with at least one letter: numbers are not names.
func isWordy(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// distance is the Damerau-Levenshtein distance (optimal string alignment)
// between a and b, or limit+1 when it is more than limit.
func distance(a, b []rune, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// span is a word's byte offsets in a text.
type span struct{ start, end int }

// tokens splits text into words: runs of letters and digits. Everything
// else separates words, so "d'AWS" holds the word "AWS".
func tokens(text string) []span {
	var out []span
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text)})
	}
	return out
}

// sameWords reports whether text reads as name: the same bytes, except
// that any run of white space in text matches a space in name.
func sameWords(text, name string) bool {
	i, j := 0, 0
	for i < len(text) && j < len(name) {
		if name[j] == ' ' {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(r) {
				return false
			}
			for i < len(text) {
				r, size = utf8.DecodeRuneInString(text[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += size
			}
			j++
			continue
		}
		if text[i] != name[j] {
			return false
		}
		i++
		j++
	}
	return i == len(text) && j == len(name)
}

// foldPhrase folds a name for matching questions: its words, lower case,
// without accents, joined by single spaces ("Clément  Delangue" →
// "clement delangue", "google-cloud" → "google cloud").
func foldPhrase(s string) string {
	var b strings.Builder
	for _, t := range tokens(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(foldVendorWord(s[t.start:t.end]))
	}
	return b.String()
}

// foldVendorWord lower-cases a word and strips the accents of Latin letters.
func foldVendorWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		r = unicode.ToLower(r)
		switch r {
		case 'à', 'á', 'â', 'ã', 'ä', 'å':
			r = 'a'
		case 'ç':
			r = 'c'
		case 'è', 'é', 'ê', 'ë':
			r = 'e'
		case 'ì', 'í', 'î', 'ï':
			r = 'i'
		case 'ñ':
			r = 'n'
		case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
			r = 'o'
		case 'ù', 'ú', 'û', 'ü':
			r = 'u'
		case 'ý', 'ÿ':
			r = 'y'
		case 'œ':
			b.WriteString("oe")
			continue
		case 'æ':
			b.WriteString("ae")
			continue
		case 'ß':
			b.WriteString("ss")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// commonWords are English and French words that are never taken for a
// misspelt vendor name or a spokesperson's surname, even when they are one
// letter away from one ("stack" and "black" from "Slack", "apply" from
// "Apple", "disco" from "Cisco").
var commonWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		about after again against also among another anyone apply ample abode
		being below black block blank brand bring build built cable cache
		clear click cloud cloudy close could crisp daily data disco does doing
		during every first found from given going great guide have having
		their there these they thing think those though three through today
		under until using value what when where which while whose will with
		would world write years young other others about above across adopt
		after stack snack slick slacks slacker slacking oracles oracular
		apples applet maple metal metro media zooms zoomed zooming
		workdays adobes office offices opened opens openly cisco
		prince smith clark cook cooks brill wolf lucas klein paulin
		quand alors avec avoir cette comme dans depuis donc elle elles encore
		entre faire leurs mais nous notre nos pour quel quelle quelles quels
		sans selon sont sous tous tout toute toutes très vous votre vos
		cloud nuage confiance donnees client clients service services
		compete competes competing customer customers partner partners trust
		privacy sovereign sovereignty pledge train training model models
		company companies vendor vendors stance label labels quote quotes
		said says saying where whether which would should could might
		google amazon apple`) {
		commonWords[w] = true
	}
}
