package corpus

import (
	"crypto/sha256"
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Concept is one idea of the domain (trust, training on customer data,
// jurisdiction, government requests…) with its words in English and
// French, the stance labels a question about it is after and the topics
// it is about. It is data (vocabulary.yaml): inflections are left to the
// analyzers that compare words, and a form in both lists ("cloud") is a
// word of both languages.
type Concept struct {
	EN     []string `yaml:"en"`
	FR     []string `yaml:"fr"`
	Labels []Label  `yaml:"labels"`
	Topics []Topic  `yaml:"topics"`
	// Role marks a concept that is a speaker's role ("chief executive",
	// « porte-parole »): a question naming it asks for what the people
	// of that role said, whom the speakers' titles name.
	Role bool `yaml:"role"`
}

//go:embed vocabulary.yaml
var vocabularyFile []byte

var builtinVocabulary = sync.OnceValue(func() []Concept {
	v, err := parseVocabulary(vocabularyFile)
	if err != nil {
		// vocabulary.yaml is part of the program, and a test loads it.
		panic("corpus: built-in vocabulary.yaml: " + err.Error())
	}
	return v
})

// Vocabulary is the built-in bilingual domain vocabulary
// (vocabulary.yaml). The slice is shared: callers must not change it.
func Vocabulary() []Concept { return builtinVocabulary() }

// VocabularySum is the SHA-256 of the built-in vocabulary file: what a
// cache of something computed from the vocabulary is keyed by.
func VocabularySum() [32]byte { return sha256.Sum256(vocabularyFile) }

// parseVocabulary reads a vocabulary file: every concept has words in
// both languages, and only the contract's labels and topics.
func parseVocabulary(data []byte) ([]Concept, error) {
	var f struct {
		Concepts []Concept `yaml:"concepts"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("read vocabulary: %w", err)
	}
	for i, c := range f.Concepts {
		if len(c.EN) == 0 || len(c.FR) == 0 {
			return nil, fmt.Errorf("vocabulary concept %d (%v %v): needs English and French words", i+1, c.EN, c.FR)
		}
		for _, l := range c.Labels {
			if !slices.Contains(Labels, l) || l == Other {
				return nil, fmt.Errorf("vocabulary concept %d (%s): unknown label %q", i+1, c.EN[0], l)
			}
		}
		for _, t := range c.Topics {
			if !slices.Contains(Topics, t) {
				return nil, fmt.Errorf("vocabulary concept %d (%s): unknown topic %q", i+1, c.EN[0], t)
			}
		}
	}
	return f.Concepts, nil
}
