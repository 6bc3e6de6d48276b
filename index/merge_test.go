package index

import (
	"context"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/trustwatch/trustwatch/corpus"
)

// statementCorpus is the seed article (French) with the English article
// that quotes the same statement in the real development set.
func statementCorpus(t *testing.T) fstest.MapFS {
	t.Helper()
	const en = "crn-2022-02-althoff-slams-amazon.md"
	b, err := os.ReadFile(realDir + "/" + en)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"real/" + en: {Data: b, Mode: 0o644}}
	seed, err := corpus.List(corpus.Sample())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range seed {
		b, err := fs.ReadFile(corpus.Sample(), p)
		if err != nil {
			t.Fatal(err)
		}
		fsys["sample/"+p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return fsys
}

// TestStatementShownOnce: the statement Althoff wrote in English, quoted
// in English by one outlet and in French by the seed article, is one
// result with two sources, shown in the question's language; and the
// partial quotation the English article's lead repeats is merged into
// the full one.
func TestStatementShownOnce(t *testing.T) {
	ix, err := Open("", Options{Registry: corpus.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(context.Background(), statementCorpus(t), nil); err != nil {
		t.Fatal(err)
	}
	const (
		enID = "real/crn-2022-02-althoff-slams-amazon.md"
		frID = "sample/silicon-2022-02-microsoft-tacle-amazon.md"
		en   = "Trust is a top priority for our customers"
		fr   = "La confiance est une priorité absolue pour nos clients"
	)
	tests := []struct {
		question, lang, want, article, other, otherLang string
	}{
		{"What does Microsoft say about trust?", "", en, enID, frID, "fr"},
		{"Que dit Microsoft de la confiance ?", "", fr, frID, enID, "en"},
		{"Does Microsft compete with its customers?", "", en, enID, frID, "fr"},
		// A thread's « et en français ? » asks the same question in French.
		{"What does Microsoft say about trust?", "fr", fr, frID, enID, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.question+" "+tt.lang, func(t *testing.T) {
			ans := ask(t, ix, Query{Question: tt.question, Lang: tt.lang})
			var shown []AnswerQuote
			for _, q := range ans.Quotes {
				if q.Text == en || q.Text == fr {
					shown = append(shown, q)
				}
				if strings.HasPrefix(q.Text, "need to be able to trust") {
					t.Errorf("the partial quotation %q is shown on its own; want it merged into the full one", q.Text)
				}
			}
			if len(shown) != 1 {
				t.Fatalf("the statement is shown %d times: %q; want once", len(shown), texts(ans.Quotes))
			}
			q := shown[0]
			if q.Text != tt.want || q.Article.ID != tt.article || q.Speaker != "Judson Althoff" {
				t.Errorf("shown as %s: %q (%s); want %q (%s)", q.Speaker, q.Text, q.Article.ID, tt.want, tt.article)
			}
			var other *Source
			for i := range q.AlsoIn {
				if q.AlsoIn[i].ID == tt.other {
					other = &q.AlsoIn[i]
				}
			}
			if other == nil || other.Lang != tt.otherLang {
				t.Errorf("also_in = %+v; want %s, quoted in %s", q.AlsoIn, tt.other, tt.otherLang)
			}
		})
	}
}

// cand is a ranked candidate of a test: a quotation of an article.
func cand(article, id, text, lang string, rank float64) candidate {
	rec := quoteRecord{
		Quote:   corpus.Quote{Text: text, Speaker: "Ada Varga", Vendor: "nimbus", Lang: lang, Labels: []corpus.Label{corpus.TrustPriority}, Topics: []corpus.Topic{corpus.TopicTrust}},
		Article: Source{ID: article},
		Key:     textKey(text),
	}
	return candidate{hit: hit{id: id, rec: rec}, rank: rank}
}

// unattributed is c without a speaker.
func unattributed(c candidate) candidate {
	c.rec.Quote.Speaker = ""
	return c
}

func TestMerge(t *testing.T) {
	full := "Trust is our first priority for every customer, and it always will be"
	part := "Trust is our first priority for every customer"
	frFull := "La confiance est notre première priorité pour chaque client"
	tests := []struct {
		name  string
		in    []candidate
		lang  string
		shown []string // article:text of each result
		also  [][]string
	}{
		{"a partial ranked first gives way to the full one",
			[]candidate{cand("a", "q:a#1", part, "en", 3), cand("a", "q:a#2", full, "en", 2)}, "en",
			[]string{"a:" + full}, [][]string{nil}},
		{"a partial ranked second is dropped",
			[]candidate{cand("a", "q:a#2", full, "en", 3), cand("a", "q:a#1", part, "en", 2)}, "en",
			[]string{"a:" + full}, [][]string{nil}},
		{"a partial of another article, by the same speaker, is another source",
			[]candidate{cand("a", "q:a#2", full, "en", 3), cand("b", "q:b#1", part, "en", 2)}, "en",
			[]string{"a:" + full}, [][]string{{"b/en"}}},
		{"the same words quoted a little differently by another article are another source",
			[]candidate{cand("a", "q:a#2", "Customers clearly want us not to train on their data, so we will not do that", "en", 3),
				cand("b", "q:b#1", "Customers clearly want us to not train on their data and we will not do that", "en", 2)}, "en",
			[]string{"a:Customers clearly want us not to train on their data, so we will not do that"}, [][]string{{"b/en"}}},
		{"the same words with other figures are another statement",
			[]candidate{cand("a", "q:a#2", "We will never compete with our customers, promise number 3", "en", 3),
				cand("b", "q:b#1", "We will never compete with our customers, promise number 4", "en", 2)}, "en",
			[]string{"a:We will never compete with our customers, promise number 3", "b:We will never compete with our customers, promise number 4"}, [][]string{nil, nil}},
		{"a statement of another article sharing some words is not the same",
			[]candidate{cand("a", "q:a#2", full, "en", 3), cand("b", "q:b#1", "Trust is earned in every region where we run data centres", "en", 2)}, "en",
			[]string{"a:" + full, "b:Trust is earned in every region where we run data centres"}, [][]string{nil, nil}},
		{"not on word boundaries",
			[]candidate{cand("a", "q:a#1", part+"s", "en", 3), cand("a", "q:a#2", "our first priority for every custom", "en", 2)}, "en",
			[]string{"a:" + part + "s", "a:our first priority for every custom"}, [][]string{nil, nil}},
		{"the same words quoted twice by one article, a clause cut, are shown once",
			[]candidate{cand("a", "q:a#1", "Customers clearly want us not to train on their data. We will not do that", "en", 3),
				cand("a", "q:a#2", "Customers clearly want us not to train on their data, so we have changed our plans: we will not do that", "en", 2)}, "en",
			[]string{"a:Customers clearly want us not to train on their data. We will not do that"}, [][]string{nil}},
		{"two statements of one speaker in one article sharing some words are two",
			[]candidate{cand("a", "q:a#1", full, "en", 3), cand("a", "q:a#2", "Trust is earned in every region where we run data centres", "en", 2)}, "en",
			[]string{"a:" + full, "a:Trust is earned in every region where we run data centres"}, [][]string{nil, nil}},
		{"the same words with a speaker are shown for those without",
			[]candidate{unattributed(cand("a", "q:a#1", part, "en", 3)), cand("a", "q:a#2", part+" !", "en", 2)}, "en",
			[]string{"a:" + part + " !"}, [][]string{nil}},
		{"the same words without a speaker give way to none",
			[]candidate{cand("a", "q:a#2", part+" !", "en", 3), unattributed(cand("a", "q:a#1", part, "en", 2))}, "en",
			[]string{"a:" + part + " !"}, [][]string{nil}},
		{"a translation is another source",
			[]candidate{cand("a", "q:a#2", full, "en", 3), cand("b", "q:b#1", frFull, "fr", 2)}, "en",
			[]string{"a:" + full}, [][]string{{"b/fr"}}},
		{"shown in the question's language",
			[]candidate{cand("a", "q:a#2", full, "en", 3), cand("b", "q:b#1", frFull, "fr", 2)}, "fr",
			[]string{"b:" + frFull}, [][]string{{"a/en"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := merge(tt.in, tt.lang)
			var shown []string
			var also [][]string
			for _, r := range rs {
				shown = append(shown, r.rec.Article.ID+":"+r.rec.Quote.Text)
				var a []string
				for _, s := range r.translations {
					a = append(a, s.ID+"/"+s.Lang)
				}
				also = append(also, a)
			}
			if !slices.Equal(shown, tt.shown) {
				t.Errorf("shown %q; want %q", shown, tt.shown)
			}
			if !slices.EqualFunc(also, tt.also, slices.Equal) {
				t.Errorf("translations %q; want %q", also, tt.also)
			}
		})
	}
}

func TestTranslation(t *testing.T) {
	en := cand("a", "q:a#1", "Trust is a top priority for our customers in healthcare", "en", 0).rec
	fr := cand("b", "q:b#1", "La confiance est une priorité absolue pour nos clients de la santé", "fr", 0).rec
	other := func(f func(r *quoteRecord)) quoteRecord {
		r := fr
		r.Quote.Labels = slices.Clone(fr.Quote.Labels)
		f(&r)
		return r
	}
	tests := []struct {
		name string
		b    quoteRecord
		want bool
	}{
		{"the same statement in French", fr, true},
		{"the same surname", other(func(r *quoteRecord) { r.Quote.Speaker = "A. Varga" }), true},
		{"another speaker", other(func(r *quoteRecord) { r.Quote.Speaker = "Ben Okafor" }), false},
		{"no speaker", other(func(r *quoteRecord) { r.Quote.Speaker = "" }), false},
		{"another vendor", other(func(r *quoteRecord) { r.Quote.Vendor = "borealis" }), false},
		{"the same language", other(func(r *quoteRecord) { r.Quote.Lang = "en" }), false},
		{"the same article", other(func(r *quoteRecord) { r.Article.ID = "a" }), false},
		{"no stance or topic in common", other(func(r *quoteRecord) {
			r.Quote.Labels, r.Quote.Topics = []corpus.Label{corpus.SovereigntyPledge}, []corpus.Topic{corpus.TopicSovereignty}
		}), false},
		{"a topic only needs four concepts in common", other(func(r *quoteRecord) {
			r.Quote.Labels = []corpus.Label{corpus.Other}
			r.Quote.Text = "La confiance avant tout"
		}), false},
		{"other words", other(func(r *quoteRecord) { r.Quote.Text = "Nous ouvrons une région à Lyon en 2027" }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := translation(en, tt.b); got != tt.want {
				t.Errorf("translation(%q, %q) = %v; want %v", en.Quote.Text, tt.b.Quote.Text, got, tt.want)
			}
		})
	}
}
