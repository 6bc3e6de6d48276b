package corpus

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
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

// TestReadFlowVocabulary checks the fast reader of vocabulary.yaml's
// shape against the YAML parser: the built-in file reads the same, and
// other writings either read the same or are left to the YAML parser.
func TestReadFlowVocabulary(t *testing.T) {
	yamlRead := func(data []byte) ([]Concept, error) {
		var f struct {
			Concepts []Concept `yaml:"concepts"`
		}
		err := yaml.Unmarshal(data, &f)
		return f.Concepts, err
	}
	want, err := yamlRead(vocabularyFile)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := readFlowVocabulary(vocabularyFile)
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("readFlowVocabulary(vocabulary.yaml) = %d concepts, %v; want the YAML parser's %d", len(got), ok, len(want))
	}
	for _, tc := range []struct {
		name, yaml string
		fast       bool // read by readFlowVocabulary
	}{
		{"plain", "# c\nconcepts:\n  # c\n\n  - {en: [top priority, R&D], fr: [s'associer, cœur], labels: [trust-priority], topics: [trust]}\n", true},
		{"no topics", "concepts:\n  - {fr: [b], en: [a.b/c]}\n", true},
		{"quoted", "concepts:\n  - {en: [\"a\"], fr: [b]}\n", false},
		{"null", "concepts:\n  - {en: [null, a], fr: [b]}\n", false},
		{"boolean", "concepts:\n  - {en: [True], fr: [no]}\n", false},
		{"number", "concepts:\n  - {en: [5g, 12], fr: [b]}\n", false},
		{"empty list", "concepts:\n  - {en: [], fr: [b]}\n", false},
		{"trailing comma", "concepts:\n  - {en: [a,], fr: [b]}\n", false},
		{"two spaces", "concepts:\n  - {en: [a  b], fr: [b]}\n", false},
		{"comment after", "concepts:\n  - {en: [a], fr: [b]} # c\n", false},
		{"crlf", "concepts:\r\n  - {en: [a], fr: [b]}\r\n", false},
		{"key twice", "concepts:\n  - {en: [a], en: [b], fr: [c]}\n", false},
		{"other key", "concepts:\n  - {en: [a], fr: [b], note: [c]}\n", false},
		{"block style", "concepts:\n  - en: [a]\n    fr: [b]\n", false},
		{"anchor", "concepts:\n  - {en: [&x a], fr: [b]}\n", false},
		{"no head", "  - {en: [a], fr: [b]}\n", false},
		{"empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := readFlowVocabulary([]byte(tc.yaml))
			if ok != tc.fast {
				t.Fatalf("readFlowVocabulary(%q) ok = %v; want %v", tc.yaml, ok, tc.fast)
			}
			want, err := yamlRead([]byte(tc.yaml))
			if ok && (err != nil || !reflect.DeepEqual(got, want)) {
				t.Errorf("readFlowVocabulary(%q) = %#v; the YAML parser gives %#v, %v", tc.yaml, got, want, err)
			}
		})
	}
}

// BenchmarkParseVocabulary measures reading the built-in vocabulary, done
// once per process (every ask).
func BenchmarkParseVocabulary(b *testing.B) {
	for b.Loop() {
		if _, err := parseVocabulary(vocabularyFile); err != nil {
			b.Fatal(err)
		}
	}
}
