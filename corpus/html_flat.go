package corpus

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The flat reading of HTML: x/net/html's tokenizer, which builds no tree,
// cut into the same paragraphs as htmlBlocks makes of a tree. It reads the
// HTML blocks of a Markdown article, and a page whose tree html.Parse
// refuses (nested deeper than it allows), so that such a page keeps what
// can be read of it. It is linear in its input.

// htmlFlatBlocks cuts HTML into paragraphs without building a tree.
func htmlFlatBlocks(data []byte) []block {
	var f flatReader
	f.read(data, nil)
	return f.w.out
}

// flatReader reads HTML tokens into a blockWalker's paragraphs, and, when
// head is set, the page's metadata elements into head.
type flatReader struct {
	w    blockWalker
	skip atom.Atom // the element whose content is skipped, 0 when none
	nest int       // how many of skip are open
}

// skipped are the elements whose text is not the article's.
func skipped(a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math, atom.Iframe,
		atom.Object, atom.Canvas, atom.Button, atom.Form, atom.Select, atom.Textarea,
		atom.Nav, atom.Aside, atom.Footer, atom.Title:
		return true
	}
	return false
}

// read tokenizes data. With head set, <html>, <meta>, <link>, <time>,
// <title> and JSON-LD <script> elements are copied under head, text
// included, for readMeta.
func (f *flatReader) read(data []byte, head *html.Node) {
	z := html.NewTokenizer(bytes.NewReader(data))
	var capture *html.Node // a metadata element whose text is being read
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			f.w.flush()
			return
		case html.TextToken:
			if capture != nil {
				capture.AppendChild(&html.Node{Type: html.TextNode, Data: string(z.Text())})
			}
			if f.skip == 0 {
				f.w.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if head != nil && tt != html.EndTagToken {
				capture = metaNode(head, tok)
			} else if tt == html.EndTagToken {
				capture = nil
			}
			f.tag(tok, tt)
		}
	}
}

// metaNode copies a metadata element under head and returns it when its
// text is wanted.
func metaNode(head *html.Node, tok html.Token) *html.Node {
	switch tok.DataAtom {
	case atom.Html, atom.Meta, atom.Link, atom.Time, atom.Title, atom.Script:
	default:
		return nil
	}
	n := &html.Node{Type: html.ElementNode, Data: tok.Data, DataAtom: tok.DataAtom, Attr: tok.Attr}
	head.AppendChild(n)
	if tok.DataAtom == atom.Title || tok.DataAtom == atom.Script {
		return n
	}
	return nil
}

func (f *flatReader) tag(tok html.Token, tt html.TokenType) {
	a := atom.Lookup([]byte(tok.Data))
	if f.skip == atom.Head && tt != html.EndTagToken && !headElement(a) {
		f.skip = 0 // a <head> left open ends where the body starts
	}
	if f.skip != 0 {
		switch {
		case a != f.skip:
		case tt == html.StartTagToken:
			f.nest++
		case tt == html.EndTagToken:
			if f.nest--; f.nest == 0 {
				f.skip = 0
			}
		}
		return
	}
	if skipped(a) {
		if tt == html.StartTagToken {
			f.skip, f.nest = a, 1
		}
		return
	}
	switch tt {
	case html.EndTagToken:
		f.w.end(a)
	case html.SelfClosingTagToken:
		f.w.start(a)
		f.w.end(a)
	default:
		f.w.start(a)
	}
}

// headElement reports an element that belongs in <head>.
func headElement(a atom.Atom) bool {
	switch a {
	case atom.Meta, atom.Link, atom.Title, atom.Script, atom.Style, atom.Base, atom.Noscript, atom.Template:
		return true
	}
	return false
}
