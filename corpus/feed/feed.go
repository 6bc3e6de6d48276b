// Package feed turns RSS and Atom feeds into article files: it polls feeds
// with conditional requests, fetches each new entry's page, extracts the
// article with the corpus's HTML reader, and writes it into the corpus as a
// Markdown file with front matter, where it is indexed like any other file,
// can be read and corrected by a person, and survives restarts.
//
// It owns the feeds/ folder of a corpus: the article files under
// feeds/<host>/ and the hidden state file feeds/.state.json (entries seen,
// feed validators). It imports corpus and no other package of trustwatch's;
// it returns reports and never logs or reads the environment.
package feed

import (
	"cmp"
	"context"
	"net/http"
	"sync"
	"time"
)

// Defaults of Options and Run.
const (
	DefaultInterval    = 30 * time.Minute
	DefaultTimeout     = 20 * time.Second
	DefaultMaxFeedSize = 5 << 20
	DefaultMaxPageSize = 5 << 20
	DefaultUserAgent   = "trustwatch/1 (+https://github.com/trustwatch/trustwatch)"
	// MaxRedirects is how many redirects a request follows.
	MaxRedirects = 5
)

// Options configures a Poller. Only Dir is required.
type Options struct {
	// Dir is the corpus folder; articles go to Dir/feeds/<host>/.
	Dir string
	// Client makes the requests; default: a client that follows at most
	// MaxRedirects redirects (a client without CheckRedirect gets that
	// limit too).
	Client *http.Client
	// UserAgent is sent with every request; default DefaultUserAgent.
	UserAgent string
	// Now is the clock for file names of undated entries and for the
	// state file; default time.Now.
	Now func() time.Time
	// Timeout bounds each request, from sending it to reading the body;
	// default DefaultTimeout.
	Timeout time.Duration
	// MaxFeedSize and MaxPageSize bound the bytes read of a feed and of a
	// page; default 5 MB each.
	MaxFeedSize, MaxPageSize int64
	// Concurrency is how many feeds are polled at once; default 4. The
	// pages of one feed are fetched one after the other.
	Concurrency int
}

// Poller polls feeds into a corpus folder. It is safe for concurrent use,
// though two polls of the same feeds at once would fetch the same pages.
type Poller struct {
	opts   Options
	client *http.Client
	mu     sync.Mutex // serialises access to the state file
}

// New returns a Poller writing into opts.Dir.
func New(opts Options) *Poller {
	opts.UserAgent = cmp.Or(opts.UserAgent, DefaultUserAgent)
	opts.Timeout = cmp.Or(opts.Timeout, DefaultTimeout)
	opts.MaxFeedSize = cmp.Or(opts.MaxFeedSize, DefaultMaxFeedSize)
	opts.MaxPageSize = cmp.Or(opts.MaxPageSize, DefaultMaxPageSize)
	opts.Concurrency = cmp.Or(opts.Concurrency, 4)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &http.Client{}
	if opts.Client != nil {
		cc := *opts.Client
		c = &cc
	}
	if c.CheckRedirect == nil {
		c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return errTooManyRedirects
			}
			return nil
		}
	}
	return &Poller{opts: opts, client: c}
}

// Report says what a poll did.
type Report struct {
	// Added are the article files written, as corpus paths
	// ("feeds/www.example.com/2024-03-12-title.md").
	Added []string
	// Problems are the feeds and pages that could not be used, and why.
	// A page problem does not stop its feed; a feed problem does not stop
	// the others.
	Problems []Problem
	// Feeds is how many feeds were polled; Unchanged how many answered
	// "not modified"; Failed lists those that could not be read at all
	// (each has its Problem).
	Feeds     int
	Unchanged int
	Failed    []string
}

// Problem is a feed or page that could not be used.
type Problem struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}

// Error formats the problem as every command reports one: "URL: reason".
func (p Problem) Error() string { return p.URL + ": " + p.Reason }

// Poll fetches each feed once, writes its new entries into the corpus and
// reports what it did. Feeds are polled concurrently; a feed that fails is
// reported and the others go on. Poll returns early, with what it did so
// far, when ctx is done.
func (p *Poller) Poll(ctx context.Context, urls []string) Report {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := Report{Feeds: len(urls)}
	st, err := loadState(p.opts.Dir)
	if err != nil {
		r.Problems = append(r.Problems, Problem{URL: statePath, Reason: err.Error() + "; starting afresh"})
	}
	results := make([]feedResult, len(urls))
	sem := make(chan struct{}, p.opts.Concurrency)
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			results[i] = p.pollFeed(ctx, st, u)
		})
	}
	wg.Wait()
	for i, res := range results {
		r.Added = append(r.Added, res.added...)
		r.Problems = append(r.Problems, res.problems...)
		if res.failed {
			r.Failed = append(r.Failed, urls[i])
		}
		if res.unchanged {
			r.Unchanged++
		}
	}
	if err := st.save(p.opts.Dir); err != nil {
		r.Problems = append(r.Problems, Problem{URL: statePath, Reason: err.Error()})
	}
	return r
}
