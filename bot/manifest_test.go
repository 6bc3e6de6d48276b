package bot

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// manifestDoc is the part of a manifest these tests look at.
type manifestDoc struct {
	Metadata struct {
		MajorVersion int `yaml:"major_version"`
	} `yaml:"_metadata"`
	DisplayInformation struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
	} `yaml:"display_information"`
	Features struct {
		AppHome struct {
			HomeTabEnabled             *bool `yaml:"home_tab_enabled"`
			MessagesTabEnabled         *bool `yaml:"messages_tab_enabled"`
			MessagesTabReadOnlyEnabled *bool `yaml:"messages_tab_read_only_enabled"`
		} `yaml:"app_home"`
		BotUser struct {
			DisplayName  string `yaml:"display_name"`
			AlwaysOnline bool   `yaml:"always_online"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			Description  string `yaml:"description"`
			UsageHint    string `yaml:"usage_hint"`
			ShouldEscape *bool  `yaml:"should_escape"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		OrgDeployEnabled     *bool `yaml:"org_deploy_enabled"`
		SocketModeEnabled    bool  `yaml:"socket_mode_enabled"`
		TokenRotationEnabled *bool `yaml:"token_rotation_enabled"`
	} `yaml:"settings"`
}

func parseManifest(t *testing.T, text string) manifestDoc {
	t.Helper()
	var m manifestDoc
	if err := yaml.Unmarshal([]byte(text), &m); err != nil {
		t.Fatalf("manifest is not YAML: %v\n%s", err, text)
	}
	return m
}

func TestManifest(t *testing.T) {
	m := parseManifest(t, Manifest(ManifestOptions{}))
	if m.Metadata.MajorVersion != 1 {
		t.Errorf("_metadata.major_version = %d; want 1", m.Metadata.MajorVersion)
	}
	if m.DisplayInformation.Name != "trustwatch" || m.DisplayInformation.Description != DefaultDescription {
		t.Errorf("display_information = %+v; want trustwatch and the default description", m.DisplayInformation)
	}
	if m.Features.BotUser.DisplayName != "trustwatch" || !m.Features.BotUser.AlwaysOnline {
		t.Errorf("bot_user = %+v; want trustwatch, always online", m.Features.BotUser)
	}
	if h := m.Features.AppHome; h.MessagesTabEnabled == nil || !*h.MessagesTabEnabled ||
		h.MessagesTabReadOnlyEnabled == nil || *h.MessagesTabReadOnlyEnabled {
		t.Errorf("app_home does not let users send direct messages")
	}
	if h := m.Features.AppHome; h.HomeTabEnabled == nil || !*h.HomeTabEnabled {
		t.Errorf("app_home.home_tab_enabled is not true: views.publish would fail with not_enabled")
	}
	if len(m.Features.SlashCommands) != 1 {
		t.Fatalf("%d slash commands; want 1", len(m.Features.SlashCommands))
	}
	sc := m.Features.SlashCommands[0]
	if sc.Command != "/trust" || sc.Description == "" || sc.UsageHint == "" || sc.ShouldEscape == nil || *sc.ShouldEscape {
		t.Errorf("slash command = %+v; want /trust with a description, a usage hint and should_escape false", sc)
	}
	wantScopes := []string{"app_mentions:read", "channels:history", "chat:write", "commands", "files:write", "groups:history", "im:history", "usergroups:read"}
	got := slices.Sorted(slices.Values(m.OAuthConfig.Scopes.Bot))
	if !slices.Equal(got, wantScopes) {
		t.Errorf("bot scopes = %v; want %v", got, wantScopes)
	}
	events := slices.Sorted(slices.Values(m.Settings.EventSubscriptions.BotEvents))
	if want := []string{"app_home_opened", "app_mention", "message.channels", "message.groups", "message.im"}; !slices.Equal(events, want) {
		t.Errorf("bot events = %v; want %v", events, want)
	}
	// Each event comes only with its scope (docs.slack.dev/reference/events).
	for event, scope := range map[string]string{"app_mention": "app_mentions:read", "message.channels": "channels:history",
		"message.groups": "groups:history", "message.im": "im:history"} {
		if !slices.Contains(got, scope) {
			t.Errorf("event %s without its scope %s", event, scope)
		}
	}
	s := m.Settings
	if !s.SocketModeEnabled || !s.Interactivity.IsEnabled || s.OrgDeployEnabled == nil || *s.OrgDeployEnabled ||
		s.TokenRotationEnabled == nil || *s.TokenRotationEnabled {
		t.Errorf("settings = %+v; want Socket Mode and interactivity on, org deploy and token rotation off", s)
	}
}

func TestManifestOptions(t *testing.T) {
	tests := []struct {
		name              string
		opt               ManifestOptions
		wantName, wantBot string
		wantCommand       string
	}{
		{"custom", ManifestOptions{Name: "Trust Watch (staging)", Command: "/trust-staging", Description: "Staging"}, "Trust Watch (staging)", "trust-watch--staging", "/trust-staging"},
		{"bad command", ManifestOptions{Command: "trust me"}, "trustwatch", "trustwatch", "/trust"},
		{"quotes and colons", ManifestOptions{Name: `a: "b" # c`}, `a: "b" # c`, "a---b----c", "/trust"},
		{"long", ManifestOptions{Name: strings.Repeat("é", 50)}, strings.Repeat("é", 34) + "…", "trustwatch", "/trust"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := parseManifest(t, Manifest(tt.opt))
			if m.DisplayInformation.Name != tt.wantName {
				t.Errorf("name = %q; want %q", m.DisplayInformation.Name, tt.wantName)
			}
			if n := utf8.RuneCountInString(m.DisplayInformation.Name); n > maxAppName {
				t.Errorf("name has %d characters; Slack allows %d", n, maxAppName)
			}
			if m.Features.BotUser.DisplayName != tt.wantBot {
				t.Errorf("bot display name = %q; want %q", m.Features.BotUser.DisplayName, tt.wantBot)
			}
			if c := m.Features.SlashCommands[0].Command; c != tt.wantCommand {
				t.Errorf("command = %q; want %q", c, tt.wantCommand)
			}
			if d := m.DisplayInformation.Description; d == "" || utf8.RuneCountInString(d) > maxAppDescription {
				t.Errorf("description %q is empty or over %d characters", d, maxAppDescription)
			}
		})
	}
}

// TestManifestShape checks the manifest against the shape of Slack's own
// Socket Mode manifests (from Slack's docs and its Node SDK's tests): every
// key they set, at every level, ours sets too, and ours adds only keys
// Slack's manifest schema knows.
func TestManifestShape(t *testing.T) {
	var ours map[string]any
	if err := yaml.Unmarshal([]byte(Manifest(ManifestOptions{})), &ours); err != nil {
		t.Fatal(err)
	}
	// Keys of manifest.schema.1.0.0.json at the levels the manifest uses.
	known := map[string][]string{
		"":                             {"_metadata", "display_information", "features", "oauth_config", "settings"},
		"_metadata":                    {"major_version", "minor_version"},
		"display_information":          {"name", "description", "background_color", "long_description"},
		"features":                     {"app_home", "bot_user", "slash_commands", "shortcuts", "unfurl_domains"},
		"features.app_home":            {"home_tab_enabled", "messages_tab_enabled", "messages_tab_read_only_enabled"},
		"features.bot_user":            {"display_name", "always_online"},
		"oauth_config":                 {"scopes", "redirect_urls", "token_management_enabled"},
		"oauth_config.scopes":          {"bot", "user"},
		"settings":                     {"event_subscriptions", "interactivity", "org_deploy_enabled", "socket_mode_enabled", "token_rotation_enabled", "is_hosted", "allowed_ip_address_ranges"},
		"settings.event_subscriptions": {"bot_events", "user_events", "request_url"},
		"settings.interactivity":       {"is_enabled", "request_url", "message_menu_options_url"},
	}
	var walk func(path string, m map[string]any)
	walk = func(path string, m map[string]any) {
		for k, v := range m {
			if allowed, ok := known[path]; ok && !slices.Contains(allowed, k) {
				t.Errorf("manifest key %q under %q is not in Slack's schema", k, path)
			}
			if sub, ok := v.(map[string]any); ok {
				walk(strings.TrimPrefix(path+"."+k, "."), sub)
			}
		}
	}
	walk("", ours)

	for _, f := range []string{"manifest_socket_mode_docs.yaml", "manifest_socket_mode_node_sdk.json"} {
		t.Run(f, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "manifest", f))
			if err != nil {
				t.Fatal(err)
			}
			var theirs map[string]any
			if err := yaml.Unmarshal(raw, &theirs); err != nil {
				t.Fatalf("parse %s: %v", f, err)
			}
			sameKeys(t, "", theirs, ours)
		})
	}
}

// sameKeys reports keys of want, at any depth, that got lacks. is_hosted
// is left out: it is for apps Slack hosts, which this one is not.
func sameKeys(t *testing.T, path string, want, got map[string]any) {
	t.Helper()
	for k, v := range want {
		if k == "is_hosted" || k == "description" && path == "display_information" {
			continue
		}
		g, ok := got[k]
		if !ok {
			t.Errorf("manifest lacks %s%s, which Slack's example sets", path, k)
			continue
		}
		if wm, ok := v.(map[string]any); ok {
			gm, ok := g.(map[string]any)
			if !ok {
				t.Errorf("manifest %s%s is %T; Slack's example has a mapping", path, k, g)
				continue
			}
			sameKeys(t, path+k+".", wm, gm)
		}
	}
}
