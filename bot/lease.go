package bot

import (
	"context"
	"log/slog"
	"time"
)

// RunLeased runs fn while owner holds the lease called name (such as
// feed polling, which one replica at a time does), until ctx ends. It
// tries to take the lease every ttl/3 and renews it as often while fn
// runs; losing it (another owner took it over after it expired, or the
// store cannot say) ends fn's context, and RunLeased waits for fn before
// trying again. At the end it gives the lease up, so another owner takes
// it at once.
func RunLeased(ctx context.Context, l Leases, name, owner string, ttl time.Duration, log *slog.Logger, fn func(ctx context.Context)) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("lease", name)
	every := ttl / 3
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		held, err := l.AcquireLease(ctx, name, owner, ttl)
		if err != nil && ctx.Err() == nil {
			log.Warn("lease not taken", "err", err)
		}
		if held {
			log.Info("lease taken")
			hold(ctx, l, name, owner, ttl, t, log, fn)
			if ctx.Err() != nil {
				rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
				_ = l.ReleaseLease(rctx, name, owner)
				cancel()
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// hold runs fn and renews the lease at each tick of t until ctx ends or
// the lease is lost; it returns once fn has.
func hold(ctx context.Context, l Leases, name, owner string, ttl time.Duration, t *time.Ticker, log *slog.Logger, fn func(context.Context)) {
	fctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); fn(fctx) }()
	defer func() { stop(); <-done }()
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-t.C:
		}
		ok, err := l.RenewLease(ctx, name, owner, ttl)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Warn("lease lost: its store does not answer", "err", err)
			return
		case !ok:
			log.Info("lease lost: taken over")
			return
		}
	}
}
