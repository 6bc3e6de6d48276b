package corpus

import (
	"slices"
	"testing"
)

func TestExtractPronounAcrossIntertitle(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name, text string
		want       []said
	}{
		{"il after an intertitle, a name in a complement left aside",
			`Paul Martin, président de Stratocloud, a présenté ses résultats lors d'un salon organisé à l'initiative du ministre Jean Valmont.

Des clients plus prudents

Selon lui, les entreprises hésitent encore. « On nous disait que c'était trop tôt », confie-t-il.`,
			[]said{{"On nous disait que c'était trop tôt", "Paul Martin", "président de Stratocloud", "strato"}}},
		{"only a name in a complement: nobody",
			`Le salon était organisé à l'initiative du ministre Jean Valmont.

Des clients plus prudents

« On nous disait que c'était trop tôt », confie-t-il.`,
			[]said{{"On nous disait que c'était trop tôt", "", "", ""}}},
		{"two subjects before the intertitle: nobody",
			`Paul Martin, président de Stratocloud, et Claire Fontaine, directrice générale d'Altocumulus, ont débattu.

Des clients plus prudents

« On nous disait que c'était trop tôt », confie-t-il.`,
			[]said{{"On nous disait que c'était trop tôt", "", "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Article{ID: "t.md", Text: tt.text, Lang: DetectLang(tt.text)}
			qs := Extract(a, reg)
			if got := summarize(qs); !slices.Equal(got, tt.want) {
				t.Errorf("Extract(%q) = %v; want %v", tt.text, got, tt.want)
				for _, q := range qs {
					t.Logf("  %s: %q", q.Attribution.Rule, q.Attribution.Evidence)
				}
			}
		})
	}
}
