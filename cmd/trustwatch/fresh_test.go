package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAskFreshness: each ask answers from the corpus as it is, with the
// index kept in a folder across runs: an edited article from its new
// text, a deleted one not at all, a new one found. An edit that keeps the
// size and the times (touch -r) is seen by `index --full`.
func TestAskFreshness(t *testing.T) {
	corpusDir := seedCorpus(t)
	env := map[string]string{"TRUSTWATCH_CORPUS": corpusDir, "TRUSTWATCH_INDEX": t.TempDir()}
	article := filepath.Join(corpusDir, "nimbus-vaults.md")
	write := func(quote string) {
		t.Helper()
		body := "---\ntitle: Nimbus Cloud opens vaults\nlang: en\n---\nNimbus Cloud opens vaults\n\n" +
			"\"" + quote + ",\" said Ada Varga, chief executive of Nimbus Cloud.\n"
		if err := os.WriteFile(article, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, envOf(env), &stdout, &stderr); err != nil {
			t.Fatalf("run(%q): %v; stderr %s", args, err, stderr.String())
		}
		return stdout.String()
	}
	ask := func() string { t.Helper(); return cmd("ask", "--json", "orbital vaults for customer data") }

	steps := []struct {
		name         string
		change       func()
		want, reject string
	}{
		{"new", func() { write("We keep customer data in orbital vaults") }, "in orbital vaults", ""},
		{"edited", func() { write("We keep customer data in orbital vaults with two keys") }, "with two keys", "in orbital vaults\""},
		{"touched back, index --full", func() {
			st, err := os.Stat(article)
			if err != nil {
				t.Fatal(err)
			}
			write("We keep customer data in orbital vaults with six keys")
			if err := os.Chtimes(article, st.ModTime(), st.ModTime()); err != nil {
				t.Fatal(err)
			}
			cmd("index", "--full")
		}, "with six keys", "two keys"},
		{"deleted", func() {
			if err := os.Remove(article); err != nil {
				t.Fatal(err)
			}
		}, "", "Ada Varga"},
	}
	for _, s := range steps {
		s.change()
		got := ask()
		if s.want != "" && !strings.Contains(got, s.want) {
			t.Errorf("%s: ask = %s; want %q", s.name, got, s.want)
		}
		if s.reject != "" && strings.Contains(got, s.reject) {
			t.Errorf("%s: ask = %s; want no %q", s.name, got, s.reject)
		}
	}
}
