package main

import (
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// TestServeAfterDisconnectStorm: Slack asks `serve` for 20 new
// connections in a row; it makes each at once, and a slash command sent
// right after is acknowledged within Slack's 3 s.
func TestServeAfterDisconnectStorm(t *testing.T) {
	fake := slackfake.New(t)
	startServe(t, slackEnv(t, fake, nil))
	if err := fake.WaitConnections(1, serveWait); err != nil {
		t.Fatal(err)
	}
	for n := 2; n <= 21; n++ {
		reason := "refresh_requested"
		if n%2 == 0 {
			reason = "warning"
		}
		if err := fake.Disconnect(reason); err != nil {
			t.Fatal(err)
		}
		if err := fake.WaitConnections(n, serveWait); err != nil {
			t.Fatalf("after %d disconnects: %v", n-1, err)
		}
	}
	sent := time.Now()
	id := fake.SendSlashCommand(slackfake.SlashCommand{Text: "help"})
	ack, err := fake.WaitAck(id, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if took := ack.Received.Sub(sent); took > 3*time.Second {
		t.Errorf("slash command acknowledged %v after it was sent; Slack wants 3s", took)
	}
}
