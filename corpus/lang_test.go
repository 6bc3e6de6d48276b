package corpus

import "testing"

func TestDetectLang(t *testing.T) {
	tests := []struct{ text, want string }{
		{"La confiance est une priorité absolue pour nos clients, indique le dirigeant dans sa note.", "fr"},
		{"Parce que toutes ces entreprises tierces savent qu'AWS n'a qu'une seule mission : favoriser leur succès.", "fr"},
		{"Trust is the top priority for our customers, the executive said in a note on LinkedIn.", "en"},
		{"We will never use your data to train our models, and we do not compete with our customers.", "en"},
		{"Vertrauen ist für unsere Kunden die oberste Priorität, sagte der Manager auf LinkedIn.", "de"},
		{"La confianza es una prioridad absoluta para nuestros clientes, dijo el directivo.", "es"},
		{"AWS", ""},
		{"", ""},
		{"12345 67890", ""},
	}
	for _, tt := range tests {
		if got := DetectLang(tt.text); got != tt.want {
			t.Errorf("DetectLang(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

func BenchmarkDetectLang(b *testing.B) {
	text := string(benchArticle())
	for b.Loop() {
		DetectLang(text)
	}
}
