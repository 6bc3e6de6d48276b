package slackfake_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

func modalView(title string, n int) slack.ModalViewRequest {
	var blocks []slack.Block
	for range n {
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "x", false, false), nil, nil))
	}
	return slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject("plain_text", title, false, false),
		Blocks: slack.Blocks{BlockSet: blocks}, CallbackID: "cb", PrivateMetadata: "meta"}
}

// triggerOf sends a choice in an overflow menu as user and returns its trigger_id.
func triggerOf(t *testing.T, fake *slackfake.Server, user string) string {
	t.Helper()
	id := fake.SendOverflowAction(slackfake.OverflowAction{UserID: user,
		Menu:   slackfake.Overflow{ActionID: "menu", BlockID: "b1"},
		Option: slackfake.MenuOption{Text: "Wrong speaker", Value: "speaker:x"}})
	raw, ok := fake.Envelope(id)
	if !ok {
		t.Fatalf("no envelope %s", id)
	}
	var env struct {
		Payload struct {
			Type      string `json:"type"`
			TriggerID string `json:"trigger_id"`
			Actions   []struct {
				Type           string `json:"type"`
				ActionID       string `json:"action_id"`
				SelectedOption struct {
					Value string `json:"value"`
				} `json:"selected_option"`
			} `json:"actions"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	p := env.Payload
	if p.Type != "block_actions" || len(p.Actions) != 1 || p.Actions[0].Type != "overflow" || p.Actions[0].SelectedOption.Value != "speaker:x" {
		t.Fatalf("overflow envelope = %s; want block_actions with the overflow's selected_option", raw)
	}
	return p.TriggerID
}

// TestViewsOpen: views.open takes a trigger the fake handed out, once, and
// a modal within Block Kit's limits, and records it for the user who
// clicked.
func TestViewsOpen(t *testing.T) {
	fake := slackfake.New(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	ctx := context.Background()

	tid := triggerOf(t, fake, "U0CLICK")
	for _, tc := range []struct {
		name string
		view slack.ModalViewRequest
	}{
		{"a title over 24 characters", modalView(strings.Repeat("t", 25), 1)},
		{"no blocks", modalView("Fine", 0)},
		{"over 100 blocks", modalView("Fine", 101)},
		{"not a modal", slack.ModalViewRequest{Type: slack.VTHomeTab, Title: modalView("Fine", 1).Title, Blocks: modalView("Fine", 1).Blocks}},
		{"an input without submit", func() slack.ModalViewRequest {
			v := modalView("Fine", 1)
			v.Blocks.BlockSet = append(v.Blocks.BlockSet, slack.NewInputBlock("in", slack.NewTextBlockObject("plain_text", "Name", false, false), nil,
				slack.NewPlainTextInputBlockElement(nil, "value")))
			return v
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := api.OpenViewContext(ctx, tid, tc.view); err == nil || !strings.Contains(err.Error(), "invalid_arguments") {
				t.Errorf("OpenView error = %v; want invalid_arguments", err)
			}
		})
	}
	if n := len(fake.OpenedViews()); n != 0 {
		t.Fatalf("%d modals recorded after refusals; want 0", n)
	}

	resp, err := api.OpenViewContext(ctx, tid, modalView("Wrong speaker", 100))
	if err != nil {
		t.Fatalf("OpenView: %v", err)
	}
	if resp.View.ID == "" || resp.View.Hash == "" || resp.View.CallbackID != "cb" || resp.View.PrivateMetadata != "meta" {
		t.Errorf("answer view = %+v; want an id, a hash and the view's callback_id and private_metadata", resp.View)
	}
	got := fake.OpenedViews()
	if len(got) != 1 || got[0].UserID != "U0CLICK" || got[0].ID != resp.View.ID || got[0].Title != "Wrong speaker" {
		t.Fatalf("opened = %+v; want one modal for U0CLICK", got)
	}
	if _, err := api.OpenViewContext(ctx, tid, modalView("Again", 1)); err == nil || !strings.Contains(err.Error(), "exchanged_trigger_id") {
		t.Errorf("a trigger used twice: %v; want exchanged_trigger_id", err)
	}
	if _, err := api.OpenViewContext(ctx, "1.2.made-up", modalView("Fine", 1)); err == nil || !strings.Contains(err.Error(), "invalid_trigger_id") {
		t.Errorf("an unknown trigger: %v; want invalid_trigger_id", err)
	}

	// Its submission carries the modal and the values given, in the docs' shape.
	id := fake.SendViewSubmission(slackfake.ViewSubmission{View: got[0], Values: map[string]map[string]any{"in": {"value": slackfake.PlainTextValue("Bo Lind")}}})
	raw, _ := fake.Envelope(id)
	var env struct {
		Type    string                    `json:"type"`
		Payload slack.InteractionCallback `json:"payload"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	cb := env.Payload
	if env.Type != "interactive" || cb.Type != slack.InteractionTypeViewSubmission || cb.User.ID != "U0CLICK" || cb.View.ID != got[0].ID ||
		cb.View.CallbackID != "cb" || cb.View.PrivateMetadata != "meta" || cb.View.State == nil || cb.View.State.Values["in"]["value"].Value != "Bo Lind" {
		t.Errorf("view_submission = %s; want the modal's id, callback_id, private_metadata and state.values", raw)
	}
}

// TestOverflowLimits: a message whose overflow menu breaks Block Kit's
// limits is refused, as Slack refuses it.
func TestOverflowLimits(t *testing.T) {
	fake := slackfake.New(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	opt := func(text, value string) *slack.OptionBlockObject {
		return slack.NewOptionBlockObject(value, slack.NewTextBlockObject("plain_text", text, false, false), nil)
	}
	for _, tc := range []struct {
		name string
		opts []*slack.OptionBlockObject
		ok   bool
	}{
		{"four options", []*slack.OptionBlockObject{opt("a", "1"), opt("b", "2"), opt("c", "3"), opt("d", "4")}, true},
		{"one option", []*slack.OptionBlockObject{opt("a", "1")}, false},
		{"six options", []*slack.OptionBlockObject{opt("a", "1"), opt("b", "2"), opt("c", "3"), opt("d", "4"), opt("e", "5"), opt("f", "6")}, false},
		{"a value over 150", []*slack.OptionBlockObject{opt("a", strings.Repeat("v", 151)), opt("b", "2")}, false},
		{"a text over 75", []*slack.OptionBlockObject{opt(strings.Repeat("t", 76), "1"), opt("b", "2")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sec := slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "a quotation", false, false), nil,
				slack.NewAccessory(slack.NewOverflowBlockElement("menu", tc.opts...)))
			_, _, err := api.PostMessageContext(context.Background(), "C1", slack.MsgOptionBlocks(sec))
			if tc.ok && err != nil || !tc.ok && (err == nil || !strings.Contains(err.Error(), "invalid_blocks")) {
				t.Errorf("post = %v; want ok %v (invalid_blocks otherwise)", err, tc.ok)
			}
		})
	}
	msgs := fake.CallsTo("chat.postMessage")
	if menus := slackfake.Overflows(msgs[0].Blocks); len(menus) != 1 || len(menus[0].Options) != 4 || menus[0].ActionID != "menu" || menus[0].Text != "a quotation" {
		t.Errorf("Overflows = %+v; want the one menu of four options", menus)
	}
}

// TestUserGroupUsers: usergroups.users.list answers a group's members, and
// no_such_subteam for a group it does not know.
func TestUserGroupUsers(t *testing.T) {
	fake := slackfake.New(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	fake.SetUserGroup("S0TEAM", "U1", "W2")
	users, err := api.GetUserGroupMembersContext(context.Background(), "S0TEAM")
	if err != nil || strings.Join(users, ",") != "U1,W2" {
		t.Errorf("members = %v, %v; want U1, W2", users, err)
	}
	if _, err := api.GetUserGroupMembersContext(context.Background(), "S0NONE"); err == nil || !strings.Contains(err.Error(), "no_such_subteam") {
		t.Errorf("unknown group: %v; want no_such_subteam", err)
	}
}
