package corpus

import (
	"strings"
)

// The vendor a quotation speaks for or about: its speaker's (attribution
// sets it), else the one named in or around it, else the article's own.

// vendorAbout is the vendor a quotation without a vendor speaker is about:
// the first named in the quotation, else in its paragraph, else the
// article's own.
func (x *extractor) vendorAbout(f *found) string {
	if id := x.vendorIn(f.parts[0][0], f.parts[len(f.parts)-1][1]); id != "" {
		return id
	}
	p := x.paras[f.para]
	if id := x.vendorIn(p.start(), x.paras[f.last].end()); id != "" {
		return id
	}
	// the paragraph before, when it is about one vendor only
	if f.para > 0 {
		pp := x.paras[f.para-1]
		id := x.vendorIn(pp.start(), pp.end())
		for _, m := range x.vspans {
			if m.start >= pp.start() && m.end <= pp.end() && m.id != id {
				id = ""
				break
			}
		}
		if id != "" {
			return id
		}
	}
	if len(x.a.Vendors) > 0 {
		return x.a.Vendors[0]
	}
	return ""
}

// outsider reports whether a person with this title, which names no
// vendor of the registry, speaks for none: the title names an
// organisation all the same (org, "du Yankee Group"), or gives a role or
// an organisation no vendor has ("AI researcher", "du cabinet de
// conseil"). Their quotation is given no vendor of the article: an
// analyst's words about a vendor are not the vendor's.
func outsider(title, org string) bool {
	if org != "" {
		return true
	}
	for _, w := range strings.Fields(title) {
		f := foldWord(strings.Trim(w, ",.;:()'’"))
		if outsiderWords[f] {
			return true
		}
	}
	return false
}

// vendorIn is the first vendor named within [s, e) of the text.
func (x *extractor) vendorIn(s, e int) string {
	for _, m := range x.vspans {
		if m.start >= s && m.end <= e {
			return m.id
		}
	}
	return ""
}

// vendorSpan is a vendor named in the text, as the registry found it.
type vendorSpan struct {
	id         string
	start, end int
}

// mentionsIn lists the vendors named in text, in order, as MentionsAt
// does, reading the words off ts, the text's tokens, instead of scanning
// every byte again.
func (r *Registry) mentionsIn(text string, ts []tok) []vendorSpan {
	if r == nil {
		return nil
	}
	var out []vendorSpan
	next := 0 // end of the last mention: words before it are inside it
	check := func(s, e int) {
		if s < next || !r.aliasFirst[text[s]] {
			return
		}
		for _, p := range r.aliasAt[text[s:e]] {
			end := e
			for k := 1; k < p.words && end >= 0; k++ {
				_, end = nextWord(text, end)
			}
			if end >= 0 && sameWords(text[s:end], p.text) {
				out = append(out, vendorSpan{r.vendors[p.vendor].ID, s, end})
				next = end
				return
			}
		}
	}
	for _, t := range ts {
		if t.kind != tokWord {
			continue
		}
		if simpleWord(t.w) {
			check(t.s, t.e)
			continue
		}
		// "Amazon-owned", "d’AWS", "@SlackHQ": the words inside
		for s, e := nextWord(text[:t.e], t.s); s >= 0; s, e = nextWord(text[:t.e], e) {
			check(s, e)
		}
	}
	return out
}

// simpleWord reports a token that is one word for tokens too: no hyphen,
// ampersand, apostrophe, "@" or "_" inside (0xE2 leads ’ and its kin).
func simpleWord(w string) bool {
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case '-', '&', '@', '_', '\'', 0xE2:
			return false
		}
	}
	return true
}

// registryPerson is the vendor a known spokesperson speaks for, or "".
func (v *view) registryPerson(name string) string {
	if strings.IndexByte(name, ' ') < 0 {
		return "" // a lone surname may be anybody's
	}
	if v.memo == nil {
		id, _ := v.x.reg.Person(name)
		return id
	}
	if id, ok := v.memo.persons[name]; ok {
		return id
	}
	id, _ := v.x.reg.Person(name)
	v.memo.persons[name] = id
	return id
}

// orgVendorIn is the vendor an organisation's name within [s, e) stands
// for, in a title or as a subject: the registry's first, else one of the
// article's own vendors the registry does not know, named by a
// capitalised word of its id ("Elastic CEO Jane Roe" in an article about
// vendors [elastic]): a vendor missing from the registry is still the
// speaker's.
func (x *extractor) orgVendorIn(s, e int) string {
	if id := x.vendorIn(s, e); id != "" {
		return id
	}
	for _, t := range x.tokRange(s, e) {
		if id := x.articleVendorAt(t); id != "" {
			return id
		}
	}
	return ""
}

// articleVendorAt is the article's own vendor, unknown to the registry,
// that the capitalised word t names; "" when it names none.
func (x *extractor) articleVendorAt(t tok) string {
	if t.kind != tokWord || !t.cap {
		return ""
	}
	f := foldWord(t.w)
	for _, id := range x.a.Vendors {
		if id == f {
			if _, known := x.reg.Vendor(id); !known {
				return id
			}
		}
	}
	return ""
}
