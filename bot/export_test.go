package bot

import "context"

// AdmitCommand runs the ack path's store call for a new slash command
// with the trigger id trigger, for the benchmark of bot_test; it reports
// whether the command was new.
func AdmitCommand(ctx context.Context, b *Bot, trigger string) bool {
	req := request{source: fromCommand, envelopeID: trigger, dedupKey: "command:" + trigger,
		user: "U0ADA", channel: "C0CHAN", responseURL: "https://hooks.slack.invalid/commands/T0/1/" + trigger,
		text: "does Nimbus Cloud train on my data?"}
	return b.admit(ctx, &req)
}
