package index

import (
	"slices"
	"strings"
)

// shown makes the statements of ranked candidates, in the order shown:
// merged (merge.go), the people named first, and each vendor named
// leading when there are several.
func (rq rankQuestion) shown(cs []candidate) []result { return rq.shownWith(cs, newMergeMemo()) }

// shownWith is shown, merging with m (mergeWith).
func (rq rankQuestion) shownWith(cs []candidate, m *mergeMemo) []result {
	return peopleFirst(eachVendorFirst(mergeWith(cs, rq.lang, m), rq.vendors), rq.people)
}

// People. A question that names a person ("what does Jane Roe say about
// data?") is about what that person said: their statements come first,
// in rank order, then the others in rank order.

// peopleFirst reorders results so that those of the people named lead.
func peopleFirst(rs []result, people []string) []result {
	if len(people) == 0 {
		return rs
	}
	named := func(r result) bool {
		return slices.ContainsFunc(people, func(p string) bool { return strings.EqualFold(p, r.rec.Quote.Speaker) })
	}
	if !slices.ContainsFunc(rs, named) {
		return rs
	}
	out := make([]result, 0, len(rs))
	for _, r := range rs {
		if named(r) {
			out = append(out, r)
		}
	}
	for _, r := range rs {
		if !named(r) {
			out = append(out, r)
		}
	}
	return out
}

// Comparisons. A question that names several vendors ("AWS vs Microsoft:
// who competes with its partners?", « Zoom ou Slack, qui entraîne son IA
// … ? ») is after each of them, and the best statements of one vendor
// would otherwise take every place: the best statement of each vendor
// named comes first, in rank order, then the others in rank order.

// eachVendorFirst reorders results ranked best first so that the best
// result of each of vendors leads, when there are two vendors or more.
func eachVendorFirst(rs []result, vendors []string) []result {
	if len(vendors) < 2 {
		return rs
	}
	lead := make([]int, 0, len(vendors))
	for i, r := range rs {
		if len(lead) == len(vendors) {
			break
		}
		v := r.rec.Quote.Vendor
		if slices.Contains(vendors, v) && !slices.ContainsFunc(lead, func(j int) bool { return rs[j].rec.Quote.Vendor == v }) {
			lead = append(lead, i)
		}
	}
	out := make([]result, 0, len(rs))
	for _, i := range lead {
		out = append(out, rs[i])
	}
	for i, r := range rs {
		if !slices.Contains(lead, i) {
			out = append(out, r)
		}
	}
	return out
}
