package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/corpus/feed"
)

func init() {
	register("feeds", "fetch new articles from RSS/Atom feeds into the corpus", cmdFeeds)
}

const feedsDoc = `
Polls the RSS and Atom feeds of TRUSTWATCH_FEEDS (or the URLs given) once,
fetches each new entry's page and writes its article into the corpus
folder TRUSTWATCH_CORPUS, as feeds/<host>/<date>-<title>.md: Markdown with
front matter, which you may read and correct. Entries already fetched are
not fetched again (feeds/.state.json remembers them).

A poll takes at most 100 new entries of each feed, the newest first,
fetches four pages of a feed at a time, each within 20 s, and stops after
5 minutes; what it left is fetched by the next poll.

Feeds, their entries' pages and redirects may not reach loopback, private,
link-local (cloud metadata), multicast or other internal addresses: each
connection is checked once the name is resolved, and refused unless
TRUSTWATCH_FEEDS_ALLOW_PRIVATE is true or lists the address's network
(comma-separated CIDR, such as 10.0.0.0/8,fd00::/8). No proxy is used.

Prints one line per file added and one line per feed or page that could
not be used ("URL: reason"), then a summary. Exits 1 when every feed
failed. serve polls the same feeds every TRUSTWATCH_FEED_INTERVAL
(default 30m).`

func cmdFeeds(ctx context.Context, a *app, args []string) error {
	fl := a.newFlags("feeds", "[URL…]", feedsDoc)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	urls := a.cfg.Feeds
	if fl.NArg() > 0 {
		urls = nil
		for _, u := range fl.Args() {
			if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
				return usageErr("feeds: %q is not an http(s) URL", u)
			}
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return usageErr("no feeds to poll: set TRUSTWATCH_FEEDS to comma-separated RSS/Atom feed URLs, or give URLs as arguments")
	}
	if a.cfg.Corpus == "" {
		return usageErr("TRUSTWATCH_CORPUS is not set: set it to the folder the feeds' articles go to (the built-in sample corpus is read-only)")
	}
	fsys, err := a.cfg.corpusFS()
	if err != nil {
		return err
	}
	closeCorpus(fsys) // only checked here: the poller writes through its own paths
	start := time.Now()
	r := newPoller(a).Poll(ctx, urls)
	for _, p := range r.Added {
		fmt.Fprintln(a.stdout, "added", p)
	}
	for _, p := range r.Problems {
		fmt.Fprintln(a.stderr, p.Error())
	}
	left := ""
	if r.Pending > 0 {
		left = fmt.Sprintf(", %d new entries left for the next poll", r.Pending)
	}
	fmt.Fprintf(a.stdout, "%d feeds: %d articles added, %d feeds unchanged, %d failed, %d problems%s in %s\n",
		r.Feeds, len(r.Added), r.Unchanged, len(r.Failed), len(r.Problems), left, time.Since(start).Round(time.Millisecond))
	if ctx.Err() != nil {
		return nil // stopped: what was done is kept
	}
	if len(r.Failed) == len(urls) {
		return errReported
	}
	return nil
}

// newPoller is the feed poller of feeds and serve, writing into the corpus.
func newPoller(a *app) *feed.Poller {
	v := version
	if v == "" {
		v = "dev"
	}
	return feed.New(feed.Options{
		Dir:       a.cfg.Corpus,
		UserAgent: "trustwatch/" + v + " (+https://github.com/trustwatch/trustwatch)",
		Allow:     a.cfg.FeedsAllow,
	})
}

// feedInterval reads TRUSTWATCH_FEED_INTERVAL, how often serve polls the
// feeds: a Go duration ("30m", "2h"), at least a minute.
func feedInterval(getenv func(string) string) (time.Duration, error) {
	s := strings.TrimSpace(getenv("TRUSTWATCH_FEED_INTERVAL"))
	if s == "" {
		return feed.DefaultInterval, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Minute {
		return 0, usageErr("TRUSTWATCH_FEED_INTERVAL=%q: set it to a duration of a minute or more, such as 30m or 2h", s)
	}
	return d, nil
}

// runFeeds polls the configured feeds into the corpus until ctx ends, for
// serve: new files are picked up by the corpus watcher like any other.
func runFeeds(ctx context.Context, a *app, interval time.Duration) {
	newPoller(a).Run(ctx, a.cfg.Feeds, interval, func(r feed.Report) {
		for _, p := range r.Problems {
			a.log.Warn("feed problem", "url", p.URL, "reason", p.Reason)
		}
		if len(r.Added) > 0 || len(r.Failed) > 0 || r.Pending > 0 {
			a.log.Info("feeds polled", "feeds", r.Feeds, "added", len(r.Added), "unchanged", r.Unchanged, "failed", len(r.Failed), "pending", r.Pending)
		}
		if a.hooks.feedsPolled != nil {
			a.hooks.feedsPolled(r)
		}
	})
}
