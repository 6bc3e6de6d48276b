package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/trustwatch/trustwatch/corpus"
)

// DossierMax bounds the distinct quotations VendorQuotes returns; More
// counts those left out.
const DossierMax = 10000

// VendorQuotes is every quotation the corpus holds on one vendor, for a
// dossier: one per distinct text (the other articles carrying it in
// AlsoIn), newest article first.
type VendorQuotes struct {
	Vendor string `json:"vendor"`
	Name   string `json:"name"`
	// Topic is the topic the quotations were narrowed to ("" for all).
	Topic  corpus.Topic  `json:"topic,omitempty"`
	Quotes []AnswerQuote `json:"quotes"`
	// More counts the distinct quotations beyond DossierMax.
	More int `json:"more,omitempty"`
}

// VendorQuotes lists the quotations of vendor id (an id, alias or
// misspelling, as Vendor reads it), about topic when topic is not "".
// The order is stable from build to build: article date, newest first
// (undated last), then article id, then position in the article. A
// vendor the registry does not know is an error wrapping
// ErrUnknownVendor; one with no quotation has none, and no error.
func (ix *Index) VendorQuotes(ctx context.Context, id string, topic corpus.Topic) (VendorQuotes, error) {
	v, ok := ix.resolve(id)
	if !ok {
		return VendorQuotes{}, fmt.Errorf("vendor %q: %w", id, ErrUnknownVendor)
	}
	out := VendorQuotes{Vendor: v, Name: ix.vendorName(v), Topic: topic, Quotes: []AnswerQuote{}}
	q := conj(termQuery(fKind, kindQuote), termQuery(fVendor, v))
	n, err := ix.count(ctx, q)
	if err != nil {
		return out, fmt.Errorf("quotations of %s: %w", v, err)
	}
	if n == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.Fields = []string{fRecord}
	req.SortBy([]string{"_id"})
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return out, fmt.Errorf("quotations of %s: %w", v, err)
	}
	type found struct {
		id  string
		rec quoteRecord
	}
	all := make([]found, 0, len(res.Hits))
	for _, h := range res.Hits {
		rec, ok := record(h.Fields)
		if !ok || topic != "" && !slices.Contains(rec.Quote.Topics, topic) {
			continue
		}
		all = append(all, found{h.ID, rec})
	}
	slices.SortFunc(all, func(a, b found) int {
		da, db := a.rec.Article.Date, b.rec.Article.Date
		if (da == "") != (db == "") {
			return boolInt(da == "") - boolInt(db == "")
		}
		if c := cmp.Compare(db, da); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rec.Article.ID, b.rec.Article.ID); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rec.Quote.Start, b.rec.Quote.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	byKey := map[string]int{}
	for _, f := range all {
		if i, ok := byKey[f.rec.Key]; ok {
			if f.rec.Article.ID != out.Quotes[i].Article.ID && len(out.Quotes[i].AlsoIn) < alsoInMax {
				out.Quotes[i].AlsoIn = append(out.Quotes[i].AlsoIn, f.rec.Article)
			}
			continue
		}
		if len(out.Quotes) >= DossierMax {
			out.More++
			continue
		}
		byKey[f.rec.Key] = len(out.Quotes)
		aq := answerQuote(f.rec, 0)
		aq.id = f.id
		out.Quotes = append(out.Quotes, aq)
	}
	return out, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
