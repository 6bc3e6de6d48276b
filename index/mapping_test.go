package index

import (
	"slices"
	"testing"
)

// TestAnalyzersAgree checks that the forms of a word a question and an
// article may use analyse to the same term.
func TestAnalyzersAgree(t *testing.T) {
	ix := openTest(t, "", nil)
	tests := []struct {
		name  string
		lang  string
		forms []string
	}{
		{"feminine -aise", "fr", []string{"français", "française", "françaises", "francais"}},
		{"feminine -oise", "fr", []string{"chinois", "chinoise"}},
		{"plural", "fr", []string{"donnée", "données"}},
		{"accents", "fr", []string{"État", "etat", "ÉTAT"}},
		{"elision", "fr", []string{"l'État", "État"}},
		{"plural", "en", []string{"customer", "customers", "Customers"}},
		{"possessive", "en", []string{"Microsoft's", "microsoft"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.name, func(t *testing.T) {
			an := ix.an.en
			if tt.lang == "fr" {
				an = ix.an.fr
			}
			want := terms(an, tt.forms[0])
			for _, f := range tt.forms[1:] {
				if got := terms(an, f); !slices.Equal(got, want) {
					t.Errorf("terms(%s, %q) = %q; want %q like %q", tt.lang, f, got, want, tt.forms[0])
				}
			}
		})
	}
}
