//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// linkCorpus is the seed corpus plus, in the corpus folder:
//
//	x.md       -> outside/p, a FIFO (issue 11's repro)
//	y.md       -> pipe, a FIFO inside the corpus
//	passwd.md  -> outside/passwd.md
//	in.md      -> the seed article (a link inside, which works)
//
// A reader stuck opening a FIFO is released when the test ends.
func linkCorpus(t *testing.T) string {
	t.Helper()
	dir, outside := seedCorpus(t), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "passwd.md"), []byte("root:x:0:0:root:/root:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(outside, "p"), filepath.Join(dir, "pipe")} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		t.Cleanup(func() {
			if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		})
	}
	seed, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(seed) != 1 {
		t.Fatalf("seed corpus = %q, %v; want one article", seed, err)
	}
	for link, target := range map[string]string{
		"x.md":      filepath.Join(outside, "p"),
		"y.md":      "pipe",
		"passwd.md": filepath.Join(outside, "passwd.md"),
		"in.md":     filepath.Base(seed[0]),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runWithin is run, failing the test if it has not returned after 20 s.
func runWithin(t *testing.T, ctx context.Context, args []string, env map[string]string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, envOf(env), &out, &errOut) }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("trustwatch %s is still running after 20 s", strings.Join(args, " "))
	}
	return out.String(), errOut.String(), err
}

// TestIndexLinks is issue 11's repro: links to FIFOs and out of the corpus
// are reported and skipped, promptly; the link inside is indexed.
func TestIndexLinks(t *testing.T) {
	dir := linkCorpus(t)
	env := map[string]string{"TRUSTWATCH_CORPUS": dir, "TRUSTWATCH_INDEX": t.TempDir()}
	stdout, stderr, err := runWithin(t, t.Context(), []string{"index"}, env)
	if err != nil {
		t.Fatalf("index: %v; stderr %s", err, stderr)
	}
	for _, want := range []string{
		"passwd.md: link leads outside the corpus (to ",
		"x.md: link leads outside the corpus (to ",
		"y.md: link to something that is not a regular file (a named pipe)",
	} {
		if !strings.Contains(stderr, want+"") {
			t.Errorf("stderr = %q; want a line %q", stderr, want)
		}
	}
	if !strings.HasPrefix(stdout, "indexed 2 articles, 12 quotes, 2 vendors; 3 skipped in") {
		t.Errorf("stdout = %q; want 2 articles indexed, 3 skipped", stdout)
	}
}

func TestAskLinks(t *testing.T) {
	env := map[string]string{"TRUSTWATCH_CORPUS": linkCorpus(t), "TRUSTWATCH_INDEX": t.TempDir()}
	stdout, stderr, err := runWithin(t, t.Context(), []string{"ask", "What does Microsoft say about Amazon?"}, env)
	if err != nil {
		t.Fatalf("ask: %v; stderr %s", err, stderr)
	}
	if strings.Contains(stdout, "root:x") {
		t.Errorf("ask answered from a file outside the corpus: %s", stdout)
	}
}

func TestQuotesLinks(t *testing.T) {
	dir := linkCorpus(t)
	for _, tc := range []struct {
		file, reason string
	}{
		{"x.md", "link leads outside the folder it is in"},
		{"y.md", "not a regular file (a named pipe)"},
		{"pipe", "not a regular file (a named pipe)"},
		{"passwd.md", "link leads outside the folder it is in"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p := filepath.Join(dir, tc.file)
			_, stderr, err := runWithin(t, t.Context(), []string{"quotes", p}, nil)
			if exitCode(err) != 1 || !strings.Contains(stderr, p+": "+tc.reason) {
				t.Errorf("quotes %s = %v, stderr %q; want exit 1 and %q", tc.file, err, stderr, tc.reason)
			}
		})
	}
	p := filepath.Join(dir, "in.md")
	if stdout, stderr, err := runWithin(t, t.Context(), []string{"quotes", p}, nil); err != nil || !strings.Contains(stdout, "Adam Selipsky") {
		t.Errorf("quotes %s (a link inside its folder) = %v, stdout %q, stderr %q; want its quotations", p, err, stdout, stderr)
	}
}
