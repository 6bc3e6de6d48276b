package corpus

// Negation: whether a "not", "never", "ne … pas" governs a stance cue, so
// that "we will never compete with our customers" is a pledge and "we
// compete with some customers" is not.

// negators are the folded words that negate a cue near them. "t" is what
// remains of "n't" once the apostrophe splits "don't".
var negators = map[string]bool{
	"not": true, "never": true, "no": true, "t": true, "nor": true, "without": true, "cannot": true,
	"ne": true, "n": true, "pas": true, "jamais": true, "aucun": true, "aucune": true, "ni": true, "sans": true, "nullement": true,
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
