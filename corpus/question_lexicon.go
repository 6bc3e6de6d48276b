package corpus

import (
	"maps"
	"slices"
)

// Word sets of questions, folded. The months and days, verbs of saying,
// places and roles that attribution knows are in lexicon.go and reused
// here; only what is particular to asking is listed.

// askingWords say that something is asked, not what: "what does Nimbus
// say about…", "quel est l'avis de…". They are no content word of a
// question: the verbs of saying of lexicon.go but those that carry a
// position (promising, warning, admitting: "did Nimbus admit…" asks about
// an admission), and the words of asking.
var askingWords = union(minus(sayingVerbs, positionVerbs), wordSet(`think thinks stance position positions
view views opinion opinions regarding whether stand stands
disent dire pense pensent quoi concernant sujet propos fait faire avis comment
quel quelle quels quelles est-ce qu'est-ce`))

// positionVerbs are the verbs of saying that also say what is said: a
// question with them is about a pledge, a warning or an admission.
var positionVerbs = wordSet(`promised promises pledged pledges vowed vows warned warns admitted admits conceded
concedes acknowledged acknowledges confirmed confirms affirms insisted insists cautioned cautions protested protests
promet promis promettait garantit garantissait reconnait reconnu reconnaissait admet admis admettait previent
prevenu prevenait avertit avertissait regrette regrettait deplore deplorait denonce denoncait fustige fustigeait
confirme confirmait`)

// minus is the words of a that are not in b.
func minus(a, b map[string]bool) map[string]bool {
	out := make(map[string]bool, len(a))
	for w := range a {
		if !b[w] {
			out[w] = true
		}
	}
	return out
}

// askedVerbs end "what does X say": the words between "does" and one of
// them name who is asked about. Any verb of saying, and the verbs of a
// position a question asks about.
var askedVerbs = union(sayingVerbs, wordSet(`think claim pledge promise state believe feel compete commit stand do
pense promet`))

// questionNotNames are capitalised words of questions that name no
// company: the months and days, roles, and the places, institutions and
// regulations people ask about.
var questionNotNames = union(calendarWords, roleWords, wordSet(`i us usa uk eu ue france germany allemagne
spain espagne italy italie europe america amerique china chine japan japon india inde canada quebec paris
london londres berlin brussels bruxelles washington california californie asia asie africa afrique
government gouvernement state etat commission gdpr rgpd dma dsa cloud act saas paas iaas llm genai api
english french anglais francais`))

// AskingWords are the folded words of a question that only say that
// something is asked ("say", "avis"): no words to search. Sorted.
func AskingWords() []string { return slices.Sorted(maps.Keys(askingWords)) }

// AskedVerb reports whether a folded word ends the "what does X say"
// pattern, whose middle words name who is asked about.
func AskedVerb(w string) bool { return askedVerbs[w] }

// QuestionNotName reports whether a folded capitalised word of a question
// names no company: a month, a role, a place or a regulation.
func QuestionNotName(w string) bool { return questionNotNames[w] }

// Elided reports whether a folded word is one that French elision glues
// to the next word with an apostrophe ("l" of "l'État", "qu" of
// "qu'Adam").
func Elided(w string) bool { return elisions[w] }
