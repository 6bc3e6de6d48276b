package slackfake_test

import (
	"runtime"
	"strings"
	"testing"

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

	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	for _, g := range strings.Split(stacks, "\n\n") {
		if strings.Contains(g, "bot/slackfake.(*Server)") {
			t.Errorf("goroutine left running after Close:\n%s", g)
		}
	}
}
