package slackfake_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack/socketmode"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

func TestHelloPerConnection(t *testing.T) {
	fake := slackfake.New(t)
	hosts := map[string]bool{}
	for i := 1; i <= 3; i++ {
		c := dial(t, fake)
		debug, _ := c.hello["debug_info"].(map[string]any)
		host, _ := debug["host"].(string)
		if c.hello["type"] != "hello" || c.hello["num_connections"] != float64(i) || host == "" || hosts[host] {
			t.Errorf("hello on connection %d = %v; want num_connections %d and a host of its own", i, c.hello, i)
		}
		hosts[host] = true
		if _, ok := debug["approximate_connection_time"]; !ok {
			t.Errorf("hello debug_info = %v; want approximate_connection_time, as Slack sends", debug)
		}
	}
}

func TestConnectionCountedBeforeClientSeesIt(t *testing.T) {
	// slack-go reports "connected" as soon as the websocket is open, before hello: a test
	// that checks Connections then must see the connection counted.
	fake := slackfake.New(t)
	for want := 1; want <= 3; want++ {
		dialThen(t, fake, func() {
			if got := fake.Connections(); got != want {
				t.Errorf("Connections() once the websocket is open = %d; want %d", got, want)
			}
		})
	}
}

func TestRoundRobin(t *testing.T) {
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d connections", n), func(t *testing.T) {
			fake := slackfake.New(t)
			conns := dialN(t, fake, n)
			var ids []string
			for i := range 3 * n {
				ids = append(ids, fake.SendSlashCommand(slackfake.SlashCommand{Text: fmt.Sprint(i)}))
			}
			for i, id := range ids {
				want := i % n // envelope i goes to connection i%n+1
				m := conns[want].next(t)
				if m.EnvelopeID != id || m.Payload.Text != fmt.Sprint(i) {
					t.Fatalf("connection %d got %s (text %q); want envelope %d, %s", want+1, m.EnvelopeID, m.Payload.Text, i, id)
				}
				if d := fake.Deliveries(id); len(d) != 1 || d[0].Conn != want+1 {
					t.Errorf("Deliveries(%d) = %+v; want one, on connection %d", i, d, want+1)
				}
			}
			for _, st := range fake.ConnStats() {
				if st.Sent != 3 || !st.Live {
					t.Errorf("connection %d stats = %+v; want 3 envelopes sent, live", st.ID, st)
				}
			}
		})
	}
}

func TestTwoSlackGoClientsShareEnvelopes(t *testing.T) {
	fake := slackfake.New(t)
	clients := []*socketmode.Client{startClient(t, fake), startClient(t, fake)}
	if _, err := fake.WaitLiveConnections(2, wait); err != nil {
		t.Fatal(err)
	}
	sent := map[string]bool{}
	for range 4 {
		sent[fake.SendSlashCommand(slackfake.SlashCommand{Text: "help"})] = true
	}
	for i, sm := range clients {
		for range 2 {
			ev := next(t, sm, socketmode.EventTypeSlashCommand)
			if !sent[ev.Request.EnvelopeID] {
				t.Fatalf("client %d got envelope %s twice or unknown", i, ev.Request.EnvelopeID)
			}
			delete(sent, ev.Request.EnvelopeID)
			ack(t, sm, ev)
		}
	}
	for _, st := range fake.ConnStats() {
		if st.Sent != 2 {
			t.Errorf("connection %d sent %d envelopes; want 2 each", st.ID, st.Sent)
		}
	}
}

func TestEleventhConnectionRefused(t *testing.T) {
	tests := []struct {
		name string
		opts []slackfake.Option
		max  int
	}{
		{"Slack's limit", nil, slackfake.MaxConnections},
		{"set by the test", []slackfake.Option{slackfake.WithMaxConnections(2)}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := slackfake.New(t, tt.opts...)
			dialN(t, fake, tt.max)
			extra := dial(t, fake)
			if extra.hello["type"] != "disconnect" || extra.hello["reason"] != "too_many_websockets" ||
				extra.hello["num_connections"] != float64(tt.max) {
				t.Errorf("first message on connection %d = %v; want a too_many_websockets disconnect with num_connections %d",
					tt.max+1, extra.hello, tt.max)
			}
			select {
			case <-extra.done:
			case <-time.After(wait):
				t.Fatalf("refused connection still open after %v", wait)
			}
			if got := fake.Refused(); got != 1 {
				t.Errorf("Refused() = %d; want 1", got)
			}
			if live := fake.LiveConnections(); len(live) != tt.max || fake.Connections() != tt.max {
				t.Errorf("LiveConnections() = %v, Connections() = %d; want %d", live, fake.Connections(), tt.max)
			}
			// The refused one is never routed to.
			id := fake.SendSlashCommand(slackfake.SlashCommand{})
			if d, err := fake.WaitDeliveries(id, 1, wait); err != nil || len(d) != 1 || d[0].Conn < 1 || d[0].Conn > tt.max {
				t.Errorf("Deliveries = %+v, %v; want one on connections 1..%d", d, err, tt.max)
			}
		})
	}
}

func TestRedeliveryAfterAckTimeout(t *testing.T) {
	fake := slackfake.New(t, slackfake.WithAckTimeout(200*time.Millisecond))
	conns := dialN(t, fake, 2)

	id := fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> hi", EventID: "EvRETRY"})
	first := conns[0].next(t) // round robin starts with connection 1, which never acks
	again := conns[1].next(t)
	if first.EnvelopeID != id || again.EnvelopeID == id || again.Payload.EventID != "EvRETRY" ||
		first.RetryAttempt != 0 || again.RetryAttempt != 1 || again.RetryReason != "timeout" {
		t.Fatalf("deliveries = %+v then %+v; want %s, then a new envelope of EvRETRY with retry 1 timeout", first, again, id)
	}
	conns[1].ack(t, again.EnvelopeID)
	a, err := fake.WaitAck(again.EnvelopeID, wait)
	if err != nil {
		t.Fatal(err)
	}
	if a.Conn != 2 || a.SentOn != 2 || a.RetryAttempt != 1 || a.Latency <= 0 {
		t.Errorf("ack = %+v; want on connection 2, sent on 2, retry 1, with a latency", a)
	}
	// A machine slow enough to ack later than the timeout sees a third delivery: look at two.
	d := fake.Deliveries(id)
	if len(d) < 2 || d[0].Conn != 1 || d[0].Acked || d[1].Conn != 2 || !d[1].Acked || d[1].AckConn != 2 {
		t.Errorf("Deliveries = %+v; want unacked on 1, then acked on 2", d)
	}
	if retries := stats(fake, func(s slackfake.ConnStat) int { return s.Retries }); len(retries) != 2 || retries[1] < 1 {
		t.Errorf("retries per connection = %v; want one at least on connection 2", retries)
	}
}

func TestRedeliveryGivesUpAfterThreeRetries(t *testing.T) {
	const timeout = 20 * time.Millisecond
	fake := slackfake.New(t, slackfake.WithAckTimeout(timeout))
	c := dial(t, fake)
	id := fake.SendEvent(slackfake.Event{Type: "message", Text: "hello?"})
	for want := range slackfake.MaxRetries + 1 {
		m := c.next(t)
		if m.RetryAttempt != want || (want > 0 && m.RetryReason != "timeout") {
			t.Fatalf("delivery %d = retry %d %q; want %d timeout", want, m.RetryAttempt, m.RetryReason, want)
		}
	}
	// The last retry is never acked either: Slack stops there. Ten timeouts is long enough to see.
	if d, err := fake.WaitDeliveries(id, slackfake.MaxRetries+2, 10*timeout); err == nil {
		t.Errorf("deliveries = %+v; want %d, no more", d, slackfake.MaxRetries+1)
	}
}

func TestNoRedeliveryOfSlashCommandsByDefault(t *testing.T) {
	tests := []struct {
		name  string
		opts  []slackfake.Option
		retry bool
	}{
		{"as Slack", nil, false},
		{"asked for", []slackfake.Option{slackfake.WithRedelivery("events_api", "slash_commands")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const timeout = 20 * time.Millisecond
			fake := slackfake.New(t, append(tt.opts, slackfake.WithAckTimeout(timeout))...)
			c := dial(t, fake)
			id := fake.SendSlashCommand(slackfake.SlashCommand{})
			c.next(t)
			if !tt.retry {
				// Ten timeouts is long enough to see a redelivery that should not come.
				if d, err := fake.WaitDeliveries(id, 2, 10*timeout); err == nil {
					t.Errorf("deliveries = %+v; want the slash command sent once", d)
				}
				return
			}
			if m := c.next(t); m.RetryAttempt != 1 || m.RetryReason != "timeout" {
				t.Errorf("redelivery = %+v; want retry 1 timeout", m)
			}
		})
	}
}

func TestRedeliverTimeout(t *testing.T) {
	fake := slackfake.New(t, slackfake.WithRedelivery()) // only the redeliveries the test makes
	conns := dialN(t, fake, 2)
	id := fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> hi", Conn: 2})
	if m := conns[1].next(t); m.EnvelopeID != id {
		t.Fatalf("pinned envelope went to %s; want %s on connection 2", m.EnvelopeID, id)
	}
	again, err := fake.RedeliverTimeout(id, true)
	if err != nil {
		t.Fatal(err)
	}
	m := conns[0].next(t)
	if m.EnvelopeID != again || m.RetryAttempt != 1 || m.RetryReason != "timeout" {
		t.Errorf("redelivery = %+v; want %s on connection 1 with retry 1 timeout", m, again)
	}

	// again went out on connection 1: with 2 gone, there is no other.
	if err := fake.DropConn(2); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.RedeliverTimeout(again, true); err == nil {
		t.Errorf("RedeliverTimeout on another connection with one live = nil error; want one")
	}
}

func TestPin(t *testing.T) {
	fake := slackfake.New(t)
	first := dial(t, fake)
	// Pinned to a connection not open yet: it waits for it.
	id := fake.SendSlashCommand(slackfake.SlashCommand{Conn: 2})
	second := dial(t, fake)
	if m := second.next(t); m.EnvelopeID != id {
		t.Errorf("connection 2 got %s; want %s", m.EnvelopeID, id)
	}
	// Pinned to a connection that is gone: it goes to a live one.
	if err := fake.DisconnectConn(2, "warning"); err != nil {
		t.Fatal(err)
	}
	if m := second.next(t); m.Type != "disconnect" || m.Reason != "warning" {
		t.Errorf("connection 2 got %+v; want the warning disconnect", m)
	}
	id = fake.SendSlashCommand(slackfake.SlashCommand{Conn: 2})
	if m := first.next(t); m.EnvelopeID != id {
		t.Errorf("connection 1 got %s; want %s", m.EnvelopeID, id)
	}
	if live := fake.LiveConnections(); !slices.Equal(live, []int{1}) {
		t.Errorf("LiveConnections() = %v; want [1]", live)
	}
}

func TestAcksPerConnection(t *testing.T) {
	fake := slackfake.New(t)
	conns := dialN(t, fake, 2)
	var ids []string
	for range 4 {
		ids = append(ids, fake.SendEvent(slackfake.Event{Type: "message", Text: "hi"}))
	}
	for i := range ids {
		c := conns[i%2]
		c.ack(t, c.next(t).EnvelopeID)
	}
	for _, id := range ids {
		if _, err := fake.WaitAck(id, wait); err != nil {
			t.Fatal(err)
		}
	}
	for conn := 1; conn <= 2; conn++ {
		var got []string
		for _, a := range fake.AcksOn(conn) {
			if a.Conn != conn || a.SentOn != conn || a.Latency <= 0 {
				t.Errorf("ack %+v; want on and from connection %d, with a latency", a, conn)
			}
			got = append(got, a.EnvelopeID)
		}
		if want := []string{ids[conn-1], ids[conn+1]}; !slices.Equal(got, want) {
			t.Errorf("AcksOn(%d) = %v; want %v", conn, got, want)
		}
	}
	if acks := stats(fake, func(s slackfake.ConnStat) int { return s.Acks }); !slices.Equal(acks, []int{2, 2}) {
		t.Errorf("acks per connection = %v; want [2 2]", acks)
	}
}

func TestAnswers(t *testing.T) {
	fake := slackfake.New(t, slackfake.WithRedelivery()) // only the redeliveries the test makes
	c := dial(t, fake)

	t.Run("slash command", func(t *testing.T) {
		id := fake.SendSlashCommand(slackfake.SlashCommand{Text: "vendor nimbus"})
		url := c.next(t).Payload.ResponseURL
		other := fake.SendSlashCommand(slackfake.SlashCommand{})
		c.next(t)
		if n := len(fake.Answers(id)); n != 0 {
			t.Errorf("Answers before any = %d; want 0", n)
		}
		post(t, url, map[string]any{"text": "Nimbus Cloud says…", "response_type": "ephemeral"})
		post(t, url, map[string]any{"delete_original": true}) // a deletion is no answer
		if _, err := fake.WaitAnswers(id, 1, wait); err != nil {
			t.Fatal(err)
		}
		again, err := fake.Redeliver(id, "timeout")
		if err != nil {
			t.Fatal(err)
		}
		c.next(t)
		post(t, url, map[string]any{"text": "twice"})
		counts := fake.AnswerCounts(id, again, other)
		if counts[id] != 2 || counts[again] != 2 || counts[other] != 0 {
			t.Errorf("AnswerCounts = %v; want 2 for the command and its redelivery, 0 for the other", counts)
		}
	})
	t.Run("mention", func(t *testing.T) {
		id := fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> hi", ChannelID: "C42", TS: "1700000000.000100"})
		c.next(t)
		postMessage(t, fake, "C42", "1700000000.000100", "answer")
		postMessage(t, fake, "C42", "1700000000.000200", "another thread")
		postMessage(t, fake, "C43", "1700000000.000100", "another channel")
		postMessage(t, fake, "C42", "1700000000.000100", "") // refused: no_text
		if got, err := fake.WaitAnswers(id, 1, wait); err != nil || len(got) != 1 || got[0].Text != "answer" {
			t.Errorf("Answers = %+v, %v; want the one answer in the thread", got, err)
		}
	})
	t.Run("direct message", func(t *testing.T) {
		postMessage(t, fake, slackfake.DefaultDMChannelID, "", "before")
		id := fake.SendEvent(slackfake.Event{Type: "message", Text: "vendor nimbus"})
		c.next(t)
		postMessage(t, fake, slackfake.DefaultDMChannelID, "", "answer")
		if got := fake.Answers(id); len(got) != 1 || got[0].Text != "answer" {
			t.Errorf("Answers = %+v; want the one answer after the DM", got)
		}
	})
}

// stats returns f of each connection's stats, by id.
func stats(fake *slackfake.Server, f func(slackfake.ConnStat) int) []int {
	var out []int
	for _, s := range fake.ConnStats() {
		out = append(out, f(s))
	}
	return out
}

func TestRedeliveryAfterConnectionDies(t *testing.T) {
	// A replica killed after it read an event and before it acked it: the event comes
	// again on the survivor once the ack timeout has passed.
	fake := slackfake.New(t, slackfake.WithAckTimeout(100*time.Millisecond))
	conns := dialN(t, fake, 2)
	id := fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> hi", EventID: "EvKILLED"})
	if m := conns[0].next(t); m.EnvelopeID != id {
		t.Fatalf("connection 1 got %s; want %s", m.EnvelopeID, id)
	}
	_ = conns[0].ws.Close() // no close frame, as a SIGKILL leaves it
	m := conns[1].next(t)
	if m.Payload.EventID != "EvKILLED" || m.RetryAttempt != 1 || m.RetryReason != "timeout" {
		t.Fatalf("survivor got %+v; want EvKILLED again with retry 1 timeout", m)
	}
	conns[1].ack(t, m.EnvelopeID)
	if _, err := fake.WaitAck(m.EnvelopeID, wait); err != nil {
		t.Fatal(err)
	}
	if err := fake.WaitConnClosed(1, wait); err != nil {
		t.Fatal(err)
	}
	if live := fake.LiveConnections(); !slices.Equal(live, []int{2}) {
		t.Errorf("LiveConnections() = %v; want [2]", live)
	}
	if st := fake.ConnStats(); len(st) != 2 || st[0].Open || st[0].Closed.IsZero() || !st[1].Live {
		t.Errorf("ConnStats() = %+v; want connection 1 closed, 2 live", st)
	}
}

func TestRedeliveryKeepingEnvelopeID(t *testing.T) {
	tests := []struct {
		name string
		opts []slackfake.Option
		redo func(fake *slackfake.Server, id string) error
	}{
		{"explicit", []slackfake.Option{slackfake.WithRedelivery()}, func(fake *slackfake.Server, id string) error {
			return fake.ResendSameEnvelope(id, true)
		}},
		{"on ack timeout", []slackfake.Option{slackfake.WithAckTimeout(100 * time.Millisecond), slackfake.WithRedeliveryKeepingEnvelopeID()},
			func(*slackfake.Server, string) error { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := slackfake.New(t, tt.opts...)
			conns := dialN(t, fake, 2)
			id := fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> hi"})
			if m := conns[0].next(t); m.EnvelopeID != id {
				t.Fatalf("connection 1 got %s; want %s", m.EnvelopeID, id)
			}
			if err := tt.redo(fake, id); err != nil {
				t.Fatal(err)
			}
			m := conns[1].next(t)
			if m.EnvelopeID != id || m.RetryAttempt != 1 || m.RetryReason != "timeout" {
				t.Fatalf("connection 2 got %+v; want envelope %s again, retry 1 timeout", m, id)
			}
			conns[1].ack(t, id)
			a, err := fake.WaitAck(id, wait)
			if err != nil {
				t.Fatal(err)
			}
			d := fake.Deliveries(id)
			if a.Conn != 2 || a.SentOn != 2 || len(d) < 2 || d[0].EnvelopeID != id || d[1].EnvelopeID != id || d[0].Acked || !d[1].Acked {
				t.Errorf("ack %+v, deliveries %+v; want the second delivery acked on connection 2", a, d)
			}
		})
	}
}
