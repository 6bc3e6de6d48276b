package slackfake_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// TestHistoryMetadata: conversations.history returns what was posted,
// newest first, in pages, between oldest and latest, with each message's
// metadata only when include_all_metadata is true.
func TestHistoryMetadata(t *testing.T) {
	fake := slackfake.New(t)
	api := apiClient(fake)
	md := slack.SlackMetadata{EventType: "trustwatch_digest", EventPayload: map[string]any{"slot": "s1"}}
	var ts []string
	for i, text := range []string{"one", "two", "three"} {
		opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
		if i == 1 {
			opts = append(opts, slack.MsgOptionMetadata(md))
		}
		_, t1, err := api.PostMessage("C1", opts...)
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, t1)
	}
	if _, _, err := api.PostMessage("C2", slack.MsgOptionText("elsewhere", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("a reply", false), slack.MsgOptionTS(ts[0])); err != nil {
		t.Fatal(err)
	}

	texts := func(msgs []slack.Message) []string {
		var out []string
		for _, m := range msgs {
			out = append(out, m.Text)
		}
		return out
	}
	tests := []struct {
		name     string
		params   slack.GetConversationHistoryParameters
		want     []string
		more     bool
		metadata bool // the second message shows its metadata
	}{
		{"all, newest first", slack.GetConversationHistoryParameters{}, []string{"three", "two", "one"}, false, false},
		{"with metadata", slack.GetConversationHistoryParameters{IncludeAllMetadata: true}, []string{"three", "two", "one"}, false, true},
		{"limit", slack.GetConversationHistoryParameters{Limit: 2}, []string{"three", "two"}, true, false},
		{"oldest, exclusive", slack.GetConversationHistoryParameters{Oldest: ts[0]}, []string{"three", "two"}, false, false},
		{"oldest, inclusive", slack.GetConversationHistoryParameters{Oldest: ts[0], Inclusive: true}, []string{"three", "two", "one"}, false, false},
		{"latest", slack.GetConversationHistoryParameters{Latest: ts[2]}, []string{"two", "one"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.params
			p.ChannelID = "C1"
			res, err := api.GetConversationHistoryContext(context.Background(), &p)
			if err != nil {
				t.Fatalf("conversations.history = %v", err)
			}
			if got := texts(res.Messages); !slices.Equal(got, tt.want) || res.HasMore != tt.more {
				t.Errorf("conversations.history(%+v) = %q (has_more %v); want %q (has_more %v)", p, got, res.HasMore, tt.want, tt.more)
			}
			for _, m := range res.Messages {
				has := m.Metadata.EventType != ""
				if want := tt.metadata && m.Text == "two"; has != want {
					t.Errorf("message %q metadata = %+v; want it shown: %v", m.Text, m.Metadata, want)
				}
				if has && m.Metadata.EventPayload["slot"] != "s1" {
					t.Errorf("metadata = %+v; want event_type trustwatch_digest, slot s1", m.Metadata)
				}
			}
		})
	}

	// The next page picks up where the first ended.
	res, err := api.GetConversationHistoryContext(context.Background(), &slack.GetConversationHistoryParameters{ChannelID: "C1", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err = api.GetConversationHistoryContext(context.Background(), &slack.GetConversationHistoryParameters{
		ChannelID: "C1", Limit: 2, Cursor: res.ResponseMetaData.NextCursor})
	if err != nil || !slices.Equal(texts(res.Messages), []string{"one"}) || res.HasMore {
		t.Errorf("second page = %q (has_more %v), %v; want [one]", texts(res.Messages), res.HasMore, err)
	}
	if _, err := api.GetConversationHistoryContext(context.Background(), &slack.GetConversationHistoryParameters{}); err == nil || err.Error() != "channel_not_found" {
		t.Errorf("conversations.history without a channel = %v; want channel_not_found", err)
	}
}

// TestAcceptThenHang: the post lands in the channel, and its answer never
// comes; Hang loses the post altogether.
func TestAcceptThenHang(t *testing.T) {
	fake := slackfake.New(t)
	fake.AcceptThenHang("chat.postMessage", 1)
	fake.Hang("chat.postMessage", 1)
	for _, text := range []string{"accepted", "lost"} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, _, err := apiClient(fake).PostMessageContext(ctx, "C1", slack.MsgOptionText(text, false))
		cancel()
		if err == nil {
			t.Fatalf("post %q answered; want no answer", text)
		}
	}
	calls := fake.CallsTo("chat.postMessage")
	if len(calls) != 2 || !calls[0].Hung || !calls[1].Hung {
		t.Fatalf("calls = %+v; want two hung posts", calls)
	}
	h := fake.History("C1")
	if len(h) != 1 || h[0].Text != "accepted" {
		t.Errorf("history = %+v; want the accepted post only", h)
	}
}
