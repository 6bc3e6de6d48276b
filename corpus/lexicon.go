package corpus

import "strings"

// The lexicon: every word set that attribution reads, in one place, folded
// (lower case, accents off: foldWord). The stance cues live apart, in
// stance_lexicon.go. Sections: verbs of saying; roles and titles;
// pronouns, determiners and nouns that point back; names and what is not
// one; time; prepositions; statements; French elisions.

// wordSet builds a lexicon from words separated by white space.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// union is the words of every set.
func union(sets ...map[string]bool) map[string]bool {
	m := map[string]bool{}
	for _, s := range sets {
		for w := range s {
			m[w] = true
		}
	}
	return m
}

// ## Verbs of saying

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
denied denies refuted refutes disputed disputes dementi dement dementait refute refutait nie niait conteste contestait
annonce annoncait annoncent announced announces decrete decretait decrit decrivait described describes
craint craignait recounted recounts averti critique critiquait criticized criticised criticizes criticises
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
rassurer promettre rappeler garantir retorquer
valoir savoir`)

// sayingModals govern an infinitive of saying, which then says as the
// conjugated verb would: "a voulu rassurer le groupe", "a tenu à préciser
// Jean Dupont", "a souhaité rappeler la société".
var sayingModals = wordSet(`voulu voulait veut veulent tenu tenait tient tiennent souhaite souhaitait souhaitent
souhaitaient fait faisait`)

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

// objectPronouns stand between a subject and its verb of saying as the
// listener: "Nimbus nous a indiqué", "un porte-parole nous fait savoir".
var objectPronouns = wordSet(`nous vous me m' te t'`)

// reflexiveCopulas, after "se", stand between a subject and the word
// before a colon: "Nimbus se veut rassurant :", "il se dit confiant :".
var reflexiveCopulas = wordSet(`veut voulait dit disait montre montrait veulent disent montrent`)

// sayingAdverbs stand between a subject or an auxiliary and a verb of
// saying: "a ainsi déclaré Benioff", "Nimbus now explicitly says:", "a
// notamment souligné". English adverbs in -ly are recognised by their
// ending (adverbAt).
var sayingAdverbs = wordSet(`ainsi donc notamment egalement d'ailleurs ailleurs volontiers explicitement
desormais maintenant aujourd'hui hier recemment publiquement officiellement finalement simplement
now just today yesterday again`)

// notAdverbs end in -ly but are no adverbs: "reply", "family".
var notAdverbs = wordSet(`reply apply supply comply imply family assembly monopoly italy july rely`)

// ## Roles and titles

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
boss president-directeur directeur-general vp-sales avp cofounder&ceo specialiste specialist`)

// roleAdjectives stand between a determiner and a role: "l'ancien patron
// de SFR", "the former CEO".
var roleAdjectives = wordSet(`ancien ancienne nouveau nouvel nouvelle actuel actuelle futur future jeune
former new current longtime longstanding outgoing incoming`)

// genericRoles point back to the last person named whatever their title:
// "le dirigeant", "the executive".
var genericRoles = wordSet(`dirigeant dirigeante patron patronne executive exec boss interesse interessee
official responsable manager dernier derniere latter`)

// spokesRoles speak for an organisation rather than as a person.
var spokesRoles = wordSet(`spokesperson spokeswoman spokesman porte-parole representative representant representante`)

// titleModifiers may stand in a title before a name: "chief technology
// officer Jane Roe".
var titleModifiers = wordSet(`chief senior executive general global technology technical product products marketing
sales financial finance operating operations information security commercial international regional country data
cloud digital strategy engineering research principal vice deputy former ex interim acting co managing executif
generale general adjoint delegue associate assistant public policy affairs legal innovation transformation it ai
customer partner ecosystem channel alliances business development enterprise industry of de d' du des for 's and et`)

// documentWords name texts, not who wrote them: an organisation's name
// that starts or ends with one ("Cloud Act", "Règlement général") is not
// a speaker.
var documentWords = wordSet(`act acts law laws loi lois regulation reglement directive treaty traite code charter charte
convention constitution bill decree decret ordonnance`)

// outsiderRoles are roles no vendor gives its spokespeople: a person
// with one of them, and no vendor in their title, speaks for no vendor
// ("AI researcher Ada Varga", "l'analyste Paul Martin").
var outsiderRoles = wordSet(`analyst analyste analysts researcher chercheur chercheuse professor professeur professeure
economist economiste lawyer avocat avocate attorney minister ministre senator senateur senatrice depute deputee
commissioner commissaire consultant consultante specialiste specialist activist militant militante critic
journalist journaliste regulator president-elect mayor maire judge juge`)

// outsiderOrgs are the kinds of organisation that are not vendors: a
// title naming one places its person outside every vendor ("du cabinet
// de conseil Nuageo", "of the Skyline Institute").
var outsiderOrgs = wordSet(`cabinet association universite university institut institute ngo ong think-tank
federation syndicat union commission regulator regulateur autorite authority agency agence ministere ministry
government gouvernement parliament parlement tribunal court`)

// outsiderWords is outsiderRoles and outsiderOrgs together, for the
// checks that read every word of a paragraph.
var outsiderWords = union(outsiderRoles, outsiderOrgs)

// relativeWords open an apposition that is a clause, not a title: "Jane
// Roe, who heads the cloud unit, said".
var relativeWords = wordSet(`who whose which qui dont que lequel laquelle where`)

// ## Pronouns, determiners, nouns that point back

// pronouns that can point back to a person.
var personPronouns = wordSet(`he she il elle lui`)

// otherPronouns, between a quotation and the one before it, say that
// someone speaks again: the second is no continuation.
var otherPronouns = wordSet(`he she elle they ils`)

// indefinites open a noun phrase that introduces someone the article does
// not name: "an IT director said", « un cadre résume ».
var indefinites = wordSet(`an one another un une certain certains plusieurs`)

// determiners turn a verb of saying into a noun: "dans sa note", "a note".
var determiners = wordSet(`la le les l' sa son ses une un des a an the his her their its this cette ce cet
leur leurs notre nos votre vos our my your mes`)

// orgNouns point back to the last organisation named: "the company said".
var orgNouns = wordSet(`company firm group vendor giant provider societe entreprise groupe firme editeur fournisseur geant
constructeur hyperscaler start-up startup pousse operateur hebergeur`)

// theArticles are the definite articles an institution's name may take
// as a subject: "the Interior Office said", « la Commission indique ».
var theArticles = wordSet(`the le la l'`)

// publishedWords name where an organisation publishes: "the company's
// website adds:" is the company speaking.
var publishedWords = wordSet(`website site blog`)

// ## Names, and what is not one

// capStopwords are capitalised words that begin sentences but never names.
var capStopwords = wordSet(`le la les l' un une des du de d' ce cette ces cet mais et ou pour selon chez dans en au aux avec
tout toute tous toutes
sans sur sous par apres avant depuis lors alors ainsi or donc car quand comme si il elle ils elles nous vous on je
the a an in on at for with without by from to of and but so if when while as after before since during he she
they we i you it this that these those there here what why how who whom which according asked meanwhile however
yet also still even pourtant cependant toutefois enfin puis ensuite aussi bien certes oui non yes no interroge
interrogee contacte contactee sollicite sollicitee questioned speaking reached our their his her its my your
notre leur son sa ses votre let let's c'est voici voila cela ceci celui celle ceux celles most many some all every each both other another one
deux two three trois first premier premiere last dernier derniere next new`)

// headlineWords are the English function words a headline capitalises
// ("Krishna At Think 2023"): inside a capitalised sequence they end a
// name.
var headlineWords = wordSet(`at of the in on for and with from to by as is are was`)

// honorifics before a name are not part of it.
var honorifics = wordSet(`mr mrs ms dr m mme mlle prof sir dame lord madame monsieur me`)

// particles join the parts of a name: "Charles de Gaulle", "Ursula von der Leyen".
var particles = wordSet(`de du des van von der den da di del della dos das bin ibn al le la ter ten d'`)

// notNameWords make a capitalised sequence an organisation, place, event
// or month rather than a person.
var notNameWords = union(wordSet(`inc corp corporation ltd llc sa sas gmbh ag plc group groupe company co compagnie festival conference summit
sommet forum expo show university universite institute institut school ecole college bank banque association
agency agence ministry ministere commission council conseil foundation fondation partners capital ventures
labs lab systems technologies technology software cloud data networks services solutions research media medias
news times journal post review week magazine tribune echos monde register street valley city state states
union parliament parlement court cour office department act day days keynote blog linkedin twitter facebook
instagram youtube project projet program programme initiative care platform plateforme award awards center
centre hospital hopital club team league nord sud est ouest north south east west amerique america europe asie
asia afrique africa silicon new san los las saint sainte royaume uni united kingdom etats unis bay area wall
house maison blanche white senate senat congress congres google microsoft amazon apple meta oracle ibm sap
reuters bloomberg cnbc crn techcrunch zdnet lemagit verge wired axios fortune forbes insider geekwire
information washington paris london londres seattle berlin brussels bruxelles france germany allemagne china
chine japan japon`), calendarWords)

// ## Time

// calendarWords are the months and days, English and French.
var calendarWords = wordSet(`january february march april may june july august september october november december
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
monday tuesday wednesday thursday friday saturday sunday
lundi mardi mercredi jeudi vendredi samedi dimanche`)

// timeWords are capitalised words that say when, not who.
var timeWords = union(calendarWords, wordSet(`today yesterday`))

// ## Prepositions

// placePreps before a capitalised word make it a place or a complement, not
// a speaker: "explique à LeMagIT Jean Dupont".
var placePreps = wordSet(`a à au aux en in at to from with avec chez dans lors during of de du des d' for pour par by
sur on vers near pres via`)

// complementPreps put a name in a complement: "à l'initiative du président
// Emmanuel Macron", "a meeting with Jane Roe". "selon", "according to" and
// "pour" are left out: they name who speaks.
var complementPreps = wordSet(`a au aux du de des d avec contre chez to with of against`)

// orgPreps put an organisation after a person's name as where they work:
// "Jane Roe of Nimbus", "from", "at", "de", "chez", "von".
var orgPreps = wordSet(`of from at de d' chez von`)

// answerMarks open an interview's answer: "A:", "R :", "Réponse :".
var answerMarks = wordSet(`a r reponse answer`)

// corporateWe is how an organisation's words speak of it: a paragraph
// after a colon that says "we" is its words.
var corporateWe = wordSet(`we our us nous notre nos`)

// ## Statements announced without a verb of saying

// statementNouns are what "the following …" and "… suivant" announce as
// words to quote. A closed list: "the following day:", « l'étape
// suivante : » and "the following steps:" announce no statement.
var statementNouns = wordSet(`
statement statements addendum amendment message messages note notes passage clause clauses text update
terms wording language sentence sentences paragraph line lines announcement post tweet comment comments
reply response answer explanation quote quotation email e-mail letter memo notice warning disclaimer
promise pledge commitment assurance provision provisions words
declaration declarations communique communiques texte mention mentions avenant amendement phrase phrases
paragraphe avertissement engagement engagements reponse explication courriel mail lettre precision
precisions termes formulation ajout modification extrait billet publication commentaire mots`)

// ## French elisions

// elisions are the French words that an apostrophe ends and glues to the
// next one: "d'AWS", "l'entreprise", "qu'Adam".
var elisions = map[string]bool{"d": true, "l": true, "qu": true, "j": true, "n": true, "s": true, "c": true, "m": true, "t": true, "jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true}

// ## Grammatical gender, as the article gives it

// feminineMarks and masculineMarks, next to a person's name (before it, or
// in the apposition after it), give the person's grammatical gender, which
// a pronoun quotation ("she said", « a-t-il ajouté ») must agree with:
// honorifics, and titles and roles whose form is gendered. Words whose
// form is the same for both ("ministre", "porte-parole", "PDG") give it
// only through their determiner (genderedDets).
var feminineMarks = wordSet(`mme mmes madame mrs ms miss
directrice presidente fondatrice cofondatrice co-fondatrice vice-presidente administratrice
patronne dirigeante conseillere chercheuse avocate deputee senatrice creatrice inspectrice
chairwoman spokeswoman businesswoman congresswoman councilwoman saleswoman stateswoman`)

var masculineMarks = wordSet(`m mr monsieur
directeur president fondateur cofondateur co-fondateur vice-president administrateur
patron dirigeant conseiller chercheur avocat depute senateur createur inspecteur
chairman spokesman businessman congressman councilman salesman statesman`)

// genderedDets before a title or a name give its gender: "la ministre",
// « le porte-parole ».
var feminineDets = wordSet(`la une cette`)
var masculineDets = wordSet(`le un ce cet`)

// subject pronouns and their gender, for pronoun quotations and for the
// sentence after a person is introduced.
var pronounGender = map[string]byte{"she": 'f', "elle": 'f', "he": 'm', "il": 'm'}
