package main

import (
	"context"
	"fmt"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// askStateTimeout bounds reading the corrections for `ask`: a state that
// does not answer costs the corrections, not the answer.
const askStateTimeout = 5 * time.Second

// applyCorrections gives ans the corrections people made in Slack, as
// the bot applies them to its answers: `ask` is "the same answer the bot
// gives".
func (a *app) applyCorrections(ctx context.Context, ans *index.Answer, reg *corpus.Registry) {
	a.fixes(ctx).Apply(ans, reg)
}

// fixes reads the corrections in force from the bot's state (the file
// beside the index folder, or PostgreSQL); a state that cannot be read is
// said on stderr, and there are none.
func (a *app) fixes(ctx context.Context) bot.Fixes {
	ctx, cancel := context.WithTimeout(ctx, askStateTimeout)
	defer cancel()
	if a.cfg.DatabaseURL == "" {
		if _, err := a.cfg.stateDir(); err != nil {
			return nil // no state folder (no cache folder either): no corrections were ever made here
		}
	}
	st, closeState, err := a.cfg.openState(ctx, a.log)
	if err != nil {
		fmt.Fprintf(a.stderr, "trustwatch: corrections not applied: %v\n", err)
		return nil
	}
	defer closeState()
	list, err := st.Corrections(ctx)
	if err != nil {
		fmt.Fprintf(a.stderr, "trustwatch: corrections not applied: %v\n", err)
		return nil
	}
	return bot.FixesOf(list)
}
