package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
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

// TestStateMigrateFromBolt: `trustwatch state migrate-from-bolt FILE`
// copies a single process's subscriptions and last digest into
// PostgreSQL; run again it copies nothing more and changes nothing.
func TestStateMigrateFromBolt(t *testing.T) {
	db := pgtest.URL(t)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), bot.StateFile)
	old := bot.NewStore(file, bot.StoreOptions{})
	if _, err := old.Subscribe(ctx, "C0NIMBUS", []string{"nimbus"}, "U0ADA"); err != nil {
		t.Fatal(err)
	}
	slot := time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
	rec, err := old.Claim(ctx, "C0DIGEST", "2030-03-04T09:00 UTC", slot)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.MarkPosted(ctx, rec, "1900000000.000100", slot); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TRUSTWATCH_DATABASE_URL": db, "TRUSTWATCH_DIGEST_CHANNEL": "C0DIGEST"}
	getenv := func(k string) string { return env[k] }

	for i, want := range []string{"copied 1 subscriptions and the last digest of 1 channels", "copied 0 subscriptions and the last digest of 0 channels"} {
		var stdout, stderr lockedBuffer
		if err := run(ctx, []string{"state", "migrate-from-bolt", file}, getenv, &stdout, &stderr); err != nil {
			t.Fatalf("run %d: state migrate-from-bolt = %v\n%s", i+1, err, stderr.String())
		}
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("run %d: state migrate-from-bolt said %q; want %q", i+1, stdout.String(), want)
		}
	}
	pg, err := pgstate.Open(ctx, db, pgstate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	subs, err := pg.Subscriptions(ctx)
	if err != nil || len(subs) != 1 || subs[0].Channel != "C0NIMBUS" || !slices.Equal(subs[0].Vendors, []string{"nimbus"}) {
		t.Errorf("subscriptions in PostgreSQL = %+v, %v; want C0NIMBUS for nimbus", subs, err)
	}
	if _, err := pg.Claim(ctx, "C0DIGEST", "2030-03-04T09:00 UTC", slot); !errors.Is(err, bot.ErrPosted) {
		t.Errorf("claim of the slot posted before the migration = %v; want ErrPosted", err)
	}

	t.Run("without a database", func(t *testing.T) {
		var stdout, stderr lockedBuffer
		err := run(ctx, []string{"state", "migrate-from-bolt", file}, func(string) string { return "" }, &stdout, &stderr)
		if code := exitCode(err); code != 2 || !strings.Contains(fmt.Sprint(err), "TRUSTWATCH_DATABASE_URL") {
			t.Errorf("state migrate-from-bolt without a database = %v (exit %d); want exit 2 naming TRUSTWATCH_DATABASE_URL", err, code)
		}
	})
	t.Run("listed in help", func(t *testing.T) {
		var stdout, stderr lockedBuffer
		if err := run(ctx, []string{"help"}, getenv, &stdout, &stderr); err != nil || !strings.Contains(stdout.String(), "  state ") {
			t.Errorf("help = %v; want it to list state:\n%s", err, stdout.String())
		}
	})
}
