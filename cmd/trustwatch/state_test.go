package main

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// TestDatabaseURLMistakes: a TRUSTWATCH_DATABASE_URL that is not a
// PostgreSQL URL is a configuration mistake (exit 2) and one that names
// no reachable server stops serve (exit 1) with one sentence naming the
// host; neither ever shows the password.
func TestDatabaseURLMistakes(t *testing.T) {
	const secret = "Hunter2-s3cret"
	// A loopback port nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	fake := slackfake.New(t)
	tests := []struct {
		name string
		url  string
		code int
		want string
	}{
		{"not postgres", "mysql://ada:" + secret + "@db.example/trust", 2, "TRUSTWATCH_DATABASE_URL"},
		{"unparsable", "postgres://ada:" + secret + "@[::1/trust", 2, "TRUSTWATCH_DATABASE_URL"},
		{"no host", "postgres:///trust?password=" + secret, 2, "TRUSTWATCH_DATABASE_URL"},
		{"down", "postgres://ada:" + secret + "@127.0.0.1:" + port + "/trust?sslmode=disable&connect_timeout=2", 1, "127.0.0.1:" + port},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr lockedBuffer
			err := run(context.Background(), []string{"serve"}, slackEnv(t, fake, map[string]string{"TRUSTWATCH_DATABASE_URL": tt.url}), &stdout, &stderr)
			if code := exitCode(err); err == nil || code != tt.code {
				t.Fatalf("serve = %v (exit %d); want exit %d", err, code, tt.code)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("serve = %q; want it to name %q", msg, tt.want)
			}
			if testing.Verbose() {
				t.Log(msg)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("serve's error is several lines:\n%s", msg)
			}
			if all := msg + stderr.String() + stdout.String(); strings.Contains(all, secret) {
				t.Errorf("the password shows:\n%s", all)
			}
		})
	}
}
