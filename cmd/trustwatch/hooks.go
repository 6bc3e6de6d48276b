package main

import (
	"sync"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus/feed"
	"github.com/trustwatch/trustwatch/index"
)

// hooks are the points of serve's life that a caller in the same process
// can wait on: tests pass them to run and wait on them, rather than on log
// text or sleeps; people read the log lines logged at the same points. A
// nil field is not called. They are called on serve's goroutines and must
// return at once.
type hooks struct {
	// ready: serve is up. The index is synced with the corpus, the corpus
	// folder is watched (a file written from now on is seen), and the bot
	// is connected to Slack. Called once; the log says "ready".
	ready func()
	// indexSynced: the watcher brought the index up to date with the
	// corpus, with the Sync's report: after each Sync, also one that
	// found nothing new (the log says "index updated" when it did).
	indexSynced func(index.SyncReport)
	// digest: the outcome of one channel of a scheduled digest slot, once
	// it is final (digest.Digester.Outcome).
	digest func(digest.Outcome)
	// feedsPolled: serve polled TRUSTWATCH_FEEDS, with the poll's report
	// (logged as "feed problem" and "feeds polled" just before).
	feedsPolled func(feed.Report)
	// store: the state store stopped answering (false) or answers again
	// (true) (bot.Hooks.Store).
	store func(up bool)
	// corrected: a correction made in Slack was saved
	// (bot.Hooks.Corrected).
	corrected func(bot.Correction)
}

func (h hooks) synced(rep index.SyncReport) {
	if h.indexSynced != nil {
		h.indexSynced(rep)
	}
}

// An option is an optional input of run, after the five every call has:
// a .env file under the environment (dotenv), or the hooks a test waits
// on (hooks).
type option interface{ applyTo(*options) }

// options are run's optional inputs, gathered.
type options struct {
	envs  []dotenv
	hooks hooks
}

func (d dotenv) applyTo(o *options) { o.envs = append(o.envs, d) }
func (h hooks) applyTo(o *options)  { o.hooks = h }

// gate calls open once every part it handed out has happened at least
// once; a part that happens again (a reconnection) changes nothing. All
// parts are handed out before any happens.
type gate struct {
	mu      sync.Mutex
	pending int
	open    func()
}

// part is one condition of g: call it when it holds.
func (g *gate) part() func() {
	g.mu.Lock()
	g.pending++
	g.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.pending--
			last := g.pending == 0
			g.mu.Unlock()
			if last {
				g.open()
			}
		})
	}
}
