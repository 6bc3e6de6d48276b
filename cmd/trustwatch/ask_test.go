package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/index"
)

// envOf is a getenv backed by a map.
func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// seedCorpus is a corpus folder holding the seed article.
func seedCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, err := filepath.Glob("../../corpus/sample/*.md")
	if err != nil || len(src) == 0 {
		t.Fatalf("no sample articles: %v", err)
	}
	for _, p := range src {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAskCommand(t *testing.T) {
	corpusDir := seedCorpus(t)
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		want     string // fragment of stdout
	}{
		{"sample corpus", []string{"ask", "What does Microsoft say about trust?"}, nil, 0, "Judson Althoff"},
		{"json", []string{"ask", "--json", "does", "AWS", "compete", "with", "its", "customers?"}, nil, 0, `"speaker": "Adam Selipsky"`},
		{"corpus flag", []string{"ask", "--corpus", corpusDir, "--limit", "1", "AWS fait-il concurrence à ses clients ?"}, nil, 0, "Adam Selipsky"},
		{"vendor flag", []string{"ask", "--vendor", "MSFT", "trust"}, nil, 0, "Judson Althoff"},
		{"absent vendor", []string{"ask", "What does Initech say about trust?"}, nil, 0, "no quotations from Initech"},
		{"no question", []string{"ask"}, nil, 2, ""},
		{"bad limit", []string{"ask", "--limit", "0", "trust"}, nil, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_CACHE_HOME", t.TempDir())
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, envOf(tt.env), &stdout, &stderr)
			if code := exitCode(err); err != nil && code != tt.wantCode || err == nil && tt.wantCode != 0 {
				t.Fatalf("run(%q) = %v (exit %d); want exit %d; stderr %s", tt.args, err, exitCode(err), tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.want) {
				t.Errorf("run(%q) stdout = %s; want %q", tt.args, stdout.String(), tt.want)
			}
			if strings.Contains(stdout.String(), "\033[") {
				t.Errorf("run(%q) wrote ANSI escapes to a non-terminal", tt.args)
			}
		})
	}
}

func TestAskJSONShape(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", "--json", "does AWS compete with its customers?"}, envOf(nil), &stdout, &stderr)
	if err != nil {
		t.Fatalf("ask --json: %v; stderr %s", err, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("ask --json output is not JSON: %v", err)
	}
	for _, k := range []string{"question", "vendors", "quotes", "stances", "sources"} {
		if _, ok := got[k]; !ok {
			t.Errorf("ask --json has no %q field", k)
		}
	}
	q := got["quotes"].([]any)[0].(map[string]any)
	for _, k := range []string{"text", "speaker", "speaker_title", "vendor", "labels", "cues", "attribution", "lang", "score", "article", "also_in"} {
		if _, ok := q[k]; !ok {
			t.Errorf("ask --json quote has no %q field", k)
		}
	}
}

// TestAskWhileIndexHeld: with the index held by another process (here,
// another Open in this process: bolt's flock is per open file), ask
// answers from a temporary index in memory, within 2 seconds.
func TestAskWhileIndexHeld(t *testing.T) {
	indexDir := t.TempDir()
	env := map[string]string{"TRUSTWATCH_CORPUS": seedCorpus(t), "TRUSTWATCH_INDEX": indexDir}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"index"}, envOf(env), &stdout, &stderr); err != nil {
		t.Fatalf("index: %v; stderr %s", err, stderr.String())
	}
	held, err := index.Open(indexDir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()

	stdout.Reset()
	stderr.Reset()
	start := time.Now()
	err = run(context.Background(), []string{"ask", "trust"}, envOf(env), &stdout, &stderr)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("ask with the index held took %v; want under 2s", took)
	}
	if err != nil {
		t.Fatalf("ask with the index held: %v", err)
	}
	if !strings.Contains(stderr.String(), "in use by another trustwatch process") {
		t.Errorf("stderr = %q; want it to say the index is in use", stderr.String())
	}
	if !strings.Contains(stdout.String(), "Judson Althoff") {
		t.Errorf("stdout = %s; want an answer", stdout.String())
	}
}

func TestIndexCommand(t *testing.T) {
	corpusDir := seedCorpus(t)
	if err := os.WriteFile(filepath.Join(corpusDir, "broken.md"), []byte("\xff\xfe\x00binary"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TRUSTWATCH_CORPUS": corpusDir, "TRUSTWATCH_INDEX": t.TempDir()}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"index"}, envOf(env), &stdout, &stderr); err != nil {
		t.Fatalf("index: %v; stderr %s", err, stderr.String())
	}
	if !strings.HasPrefix(stderr.String(), "broken.md: ") {
		t.Errorf("stderr = %q; want a line for broken.md", stderr.String())
	}
	if !strings.Contains(stdout.String(), "indexed 1 article, 6 quotes, 2 vendors; 1 skipped in") {
		t.Errorf("stdout = %q; want the summary", stdout.String())
	}

	only := t.TempDir()
	os.WriteFile(filepath.Join(only, "broken.md"), []byte("\xff\xfe\x00binary"), 0o600)
	env = map[string]string{"TRUSTWATCH_CORPUS": only, "TRUSTWATCH_INDEX": t.TempDir()}
	if err := run(context.Background(), []string{"index"}, envOf(env), &stdout, &stderr); exitCode(err) != 1 {
		t.Errorf("index of a corpus with only a broken file = %v; want exit 1", err)
	}
}

// TestAskUnknownVendor: --vendor with a name the registry does not know
// is bad usage, said as Slack says it.
func TestAskUnknownVendor(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"ask", "--vendor", "nosuch", "trust"}, envOf(nil), &stdout, &stderr)
	if exitCode(err) != 2 || err == nil {
		t.Fatalf("ask --vendor nosuch = %v (exit %d); want exit 2; stdout %s", err, exitCode(err), stdout.String())
	}
	if want := `I do not know a vendor called "nosuch".`; !strings.Contains(err.Error(), want) {
		t.Errorf("ask --vendor nosuch = %q; want %q", err, want)
	}
	// A known alias among them still works alone, and an unknown one
	// among known ones is refused too.
	stdout.Reset()
	if err := run(context.Background(), []string{"ask", "--vendor", "aws,nosuch", "trust"}, envOf(nil), &stdout, &stderr); exitCode(err) != 2 {
		t.Errorf("ask --vendor aws,nosuch = %v; want exit 2", err)
	}
}

// TestCommandsLeaveGCAsItWas: ask and index run with fewer collections
// and give the process back its collector's settings, as a test calling
// run in-process, or a serve after them, needs them.
func TestCommandsLeaveGCAsItWas(t *testing.T) {
	const percent, limit = 137, 1 << 40
	defer debug.SetGCPercent(debug.SetGCPercent(percent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	for _, args := range [][]string{{"ask", "--json", "does AWS compete with its customers?"}, {"index"}} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, envOf(nil), &stdout, &stderr); err != nil {
			t.Fatalf("%s: %v (%s)", args[0], err, stderr.String())
		}
		if got := debug.SetGCPercent(percent); got != percent {
			t.Errorf("after %s, GC percent = %d; want %d", args[0], got, percent)
		}
		if got := debug.SetMemoryLimit(limit); got != limit {
			t.Errorf("after %s, memory limit = %d; want %d", args[0], got, limit)
		}
	}
}
