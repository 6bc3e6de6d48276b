package slackfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The App Home's fixtures in bot/testdata (see SOURCES.md there), read when first used so that
// a fake without them still starts.
const (
	fixtureAppHomeOpened = "events_api_app_home_opened_assembled.json"
	fixtureViewsPublish  = "views_publish_response_docs.json"
	fixtureHomeActions   = "interactive_block_actions_home_assembled.json"
)

// maxViewBlocks is Block Kit's limit on the blocks of a view (modal or Home tab).
const maxViewBlocks = 100

// maxViewBytes is views.publish's limit on a view's size ("view_too_large" beyond 250 kB).
const maxViewBytes = 250_000

// PublishedView is one view published with views.publish.
type PublishedView struct {
	ID     string          // the view id the fake gave it, the same for every view of one user
	UserID string          // user_id of the call
	Hash   string          // the hash the fake answered with
	View   json.RawMessage // the view as sent
	Blocks json.RawMessage // its blocks
}

// homeState is what the fake keeps of the Home tabs; guarded by Server.mu.
type homeState struct {
	views   []PublishedView
	viewIDs map[string]string // by user id
}

// Views returns every view published with views.publish, in order.
func (s *Server) Views() []PublishedView {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]PublishedView(nil), s.home.views...)
}

// WaitViews waits until at least n views were published and returns them all.
func (s *Server) WaitViews(n int, timeout time.Duration) ([]PublishedView, error) {
	var got []PublishedView
	ok := s.waitFor(timeout, func() bool {
		got = append([]PublishedView(nil), s.home.views...)
		return len(got) >= n
	})
	if !ok {
		return got, fmt.Errorf("slackfake: wait for %d published views: got %d in %v", n, len(got), timeout)
	}
	return got, nil
}

// HomeView returns the Home tab last published for user.
func (s *Server) HomeView(user string) (PublishedView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.home.views) - 1; i >= 0; i-- {
		if s.home.views[i].UserID == user {
			return s.home.views[i], true
		}
	}
	return PublishedView{}, false
}

// viewsPublish answers views.publish as Slack does: the view must be a JSON object of type
// "home" with 1 to 100 blocks within Block Kit's limits; the answer is the docs' success
// response with the view as published.
func (s *Server) viewsPublish(c Call) answer {
	user := c.Params.Get("user_id")
	raw := []byte(c.Params.Get("view"))
	if len(raw) == 0 { // a JSON body carries the view as an object, not a string
		var body struct {
			View json.RawMessage `json:"view"`
		}
		if json.Unmarshal(c.Body, &body) == nil {
			raw = body.View
		}
	}
	if user == "" {
		return invalidArguments("invalid `user_id`")
	}
	var v struct {
		Type            string          `json:"type"`
		Blocks          json.RawMessage `json:"blocks"`
		PrivateMetadata string          `json:"private_metadata"`
		CallbackID      string          `json:"callback_id"`
		ExternalID      string          `json:"external_id"`
	}
	if len(raw) == 0 {
		return invalidArguments("missing required field: view")
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return invalidArguments("failed to parse view: " + err.Error())
	}
	if len(raw) > maxViewBytes {
		return fail("view_too_large")
	}
	if v.Type != "home" {
		return invalidArguments("[ERROR] must be home [json-pointer:/view/type]")
	}
	var blocks []json.RawMessage
	if err := json.Unmarshal(v.Blocks, &blocks); err != nil || len(blocks) == 0 {
		return invalidArguments("[ERROR] missing required field: blocks [json-pointer:/view/blocks]")
	}
	var problems []string
	if len(blocks) > maxViewBlocks {
		problems = append(problems, fmt.Sprintf("[ERROR] no more than %d items allowed [json-pointer:/view/blocks]", maxViewBlocks))
	}
	for _, p := range checkBlocks(v.Blocks) {
		if !strings.HasSuffix(p, "[json-pointer:/blocks]") { // the 50 of a message is not a view's limit
			problems = append(problems, strings.Replace(p, "[json-pointer:/blocks", "[json-pointer:/view/blocks", 1))
		}
	}
	if len(problems) > 0 {
		return answer{"ok": false, "error": "invalid_arguments", "response_metadata": answer{"messages": problems}}
	}

	s.mu.Lock()
	if s.home.viewIDs == nil {
		s.home.viewIDs = map[string]string{}
	}
	id := s.home.viewIDs[user]
	if id == "" {
		s.seq++
		id = fmt.Sprintf("V0FAKE%06d", s.seq)
		s.home.viewIDs[user] = id
	}
	hash := s.nextTSLocked() + "." + randomHex(4)
	s.home.views = append(s.home.views, PublishedView{ID: id, UserID: user, Hash: hash,
		View: append(json.RawMessage(nil), raw...), Blocks: append(json.RawMessage(nil), v.Blocks...)})
	s.changedLocked()
	s.mu.Unlock()

	a := answer(s.fixtures.optional(fixtureViewsPublish))
	view := child(a, "view")
	view["id"], view["root_view_id"], view["team_id"], view["app_id"], view["bot_id"] = id, id, TeamID, AppID, BotID
	view["hash"], view["private_metadata"], view["callback_id"], view["external_id"] = hash, v.PrivateMetadata, v.CallbackID, v.ExternalID
	var published []any
	_ = json.Unmarshal(v.Blocks, &published) // checked above
	view["blocks"] = published
	return a
}

func invalidArguments(msg string) answer {
	return answer{"ok": false, "error": "invalid_arguments", "response_metadata": answer{"messages": []any{msg}}}
}

// HomeOpened is a user opening the app's Home tab, delivered as an app_home_opened event.
// Empty fields take the fake's defaults: the default user, tab "home", the default DM channel.
type HomeOpened struct {
	UserID    string
	Tab       string // "home" or "messages"
	ChannelID string
	EventID   string
	Conn      int // pins the envelope to one connection, as SlashCommand.Conn
}

// SendAppHomeOpened sends an events_api envelope with an app_home_opened event, in the shape
// of the event's documentation, and returns its envelope id. Like Slack, it carries the view
// last published for the user, if any.
func (s *Server) SendAppHomeOpened(h HomeOpened) string {
	user, channel := or(h.UserID, DefaultUserID), or(h.ChannelID, DefaultDMChannelID)
	m := s.fixtures.optional(fixtureAppHomeOpened)
	p := child(m, "payload")
	p["team_id"], p["api_app_id"] = TeamID, AppID
	p["event_id"] = or(h.EventID, "Ev"+strings.ToUpper(randomHex(5)))
	p["event_time"] = time.Now().Unix()
	p["event_context"] = "1-app_home_opened-" + TeamID + "-" + channel
	if auths, ok := p["authorizations"].([]any); ok && len(auths) > 0 {
		if a, ok := auths[0].(map[string]any); ok {
			a["team_id"], a["user_id"] = TeamID, BotUserID
		}
	}
	e := child(p, "event")
	e["user"], e["channel"], e["tab"] = user, channel, or(h.Tab, "home")
	e["event_ts"] = s.nextTS()
	if v, ok := s.HomeView(user); ok {
		view := child(e, "view")
		view["id"], view["root_view_id"], view["team_id"], view["app_installed_team_id"] = v.ID, v.ID, TeamID, TeamID
		view["app_id"], view["bot_id"], view["hash"] = AppID, BotID, v.Hash
		var blocks []any
		_ = json.Unmarshal(v.Blocks, &blocks)
		view["blocks"] = blocks
	} else {
		delete(e, "view") // "If they opened a Home tab and that tab has had a view published at least once before"
	}
	return s.send(m, h.Conn)
}

// HomeAction is a click in the Home tab: a block_actions payload from a view, whose container
// is the view and whose view carries the state of its inputs (no channel, no response_url).
type HomeAction struct {
	UserID   string
	UserName string
	Action   Action // the element acted on; BlockID defaults to "actions"
	// State is the view's state.values: block_id → action_id → value, as Slack sends it, e.g.
	// {"home_pick": {"home_channel": {"type": "conversations_select", "selected_conversation": "C1"}}}.
	// See SelectedConversation and SelectedOptions.
	State map[string]map[string]any
	Conn  int
}

// SelectedConversation is the state of a conversations_select.
func SelectedConversation(id string) map[string]any {
	return map[string]any{"type": "conversations_select", "selected_conversation": id}
}

// SelectedOptions is the state of a multi_static_select: its chosen options' values (their
// text is the value too).
func SelectedOptions(values ...string) map[string]any {
	opts := []any{}
	for _, v := range values {
		opts = append(opts, map[string]any{"text": map[string]any{"type": "plain_text", "text": v, "emoji": true}, "value": v})
	}
	return map[string]any{"type": "multi_static_select", "selected_options": opts}
}

// SendHomeAction sends an interactive envelope with a block_actions payload from the user's
// Home tab, which must have been published, and returns its envelope id.
func (s *Server) SendHomeAction(ha HomeAction) (string, error) {
	user, name := or(ha.UserID, DefaultUserID), or(ha.UserName, DefaultUserName)
	v, ok := s.HomeView(user)
	if !ok {
		return "", fmt.Errorf("slackfake: home action for %s: no Home tab was published for that user", user)
	}
	m := s.fixtures.optional(fixtureHomeActions)
	p := child(m, "payload")
	p["user"] = map[string]any{"id": user, "username": name, "name": name, "team_id": TeamID}
	p["api_app_id"] = AppID
	p["container"] = map[string]any{"type": "view", "view_id": v.ID}
	p["trigger_id"] = s.triggerID()
	p["team"] = map[string]any{"id": TeamID, "domain": TeamDomain}
	view := child(p, "view")
	view["id"], view["root_view_id"], view["team_id"], view["app_installed_team_id"] = v.ID, v.ID, TeamID, TeamID
	view["app_id"], view["bot_id"], view["hash"] = AppID, BotID, v.Hash
	var blocks []any
	_ = json.Unmarshal(v.Blocks, &blocks)
	view["blocks"] = blocks
	state := map[string]any{}
	for blockID, actions := range ha.State {
		inner := map[string]any{}
		for id, val := range actions {
			inner[id] = val
		}
		state[blockID] = inner
	}
	view["state"] = map[string]any{"values": state}

	var template map[string]any
	if actions, ok := p["actions"].([]any); ok && len(actions) > 0 {
		template, _ = actions[0].(map[string]any)
	}
	act := map[string]any{}
	for k, val := range template {
		act[k] = val
	}
	a := ha.Action
	act["action_id"], act["block_id"], act["value"] = a.ActionID, or(a.BlockID, "actions"), a.Value
	act["type"] = or(a.Type, "button")
	act["text"] = map[string]any{"type": "plain_text", "text": or(a.Text, a.ActionID), "emoji": true}
	act["action_ts"] = s.nextTS()
	p["actions"] = []any{act}
	return s.send(m, ha.Conn), nil
}

// optional decodes a fixture that New does not load, reading it from the fixture folder; the
// fake fails its test when the file is missing or not a JSON object.
func (f *fixtures) optional(name string) map[string]any {
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	m := map[string]any{}
	if err == nil {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		err = d.Decode(&m)
	}
	if err != nil {
		panic(fmt.Sprintf("slackfake: read fixture %s: %v", name, err)) // a broken checkout, not a test's input
	}
	return m
}

// Envelope returns the JSON of the envelope sent with id, as written to the websocket.
func (s *Server) Envelope(id string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	env, ok := s.envelopes[id]
	if !ok {
		return nil, false
	}
	return append([]byte(nil), env.raw...), true
}
