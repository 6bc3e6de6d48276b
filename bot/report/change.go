package report

import (
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// Kinds of Change, named as the digest names them.
const (
	// ChangeNewLabel is the vendor taking a position for the first time.
	ChangeNewLabel = "new-position"
	// ChangeReversal is the vendor saying the opposite of the last of a
	// pair of opposed positions it took.
	ChangeReversal = "reversal"
)

// opposite pairs the labels a vendor cannot hold at once; the digest
// (bot/digest.go) pairs the same ones.
var opposite = map[corpus.Label]corpus.Label{
	corpus.NoCompetePledge:         corpus.AcknowledgesCoopetition,
	corpus.AcknowledgesCoopetition: corpus.NoCompetePledge,
}

// Change is a moment the vendor's position moved, by article date.
type Change struct {
	Kind string `json:"kind"`
	// Labels are the positions taken: one for a reversal, all those a
	// statement takes for the first time for a new position.
	Labels []corpus.Label `json:"labels"`
	// Was is the opposed position a reversal turned from, and WasDate
	// the date of the statement that last took it.
	Was     corpus.Label      `json:"was,omitempty"`
	WasDate string            `json:"was_date,omitempty"`
	Quote   index.AnswerQuote `json:"quote"`
}

// Changes reads the dated quotations (newest first, as VendorQuotes
// gives them) from the oldest on, and returns, oldest first, each first
// time a position is taken and each reversal between opposed positions.
// "other" is no position; undated quotations cannot be placed in time.
func Changes(quotes []index.AnswerQuote) []Change {
	var out []Change
	seen := map[corpus.Label]bool{}
	var last corpus.Label // the latest of the opposed positions taken
	var lastDate string
	for i := len(quotes) - 1; i >= 0; i-- {
		q := quotes[i]
		if q.Article.Date == "" {
			continue
		}
		var fresh []corpus.Label
		for _, l := range q.Labels {
			if l == corpus.Other {
				continue
			}
			if was, ok := opposite[l]; ok {
				if last == was {
					out = append(out, Change{Kind: ChangeReversal, Labels: []corpus.Label{l}, Was: was, WasDate: lastDate, Quote: q})
					seen[l] = true
				}
				last, lastDate = l, q.Article.Date
			}
			if !seen[l] {
				seen[l] = true
				fresh = append(fresh, l)
			}
		}
		if len(fresh) > 0 {
			out = append(out, Change{Kind: ChangeNewLabel, Labels: fresh, Quote: q})
		}
	}
	return out
}
