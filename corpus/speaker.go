package corpus

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Words around a quotation: tokens with their offsets, the lexicons that
// recognise verbs of saying, pronouns and roles, and the reading of person
// names ("Adam Selipsky", "Ursula von der Leyen", "J. R. Smith") and titles
// ("CEO d'AWS", "Nimbus CEO").

type tokKind uint8

const (
	tokWord tokKind = iota
	tokPunct
)

// tok is a word or a punctuation mark of the text. f is its folded form:
// lowercase, accents removed.
type tok struct {
	s, e int // byte offsets in the article text
	w, f string
	kind tokKind
	cap  bool // starts with an upper-case letter
}

// elisions are the French words that an apostrophe ends and glues to the
// next one: "d'AWS", "l'entreprise", "qu'Adam".
var elisions = map[string]bool{"d": true, "l": true, "qu": true, "j": true, "n": true, "s": true, "c": true, "m": true, "t": true, "jusqu": true, "lorsqu": true, "puisqu": true}

// attTokens splits text, which starts at byte base of the article, into
// tokens. Hyphens stay inside words ("vice-président", "a-t-il");
// elisions and the English "'s" are tokens of their own.
func attTokens(text string, base int) []tok {
	var b tokBuf
	return b.tokens(text, base)
}

// tokBuf holds the buffers of a tokenisation, so that Extract can reuse
// them from one article to the next instead of allocating ~100 KB each.
type tokBuf struct {
	ts     []tok
	folded []byte
	foldAt []int32
}

var tokBufs = sync.Pool{New: func() any { return new(tokBuf) }}

// release clears the tokens (they point into an article's text, which the
// pool must not keep alive) and returns the buffer to the pool.
func (b *tokBuf) release() {
	clear(b.ts)
	tokBufs.Put(b)
}

// tokens tokenises text as attTokens does, into b's buffers.
func (b *tokBuf) tokens(text string, base int) []tok {
	ts := slices.Grow(b.ts[:0], len(text)/4+8)
	// Folded words are written one after the other into one buffer and
	// sliced out at the end: one allocation for all of them.
	folded := slices.Grow(b.folded[:0], len(text))
	foldAt := slices.Grow(b.foldAt[:0], cap(ts)) // per token: end of its folded form
	defer func() { b.ts, b.folded, b.foldAt = ts, folded, foldAt }()
	start := -1
	word := func(s, e int, f string) {
		w := text[s:e]
		if f != "" {
			folded = append(folded, f...)
		} else {
			folded = appendFolded(folded, w)
		}
		c := w[0]
		up := c >= 'A' && c <= 'Z'
		if c >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(w)
			up = unicode.IsUpper(r)
		}
		ts = append(ts, tok{s: base + s, e: base + e, w: w, cap: up})
		foldAt = append(foldAt, int32(len(folded)))
	}
	punct := func(s, e int) {
		folded = append(folded, text[s:e]...)
		ts = append(ts, tok{s: base + s, e: base + e, w: text[s:e], kind: tokPunct})
		foldAt = append(foldAt, int32(len(folded)))
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '@' || c == '_':
				if start < 0 {
					start = i
				}
				i++
				continue
			case (c == '-' || c == '&') && start >= 0:
				i++
				continue
			case c == ' ' || c == '\n' || c == '\t' || c == '\r':
				if start >= 0 {
					word(start, i, "")
					start = -1
				}
				i++
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		case (r == '\'' || r == '’') && start >= 0:
			next, m := utf8.DecodeRuneInString(text[i+n:])
			switch {
			case i-start <= 7 && elisions[foldWord(text[start:i])] && unicode.IsLetter(next):
				word(start, i+n, "") // "d'"
				start = -1
			case (next == 's' || next == 'S') && !isWordRune(text, i+n+m):
				word(start, i, "")
				word(i, i+n+m, "'s")
				start = -1
				i += n + m
				continue
			case !unicode.IsLetter(next):
				word(start, i, "")
				start = -1
				punct(i, i+n)
			}
		default:
			if start >= 0 {
				word(start, i, "")
				start = -1
			}
			if !spaceRune(r) {
				punct(i, i+n)
			}
		}
		i += n
	}
	if start >= 0 {
		word(start, len(text), "")
	}
	all := string(folded)
	prev := int32(0)
	for i := range ts {
		ts[i].f = all[prev:foldAt[i]]
		prev = foldAt[i]
	}
	return ts
}

// appendFolded appends w lowercased, accents stripped, ’ written '.
func appendFolded(b []byte, w string) []byte {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		n := len(b)
		b = append(b, w...)
		for i := n; i < len(b); i++ {
			if c := b[i]; c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return b
	}
	for _, r := range w {
		switch {
		case r == '’':
			b = append(b, '\'')
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
		default:
			b = append(b, foldLetter(r)...)
		}
	}
	return b
}

func isWordRune(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// foldWord lowercases w and strips its accents; ’ becomes '.
func foldWord(w string) string {
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
	for _, r := range w {
		switch {
		case r == '’':
			b.WriteByte('\'')
		case r < utf8.RuneSelf:
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteString(foldLetter(r))
		}
	}
	return b.String()
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// sayingVerbs are verbs of saying, folded, French and English, in the
// forms journalism uses. "relevé" and "reported" are left out: "comme l'a
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
fustigeait denonce denoncait exclame exclamait
`)

// reportingVerbs say who reported words as well as who said them: "«…»,
// a relevé Samuel Bonamigo" names the speaker, "comme l'a relevé CRN" the
// publication that reported them.
var reportingVerbs = wordSet(`releve relevait`)

// sayingInfinitives open a French sentence whose subject is the last
// speaker: "Et d'expliquer : « … »".
var sayingInfinitives = wordSet(`expliquer ajouter conclure preciser souligner insister poursuivre resumer
rappeler nuancer temperer ironiser lancer glisser affirmer marteler confier indiquer estimer assurer
reconnaitre avertir prevenir detailler enchainer commenter observer noter trancher repondre rencherir`)

// roleAdjectives stand between a determiner and a role: "l'ancien patron
// de SFR", "the former CEO".
var roleAdjectives = wordSet(`ancien ancienne nouveau nouvel nouvelle actuel actuelle futur future jeune
former new current longtime longstanding outgoing incoming`)

// auxiliaries come between a subject and its verb of saying: "a déclaré",
// "has said", "avait expliqué".
var auxiliaries = wordSet(`a ont avait avaient aurait auraient est has had have would will also then later
alors ensuite aussi encore deja already recently previously once simply publicly further vient de d' n' ne pas
lui leur se s' l' y en tout bien meme bluntly candidly flatly le la les toutefois cependant pourtant however though
still quickly sans detour franchement clairement`)

// participles of saying open a clause that keeps the sentence's subject:
// "…," he said, adding that customer content is "encrypted".
var sayingParticiples = wordSet(`adding saying insisting explaining noting stressing arguing warning
glissant lancant concluant resumant nuancant confiant affirmant
ajoutant precisant expliquant soulignant estimant assurant insistant rappelant indiquant`)

// determiners turn a verb of saying into a noun: "dans sa note", "a note".
var determiners = wordSet(`la le les l' sa son ses une un des a an the his her their its this cette ce cet
leur leurs notre nos votre vos our my your mes`)

// pronouns that can point back to a person.
var personPronouns = wordSet(`he she il elle lui`)

// genericRoles point back to the last person named whatever their title:
// "le dirigeant", "the executive".
var genericRoles = wordSet(`dirigeant dirigeante patron patronne executive exec boss interesse interessee
official responsable manager`)

// roleWords make an apposition a title: "CEO d'AWS", "chief executive of
// Nimbus", "vice-président exécutif et directeur commercial de Microsoft".
var roleWords = wordSet(`ceo pdg cto cfo coo cio ciso cso cmo cpo cdo cro vp svp evp dg dga dsi rssi md gm
president presidente vice-president vice-presidente directeur directrice director chief head officer
executive manager founder cofounder co-founder fondateur fondatrice cofondateur cofondatrice
co-fondateur co-fondatrice responsable spokesperson spokeswoman spokesman porte-parole analyst analyste
chairman chairwoman chair partner associe associee professor professeur professeure lead leader
engineer ingenieur ingenieure architect architecte consultant consultante avocat avocate lawyer
attorney researcher chercheur chercheuse economist economiste minister ministre secretary secretaire
gerant gerante administrateur administratrice dirigeant dirigeante patron patronne owner evangelist
strategist fellow principal counsel delegue deleguee representative representant representante
commissioner commissaire deputy adjoint adjointe senator senateur depute deputee expert experte
boss president-directeur directeur-general vp-sales avp cofounder&ceo`)

// spokesRoles speak for an organisation rather than as a person.
var spokesRoles = wordSet(`spokesperson spokeswoman spokesman porte-parole representative representant representante`)

// orgNouns point back to the last organisation named: "the company said".
var orgNouns = wordSet(`company firm group vendor giant provider societe entreprise groupe firme editeur fournisseur geant
constructeur hyperscaler`)

// capStopwords are capitalised words that begin sentences but never names.
var capStopwords = wordSet(`le la les l' un une des du de d' ce cette ces cet mais et ou pour selon chez dans en au aux avec
tout toute tous toutes
sans sur sous par apres avant depuis lors alors ainsi or donc car quand comme si il elle ils elles nous vous on je
the a an in on at for with without by from to of and but so if when while as after before since during he she
they we i you it this that these those there here what why how who whom which according asked meanwhile however
yet also still even pourtant cependant toutefois enfin puis ensuite aussi bien certes oui non yes no interroge
interrogee contacte contactee sollicite sollicitee questioned speaking reached our their his her its my your
notre leur son sa ses votre let let's c'est voici voila most many some all every each both other another one
deux two three trois first premier premiere last dernier derniere next new`)

// honorifics before a name are not part of it.
var honorifics = wordSet(`mr mrs ms dr m mme mlle prof sir dame lord madame monsieur me`)

// particles join the parts of a name: "Charles de Gaulle", "Ursula von der Leyen".
var particles = wordSet(`de du des van von der den da di del della dos das bin ibn al le la ter ten d'`)

// notNameWords make a capitalised sequence an organisation, place, event
// or month rather than a person.
var notNameWords = wordSet(`inc corp corporation ltd llc sa sas gmbh ag plc group groupe company co compagnie festival
conference summit sommet forum expo show university universite institute institut school ecole college bank banque
association agency agence ministry ministere commission council conseil foundation fondation partners capital ventures
labs lab systems technologies technology software cloud data networks services solutions research media medias news
times journal post review week magazine tribune echos monde register street valley city state states union parliament
parlement court cour office department act day days keynote blog linkedin twitter facebook instagram youtube project
projet program programme initiative care platform plateforme award awards center centre hospital hopital club team
league nord sud est ouest north south east west amerique america europe asie asia afrique africa silicon new san los
las saint sainte royaume uni united kingdom etats unis bay area wall house maison blanche white senate senat congress
congres january february march april may june july august september october november december janvier fevrier mars
avril mai juin juillet aout septembre octobre novembre decembre monday tuesday wednesday thursday friday saturday
sunday lundi mardi mercredi jeudi vendredi samedi dimanche google microsoft amazon apple meta oracle ibm sap
reuters bloomberg cnbc crn techcrunch zdnet lemagit verge wired axios fortune forbes insider geekwire information
washington paris london londres seattle berlin brussels bruxelles france germany allemagne china chine japan japon
`)

// placePreps before a capitalised word make it a place or a complement, not
// a speaker: "explique à LeMagIT Jean Dupont".
var placePreps = wordSet(`a à au aux en in at to from with avec chez dans lors during of de du des d' for pour par by
sur on vers near pres via`)

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
// determiner before it makes it a noun ("dans sa note").
func sayingAt(ts []tok, i int) bool {
	if !isSayingWord(ts[i]) {
		return false
	}
	if i > 0 && determiners[ts[i-1].f] && !(ts[i-1].f == "a" && ts[i].f != "note" && ts[i].f != "notes") {
		return false
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

func isRole(t tok) bool {
	if t.kind != tokWord {
		return false
	}
	if roleWords[t.f] {
		return true
	}
	// "vice-président", "co-CEO", "ex-PDG"
	if i := strings.LastIndexByte(t.f, '-'); i > 0 && roleWords[t.f[i+1:]] {
		return true
	}
	return false
}
