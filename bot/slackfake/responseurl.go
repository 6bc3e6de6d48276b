package slackfake

import (
	"net/http"
)

// NewResponseURL returns a fresh response_url on the fake, like the one Slack puts in a slash
// command or a block action. Posts to it are recorded as calls of ResponseURLMethod.
// SendSlashCommand and SendInteractive call it when the test leaves ResponseURL empty.
func (s *Server) NewResponseURL() string {
	return s.srv.URL + "/response/" + TeamID + "/" + randomHex(8)
}

// serveResponseURL records a post to a response_url (slack-go sends JSON, with text, blocks,
// response_type, replace_original, delete_original) and answers {"ok":true}.
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	c, err := readCall(r, ResponseURLMethod)
	if err != nil {
		c.Status, c.Error = http.StatusBadRequest, "invalid_payload"
		s.record(c)
		writeJSON(w, http.StatusBadRequest, fail(c.Error))
		return
	}
	if f, ok := s.takeFault(ResponseURLMethod); ok {
		c.Status, c.Error = f.status, f.errCode
		s.record(c)
		s.writeFault(w, f)
		return
	}
	a := answer{"ok": true}
	if !c.DeleteOriginal {
		if c.Text == "" && len(c.Blocks) == 0 {
			a = fail("no_text")
		} else if problems := checkBlocks(c.Blocks); len(problems) > 0 {
			a = answer{"ok": false, "error": "invalid_blocks", "response_metadata": answer{"messages": problems}}
		}
	}
	c.Status = http.StatusOK
	c.OK, _ = a["ok"].(bool)
	c.Error, _ = a["error"].(string)
	s.record(c)
	writeJSON(w, http.StatusOK, a)
}
