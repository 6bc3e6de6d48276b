package index

import (
	"fmt"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/corpus"
)

// labelPhrases say what a label means, as the predicate of a sentence
// whose subject is the vendor.
var labelPhrases = map[corpus.Label]string{
	corpus.TrustPriority:           "says trust is a top priority",
	corpus.NoCompetePledge:         "pledges not to compete with its customers",
	corpus.AcknowledgesCoopetition: "acknowledges competing with some customers while partnering with them",
	corpus.CustomerSuccess:         "says it exists for its customers' success",
	corpus.DataPrivacyPledge:       "pledges to limit what it does with customer data",
	corpus.SovereigntyPledge:       "pledges to keep data under local control",
	corpus.Other:                   "speaks on the subject without a tracked position",
}

// stances groups quotations by vendor, in order of first appearance,
// with the labels they carry and a sentence that sums them up.
func (ix *Index) stances(quotes []AnswerQuote) []Stance {
	return stancesOf(quotes, ix.vendorName)
}

// stancesOf is stances with vendor names from name.
func stancesOf(quotes []AnswerQuote, name func(string) string) []Stance {
	out := []Stance{}
	byVendor := map[string]int{}
	counts := []int{}
	for _, q := range quotes {
		if q.Vendor == "" {
			continue
		}
		i, ok := byVendor[q.Vendor]
		if !ok {
			i = len(out)
			byVendor[q.Vendor] = i
			out = append(out, Stance{Vendor: q.Vendor, Name: name(q.Vendor), Labels: []corpus.Label{}})
			counts = append(counts, 0)
		}
		counts[i]++
		for _, l := range q.Labels {
			if !slices.Contains(out[i].Labels, l) {
				out[i].Labels = append(out[i].Labels, l)
			}
		}
	}
	for i := range out {
		out[i].Labels = orderLabels(out[i].Labels)
		out[i].Summary = summary(out[i].Name, out[i].Labels, counts[i])
	}
	return out
}

// orderLabels puts labels in the contract's order and drops "other" when
// a tracked label is there.
func orderLabels(ls []corpus.Label) []corpus.Label {
	out := []corpus.Label{}
	for _, l := range corpus.Labels {
		if slices.Contains(ls, l) {
			out = append(out, l)
		}
	}
	if len(out) > 1 && out[len(out)-1] == corpus.Other {
		out = out[:len(out)-1]
	}
	return out
}

// summary is the one-sentence stance of a vendor, built from its labels:
// "Microsoft says trust is a top priority and pledges not to compete with
// its customers (2 quotations)."
func summary(name string, labels []corpus.Label, n int) string {
	var parts []string
	for _, l := range labels {
		if p, ok := labelPhrases[l]; ok {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		parts = []string{labelPhrases[corpus.Other]}
	}
	unit := "quotations"
	if n == 1 {
		unit = "quotation"
	}
	return fmt.Sprintf("%s %s (%d %s).", name, strings.Join(andList(parts), ""), n, unit)
}

func andList(parts []string) []string {
	if len(parts) == 1 {
		return parts
	}
	return []string{strings.Join(parts[:len(parts)-1], ", "), " and ", parts[len(parts)-1]}
}
