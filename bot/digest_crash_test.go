package bot

import (
	"context"
	"errors"
	"github.com/trustwatch/trustwatch/bot/digest"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// crashedClaim leaves in the store at path what a process killed in the
// middle of its post leaves: a claim of the slot at 09:00 on 3 January
// 2000 without a done mark, whose owner is owner; posted says whether
// its post reached the channel (rec's history) before it died.
func crashedClaim(t *testing.T, path string, owner Process, rec *recorder, posted bool) {
	t.Helper()
	s := testStore(t, path)
	s.process = owner
	slot := time.Date(2000, 1, 3, 9, 0, 0, 0, time.UTC)
	id := "2000-01-03T09:00 UTC"
	if _, err := s.Claim(context.Background(), "C1", id, slot); err != nil {
		t.Fatal(err)
	}
	if posted {
		m := RenderDigest(digest.Digest{Since: slot.Add(-24 * time.Hour)}, "/trust")
		m.Metadata = digestMetadata("C1", id, slot)
		if _, err := rec.post(context.Background(), "C1", m); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDigestAfterACrashMidPost: a bot restarted after a process died in
// the middle of its digest post looks in the channel's history: it posts
// nothing when the post is there, and posts at once when it is not; while
// the claimer may still run, it waits.
func TestDigestAfterACrashMidPost(t *testing.T) {
	dead := deadPID(t)
	me := digest.ThisProcess()
	tests := []struct {
		name   string
		owner  Process
		posted bool
		want   digest.Status
		posts  int // in all, the dead process's included
	}{
		{"posted before it died", Process{Host: me.Host, PID: dead, Boot: me.Boot, NS: me.NS}, true, digest.StatusDone, 1},
		{"died before posting", Process{Host: me.Host, PID: dead, Boot: me.Boot, NS: me.NS}, false, digest.StatusPosted, 1},
		{"claimer still running", me, false, digest.StatusClaimed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), StateFile)
				rec := &recorder{}
				sleepUntil(t, "2000-01-03T09:00:30Z")
				crashedClaim(t, path, tt.owner, rec, tt.posted)
				d := newDigester(t, path, "0 9 * * *", time.UTC, &fakeSource{}, rec)
				outs, _ := d.PostSlot(context.Background(), d.Schedule.Prev(time.Now()), time.Time{})
				if len(outs) != 1 || outs[0].Status != tt.want {
					t.Fatalf("PostSlot after the crash = %+v; want %s", outs, tt.want)
				}
				if n := len(rec.list()); n != tt.posts {
					t.Errorf("%d posts in the channel; want %d", n, tt.posts)
				}
				got, _, err := d.Store.Slot(context.Background(), "C1", "2000-01-03T09:00 UTC")
				if err != nil {
					t.Fatal(err)
				}
				if tt.want != digest.StatusClaimed && (!got.Done() || got.TS != rec.list()[0].ts) {
					t.Errorf("slot record = %+v; want done with the post's ts %s", got, rec.list()[0].ts)
				}
			})
		})
	}
}

// TestDigestNotRepostedWhenHistoryUnreadable: over a claim that may have
// been posted, a history that cannot be read (an error, a missing scope)
// means no post, and an outcome that says why.
func TestDigestNotRepostedWhenHistoryUnreadable(t *testing.T) {
	dead := deadPID(t)
	me := digest.ThisProcess()
	tests := []struct {
		name    string
		history digest.History
	}{
		{"missing scope", func(context.Context, string, string, time.Time) (digest.PostedDigest, bool, error) {
			return digest.PostedDigest{}, false, errors.New("missing_scope")
		}},
		{"no history reader", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), StateFile)
				rec := &recorder{}
				sleepUntil(t, "2000-01-03T09:00:30Z")
				crashedClaim(t, path, Process{Host: me.Host, PID: dead, Boot: me.Boot, NS: me.NS}, rec, false)
				d := newDigester(t, path, "0 9 * * *", time.UTC, &fakeSource{}, rec)
				d.History = tt.history
				outs, err := d.PostSlot(context.Background(), d.Schedule.Prev(time.Now()), time.Time{})
				if len(outs) != 1 || outs[0].Status != digest.StatusUnverified || err == nil || !strings.Contains(err.Error(), "rather than twice") {
					t.Fatalf("PostSlot = %+v, %v; want %s saying it did not post rather than post twice", outs, err, digest.StatusUnverified)
				}
				if n := len(rec.list()); n != 0 {
					t.Errorf("%d posts; want none", n)
				}
			})
		})
	}
}

// TestFailedPostIsLookedForBeforeRetrying: a post whose fate is unknown
// (a timeout: Slack may have posted it) keeps its claim, and the retry
// finds the post rather than posting again.
func TestFailedPostIsLookedForBeforeRetrying(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		path := filepath.Join(t.TempDir(), StateFile)
		rec := &recorder{}
		sleepUntil(t, "2000-01-03T08:00:00Z")
		d := newDigester(t, path, "0 9 * * *", time.UTC, &fakeSource{}, rec)
		// The first post reaches the channel, but its answer is lost.
		d.Post = func(ctx context.Context, p digest.Post) (string, error) {
			if _, err := rec.poster(ctx, p); err != nil {
				return "", err
			}
			return "", context.DeadlineExceeded
		}
		runFor(d, 2*time.Hour)
		if n := len(rec.list()); n != 1 {
			t.Errorf("%d posts; want 1 (the retry finds the first)", n)
		}
	})
}
