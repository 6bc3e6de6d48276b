package corpus

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// HTML articles: go-readability finds the main text of the page; the
// metadata comes from the page itself (JSON-LD, Open Graph and other meta
// tags, <link rel=canonical>, <time>, <title>), read here rather than through
// readability so that @graph documents, publishers, authors and canonical
// URLs are all found. The text is cut into the same paragraphs as a
// Markdown article's: "\n\n" between them, and a <blockquote> paragraph
// starting with quoteMarker, since the contract counts it as a quotation.

// maxHTMLElems bounds the elements readability scores; a larger page has its
// text read by the plain walker instead, which is linear.
const maxHTMLElems = 50_000

// ParseHTML parses an HTML article page; id is its corpus path (or, for a
// page fetched from the web, its URL), used in the *Problem it returns when
// the page cannot be used: too large, empty, binary, not text in a known
// encoding, or no text. It exists for corpus/feed, which turns web pages into
// article files; ParseArticle does the same for .html and .htm files.
func ParseHTML(id string, data []byte) (Article, error) {
	if len(data) > MaxFileSize {
		return Article{}, tooLarge(id, int64(len(data)))
	}
	return parseHTML(id, data)
}

// parseHTML turns an HTML page into an Article: main text, title,
// publication, date, author, URL and language. Broken markup yields what can
// be read of it; a page with no text at all, or one that is binary, is a
// *Problem with id as its path. It never panics.
func parseHTML(id string, data []byte) (a Article, err error) {
	defer func() {
		// Third-party parsers run on untrusted pages: a bug in one of them
		// must cost one article, not the process.
		if r := recover(); r != nil {
			a, err = Article{}, &Problem{Path: id, Reason: fmt.Sprintf("HTML could not be parsed (%v)", r)}
		}
	}()
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return Article{}, &Problem{Path: id, Reason: "empty file"}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return Article{}, &Problem{Path: id, Reason: fmt.Sprintf("binary file, not text (NUL byte at offset %d)", i)}
	}
	data, err = htmlUTF8(data)
	if err != nil {
		return Article{}, &Problem{Path: id, Reason: err.Error()}
	}
	var (
		m          htmlMeta
		blocks     []block
		rtitle, by string
	)
	if doc, err := html.Parse(bytes.NewReader(data)); err == nil {
		m, blocks, rtitle, by = readTree(doc)
	} else {
		// html.Parse refuses a page nested deeper than it allows (512
		// open elements): read its text and metadata flat instead.
		m, blocks = readFlat(data)
	}
	a = Article{ID: id, Title: m.title, Publication: m.publication, URL: m.url, Author: cmp.Or(m.author, by), Date: m.date}
	if a.Title == "" {
		a.Title = cmp.Or(m.htmlTitle, rtitle)
	}
	if len(blocks) == 0 {
		return Article{}, &Problem{Path: id, Reason: "no text in the HTML page"}
	}
	a.Text = joinBlocks(blocks)
	if a.Title == "" {
		a.Title = title(blocks)
	}
	// The text says which language it is in more reliably than a page
	// template's lang attribute, often left at a theme's default.
	if a.Lang = DetectLang(a.Text); a.Lang == "" {
		a.Lang = m.lang
	}
	return a, nil
}

// readTree reads a parsed page: its metadata, its main text through
// readability (or, when readability finds none, the plain walker), and the
// title and byline readability found.
func readTree(doc *html.Node) (m htmlMeta, blocks []block, rtitle, by string) {
	m = readMeta(doc)
	prune(doc)
	var base *url.URL
	if m.url != "" {
		base, _ = url.Parse(m.url)
	}
	p := readability.NewParser()
	p.MaxElemsToParse = maxHTMLElems
	if r, err := p.ParseDocument(doc, base); err == nil && r.Node != nil {
		blocks = htmlBlocks(r.Node)
		rtitle = collapse(r.Title())
		by = byline(r.Byline())
	}
	if len(blocks) == 0 {
		blocks = htmlBlocks(mainNode(doc))
	}
	return m, blocks, rtitle, by
}

// readFlat reads a page without its tree: the text of every element but
// page furniture, and the metadata elements, copied into a small tree for
// readMeta.
func readFlat(data []byte) (htmlMeta, []block) {
	var f flatReader
	meta := &html.Node{Type: html.DocumentNode}
	f.read(data, meta)
	return readMeta(meta), f.w.out
}

// htmlUTF8 returns the page as UTF-8: as it is when it is valid UTF-8, else
// decoded from the charset the page declares.
func htmlUTF8(data []byte) ([]byte, error) {
	if utf8.Valid(data) {
		return data, nil
	}
	head := bytes.ToLower(data[:min(len(data), 1024)])
	if bytes.Contains(head, []byte("charset")) {
		if enc, name, _ := charset.DetermineEncoding(data, ""); enc != nil && name != "utf-8" {
			if out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(data))); err == nil && utf8.Valid(out) {
				return out, nil
			}
		}
	}
	return nil, fmt.Errorf("not UTF-8 text (invalid byte at offset %d) and no other charset declared", invalidAt(data))
}

// mainNode is where the walker looks when readability found nothing: the
// page's <article>, else its <main>, else its <body>.
func mainNode(doc *html.Node) *html.Node {
	var article, main, body *html.Node
	walk(doc, 0, func(n *html.Node) bool {
		switch {
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Article && article == nil:
			article = n
		case n.DataAtom == atom.Main && main == nil:
			main = n
		case n.DataAtom == atom.Body && body == nil:
			body = n
		}
		return true
	})
	for _, n := range []*html.Node{article, main, body} {
		if n != nil {
			return n
		}
	}
	return doc
}

// htmlBlocks cuts an HTML subtree into paragraphs: each block element is
// one, <br><br> splits one, a <blockquote>'s paragraphs are quotes, headings
// keep their level, and <q> gets the quotation marks a browser shows.
func htmlBlocks(n *html.Node) []block {
	var w blockWalker
	w.node(n, 0)
	w.flush()
	return w.out
}

type blockWalker struct {
	out     []block
	cur     strings.Builder
	quote   int  // open <blockquote> elements
	heading int  // level of the open heading, 0 outside one
	lastBr  bool // the last thing seen was a <br>
}

func (w *blockWalker) flush() {
	if t := collapse(w.cur.String()); t != "" {
		w.out = append(w.out, block{text: t, quote: w.quote > 0, heading: w.heading})
	}
	w.cur.Reset()
	w.lastBr = false
}

// maxHTMLDepth bounds recursion; html.Parse already refuses deeper pages.
const maxHTMLDepth = 600

func (w *blockWalker) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, depth+1)
	}
}

func (w *blockWalker) node(n *html.Node, depth int) {
	if depth > maxHTMLDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
	case html.DocumentNode:
		w.children(n, depth)
	case html.ElementNode:
		// readability renames elements (a <div> becomes a <p>) and
		// creates new ones without setting DataAtom: go by the name.
		tag := atom.Lookup([]byte(n.Data))
		if skipped(tag) {
			return
		}
		w.start(tag)
		w.children(n, depth)
		w.end(tag)
	}
	// comments, doctypes: nothing
}

func (w *blockWalker) text(s string) {
	if strings.TrimSpace(s) != "" {
		w.lastBr = false
	}
	w.cur.WriteString(s)
}

// start opens an element: a block element ends the paragraph before it,
// <br><br> ends one, <q> opens quotation marks.
func (w *blockWalker) start(tag atom.Atom) {
	switch tag {
	case atom.Br:
		if w.lastBr {
			w.flush()
			return
		}
		w.cur.WriteByte(' ')
		w.lastBr = true
	case atom.Q:
		w.cur.WriteString("“")
	case atom.Td, atom.Th:
		w.cur.WriteByte(' ')
	case atom.Blockquote:
		w.flush()
		w.quote++
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		w.heading = int(tag.String()[1] - '0')
	default:
		if blockElement(tag) {
			w.flush()
		}
	}
}

// end closes an element.
func (w *blockWalker) end(tag atom.Atom) {
	switch tag {
	case atom.Q:
		w.cur.WriteString("”")
	case atom.Td, atom.Th:
		w.cur.WriteByte(' ')
	case atom.Blockquote:
		w.flush()
		w.quote = max(0, w.quote-1)
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		w.flush()
		w.heading = 0
	default:
		if blockElement(tag) {
			w.flush()
		}
	}
}

// blockElement reports an element that is a paragraph of its own.
func blockElement(tag atom.Atom) bool {
	switch tag {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Li, atom.Dt, atom.Dd,
		atom.Pre, atom.Figure, atom.Figcaption, atom.Table, atom.Tr, atom.Ul, atom.Ol, atom.Dl, atom.Hr,
		atom.Address, atom.Details, atom.Summary, atom.Center, atom.Body, atom.Html, atom.Caption:
		return true
	}
	return false
}

// walk visits n and its descendants in document order; fn says whether to
// descend into a node's children.
func walk(n *html.Node, depth int, fn func(*html.Node) bool) {
	if depth > maxHTMLDepth || !fn(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, depth+1, fn)
	}
}

// textOf is the text of a node and its descendants, markup removed.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, 0, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return true
	})
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// hasToken reports whether a space-separated attribute value ("rel") holds
// tok, in any case.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// noiseClasses are class and id tokens of page furniture that readability
// sometimes keeps when it is short: ads, share buttons, related links.
var noiseClasses = map[string]bool{
	"ad": true, "ads": true, "advert": true, "advertisement": true, "pub": true, "publicite": true,
	"sponsored": true, "share": true, "sharing": true, "social-share": true, "newsletter": true,
	"related": true, "comments": true, "paywall-prompt": true,
}

// prune removes page furniture from a document before readability sees it
// (its output has no classes left to tell furniture by).
func prune(doc *html.Node) {
	var cut []*html.Node
	walk(doc, 0, func(n *html.Node) bool {
		if noise(n) {
			cut = append(cut, n)
			return false
		}
		return true
	})
	for _, n := range cut {
		n.Parent.RemoveChild(n)
	}
}

// noise reports an element that is page furniture, by its class or id.
func noise(n *html.Node) bool {
	if n.Type != html.ElementNode || n.Parent == nil {
		return false
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article, atom.Blockquote, atom.Q:
		return false
	}
	for _, k := range []string{"class", "id"} {
		for _, f := range strings.Fields(attr(n, k)) {
			if noiseClasses[strings.ToLower(f)] {
				return true
			}
		}
	}
	return false
}
