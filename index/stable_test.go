package index

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// tiedCorpus is a corpus whose quotations score alike for generic
// questions: every article carries the same no-compete quotation, and two
// more whose words differ only by a word of their own, so that equal
// scores are the rule, not the exception. extra adds articles that the
// second build indexes and then deletes.
func tiedCorpus(n, extra int) (all, extras fstest.MapFS) {
	all, extras = fstest.MapFS{}, fstest.MapFS{}
	people := []string{"Clara Venn, chief executive of Nimbus", "Marc Delorme, head of Quillon", "Ivo Brandt, founder of Borealis"}
	for i := range n + extra {
		name := fmt.Sprintf("tied/a%03d.md", i)
		text := fmt.Sprintf(`---
title: "Cloud vendors on trust, part %[1]d"
publication: Tie Weekly
url: https://ties.example/%[1]d
date: 2024-05-%02[2]d
lang: en
---
Cloud vendors on trust, part %[1]d

"We will never compete with our customers," said %[3]s.

"Our customers keep their data in Europe, in region r%[1]dx," said %[4]s.

"Trust is our top priority for every customer of unit u%[1]dx," said %[5]s.
`, i, 1+i%28, people[i%3], people[(i+1)%3], people[(i+2)%3])
		f := &fstest.MapFile{Data: []byte(text)}
		if i < n {
			all[name] = f
		} else {
			extras[name] = f
		}
	}
	return all, extras
}

// answerKey is what two builds of the same corpus must agree on: which
// quotations an answer shows, in which order, from which articles.
func answerKey(a Answer) []string {
	var out []string
	for _, q := range a.Quotes {
		also := make([]string, len(q.AlsoIn))
		for i, s := range q.AlsoIn {
			also[i] = s.ID
		}
		out = append(out, fmt.Sprintf("%s@%d %.4f %q also %v", q.Article.ID, q.Start, q.Score, q.Text, also))
	}
	return out
}

// twoBuilds indexes the tied corpus twice into fresh folders: once in one
// sync, once in shuffled batches with deletions between, in small
// segments in each of the two parts.
func twoBuilds(t *testing.T) (one, two *Index) {
	t.Helper()
	old := batchDocs
	batchDocs = 7 // several small segments per part
	t.Cleanup(func() { batchDocs = old })
	all, extras := tiedCorpus(60, 12)
	c := &clock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}

	one = openTest(t, t.TempDir(), c)
	syncTest(t, one, all)

	two = openTest(t, t.TempDir(), c)
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	slices.Sort(names)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	step := fstest.MapFS{}
	for n, f := range extras {
		step[n] = f
	}
	for k, n := range names {
		step[n] = all[n]
		if k%17 == 16 {
			syncTest(t, two, step)
		}
	}
	syncTest(t, two, step)
	for n := range extras {
		delete(step, n)
	}
	if rep := syncTest(t, two, step); rep.Removed == 0 {
		t.Fatalf("second build removed no article; want the %d extras removed", len(extras))
	}

	return one, two
}

// TestStableTies builds the same corpus twice into fresh index folders,
// once in one sync and once in shuffled batches with deletions between
// (several segments in each of the two parts), and requires the same
// answers, ids and order, to generic questions.
func TestStableTies(t *testing.T) {
	one, two := twoBuilds(t)

	questions := []string{
		"do vendors compete with their customers?",
		"is customer data kept in Europe?",
		"what do they say about trust?",
		"customers",
		"trust priority",
		"what does Nimbus say about trust?",
		"Borealis",
		"does Quillon compete with customers?",
	}
	for _, q := range questions {
		for _, limit := range []int{3, 5, 10} {
			t.Run(fmt.Sprintf("%s/%d", q, limit), func(t *testing.T) {
				ctx := context.Background()
				a, err := one.Ask(ctx, Query{Question: q, Limit: limit})
				if err != nil {
					t.Fatal(err)
				}
				b, err := two.Ask(ctx, Query{Question: q, Limit: limit})
				if err != nil {
					t.Fatal(err)
				}
				ka, kb := answerKey(a), answerKey(b)
				if len(ka) == 0 {
					t.Fatalf("Ask(%q) found nothing; want quotations", q)
				}
				if !slices.Equal(ka, kb) {
					t.Errorf("Ask(%q) differs between two builds of the same corpus:\n one: %s\n two: %s", q, strings.Join(ka, "\n      "), strings.Join(kb, "\n      "))
				}
				ja, err := json.Marshal(a)
				if err != nil {
					t.Fatal(err)
				}
				jb, err := json.Marshal(b)
				if err != nil {
					t.Fatal(err)
				}
				if string(ja) != string(jb) {
					t.Errorf("Ask(%q) answers differ (stances, sources or hint):\n one: %s\n two: %s", q, ja, jb)
				}
			})
		}
	}
}

// TestStableListings holds vendor cards, what is new and the statistics
// to the same: two builds of the same corpus list the same things in the
// same order.
func TestStableListings(t *testing.T) {
	one, two := twoBuilds(t)
	ctx := context.Background()
	same := func(what string, a, b any) {
		t.Helper()
		ja, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		jb, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if string(ja) != string(jb) {
			t.Errorf("%s differs between two builds of the same corpus:\n one: %s\n two: %s", what, ja, jb)
		}
	}
	for _, v := range []string{"nimbus", "quillon", "borealis"} {
		for _, limit := range []int{3, 10} {
			a, err := one.Vendor(ctx, v, limit)
			if err != nil {
				t.Fatal(err)
			}
			b, err := two.Vendor(ctx, v, limit)
			if err != nil {
				t.Fatal(err)
			}
			same(fmt.Sprintf("Vendor(%s, %d)", v, limit), a, b)
		}
	}
	since := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a, err := one.Since(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	b, err := two.Since(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	same("Since", a, b)
	sa, err := one.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := two.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same("Stats", sa, sb)
}
