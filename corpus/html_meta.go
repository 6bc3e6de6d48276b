package corpus

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What an HTML page says about itself: <title>, the usual meta tags
// (Open Graph, Dublin Core, article:*) and JSON-LD, read into the fields of
// Article.

// htmlMeta is what a page says about itself, outside its text.
type htmlMeta struct {
	title, htmlTitle, publication, url, author, lang string
	date                                             Date
}

// readMeta reads a page's metadata. JSON-LD comes first where it has the
// field, being the most deliberate; then Open Graph and other meta tags.
func readMeta(doc *html.Node) htmlMeta {
	meta := map[string]string{} // lower-cased name or property → content
	var (
		canonical, htmlLang, timeAttr, pubTime string
		titleText, h1                          string
		lds                                    []string
	)
	walk(doc, 0, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Html:
			htmlLang = attr(n, "lang")
		case atom.Meta:
			content := strings.TrimSpace(attr(n, "content"))
			for _, k := range []string{attr(n, "property"), attr(n, "name"), attr(n, "itemprop"), attr(n, "http-equiv")} {
				if k = strings.ToLower(strings.TrimSpace(k)); k != "" && content != "" {
					if _, ok := meta[k]; !ok {
						meta[k] = content
					}
				}
			}
		case atom.Link:
			if hasToken(attr(n, "rel"), "canonical") && canonical == "" {
				canonical = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Title:
			if titleText == "" {
				titleText = collapse(textOf(n))
			}
		case atom.H1:
			if h1 == "" {
				h1 = collapse(textOf(n))
			}
		case atom.Time:
			dt := strings.TrimSpace(attr(n, "datetime"))
			if dt != "" {
				if timeAttr == "" {
					timeAttr = dt
				}
				if pubTime == "" && (hasAttr(n, "pubdate") || attr(n, "itemprop") == "datePublished") {
					pubTime = dt
				}
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
				lds = append(lds, textOf(n))
			}
			return false
		case atom.Style, atom.Template, atom.Svg:
			return false
		}
		return true
	})
	ld := jsonLDArticle(lds)
	first := func(vs ...string) string {
		for _, v := range vs {
			if v = collapse(html.UnescapeString(v)); v != "" {
				return v
			}
		}
		return ""
	}
	var m htmlMeta
	m.title = first(ld.headline, meta["og:title"], meta["twitter:title"], meta["dc.title"])
	m.htmlTitle = first(trimSiteName(titleText, first(meta["og:site_name"], ld.publisher)), h1)
	m.publication = first(meta["og:site_name"], ld.publisher, meta["application-name"])
	m.author = first(ld.author, meta["author"], nonURL(meta["article:author"]), meta["dc.creator"], meta["sailthru.author"])
	m.url = absURL(first(canonical, meta["og:url"], ld.url))
	m.lang = normLang(first(ld.lang, htmlLang, meta["og:locale"], meta["content-language"], meta["dc.language"]))
	for _, d := range []string{ld.date, meta["article:published_time"], meta["datepublished"], meta["og:published_time"],
		meta["date"], meta["dc.date.issued"], meta["dc.date"], meta["dcterms.created"], meta["pubdate"], pubTime, timeAttr} {
		if dd, ok := looseDate(d); ok {
			m.date = dd
			break
		}
	}
	return m
}

// ldArticle is the part of a schema.org Article that trustwatch uses.
type ldArticle struct {
	headline, date, author, publisher, url, lang string
}

// articleTypes are the schema.org types of an article page.
var articleTypes = map[string]bool{
	"Article": true, "NewsArticle": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"OpinionNewsArticle": true, "BackgroundNewsArticle": true, "ReviewNewsArticle": true,
	"BlogPosting": true, "TechArticle": true, "Report": true, "LiveBlogPosting": true,
}

// jsonLDArticle finds the first article object in a page's JSON-LD scripts,
// at the top level, in an array or in an @graph; publishers and authors
// given as {"@id": …} references are looked up in the same graph.
func jsonLDArticle(scripts []string) ldArticle {
	for _, s := range scripts {
		s = strings.TrimSpace(s)
		s = strings.TrimSuffix(strings.TrimPrefix(s, "<![CDATA["), "]]>")
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			continue
		}
		var objs []map[string]any
		var collect func(v any, depth int)
		collect = func(v any, depth int) {
			if depth > 4 {
				return
			}
			switch t := v.(type) {
			case []any:
				for _, x := range t {
					collect(x, depth+1)
				}
			case map[string]any:
				objs = append(objs, t)
				collect(t["@graph"], depth+1)
			}
		}
		collect(v, 0)
		byID := map[string]map[string]any{}
		for _, o := range objs {
			if id, ok := o["@id"].(string); ok {
				byID[id] = o
			}
		}
		for _, o := range objs {
			if !isArticleType(o["@type"]) {
				continue
			}
			a := ldArticle{
				headline:  ldString(o["headline"]),
				date:      ldString(o["datePublished"]),
				author:    ldNames(o["author"], byID),
				publisher: ldNames(o["publisher"], byID),
				url:       ldString(o["url"]),
				lang:      ldString(o["inLanguage"]),
			}
			if a.headline == "" {
				a.headline = ldString(o["name"])
			}
			if a.url == "" {
				a.url = ldString(o["mainEntityOfPage"])
			}
			return a
		}
	}
	return ldArticle{}
}

func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return articleTypes[strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/")]
	case []any:
		for _, x := range t {
			if isArticleType(x) {
				return true
			}
		}
	}
	return false
}

// ldString reads a JSON-LD text value: a string, or an object's @id
// (mainEntityOfPage) or @value.
func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		if s, ok := t["@value"].(string); ok {
			return strings.TrimSpace(s)
		}
		if s, ok := t["@id"].(string); ok {
			return strings.TrimSpace(s)
		}
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	}
	return ""
}

// ldNames reads the names of JSON-LD persons or organisations: a string,
// an object with a name, a reference to one, or a list of those.
func ldNames(v any, byID map[string]map[string]any) string {
	var names []string
	var add func(v any, depth int)
	add = func(v any, depth int) {
		switch t := v.(type) {
		case string:
			if s := strings.TrimSpace(t); s != "" && !strings.Contains(s, "://") {
				names = append(names, s)
			}
		case map[string]any:
			if n, ok := t["name"].(string); ok && strings.TrimSpace(n) != "" {
				names = append(names, strings.TrimSpace(n))
			} else if id, ok := t["@id"].(string); ok && depth == 0 {
				if o, ok := byID[id]; ok {
					add(o, depth+1)
				}
			}
		case []any:
			for _, x := range t {
				if depth == 0 {
					add(x, depth)
				}
			}
		}
	}
	add(v, 0)
	return strings.Join(names, ", ")
}

// looseDate reads a date as pages write them: YYYY-MM-DD, RFC 3339 with or
// without a zone or seconds, RFC 1123; a timestamp with no zone keeps its
// day only.
func looseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, false
	}
	if d, err := ParseDate(s); err == nil {
		return d, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z07:00", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t, Instant}, true
		}
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return Date{t, Day}, true
		}
	}
	return Date{}, false
}

// trimSiteName removes the site's name from a <title>: "Title | Site",
// "Title - Site", "Title — Site".
func trimSiteName(t, site string) string {
	if site == "" {
		return t
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " : ", " · "} {
		if rest, ok := strings.CutSuffix(t, sep+site); ok && rest != "" {
			return rest
		}
	}
	return t
}

// byline cleans readability's byline: "Par Jeanne Martin" → "Jeanne Martin".
// A long one is a sentence, not a name, and is dropped.
func byline(s string) string {
	s = collapse(s)
	for _, p := range []string{"By ", "by ", "Par ", "par ", "Written by "} {
		s = strings.TrimPrefix(s, p)
	}
	if utf8.RuneCountInString(s) > 80 {
		return ""
	}
	return s
}

func nonURL(s string) string {
	if strings.Contains(s, "://") {
		return ""
	}
	return s
}

// absURL keeps only an absolute http(s) URL.
func absURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}
