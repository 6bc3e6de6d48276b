package slackfake

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Modals (views.open), the overflow menus that open them, their submissions (view_submission)
// and user groups (usergroups.users.list), with the fixtures listed in bot/testdata/SOURCES.md.
const (
	fixtureViewsOpen      = "views_open_response_docs.json"
	fixtureViewSubmission = "interactive_view_submission_assembled.json"
	fixtureOverflow       = "interactive_block_actions_overflow_assembled.json"
	fixtureGroupUsers     = "usergroups_users_list_response_docs.json"
)

// Block Kit's limits on a modal and its parts (see SOURCES.md).
const (
	maxModalTitle      = 24
	maxPrivateMetadata = 3000
	maxCallbackID      = 255
	maxInputLabel      = 2000
	maxOptionText      = 75
	maxOptionValue     = 150
	maxOverflowOptions = 5
	maxSelectOptions   = 100
	maxTextInputLength = 3000
	// triggerTTL is how long a trigger_id may be exchanged for a modal.
	triggerTTL = 3 * time.Second
)

// OpenedView is a modal opened with views.open.
type OpenedView struct {
	ID              string
	UserID          string // the user whose click gave the trigger
	TriggerID       string
	Hash            string
	CallbackID      string
	PrivateMetadata string
	View            json.RawMessage // as sent
	Blocks          json.RawMessage
	Title           string
}

// trigger is a trigger_id the fake handed out, with the user who made it and when.
type trigger struct {
	user string
	at   time.Time
	used bool
}

// viewState is what the fake keeps of modals and user groups; guarded by Server.mu.
type viewState struct {
	opened   []OpenedView
	triggers map[string]*trigger
	groups   map[string][]string
}

// issueTrigger hands out a trigger_id for a click by user.
func (s *Server) issueTrigger(user string) string {
	id := s.triggerID()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.views.triggers == nil {
		s.views.triggers = map[string]*trigger{}
	}
	s.views.triggers[id] = &trigger{user: user, at: time.Now()}
	return id
}

// OpenedViews returns every modal opened, in order.
func (s *Server) OpenedViews() []OpenedView {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]OpenedView(nil), s.views.opened...)
}

// WaitOpenedViews waits until at least n modals were opened and returns them all.
func (s *Server) WaitOpenedViews(n int, timeout time.Duration) ([]OpenedView, error) {
	var got []OpenedView
	if !s.waitFor(timeout, func() bool {
		got = append([]OpenedView(nil), s.views.opened...)
		return len(got) >= n
	}) {
		return got, fmt.Errorf("slackfake: wait for %d opened modals: got %d in %v", n, len(got), timeout)
	}
	return got, nil
}

// SetUserGroup makes usergroups.users.list answer users for the group id.
func (s *Server) SetUserGroup(id string, users ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.views.groups == nil {
		s.views.groups = map[string][]string{}
	}
	s.views.groups[id] = append([]string(nil), users...)
}

// userGroupUsers answers usergroups.users.list: the members SetUserGroup gave, in the docs'
// response; no_such_subteam for a group it did not.
func (s *Server) userGroupUsers(c Call) answer {
	id := c.Params.Get("usergroup")
	s.mu.Lock()
	users, ok := s.views.groups[id]
	s.mu.Unlock()
	if !ok {
		return fail("no_such_subteam")
	}
	a := answer(s.fixtures.optional(fixtureGroupUsers))
	list := make([]any, len(users))
	for i, u := range users {
		list[i] = u
	}
	a["users"] = list
	return a
}

// modal is the part of a modal view the fake checks.
type modal struct {
	Type            string          `json:"type"`
	Title           *textObject     `json:"title"`
	Submit          *textObject     `json:"submit"`
	Close           *textObject     `json:"close"`
	Blocks          json.RawMessage `json:"blocks"`
	PrivateMetadata string          `json:"private_metadata"`
	CallbackID      string          `json:"callback_id"`
	ExternalID      string          `json:"external_id"`
}

// viewsOpen answers views.open as Slack does: a trigger the fake handed out within the last 3 s
// and not exchanged before, and a modal within Block Kit's limits; the answer is the docs' success
// response with the view as opened.
func (s *Server) viewsOpen(c Call) answer {
	raw := []byte(c.Params.Get("view"))
	if len(raw) == 0 {
		var body struct {
			View json.RawMessage `json:"view"`
		}
		if json.Unmarshal(c.Body, &body) == nil {
			raw = body.View
		}
	}
	tid := c.Params.Get("trigger_id")
	if tid == "" {
		return invalidArguments("missing required field: trigger_id")
	}
	if len(raw) == 0 {
		return invalidArguments("missing required field: view")
	}
	var v modal
	if err := json.Unmarshal(raw, &v); err != nil {
		return invalidArguments("failed to parse view: " + err.Error())
	}
	if len(raw) > maxViewBytes {
		return fail("view_too_large")
	}
	if problems := checkModal(v); len(problems) > 0 {
		return answer{"ok": false, "error": "invalid_arguments", "response_metadata": answer{"messages": problems}}
	}

	s.mu.Lock()
	tr := s.views.triggers[tid]
	switch {
	case tr == nil:
		s.mu.Unlock()
		return fail("invalid_trigger_id")
	case tr.used:
		s.mu.Unlock()
		return fail("exchanged_trigger_id")
	case time.Since(tr.at) > triggerTTL:
		s.mu.Unlock()
		return fail("expired_trigger_id")
	}
	tr.used = true
	s.seq++
	id := fmt.Sprintf("V0MODAL%06d", s.seq)
	hash := s.nextTSLocked() + "." + randomHex(4)
	title := ""
	if v.Title != nil && v.Title.Text != nil {
		title = *v.Title.Text
	}
	s.views.opened = append(s.views.opened, OpenedView{ID: id, UserID: tr.user, TriggerID: tid, Hash: hash,
		CallbackID: v.CallbackID, PrivateMetadata: v.PrivateMetadata, Title: title,
		View: append(json.RawMessage(nil), raw...), Blocks: append(json.RawMessage(nil), v.Blocks...)})
	s.changedLocked()
	s.mu.Unlock()

	a := answer(s.fixtures.optional(fixtureViewsOpen))
	view := child(a, "view")
	var sent map[string]any
	_ = json.Unmarshal(raw, &sent) // parsed above
	for k, val := range sent {
		view[k] = val
	}
	view["id"], view["root_view_id"], view["team_id"], view["app_id"], view["bot_id"] = id, id, TeamID, AppID, BotID
	view["hash"], view["state"] = hash, answer{"values": answer{}}
	return a
}

// checkModal returns Slack's messages for each limit a modal breaks.
func checkModal(v modal) []string {
	var problems []string
	add := func(msg, ptr string) {
		problems = append(problems, fmt.Sprintf("[ERROR] %s [json-pointer:%s]", msg, ptr))
	}
	if v.Type != "modal" {
		add("must be modal", "/view/type")
	}
	if v.Title == nil || v.Title.Text == nil || *v.Title.Text == "" {
		add("missing required field: title", "/view/title")
	}
	for name, t := range map[string]*textObject{"title": v.Title, "submit": v.Submit, "close": v.Close} {
		if t != nil && t.Text != nil && utf8.RuneCountInString(*t.Text) > maxModalTitle {
			add(fmt.Sprintf("must be less than %d characters", maxModalTitle+1), "/view/"+name+"/text")
		}
	}
	if utf8.RuneCountInString(v.PrivateMetadata) > maxPrivateMetadata {
		add(fmt.Sprintf("must be less than %d characters", maxPrivateMetadata+1), "/view/private_metadata")
	}
	if len(v.CallbackID) > maxCallbackID {
		add(fmt.Sprintf("must be less than %d characters", maxCallbackID+1), "/view/callback_id")
	}
	var blocks []json.RawMessage
	if err := json.Unmarshal(v.Blocks, &blocks); err != nil || len(blocks) == 0 {
		add("missing required field: blocks", "/view/blocks")
		return problems
	}
	if len(blocks) > maxViewBlocks {
		add(fmt.Sprintf("no more than %d items allowed", maxViewBlocks), "/view/blocks")
	}
	for _, p := range checkBlocks(v.Blocks) {
		if !strings.HasSuffix(p, "[json-pointer:/blocks]") { // the 50 of a message is not a view's limit
			problems = append(problems, strings.Replace(p, "[json-pointer:/blocks", "[json-pointer:/view/blocks", 1))
		}
	}
	inputs := false
	for i, raw := range blocks {
		var b struct {
			Type    string          `json:"type"`
			BlockID string          `json:"block_id"`
			Label   *textObject     `json:"label"`
			Hint    *textObject     `json:"hint"`
			Element json.RawMessage `json:"element"`
		}
		if json.Unmarshal(raw, &b) != nil || b.Type != "input" {
			continue
		}
		inputs = true
		at := fmt.Sprintf("/view/blocks/%d", i)
		if b.Label == nil || b.Label.Text == nil || *b.Label.Text == "" {
			add("missing required field: label", at+"/label")
		} else if utf8.RuneCountInString(*b.Label.Text) > maxInputLabel {
			add(fmt.Sprintf("must be less than %d characters", maxInputLabel+1), at+"/label/text")
		}
		if b.Hint != nil && b.Hint.Text != nil && utf8.RuneCountInString(*b.Hint.Text) > maxInputLabel {
			add(fmt.Sprintf("must be less than %d characters", maxInputLabel+1), at+"/hint/text")
		}
		var el struct {
			Type           string            `json:"type"`
			ActionID       string            `json:"action_id"`
			MaxLength      int               `json:"max_length"`
			InitialValue   string            `json:"initial_value"`
			Options        []json.RawMessage `json:"options"`
			InitialOptions []json.RawMessage `json:"initial_options"`
		}
		if len(b.Element) == 0 || json.Unmarshal(b.Element, &el) != nil || el.Type == "" {
			add("missing required field: element", at+"/element")
			continue
		}
		switch el.Type {
		case "plain_text_input":
			if el.MaxLength > maxTextInputLength {
				add(fmt.Sprintf("must be at most %d", maxTextInputLength), at+"/element/max_length")
			}
			if el.MaxLength > 0 && utf8.RuneCountInString(el.InitialValue) > el.MaxLength {
				add("initial_value is longer than max_length", at+"/element/initial_value")
			}
		case "static_select", "multi_static_select":
			if len(el.Options) == 0 {
				add("missing required field: options", at+"/element/options")
			}
			if len(el.Options) > maxSelectOptions {
				add(fmt.Sprintf("no more than %d items allowed", maxSelectOptions), at+"/element/options")
			}
			problems = append(problems, checkOptions(el.Options, at+"/element/options")...)
			if el.InitialOptions != nil && len(el.InitialOptions) == 0 {
				add("must provide at least 1 items", at+"/element/initial_options")
			}
		}
	}
	if inputs && (v.Submit == nil || v.Submit.Text == nil || *v.Submit.Text == "") {
		add("must provide a submit property when using input blocks", "/view/submit")
	}
	return problems
}

// checkOptions checks option objects' text and value lengths.
func checkOptions(opts []json.RawMessage, at string) []string {
	var problems []string
	for j, raw := range opts {
		var o struct {
			Text  *textObject `json:"text"`
			Value *string     `json:"value"`
		}
		if json.Unmarshal(raw, &o) != nil || o.Text == nil || o.Text.Text == nil {
			problems = append(problems, fmt.Sprintf("[ERROR] missing required field: text [json-pointer:%s/%d/text]", at, j))
			continue
		}
		if utf8.RuneCountInString(*o.Text.Text) > maxOptionText {
			problems = append(problems, fmt.Sprintf("[ERROR] must be less than %d characters [json-pointer:%s/%d/text/text]", maxOptionText+1, at, j))
		}
		if o.Value != nil && utf8.RuneCountInString(*o.Value) > maxOptionValue {
			problems = append(problems, fmt.Sprintf("[ERROR] must be less than %d characters [json-pointer:%s/%d/value]", maxOptionValue+1, at, j))
		}
	}
	return problems
}

// Overflow is an overflow menu in a message's blocks: where it is and what it offers.
type Overflow struct {
	BlockID  string
	ActionID string
	Text     string // the text of the section it is on
	Options  []MenuOption
}

// MenuOption is one option of a menu.
type MenuOption struct {
	Text  string
	Value string
}

// Overflows finds the overflow menus on the sections of blocks, in order.
func Overflows(blocks json.RawMessage) []Overflow {
	var bs []struct {
		Type      string      `json:"type"`
		BlockID   string      `json:"block_id"`
		Text      *textObject `json:"text"`
		Accessory *struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
			Options  []struct {
				Text  textObject `json:"text"`
				Value string     `json:"value"`
			} `json:"options"`
		} `json:"accessory"`
	}
	_ = json.Unmarshal(blocks, &bs) // none found in what is not blocks
	var out []Overflow
	for _, b := range bs {
		if b.Type != "section" || b.Accessory == nil || b.Accessory.Type != "overflow" {
			continue
		}
		o := Overflow{BlockID: b.BlockID, ActionID: b.Accessory.ActionID}
		if b.Text != nil && b.Text.Text != nil {
			o.Text = *b.Text.Text
		}
		for _, opt := range b.Accessory.Options {
			t := ""
			if opt.Text.Text != nil {
				t = *opt.Text.Text
			}
			o.Options = append(o.Options, MenuOption{Text: t, Value: opt.Value})
		}
		out = append(out, o)
	}
	return out
}

// OverflowAction is a choice in an overflow menu on a message, delivered as a block_actions
// payload whose action has a selected_option. Empty fields take the fake's defaults, as for
// BlockActions.
type OverflowAction struct {
	UserID      string
	UserName    string
	ChannelID   string
	MessageTS   string
	Ephemeral   bool
	ResponseURL string
	Menu        Overflow   // the menu, as Overflows found it
	Option      MenuOption // the option chosen
	Conn        int
}

// SendOverflowAction sends an interactive envelope with a block_actions payload choosing
// Option in Menu, with a trigger_id that views.open accepts for 3 s, and returns its envelope id.
func (s *Server) SendOverflowAction(oa OverflowAction) string {
	user, name, channel := or(oa.UserID, DefaultUserID), or(oa.UserName, DefaultUserName), or(oa.ChannelID, DefaultChannelID)
	m := s.fixtures.optional(fixtureOverflow)
	p := child(m, "payload")
	p["user"] = map[string]any{"id": user, "username": name, "name": name, "team_id": TeamID}
	p["api_app_id"] = AppID
	p["container"] = map[string]any{"type": "message", "message_ts": or(oa.MessageTS, s.nextTS()),
		"channel_id": channel, "is_ephemeral": oa.Ephemeral}
	p["trigger_id"] = s.issueTrigger(user)
	p["team"] = map[string]any{"id": TeamID, "domain": TeamDomain}
	p["channel"] = map[string]any{"id": channel, "name": channelName(channel)}
	p["response_url"] = or(oa.ResponseURL, s.NewResponseURL())
	act := map[string]any{}
	if actions, ok := p["actions"].([]any); ok && len(actions) > 0 {
		if t, ok := actions[0].(map[string]any); ok {
			for k, v := range t {
				act[k] = v
			}
		}
	}
	act["type"], act["action_id"], act["block_id"] = "overflow", oa.Menu.ActionID, or(oa.Menu.BlockID, "section")
	act["selected_option"] = map[string]any{"text": map[string]any{"type": "plain_text", "text": oa.Option.Text, "emoji": true}, "value": oa.Option.Value}
	act["action_ts"] = s.nextTS()
	p["actions"] = []any{act}
	return s.send(m, oa.Conn)
}

// ViewSubmission is a user submitting a modal the bot opened.
type ViewSubmission struct {
	View OpenedView // the modal, as OpenedViews gives it
	// UserID defaults to the user the modal was opened for.
	UserID string
	// Values is the view's state.values: block_id → action_id → value, as Slack sends it; see
	// PlainTextValue and SelectedOptions.
	Values map[string]map[string]any
	// PrivateMetadata, when set, replaces the modal's (as a forged submission would).
	PrivateMetadata string
	Conn            int
}

// PlainTextValue is the state of a plain_text_input.
func PlainTextValue(v string) map[string]any {
	return map[string]any{"type": "plain_text_input", "value": v}
}

// SendViewSubmission sends an interactive envelope with a view_submission payload, in the
// docs' shape, and returns its envelope id. The ack's payload is the bot's response_action.
func (s *Server) SendViewSubmission(vs ViewSubmission) string {
	user := or(vs.UserID, or(vs.View.UserID, DefaultUserID))
	m := s.fixtures.optional(fixtureViewSubmission)
	p := child(m, "payload")
	p["team"] = map[string]any{"id": TeamID, "domain": TeamDomain}
	p["user"] = map[string]any{"id": user, "username": DefaultUserName, "name": DefaultUserName, "team_id": TeamID}
	p["api_app_id"] = AppID
	p["trigger_id"] = s.issueTrigger(user)
	view := child(p, "view")
	var sent map[string]any
	_ = json.Unmarshal(vs.View.View, &sent)
	for k, v := range sent {
		view[k] = v
	}
	view["id"], view["root_view_id"], view["team_id"], view["app_installed_team_id"] = vs.View.ID, vs.View.ID, TeamID, TeamID
	view["app_id"], view["bot_id"], view["hash"] = AppID, BotID, vs.View.Hash
	view["callback_id"], view["private_metadata"] = vs.View.CallbackID, or(vs.PrivateMetadata, vs.View.PrivateMetadata)
	values := map[string]any{}
	for block, actions := range vs.Values {
		inner := map[string]any{}
		for id, v := range actions {
			inner[id] = v
		}
		values[block] = inner
	}
	view["state"] = map[string]any{"values": values}
	return s.send(m, vs.Conn)
}

// checkAccessory checks a section's overflow menu: 2 to 5 options within their limits.
func checkAccessory(raw json.RawMessage, at string) []string {
	var el struct {
		Type     string            `json:"type"`
		ActionID string            `json:"action_id"`
		Options  []json.RawMessage `json:"options"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &el) != nil || el.Type != "overflow" {
		return nil
	}
	var problems []string
	if len(el.Options) < 2 || len(el.Options) > maxOverflowOptions {
		problems = append(problems, fmt.Sprintf("[ERROR] must provide between 2 and %d items [json-pointer:%s/options]", maxOverflowOptions, at))
	}
	if len(el.ActionID) > 255 {
		problems = append(problems, fmt.Sprintf("[ERROR] must be less than 256 characters [json-pointer:%s/action_id]", at))
	}
	return append(problems, checkOptions(el.Options, at+"/options")...)
}

// CheckModal returns Slack's messages for each limit a modal view (JSON) breaks, none when it
// is fine: what views.open checks, for the views a bot sends back in a view_submission's ack
// (response_action "update" or "push").
func CheckModal(view json.RawMessage) []string {
	var v modal
	if err := json.Unmarshal(view, &v); err != nil {
		return []string{"[ERROR] failed to parse view: " + err.Error() + " [json-pointer:/view]"}
	}
	return checkModal(v)
}
