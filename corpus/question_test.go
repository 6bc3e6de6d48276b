package corpus

import (
	"slices"
	"testing"
)

func TestReadQuestionPeople(t *testing.T) {
	reg, err := LoadRegistry([]byte(`vendors:
  - id: nimbus
    name: Nimbus Cloud
    people: [Ada Varga]
  - id: borealis
    name: Borealis AI
    people: [Jane Roe]
`))
	if err != nil {
		t.Fatal(err)
	}
	speakers := []string{"Karl Oberholzer", "Lena Marsh"}
	for _, tc := range []struct {
		name, question string
		want           []PersonName
	}{
		{"full name", "what does Ada Varga say about trust?", []PersonName{{"Ada Varga", "Ada Varga", false}}},
		{"full name, one typo", "what did jane roo say?", []PersonName{{"Jane Roe", "jane roo", true}}},
		{"surname misspelt", "does oberholtzer promise anything?", []PersonName{{"Karl Oberholzer", "oberholtzer", true}}},
		{"speaker's full name any case", "LENA MARSH on data", []PersonName{{"Lena Marsh", "LENA MARSH", false}}},
		{"exact surname is left to the search", "what does Varga say", nil},
		{"common word near a surname", "is there a marsh of data?", nil},
		{"short word", "what did roo say", nil},
		{"first letter differs", "does bberholzer say", nil},
		{"nobody", "does Nimbus compete with its customers?", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := reg.ReadQuestion(tc.question, reg.People(speakers)).People
			if !slices.Equal(got, tc.want) {
				t.Errorf("ReadQuestion(%q).People = %v; want %v", tc.question, got, tc.want)
			}
		})
	}
}

func TestReadQuestionTopics(t *testing.T) {
	for _, tc := range []struct {
		question string
		want     Topic
	}{
		{"does Nimbus compete with its customers?", TopicCompetition},
		{"Nimbus fait-il concurrence à ses clients ?", TopicCompetition},
		{"will Nimbus train its models on my data?", TopicCustomerData},
		{"Nimbus entraîne-t-il ses modèles sur nos données ?", TopicCustomerData},
	} {
		t.Run(tc.question, func(t *testing.T) {
			got := Builtin().ReadQuestion(tc.question, nil)
			if !slices.Contains(got.Topics, tc.want) {
				t.Errorf("ReadQuestion(%q).Topics = %v; want %s among them", tc.question, got.Topics, tc.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Élysée", "elysee"}, {"Łukasz", "lukasz"}, {"Dvořák", "dvorak"}, {"œuvre", "oeuvre"},
		{"l’État", "l'etat"}, {"Ĳssel", "ijssel"}, {"Straße", "strasse"}, {"Timișoara", "timisoara"}, {"e\u0301te\u0301", "ete"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestQuestionWords(t *testing.T) {
	asking := map[string]bool{}
	for _, w := range AskingWords() {
		asking[w] = true
	}
	for _, tc := range []struct {
		word          string
		asking, asked bool
	}{
		{"said", true, true},
		{"dit", true, true},
		{"avis", true, false},
		{"admits", false, true},  // "did Nimbus admit…" asks about an admission
		{"promet", false, true},  // a pledge is what is asked about
		{"compete", false, true}, // "does Nimbus compete…"
		{"trust", false, false},
	} {
		if asking[tc.word] != tc.asking || AskedVerb(tc.word) != tc.asked {
			t.Errorf("%q: asking word %v, asked verb %v; want %v, %v", tc.word, asking[tc.word], AskedVerb(tc.word), tc.asking, tc.asked)
		}
	}
	for _, w := range []string{"janvier", "monday", "ceo", "bruxelles"} {
		if !QuestionNotName(w) {
			t.Errorf("QuestionNotName(%q) = false; want true", w)
		}
	}
	for _, w := range []string{"l", "qu", "quoiqu", "jusqu"} {
		if !Elided(w) {
			t.Errorf("Elided(%q) = false; want true", w)
		}
	}
}

func TestWithQuoted(t *testing.T) {
	reg, err := LoadRegistry([]byte("vendors:\n  - id: nimbus\n    name: Nimbus Cloud\n    aliases: [Nimbus]\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := reg.WithQuoted([]string{"nimbus", "borealis-ai", "zephyrix", "nimbus-cloud"})
	tests := []struct {
		question string
		want     []string
	}{
		{"does Zephyrix train on our data?", []string{"zephyrix"}},
		{"does zephyrex train on our data?", []string{"zephyrix"}}, // a misspelling
		{"borealis ai et nimbus", []string{"borealis-ai", "nimbus"}},
		{"what does Nimbus Cloud say?", []string{"nimbus"}}, // "nimbus-cloud" names Nimbus: left out
	}
	for _, tt := range tests {
		if got := r.Mentions(tt.question); !slices.Equal(got, tt.want) {
			t.Errorf("Mentions(%q) = %v; want %v", tt.question, got, tt.want)
		}
	}
	if reg.WithQuoted([]string{"nimbus"}) != reg {
		t.Errorf("WithQuoted with nothing new is not the registry itself")
	}
}
