package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/trustwatch/trustwatch/bot/digest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// homeHarness runs a bot on the sample corpus with a state folder.
func homeHarness(t *testing.T) (*harness, *Store) {
	t.Helper()
	dir := t.TempDir()
	store := NewStore(filepath.Join(dir, StateFile), StoreOptions{})
	h := start(t, sampleIndex(t), func(c *Config) { c.StateDir, c.Digest = dir, testDigest(t, sampleIndex(t), store) })
	return h, store
}

// testDigest is the digest cmd/trustwatch gives a bot: over ix, with
// its state in store, on the default schedule; it posts nothing here.
func testDigest(t *testing.T, ix *index.Index, store digest.Store) *digest.Digester {
	t.Helper()
	return &digest.Digester{Source: ix, Registry: ix.Registry(), Store: store,
		Schedule: mustSchedule(t, digest.DefaultSchedule, time.UTC)}
}

// viewText is a published view's blocks as JSON without \u003c escapes.
func viewText(v slackfake.PublishedView) string {
	return blocksJSON(slackfake.Call{Blocks: v.Blocks})
}

// waitView waits for the n-th published view.
func (h *harness) waitView(n int) slackfake.PublishedView {
	h.t.Helper()
	vs, err := h.fake.WaitViews(n, wait)
	if err != nil {
		h.t.Fatal(err)
	}
	return vs[n-1]
}

// topVendor is the sample corpus's most quoted vendor.
func topVendor(t *testing.T) index.VendorCount {
	t.Helper()
	st, err := sampleIndex(t).Stats(context.Background())
	if err != nil || len(st.Vendors) == 0 {
		t.Fatalf("Stats = %+v, %v", st, err)
	}
	top := st.Vendors[0]
	for _, v := range st.Vendors {
		if v.Quotes > top.Quotes {
			top = v
		}
	}
	return top
}

func TestHomeOpenedPublishesView(t *testing.T) {
	h, store := homeHarness(t)
	if _, err := store.Subscribe(context.Background(), "C0NEWS", []string{topVendor(t).ID}, "U0ADA"); err != nil {
		t.Fatal(err)
	}
	h.fake.SendAppHomeOpened(slackfake.HomeOpened{UserID: "U0ADA"})
	v := h.waitView(1)
	if v.UserID != "U0ADA" {
		t.Errorf("view published for %q; want U0ADA", v.UserID)
	}
	got := viewText(v)
	for _, want := range []string{
		"How to ask", "`/trust QUESTION`", "mention <@" + slackfake.BotUserID + ">", "*Messages* tab", // how to ask
		"Most quoted this month", "*" + topVendor(t).Name + "*", "*Topics*", // this month's vendors and topics
		"Latest changes of position", "is on record for the first time", // the digest's changes
		"<#C0NEWS> — " + topVendor(t).Name, // subscriptions
		HomeChannelActionID, HomeVendorsActionID, HomeSubscribeActionID, HomeUnsubscribeActionID,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the Home tab lacks %q:\n%s", want, got)
		}
	}

	// The Messages tab opening publishes nothing.
	h.fake.SendAppHomeOpened(slackfake.HomeOpened{UserID: "U0ADA", Tab: "messages"})
	h.fake.SendAppHomeOpened(slackfake.HomeOpened{UserID: "U0BEA"})
	if v := h.waitView(2); v.UserID != "U0BEA" {
		t.Errorf("second view for %q; want U0BEA (the Messages tab needs none)", v.UserID)
	}
}

func TestHomeSubscriptionButtons(t *testing.T) {
	h, store := homeHarness(t)
	ctx := context.Background()
	top := topVendor(t)
	h.fake.SendAppHomeOpened(slackfake.HomeOpened{UserID: "U0ADA"})
	h.waitView(1)
	n := 1
	click := func(action, channel string, vendors ...string) string {
		t.Helper()
		state := map[string]any{}
		if channel != "" {
			state[HomeChannelActionID] = slackfake.SelectedConversation(channel)
		}
		if len(vendors) > 0 {
			state[HomeVendorsActionID] = slackfake.SelectedOptions(vendors...)
		}
		if _, err := h.fake.SendHomeAction(slackfake.HomeAction{UserID: "U0ADA",
			Action: slackfake.Action{ActionID: action, BlockID: homeControlsBlockID, Value: action},
			State:  map[string]map[string]any{homeControlsBlockID: state}}); err != nil {
			t.Fatal(err)
		}
		n++
		v := h.waitView(n)
		if v.UserID != "U0ADA" {
			t.Fatalf("view republished for %q; want the clicker", v.UserID)
		}
		return viewText(v)
	}
	subs := func() []Subscription {
		t.Helper()
		s, err := store.Subscriptions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	line := "• <#C0SUBS> — " + top.Name

	// Choosing in a select only changes the view's state: nothing is
	// published for it (the count of views is checked at the end).
	if _, err := h.fake.SendHomeAction(slackfake.HomeAction{UserID: "U0ADA",
		Action: slackfake.Action{ActionID: HomeVendorsActionID, BlockID: homeControlsBlockID, Type: "multi_static_select"}}); err != nil {
		t.Fatal(err)
	}
	got := click(HomeSubscribeActionID, "C0SUBS", top.ID)
	if s := subs(); len(s) != 1 || s[0].Channel != "C0SUBS" || len(s[0].Vendors) != 1 || s[0].Vendors[0] != top.ID || s[0].By != "U0ADA" {
		t.Errorf("after Subscribe, subscriptions = %+v; want C0SUBS for %s by U0ADA", s, top.ID)
	}
	if !strings.Contains(got, line) || !strings.Contains(got, "<#C0SUBS> will get the digest for "+top.Name) {
		t.Errorf("the republished Home tab does not show the subscription %q:\n%s", line, got)
	}

	got = click(HomeUnsubscribeActionID, "C0SUBS")
	if s := subs(); len(s) != 0 {
		t.Errorf("after Unsubscribe, subscriptions = %+v; want none", s)
	}
	if strings.Contains(got, line) || !strings.Contains(got, "<#C0SUBS> will no longer get the digest") {
		t.Errorf("the republished Home tab still shows the subscription, or does not say it ended:\n%s", got)
	}

	t.Run("no channel picked", func(t *testing.T) {
		if got := click(HomeSubscribeActionID, "", top.ID); !strings.Contains(got, "Pick a channel first") {
			t.Errorf("no sentence asking for a channel:\n%s", got)
		}
	})
	t.Run("unknown vendor", func(t *testing.T) {
		got := click(HomeSubscribeActionID, "C0SUBS", "<!channel> no-such-vendor")
		if !strings.Contains(got, "I do not know the vendor &lt;!channel&gt; no-such-vendor") || strings.Contains(got, "<!channel>") {
			t.Errorf("unknown vendor not refused with its name escaped:\n%s", got)
		}
		if s := subs(); len(s) != 0 {
			t.Errorf("subscriptions = %+v; want none", s)
		}
	})
	if got := len(h.fake.Views()); got != n {
		t.Errorf("%d views published; want %d, one per opening or button click", got, n)
	}
}

// hugeHome is a Home tab with 500 vendors, subscriptions and changes,
// names full of markup.
func hugeHome() HomeInfo {
	h := HomeInfo{Command: "/trust", BotUserID: "U0FAKEBOT", Month: true, CanSubscribe: true, DigestChannel: "C0DIGEST", MoreChanges: 3}
	for i := range 500 {
		name := fmt.Sprintf("Vendor <!channel> & %03d %s", i, strings.Repeat("long ", 30))
		h.Vendors = append(h.Vendors, VendorCount{ID: fmt.Sprintf("v%03d", i), Name: name, Quotes: 1000 - i})
		h.Choices = append(h.Choices, VendorCount{ID: fmt.Sprintf("v%03d", i), Name: name, Quotes: 1000 - i})
		h.Subscriptions = append(h.Subscriptions, HomeSubscription{Channel: fmt.Sprintf("C%05d", i), Vendors: []string{name, "Orbit <@U123>"}})
		h.Changes = append(h.Changes, digest.Change{Kind: digest.ChangeFirst, Vendor: "x", Name: name, Labels: []corpus.Label{corpus.TrustPriority}})
	}
	for _, t := range corpus.Topics {
		h.Topics = append(h.Topics, TopicCount{Topic: t, Quotes: 3})
	}
	h.Notice = Escape("<!here> done")
	return h
}

func TestRenderHomeWithinLimits(t *testing.T) {
	tests := []struct {
		name string
		info HomeInfo
		more []string
	}{
		{"empty", HomeInfo{}, nil},
		{"500 of everything", hugeHome(), []string{"… and 490 more vendors", "… and 498 more changes", "… and 461 more channels"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := RenderHome(tt.info)
			checkView(t, v)
			got, _ := json.Marshal(v)
			s := string(got)
			for _, m := range tt.more {
				if !strings.Contains(s, m) {
					t.Errorf("no %q line", m)
				}
			}
			if strings.Contains(s, "<!") || strings.Contains(s, "<@U123>") {
				t.Errorf("input markup reached the view: %s", s)
			}
		})
	}
}

// checkView checks a Home view against Block Kit's limits.
func checkView(t *testing.T, v slack.HomeTabViewRequest) {
	t.Helper()
	if v.Type != slack.VTHomeTab {
		t.Errorf("view type %q; want home", v.Type)
	}
	blocks := v.Blocks.BlockSet
	if len(blocks) == 0 || len(blocks) > maxViewBlocks {
		t.Errorf("%d blocks; want 1 to %d", len(blocks), maxViewBlocks)
	}
	for i, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			if b.Text == nil || b.Text.Text == "" || len(b.Text.Text) > maxSectionText {
				t.Errorf("block %d: section of %d bytes; want 1 to %d", i, len(b.Text.Text), maxSectionText)
			}
		case *slack.ContextBlock:
			if len(b.ContextElements.Elements) > maxContextItems {
				t.Errorf("block %d: %d context elements", i, len(b.ContextElements.Elements))
			}
		case *slack.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				if m, ok := e.(*slack.MultiSelectBlockElement); ok {
					if len(m.Options) > maxOptions {
						t.Errorf("block %d: %d options; want at most %d", i, len(m.Options), maxOptions)
					}
					for _, o := range m.Options {
						if len([]rune(o.Text.Text)) > maxOptionText || len(o.Value) > maxOptionValue {
							t.Errorf("option %q=%q over Slack's limits", o.Text.Text, o.Value)
						}
					}
				}
			}
		}
	}
}

func TestHomeWithFiveHundredSubscriptions(t *testing.T) {
	h, store := homeHarness(t)
	ctx := context.Background()
	for i := range 500 {
		if _, err := store.Subscribe(ctx, fmt.Sprintf("C%05d", i), nil, "U0ADA"); err != nil {
			t.Fatal(err)
		}
	}
	h.fake.SendAppHomeOpened(slackfake.HomeOpened{UserID: "U0ADA"})
	v := h.waitView(1) // the fake refuses a view over 100 blocks or Block Kit's limits
	if got := viewText(v); !strings.Contains(got, "… and 460 more channels") {
		t.Errorf("no \"… and 460 more channels\" line:\n%s", got)
	}
	// The fake records the view before the call's answer: wait for the call.
	if calls, err := h.fake.WaitCalls("views.publish", 1, 10*time.Second); err != nil || len(calls) != 1 || !calls[0].OK {
		t.Errorf("views.publish calls = %+v (%v); want one accepted", calls, err)
	}
}

// TestRenderHomeGolden pins the Home tab of the sample corpus; -update
// rewrites it.
func TestRenderHomeGolden(t *testing.T) {
	store := NewStore(filepath.Join(t.TempDir(), StateFile), StoreOptions{})
	b, err := New(Config{BotToken: "xoxb-x", AppToken: "xapp-x", Index: sampleIndex(t), Digest: testDigest(t, sampleIndex(t), store)})
	if err != nil {
		t.Fatal(err)
	}
	b.self.UserID = slackfake.BotUserID
	d, err := b.digester()
	if err != nil {
		t.Fatal(err)
	}
	info, err := b.homeInfo(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	v := RenderHome(info)
	checkView(t, v)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "home.golden.json")
	if updating() {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("RenderHome differs from %s (go test -update rewrites it):\n%s", path, buf.Bytes())
	}
}
