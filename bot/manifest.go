package bot

import (
	"bytes"
	"encoding/json"
	"strings"
	"text/template"
	"unicode/utf8"
)

// ManifestOptions are what varies between installations of the app.
type ManifestOptions struct {
	// Name is the app's name in Slack; "trustwatch" when empty.
	Name string
	// Command is the slash command; "/trust" when empty or malformed.
	Command string
	// Description is the app's one-line description; a default when empty.
	Description string
}

// Limits of Slack's manifest schema (manifest.schema.1.0.0.json).
const (
	maxAppName        = 35
	maxAppDescription = 140
	maxBotName        = 80
)

// DefaultDescription is the app's description when none is given.
const DefaultDescription = "Answers questions on tech vendors' trust positions from what their executives said on the record."

// Manifest returns the Slack app manifest (YAML) to create the app with:
// Socket Mode on, the slash command, and only the events and scopes the
// bot uses, each scope with the reason it is there. Values too long for
// Slack's schema are shortened, so the manifest is always accepted.
func Manifest(opt ManifestOptions) string {
	name := manifestText(opt.Name, maxAppName)
	if name == "" {
		name = "trustwatch"
	}
	desc := manifestText(opt.Description, maxAppDescription)
	if desc == "" {
		desc = DefaultDescription
	}
	cmd := commandName(opt.Command)
	var buf bytes.Buffer
	err := manifestTemplate.Execute(&buf, map[string]string{
		"Name":        yamlString(name),
		"Description": yamlString(desc),
		"BotName":     yamlString(botName(name)),
		"Command":     yamlString(cmd),
		"CommandDesc": yamlString("Ask about a tech vendor's trust position, with quotations and sources"),
		"UsageHint":   yamlString("QUESTION | vendor NAME | compare A B | report VENDOR [TOPIC] | digest | sources | subscribe | help"),
	})
	if err != nil { // the template and its data are ours: this is a bug
		panic("render manifest: " + err.Error())
	}
	return buf.String()
}

// manifestText is s on one line, cut to max characters.
func manifestText(s string, max int) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + ellipsis
}

// botName is the bot user's display name: the app's name in lower case,
// with what Slack does not accept in a display name made a hyphen.
func botName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "trustwatch"
	}
	if len(s) > maxBotName {
		s = s[:maxBotName]
	}
	return s
}

// yamlString quotes s for YAML. A JSON string is a valid YAML
// double-quoted scalar, so nothing in s can break out of it.
func yamlString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

var manifestTemplate = template.Must(template.New("manifest").Parse(`# Slack app manifest for trustwatch.
# Create the app from it at https://api.slack.com/apps ("Create New App",
# "From a manifest"); then make an app-level token with connections:write
# (SLACK_APP_TOKEN) and install the app to get the bot token (SLACK_BOT_TOKEN).
_metadata:
  major_version: 1
  minor_version: 1
display_information:
  name: {{.Name}}
  description: {{.Description}}
features:
  app_home:
    # The Home tab: how to ask, the most quoted vendors and topics, the
    # latest changes of position, and buttons to subscribe a channel to
    # the digest. It is drawn on app_home_opened with views.publish,
    # which needs no scope of its own (without this, views.publish
    # fails with not_enabled).
    home_tab_enabled: true
    # Direct messages reach the bot through the Messages tab.
    messages_tab_enabled: true
    messages_tab_read_only_enabled: false
  bot_user:
    display_name: {{.BotName}}
    always_online: true
  slash_commands:
    - command: {{.Command}}
      description: {{.CommandDesc}}
      usage_hint: {{.UsageHint}}
      # The bot escapes what it repeats itself; escaped input would turn
      # "@someone" into a mention token the bot would have to undo.
      should_escape: false
oauth_config:
  scopes:
    bot:
      # app_mention events: answering @mentions.
      - app_mentions:read
      # chat.postMessage and chat.postEphemeral: answers, shared answers and
      # the digest, in channels the bot is a member of.
      - chat:write
      # The slash command.
      - commands
      # message.im events: answering direct messages.
      - im:history
      # message.channels and message.groups events: a reply without a
      # mention in the thread of one of the bot's answers is answered in
      # context ("and Google?", "more"); every other message of those
      # channels is dropped unread. These scopes also let the bot call
      # conversations.replies: to recover a thread's question from its
      # answer's metadata after a restart, and so that a bare @mention
      # in a thread answers the thread's first message, in public
      # channels (channels:history) and private ones (groups:history).
      # conversations.history: after a crash in the middle of a digest
      # post, the bot looks for that post (by its message metadata, which
      # these scopes read too) in the digest channel before posting again.
      - channels:history
      - groups:history
      # files.getUploadURLExternal and files.completeUploadExternal:
      # "report VENDOR" uploads the vendor's dossier (Markdown) and its
      # chart (PNG) to the conversation it was asked in.
      - files:write
      # usergroups.users.list: when TRUSTWATCH_CORRECTORS names user groups
      # (S…), who may correct quotations is read from their members.
      - usergroups:read
      # Not asked for: mpim:history (the bot answers mentions in channels
      # and DMs, not group DMs), chat:write.public (it posts only where it
      # was invited) and users:read (it never looks people up).
settings:
  event_subscriptions:
    bot_events:
      - app_mention
      # Replies in the bot's threads, in public channels (with
      # channels:history) and private ones (with groups:history) it was
      # invited to; the bot answers only those in its own threads.
      - message.channels
      - message.groups
      - message.im
      # The Home tab was opened: the bot publishes it for that user.
      - app_home_opened
  # The "Share in channel" button, the Home tab's Subscribe and
  # Unsubscribe buttons, each quotation's correction menu and the modal
  # it opens (views.open needs no scope; its view_submission comes back
  # through this), and the thumbs under each answer.
  interactivity:
    is_enabled: true
  org_deploy_enabled: false
  socket_mode_enabled: true
  token_rotation_enabled: false
`))
