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
//
// Feeds come from outside, so the poller is wary of them: it connects only
// to public addresses unless Options.Allow says otherwise (checked at dial
// time, for redirects too), makes a safe folder name of every host, and
// bounds each poll in entries, time and concurrent requests.
package feed

import (
	"cmp"
	"context"
	"errors"
	"fmt"
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
	// DefaultMaxEntries is how many new entries of a feed one poll takes.
	DefaultMaxEntries = 100
	// DefaultPollTimeout bounds a whole poll.
	DefaultPollTimeout = 5 * time.Minute
	// DefaultPageConcurrency is how many pages of a feed are fetched at once.
	DefaultPageConcurrency = 4
	// MaxRedirects is how many redirects a request follows.
	MaxRedirects = 5
)

// Options configures a Poller. Only Dir is required.
type Options struct {
	// Dir is the corpus folder; articles go to Dir/feeds/<host>/.
	Dir string
	// Client makes the requests; default: a client that follows at most
	// MaxRedirects redirects (a client without CheckRedirect gets that
	// limit too) and connects only to the addresses Allow permits. A
	// client with its own Transport is used as it is: that transport
	// decides where it connects (tests serve requests in process); one
	// without gets the guarded transport.
	Client *http.Client
	// Allow lets requests reach addresses that are not public (loopback,
	// private, link-local…); by default every such connection is refused.
	Allow Allow
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
	// Concurrency is how many feeds are polled at once; default 4.
	Concurrency int
	// PageConcurrency is how many pages of one feed are fetched at once;
	// default DefaultPageConcurrency.
	PageConcurrency int
	// MaxEntries is how many new entries of a feed one poll takes, the
	// newest first; the others wait for the next poll. Default
	// DefaultMaxEntries.
	MaxEntries int
	// PollTimeout bounds a whole poll; what it did not reach waits for
	// the next one. Default DefaultPollTimeout.
	PollTimeout time.Duration
}

// Poller polls feeds into a corpus folder. It is safe for concurrent use,
// though two polls of the same feeds at once would fetch the same pages.
type Poller struct {
	opts   Options
	client *http.Client
	mu     sync.Mutex // serialises access to the state file
	wmu    sync.Mutex // serialises writing article files, so no two take one name
}

// New returns a Poller writing into opts.Dir.
func New(opts Options) *Poller {
	opts.UserAgent = cmp.Or(opts.UserAgent, DefaultUserAgent)
	opts.Timeout = cmp.Or(opts.Timeout, DefaultTimeout)
	opts.MaxFeedSize = cmp.Or(opts.MaxFeedSize, DefaultMaxFeedSize)
	opts.MaxPageSize = cmp.Or(opts.MaxPageSize, DefaultMaxPageSize)
	opts.Concurrency = cmp.Or(opts.Concurrency, 4)
	opts.PageConcurrency = cmp.Or(opts.PageConcurrency, DefaultPageConcurrency)
	opts.MaxEntries = cmp.Or(opts.MaxEntries, DefaultMaxEntries)
	opts.PollTimeout = cmp.Or(opts.PollTimeout, DefaultPollTimeout)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &http.Client{}
	if opts.Client != nil {
		cc := *opts.Client
		c = &cc
	}
	if c.Transport == nil {
		c.Transport = newTransport(&guard{allow: opts.Allow})
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
	// Pending is how many new entries were left for the next poll: over
	// Options.MaxEntries, or not reached before the poll's time limit.
	Pending int
}

// Problem is a feed or page that could not be used.
type Problem struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}

// Error formats the problem as every command reports one: "URL: reason".
func (p Problem) Error() string { return p.URL + ": " + p.Reason }

// errPollDeadline is the cause of a poll's context when its time limit
// runs out, as opposed to the caller's cancelling it.
var errPollDeadline = errors.New("the poll's time limit ran out")

// Poll fetches each feed once, writes its new entries into the corpus and
// reports what it did. Feeds are polled concurrently; a feed that fails is
// reported and the others go on. A poll takes at most Options.MaxEntries
// new entries of each feed and lasts at most Options.PollTimeout; what it
// leaves is counted in Report.Pending and taken by the next poll. Poll
// returns early, with what it did so far, when ctx is done.
func (p *Poller) Poll(ctx context.Context, urls []string) Report {
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx, cancel := context.WithTimeoutCause(ctx, p.opts.PollTimeout, errPollDeadline)
	defer cancel()
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
				if p.outOfTime(ctx) {
					results[i].problems = []Problem{{URL: u, Reason: p.timeLimit() + " before this feed was polled"}}
				}
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
		r.Pending += res.pending
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

// outOfTime reports whether ctx ended because the poll's time limit ran
// out.
func (p *Poller) outOfTime(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errPollDeadline)
}

// timeLimit says that the poll's time limit ran out, in words for a user.
func (p *Poller) timeLimit() string {
	return fmt.Sprintf("the poll's time limit (%v) ran out", p.opts.PollTimeout)
}
