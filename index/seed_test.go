package index

import (
	"context"
	"testing"

	"github.com/trustwatch/trustwatch/corpus"
)

// TestSeedQuestions asks the contract's questions of the built-in sample
// corpus (the seed article) with the built-in registry.
func TestSeedQuestions(t *testing.T) {
	ix, err := Open("", Options{Registry: corpus.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(context.Background(), corpus.Sample(), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		question, speaker, vendor string
		note                      string // how the question was read
	}{
		{"What does Microsoft say about trust?", "Judson Althoff", "microsoft", ""},
		{"does AWS compete with its customers?", "Adam Selipsky", "aws", ""},
		{"AWS fait-il concurrence à ses clients ?", "Adam Selipsky", "aws", ""},
		{"Does Microsft compete with its customers?", "Judson Althoff", "microsoft", "“Microsft” was read as Microsoft."},
		{"Amazn and its competitors", "Adam Selipsky", "aws", "“Amazn” was read as Amazon Web Services."},
	}
	for _, tt := range tests {
		ans := ask(t, ix, Query{Question: tt.question})
		if ans.Note != tt.note {
			t.Errorf("Ask(%q).Note = %q; want %q", tt.question, ans.Note, tt.note)
		}
		if len(ans.Quotes) == 0 {
			t.Errorf("Ask(%q) = no quotes (hint %q); want %s first", tt.question, ans.Hint, tt.speaker)
			continue
		}
		if q := ans.Quotes[0]; q.Speaker != tt.speaker || q.Vendor != tt.vendor {
			t.Errorf("Ask(%q)[0] = %s (%s) %q; want %s (%s); all: %q", tt.question, q.Speaker, q.Vendor, q.Text, tt.speaker, tt.vendor, texts(ans.Quotes))
		}
		if len(ans.Stances) == 0 || ans.Stances[0].Summary == "" || len(ans.Sources) == 0 {
			t.Errorf("Ask(%q): stances %+v, sources %+v; want both", tt.question, ans.Stances, ans.Sources)
		}
	}
	for _, q := range []string{"What does Oracle say about trust?", "What does Initech say about trust?"} {
		if ans := ask(t, ix, Query{Question: q}); len(ans.Quotes) != 0 || ans.Hint == "" {
			t.Errorf("Ask(%q) = %q, hint %q; want an abstention", q, texts(ans.Quotes), ans.Hint)
		}
	}
}
