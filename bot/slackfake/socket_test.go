package slackfake_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// wait bounds every wait in these tests; on loopback everything takes milliseconds.
const wait = 10 * time.Second

// startClient runs a real slack-go Socket Mode client against fake until the test ends.
func startClient(t *testing.T, fake *slackfake.Server, opts ...socketmode.Option) *socketmode.Client {
	t.Helper()
	sm := socketmode.New(apiClient(fake), opts...)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sm.RunContext(ctx) }()
	t.Cleanup(func() { // runs before fake.Close, which New registered earlier
		cancel()
		select {
		case <-done:
		case <-time.After(wait):
			t.Errorf("socketmode RunContext did not return %v after cancel", wait)
		}
	})
	return sm
}

func apiClient(fake *slackfake.Server) *slack.Client {
	return slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()), slack.OptionAppLevelToken(fake.AppToken()))
}

// next returns the client's next event of type typ, skipping the others.
func next(t *testing.T, sm *socketmode.Client, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case ev := <-sm.Events:
			if ev.Type == typ {
				return ev
			}
		case <-timer.C:
			t.Fatalf("no %s event from socketmode in %v", typ, wait)
		}
	}
}

// ack acknowledges ev the way the bot does.
func ack(t *testing.T, sm *socketmode.Client, ev socketmode.Event, payload ...any) {
	t.Helper()
	if err := sm.Ack(*ev.Request, payload...); err != nil {
		t.Fatalf("Ack(%s) = %v", ev.Request.EnvelopeID, err)
	}
}

func TestHelloConnects(t *testing.T) {
	fake := slackfake.New(t)
	sm := startClient(t, fake)

	connected := next(t, sm, socketmode.EventTypeConnected)
	if ce, ok := connected.Data.(*socketmode.ConnectedEvent); !ok || ce.ConnectionCount != 0 {
		t.Errorf("connected event data = %#v; want ConnectionCount 0", connected.Data)
	}
	hello := next(t, sm, socketmode.EventTypeHello)
	if hello.Request.NumConnections != 1 || hello.Request.ConnectionInfo.AppID != slackfake.AppID {
		t.Errorf("hello = %+v; want num_connections 1, app_id %s", hello.Request, slackfake.AppID)
	}
	if err := fake.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	if got := fake.CallsTo("apps.connections.open"); len(got) != 1 || got[0].Token != fake.AppToken() {
		t.Errorf("apps.connections.open calls = %+v; want one, with the app token", got)
	}
}

func TestSlashCommandAck(t *testing.T) {
	fake := slackfake.New(t)
	sm := startClient(t, fake)

	id := fake.SendSlashCommand(slackfake.SlashCommand{Text: "vendor aws", UserID: "U42", ChannelID: "C42"})
	ev := next(t, sm, socketmode.EventTypeSlashCommand)
	cmd, ok := ev.Data.(slack.SlashCommand)
	if !ok {
		t.Fatalf("slash command data = %T; want slack.SlashCommand", ev.Data)
	}
	want := slack.SlashCommand{Command: "/trust", Text: "vendor aws", UserID: "U42", UserName: slackfake.DefaultUserName,
		ChannelID: "C42", ChannelName: "c42", TeamID: slackfake.TeamID, TeamDomain: slackfake.TeamDomain,
		APIAppID: slackfake.AppID, Token: cmd.Token, TriggerID: cmd.TriggerID, ResponseURL: cmd.ResponseURL}
	if cmd != want {
		t.Errorf("slash command = %+v; want %+v", cmd, want)
	}
	if !strings.Contains(cmd.ResponseURL, "/response/") || cmd.TriggerID == "" {
		t.Errorf("response_url %q, trigger_id %q; want a fake response_url and a trigger id", cmd.ResponseURL, cmd.TriggerID)
	}
	if ev.Request.EnvelopeID != id || !ev.Request.AcceptsResponsePayload {
		t.Errorf("request = %+v; want envelope %s accepting a response payload", ev.Request, id)
	}

	ack(t, sm, ev, map[string]string{"text": "working on it"})
	got, err := fake.WaitAck(id, wait)
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != "slash_commands" || got.Latency <= 0 || got.Latency > 3*time.Second {
		t.Errorf("ack = %+v; want type slash_commands with a latency in (0, 3s]", got)
	}
	if string(got.Payload) != `{"text":"working on it"}` {
		t.Errorf("ack payload = %s; want the text sent", got.Payload)
	}

	// The answer goes to the response_url, as the bot sends it.
	_, _, err = apiClient(fake).PostMessage("", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeEphemeral),
		slack.MsgOptionText("AWS says…", false))
	if err != nil {
		t.Fatalf("post to response_url: %v", err)
	}
	posts, err := fake.WaitPosts(1, wait)
	if err != nil {
		t.Fatal(err)
	}
	if p := posts[0]; p.Method != slackfake.ResponseURLMethod || p.ResponseType != "ephemeral" || p.Text != "AWS says…" ||
		!strings.HasSuffix(cmd.ResponseURL, p.Path) {
		t.Errorf("response_url post = %+v; want an ephemeral AWS says… to %s", p, cmd.ResponseURL)
	}
}

func TestEventsAPI(t *testing.T) {
	fake := slackfake.New(t)
	sm := startClient(t, fake)
	mention := "<@" + slackfake.BotUserID + "> does AWS compete with its customers?"

	tests := []struct {
		name            string
		ev              slackfake.Event
		wantType        string
		wantChannel     string
		wantChannelType string
	}{
		{"mention", slackfake.Event{Text: mention}, "app_mention", slackfake.DefaultChannelID, ""},
		{"mention in thread", slackfake.Event{Text: mention, ThreadTS: "1700000000.000100", ChannelID: "C9"}, "app_mention", "C9", ""},
		{"direct message", slackfake.Event{Type: "message", Text: "vendor aws"}, "message", slackfake.DefaultDMChannelID, "im"},
		{"redelivered", slackfake.Event{Type: "message", Text: "hi", EventID: "Ev1", RetryAttempt: 1, RetryReason: "timeout"}, "message", slackfake.DefaultDMChannelID, "im"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fake.SendEvent(tt.ev)
			ev := next(t, sm, socketmode.EventTypeEventsAPI)
			ack(t, sm, ev)
			if _, err := fake.WaitAck(id, wait); err != nil {
				t.Fatal(err)
			}
			if ev.Request.RetryAttempt != tt.ev.RetryAttempt || ev.Request.RetryReason != tt.ev.RetryReason {
				t.Errorf("retry = %d %q; want %d %q", ev.Request.RetryAttempt, ev.Request.RetryReason, tt.ev.RetryAttempt, tt.ev.RetryReason)
			}
			outer := ev.Data.(slackevents.EventsAPIEvent)
			cb, ok := outer.Data.(*slackevents.EventsAPICallbackEvent)
			if !ok || cb.EventID == "" || (tt.ev.EventID != "" && cb.EventID != tt.ev.EventID) {
				t.Errorf("callback = %#v; want event_id %q", outer.Data, tt.ev.EventID)
			}
			if outer.InnerEvent.Type != tt.wantType {
				t.Fatalf("inner event type = %q; want %q", outer.InnerEvent.Type, tt.wantType)
			}
			var text, channel, channelType, threadTS string
			switch e := outer.InnerEvent.Data.(type) {
			case *slackevents.AppMentionEvent:
				text, channel, threadTS = e.Text, e.Channel, e.ThreadTimeStamp
			case *slackevents.MessageEvent:
				text, channel, channelType, threadTS = e.Text, e.Channel, e.ChannelType, e.ThreadTimeStamp
			default:
				t.Fatalf("inner event data = %T", e)
			}
			if text != tt.ev.Text || channel != tt.wantChannel || channelType != tt.wantChannelType || threadTS != tt.ev.ThreadTS {
				t.Errorf("event = text %q channel %q type %q thread %q; want %q %q %q %q",
					text, channel, channelType, threadTS, tt.ev.Text, tt.wantChannel, tt.wantChannelType, tt.ev.ThreadTS)
			}
		})
	}
}

func TestRedeliver(t *testing.T) {
	fake := slackfake.New(t)
	sm := startClient(t, fake)

	first := fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> hi"})
	ev1 := next(t, sm, socketmode.EventTypeEventsAPI)
	second, err := fake.Redeliver(first, "timeout")
	if err != nil {
		t.Fatal(err)
	}
	ev2 := next(t, sm, socketmode.EventTypeEventsAPI)
	id1 := ev1.Data.(slackevents.EventsAPIEvent).Data.(*slackevents.EventsAPICallbackEvent).EventID
	id2 := ev2.Data.(slackevents.EventsAPIEvent).Data.(*slackevents.EventsAPICallbackEvent).EventID
	if second == first || ev2.Request.EnvelopeID != second || id1 != id2 ||
		ev2.Request.RetryAttempt != 1 || ev2.Request.RetryReason != "timeout" {
		t.Errorf("redelivery = envelope %s event %s retry %d %q; want a new envelope, event %s, retry 1 timeout",
			ev2.Request.EnvelopeID, id2, ev2.Request.RetryAttempt, ev2.Request.RetryReason, id1)
	}
}

func TestInteractiveBlockActions(t *testing.T) {
	fake := slackfake.New(t)
	sm := startClient(t, fake)

	id := fake.SendInteractive(slackfake.BlockActions{UserID: "U7", ChannelID: "C7", Ephemeral: true,
		Actions: []slackfake.Action{{ActionID: "share", Value: "answer-123"}}})
	ev := next(t, sm, socketmode.EventTypeInteractive)
	cb, ok := ev.Data.(slack.InteractionCallback)
	if !ok {
		t.Fatalf("interactive data = %T; want slack.InteractionCallback", ev.Data)
	}
	ack(t, sm, ev)
	if _, err := fake.WaitAck(id, wait); err != nil {
		t.Fatal(err)
	}
	if cb.Type != slack.InteractionTypeBlockActions || cb.User.ID != "U7" || cb.Channel.ID != "C7" ||
		!cb.Container.IsEphemeral || !strings.Contains(cb.ResponseURL, "/response/") {
		t.Errorf("callback = type %q user %q channel %q ephemeral %v response_url %q",
			cb.Type, cb.User.ID, cb.Channel.ID, cb.Container.IsEphemeral, cb.ResponseURL)
	}
	if acts := cb.ActionCallback.BlockActions; len(acts) != 1 || acts[0].ActionID != "share" || acts[0].Value != "answer-123" ||
		acts[0].Type != "button" {
		t.Errorf("actions = %+v; want one share button with value answer-123", acts)
	}
}

func TestSendRaw(t *testing.T) {
	fake := slackfake.New(t)
	sm := startClient(t, fake)

	fixture, err := os.ReadFile(filepath.Join("..", "testdata", "slash_commands_envelope_python_sdk.json"))
	if err != nil {
		t.Fatal(err)
	}
	id := fake.SendRaw(fixture)
	ev := next(t, sm, socketmode.EventTypeSlashCommand)
	if cmd := ev.Data.(slack.SlashCommand); id != "1d3c79ab-0ffb-41f3-a080-d19e85f53649" || cmd.Command != "/hello-socket-mode" {
		t.Errorf("SendRaw(fixture) = %q, command %q; want the fixture's envelope and command", id, cmd.Command)
	}
	ack(t, sm, ev)
	if a, err := fake.WaitAck(id, wait); err != nil || a.Type != "slash_commands" {
		t.Errorf("WaitAck(%s) = %+v, %v; want the slash command's ack", id, a, err)
	}

	// An envelope type slack-go does not know is reported, not acked, and the connection lives on.
	fake.SendRaw([]byte(`{"envelope_id":"e-unknown","type":"brand_new_type","payload":{}}`))
	bad := next(t, sm, socketmode.EventTypeErrorBadMessage)
	if e := bad.Data.(*socketmode.ErrorBadMessage); !strings.Contains(e.Cause.Error(), "brand_new_type") {
		t.Errorf("bad message cause = %v; want it to name the type", e.Cause)
	}
	fake.SendEvent(slackfake.Event{Text: "still there?"})
	next(t, sm, socketmode.EventTypeEventsAPI)
	if n := fake.Connections(); n != 1 {
		t.Errorf("Connections() = %d; want 1", n)
	}
}

func TestReconnect(t *testing.T) {
	tests := []struct {
		name string
		opts []socketmode.Option
		fake []slackfake.Option
		cut  func(*slackfake.Server) error
	}{
		{name: "refresh requested", cut: func(f *slackfake.Server) error { return f.Disconnect("refresh_requested") }},
		{name: "warning", cut: func(f *slackfake.Server) error { return f.Disconnect("warning") }},
		{name: "link disabled", cut: func(f *slackfake.Server) error { return f.Disconnect("link_disabled") }},
		{name: "too many websockets", cut: func(f *slackfake.Server) error { return f.Disconnect("too_many_websockets") }},
		{name: "unknown reason", cut: func(f *slackfake.Server) error { return f.Disconnect("maintenance") }},
		{name: "dropped", cut: (*slackfake.Server).DropConnection},
		{
			name: "no pings",
			opts: []socketmode.Option{socketmode.OptionPingInterval(300 * time.Millisecond)},
			fake: []slackfake.Option{slackfake.WithPingInterval(50 * time.Millisecond)},
			cut:  func(f *slackfake.Server) error { f.StopPings(); return nil },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := slackfake.New(t, tt.fake...)
			sm := startClient(t, fake, tt.opts...)
			next(t, sm, socketmode.EventTypeHello)

			if err := tt.cut(fake); err != nil {
				t.Fatal(err)
			}
			// Sent while the client is between connections: it must arrive on the next one.
			id := fake.SendSlashCommand(slackfake.SlashCommand{Text: "after"})
			if err := fake.WaitConnections(2, wait); err != nil {
				t.Fatal(err)
			}
			fake.StartPings()
			ev := next(t, sm, socketmode.EventTypeSlashCommand)
			if ev.Request.EnvelopeID != id {
				t.Errorf("envelope after reconnect = %s; want %s", ev.Request.EnvelopeID, id)
			}
			ack(t, sm, ev)
			if _, err := fake.WaitAck(id, wait); err != nil {
				t.Fatal(err)
			}
			if n := len(fake.CallsTo("apps.connections.open")); n < 2 {
				t.Errorf("apps.connections.open called %d times; want a second call to reconnect", n)
			}
		})
	}
}

func TestConnectionsOpenBackoff(t *testing.T) {
	fake := slackfake.New(t)
	fake.FailNext("apps.connections.open", 2, "internal_error")
	fake.RateLimit("apps.connections.open", 1, 0)
	sm := startClient(t, fake)

	for range 3 {
		ev := next(t, sm, socketmode.EventTypeConnectionError)
		if _, ok := ev.Data.(*slack.ConnectionErrorEvent); !ok {
			t.Fatalf("connection error data = %T", ev.Data)
		}
	}
	if err := fake.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	calls := fake.CallsTo("apps.connections.open")
	var got []string
	for _, c := range calls {
		got = append(got, c.Error)
	}
	if strings.Join(got, ",") != "internal_error,internal_error,ratelimited," {
		t.Errorf("apps.connections.open errors = %q; want two internal_error, a ratelimited, then success", got)
	}
}

func TestInvalidAppToken(t *testing.T) {
	fake := slackfake.New(t)
	sm := socketmode.New(slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()), slack.OptionAppLevelToken("xapp-wrong")))
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	go func() { // drain, so RunContext never blocks on its events channel
		for {
			select {
			case <-sm.Events:
			case <-ctx.Done():
				return
			}
		}
	}()
	err := sm.RunContext(ctx)
	var slackErr slack.SlackErrorResponse
	if !errors.As(err, &slackErr) || slackErr.Err != "invalid_auth" {
		t.Errorf("RunContext with a wrong app token = %v; want invalid_auth", err)
	}
}

func TestAckPayloadJSON(t *testing.T) {
	fake := slackfake.New(t)
	sm := startClient(t, fake)

	id := fake.SendSlashCommand(slackfake.SlashCommand{})
	ev := next(t, sm, socketmode.EventTypeSlashCommand)
	blocks := []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "Book of Hours", false, false), nil, nil)}
	ack(t, sm, ev, map[string]any{"blocks": blocks})
	a, err := fake.WaitAck(id, wait)
	if err != nil {
		t.Fatal(err)
	}
	var payload struct {
		Blocks []struct {
			Type string `json:"type"`
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(a.Payload, &payload); err != nil || len(payload.Blocks) != 1 || payload.Blocks[0].Text.Text != "Book of Hours" {
		t.Errorf("ack payload = %s (%v); want one section with Book of Hours", a.Payload, err)
	}
	if acks := fake.Acks(); len(acks) != 1 || acks[0].EnvelopeID != id {
		t.Errorf("Acks() = %+v; want the one ack", acks)
	}
}
