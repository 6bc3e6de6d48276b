package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// TestServeConfigurationIsLoud: every configuration mistake stops serve
// with exit status 2 and one line naming all of them, before it reaches
// Slack.
func TestServeConfigurationIsLoud(t *testing.T) {
	fake := slackfake.New(t)
	tests := []struct {
		name  string
		extra map[string]string
		want  []string
	}{
		{"bad schedule", map[string]string{"TRUSTWATCH_DIGEST_SCHEDULE": "every morning"},
			[]string{`TRUSTWATCH_DIGEST_SCHEDULE="every morning"`, "cron expression"}},
		{"schedule out of range", map[string]string{"TRUSTWATCH_DIGEST_SCHEDULE": "0 25 * * *"},
			[]string{"TRUSTWATCH_DIGEST_SCHEDULE", "25 out of range"}},
		{"bad API URL", map[string]string{"SLACK_API_URL": "::bad"}, []string{`SLACK_API_URL="::bad"`}},
		{"API URL without a host", map[string]string{"SLACK_API_URL": "slack.example/api"}, []string{"SLACK_API_URL"}},
		{"both tokens missing", map[string]string{"SLACK_BOT_TOKEN": "", "SLACK_APP_TOKEN": ""},
			[]string{"SLACK_BOT_TOKEN and SLACK_APP_TOKEN"}},
		{"bad empty flag", map[string]string{"TRUSTWATCH_DIGEST_EMPTY": "maybe"}, []string{`TRUSTWATCH_DIGEST_EMPTY="maybe"`}},
		{"bad feed interval", map[string]string{"TRUSTWATCH_FEED_INTERVAL": "soon"}, []string{`TRUSTWATCH_FEED_INTERVAL="soon"`}},
		{"bad time zone", map[string]string{"TRUSTWATCH_TIMEZONE": "Mars/Olympus"}, []string{"TRUSTWATCH_TIMEZONE"}},
		{"bad log level", map[string]string{"TRUSTWATCH_LOG_LEVEL": "loud"}, []string{"TRUSTWATCH_LOG_LEVEL"}},
		{"bad user rate", map[string]string{"TRUSTWATCH_RATE_USER": "lots"}, []string{`TRUSTWATCH_RATE_USER="lots"`, "10/1m"}},
		{"bad channel rate", map[string]string{"TRUSTWATCH_RATE_CHANNEL": "0/1m"}, []string{`TRUSTWATCH_RATE_CHANNEL="0/1m"`, "60/1m"}},
		{"missing corpus and tokens", map[string]string{"SLACK_BOT_TOKEN": "", "TRUSTWATCH_CORPUS": "/nonexistent/corpus"},
			[]string{"SLACK_BOT_TOKEN is not set", "TRUSTWATCH_CORPUS=/nonexistent/corpus"}},
		{"all at once", map[string]string{
			"SLACK_BOT_TOKEN": "", "SLACK_APP_TOKEN": "",
			"TRUSTWATCH_DIGEST_SCHEDULE": "x", "SLACK_API_URL": "::bad", "TRUSTWATCH_LOG_LEVEL": "loud",
		}, []string{"SLACK_BOT_TOKEN and SLACK_APP_TOKEN", `TRUSTWATCH_DIGEST_SCHEDULE="x"`, "SLACK_API_URL", "TRUSTWATCH_LOG_LEVEL"}},
		{"every setting checked at start, all bad", map[string]string{
			"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_APP_TOKEN": "xoxb-bot", "SLACK_API_URL": "::bad",
			"TRUSTWATCH_CORPUS": "/nonexistent/corpus", "TRUSTWATCH_VENDORS": "/nonexistent/vendors.yaml",
			"TRUSTWATCH_COMMAND": "trust", "TRUSTWATCH_DIGEST_SCHEDULE": "x", "TRUSTWATCH_TIMEZONE": "Mars/Olympus",
			"TRUSTWATCH_DIGEST_EMPTY": "maybe", "TRUSTWATCH_FEEDS": "ftp://feeds.example/rss", "TRUSTWATCH_FEED_INTERVAL": "soon",
			"TRUSTWATCH_FEEDS_ALLOW_PRIVATE": "lots", "TRUSTWATCH_LOG_LEVEL": "loud", "TRUSTWATCH_RATE_USER": "lots",
			"TRUSTWATCH_RATE_CHANNEL": "0/1m", "TRUSTWATCH_CORRECTORS": "everyone", "TRUSTWATCH_DATABASE_URL": "mysql://db.example/tw",
		}, []string{"SLACK_BOT_TOKEN does not look like a bot token", "SLACK_APP_TOKEN does not look like an app-level token",
			"SLACK_API_URL", "TRUSTWATCH_CORPUS=/nonexistent/corpus", "TRUSTWATCH_VENDORS", "TRUSTWATCH_COMMAND",
			"TRUSTWATCH_DIGEST_SCHEDULE", "TRUSTWATCH_TIMEZONE", "TRUSTWATCH_DIGEST_EMPTY", "TRUSTWATCH_FEEDS:",
			"TRUSTWATCH_FEED_INTERVAL", "TRUSTWATCH_FEEDS_ALLOW_PRIVATE", "TRUSTWATCH_LOG_LEVEL", "TRUSTWATCH_RATE_USER",
			"TRUSTWATCH_RATE_CHANNEL", "TRUSTWATCH_CORRECTORS", "TRUSTWATCH_DATABASE_URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(fake.Calls())
			var stdout, stderr lockedBuffer
			ctx, cancel := context.WithTimeout(context.Background(), serveWait)
			defer cancel()
			err := run(ctx, []string{"serve"}, slackEnv(t, fake, tt.extra), &stdout, &stderr)
			if code := exitCode(err); code != 2 || err == nil {
				t.Fatalf("serve = %v (exit %d); want exit 2\nstderr:\n%s", err, code, stderr.String())
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("serve's error is several lines:\n%s", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("serve = %q; want %q", msg, w)
				}
			}
			if n := len(fake.Calls()); n != before {
				t.Errorf("serve called Slack %d times before refusing its configuration", n-before)
			}
		})
	}
}

// TestEveryCommandChecksConfiguration: a bad setting stops every command
// that reads the configuration, not only the one that uses the setting.
func TestEveryCommandChecksConfiguration(t *testing.T) {
	env := map[string]string{"TRUSTWATCH_DIGEST_SCHEDULE": "x", "TRUSTWATCH_INDEX": t.TempDir()}
	for name := range commands {
		if name == "version" {
			continue // reads no configuration
		}
		t.Run(name, func(t *testing.T) {
			args := []string{name}
			switch name {
			case "ask":
				args = append(args, "trust")
			case "quotes":
				args = append(args, seedFile)
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, envOf(env), &stdout, &stderr)
			if exitCode(err) != 2 || err == nil || !strings.Contains(err.Error(), "TRUSTWATCH_DIGEST_SCHEDULE") {
				t.Errorf("run(%q) with a bad schedule = %v (exit %d); want exit 2 naming TRUSTWATCH_DIGEST_SCHEDULE", args, err, exitCode(err))
			}
		})
	}
}

func TestDigestPostNeedsAreOneLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := map[string]string{"TRUSTWATCH_DIGEST_SCHEDULE": "x", "TRUSTWATCH_INDEX": t.TempDir()}
	err := run(context.Background(), []string{"digest", "--post"}, envOf(env), &stdout, &stderr)
	if exitCode(err) != 2 || err == nil {
		t.Fatalf("digest --post = %v; want exit 2", err)
	}
	for _, w := range []string{"SLACK_BOT_TOKEN is not set", "TRUSTWATCH_DIGEST_CHANNEL is not set", "TRUSTWATCH_DIGEST_SCHEDULE"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("digest --post = %q; want %q", err, w)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("digest --post's error is several lines:\n%s", err)
	}
}

// TestRatesRead: the rate limits come from the environment, with
// defaults when unset.
func TestRatesRead(t *testing.T) {
	for _, tc := range []struct {
		name          string
		env           map[string]string
		user, channel bot.Rate
	}{
		{"defaults", nil, bot.DefaultUserRate, bot.DefaultChannelRate},
		{"set", map[string]string{"TRUSTWATCH_RATE_USER": "5/30s", "TRUSTWATCH_RATE_CHANNEL": "100/1h"},
			bot.Rate{N: 5, Per: 30 * time.Second}, bot.Rate{N: 100, Per: time.Hour}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := loadConfig(func(k string) string { return tc.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if c.UserRate != tc.user || c.ChannelRate != tc.channel {
				t.Errorf("rates %v, %v; want %v, %v", c.UserRate, c.ChannelRate, tc.user, tc.channel)
			}
		})
	}
}

// TestCorrectorsRead: TRUSTWATCH_CORRECTORS is user and user-group ids;
// anything else is reported with the other problems, naming the variable,
// and a command then exits 2.
func TestCorrectorsRead(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        []string
		bad         string // in the error; "" for none
	}{
		{"unset", "", nil, ""},
		{"users and groups", " U0ABC123, W0DEF456 ,S0TEAM1,U0ABC123 ", []string{"U0ABC123", "W0DEF456", "S0TEAM1"}, ""},
		{"a name", "U0ABC123,@alice", nil, `"@alice"`},
		{"a mention", "<@U0ABC123>", nil, `"<@U0ABC123>"`},
		{"a channel", "C0CHAN1", nil, `"C0CHAN1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"TRUSTWATCH_CORRECTORS": tc.value, "TRUSTWATCH_LOG_LEVEL": "loud"}
			c, err := loadConfig(func(k string) string { return env[k] })
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if !strings.Contains(msg, "TRUSTWATCH_LOG_LEVEL") {
				t.Errorf("error %q lost the other problem", msg)
			}
			if tc.bad == "" {
				if strings.Contains(msg, "TRUSTWATCH_CORRECTORS") {
					t.Errorf("TRUSTWATCH_CORRECTORS=%q: %v; want it accepted", tc.value, err)
				}
				if !slices.Equal(c.Correctors, tc.want) {
					t.Errorf("Correctors = %q; want %q", c.Correctors, tc.want)
				}
				return
			}
			if !strings.Contains(msg, "TRUSTWATCH_CORRECTORS") || !strings.Contains(msg, tc.bad) || strings.Contains(msg, "\n") {
				t.Errorf("TRUSTWATCH_CORRECTORS=%q: %q; want one line naming the variable and %s", tc.value, msg, tc.bad)
			}
		})
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"corrections"}, envOf(map[string]string{"TRUSTWATCH_CORRECTORS": "bob"}), &stdout, &stderr)
	if code := exitCode(err); code != 2 {
		t.Errorf("corrections with TRUSTWATCH_CORRECTORS=bob = %v (exit %d); want exit 2", err, code)
	}
}
