package report

import (
	"bytes"
	"fmt"
	"image/png"
	"reflect"
	"testing"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

func dated(dates ...string) []index.AnswerQuote {
	var out []index.AnswerQuote
	for i, d := range dates {
		l := corpus.TrustPriority
		if i%2 == 1 {
			l = corpus.DataPrivacyPledge
		}
		out = append(out, aq(fmt.Sprint("words ", i), "Ada Varga", "", d, []corpus.Label{l}, nil))
	}
	return out
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		name    string
		quotes  []index.AnswerQuote
		periods []string
		counts  map[corpus.Label][]int
	}{
		{"nothing dated", dated("", ""), nil, map[corpus.Label][]int{}},
		{"one month", dated("2024-03-12"), []string{"2024-03"}, map[corpus.Label][]int{corpus.TrustPriority: {1}}},
		{"months, with the empty ones between", dated("2024-05-01", "2024-03", "2024-03-30"), []string{"2024-03", "2024-04", "2024-05"},
			map[corpus.Label][]int{corpus.TrustPriority: {1, 0, 1}, corpus.DataPrivacyPledge: {1, 0, 0}}},
		{"quarters over three years", dated("2024-12-01", "2022-02-01"), []string{"2022 Q1", "2022 Q2", "2022 Q3", "2022 Q4", "2023 Q1", "2023 Q2", "2023 Q3", "2023 Q4", "2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4"},
			map[corpus.Label][]int{corpus.TrustPriority: {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, corpus.DataPrivacyPledge: {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}},
		{"years over a decade", dated("2025-06-01T10:00:00Z", "2015-01"), []string{"2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"},
			map[corpus.Label][]int{corpus.TrustPriority: {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, corpus.DataPrivacyPledge: {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Count(tc.quotes)
			if !reflect.DeepEqual(s.Periods, tc.periods) || !reflect.DeepEqual(s.Counts, tc.counts) {
				t.Errorf("Count = %v %v; want %v %v", s.Periods, s.Counts, tc.periods, tc.counts)
			}
		})
	}
}

func TestChart(t *testing.T) {
	t.Run("nothing dated draws nothing", func(t *testing.T) {
		b, err := Chart(index.VendorQuotes{Vendor: "nimbus", Name: "Nimbus Cloud", Quotes: dated("")})
		if b != nil || err != nil {
			t.Errorf("Chart(undated) = %d bytes, %v; want nil, nil", len(b), err)
		}
	})
	for _, tc := range []struct {
		name string
		v    index.VendorQuotes
	}{
		{"dossier", nimbus()},
		{"one period", index.VendorQuotes{Vendor: "nimbus", Name: "Nimbus Cloud", Quotes: dated("2024-03-12")}},
		{"a hundred periods", func() index.VendorQuotes {
			var ds []string
			for y := 1925; y < 2025; y++ {
				ds = append(ds, fmt.Sprintf("%d-06-01", y))
			}
			return index.VendorQuotes{Vendor: "nimbus", Name: "Nimbus Cloud", Topic: corpus.TopicTrust, Quotes: dated(ds...)}
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Chart(tc.v)
			if err != nil {
				t.Fatalf("Chart: %v", err)
			}
			checkPNG(t, b)
		})
	}
}

// checkPNG decodes b and checks it is the chart's size and draws
// something: the bars' colours are there, not only white and black.
func checkPNG(t *testing.T, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode chart: %v", err)
	}
	if r := img.Bounds(); r.Dx() != 768 || r.Dy() != 384 {
		t.Errorf("chart is %dx%d; want 768x384", r.Dx(), r.Dy())
	}
	coloured := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if max(cr, cg, cb)-min(cr, cg, cb) > 0x3000 {
				coloured++
			}
		}
	}
	if coloured < 200 {
		t.Errorf("chart has %d coloured pixels; want bars", coloured)
	}
}
