package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProgressShowsRateAndTimeLeft: the bar index draws on a terminal
// says how far it is, how fast it goes (articles/s) and how long is left,
// and leaves the line clean when it is done.
func TestProgressShowsRateAndTimeLeft(t *testing.T) {
	var term bytes.Buffer
	bar := newProgress(&term, 0) // no throttle: every step is drawn
	for done := 1; done <= 40; done++ {
		bar.update(done, 40)
	}
	bar.finish()
	out := term.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`indexing`),
		regexp.MustCompile(`\b20/40\b`),
		regexp.MustCompile(`\d+(\.\d+)? articles/s`),
		regexp.MustCompile(`\[\d+s:\d+s\]`), // elapsed:left
	} {
		if !want.MatchString(out) {
			t.Errorf("progress drew %q; want it to match %s", out, want)
		}
	}
	if !regexp.MustCompile(`\r +\r$`).MatchString(out) {
		t.Errorf("progress ends with %q; want the line cleared", out[max(0, len(out)-20):])
	}
}

// TestProgressNotOnATerminal: index run into a pipe, a file or a buffer
// (CI, scripts) prints no bar, only its lines and the summary.
func TestProgressNotOnATerminal(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.md", "b.md", "c.md"} {
		body := "---\ntitle: " + name + "\n---\n\"We keep our promises,\" said Ada Varga of Nimbus Cloud.\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		stderr func(t *testing.T) (io.Writer, func() string)
	}{
		{"buffer", func(t *testing.T) (io.Writer, func() string) {
			var b bytes.Buffer
			return &b, b.String
		}},
		{"file", func(t *testing.T) (io.Writer, func() string) {
			f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f, func() string {
				b, _ := os.ReadFile(f.Name())
				return string(b)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"TRUSTWATCH_CORPUS": dir, "TRUSTWATCH_INDEX": t.TempDir()}
			stderr, written := tc.stderr(t)
			var stdout bytes.Buffer
			if err := run(context.Background(), []string{"index"}, envOf(env), &stdout, stderr); err != nil {
				t.Fatalf("index: %v; stderr %s", err, written())
			}
			if got := written(); strings.Contains(got, "indexing") || strings.ContainsAny(got, "\r\033") {
				t.Errorf("index drew a bar on a non-terminal stderr: %q", got)
			}
			if !strings.Contains(stdout.String(), "indexed 3 articles") {
				t.Errorf("stdout = %q; want the summary", stdout.String())
			}
		})
	}
}
