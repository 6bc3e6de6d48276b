package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexEmptyCorpus: a corpus without article files says so, rather
// than only "indexed 0 articles".
func TestIndexEmptyCorpus(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
	}{
		{"empty", nil},
		{"no article files", []string{"notes.pdf", "README", ".hidden.md"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{"TRUSTWATCH_CORPUS": dir, "TRUSTWATCH_INDEX": t.TempDir()}
			var stdout, stderr bytes.Buffer
			if err := run(context.Background(), []string{"index"}, envOf(env), &stdout, &stderr); err != nil {
				t.Fatalf("index: %v; stderr %s", err, stderr.String())
			}
			want := dir + " holds no article files (.md, .markdown, .txt, .html, .htm)"
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("stdout = %q; want %q", stdout.String(), want)
			}
		})
	}
}
