package corpus

import (
	"slices"
	"strings"
)

// The stance lexicon: cue phrases per label, French and English, written as
// text for people to read and extend, and compiled once into an index by
// a cue's first word.

// Negation polarity a cue requires.
const (
	anyPolarity = iota
	negated     // "we will never compete with our customers"
	affirmed    // "we compete with some customers"
)

// stanceLexicon is the cue table. Each line is "label: cue; cue; …"; a cue
// is words separated by spaces (an alternative is one word: a two-word
// phrase is two slots), alternatives by "|", a trailing "*" makes a
// prefix, a leading "!" or "+" says the cue must (or must not) be
// negated, and a word written "^word" must follow the one before it with
// no word between ("opt ^in|out" is "opt-in", not "opt for … in").
// Words are written folded ("donnees", not "données").
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
 confiance|trust ~ principale|premiere|first|number|numero|top|fondamentale|cardinale ~ valeur|valeurs|value|values;
 confiance|trust ~ valeur|value ~ principale|premiere|fondamentale|cardinale|numero|number;
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
 !use|uses|used|using ~ to ~ train|training;
 !utilis* ~ pour ~ entrainer|former;
 !access*|sell*|share*|monetis*|monetiz*|read*|look ~ data|donnees|email*|content;
 !vend*|partag*|monetis*|acced*|acces ~ donnees;
 !advertis*|ads|publicit*;
 data ~ belongs ~ to ~ you|customer*|them;
 your data ~ is|remains ~ yours;
 donnees ~ appartien* ~ clients|vous;
 never ~ train*|sell*|monetiz*|monetis* ~ data;
 !formons|forment|formerons|formera ~ donnees|conversations;
 !former|formons|formez|forment|formerons|formera|formeront|forme|formes|formee|formees ~ sur ~ donnees|conversations|contenus;
 !apprenn*|apprend*|learn* ~ utilisation|usage|donnees|data|conversations;
 protection ~ des|de ~ donnees;
 data ~ protection;
 +protege*|protect* ~ donnees|data;
 resist*|contest*|challeng*|reject*|refus*|against ~ request*|requete*|demandes;
 +honor*|honour*|respect* ~ objection*|opposition*|opt;
 +opt ^out|in;
 exclude|excludes|excluded|excluding|exclure|exclut|exclus|exclue|exclues ~ data|donnees|content|contenu* ~ train*|entrain*;
 !supersede*|override*|overrid* ~ ownership|propriete
sovereignty-pledge:
 data|donnees|metadata|metadonnees ~ stay*|remain*|stored|store|kept|hosted|resid*|heberg*|stock*|reste*|demeur*|localis* ~ eu|europe|european|france|germany|allemagne|uk|union|country|pays|jurisdiction|territoire|sol|region;
 heberg*|stock*|localis* ~ en|sur ~ france|europe|territoire|sol;
 stay*|remain*|reste* ~ in|within|dans ~ region|country|pays|jurisdiction|eu|europe|ue;
 !sent|send|sends|transfer*|leave|leaves|cross|crosses|moved ~ across|outside|beyond ~ boundar*|border*|country|eu|europe;
 !quitte|quittent|quitteront|quittera|transfere*|franchi*|traverse* ~ territoire|frontiere*|pays|france|europe|ue|union;
 secnumcloud;
 capital ~ est|reste|restera|sera|is|remains|stays ~ francais|europeen|european|french;
 gouvernance|governance ~ francaise|europeenne|french|european;
 sommes|restons|resterons|demeurons ~ complete*|totalement|entierement|purement|resolument ~ francais*|europeen*;
 restons|resterons|rester|demeurons|demeurerons ~ francais|francaise|europeen|europeenne|europeens;
 owned|controlled|run|operated|governed ~ by ~ europeans|european|french|eu;
 detenu|detenue|detenus|controle|controlee|controles|opere|operee|operes|exploite|exploitee|exploites ~ par ~ europeen*|francais*;
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
	adjacent []bool      // per slot: it must follow the slot before it directly
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
			adj := strings.HasPrefix(w, "^")
			for _, alt := range strings.Split(strings.TrimPrefix(w, "^"), "|") {
				slot = append(slot, cuePart{word: strings.TrimSuffix(alt, "*"), prefix: strings.HasSuffix(alt, "*")})
			}
			c.slots = append(c.slots, slot)
			c.adjacent = append(c.adjacent, adj)
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

func slotMatch(slot []cuePart, w string) bool {
	for _, p := range slot {
		if p.match(w) {
			return true
		}
	}
	return false
}
