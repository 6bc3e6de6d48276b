package corpus

import (
	"bytes"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestLabelModelRebuild retrains the label model from model/data and
// checks that it gives the embedded weights bit for bit: the committed
// model is what the committed data and code make.
func TestLabelModelRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("retrains the label model")
	}
	ex, err := ReadLabelData(os.DirFS("model/data"))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := TrainLabelModel(ex)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte(labelModelFile)) {
		t.Errorf("TrainLabelModel(model/data) differs from the embedded model/labels.model (%d bytes, want %d): run go run ./cmd/trainlabels", len(got), len(labelModelFile))
	}
}

// TestLabelModel checks statements whose wording the cue lexicon does not
// know: the model labels them, and explains each label with words of the
// statement.
func TestLabelModel(t *testing.T) {
	tests := []struct {
		text   string
		label  Label
		topic  Topic // "": any
		cueIn  bool  // the label must come with a cue of the statement's own words
		notLex bool  // the lexicon alone misses it
	}{
		{"Our regional cloud runs without a single component controlled from outside the region.", SovereigntyPledge, TopicSovereignty, true, true},
		{"Only locally cleared staff can touch those systems.", SovereigntyPledge, TopicSovereignty, true, true},
		{"We would contest such a demand before a judge.", DataPrivacyPledge, TopicGovernmentAccess, true, true},
		{"Aucune donnée de nos clients ne sert à améliorer nos modèles.", DataPrivacyPledge, TopicCustomerData, true, true},
		{"What you store with us is not something we look at.", DataPrivacyPledge, TopicCustomerData, true, true},
		{"We will never compete with our customers.", NoCompetePledge, TopicCompetition, true, false},
		{"We cannot guarantee that we will never compete with a customer.", Other, TopicCompetition, false, false},
		// Paraphrases that are not in the training data.
		{"Our European region operates with no component managed from abroad.", SovereigntyPledge, TopicSovereignty, true, true},
		{"Only staff cleared in the country are allowed near those machines.", SovereigntyPledge, TopicSovereignty, true, true},
		{"Aucune information de nos clients n'est utilisée pour perfectionner nos algorithmes.", DataPrivacyPledge, TopicCustomerData, true, true},
		{"We have no wish to go after the markets of the companies we serve.", NoCompetePledge, TopicCompetition, true, true},
		{"Our job is to help the people who build on us do well.", CustomerSuccess, "", true, true},
		{"Nous ne pouvons pas promettre que nous ne concurrencerons jamais nos clients.", Other, TopicCompetition, false, false},
		{"We can't guarantee that your data will never leave the EU.", Other, TopicSovereignty, false, false},
		{"Nous ne pouvons pas garantir que les données ne quitteront jamais l'UE.", Other, TopicSovereignty, false, false},
		// Denied guarantees worded past the lexicon's reach, and pledges
		// in the third person of reported speech.
		{"We are not able to guarantee that the data will stay in the EU.", Other, TopicSovereignty, false, false},
		{"Nous ne sommes pas en mesure de garantir que les données resteront dans l'UE.", Other, TopicSovereignty, false, false},
		{"Jamais nous ne remettrons les fichiers de nos clients à une autorité étrangère.", DataPrivacyPledge, TopicGovernmentAccess, true, true},
		{"The firm said it would never hand subscriber records to any state agency.", DataPrivacyPledge, TopicCustomerData, true, true},
		{"The region will be run by a company under French law, with French staff only.", SovereigntyPledge, TopicSovereignty, true, false},
		{"Les messages des utilisateurs n'alimenteront pas nos modèles de langage, a précisé la société.", DataPrivacyPledge, TopicCustomerData, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var b cueBuf
			_, _, found, _ := b.lexicon(tt.text, "")
			lexMiss := slices.Equal(goldLabels(lexFired(found)), []Label{Other}) || !slices.Contains(goldLabels(lexFired(found)), tt.label)
			if tt.notLex && !lexMiss {
				t.Errorf("the lexicon alone labels %q %v: pick a statement it misses", tt.text, goldLabels(lexFired(found)))
			}
			labels, cues, topics := labelStanceLead(tt.text, "")
			if !slices.Contains(labels, tt.label) {
				t.Fatalf("label(%q) = %v %q; want %s", tt.text, labels, cues, tt.label)
			}
			if tt.label == Other && len(labels) != 1 {
				t.Errorf("label(%q) = %v; want only other", tt.text, labels)
			}
			if tt.topic != "" && !slices.Contains(topics, tt.topic) {
				t.Errorf("label(%q) topics = %v; want %s among them", tt.text, topics, tt.topic)
			}
			if tt.cueIn {
				cue := cues[tt.label]
				if cue == "" {
					t.Fatalf("label(%q) gives %s no cue", tt.text, tt.label)
				}
				for _, part := range strings.Split(cue, " … ") {
					if !strings.Contains(tt.text, part) {
						t.Errorf("label(%q) cue %q: %q is not words of the statement", tt.text, cue, part)
					}
				}
			}
		})
	}
}

// TestQuoteFeaturesModality checks the features that carry negation and
// modality: a negated pledge reads as negated stems and concepts, the same
// words under a denied guarantee read as hedged, and an English statement
// and its French twin share their concept features.
func TestQuoteFeaturesModality(t *testing.T) {
	feats := func(text string) []string {
		var b cueBuf
		words, nLead, found, at := b.lexicon(text, "")
		var fs []string
		quoteFeatures(words, nLead, &found, &at, func(p, a, bb string, i, j int) { fs = append(fs, featureName(p, a, bb)) })
		return fs
	}
	tests := []struct {
		text      string
		want, not []string
	}{
		{"We will never compete with our customers.", []string{"n:compet", "k:!COMPETE", "k:!CUSTOMER"}, []string{"h:compet", "h:COMPETE"}},
		{"We cannot guarantee that we will never compete with our customers.", []string{"h:compet", "h:COMPETE", "m:?will !compet"}, []string{"n:compet", "k:!COMPETE"}},
		{"Nous ne sommes pas en mesure de garantir que les données resteront dans l'UE.", []string{"h:donn", "h:DATA", "h:STAY", "h:PLACE"}, []string{"k:STAY", "k:PLACE"}},
		{"We will never hand our customers' data to a government.", []string{"k:!ACCESS", "k:!CUSTOMER", "k:!DATA", "k:GOV"}, nil},
		{"Nous ne remettrons jamais les données de nos clients à un gouvernement.", []string{"k:!ACCESS", "k:!CUSTOMER", "k:!DATA", "k:GOV"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			fs := feats(tt.text)
			for _, f := range tt.want {
				if !slices.Contains(fs, f) {
					t.Errorf("features lack %q: %v", f, fs)
				}
			}
			for _, f := range tt.not {
				if slices.Contains(fs, f) {
					t.Errorf("features have %q: %v", f, fs)
				}
			}
		})
	}
}

// lexFired is the outputs the lexicon found cues for.
func lexFired(found [numLabels]string) [numOutputs]bool {
	var y [numOutputs]bool
	for li := range numLabels - 1 {
		y[li] = found[li] != ""
	}
	return y
}

// TestLabelUnreadable checks that what the model cannot read is labelled
// other, with no topics and no error.
func TestLabelUnreadable(t *testing.T) {
	for _, text := range []string{"", "   ", "…", "« »", "12 345", "\x00\xff", strings.Repeat("zzq ", 500)} {
		labels, cues, topics := labelStanceLead(text, "")
		if !slices.Equal(labels, []Label{Other}) || len(cues) != 0 || len(topics) != 0 {
			t.Errorf("label(%q) = %v %v %v; want [other], no cues, no topics", text, labels, cues, topics)
		}
	}
}

// TestParseLabelModel checks that a broken model file is an error, not
// a model.
func TestParseLabelModel(t *testing.T) {
	for _, data := range []string{
		"outputs\tno-compete-pledge\n",
		"threshold\t1 2 3\n",
		"u:trust\t99:1.0\n",
		"u:trust\t0:x\n",
	} {
		if _, err := parseLabelModel(data); err == nil {
			t.Errorf("parseLabelModel(%q) = nil error; want one", data)
		}
	}
	if _, err := parseLabelModel(labelModelFile); err != nil {
		t.Errorf("parseLabelModel(embedded) = %v", err)
	}
}

// TestLazyLabelModel: the model as loaded (each feature's weights read at
// its first use) has the embedded file's weights, row by row.
func TestLazyLabelModel(t *testing.T) {
	whole, err := parseLabelModel(labelModelFile)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := parseModel(labelModelFile, true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lazy.slots, whole.slots) || lazy.bias != whole.bias || lazy.threshold != whole.threshold || lazy.veto != whole.veto {
		t.Fatal("the lazy model's features or header differ from the whole file's")
	}
	if lazy.rows == nil || whole.rows != nil {
		t.Fatal("the lazy model is read whole, or the whole one lazily")
	}
	// Rows are read on first use by whichever goroutine comes first.
	var wg sync.WaitGroup
	bad := make([]int32, 4)
	for g := range bad {
		bad[g] = -1
		wg.Go(func() {
			for r := int32(0); int(r) < len(whole.weights); r += numOutputs {
				if got, want := lazy.rowWeights(r), whole.weights[r:r+numOutputs]; !slices.Equal(got, want) && bad[g] < 0 {
					bad[g] = r / numOutputs
				}
			}
		})
	}
	wg.Wait()
	for _, r := range bad {
		if r >= 0 {
			t.Errorf("row %d: lazily read %v; want %v", r, lazy.weights[r*numOutputs:(r+1)*numOutputs], whole.weights[r*numOutputs:(r+1)*numOutputs])
		}
	}
}

// BenchmarkLabel measures labelling one quotation with the model.
func BenchmarkLabel(b *testing.B) {
	text := "Dans des secteurs tels que les soins de santé, ils doivent pouvoir s'assurer que leur fournisseur cloud ne les concurrencera pas le lendemain. Nous ne formons pas nos modèles sur vos données."
	var c cueBuf
	loadedModel()
	for b.Loop() {
		c.label(text, "")
	}
}

// BenchmarkParseLabelModel measures reading the embedded model, done once
// per process on first use.
func BenchmarkParseLabelModel(b *testing.B) {
	for b.Loop() {
		if _, err := parseLabelModel(labelModelFile); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadWeight checks the model file's fast weight reader against
// strconv.ParseFloat: every weight the trainer can write ('f', 3
// decimals) under 100 in size, a spread of larger ones and of other
// numbers of decimals, and every weight of the embedded model read to
// the same float32; other forms are left to strconv.
func TestReadWeight(t *testing.T) {
	check := func(kw string) {
		t.Helper()
		k, v, ok := readWeight(kw)
		ks, vs, _ := strings.Cut(kw, ":")
		want, err := strconv.ParseFloat(vs, 32)
		if !ok || err != nil || strconv.Itoa(k) != ks || math.Float32bits(v) != math.Float32bits(float32(want)) {
			t.Fatalf("readWeight(%q) = %d, %v, %v; want %s, %v (%v)", kw, k, v, ok, ks, float32(want), err)
		}
	}
	for m := -9_999_999; m <= 9_999_999; m++ {
		if m < -99_999 || m > 99_999 {
			m += 96 // a spread
		}
		if m > 9_999_999 {
			break
		}
		s := strconv.Itoa(m)
		if m < 0 {
			s = s[1:]
		}
		s = strings.Repeat("0", max(0, 4-len(s))) + s
		s = s[:len(s)-3] + "." + s[len(s)-3:]
		if m < 0 {
			s = "-" + s
		}
		check("11:" + s)
		if m%100 == 7 { // other numbers of decimals
			check("3:" + strconv.Itoa(m))
			check("0:" + strconv.FormatFloat(float64(m)/1e7, 'f', 7, 64))
		}
	}
	for _, line := range strings.Split(labelModelFile, "\n") {
		if _, ws, ok := strings.Cut(line, "\t"); ok && strings.Contains(ws, ":") {
			for _, kw := range strings.Fields(ws) {
				check(kw)
			}
		}
	}
	for _, kw := range []string{"", "1", ":1", "1:", "1:-", "1:.5", "1:5.", "1:1e3", "1:+1", "+1:1", "1:1.2.3", "1:12345678", "1:0.00000001", "1234:1", "1:inf", "1:0x1p3", "1: 1"} {
		if _, _, ok := readWeight(kw); ok {
			t.Errorf("readWeight(%q) ok; want it left to strconv", kw)
		}
	}
}

// TestParseLabelModelForms checks that weights in other forms than the
// trainer's read as strconv reads them.
func TestParseLabelModelForms(t *testing.T) {
	m, err := parseLabelModel("u:trust\t0:1e-1  3:+2.5\t11:-.25\r\nu:cloud\n")
	if err != nil {
		t.Fatal(err)
	}
	r := m.row(featureHashOfName("u:trust"))
	if r < 0 || m.weights[r] != 0.1 || m.weights[r+3] != 2.5 || m.weights[r+11] != -0.25 {
		t.Errorf("u:trust weights %v; want 0:0.1 3:2.5 11:-0.25", m.weights[max(r, 0):max(r, 0)+numOutputs])
	}
	if m.row(featureHashOfName("u:cloud")) < 0 {
		t.Errorf("u:cloud (no weights) missing")
	}
}
