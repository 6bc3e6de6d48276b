package corpus

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// The label model: one-vs-rest logistic regression over quoteFeatures,
// one output per stance label (Other excepted: it is what is left when no
// other label passes) and per topic. Its weights are a text file trained
// by `go run ./cmd/trainlabels` from model/data and embedded; it is read
// once, on first use.

// numOutputs is the model's outputs: the stance labels but Other, then
// the topics.
const numOutputs = numLabels - 1 + numTopics

// outputNames names the outputs in order, as the model file lists them.
func outputNames() []string {
	var out []string
	for _, l := range Labels[:numLabels-1] {
		out = append(out, string(l))
	}
	for _, t := range Topics {
		out = append(out, string(t))
	}
	return out
}

//go:embed model/labels.model
var labelModelFile string // a string: read in place, never copied

// labelModel is a loaded model: features by hash in an open-addressed
// table, a row of weights per feature.
type labelModel struct {
	slots     []modelSlot // hash table of features, open-addressed
	weights   []float32   // numOutputs per row
	bias      [numOutputs]float32
	threshold [numOutputs]float32 // per output, on the logit
	// veto is the logit below which the model overrules a stance label
	// the lexicon found a cue for (-Inf: never).
	veto [numOutputs]float32
	mask uint64
	// rows, in a model loaded lazily (loadedModel), is each feature's
	// weights as the file writes them, read into weights at the row's
	// first use (rowWeights); decoded says which rows are. An ask looks
	// up a few hundred of the file's thousands of features: reading
	// them all was most of its load (3 ms). nil when every row is read.
	rows     []string
	decoded  []atomic.Bool
	decodeMu sync.Mutex
}

// modelSlot is a slot of the feature table: a feature's hash (0: empty)
// and its row, side by side so that a lookup reads one cache line.
type modelSlot struct {
	key uint64
	row int32
}

var loadedModel = sync.OnceValue(func() *labelModel {
	m, err := parseModel(labelModelFile, true)
	if err != nil {
		// The embedded file is built and tested with the package: a
		// broken one is a build error, not an input.
		panic("corpus: embedded label model: " + err.Error())
	}
	return m
})

// parseLabelModel reads a model file: a header of outputs, thresholds and
// biases, then one line per feature, "name\tk:w k:w …". Every ask reads
// the whole file (its question is labelled), so it is read in one pass
// without splitting it, and weights in the trainer's own form ("1.595",
// "-0.051") are read by readWeight; anything else goes through strconv,
// with the same result.
func parseLabelModel(data string) (*labelModel, error) { return parseModel(data, false) }

// parseModel is parseLabelModel; lazy leaves each feature's weights to be
// read at the feature's first use (labelModel.rows), which then panics on
// a malformed row: lazy is for the embedded file, which tests read whole.
func parseModel(data string, lazy bool) (*labelModel, error) {
	m := &labelModel{}
	text := strings.TrimRight(data, "\n")
	feats := make([]string, 0, strings.Count(text, "\n")+1)
	for n := 0; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if line == "" || line[0] == '#' {
			continue
		}
		head, rest, _ := strings.Cut(line, "\t")
		switch head {
		case "outputs":
			if want := strings.Join(outputNames(), " "); rest != want {
				return nil, fmt.Errorf("line %d: outputs %q; want %q", n+1, rest, want)
			}
		case "threshold", "veto", "bias":
			dst := &m.threshold
			switch head {
			case "bias":
				dst = &m.bias
			case "veto":
				dst = &m.veto
			}
			f := strings.Fields(rest)
			if len(f) != numOutputs {
				return nil, fmt.Errorf("line %d: %d %s values; want %d", n+1, len(f), head, numOutputs)
			}
			for k, s := range f {
				v, err := strconv.ParseFloat(s, 32)
				if err != nil {
					return nil, fmt.Errorf("line %d: %w", n+1, err)
				}
				dst[k] = float32(v)
			}
		default:
			feats = append(feats, line)
		}
	}
	size := 1
	for size < 2*len(feats) {
		size <<= 1
	}
	m.slots, m.mask = make([]modelSlot, size), uint64(size-1)
	m.weights = make([]float32, len(feats)*numOutputs)
	if lazy {
		m.rows, m.decoded = make([]string, len(feats)), make([]atomic.Bool, len(feats))
	}
	for r, line := range feats {
		name, ws, _ := strings.Cut(line, "\t")
		h := featureHashOfName(name)
		slot := h & m.mask
		for m.slots[slot].key != 0 {
			if m.slots[slot].key == h {
				return nil, fmt.Errorf("feature %q: hash collision", name)
			}
			slot = (slot + 1) & m.mask
		}
		m.slots[slot] = modelSlot{key: h, row: int32(r)}
		if lazy {
			m.rows[r] = ws
			continue
		}
		if err := readWeights(ws, m.weights[r*numOutputs:(r+1)*numOutputs]); err != nil {
			return nil, fmt.Errorf("feature %q: %w", name, err)
		}
	}
	return m, nil
}

// rowWeights is the weights of the row starting at weight r (row's
// result), read from the file first if the model is lazy and the row
// not read yet. Safe for concurrent use.
func (m *labelModel) rowWeights(r int32) []float32 {
	if m.rows != nil {
		if f := r / numOutputs; !m.decoded[f].Load() {
			m.decodeRow(f)
		}
	}
	return m.weights[r : r+numOutputs : r+numOutputs]
}

func (m *labelModel) decodeRow(f int32) {
	m.decodeMu.Lock()
	defer m.decodeMu.Unlock()
	if m.decoded[f].Load() {
		return
	}
	if err := readWeights(m.rows[f], m.weights[f*numOutputs:(f+1)*numOutputs]); err != nil {
		// The embedded file is read whole by the package's tests.
		panic("corpus: embedded label model: " + err.Error())
	}
	m.decoded[f].Store(true)
}

// readWeights reads a feature's "k:w k:w …" into row.
func readWeights(ws string, row []float32) error {
	for ws != "" {
		kw, rest, _ := strings.Cut(ws, " ")
		ws = rest
		if kw == "" {
			continue
		}
		k, v, ok := readWeight(kw)
		if !ok { // not the trainer's form: read as the format allows
			if strings.ContainsFunc(kw, unicode.IsSpace) {
				// other spaces than ' ' separate weights too
				for _, kw := range strings.Fields(kw) {
					if err := readWeights(kw, row); err != nil {
						return err
					}
				}
				continue
			}
			ks, vs, cut := strings.Cut(kw, ":")
			k1, err1 := strconv.Atoi(ks)
			v1, err2 := strconv.ParseFloat(vs, 32)
			if !cut || err1 != nil || err2 != nil || k1 < 0 || k1 >= len(row) {
				return fmt.Errorf("bad weight %q", kw)
			}
			k, v = k1, float32(v1)
		}
		if k >= len(row) {
			return fmt.Errorf("bad weight %q", kw)
		}
		row[k] = v
	}
	return nil
}

// pow10f are the powers of ten exact in a float32.
var pow10f = [...]float32{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7}

// readWeight reads "k:w" where k is digits and w is an optional minus,
// digits and optional decimals, seven significant digits and decimals at
// most: w's digits as an
// integer and its power of ten are then exact float32s, and their
// quotient, rounded once, is the float32 nearest w, as
// strconv.ParseFloat(w, 32) gives it. ok is false for any other form.
func readWeight(kw string) (k int, v float32, ok bool) {
	i := 0
	for ; i < len(kw) && kw[i] >= '0' && kw[i] <= '9'; i++ {
		k = k*10 + int(kw[i]-'0')
		if i >= 3 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(kw) || kw[i] != ':' {
		return 0, 0, false
	}
	i++
	neg := i < len(kw) && kw[i] == '-'
	if neg {
		i++
	}
	var mant uint32
	start, digits, decimals, dot := i, 0, 0, false
	for ; i < len(kw); i++ {
		c := kw[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint32(c-'0')
			if mant > 0 {
				digits++ // significant ones
			}
			if dot {
				decimals++
			}
		case c == '.' && !dot && i > start:
			dot = true
		default:
			return 0, 0, false
		}
	}
	if i == start || digits > 7 || decimals > 7 || (dot && decimals == 0) {
		return 0, 0, false
	}
	v = float32(float32(mant) / pow10f[decimals])
	if neg {
		v = -v
	}
	return k, v, true
}

// featureHashOfName is featureHash of a feature written by name.
func featureHashOfName(name string) uint64 {
	for _, p := range []string{fUni, fNeg, fPair, fNegPair, fModal, fLex, fConcept, fConPair, fHedge, fHedgeP} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			a, b, _ := strings.Cut(rest, " ")
			return featureHash(p, a, b)
		}
	}
	return featureHash(name, "", "")
}

// row is the index of the first weight of the feature hashed h, or -1.
func (m *labelModel) row(h uint64) int32 {
	for slot := h & m.mask; m.slots[slot].key != 0; slot = (slot + 1) & m.mask {
		if m.slots[slot].key == h {
			return m.slots[slot].row * numOutputs
		}
	}
	return -1
}

// featHit is a feature of the quotation the model knows: its weights,
// the words it comes from and their sentence.
type featHit struct {
	row  int32 // the feature's first weight in labelModel.weights
	i, j int32
	seg  int32
	lex  bool // a lexicon feature: no words of its own to show
}

// scoreBuf holds the scorer's buffers, reused from quotation to
// quotation.
type scoreBuf struct {
	seg  []int32
	z    [][numOutputs]float32
	hits []featHit
}

// segments numbers the sentences (runs of words between clause breaks)
// of words: seg[i] is word i's; it returns their count.
func segments(words []cueWord, seg []int32) ([]int32, int) {
	seg = seg[:0]
	n := 0
	for _, w := range words {
		seg = append(seg, int32(n))
		if w.word == "" {
			n++
		}
	}
	return seg, n + 1
}

// scores gives the quotation's logit per output: the highest of its
// sentences', each sentence scored on its own words (and on a lexicon
// cue that starts in it), so that a pledge is not drowned by the
// sentences around it. best is the sentence that gave each output its
// score; hits the features found, for the cues.
func (m *labelModel) scores(words []cueWord, nLead int, lex *[numLabels]string, at *[numLabels]int, sc *scoreBuf) (z [numOutputs]float32, best [numOutputs]int, _ []featHit) {
	seg, nSeg := segments(words, sc.seg)
	sc.seg = seg
	zs, hits := sc.z[:0], sc.hits[:0]
	defer func() { sc.z, sc.hits = zs, hits }()
	for range nSeg {
		zs = append(zs, m.bias)
	}
	quoteFeatures(words, nLead, lex, at, func(prefix, a, b string, i, j int) {
		if prefix == fBias {
			return
		}
		r := m.row(featureHash(prefix, a, b))
		if r < 0 {
			return
		}
		w := m.rowWeights(r)
		s := seg[i]
		for k := range numOutputs {
			zs[s][k] += w[k]
		}
		hits = append(hits, featHit{row: r, i: int32(i), j: int32(j), seg: s, lex: prefix == fLex})
	})
	z = zs[int(seg[nLead])]
	for k := range best {
		best[k] = int(seg[nLead])
	}
	for s := int(seg[nLead]) + 1; s < nSeg; s++ {
		for k := range numOutputs {
			if zs[s][k] > z[k] {
				z[k], best[k] = zs[s][k], s
			}
		}
	}
	return z, best, hits
}

// maxCueWords is how many words a cue built from the model's features may
// span before it is written as separate words.
const maxCueWords = 10

// modelCue is the words of text that weighed most for output k: the
// words of the (at most three) features with the largest positive
// weights, as one span when they are close, else joined with " … ".
func modelCue(text string, words []cueWord, weights []float32, hits []featHit, k, seg int) string {
	type best struct {
		w    float32
		i, j int
	}
	var top [3]best
	for _, h := range hits {
		w := weights[int(h.row)+k]
		if h.lex || int(h.seg) != seg || h.i < 0 || words[h.i].start < 0 || w <= top[2].w {
			continue
		}
		b := best{w, int(h.i), int(h.j)}
		p := 2
		for p > 0 && top[p-1].w < b.w {
			top[p] = top[p-1]
			p--
		}
		top[p] = b
	}
	var idx []int
	for _, b := range top {
		if b.w > 0 {
			idx = append(idx, b.i, b.j)
		}
	}
	if len(idx) == 0 {
		return ""
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	// Words that weigh only in pairs ("de", "nos") do not open or close
	// a cue.
	for len(idx) > 1 && featureStopWords[words[idx[0]].word] {
		idx = idx[1:]
	}
	for len(idx) > 1 && featureStopWords[words[idx[len(idx)-1]].word] {
		idx = idx[:len(idx)-1]
	}
	if idx[len(idx)-1]-idx[0] < maxCueWords {
		return text[words[idx[0]].start:words[idx[len(idx)-1]].end]
	}
	var parts []string
	for n := 0; n < len(idx); {
		m := n
		for m+1 < len(idx) && idx[m+1] == idx[m]+1 {
			m++
		}
		parts = append(parts, text[words[idx[n]].start:words[idx[m]].end])
		n = m + 1
	}
	return strings.Join(parts, " … ")
}

// sigmoid is the logistic function.
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
