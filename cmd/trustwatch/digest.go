package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

func init() {
	register("digest", "print the digest of what the corpus gained; --post posts it to Slack", cmdDigest)
}

const digestDoc = `
Prints the digest: the quotations the corpus gained since the last digest,
grouped by vendor, with what changed in vendors' positions at the top. The
index is brought up to date first.

"Since the last digest" is the end of the last digest posted to
TRUSTWATCH_DIGEST_CHANNEL; before any, the 24 hours before now (or back to
the schedule's previous slot, when that is further). A quotation is new
when it was first indexed in that span, whatever its article's date: on a
fresh index, everything is new. --since replaces that start.

--post posts it to TRUSTWATCH_DIGEST_CHANNEL and to every channel
subscribed with /trust subscribe, for the schedule's latest slot
(TRUSTWATCH_DIGEST_SCHEDULE in TRUSTWATCH_TIMEZONE), at most once per slot
and channel whoever posts it (this command or a running bot): a second
run for the same slot posts nothing and says so. A slot with nothing new
posts nothing unless TRUSTWATCH_DIGEST_EMPTY=true. Needs SLACK_BOT_TOKEN
and TRUSTWATCH_DIGEST_CHANNEL.

When another trustwatch process (serve) holds the index, the digest is
read from the article files modified since its start, indexed in memory
for the occasion, whatever the corpus's size: a quotation is then new
when its file was modified in that span, and vendors' earlier positions
come from the other files.

Each digest post carries its slot in Slack message metadata. A post cut
short (a process killed in the middle of it, a timeout) is looked for in
the channel's history before the slot is posted again; when that history
cannot be read, the slot is not posted again, and this command says so:
late or never rather than twice.

The record of slots posted and of subscriptions is the file
trustwatch-state.db in the folder that holds the index folder (for the
built-in sample, the user's cache folder).`

func cmdDigest(ctx context.Context, a *app, args []string) error {
	fl := a.newFlags("digest", "[--since DURATION] [--json] [--post]", digestDoc)
	sinceFlag := fl.String("since", "", "start from this long ago instead of the last digest: a duration such as 24h, 90m or 7d")
	asJSON := fl.Bool("json", false, "print the digest (with --post, what was done per channel) as JSON")
	post := fl.Bool("post", false, "post it to the digest channel and the subscribed channels, once per scheduled slot")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageErr("digest takes no arguments (got %q)", strings.Join(fl.Args(), " "))
	}
	var back time.Duration
	if *sinceFlag != "" {
		var err error
		if back, err = parseSince(*sinceFlag); err != nil {
			return usageErr("digest: --since %q: %v", *sinceFlag, err)
		}
	}
	cfg := a.cfg
	need := cfg.sourceNeeds()
	if *post {
		need = append(need, cfg.slackNeeds(false)...)
		if cfg.DigestChannel == "" {
			need = append(need, errors.New("TRUSTWATCH_DIGEST_CHANNEL is not set: set it to the ID of the channel the digest goes to (C…)"))
		}
	}
	if err := a.ready(need...); err != nil {
		return err
	}
	sched := cfg.Schedule
	stateDir, err := cfg.stateDir()
	if err != nil {
		return err
	}
	var store bot.DigestStore = bot.NewStore(filepath.Join(stateDir, bot.StateFile), bot.StoreOptions{})
	if cfg.DatabaseURL != "" {
		st, closeState, err := cfg.openState(ctx, a.log)
		if err != nil {
			return err
		}
		defer closeState()
		store = st
	}
	d := newDigester(a, store, nil)
	now := time.Now()
	slot := sched.Prev(now)
	if *post && *sinceFlag == "" {
		// Nothing to do is found before the slow part, opening the index
		// (which a running bot may hold).
		if outs, done, err := alreadyDone(ctx, d, slot); err != nil {
			return err
		} else if done {
			return printOutcomes(a, outs, *asJSON)
		}
	}

	var since time.Time
	if back > 0 {
		since = now.Add(-back)
	}
	// start is where the earliest digest to be made starts, for when the
	// index is held by another process.
	start := func() (time.Time, error) {
		if !since.IsZero() {
			return since, nil
		}
		if !*post {
			return d.Since(ctx, cfg.DigestChannel, now)
		}
		targets, err := d.Targets(ctx)
		if err != nil {
			return time.Time{}, err
		}
		from := now
		for _, t := range targets {
			s, err := d.Since(ctx, t.Channel, slot)
			if err != nil {
				return time.Time{}, err
			}
			if s.Before(from) {
				from = s
			}
		}
		return from, nil
	}
	ix, err := openDigestIndex(ctx, a, start)
	if err != nil {
		return err
	}
	defer ix.Close()
	setDigestIndex(a, d, ix)

	if *post {
		outs, err := d.PostSlot(ctx, slot, since)
		if perr := printOutcomes(a, outs, *asJSON); perr != nil {
			return perr
		}
		if err != nil {
			fmt.Fprintln(a.stderr, "trustwatch:", err)
			return errReported
		}
		return nil
	}

	if since.IsZero() {
		if since, err = d.Since(ctx, cfg.DigestChannel, now); err != nil {
			return err
		}
	}
	dg, err := digest.BuildDigest(ctx, d.Source, d.Registry, since.In(sched.Location()), now, nil)
	if err != nil {
		return err
	}
	dg = shownDigest(dg)
	if *asJSON {
		b, err := json.MarshalIndent(dg, "", "  ")
		if err != nil {
			return fmt.Errorf("encode digest: %w", err)
		}
		_, err = fmt.Fprintf(a.stdout, "%s\n", b)
		return err
	}
	renderDigest(a.stdout, dg, termStyle{color: isTerminal(a.stdout) && a.getenv("NO_COLOR") == "", width: termWidth(a.getenv)})
	return nil
}

// newDigester is the digest of serve and `digest`, built from the
// configuration in this one place: its schedule and time zone, its
// channel, TRUSTWATCH_DIGEST_EMPTY, Slack's poster and history, the
// Outcome hook; store keeps its claims and subscriptions, ix (nil: set
// later) is where it reads what is new.
func newDigester(a *app, store digest.Store, ix digestIndex) *digest.Digester {
	cfg := a.cfg
	d := &digest.Digester{
		Store:     store,
		Schedule:  cfg.Schedule,
		Channel:   cfg.DigestChannel,
		PostEmpty: cfg.DigestEmpty,
		Log:       a.log,
		Post:      bot.SlackPoster(cfg.BotToken, cfg.APIURL, cfg.Command, a.log),
		History:   bot.SlackHistory(cfg.BotToken, cfg.APIURL, a.log),
		Outcome:   a.hooks.digest,
	}
	if ix != nil {
		setDigestIndex(a, d, ix)
	}
	return d
}

// setDigestIndex makes ix where d reads what is new, with the corrections
// in d's store (the bot's state) applied, as answers apply them.
func setDigestIndex(a *app, d *digest.Digester, ix digestIndex) {
	cs, _ := d.Store.(bot.CorrectionStore)
	d.Source, d.Registry = bot.CorrectedSource(ix, cs, ix.Registry(), a.log), ix.Registry()
}

// digestIndex is where the digest reads what is new.
type digestIndex interface {
	digest.DigestSource
	Registry() *corpus.Registry
	Close() error
}

// openDigestIndex opens and updates the configured index. When another
// process (serve) holds it, the digest is read from the article files
// changed since start() instead (see recentSource), and stderr says so.
func openDigestIndex(ctx context.Context, a *app, start func() (time.Time, error)) (digestIndex, error) {
	fsys, reg, dir, err := a.cfg.sources()
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(dir, index.Options{Registry: reg})
	if errors.Is(err, index.ErrBusy) {
		// The recent source reads older files lazily: it keeps the corpus
		// open and closes it with itself.
		from, err := start()
		if err != nil {
			closeCorpus(fsys)
			return nil, err
		}
		r, err := openRecent(ctx, fsys, reg, from)
		if err != nil {
			closeCorpus(fsys)
			return nil, err
		}
		fmt.Fprintf(a.stderr, "trustwatch: the index at %s is in use by another trustwatch process (serve?); the digest comes from the %s modified since %s\n",
			dir, plural(len(r.files), "article file"), from.Format("Mon 2 Jan 15:04 MST"))
		return r, nil
	}
	defer closeCorpus(fsys)
	if err != nil {
		return nil, err
	}
	if _, err := ix.Sync(ctx, fsys, nil); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// claimWait bounds the wait for another process that is posting the slot
// right now (a running bot at its slot).
const claimWait = 15 * time.Second

// alreadyDone reports whether slot is done, or being done by another
// process, for every channel the digest goes to, with what the record
// says of each. A post in progress is waited for a little, so that its
// outcome can be told.
func alreadyDone(ctx context.Context, d *digest.Digester, slot time.Time) ([]digest.Outcome, bool, error) {
	targets, err := d.Targets(ctx)
	if err != nil {
		return nil, false, err
	}
	id := d.Schedule.SlotID(slot)
	deadline := time.Now().Add(claimWait)
	var outs []digest.Outcome
	for _, t := range targets {
		for {
			rec, ok, err := d.Store.Slot(ctx, t.Channel, id)
			switch {
			case err != nil:
				return nil, false, err
			case !ok || (!rec.Done() && (time.Since(rec.ClaimedAt) > bot.DefaultStaleClaim || rec.OwnerGone())):
				return nil, false, nil // to do, or claimed by a process that died
			case rec.Done():
				outs = append(outs, digest.Outcome{Channel: t.Channel, Slot: id, Status: digest.StatusDone, TS: rec.TS, Record: rec})
			case time.Now().After(deadline):
				outs = append(outs, digest.Outcome{Channel: t.Channel, Slot: id, Status: digest.StatusClaimed, Record: rec})
			default:
				select {
				case <-ctx.Done():
					return nil, false, ctx.Err()
				case <-time.After(100 * time.Millisecond):
				}
				continue
			}
			break
		}
	}
	return outs, len(outs) > 0, nil
}

// printOutcomes says what --post did in each channel.
func printOutcomes(a *app, outs []digest.Outcome, asJSON bool) error {
	outs = shownOutcomes(outs)
	if asJSON {
		b, err := json.MarshalIndent(outs, "", "  ")
		if err != nil {
			return fmt.Errorf("encode outcomes: %w", err)
		}
		_, err = fmt.Fprintf(a.stdout, "%s\n", b)
		return err
	}
	for _, o := range outs {
		switch o.Status {
		case digest.StatusPosted:
			fmt.Fprintf(a.stdout, "posted the digest for this slot (%s) to %s: %s\n", o.Slot, o.Channel, plural(o.Digest.Quotes, "new quotation"))
		case digest.StatusDone:
			if o.Record.Empty {
				fmt.Fprintf(a.stdout, "already done for this slot (%s) in %s: there was nothing new\n", o.Slot, o.Channel)
			} else {
				fmt.Fprintf(a.stdout, "already posted for this slot (%s) to %s\n", o.Slot, o.Channel)
			}
		case digest.StatusClaimed:
			fmt.Fprintf(a.stdout, "this slot (%s) is being posted to %s by another process (%s)\n", o.Slot, o.Channel, o.Record.Owner)
		case digest.StatusNothing:
			fmt.Fprintf(a.stdout, "nothing new for this slot (%s) in %s since %s: nothing posted (TRUSTWATCH_DIGEST_EMPTY=true posts \"nothing new\")\n",
				o.Slot, o.Channel, o.Digest.Since.Format("Mon 2 Jan 15:04 MST"))
		case digest.StatusUnverified:
			fmt.Fprintf(a.stdout, "not posted for this slot (%s) to %s: it may have been posted already and the channel's history could not be read to tell: %v\n", o.Slot, o.Channel, o.Err)
		case digest.StatusFailed:
			fmt.Fprintf(a.stdout, "not posted for this slot (%s) to %s: %v\n", o.Slot, o.Channel, o.Err)
		}
	}
	return nil
}

// parseSince reads a duration: Go's ("24h", "90m") or days ("7d", "1d12h").
func parseSince(s string) (time.Duration, error) {
	var days int64
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.ParseInt(s[:i], 10, 32)
		if err != nil {
			return 0, errors.New("want a duration such as 24h, 90m or 7d")
		}
		days, s = n, s[i+1:]
	}
	var rest time.Duration
	if s != "" {
		var err error
		if rest, err = time.ParseDuration(s); err != nil {
			return 0, errors.New("want a duration such as 24h, 90m or 7d")
		}
	}
	d := time.Duration(days)*24*time.Hour + rest
	if d <= 0 {
		return 0, errors.New("want a duration longer than zero, such as 24h or 7d")
	}
	return d, nil
}

// stateDir is the folder of trustwatch's own state (digest slots posted,
// channels subscribed): the folder that holds the index folder, so that
// it outlives a rebuilt or deleted index; for the built-in sample, which
// is indexed in memory, the user's cache folder's trustwatch folder.
func (c config) stateDir() (string, error) {
	dir, err := c.indexDir()
	if err != nil {
		return "", err
	}
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("resolve index folder %s: %w", dir, err)
		}
		return filepath.Dir(abs), nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", usageErr("no cache folder for the digest's state (%v): set TRUSTWATCH_INDEX", err)
	}
	return filepath.Join(cache, "trustwatch"), nil
}

// renderDigest prints a digest for a person at a terminal.
func renderDigest(w io.Writer, d digest.Digest, st termStyle) {
	since := d.Since.Format("Mon 2 Jan 2006 15:04 MST")
	if d.Empty() {
		fmt.Fprintf(w, "Nothing new in the corpus since %s.\n", since)
		return
	}
	fmt.Fprintln(w, st.bold(fmt.Sprintf("trustwatch digest — %s since %s", plural(d.Quotes, "new quotation"), since)))
	if len(d.Changes) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, st.bold("What changed"))
		for _, c := range d.Changes {
			line := cmpOr(c.Name, c.Vendor)
			switch c.Kind {
			case digest.ChangeReversal:
				line += fmt.Sprintf(" reversed: now %s, after %s before", labelNames(c.Labels), c.Was)
			case digest.ChangeFirst:
				line += " is on record for the first time: " + labelNames(c.Labels)
			default:
				line += " takes a new position: " + labelNames(c.Labels)
			}
			if c.Quote.Speaker != "" {
				line += " (" + c.Quote.Speaker + ")"
			}
			fmt.Fprintln(w, "- "+line)
		}
		if d.MoreChanges > 0 {
			fmt.Fprintf(w, "  and %d more\n", d.MoreChanges)
		}
	}
	for _, g := range d.Vendors {
		fmt.Fprintln(w)
		name := cmpOr(g.Name, "Not tied to a vendor")
		fmt.Fprintln(w, st.bold(name)+st.dim(" — "+labelNames(g.Labels)))
		for _, q := range g.Quotes {
			for j, l := range wrap("“"+q.Text+"”", st.width-4) {
				prefix := "  - "
				if j > 0 {
					prefix = "    "
				}
				fmt.Fprintln(w, prefix+l)
			}
			who := cmpOr(q.Speaker, "unattributed")
			if q.SpeakerTitle != "" {
				who += ", " + q.SpeakerTitle
			}
			fmt.Fprintln(w, "    — "+who+st.dim(" · "+labelNames(q.Labels)))
			fmt.Fprintln(w, "    "+st.dim(cite(q.Article)))
			if q.Article.URL != "" {
				fmt.Fprintln(w, "    "+st.dim(q.Article.URL))
			}
		}
		if g.More > 0 {
			more := fmt.Sprintf("  and %d more", g.More)
			if g.Vendor != "" {
				more += " — trustwatch ask --vendor " + g.Vendor + " …"
			}
			fmt.Fprintln(w, st.dim(more))
		}
	}
	if len(d.MoreVendors) > 0 {
		var names []string
		for _, g := range d.MoreVendors {
			names = append(names, fmt.Sprintf("%s (%d)", cmpOr(g.Name, "not tied to a vendor"), g.More))
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "and %d more vendors: %s\n", len(d.MoreVendors), strings.Join(names, ", "))
	}
}

// labelNames is labels as the contract writes them.
func labelNames(ls []corpus.Label) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = string(l)
	}
	return strings.Join(s, ", ")
}
