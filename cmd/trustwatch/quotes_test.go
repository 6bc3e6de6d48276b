package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedFile is the shared seed article, as copied into corpus/testdata.
const seedFile = "../../corpus/testdata/seed.md"

func TestQuotesJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"quotes", "--json", seedFile}, func(string) string { return "" }, &stdout, &stderr)
	if err != nil {
		t.Fatalf("quotes --json %s: %v (stderr %s)", seedFile, err, stderr.String())
	}
	var speakers []string
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Text    string `json:"text"`
			Speaker string `json:"speaker"`
			Vendor  string `json:"vendor"`
			Labels  []string
			Article struct {
				ID, Title, Publication, URL, Date string
			} `json:"article"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if line.Article.Publication != "Silicon.fr" || line.Article.Date != "2022-02" || line.Article.ID == "" || line.Article.URL == "" {
			t.Errorf("line for %q: article = %+v; want the seed's", line.Text, line.Article)
		}
		speakers = append(speakers, line.Speaker)
	}
	want := "CNBC,Judson Althoff,Judson Althoff,Adam Selipsky,Adam Selipsky,Adam Selipsky"
	if got := strings.Join(speakers, ","); got != want {
		t.Errorf("quotes --json speakers = %s; want %s", got, want)
	}
}

func TestQuotesBadFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: [unterminated\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.md")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"quotes", bad, seedFile, missing}, func(string) string { return "" }, &stdout, &stderr)
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("quotes with bad files: error %v (exit %d); want exit status 1", err, exitCode(err))
	}
	for _, p := range []string{bad, missing} {
		if !strings.Contains(stderr.String(), p+": ") {
			t.Errorf("stderr = %q; want a line for %s", stderr.String(), p)
		}
	}
	if !strings.Contains(stdout.String(), "Adam Selipsky, CEO d'AWS") || !strings.Contains(stdout.String(), "acknowledges-coopetition") {
		t.Errorf("stdout = %q; want the seed's quotations", stdout.String())
	}
}

func TestQuotesUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"quotes"}, func(string) string { return "" }, &stdout, &stderr)
	if exitCode(err) != 2 {
		t.Errorf("quotes with no file: error %v; want exit status 2", err)
	}
}
