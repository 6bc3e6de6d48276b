package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/trustwatch/trustwatch/corpus"
)

// speakerCache keeps the people a question's names are read against (the
// registry's and the speakers of the index), from one write of the index
// to the next.
type speakerCache struct {
	mu     sync.Mutex
	gen    uint64
	people *corpus.People
}

// knownPeople returns the registry's people and the index's speakers,
// prepared for corpus.ReadQuestion.
func (ix *Index) knownPeople() (*corpus.People, error) {
	c := &ix.speakerNames
	gen := ix.gen.Load()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.people != nil && c.gen == gen {
		return c.people, nil
	}
	names, err := ix.speakers()
	if err != nil {
		return nil, err
	}
	c.people, c.gen = ix.reg.People(names), gen
	return c.people, nil
}

// speakers returns the names of the people quoted in the index, lower
// case, sorted.
func (ix *Index) speakers() ([]string, error) {
	seen := map[string]bool{}
	var names []string
	for _, p := range ix.parts {
		d, err := p.FieldDict(fSpeaker)
		if err != nil {
			return nil, fmt.Errorf("list speakers: %w", err)
		}
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("list speakers: %w", err)
			}
			if e == nil {
				break
			}
			if !seen[e.Term] && strings.Contains(e.Term, " ") {
				seen[e.Term] = true
				names = append(names, e.Term)
			}
		}
		if err := d.Close(); err != nil {
			return nil, fmt.Errorf("list speakers: %w", err)
		}
	}
	sort.Strings(names)
	return names, nil
}

// speakerName is how the quotations spell a speaker indexed as lower
// (lower case); lower itself when none does.
func (ix *Index) speakerName(ctx context.Context, lower string) string {
	req := bleve.NewSearchRequestOptions(termQuery(fSpeaker, lower), 1, 0, false)
	req.Fields = []string{fRecord}
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		return lower
	}
	if rec, ok := record(res.Hits[0].Fields); ok && rec.Quote.Speaker != "" {
		return rec.Quote.Speaker
	}
	return lower
}

// speakerVendors are the vendors a quoted speaker's quotations speak for
// (name as the quotations spell it, in any case), sorted: a person may
// have spoken for several over the years.
func (ix *Index) speakerVendors(ctx context.Context, name string) []string {
	req := bleve.NewSearchRequestOptions(termQuery(fSpeaker, strings.ToLower(name)), 0, 0, false)
	req.AddFacet(fVendor, bleve.NewFacetRequest(fVendor, 20))
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil
	}
	var out []string
	if f, ok := res.Facets[fVendor]; ok && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out = append(out, t.Term)
		}
	}
	sort.Strings(out)
	return out
}

// roleSpeakers are the speakers of the vendors whose titles name one of
// the roles (glossary indexes, Index.roles) in either language, as the
// quotations spell them: "the Nimbus CEO" is the people a quotation of
// Nimbus titles « PDG de Nimbus » or "Nimbus CEO".
func (ix *Index) roleSpeakers(ctx context.Context, vendors []string, roles []int) []string {
	if len(vendors) == 0 || len(roles) == 0 {
		return nil
	}
	var forms []query.Query
	for _, ci := range roles {
		for _, t := range glossary()[ci].terms() {
			ts := terms(ix.an.fold, t.word)
			switch {
			case len(ts) == 1:
				forms = append(forms, termQuery(fWho, ts[0]))
			case len(ts) > 1:
				qs := make([]query.Query, len(ts))
				for i, w := range ts {
					qs[i] = termQuery(fWho, w)
				}
				forms = append(forms, conj(qs...))
			}
		}
	}
	if len(forms) == 0 {
		return nil
	}
	req := bleve.NewSearchRequestOptions(conj(anyTerm(fVendor, vendors), query.NewDisjunctionQuery(forms)), 0, 0, false)
	req.AddFacet(fSpeaker, bleve.NewFacetRequest(fSpeaker, 10))
	res, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil
	}
	var out []string
	if f, ok := res.Facets[fSpeaker]; ok && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out = append(out, ix.speakerName(ctx, t.Term))
		}
	}
	sort.Strings(out)
	return out
}

// surnameVendors are the vendors of the registry's spokespeople whose
// surname, of five letters or more, is one of a question's words, when
// no other vendor's spokesperson bears it.
func (ix *Index) surnameVendors(words []string) []string {
	asked := map[string]bool{}
	for _, w := range words {
		if f := normalize(w); utf8.RuneCountInString(f) >= 5 {
			asked[f] = true
		}
	}
	if len(asked) == 0 {
		return nil
	}
	of := map[string]string{}
	for _, v := range ix.reg.Vendors() {
		for _, p := range v.People {
			f := strings.Fields(normalize(p))
			if len(f) < 2 || !asked[f[len(f)-1]] {
				continue
			}
			s := f[len(f)-1]
			if prev, seen := of[s]; seen && prev != v.ID {
				of[s] = "" // two vendors' people: neither
				continue
			}
			of[s] = v.ID
		}
	}
	var out []string
	for _, w := range words {
		if v := of[normalize(w)]; v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
