package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/corpus/realset"
)

// firing is what the sieve did with one quotation.
type firing struct {
	text, speaker, rule, vendor string
	by                          *rule
}

// fire attributes the quotations of text as Extract does, and says which
// rule named each speaker.
func fire(reg *Registry, text string, vendors ...string) []firing {
	x := newExtractor(Article{ID: "t.md", Text: text, Lang: DetectLang(text), Vendors: vendors}, reg)
	defer x.buf.release()
	fs := x.find()
	v := newView(x, fs)
	var out []firing
	for i := range fs {
		q, sp, ok := x.quote(&fs[i], v)
		if !ok {
			continue
		}
		out = append(out, firing{q.Text, q.Speaker, q.Attribution.Rule, q.Vendor, sp.by})
	}
	return out
}

// ruleCase is a text whose last quotation (or the one containing quote)
// a rule must attribute: speaker and recorded rule name. An empty speaker
// says the rule must name nobody there. vendors are the article's own
// (its front matter's); vendor, when set, is the quotation's.
type ruleCase struct {
	name, text, quote string
	speaker, rule     string
	vendors           []string
	vendor            string
	noVendor          bool // the quotation must have no vendor
}

func funcName(f any) string {
	n := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	return n[strings.LastIndexByte(n, '.')+1:]
}

// ruleCases are the table tests of the rules, by the function of the row
// they test; the rows of the sieve must each have some.
var ruleCases = map[string][]ruleCase{
	"labelRule": {
		{name: "a label after a question",
			text:    "Jane Roe, chief executive of Nimbus, met us in Lisbon.\n\nQ: How do you keep the keys in Europe?\n\nRoe: Customers hold the keys themselves, and we never see them.",
			speaker: "Jane Roe", rule: "speaker-label"},
		{name: "a bold label",
			text:    "Entretien avec Paul Martin, président de Stratocloud.\n\n**Question :** Vos clients craignent-ils les lois étrangères ?\n\n**Paul Martin :** Nos centres restent en France et nos clients gardent leurs clés.",
			speaker: "Paul Martin", rule: "speaker-label"},
	},
	"postAuthor": {
		{name: "signature after the post",
			text:    "> We never train on your data. pic.twitter.com/x — Nimbus (@nimbus) May 1, 2024",
			speaker: "Nimbus", rule: "embedded-post"},
	},
	"accordingAfter": {
		{name: "selon in the incise",
			text:    `« Nos clients gardent leurs clés », selon Paul Martin.`,
			speaker: "Paul Martin", rule: "according-to"},
		{name: "according to an organisation is not org-verb",
			text:    `"No customer data leaves the region," according to Nimbus.`,
			speaker: "Nimbus", rule: "according-to"},
	},
	"quoteVerbName": {
		{name: "an operator, the company named just before",
			text:    "Stratocloud a subi une panne lundi. « Les données de nos clients ne sont pas touchées », fait savoir l'opérateur.",
			speaker: "Stratocloud", rule: "org-antecedent"},
		{name: "a company named like its founder, before he is named, is the company",
			text:  "L'éditeur Brambleworks a achevé le transfert de ses données. « Le transfert est terminé », a annoncé Brambleworks dans un communiqué.\n\nSon fondateur, Oskar Brambleworks, dirige l'entreprise depuis 1997. « Couper Internet est impossible », a déclaré Oskar Brambleworks.",
			quote: "Le transfert", vendors: []string{"brambleworks"},
			speaker: "Brambleworks", rule: "org-verb", vendor: "brambleworks"},
		{name: "the founder, once named, by his surname",
			text:    "L'éditeur Brambleworks a achevé le transfert de ses données.\n\nSon fondateur, Oskar Brambleworks, dirige l'entreprise depuis 1997. « Couper Internet est impossible », a déclaré Brambleworks.",
			vendors: []string{"brambleworks"},
			speaker: "Oskar Brambleworks", rule: "quote-verb-name"},
		{name: "a possessive in the incise: whose spokesman, not who",
			text:    "“We will answer every question,” said Jane Roe's spokesman.",
			speaker: "", rule: ""},
		{name: "the one person of the paragraph before, another person in the one before it: nobody",
			text:  "Jane Roe, PDG de Nimbus, a ouvert la conférence.\n\nLe ministre Paul Martin était présent.\n\n« Nous répondrons à toutes les questions », a-t-elle déclaré.",
			quote: "questions", speaker: "", rule: ""},
		{name: "a pronoun after a quotation nobody could attribute: it may be that speaker's",
			text:  "Jane Roe, CEO of Nimbus, was at the summit.\n\nIan Ford, the French minister, praised the deal: “This is a good day for Europe.”\n\n“We keep the keys in Europe,” she added.",
			quote: "keys", speaker: "", rule: ""},
		{name: "verb then name and title",
			text:    `« Nous ne concurrencerons jamais nos clients », déclare Claire Fontaine, directrice générale d'Altocumulus.`,
			speaker: "Claire Fontaine", rule: "quote-verb-name"},
		{name: "said name",
			text:    `"We will never compete with our customers," said Jane Roe.`,
			speaker: "Jane Roe", rule: "quote-verb-name"},
		{name: "inverted pronoun resolves to the one person named",
			text:    `Claire Fontaine, PDG d'Altocumulus, reste prudente. « Il peut y avoir de la concurrence », a-t-elle ajouté.`,
			speaker: "Claire Fontaine", rule: "pronoun-antecedent"},
		{name: "verb then role resolves to the person",
			text:    "Cirrus Data a nommé Omar Haddad à sa tête en 2020.\n\n« Nos clients doivent pouvoir nous faire confiance », estime le dirigeant.",
			speaker: "Omar Haddad", rule: "pronoun-antecedent"},
		{name: "verb then the company resolves to the vendor",
			text:    "Stratocloud a publié ses résultats mardi.\n\n« Nos centres de données restent en France », précise l'entreprise.",
			speaker: "Stratocloud", rule: "org-antecedent"},
		{name: "a fait valoir: a verb of saying in two words, then a role",
			text:    "Paul Martin dirige Stratocloud depuis 2019.\n\n« Nos clients gardent leurs clés », a fait valoir le patron de Stratocloud.",
			speaker: "Paul Martin", rule: "pronoun-antecedent"},
		{name: "ce dernier points back to the person just named",
			text:  "« Nos serveurs restent en France » a annoncé Claire Fontaine, présidente d'Altocumulus, mardi. « C'est une chance pour nos clients », estime ce dernier.",
			quote: "chance", speaker: "Claire Fontaine", rule: "pronoun-antecedent"},
		{name: "the role at a vendor: the one person named with a title there",
			text:    "Lucie Bernard, directrice générale de Stratocloud France, parlait mardi.\n\nLes marchés publics restent fermés.\n\n« Nos clients gardent leurs clés », a affirmé le patron de Stratocloud en France.",
			speaker: "Lucie Bernard", rule: "pronoun-antecedent"},
		{name: "comme l'a affirmé: as the speaker said",
			text:    `Stratocloud n'entraîne plus ses modèles sur les données des clients « depuis un certain temps », comme l'a affirmé son PDG, Claire Fontaine, à Nimbus Weekly.`,
			speaker: "Claire Fontaine", rule: "quote-verb-name"},
		{name: "comme l'a relevé names who reported the words: nobody",
			text:    `Stratocloud garde les données « dans ses seuls centres français », comme l'a relevé Nimbus Weekly.`,
			speaker: "", rule: ""},
		{name: "craint: a verb of saying",
			text:    `« L'arrivée de deux géants menace toute la filière », craint Lucie Bernard, PDG d'une petite société.`,
			speaker: "Lucie Bernard", rule: "quote-verb-name"},
		{name: "told names the listener: nobody, and no weaker rule of the incise",
			text:    `"Our data stays in the EU," told Nimbus Weekly.`,
			speaker: "", rule: ""},
	},
	"quoteNameVerb": {
		{name: "an institution with its article speaks for no vendor",
			text:    "Nimbus declined to comment.\n\n“We do not comment on operational matters,” the Interior Office told the Daily Bugle in a statement.",
			vendors: []string{"nimbus"},
			speaker: "Interior Office", rule: "org-verb", noVendor: true},
		{name: "a surname whose title names the article's vendor the registry does not know",
			text:    "Tired of competing with Nimbus, Quillfeather CEO Ines Varo changed the licence of her company's projects.\n\nSome of Nimbus's partners were upset.\n\n“I am drawing a line here,” Varo said in an interview.",
			vendors: []string{"quillfeather", "nimbus"},
			speaker: "Ines Varo", rule: "quote-name-verb", vendor: "quillfeather"},
		{name: "name then verb",
			text:    `“Trust is our top priority,” Omar Haddad said.`,
			speaker: "Omar Haddad", rule: "quote-name-verb"},
		{name: "long title before the name",
			text:    `“We keep the keys in Europe,” Nimbus's cloud security vice president Ada Varga said.`,
			speaker: "Ada Varga", rule: "quote-name-verb"},
		{name: "recounted: a verb of saying",
			text:    `“We knew we would have to compete with some partners,” Omar Haddad recounted.`,
			speaker: "Omar Haddad", rule: "quote-name-verb"},
		{name: "pronoun then verb",
			text:    `Jane Roe leads Nimbus. "Every customer owns their data," she said.`,
			speaker: "Jane Roe", rule: "pronoun-antecedent"},
		{name: "a spokesperson is org-verb",
			text:    `“We respect the privacy of every customer,” a Nimbus spokesperson said.`,
			speaker: "Nimbus Cloud", rule: "org-verb"},
		{name: "two people in the paragraph before, one surely named in this one",
			text:    "Jane Roe sat down with Omar Haddad in Paris last week.\n\nOn pricing, Roe says that the new Screen Share feature changed little. “We have competitors in every market,” she said.",
			speaker: "Jane Roe", rule: "pronoun-antecedent"},
		{name: "names in a complement after an outlet's possessive do not count",
			text:    "Jane Roe made the comments in an interview with Cloud Weekly's Ian Ford and Skyline's Lea Moss.\n\n“Privacy is a right for every customer,” she said.",
			speaker: "Jane Roe", rule: "pronoun-antecedent"},
		{name: "a person named after according to is no aside",
			text:    "Omar Haddad, CEO of Cirrus, spoke in Lisbon.\n\nAccording to Haddad, competing with partners is not a problem.\n\n“We never build an unfair advantage for ourselves,” he said.",
			speaker: "Omar Haddad", rule: "pronoun-antecedent"},
		{name: "a headline's capitals do not make a name",
			text:    "Nimbus CEO Jane Roe At Cloud Summit 2024\n\n“We keep the keys in Europe,” she said.",
			speaker: "Jane Roe", rule: "pronoun-antecedent"},
		{name: "two people in this paragraph too: nobody",
			text:    "Jane Roe sat down with Omar Haddad in Paris last week.\n\nJane Roe and Omar Haddad then visited the new site. “It is a big step for our customers,” she said.",
			speaker: "", rule: ""},
		{name: "pronoun with two people in view is nobody",
			text:    "Jane Roe met Omar Haddad in Paris last week.\n\n“We have competitors in every market,” she said.",
			speaker: "", rule: ""},
	},
	"quoteClauseVerbName": {
		{name: "a clause before the verb",
			text:    `« Les données resteront en France », soumises au droit français, déclare Paul Martin.`,
			speaker: "Paul Martin", rule: "quote-verb-name"},
	},
	"accordingBefore": {
		{name: "according to opening the sentence",
			text:    `According to Omar Haddad, “customers choose Cirrus because their success is our success.”`,
			speaker: "Omar Haddad", rule: "according-to"},
		{name: "selon a law: a text, not a speaker",
			text:    `Selon le Cloud Act, « les autorités peuvent exiger les données des clients ».`,
			speaker: "", rule: ""},
		{name: "selon",
			text:    `Selon Claire Fontaine, « la confiance est au cœur de notre modèle ».`,
			speaker: "Claire Fontaine", rule: "according-to"},
		{name: "selon a publication, then who speaks",
			text:    `Selon Skyline Weekly, Paul Martin, PDG de Stratocloud, a été clair : « Nous ne céderons jamais nos données. »`,
			speaker: "", rule: ""},
		{name: "selon laquelle: a claim reported, not its source",
			text:    `L'idée selon laquelle Stratocloud revend les données de ses clients circule depuis des mois : « Nos serveurs restent en France. »`,
			speaker: "", rule: ""},
		{name: "according to which: a claim reported, not its source",
			text:    `Jane Roe pushed back on reports according to which Nimbus sells customer data: “Our servers never leave Europe.”`,
			speaker: "", rule: ""},
	},
	"subjectlessBefore": {
		{name: "narrative infinitive",
			text:    `Paul Martin, président de Stratocloud, ne cède rien. Et d'expliquer : « Nos clients gardent leurs clés. »`,
			speaker: "Paul Martin", rule: "pronoun-antecedent"},
		{name: "inverted verb before the colon",
			text:    "Claire Fontaine, PDG d'Altocumulus, a répondu aux clients.\n\nAussi explique-t-elle : « Nos serveurs restent en France. »",
			speaker: "Claire Fontaine", rule: "pronoun-antecedent"},
	},
	"nameVerbQuote": {
		{name: "the company's website: the company",
			text:    "Nimbus removed its exit fees on Thursday. The company's website adds: “Nimbus reserves the right to audit every transfer.”",
			speaker: "Nimbus Cloud", rule: "org-antecedent"},
		{name: "an apposition whose closing comma is missing: the person, not the organisation",
			text:    "In a blog post on Thursday, Tomas Lind, head of platform at Nimbus wrote: “Starting today, customers who leave Nimbus pay no transfer fees.”",
			speaker: "Tomas Lind", rule: "name-verb-quote", vendor: "nimbus"},
		{name: "a verb of denial, with the claim denied in a selon clause",
			text:    `Claire Fontaine, PDG d'Altocumulus, a réfuté les accusations selon lesquelles Stratocloud revendrait les données : « Nos serveurs restent en France. »`,
			speaker: "Claire Fontaine", rule: "name-verb-quote"},
		{name: "name, verb, colon",
			text:    `Paul Martin, président de Stratocloud, a déclaré : « Les données de nos clients restent hébergées en France. »`,
			speaker: "Paul Martin", rule: "name-verb-quote"},
		{name: "an aside in parentheses after the title",
			text:    `Claire Fontaine, présidente d'Altocumulus (après dix ans chez Cirrus, elle a rejoint le groupe en 2019), a expliqué ce choix : « Nos clients gardent leurs clés. »`,
			speaker: "Claire Fontaine", rule: "name-verb-quote"},
		{name: "described: a verb of saying",
			text:    `Jane Roe described privacy as “a right every single customer holds”.`,
			speaker: "Jane Roe", rule: "name-verb-quote"},
		{name: "an adverbial between commas after the title",
			text:    `Claire Fontaine, présidente d'Altocumulus, dans une annonce remarquée, a déclaré que le groupe gardait les données « pour toujours et sans exception ».`,
			speaker: "Claire Fontaine", rule: "name-verb-quote"},
		{name: "an adverbial between commas after a surname",
			text:    `Claire Fontaine dirige Altocumulus. Lors d'un salon à Lyon, Fontaine, à la tête d'une entreprise valorisée à dix milliards, a déclaré sans détour : « Nos clients gardent leurs clés. »`,
			speaker: "Claire Fontaine", rule: "name-verb-quote"},
		{name: "a averti: a verb of saying",
			text:    `Le PDG de Stratocloud, Lucie Bernard, a averti que les clients risquaient « de tout perdre sans garanties écrites ».`,
			speaker: "Lucie Bernard", rule: "name-verb-quote"},
		{name: "criticized: a verb of saying",
			text:    `Jane Roe criticized the new state rules, which would create “fifty different sets of obligations”.`,
			speaker: "Jane Roe", rule: "name-verb-quote"},
		{name: "se veut rassurant before the colon",
			text:    `Pour ce projet, Stratocloud se veut rassurant :« Nos centres restent en France et nos clients gardent leurs clés. »`,
			speaker: "Stratocloud", rule: "org-verb"},
		{name: "an organisation subject is org-verb",
			text:    `Cirrus said in a statement that it “does not sell customer data to anyone, ever”.`,
			speaker: "Cirrus", rule: "org-verb"},
		{name: "a law that says is no speaker",
			text:    `Jane Roe, CEO of Nimbus, spoke on Monday. The Cloud Act says that “any provider must hand over data on request”.`,
			speaker: "", rule: ""},
		{name: "a second verb of the sentence's subject",
			text:    `On Wednesday, Lena Brandt, the CEO of Nimbus, apologized for the confusion in a post and wrote, “No setting sends customer data to a third party.”`,
			speaker: "Lena Brandt", rule: "name-verb-quote"},
		{name: "a second verb after another subject: nobody",
			text:    `On Wednesday, Nimbus Weekly asked Lena Brandt about it and wrote, “No setting sends customer data to a third party.”`,
			speaker: "", rule: ""},
		{name: "a spokesperson who nous fait savoir",
			text:    `Un porte-parole de Stratocloud nous fait savoir que « les données des clients ne quittent jamais la France ».`,
			speaker: "Stratocloud", rule: "org-verb"},
		{name: "an organisation completing a noun is no subject: nobody",
			text:    `Un haut représentant en Europe de Stratocloud a indiqué mardi comprendre « les inquiétudes des clients européens sur leurs données » et vouloir les dissiper.`,
			speaker: "", rule: ""},
		{name: "with no incise, the sentence before is read before the words after",
			text:    `Jane Roe, CEO of Nimbus, said: “We will keep every customer's data in Europe.” The company added that prices would not change.`,
			speaker: "Jane Roe", rule: "name-verb-quote"},
		{name: "an untrusted subject claims the sentence: the listener after the verb is not taken",
			text:    `Jane Roe met Omar Haddad in Paris. Then she told Omar Haddad: “Your data will stay in Europe for good.”`,
			speaker: "", rule: ""},
		{name: "it after a company's quotation",
			text:  "“We do not sell your data,” Nimbus said in a statement.\n\nIt still warns that “some logs are kept for thirty days”.",
			quote: "logs", speaker: "Nimbus", rule: "it-antecedent"},
	},
	"verbNameQuote": {
		{name: "verb, then the name after it",
			text:    `Paul Martin dirige Stratocloud. Et précise Paul Martin, en conclusion, sur ce point : « Nos clients gardent leurs clés. »`,
			speaker: "Paul Martin", rule: "verb-name-quote"},
		{name: "verb first in the sentence",
			text:    `Paul Martin dirige Stratocloud. Et précise Paul Martin : « Nos clients gardent leurs clés. »`,
			speaker: "Paul Martin", rule: "verb-name-quote"},
		{name: "a determiner makes the verb a noun: nobody",
			text:    `Comme l'explique Paul Martin : « Nos clients gardent leurs clés. »`,
			speaker: "", rule: ""},
	},
	"coordinatedVerb": {
		{name: "but added",
			text:  `Jane Roe said “we will not sell your data,” but added that the new terms were “a work in progress”.`,
			quote: "progress", speaker: "Jane Roe", rule: "coordinated-verb"},
	},
	"gerundSubject": {
		{name: "la start-up, en précisant: the vendor named before",
			text:    "Stratocloud est accusée d'entraîner ses modèles sur les données de ses clients.\n\nLa start-up n'a pas tardé à réagir, via la presse, en précisant avoir toujours « permis à ses clients de refuser cet usage de leurs données ».",
			speaker: "Stratocloud", rule: "org-antecedent"},
		{name: "a name, then adding that",
			text:    `Jane Roe, CEO of Nimbus, replied to the critics on Monday, adding that “no customer file was ever used to train a model”.`,
			speaker: "Jane Roe", rule: "gerund-subject"},
	},
	"statementSubject": {
		{name: "the subject of a sentence announcing a statement",
			text:    "The outcry worked: on Tuesday Nimbus updated its privacy policy with the following clause to section 4.2:\n\nNimbus will not use customer files or chat logs to train its models without consent.",
			speaker: "Nimbus", rule: "colon-intro"},
		{name: "the one vendor of a sentence with no name for subject",
			text:    "Les conditions de Stratocloud comportent désormais ce qui suit :\n\nLes données des clients ne quittent jamais le territoire français.",
			speaker: "Stratocloud", rule: "colon-intro"},
	},
	"continuationRule": {
		{name: "the next paragraph continues the speaker",
			text:  "\"Trust is the foundation of what we do,\" said Jane Roe, CEO of Nimbus.\n\n\"Every customer knows their data is theirs.\"",
			quote: "theirs", speaker: "Jane Roe", rule: "continuation"},
		{name: "another person named in between breaks it",
			text:  "\"Trust is the foundation of what we do,\" said Jane Roe.\n\nAnalysts are less sure. Ian Ford, an analyst at Skyline Research, doubts the claim.\n\n\"Nobody believes a vendor will stay out of its customers' markets forever.\"",
			quote: "Nobody", speaker: "", rule: ""},
		{name: "an incise of its own with a speaker not named",
			text:  "“Trust is the foundation of what we do,” said Jane Roe, CEO of Nimbus.\n\n“Nobody believes that,” said one analyst.",
			quote: "Nobody", speaker: "", rule: ""},
		{name: "une incise à elle, d'un locuteur sans nom",
			text:  "« La confiance compte », affirme Jane Roe, PDG de Nimbus.\n\n« C'est faux », rétorque un concurrent.",
			quote: "faux", speaker: "", rule: ""},
		{name: "a possessive names whose words are discussed, not who speaks",
			text:  "\"Trust is the foundation of what we do,\" said Jane Roe.\n\nThe trade press reads Roe's remark as a hint that \"Nimbus wants its rivals' customers.\"",
			quote: "rivals", speaker: "", rule: ""},
	},
	"interviewRule": {
		{name: "a question the article asks itself, of nobody, is not an interview",
			text:    "Jane Roe, CEO of Nimbus, spoke on Monday about the new region.\n\nBut can Europe really do without American clouds?\n\n“Nobody can do that today.”",
			speaker: "", rule: ""},
		{name: "une question que l'article se pose n'est pas une interview",
			text:    "Jane Roe, PDG de Nimbus, a présenté la région lundi.\n\nL'Europe peut-elle vraiment se passer des clouds américains ?\n\n« Personne ne le peut aujourd'hui. »",
			speaker: "", rule: ""},
		{name: "an answer after a question paragraph",
			text:    "Jane Roe, chief executive of Nimbus, says the region is ready.\n\nHow do you keep the keys in Europe?\n\n“Customers hold the keys themselves.”",
			speaker: "Jane Roe", rule: "interview-answer"},
		{name: "an answer marked A: after Q:",
			text:    "Jane Roe, chief executive of Nimbus, says the region is ready.\n\nQ: How do you keep the keys in Europe?\n\nA: Customers hold the keys themselves, and we never see them.",
			speaker: "Jane Roe", rule: "interview-answer"},
		{name: "a dialogue dash after a dashed question",
			text:    "Paul Martin, président de Stratocloud, nous a reçus à Lyon.\n\n— Vos clients craignent-ils les lois étrangères ?\n\n— Nos centres restent en France et nos clients gardent leurs clés.",
			speaker: "Paul Martin", rule: "interview-answer"},
	},
	"reportedRule": {
		{name: "the paragraph before reports the speaker",
			text:    "Omar Haddad, head of Cirrus Data, said that Cirrus asks every customer before it trains a model, and that it always will.\n\n“When this proves useful, customers opt in themselves.”",
			speaker: "Omar Haddad", rule: "reported-speech"},
	},
	"previousSentenceRule": {
		{name: "the sentence before names who says",
			text:    "Jane Roe, chief executive of Nimbus, says the region is ready. “Customers hold the keys themselves.”",
			speaker: "Jane Roe", rule: "previous-sentence"},
		{name: "the verb's subject after it",
			text:    "The region is ready, says Nimbus CEO Jane Roe, as rivals open their own. ‘Customers hold the keys themselves.’",
			speaker: "Jane Roe", rule: "previous-sentence"},
		{name: "a role of the organisation points back",
			text:    "Paul Martin préside Stratocloud depuis 2019.\n\nLe président de Stratocloud note que le groupe dispose de trois centres. « Nous travaillons avec des acteurs français. »",
			speaker: "Paul Martin", rule: "pronoun-antecedent"},
		{name: "after a quotation, an incise with a pronoun in the sentence before",
			text:  "Claire Fontaine, PDG d'Altocumulus, a expliqué le retard : « On a attendu pour bien faire les choses. » Cela passe, dit-elle, par des services au-dessus du calcul ; ce seront les services qui feront le succès. « Nous devions gérer la couche collaboration nous-mêmes. »",
			quote: "collaboration", speaker: "Claire Fontaine", rule: "pronoun-antecedent"},
		{name: "someone else named after the verb: nobody",
			text:    "Jane Roe says the region is ready, unlike Omar Haddad. “Customers hold the keys themselves.”",
			speaker: "", rule: ""},
		{name: "a sentence with no verb of saying: nobody",
			text:    "Jane Roe runs Nimbus from Lisbon. “Customers hold the keys themselves.”",
			speaker: "", rule: ""},
	},
	"sentenceSubjectRule": {
		{name: "the subject of the sentence a partial quotation is part of",
			text:    `When asked, Omar Haddad, head of Cirrus Data, attributed the growth to an “unrelenting obsession with its customers”.`,
			speaker: "Omar Haddad", rule: "sentence-subject"},
	},
}

// kindCases are the layouts whose rule name the layout gives (kindRules).
var kindCases = []ruleCase{
	{name: "block quote after colon",
		text:    "In a blog post, Nimbus's chief technology officer Ada Stone wrote:\n\n> We will never use customer content to train our models. That is a promise.",
		speaker: "Ada Stone", rule: "blockquote-context"},
	{name: "a name and a colon with no verb, then an organisation's we",
		text:    "Claire Fontaine est catégorique :\n\nNous ne vendrons jamais les données de nos clients, à qui que ce soit.",
		speaker: "Claire Fontaine", rule: "colon-intro"},
	{name: "colon-introduced paragraph",
		text:    "On the one hand, Omar Haddad says:\n\nOur customers run their business on Cirrus and we would never compete with them.",
		speaker: "Omar Haddad", rule: "colon-intro"},
}

func checkCase(t *testing.T, reg *Registry, tc ruleCase, want func(f firing) bool) {
	t.Helper()
	got := fire(reg, tc.text, tc.vendors...)
	if len(got) == 0 {
		t.Fatalf("no quotation found in %q", tc.text)
	}
	f := got[len(got)-1]
	if tc.quote != "" {
		f.text = ""
		for _, g := range got {
			if strings.Contains(g.text, tc.quote) {
				f = g
			}
		}
		if f.text == "" {
			t.Fatalf("no quotation with %q in %q: %v", tc.quote, tc.text, got)
		}
	}
	if f.speaker != tc.speaker || f.rule != tc.rule {
		t.Errorf("speaker of %q = %q by %q; want %q by %q", f.text, f.speaker, f.rule, tc.speaker, tc.rule)
	}
	if (tc.vendor != "" || tc.noVendor) && f.vendor != tc.vendor {
		t.Errorf("vendor of %q = %q; want %q", f.text, f.vendor, tc.vendor)
	}
	if tc.speaker != "" && want != nil && !want(f) {
		name := "none"
		if f.by != nil {
			name = funcName(f.by.try)
		}
		t.Errorf("%q was named by the row %s", f.text, name)
	}
}

func TestRules(t *testing.T) {
	reg := testRegistry(t)
	for i := range rules {
		r := &rules[i]
		fn := funcName(r.try)
		t.Run(r.name+"/"+fn, func(t *testing.T) {
			cases := ruleCases[fn]
			if len(cases) == 0 {
				t.Fatalf("rule %s (%s) has no table test in ruleCases", r.name, fn)
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					checkCase(t, reg, tc, func(f firing) bool { return f.by == r })
				})
			}
		})
	}
	for _, tc := range kindCases {
		t.Run("layout/"+tc.name, func(t *testing.T) { checkCase(t, reg, tc, nil) })
	}
}

// TestResolutions checks that every resolution is recorded somewhere in
// the rule tables.
func TestResolutions(t *testing.T) {
	seen := map[string]bool{}
	for _, cs := range ruleCases {
		for _, c := range cs {
			seen[c.rule] = true
		}
	}
	for _, r := range resolutions {
		if !seen[r.name] {
			t.Errorf("resolution %s has no case in ruleCases", r.name)
		}
	}
}

// rulesDoc is RULES.md, written from the tables of sieve.go.
func rulesDoc() string {
	var b strings.Builder
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	sites := map[site]string{siteNone: "its place in the article", siteAfter: "the incise after it", siteBefore: "the sentence before it"}
	b.WriteString("# Attribution rules\n\n")
	b.WriteString("Written from the tables of `sieve.go` by `go test ./corpus -run TestRulesDoc -update`; do not edit by hand.\n\n")
	b.WriteString("Who said a quotation is decided by these rules, tried in this order; the first that names a speaker\n")
	b.WriteString("wins, and its name is recorded in the quotation's `attribution.rule`. When no comma or dash follows the\n")
	b.WriteString("closing mark, the rules reading the sentence before the quotation are tried before those reading the\n")
	b.WriteString("words after it. A rule that recognises its words but cannot trust their subject names nobody, and no\n")
	b.WriteString("weaker rule reads the same words again.\n\n")
	b.WriteString("| # | rule | reads | for example |\n| --- | --- | --- | --- |\n")
	for i, r := range rules {
		fmt.Fprintf(&b, "| %d | `%s` | %s | %s |\n", i+1, r.name, sites[r.site], cell(r.example))
	}
	b.WriteString("\nA block quote or a paragraph introduced by a colon, attributed by a rule reading the sentence before\nit, records its layout instead:\n\n")
	b.WriteString("| rule | for example |\n| --- | --- |\n")
	for _, k := range kindRules {
		fmt.Fprintf(&b, "| `%s` | %s |\n", k.name, cell(k.example))
	}
	b.WriteString("\nA rule whose subject is an organisation, or points back (a pronoun, a role, \"the company\", \"it\"),\nrecords the resolution that names the speaker:\n\n")
	b.WriteString("| rule | for example |\n| --- | --- |\n")
	for _, r := range resolutions {
		fmt.Fprintf(&b, "| `%s` | %s |\n", r.name, cell(r.example))
	}
	b.WriteString("\nThen a learned step (`speaker_model.go`, trained by `go run ./cmd/trainspeakers`) scores the sieve's\n")
	b.WriteString("speaker and the other candidates around the quotation (people and organisations named in its paragraph,\n")
	b.WriteString("the one before and the one after, the previous quotation's speaker, the article's most-mentioned person)\n")
	b.WriteString("and keeps the sieve's speaker, names another, or names nobody when none is likely enough. The rule recorded\n")
	b.WriteString("stays the sieve's when its speaker is kept; a speaker no rule named records:\n\n")
	b.WriteString("| rule | for example |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| `%s` | %s |\n", learnedRule, cell(`Jane Roe, CEO of Nimbus, spoke first. ¶ Analysts nodded. ¶ "…": the model's candidate`))
	return b.String()
}

// TestRulesDoc keeps RULES.md the list of the rules of the tables: it
// cannot drift from the code. -update rewrites it.
func TestRulesDoc(t *testing.T) {
	want := rulesDoc()
	if *update {
		if err := os.WriteFile("RULES.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatalf("%v (run go test -run TestRulesDoc -update to write it)", err)
	}
	if string(got) != want {
		t.Errorf("RULES.md differs from the tables of sieve.go; run go test -run TestRulesDoc -update")
	}
}

// ruleNames are every name Attribution.Rule can record.
func ruleNames() map[string]bool {
	names := map[string]bool{}
	for _, r := range rules {
		names[r.name] = true
	}
	for _, k := range kindRules {
		names[k.name] = true
	}
	for _, r := range resolutions {
		names[r.name] = true
	}
	names[learnedRule] = true
	return names
}

// TestRuleNamesDocumented checks that every rule recorded on the test
// articles is one of the tables', and that every quotation with a rule has
// a speaker and the other way round.
func TestRuleNamesDocumented(t *testing.T) {
	names := ruleNames()
	var paths []string
	for _, g := range []string{"real", "articles"} {
		p, err := filepath.Glob(filepath.Join("testdata", g, "*.md"))
		if err != nil || len(p) == 0 {
			t.Fatalf("no articles in testdata/%s: %v", g, err)
		}
		paths = append(paths, p...)
	}
	reg := testRegistry(t)
	batches, err := realset.Read(filepath.Join("testdata", "real"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		// a held-out article's quotations are never printed
		errorf := t.Errorf
		if batches.HeldOut[filepath.Base(path)] && filepath.Base(filepath.Dir(path)) == "real" {
			errorf = func(string, ...any) { t.Fail() }
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(filepath.Base(path), data)
		if err != nil {
			t.Fatalf("ParseArticle(%s): %v", path, err)
		}
		for _, q := range Extract(a, reg) {
			r := q.Attribution.Rule
			if r != "" && !names[r] {
				errorf("%s: %q recorded rule %q, not in the tables of sieve.go", path, q.Text, r)
			}
			if (r == "") != (q.Speaker == "") && !(r == "embedded-post") {
				errorf("%s: %q has speaker %q and rule %q", path, q.Text, q.Speaker, r)
			}
		}
	}
}
