package corpus

import (
	"slices"
	"strings"
	"testing"
)

func TestExtractInterview(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name, pub, text string
		want            []said
	}{
		{"answers after questions continue the interviewee",
			"",
			`Nimbus is opening a region in Lisbon, says Jane Roe, chief executive of Nimbus. Roe describes it as “a region run from Europe, by Europeans.”

A European region, you say. But Nimbus remains an American company.

“We set up a separate entity, bound by European law.”

How can you be sure that no foreign court reaches the data?

“Customers hold their own keys, so our staff can never read the data.”`,
			[]said{
				{"a region run from Europe, by Europeans.", "Jane Roe", "chief executive of Nimbus", "nimbus"},
				{"We set up a separate entity, bound by European law.", "Jane Roe", "chief executive of Nimbus", "nimbus"},
				{"Customers hold their own keys, so our staff can never read the data.", "Jane Roe", "chief executive of Nimbus", "nimbus"},
			}},
		{"Q: and the outlet's name mark the questions; the interviewee named at the start",
			"Le Journal du Nuage",
			`Entretien avec Paul Martin, président de Stratocloud.

Le Journal du Nuage : Vos clients craignent-ils les lois étrangères.

« Nos centres restent en France et nos clients gardent leurs clés. »

Q: Et l'intelligence artificielle.

« Nous n'entraînons aucun modèle sur les données de nos clients. »`,
			[]said{
				{"Nos centres restent en France et nos clients gardent leurs clés.", "Paul Martin", "président de Stratocloud", "strato"},
				{"Nous n'entraînons aucun modèle sur les données de nos clients.", "Paul Martin", "président de Stratocloud", "strato"},
			}},
		{"an answer that names its own speaker keeps that speaker",
			"",
			`Jane Roe, chief executive of Nimbus, says the region is ready.

What do your competitors make of it?

“Nimbus is late, and customers know it,” said Omar Haddad, chief executive of Cirrus Data.`,
			[]said{
				{"Nimbus is late, and customers know it", "Omar Haddad", "chief executive of Cirrus Data", "cirrus"},
			}},
		{"a question about someone else names nobody",
			"",
			`Jane Roe, chief executive of Nimbus, says the region is ready.

Omar Haddad said last week that Nimbus is late. Is he right?

“We will open on time, as planned for our customers.”`,
			[]said{
				{"We will open on time, as planned for our customers.", "", "", "nimbus"},
			}},
		{"a paragraph addressed to the reader is no question without an interview",
			"",
			`“We never sell customer data,” Jane Roe said on Monday.

If you run workloads in Europe, this matters.

“Our region opens in Lisbon in the spring.”`,
			[]said{
				{"We never sell customer data", "Jane Roe", "", "nimbus"},
				{"Our region opens in Lisbon in the spring.", "", "", ""},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Article{ID: "t.md", Publication: tt.pub, Text: tt.text, Lang: DetectLang(tt.text)}
			qs := Extract(a, reg)
			if sieveCases[tt.name] {
				qs = extractSieve(a, reg)
			}
			got := summarize(qs)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Extract(%q) = %v; want %v", tt.text, got, tt.want)
				for _, q := range qs {
					t.Logf("  %s: %q", q.Attribution.Rule, q.Attribution.Evidence)
				}
			}
			for _, q := range qs {
				checkOffsets(t, a.Text, q)
			}
		})
	}
}

// TestAnswerQuotesNotTaken checks the paragraphs that look like unmarked
// answers but are none: a label that names nobody of the article ("Note:"),
// a dash that opens a list item rather than a reply.
func TestAnswerQuotesNotTaken(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct{ name, text, not string }{
		{"a label the article does not name",
			"Jane Roe, chief executive of Nimbus, met us in Lisbon.\n\nWhat opens next?\n\nNote: the region opens in May and prices stay the same.",
			"region opens"},
		{"a dash after a question without one",
			"Paul Martin préside Stratocloud.\n\nQue reste-t-il à faire ?\n\n— migrer les applications critiques vers les nouvelles régions",
			"migrer"},
		{"a paragraph after a question with no mark",
			"Paul Martin préside Stratocloud.\n\nQue reste-t-il à faire ?\n\nLes clients devront migrer leurs applications critiques.",
			"migrer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, q := range Extract(Article{ID: "t.md", Text: tc.text, Lang: DetectLang(tc.text)}, reg) {
				if strings.Contains(q.Text, tc.not) {
					t.Errorf("Extract(%q) took %q for a quotation", tc.text, q.Text)
				}
			}
		})
	}
}
