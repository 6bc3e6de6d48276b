package corpus

import (
	"strings"
	"testing"
)

// Invented people throughout; their gender is the one the text gives.

func TestQuotePronoun(t *testing.T) {
	tests := []struct {
		name, text, quote string
		want              byte
	}{
		{"she in the incise", "Jane Roe runs Nimbus.\n\n“We keep the keys in the region,” she said.", "keys", 'f'},
		{"he in the incise", "Omar Haddad runs Nimbus.\n\n“We keep the keys in the region,” he added.", "keys", 'm'},
		{"a-t-elle", "Jane Roe dirige Nimbus.\n\n« Nous gardons les clés dans la région », a-t-elle ajouté.", "clés", 'f'},
		{"a-t-il", "Omar Haddad dirige Nimbus.\n\n« Nous gardons les clés dans la région », a-t-il déclaré.", "clés", 'm'},
		{"selon elle", "Jane Roe dirige Nimbus.\n\n« Nous gardons les clés dans la région », selon elle.", "clés", 'f'},
		{"he before the colon", "Omar Haddad runs Nimbus. He added: “We keep the keys in the region.”", "keys", 'm'},
		{"a name, no pronoun", "“We keep the keys in the region,” said Jane Roe.", "keys", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, a := attributionOf(t, tt.text, tt.quote)
			if got := a.pronoun; got != tt.want {
				t.Errorf("quotePronoun(%q) = %q; want %q", tt.quote, got, tt.want)
			}
		})
	}
}

func TestPersonGender(t *testing.T) {
	tests := []struct {
		name, text, person string
		want               byte
	}{
		{"Mme", "Mme Jane Roe a ouvert la séance. Elle dirige Nimbus depuis mai.", "Jane Roe", 'f'},
		{"M. with its period", "M. Omar Haddad a ouvert la séance.", "Omar Haddad", 'm'},
		{"a feminine title after the name", "Jane Roe, directrice générale de Nimbus, a ouvert la séance.", "Jane Roe", 'f'},
		{"a masculine title after the name", "Omar Haddad, président de Nimbus, a ouvert la séance.", "Omar Haddad", 'm'},
		{"la before a title of one form", "La ministre Jane Roe a ouvert la séance.", "Jane Roe", 'f'},
		{"le porte-parole", "Omar Haddad, le porte-parole de Nimbus, a ouvert la séance.", "Omar Haddad", 'm'},
		{"spokeswoman", "Nimbus spokeswoman Jane Roe opened the day.", "Jane Roe", 'f'},
		{"chairman", "Omar Haddad, chairman of Nimbus, opened the day.", "Omar Haddad", 'm'},
		{"the pronoun of the next sentence", "Omar Haddad joined Nimbus in May. He runs its cloud unit.", "Omar Haddad", 'm'},
		{"the next sentence's pronoun with two people named is nobody's", "Omar Haddad met Jane Roe in May. She runs its cloud unit.", "Omar Haddad", 0},
		{"a title opening the sentence", "La directrice de Nimbus, Jane Roe, a ouvert la séance.", "Jane Roe", 'f'},
		{"nothing said", "Jane Roe joined Nimbus in May.", "Jane Roe", 0},
		{"marks that disagree say nothing", "Mr. Omar Haddad, chairwoman of Nimbus, opened the day.", "Omar Haddad", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newExtractor(Article{ID: "t.md", Text: tt.text, Lang: DetectLang(tt.text)}, testRegistry(t))
			defer x.buf.release()
			v := newView(x, x.find())
			if got := v.personGender(tt.person); got != tt.want {
				t.Errorf("personGender(%q) = %q; want %q (mentions %v)", tt.person, got, tt.want, v.mentions)
			}
		})
	}
}

// TestGenderAgreement: a man and a woman in view, a pronoun quotation for
// each. The one the pronoun cannot be is no candidate; the whole
// extraction names the right one or nobody, never the other.
func TestGenderAgreement(t *testing.T) {
	tests := []struct {
		name, text, quote string
		want, never       string
	}{
		{"she, English",
			"Nimbus spokeswoman Jane Roe and Mr. Omar Haddad, chief executive of Cirrus Data, met on Monday.\n\n“We keep the keys in the region,” she said.",
			"keys", "Jane Roe", "Omar Haddad"},
		{"he, English",
			"Nimbus spokeswoman Jane Roe and Mr. Omar Haddad, chief executive of Cirrus Data, met on Monday.\n\n“We keep the keys in the region,” he said.",
			"keys", "Omar Haddad", "Jane Roe"},
		{"elle, French",
			"La directrice de Nimbus, Jane Roe, a rencontré M. Omar Haddad, président de Cirrus Data.\n\n« Nous gardons les clés dans la région », a-t-elle ajouté.",
			"clés", "Jane Roe", "Omar Haddad"},
		{"il, French",
			"La directrice de Nimbus, Jane Roe, a rencontré M. Omar Haddad, président de Cirrus Data.\n\n« Nous gardons les clés dans la région », a-t-il ajouté.",
			"clés", "Omar Haddad", "Jane Roe"},
		// the sieve alone names him (pronoun-antecedent); the learned step drops him
		{"the sieve's one person in view is of the other gender",
			"Omar Haddad, président de Nimbus, a ouvert la séance lundi.\n\n« Nous gardons les clés dans la région », a-t-elle ajouté.",
			"clés", "", "Omar Haddad"},
		{"a man the article calls he, and a woman it says nothing of",
			"“It took us six months,” Omar Haddad said. “Every contract says it now,” he said.\n\nPriya Nair and Haddad spoke at the same events this year. “The question is whether anyone audits it,” she said.",
			"audits", "Priya Nair", "Omar Haddad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, a := attributionOf(t, tt.text, tt.quote)
			for _, c := range a.cands {
				if c.name == tt.never {
					t.Errorf("%q is a candidate of %q: %q", tt.never, tt.quote, candNames(a.cands))
				}
			}
			for _, q := range Extract(Article{ID: "t.md", Text: tt.text, Lang: DetectLang(tt.text)}, testRegistry(t)) {
				if strings.Contains(q.Text, tt.quote) && q.Speaker != "" && q.Speaker != tt.want {
					t.Errorf("speaker of %q = %q (%s); want %q or nobody", tt.quote, q.Speaker, q.Attribution.Rule, tt.want)
				}
				if strings.Contains(q.Text, tt.quote) {
					t.Logf("speaker of %q = %q (%s); candidates %q", tt.quote, q.Speaker, q.Attribution.Rule, candNames(a.cands))
				}
			}
		})
	}
}
