package report

import (
	"bytes"
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Chart size: 8 by 4 inches, 768 by 384 pixels at plot's 96 dpi.
const (
	chartWidth  = 8 * vg.Inch
	chartHeight = 4 * vg.Inch
)

// Series is a vendor's dated statements counted per label and period:
// Counts[l][i] is how many statements carrying label l fall in
// Periods[i]. A statement with two labels counts under each.
type Series struct {
	Periods []string
	Labels  []corpus.Label
	Counts  map[corpus.Label][]int
}

// Count buckets the dated quotations by month when they span two years
// or less, by quarter up to six years, else by year, with every period
// between the first and the last (empty ones too) so that the x axis is
// time. Labels are in the contract's order, only those that occur.
func Count(quotes []index.AnswerQuote) Series {
	s := Series{Counts: map[corpus.Label][]int{}}
	type dated struct {
		month  int // months since year 0
		labels []corpus.Label
	}
	var ds []dated
	lo, hi := 0, 0
	for _, q := range quotes {
		m, ok := monthOf(q.Article.Date)
		if !ok {
			continue
		}
		if len(ds) == 0 || m < lo {
			lo = m
		}
		if len(ds) == 0 || m > hi {
			hi = m
		}
		ds = append(ds, dated{m, labels(q)})
	}
	if len(ds) == 0 {
		return s
	}
	step := 12 // months per period
	switch span := hi - lo + 1; {
	case span <= 24:
		step = 1
	case span <= 72:
		step = 3
	}
	start := lo - lo%step
	n := (hi-start)/step + 1
	for i := range n {
		s.Periods = append(s.Periods, periodName(start+i*step, step))
	}
	for _, d := range ds {
		for _, l := range d.labels {
			if s.Counts[l] == nil {
				s.Counts[l] = make([]int, n)
			}
			s.Counts[l][(d.month-start)/step]++
		}
	}
	for _, l := range corpus.Labels {
		if s.Counts[l] != nil {
			s.Labels = append(s.Labels, l)
		}
	}
	var unknown []corpus.Label
	for l := range s.Counts {
		if !slices.Contains(corpus.Labels, l) {
			unknown = append(unknown, l)
		}
	}
	slices.Sort(unknown)
	s.Labels = append(s.Labels, unknown...)
	return s
}

// monthOf reads the year and month of an article date ("YYYY-MM",
// "YYYY-MM-DD" or RFC 3339).
func monthOf(date string) (int, bool) {
	if len(date) < 7 {
		return 0, false
	}
	t, err := time.Parse("2006-01", date[:7])
	if err != nil {
		return 0, false
	}
	return t.Year()*12 + int(t.Month()) - 1, true
}

func periodName(m, step int) string {
	y := strconv.Itoa(m / 12)
	switch step {
	case 1:
		return fmt.Sprintf("%s-%02d", y, m%12+1)
	case 3:
		return fmt.Sprintf("%s Q%d", y, m%12/3+1)
	}
	return y
}

// palette colours the labels, one each in the contract's order, chosen
// to stay apart for readers with the common colour blindnesses (Okabe
// and Ito's palette); "other" is grey.
var palette = map[corpus.Label]color.Color{
	corpus.NoCompetePledge:         color.RGBA{0xD5, 0x5E, 0x00, 0xFF},
	corpus.AcknowledgesCoopetition: color.RGBA{0x00, 0x72, 0xB2, 0xFF},
	corpus.TrustPriority:           color.RGBA{0x00, 0x9E, 0x73, 0xFF},
	corpus.CustomerSuccess:         color.RGBA{0xE6, 0x9F, 0x00, 0xFF},
	corpus.DataPrivacyPledge:       color.RGBA{0xCC, 0x79, 0xA7, 0xFF},
	corpus.SovereigntyPledge:       color.RGBA{0x56, 0xB4, 0xE9, 0xFF},
	corpus.Other:                   color.RGBA{0x99, 0x99, 0x99, 0xFF},
}

// maxTickLabels is how many period names the x axis shows at most; the
// others are left blank so that the names do not overlap.
const maxTickLabels = 12

// Chart draws the vendor's statements per label over time as a PNG of
// stacked bars, one bar per period. It returns nil when no statement is
// dated: there is no time to draw.
func Chart(v index.VendorQuotes) ([]byte, error) {
	s := Count(v.Quotes)
	if len(s.Periods) == 0 {
		return nil, nil
	}
	p := plot.New()
	title := v.Name + ": statements per label over time"
	if v.Topic != "" {
		title = v.Name + ": statements on " + string(v.Topic) + " per label over time"
	}
	p.Title.Text = title
	p.Y.Label.Text = "statements"
	p.Y.Min = 0
	p.Legend.Top = true
	p.Legend.Left = true
	every := (len(s.Periods) + maxTickLabels - 1) / maxTickLabels
	names := make([]string, len(s.Periods))
	for i, n := range s.Periods {
		if i%every == 0 {
			names[i] = n
		}
	}
	p.NominalX(names...)
	width := min(vg.Points(40), vg.Points(480)/vg.Length(len(s.Periods)))
	var below *plotter.BarChart
	for _, l := range s.Labels {
		vals := make(plotter.Values, len(s.Periods))
		for i, c := range s.Counts[l] {
			vals[i] = float64(c)
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, fmt.Errorf("chart of %s: %w", v.Vendor, err)
		}
		bars.LineStyle.Width = 0
		bars.Color = palette[l]
		if bars.Color == nil {
			bars.Color = color.Black
		}
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		p.Legend.Add(string(l), bars)
	}
	// Room above the tallest bar for the legend.
	top := 0.0
	for i := range s.Periods {
		top = max(top, below.BarHeight(i))
	}
	p.Y.Max = top*1.15 + float64(len(s.Labels))*top*0.12 + 1
	wt, err := p.WriterTo(chartWidth, chartHeight, "png")
	if err != nil {
		return nil, fmt.Errorf("chart of %s: %w", v.Vendor, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart of %s: %w", v.Vendor, err)
	}
	return buf.Bytes(), nil
}
