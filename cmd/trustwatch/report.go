package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trustwatch/trustwatch/bot/report"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

func init() {
	register("report", "write a vendor's dossier (Markdown, with a PNG chart)", cmdReport)
}

const reportDoc = `
Writes a dossier of everything the corpus holds on a vendor: its positions,
the changes of position over time, and every statement grouped by topic and
label, newest first, with speaker, date, outlet and link. With a TOPIC
(competition, customer-data, sovereignty, trust, government-access,
partnership), only the statements on that topic.

Without --out, the Markdown goes to standard output. With --out FILE.md,
it is written to FILE.md, and a PNG chart of the vendor's statements per
label over time to FILE.png next to it, linked from the Markdown.

The index is brought up to date first, as for ask; with no configuration
the built-in sample corpus is used. A vendor the registry does not know is
bad usage (exit status 2); a vendor with no statement is said in a sentence
on standard error, nothing is written, and the exit status is 1.`

func cmdReport(ctx context.Context, a *app, args []string) error {
	fs := a.newFlags("report", "[--out FILE.md] [--corpus DIR] VENDOR [TOPIC]", reportDoc)
	out := fs.String("out", "", "write the Markdown to this file and the chart next to it (.png)")
	corpusDir := fs.String("corpus", "", "folder of article files (overrides TRUSTWATCH_CORPUS)")
	// Flags may come after VENDOR and TOPIC too, as the contract writes
	// the command: parse again after each word that is not a flag.
	var words []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(words) == 0 || len(words) > 2 {
		fs.Usage()
		return usageErr("report: give a vendor, and a topic if you want one")
	}
	var topic corpus.Topic
	if len(words) == 2 {
		topic = corpus.Topic(strings.ToLower(words[1]))
		if !slices.Contains(corpus.Topics, topic) {
			names := make([]string, len(corpus.Topics))
			for i, t := range corpus.Topics {
				names[i] = string(t)
			}
			return usageErr("report: %q is not a topic; the topics are %s", words[1], strings.Join(names, ", "))
		}
	}
	ix, done, err := openSynced(ctx, a, *corpusDir)
	if err != nil {
		return err
	}
	defer done()
	v, err := ix.VendorQuotes(ctx, words[0], topic)
	if errors.Is(err, index.ErrUnknownVendor) {
		return usageErr("report: I do not know a vendor called %q. report takes a vendor's id or alias from the registry (the built-in one, extended by TRUSTWATCH_VENDORS)", words[0])
	}
	if err != nil {
		return err
	}
	a.fixes(ctx).ApplyDossier(&v, ix.Registry()) // as the bot shows them
	if len(v.Quotes) == 0 {
		return &exitError{code: 1, msg: report.Empty(v)}
	}
	if *out == "" {
		_, err := fmt.Fprint(a.stdout, report.Markdown(v, ""))
		return err
	}
	return writeReport(a, v, *out)
}

// writeReport writes the Markdown to path and the chart next to it,
// named as path with .png for its extension.
func writeReport(a *app, v index.VendorQuotes, path string) error {
	png, err := report.Chart(v)
	if err != nil {
		return err
	}
	chartPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".png"
	chartLink := ""
	if png != nil {
		if err := os.WriteFile(chartPath, png, 0o644); err != nil {
			return fmt.Errorf("write chart: %w", err)
		}
		chartLink = filepath.ToSlash(filepath.Base(chartPath))
	}
	if err := os.WriteFile(path, []byte(report.Markdown(v, chartLink)), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if png == nil {
		fmt.Fprintf(a.stdout, "wrote %s (%d statements; none is dated, so no chart)\n", path, len(v.Quotes))
		return nil
	}
	fmt.Fprintf(a.stdout, "wrote %s and %s (%d statements)\n", path, chartPath, len(v.Quotes))
	return nil
}
