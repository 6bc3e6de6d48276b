// Package bot is trustwatch in Slack: the Socket Mode loop, dispatch of
// slash commands, mentions and direct messages, Block Kit rendering and
// escaping, and the digest's schedule, posting and state.
//
// It is the only package that imports slack-go, and no Slack type leaves
// it. It imports corpus and index.
package bot
