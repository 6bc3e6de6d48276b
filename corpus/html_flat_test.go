package corpus

import "testing"

func TestHTMLFlatBlocks(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs and quote", "<p>Un</p><blockquote><p>« Deux »</p></blockquote><p>Trois", "Un\n\n> « Deux »\n\nTrois"},
		{"furniture skipped", "<nav><ul><li>Accueil</li></ul></nav><script>var p = '<p>x</p>';</script><p>Texte</p><footer>©</footer>", "Texte"},
		{"head left open", "<head><title>Titre</title><meta name=author content=A><p>Texte", "Texte"},
		{"br br splits", "un<br>deux<br><br>trois", "un deux\n\ntrois"},
		{"q and cells", "<p><q>oui</q></p><table><tr><td>a</td><td>b</td></tr></table>", "“oui”\n\na b"},
		{"heading", "<h2>Intertitre</h2>texte", "Intertitre\n\ntexte"},
		{"unclosed quotes", "<blockquote><blockquote>x", "> x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinBlocks(htmlFlatBlocks([]byte(tt.in))); got != tt.want {
				t.Errorf("htmlFlatBlocks(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
