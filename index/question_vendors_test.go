package index

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestAskNamesQuotedVendors asks about a vendor the registry does not
// list, which an article names in its front matter: the question names
// it, misspelt or not, and its quotation comes first.
func TestAskNamesQuotedVendors(t *testing.T) {
	ix := openTest(t, "", nil)
	fsys := fixtures(t)
	fsys["zephyrix.md"] = &fstest.MapFile{Data: []byte(`---
title: "Zephyrix moves its customers' data"
publication: Cloud Ledger
url: https://cloudledger.example/zephyrix
date: 2024-06-01
lang: en
vendors: [zephyrix]
---
Zephyrix moves its customers' data

"Every customer's data is now stored in Zurich, under Swiss law," the company said in a statement.
`)}
	syncTest(t, ix, fsys)
	for _, question := range []string{"where does Zephyrix keep customer data?", "where does zephyrex keep customer data?"} {
		ans := ask(t, ix, Query{Question: question})
		if !slices.Contains(ans.Vendors, "zephyrix") {
			t.Errorf("Ask(%q).Vendors = %v; want zephyrix", question, ans.Vendors)
		}
		if len(ans.Quotes) == 0 || !strings.Contains(ans.Quotes[0].Text, "Zurich") || ans.Quotes[0].OtherVendor {
			t.Errorf("Ask(%q) = %q; want Zephyrix's quotation first", question, texts(ans.Quotes))
		}
	}
}
