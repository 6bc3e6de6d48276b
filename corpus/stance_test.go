package corpus

import (
	"slices"
	"testing"
)

func TestLabelStance(t *testing.T) {
	tests := []struct {
		text string
		want []Label
		cue  string // the cue of the first label
	}{
		{"We will never compete with our customers.", []Label{NoCompetePledge}, "never compete"},
		{"Nous ne les concurrencerons pas.", []Label{NoCompetePledge}, "ne les concurrencerons pas"},
		{"We compete with some customers, and that is fine.", []Label{AcknowledgesCoopetition}, "compete with some customers"},
		{"Bien sûr, nous avons des concurrents.", []Label{AcknowledgesCoopetition}, "avons des concurrents"},
		{"We do not train on your data.", []Label{DataPrivacyPledge}, "not train on your data"},
		{"Nous n'utilisons pas vos données pour entraîner nos modèles.", []Label{DataPrivacyPledge}, "n'utilisons pas vos données"},
		{"Trust is our top priority.", []Label{TrustPriority}, "Trust is our top priority"},
		{"La confiance est une priorité absolue.", []Label{TrustPriority}, "confiance est une priorité"},
		{"Notre mission : favoriser leur succès.", []Label{CustomerSuccess}, "favoriser leur succès"},
		{"Our customers' success is all that matters.", []Label{CustomerSuccess}, "customers' success"},
		{"Customer data stays in the EU.", []Label{SovereigntyPledge}, "data stays in the EU"},
		{"Les données sont hébergées en France.", []Label{SovereigntyPledge}, "données sont hébergées en France"},
		{"Nous sommes immunisés contre les lois extraterritoriales.", []Label{SovereigntyPledge}, "immunisés contre les lois extraterritoriales"},
		{"The weather in Seattle was fine.", []Label{Other}, ""},
		{"We do not have competitors.", []Label{Other}, ""},
	}
	for _, tt := range tests {
		got, cues := labelStance(tt.text)
		if !slices.Equal(got, tt.want) {
			t.Errorf("labelStance(%q) = %v (%v); want %v", tt.text, got, cues, tt.want)
			continue
		}
		if tt.cue != "" && cues[tt.want[0]] != tt.cue {
			t.Errorf("labelStance(%q) cue = %q; want %q", tt.text, cues[tt.want[0]], tt.cue)
		}
	}
}
