package slackfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// The fixture files the fake builds its payloads from, in bot/testdata (see SOURCES.md there).
const (
	fixtureHello          = "hello_slackgo.json"
	fixtureConnectionOpen = "apps_connections_open_response_docs.json"
	fixturePostMessage    = "chat_postMessage_response_docs.json"
	fixtureSlashCommand   = "slash_commands_envelope_python_sdk.json"
	fixtureAppMention     = "events_api_app_mention_python_sdk.json"
	fixtureMessage        = "events_api_message_retry_timeout_bolt_python.json"
	fixtureBlockActions   = "interactive_block_actions_assembled.json"
	fixtureRateLimited    = "http_429_ratelimited_python_sdk.json"
	fixtureGetUploadURL   = "files_getUploadURLExternal_response_docs.json"
	fixtureCompleteUpload = "files_completeUploadExternal_response_docs.json"
)

// disconnectFixtures maps a disconnect reason to the fixture Slack's own docs or SDKs show for it.
var disconnectFixtures = map[string]string{
	"refresh_requested":   "disconnect_refresh_requested_docs.json",
	"warning":             "disconnect_warning_docs.json",
	"link_disabled":       "disconnect_link_disabled_docs.json",
	"too_many_websockets": "disconnect_too_many_websockets_python_sdk.json",
}

// fixtures holds the raw fixture files, read once by New.
type fixtures struct {
	dir   string
	files map[string][]byte
}

func (f *fixtures) load() error {
	if f.dir == "" {
		dir, err := findFixtureDir()
		if err != nil {
			return err
		}
		f.dir = dir
	}
	names := []string{fixtureHello, fixtureConnectionOpen, fixturePostMessage, fixtureSlashCommand, fixtureHistory,
		fixtureAppMention, fixtureMessage, fixtureBlockActions, fixtureRateLimited, fixtureGetUploadURL, fixtureCompleteUpload}
	for _, name := range disconnectFixtures {
		names = append(names, name)
	}
	f.files = make(map[string][]byte, len(names))
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(f.dir, name))
		if err != nil {
			return fmt.Errorf("read fixture: %w", err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("read fixture %s: want a JSON object: %w", filepath.Join(f.dir, name), err)
		}
		f.files[name] = b
	}
	return nil
}

// object decodes the named fixture into a fresh map the caller may change.
func (f *fixtures) object(name string) map[string]any {
	d := json.NewDecoder(bytes.NewReader(f.files[name]))
	d.UseNumber()
	m := map[string]any{}
	_ = d.Decode(&m) // load checked that every fixture is a JSON object
	return m
}

// findFixtureDir finds bot/testdata: beside this package's source (the usual case, since tests
// are built from source), else from the working directory of package bot or bot/slackfake.
func findFixtureDir() (string, error) {
	var candidates []string
	if _, file, _, ok := runtime.Caller(0); ok {
		candidates = append(candidates, filepath.Join(filepath.Dir(file), "..", "testdata"))
	}
	candidates = append(candidates, "testdata", filepath.Join("..", "testdata"), filepath.Join("bot", "testdata"))
	for _, dir := range candidates {
		if _, err := os.Stat(filepath.Join(dir, fixtureHello)); err == nil {
			return dir, nil
		}
	}
	return "", errors.New("find fixtures: no bot/testdata with " + fixtureHello + " (use WithFixtureDir)")
}

// child returns m[key] as an object, creating it if absent.
func child(m map[string]any, key string) map[string]any {
	if c, ok := m[key].(map[string]any); ok {
		return c
	}
	c := map[string]any{}
	m[key] = c
	return c
}

// or returns s, or def when s is empty.
func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
