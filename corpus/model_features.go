package corpus

import "strings"

// The features the label model reads from a quotation, computed from the
// lexicon's folded words (cueWords): crude stems, word pairs, negation
// scope, modality, and the lexicon's own cues. One function lists them,
// for training (by name) and for labelling (by hash), so that the two can
// never disagree.

// negScope is how many words after a negation are read as negated:
// "we will never compete with our customers" gives "!compet", "!custom".
const negScope = 6

// featureNegators open a negation scope: the lexicon's negators and a few
// words that negate without governing a cue.
var featureNegators = map[string]bool{
	"non": true, "none": true, "nothing": true, "nobody": true, "neither": true, "rien": true,
}

// featureStopWords carry no stance alone: they are read in pairs only ("your
// data", "nos clients"), never as unigrams.
var featureStopWords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "to": true, "in": true, "on": true, "for": true, "with": true, "and": true, "or": true,
	"is": true, "are": true, "be": true, "been": true, "we": true, "our": true, "us": true, "you": true, "your": true, "it": true, "its": true,
	"this": true, "that": true, "at": true, "by": true, "as": true, "from": true, "they": true, "their": true, "them": true, "i": true,
	"de": true, "la": true, "le": true, "les": true, "des": true, "du": true, "un": true, "une": true, "et": true, "ou": true, "en": true,
	"dans": true, "pour": true, "avec": true, "sur": true, "nous": true, "nos": true, "notre": true, "vous": true, "vos": true, "votre": true,
	"est": true, "sont": true, "au": true, "aux": true, "ce": true, "cette": true, "ces": true, "qui": true, "que": true, "qu": true,
	"se": true, "s": true, "d": true, "l": true, "il": true, "elle": true, "ils": true, "leur": true, "leurs": true, "y": true, "re": true,
}

func isFeatureNegator(w string) bool { return negators[w] || featureNegators[w] }

// Word flags, looked up once per word.
const (
	flagStop = 1 << iota
	flagNeg
	flagContrast
	flagModal
)

// wordFlags says, per folded word, what quoteFeatures must know of it.
var wordFlags = func() map[string]uint8 {
	f := map[string]uint8{}
	for w := range featureStopWords {
		f[w] |= flagStop
	}
	for w := range negators {
		f[w] |= flagNeg
	}
	for w := range featureNegators {
		f[w] |= flagNeg
	}
	for w := range contrastives {
		f[w] |= flagContrast
	}
	for _, w := range modalWords {
		f[w] |= flagModal
	}
	return f
}()

// hedgeNegReach is how far before a guarantee a negation denies it:
// "we are not able to guarantee", « pas en mesure de garantir ».
const hedgeNegReach = 4

// modalWords are the words modalClass knows.
var modalWords = []string{
	"can", "cannot", "could", "able", "peut", "peuvent", "pouvons", "pouvez", "pourrait", "pourrions", "pourra", "pourront", "pourrons", "puisse", "possible", "impossible",
	"will", "would", "shall", "won", "wont", "vais", "allons", "va", "vont", "engageons", "engage", "commit", "committed", "pledge", "promise", "promettons",
	"may", "might", "must", "should", "doit", "doivent", "devons", "devrait", "devrions",
}

// hedgedClass names a modal class under a denied guarantee: "we cannot
// guarantee that we will never …" is not "will never".
var hedgedClass = map[string]string{"can": "?can", "will": "?will", "may": "?may"}

// modalClass groups modal verbs: "can" for ability ("we cannot guarantee",
// "ne peut pas garantir"), "will" for commitment ("we will never"). The
// class and what the modal governs form one feature.
func modalClass(w string) string {
	switch w {
	case "can", "cannot", "could", "able", "peut", "peuvent", "pouvons", "pouvez", "pourrait", "pourrions", "pourra", "pourront", "pourrons", "puisse", "possible", "impossible":
		return "can"
	case "will", "would", "shall", "won", "wont", "vais", "allons", "va", "vont", "engageons", "engage", "commit", "committed", "pledge", "promise", "promettons":
		return "will"
	case "may", "might", "must", "should", "doit", "doivent", "devons", "devrait", "devrions":
		return "may"
	}
	return ""
}

// stemSuffixes are stripped, longest first, at most twice, leaving at
// least minStem letters: "competing", "competes", "compete" read "compet";
// "concurrencerons" reads "concurrenc".
var stemSuffixes = []string{
	"issements", "issement", "ements", "ement", "ations", "ation", "ateurs", "ateur", "ments", "ment",
	"ities", "ity", "ings", "ing", "ness", "ions", "ion", "ives", "ive", "euses", "euse", "eux",
	"aient", "erons", "eront", "erez", "era", "ees", "ee", "ies", "ied", "ers", "er", "ez", "ons",
	"ent", "ait", "ais", "ant", "ed", "es", "e", "s", "ly", "y",
}

// minStem is the shortest stem suffix stripping leaves.
const minStem = 4

// suffixesByLast are stemSuffixes by their last letter, longest first.
var suffixesByLast = func() (by [256][]string) {
	for _, s := range stemSuffixes {
		by[s[len(s)-1]] = append(by[s[len(s)-1]], s)
	}
	return by
}()

// stem strips a folded word's suffixes: a crude bilingual stemmer, enough
// for features (it never allocates: the stem is a prefix of w).
func stem(w string) string {
	for range 2 {
		if len(w) <= minStem {
			break
		}
		cut := false
		for _, s := range suffixesByLast[w[len(w)-1]] {
			if len(w)-len(s) >= minStem && strings.HasSuffix(w, s) {
				w, cut = w[:len(w)-len(s)], true
				break
			}
		}
		if !cut {
			break
		}
	}
	return w
}

// featureSink receives each feature of a quotation: its name is
// prefix+a, or prefix+a+" "+b when b is not empty; i and j are the
// words it comes from (-1 when none).
type featureSink func(prefix, a, b string, i, j int)

// featurePrefixes name the kinds of features.
const (
	fUni     = "u:" // a stem
	fNeg     = "n:" // a stem in a negation's scope
	fPair    = "b:" // two stems in a row
	fNegPair = "c:" // two stems in a row in a negation's scope
	fModal   = "m:" // a modal class and the stem it governs ("can !garant")
	fLex     = "L:" // a lexicon cue fired for a label
	fConcept = "k:" // a concept of the domain vocabulary ("!" when negated)
	fConPair = "p:" // a concept and the one before it in the clause
	fHedge   = "h:" // a stem or concept under a denied guarantee ("we cannot guarantee that …")
	fHedgeP  = "q:" // two stems, or two concepts, in a row under a denied guarantee
	fBias    = "bias"
	noWords  = -1
)

// quoteFeatures lists the features of words[nLead:], words[:nLead] being
// narrative before the quotation that only lends its negation scope, and
// lex the lexicon's cues per label, found at the words at.
func quoteFeatures(words []cueWord, nLead int, lex *[numLabels]string, at *[numLabels]int, emit featureSink) {
	emit(fBias, "", "", noWords, noWords)
	for li, c := range lex {
		if c != "" {
			emit(fLex, string(Labels[li]), "", at[li], at[li])
		}
	}
	scope := 0
	prev, prevStem := -1, "" // the previous word of the clause, for pairs
	prevCon, prevConName := -1, ""
	// hedge counts down the words a denied guarantee governs; lastNeg is
	// the clause's last negation.
	hedge, lastNeg := 0, -1
	for i, w := range words {
		if w.word == "" {
			scope, prev, prevCon, hedge, lastNeg = 0, -1, -1, 0, -1
			continue
		}
		fl := wordFlags[w.word]
		if fl&flagContrast != 0 {
			scope, prev = 0, -1
		}
		neg := fl&flagNeg != 0
		s := stem(w.word)
		if hedge > 0 {
			hedge--
		}
		if lastNeg >= 0 && i-lastNeg <= hedgeNegReach && !neg && isGuarantee(w.word) {
			hedge = hedgeReach
		}
		if neg || w.word == "impossible" {
			lastNeg = i
		}
		hedged := hedge > 0 && hedge < hedgeReach
		if i >= nLead && fl&flagStop == 0 {
			switch {
			case hedged:
				emit(fHedge, s, "", i, i)
			case scope > 0 && !neg:
				emit(fNeg, s, "", i, i)
			default:
				emit(fUni, s, "", i, i)
			}
			if con := concepts[s]; con != nil {
				switch {
				case hedged:
					emit(fHedge, con.name, "", i, i)
				case scope > 0 && !neg:
					emit(fConcept, con.neg, "", i, i)
				default:
					emit(fConcept, con.name, "", i, i)
				}
				if prevCon >= nLead {
					p := fConPair
					if hedged {
						p = fHedgeP
					}
					emit(p, prevConName, con.name, prevCon, i)
				}
				prevCon, prevConName = i, con.name
			}
		}
		if i >= nLead {
			if prev >= nLead {
				p := fPair
				switch {
				case hedged:
					p = fHedgeP
				case scope > 0 && !neg:
					p = fNegPair
				}
				emit(p, prevStem, s, prev, i)
			}
			if fl&flagModal != 0 {
				class := modalClass(w.word)
				if hedged {
					class = hedgedClass[class]
				}
				modalFeature(words, i, class, emit)
			}
		}
		if neg {
			scope = negScope
		} else if scope > 0 {
			scope--
		}
		prev, prevStem = i, s
	}
}

// modalFeature emits the modal class of words[i] with the first word it
// governs among the next three, marked "!" when a negation sits between
// ("we can't guarantee" → "can !guarante").
func modalFeature(words []cueWord, i int, class string, emit featureSink) {
	neg := words[i].word == "cannot" || words[i].word == "won" || words[i].word == "wont"
	for j := i + 1; j < len(words) && j <= i+3; j++ {
		w := words[j].word
		if w == "" {
			return
		}
		if isFeatureNegator(w) {
			neg = true
			continue
		}
		if w == "be" || w == "etre" || w == "have" || w == "nous" || w == "we" || w == "i" || w == "you" || w == "vous" {
			continue
		}
		s := stem(w)
		con := concepts[s]
		if neg {
			emit(fModal, class, "!"+s, i, j)
			if con != nil {
				emit(fModal, class, con.neg, i, j)
			}
		} else {
			emit(fModal, class, s, i, j)
			if con != nil {
				emit(fModal, class, con.name, i, j)
			}
		}
		return
	}
}

// fnv64 is FNV-1a over bytes, continued from h.
func fnv64(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

const fnvOffset = 14695981039346656037

// featureHash is the hash of the feature named prefix+a[+" "+b], computed
// without building the name.
func featureHash(prefix, a, b string) uint64 {
	h := fnv64(fnv64(fnvOffset, prefix), a)
	if b != "" {
		h = fnv64(fnv64(h, " "), b)
	}
	return h
}

// featureName is the feature's name, as the model file writes it.
func featureName(prefix, a, b string) string {
	if b != "" {
		return prefix + a + " " + b
	}
	return prefix + a
}
