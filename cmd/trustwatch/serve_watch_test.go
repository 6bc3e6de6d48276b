package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// An invented vendor and an invented person: test articles never put
// words in a real person's mouth.
const watchVendors = `vendors:
  - id: nimbus
    name: Nimbus Cloud
    aliases: [Nimbus, Nimbus Cloud]
    people: [Jane Roe]
`

const watchArticle = `---
title: "Nimbus Cloud pledges to stay out of its customers' markets"
publication: The Example Times
url: https://news.example.com/nimbus-pledge
date: 2026-11-20
lang: en
---
Nimbus Cloud wants to reassure the retailers that run on its platform.

"We will never compete with our customers, whatever market they are in," said Jane Roe, chief executive of Nimbus Cloud.
`

// askUntil sends the slash command until its private answer satisfies ok
// or the deadline passes, asking again each time serve logs that the
// index was updated; it returns the last answer.
func askUntil(t *testing.T, s *serving, fake *slackfake.Server, question string, deadline time.Time, ok func(string) bool) string {
	t.Helper()
	var last string
	for time.Now().Before(deadline) {
		updates := s.stderr.count(indexUpdated)
		before := len(fake.CallsTo(slackfake.ResponseURLMethod))
		fake.SendSlashCommand(slackfake.SlashCommand{Text: question})
		calls, err := fake.WaitCalls(slackfake.ResponseURLMethod, before+1, serveWait)
		if err != nil {
			t.Fatal(err)
		}
		c := calls[len(calls)-1]
		last = c.Text + string(c.Blocks)
		if ok(last) {
			return last
		}
		s.stderr.waitCount(indexUpdated, updates, deadline)
	}
	return last
}

// indexUpdated is what serve logs after bringing the index up to date
// with the corpus.
const indexUpdated = "index updated"

func TestServeFollowsCorpusChanges(t *testing.T) {
	dir := t.TempDir()
	articles := filepath.Join(dir, "articles")
	if err := os.Mkdir(articles, 0o755); err != nil {
		t.Fatal(err)
	}
	vendors := filepath.Join(dir, "vendors.yaml")
	if err := os.WriteFile(vendors, []byte(watchVendors), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := slackfake.New(t)
	s := startServe(t, slackEnv(t, fake, map[string]string{
		"TRUSTWATCH_CORPUS":  articles,
		"TRUSTWATCH_VENDORS": vendors,
	}))
	if err := fake.WaitConnections(1, serveWait); err != nil {
		t.Fatal(err)
	}

	// Written as writers should: a hidden temporary name, then a rename.
	tmp := filepath.Join(articles, ".nimbus.md.tmp")
	if err := os.WriteFile(tmp, []byte(watchArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	final := filepath.Join(articles, "nimbus.md")
	if err := os.Rename(tmp, final); err != nil {
		t.Fatal(err)
	}
	added := time.Now()
	has := func(s string) bool { return strings.Contains(s, "Jane Roe") }
	if got := askUntil(t, s, fake, "does Nimbus compete with its customers?", added.Add(10*time.Second), has); !has(got) {
		t.Fatalf("10s after a new article, the answer still lacks it: %s", got)
	}
	t.Logf("new article answered after %v", time.Since(added).Round(time.Millisecond))

	if err := os.Remove(final); err != nil {
		t.Fatal(err)
	}
	removed := time.Now()
	gone := func(s string) bool { return !has(s) }
	if got := askUntil(t, s, fake, "does Nimbus compete with its customers?", removed.Add(10*time.Second), gone); !gone(got) {
		t.Fatalf("10s after deleting the article, answers still quote it: %s", got)
	}
	s.stop(t)
}
