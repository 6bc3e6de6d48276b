package corpus

import (
	"slices"
	"testing"
)

// TestPersonOfOrg checks that "PERSON of ORG said" names the person, with
// the vendor of ORG, whether the person is in the registry (Ada Varga, of
// Nimbus Cloud) or not (Lena Brandt), in English, French and German.
func TestPersonOfOrg(t *testing.T) {
	reg := testRegistry(t)
	const en = "we will never compete with customers."
	const fr = "Nous ne concurrencerons jamais nos clients."
	tests := []struct {
		name string
		text string
		want said
	}{
		{"registry person of org said", `Ada Varga of Nimbus Cloud said “` + en + `”`,
			said{en, "Ada Varga", "", "nimbus"}},
		{"unknown person of org said", `Lena Brandt of Cirrus Data said “` + en + `”`,
			said{en, "Lena Brandt", "", "cirrus"}},
		{"person from org said", `Lena Brandt from Cirrus Data said: “` + en + `”`,
			said{en, "Lena Brandt", "", "cirrus"}},
		{"person at org told", `Ada Varga at Nimbus Cloud told reporters: “` + en + `”`,
			said{en, "Ada Varga", "", "nimbus"}},
		{"person of an org the registry does not know", `Lena Brandt of Forrester said “` + en + `”`,
			said{en, "Lena Brandt", "", ""}},
		{"the article's org beats the registry's", `Ada Varga of Cirrus Data said “` + en + `”`,
			said{en, "Ada Varga", "", "cirrus"}},
		{"after the quotation, name of org said", `“` + en + `” Lena Brandt of Cirrus Data said.`,
			said{en, "Lena Brandt", "", "cirrus"}},
		{"incise, name of org said", `“We will never compete with customers,” Lena Brandt of Cirrus Data said.`,
			said{"We will never compete with customers", "Lena Brandt", "", "cirrus"}},
		{"incise, said name of org", `“We will never compete with customers,” said Lena Brandt of Cirrus Data.`,
			said{"We will never compete with customers", "Lena Brandt", "", "cirrus"}},
		{"comma of org comma", `Lena Brandt, of Cirrus Data, said: “` + en + `”`,
			said{en, "Lena Brandt", "", "cirrus"}},
		{"french de org between commas", `Lena Brandt, de Cirrus Data, a déclaré : « ` + fr + ` »`,
			said{fr, "Lena Brandt", "", "cirrus"}},
		{"french registry person de org", `Ada Varga, de Nimbus Cloud, a déclaré : « ` + fr + ` »`,
			said{fr, "Ada Varga", "", "nimbus"}},
		{"french org in parentheses", `Lena Brandt (Cirrus Data) a déclaré : « ` + fr + ` »`,
			said{fr, "Lena Brandt", "", "cirrus"}},
		{"french chez org", `Lena Brandt chez Cirrus Data a expliqué : « ` + fr + ` »`,
			said{fr, "Lena Brandt", "", "cirrus"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Article{ID: "t.md", Text: tt.text, Lang: DetectLang(tt.text)}
			qs := Extract(a, reg)
			got := summarize(qs)
			if want := []said{tt.want}; !slices.Equal(got, want) {
				t.Errorf("Extract(%q) = %v; want %v", tt.text, got, want)
				for _, q := range qs {
					t.Logf("  %s: %q", q.Attribution.Rule, q.Attribution.Evidence)
				}
			}
		})
	}
}
