package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// slotEarlierToday is a daily schedule whose slot fell a minute ago, in a
// time zone where that is today, with the slot's identity.
func slotEarlierToday(t *testing.T) (expr, tz, slot string) {
	t.Helper()
	tz = "UTC"
	if now := time.Now().UTC(); now.Hour() == 0 && now.Minute() < 2 {
		tz = "Etc/GMT+6" // 18:00 the day before: a minute ago is the same day
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().In(loc).Add(-time.Minute)
	expr = fmt.Sprintf("%d %d * * *", at.Minute(), at.Hour())
	s, err := digest.ParseSchedule(expr, loc)
	if err != nil {
		t.Fatal(err)
	}
	return expr, tz, s.SlotID(s.Prev(time.Now()))
}

// TestDigestEndToEnd: a bot started after today's slot posts it once,
// naming the seed article's speakers; `trustwatch digest --post` then has
// nothing to do and says why; `/trust digest` previews the digest.
func TestDigestEndToEnd(t *testing.T) {
	fake := slackfake.New(t)
	expr, tz, slot := slotEarlierToday(t)
	const channel = "C0DIGEST"
	getenv := slackEnv(t, fake, map[string]string{
		"TRUSTWATCH_DIGEST_CHANNEL":  channel,
		"TRUSTWATCH_DIGEST_SCHEDULE": expr,
		"TRUSTWATCH_TIMEZONE":        tz,
	})
	s := startServe(t, getenv)

	// The outcome comes once the post is recorded: the CLI below sees it.
	if o := s.events.digestTo(t, channel); o.Status != digest.StatusPosted || o.Slot != slot {
		t.Fatalf("digest to %s: %s for slot %s (%v); want %s for %s", channel, o.Status, o.Slot, o.Err, digest.StatusPosted, slot)
	}
	var post slackfake.Call
	for _, c := range fake.CallsTo("chat.postMessage") {
		if c.Channel == channel {
			post = c
		}
	}
	if post.Method == "" {
		t.Fatalf("digest recorded as posted to %s, but Slack got no post there; calls: %v", channel, fake.Calls())
	}
	shown := post.Text + "\n" + string(post.Blocks)
	for _, w := range []string{"Judson Althoff", "Adam Selipsky", "La confiance est une priorité absolue pour nos clients", "Bien sûr, nous avons des concurrents"} {
		if !strings.Contains(shown, w) {
			t.Errorf("digest lacks %q:\n%s", w, shown)
		}
	}
	if !post.OK {
		t.Errorf("chat.postMessage answered %s", post.Error)
	}

	// The CLI, while the bot runs (and holds the index): nothing to do.
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"digest", "--post"}, getenv, &out, &errb); err != nil {
		t.Fatalf("digest --post = %v; stderr:\n%s", err, errb.String())
	}
	if want := "already posted for this slot (" + slot + ") to " + channel; !strings.Contains(out.String(), want) {
		t.Errorf("digest --post printed:\n%s\nwant %q", out.String(), want)
	}

	// The preview, in a channel that gets no digest: everything indexed in
	// the last 24 hours, privately.
	url := fake.NewResponseURL()
	before := len(fake.CallsTo(slackfake.ResponseURLMethod))
	fake.SendSlashCommand(slackfake.SlashCommand{Text: "digest", ResponseURL: url})
	answers, err := fake.WaitCalls(slackfake.ResponseURLMethod, before+1, serveWait)
	if err != nil {
		t.Fatalf("no answer to /trust digest: %v", err)
	}
	var preview slackfake.Call
	for _, c := range answers[before:] {
		if strings.HasSuffix(url, c.Path) {
			preview = c
		}
	}
	if shown := preview.Text + string(preview.Blocks); preview.ResponseType != "ephemeral" ||
		!strings.Contains(shown, "Preview") || !strings.Contains(shown, "Adam Selipsky") {
		t.Errorf("/trust digest answered (%s):\n%s\nwant a private preview quoting Adam Selipsky", preview.ResponseType, shown)
	}

	s.stop(t)
	if n := len(fake.CallsTo("chat.postMessage")); n != 1 {
		t.Errorf("%d messages posted; want the one digest", n)
	}
	if logs := s.stderr.String(); !strings.Contains(logs, "digest posted") {
		t.Errorf("log lacks digest_posted:\n%s", logs)
	}

	// After the bot stopped, --json says the same, as data.
	out.Reset()
	if err := run(context.Background(), []string{"digest", "--post", "--json"}, getenv, &out, &errb); err != nil {
		t.Fatalf("digest --post --json = %v; stderr:\n%s", err, errb.String())
	}
	var outs []digest.Outcome
	if err := json.Unmarshal(out.Bytes(), &outs); err != nil || len(outs) != 1 || outs[0].Status != digest.StatusDone || outs[0].Slot != slot {
		t.Errorf("digest --post --json = %s (%v); want one outcome %q for slot %s", out.String(), err, digest.StatusDone, slot)
	}
}

func TestDigestCommand(t *testing.T) {
	env := envOf(map[string]string{"TRUSTWATCH_INDEX": t.TempDir()})
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"digest"}, env, &out, &errb); err != nil {
		t.Fatalf("digest = %v; stderr:\n%s", err, errb.String())
	}
	for _, w := range []string{"trustwatch digest — 6 new quotations", "What changed", "Microsoft", "Judson Althoff", "Adam Selipsky"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("digest printed:\n%s\nwant %q", out.String(), w)
		}
	}

	out.Reset()
	if err := run(context.Background(), []string{"digest", "--json", "--since", "7d"}, env, &out, &errb); err != nil {
		t.Fatalf("digest --json = %v; stderr:\n%s", err, errb.String())
	}
	var d digest.Digest
	if err := json.Unmarshal(out.Bytes(), &d); err != nil {
		t.Fatalf("digest --json printed %s: %v", out.String(), err)
	}
	if d.Quotes != 6 || len(d.Vendors) != 2 || time.Since(d.Since) < 7*24*time.Hour-time.Minute {
		t.Errorf("digest --json: %d quotes, %d vendors, since %s; want 6 quotes, 2 vendors, since 7 days ago", d.Quotes, len(d.Vendors), d.Since)
	}
}

func TestDigestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"post needs slack and a channel", []string{"digest", "--post"}, nil,
			[]string{"SLACK_BOT_TOKEN is not set", "TRUSTWATCH_DIGEST_CHANNEL is not set"}},
		{"bad schedule", []string{"digest"}, map[string]string{"TRUSTWATCH_DIGEST_SCHEDULE": "0 25 * * *"},
			[]string{"TRUSTWATCH_DIGEST_SCHEDULE", "field 2 (hour) 25 out of range 0-23"}},
		{"bad empty flag", []string{"digest"}, map[string]string{"TRUSTWATCH_DIGEST_EMPTY": "maybe"},
			[]string{`TRUSTWATCH_DIGEST_EMPTY="maybe": set it to true or false`}},
		{"bad since", []string{"digest", "--since", "yesterday"}, nil, []string{"want a duration such as 24h, 90m or 7d"}},
		{"arguments", []string{"digest", "now"}, nil, []string{"digest takes no arguments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), tt.args, envOf(tt.env), &out, &errb)
			if exitCode(err) != 2 {
				t.Fatalf("run(%q) = %v (exit %d); want exit 2", tt.args, err, exitCode(err))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("run(%q) = %v; want %q", tt.args, err, w)
				}
			}
		})
	}
}

func TestParseSince(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"24h", 24 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"7d", 7 * 24 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{"0h", 0, false},
		{"d", 0, false},
		{"xd", 0, false},
		{"-2h", 0, false},
		{"3 days", 0, false},
	}
	for _, tt := range tests {
		got, err := parseSince(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseSince(%q) = %v, %v; want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestServeDigestEmpty: serve reads TRUSTWATCH_DIGEST_EMPTY as `digest
// --post` does: true posts "nothing new" for a slot with nothing (here, an
// empty corpus); false or unset posts nothing and records the slot done.
func TestServeDigestEmpty(t *testing.T) {
	for _, tt := range []struct {
		name, value string
		want        digest.Status
	}{
		{"true", "true", digest.StatusPosted},
		{"false", "false", digest.StatusNothing},
		{"unset", "", digest.StatusNothing},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake := slackfake.New(t)
			expr, tz, _ := slotEarlierToday(t)
			const channel = "C0EMPTY"
			s := startServe(t, slackEnv(t, fake, map[string]string{
				"TRUSTWATCH_CORPUS":          t.TempDir(),
				"TRUSTWATCH_DIGEST_CHANNEL":  channel,
				"TRUSTWATCH_DIGEST_SCHEDULE": expr,
				"TRUSTWATCH_TIMEZONE":        tz,
				"TRUSTWATCH_DIGEST_EMPTY":    tt.value,
			}))
			if o := s.events.digestTo(t, channel); o.Status != tt.want {
				t.Fatalf("digest to %s with nothing new: %s (%v); want %s (TRUSTWATCH_DIGEST_EMPTY=%q)", channel, o.Status, o.Err, tt.want, tt.value)
			}
			// The outcome comes after the post: what was posted is known.
			var posts []slackfake.Call
			for _, c := range fake.CallsTo("chat.postMessage") {
				if c.Channel == channel {
					posts = append(posts, c)
				}
			}
			switch {
			case tt.want == digest.StatusPosted && (len(posts) != 1 || !strings.Contains(posts[0].Text+string(posts[0].Blocks), "Nothing new")):
				t.Errorf("posts to %s: %+v; want one \"Nothing new\" (TRUSTWATCH_DIGEST_EMPTY=%q)", channel, posts, tt.value)
			case tt.want == digest.StatusNothing && len(posts) != 0:
				t.Errorf("posts to %s: %+v; want none (TRUSTWATCH_DIGEST_EMPTY=%q)", channel, posts, tt.value)
			}
			s.stop(t)
		})
	}
}

// TestDigestAppliesCorrections: `digest` (whose Digester serve shares,
// newDigester) reads the quotations with the corrections in the state
// applied: a corrected speaker shows, one not a statement is left out.
func TestDigestAppliesCorrections(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := envOf(map[string]string{"TRUSTWATCH_INDEX": filepath.Join(dir, "index")})
	digestOf := func() digest.Digest {
		var out, errb bytes.Buffer
		if err := run(ctx, []string{"digest", "--json", "--since", "7d"}, env, &out, &errb); err != nil {
			t.Fatalf("digest --json = %v; stderr:\n%s", err, errb.String())
		}
		var d digest.Digest
		if err := json.Unmarshal(out.Bytes(), &d); err != nil {
			t.Fatalf("digest --json printed %s: %v", out.String(), err)
		}
		return d
	}
	before := digestOf()
	if len(before.Vendors) == 0 || len(before.Vendors[0].Quotes) < 2 {
		t.Fatalf("digest = %+v; want a vendor with two quotations or more", before)
	}
	qs := before.Vendors[0].Quotes
	const name = "Ilse Marrowgate" // invented
	store := bot.NewStore(filepath.Join(dir, bot.StateFile), bot.StoreOptions{})
	for i, c := range []bot.Correction{{Kind: bot.FixSpeaker, Speaker: name}, {Kind: bot.FixNotStatement}} {
		c.ID, c.Quote, c.By, c.At = fmt.Sprint("c", i), qs[i].Ref(), "U0FIXER", time.Now()
		if _, err := store.AddCorrection(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	after := digestOf()
	var speakers, texts []string
	for _, v := range after.Vendors {
		for _, q := range v.Quotes {
			speakers, texts = append(speakers, q.Speaker), append(texts, q.Text)
		}
	}
	if after.Quotes != before.Quotes-1 || slices.Contains(texts, qs[1].Text) {
		t.Errorf("digest after the corrections: %d quotations (before %d); want the one not a statement gone: %q", after.Quotes, before.Quotes, texts)
	}
	if !slices.Contains(speakers, name) {
		t.Errorf("digest after the corrections: speakers %q; want %q", speakers, name)
	}
}
