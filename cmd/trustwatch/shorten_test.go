package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// longQuoteCorpus is a corpus of one article whose quotation is 100 KB.
func longQuoteCorpus(t *testing.T) (dir, file string) {
	t.Helper()
	dir = t.TempDir()
	words := strings.Repeat("customers trust us with their data and we keep it ", 2000)
	text := "---\ntitle: A long speech\npublication: Example Daily\ndate: 2024-05-01\n---\n\n" +
		"Ada Varga, chief executive of Microsoft, said: “We will never compete with our customers. " + words + "That is all.”\n"
	file = filepath.Join(dir, "speech.md")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

// TestLongQuotationShortened: the terminal and JSON show a quotation of
// 100 KB shortened to corpus.ShownQuote characters, ending with "…".
func TestLongQuotationShortened(t *testing.T) {
	dir, file := longQuoteCorpus(t)
	env := envOf(map[string]string{"TRUSTWATCH_CORPUS": dir, "TRUSTWATCH_INDEX": t.TempDir()})
	check := func(t *testing.T, what, text string) {
		t.Helper()
		if n := utf8.RuneCountInString(text); n > corpus.ShownQuote || !strings.HasSuffix(text, "…") {
			t.Errorf("%s: quotation of %d characters ending %q; want at most %d ending with …", what, n, text[max(0, len(text)-20):], corpus.ShownQuote)
		}
	}
	runOK := func(t *testing.T, args ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, env, &stdout, &stderr); err != nil {
			t.Fatalf("run(%q) = %v; stderr %s", args, err, stderr.String())
		}
		return stdout.Bytes()
	}

	t.Run("ask --json", func(t *testing.T) {
		var ans index.Answer
		if err := json.Unmarshal(runOK(t, "ask", "--json", "does Microsoft compete with its customers?"), &ans); err != nil {
			t.Fatal(err)
		}
		if len(ans.Quotes) == 0 {
			t.Fatal("ask --json found no quotation")
		}
		check(t, "ask --json", ans.Quotes[0].Text)
	})
	t.Run("ask", func(t *testing.T) {
		out := string(runOK(t, "ask", "does Microsoft compete with its customers?"))
		if len(out) > 4*corpus.ShownQuote || !strings.Contains(out, "…”") {
			t.Errorf("ask printed %d bytes; want the quotation shortened:\n%.300s", len(out), out)
		}
	})
	t.Run("quotes --json", func(t *testing.T) {
		var q corpus.Quote
		if err := json.Unmarshal(runOK(t, "quotes", "--json", file), &q); err != nil {
			t.Fatal(err)
		}
		check(t, "quotes --json", q.Text)
	})
	t.Run("quotes", func(t *testing.T) {
		if out := runOK(t, "quotes", file); len(out) > 4*corpus.ShownQuote {
			t.Errorf("quotes printed %d bytes; want the quotation shortened", len(out))
		}
	})
	t.Run("digest --json", func(t *testing.T) {
		var d digest.Digest
		if err := json.Unmarshal(runOK(t, "digest", "--json"), &d); err != nil {
			t.Fatal(err)
		}
		if len(d.Vendors) == 0 || len(d.Vendors[0].Quotes) == 0 || len(d.Changes) == 0 {
			t.Fatalf("digest --json has no quotation or change: %+v", d)
		}
		check(t, "digest --json", d.Vendors[0].Quotes[0].Text)
		check(t, "digest --json change", d.Changes[0].Quote.Text)
	})
	t.Run("digest", func(t *testing.T) {
		if out := runOK(t, "digest"); len(out) > 4*corpus.ShownQuote {
			t.Errorf("digest printed %d bytes; want the quotation shortened", len(out))
		}
	})
}

// TestShortenHighlight: a highlight cut inside a mark is closed.
func TestShortenHighlight(t *testing.T) {
	h := strings.Repeat("a ", 5) + index.MarkStart + strings.Repeat("b", 50) + index.MarkEnd
	got := shortenHighlight(h, 20)
	if strings.Count(got, index.MarkStart) != strings.Count(got, index.MarkEnd) || !strings.HasSuffix(got, "…") {
		t.Errorf("shortenHighlight(%q) = %q; want the mark closed and …", h, got)
	}
}
