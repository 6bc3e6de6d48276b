package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

func init() {
	register("serve", "run the Slack bot (Socket Mode)", cmdServe)
}

// The watcher's rescan, its safety net under file-system notifications,
// and the full Sync behind both.
const (
	watchEvery    = 30 * time.Second
	fullSyncEvery = time.Hour
	// feedLease is how long a replica holds feed polling without
	// renewing it: another takes over that long after it died.
	feedLease = 30 * time.Second
)

const serveDoc = `
Runs the Slack bot over Socket Mode: it indexes the corpus (incrementally),
connects to Slack, and answers the slash command, @mentions and direct
messages until it is stopped; it logs "ready" once it answers and follows
the corpus. While it runs it keeps the index up to date
with the corpus folder (followed by file-system notifications, with a
rescan every 30 s as a safety net and a full sync every hour), polls
TRUSTWATCH_FEEDS into the corpus, and posts the digest on its schedule.
SIGINT or SIGTERM: it takes no new work, finishes the answers in flight
(10 s at most), closes the index and exits 0.

With TRUSTWATCH_DATABASE_URL set, several serve processes (each with its
own index folder) keep their state in that PostgreSQL database and answer
as one bot: each request once, each digest slot once, feeds polled by one
at a time, and the work of one that dies answered by another. PostgreSQL
unreachable at start: exit 1.

Needs SLACK_BOT_TOKEN (xoxb-…) and SLACK_APP_TOKEN (xapp-…, with
connections:write); see .env.example for the rest.`

func cmdServe(ctx context.Context, a *app, args []string) error {
	fl := a.newFlags("serve", "", serveDoc)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageErr("serve takes no arguments (got %q)", fl.Arg(0))
	}
	cfg := a.cfg
	need := append(cfg.slackNeeds(true), cfg.sourceNeeds()...)
	if len(cfg.Feeds) > 0 && cfg.Corpus == "" {
		need = append(need, errors.New("TRUSTWATCH_FEEDS is set but TRUSTWATCH_CORPUS is not: set it to the folder the feeds' articles go to (the built-in sample corpus is read-only)"))
	}
	if err := a.ready(need...); err != nil {
		return err
	}
	fsys, reg, dir, err := cfg.sources()
	if err != nil {
		return err
	}
	defer closeCorpus(fsys)
	stateDir, err := cfg.stateDir()
	if err != nil {
		return err
	}
	feedEvery := cfg.FeedInterval
	// PostgreSQL when replicas share the state; else the file in
	// stateDir, as bot.New opens it.
	var state bot.State
	if cfg.DatabaseURL != "" {
		st, closeState, err := cfg.openState(ctx, a.log)
		if err != nil {
			return err
		}
		defer closeState()
		state = st
		a.log.Info("state in PostgreSQL", "owner", st.Owner())
	} else {
		state = bot.NewStore(filepath.Join(stateDir, bot.StateFile), bot.StoreOptions{})
	}

	ix, err := index.Open(dir, index.Options{Registry: reg})
	if err != nil {
		return fmt.Errorf("open index: %w", err)
	}
	defer func() {
		if err := ix.Close(); err != nil {
			a.log.Warn("index not closed cleanly", "err", err)
		}
	}()

	// Ready (hooks.ready, and "ready" in the log) once the bot is
	// connected and the corpus watched; the first Sync comes before both.
	up := &gate{open: func() {
		a.log.Info("ready", "command", cfg.Command)
		if a.hooks.ready != nil {
			a.hooks.ready()
		}
	}}
	connected, watching := up.part(), func() {}
	if cfg.Corpus != "" {
		watching = up.part()
	}

	b, err := bot.New(bot.Config{
		BotToken:    cfg.BotToken,
		AppToken:    cfg.AppToken,
		APIURL:      cfg.APIURL,
		Command:     cfg.Command,
		Logger:      a.log,
		Index:       ix,
		Location:    cfg.Timezone,
		Digest:      newDigester(a, state, ix),
		StateDir:    stateDir,
		State:       state,
		UserRate:    cfg.UserRate,
		ChannelRate: cfg.ChannelRate,
		Correctors:  cfg.Correctors,
		Hooks:       bot.Hooks{Connected: connected, Store: a.hooks.store, Corrected: a.hooks.corrected},
	})
	if err != nil {
		return fmt.Errorf("set up the bot: %w", err)
	}
	// A rejected token is found before the slow part, the first Sync.
	if err := b.Auth(ctx); err != nil {
		return slackErr(err)
	}

	rep, err := ix.Sync(ctx, fsys, nil)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while indexing
		}
		return fmt.Errorf("index the corpus: %w", err)
	}
	for _, p := range rep.Problems {
		a.log.Warn("article skipped", "path", p.Path, "reason", p.Reason)
	}
	if empty(rep) {
		a.log.Warn("corpus empty", "reason", noArticles(cfg.Corpus))
	}
	a.log.Info("index ready", "articles", rep.Articles, "quotes", rep.Quotes, "vendors", rep.Vendors,
		"added", rep.Added, "updated", rep.Updated, "removed", rep.Removed, "skipped", len(rep.Problems),
		"took_ms", rep.Took.Milliseconds())

	// The corpus watcher and the feeds stop with the bot; then the index
	// closes (deferred above).
	var wg sync.WaitGroup
	bg, stopBg := context.WithCancel(ctx)
	if cfg.Corpus != "" { // the built-in sample never changes
		wg.Go(func() { watchCorpus(bg, a, ix, cfg.Corpus, watching) })
	}
	if len(cfg.Feeds) > 0 {
		// One replica at a time polls; another takes over when it dies.
		wg.Go(func() {
			bot.RunLeased(bg, state, "feeds", state.Owner(), feedLease, a.log, func(ctx context.Context) {
				runFeeds(ctx, a, feedEvery)
			})
		})
	}
	err = b.Run(ctx)
	stopBg()
	wg.Wait()
	if err != nil {
		return slackErr(err)
	}
	return nil
}

// watchCorpus keeps the index up to date with the corpus folder until ctx
// ends: file-system notifications, debounced until files are stable, with
// corpus.Watch's periodic rescan as a safety net, each trigger a Sync (which
// reads only the files whose stat changed, so a spurious one costs a walk).
// A FullSync every fullSyncEvery, reading and hashing every file, catches
// anything both could miss, such as an edit that kept a file's size and
// times.
//
// Each Sync opens the folder again (corpus.Open, so that nothing read
// leaves it): a folder replaced under the same name, or a link to it moved
// to a new one, is then read as it is now, not as it was when serve began.
//
// watching is called once the folder is watched (or cannot be).
func watchCorpus(ctx context.Context, a *app, ix *index.Index, root string, watching func()) {
	resyncWith := func(syncFn func(context.Context, fs.FS, func(int, int)) (index.SyncReport, error)) {
		fsys, err := corpus.Open(root)
		if err != nil {
			a.log.Warn("index update failed", "err", err)
			return
		}
		defer fsys.Close()
		rep, err := syncFn(ctx, fsys, nil)
		if err != nil {
			if ctx.Err() == nil {
				a.log.Warn("index update failed", "err", err)
			}
			return
		}
		for _, p := range rep.Problems {
			a.log.Warn("article skipped", "path", p.Path, "reason", p.Reason)
		}
		if rep.Added+rep.Updated+rep.Removed > 0 {
			a.log.Info("index updated", "articles", rep.Articles, "quotes", rep.Quotes, "vendors", rep.Vendors,
				"added", rep.Added, "updated", rep.Updated, "removed", rep.Removed, "took_ms", rep.Took.Milliseconds())
		}
		a.hooks.synced(rep)
	}
	resync := func() { resyncWith(ix.Sync) }
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		t := time.NewTicker(fullSyncEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				resyncWith(ix.FullSync)
			}
		}
	})
	// Ready: files written between serve's first Sync and the watches.
	ready := func() { resync(); watching() }
	if err := corpus.Watch(ctx, root, corpus.WatchOptions{Rescan: watchEvery, Ready: ready}, resync); err != nil {
		a.log.Warn("corpus not watched; changes show at the next full sync", "err", err)
		watching() // serve is as ready as it will be
	}

}

// slackErr turns a token Slack rejected into the configuration mistake it
// is (exit status 2), naming the variable to fix.
func slackErr(err error) error {
	var re *bot.RejectedError
	if !errors.As(err, &re) {
		return err
	}
	if re.Token == "app" {
		return usageErr("SLACK_APP_TOKEN was rejected by Slack (%s): set it to an app-level token with the connections:write scope (xapp-…), from the app's Basic Information page", re.Code)
	}
	return usageErr("SLACK_BOT_TOKEN was rejected by Slack (%s): set it to the bot token (xoxb-…) from the app's OAuth & Permissions page, after installing it in the workspace", re.Code)
}
