package main

import (
	"context"
	"fmt"
)

func init() {
	register("feedback", "count the thumbs up and down on answers, and list the questions that got thumbs down", cmdFeedback)
}

const feedbackDoc = `
Counts the thumbs up and down people gave the bot's answers in Slack
(one vote per person per answer: their last), and lists the questions
whose answers got a thumbs down, most recent first, with their counts.

The votes are in the bot's state: the state file beside the index
folder, or the PostgreSQL database of TRUSTWATCH_DATABASE_URL.`

func cmdFeedback(ctx context.Context, a *app, args []string) error {
	fl := a.newFlags("feedback", "", feedbackDoc)
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageErr("feedback: unexpected %q (trustwatch feedback --help)", fl.Arg(0))
	}
	if err := a.ready(); err != nil {
		return err
	}
	st, closeState, err := a.cfg.openState(ctx, a.log)
	if err != nil {
		return err
	}
	defer closeState()
	list, err := st.Feedback(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stdout, "No votes yet: people give them with the thumbs under each answer in Slack.")
		return nil
	}
	up, down, downs := 0, 0, 0
	for _, f := range list {
		up, down = up+f.Up, down+f.Down
		if f.Down > 0 {
			downs++
		}
	}
	fmt.Fprintf(a.stdout, "%d answers voted on: %d thumbs up, %d thumbs down\n", len(list), up, down)
	if downs == 0 {
		fmt.Fprintln(a.stdout, "No answer got a thumbs down.")
		return nil
	}
	fmt.Fprintf(a.stdout, "\nQuestions that got a thumbs down (%d):\n", downs)
	for _, f := range list {
		if f.Down == 0 {
			continue
		}
		q := f.Question
		if q == "" {
			q = "(question not recorded)"
		}
		fmt.Fprintf(a.stdout, "  %d down, %d up  %s  (last vote %s)\n", f.Down, f.Up, shortText(q, 200), f.Last.UTC().Format("2006-01-02 15:04 UTC"))
	}
	return nil
}
