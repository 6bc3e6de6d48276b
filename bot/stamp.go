package bot

import (
	"context"
	"strings"
)

// stage is a point on a request's way through the bot. The burst
// benchmark stamps each one per envelope, to show where a burst's time
// goes (waiting for the CPU, for a slot, for the writer); a Bot without
// a stamper (every Bot outside that benchmark) pays one nil check.
type stage int

const (
	stageRead       stage = iota // slack-go read the envelope off the websocket
	stageLoop                    // the event loop took it
	stageAckQueued               // its ack handed to slack-go's writer
	stageAckWrite                // slack-go's writer starts writing the ack
	stageAckWritten              // and has written it
	stageQueued                  // handed to the pool
	stageWorker                  // a worker took it
	stageSlot                    // it got a slot to be worked out in
	stageAsked                   // the index answered
	stageRendered                // the answer is rendered
	stagePost                    // the post of the answer starts
	stagePosted                  // and Slack answered it
	stageCount
)

var stageNames = [stageCount]string{"read", "loop", "ack-queued", "ack-write", "ack-written",
	"queued", "worker", "slot", "asked", "rendered", "post", "posted"}

func (s stage) String() string { return stageNames[s] }

// stamper records that the envelope envelopeID reached stage s, now.
type stamper func(envelopeID string, s stage)

// mark stamps envelopeID at s, when the Bot has a stamper.
func (b *Bot) mark(envelopeID string, s stage) {
	if b.stamp != nil {
		b.stamp(envelopeID, s)
	}
}

type stampKey struct{}

// stamping carries the envelope id to the stages stamped below serve
// (replay), only when the Bot has a stamper.
func (b *Bot) stamping(ctx context.Context, envelopeID string) context.Context {
	if b.stamp == nil {
		return ctx
	}
	return context.WithValue(ctx, stampKey{}, envelopeID)
}

// markCtx stamps the envelope ctx carries (stamping) at s.
func (b *Bot) markCtx(ctx context.Context, s stage) {
	if b.stamp == nil {
		return
	}
	if id, ok := ctx.Value(stampKey{}).(string); ok {
		b.stamp(id, s)
	}
}

// stampLine stamps what slack-go's debug lines tell of an envelope: its
// read and the writing of its ack.
func stampLine(st stamper, line string) {
	if st == nil {
		return
	}
	if rest, ok := strings.CutPrefix(line, receivedPrefix); ok {
		if _, after, ok := strings.Cut(rest, `"envelope_id":"`); ok {
			if id, _, ok := strings.Cut(after, `"`); ok {
				st(id, stageRead)
			}
		}
		return
	}
	for _, w := range ackLines {
		if rest, ok := strings.CutPrefix(line, w.prefix); ok {
			st(strings.Trim(strings.TrimSpace(rest), `"`), w.stage)
			return
		}
	}
}

// ackLines are slack-go v0.35.0's debug lines around the writing of an
// ack, followed by its envelope id.
var ackLines = []struct {
	prefix string
	stage  stage
}{
	{"Sending Socket Mode response with envelope ID ", stageAckWrite},
	{"Finished sending Socket Mode response with envelope ID ", stageAckWritten},
}
