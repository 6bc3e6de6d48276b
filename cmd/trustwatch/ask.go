package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/index"
)

func init() {
	register("ask", "answer a question from the corpus, as the bot would", cmdAsk)
}

const askDoc = `
Answers a question on vendors' trust positions with the best matching
quotations (speaker, vendor, labels, source), each vendor's stance and the
sources. Questions may be in English or French; vendors are recognised by
any alias, in any case, with small misspellings.

The index is brought up to date first (only changed files are read;
nothing is written when no file changed). With
no configuration, the built-in sample corpus is indexed in memory. With
--corpus, the index is the one of that folder (in the user's cache folder),
not TRUSTWATCH_INDEX. When another trustwatch process holds the index and
the corpus has fewer than 2,000 files, the answer comes from a temporary
index in memory (said on stderr). Corrections people made in Slack
(trustwatch corrections) apply, as in the bot's answers.

Flags come before the question.`

// smallCorpusFiles is the largest corpus indexed in memory when the index
// folder is held by another process.
const smallCorpusFiles = 2000

func cmdAsk(ctx context.Context, a *app, args []string) error {
	fs := a.newFlags("ask", "[--json] [--corpus DIR] [--vendor ID] [--limit N] QUESTION…", askDoc)
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	corpusDir := fs.String("corpus", "", "folder of article files (overrides TRUSTWATCH_CORPUS)")
	vendor := fs.String("vendor", "", "answer about this vendor (id or alias; comma-separated for several) instead of those the question names")
	limit := fs.Int("limit", 5, "how many quotations to show (1-50)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if question == "" {
		fs.Usage()
		return usageErr("ask: no question given")
	}
	if *limit < 1 || *limit > 50 {
		return usageErr("ask: --limit %d: give a number from 1 to 50", *limit)
	}
	defer lessGC(askGCPercent, askMemory)()
	ix, done, err := openSynced(ctx, a, *corpusDir)
	if err != nil {
		return err
	}
	defer done()
	q := index.Query{Question: question, Limit: *limit}
	for _, v := range strings.Split(*vendor, ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		// The index reads vendor names as the bot's vendor card does, and
		// says the same sentence of one it does not know.
		if _, err := ix.Vendor(ctx, v, 1); errors.Is(err, index.ErrUnknownVendor) {
			return usageErr("ask: I do not know a vendor called %q. --vendor takes a vendor's id or alias from the registry (the built-in one, extended by TRUSTWATCH_VENDORS)", v)
		}
		q.Vendors = append(q.Vendors, v)
	}
	ans, err := ix.Ask(ctx, q)
	if err != nil {
		return err
	}
	a.applyCorrections(ctx, &ans, ix.Registry())
	ans = shownAnswer(ans)
	if *asJSON {
		b, err := json.MarshalIndent(ans, "", "  ")
		if err != nil {
			return fmt.Errorf("encode answer: %w", err)
		}
		_, err = fmt.Fprintf(a.stdout, "%s\n", b)
		return err
	}
	st := termStyle{color: isTerminal(a.stdout) && a.getenv("NO_COLOR") == "", width: termWidth(a.getenv)}
	renderAnswer(a.stdout, ans, st)
	return nil
}

// termStyle is how the terminal is written to.
type termStyle struct {
	color bool
	width int
}

func (s termStyle) bold(t string) string { return s.sgr("1", t) }
func (s termStyle) dim(t string) string  { return s.sgr("2", t) }
func (s termStyle) sgr(code, t string) string {
	if !s.color || t == "" {
		return t
	}
	return "\033[" + code + "m" + t + "\033[0m"
}

// marks turns the highlight marks into bold, or removes them.
func (s termStyle) marks(t string) string {
	if s.color {
		return strings.NewReplacer(index.MarkStart, "\033[1;33m", index.MarkEnd, "\033[0m").Replace(t)
	}
	return strings.NewReplacer(index.MarkStart, "", index.MarkEnd, "").Replace(t)
}

func termWidth(getenv func(string) string) int {
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n >= 30 {
		return min(n, 120)
	}
	return 80
}

// renderAnswer prints an answer for a person at a terminal.
func renderAnswer(w io.Writer, ans index.Answer, st termStyle) {
	fmt.Fprintln(w, st.bold(ans.Question))
	if ans.Note != "" {
		fmt.Fprintln(w, st.dim(ans.Note))
	}
	if ans.Hint != "" {
		fmt.Fprintln(w)
		for _, l := range wrap(ans.Hint, st.width) {
			fmt.Fprintln(w, l)
		}
	}
	names := map[string]string{}
	for _, s := range ans.Stances {
		names[s.Vendor] = s.Name
	}
	for i, q := range ans.Quotes {
		fmt.Fprintln(w)
		text := q.Highlight
		if text == "" {
			text = q.Text
		}
		prefix := fmt.Sprintf("%d. ", i+1)
		for j, l := range wrap("“"+text+"”", st.width-len(prefix)) {
			if j == 0 {
				fmt.Fprint(w, prefix)
			} else {
				fmt.Fprint(w, strings.Repeat(" ", len(prefix)))
			}
			fmt.Fprintln(w, st.marks(l))
		}
		ind := strings.Repeat(" ", len(prefix))
		who := q.Speaker
		if who == "" {
			who = "unattributed"
		}
		if q.SpeakerTitle != "" {
			who += ", " + q.SpeakerTitle
		}
		if q.Vendor != "" {
			who += " · " + cmpOr(names[q.Vendor], q.Vendor)
		}
		fmt.Fprintln(w, ind+"— "+st.bold(who))
		if q.OtherVendor {
			fmt.Fprintln(w, ind+st.dim("(another vendor's quotation, shown as the nearest evidence)"))
		}
		if len(q.Labels) > 0 {
			ls := make([]string, len(q.Labels))
			for k, l := range q.Labels {
				ls[k] = string(l)
			}
			fmt.Fprintln(w, ind+"labels: "+strings.Join(ls, ", "))
		}
		fmt.Fprintln(w, ind+st.dim(cite(q.Article)))
		if q.Article.URL != "" {
			fmt.Fprintln(w, ind+st.dim(q.Article.URL))
		}
		if n := len(q.AlsoIn); n > 0 {
			pubs := make([]string, 0, n)
			for _, s := range q.AlsoIn {
				pub := cmpOr(s.Publication, s.Title)
				if l := langName[s.Lang]; l != "" {
					pub += " in " + l // the statement's translation, merged into it
				}
				pubs = append(pubs, pub)
			}
			fmt.Fprintf(w, "%squoted by %d outlets (also %s)\n", ind, n+1, strings.Join(pubs, ", "))
		}
	}
	if len(ans.Stances) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, st.bold("Stances"))
		for _, s := range ans.Stances {
			for j, l := range wrap(s.Summary, st.width-2) {
				if j == 0 {
					fmt.Fprintln(w, "- "+l)
				} else {
					fmt.Fprintln(w, "  "+l)
				}
			}
		}
	}
	if len(ans.Sources) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, st.bold("Sources"))
		for _, s := range ans.Sources {
			fmt.Fprintln(w, "- "+cite(s))
			if s.URL != "" {
				fmt.Fprintln(w, "  "+st.dim(s.URL))
			}
		}
	}
}

// cite is "Publication, date — Title".
func cite(s index.Source) string {
	var parts []string
	if s.Publication != "" {
		parts = append(parts, s.Publication)
	}
	if s.Date != "" {
		parts = append(parts, s.Date)
	}
	c := strings.Join(parts, ", ")
	if s.Title != "" {
		if c != "" {
			c += " — "
		}
		c += s.Title
	}
	return c
}

// langName names the language of an also_in source that quotes the
// statement in the other language.
var langName = map[string]string{"en": "English", "fr": "French"}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// wrap breaks text into lines of at most width characters (not counting
// highlight marks), at spaces.
func wrap(text string, width int) []string {
	width = max(width, 20)
	var lines []string
	var line strings.Builder
	n := 0
	for _, word := range strings.Fields(text) {
		wn := utf8.RuneCountInString(strings.NewReplacer(index.MarkStart, "", index.MarkEnd, "").Replace(word))
		if n > 0 && n+1+wn > width {
			lines = append(lines, line.String())
			line.Reset()
			n = 0
		}
		if n > 0 {
			line.WriteByte(' ')
			n++
		}
		line.WriteString(word)
		n += wn
	}
	if n > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// openSynced opens the corpus (corpusDir when given, else the configured
// one) and its index, brought up to date, saying on stderr when the corpus
// holds no article file: what ask and report answer from. done closes
// both.
func openSynced(ctx context.Context, a *app, corpusDir string) (ix *index.Index, done func(), err error) {
	if corpusDir != "" && corpusDir != a.cfg.Corpus {
		a.cfg.Corpus, a.cfg.Index = corpusDir, ""
	}
	fsys, err := a.cfg.corpusFS()
	if err != nil {
		return nil, nil, err
	}
	// The walk of the corpus, a stat per file, is most of an ask on a
	// large corpus: it goes on while the registry is read and the index
	// opened.
	wctx, stop := context.WithCancel(ctx)
	walk := index.StartWalk(wctx, fsys)
	fail := func(err error) (*index.Index, func(), error) {
		stop()
		walk.Files() // done with the corpus before it is closed
		closeCorpus(fsys)
		return nil, nil, err
	}
	reg, dir, err := a.cfg.indexSources()
	if err != nil {
		return fail(err)
	}
	small := func() bool {
		n, err := walk.Files()
		return err == nil && n < smallCorpusFiles
	}
	// The index is opened for reading only, writing nothing, as long as
	// the corpus is unchanged; else it is opened again to be written.
	ix, err = openIndex(a, dir, index.Options{Registry: reg, ReadOnly: true}, small)
	if errors.Is(err, index.ErrReadOnly) {
		ix, err = openIndex(a, dir, index.Options{Registry: reg}, small)
	}
	if err != nil {
		return fail(err)
	}
	rep, err := ix.SyncWalked(ctx, walk, nil)
	if errors.Is(err, index.ErrReadOnly) {
		ix.Close()
		if ix, err = openIndex(a, dir, index.Options{Registry: reg}, small); err != nil {
			return fail(err)
		}
		rep, err = ix.SyncWalked(ctx, walk, nil)
	}
	done = func() { ix.Close(); stop(); closeCorpus(fsys) }
	if err == nil && rep.Added+rep.Updated+rep.Removed > 0 {
		err = ix.Settle(ctx) // as index does: the next ask has no merge to start
	}
	if err != nil {
		done()
		return nil, nil, err
	}
	if empty(rep) {
		fmt.Fprintln(a.stderr, "trustwatch:", noArticles(a.cfg.Corpus))
	}
	return ix, done, nil
}
