package slackfake_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/socketmode"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

func TestURL(t *testing.T) {
	fake := slackfake.New(t)
	if u := fake.URL(); !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, "/api/") {
		t.Errorf("URL() = %q; want http://127.0.0.1:PORT/api/", u)
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	fake := slackfake.New(t)
	t.Run("client", func(t *testing.T) {
		sm := startClient(t, fake) // stopped when this subtest ends
		next(t, sm, socketmode.EventTypeHello)
		if err := fake.Disconnect("warning"); err != nil { // leaves a grace-period goroutine behind
			t.Fatal(err)
		}
		if err := fake.WaitConnections(2, wait); err != nil {
			t.Fatal(err)
		}
	})
	fake.Close()
	fake.Close() // idempotent
	checkNoGoroutines(t)
}

func TestCloseLeavesNoGoroutinesWithSeveralConnections(t *testing.T) {
	fake := slackfake.New(t, slackfake.WithAckTimeout(time.Hour), slackfake.WithMaxConnections(2))
	t.Run("clients", func(t *testing.T) {
		conns := dialN(t, fake, 2)
		dial(t, fake)                                        // refused
		fake.SendEvent(slackfake.Event{Text: "never acked"}) // its redelivery is pending at Close
		conns[0].next(t)
		fake.SendSlashCommand(slackfake.SlashCommand{Conn: 3}) // waits for a connection that never comes
		if err := fake.DisconnectConn(2, "refresh_requested"); err != nil {
			t.Fatal(err)
		}
	})
	fake.Close()
	checkNoGoroutines(t)
}

// checkNoGoroutines fails the test if any goroutine runs the fake's code.
func checkNoGoroutines(t *testing.T) {
	t.Helper()
	// A goroutine that Close waited for may still be returning from its
	// deferred Done: give the scheduler a chance before calling it left.
	var left []string
	for range 1000 {
		if left = serverGoroutines(); len(left) == 0 {
			return
		}
		runtime.Gosched()
	}
	for _, g := range left {
		t.Errorf("goroutine left running after Close:\n%s", g)
	}
}

// serverGoroutines are the stacks of the goroutines running the fake's code.
func serverGoroutines() []string {
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	var out []string
	for _, g := range strings.Split(stacks, "\n\n") {
		if strings.Contains(g, "bot/slackfake.(*Server)") {
			out = append(out, g)
		}
	}
	return out
}
