package corpus

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Vendors named in questions: any case, with or without accents, by id,
// alias, spokesperson or surname, small misspellings tolerated, common
// words never taken for a misspelt name.

// Mentions returns the ids of the vendors a question names, in order of
// first mention, without repeats. Names match in any case and with or
// without accents, by id, alias, spokesperson or distinctive surname; a
// name of five letters or more also matches with one typo (two from eight
// letters: Damerau-Levenshtein distance), provided the first letter is right
// and the word is not a common English or French word ("stack" is not
// "Slack"). Shorter names ("AWS", "GCP", "MSFT") must be exact, but for
// letters typed twice ("Zooom"). A name written as one word with inner
// capitals may be written as its parts ("Open AI", "Open-AI", "Chat GPT").
func (r *Registry) Mentions(text string) []string {
	var ids []string
	r.scan(text, func(vendor, _, _ int, _ bool) {
		if id := r.vendors[vendor].ID; !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	})
	return ids
}

// Misspelling is a name in a question that Mentions read as a vendor's
// only by tolerating a misspelling.
type Misspelling struct {
	Written string // as the question wrote it
	Vendor  string // the id of the vendor it was read as
}

// Misspellings returns the names of text that Mentions reads as vendors'
// though they are none of their spellings ("Microsft", "Zooom"), so that
// an answer can say how it read them: a reader who meant another company
// ("Safeway" is read as Scaleway) sees it at once.
func (r *Registry) Misspellings(text string) []Misspelling {
	var out []Misspelling
	r.scan(text, func(vendor, start, end int, fuzzy bool) {
		if fuzzy {
			out = append(out, Misspelling{Written: text[start:end], Vendor: r.vendors[vendor].ID})
		}
	})
	return out
}

// scan calls found for each vendor name in text, with its byte span and
// whether it is a misspelling.
func (r *Registry) scan(text string, found func(vendor, start, end int, fuzzy bool)) {
	if r == nil {
		return
	}
	ts := tokens(text)
	keys := make([]string, len(ts))
	for i, t := range ts {
		keys[i] = foldWord(text[t.start:t.end])
	}
	for i := 0; i < len(keys); {
		v, n, fuzzy := r.match(keys[i:])
		if n == 0 {
			i++
			continue
		}
		found(v, ts[i].start, ts[i+n-1].end, fuzzy)
		i += n
	}
}

// match matches a name at the start of keys (folded words): exactly, the
// longest first, else with a misspelling. It returns the vendor, the
// number of words used (0 when nothing matched), and whether it took a
// misspelling.
func (r *Registry) match(keys []string) (vendor, words int, fuzzy bool) {
	maxW := min(r.maxWords, len(keys))
	for w := maxW; w >= 1; w-- {
		if v, ok := r.folded[strings.Join(keys[:w], " ")]; ok {
			return v, w, false
		}
	}
	if commonWords[keys[0]] || !isWordy(keys[0]) {
		return 0, 0, false
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
			return best, w, true
		}
	}
	// "Zooom": a letter typed once too often, in a name too short for
	// misspellings
	if k := keys[0]; hasRepeat(k) {
		if s, ok := r.squeezed[squeeze(k)]; ok && s.vendor >= 0 && utf8.RuneCountInString(k) > s.runes {
			return s.vendor, 1, true
		}
	}
	return 0, 0, false
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
		google amazon apple now`) {
		commonWords[w] = true
	}
}

// squeezedName is a name as squeezed finds it, with how many letters the
// name has: a question's word matches it only when longer, so that a key
// held down ("Zooom", "Delll") finds the name and a letter left out ("del",
// Spanish and Italian for "of the") does not.
type squeezedName struct {
	vendor, runes int
}

// addSpellings adds to the question tables the other ways people write a
// name: a one-word name with a letter repeated (squeezed), and a name with
// inner capitals as separate words ("OpenAI" as "open ai", "ChatGPT" as
// "chat gpt", "DigitalOcean" as "digital ocean"). A name whose parts are
// all common words is not split: they would be read in ordinary questions
// ("service now"); and a name of several words as one word ("redhat").
// The split and joined forms are matched exactly, never with a
// misspelling: "open as" is not "Open AI".
func (r *Registry) addSpellings() {
	r.squeezed = make(map[string]squeezedName, len(r.folded))
	for k, i := range r.folded {
		if strings.IndexByte(k, ' ') >= 0 {
			continue // one-word names: longer ones have misspellings
		}
		sq := squeeze(k)
		n := utf8.RuneCountInString(k)
		if s, ok := r.squeezed[sq]; ok && s.vendor != i {
			i = -1 // two vendors' names squeeze alike: neither
		}
		r.squeezed[sq] = squeezedName{vendor: i, runes: max(n, r.squeezed[sq].runes)}
	}
	// a name of several words written as one: "redhat", "mistralai"; a
	// joined form that is a word of its own ("facebook") stays that word
	var joined []string
	for k := range r.folded {
		if strings.IndexByte(k, ' ') >= 0 {
			joined = append(joined, k)
		}
	}
	slices.Sort(joined)
	for _, k := range joined {
		j := strings.ReplaceAll(k, " ", "")
		if _, taken := r.folded[j]; !taken && utf8.RuneCountInString(j) >= 5 && !commonWords[j] {
			r.folded[j] = r.folded[k]
		}
	}
	for i, v := range r.vendors {
		for _, a := range v.Aliases {
			parts := camelWords(a)
			if len(parts) < 2 || !slices.ContainsFunc(parts, func(p string) bool { return !commonWords[p] }) {
				continue
			}
			k := strings.Join(parts, " ")
			if _, taken := r.folded[k]; !taken {
				r.folded[k] = i
				r.maxWords = max(r.maxWords, len(parts))
			}
		}
	}
}

// camelWords folds a name into its words, splitting those written with
// inner capitals: "OpenAI" → open, ai; "OVHcloud" → ovh, cloud; "HPE
// GreenLake" → hpe, green, lake. It returns nil when no word splits. A part
// has two letters at least.
func camelWords(name string) []string {
	var out []string
	split := false
	for _, t := range tokens(name) {
		w := []rune(name[t.start:t.end])
		from := 0
		for j := 1; j < len(w); j++ {
			cut := -1
			switch {
			case unicode.IsLower(w[j-1]) && unicode.IsUpper(w[j]):
				cut = j // "Open|AI"
			case j >= 2 && unicode.IsUpper(w[j-2]) && unicode.IsUpper(w[j-1]) && unicode.IsLower(w[j]) && allUpper(w[from:j]):
				cut = j // "OVH|cloud", "VM|ware"
			}
			if cut-from >= 2 && len(w)-cut >= 2 {
				out = append(out, foldWord(string(w[from:cut])))
				from, split = cut, true
			}
		}
		out = append(out, foldWord(string(w[from:])))
	}
	if !split {
		return nil
	}
	return out
}

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// hasRepeat reports whether s has the same byte twice in a row: only then
// can squeeze change it.
func hasRepeat(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] {
			return true
		}
	}
	return false
}

// squeeze writes every run of one letter once: "zooom" and "zoom" → "zom".
func squeeze(s string) string {
	var b strings.Builder
	var prev rune = -1
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}
