package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/trustwatch/trustwatch/corpus"
)

func init() {
	register("quotes", "print the quotations found in article files", cmdQuotes)
}

const quotesDoc = `
Prints every quotation found in the article files: what was said, who said
it (with their title), the vendor it speaks for or about, and its stance
labels. With --json, one JSON object per line per quotation, with the
quotation's fields and the article it comes from.

A file that cannot be read or parsed is reported on stderr with the reason;
the others are still printed, and the exit status is then 1.

Vendors come from the built-in registry, extended by TRUSTWATCH_VENDORS.`

// quoteLine is one line of `quotes --json`: a quotation and its article.
type quoteLine struct {
	corpus.Quote
	Article quoteArticle `json:"article"`
}

// quoteArticle is the article a quotation comes from, as ask --json cites it.
type quoteArticle struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	Publication string      `json:"publication,omitempty"`
	URL         string      `json:"url,omitempty"`
	Date        corpus.Date `json:"date,omitzero"`
}

func cmdQuotes(ctx context.Context, a *app, args []string) error {
	fs := a.newFlags("quotes", "[--json] FILE…", quotesDoc)
	asJSON := fs.Bool("json", false, "print JSON Lines, one quotation per line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageErr("quotes: no article file given")
	}
	reg, err := a.cfg.registry()
	if err != nil {
		return err
	}
	failed := false
	enc := json.NewEncoder(a.stdout)
	enc.SetEscapeHTML(false)
	st := termStyle{color: isTerminal(a.stdout) && a.getenv("NO_COLOR") == "", width: termWidth(a.getenv)}
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		art, err := readArticle(ctx, path)
		if err != nil {
			fmt.Fprintf(a.stderr, "%s: %s\n", path, problemReason(err))
			failed = true
			continue
		}
		for _, q := range corpus.Extract(art, reg) {
			q.Text = corpus.Shorten(q.Text, corpus.ShownQuote)
			if *asJSON {
				line := quoteLine{Quote: q, Article: quoteArticle{art.ID, art.Title, art.Publication, art.URL, art.Date}}
				if err := enc.Encode(line); err != nil {
					return fmt.Errorf("write quotation: %w", err)
				}
				continue
			}
			renderQuote(a.stdout, art, q, st)
		}
	}
	if failed {
		return errReported
	}
	return nil
}

// readArticle reads and parses one article file named on the command line;
// its id is the path as given, slash-separated. The file is read as a
// corpus file is, from its folder opened with corpus.Open: a link that
// leads out of that folder, a FIFO or a device is refused, and the read
// has corpus.ReadTimeout.
func readArticle(ctx context.Context, path string) (corpus.Article, error) {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	root, err := corpus.Open(dir)
	if err != nil {
		return corpus.Article{}, err
	}
	defer root.Close()
	data, err := corpus.ReadFileContext(ctx, root, name)
	if errors.Is(err, corpus.ErrOutside) {
		return corpus.Article{}, &corpus.Problem{Path: path, Reason: "link leads outside the folder it is in; name the file it links to instead"}
	}
	if err != nil {
		return corpus.Article{}, err
	}
	return corpus.ParseArticle(filepath.ToSlash(path), data)
}

// problemReason is what to tell a user about a file that could not be used.
func problemReason(err error) string {
	var p *corpus.Problem
	if errors.As(err, &p) {
		return p.Reason
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// renderQuote prints one quotation for a person at a terminal: who, for
// which vendor, the labels, then the words.
func renderQuote(w io.Writer, art corpus.Article, q corpus.Quote, st termStyle) {
	who := q.Speaker
	if who == "" {
		who = "(speaker unknown)"
	}
	if q.SpeakerTitle != "" {
		who += ", " + q.SpeakerTitle
	}
	labels := make([]string, len(q.Labels))
	for i, l := range q.Labels {
		labels[i] = string(l)
	}
	vendor := q.Vendor
	if vendor == "" {
		vendor = "-"
	}
	fmt.Fprintln(w, st.bold(who))
	fmt.Fprintf(w, "%s\n", st.dim(fmt.Sprintf("vendor: %s · labels: %s · %s", vendor, strings.Join(labels, ", "), art.ID)))
	for _, l := range wrap("“"+q.Text+"”", st.width) {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
}
