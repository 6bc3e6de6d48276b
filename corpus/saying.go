package corpus

import (
	"strings"
)

// Verbs of saying: the lexicons that recognise them in French and English,
// in the forms journalism uses (inverted "a-t-il ajouté", narrative
// infinitives, participles), and the auxiliaries that may come between a
// subject and its verb.

// wordSet builds a lexicon from words separated by white space.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// sayingVerbs are verbs of saying, folded, French and English, in the
// forms journalism uses, and the commonest German ones ("sagte"), so that
// a „…“ quotation finds its speaker in an otherwise English or French
// article. "relevé" and "reported" are left out: "comme l'a
// relevé CRN" names who reported the words, not who said them.
var sayingVerbs = wordSet(`
said says say told tells added adds wrote writes explained explains noted notes stated states
argued argues insisted insists posted posts tweeted commented comments remarked remarks declared
declares continued continues acknowledged acknowledges admitted admits conceded concedes warned
warns emphasized emphasizes emphasised emphasises stressed stresses claimed claims asserted asserts
replied replies responded responds answered answers recalled recalls observed observes maintained
maintains promised promises pledged pledges vowed vows affirmed affirms confirmed confirms reiterated
reiterates concluded concludes explain explaining saying telling adding writing insisting
dit disait declare declarait declarent affirme affirmait affirment ajoute ajoutait ajoutent
insiste insistait explique expliquait expliquent souligne soulignait soulignent precise precisait
estime estimait estiment assure assurait assurent confie confiait rappelle rappele rappelait indique
indiquait indiquent resume resumait poursuit poursuivi poursuivait conclut conclu concluait martele
martelait lance lancait commente commentait observe observait reconnait reconnu reconnaissait admet
admis admettait note notait tranche tranchait avance avancait juge jugeait repond repondu repondait
ecrit ecrivait ecrivent previent prevenu prevenait detaille detaillait argue arguait argumente plaide
plaidait promet promis promettait garantit garantissait confirme confirmait nuance nuancait ironise
ironisait tempere temperait assume assumait previent avertit reprend reprenait regrette regrettait deplore deplorait avertit avertissait insiste explicite temoigne
temoignait raconte racontait souffle soufflait glisse glissait affirme assene martele resumait
declare ajoute explique insiste precise estime assure confie indique souligne
shrugs shrugged protested protests quipped quips blogged countered counters joked jokes cautioned cautions
reaffirme reaffirmait releve relevait lache lachait enchaine enchainait rencherit rencherissait fustige
fustigeait denonce denoncait exclame exclamait retorque retorquait retorquent retorted retorts
specifies specified clarified clarifies
sagt sagte erklart erklarte betont betonte
`)

// reportingVerbs say who reported words as well as who said them: "«…»,
// a relevé Samuel Bonamigo" names the speaker, "comme l'a relevé CRN" the
// publication that reported them.
var reportingVerbs = wordSet(`releve relevait`)

// sayingInfinitives open a French sentence whose subject is the last
// speaker: "Et d'expliquer : « … »".
var sayingInfinitives = wordSet(`expliquer ajouter conclure preciser souligner insister poursuivre resumer
rappeler nuancer temperer ironiser lancer glisser affirmer marteler confier indiquer estimer assurer
reconnaitre avertir prevenir detailler enchainer commenter observer noter trancher repondre rencherir
rassurer promettre rappeler garantir retorquer`)

// sayingModals govern an infinitive of saying, which then says as the
// conjugated verb would: "a voulu rassurer le groupe", "a tenu à préciser
// Jean Dupont", "a souhaité rappeler la société".
var sayingModals = wordSet(`voulu voulait veut veulent tenu tenait tient tiennent souhaite souhaitait souhaitent
souhaitaient`)

// participles of saying open a clause that keeps the sentence's subject:
// "…," he said, adding that customer content is "encrypted".
var sayingParticiples = wordSet(`adding saying insisting explaining noting stressing arguing warning
glissant lancant concluant resumant nuancant confiant affirmant
ajoutant precisant expliquant soulignant estimant assurant insistant rappelant indiquant`)

// auxiliaries come between a subject and its verb of saying: "a déclaré",
// "has said", "avait expliqué". Adverbs may too (adverbAt).
var auxiliaries = wordSet(`a ont avait avaient aurait auraient est has had have would will also then later
alors ensuite aussi encore deja already recently previously once simply publicly further vient de d' n' ne pas
lui leur se s' l' y en tout bien meme bluntly candidly flatly le la les toutefois cependant pourtant however though
still quickly sans detour franchement clairement`)

// sayingAdverbs stand between a subject or an auxiliary and a verb of
// saying: "a ainsi déclaré Benioff", "Nimbus now explicitly says:", "a
// notamment souligné". English adverbs in -ly are recognised by their
// ending (adverbAt).
var sayingAdverbs = wordSet(`ainsi donc notamment egalement d'ailleurs ailleurs volontiers explicitement
desormais maintenant aujourd'hui hier recemment publiquement officiellement finalement simplement
now just today yesterday again`)

// adverbAt reports whether ts[k] is an adverb that may stand between a
// subject and its verb: a listed one, or an English word in -ly that no
// determiner turns into a noun ("the family", "an ally").
func adverbAt(ts []tok, k int) bool {
	t := ts[k]
	if t.kind != tokWord || t.cap {
		return false
	}
	if sayingAdverbs[t.f] {
		return true
	}
	if len(t.f) < 5 || !strings.HasSuffix(t.f, "ly") || isSayingWord(t) {
		return false
	}
	switch t.f {
	case "reply", "apply", "supply", "comply", "imply", "family", "assembly", "monopoly", "italy", "july", "rely":
		return false
	}
	return k == 0 || !determiners[ts[k-1].f]
}

// betweenVerb reports whether ts[k] may stand between a subject and its
// verb of saying: an auxiliary or an adverb.
func betweenVerb(ts []tok, k int) bool {
	return ts[k].kind == tokWord && (auxiliaries[ts[k].f] || adverbAt(ts, k))
}

func isSayingWord(t tok) bool {
	if t.kind != tokWord {
		return false
	}
	if sayingVerbs[t.f] {
		return true
	}
	base, _ := hyphenPronoun(t.f)
	return base != t.f && (sayingVerbs[base] || base == "a" || base == "avait")
}

// hyphenPronoun splits an inverted French verb: "explique-t-il" →
// ("explique", "il"); "dit-elle" → ("dit", "elle").
func hyphenPronoun(f string) (base, pronoun string) {
	for _, suf := range []string{"-t-il", "-t-elle", "-il", "-elle", "-t-on", "-on", "-ils", "-elles"} {
		if strings.HasSuffix(f, suf) && len(f) > len(suf) {
			return f[:len(f)-len(suf)], strings.TrimPrefix(strings.TrimPrefix(suf, "-t"), "-")
		}
	}
	return f, ""
}

// sayingAt reports whether ts[i] is a verb of saying used as a verb: a
// determiner or "the following" before it makes it a noun ("dans sa
// note", "the following note:").
func sayingAt(ts []tok, i int) bool {
	if !isSayingWord(ts[i]) {
		// "a voulu rassurer", "a tenu à préciser"
		return sayingInfinitives[ts[i].f] && i > 0 &&
			(sayingModals[ts[i-1].f] || i > 1 && ts[i-1].f == "a" && sayingModals[ts[i-2].f])
	}
	if ts[i].f == "dit" && i > 0 && (ts[i-1].f == "cela" || ts[i-1].f == "ceci" || ts[i-1].f == "ca") {
		return false // "Cela dit," means "that said"
	}
	if i > 0 && determiners[ts[i-1].f] && !(ts[i-1].f == "a" && ts[i].f != "note" && ts[i].f != "notes") {
		return false
	}
	if i > 0 && ts[i-1].f == "following" {
		return false // "the following note:", "the following comment:"
	}
	if reportingVerbs[ts[i].f] {
		for k := max(i-3, 0); k < i; k++ {
			if ts[k].f == "comme" || ts[k].f == "as" {
				return false
			}
		}
	}
	return true
}
