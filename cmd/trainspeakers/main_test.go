package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// inventedDir writes a folder of invented real-set articles: n in a tuned
// batch, the last of them held out, and one in a batch only scored.
func inventedDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	people := []string{"Jane Roe", "Omar Haddad", "Lea Moss", "Ian Ford", "Ada Stone", "Paul Martin", "Claire Fontaine"}
	var batch strings.Builder
	batch.WriteString("batch invented tuned\n")
	for i := range n + 1 {
		p, q := people[i%len(people)], people[(i+1)%len(people)]
		name := fmt.Sprintf("invented-%d.md", i)
		if i == n {
			batch.WriteString("batch later new\n")
		}
		batch.WriteString(name + "\n")
		write(name, fmt.Sprintf("---\ntitle: Invented %d\n---\n%s, chief executive of Nimbus, spoke on Monday.\n\n“We never sell customer data,” said %s.\n\n%s, an analyst, disagreed.\n\n“Nobody believes that any more.”\n\n“Our region opens in the spring,” %s added.\n", i, p, p, q, p))
		write(fmt.Sprintf("invented-%d.golden.json", i), fmt.Sprintf(`{"quotes": [
  {"fragment": "We never sell customer data", "speaker": %q, "speaker_kind": "person", "vendor": "nimbus", "labels": ["data-privacy-pledge"]},
  {"fragment": "Nobody believes that any more.", "speaker": %q, "speaker_kind": "person", "vendor": "", "labels": ["other"]},
  {"fragment": "Our region opens in the spring", "speaker": %q, "speaker_kind": "person", "vendor": "nimbus", "labels": ["other"]}
]}`, p, q, p))
	}
	write("BATCHES", batch.String())
	write("HELDOUT", fmt.Sprintf("invented-%d.md\n", n-1))
	return dir
}

// TestRun trains on invented articles, checks the figures it prints and
// the model it writes, that held-out and new articles are left out, then
// that -check accepts that model and refuses another.
func TestRun(t *testing.T) {
	dir := inventedDir(t, 7)
	out := filepath.Join(t.TempDir(), "speakers.model")
	var stdout bytes.Buffer
	if err := run([]string{"-real-dir", dir, "-out", out}, &stdout); err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, want := range []string{"6 articles", "18 quotations", "5-fold cross-validation by article", "the sieve alone", "wrote ", "vendor step:", "the rule alone (vendorAbout)"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("run output lacks %q:\n%s", want, stdout.String())
		}
	}
	model, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(model, []byte("# trustwatch speaker model")) {
		t.Fatalf("model file = %.40q, %v; want a model", model, err)
	}
	vmodel, err := os.ReadFile(filepath.Join(filepath.Dir(out), "vendors.model"))
	if err != nil || !bytes.HasPrefix(vmodel, []byte("# trustwatch vendor model")) {
		t.Fatalf("vendor model file = %.40q, %v; want a model beside the speaker model", vmodel, err)
	}
	if err := run([]string{"-real-dir", dir, "-out", out, "-check"}, &bytes.Buffer{}); err != nil {
		t.Errorf("run -check on the model just written: %v", err)
	}
	if err := os.WriteFile(out, append(model, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-real-dir", dir, "-out", out, "-check"}, &bytes.Buffer{}); err == nil {
		t.Error("run -check on a changed model = nil error; want one")
	}
}

// TestRunTooFew checks that fewer articles than folds is an error.
func TestRunTooFew(t *testing.T) {
	dir := inventedDir(t, 3)
	err := run([]string{"-real-dir", dir, "-out", filepath.Join(t.TempDir(), "m")}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "2 articles") {
		t.Errorf("run on 2 articles = %v; want an error that says so", err)
	}
}
