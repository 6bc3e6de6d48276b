package corpus

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

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

// parseVocabulary reads a vocabulary file: every concept has words in
// both languages, and only the contract's labels and topics.
func parseVocabulary(data []byte) ([]Concept, error) {
	concepts, ok := readFlowVocabulary(data)
	if !ok {
		var f struct {
			Concepts []Concept `yaml:"concepts"`
		}
		if err := yaml.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("read vocabulary: %w", err)
		}
		concepts = f.Concepts
	}
	for i, c := range concepts {
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
	return concepts, nil
}

// readFlowVocabulary reads a vocabulary written as vocabulary.yaml is,
// comments, "concepts:" and one concept a line, indented two spaces,
//
//   - {en: [trust, trustworthy], fr: [confiance], topics: [trust]}
//
// with words that are plain YAML strings, and gives what yaml.Unmarshal
// gives, in a tenth of its time (every ask reads the vocabulary). ok is
// false for anything else, which is left to yaml.Unmarshal.
func readFlowVocabulary(data []byte) (_ []Concept, ok bool) {
	var out []Concept
	seenHead := false
	for text := string(data); text != ""; {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if t := strings.TrimLeft(line, " "); t == "" || t[0] == '#' {
			continue
		}
		if line == "concepts:" && !seenHead {
			seenHead = true
			continue
		}
		body, ok := strings.CutPrefix(line, "  - {")
		if body, ok = strings.CutSuffix(body, "}"); !ok || !seenHead {
			return nil, false
		}
		var c Concept
		for body != "" {
			key, rest, ok := strings.Cut(body, ": [")
			if !ok {
				return nil, false
			}
			list, rest, ok := strings.Cut(rest, "]")
			if !ok {
				return nil, false
			}
			if body, ok = strings.CutPrefix(rest, ", "); !ok && rest != "" {
				return nil, false
			}
			words, ok := plainWords(list)
			if !ok {
				return nil, false
			}
			switch {
			case key == "en" && c.EN == nil:
				c.EN = words
			case key == "fr" && c.FR == nil:
				c.FR = words
			case key == "labels" && c.Labels == nil:
				c.Labels = make([]Label, len(words))
				for i, w := range words {
					c.Labels[i] = Label(w)
				}
			case key == "topics" && c.Topics == nil:
				c.Topics = make([]Topic, len(words))
				for i, w := range words {
					c.Topics[i] = Topic(w)
				}
			default: // another key, or one given twice
				return nil, false
			}
		}
		out = append(out, c)
	}
	return out, seenHead
}

// plainWords splits a flow list's "a, b c, d" into words that YAML reads
// as the strings they spell: letters first, then letters, digits,
// single spaces and "-'./&", and none a word YAML reads as null or a
// boolean. ok is false for an empty list or any other word.
func plainWords(list string) (_ []string, ok bool) {
	n := strings.Count(list, ",") + 1
	out := make([]string, 0, n)
	for list != "" || len(out) < n {
		var w string
		w, list, _ = strings.Cut(list, ",")
		w = strings.TrimPrefix(w, " ")
		if !plainWord(w) {
			return nil, false
		}
		out = append(out, w)
	}
	return out, true
}

func plainWord(w string) bool {
	switch strings.ToLower(w) {
	case "", "null", "true", "false", "yes", "no", "on", "off", "y", "n":
		return false
	}
	prev := ' '
	for i, r := range w {
		switch {
		case unicode.IsLetter(r):
		case i == 0:
			return false
		case unicode.IsDigit(r), r == '-', r == '\'', r == '.', r == '/', r == '&':
		case r == ' ' && prev != ' ':
		default:
			return false
		}
		prev = r
	}
	return prev != ' '
}
