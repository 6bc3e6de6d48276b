package index

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
)

// TestPlanFollowsTheIndex asks the same questions again, from the plans
// Ask keeps, and requires the same answers; and once the index changes,
// answers from what it holds now: a person no article quoted is found
// once an article quotes them.
func TestPlanFollowsTheIndex(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, t.TempDir(), nil)
	fsys := fstest.MapFS{
		"a.md": {Data: []byte("---\ntitle: Nimbus on trust\ndate: 2024-04-02\n---\n\n\"Trust is our top priority for every customer,\" said Clara Venn, chief executive of Nimbus.\n")},
	}
	syncTest(t, ix, fsys)
	const question = "What does Zed Quorra say about trust?"
	asked := func() (Answer, string) {
		ans, err := ix.Ask(ctx, Query{Question: question})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(ans)
		if err != nil {
			t.Fatal(err)
		}
		return ans, string(b)
	}
	first, firstJSON := asked()
	if len(first.Quotes) != 0 || !strings.Contains(first.Hint, "Zed Quorra") {
		t.Fatalf("Ask(%q) before any article quotes Zed Quorra = %d quotations, hint %q; want none and a hint naming him", question, len(first.Quotes), first.Hint)
	}
	for _, q := range []string{question, "does Nimbus put trust first?", "what about trust?"} {
		a, err := ix.Ask(ctx, Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		b, err := ix.Ask(ctx, Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("Ask(%q) asked again:\n%s\nwant, as the first time:\n%s", q, jb, ja)
		}
	}
	if _, again := asked(); again != firstJSON {
		t.Errorf("Ask(%q) asked again:\n%s\nwant:\n%s", question, again, firstJSON)
	}
	fsys["b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Nimbus hires\ndate: 2024-04-03\n---\n\n\"Trust comes first at Nimbus,\" said Zed Quorra, chief trust officer of Nimbus.\n")}
	syncTest(t, ix, fsys)
	after, _ := asked()
	if len(after.Quotes) == 0 || after.Quotes[0].Speaker != "Zed Quorra" {
		t.Errorf("Ask(%q) once an article quotes him = %d quotations (hint %q); want his first", question, len(after.Quotes), after.Hint)
	}
}
