package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trustwatch/trustwatch/corpus"
)

func TestVendorQuotes(t *testing.T) {
	fsys := fixtures(t)
	// An older article, and one without a date: the dossier goes newest
	// first, undated last.
	fsys["nimbus-old.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Nimbus early days\npublication: Data Daily\nurl: https://datadaily.example/nimbus-old\ndate: 2019-09-01\nlang: en\n---\n\"We will keep customer data in the country where it lives,\" said Ada Varga, chief technology officer of Nimbus.\n")}
	fsys["nimbus-undated.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Nimbus undated\npublication: Data Daily\nurl: https://datadaily.example/nimbus-undated\nlang: en\n---\n\"Partners are how we grow,\" said Ada Varga, chief technology officer of Nimbus.\n")}
	ix := openTest(t, t.TempDir(), nil)
	syncTest(t, ix, fsys)
	ctx := context.Background()

	t.Run("unknown vendor", func(t *testing.T) {
		_, err := ix.VendorQuotes(ctx, "nosuch", "")
		if !errors.Is(err, ErrUnknownVendor) {
			t.Errorf("VendorQuotes(nosuch) error = %v; want ErrUnknownVendor", err)
		}
	})
	t.Run("vendor without quotations", func(t *testing.T) {
		got, err := ix.VendorQuotes(ctx, "borealis", "")
		if err != nil || len(got.Quotes) != 0 || got.Vendor != "borealis" {
			t.Errorf("VendorQuotes(borealis) = %+v, %v; want no quotations, no error", got, err)
		}
	})
	t.Run("all, newest first, reprints folded", func(t *testing.T) {
		got, err := ix.VendorQuotes(ctx, "Nimbus", "")
		if err != nil {
			t.Fatal(err)
		}
		if got.Vendor != "nimbus" || got.Name == "" {
			t.Errorf("VendorQuotes(Nimbus) vendor = %q %q; want nimbus with its name", got.Vendor, got.Name)
		}
		var dates []string
		keys := map[string]bool{}
		reprinted := false
		for _, q := range got.Quotes {
			if q.Vendor != "nimbus" {
				t.Errorf("quotation of %q in nimbus's dossier: %q", q.Vendor, q.Text)
			}
			if keys[q.key] {
				t.Errorf("text shown twice: %q", q.Text)
			}
			keys[q.key] = true
			dates = append(dates, q.Article.Date)
			reprinted = reprinted || len(q.AlsoIn) > 0
		}
		if len(dates) < 4 {
			t.Fatalf("dates = %q; want at least 4 quotations", dates)
		}
		if dates[len(dates)-1] != "" || dates[len(dates)-2] != "2019-09-01" {
			t.Errorf("dates = %q; want the 2019 one next to last and the undated one last", dates)
		}
		dated := dates[:len(dates)-1]
		if !slices.IsSortedFunc(dated, func(a, b string) int { return strings.Compare(b, a) }) {
			t.Errorf("dates = %q; want newest first", dates)
		}
		if !reprinted {
			t.Errorf("no quotation lists the syndicated reprint in AlsoIn")
		}
		again, _ := ix.VendorQuotes(ctx, "nimbus", "")
		for i := range got.Quotes {
			if again.Quotes[i].Text != got.Quotes[i].Text {
				t.Fatalf("order changed between two calls at %d", i)
			}
		}
	})
	t.Run("narrowed to a topic", func(t *testing.T) {
		all, _ := ix.VendorQuotes(ctx, "nimbus", "")
		got, err := ix.VendorQuotes(ctx, "nimbus", corpus.TopicSovereignty)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Quotes) == 0 || len(got.Quotes) >= len(all.Quotes) {
			t.Errorf("sovereignty quotations = %d of %d; want some, not all", len(got.Quotes), len(all.Quotes))
		}
		for _, q := range got.Quotes {
			if !slices.Contains(q.Topics, corpus.TopicSovereignty) {
				t.Errorf("quotation %q has topics %v; want sovereignty among them", q.Text, q.Topics)
			}
		}
	})
}
