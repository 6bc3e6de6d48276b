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

	"github.com/trustwatch/trustwatch/bot/slackfake"
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

// TestServeSkipsLinksAddedWhileRunning: links to FIFOs and out of the
// corpus that appear while serve runs are reported and skipped by its
// rescans, which go on to index the other files; SIGTERM still stops it.
func TestServeSkipsLinksAddedWhileRunning(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	articles := filepath.Join(dir, "articles")
	if err := os.Mkdir(articles, 0o755); err != nil {
		t.Fatal(err)
	}
	vendors := filepath.Join(dir, "vendors.yaml")
	if err := os.WriteFile(vendors, []byte(watchVendors), 0o644); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(outside, "secret.md")
	if err := os.WriteFile(secret, []byte(strings.ReplaceAll(watchArticle, "Jane Roe", "Ada Varga")), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(outside, "p")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	fake := slackfake.New(t)
	s := startServe(t, slackEnv(t, fake, map[string]string{
		"TRUSTWATCH_CORPUS":  articles,
		"TRUSTWATCH_VENDORS": vendors,
	}))
	s.waitReady(t)
	n := s.events.syncs()
	for link, target := range map[string]string{"x.md": fifo, "secret.md": secret} {
		if err := os.Symlink(target, filepath.Join(articles, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(articles, "nimbus.md"), []byte(watchArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	if !s.events.syncedAfter(n, 10*time.Second, added) {
		t.Fatalf("10s after a new article next to a link to a FIFO, the index has not added it")
	}
	if got := ask(t, fake, "does Nimbus compete with its customers?"); !strings.Contains(got, "Jane Roe") {
		t.Fatalf("after the index added a new article next to a link to a FIFO, the answer still lacks it: %s", got)
	} else if strings.Contains(got, "Ada Varga") {
		t.Errorf("serve answered from a file outside the corpus: %s", got)
	}
	for _, want := range []string{`path=x.md reason="link leads outside the corpus`, `path=secret.md reason="link leads outside the corpus`} {
		if !strings.Contains(s.stderr.String(), want) {
			t.Errorf("serve's log lacks %q", want)
		}
	}
	s.stop(t)
}
