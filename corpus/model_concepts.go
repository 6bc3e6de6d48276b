package corpus

import "strings"

// Concepts: a small bilingual vocabulary of the domain, read by the label
// model as features of their own, so that what it learns from "we never
// hand customer data to a government" it also knows of « nous ne
// remettons jamais les données de nos clients à une autorité »: stems
// that mean the same share one concept feature. Words are written
// folded; each is looked up by its stem, so that inflections follow.

// conceptWords lists, per concept, its English and French words.
var conceptWords = []struct{ name, words string }{
	{"DATA", "data donnee donnees information informations contenu contenus content contents file files fichier fichiers metadata metadonnees record records email emails message messages requete requetes prompt prompts conversation conversations document documents"},
	{"CUSTOMER", "customer customers client clients user users utilisateur utilisateurs abonne abonnes subscriber subscribers consumer consumers"},
	{"TRAIN", "train training trains trained entrainer entrainement entraine entrainons ameliorer amelioration improve improving model models modele modeles ai ia algorithm algorithms algorithme algorithmes"},
	{"GOV", "government governments gouvernement gouvernements authority authorities autorite autorites agency agencies agence agences state etat etats intelligence renseignement renseignements police court courts tribunal tribunaux juge juges judge judges subpoena subpoenas warrant warrants injonction injonctions requisition requisitions administration washington"},
	{"DEMAND", "demand demands demande demandes request requests requete order orders ordre ordres compel compelled contraint contraints contraindre oblige obliger obligation obligations"},
	{"LAW", "law laws loi lois legal legally juridique juridiquement jurisdiction jurisdictions juridiction juridictions legislation reglementation regulation regulations rgpd gdpr fisa patriot extraterritorial extraterritoriale extraterritoriales extraterritorialite droit"},
	{"REFUSE", "refuse refused refusing refuser refusons refuserions refuserons challenge challenged contest contested contester contesterions contestons oppose opposed opposons resist resisting fight fought combattre combattons decline"},
	{"ACCESS", "access accessed acces acceder accede look see read lire consulter hand handed remettre remettons remis transmettre transmettons transmis share shared partager partageons disclose disclosed divulguer sell sold vendre vendons monetize monetiser exploit exploiter"},
	{"PLACE", "europe european europeen europeenne europeens europeennes eu ue union france francais francaise local locale locaux locales territoire territory territories region regions regional regionale national nationale pays country countries germany allemagne allemand allemande domestic soil sol frontieres borders"},
	{"STAY", "stay stays remain remains rester reste restent resteront demeure demeurent demeureront stored store stocke stockees stockage hosted heberge hebergees hebergement reside resides localise localisees leave quitter quitteront sortir sortiront"},
	{"CONTROL", "control controls controlled controle controlees controler maitrise maitriser operate operated operates opere operee exploite exploitee staff personnel personnels employee employees salarie salaries cleared habilite habilites"},
	{"SOVEREIGN", "sovereign sovereignty souverain souveraine souverainete immune immunity immunite isolated isole isolee isolees etanche etanches separate separated separees independent independance independante autonomy autonomie secnumcloud"},
	{"ENCRYPT", "encrypt encrypted encryption chiffrer chiffre chiffrees chiffrement key keys cle cles dechiffrer decrypt"},
	{"PRIVACY", "privacy confidentialite confidential confidentiel confidentielle private privee privees personal personnel personnelle personnelles intimate intime"},
	{"PROTECT", "protect protected protecting protection proteger protegeons protegees defend defends defending defendre defendons safeguard safeguards shield shields sauvegarder preserve preserver abri secure securite securiser"},
	{"COLLECT", "collect collects collected collecter collectons collecte gather harvest harvesting recueillir track tracking pister traquer profile profiles profiling profil profils surveillance surveiller spy spying espionner espionnage"},
	{"USE", "use used uses using utiliser utilisons utilise utilisees utilisation exploiter servir sert serviront leverage feed feeds alimenter alimente alimentent alimenteront"},
	{"CHOICE", "opt consent consentement accord choice choices choix choose choisir objection opposition object transparency transparence"},
	{"OWN", "own owns owner owners ownership property propriete proprietaire proprietaires appartiennent appartient belong belongs posseder possedent"},
	{"RETAIN", "delete deleted deletes supprimer supprimons supprime effacer erase retain retained retention conserver conservons conservees keep kept garder gardons"},
	{"MOVE", "transfer transfers transferred transfert transferts transferer move moved deplacer cross crosses franchir franchissent boundary"},
	{"ABLE", "possible impossible unable incapable capacity capacite moyen"},
	{"COMMIT", "commitment commitments engagement engagements pledge pledges promise promesse promesses guarantee garantie"},
	{"TRUST", "trust trusted confiance"},
	{"COMPETE", "compete competing competition competitor competitors concurrence concurrencer concurrent concurrents rival rivals rivaliser"},
	{"PARTNER", "partner partners partnership partenaire partenaires partenariat collaborate collaboration cooperation cooperer alliance"},
	{"NEVER", "never jamais"},
	{"WANT", "want wants wanted veulent veut souhaitent souhaite expect expects expecting attendent need needs besoin exigent exige reclament reclame asking"},
	{"SUCCEED", "succeed succeeds success successful succes reussir reussite reussissent thrive thriving prosper grow growth croissance croitre win gagner"},
	{"HELP", "help helps helping aider aidons aide enable enabling permettre permettons accompagner accompagnons support supporting soutenir serve serving"},
}

// concept is a concept's name, plain and negated ("!DATA"), written once
// so that features name it without building strings.
type concept struct{ name, neg string }

// concepts maps a stem to its concept.
var concepts = func() map[string]*concept {
	m := map[string]*concept{}
	for _, c := range conceptWords {
		con := &concept{name: c.name, neg: "!" + c.name}
		for _, w := range strings.Fields(c.words) {
			s := stem(w)
			if _, ok := m[s]; !ok {
				m[s] = con
			}
		}
	}
	return m
}()
