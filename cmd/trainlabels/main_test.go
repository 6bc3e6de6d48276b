package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun trains on a small data folder, checks the model it writes and
// the figures it prints, then that -check accepts that model and refuses
// another.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var data strings.Builder
	for _, line := range []string{
		`{"text":"We will never compete with our customers.","lang":"en","labels":["no-compete-pledge"],"topics":["competition"],"source":"invented"}`,
		`{"text":"Nous ne concurrencerons jamais nos clients.","lang":"fr","labels":["no-compete-pledge"],"topics":["competition"],"source":"invented"}`,
		`{"text":"Trust is our top priority.","lang":"en","labels":["trust-priority"],"topics":["trust"],"source":"invented"}`,
		`{"text":"The new region opens next year.","lang":"en","labels":["other"],"topics":[],"source":"invented"}`,
	} {
		data.WriteString(line + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(data.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "labels.model")
	var stdout bytes.Buffer
	if err := run([]string{"-data", dir, "-out", out}, &stdout); err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, want := range []string{"4 statements", "5-fold cross-validation", "no-compete-pledge", "partnership", "wrote "} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("run output lacks %q:\n%s", want, stdout.String())
		}
	}
	model, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(model, []byte("# trustwatch")) {
		t.Fatalf("model file = %.40q, %v; want a model", model, err)
	}
	if err := run([]string{"-data", dir, "-out", out, "-check"}, &bytes.Buffer{}); err != nil {
		t.Errorf("run -check on the model just written: %v", err)
	}
	if err := os.WriteFile(out, append(model, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-data", dir, "-out", out, "-check"}, &bytes.Buffer{}); err == nil {
		t.Error("run -check on a changed model = nil error; want one")
	}
}

// TestRunNoData checks that a folder without data is an error that names it.
func TestRunNoData(t *testing.T) {
	dir := t.TempDir()
	err := run([]string{"-data", dir, "-out", filepath.Join(dir, "m")}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("run on an empty folder = %v; want an error naming %s", err, dir)
	}
}

func TestHeldOut(t *testing.T) {
	dir := t.TempDir()
	held, err := heldOut(filepath.Join(dir, "HELDOUT"))
	if err != nil || len(held) != 0 {
		t.Errorf("heldOut(missing) = %v, %v; want empty, nil", held, err)
	}
	p := filepath.Join(dir, "HELDOUT")
	if err := os.WriteFile(p, []byte("# held out\nnews-2024-nimbus.md\n\nreview-2025-borealis  some note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, err = heldOut(p)
	if err != nil || !held["news-2024-nimbus"] || !held["review-2025-borealis"] || len(held) != 2 {
		t.Errorf("heldOut = %v, %v; want the two articles", held, err)
	}
}

func TestFragmentIn(t *testing.T) {
	tests := []struct {
		fragment, text string
		want           bool
	}{
		{"will never compete", "We will never  compete with them.", true},
		{"never compete", "We will never compete with them.", false}, // two words must be the whole quotation
		{"trust", "Trust.", true},
		{"trust", "Trust is our priority.", false},
		{"data stays in the EU", "Customer data stays in the EU.", true},
	}
	for _, tt := range tests {
		if got := fragmentIn(tt.fragment, tt.text); got != tt.want {
			t.Errorf("fragmentIn(%q, %q) = %v; want %v", tt.fragment, tt.text, got, tt.want)
		}
	}
}

// TestRunDiagnostics checks -mistakes and -repeat: they print their
// figures and write no model.
func TestRunDiagnostics(t *testing.T) {
	dir := t.TempDir()
	var data strings.Builder
	for _, line := range []string{
		`{"text":"We will never compete with our customers.","lang":"en","labels":["no-compete-pledge"],"topics":["competition"],"source":"real:a.md"}`,
		`{"text":"Nous ne concurrencerons jamais nos clients.","lang":"fr","labels":["no-compete-pledge"],"topics":["competition"],"source":"real:b.md"}`,
		`{"text":"Trust is our top priority.","lang":"en","labels":["trust-priority"],"topics":["trust"],"source":"invented"}`,
		`{"text":"The new region opens next year.","lang":"en","labels":["other"],"topics":[],"source":"real:c.md"}`,
	} {
		data.WriteString(line + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(data.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "labels.model")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-repeat", "2"}, "mean of 2 draws"},
		{[]string{"-mistakes"}, "real:"},
	} {
		var stdout bytes.Buffer
		if err := run(append([]string{"-data", dir, "-out", out}, tt.args...), &stdout); err != nil {
			t.Fatalf("run %v: %v", tt.args, err)
		}
		if !strings.Contains(stdout.String(), tt.want) {
			t.Errorf("run %v output lacks %q:\n%s", tt.args, tt.want, stdout.String())
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("run %v wrote %s; want no model written", tt.args, out)
		}
	}
}
