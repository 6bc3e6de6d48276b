// Command trainlabels rebuilds trustwatch's stance and topic model from
// the labelled statements in corpus/model/data, writes the weights that
// corpus embeds (corpus/model/labels.model) and prints their 5-fold
// cross-validated precision and recall per label and per topic.
//
//	go run ./cmd/trainlabels          # train, write the model, print the figures
//	go run ./cmd/trainlabels -check   # fail if the committed model is not what the data gives
//	go run ./cmd/trainlabels -real    # first rewrite real.jsonl from the real articles' goldens
//	go run ./cmd/trainlabels -mistakes # list the real quotations cross-validation gets wrong
//	go run ./cmd/trainlabels -repeat 5 # labels exact over 5 draws of the folds
//	go run ./cmd/trainlabels -curve 3  # labels exact with a share of the real or invented data, 3 draws
//
// Run it from the module's root. Training is deterministic: the same data
// gives the same file, bit for bit.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/cmd/internal/trained"
	"github.com/trustwatch/trustwatch/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "trainlabels:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("trainlabels", flag.ContinueOnError)
	data := fs.String("data", filepath.Join("corpus", "model", "data"), "the folder of labelled statements (*.jsonl)")
	out := fs.String("out", filepath.Join("corpus", "model", "labels.model"), "the model file to write")
	realDir := fs.String("real-dir", filepath.Join("corpus", "testdata", "real"), "the real articles and their goldens")
	rewriteReal := fs.Bool("real", false, "rewrite real.jsonl in -data from the goldens of -real-dir (articles listed in its HELDOUT file excepted) before training")
	check := fs.Bool("check", false, "do not write: fail if -out differs from what the data gives")
	mistakes := fs.Bool("mistakes", false, "do not write: list the real quotations cross-validation labels wrong")
	repeats := fs.Int("repeat", 0, "do not write: cross-validate this many times over fresh folds and print the labels-exact figures")
	curve := fs.Int("curve", 0, "do not write: print the real quotations' labels exact, over this many draws of the folds, trained on a quarter, half, three quarters and all of the real quotations, then of the invented statements")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *rewriteReal {
		n, err := writeReal(*realDir, filepath.Join(*data, "real.jsonl"))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %d real quotations to %s\n", n, filepath.Join(*data, "real.jsonl"))
	}
	ex, err := corpus.ReadLabelData(os.DirFS(*data))
	if err != nil {
		return fmt.Errorf("%s: %w", *data, err)
	}
	if *curve > 0 {
		list, err := corpus.LabelLearningCurve(ex, *curve)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, list)
		return nil
	}
	if *repeats > 0 {
		list, err := corpus.LabelCVRepeats(ex, *repeats)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, list)
		return nil
	}
	if *mistakes {
		list, err := corpus.LabelMistakes(ex)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, list)
		return nil
	}
	model, report, err := corpus.TrainLabelModel(ex)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d statements from %s\n%s", len(ex), *data, report)
	return trained.Save(*out, model, *check, "./cmd/trainlabels", *data, stdout)
}

// golden is the part of a real article's golden file read here.
type golden struct {
	Quotes []struct {
		Fragment string         `json:"fragment"`
		Labels   []corpus.Label `json:"labels"`
		Topics   []corpus.Topic `json:"topics"`
	} `json:"quotes"`
}

// writeReal writes one statement per golden quotation of the real
// articles in dir, but those of the articles named in dir/HELDOUT (one
// file name a line, with or without .md; # comments): the text is the
// extracted quotation that holds the fragment, or the fragment when none
// does. Topics come from the golden when it has them, else from the labels.
func writeReal(dir, out string) (int, error) {
	held, err := heldOut(filepath.Join(dir, "HELDOUT"))
	if err != nil {
		return 0, err
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.golden.json"))
	if err != nil {
		return 0, fmt.Errorf("list goldens: %w", err)
	}
	slices.Sort(paths)
	reg := corpus.Builtin()
	var b bytes.Buffer
	n := 0
	for _, gp := range paths {
		base := strings.TrimSuffix(filepath.Base(gp), ".golden.json")
		if held[base] {
			continue
		}
		var g golden
		data, err := os.ReadFile(gp)
		if err == nil {
			err = json.Unmarshal(data, &g)
		}
		if err != nil {
			return 0, fmt.Errorf("read golden %s: %w", gp, err)
		}
		md, err := os.ReadFile(filepath.Join(dir, base+".md"))
		if err != nil {
			return 0, fmt.Errorf("read article of %s: %w", gp, err)
		}
		a, err := corpus.ParseArticle(base+".md", md)
		if err != nil {
			return 0, fmt.Errorf("parse article of %s: %w", gp, err)
		}
		quotes := corpus.Extract(a, reg)
		for _, w := range g.Quotes {
			text := w.Fragment
			for _, q := range quotes {
				if fragmentIn(w.Fragment, q.Text) {
					text = q.Text
					break
				}
			}
			topics := w.Topics
			if topics == nil {
				topics = topicsOf(w.Labels)
			}
			line, err := json.Marshal(corpus.LabelExample{Text: text, Lang: a.Lang, Labels: w.Labels, Topics: topics, Source: "real:" + base + ".md"})
			if err != nil {
				return 0, fmt.Errorf("write statement of %s: %w", gp, err)
			}
			b.Write(line)
			b.WriteByte('\n')
			n++
		}
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return 0, fmt.Errorf("write real statements: %w", err)
	}
	return n, nil
}

// heldOut reads the HELDOUT file; a missing one holds nothing out.
func heldOut(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read held-out list: %w", err)
	}
	held := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimSuffix(filepath.Base(strings.Fields(line)[0]), ".md")
		held[line] = true
	}
	return held, nil
}

// topicsOf is the topics a golden quotation's labels imply, for goldens
// that do not give topics.
func topicsOf(labels []corpus.Label) []corpus.Topic {
	var ts []corpus.Topic
	add := func(t corpus.Topic) {
		if !slices.Contains(ts, t) {
			ts = append(ts, t)
		}
	}
	for _, l := range labels {
		switch l {
		case corpus.NoCompetePledge:
			add(corpus.TopicCompetition)
		case corpus.AcknowledgesCoopetition:
			add(corpus.TopicCompetition)
			add(corpus.TopicPartnership)
		case corpus.TrustPriority:
			add(corpus.TopicTrust)
		case corpus.DataPrivacyPledge:
			add(corpus.TopicCustomerData)
		case corpus.SovereigntyPledge:
			add(corpus.TopicSovereignty)
		}
	}
	slices.SortFunc(ts, func(a, b corpus.Topic) int { return slices.Index(corpus.Topics, a) - slices.Index(corpus.Topics, b) })
	return ts
}

// fragmentIn reports whether a golden fragment is a quotation's text or a
// part of it, white space aside; a fragment of one or two words must be
// the whole quotation, punctuation aside (as corpus's real-article test
// matches them).
func fragmentIn(fragment, text string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	f, t := norm(fragment), norm(text)
	if len(strings.Fields(f)) <= 2 {
		trim := func(s string) string {
			return strings.TrimFunc(s, func(r rune) bool { return !isWordRune(r) })
		}
		return strings.EqualFold(trim(f), trim(t))
	}
	return strings.Contains(t, f)
}
