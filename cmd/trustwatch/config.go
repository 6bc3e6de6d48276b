package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/corpus/feed"
)

// config is trustwatch's configuration, read once at start from the
// environment (and a .env file, which the real environment overrides).
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
	// FeedsAllow is TRUSTWATCH_FEEDS_ALLOW_PRIVATE: the addresses that
	// are not public which feeds may reach.
	FeedsAllow feed.Allow
	// Schedule is DigestSchedule in Timezone, checked at start.
	Schedule digest.Schedule
	// DigestEmpty is TRUSTWATCH_DIGEST_EMPTY: a slot with nothing new
	// posts "nothing new" rather than nothing.
	DigestEmpty bool
	// FeedInterval is TRUSTWATCH_FEED_INTERVAL, how often serve polls
	// the feeds.
	FeedInterval time.Duration
	// UserRate and ChannelRate are TRUSTWATCH_RATE_USER and
	// TRUSTWATCH_RATE_CHANNEL: how many mentions, direct messages and
	// thread replies serve answers per person and per channel.
	UserRate    bot.Rate
	ChannelRate bot.Rate
	// DatabaseURL is TRUSTWATCH_DATABASE_URL: the PostgreSQL database
	// replicas share their state in; "" is the local state file.
	DatabaseURL string
	// Correctors is TRUSTWATCH_CORRECTORS: the Slack users and user
	// groups allowed to correct quotations; none is every member.
	Correctors []string
	// CPUProfile is TRUSTWATCH_CPUPROFILE: a file that the command's CPU
	// profile (runtime/pprof) is written to, for `go tool pprof`; "" is
	// none.
	CPUProfile string
}

// loadConfig reads every variable and reports every problem at once, on
// one line, each naming the variable to set. Commands see the problems
// through app.ready, together with what they need themselves.
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
		CPUProfile:     get("TRUSTWATCH_CPUPROFILE"),
	}
	var errs []error
	if c.APIURL != "" {
		if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("SLACK_API_URL=%q is not an http(s) URL: set it to a Web API base URL such as https://slack.com/api/, or leave it unset", c.APIURL))
		}
	}
	if c.Command == "" {
		c.Command = "/trust"
	} else if !strings.HasPrefix(c.Command, "/") || strings.ContainsAny(c.Command, " \t") {
		errs = append(errs, fmt.Errorf("TRUSTWATCH_COMMAND=%q: set it to a slash command such as /trust", c.Command))
	}
	if c.DigestSchedule == "" {
		c.DigestSchedule = digest.DefaultSchedule
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
	if c.Schedule, err = digest.ParseSchedule(c.DigestSchedule, c.Timezone); err != nil {
		errs = append(errs, fmt.Errorf("TRUSTWATCH_DIGEST_SCHEDULE=%q: %v: set it to a cron expression (minute hour day month weekday) such as 0 9 * * 1-5", c.DigestSchedule, err))
	}
	if s := get("TRUSTWATCH_DIGEST_EMPTY"); s != "" {
		if c.DigestEmpty, err = strconv.ParseBool(s); err != nil {
			errs = append(errs, fmt.Errorf("TRUSTWATCH_DIGEST_EMPTY=%q: set it to true or false", s))
		}
	}
	if c.FeedInterval, err = feedInterval(getenv); err != nil {
		errs = append(errs, err)
	}
	for _, f := range strings.Split(get("TRUSTWATCH_FEEDS"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if u, err := url.Parse(f); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("TRUSTWATCH_FEEDS: %q is not an http(s) URL", f))
			continue
		}
		c.Feeds = append(c.Feeds, f)
	}
	if c.FeedsAllow, err = feedsAllowPrivate(get("TRUSTWATCH_FEEDS_ALLOW_PRIVATE")); err != nil {
		errs = append(errs, err)
	}
	c.UserRate, c.ChannelRate = bot.DefaultUserRate, bot.DefaultChannelRate
	for _, r := range []struct {
		name string
		rate *bot.Rate
	}{{"TRUSTWATCH_RATE_USER", &c.UserRate}, {"TRUSTWATCH_RATE_CHANNEL", &c.ChannelRate}} {
		if s := get(r.name); s != "" {
			def := *r.rate
			if *r.rate, err = bot.ParseRate(s); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: set it to a count per duration such as %s (the default), or leave it unset", r.name, s, def))
			}
		}
	}
	if c.Correctors, err = bot.ParseCorrectors(get("TRUSTWATCH_CORRECTORS")); err != nil {
		errs = append(errs, fmt.Errorf("TRUSTWATCH_CORRECTORS: %v: set it to comma-separated Slack user ids (U…, W…) or user-group ids (S…), or leave it empty to let every member correct", err))
	}
	c.DatabaseURL = get("TRUSTWATCH_DATABASE_URL")
	if err := checkDatabaseURL(c.DatabaseURL); err != nil {
		errs = append(errs, err)
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
	return c, oneLine(errs)
}

// problems are configuration mistakes, said together on one line: the
// contract's "one line that says what to set".
type problems []error

func (p problems) Error() string {
	parts := make([]string, len(p))
	for i, e := range p {
		parts[i] = strings.Join(strings.Fields(e.Error()), " ")
	}
	return strings.Join(parts, "; ")
}

// oneLine is errs as one problems error, flattening joined errors and
// problems nested in them; nil when there are none.
func oneLine(errs []error) error {
	var out problems
	var add func(error)
	add = func(err error) {
		switch e := err.(type) {
		case nil:
		case problems:
			for _, x := range e {
				add(x)
			}
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				add(x)
			}
		default:
			out = append(out, err)
		}
	}
	for _, err := range errs {
		add(err)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ready is what a command calls once its flags are read: the
// configuration's problems and the command's own needs (need), all in one
// usage error of one line; nil when there are none.
func (a *app) ready(need ...error) error {
	if err := oneLine(append([]error{a.cfgErr}, need...)); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// slackNeeds says what is missing of the tokens a command needs, naming
// each variable to set. It never shows a token.
func (c config) slackNeeds(needApp bool) []error {
	if needApp && c.BotToken == "" && c.AppToken == "" {
		return []error{errors.New("SLACK_BOT_TOKEN and SLACK_APP_TOKEN are not set: set them to the app's bot token (xoxb-…) and an app-level token with connections:write (xapp-…)")}
	}
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
	return errs
}

// sourceNeeds says what is wrong with the corpus folder and the vendor
// registry, for a command that checks them with the rest of its needs
// (sources reads them again).
func (c config) sourceNeeds() []error {
	var errs []error
	if c.Corpus != "" {
		// As corpusFS checks it, without opening anything.
		if st, err := os.Stat(c.Corpus); err != nil {
			errs = append(errs, fmt.Errorf("TRUSTWATCH_CORPUS=%s: %v", c.Corpus, errors.Unwrap(err)))
		} else if !st.IsDir() {
			errs = append(errs, fmt.Errorf("TRUSTWATCH_CORPUS=%s is not a folder", c.Corpus))
		}
	}
	if _, err := c.registry(); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// sources is what every command that searches starts from: the corpus,
// the vendor registry and the index folder.
func (c config) sources() (fs.FS, *corpus.Registry, string, error) {
	fsys, err := c.corpusFS()
	if err != nil {
		return nil, nil, "", err
	}
	reg, dir, err := c.indexSources()
	if err != nil {
		closeCorpus(fsys)
		return nil, nil, "", err
	}
	return fsys, reg, dir, nil
}

// indexSources is what sources says besides the corpus: the vendor
// registry and the index folder.
func (c config) indexSources() (*corpus.Registry, string, error) {
	reg, err := c.registry()
	if err != nil {
		return nil, "", err
	}
	dir, err := c.indexDir()
	if err != nil {
		return nil, "", err
	}
	return reg, dir, nil
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

// feedsAllowPrivate reads TRUSTWATCH_FEEDS_ALLOW_PRIVATE, the addresses
// that are not public which feeds may reach: "true" (all), "false" or
// nothing (none), or comma-separated networks (CIDR, or single
// addresses).
func feedsAllowPrivate(s string) (feed.Allow, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "false":
		return feed.Allow{}, nil
	case "true":
		return feed.Allow{All: true}, nil
	}
	var allow feed.Allow
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		p, err := netip.ParsePrefix(n)
		if err != nil {
			a, aerr := netip.ParseAddr(n)
			if aerr != nil {
				return feed.Allow{}, fmt.Errorf("TRUSTWATCH_FEEDS_ALLOW_PRIVATE=%q: %q is not a network: set it to true, or to comma-separated networks such as 10.0.0.0/8,fd00::/8", s, n)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		allow.Networks = append(allow.Networks, p.Masked())
	}
	return allow, nil
}
