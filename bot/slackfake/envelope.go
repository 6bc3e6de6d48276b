package slackfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// envelope is one Socket Mode message the fake sends, from the outbox to a connection.
type envelope struct {
	id     string // envelope_id; empty for messages that carry none
	typ    string // "slash_commands", "events_api", "interactive", …
	raw    []byte
	pin    int    // the connection it must go out on; 0 for round robin
	avoid  int    // a connection it should not go out on while another is live
	origin string // the envelope id of the first delivery of its payload (its own for a first)
	target target // what an answer to it looks like
	retry  int    // its retry_attempt
	reason string // its retry_reason
	queued time.Time

	// Guarded by s.mu.
	sentAt     time.Time // zero until written
	connID     int       // the connection it went out on
	acked      bool
	ackConn    int
	ackLatency time.Duration
	superseded bool // redelivered already: the timeout no longer applies
}

// SlashCommand is a slash command invocation. Empty fields take the fake's defaults:
// Command "/trust", the Default* user and channel, TeamID, a fresh response_url on the fake
// (see NewResponseURL) and a trigger id.
type SlashCommand struct {
	Command     string
	Text        string
	UserID      string
	UserName    string
	ChannelID   string
	ChannelName string
	TeamID      string
	ResponseURL string
	TriggerID   string
	// Conn pins the envelope to one connection (see LiveConnections); 0 spreads it round
	// robin over the live connections, as Slack does. A pin to a connection that has closed
	// falls back to round robin; a pin to one not yet open waits for it.
	Conn int
}

// Event is an Events API event, delivered in an events_api envelope. Empty fields take the
// fake's defaults: Type "app_mention"; for a "message", ChannelType "im" and the default DM
// channel; the default user and channel otherwise; a fresh TS and EventID.
type Event struct {
	Type        string // "app_mention" or "message"
	Text        string // e.g. "<@U0FAKEBOT> what does AWS say?" (see BotUserID)
	UserID      string
	ChannelID   string
	ChannelType string // "im", "channel", …; sent with message events only
	TS          string
	ThreadTS    string // set for a message in a thread
	BotID       string // set to make the event come from a bot
	SubType     string // e.g. "bot_message", "message_changed"
	EventID     string // the same EventID with RetryAttempt > 0 is a redelivery
	// RetryAttempt and RetryReason ("timeout", "http_error", …) mark a redelivery. Redeliver
	// resends an envelope with these set.
	RetryAttempt int
	RetryReason  string
	Conn         int // pins the envelope to one connection, as SlashCommand.Conn
}

// BlockActions is a click on Block Kit buttons, delivered as an interactive envelope with a
// block_actions payload. Empty fields take the fake's defaults, as for SlashCommand.
type BlockActions struct {
	UserID      string
	UserName    string
	ChannelID   string
	ChannelName string
	TeamID      string
	MessageTS   string // the message the buttons are on
	Ephemeral   bool   // the message was ephemeral, e.g. a private answer to a slash command
	ResponseURL string
	TriggerID   string
	Actions     []Action // one button with action_id "share" when empty
	Conn        int      // pins the envelope to one connection, as SlashCommand.Conn
}

// Action is one element acted on in a BlockActions.
type Action struct {
	ActionID string
	BlockID  string // default "actions"
	Value    string
	Text     string // the button's label; default ActionID
	Type     string // default "button"
}

// SendSlashCommand sends a slash_commands envelope built from Slack's SDK fixture and returns
// its envelope id. Like every Send method, it does not wait: the envelope goes out on the next
// live connection in turn (round robin, as Slack spreads envelopes over an app's connections),
// or on the next one to open if there is none.
func (s *Server) SendSlashCommand(cmd SlashCommand) string {
	channel := or(cmd.ChannelID, DefaultChannelID)
	m := s.fixtures.object(fixtureSlashCommand)
	p := child(m, "payload")
	p["team_id"] = or(cmd.TeamID, TeamID)
	p["team_domain"] = TeamDomain
	p["channel_id"] = channel
	p["channel_name"] = or(cmd.ChannelName, channelName(channel))
	p["user_id"] = or(cmd.UserID, DefaultUserID)
	p["user_name"] = or(cmd.UserName, DefaultUserName)
	p["command"] = or(cmd.Command, "/trust")
	p["text"] = cmd.Text
	p["api_app_id"] = AppID
	p["response_url"] = or(cmd.ResponseURL, s.NewResponseURL())
	p["trigger_id"] = or(cmd.TriggerID, s.triggerID())
	return s.send(m, cmd.Conn)
}

// SendEvent sends an events_api envelope built from Slack's fixtures (the SDK's app_mention one,
// the docs' message.channels one for a message in a channel or private channel, the SDK's
// message one otherwise) and returns its envelope id.
func (s *Server) SendEvent(ev Event) string {
	typ := or(ev.Type, "app_mention")
	name, channel := fixtureMessage, or(ev.ChannelID, DefaultChannelID)
	switch ct := or(ev.ChannelType, "im"); {
	case typ == "app_mention":
		name = fixtureAppMention
	case ct == "channel" || ct == "group":
		name = fixtureChannelMessage // the docs' message.channels payload
	case ev.ChannelID == "" && ct == "im":
		channel = DefaultDMChannelID
	}
	ts := or(ev.TS, s.nextTS())

	m := s.fixtures.object(name)
	m["retry_attempt"] = ev.RetryAttempt
	m["retry_reason"] = ev.RetryReason
	p := child(m, "payload")
	p["team_id"] = TeamID
	p["api_app_id"] = AppID
	p["event_id"] = or(ev.EventID, "Ev"+strings.ToUpper(randomHex(5)))
	p["event_time"] = time.Now().Unix()
	p["event_context"] = "1-" + typ + "-" + TeamID + "-" + channel
	if auths, ok := p["authorizations"].([]any); ok && len(auths) > 0 {
		if a, ok := auths[0].(map[string]any); ok {
			a["team_id"], a["user_id"] = TeamID, BotUserID
		}
	}

	e := child(p, "event")
	e["type"] = typ
	e["text"] = ev.Text
	e["user"] = or(ev.UserID, DefaultUserID)
	e["ts"], e["event_ts"] = ts, ts
	e["team"] = TeamID
	e["channel"] = channel
	e["client_msg_id"] = newUUID()
	e["blocks"] = richText(ev.Text)
	delete(e, "channel_type")
	if typ != "app_mention" {
		e["channel_type"] = or(ev.ChannelType, "im")
	}
	if ev.ThreadTS != "" {
		e["thread_ts"] = ev.ThreadTS
	}
	if ev.BotID != "" {
		e["bot_id"] = ev.BotID
		delete(e, "client_msg_id")
	}
	if ev.SubType != "" {
		e["subtype"] = ev.SubType
	}
	return s.send(m, ev.Conn)
}

// SendInteractive sends an interactive envelope with a block_actions payload and returns its
// envelope id.
func (s *Server) SendInteractive(ba BlockActions) string {
	team, channel, user := or(ba.TeamID, TeamID), or(ba.ChannelID, DefaultChannelID), or(ba.UserID, DefaultUserID)
	userName := or(ba.UserName, DefaultUserName)
	m := s.fixtures.object(fixtureBlockActions)
	p := child(m, "payload")
	p["user"] = map[string]any{"id": user, "username": userName, "name": userName, "team_id": team}
	p["api_app_id"] = AppID
	p["container"] = map[string]any{"type": "message", "message_ts": or(ba.MessageTS, s.nextTS()),
		"channel_id": channel, "is_ephemeral": ba.Ephemeral}
	p["trigger_id"] = or(ba.TriggerID, s.issueTrigger(user))
	p["team"] = map[string]any{"id": team, "domain": TeamDomain}
	p["channel"] = map[string]any{"id": channel, "name": or(ba.ChannelName, channelName(channel))}
	p["response_url"] = or(ba.ResponseURL, s.NewResponseURL())

	var template map[string]any
	if actions, ok := p["actions"].([]any); ok && len(actions) > 0 {
		template, _ = actions[0].(map[string]any)
	}
	acts := ba.Actions
	if len(acts) == 0 {
		acts = []Action{{ActionID: "share", Value: "share", Text: "Share"}}
	}
	out := make([]any, len(acts))
	for i, a := range acts {
		act := map[string]any{}
		for k, v := range template {
			act[k] = v
		}
		act["action_id"] = a.ActionID
		act["block_id"] = or(a.BlockID, "actions")
		act["value"] = a.Value
		act["type"] = or(a.Type, "button")
		act["text"] = map[string]any{"type": "plain_text", "text": or(a.Text, a.ActionID), "emoji": true}
		act["action_ts"] = s.nextTS()
		out[i] = act
	}
	p["actions"] = out
	return s.send(m, ba.Conn)
}

// SendRaw sends msg verbatim (a fixture file, an unknown type, even invalid JSON) and returns
// its envelope_id, or "" when it has none. An envelope id in msg makes its ack recorded with a
// latency, like any other.
func (s *Server) SendRaw(msg []byte) string {
	return s.SendRawOn(0, msg)
}

// SendRawOn is SendRaw pinned to connection conn (0: round robin).
func (s *Server) SendRawOn(conn int, msg []byte) string {
	var head struct {
		EnvelopeID   string `json:"envelope_id"`
		Type         string `json:"type"`
		RetryAttempt int    `json:"retry_attempt"`
		RetryReason  string `json:"retry_reason"`
	}
	_ = json.Unmarshal(msg, &head) // invalid JSON is sent too, without an id
	env := &envelope{id: head.EnvelopeID, typ: head.Type, raw: append([]byte(nil), msg...), pin: conn,
		origin: head.EnvelopeID, target: targetOf(msg), retry: head.RetryAttempt, reason: head.RetryReason}
	s.mu.Lock()
	s.enqueueLocked(env)
	s.mu.Unlock()
	return head.EnvelopeID
}

// Redeliver sends the envelope envelopeID again, as Slack does when an ack is late: a new
// envelope id, the same payload (and event_id), retry_attempt one more, retry_reason reason
// (Slack uses "timeout"), on the next live connection in turn. It returns the new envelope id.
// The first delivery is no longer redelivered on its own when its ack is late.
func (s *Server) Redeliver(envelopeID, reason string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	env, ok := s.envelopes[envelopeID]
	if !ok {
		return "", fmt.Errorf("slackfake: redeliver %s: no such envelope was sent", envelopeID)
	}
	return s.redeliverLocked(env, reason, 0, s.keepID)
}

// RedeliverTimeout redelivers envelopeID as Slack does after an ack timeout (retry_reason
// "timeout", a new envelope id), on a live connection other than the one it went out on when
// onOtherConnection is set: it fails if the envelope has not gone out yet or no other
// connection is live. It returns the new envelope id.
func (s *Server) RedeliverTimeout(envelopeID string, onOtherConnection bool) (string, error) {
	return s.redeliverTimeout(envelopeID, onOtherConnection, false)
}

// ResendSameEnvelope is RedeliverTimeout keeping the envelope id: the same envelope comes
// again (retry_attempt one more), as replicas must also expect. Its ack is recorded against
// the newest delivery of that id.
func (s *Server) ResendSameEnvelope(envelopeID string, onOtherConnection bool) error {
	_, err := s.redeliverTimeout(envelopeID, onOtherConnection, true)
	return err
}

func (s *Server) redeliverTimeout(envelopeID string, onOtherConnection, keepID bool) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	env, ok := s.envelopes[envelopeID]
	if !ok {
		return "", fmt.Errorf("slackfake: redeliver %s: no such envelope was sent", envelopeID)
	}
	pin := 0
	if onOtherConnection {
		if env.connID == 0 {
			return "", fmt.Errorf("slackfake: redeliver %s on another connection: it has not gone out yet", envelopeID)
		}
		var others []*conn
		for _, c := range s.liveLocked() {
			if c.id != env.connID {
				others = append(others, c)
			}
		}
		if len(others) == 0 {
			return "", fmt.Errorf("slackfake: redeliver %s on another connection than %d: %w", envelopeID, env.connID, errNoConnection)
		}
		pin = others[s.rr%len(others)].id
		s.rr++
	}
	return s.redeliverLocked(env, "timeout", pin, keepID)
}

// redeliverLocked queues a new delivery of env's payload, under a new envelope id unless
// keepID, and stops env's own timeout. s.mu must be held.
func (s *Server) redeliverLocked(env *envelope, reason string, pin int, keepID bool) (string, error) {
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(env.raw))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return "", fmt.Errorf("slackfake: redeliver %s: %w", env.id, err)
	}
	env.superseded = true
	delete(s.inflight, env.id)
	attempt := 0
	if n, ok := m["retry_attempt"].(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			attempt = int(i)
		}
	}
	id := newUUID()
	if keepID {
		id = env.id
	}
	m["envelope_id"] = id
	m["retry_attempt"] = attempt + 1
	m["retry_reason"] = reason
	raw, _ := json.Marshal(m)
	next := &envelope{id: id, typ: env.typ, raw: raw, pin: pin, origin: env.origin, target: env.target,
		retry: attempt + 1, reason: reason}
	if pin == 0 {
		next.avoid = env.connID
	}
	s.enqueueLocked(next)
	return id, nil
}

// send gives m a fresh envelope id and queues it, pinned to connection pin unless 0.
func (s *Server) send(m map[string]any, pin int) string {
	id := newUUID()
	m["envelope_id"] = id
	typ, _ := m["type"].(string)
	raw, _ := json.Marshal(m) // m holds only JSON values
	env := &envelope{id: id, typ: typ, raw: raw, pin: pin, origin: id, target: targetOf(raw)}
	env.retry, _ = m["retry_attempt"].(int)
	env.reason, _ = m["retry_reason"].(string)
	s.mu.Lock()
	s.enqueueLocked(env)
	s.mu.Unlock()
	return id
}

// enqueueLocked records env, puts it in the outbox and routes it. s.mu must be held.
func (s *Server) enqueueLocked(env *envelope) {
	env.queued = time.Now()
	if env.id != "" {
		s.envelopes[env.id] = env
		s.chains[env.origin] = append(s.chains[env.origin], env)
	}
	s.outbox = append(s.outbox, env)
	s.dispatchLocked()
	s.changedLocked()
}

func (s *Server) triggerID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%d.%d.%s", s.tsBase, s.seq, randomHex(16))
}

func channelName(id string) string {
	switch {
	case id == DefaultChannelID:
		return DefaultChannelName
	case strings.HasPrefix(id, "D"):
		return "directmessage"
	}
	return strings.ToLower(id)
}

// mention matches a user mention in message text, as Slack writes it: <@U123> or <@U123|name>.
var mention = regexp.MustCompile(`<@([UW][A-Z0-9]+)(?:\|[^>]*)?>`)

// richText builds the rich_text block Slack attaches to a user's message: the text, with each
// mention as a user element.
func richText(text string) []any {
	elems := []any{}
	rest := text
	for {
		loc := mention.FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		if loc[0] > 0 {
			elems = append(elems, map[string]any{"type": "text", "text": rest[:loc[0]]})
		}
		elems = append(elems, map[string]any{"type": "user", "user_id": rest[loc[2]:loc[3]]})
		rest = rest[loc[1]:]
	}
	if rest != "" {
		elems = append(elems, map[string]any{"type": "text", "text": rest})
	}
	return []any{map[string]any{
		"type":     "rich_text",
		"block_id": randomHex(2),
		"elements": []any{map[string]any{"type": "rich_text_section", "elements": elems}},
	}}
}
