package corpus

import (
	"slices"
	"testing"
)

// TestLocaleMarks checks that the quotation marks of other languages are
// read as pairs, the opening mark deciding which closing mark ends the
// quotation, and that a mark left unpaired quotes nothing.
func TestLocaleMarks(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name string
		text string
		want []said
	}{
		{"german low-high double",
			`„Wir werden niemals mit unseren Kunden konkurrieren“, sagte Ada Varga, Chefin von Nimbus Cloud.`,
			[]said{{"Wir werden niemals mit unseren Kunden konkurrieren", "Ada Varga", "", "nimbus"}}},
		{"german, speaker not in the registry",
			`„Unsere Kunden behalten die Kontrolle über ihre Daten“, sagte Lena Brandt von Cirrus Data.`,
			[]said{{"Unsere Kunden behalten die Kontrolle über ihre Daten", "Lena Brandt", "", "cirrus"}}},
		{"polish low-high closed by a right mark",
			`„Nigdy nie będziemy konkurować z naszymi klientami”, sagte Ada Varga.`,
			[]said{{"Nigdy nie będziemy konkurować z naszymi klientami", "Ada Varga", "", "nimbus"}}},
		{"german single marks nested in double",
			`„Wir nennen das die ‚vertrauenswürdige Cloud‘ und meinen es ernst“, sagte Ada Varga.`,
			[]said{{"Wir nennen das die ‚vertrauenswürdige Cloud‘ und meinen es ernst", "Ada Varga", "", "nimbus"}}},
		{"german single marks alone",
			`‚Wir werden niemals mit unseren Kunden konkurrieren‘, sagte Ada Varga.`,
			[]said{{"Wir werden niemals mit unseren Kunden konkurrieren", "Ada Varga", "", "nimbus"}}},
		{"reversed guillemets",
			`»Wir werden niemals mit unseren Kunden konkurrieren«, sagte Ada Varga.`,
			[]said{{"Wir werden niemals mit unseren Kunden konkurrieren", "Ada Varga", "", "nimbus"}}},
		{"reversed guillemets in french spacing, opening a paragraph",
			"Ada Varga a écrit au ministre.\n\n» Nous ne concurrencerons jamais nos clients « , écrit Ada Varga.",
			[]said{{"Nous ne concurrencerons jamais nos clients", "Ada Varga", "", "nimbus"}}},
		{"reversed single guillemets nested",
			`»Wir nennen das die ›vertrauenswürdige Cloud‹ und meinen es ernst«, sagte Ada Varga.`,
			[]said{{"Wir nennen das die ›vertrauenswürdige Cloud‹ und meinen es ernst", "Ada Varga", "", "nimbus"}}},
		{"single guillemets",
			`‹We will never compete with our customers›, said Ada Varga.`,
			[]said{{"We will never compete with our customers", "Ada Varga", "", "nimbus"}}},
		{"swedish right marks on both sides",
			`”Vi kommer aldrig att konkurrera med våra kunder”, said Ada Varga.`,
			[]said{{"Vi kommer aldrig att konkurrera med våra kunder", "Ada Varga", "", "nimbus"}}},
		{"corner brackets, white ones nested",
			`Ada Varga said: 「we call it 『the trusted cloud』 and we mean it」 before she left.`,
			[]said{{"we call it 『the trusted cloud』 and we mean it", "Ada Varga", "", "nimbus"}}},
		{"german over two paragraphs",
			"„Wir werden niemals mit unseren Kunden konkurrieren.\n\n„Ihre Daten bleiben in Europa“, sagte Ada Varga.",
			[]said{{"Wir werden niemals mit unseren Kunden konkurrieren. Ihre Daten bleiben in Europa", "Ada Varga", "", "nimbus"}}},
		{"a german closing mark alone quotes nothing",
			`Die Kunden von Nimbus Cloud sagten danach nur noch Danke“, und die Sitzung war zu Ende.`,
			nil},
		{"a german opening mark never closed quotes nothing",
			`„Wir werden niemals mit unseren Kunden konkurrieren, sagte Ada Varga auf der Konferenz.`,
			nil},
		{"a low mark is not closed by a guillemet",
			`„Wir werden niemals mit unseren Kunden konkurrieren», sagte Ada Varga auf der Konferenz.`,
			nil},
		{"a corner bracket is not closed by a right quote",
			`Ada Varga said: 「we will never compete with our customers” at the conference.`,
			nil},
		{"a marked paragraph after a colon",
			"Ada Varga said:\n\n„Wir werden niemals mit unseren Kunden konkurrieren.“",
			[]said{{"Wir werden niemals mit unseren Kunden konkurrieren.", "Ada Varga", "", "nimbus"}}},
		{"a marked block quote",
			"Ada Varga wrote:\n\n> „Wir werden niemals mit unseren Kunden konkurrieren.“",
			[]said{{"Wir werden niemals mit unseren Kunden konkurrieren.", "Ada Varga", "", "nimbus"}}},
		{"a quotation opened after a colon with a sign",
			`Ada Varga said:“$5 million is what we will never charge our customers”, and left.`,
			[]said{{"$5 million is what we will never charge our customers", "Ada Varga", "", "nimbus"}}},
		{"a « typed for the closing »",
			`Ada Varga répond : « Non, nous ne pouvons pas le garantir« . Le ministre a pris note.`,
			[]said{{"Non, nous ne pouvons pas le garantir", "Ada Varga", "", "nimbus"}}},
		{"a « typed for the closing » after a question mark",
			`Le ministre demande : « Pouvez-vous garantir que Nimbus Cloud ne transmettra rien ?« . Ada Varga se tait.`,
			[]said{{"Pouvez-vous garantir que Nimbus Cloud ne transmettra rien ?", "", "", ""}}},
		{"french guillemets still close",
			`« Nous ne concurrencerons jamais nos clients », déclare Ada Varga.`,
			[]said{{"Nous ne concurrencerons jamais nos clients", "Ada Varga", "", "nimbus"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Article{ID: "t.md", Text: tt.text, Lang: DetectLang(tt.text)}
			qs := Extract(a, reg)
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
