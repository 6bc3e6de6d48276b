package slackfake_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

func TestAuthTest(t *testing.T) {
	fake := slackfake.New(t)
	tests := []struct {
		name    string
		token   string
		wantErr string
	}{
		{"bot token", fake.BotToken(), ""},
		{"wrong token", "xoxb-wrong", "invalid_auth"},
		{"app token", fake.AppToken(), "not_allowed_token_type"},
		{"no token", "", "not_authed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := slack.New(tt.token, slack.OptionAPIURL(fake.URL())).AuthTest()
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("AuthTest() error = %v; want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("AuthTest() = %v", err)
			}
			if resp.UserID != slackfake.BotUserID || resp.TeamID != slackfake.TeamID || resp.BotID != slackfake.BotID {
				t.Errorf("AuthTest() = %+v; want the fake bot", resp)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	fake := slackfake.New(t)
	api := apiClient(fake)
	fake.RateLimit("chat.postMessage", 1, 7)

	_, _, err := api.PostMessage("C1", slack.MsgOptionText("first", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Fatalf("PostMessage while rate limited = %v; want RateLimitedError after 7s", err)
	}
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("again", false)); err != nil {
		t.Fatalf("PostMessage after the rate limit = %v", err)
	}

	calls, err := fake.WaitCalls("chat.postMessage", 2, wait)
	if err != nil {
		t.Fatal(err)
	}
	if calls[0].Status != 429 || calls[0].Error != "ratelimited" || calls[1].Status != 200 || !calls[1].OK {
		t.Errorf("calls = %d %q, %d %v; want 429 ratelimited, then 200 ok", calls[0].Status, calls[0].Error, calls[1].Status, calls[1].OK)
	}
	if posts := fake.Posts(); len(posts) != 1 || posts[0].Text != "again" {
		t.Errorf("Posts() = %+v; want only the accepted post", posts)
	}
}

func TestPostMessageRecordsBlocks(t *testing.T) {
	fake := slackfake.New(t)
	api := apiClient(fake)
	blocks := []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*AWS* acknowledges coopetition", false, false), nil, nil),
		slack.NewDividerBlock(),
	}

	channel, ts, err := api.PostMessage("C1", slack.MsgOptionText("fallback", false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionTS("1700000000.000100"))
	if err != nil {
		t.Fatalf("PostMessage() = %v", err)
	}
	if channel != "C1" || ts == "" {
		t.Errorf("PostMessage() = %q, %q; want C1 and a timestamp", channel, ts)
	}
	posts, err := fake.WaitPosts(1, wait)
	if err != nil {
		t.Fatal(err)
	}
	p := posts[0]
	want, _ := json.Marshal(blocks)
	if p.Method != "chat.postMessage" || p.Channel != "C1" || p.Text != "fallback" || p.ThreadTS != "1700000000.000100" ||
		string(p.Blocks) != string(want) || p.Token != fake.BotToken() {
		t.Errorf("post = %+v\nblocks %s; want C1 fallback in thread 1700000000.000100 with blocks %s", p, p.Blocks, want)
	}
}

func TestPostMessageOverLimits(t *testing.T) {
	fake := slackfake.New(t)
	api := apiClient(fake)
	section := func(n int) slack.Block {
		return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("é", n), false, false), nil, nil)
	}
	many := make([]slack.Block, 51)
	for i := range many {
		many[i] = slack.NewDividerBlock()
	}
	tests := []struct {
		name    string
		opts    []slack.MsgOption
		wantErr string
	}{
		{"3000 characters", []slack.MsgOption{slack.MsgOptionBlocks(section(3000))}, ""},
		{"3001 characters", []slack.MsgOption{slack.MsgOptionBlocks(section(3001))}, "invalid_blocks"},
		{"51 blocks", []slack.MsgOption{slack.MsgOptionBlocks(many...)}, "invalid_blocks"},
		{"nothing to show", nil, "no_text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := api.PostMessage("C1", tt.opts...)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("PostMessage() error = %q; want %q", got, tt.wantErr)
			}
		})
	}
}

func TestConversationsReplies(t *testing.T) {
	fake := slackfake.New(t)
	api := apiClient(fake)
	fake.SetReplies("C1", "1700000000.000100", slackfake.Message{User: "U1", Text: "Does Microsoft train on our data?"})

	// The bot answers in the thread; the answer joins it.
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("answer", false), slack.MsgOptionTS("1700000000.000100")); err != nil {
		t.Fatal(err)
	}
	msgs, _, _, err := api.GetConversationReplies(&slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: "1700000000.000100"})
	if err != nil {
		t.Fatalf("GetConversationReplies() = %v", err)
	}
	if len(msgs) != 2 || msgs[0].Text != "Does Microsoft train on our data?" || msgs[0].User != "U1" ||
		msgs[0].Timestamp != "1700000000.000100" || msgs[1].Text != "answer" || msgs[1].BotID != slackfake.BotID {
		t.Errorf("replies = %+v; want the parent then the bot's answer", msgs)
	}

	_, _, _, err = api.GetConversationReplies(&slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: "1.2"})
	if err == nil || err.Error() != "thread_not_found" {
		t.Errorf("replies of an unknown thread: error = %v; want thread_not_found", err)
	}
}

func TestOtherMethods(t *testing.T) {
	fake := slackfake.New(t)
	api := apiClient(fake)

	user, err := api.GetUserInfo("U1")
	if err != nil || user.ID != "U1" || user.Name == "" {
		t.Errorf("GetUserInfo(U1) = %+v, %v; want a user", user, err)
	}
	if _, err := api.PostEphemeral("C1", "U1", slack.MsgOptionText("only you", false)); err != nil {
		t.Errorf("PostEphemeral() = %v", err)
	}
	if _, _, _, err := api.UpdateMessage("C1", "1700000000.000100", slack.MsgOptionText("edited", false)); err != nil {
		t.Errorf("UpdateMessage() = %v", err)
	}
	if err := api.AddReaction("eyes", slack.NewRefToMessage("C1", "1700000000.000100")); err != nil {
		t.Errorf("AddReaction() on a method the fake does not model = %v; want ok", err)
	}
	var methods []string
	for _, c := range fake.Calls() {
		methods = append(methods, c.Method)
	}
	if got := strings.Join(methods, " "); got != "users.info chat.postEphemeral chat.update reactions.add" {
		t.Errorf("calls = %s", got)
	}
	if posts := fake.Posts(); len(posts) != 1 || posts[0].User != "U1" {
		t.Errorf("Posts() = %+v; want the ephemeral post to U1", posts)
	}
}

func TestResponseURLRateLimited(t *testing.T) {
	fake := slackfake.New(t)
	url := fake.NewResponseURL()
	fake.RateLimit(slackfake.ResponseURLMethod, 1, 1)

	err := slack.PostWebhook(url, &slack.WebhookMessage{Text: "shared", ResponseType: "in_channel", ReplaceOriginal: true})
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("PostWebhook while rate limited = %v; want RateLimitedError after 1s", err)
	}
	if err := slack.PostWebhook(url, &slack.WebhookMessage{Text: "shared", ResponseType: "in_channel", ReplaceOriginal: true}); err != nil {
		t.Fatal(err)
	}
	posts, err := fake.WaitPosts(1, wait)
	if err != nil {
		t.Fatal(err)
	}
	if p := posts[0]; p.ResponseType != "in_channel" || !p.ReplaceOriginal || p.Text != "shared" {
		t.Errorf("response_url post = %+v; want shared in_channel, replacing the original", p)
	}
}
