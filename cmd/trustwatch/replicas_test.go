package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// Two `serve` replicas of one Slack app, each with its own index folder
// and the same TRUSTWATCH_DATABASE_URL, behave as one bot (CONTRACT.md
// § Replicas).

// replicaEnv is the environment of one replica: its own index folder
// (in a folder of its own: no state file beside it is shared), the
// shared database.
func replicaEnv(t testing.TB, fake *slackfake.Server, db string, extra map[string]string) func(string) string {
	env := map[string]string{"TRUSTWATCH_DATABASE_URL": db, "TRUSTWATCH_INDEX": filepath.Join(t.TempDir(), "index")}
	for k, v := range extra {
		env[k] = v
	}
	return slackEnv(t, fake, env)
}

// startReplicas starts two replicas and waits until both are ready; the
// second one connected last.
func startReplicas(t testing.TB, fake *slackfake.Server, db string, extra map[string]string) (a, b *serving) {
	t.Helper()
	a = startServe(t, replicaEnv(t, fake, db, extra))
	a.waitReady(t)
	b = startServe(t, replicaEnv(t, fake, db, extra))
	b.waitReady(t)
	return a, b
}

// connOf returns the Socket Mode connection ids of the replicas, oldest
// first, to pin envelopes to one of them.
func connOf(t testing.TB, fake *slackfake.Server) (first, second int) {
	t.Helper()
	// A replica is ready once it has read its hello, which may be before
	// the stand-in counts the connection live: wait for both.
	ids, err := fake.WaitLiveConnections(2, 10*time.Second)
	if err != nil || len(ids) < 2 {
		t.Fatalf("live connections %v (%v); want two", ids, err)
	}
	return ids[0], ids[len(ids)-1]
}

// answersTo counts the accepted posts to each response_url.
func answersTo(fake *slackfake.Server) map[string]int {
	n := map[string]int{}
	for _, c := range fake.Posts() {
		if c.Method == slackfake.ResponseURLMethod {
			n[c.Path]++
		}
	}
	return n
}

// threadAnswers counts the accepted chat.postMessage in each thread.
func threadAnswers(fake *slackfake.Server) map[string]int {
	n := map[string]int{}
	for _, c := range fake.Posts() {
		if c.Method == "chat.postMessage" {
			n[c.ThreadTS]++
		}
	}
	return n
}

// TestReplicasRedeliveryAnsweredOnce: a mention answered by one replica,
// redelivered on the other's connection (same event_id, retry_attempt
// 1; then the same envelope id again), is not answered again.
func TestReplicasRedeliveryAnsweredOnce(t *testing.T) {
	db := pgtest.URL(t)
	fake := slackfake.New(t)
	startReplicas(t, fake, db, nil)
	first, _ := connOf(t, fake)

	const ts = "1700000000.000100"
	env := fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> what has Microsoft said about trust?", TS: ts, Conn: first})
	if _, err := fake.WaitCalls("chat.postMessage", 1, serveWait); err != nil {
		t.Fatal(err)
	}
	again, err := fake.RedeliverTimeout(env, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fake.WaitAck(again, serveWait); err != nil {
		t.Fatal(err)
	}
	if err := fake.ResendSameEnvelope(env, true); err != nil {
		t.Fatal(err)
	}
	// A later mention on each connection answered shows the redeliveries
	// were handled before.
	later := []string{"1700000000.000200", "1700000000.000300"}
	for i, id := range fake.LiveConnections() {
		fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> what has Nimbus Cloud said?", TS: later[i%2], Conn: id})
	}
	if _, err := fake.WaitCalls("chat.postMessage", 3, serveWait); err != nil {
		t.Fatal(err)
	}
	if got := threadAnswers(fake); got[ts] != 1 || got[later[0]] != 1 || got[later[1]] != 1 {
		t.Errorf("answers per thread = %v; want one in %s and in each of %v", got, ts, later)
	}
}

// TestReplicasBurstAnsweredOnce: a burst of slash commands, each also
// redelivered in a new envelope, spread round robin over two replicas,
// is answered exactly once per command.
func TestReplicasBurstAnsweredOnce(t *testing.T) {
	db := pgtest.URL(t)
	fake := slackfake.New(t)
	startReplicas(t, fake, db, nil)

	const n = 40
	var urls, envs []string
	for i := range n {
		u := fake.NewResponseURL()
		urls = append(urls, u)
		id := fake.SendSlashCommand(slackfake.SlashCommand{Text: fmt.Sprintf("what did Ada Varga say %d", i), ResponseURL: u})
		again, err := fake.Redeliver(id, "timeout")
		if err != nil {
			t.Fatal(err)
		}
		envs = append(envs, id, again)
	}
	// Acknowledged: each envelope was admitted or found a redelivery.
	for _, id := range envs {
		if _, err := fake.WaitAck(id, serveWait); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fake.WaitCalls(slackfake.ResponseURLMethod, n, serveWait); err != nil {
		t.Fatal(err)
	}
	got := answersTo(fake)
	for _, u := range urls {
		path := u[strings.Index(u, "/response/"):]
		if got[path] != 1 {
			t.Errorf("%s answered %d times; want once", path, got[path])
		}
	}
}

// TestReplicasShareSubscriptions: a channel subscribed through one
// replica is listed by the other.
func TestReplicasShareSubscriptions(t *testing.T) {
	db := pgtest.URL(t)
	fake := slackfake.New(t)
	startReplicas(t, fake, db, nil)
	first, second := connOf(t, fake)

	fake.SendSlashCommand(slackfake.SlashCommand{Text: "subscribe", ChannelID: "C0SUBSCRIBED", Conn: first})
	if _, err := fake.WaitCalls(slackfake.ResponseURLMethod, 1, serveWait); err != nil {
		t.Fatal(err)
	}
	fake.SendSlashCommand(slackfake.SlashCommand{Text: "subscriptions", Conn: second})
	calls, err := fake.WaitCalls(slackfake.ResponseURLMethod, 2, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if c := calls[1]; !strings.Contains(c.Text+string(c.Blocks), "C0SUBSCRIBED") {
		t.Errorf("the other replica lists %s %s; want C0SUBSCRIBED", c.Text, c.Blocks)
	}
}

// TestReplicasPostDigestOnce: two replicas started after today's slot
// both catch it up; the pair posts it once.
func TestReplicasPostDigestOnce(t *testing.T) {
	db := pgtest.URL(t)
	fake := slackfake.New(t)
	expr, tz, slot := slotEarlierToday(t)
	const channel = "C0DIGEST"
	extra := map[string]string{"TRUSTWATCH_DIGEST_CHANNEL": channel, "TRUSTWATCH_DIGEST_SCHEDULE": expr, "TRUSTWATCH_TIMEZONE": tz}
	a := startServe(t, replicaEnv(t, fake, db, extra))
	b := startServe(t, replicaEnv(t, fake, db, extra))
	oa, ob := a.events.digestTo(t, channel), b.events.digestTo(t, channel)
	statuses := []digest.Status{oa.Status, ob.Status}
	posted := 0
	for _, s := range statuses {
		switch s {
		case digest.StatusPosted:
			posted++
		case digest.StatusDone, digest.StatusClaimed:
		default:
			t.Errorf("a replica's outcome = %s; want posted, already-posted or claimed", s)
		}
	}
	if posted != 1 {
		t.Errorf("outcomes %v; want one posted", statuses)
	}
	var digests int
	for _, m := range fake.History(channel) {
		if strings.Contains(string(m.Metadata), slot) {
			digests++
		}
	}
	if digests != 1 {
		t.Errorf("%d digests of slot %s in %s; want 1", digests, slot, channel)
	}
}

// BenchmarkReplicasBurst sends 100 slash commands at once to two
// replicas sharing PostgreSQL (round robin over their connections) and reports the ack and answer
// latencies (answer: from the envelope's send to the answer's arrival at
// its response_url), as p50 and p99.
func BenchmarkReplicasBurst(b *testing.B) {
	db := pgtest.URL(b)
	fake := slackfake.New(b)
	startReplicas(b, fake, db, nil)
	const burst = 100
	questions := []string{"does AWS compete with its customers?", "what has Microsoft said about trust?", "who keeps customer data in Europe?"}
	var acks, answers []time.Duration
	q := 0
	for b.Loop() {
		base := len(fake.CallsTo(slackfake.ResponseURLMethod))
		urls := map[string]string{}
		for range burst {
			u := fake.NewResponseURL()
			id := fake.SendSlashCommand(slackfake.SlashCommand{Text: questions[q%len(questions)], ResponseURL: u})
			urls[id] = u[strings.Index(u, "/response/"):]
			q++
		}
		sent := map[string]time.Time{} // by response_url path, of envelopes acked at once
		for id, path := range urls {
			ack, err := fake.WaitAck(id, 3*time.Second)
			if err != nil { // lost with the dropped connection: sent again, not measured
				if again, err := fake.Redeliver(id, "timeout"); err != nil {
					b.Fatal(err)
				} else if _, err := fake.WaitAck(again, time.Minute); err != nil {
					b.Fatal(err)
				}
				continue
			}
			acks = append(acks, ack.Latency)
			sent[path] = ack.Received.Add(-ack.Latency)
		}
		calls, err := fake.WaitCalls(slackfake.ResponseURLMethod, base+len(urls), time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range calls[base:] {
			if at, ok := sent[c.Path]; ok {
				answers = append(answers, c.Time.Sub(at))
			}
		}
	}
	pct := func(ds []time.Duration, p float64) float64 {
		slices.Sort(ds)
		return float64(ds[min(len(ds)-1, int(float64(len(ds))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(acks, 0.50), "ack-p50-ms")
	b.ReportMetric(pct(acks, 0.99), "ack-p99-ms")
	b.ReportMetric(pct(answers, 0.50), "answer-p50-ms")
	b.ReportMetric(pct(answers, 0.99), "answer-p99-ms")
}
