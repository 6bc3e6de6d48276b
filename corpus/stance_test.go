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
		{"There's never a scenario in which we're focused on competing with our customers.", []Label{NoCompetePledge}, "never a scenario in which we're focused on competing with our customers"},
		{"They need to trust that their provider won't partner with them one day and compete with them the next.", []Label{NoCompetePledge}, "won't partner with them one day and compete with them"},
		{"We won't compete with them, but we compete with some customers.", []Label{NoCompetePledge, AcknowledgesCoopetition}, "won't compete with them"},
		{"Il n'y a aucune exposition juridique au CLOUD Act.", []Label{SovereigntyPledge}, "aucune exposition juridique au CLOUD"},
		{"Nous ne nous formons pas sur vos données.", []Label{DataPrivacyPledge}, "ne nous formons pas sur vos données"},
		{"Microsoft cannot guarantee it.", []Label{Other}, ""},
		// Training on customers' data, whatever the words for the data.
		{"Nimbus will not use audio, video or chat Customer Content to train our artificial intelligence models without your consent.", []Label{DataPrivacyPledge}, "not use audio, video or chat Customer Content"},
		{"We will not use your recordings to train our models.", []Label{DataPrivacyPledge}, "not use your recordings to train"},
		{"Nous n'utilisons pas vos enregistrements pour entraîner nos modèles.", []Label{DataPrivacyPledge}, "n'utilisons pas vos enregistrements pour entraîner"},
		{"Nous n'allons pas former nos modèles sur vos données.", []Label{DataPrivacyPledge}, "pas former nos modèles sur vos données"},
		{"Nos modèles ne sont pas formés sur les données de nos clients.", []Label{DataPrivacyPledge}, "pas formés sur les données"},
		{"We use our own GPUs to train the models.", []Label{Other}, ""},
		// "former" in the sense of "ancien" triggers nothing.
		{"The former CEO of Nimbus did not comment on the data.", []Label{Other}, ""},
		{"L'ancien directeur a formé des équipes sur la sécurité des données.", []Label{Other}, ""},
		// Trust as the first value.
		{"La confiance a toujours été notre principale valeur.", []Label{TrustPriority}, "confiance a toujours été notre principale valeur"},
		{"Trust is our number one value.", []Label{TrustPriority}, "Trust is our number one value"},
		// Keeping data, capital and control in a jurisdiction.
		{"No customer data is sent across the boundaries of the EU.", []Label{SovereigntyPledge}, "No customer data is sent across the boundaries"},
		{"All metadata also remains in the EU.", []Label{SovereigntyPledge}, "metadata also remains in the EU"},
		{"Notre offre vise la qualification SecNumCloud.", []Label{SovereigntyPledge}, "SecNumCloud"},
		{"80% du capital est français, et nous sommes complètement européens.", []Label{SovereigntyPledge}, "capital est français"},
		{"Nous resterons français.", []Label{SovereigntyPledge}, "resterons français"},
		{"D’un point de vue de la gouvernance, nous sommes complètement européens.", []Label{SovereigntyPledge}, "sommes complètement européens"},
		{"A cloud for Europe, owned and run by Europeans.", []Label{SovereigntyPledge}, "owned and run by Europeans"},
		{"European customers run their workloads anywhere.", []Label{Other}, ""},
		// Opt-outs, objections and ownership.
		{"Nous honorerons toutes les demandes d'objection.", []Label{DataPrivacyPledge}, "honorerons toutes les demandes d'objection"},
		{"If you want to exclude your data from helping to train our models, you can opt out.", []Label{DataPrivacyPledge}, "exclude your data from helping to train"},
		{"We will let people opt-in first.", []Label{DataPrivacyPledge}, "opt-in"},
		{"The licence will not supersede your ownership rights.", []Label{DataPrivacyPledge}, "not supersede your ownership"},
		{"The new terms apply automatically, with no opt-in.", []Label{Other}, ""},
		{"We opt for hosting in several regions.", []Label{Other}, ""},
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

// TestLabelStanceLead checks that a negation in the narrative just before
// a partial quotation governs it.
func TestLabelStanceLead(t *testing.T) {
	if len(Labels) != numLabels {
		t.Fatalf("numLabels = %d; want len(Labels) = %d", numLabels, len(Labels))
	}
	got, cues, _ := labelStanceLead("focused on competing with our customers.", "and that it is never ")
	if !slices.Equal(got, []Label{NoCompetePledge}) || cues[NoCompetePledge] != "focused on competing with our customers" {
		t.Errorf("labelStanceLead = %v %q; want [no-compete-pledge] on the quotation's words", got, cues)
	}
	got, _, _ = labelStanceLead("focused on competing with our customers.", "It is never the case. We are ")
	if slices.Contains(got, NoCompetePledge) {
		t.Errorf("labelStanceLead across a sentence = %v; want no no-compete-pledge", got)
	}
}
