package corpus

import (
	"strings"
	"testing"
)

func TestVocabularyBuiltin(t *testing.T) {
	v, err := parseVocabulary(vocabularyFile)
	if err != nil {
		t.Fatalf("parseVocabulary(vocabulary.yaml): %v", err)
	}
	if len(v) < 200 {
		t.Errorf("vocabulary.yaml has %d concepts; want a domain's worth (200 or more)", len(v))
	}
	topics := map[Topic]bool{}
	for _, c := range v {
		for _, tp := range c.Topics {
			topics[tp] = true
		}
	}
	for _, tp := range Topics {
		if !topics[tp] {
			t.Errorf("no concept of vocabulary.yaml is about topic %s", tp)
		}
	}
}

func TestParseVocabularyRejects(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"one language", "concepts:\n  - {en: [trust]}\n", "needs English and French"},
		{"unknown label", "concepts:\n  - {en: [trust], fr: [confiance], labels: [trusty]}\n", "unknown label"},
		{"unknown topic", "concepts:\n  - {en: [trust], fr: [confiance], topics: [faith]}\n", "unknown topic"},
		{"not yaml", "concepts: [", "read vocabulary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseVocabulary([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("parseVocabulary(%q) = %v; want an error with %q", tc.yaml, err, tc.want)
			}
		})
	}
}
