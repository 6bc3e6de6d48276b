package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/index"
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

// ask sends the slash command and returns its private answer.
func ask(t *testing.T, fake *slackfake.Server, question string) string {
	t.Helper()
	before := len(fake.CallsTo(slackfake.ResponseURLMethod))
	fake.SendSlashCommand(slackfake.SlashCommand{Text: question})
	calls, err := fake.WaitCalls(slackfake.ResponseURLMethod, before+1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	c := calls[len(calls)-1]
	return c.Text + string(c.Blocks)
}

// Reports of the watcher's Syncs that saw a change.
func added(r index.SyncReport) bool   { return r.Added > 0 }
func removed(r index.SyncReport) bool { return r.Removed > 0 }

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
	s.waitReady(t) // the folder is watched: what is written now is seen

	// Written as writers should: a hidden temporary name, then a rename.
	tmp := filepath.Join(articles, ".nimbus.md.tmp")
	if err := os.WriteFile(tmp, []byte(watchArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	final := filepath.Join(articles, "nimbus.md")
	if err := os.Rename(tmp, final); err != nil {
		t.Fatal(err)
	}
	n, written := s.events.syncs(), time.Now()
	if !s.events.syncedAfter(n, 10*time.Second, added) {
		t.Fatalf("10s after a new article, the index has not added it")
	}
	t.Logf("new article indexed after %v", time.Since(written).Round(time.Millisecond))
	const question = "does Nimbus compete with its customers?"
	if got := ask(t, fake, question); !strings.Contains(got, "Jane Roe") {
		t.Fatalf("after the index added a new article, the answer still lacks it: %s", got)
	}

	n = s.events.syncs()
	if err := os.Remove(final); err != nil {
		t.Fatal(err)
	}
	if !s.events.syncedAfter(n, 10*time.Second, removed) {
		t.Fatalf("10s after deleting the article, the index still has it")
	}
	if got := ask(t, fake, question); strings.Contains(got, "Jane Roe") {
		t.Fatalf("after the index removed the article, answers still quote it: %s", got)
	}
	s.stop(t)
}
