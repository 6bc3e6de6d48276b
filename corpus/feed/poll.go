package feed

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/trustwatch/trustwatch/corpus"
)

const (
	acceptFeed = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	acceptPage = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
)

// feedResult is what polling one feed did.
type feedResult struct {
	added     []string
	problems  []Problem
	failed    bool
	unchanged bool
	pending   int // new entries left for the next poll
}

// pollFeed fetches one feed and turns its new entries into files: the
// Options.MaxEntries newest, their pages fetched Options.PageConcurrency
// at a time, each written as soon as it and those before it are ready,
// in the feed's order.
func (p *Poller) pollFeed(ctx context.Context, st *state, feedURL string) feedResult {
	var res feedResult
	fail := func(reason string) feedResult {
		res.failed = true
		res.problems = append(res.problems, Problem{URL: feedURL, Reason: reason})
		return res
	}
	resp, err := p.get(ctx, feedURL, acceptFeed, p.opts.MaxFeedSize, st.validators(feedURL))
	if err != nil {
		return fail(err.Error())
	}
	if resp.notModified {
		res.unchanged = true
		return res
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(resp.body))
	if err != nil {
		return fail("not an RSS or Atom feed: " + feedError(err))
	}
	var fresh []*gofeed.Item
	keys := map[string]bool{}
	for _, it := range f.Items {
		key := entryKey(it)
		if key == "" || keys[key] || st.seen(feedURL, key, p.opts.Now()) {
			continue
		}
		keys[key] = true
		fresh = append(fresh, it)
	}
	take := newest(fresh, p.opts.MaxEntries)
	res.pending = len(fresh) - len(take)

	prepared := make([]entryPrep, len(take))
	ready := make([]chan struct{}, len(take))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	sem := make(chan struct{}, p.opts.PageConcurrency)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i, it := range take {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				for j := i; j < len(take); j++ {
					prepared[j].cut = true
					close(ready[j])
				}
				return
			}
			wg.Go(func() {
				defer func() { <-sem }()
				prepared[i] = p.prepare(ctx, feedURL, f, it)
				close(ready[i])
			})
		}
	})
	complete := true
	for i, it := range take {
		<-ready[i]
		e := prepared[i]
		if e.cut {
			res.pending++
			continue
		}
		path, probs, retry := p.finish(e)
		res.problems = append(res.problems, probs...)
		if path != "" {
			res.added = append(res.added, path)
		}
		if retry {
			complete = false
			continue
		}
		st.markSeen(feedURL, entryKey(it), path, p.opts.Now())
	}
	wg.Wait()
	if p.outOfTime(ctx) && res.pending > 0 {
		res.problems = append(res.problems, Problem{URL: feedURL,
			Reason: fmt.Sprintf("%s; %d new entries left for the next poll", p.timeLimit(), res.pending)})
	}
	st.forget(feedURL, p.opts.Now())
	// The feed's validators are kept only once every entry is done with, so
	// that an entry left for later, or whose page failed for now, is tried
	// again next time rather than hidden behind a 304.
	if complete && res.pending == 0 {
		st.setValidators(feedURL, validators{ETag: resp.etag, LastModified: resp.lastModified})
	}
	return res
}

// newest keeps the n newest of items, in their order in the feed. Undated
// entries count as older than dated ones, and among themselves keep the
// feed's order, which is newest first in most feeds.
func newest(items []*gofeed.Item, n int) []*gofeed.Item {
	if len(items) <= n {
		return items
	}
	dates := make([]time.Time, len(items))
	order := make([]int, len(items))
	for i, it := range items {
		dates[i], order[i] = entryDate(it), i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		da, db := dates[a], dates[b]
		switch {
		case da.IsZero() && db.IsZero():
			return 0
		case da.IsZero():
			return 1
		case db.IsZero():
			return -1
		}
		return db.Compare(da)
	})
	keep := order[:n]
	slices.Sort(keep)
	out := make([]*gofeed.Item, 0, n)
	for _, i := range keep {
		out = append(out, items[i])
	}
	return out
}

// feedError shortens a feed parser's error to its first line.
func feedError(err error) string {
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return "neither RSS nor Atom"
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}

// entryKey identifies an entry across polls: its GUID (Atom id), else its
// link, else its title.
func entryKey(it *gofeed.Item) string {
	return strings.TrimSpace(cmp.Or(it.GUID, it.Link, it.Title))
}

// entryPrep is a feed entry made ready to be written: the article, where
// it goes, and the problems met. An entry whose page could not be fetched
// in time is cut: neither written nor marked seen.
type entryPrep struct {
	dir, name string
	a         corpus.Article
	where     string // the URL problems are reported for
	problems  []Problem
	write     bool // a is to be written
	retry     bool // try the entry again at the next poll
	cut       bool
}

// prepare turns one feed entry into an article: its page's article when
// the page can be read, else the entry's own content or summary. It only
// reads, so that entries can be prepared concurrently.
func (p *Poller) prepare(ctx context.Context, feedURL string, f *gofeed.Feed, it *gofeed.Item) entryPrep {
	link := resolve(strings.TrimSpace(it.Link), cmp.Or(f.Link, feedURL), feedURL)
	where := cmp.Or(link, feedURL)
	published := entryDate(it)
	name := cmp.Or(published, p.opts.Now()).Format(time.DateOnly) + "-" + slug(it.Title, link)
	dir := "feeds/" + host(cmp.Or(link, feedURL))
	if link != "" && p.written(dir, name, link) {
		return entryPrep{}
	}

	var (
		page              corpus.Article
		pageErr           error
		pageOK, transient bool
	)
	if link != "" {
		resp, err := p.get(ctx, link, acceptPage, p.opts.MaxPageSize, validators{})
		switch {
		case err != nil && ctx.Err() != nil:
			return entryPrep{cut: true} // stopped, or out of time: next poll
		case err != nil:
			pageErr = err
			var fe *fetchError
			transient = errors.As(err, &fe) && fe.transient
		case !isHTML(resp.contentType):
			pageErr = fmt.Errorf("not a web page (%s)", resp.contentType)
		default:
			page, pageErr = corpus.ParseHTML(link, toUTF8(resp.body, resp.contentType))
			pageOK = pageErr == nil
			if pe := (*corpus.Problem)(nil); errors.As(pageErr, &pe) {
				pageErr = errors.New(pe.Reason)
			}
		}
	}
	// The entry's own text: the whole article in many feeds, a summary in
	// others. It stands in for a page that failed, and for one whose text
	// is shorter (a paywall's teaser).
	var own corpus.Article
	ownOK := false
	if body := cmp.Or(it.Content, it.Description); strings.TrimSpace(body) != "" {
		a, err := corpus.ParseHTML(where, []byte("<html><body><article>"+body+"</article></body></html>"))
		own, ownOK = a, err == nil
	}

	a := page
	switch {
	case pageOK && (!ownOK || len(page.Text) >= len(own.Text)):
	case ownOK:
		a.Text, a.Lang = own.Text, cmp.Or(own.Lang, page.Lang)
	default:
		reason := "no article text in the page or the feed entry"
		if pageErr != nil {
			reason = pageErr.Error() + ", and the feed entry has no text"
		}
		return entryPrep{problems: []Problem{{URL: where, Reason: reason}}, retry: transient}
	}
	var probs []Problem
	if pageErr != nil {
		probs = append(probs, Problem{URL: link, Reason: pageErr.Error() + "; kept the feed entry's text instead"})
	}

	a.Title = cmp.Or(collapse(it.Title), a.Title)
	a.Publication = cmp.Or(a.Publication, collapse(f.Title))
	a.URL = cmp.Or(a.URL, link)
	if !published.IsZero() {
		a.Date = corpus.Date{Time: published, Precision: corpus.Instant}
	}
	a.Author = cmp.Or(a.Author, authors(it))
	a.Lang = cmp.Or(a.Lang, langOf(f.Language))

	return entryPrep{dir: dir, name: name, a: a, where: where, problems: probs, write: true}
}

// finish writes a prepared entry. It returns the corpus path written (""
// when nothing was), the problems met, and whether the entry should be
// tried again at the next poll.
func (p *Poller) finish(e entryPrep) (string, []Problem, bool) {
	if !e.write {
		return "", e.problems, e.retry
	}
	p.wmu.Lock()
	path, err := p.write(e.dir, e.name, e.a)
	p.wmu.Unlock()
	if err != nil {
		return "", append(e.problems, Problem{URL: e.where, Reason: err.Error()}), true
	}
	return path, e.problems, false
}

// resolve makes an entry's link absolute, against the feed's site and
// then the feed's own URL.
func resolve(link string, bases ...string) string {
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	for _, b := range bases {
		if u.IsAbs() {
			break
		}
		if bu, err := url.Parse(b); err == nil && bu.IsAbs() {
			u = bu.ResolveReference(u)
		}
	}
	if !u.IsAbs() {
		return ""
	}
	return u.String()
}

// entryDate is when an entry was published (else updated), or zero, in
// the time zone the feed gave: gofeed's parsed times are in UTC.
func entryDate(it *gofeed.Item) time.Time {
	for _, d := range []struct {
		raw    string
		parsed *time.Time
	}{{it.Published, it.PublishedParsed}, {it.Updated, it.UpdatedParsed}} {
		if d.parsed == nil {
			continue
		}
		for _, layout := range []string{time.RFC1123Z, time.RFC3339, "Mon, 2 Jan 2006 15:04:05 -0700"} {
			if t, err := time.Parse(layout, strings.TrimSpace(d.raw)); err == nil && t.Equal(*d.parsed) {
				return t
			}
		}
		return *d.parsed
	}
	return time.Time{}
}

func authors(it *gofeed.Item) string {
	var names []string
	for _, a := range it.Authors {
		if a != nil && strings.TrimSpace(a.Name) != "" {
			names = append(names, strings.TrimSpace(a.Name))
		}
	}
	if len(names) == 0 && it.DublinCoreExt != nil {
		names = it.DublinCoreExt.Creator
	}
	return strings.Join(names, ", ")
}

// langOf keeps the primary subtag of a feed's language ("fr-FR" → "fr").
func langOf(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s, _, _ = strings.Cut(s, "-")
	s, _, _ = strings.Cut(s, "_")
	return s
}

// collapse turns runs of ASCII white space into one space, keeping the
// no-break spaces of French typography.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
	}), " ")
}
