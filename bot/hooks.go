package bot

// Hooks are the points of a Bot's life that a caller in the same process
// can wait on: tests wait on them rather than on log text or sleeps,
// people read the log lines logged at the same points. A nil field is not
// called. They are called on the Bot's own goroutines (the Socket Mode
// event loop) and must return at once: a hook that
// blocks stalls the bot.
type Hooks struct {
	// Connected is called each time a Socket Mode connection opens (the
	// log's "connected"): at start, and again after each reconnection.
	Connected func()
	// Store is called when the state store stops answering (false) and
	// when it answers again (true): the log's "state store unreachable"
	// and "state store back".
	Store func(up bool)
	// Corrected is called with each correction saved from Slack, before
	// its modal is acknowledged (the log's "correction saved").
	Corrected func(Correction)
}

func (h Hooks) corrected(c Correction) {
	if h.Corrected != nil {
		h.Corrected(c)
	}
}

func (h Hooks) connected() {
	if h.Connected != nil {
		h.Connected()
	}
}
