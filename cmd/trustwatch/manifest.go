package main

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/trustwatch/trustwatch/bot"
)

func init() {
	register("manifest", "print the Slack app manifest to create the app with", cmdManifest)
}

func cmdManifest(ctx context.Context, a *app, args []string) error {
	fs := a.newFlags("manifest", "[--name NAME] [--description TEXT]", `
Prints the Slack app manifest (YAML) to create the app with: Socket Mode on,
the slash command (TRUSTWATCH_COMMAND, default /trust), and only the events
and scopes the bot uses. Paste it at https://api.slack.com/apps under
"Create New App" > "From a manifest".`)
	name := fs.String("name", "trustwatch", "the app's name in Slack (at most 35 characters)")
	desc := fs.String("description", bot.DefaultDescription, "the app's description (at most 140 characters)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("manifest takes no arguments; got %q", fs.Arg(0))
	}
	// Slack refuses a manifest whose name or description is too long;
	// saying so here beats a manifest that Slack rejects or one cut short.
	if n := utf8.RuneCountInString(*name); n == 0 || n > 35 {
		return usageErr("manifest: --name must be 1 to 35 characters; %q has %d", *name, n)
	}
	if n := utf8.RuneCountInString(*desc); n == 0 || n > 140 {
		return usageErr("manifest: --description must be 1 to 140 characters; it has %d", n)
	}
	_, err := fmt.Fprint(a.stdout, bot.Manifest(bot.ManifestOptions{Name: *name, Command: a.cfg.Command, Description: *desc}))
	return err
}
