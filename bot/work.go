package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// Work in flight, shared by replicas: each accepted request is recorded in
// the state store before its ack, with a lease its replica renews while
// answering; another replica takes over work whose lease expired (its
// replica died) and answers it. A slow replica checks its lease before
// posting and drops work another took over, so nothing is answered twice.
const (
	// workLease is how long a replica holds work without renewing it.
	workLease = 10 * time.Second
	// takeoverEvery is how often each replica looks for expired work.
	takeoverEvery = 2 * time.Second
	// takeoverBatch bounds the work taken over at once.
	takeoverBatch = 8
	// maxAttempts drops work that has had this many owners: something in
	// it kills replicas, or it can never be answered.
	maxAttempts = 4
	// storeAckTimeout bounds the store's round trip on the ack path:
	// long enough for a database under load (falling back to memory
	// risks answering twice), short of Slack's 3 s.
	storeAckTimeout = 1500 * time.Millisecond
	// maxAdmitting bounds the envelopes on their way to the store at
	// once: two batches' worth, so that a burst's envelopes join the
	// batch being gathered (work_batch.go) rather than wait for a slot
	// and then for a batch of their own; the pool's connections bound
	// the database's share.
	maxAdmitting = 2 * maxBatch
	// storeTimeout bounds the store's other calls.
	storeTimeout = 5 * time.Second
)

// workPayload is what a recorded request holds: enough to answer it from
// any replica.
type workPayload struct {
	Source      source   `json:"source"`
	EnvelopeID  string   `json:"envelope_id"`
	User        string   `json:"user,omitempty"`
	Channel     string   `json:"channel,omitempty"`
	ThreadTS    string   `json:"thread_ts,omitempty"`
	ParentTS    string   `json:"parent_ts,omitempty"`
	ResponseURL string   `json:"response_url,omitempty"`
	Text        string   `json:"text,omitempty"`
	Sub         string   `json:"sub,omitempty"`
	Args        []string `json:"args,omitempty"`
}

// workKind is the kind of work req is, or "" for what is not recorded
// (a Share click: its private answer is replaced, not posted twice).
func workKind(s source) string {
	switch s {
	case fromCommand:
		return WorkSlash
	case fromMention:
		return WorkMention
	case fromDM:
		return WorkDM
	}
	return ""
}

func encodeWork(req request) []byte {
	b, _ := json.Marshal(workPayload{Source: req.source, EnvelopeID: req.envelopeID, User: req.user,
		Channel: req.channel, ThreadTS: req.threadTS, ParentTS: req.parentTS, ResponseURL: req.responseURL,
		Text: req.text, Sub: req.sub, Args: req.args})
	return b
}

func decodeWork(w Work) (request, error) {
	var p workPayload
	if err := json.Unmarshal(w.Payload, &p); err != nil {
		return request{}, fmt.Errorf("read %s work %s: %w", w.Kind, w.ID, err)
	}
	return request{source: p.Source, envelopeID: p.EnvelopeID, dedupKey: w.ID, user: p.User,
		channel: p.Channel, threadTS: p.ThreadTS, parentTS: p.ParentTS, responseURL: p.ResponseURL,
		text: p.Text, sub: p.Sub, args: p.Args}, nil
}

// admit is the ack path's one round trip to the store: it records req as
// work (or, for what is not work, as seen) and reports whether it is new.
// It sets req.work when the work was recorded. The store failing, or
// known to be down, the replica's memory decides.
func (b *Bot) admit(ctx context.Context, req *request) bool {
	mem := b.seen.first(req.dedupKey)
	if b.state == nil || !b.store.usable() {
		return mem
	}
	sctx, cancel := context.WithTimeout(ctx, storeAckTimeout)
	defer cancel()
	var first bool
	var err error
	kind := workKind(req.source)
	if kind == "" {
		first, err = b.state.FirstSeen(sctx, req.dedupKey, dedupTTL)
	} else {
		w := Work{ID: req.dedupKey, Kind: kind, Payload: encodeWork(*req), Owner: b.state.Owner(),
			LeaseUntil: time.Now().Add(workLease), Attempts: 1}
		if b.batch != nil {
			first, err = b.batch.record(sctx, w)
		} else {
			first, err = b.state.RecordWork(sctx, w)
		}
		switch {
		case err == nil && first:
			req.work = &w
		case err != nil:
			// It may have been recorded all the same: mark it done once
			// answered, so that no one takes it over.
			req.work, req.workUnsure = &w, true
		}
	}
	b.store.result(ctx, err)
	if err != nil {
		return mem
	}
	return first
}

// holdWork renews the lease on req's work while it is answered, until the
// returned stop is called.
func (b *Bot) holdWork(ctx context.Context, req request) (stop func()) {
	if req.work == nil || req.workUnsure {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(workLease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				b.extendWork(ctx, req)
			}
		}
	})
	return func() { cancel(); wg.Wait() }
}

// extendWork renews the lease on req's work. It reports false only when
// the store says the work is no longer this replica's: a store that does
// not answer lets the answer go on.
func (b *Bot) extendWork(ctx context.Context, req request) bool {
	if req.work == nil || !b.store.usable() {
		return true
	}
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	if req.workUnsure {
		// Not known recorded: record it now, or find whose it is.
		w := *req.work
		w.LeaseUntil = time.Now().Add(workLease)
		first, err := b.state.RecordWork(sctx, w)
		b.store.result(ctx, err)
		if err != nil || first {
			return true
		}
	}
	ok, err := b.state.ExtendWork(sctx, req.work.ID, req.work.Owner, workLease)
	b.store.result(ctx, err)
	return err != nil || ok
}

// doneWork marks req's work answered (or given up), whatever ctx says.
// The store down, it is marked once the store is back (flushDone), before
// this replica takes over any work.
func (b *Bot) doneWork(ctx context.Context, req request) {
	if req.work == nil {
		return
	}
	if b.dones != nil && b.store.usable() {
		b.dones.mark(req.work.ID) // with the others answered now; a failure lands in undone
		return
	}
	if b.store.usable() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
		defer cancel()
		err := b.state.DoneWork(sctx, req.work.ID)
		b.store.result(context.WithoutCancel(ctx), err)
		if err == nil {
			return
		}
	}
	b.doneMu.Lock()
	b.undone = append(b.undone, req.work.ID)
	b.doneMu.Unlock()
}

// flushDone marks done the work answered while the store was down. It
// reports false when some is left.
func (b *Bot) flushDone(ctx context.Context) bool {
	b.doneMu.Lock()
	ids := b.undone
	b.undone = nil
	b.doneMu.Unlock()
	for i, id := range ids {
		cctx, cancel := context.WithTimeout(ctx, storeTimeout)
		err := b.state.DoneWork(cctx, id)
		b.store.result(ctx, err)
		cancel()
		if err != nil {
			b.doneMu.Lock()
			b.undone = append(b.undone, ids[i:]...)
			b.doneMu.Unlock()
			return false
		}
	}
	return true
}

// runTakeover answers, until ctx ends, the work other replicas left when
// they died: every takeoverEvery it claims work whose lease expired and
// hands it to the pool, as if it had just come in.
func (b *Bot) runTakeover(ctx context.Context, p *pool) {
	if b.state == nil {
		return
	}
	t := time.NewTicker(takeoverEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !b.store.usable() || !b.flushDone(ctx) {
			continue
		}
		// Just back, the store may hold work its replicas answered while
		// it was away: they mark it done at their next tick. Until then
		// nothing is taken over (a claim of none checks the store).
		batch := takeoverBatch
		if b.store.isDown() || b.store.backFor() < 2*takeoverEvery {
			batch = 0
		}
		cctx, cancel := context.WithTimeout(ctx, storeTimeout)
		works, err := b.state.ClaimExpiredWork(cctx, b.state.Owner(), workLease, batch)
		b.store.result(ctx, err)
		cancel()
		for _, w := range works {
			b.takeOver(ctx, p, w)
		}
	}
}

// takeOver answers one piece of work claimed from a dead replica.
func (b *Bot) takeOver(ctx context.Context, p *pool, w Work) {
	req, err := decodeWork(w)
	req.work = &w
	log := b.log.With("envelope_id", req.envelopeID, "work", w.ID, "kind", w.Kind, "attempts", w.Attempts)
	if err == nil && w.Attempts > maxAttempts {
		err = fmt.Errorf("work %s had %d owners", w.ID, w.Attempts)
	}
	if err != nil {
		log.Error("work dropped", "err", err)
		b.doneWork(ctx, req)
		return
	}
	log.Info("work taken over")
	received := time.Now()
	if !p.submit(func(ctx context.Context) { b.serve(ctx, req, received) }) {
		log.Warn("busy: taken-over work left for later")
	}
}
