package bot

import (
	"encoding/json"
	"log/slog"
	"strings"
)

// socketLog is slack-go socketmode's logger, with its debug output on.
// It is how the pacer learns what socketmode keeps to itself: slack-go
// reconnects after a disconnect message without telling its reason (no
// event carries it), and retries a failed attempt with a backoff of its
// own. The lines it reads are slack-go v0.35.0's:
//
//	Received WebSocket message: {…}    (every message, before it is handled)
//	reconnection N failed: … reconnecting in …
//
// Payload lines are dropped (they hold what users wrote); the rest go to
// the bot's log at Debug. Should slack-go change these lines, the pacer
// would see every reconnection as a failure (capped at a few seconds) and
// the tests of reconnection would say so.
type socketLog struct {
	log   *slog.Logger
	pacer *pacer
	stamp stamper // nil outside the burst benchmark
	// arrived is told of every envelope read, before it is handled.
	arrived func()
}

const (
	receivedPrefix = "Received WebSocket message: "
	failedPrefix   = "reconnection "
)

// Output is log.Logger's, which slack-go calls.
func (l *socketLog) Output(_ int, s string) error {
	stampLine(l.stamp, s)
	switch {
	case strings.HasPrefix(s, receivedPrefix):
		// Every envelope comes through here, on the read path: only a
		// message that can be a hello or a disconnect is decoded.
		if l.arrived != nil && strings.Contains(s, `"envelope_id"`) {
			l.arrived()
		}
		if !strings.Contains(s, `"hello"`) && !strings.Contains(s, `"disconnect"`) {
			return nil
		}
		var m struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		}
		if json.Unmarshal([]byte(strings.TrimPrefix(s, receivedPrefix)), &m) == nil {
			switch m.Type {
			case "hello":
				l.pacer.hello()
			case "disconnect":
				l.log.Info("disconnect requested", "reason", m.Reason)
				l.pacer.disconnected(m.Reason)
			}
		}
		return nil
	case strings.HasPrefix(s, "Scheduling Socket Mode response"):
		return nil // holds the ack's payload
	case strings.HasPrefix(s, "Starting to receive message"), strings.HasPrefix(s, "Finished to receive message"):
		return nil // twice per message
	case strings.HasPrefix(s, failedPrefix) && strings.Contains(s, " failed: "):
		l.pacer.attemptFailed()
	}
	l.log.Debug("socketmode: " + strings.TrimSpace(s))
	return nil
}
