package index

import (
	"strings"

	"github.com/trustwatch/trustwatch/corpus"
)

// concept is one idea of the domain with its words in English and French,
// and the stance labels a question about it is after. Expansion is done
// here rather than with bleve synonyms, which drop multi-word entries.
type concept struct {
	terms  []string
	labels []corpus.Label
}

// glossary is the bilingual vocabulary of trust positions.
var glossary = []concept{
	{terms: []string{"trust", "trusted", "trustworthy", "confiance", "fiable", "fiabilité"}, labels: []corpus.Label{corpus.TrustPriority}},
	{terms: []string{"priority", "top priority", "first", "priorité", "priorité absolue", "prioritaire"}, labels: []corpus.Label{corpus.TrustPriority}},
	{terms: []string{"compete", "competes", "competing", "competition", "competitor", "competitors", "rival", "concurrencer", "concurrencera", "concurrence", "concurrents", "concurrent"},
		labels: []corpus.Label{corpus.NoCompetePledge, corpus.AcknowledgesCoopetition}},
	{terms: []string{"partner", "partners", "partnership", "partenaire", "partenaires", "s'associer", "s'associera", "associer", "partenariat", "partenariats"},
		labels: []corpus.Label{corpus.AcknowledgesCoopetition}},
	{terms: []string{"cooperate", "cooperation", "coopetition", "coopérer", "coopération", "coopétition", "frenemy"}, labels: []corpus.Label{corpus.AcknowledgesCoopetition}},
	{terms: []string{"customer", "customers", "client", "clients", "clientèle"}},
	{terms: []string{"success", "successful", "succeed", "succès", "réussite", "réussir"}, labels: []corpus.Label{corpus.CustomerSuccess}},
	{terms: []string{"data", "données", "donnée"}},
	{terms: []string{"train", "training", "trains", "entraîner", "entraînement", "entraîne"}, labels: []corpus.Label{corpus.DataPrivacyPledge}},
	{terms: []string{"privacy", "private", "confidentialité", "vie privée", "confidentiel", "confidentielles"}, labels: []corpus.Label{corpus.DataPrivacyPledge}},
	{terms: []string{"advertising", "ads", "publicité", "publicitaire"}, labels: []corpus.Label{corpus.DataPrivacyPledge}},
	{terms: []string{"sovereignty", "sovereign", "souveraineté", "souverain", "souveraine"}, labels: []corpus.Label{corpus.SovereigntyPledge}},
	{terms: []string{"jurisdiction", "local", "locally", "localement", "juridiction", "territoire"}, labels: []corpus.Label{corpus.SovereigntyPledge}},
	{terms: []string{"europe", "european", "eu", "européen", "européenne", "européens", "ue", "france", "country", "countries", "pays", "national", "nationale", "germany", "allemagne", "region", "région"}},
	{terms: []string{"state", "government", "public sector", "état", "gouvernement", "secteur public", "administration", "administrations"}},
	{terms: []string{"control", "controls", "contrôle", "contrôler", "maîtrise"}},
	{terms: []string{"healthcare", "health", "santé", "soins", "soins de santé"}},
	{terms: []string{"retail", "retailer", "retailers", "vente au détail", "commerce de détail", "distribution"}},
	{terms: []string{"cloud", "nuage"}},
	{terms: []string{"ai", "artificial intelligence", "ia", "intelligence artificielle"}},
	{terms: []string{"market", "markets", "marché", "marchés"}},
	{terms: []string{"provider", "providers", "supplier", "suppliers", "fournisseur", "fournisseurs", "prestataire", "prestataires"}},
	{terms: []string{"player", "players", "acteur", "acteurs"}},
	{terms: []string{"promise", "pledge", "commit", "commitment", "promesse", "engagement", "s'engage"}},
	{terms: []string{"security", "secure", "sécurité", "sécurisé"}},
	{terms: []string{"company", "companies", "business", "entreprise", "entreprises", "société"}},
	{terms: []string{"financial services", "finance", "banking", "services financiers", "banque"}},
}

// dataConcept and placeConcept (indexes in glossary) make "keep data in
// Europe" a question about sovereignty though neither word is alone.
var (
	dataConcept  = conceptOf("data")
	placeConcept = conceptOf("europe")
)

func conceptOf(first string) int {
	for i, c := range glossary {
		if c.terms[0] == first {
			return i
		}
	}
	panic("glossary has no concept " + first) // a programming error, caught by any test
}

// expansion is what the glossary makes of a question's words.
type expansion struct {
	// words are the other-language and related terms to search too.
	words []string
	// labels are the stance labels the question is after.
	labels []corpus.Label
}

// wordKeys are a word's forms for comparison: folded, and its English
// and French stems ("" when the analyzer drops the word).
type wordKeys struct{ fold, en, fr string }

func (ix *Index) keys(w string) wordKeys {
	k := wordKeys{fold: normalize(w)}
	if len(k.fold) >= 3 && !strings.Contains(k.fold, " ") {
		if t := terms(ix.an.en, k.fold); len(t) == 1 {
			k.en = t[0]
		}
		if t := terms(ix.an.fr, k.fold); len(t) == 1 {
			k.fr = t[0]
		}
	}
	return k
}

func (a wordKeys) same(b wordKeys) bool {
	return a.fold == b.fold || (a.en != "" && a.en == b.en) || (a.fr != "" && a.fr == b.fr)
}

// glossaryKeys computes the keys of every glossary term once per index.
func (ix *Index) glossaryKeys() [][]wordKeys {
	out := make([][]wordKeys, len(glossary))
	for ci, c := range glossary {
		for _, t := range c.terms {
			out[ci] = append(out[ci], ix.keys(t))
		}
	}
	return out
}

// expand finds the glossary concepts of a question's content words (and
// of its folded text, for multi-word terms) and returns their terms and
// intents.
func (ix *Index) expand(words []string, foldedQuestion string) expansion {
	var ex expansion
	have := map[string]bool{}
	wk := make([]wordKeys, len(words))
	for i, w := range words {
		wk[i] = ix.keys(w)
		have[wk[i].fold] = true
	}
	hit := map[int]bool{}
	padded := " " + foldedQuestion + " "
	for ci := range glossary {
		for _, tk := range ix.gloss[ci] {
			if strings.Contains(tk.fold, " ") {
				if strings.Contains(padded, " "+tk.fold+" ") {
					hit[ci] = true
				}
				continue
			}
			for _, k := range wk {
				if k.same(tk) {
					hit[ci] = true
				}
			}
		}
	}
	if hit[dataConcept] && hit[placeConcept] {
		ex.labels = append(ex.labels, corpus.SovereigntyPledge)
	}
	seenLabel := map[corpus.Label]bool{}
	for _, l := range ex.labels {
		seenLabel[l] = true
	}
	for ci, c := range glossary {
		if !hit[ci] {
			continue
		}
		for i, t := range c.terms {
			if nt := ix.gloss[ci][i].fold; !have[nt] {
				have[nt] = true
				ex.words = append(ex.words, t)
			}
		}
		for _, l := range c.labels {
			if !seenLabel[l] {
				seenLabel[l] = true
				ex.labels = append(ex.labels, l)
			}
		}
	}
	return ex
}

// isGlossaryWord reports whether w is one of the glossary's words.
func (ix *Index) isGlossaryWord(w string) bool {
	k := ix.keys(w)
	for ci := range ix.gloss {
		for _, tk := range ix.gloss[ci] {
			if k.same(tk) {
				return true
			}
		}
	}
	return false
}
