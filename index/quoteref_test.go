package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/trustwatch/trustwatch/corpus"
)

// TestQuoteRefStable: a quotation's Ref is the same in a rebuilt index
// (its folder deleted), Quote finds it there, and finds nothing once the
// article is gone or for what is not a Ref.
func TestQuoteRefStable(t *testing.T) {
	ctx := context.Background()
	fsys := fixtures(t)
	dir := filepath.Join(t.TempDir(), "ix")
	ix := openTest(t, dir, nil)
	syncTest(t, ix, fsys)
	a, err := ix.Ask(ctx, Query{Question: "does Nimbus compete with its customers?", Limit: 5})
	if err != nil || len(a.Quotes) == 0 {
		t.Fatalf("Ask = %d quotes, %v; want some", len(a.Quotes), err)
	}
	q := a.Quotes[0]
	ref := q.Ref()
	if ref != QuoteRef(q.Article.ID, q.Text) {
		t.Errorf("Ref() = %q; QuoteRef = %q", ref, QuoteRef(q.Article.ID, q.Text))
	}
	if len(ref) > 40 {
		t.Errorf("Ref() = %q: %d bytes, too long for a Slack option value with its prefix", ref, len(ref))
	}
	got, ok, err := ix.Quote(ctx, ref)
	if err != nil || !ok || got.Text != q.Text || got.Article.ID != q.Article.ID || got.Ref() != ref {
		t.Fatalf("Quote(%q) = %q in %q, %v, %v; want %q in %q", ref, got.Text, got.Article.ID, ok, err, q.Text, q.Article.ID)
	}

	ix.Close()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	ix = openTest(t, dir, nil)
	syncTest(t, ix, fsys)
	if got, ok, err := ix.Quote(ctx, ref); err != nil || !ok || got.Text != q.Text {
		t.Errorf("after a deleted index folder, Quote(%q) = %q, %v, %v; want %q", ref, got.Text, ok, err, q.Text)
	}

	delete(fsys, q.Article.ID)
	syncTest(t, ix, fsys)
	if got, ok, err := ix.Quote(ctx, ref); err != nil || ok {
		t.Errorf("article deleted: Quote(%q) = %q, %v, %v; want nothing", ref, got.Text, ok, err)
	}
	for _, bad := range []string{"", "x", "q:" + q.Article.ID + "#0", "<!channel>-deadbeef", ref + "0"} {
		if _, ok, err := ix.Quote(ctx, bad); ok || err != nil {
			t.Errorf("Quote(%q) = %v, %v; want nothing, no error", bad, ok, err)
		}
	}
}

// TestRestate: after a quotation's labels change, the stances say so.
func TestRestate(t *testing.T) {
	a := Answer{Quotes: []AnswerQuote{{Quote: corpus.Quote{Text: "We put trust first.", Vendor: "aws", Labels: []corpus.Label{corpus.Other}},
		Article: Source{ID: "a.md", Title: "A"}}}}
	a.Quotes[0].Labels = []corpus.Label{corpus.TrustPriority}
	Restate(&a, nil)
	if len(a.Stances) != 1 || len(a.Stances[0].Labels) != 1 || a.Stances[0].Labels[0] != corpus.TrustPriority || a.Stances[0].Name != "Amazon Web Services" {
		t.Errorf("Restate stances = %+v; want Amazon Web Services with trust-priority", a.Stances)
	}
	if len(a.Sources) != 1 || a.Sources[0].ID != "a.md" {
		t.Errorf("Restate sources = %+v; want a.md", a.Sources)
	}
}
