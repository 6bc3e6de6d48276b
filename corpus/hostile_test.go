package corpus

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Hostile article files: every parser of article text must stay linear
// (or bounded per paragraph) however the markup nests.

// hostileSize is the size of each hostile file: 1 MB, as the hardening
// issue's probe.
const hostileSize = 1 << 20

// repeatTo repeats unit until the result is about n bytes.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, max(1, n/len(unit)))
}

// nested is open repeated, then inner, then close repeated, about n bytes.
func nested(open, inner, close string, n int) string {
	k := max(1, n/(len(open)+len(close)))
	return strings.Repeat(open, k) + inner + strings.Repeat(close, k)
}

// hostileFiles are the probes, by name: file name (its extension says the
// format) and a generator for a given size.
var hostileFiles = []struct {
	name, file string
	gen        func(n int) string
}{
	{"nested brackets", "a.md", func(n int) string { return nested("[", "x", "]", n) }},
	{"open brackets", "a.md", func(n int) string { return repeatTo("[", n) }},
	{"unclosed links", "a.md", func(n int) string { return repeatTo("[a](", n) }},
	{"nested links", "a.md", func(n int) string { return nested("[", "x", "](u)", n) }},
	{"nested images", "a.md", func(n int) string { return nested("![", "x", "](u)", n) }},
	{"reference links", "a.md", func(n int) string { return repeatTo("[a]: b\n", n/2) + repeatTo("[a] ", n/2) }},
	{"nested emphasis *", "a.md", func(n int) string { return nested("*", "x", "*", n) }},
	{"nested emphasis _", "a.md", func(n int) string { return nested("_", "x", "_", n) }},
	{"emphasis openers", "a.md", func(n int) string { return repeatTo("*a ", n) }},
	{"mixed emphasis", "a.md", func(n int) string { return nested("*_", "x", "_*", n) }},
	{"strikethrough", "a.md", func(n int) string { return repeatTo("~~a", n) }},
	{"nested quotes", "a.md", func(n int) string { return repeatTo(">", n) }},
	{"nested quotes and brackets", "a.md", func(n int) string { return repeatTo("> [", n) }},
	{"nested lists", "a.md", func(n int) string { return repeatTo("* 1. ", n) }},
	{"indented lists", "a.md", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("  ", i))
			b.WriteString("- a\n")
		}
		return b.String()
	}},
	{"autolinks", "a.md", func(n int) string { return repeatTo("<a", n) }},
	{"comments", "a.md", func(n int) string { return repeatTo("<!--", n) }},
	{"entities", "a.md", func(n int) string { return repeatTo("&a", n) }},
	{"strong openers", "a.md", func(n int) string { return repeatTo("**", n) }},
	{"underscores", "a.md", func(n int) string { return repeatTo("_a", n) }},
	{"image openers", "a.md", func(n int) string { return repeatTo("![", n) }},
	{"code spans", "a.md", func(n int) string { return repeatTo("`a``", n) }},
	{"inline html", "a.md", func(n int) string { return repeatTo("<a b='", n) }},
	{"markdown nested div", "a.md", func(n int) string { return repeatTo("<div>", n) }},
	{"nested div", "a.html", func(n int) string {
		return "<p>« Nous ne concurrencerons jamais nos clients », a déclaré Ada Varga.</p>" + repeatTo("<div>", n)
	}},
	{"nested blockquote", "a.html", func(n int) string { return repeatTo("<blockquote>", n) + "x" }},
	{"nested formatting", "a.html", func(n int) string { return repeatTo("<b><i>", n) + "x" }},
	{"nested formatting with attributes", "a.html", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, "<b class=c%d>", i)
		}
		return b.String()
	}},
	{"many paragraphs", "a.html", func(n int) string { return repeatTo("<p>a ", n) }},
	{"nested tables", "a.html", func(n int) string { return repeatTo("<table><tr><td>", n) }},
	{"front matter flow", "a.md", func(n int) string { return "---\ntitle: " + repeatTo("[", n) + "\n---\ntext" }},
	{"front matter maps", "a.md", func(n int) string { return "---\ntitle: " + repeatTo("{a: ", n) + "\n---\ntext" }},
}

// TestHostileLinear parses and extracts each 1 MB probe (256 KB under the
// race detector) within a generous bound that still fails on quadratic
// code, which took minutes: a probe still running after 10 s fails rather
// than stalling the run.
func TestHostileLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 1 MB probes")
	}
	size := hostileSize
	if raceBuild {
		size /= 4
	}
	reg := Builtin()
	for _, h := range hostileFiles {
		t.Run(h.name, func(t *testing.T) {
			data := []byte(h.gen(size))
			done := make(chan error, 1)
			start := time.Now()
			go func() {
				a, err := ParseArticle(h.file, data)
				if err == nil {
					Extract(a, reg)
				}
				done <- err
			}()
			select {
			case err := <-done:
				t.Logf("%d bytes in %v (%v)", len(data), time.Since(start), err)
			case <-time.After(10 * time.Second):
				t.Fatalf("ParseArticle and Extract of %d bytes still running after 10 s", len(data))
			}
		})
	}
}

// BenchmarkHostile parses and extracts probes at two sizes: equal MB/s at
// 64 KB and 1 MB is linear growth (the quadratic code lost a factor of 16).
func BenchmarkHostile(b *testing.B) {
	reg := Builtin()
	for _, name := range []string{"nested brackets", "nested links", "nested emphasis *", "emphasis openers", "nested quotes", "nested div", "nested blockquote"} {
		for _, size := range []int{64 << 10, 1 << 20} {
			b.Run(fmt.Sprintf("%s/%dKB", name, size>>10), func(b *testing.B) {
				var data []byte
				file := ""
				for _, h := range hostileFiles {
					if h.name == name {
						data, file = []byte(h.gen(size)), h.file
					}
				}
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					if a, err := ParseArticle(file, data); err == nil {
						Extract(a, reg)
					}
				}
			})
		}
	}
}
