package corpus

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// frontValues are values a front matter line may hold, ordinary and odd.
var frontValues = []string{
	"", "Cloud : quand Nimbus tacle Stratocloud", "\"Cloud : quand Nimbus tacle Stratocloud\"", "'L''Europe'", "L'Europe du cloud",
	"\"l'Europe\"", "'il a dit \"non\"'", "2022-02", "2024-05-17T14:05:00Z", "2024-05-17 10:00", "fr", "fr-FR", "yes", "no", "true",
	"null", "~", "Null", "1e3", ".inf", "0x1F", "[]", "[nimbus, stratocloud]", "[ nimbus , \"stratocloud\" ]", "[a,,b]", "[a, [b]]",
	"nimbus, stratocloud", "Ada Varga, Yanis Benali", "a: b", "a #b", "a#b", "C#", "x:", "- a", "-5", "? x", "&a x", "*a", "!!str x",
	"| x", "> x", "%x", "@x", "`x", "{a: b}", "[a", "\"a", "'a", "\"a\\\"b\"", "\"a\tb\"", "a\tb", "https://x.example/a?b=c#d",
	"«\u00a0Nous ne concurrencerons jamais\u00a0»", "\u0085", "a\u2028b", "\ufeffx", "\u0080", "a ]", "'a' b", "\"a\" b", "[\"a, b\"]",
	"[a]]", "['a]']", "Jeanne Martin (AFP)", "x,", ",x", " ", "\"\"", "''",
}

var frontKeys = []string{"title", "publication", "source", "url", "date", "lang", "author", "vendors", "other", "Title", " title", "tags"}

// TestSimpleFrontMatter checks that whatever simpleFrontMatter accepts,
// the YAML parser reads the same way.
func TestSimpleFrontMatter(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range 20_000 {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			k := frontKeys[r.IntN(len(frontKeys))]
			sep := ": "
			switch r.IntN(8) {
			case 0:
				sep = ":"
			case 1:
				sep = ":\t"
			}
			b.WriteString(k + sep + frontValues[r.IntN(len(frontValues))] + "\n")
			switch r.IntN(8) {
			case 0:
				b.WriteString("\n")
			case 1:
				b.WriteString("# a comment: with [markup] and \"quotes\"\n")
			case 2:
				b.WriteString("  # an indented comment\n")
			}
		}
		y := b.String()
		got, ok := simpleFrontMatter(y)
		if !ok {
			continue
		}
		accepted++
		var want frontMatter
		if err := yaml.Unmarshal([]byte(y), &want); err != nil {
			t.Errorf("simpleFrontMatter(%q) accepted what YAML refuses: %v", y, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("simpleFrontMatter(%q) = %+v; YAML reads %+v", y, got, want)
		}
	}
	if accepted < 1000 {
		t.Errorf("simpleFrontMatter accepted %d of 20,000 front matters; want most simple ones", accepted)
	}
}

// FuzzSimpleFrontMatter checks, on any text, that what simpleFrontMatter
// accepts the YAML parser reads the same way.
func FuzzSimpleFrontMatter(f *testing.F) {
	for _, v := range frontValues {
		f.Add("title: " + v + "\nvendors: " + v + "\n")
	}
	f.Fuzz(func(t *testing.T, y string) {
		got, ok := simpleFrontMatter(y)
		if !ok {
			return
		}
		var want frontMatter
		if err := yaml.Unmarshal([]byte(y), &want); err != nil {
			t.Fatalf("simpleFrontMatter(%q) accepted what YAML refuses: %v", y, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("simpleFrontMatter(%q) = %+v; YAML reads %+v", y, got, want)
		}
	})
}
