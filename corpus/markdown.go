package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// A Markdown body becomes Article.Text through goldmark's CommonMark syntax
// tree: each paragraph, heading, list item, code block and HTML block is a
// paragraph of the text; inline markup is stripped to the text a reader
// sees (link text kept, images and tags dropped, code kept as written);
// a block quote's paragraphs keep a leading "> " (see Article.Text).
// goldmark is not linear on every hostile input, so defuse first bounds
// the markup it is given (see markdown_defuse.go); a body with no markup at
// all skips the tree (plainMarkdown).

// mdParser is built once: a goldmark parser holds no state between parses.
// Strikethrough (~~x~~) is the one extension: writers use it.
var mdParser = goldmark.New(goldmark.WithExtensions(extension.Strikethrough)).Parser()

// markdownBlocks splits a Markdown body (LF line endings) into paragraphs
// with their inline markup stripped.
func markdownBlocks(body string) []block {
	if bs, ok := plainMarkdown(body); ok {
		return bs
	}
	return treeBlocks(body)
}

// treeBlocks reads a Markdown body through goldmark's tree.
func treeBlocks(body string) []block {
	src := []byte(defuse(body))
	doc := mdParser.Parse(text.NewReader(src))
	w := mdWalker{src: src, buf: make([]byte, 0, 512)}
	w.block(doc, 0)
	return w.out
}

// maxTreeDepth bounds the walk's recursion; defuse already bounds how deep
// containers and inline markup nest, far below it.
const maxTreeDepth = 1000

// mdWalker collects the blocks of a goldmark tree.
type mdWalker struct {
	src   []byte
	out   []block
	quote int // open block quotes

	// The paragraph being written: its text with white space collapsed,
	// whether a space is due before the next character, and where its
	// first line ends (-1 before the first line break).
	buf     []byte
	space   bool
	firstAt int
}

func (w *mdWalker) children(n ast.Node, depth int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.block(c, depth+1)
	}
}

// block visits a block node.
func (w *mdWalker) block(n ast.Node, depth int) {
	if depth > maxTreeDepth {
		return
	}
	switch n := n.(type) {
	case *ast.Blockquote:
		w.quote++
		w.children(n, depth)
		w.quote--
	case *ast.Paragraph, *ast.TextBlock:
		w.start()
		w.inlines(n, depth)
		first := ""
		if len(w.out) == 0 && n.Lines().Len() > 1 && w.firstAt >= 0 {
			first = trimSpace(w.buf[:w.firstAt])
		}
		w.emit(block{first: first})
	case *ast.Heading:
		w.start()
		w.inlines(n, depth)
		// A heading quoted from elsewhere is a quotation, not a title.
		level := n.Level
		if w.quote > 0 {
			level = 0
		}
		w.emit(block{heading: level})
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		// Code is kept as written, one paragraph per block.
		w.start()
		w.lines(n)
		w.emit(block{})
	case *ast.HTMLBlock:
		var raw []byte
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			raw = append(raw, seg.Value(w.src)...)
		}
		if n.HasClosure() {
			raw = append(raw, n.ClosureLine.Value(w.src)...)
		}
		for _, b := range htmlFlatBlocks(raw) {
			b.quote = b.quote || w.quote > 0
			if b.quote {
				b.heading = 0
			}
			w.out = append(w.out, b)
		}
	case *ast.ThematicBreak:
	default:
		w.children(n, depth) // document, lists, list items
	}
}

// start begins a paragraph.
func (w *mdWalker) start() {
	w.buf, w.space, w.firstAt = w.buf[:0], false, -1
}

// emit ends the paragraph, keeping it when it holds text.
func (w *mdWalker) emit(b block) {
	if b.text = trimSpace(w.buf); b.text != "" {
		b.quote = w.quote > 0
		w.out = append(w.out, b)
	}
}

// lines writes a code block's lines as they are.
func (w *mdWalker) lines(n ast.Node) {
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		w.write(seg.Value(w.src))
		w.space = len(w.buf) > 0
	}
}

// write appends s to the paragraph, each run of ASCII white space as one
// space. No-break spaces are kept: French typography puts them inside « ».
func (w *mdWalker) write(s []byte) {
	for len(s) > 0 {
		i := 0
		for i < len(s) && !isSpaceByte[s[i]] {
			i++
		}
		if i > 0 {
			if w.space {
				w.buf = append(w.buf, ' ')
				w.space = false
			}
			w.buf = append(w.buf, s[:i]...)
		}
		for i < len(s) && isSpaceByte[s[i]] {
			i++
			w.space = len(w.buf) > 0
		}
		s = s[i:]
	}
}

// isSpaceByte is the ASCII white space that write collapses.
var isSpaceByte = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}

func (w *mdWalker) byte(c byte) {
	if w.space {
		w.buf = append(w.buf, ' ')
		w.space = false
	}
	w.buf = append(w.buf, c)
}

func (w *mdWalker) writeString(s string) {
	for i := 0; i < len(s); i++ {
		w.byte(s[i])
	}
}

// lineBreak is a soft or hard line break: a space, and the end of the
// first line.
func (w *mdWalker) lineBreak() {
	if w.firstAt < 0 {
		w.firstAt = len(w.buf)
	}
	w.space = len(w.buf) > 0
}

// trimSpace is b as a string without white space (of any kind) at its ends.
func trimSpace(b []byte) string {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if !unicode.IsSpace(r) {
			break
		}
		b = b[n:]
	}
	for len(b) > 0 {
		r, n := utf8.DecodeLastRune(b)
		if !unicode.IsSpace(r) {
			break
		}
		b = b[:len(b)-n]
	}
	return string(b)
}

// plainMarkdown reads a body that holds no Markdown syntax at all, as many
// articles do, without building a tree: paragraphs are the runs of lines
// between blank lines, which is what CommonMark makes of such a body
// (FuzzMarkdown checks that it agrees with the goldmark walk). ok is false
// when the body has any markup character, or a line that could start a
// block (indented, or starting with a heading, quote, list, thematic break
// or setext marker).
func plainMarkdown(body string) (bs []block, ok bool) {
	for i := 0; i < len(body); i++ {
		if notPlain[body[i]] {
			return nil, false
		}
	}
	var cur []string
	flush := func() {
		if len(cur) == 0 {
			return
		}
		b := block{text: collapse(strings.Join(cur, " "))}
		if len(bs) == 0 && len(cur) > 1 {
			b.first = collapse(cur[0])
		}
		if b.text != "" {
			bs = append(bs, b)
		}
		cur = cur[:0]
	}
	for line := range strings.SplitSeq(body, "\n") {
		if strings.TrimLeft(line, " \t") == "" {
			flush()
			continue
		}
		if !plainLineStart(line) {
			return nil, false
		}
		cur = append(cur, line)
	}
	flush()
	return bs, true
}

// notPlain are the bytes that make a body Markdown rather than plain text
// wherever they are (and \v, \f: white space CommonMark reads its own way).
var notPlain = [256]bool{'[': true, ']': true, '*': true, '_': true, '~': true, '<': true, '`': true, '\\': true, '&': true, '\v': true, '\f': true}

// plainLineStart reports a line that cannot start or continue a block other
// than a paragraph.
func plainLineStart(line string) bool {
	switch line[0] {
	case ' ', '\t', '#', '>', '-', '+', '=', '|':
		return false
	}
	n := 0
	for n < len(line) && line[n] >= '0' && line[n] <= '9' {
		n++
	}
	return n == 0 || n == len(line) || line[n] != '.' && line[n] != ')'
}
