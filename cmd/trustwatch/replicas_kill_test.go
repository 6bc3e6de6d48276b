package main

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// TestReplicaKilledMidBurst: a replica killed with SIGKILL after it
// acknowledged a burst of mentions, while its answers hang on their way
// to Slack, loses none: the other replica answers each exactly once
// within 30 s. The killed replica, started again, rejoins.
func TestReplicaKilledMidBurst(t *testing.T) {
	db := pgtest.URL(t)
	fake := slackfake.New(t)
	survivor := startServe(t, replicaEnv(t, fake, db, nil))
	survivor.waitReady(t)

	// The doomed replica's workers (8) each hang on their first answer.
	fake.Hang("chat.postMessage", 8)
	env := map[string]string{
		"SLACK_BOT_TOKEN":         fake.BotToken(),
		"SLACK_APP_TOKEN":         fake.AppToken(),
		"SLACK_API_URL":           fake.URL(),
		"TRUSTWATCH_INDEX":        filepath.Join(t.TempDir(), "index"),
		"TRUSTWATCH_DATABASE_URL": db,
		"TRUSTWATCH_RATE_USER":    burstRate,
		"TRUSTWATCH_RATE_CHANNEL": burstRate,
	}
	doomed := startChild(t, env)
	if err := fake.WaitConnections(2, serveWait); err != nil {
		t.Fatalf("%v; its stderr:\n%s", err, doomed.stderr.String())
	}
	_, doomedConn := connOf(t, fake) // the newest: the doomed replica's

	const n = 20
	var threads, envs []string
	for i := range n {
		ts := fmt.Sprintf("1700000100.%06d", i+1)
		threads = append(threads, ts)
		envs = append(envs, fake.SendEvent(slackfake.Event{Text: fmt.Sprintf("<@%s> what did Ada Varga say %d", slackfake.BotUserID, i), TS: ts, Conn: doomedConn}))
	}
	for _, id := range envs {
		if _, err := fake.WaitAck(id, serveWait); err != nil {
			t.Fatalf("%v; the doomed replica's stderr:\n%s", err, doomed.stderr.String())
		}
	}
	if _, err := fake.WaitCalls("chat.postMessage", 8, serveWait); err != nil {
		t.Fatal(err)
	}
	doomed.kill(t)
	killed := time.Now()

	if _, err := fake.WaitPosts(n, 30*time.Second); err != nil {
		t.Fatalf("%v after the kill; the survivor's stderr:\n%s", err, survivor.stderr.String())
	}
	t.Logf("all %d answered %v after the kill", n, time.Since(killed).Round(time.Millisecond))
	got := threadAnswers(fake)
	for _, ts := range threads {
		if got[ts] != 1 {
			t.Errorf("thread %s answered %d times; want once", ts, got[ts])
		}
	}

	// Started again, it rejoins: on its new connection, it answers.
	startChild(t, env)
	if err := fake.WaitConnections(3, serveWait); err != nil {
		t.Fatal(err)
	}
	_, rejoined := connOf(t, fake)
	const ts = "1700000200.000001"
	fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> what has Nimbus Cloud said?", TS: ts, Conn: rejoined})
	if _, err := fake.WaitPosts(n+1, serveWait); err != nil {
		t.Fatal(err)
	}
	if got := threadAnswers(fake); got[ts] != 1 {
		t.Errorf("the restarted replica's answer: %d in thread %s; want 1", got[ts], ts)
	}
}

// TestSlowReplicaDropsWorkTakenOver: a replica alive but too slow (its
// workers stuck on Slack) leaves the work queued behind them unrenewed;
// the other replica takes it over once its lease expires, and the slow
// one, coming to it at last, finds it taken and posts nothing. Every
// mention is answered once.
func TestSlowReplicaDropsWorkTakenOver(t *testing.T) {
	db := pgtest.URL(t)
	fake := slackfake.New(t)
	_, slow := startReplicas(t, fake, db, nil)
	_, slowConn := connOf(t, fake) // the second connected: the slow one's

	// Each answer worked out at once (one per CPU) hangs reading its
	// thread, until the request times out; the other workers wait for
	// them, holding their work; what is queued behind waits unrenewed.
	stuck := runtime.GOMAXPROCS(0)
	fake.Hang("conversations.replies", stuck)
	var threads []string
	for i := range bot.DefaultWorkers + 4 {
		ts := fmt.Sprintf("1700000300.%06d", i+1)
		threads = append(threads, ts)
		ev := slackfake.Event{Text: fmt.Sprintf("<@%s> what did Ada Varga say %d", slackfake.BotUserID, i), TS: ts, Conn: slowConn}
		if i < stuck { // a bare mention in a thread asks about the thread's start
			ev = slackfake.Event{Text: "<@" + slackfake.BotUserID + ">", TS: fmt.Sprintf("1700000301.%06d", i+1), ThreadTS: ts, Conn: slowConn}
		}
		fake.SendEvent(ev)
		if i == stuck-1 { // the stuck ones hold the answering slots before the rest come
			if _, err := fake.WaitCalls("conversations.replies", stuck, serveWait); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := fake.WaitPosts(len(threads), 2*serveWait); err != nil {
		t.Fatalf("%v; the slow replica's stderr:\n%s", err, slow.stderr.String())
	}
	// The slow replica comes to the queued work only after its stuck
	// answers time out; stopped, it has finished with all it held.
	slow.stop(t)
	if n := strings.Count(slow.stderr.String(), "work taken over by another replica: not answering"); n != 4 {
		t.Errorf("the slow replica dropped %d pieces of work taken over; want the 4 queued:\n%s", n, slow.stderr.String())
	}
	got := threadAnswers(fake)
	for _, ts := range threads {
		if got[ts] != 1 {
			t.Errorf("thread %s answered %d times; want once", ts, got[ts])
		}
	}
}
