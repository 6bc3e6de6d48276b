package corpus

import (
	"bytes"
	"path/filepath"
	"slices"
	"testing"

	"github.com/trustwatch/trustwatch/corpus/realset"
)

// sieveCases are invented cases of TestExtractPatterns and
// TestExtractInterview where the sieve names nobody by design and the
// learned step, trained on real articles, names the previous or a nearby
// speaker: they check the sieve alone (extractSieve). The learned step's
// own figures are cross-validated on real articles (cmd/trainspeakers).
var sieveCases = map[string]bool{
	"continuation blocked by another name":                                    true,
	"a question about someone else names nobody":                              true,
	"a paragraph addressed to the reader is no question without an interview": true,
}

// extractSieve is Extract with the sieve alone deciding who speaks.
func extractSieve(a Article, reg *Registry) []Quote {
	x := newExtractor(a, reg)
	defer x.buf.release()
	return x.extract()
}

// TestSpeakerModelRebuild retrains the speaker model from the real
// articles and checks that it gives the embedded weights bit for bit.
func TestSpeakerModelRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("retrains the speaker model")
	}
	docs, err := ReadSpeakerData(filepath.Join("testdata", "real"))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := TrainSpeakerModel(docs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, speakerModelFile) {
		t.Errorf("TrainSpeakerModel(testdata/real) differs from the embedded model/speakers.model (%d bytes, want %d): run go run ./cmd/trainspeakers", len(got), len(speakerModelFile))
	}
}

// TestReadSpeakerDataHoldsOut checks that no held-out article, nor one of
// a batch only scored, is in the training data.
func TestReadSpeakerDataHoldsOut(t *testing.T) {
	dir := filepath.Join("testdata", "real")
	docs, err := ReadSpeakerData(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := realset.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatal("no training articles")
	}
	for _, d := range docs {
		if b.HeldOut[d.File] || b.Status[b.Batch[d.File]] == "new" {
			t.Errorf("%s is in the speaker model's training data", d.File)
		}
	}
}

// attributionOf runs the sieve and the candidate generator over text and
// returns what they made of the quotation holding quote.
func attributionOf(t *testing.T, text, quote string) (Quote, attribution) {
	t.Helper()
	x := newExtractor(Article{ID: "t.md", Text: text, Lang: DetectLang(text)}, testRegistry(t))
	defer x.buf.release()
	var got Quote
	var att attribution
	found := false
	x.seen = func(q *Quote, a *attribution) {
		if bytes.Contains([]byte(q.Text), []byte(quote)) {
			got, att, found = *q, *a, true
			att.cands = slices.Clone(a.cands)
		}
	}
	x.extract()
	if !found {
		t.Fatalf("no quotation with %q in %q", quote, text)
	}
	return got, att
}

func candNames(cs []speakerCand) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.name)
	}
	return out
}

func TestSpeakerCandidates(t *testing.T) {
	tests := []struct {
		name, text, quote string
		want              []string // candidate names, in order
		sieve             string   // the candidate the sieve named, "" none
	}{
		{"the sieve's first, then the people around",
			"Omar Haddad, head of Cirrus Data, opened the day.\n\n“We keep the keys in the region,” said Jane Roe. Lea Moss nodded.",
			"keys", []string{"Jane Roe", "Omar Haddad", "Lea Moss", "Cirrus Data"}, "Jane Roe"},
		{"a surname is the person named in full",
			"Jane Roe runs Nimbus.\n\nRoe spoke on Monday. “Customers hold the keys themselves.”",
			"keys", []string{"Jane Roe", "Nimbus"}, ""},
		{"the previous speaker, though named far before",
			"“We never sell customer data,” said Omar Haddad.\n\nThe market grew.\n\nIt grew again.\n\n“Our region opens in the spring.”",
			"spring", []string{"Omar Haddad"}, ""},
		{"an unnamed speaker the rules read leaves no candidate",
			"Jane Roe runs Nimbus.\n\nAn engineer at a rival, who asked not to be named, said: “The price gap is still too large for most of our workloads.”",
			"price gap", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, a := attributionOf(t, tt.text, tt.quote)
			if got := candNames(a.cands); !slices.Equal(got, tt.want) {
				t.Errorf("candidates of %q = %q; want %q", tt.quote, got, tt.want)
			}
			if tt.sieve != "" && (len(a.cands) == 0 || a.cands[0].from&fromSieve == 0 || a.cands[0].name != tt.sieve) {
				t.Errorf("the sieve's candidate of %q is not %q first: %q", tt.quote, tt.sieve, candNames(a.cands))
			}
		})
	}
}

func TestSpeakerFeatures(t *testing.T) {
	feat := func(name string) int {
		i := slices.Index(speakerFeatNames, name)
		if i < 0 {
			t.Fatalf("no feature %q", name)
		}
		return i
	}
	tests := []struct {
		name, text, quote, cand string
		on, off                 []string
	}{
		{"named in the incise with a verb of saying, by the sieve's rule",
			"“We keep the keys in the region,” said Jane Roe, chief executive of Nimbus.",
			"keys", "Jane Roe",
			[]string{"bias", "sieve", "rule:quote-verb-name", "after-sentence", "saying-after", "person", "incise", "nearest-after"},
			[]string{"sieve-none", "before-sentence", "in-quote", "org"}},
		{"someone else named since the previous quotation",
			"“Trust is the foundation of what we do,” said Jane Roe.\n\nOmar Haddad, an analyst at Cumulus Research, doubts it.\n\n“Nobody believes a vendor will stay out of its customers' markets.”",
			"Nobody", "Jane Roe",
			[]string{"prev", "other-between", "sieve-none", "none&prev"},
			[]string{"sieve", "prev-near", "nearest-before"}},
		{"named inside the quoted words",
			"Lea Moss joined Nimbus in May. “Lea Moss will not run the region alone,” said Jane Roe.",
			"alone", "Lea Moss",
			[]string{"in-quote", "before-para", "sieve-other"},
			[]string{"sieve", "after-sentence"}},
		{"an organisation named before",
			"Nimbus published its terms on Monday. “We never train on customer data.”",
			"train", "Nimbus",
			[]string{"org", "before-para"},
			[]string{"person", "registry", "before-sentence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, a := attributionOf(t, tt.text, tt.quote)
			i := slices.IndexFunc(a.cands, func(c speakerCand) bool { return c.name == tt.cand })
			if i < 0 {
				t.Fatalf("%q is no candidate of %q: %q", tt.cand, tt.quote, candNames(a.cands))
			}
			fs := a.cands[i].feats
			for _, n := range tt.on {
				if fs[feat(n)] == 0 {
					t.Errorf("%s: feature %s of %q is off", tt.cand, n, tt.quote)
				}
			}
			for _, n := range tt.off {
				if fs[feat(n)] != 0 {
					t.Errorf("%s: feature %s of %q is %v; want off", tt.cand, n, tt.quote, fs[feat(n)])
				}
			}
		})
	}
}

func TestParseSpeakerModel(t *testing.T) {
	for _, bad := range []string{
		"",
		"add\t0.7\n",
		"add\t0.7\nveto\t1.5\n",
		"add\t0.7\nveto\t0.5\nno-such-feature\t1\n",
		"add\t0.7\nveto\t0.5\nbias 1\n",
	} {
		if _, err := parseSpeakerModel([]byte(bad)); err == nil {
			t.Errorf("parseSpeakerModel(%q) = nil error; want one", bad)
		}
	}
	m, err := parseSpeakerModel([]byte("# c\nadd\t0.7\nveto\t0.5\nbias\t-1.5\nsieve\t3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.add != 0.7 || m.veto != 0.5 || m.w[sfBias] != -1.5 || m.w[sfSieve] != 3 {
		t.Errorf("parseSpeakerModel = %+v", m)
	}
}

// TestDecideSpeaker checks the learned step's decision table.
func TestDecideSpeaker(t *testing.T) {
	tests := []struct {
		name        string
		best, sieve float64
		bestIsSieve bool
		want        int
	}{
		{"the sieve's, trusted", 0.9, 0.9, true, pickBest},
		{"the sieve's, vetoed", 0.4, 0.4, true, pickNone},
		{"another, sure enough", 0.8, 0.65, false, pickBest},
		{"another, not sure enough: the sieve's stays", 0.69, 0.65, false, pickSieve},
		{"another, not sure enough, the sieve named nobody", 0.69, -1, false, pickNone},
	}
	for _, tt := range tests {
		if got := decideSpeaker(tt.best, tt.sieve, tt.bestIsSieve, 0.7, 0.6); got != tt.want {
			t.Errorf("%s: decideSpeaker(%v, %v, %v) = %d; want %d", tt.name, tt.best, tt.sieve, tt.bestIsSieve, got, tt.want)
		}
	}
}

// BenchmarkExtractSieve is BenchmarkExtract with the sieve alone deciding
// who speaks: the difference between the two is what the learned step
// costs.
func BenchmarkExtractSieve(b *testing.B) { benchExtract(b, extractSieve) }

// BenchmarkSpeakerStep measures the learned step alone, per quotation:
// candidates, features and decision, on the quotations of
// BenchmarkExtract's article.
func BenchmarkSpeakerStep(b *testing.B) {
	a, err := ParseArticle("bench.md", quoteBenchArticle())
	if err != nil {
		b.Fatal(err)
	}
	x := newExtractor(a, Builtin())
	defer x.buf.release()
	fs := x.find()
	v := newView(x, fs)
	var atts []attribution
	x.seen = func(_ *Quote, at *attribution) {
		c := *at
		c.cands = nil
		atts = append(atts, c)
	}
	for i := range fs {
		x.quote(&fs[i], v)
	}
	m := loadedSpeakerModel()
	b.ResetTimer()
	for b.Loop() {
		for i := range atts {
			at := &atts[i]
			at.cands = v.candidates(at)
			v.featurize(at)
			v.decide(at, m)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(atts)), "ns/quote")
}
