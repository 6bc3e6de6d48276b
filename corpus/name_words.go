package corpus

import "strings"

// Words that tell who a speaker is: roles and titles ("CEO d'AWS", "Nimbus
// CEO"), pronouns and nouns that point back ("il", "the company"),
// determiners, and the words that make or break a person's name
// ("Ursula von der Leyen", "Festival", "Monday").

// roleAdjectives stand between a determiner and a role: "l'ancien patron
// de SFR", "the former CEO".
var roleAdjectives = wordSet(`ancien ancienne nouveau nouvel nouvelle actuel actuelle futur future jeune
former new current longtime longstanding outgoing incoming`)

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
notre leur son sa ses votre let let's c'est voici voila cela ceci celui celle ceux celles most many some all every each both other another one
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
