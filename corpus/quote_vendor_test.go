package corpus

import "testing"

// TestQuoteVendor checks the vendor a quotation is given, as a reader
// would: the speaker's own organisation (from their title or the
// registry), a spokesperson's company, the company an unnamed statement
// comes from, and none for a speaker who speaks for no vendor.
func TestQuoteVendor(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name, text, speaker, vendor string
	}{
		{"an analyst at an organisation of no registry speaks for no vendor",
			`Ian Ford, an analyst at Skyline Research, said: "Nimbus will keep every customer's data in Europe for years."`,
			"Ian Ford", ""},
		{"an organisation in an apposition: du Groupe Horizon",
			`« Nimbus gardera les données de ses clients en Europe », a déclaré Marc Leroy, du Groupe Horizon.`,
			"Marc Leroy", ""},
		{"a researcher's role before the name",
			`AI researcher Ivo Stein wrote, "Nimbus should explain what it does with customer files."`,
			"Ivo Stein", ""},
		{"a chief executive about a partner keeps their own company",
			`"Our partnership with Cirrus lets customers keep their data in Europe," said Lena Brandt, chief executive of Nimbus.`,
			"Lena Brandt", "nimbus"},
		{"X's chief executive about a partner",
			`Nimbus's chief executive Lena Brandt said: "Cirrus is the best partner our customers could have."`,
			"Lena Brandt", "nimbus"},
		{"PDG de X about a partner",
			`« Cirrus est un partenaire essentiel pour nos clients », déclare Lena Brandt, PDG de Stratocloud.`,
			"Lena Brandt", "strato"},
		{"a spokesperson for a company",
			`"We never sell customer data to anyone," a spokesperson for Cirrus said.`,
			"Cirrus Data", "cirrus"},
		{"un porte-parole de",
			`« Nous ne vendons jamais les données de nos clients », a indiqué un porte-parole de Stratocloud.`,
			"Stratocloud", "strato"},
		{"the company said, after the company is named",
			"Stratocloud a publié ses résultats mardi.\n\n« Nos centres de données restent en France », précise l'entreprise.",
			"Stratocloud", "strato"},
		{"an organisation the registry does not know is named, and keeps the vendor its words are about",
			`Skyline Research said in a report: “Nimbus customers keep their own keys in every region.”`,
			"Skyline Research", "nimbus"},
		{"a person with no title keeps the vendor of the words",
			`"Cirrus will keep every customer's data in Europe," said Lena Brandt.`,
			"Lena Brandt", "cirrus"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs := Extract(Article{ID: "t.md", Text: tc.text, Lang: DetectLang(tc.text)}, reg)
			if len(qs) == 0 {
				t.Fatalf("Extract(%q) found no quotation", tc.text)
			}
			q := qs[len(qs)-1]
			if q.Speaker != tc.speaker || q.Vendor != tc.vendor {
				t.Errorf("Extract(%q) = speaker %q, vendor %q; want %q, %q", tc.text, q.Speaker, q.Vendor, tc.speaker, tc.vendor)
			}
		})
	}
}
