package index

import (
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/corpus"
)

func TestStartsLower(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"will provide customers with more control", true},
		{"« a values point »", true},
		{"… et nos clients", true},
		{"We will never compete with our customers", false},
		{"2024 will be the year", false},
		{"Élan et confiance", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := startsLower(tt.text); got != tt.want {
			t.Errorf("startsLower(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}

func TestShare(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		text  string
		want  float64
	}{
		{"inflections share a stem", []string{"training", "customers"}, "We never train on customer data", 1},
		{"accents folded", []string{"entraîner"}, "nous n'entrainons pas nos modèles", 1},
		{"a short word is a whole word", []string{"api", "data"}, "the apis hold no data", 0.5},
		{"none", []string{"sovereignty"}, "We will never compete with our customers", 0},
		{"no words", nil, "anything", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := share(stems(tt.words), strings.Fields(normalize(tt.text))); got != tt.want {
				t.Errorf("share(%q, %q) = %v; want %v", stems(tt.words), tt.text, got, tt.want)
			}
		})
	}
}

func TestFeaturesOf(t *testing.T) {
	reg, err := corpus.LoadRegistry([]byte("vendors:\n  - {id: nimbus, name: Nimbus Cloud, aliases: [Nimbus]}\n  - {id: borealis, name: Borealis AI, aliases: [Borealis]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	rq := rankQuestion{vendors: []string{"nimbus", "borealis"}, topics: []corpus.Topic{corpus.TopicCustomerData},
		stems: stems([]string{"train", "data"}), reg: reg}
	quote := func(text, speaker, vendor string, topics ...corpus.Topic) hit {
		return hit{score: 1, coord: 1, rec: quoteRecord{
			Quote:   corpus.Quote{Text: text, Speaker: speaker, Vendor: vendor, Topics: topics},
			Article: Source{Title: "Nimbus will not train on customer data", Date: "2025-03"}}}
	}
	tests := []struct {
		name string
		h    hit
		want map[int]float64
	}{
		{"a statement of the subject vendor",
			quote("We will never train our models on your data, whatever the plan", "Ada Varga", "nimbus", corpus.TopicCustomerData, corpus.TopicTrust),
			map[int]float64{featFragment: 0, featJunk: 0, featVendorFirst: 1, featTopicShare: 0.5, featWords: 1, featTitle: 1, featShort: 0}},
		{"a phrase without a speaker",
			quote("data centers", "", "borealis"),
			map[int]float64{featFragment: 1, featJunk: 1, featVendorFirst: 0, featTopicShare: 0, featWords: 0.5, featShort: 1}},
		{"what one vendor named says of the other",
			quote("Borealis is a partner we trust with our customers' data", "Ada Varga", "nimbus"),
			map[int]float64{featMentions: 1}},
		{"a vendor naming itself",
			quote("Nimbus will never train on your data", "Ada Varga", "nimbus"),
			map[int]float64{featMentions: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := rq.featuresOf(tt.h, 1, 1)
			for k, v := range tt.want {
				if f[k] != v {
					t.Errorf("feature %s = %v; want %v", featureNames[k], f[k], v)
				}
			}
		})
	}
}

func TestWeightsRoundTrip(t *testing.T) {
	w, err := parseWeights(weights.marshal())
	if err != nil || w != weights {
		t.Errorf("parseWeights(marshal(weights)) = %v, %v; want %v", w, err, weights)
	}
	if _, err := parseWeights([]byte(`{"text": 1}`)); err == nil {
		t.Errorf("parseWeights of a file without every feature: no error")
	}
}

func TestShareForms(t *testing.T) {
	ix := openTest(t, "", nil)
	tests := []struct {
		name  string
		words []string
		text  string
		want  float64
	}{
		{"a French word finds its English translation", []string{"entraîner", "données"}, "We never train on customer data", 1},
		{"an English word finds its French translation", []string{"sovereignty"}, "La souveraineté des données est notre priorité", 1},
		{"a word of no concept finds only itself", []string{"zephyrix", "train"}, "Nous ne formons pas nos modèles", 0.5},
		{"none", []string{"sovereignty"}, "We will never compete with our customers", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shareForms(ix.forms(tt.words), strings.Fields(normalize(tt.text))); got != tt.want {
				t.Errorf("shareForms(forms(%q), %q) = %v; want %v", tt.words, tt.text, got, tt.want)
			}
		})
	}
}
