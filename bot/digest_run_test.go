package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/trustwatch/trustwatch/bot/digest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// fakeSource is a DigestSource over quotations with the time each was
// first indexed.
type fakeSource struct {
	mu     sync.Mutex
	quotes []timedQuote
}

type timedQuote struct {
	at time.Time
	q  index.AnswerQuote
}

var _ digest.DigestSource = (*fakeSource)(nil)

// add indexes q now.
func (f *fakeSource) add(q index.AnswerQuote) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quotes = append(f.quotes, timedQuote{time.Now(), q})
}

func (f *fakeSource) Since(ctx context.Context, t time.Time) ([]index.AnswerQuote, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []index.AnswerQuote
	for i := len(f.quotes) - 1; i >= 0; i-- {
		if !f.quotes[i].at.Before(t) {
			out = append(out, f.quotes[i].q)
		}
	}
	return out, nil
}

func (f *fakeSource) VendorLabels(ctx context.Context, vendor string, before time.Time) ([]corpus.Label, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []corpus.Label
	for _, tq := range f.quotes {
		if tq.q.Vendor == vendor && tq.at.Before(before) {
			for _, l := range tq.q.Labels {
				if !slices.Contains(out, l) {
					out = append(out, l)
				}
			}
		}
	}
	return out, nil
}

// recorder is a Poster that records each post with its time; fail makes
// the next posts fail.
type recorder struct {
	mu    sync.Mutex
	posts []posted
	fail  int
}

type posted struct {
	channel string
	at      time.Time
	text    string
	ts      string
	meta    *Metadata
}

func (r *recorder) post(ctx context.Context, channel string, m Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return "", errors.New("slack is down")
	}
	blocks, _ := json.Marshal(m.Blocks)
	ts := fmt.Sprintf("%d.%06d", time.Now().Unix(), len(r.posts))
	r.posts = append(r.posts, posted{channel, time.Now(), m.Text + "\n" + string(blocks), ts, m.Metadata})
	return ts, nil
}

// find is the History of the posts recorded: the channel's messages are
// the recorder's posts to it.
func (r *recorder) find(ctx context.Context, channel, slot string, oldest time.Time) (digest.PostedDigest, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.posts {
		if p.channel == channel && !p.at.Before(oldest) && p.meta != nil &&
			p.meta.EventType == DigestEventType && p.meta.Payload["slot"] == slot {
			until, _ := time.Parse(time.RFC3339Nano, p.meta.Payload["until"].(string))
			return digest.PostedDigest{TS: p.ts, Until: until}, true, nil
		}
	}
	return digest.PostedDigest{}, false, nil
}

// poster is the recorder as the Digester's Poster: each digest drawn
// and marked with its slot as the bot posts it.
func (r *recorder) poster(ctx context.Context, p digest.Post) (string, error) {
	m := RenderDigest(p.Digest, "/trust")
	m.Metadata = digestMetadata(p.Channel, p.Slot, p.Until)
	return r.post(ctx, p.Channel, m)
}

func (r *recorder) list() []posted {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.posts)
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func mustSchedule(t *testing.T, expr string, loc *time.Location) digest.Schedule {
	t.Helper()
	s, err := digest.ParseSchedule(expr, loc)
	if err != nil {
		t.Fatalf("ParseSchedule(%q): %v", expr, err)
	}
	return s
}

// newDigester makes a Digester over src posting to rec, with its state in
// path, for channel C1.
func newDigester(t *testing.T, path, expr string, loc *time.Location, src digest.DigestSource, rec *recorder) *digest.Digester {
	t.Helper()
	return &digest.Digester{
		Source:    src,
		Registry:  testRegistry(t),
		Store:     NewStore(path, StoreOptions{LockTimeout: time.Second}),
		Schedule:  mustSchedule(t, expr, loc),
		Channel:   "C1",
		PostEmpty: true,
		Post:      rec.poster,
		History:   rec.find,
	}
}

// runFor runs d's scheduler for a while, then stops it and waits.
func runFor(d *digest.Digester, dur time.Duration) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { d.Run(ctx) })
	time.Sleep(dur)
	cancel()
	wg.Wait()
}

// sleepUntil advances the bubble's clock to t (RFC 3339).
func sleepUntil(t *testing.T, at string) {
	t.Helper()
	when, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Until(when))
}

func postTimes(ps []posted) []time.Time {
	var out []time.Time
	for _, p := range ps {
		out = append(out, p.at)
	}
	return out
}

func checkTimes(t *testing.T, got []time.Time, want []string) {
	t.Helper()
	var g []string
	for _, x := range got {
		g = append(g, x.UTC().Format(time.RFC3339))
	}
	var w []string
	for _, s := range want {
		x, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		w = append(w, x.UTC().Format(time.RFC3339))
	}
	if !slices.Equal(g, w) {
		t.Errorf("posts at %v; want %v", g, w)
	}
}

// TestRunFiresAtLocalTimes runs the scheduler in a bubble (its clock
// starts in 2000) across the clock changes of that year.
func TestRunFiresAtLocalTimes(t *testing.T) {
	tests := []struct {
		name, loc, expr, start string
		run                    time.Duration
		want                   []string
	}{
		{"paris at nine through spring forward", "Europe/Paris", "0 9 * * *", "2000-03-25T06:00:00Z", 3 * 24 * time.Hour,
			[]string{"2000-03-25T09:00:00+01:00", "2000-03-26T09:00:00+02:00", "2000-03-27T09:00:00+02:00"}},
		{"paris skipped 02:30 fires at the change", "Europe/Paris", "30 2 * * *", "2000-03-25T00:00:00+01:00", 2 * 24 * time.Hour,
			[]string{"2000-03-25T02:30:00+01:00", "2000-03-26T03:00:00+02:00"}},
		{"paris repeated 02:30 fires once", "Europe/Paris", "30 2 * * *", "2000-10-29T00:00:00+02:00", 2 * 24 * time.Hour,
			[]string{"2000-10-29T02:30:00+02:00", "2000-10-30T02:30:00+01:00"}},
		{"paris weekdays at nine through fall back", "Europe/Paris", "0 9 * * 1-5", "2000-10-27T06:00:00Z", 4 * 24 * time.Hour,
			[]string{"2000-10-27T09:00:00+02:00", "2000-10-30T09:00:00+01:00"}},
		{"new york skipped 02:30", "America/New_York", "30 2 * * *", "2000-04-02T00:00:00-05:00", 2 * 24 * time.Hour,
			[]string{"2000-04-02T03:00:00-04:00", "2000-04-03T02:30:00-04:00"}},
		{"new york repeated 01:30 fires once", "America/New_York", "30 1 * * *", "2000-10-29T00:00:00-04:00", 2 * 24 * time.Hour,
			[]string{"2000-10-29T01:30:00-04:00", "2000-10-30T01:30:00-05:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				sleepUntil(t, tt.start)
				rec := &recorder{}
				d := newDigester(t, filepath.Join(t.TempDir(), StateFile), tt.expr, mustLoad(t, tt.loc), &fakeSource{}, rec)
				runFor(d, tt.run)
				checkTimes(t, postTimes(rec.list()), tt.want)
			})
		})
	}
}

// TestRunRestarts: however the bot restarts around a slot, the slot is
// posted once; a slot missed earlier the same day is posted at start, one
// missed on an earlier day never.
func TestRunRestarts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), StateFile)
		rec := &recorder{}
		src := &fakeSource{}
		sleepUntil(t, "2000-01-03T07:00:00Z")
		src.add(quote("acme", "Ada Quill", "trust first", corpus.TrustPriority))
		run := func(start string, dur time.Duration) {
			sleepUntil(t, start)
			runFor(newDigester(t, path, "0 9 * * *", time.UTC, src, rec), dur)
		}
		run("2000-01-03T08:00:00Z", 30*time.Minute) // stopped before the slot
		run("2000-01-03T08:45:00Z", time.Hour)      // posts 09:00
		run("2000-01-03T11:00:00Z", time.Hour)      // already posted
		run("2000-01-04T10:00:00Z", 30*time.Minute) // missed 09:00 today: posts now
		run("2000-01-04T10:45:00Z", time.Hour)      // already posted
		run("2000-01-06T08:00:00Z", 50*time.Minute) // missed the 5th: never posted
		checkTimes(t, postTimes(rec.list()), []string{"2000-01-03T09:00:00Z", "2000-01-04T10:00:00Z"})
		if ps := rec.list(); len(ps) > 0 && !strings.Contains(ps[0].text, "trust first") {
			t.Errorf("first digest reads:\n%s\nwant the quotation indexed before it", ps[0].text)
		}
	})
}

// TestTwoSchedulersOnePost: two bots on the same state file post each
// slot once between them.
func TestTwoSchedulersOnePost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), StateFile)
		rec := &recorder{}
		src := &fakeSource{}
		sleepUntil(t, "2000-01-03T00:00:00Z")
		a := newDigester(t, path, "*/30 * * * *", time.UTC, src, rec)
		b := newDigester(t, path, "*/30 * * * *", time.UTC, src, rec)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { a.Run(ctx) })
		wg.Go(func() { b.Run(ctx) })
		time.Sleep(3*time.Hour + time.Minute)
		cancel()
		wg.Wait()
		got := postTimes(rec.list())
		// 00:00 is posted at start (now is its slot), then every half hour.
		if len(got) != 7 {
			t.Fatalf("%d posts from 00:00 to 03:01 of a half-hourly digest with two schedulers; want 7: %v", len(got), got)
		}
		// A scheduler that found the state file locked by the other one
		// waits for bbolt's lock retry (50 ms of the bubble's clock) before
		// it posts, so posts are compared to the second.
		for i := 1; i < len(got); i++ {
			if got[i].Truncate(time.Second).Sub(got[i-1].Truncate(time.Second)) != 30*time.Minute {
				t.Errorf("posts at %v; want one every 30 minutes", got)
			}
		}
	})
}

// TestPostSlotThenRun: `trustwatch digest --post` and the bot share the
// record: whichever comes second posts nothing and says why.
func TestPostSlotThenRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), StateFile)
		rec := &recorder{}
		src := &fakeSource{}
		src.add(quote("acme", "Ada Quill", "trust first", corpus.TrustPriority))
		sleepUntil(t, "2000-01-03T09:05:00Z")
		cli := newDigester(t, path, "0 9 * * *", time.UTC, src, rec)
		slot := cli.Schedule.Prev(time.Now())
		outs, err := cli.PostSlot(context.Background(), slot, time.Time{})
		if err != nil || len(outs) != 1 || outs[0].Status != digest.StatusPosted || outs[0].Slot != "2000-01-03T09:00 UTC" {
			t.Fatalf("PostSlot = %+v, %v; want posted for slot 2000-01-03T09:00 UTC", outs, err)
		}
		runFor(newDigester(t, path, "0 9 * * *", time.UTC, src, rec), time.Hour)
		outs, err = cli.PostSlot(context.Background(), slot, time.Time{})
		if err != nil || len(outs) != 1 || outs[0].Status != digest.StatusDone || outs[0].Record.TS == "" {
			t.Errorf("second PostSlot = %+v, %v; want already posted, with its ts", outs, err)
		}
		if n := len(rec.list()); n != 1 {
			t.Errorf("%d posts; want 1", n)
		}
	})
}

// TestRunRetriesAFailedPost: a post that fails is tried again a minute
// later, and posted once.
func TestRunRetriesAFailedPost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{fail: 2}
		sleepUntil(t, "2000-01-03T08:00:00Z")
		d := newDigester(t, filepath.Join(t.TempDir(), StateFile), "0 9 * * *", time.UTC, &fakeSource{}, rec)
		runFor(d, 2*time.Hour)
		checkTimes(t, postTimes(rec.list()), []string{"2000-01-03T09:02:00Z"})
	})
}

// TestPostSlotSinceAndSubscriptions: each digest has what came since the
// channel's last one; a subscribed channel gets its vendors only; a slot
// with nothing new posts nothing unless PostEmpty.
func TestPostSlotSinceAndSubscriptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), StateFile)
		rec := &recorder{}
		src := &fakeSource{}
		d := newDigester(t, path, "0 9 * * *", time.UTC, src, rec)
		d.PostEmpty = false
		if _, err := d.Store.Subscribe(ctx, "C2", []string{"globex"}, "U1"); err != nil {
			t.Fatal(err)
		}
		sleepUntil(t, "2000-01-02T12:00:00Z") // 21 hours before the first slot: in its window
		src.add(quote("acme", "Ada Quill", "acme one", corpus.TrustPriority))
		src.add(quote("globex", "Hank Scorpio", "globex one", corpus.NoCompetePledge))
		post := func(at string) map[string]digest.Status {
			sleepUntil(t, at)
			outs, err := d.PostSlot(ctx, d.Schedule.Prev(time.Now()), time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]digest.Status{}
			for _, o := range outs {
				got[o.Channel] = o.Status
			}
			return got
		}
		if got := post("2000-01-03T09:00:00Z"); got["C1"] != digest.StatusPosted || got["C2"] != digest.StatusPosted {
			t.Fatalf("first slot: %v; want posted to C1 and C2", got)
		}
		src.add(quote("acme", "Ada Quill", "acme two", corpus.DataPrivacyPledge))
		if got := post("2000-01-04T09:00:00Z"); got["C1"] != digest.StatusPosted || got["C2"] != digest.StatusNothing {
			t.Fatalf("second slot: %v; want posted to C1, nothing new for C2 (globex only)", got)
		}
		if got := post("2000-01-05T09:00:00Z"); got["C1"] != digest.StatusNothing {
			t.Fatalf("third slot: %v; want nothing new for C1", got)
		}
		ps := rec.list()
		if len(ps) != 3 {
			t.Fatalf("%d posts; want 3", len(ps))
		}
		has := func(p posted, words ...string) bool {
			for _, w := range words {
				if !strings.Contains(p.text, w) {
					return false
				}
			}
			return true
		}
		if p := ps[0]; p.channel != "C1" || !has(p, "acme one", "globex one") {
			t.Errorf("first post to %s:\n%s\nwant C1 with both quotations", p.channel, p.text)
		}
		if p := ps[1]; p.channel != "C2" || !has(p, "globex one") || has(p, "acme") {
			t.Errorf("second post to %s:\n%s\nwant C2 with globex's quotation only", p.channel, p.text)
		}
		if p := ps[2]; p.channel != "C1" || !has(p, "acme two", "takes a new position") || has(p, "acme one") {
			t.Errorf("third post to %s:\n%s\nwant C1 with the new quotation only, and what changed", p.channel, p.text)
		}
	})
}

// TestRunTakesOverADeadClaim: a process that claimed the slot and died
// before posting does not cost the slot: the bot posts it once the claim
// is stale.
func TestRunTakesOverADeadClaim(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), StateFile)
		rec := &recorder{}
		sleepUntil(t, "2000-01-03T09:00:00Z")
		dead := NewStore(path, StoreOptions{})
		if _, err := dead.Claim(context.Background(), "C1", "2000-01-03T09:00 UTC", time.Now()); err != nil {
			t.Fatal(err)
		}
		runFor(newDigester(t, path, "0 9 * * *", time.UTC, &fakeSource{}, rec), time.Hour)
		checkTimes(t, postTimes(rec.list()), []string{"2000-01-03T09:02:01Z"})
	})
}
