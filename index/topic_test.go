package index

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trustwatch/trustwatch/corpus"
)

// topicFixture is one French article of Nimbus whose quotations share no
// word, and no vocabulary concept, with the English questions asked of
// them: only the topics the label model gives both can bring them together.
var topicFixture = fstest.MapFS{"nimbus-fr.md": {Data: []byte(`---
title: "Nimbus et ses acheteurs"
publication: Journal du Nuage
url: https://journal.example/nimbus
date: 2024-05-02
lang: fr
---
Nimbus et ses acheteurs

« Jamais nous ne marcherons sur les plates-bandes de ceux qui achètent nos services », a déclaré Clara Venn, directrice générale de Nimbus.

« Nous publions nos comptes chaque trimestre à Lisbonne », a ajouté Clara Venn.
`)}}

func TestAskTopicsMeetAcrossLanguages(t *testing.T) {
	ix := openTest(t, "", nil)
	syncTest(t, ix, topicFixture)
	const question = "Does Nimbus compete with its customers?"
	ans := ask(t, ix, Query{Question: question})
	if len(ans.Quotes) == 0 || !strings.Contains(ans.Quotes[0].Text, "plates-bandes") {
		t.Fatalf("Ask(%q) = %q; want the French quotation on competition first", question, texts(ans.Quotes))
	}
	if !slices.Contains(ans.Quotes[0].Topics, corpus.TopicCompetition) {
		t.Errorf("Ask(%q): first quotation's topics %v; want %s", question, ans.Quotes[0].Topics, corpus.TopicCompetition)
	}
}

func TestAskReadsMisspeltPeople(t *testing.T) {
	ix := openTest(t, "", nil)
	fsys := fixtures(t)
	fsys["orbitek-data.md"] = &fstest.MapFile{Data: []byte(`---
title: "Orbitek on data"
publication: Cloud Ledger
url: https://cloudledger.example/orbitek-data
date: 2024-06-01
lang: en
---
Orbitek on data

"What you store with us is yours, and we never look at it," said Karl Oberholzer, chief technology officer of Orbitek.
`)}
	syncTest(t, ix, fsys)
	for _, tc := range []struct {
		name, question, wantNote, wantSpeaker string
	}{
		{"speaker's surname misspelt", "what does oberholtzer say about data?", "“oberholtzer” was read as Karl Oberholzer.", "Karl Oberholzer"},
		{"registry person's full name misspelt", "what does Priya Okafr say?", "“Priya Okafr” was read as Priya Okafor.", "Priya Okafor"},
		{"exact name, no note", "what does Karl Oberholzer say about data?", "", "Karl Oberholzer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ans := ask(t, ix, Query{Question: tc.question})
			if ans.Note != tc.wantNote {
				t.Errorf("Ask(%q).Note = %q; want %q", tc.question, ans.Note, tc.wantNote)
			}
			if len(ans.Quotes) == 0 || ans.Quotes[0].Speaker != tc.wantSpeaker {
				t.Errorf("Ask(%q) = %q; want %s first", tc.question, texts(ans.Quotes), tc.wantSpeaker)
			}
		})
	}
}

func TestSkipElision(t *testing.T) {
	for _, tc := range []struct{ word, want string }{
		{"L'État", "État"}, {"l’État", "État"}, {"quoiqu'il", "il"}, {"Qu’Adam", "Adam"}, {"aujourd'hui", "aujourd'hui"},
	} {
		if got := tc.word[skipElision(tc.word, 0, len(tc.word)):]; got != tc.want {
			t.Errorf("skipElision(%q) marks %q; want %q", tc.word, got, tc.want)
		}
	}
}
