package index

import (
	"strings"
	"testing"
	"testing/fstest"
)

// An invented article: Nimbus's chief executive speaks of its partner
// Borealis, and another Nimbus spokesperson of something else.
const allianceArticle = `---
title: "Nimbus and Borealis sign a cloud alliance"
publication: Cloud Ledger
url: https://cloudledger.example/nimbus-borealis
date: 2024-07-01
lang: en
---
Nimbus and Borealis sign a cloud alliance

"Borealis has been a partner we can count on for years, and this alliance deepens it," said Clara Venn, chief executive officer of Nimbus.

"Our customers asked us for more regions, and we listened to them," said Tomas Reyes, head of sales at Nimbus.

"Nimbus brings us the regions our own customers were asking for," said Ivo Brandt, founder of Borealis.
`

// TestAskReadsRolesAndOtherVendors: a role the question names is the
// vendor's people whose titles give it; a question naming two vendors
// finds what one says of the other; a spokesperson's surname alone
// searches their vendor's quotations too.
func TestAskReadsRolesAndOtherVendors(t *testing.T) {
	ix := openTest(t, "", nil)
	fsys := fixtures(t)
	fsys["nimbus-borealis.md"] = &fstest.MapFile{Data: []byte(allianceArticle)}
	syncTest(t, ix, fsys)
	if ans := ask(t, ix, Query{Question: "what did the Nimbus CEO say?", Limit: 3}); len(ans.Quotes) == 0 || ans.Quotes[0].Speaker != "Clara Venn" {
		t.Errorf("Ask(the Nimbus CEO) = %q; want Clara Venn's first", texts(ans.Quotes))
	}
	for _, tc := range []struct{ question, words string }{
		{"what does Nimbus think of Borealis?", "partner we can count on"},
		{"what does brandt say about nimbus", "Nimbus brings us"},
	} {
		ans := ask(t, ix, Query{Question: tc.question, Limit: 3})
		found := false
		for _, q := range ans.Quotes {
			found = found || strings.Contains(q.Text, tc.words) && !q.OtherVendor
		}
		if !found {
			t.Errorf("Ask(%q) = %q; want %q among them", tc.question, texts(ans.Quotes), tc.words)
		}
	}
	qq := ix.read(t.Context(), "what did the Nimbus CEO and Borealis say?", nil)
	if len(qq.roles) != 1 || len(qq.roles[0].vendors) != 1 || qq.roles[0].vendors[0] != "nimbus" {
		t.Errorf("roles of a CEO named after Nimbus = %+v; want one, of nimbus", qq.roles)
	}
}
