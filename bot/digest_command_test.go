package bot

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

func TestResolveVendors(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		args         string
		ids, unknown []string
	}{
		{"", nil, nil},
		{"acme", []string{"acme"}, nil},
		{"Acme Cloud", []string{"acme"}, nil},
		{"acme globex", []string{"acme", "globex"}, nil},
		{"Globex Corp, Umbrella Data", []string{"globex", "umbrella"}, nil},
		{"acme, Hank Scorpio", []string{"acme", "globex"}, nil},
		{"acme and globex", []string{"acme", "globex"}, nil},
		{"acme nosuchvendorxyz", []string{"acme"}, []string{"nosuchvendorxyz"}},
	}
	for _, tt := range tests {
		ids, unknown := resolveVendors(reg, strings.Fields(tt.args))
		if !slices.Equal(ids, tt.ids) || !slices.Equal(unknown, tt.unknown) {
			t.Errorf("resolveVendors(%q) = %v, %v; want %v, %v", tt.args, ids, unknown, tt.ids, tt.unknown)
		}
	}
}

var channelRefRE = regexp.MustCompile(`<#[CGD][A-Z0-9]+>`)

func TestRespond(t *testing.T) {
	ctx := context.Background()
	src := &fakeSource{}
	src.add(quote("acme", "Ada Quill", "acme words", corpus.TrustPriority))
	src.add(quote("globex", "Hank Scorpio", "globex words", corpus.NoCompetePledge))
	d := &digestView{Digester: newDigester(t, filepath.Join(t.TempDir(), StateFile), "0 9 * * 1-5", time.UTC, src, &recorder{}), command: "/trust"}
	say := func(channel, text string) string {
		t.Helper()
		f := strings.Fields(text)
		m, err := d.Respond(ctx, f[0], f[1:], channel, "U1")
		if err != nil {
			t.Fatalf("Respond(%q): %v", text, err)
		}
		shown := blocksText(t, m)
		if f[0] == "subscriptions" {
			// Channels the digest goes to are shown as Slack's references
			// to them, from ids Slack gave; nothing else.
			shown = channelRefRE.ReplaceAllStringFunc(shown, func(s string) string { return s[2 : len(s)-1] })
			if strings.Contains(shown, "<") {
				t.Errorf("subscriptions carries markup:\n%s", shown)
			}
			return shown
		}
		checkMessage(t, m, "")
		return shown
	}
	steps := []struct {
		channel, text string
		want          []string
		not           []string
	}{
		{"C2", "subscriptions", []string{"*The digest goes to*", "C1", "every vendor (the digest channel)"}, []string{"C2"}},
		{"C2", "digest", []string{"this channel gets no digest", "`/trust subscribe`", "acme words", "globex words"}, nil},
		{"C2", "subscribe nosuchvendorxyz", []string{"I do not know nosuchvendorxyz", "`/trust sources`"}, nil},
		{"C2", "subscribe globex", []string{"This channel will get the digest for Globex, next on", "`0 9 * * 1-5`"}, nil},
		{"C2", "digest", []string{"Preview of what the digest would post here now", "globex words"}, []string{"acme words"}},
		{"C2", "subscribe Acme Cloud", []string{"for Acme Cloud, Globex"}, nil},
		{"C2", "subscriptions", []string{"C1", "C2", "Acme Cloud, Globex"}, nil},
		{"C2", "unsubscribe acme", []string{"for Globex only"}, nil},
		{"C2", "unsubscribe", []string{"will no longer get the digest"}, nil},
		{"C2", "unsubscribe", []string{"was not subscribed"}, nil},
		{"C1", "subscribe acme", []string{"This channel is the digest channel"}, nil},
	}
	for _, s := range steps {
		got := say(s.channel, s.text)
		for _, w := range s.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s in %s:\n%s\nwant %q", s.text, s.channel, got, w)
			}
		}
		for _, w := range s.not {
			if strings.Contains(got, w) {
				t.Errorf("%s in %s:\n%s\nwant no %q", s.text, s.channel, got, w)
			}
		}
	}
}
