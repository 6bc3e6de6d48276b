package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

// config is trustwatch's configuration, read from the environment (and a
// .env file, which main loads and the real environment overrides).
type config struct {
	BotToken       string // SLACK_BOT_TOKEN
	AppToken       string // SLACK_APP_TOKEN
	APIURL         string // SLACK_API_URL
	Corpus         string // TRUSTWATCH_CORPUS; "" is the built-in sample
	Index          string // TRUSTWATCH_INDEX
	Vendors        string // TRUSTWATCH_VENDORS
	Command        string // TRUSTWATCH_COMMAND
	DigestChannel  string // TRUSTWATCH_DIGEST_CHANNEL
	DigestSchedule string // TRUSTWATCH_DIGEST_SCHEDULE
	Timezone       *time.Location
	Feeds          []string // TRUSTWATCH_FEEDS
	LogLevel       slog.Level
}

// loadConfig reads every variable and reports every problem at once, each
// naming the variable to set.
func loadConfig(getenv func(string) string) (config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := config{
		BotToken:       get("SLACK_BOT_TOKEN"),
		AppToken:       get("SLACK_APP_TOKEN"),
		APIURL:         get("SLACK_API_URL"),
		Corpus:         get("TRUSTWATCH_CORPUS"),
		Index:          get("TRUSTWATCH_INDEX"),
		Vendors:        get("TRUSTWATCH_VENDORS"),
		Command:        get("TRUSTWATCH_COMMAND"),
		DigestChannel:  get("TRUSTWATCH_DIGEST_CHANNEL"),
		DigestSchedule: get("TRUSTWATCH_DIGEST_SCHEDULE"),
	}
	var errs []error
	if c.Command == "" {
		c.Command = "/trust"
	} else if !strings.HasPrefix(c.Command, "/") || strings.ContainsAny(c.Command, " \t") {
		errs = append(errs, fmt.Errorf("TRUSTWATCH_COMMAND=%q: set it to a slash command such as /trust", c.Command))
	}
	if c.DigestSchedule == "" {
		c.DigestSchedule = "0 9 * * 1-5"
	}
	tz := get("TRUSTWATCH_TIMEZONE")
	if tz == "" {
		tz = "UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		errs = append(errs, fmt.Errorf("TRUSTWATCH_TIMEZONE=%q is not an IANA time zone: set it to a name such as Europe/Paris", tz))
		loc = time.UTC
	}
	c.Timezone = loc
	for _, f := range strings.Split(get("TRUSTWATCH_FEEDS"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !strings.HasPrefix(f, "http://") && !strings.HasPrefix(f, "https://") {
			errs = append(errs, fmt.Errorf("TRUSTWATCH_FEEDS: %q is not an http(s) URL", f))
			continue
		}
		c.Feeds = append(c.Feeds, f)
	}
	switch lvl := strings.ToLower(get("TRUSTWATCH_LOG_LEVEL")); lvl {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		errs = append(errs, fmt.Errorf("TRUSTWATCH_LOG_LEVEL=%q: set it to debug, info, warn or error", lvl))
	}
	return c, errors.Join(errs...)
}

// requireSlack checks the tokens a command needs, naming each variable to
// set. It never prints a token.
func (c config) requireSlack(needApp bool) error {
	var errs []error
	switch {
	case c.BotToken == "":
		errs = append(errs, errors.New("SLACK_BOT_TOKEN is not set: set it to the app's bot token (xoxb-…)"))
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		errs = append(errs, errors.New("SLACK_BOT_TOKEN does not look like a bot token: it must start with xoxb-"))
	}
	if needApp {
		switch {
		case c.AppToken == "":
			errs = append(errs, errors.New("SLACK_APP_TOKEN is not set: set it to an app-level token with connections:write (xapp-…)"))
		case !strings.HasPrefix(c.AppToken, "xapp-"):
			errs = append(errs, errors.New("SLACK_APP_TOKEN does not look like an app-level token: it must start with xapp-"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// sources is what every command that searches starts from: the corpus,
// the vendor registry and the index folder.
func (c config) sources() (fs.FS, *corpus.Registry, string, error) {
	fsys, err := c.corpusFS()
	if err != nil {
		return nil, nil, "", err
	}
	reg, err := c.registry()
	if err != nil {
		return nil, nil, "", err
	}
	dir, err := c.indexDir()
	if err != nil {
		return nil, nil, "", err
	}
	return fsys, reg, dir, nil
}

// corpusFS is the corpus to read: TRUSTWATCH_CORPUS, opened with
// corpus.Open so that nothing read leaves it (close it with closeCorpus),
// or the built-in sample.
func (c config) corpusFS() (fs.FS, error) {
	if c.Corpus == "" {
		return corpus.Sample(), nil
	}
	st, err := os.Stat(c.Corpus)
	if err != nil {
		return nil, usageErr("TRUSTWATCH_CORPUS=%s: %v", c.Corpus, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return nil, usageErr("TRUSTWATCH_CORPUS=%s is not a folder", c.Corpus)
	}
	d, err := corpus.Open(c.Corpus)
	if err != nil {
		return nil, usageErr("TRUSTWATCH_CORPUS=%s: %v", c.Corpus, errors.Unwrap(err))
	}
	return d, nil
}

// closeCorpus closes what corpusFS opened, if anything.
func closeCorpus(fsys fs.FS) {
	if c, ok := fsys.(io.Closer); ok {
		c.Close()
	}
}

// indexDir is where the index lives: TRUSTWATCH_INDEX; else, for the
// built-in sample, nowhere (it is indexed in memory in a few milliseconds);
// else a folder per corpus in the user's cache directory, so that running
// trustwatch leaves nothing in the working folder.
func (c config) indexDir() (string, error) {
	if c.Index != "" {
		return c.Index, nil
	}
	if c.Corpus == "" {
		return "", nil
	}
	abs, err := filepath.Abs(c.Corpus)
	if err != nil {
		return "", fmt.Errorf("resolve corpus folder %s: %w", c.Corpus, err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", usageErr("no cache folder for the index (%v): set TRUSTWATCH_INDEX", err)
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "trustwatch", filepath.Base(abs)+"-"+hex.EncodeToString(sum[:6])), nil
}

// registry is the built-in vendor registry, extended or overridden by
// TRUSTWATCH_VENDORS.
func (c config) registry() (*corpus.Registry, error) {
	reg := corpus.Builtin()
	if c.Vendors == "" {
		return reg, nil
	}
	data, err := os.ReadFile(c.Vendors)
	if err != nil {
		return nil, usageErr("TRUSTWATCH_VENDORS: %v", err)
	}
	extra, err := corpus.LoadRegistry(data)
	if err != nil {
		return nil, usageErr("TRUSTWATCH_VENDORS=%s: %v", c.Vendors, err)
	}
	return reg.Merge(extra), nil
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
