package index

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/trustwatch/trustwatch/corpus"
)

// Vendor is one vendor's card: its stance across the whole corpus, with
// its best quotations. id may be an id, an alias or a misspelling of one;
// a name the registry does not know is an error wrapping ErrUnknownVendor.
func (ix *Index) Vendor(ctx context.Context, id string, limit int) (Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, AskTimeout)
	defer cancel()
	v, ok := ix.resolve(id)
	if !ok {
		return Answer{}, fmt.Errorf("vendor %q: %w", id, ErrUnknownVendor)
	}
	name := ix.vendorName(v)
	ans := emptyAnswer(name)
	ans.Vendors = []string{v}
	quotes, total, err := ix.find(ctx, vendorSearch([]string{v}), rankQuestion{vendors: []string{v}}, clampLimit(limit))
	if err != nil {
		return ans, fmt.Errorf("vendor %s: %w", v, err)
	}
	if len(quotes) == 0 {
		ans.Hint = fmt.Sprintf("There are no quotations from %s in the corpus.", name)
		return ans, nil
	}
	ans.Total = total
	ix.fill(&ans, quotes)
	// The card's stance covers every quotation of the vendor, not only
	// the ones shown.
	labels, n, err := ix.labelFacet(ctx, conj(termQuery(fKind, kindQuote), termQuery(fVendor, v)))
	if err != nil {
		return ans, fmt.Errorf("vendor %s: %w", v, err)
	}
	ans.Total = n
	for i := range ans.Stances {
		if ans.Stances[i].Vendor == v {
			ans.Stances[i].Labels = labels
			ans.Stances[i].Summary = summary(name, labels, n)
		}
	}
	return ans, nil
}

// Compare is two vendor cards, side by side.
func (ix *Index) Compare(ctx context.Context, a, b string, limit int) ([]Answer, error) {
	out := make([]Answer, 0, 2)
	for _, v := range []string{a, b} {
		ans, err := ix.Vendor(ctx, v, limit)
		if err != nil {
			return nil, err
		}
		out = append(out, ans)
	}
	return out, nil
}

// sinceMax bounds the quotations Since returns.
const sinceMax = 10000

// Since returns the quotations first indexed at or after t, newest first,
// one per distinct text (the other articles in AlsoIn), at most sinceMax.
func (ix *Index) Since(ctx context.Context, t time.Time) ([]AnswerQuote, error) {
	recs, err := ix.firstIndexedSince(ctx, t, "")
	if err != nil {
		return nil, fmt.Errorf("quotations since %s: %w", t.Format(time.RFC3339), err)
	}
	out := []AnswerQuote{}
	byKey := map[string]int{}
	for _, r := range recs {
		if i, ok := byKey[r.rec.Key]; ok {
			out[i].AlsoIn = append(out[i].AlsoIn, r.rec.Article)
			continue
		}
		byKey[r.rec.Key] = len(out)
		out = append(out, answerQuote(r.rec, 0))
	}
	return out, nil
}

type idRecord struct {
	id  string
	rec quoteRecord
}

// firstIndexedSince returns the quotations (of vendor, when not "") first
// indexed at or after t, newest first then by id, at most sinceMax: they
// are in the articles indexed since t.
func (ix *Index) firstIndexedSince(ctx context.Context, t time.Time, vendor string) ([]idRecord, error) {
	incl := true
	q := conj(termQuery(fKind, kindArticle), dateFrom(fChanged, t, &incl))
	req := bleve.NewSearchRequestOptions(q, sinceMax, 0, false)
	req.Fields = []string{fRecord}
	req.SortBy([]string{"-" + fChanged, "_id"})
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search articles: %w", err)
	}
	var ids []string
	for _, h := range res.Hits {
		var a articleRecord
		if s, ok := h.Fields[fRecord].(string); ok && json.Unmarshal([]byte(s), &a) == nil {
			ids = append(ids, a.QuoteIDs...)
		}
		if len(ids) >= 4*sinceMax {
			break
		}
	}
	recs, err := ix.records(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []idRecord
	for id, rec := range recs {
		if !rec.First.Before(t) && (vendor == "" || rec.Quote.Vendor == vendor) {
			out = append(out, idRecord{id, rec})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].rec.First.Equal(out[j].rec.First) {
			return out[i].rec.First.After(out[j].rec.First)
		}
		return out[i].id < out[j].id
	})
	if len(out) > sinceMax {
		out = out[:sinceMax]
	}
	return out, nil
}

// VendorLabels returns the labels the vendor's quotations carried that
// were first indexed before t, in the contract's order: what the vendor
// was known to say, for the digest to tell a new position from an old.
func (ix *Index) VendorLabels(ctx context.Context, vendor string, before time.Time) ([]corpus.Label, error) {
	counts, err := ix.labelCounts(ctx, conj(termQuery(fKind, kindQuote), termQuery(fVendor, vendor)))
	if err != nil {
		return nil, fmt.Errorf("labels of %s before %s: %w", vendor, before.Format(time.RFC3339), err)
	}
	// Take away the quotations first indexed since.
	recent, err := ix.firstIndexedSince(ctx, before, vendor)
	if err != nil {
		return nil, fmt.Errorf("labels of %s before %s: %w", vendor, before.Format(time.RFC3339), err)
	}
	for _, r := range recent {
		for _, l := range r.rec.Quote.Labels {
			counts[l]--
		}
	}
	var ls []corpus.Label
	for l, n := range counts {
		if n > 0 {
			ls = append(ls, l)
		}
	}
	return orderLabels(ls), nil
}

// labelCounts counts the quotations matching q by stance label.
func (ix *Index) labelCounts(ctx context.Context, q query.Query) (map[corpus.Label]int, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.AddFacet(fLabels, bleve.NewFacetRequest(fLabels, len(corpus.Labels)+10))
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := map[corpus.Label]int{}
	if f := res.Facets[fLabels]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out[corpus.Label(t.Term)] = t.Count
		}
	}
	return out, nil
}

func (ix *Index) labelFacet(ctx context.Context, q query.Query) ([]corpus.Label, int, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.AddFacet(fLabels, bleve.NewFacetRequest(fLabels, len(corpus.Labels)+10))
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	var ls []corpus.Label
	if f := res.Facets[fLabels]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			ls = append(ls, corpus.Label(t.Term))
		}
	}
	return orderLabels(ls), int(res.Total), nil
}

func dateFrom(field string, t time.Time, incl *bool) query.Query {
	q := query.NewDateRangeInclusiveQuery(t, time.Time{}, incl, nil)
	q.SetField(field)
	return q
}

// Stats describes the corpus as indexed, for `/trust sources`.
type Stats struct {
	Articles     int           `json:"articles"`
	Quotes       int           `json:"quotes"`
	Vendors      []VendorCount `json:"vendors"`
	Publications []NameCount   `json:"publications"`
	// Newest is the date of the most recent article ("" when no article
	// has a date).
	Newest string `json:"newest,omitempty"`
}

// VendorCount is how many quotations a vendor has.
type VendorCount struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Quotes int    `json:"quotes"`
}

// NameCount is a name with a count (publications and their articles).
type NameCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Stats counts articles, quotations, vendors and publications.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Vendors: []VendorCount{}, Publications: []NameCount{}}
	qreq := bleve.NewSearchRequestOptions(termQuery(fKind, kindQuote), 0, 0, false)
	qreq.AddFacet(fVendor, bleve.NewFacetRequest(fVendor, 1000))
	qres, err := ix.b.SearchInContext(ctx, qreq)
	if err != nil {
		return st, fmt.Errorf("count quotations: %w", err)
	}
	st.Quotes = int(qres.Total)
	if f := qres.Facets[fVendor]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			st.Vendors = append(st.Vendors, VendorCount{ID: t.Term, Name: ix.vendorName(t.Term), Quotes: t.Count})
		}
	}
	areq := bleve.NewSearchRequestOptions(termQuery(fKind, kindArticle), 1, 0, false)
	areq.AddFacet(fPublication, bleve.NewFacetRequest(fPublication, 1000))
	areq.Fields = []string{fRecord}
	areq.SortBy([]string{"-" + fDate})
	ares, err := ix.b.SearchInContext(ctx, areq)
	if err != nil {
		return st, fmt.Errorf("count articles: %w", err)
	}
	st.Articles = int(ares.Total)
	if f := ares.Facets[fPublication]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			st.Publications = append(st.Publications, NameCount{Name: t.Term, Count: t.Count})
		}
	}
	if len(ares.Hits) > 0 {
		var rec articleRecord
		if s, ok := ares.Hits[0].Fields[fRecord].(string); ok && json.Unmarshal([]byte(s), &rec) == nil {
			st.Newest = rec.Source.Date
		}
	}
	sort.SliceStable(st.Vendors, func(i, j int) bool {
		if st.Vendors[i].Quotes != st.Vendors[j].Quotes {
			return st.Vendors[i].Quotes > st.Vendors[j].Quotes
		}
		return st.Vendors[i].ID < st.Vendors[j].ID
	})
	return st, nil
}
