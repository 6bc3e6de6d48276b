package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// childEnv names the variable that makes the test binary run trustwatch
// itself (its arguments are the command line), so that a test can kill a
// real `trustwatch serve` with SIGKILL.
const childEnv = "TRUSTWATCH_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
		os.Exit(exitCode(err))
	}
	os.Exit(pgtest.Main(m)) // and stops the PostgreSQL of the replica tests, if started
}

// child is `trustwatch serve` in a process of its own.
type child struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	done   chan struct{}
}

// startChild runs `trustwatch serve` in a new process with env (and
// nothing of the test's own environment but PATH and HOME); Cleanup kills
// it if the test did not.
func startChild(t *testing.T, env map[string]string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = []string{childEnv + "=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	c := &child{cmd: cmd, stderr: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start trustwatch serve: %v", err)
	}
	go func() { _ = cmd.Wait(); close(c.done) }()
	t.Cleanup(func() {
		c.kill(t)
		if t.Failed() {
			t.Logf("the killed serve's stderr:\n%s", c.stderr.String())
		}
	})
	return c
}

// kill is SIGKILL, and waits until the process is reaped: its pid then
// names no process.
func (c *child) kill(t *testing.T) {
	t.Helper()
	_ = c.cmd.Process.Kill()
	select {
	case <-c.done:
	case <-time.After(serveWait):
		t.Fatal("the killed serve did not end")
	}
}

// TestDigestAfterSIGKILLMidPost: `serve` is killed with SIGKILL while its
// digest's chat.postMessage is in flight, and started again at once (not
// two minutes later). If the post reached the channel, the restart finds
// it by its metadata and posts nothing; if it did not, the restart posts
// it, once, at once. While the first serve still runs, the restart leaves
// the slot to it.
func TestDigestAfterSIGKILLMidPost(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("telling a dead claimer needs Linux's /proc")
	}
	tests := []struct {
		name    string
		reached bool // the killed post reached the channel
		kill    bool
		want    digest.Status // of the restarted serve's outcome
		posts   int           // digests in the channel in the end
	}{
		{"post reached Slack", true, true, digest.StatusDone, 1}, // found in history
		{"post lost", false, true, digest.StatusPosted, 1},
		{"first serve still running", true, false, digest.StatusClaimed, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := slackfake.New(t)
			state := t.TempDir()
			expr, tz, slot := slotEarlierToday(t)
			const channel = "C0DIGEST"
			env := map[string]string{
				"SLACK_BOT_TOKEN": fake.BotToken(),
				"SLACK_APP_TOKEN": fake.AppToken(),
				"SLACK_API_URL":   fake.URL(),
				// The state is the file beside the index folder.
				"TRUSTWATCH_INDEX":           filepath.Join(state, "first"),
				"TRUSTWATCH_DIGEST_CHANNEL":  channel,
				"TRUSTWATCH_DIGEST_SCHEDULE": expr,
				"TRUSTWATCH_TIMEZONE":        tz,
			}
			if tt.reached {
				fake.AcceptThenHang("chat.postMessage", 1)
			} else {
				fake.Hang("chat.postMessage", 1)
			}
			first := startChild(t, env)
			if _, err := fake.WaitCalls("chat.postMessage", 1, serveWait); err != nil {
				t.Fatalf("%v; the first serve's stderr:\n%s", err, first.stderr.String())
			}
			if tt.kill {
				first.kill(t)
			}

			// The restart has an index of its own (a live first serve holds
			// its index) and shares the state.
			env["TRUSTWATCH_INDEX"] = filepath.Join(state, "second")
			started := time.Now()
			s := startServe(t, func(k string) string { return env[k] })
			var got digest.Outcome
			if !s.events.within(serveWait, func() bool {
				for _, o := range s.events.digests {
					if o.Channel == channel && o.Slot == slot {
						got = o
						return true
					}
				}
				return false
			}) {
				t.Fatalf("the restarted serve settled no outcome for slot %s:\n%s", slot, s.stderr.String())
			}
			if got.Status != tt.want {
				t.Errorf("restarted serve's outcome for the slot = %s; want %s:\n%s", got.Status, tt.want, s.stderr.String())
			}
			if took := time.Since(started); took > serveWait {
				t.Errorf("the restart took %v to settle the slot; want it at once", took)
			}
			s.stop(t)
			var digests int
			for _, m := range fake.History(channel) {
				if strings.Contains(string(m.Metadata), slot) {
					digests++
				}
			}
			if digests != tt.posts {
				t.Errorf("%d digests of slot %s in %s; want %d", digests, slot, channel, tt.posts)
			}
			if n := len(fake.CallsTo("chat.postMessage")); tt.reached && n != 1 {
				t.Errorf("%d chat.postMessage calls; want the killed one only", n)
			}
			if tt.reached && tt.kill && len(fake.CallsTo("conversations.history")) == 0 {
				t.Error("the restart did not read the channel's history")
			}
		})
	}
}
