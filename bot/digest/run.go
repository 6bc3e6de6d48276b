package digest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus"
)

// firstWindow is how far back the first digest ever of a channel looks
// (or to the slot before, when that is further): on a fresh index, where
// every quotation was first indexed minutes ago, that is everything.
const firstWindow = 24 * time.Hour

// Retries of a slot whose post failed (Slack down, a network error):
// after slotRetryAfter, at most slotRetryAttempts times, the same day only.
const (
	slotRetryAfter    = time.Minute
	slotRetryAttempts = 3
)

// Post is one digest to post: the digest of a slot for a channel.
type Post struct {
	Channel string
	// Slot is the slot's id (Schedule.SlotID); Until is what the digest
	// covers quotations up to. The post carries both, so that History
	// finds it and the next digest starts where it ended.
	Slot   string
	Until  time.Time
	Digest Digest
}

// Poster posts a digest and returns its message's ts; bot.SlackPoster
// draws it as Block Kit and marks it with its slot.
type Poster func(ctx context.Context, p Post) (ts string, err error)

// Store is what the Digester keeps: its slots, claimed then posted once
// per channel, and the channels subscribed to it. The bot's state has it
// (the bbolt file, or bot/pgstate's PostgreSQL).
type Store interface {
	Claim(ctx context.Context, channel, slot string, slotTime time.Time) (SlotRecord, error)
	MarkPosted(ctx context.Context, rec SlotRecord, ts string, until time.Time) error
	MarkEmpty(ctx context.Context, rec SlotRecord) error
	Release(ctx context.Context, rec SlotRecord) error
	Slot(ctx context.Context, channel, slot string) (SlotRecord, bool, error)
	LastPosted(ctx context.Context, channel string) (SlotRecord, bool, error)
	Subscribe(ctx context.Context, channel string, vendors []string, by string) (Subscription, error)
	Unsubscribe(ctx context.Context, channel string, vendors []string) (Subscription, bool, error)
	Subscriptions(ctx context.Context) ([]Subscription, error)
}

// Digester posts the digest on its schedule, at most once per slot and
// channel, through the claim protocol of its Store; the bot runs it and
// `trustwatch digest --post` calls PostSlot. Its fields are set once,
// before use.
type Digester struct {
	Source   DigestSource
	Registry *corpus.Registry
	Store    Store
	Schedule Schedule
	// Channel receives every vendor's news; "" for none. Subscribed
	// channels (Store.Subscriptions) receive theirs too.
	Channel string
	// PostEmpty posts "nothing new" when a slot has nothing; otherwise
	// such a slot posts nothing.
	PostEmpty bool
	Post      Poster
	// History finds a post of a slot in a channel. Before posting over a
	// claim that may have been posted (its process died, or its post
	// failed without Slack saying no), the Digester looks there; nil, or
	// a failed look-up, leaves such a slot unposted: late or never is
	// better than twice.
	History History
	Log     *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Outcome, if not nil, is called with each Outcome of PostSlot as
	// soon as it is final (Hooks.Digest for the bot's schedule).
	Outcome func(Outcome)
}

// Target is a channel the digest goes to, with its vendors (none: all).
type Target struct {
	Channel string
	Vendors []string
}

// Status is what became of a slot in a channel.
type Status string

// Statuses of an Outcome.
const (
	StatusPosted  Status = "posted"
	StatusDone    Status = "already-posted" // done before, by this or another process
	StatusClaimed Status = "claimed"        // another process is posting it now
	StatusNothing Status = "nothing-new"
	StatusFailed  Status = "failed"
	// StatusUnverified: an earlier claim may have posted the slot and
	// the channel's history could not be read to tell; nothing posted.
	StatusUnverified Status = "unverified"
)

// historySkew is how far before its slot a digest post is looked for:
// the slot is this host's clock, a post's ts is Slack's.
const historySkew = 10 * time.Minute

// Outcome is what PostSlot did for one channel.
type Outcome struct {
	Channel string `json:"channel"`
	Slot    string `json:"slot"`
	Status  Status `json:"status"`
	TS      string `json:"ts,omitempty"`
	// Record is the slot's record: for StatusDone and StatusClaimed,
	// the one that says who did it and when.
	Record SlotRecord `json:"record"`
	// Digest is what was composed for the channel; nil when the slot was
	// not this process's to post.
	Digest *Digest `json:"digest,omitempty"`
	Err    error   `json:"-"`
	// unclaimed: the claim could not be made (the store did not
	// answer), so the slot waits for it, all day if need be.
	unclaimed bool
}

func (d *Digester) now() time.Time {
	if d.Now != nil {
		return d.now()
	}
	return time.Now()
}

// Next is the digest's next slot from now; zero when its schedule has
// none.
func (d *Digester) Next() time.Time { return d.Schedule.Next(d.now()) }

// staleClaim is how long the Store keeps another's claim: a slot claimed
// elsewhere is tried again after it.
func (d *Digester) staleClaim() time.Duration {
	if s, ok := d.Store.(interface{ StaleClaimAfter() time.Duration }); ok {
		return s.StaleClaimAfter()
	}
	return DefaultStaleClaim
}

func (d *Digester) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Targets lists where the digest goes: the digest channel with every
// vendor, then each subscribed channel with its vendors.
func (d *Digester) Targets(ctx context.Context) ([]Target, error) {
	var out []Target
	if d.Channel != "" {
		out = append(out, Target{Channel: d.Channel})
	}
	if d.Store == nil {
		return out, nil
	}
	subs, err := d.Store.Subscriptions(ctx)
	if err != nil {
		return out, err
	}
	for _, s := range subs {
		if s.Channel != d.Channel {
			out = append(out, Target{Channel: s.Channel, Vendors: s.Vendors})
		}
	}
	return out, nil
}

// TargetOf returns how channel gets the digest, and whether it does.
func (d *Digester) TargetOf(ctx context.Context, channel string) (Target, bool, error) {
	ts, err := d.Targets(ctx)
	for _, t := range ts {
		if t.Channel == channel {
			return t, true, err
		}
	}
	return Target{Channel: channel}, false, err
}

// Since is where channel's digest for the slot at slot starts: the end of
// its last digest; for its first, 24 hours before the slot, or the slot
// before when that is earlier.
func (d *Digester) Since(ctx context.Context, channel string, slot time.Time) (time.Time, error) {
	if d.Store != nil {
		last, ok, err := d.Store.LastPosted(ctx, channel)
		if err != nil {
			return time.Time{}, err
		}
		if ok && !last.Until.IsZero() {
			return last.Until.In(d.Schedule.Location()), nil
		}
	}
	since := slot.Add(-firstWindow)
	if prev := d.Schedule.Prev(slot.Add(-time.Nanosecond)); !prev.IsZero() && prev.Before(since) {
		since = prev
	}
	return since.In(d.Schedule.Location()), nil
}

// Preview composes what the digest would post to channel now, without
// posting or recording anything. A channel that gets no digest sees every
// vendor's news.
func (d *Digester) Preview(ctx context.Context, channel string) (Digest, error) {
	t, _, err := d.TargetOf(ctx, channel)
	if err != nil {
		return Digest{}, err
	}
	now := d.now()
	since, err := d.Since(ctx, channel, now)
	if err != nil {
		return Digest{}, err
	}
	return BuildDigest(ctx, d.Source, d.Registry, since, now, t.Vendors)
}

// PostSlot posts the slot at slot to every target that has not had it,
// claiming each first so that no other process posts it too. since, when
// not zero, replaces each channel's own start (`digest --since`). It
// returns an outcome per target; the error joins the failures.
func (d *Digester) PostSlot(ctx context.Context, slot, since time.Time) ([]Outcome, error) {
	if d.Store == nil || d.Post == nil {
		return nil, errors.New("post the digest: no state store or no poster")
	}
	targets, err := d.Targets(ctx)
	if err != nil {
		return nil, fmt.Errorf("list digest channels: %w", err)
	}
	id := d.Schedule.SlotID(slot)
	var outs []Outcome
	var errs []error
	for _, t := range targets {
		o := d.postTo(ctx, t, slot, id, since)
		if d.Outcome != nil {
			d.Outcome(o)
		}
		outs = append(outs, o)
		if o.Err != nil {
			errs = append(errs, o.Err)
		}
	}
	return outs, errors.Join(errs...)
}

func (d *Digester) postTo(ctx context.Context, t Target, slot time.Time, id string, since time.Time) Outcome {
	log := d.log().With("channel", t.Channel, "slot", id)
	o := Outcome{Channel: t.Channel, Slot: id}
	rec, err := d.Store.Claim(ctx, t.Channel, id, slot)
	o.Record = rec
	switch {
	case errors.Is(err, ErrPosted):
		o.Status = StatusDone
		log.Debug("digest already done", "owner", rec.Owner)
		return o
	case errors.Is(err, ErrClaimed):
		o.Status = StatusClaimed
		log.Info("digest claimed elsewhere", "owner", rec.Owner)
		return o
	case err != nil:
		o.Status, o.Err, o.unclaimed = StatusFailed, err, true
		log.Error("digest claim failed", "err", err)
		return o
	}
	fail := func(err error) Outcome {
		o.Status, o.Err = StatusFailed, err
		if rerr := d.Store.Release(context.WithoutCancel(ctx), rec); rerr != nil {
			o.Err = errors.Join(err, rerr)
		}
		log.Error("digest failed", "err", o.Err)
		return o
	}
	if rec.Prior != nil {
		// The claim taken over may have posted before it stopped.
		if done, ok := d.postedBefore(ctx, log, rec, slot, &o); ok {
			return done
		}
	}
	if since.IsZero() {
		if since, err = d.Since(ctx, t.Channel, slot); err != nil {
			return fail(err)
		}
	}
	until := d.now()
	dg, err := BuildDigest(ctx, d.Source, d.Registry, since.In(d.Schedule.Location()), until, t.Vendors)
	if err != nil {
		return fail(err)
	}
	o.Digest = &dg
	if dg.Empty() && !d.PostEmpty {
		if err := d.Store.MarkEmpty(ctx, rec); err != nil {
			return fail(err)
		}
		o.Status = StatusNothing
		log.Info("digest has nothing new")
		return o
	}
	ts, err := d.Post(ctx, Post{Channel: t.Channel, Slot: id, Until: until, Digest: dg})
	if err != nil {
		err = fmt.Errorf("post digest %s to %s: %w", id, t.Channel, err)
		if !refused(err) {
			// Slack may have posted it (a timeout, a dropped connection):
			// keep the claim, so the next attempt looks before it posts.
			o.Status, o.Err = StatusFailed, err
			log.Error("digest failed", "err", err, "posted", "unknown")
			return o
		}
		return fail(err)
	}
	o.Status, o.TS = StatusPosted, ts
	// Posted: the record must say so even if ctx has just ended.
	if err := d.Store.MarkPosted(context.WithoutCancel(ctx), rec, ts, until); err != nil {
		o.Err = err
		log.Error("digest record failed", "err", err)
		return o
	}
	log.Info("digest posted", "quotes", dg.Quotes, "ts", ts)
	return o
}

// postedBefore looks in the channel's history for a post of the slot made
// under the claim rec took over. Found, it records the slot as posted
// with that message; unreadable, it leaves the slot unposted. ok is false
// when the slot is still to post.
func (d *Digester) postedBefore(ctx context.Context, log *slog.Logger, rec SlotRecord, slot time.Time, o *Outcome) (Outcome, bool) {
	prior := rec.Prior
	log = log.With("prior_owner", prior.Owner, "prior_claimed_at", prior.ClaimedAt)
	if d.History == nil {
		o.Status = StatusUnverified
		o.Err = fmt.Errorf("digest %s for %s: an earlier attempt (%s) may have posted it, and this process cannot read the channel's history: not posted, rather than twice", rec.Slot, rec.Channel, prior.Owner)
		log.Warn("digest not reposted", "reason", "no history reader")
		return *o, true
	}
	p, found, err := d.History(ctx, rec.Channel, rec.Slot, slot.Add(-historySkew))
	if err != nil {
		o.Status = StatusUnverified
		o.Err = fmt.Errorf("digest %s for %s: an earlier attempt (%s) may have posted it, and the channel's history could not be read (%w): not posted, rather than twice", rec.Slot, rec.Channel, prior.Owner, err)
		log.Warn("digest not reposted", "reason", "history unreadable", "err", err)
		return *o, true
	}
	if !found {
		log.Info("digest not found in history, posting", "prior_owner", prior.Owner)
		return Outcome{}, false
	}
	until := p.Until
	if until.IsZero() {
		until = slot
	}
	if err := d.Store.MarkPosted(context.WithoutCancel(ctx), rec, p.TS, until); err != nil {
		o.Status, o.Err = StatusFailed, err
		log.Error("digest record failed", "err", err)
		return *o, true
	}
	o.Status, o.TS = StatusDone, p.TS
	o.Record.DoneAt, o.Record.TS, o.Record.Until = d.now(), p.TS, until
	log.Info("digest found already posted", "ts", p.TS)
	return *o, true
}

// refused reports whether a post's error is Slack saying no (an error
// code, a rate limit, a 4xx status): the message was certainly not
// posted. Anything else (a timeout, a dropped connection, a 5xx) may
// have been posted.
func refused(err error) bool {
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	switch {
	case errors.As(err, &se), errors.As(err, &rl):
		return true
	case errors.As(err, &sc):
		return sc.Code >= 400 && sc.Code < 500
	}
	return false
}

// Run posts the digest on its schedule until ctx ends. At start it posts
// today's latest slot if no one did (the bot was down at the time); a
// slot from an earlier day is never posted late. A slot whose post failed
// is tried again a few times the same day, and so is one that another
// process claimed, once that claim could be stale.
func (d *Digester) Run(ctx context.Context) {
	loc := d.Schedule.Location()
	var retry, retryAt time.Time // a slot to try again, and when
	attempts := 0
	// settle decides, after a slot's posts, whether to try it again.
	settle := func(slot time.Time, outs []Outcome, err error) {
		delay := slotRetryAfter
		switch {
		case slices.ContainsFunc(outs, func(o Outcome) bool { return o.Status == StatusClaimed }):
			delay = d.staleClaim() + time.Second
		case err == nil:
			retry, attempts = time.Time{}, 0
			return
		}
		if !slot.Equal(retry) {
			attempts = 0
		}
		// A slot that could not be claimed is no attempt: it waits for
		// its store (late is better than twice), until its day is over.
		waiting := !slices.ContainsFunc(outs, func(o Outcome) bool {
			return o.Status == StatusClaimed || o.Err != nil && !o.unclaimed
		})
		if !waiting {
			attempts++
		}
		if attempts > slotRetryAttempts {
			retry, attempts = time.Time{}, 0
			return
		}
		retry, retryAt = slot, d.now().Add(delay)
	}

	now := d.now()
	if prev := d.Schedule.Prev(now); !prev.IsZero() && sameDay(prev, now, loc) {
		d.log().Info("digest catching up", "slot", d.Schedule.SlotID(prev))
		outs, err := d.PostSlot(ctx, prev, time.Time{})
		settle(prev, outs, err)
	}
	for ctx.Err() == nil {
		now = d.now()
		slot := d.Schedule.Next(now)
		if slot.IsZero() {
			return
		}
		wake := slot
		if !retry.IsZero() && retryAt.Before(slot) {
			slot, wake = retry, retryAt
		}
		timer := time.NewTimer(wake.Sub(now))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		if !sameDay(slot, d.now(), loc) {
			// The process slept past the day (a suspended laptop): too late.
			d.log().Warn("digest slot skipped", "slot", d.Schedule.SlotID(slot), "reason", "past its day")
			retry, attempts = time.Time{}, 0
			continue
		}
		outs, err := d.PostSlot(ctx, slot, time.Time{})
		settle(slot, outs, err)
	}
}

// sameDay reports whether a and b fall on the same date in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	a, b = a.In(loc), b.In(loc)
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}
