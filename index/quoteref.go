package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"github.com/trustwatch/trustwatch/corpus"
)

// A quotation's Ref is its stable identity: the article it is in and its
// normalised words, never a document number. The same article and words
// give the same Ref in every build of the index, after a re-sync, a
// rebuild or a deleted index folder, which is what corrections are keyed
// by. A Ref is short (33 bytes) and plain ASCII, to fit in a Slack
// option's value.

// QuoteRef is the Ref of the quotation with text in article articleID.
func QuoteRef(articleID, text string) string { return refOf(articleID, textKey(text)) }

// Ref is the quotation's stable identity (QuoteRef).
func (q AnswerQuote) Ref() string {
	key := q.key
	if key == "" {
		key = textKey(q.Text)
	}
	return refOf(q.Article.ID, key)
}

func refOf(articleID, key string) string {
	sum := sha256.Sum256([]byte(articleID))
	return key + "-" + hex.EncodeToString(sum[:4])
}

// validRef reports whether ref has the shape QuoteRef gives.
func validRef(ref string) (key string, ok bool) {
	key, art, found := strings.Cut(ref, "-")
	if !found || len(key) != 24 || len(art) != 8 {
		return "", false
	}
	for _, c := range key + art {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return "", false
		}
	}
	return key, true
}

// Quote finds the quotation whose Ref is ref. It reports false when the
// index holds none: the article was deleted, or changed and no longer
// carries those words, or ref is not a Ref at all.
func (ix *Index) Quote(ctx context.Context, ref string) (AnswerQuote, bool, error) {
	key, ok := validRef(ref)
	if !ok {
		return AnswerQuote{}, false, nil
	}
	req := bleve.NewSearchRequestOptions(termQuery(fKey, key), alsoInMax, 0, false)
	req.Fields = []string{fRecord}
	req.SortBy([]string{"_id"})
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return AnswerQuote{}, false, fmt.Errorf("find quotation %s: %w", ref, err)
	}
	var found *AnswerQuote
	var others []Source
	for _, h := range res.Hits {
		rec, ok := record(h.Fields)
		if !ok {
			continue
		}
		if found == nil && refOf(rec.Article.ID, rec.Key) == ref {
			q := answerQuote(rec, 0)
			found = &q
			continue
		}
		others = append(others, rec.Article)
	}
	if found == nil {
		return AnswerQuote{}, false, nil
	}
	for _, s := range others {
		if s.ID != found.Article.ID {
			found.AlsoIn = append(found.AlsoIn, s)
		}
	}
	return *found, true, nil
}

// Restate sets an answer's stances and sources again from its quotes,
// after a caller changed them (a correction of a speaker, vendor or
// labels, a quotation hidden); reg names the vendors (nil: the built-in
// registry).
func Restate(a *Answer, reg *corpus.Registry) {
	if reg == nil {
		reg = corpus.Builtin()
	}
	name := func(id string) string {
		if v, ok := reg.Vendor(id); ok && v.Name != "" {
			return v.Name
		}
		return id
	}
	a.Stances = stancesOf(a.Quotes, name)
	a.Sources = []Source{}
	seen := map[string]bool{}
	for _, q := range a.Quotes {
		for _, s := range append([]Source{q.Article}, q.AlsoIn...) {
			if !seen[s.ID] {
				seen[s.ID] = true
				a.Sources = append(a.Sources, s)
			}
		}
	}
}
