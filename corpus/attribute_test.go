package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// testRegistry is the built-in registry extended with the invented vendors
// of testdata/vendors.yaml.
func testRegistry(t testing.TB) *Registry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "vendors.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := LoadRegistry(data)
	if err != nil {
		t.Fatal(err)
	}
	return Builtin().Merge(r)
}

// said is a quotation as the table tests see it.
type said struct {
	Text, Speaker, Title, Vendor string
}

func (s said) String() string {
	return fmt.Sprintf("{%q by %q (%q) for %q}", s.Text, s.Speaker, s.Title, s.Vendor)
}

func summarize(qs []Quote) []said {
	out := make([]said, 0, len(qs))
	for _, q := range qs {
		out = append(out, said{q.Text, q.Speaker, q.SpeakerTitle, q.Vendor})
	}
	return out
}

func TestExtractPatterns(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name string
		text string
		want []said
	}{
		{"quote-verb-name with title after",
			`« Nous ne concurrencerons jamais nos clients », déclare Claire Fontaine, directrice générale d'Altocumulus.`,
			[]said{{"Nous ne concurrencerons jamais nos clients", "Claire Fontaine", "directrice générale d'Altocumulus", "alto"}}},
		{"english said name title",
			`"We will never compete with our customers," said Jane Roe, chief executive of Nimbus.`,
			[]said{{"We will never compete with our customers", "Jane Roe", "chief executive of Nimbus", "nimbus"}}},
		{"english name said",
			`“Trust is our top priority,” Omar Haddad said.`,
			[]said{{"Trust is our top priority", "Omar Haddad", "", "cirrus"}}},
		{"title before name",
			`“We do not train our models on your data,” Nimbus CEO Jane Roe said on Tuesday.`,
			[]said{{"We do not train our models on your data", "Jane Roe", "Nimbus CEO", "nimbus"}}},
		{"told the publication",
			`Stratocloud hired Ian Ford, a former banker, in 2021.

“Our customers' data stays in the EU, full stop,” Ford told The Register.`,
			[]said{{"Our customers' data stays in the EU, full stop", "Ian Ford", "", "strato"}}},
		{"name colon quote",
			`Paul Martin, président de Stratocloud, a déclaré : « Les données de nos clients restent hébergées en France. »`,
			[]said{{"Les données de nos clients restent hébergées en France.", "Paul Martin", "président de Stratocloud", "strato"}}},
		{"inverted pronoun",
			`Claire Fontaine, PDG d'Altocumulus, reste prudente. « Il peut y avoir une certaine concurrence avec nos partenaires », a-t-elle ajouté.`,
			[]said{{"Il peut y avoir une certaine concurrence avec nos partenaires", "Claire Fontaine", "PDG d'Altocumulus", "alto"}}},
		{"an outlet's acronym before the name is not the name",
			`« Nos équipes opèrent la plateforme en France », a indiqué à l'AFP Jeanne Marchal, présidente de Stratocloud.`,
			[]said{{"Nos équipes opèrent la plateforme en France", "Jeanne Marchal", "présidente de Stratocloud", "strato"}}},
		{"a vendor's name before the name is not the name",
			`« Aucune donnée n'a été perdue », précise le porte-parole de Nimbus Paul Durand.`,
			[]said{{"Aucune donnée n'a été perdue", "Paul Durand", "porte-parole de Nimbus", "nimbus"}}},
		{"pronoun with two people is nobody",
			`Jane Roe met Omar Haddad in Paris last week.

“We have competitors in every market,” she said.`,
			[]said{{"We have competitors in every market", "", "", ""}}},
		{"interrupted quotation is one",
			`"We will never," said Omar Haddad, head of Cirrus Data, "compete with the companies that trust us."`,
			[]said{{"We will never compete with the companies that trust us.", "Omar Haddad", "head of Cirrus Data", "cirrus"}}},
		{"french interrupted",
			`« Nous n'utilisons pas vos données », a ajouté Paul Martin, « pour entraîner nos modèles. »`,
			[]said{{"Nous n'utilisons pas vos données pour entraîner nos modèles.", "Paul Martin", "", "strato"}}},
		{"continuation paragraph",
			`"Trust is the foundation of what we do," said Jane Roe, CEO of Nimbus.

"Every customer knows their data is theirs."`,
			[]said{{"Trust is the foundation of what we do", "Jane Roe", "CEO of Nimbus", "nimbus"}, {"Every customer knows their data is theirs.", "Jane Roe", "CEO of Nimbus", "nimbus"}}},
		{"continuation blocked by another name",
			`"Trust is the foundation of what we do," said Jane Roe.

Analysts are less sure. Mark Ellison, an analyst at Forrester, doubts the claim.

"Nobody believes a vendor will stay out of its customers' markets forever."`,
			[]said{{"Trust is the foundation of what we do", "Jane Roe", "", "nimbus"}, {"Nobody believes a vendor will stay out of its customers' markets forever.", "", "", ""}}},
		{"multi-paragraph english",
			`Jane Roe said: “We built Nimbus for our customers' success.

“Every decision we make starts with them,” she added.`,
			[]said{{"We built Nimbus for our customers' success. Every decision we make starts with them", "Jane Roe", "", "nimbus"}}},
		{"multi-paragraph french",
			`Paul Martin résume : « Nous sommes immunisés contre les lois extraterritoriales.

Nos clients le savent. »`,
			[]said{{"Nous sommes immunisés contre les lois extraterritoriales. Nos clients le savent.", "Paul Martin", "", "strato"}}},
		{"nested quotation stays inside",
			`« Nous appelons cela le « cloud de confiance » et c'est une priorité absolue », explique Claire Fontaine.`,
			[]said{{"Nous appelons cela le « cloud de confiance » et c'est une priorité absolue", "Claire Fontaine", "", "alto"}}},
		{"scare quotes and titles are not statements",
			`Stratocloud calls it a "sovereign" offer, sold under the name “Project Skyline” and « Strato Souverain ».`,
			nil},
		{"organisation speaker",
			`Cirrus said in a statement that it “does not sell customer data to anyone, ever”.`,
			[]said{{"does not sell customer data to anyone, ever", "Cirrus", "", "cirrus"}}},
		{"spokesperson",
			`“We respect the privacy of every customer,” a Nimbus spokesperson said.`,
			[]said{{"We respect the privacy of every customer", "Nimbus Cloud", "Nimbus spokesperson", "nimbus"}}},
		{"according to",
			`According to Omar Haddad, “customers choose Cirrus because their success is our success.”`,
			[]said{{"customers choose Cirrus because their success is our success.", "Omar Haddad", "", "cirrus"}}},
		{"selon",
			`Selon Claire Fontaine, « la confiance est au cœur de notre modèle ».`,
			[]said{{"la confiance est au cœur de notre modèle", "Claire Fontaine", "", "alto"}}},
		{"partial quote mid-sentence",
			`Jane Roe said the firm would “never compete with its customers” in any market.`,
			[]said{{"never compete with its customers", "Jane Roe", "", "nimbus"}}},
		{"unattributed stays empty",
			`Le marché du cloud souverain progresse. « Personne ne sait vraiment ce que cela recouvre », glisse un observateur.`,
			[]said{{"Personne ne sait vraiment ce que cela recouvre", "", "", ""}}},
		{"block quote after colon",
			"In a blog post, Nimbus's chief technology officer Ada Stone wrote:\n\n> We will never use customer content to train our models. That is a promise.",
			[]said{{"We will never use customer content to train our models. That is a promise.", "Ada Stone", "Nimbus's chief technology officer", "nimbus"}}},
		{"colon-introduced paragraph",
			"On the one hand, Omar Haddad says:\n\nOur customers run their business on Cirrus and we would never compete with them.",
			[]said{{"Our customers run their business on Cirrus and we would never compete with them.", "Omar Haddad", "", "cirrus"}}},
		{"statement announced without a verb of saying",
			"The outcry worked: on Tuesday Nimbus updated its privacy policy with the following clause to section 4.2:\n\nNimbus will not use customer files or chat logs to train its models without consent.",
			[]said{{"Nimbus will not use customer files or chat logs to train its models without consent.", "Nimbus", "", "nimbus"}}},
		{"avenant suivant",
			"Stratocloud a ajouté l'avenant suivant à ses conditions générales :\n\nLes données des clients ne quittent jamais le territoire français.",
			[]said{{"Les données des clients ne quittent jamais le territoire français.", "Stratocloud", "", "strato"}}},
		{"ce qui suit, the one vendor named",
			"Depuis lundi, les conditions d'utilisation d'Altocumulus comportent ce qui suit :\n\nNous n'accédons pas aux contenus de nos clients sans leur accord écrit.",
			[]said{{"Nous n'accédons pas aux contenus de nos clients sans leur accord écrit.", "Altocumulus", "", "alto"}}},
		{"block quote after the following addendum",
			"Cirrus Data changed its terms of use on Friday with the following addendum:\n\n> Customer data is never sold to advertisers.",
			[]said{{"Customer data is never sold to advertisers.", "Cirrus Data", "", "cirrus"}}},
		{"marked statement after the following sentence",
			`Nimbus amended its contract with the following sentence: “Customer content stays in the EU.”`,
			[]said{{"Customer content stays in the EU.", "Nimbus", "", "nimbus"}}},
		// analysts' words about a vendor are not the vendor's (as for a
		// named analyst, outsider): the learned vendor step gives them none
		// the contract's vendor is the one a quotation speaks for or
		// about: the note is about Nimbus
		{"the following note by someone else about a vendor",
			"Analysts at Forrester published the following note about Nimbus:\n\nNimbus customers should expect prices to rise by ten percent next year.",
			[]said{{"Nimbus customers should expect prices to rise by ten percent next year.", "", "", "nimbus"}}},
		{"the following day is no statement",
			"Le lendemain, la situation était la suivante :\n\nLes serveurs de Stratocloud sont restés hors service pendant trois heures.\n\nRead the following steps:\n\nOpen the Nimbus console and delete the old keys before Friday.",
			nil},
		{"embedded post",
			"> Your data stays in Europe, operated by European staff. pic.twitter.com/abc123 — Stratocloud (@Stratocloud) May 17, 2024",
			[]said{{"Your data stays in Europe, operated by European staff.", "Stratocloud", "", "strato"}}},
		{"editor's note is not a quotation",
			`Cirrus a répondu [Ndlr : « nous ne commentons pas »] par écrit.`,
			nil},
		{"role antecedent",
			`Cirrus Data a nommé Omar Haddad à sa tête en 2020.

« Nos clients doivent pouvoir nous faire confiance », estime le dirigeant.`,
			[]said{{"Nos clients doivent pouvoir nous faire confiance", "Omar Haddad", "", "cirrus"}}},
		{"title remembered",
			`Claire Fontaine, fondatrice d'Altocumulus, a lancé l'entreprise en 2015.

Claire Fontaine insiste : « Nous n'avons pas vocation à concurrencer nos clients. »`,
			[]said{{"Nous n'avons pas vocation à concurrencer nos clients.", "Claire Fontaine", "fondatrice d'Altocumulus", "alto"}}},
		{"org antecedent",
			`Stratocloud a publié ses résultats mardi.

« Nos centres de données restent en France », précise l'entreprise.`,
			[]said{{"Nos centres de données restent en France", "Stratocloud", "", "strato"}}},
		{"verb before name with publication complement",
			`« Nous ne vendrons jamais vos données », explique à LeMagIT Paul Martin.`,
			[]said{{"Nous ne vendrons jamais vos données", "Paul Martin", "", "strato"}}},
		{"relative clause apposition",
			`“Customer success is the only metric,” says Omar Haddad, who heads Cirrus Data's cloud unit.`,
			[]said{{"Customer success is the only metric", "Omar Haddad", "", "cirrus"}}},
		{"reported by is not the speaker",
			`« Nous avons des concurrents partout », a déclaré Paul Martin, comme l'a rapporté Reuters.`,
			[]said{{"Nous avons des concurrents partout", "Paul Martin", "", "strato"}}},
		{"who is apposition before the verb",
			`Jane Roe, who is chief executive at Nimbus, said: “We never sell customer data.”`,
			[]said{{"We never sell customer data.", "Jane Roe", "", "nimbus"}}},
		{"said name, title at org",
			`“Trust is our top priority,” said Omar Haddad, head of cloud at Cirrus Data.`,
			[]said{{"Trust is our top priority", "Omar Haddad", "head of cloud at Cirrus Data", "cirrus"}}},
		{"name told publication, verb after quote",
			`“We will never compete with our customers,” Jane Roe told Reuters.`,
			[]said{{"We will never compete with our customers", "Jane Roe", "", "nimbus"}}},
		{"said in a statement",
			`Jane Roe said in a statement: “Your data stays in Europe.”`,
			[]said{{"Your data stays in Europe.", "Jane Roe", "", "nimbus"}}},
		{"spokesperson for org",
			`“We do not train on customer data,” a spokesperson for Nimbus said.`,
			[]said{{"We do not train on customer data", "Nimbus Cloud", "spokesperson for Nimbus", "nimbus"}}},
		{"pour name",
			`Pour Claire Fontaine, « la confiance est au cœur de notre modèle ».`,
			[]said{{"la confiance est au cœur de notre modèle", "Claire Fontaine", "", "alto"}}},
		{"mixed straight and curly marks",
			`"We will never train on your data”, said Jane Roe.`,
			[]said{{"We will never train on your data", "Jane Roe", "", "nimbus"}}},
		{"unbalanced guillemets end at the attribution",
			`Paul Martin, président de Stratocloud, était là. « Nos clients demandent « est-ce sûr ? Nos données restent en France », a affirmé le dirigeant. « Nous ne concurrençons pas nos clients. »`,
			[]said{{"Nos clients demandent « est-ce sûr ? Nos données restent en France", "Paul Martin", "président de Stratocloud", "strato"}, {"Nous ne concurrençons pas nos clients.", "Paul Martin", "président de Stratocloud", "strato"}}},
		{"particle in a name",
			`“They finally told the truth!” says Nimbus Chief Legal Officer Maria Viegas Dos Reis. “It's a question of trust,” says Viegas Dos Reis.`,
			[]said{{"They finally told the truth!", "Maria Viegas Dos Reis", "Nimbus Chief Legal Officer", "nimbus"}, {"It's a question of trust", "Maria Viegas Dos Reis", "Nimbus Chief Legal Officer", "nimbus"}}},
		{"incise with an unlisted verb names its own speaker",
			`« Nos centres restent en France », précise Paul Martin.

« C'est une première en Europe », a relevé Omar Haddad, patron de Cirrus Data.`,
			[]said{{"Nos centres restent en France", "Paul Martin", "", "strato"}, {"C'est une première en Europe", "Omar Haddad", "patron de Cirrus Data", "cirrus"}}},
		{"narrative infinitive and gerund",
			`« Nous restons prudents », affirme Claire Fontaine, PDG d'Altocumulus. Et d'expliquer : « Le marché change très vite. » Tout en glissant : « Nos clients restent maîtres de leurs données. »`,
			[]said{{"Nous restons prudents", "Claire Fontaine", "PDG d'Altocumulus", "alto"}, {"Le marché change très vite.", "Claire Fontaine", "PDG d'Altocumulus", "alto"}, {"Nos clients restent maîtres de leurs données.", "Claire Fontaine", "PDG d'Altocumulus", "alto"}}},
		{"reported speech before a quotation paragraph",
			`Asked about it, Jane Roe said: “We resist unfounded requests.”

She said that Nimbus asks the government to go to the client.

“When this proves impossible, we respond in limited cases.”`,
			[]said{{"We resist unfounded requests.", "Jane Roe", "", "nimbus"}, {"When this proves impossible, we respond in limited cases.", "Jane Roe", "", "nimbus"}}},
		{"coordinated verb of the same speaker",
			`Omar Haddad replied: “No, I can't guarantee it,” but added that the scenario had “never happened before.”`,
			[]said{{"No, I can't guarantee it", "Omar Haddad", "", "cirrus"}, {"never happened before.", "Omar Haddad", "", "cirrus"}}},
		{"adverb between auxiliary and verb, surname of a person named before",
			`Stratocloud a nommé Paul Martin à sa tête. "Nos centres restent en France", a ainsi déclaré Martin devant la presse.`,
			[]said{{"Nos centres restent en France", "Paul Martin", "", "strato"}}},
		{"adverbs between subject and verb, then a colon",
			`As of Friday, Nimbus now explicitly says: “We do not train models on customer data” – and specifies that its systems read files to “improve search for each customer.”`,
			[]said{{"We do not train models on customer data", "Nimbus", "", "nimbus"}, {"improve search for each customer.", "Nimbus", "", "nimbus"}}},
		{"honorific before a surname, replied",
			`Jane Roe, president of product at Cirrus Data, met reporters on Tuesday.

"We are comfortable with the way we handle data," Ms Roe replied.`,
			[]said{{"We are comfortable with the way we handle data", "Jane Roe", "president of product at Cirrus Data", "cirrus"}}},
		{"modal and infinitive of saying",
			`Stratocloud a publié ses conditions lundi.

« Nous honorerons toutes les demandes d'opposition », a voulu rassurer le groupe. « Rien ne change pour nos clients », a tenu à préciser Paul Martin.`,
			[]said{{"Nous honorerons toutes les demandes d'opposition", "Stratocloud", "", "strato"}, {"Rien ne change pour nos clients", "Paul Martin", "", "strato"}}},
		{"cela dit is no verb of saying",
			`Cela dit, le marché attend la qualification « sûre et certaine » de l'offre.`,
			nil},
		{"the main subject of a reported clause",
			`Cirrus said it added the pledge to its terms to “make it a legal obligation.”`,
			[]said{{"make it a legal obligation.", "Cirrus", "", "cirrus"}}},
		{"it for the organisation that spoke just before",
			`“We never sell customer data,” Nimbus said.

It still warns that customers who “share their keys with third parties lose that protection.”`,
			[]said{{"We never sell customer data", "Nimbus", "", "nimbus"}, {"share their keys with third parties lose that protection.", "Nimbus", "", "nimbus"}}},
		{"it with nobody speaking before is nobody",
			`The report was published on Monday. It says that vendors “should keep customer data in the EU.”`,
			[]said{{"should keep customer data in the EU.", "", "", ""}}},
		{"apostrophes are not quotes",
			`L’offre d’Altocumulus n’a pas convaincu. It’s the customers’ choice, analysts’ view.`,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Article{ID: "t.md", Text: tt.text, Lang: DetectLang(tt.text)}
			qs := Extract(a, reg)
			if sieveCases[tt.name] {
				qs = extractSieve(a, reg)
			}
			got := summarize(qs)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Extract(%q) = %v; want %v", tt.text, got, tt.want)
				for _, q := range qs {
					t.Logf("  %s: %q", q.Attribution.Rule, q.Attribution.Evidence)
				}
			}
			for _, q := range qs {
				checkOffsets(t, a.Text, q)
			}
		})
	}
}
