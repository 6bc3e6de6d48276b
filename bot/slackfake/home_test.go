package slackfake_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

func homeView(n int) slack.HomeTabViewRequest {
	var blocks []slack.Block
	for i := range n {
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", strings.Repeat("x", i%5+1), false, false), nil, nil))
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

func TestViewsPublish(t *testing.T) {
	fake := slackfake.New(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	tests := []struct {
		name    string
		user    string
		view    slack.HomeTabViewRequest
		wantErr string
	}{
		{"one block", "U1", homeView(1), ""},
		{"a hundred blocks", "U1", homeView(100), ""},
		{"over a hundred blocks", "U1", homeView(101), "invalid_arguments"},
		{"no blocks", "U1", homeView(0), "invalid_arguments"},
		{"not a home view", "U1", slack.HomeTabViewRequest{Type: slack.VTModal, Blocks: homeView(1).Blocks}, "invalid_arguments"},
	}
	published := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := api.PublishViewContext(context.Background(), slack.PublishViewContextRequest{UserID: tt.user, View: tt.view})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("PublishView error = %v; want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("PublishView: %v", err)
			}
			published++
			if resp.View.Type != slack.VTHomeTab || resp.View.ID == "" || resp.View.Hash == "" || len(resp.View.Blocks.BlockSet) != len(tt.view.Blocks.BlockSet) {
				t.Errorf("answer view = %+v; want the home view published, with an id and a hash", resp.View)
			}
		})
	}
	views := fake.Views()
	if len(views) != published {
		t.Fatalf("%d views recorded; want %d", len(views), published)
	}
	if views[0].ID != views[len(views)-1].ID {
		t.Errorf("one user's views have ids %s and %s; want one id", views[0].ID, views[len(views)-1].ID)
	}
	if v, ok := fake.HomeView("U1"); !ok || !strings.Contains(string(v.View), `"type":"home"`) {
		t.Errorf("HomeView(U1) = %s, %v; want the last home view", v.View, ok)
	}
}

// TestHomeEnvelopesHaveSlacksShape reads the Home's envelopes as slack-go does.
func TestHomeEnvelopesHaveSlacksShape(t *testing.T) {
	fake := slackfake.New(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	if _, err := fake.SendHomeAction(slackfake.HomeAction{UserID: "U1"}); err == nil {
		t.Errorf("SendHomeAction before any view was published: no error")
	}
	if _, err := api.PublishView("U1", homeView(2), ""); err != nil {
		t.Fatal(err)
	}
	opened := fake.SendAppHomeOpened(slackfake.HomeOpened{UserID: "U1"})
	clicked, err := fake.SendHomeAction(slackfake.HomeAction{UserID: "U1",
		Action: slackfake.Action{ActionID: "home_subscribe", BlockID: "home_controls", Value: "subscribe"},
		State: map[string]map[string]any{"home_pick": {
			"home_channel": slackfake.SelectedConversation("C1"),
			"home_vendors": slackfake.SelectedOptions("nimbus", "orbit"),
		}}})
	if err != nil {
		t.Fatal(err)
	}
	raw := func(id string) []byte { b, _ := fake.Envelope(id); return b }
	var ev struct {
		Type    string `json:"type"`
		Payload struct {
			Type  string `json:"type"`
			Event struct {
				Type string `json:"type"`
				User string `json:"user"`
				Tab  string `json:"tab"`
				View struct {
					ID   string `json:"id"`
					Type string `json:"type"`
				} `json:"view"`
			} `json:"event"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(raw(opened), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Type != "events_api" || ev.Payload.Type != "event_callback" || ev.Payload.Event.Type != "app_home_opened" ||
		ev.Payload.Event.User != "U1" || ev.Payload.Event.Tab != "home" || ev.Payload.Event.View.Type != "home" || ev.Payload.Event.View.ID == "" {
		t.Errorf("app_home_opened envelope = %s", raw(opened))
	}
	var env struct {
		Type    string                    `json:"type"`
		Payload slack.InteractionCallback `json:"payload"`
	}
	if err := json.Unmarshal(raw(clicked), &env); err != nil {
		t.Fatal(err)
	}
	cb := env.Payload
	if env.Type != "interactive" || cb.Type != slack.InteractionTypeBlockActions || cb.Container.Type != "view" ||
		cb.View.Type != slack.VTHomeTab || cb.Container.ViewID != cb.View.ID || cb.ResponseURL != "" || cb.Channel.ID != "" {
		t.Errorf("home block_actions envelope = %s", raw(clicked))
	}
	st := cb.View.State.Values["home_pick"]
	if st["home_channel"].SelectedConversation != "C1" || len(st["home_vendors"].SelectedOptions) != 2 ||
		st["home_vendors"].SelectedOptions[1].Value != "orbit" {
		t.Errorf("view state = %+v; want C1 and two vendors", cb.View.State)
	}
	if len(cb.ActionCallback.BlockActions) != 1 || cb.ActionCallback.BlockActions[0].ActionID != "home_subscribe" {
		t.Errorf("actions = %+v; want home_subscribe", cb.ActionCallback.BlockActions)
	}
}
