package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/corpus"
)

func init() {
	register("corrections", "list the corrections people made in Slack, or export them as training data", cmdCorrections)
}

const correctionsDoc = `
Lists the corrections people made to quotations in Slack, from a
quotation's ⋯ menu: a wrong speaker, vendor or labels, or "not a
statement" (which hides the quotation from every answer). Each line
says who made it and when, what the bot had and what it has now; an
undone correction is listed with who undid it.

With --json, one JSON object per corrected quotation, the corrections
still in force applied, in the format of the label model's training
data (corpus/model/data/*.jsonl: text, lang, labels, topics, source),
so that the next model learns from them:

  trustwatch corrections --json > corpus/model/data/corrections.jsonl
  go run ./cmd/trainlabels

A quotation marked "not a statement" is exported with the label
"other". Each object also carries the quotation's Ref, its corrected
speaker and vendor, and the corrections (id, kind, by, at), which
training ignores.

--undo ID undoes correction ID, as its Undo button in Slack does.

The corrections are in the bot's state: the state file beside the
index folder, or the PostgreSQL database of TRUSTWATCH_DATABASE_URL.`

// correctionLine is one line of `corrections --json`: a training
// example (corpus.LabelExample's fields) and what made it.
type correctionLine struct {
	corpus.LabelExample
	Quote         string         `json:"quote"`
	Article       string         `json:"article"`
	Speaker       string         `json:"speaker,omitempty"`
	SpeakerTitle  string         `json:"speaker_title,omitempty"`
	Vendor        string         `json:"vendor,omitempty"`
	NotAStatement bool           `json:"not_a_statement,omitempty"`
	Corrections   []correctionID `json:"corrections"`
}

type correctionID struct {
	ID   string    `json:"id"`
	Kind string    `json:"kind"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

func cmdCorrections(ctx context.Context, a *app, args []string) error {
	fl := a.newFlags("corrections", "[--json] [--undo ID]", correctionsDoc)
	asJSON := fl.Bool("json", false, "print the corrections in force as labelled training data (JSON Lines)")
	undo := fl.String("undo", "", "undo the correction with this id")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageErr("corrections: unexpected %q (trustwatch corrections --help)", fl.Arg(0))
	}
	if err := a.ready(); err != nil {
		return err
	}
	st, closeState, err := a.cfg.openState(ctx, a.log)
	if err != nil {
		return err
	}
	defer closeState()
	var cs bot.CorrectionStore = st
	if *undo != "" {
		c, found, err := cs.UndoCorrection(ctx, *undo, "trustwatch corrections --undo")
		if err != nil {
			return err
		}
		if !found {
			return usageErr("corrections --undo: no correction %q (trustwatch corrections lists them)", *undo)
		}
		fmt.Fprintf(a.stdout, "undone: %s\n", describeCorrection(c))
		return nil
	}
	list, err := cs.Corrections(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeTrainingLines(a.stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stdout, "No corrections yet: people make them from the ⋯ menu of a quotation in Slack.")
		return nil
	}
	for _, c := range list {
		fmt.Fprintf(a.stdout, "%s  %s  by %s  %s\n", c.ID, c.At.UTC().Format("2006-01-02 15:04 UTC"), c.By, describeCorrection(c))
		fmt.Fprintf(a.stdout, "    “%s” (%s)\n", shortText(c.Was.Text, 120), c.Was.Article)
		if c.Undone() {
			fmt.Fprintf(a.stdout, "    undone %s by %s\n", c.UndoneAt.UTC().Format("2006-01-02 15:04 UTC"), c.UndoneBy)
		}
	}
	return nil
}

// describeCorrection says what a correction changed.
func describeCorrection(c bot.Correction) string {
	w := c.Was
	switch c.Kind {
	case bot.FixSpeaker:
		return fmt.Sprintf("speaker %s → %s", orNone(join(w.Speaker, w.SpeakerTitle)), orNone(join(c.Speaker, c.SpeakerTitle)))
	case bot.FixVendor:
		return fmt.Sprintf("vendor %s → %s", orNone(w.Vendor), orNone(c.Vendor))
	case bot.FixLabels:
		return fmt.Sprintf("labels %s → %s", orNone(labelsText(w.Labels)), orNone(labelsText(c.Labels)))
	case bot.FixNotStatement:
		return "not a statement (hidden from answers)"
	}
	return c.Kind
}

func join(name, title string) string {
	if title == "" {
		return name
	}
	return name + ", " + title
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return fmt.Sprintf("%q", s)
}

func labelsText(ls []corpus.Label) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return strings.Join(out, ", ")
}

func shortText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// writeTrainingLines writes one training example per quotation with
// corrections in force, in the order they were first corrected.
func writeTrainingLines(w io.Writer, list []bot.Correction) error {
	fixes := bot.FixesOf(list)
	var order []string
	first := map[string]bot.Correction{}
	byQuote := map[string][]correctionID{}
	for _, c := range list {
		if c.Undone() {
			continue
		}
		if _, ok := first[c.Quote]; !ok {
			first[c.Quote] = c
			order = append(order, c.Quote)
		}
		byQuote[c.Quote] = append(byQuote[c.Quote], correctionID{ID: c.ID, Kind: c.Kind, By: c.By, At: c.At.UTC()})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, ref := range order {
		was, f := first[ref].Was, fixes[ref]
		line := correctionLine{
			LabelExample: corpus.LabelExample{Text: was.Text, Lang: was.Lang, Labels: slices.Clone(was.Labels),
				Topics: slices.Clone(was.Topics), Source: "correction:" + was.Article},
			Quote: ref, Article: was.Article, Speaker: was.Speaker, SpeakerTitle: was.SpeakerTitle, Vendor: was.Vendor,
			NotAStatement: f.Hidden, Corrections: byQuote[ref],
		}
		if f.Speaker != nil {
			line.Speaker, line.SpeakerTitle = *f.Speaker, *f.SpeakerTitle
		}
		if f.Vendor != nil {
			line.Vendor = *f.Vendor
		}
		if f.Labels != nil {
			line.Labels = slices.Clone(f.Labels)
		}
		if f.Hidden {
			line.Labels = []corpus.Label{corpus.Other}
		}
		if line.Labels == nil {
			line.Labels = []corpus.Label{}
		}
		if line.Topics == nil {
			line.Topics = []corpus.Topic{}
		}
		if line.Lang == "" {
			line.Lang = "en"
		}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("write corrections: %w", err)
		}
	}
	return nil
}
