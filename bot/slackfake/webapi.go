package slackfake

import (
	"net/http"
	"strings"
)

// answer is the fake's reply to one Web API call.
type answer map[string]any

// fail is Slack's error answer.
func fail(code string) answer { return answer{"ok": false, "error": code} }

// serveAPI answers /api/<method>, records the call and injects any fault queued for it.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	c, err := readCall(r, method)
	if err != nil {
		c.Status, c.Error = http.StatusOK, "invalid_form_data"
		s.record(c)
		writeJSON(w, http.StatusOK, fail(c.Error))
		return
	}
	if f, ok := s.takeFault(method); ok {
		if f.hang != 0 {
			s.hangUp(r, c, f)
			return
		}
		c.Status, c.Error = f.status, f.errCode
		s.record(c)
		s.writeFault(w, f)
		return
	}

	a := s.authorize(c)
	if a == nil {
		a = s.answer(c)
	}
	c.Status = http.StatusOK
	c.OK, _ = a["ok"].(bool)
	c.Error, _ = a["error"].(string)
	s.record(c)
	writeJSON(w, http.StatusOK, a)
}

// authorize checks the token as Slack does: the app-level token for apps.connections.open,
// the bot token for everything else. It returns nil when the token is right.
func (s *Server) authorize(c Call) answer {
	want, other := s.botToken, s.appToken
	if c.Method == "apps.connections.open" {
		want, other = s.appToken, s.botToken
	}
	switch c.Token {
	case want:
		return nil
	case "":
		return fail("not_authed")
	case other:
		return fail("not_allowed_token_type")
	}
	return fail("invalid_auth")
}

// hangUp records c and never answers it, until the client goes away or
// the fake closes. With hangAfterWork the call takes effect first, as a
// post Slack made whose answer was lost.
func (s *Server) hangUp(r *http.Request, c Call, f fault) {
	c.Hung = true
	if f.hang == hangAfterWork {
		a := s.authorize(c)
		if a == nil {
			a = s.answer(c)
		}
		c.OK, _ = a["ok"].(bool)
		c.Error, _ = a["error"].(string)
	}
	s.record(c)
	select {
	case <-r.Context().Done():
	case <-s.quit:
	}
}

// answer gives the reply of a correctly authorized call, with the fields slack-go reads.
func (s *Server) answer(c Call) answer {
	switch c.Method {
	case "auth.test":
		return answer{"ok": true, "url": "https://" + TeamDomain + ".slack.com/", "team": "Slack Fake",
			"user": BotName, "team_id": TeamID, "user_id": BotUserID, "bot_id": BotID, "is_enterprise_install": false}
	case "apps.connections.open":
		return s.openConnection()
	case "chat.postMessage":
		return s.postMessage(c)
	case "chat.postEphemeral":
		if a := checkMessage(c); a != nil {
			return a
		}
		if c.User == "" {
			return fail("user_not_found")
		}
		return answer{"ok": true, "message_ts": s.nextTS()}
	case "chat.update":
		if a := checkMessage(c); a != nil {
			return a
		}
		if c.TS == "" {
			return fail("message_not_found")
		}
		return answer{"ok": true, "channel": c.Channel, "ts": c.TS, "text": c.Text,
			"message": answer{"type": "message", "text": c.Text, "user": BotUserID, "bot_id": BotID}}
	case "chat.delete":
		if c.TS == "" {
			return fail("message_not_found")
		}
		return answer{"ok": true, "channel": c.Channel, "ts": c.TS}
	case "conversations.replies":
		return s.replies(c)
	case "conversations.history":
		return s.channelHistory(c)
	case "users.info":
		return answer{"ok": true, "user": userInfo(c.User)}
	case "conversations.info":
		return answer{"ok": true, "channel": channelInfo(c.Channel)}
	case "conversations.open":
		return answer{"ok": true, "channel": answer{"id": DefaultDMChannelID}}
	case "bots.info":
		return answer{"ok": true, "bot": answer{"id": BotID, "app_id": AppID, "user_id": BotUserID,
			"name": BotName, "deleted": false}}
	case "files.getUploadURLExternal":
		return s.getUploadURL(c)
	case "files.completeUploadExternal":
		return s.completeUpload(c)
	case "views.publish":
		return s.viewsPublish(c)
	case "views.open":
		return s.viewsOpen(c)
	case "usergroups.users.list":
		return s.userGroupUsers(c)
	case "team.info":
		return answer{"ok": true, "team": answer{"id": TeamID, "name": "Slack Fake", "domain": TeamDomain}}
	}
	return answer{"ok": true}
}

// checkMessage rejects a message Slack would reject: no channel, nothing to show, or blocks
// beyond Block Kit's limits.
func checkMessage(c Call) answer {
	if c.Channel == "" {
		return fail("channel_not_found")
	}
	if c.Text == "" && len(c.Blocks) == 0 && c.Params.Get("attachments") == "" {
		return fail("no_text")
	}
	if problems := checkBlocks(c.Blocks); len(problems) > 0 {
		return answer{"ok": false, "error": "invalid_blocks",
			"response_metadata": answer{"messages": problems}}
	}
	return nil
}

// postMessage answers chat.postMessage in the shape of the docs' response fixture, and keeps
// the message so conversations.replies can return it.
func (s *Server) postMessage(c Call) answer {
	if a := checkMessage(c); a != nil {
		return a
	}
	ts := s.nextTS()
	s.addMessage(c.Channel, Message{User: BotUserID, BotID: BotID, Text: c.Text, TS: ts,
		ThreadTS: c.ThreadTS, Blocks: c.Blocks, Metadata: c.Metadata})

	a := answer(s.fixtures.object(fixturePostMessage))
	a["channel"], a["ts"] = c.Channel, ts
	msg := child(a, "message")
	delete(msg, "attachments")
	msg["text"], msg["ts"], msg["bot_id"], msg["user"] = c.Text, ts, BotID, BotUserID
	msg["username"] = BotName
	if c.ThreadTS != "" {
		msg["thread_ts"] = c.ThreadTS
	}
	if len(c.Blocks) > 0 {
		msg["blocks"] = c.Blocks
	}
	return a
}

func userInfo(id string) answer {
	name := strings.ToLower(id)
	if id == BotUserID {
		name = BotName
	}
	return answer{"id": id, "team_id": TeamID, "name": name, "real_name": name, "deleted": false,
		"is_bot": id == BotUserID, "tz": "UTC", "tz_offset": 0,
		"profile": answer{"real_name": name, "display_name": name}}
}

func channelInfo(id string) answer {
	im := strings.HasPrefix(id, "D")
	name := strings.ToLower(id)
	if id == DefaultChannelID {
		name = DefaultChannelName
	}
	return answer{"id": id, "name": name, "is_channel": !im, "is_im": im, "is_member": true,
		"is_private": im, "is_archived": false}
}
