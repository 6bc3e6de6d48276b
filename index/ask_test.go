package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trustwatch/trustwatch/corpus"
)

// fixtureIndex is an index in memory of the invented corpus.
func fixtureIndex(t testing.TB) *Index {
	t.Helper()
	ix := openTest(t, "", nil)
	syncTest(t, ix, fixtures(t))
	return ix
}

func ask(t testing.TB, ix *Index, q Query) Answer {
	t.Helper()
	ans, err := ix.Ask(context.Background(), q)
	if err != nil {
		t.Fatalf("Ask(%q): %v", q.Question, err)
	}
	return ans
}

func texts(qs []AnswerQuote) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Speaker + ": " + q.Text
	}
	return out
}

func TestAsk(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		name, question string
		vendors        []string
		wantFirst      string // fragment of the first quotation; "" for none
		wantVendor     string // vendor of the first quotation
		wantHint       string // fragment of the hint; "" for no hint
		other          bool   // the quotations shown are other vendors'
	}{
		{name: "english finds french", question: "Will Quillon keep customer data in Europe?", wantFirst: "restent en Europe", wantVendor: "quillon"},
		{name: "french finds english", question: "Nimbus entraîne-t-il ses modèles sur les données des clients ?", wantFirst: "do not train our models", wantVendor: "nimbus"},
		{name: "accent folding", question: "Quillon etat controle", wantFirst: "État doit pouvoir", wantVendor: "quillon"},
		{name: "misspelled vendor narrows", question: "What does Nimbis say about trust?", wantFirst: "Trust is our top priority", wantVendor: "nimbus"},
		{name: "vendor in capitals", question: "ORBITEK et ses concurrents ?", wantFirst: "nous avons des concurrents", wantVendor: "orbitek"},
		{name: "vendor flag overrides", question: "what about competitors?", vendors: []string{"orbitek"}, wantFirst: "concurrents", wantVendor: "orbitek"},
		{name: "registry vendor absent from corpus abstains", question: "What does Borealis say about trust?", wantHint: "no quotations from Borealis Compute"},
		{name: "unknown company abstains", question: "What does Initech say about trust?", wantHint: "no quotations from Initech"},
		{name: "unknown company lower case abstains", question: "what does initech say about customer data?", wantHint: "no quotations from initech"},
		{name: "unknown company before a French inverted verb abstains", question: "initech a-t-il accès à nos données ?", wantHint: "no quotations from initech"},
		{name: "unknown company before a French inverted verb, no hyphens", question: "initech garantit il la souveraineté", wantHint: "no quotations from initech"},
		{name: "vendor without a matching quotation", question: "Does Tessaract keep data under European sovereignty?", wantFirst: "restent en Europe", wantHint: "No quotation from Tessaract Data matches", other: true},
		{name: "spokesperson never quoted", question: "What does Tomas Reyes say about trust?", wantFirst: "Trust is our top priority", wantVendor: "nimbus", wantHint: "no quotations from Tomas Reyes"},
		{name: "spokesperson quoted", question: "What did Marc Delorme say about the state?", wantFirst: "État doit pouvoir", wantVendor: "quillon"},
		{name: "place names are not companies", question: "Is customer data kept in France by anyone?", wantFirst: "restent en Europe", wantVendor: "quillon"},
		{name: "nothing matches", question: "zebra xylophone quokka", wantHint: "Nothing in the corpus matches"},
		{name: "only stop words", question: "what is the?", wantHint: "Ask about"},
		{name: "empty", question: "   ", wantHint: "Ask a question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := ask(t, ix, Query{Question: tt.question, Vendors: tt.vendors})
			if tt.wantFirst == "" && len(ans.Quotes) > 0 {
				t.Errorf("Ask(%q) quotes = %q; want none", tt.question, texts(ans.Quotes))
			}
			if tt.wantFirst != "" {
				if len(ans.Quotes) == 0 {
					t.Fatalf("Ask(%q) = no quotes (hint %q); want %q first", tt.question, ans.Hint, tt.wantFirst)
				}
				if q := ans.Quotes[0]; !strings.Contains(q.Text, tt.wantFirst) {
					t.Errorf("Ask(%q)[0] = %q; want %q (all: %q)", tt.question, q.Text, tt.wantFirst, texts(ans.Quotes))
				}
				if tt.wantVendor != "" && ans.Quotes[0].Vendor != tt.wantVendor {
					t.Errorf("Ask(%q)[0].Vendor = %q; want %q", tt.question, ans.Quotes[0].Vendor, tt.wantVendor)
				}
			}
			if !strings.Contains(ans.Hint, tt.wantHint) || (tt.wantHint == "" && ans.Hint != "") {
				t.Errorf("Ask(%q).Hint = %q; want %q", tt.question, ans.Hint, tt.wantHint)
			}
			for _, q := range ans.Quotes {
				if q.OtherVendor != tt.other {
					t.Errorf("Ask(%q): quote %q OtherVendor = %v; want %v", tt.question, q.Text, q.OtherVendor, tt.other)
				}
			}
		})
	}
}

func TestAskDedupAlsoIn(t *testing.T) {
	ix := fixtureIndex(t)
	ans := ask(t, ix, Query{Question: "Does Nimbus compete with its customers?"})
	if len(ans.Quotes) == 0 {
		t.Fatalf("no quotes; hint %q", ans.Hint)
	}
	n := 0
	for _, q := range ans.Quotes {
		if strings.Contains(q.Text, "never compete with our customers") {
			n++
			if len(q.AlsoIn) != 1 {
				t.Errorf("quote %q AlsoIn = %v; want the other article", q.Text, q.AlsoIn)
			}
		}
	}
	if n != 1 {
		t.Errorf("the syndicated quotation is shown %d times; want once", n)
	}
	if len(ans.Sources) < 2 {
		t.Errorf("Sources = %v; want both articles", ans.Sources)
	}
	if len(ans.Stances) == 0 || ans.Stances[0].Vendor != "nimbus" || !strings.Contains(ans.Stances[0].Summary, "Nimbus Systems") {
		t.Errorf("Stances = %+v; want Nimbus's", ans.Stances)
	}
}

func TestAskHighlight(t *testing.T) {
	ix := fixtureIndex(t)
	ans := ask(t, ix, Query{Question: "Quillon etat"})
	if len(ans.Quotes) == 0 {
		t.Fatalf("no quotes; hint %q", ans.Hint)
	}
	for _, q := range ans.Quotes {
		if strings.Contains(q.Text, "État") {
			if !strings.Contains(q.Highlight, MarkStart+"État"+MarkEnd) {
				t.Errorf("Highlight = %q; want État marked", q.Highlight)
			}
			plain := strings.NewReplacer(MarkStart, "", MarkEnd, "").Replace(q.Highlight)
			if plain != q.Text {
				t.Errorf("Highlight without marks = %q; want the text %q", plain, q.Text)
			}
			return
		}
	}
	t.Errorf("no quotation with État in %q", texts(ans.Quotes))
}

func TestAskLongQuestionIsCut(t *testing.T) {
	ix := fixtureIndex(t)
	long := "Does Nimbus put trust first? " + strings.Repeat("trust ", 400)
	ans := ask(t, ix, Query{Question: long})
	if ans.Note == "" {
		t.Error("Note is empty; want it to say the question was cut")
	}
	if n := len([]rune(ans.Question)); n > MaxQuestion {
		t.Errorf("answered question has %d characters; want at most %d", n, MaxQuestion)
	}
}

func TestAskSyntaxNeverErrors(t *testing.T) {
	ix := fixtureIndex(t)
	for _, q := range []string{
		"trust?", "+trust -compete", "vendor:nimbus", "trust^2", "trust~", "tru*", `"trust`, "(trust", "trust)",
		"{trust}", "[trust]", `+-:^~*"(){}[]`, "?", "*", "\\", "a && b || !c", "/regex/", "Nimbus AND NOT trust",
		"\x00\xff", strings.Repeat("?", 2000),
	} {
		if _, err := ix.Ask(context.Background(), Query{Question: q}); err != nil {
			t.Errorf("Ask(%q) = %v; want no error", q, err)
		}
	}
}

func TestAskLimit(t *testing.T) {
	ix := fixtureIndex(t)
	ans := ask(t, ix, Query{Question: "customers trust data", Limit: 2})
	if len(ans.Quotes) > 2 {
		t.Errorf("Limit 2: %d quotes", len(ans.Quotes))
	}
}

func TestVendorCard(t *testing.T) {
	ix := fixtureIndex(t)
	ans, err := ix.Vendor(context.Background(), "quilon", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Quotes) == 0 || ans.Quotes[0].Vendor != "quillon" || len(ans.Stances) != 1 {
		t.Errorf("Vendor(quilon) = %+v; want Quillon's card", ans)
	}
	if _, err := ix.Vendor(context.Background(), "initech", 5); err == nil {
		t.Error("Vendor(initech) = nil error; want ErrUnknownVendor")
	}
	ans, err = ix.Vendor(context.Background(), "borealis", 5)
	if err != nil || len(ans.Quotes) != 0 || ans.Hint == "" {
		t.Errorf("Vendor(borealis) = %+v, %v; want no quotes and a hint", ans, err)
	}
	cards, err := ix.Compare(context.Background(), "nimbus", "orbitek", 3)
	if err != nil || len(cards) != 2 || cards[0].Vendors[0] != "nimbus" || cards[1].Vendors[0] != "orbitek" {
		t.Errorf("Compare(nimbus, orbitek) = %+v, %v", cards, err)
	}
	st, err := ix.Stats(context.Background())
	if err != nil || st.Articles != len(fixtures(t)) || len(st.Publications) == 0 || st.Newest != "2024-06-20" {
		t.Errorf("Stats = %+v, %v", st, err)
	}
}

// labelledQuestion is one entry of testdata/questions.json.
type labelledQuestion struct {
	Question string       `json:"question"`
	Fragment string       `json:"fragment"`
	Speaker  string       `json:"speaker"`
	Vendor   string       `json:"vendor"`
	Label    corpus.Label `json:"label"`
}

// TestQuestionSet reports the top-3 hit rate on the labelled questions
// and holds it above a floor.
func TestQuestionSet(t *testing.T) {
	const floor = 0.8
	b, err := os.ReadFile("testdata/questions.json")
	if err != nil {
		t.Fatal(err)
	}
	var qs []labelledQuestion
	if err := json.Unmarshal(b, &qs); err != nil {
		t.Fatalf("testdata/questions.json: %v", err)
	}
	ix := fixtureIndex(t)
	hits := 0
	for _, lq := range qs {
		ans := ask(t, ix, Query{Question: lq.Question, Limit: 3})
		found := false
		for _, q := range ans.Quotes {
			if strings.Contains(q.Text, lq.Fragment) && (lq.Vendor == "" || q.Vendor == lq.Vendor) {
				found = true
			}
		}
		if found {
			hits++
		} else {
			t.Logf("miss: %q: want %q; got %q (hint %q)", lq.Question, lq.Fragment, texts(ans.Quotes), ans.Hint)
		}
	}
	rate := float64(hits) / float64(len(qs))
	t.Logf("top-3 hit rate: %d/%d = %.2f", hits, len(qs), rate)
	if rate < floor {
		t.Errorf("top-3 hit rate %.2f; want at least %.2f", rate, floor)
	}
}

// TestAskAlsoInMany: a quotation carried by more articles than the first
// search for other sources asks for still lists them all.
func TestAskAlsoInMany(t *testing.T) {
	ix := openTest(t, t.TempDir(), nil)
	fsys := fstest.MapFS{}
	for i := range 30 {
		fsys[fmt.Sprintf("wire-%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\ntitle: Outlet %d runs the wire story\nlang: en\n---\nWire\n\n\"We will never compete with our customers,\" said Clara Venn, chief executive of Nimbus.\n", i))}
	}
	syncTest(t, ix, fsys)
	ans := ask(t, ix, Query{Question: "does Nimbus compete with its customers?", Limit: 1})
	if len(ans.Quotes) != 1 {
		t.Fatalf("%d quotes; want 1 (hint %q)", len(ans.Quotes), ans.Hint)
	}
	if got := len(ans.Quotes[0].AlsoIn); got != 29 {
		t.Errorf("AlsoIn lists %d articles; want the other 29", got)
	}
}
