package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/trustwatch/trustwatch/bot/digest"
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// The App Home: dispatch hands app_home_opened events (tab "home") and
// clicks in the Home tab to serveHome, which applies a click's change of
// subscription and publishes the caller's Home tab again (views.publish).

// fromHome is a request about the Home tab: it opened, or a button in it
// was clicked (request.home).
const fromHome source = 100

// homeClick is a Subscribe or Unsubscribe click in the Home tab, with the
// channel and vendors chosen in the view's selects.
type homeClick struct {
	subscribe bool
	channel   string
	vendors   []string // vendor ids; none is every vendor
}

// homeOpened reads an app_home_opened event: only the Home tab is
// answered (the Messages tab opening needs nothing).
func (b *Bot) homeOpened(req request, payload json.RawMessage) (request, bool) {
	var p struct {
		Event struct {
			User string `json:"user"`
			Tab  string `json:"tab"`
		} `json:"event"`
	}
	if err := json.Unmarshal(payload, &p); err != nil || p.Event.User == "" || p.Event.Tab != "home" {
		return req, false
	}
	req.source, req.user = fromHome, p.Event.User
	return req, true
}

// homeAction reads a click in the Home tab. Choosing in a select only
// changes the view's state, which the buttons read; it needs nothing.
func (b *Bot) homeAction(req request, cb slack.InteractionCallback) (request, bool) {
	var click *homeClick
	for _, a := range cb.ActionCallback.BlockActions {
		switch a.ActionID {
		case HomeSubscribeActionID:
			click = &homeClick{subscribe: true}
		case HomeUnsubscribeActionID:
			click = &homeClick{}
		}
	}
	if click == nil || cb.User.ID == "" {
		return req, false
	}
	var values map[string]map[string]slack.BlockAction
	if cb.View.State != nil {
		values = cb.View.State.Values
	}
	if len(values) == 0 && cb.BlockActionState != nil {
		values = cb.BlockActionState.Values
	}
	for _, block := range values {
		for id, v := range block {
			switch id {
			case HomeChannelActionID:
				click.channel = cmp.Or(v.SelectedConversation, v.SelectedChannel)
			case HomeVendorsActionID:
				for _, o := range v.SelectedOptions {
					click.vendors = append(click.vendors, o.Value)
				}
			}
		}
	}
	req.source, req.user, req.home = fromHome, cb.User.ID, click
	return req, true
}

// homeTimeout bounds gathering and publishing one Home tab.
const homeTimeout = 20 * time.Second

// serveHome applies a click, if any, and publishes the user's Home tab.
func (b *Bot) serveHome(ctx context.Context, req request) {
	log := b.log.With("envelope_id", req.envelopeID, "source", "home")
	ctx, cancel := context.WithTimeout(ctx, homeTimeout)
	defer cancel()
	if err := b.acquire(ctx); err != nil {
		log.Error("home not published", "err", err)
		return
	}
	defer func() { <-b.slots }()
	d, _ := b.digester() // nil: a Home tab without the digest's part
	var notice string
	if req.home != nil {
		notice = b.homeChange(ctx, d, req.user, *req.home)
	}
	info, err := b.homeInfo(ctx, d)
	if err != nil {
		log.Error("home incomplete", "err", err) // still published, with what was read
	}
	info.Notice = notice
	view := RenderHome(info)
	err = b.post.retry(ctx, "views.publish", func() error {
		_, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: req.user, View: view})
		return err
	})
	if err != nil {
		log.Error("home not published", "err", fmt.Errorf("views.publish for %s: %w", req.user, err))
		return
	}
	log.Info("home published", "blocks", len(view.Blocks.BlockSet), "click", req.home != nil)
}

// homeChange applies a Subscribe or Unsubscribe click through the same
// store methods as `/trust subscribe`, and says what it did (mrkdwn).
func (b *Bot) homeChange(ctx context.Context, d *digestView, user string, c homeClick) string {
	if d == nil || d.Store == nil {
		return "Subscriptions need a state folder on the bot; ask whoever runs it to set one."
	}
	if !channelID.MatchString(c.channel) {
		return ":warning: Pick a channel first, then press *Subscribe* or *Unsubscribe*."
	}
	var ids []string
	for _, v := range c.vendors {
		vd, ok := d.Registry.Vendor(v)
		if !ok {
			return fmt.Sprintf(":warning: I do not know the vendor %s; pick one from the list.", Escape(shorten(oneLine(v), maxName)))
		}
		if !slices.Contains(ids, vd.ID) {
			ids = append(ids, vd.ID)
		}
	}
	ch := channelRef(c.channel)
	if c.subscribe {
		s, err := d.Store.Subscribe(ctx, c.channel, ids, user)
		if err != nil {
			b.log.Error("home subscribe failed", "channel", c.channel, "err", err)
			return ":warning: I could not save that subscription; try again in a minute."
		}
		what := "every vendor"
		if len(s.Vendors) > 0 {
			what = d.vendorNames(s.Vendors)
		}
		return ":white_check_mark: " + ch + " will get the digest for " + what + ", " + d.when() + "."
	}
	rest, was, err := d.Store.Unsubscribe(ctx, c.channel, ids)
	if err != nil {
		b.log.Error("home unsubscribe failed", "channel", c.channel, "err", err)
		return ":warning: I could not change that subscription; try again in a minute."
	}
	switch {
	case !was:
		return ch + " was not subscribed to the digest."
	case rest.Channel == "":
		return ":white_check_mark: " + ch + " will no longer get the digest."
	case len(rest.Vendors) == 0:
		return ch + " gets the digest for every vendor; *Unsubscribe* with no vendor picked stops it."
	}
	return ":white_check_mark: " + ch + " will get the digest for " + d.vendorNames(rest.Vendors) + " only."
}

// homeInfo gathers what the Home tab shows. An error leaves out what
// could not be read; the rest is still worth showing.
func (b *Bot) homeInfo(ctx context.Context, d *digestView) (HomeInfo, error) {
	h := HomeInfo{Command: b.cfg.Command, BotUserID: b.identity().UserID}
	if d != nil {
		h.DigestChannel, h.CanSubscribe = d.Channel, d.Store != nil
	}
	var errs []error
	st, err := b.cfg.Index.Stats(ctx)
	if err != nil {
		errs = append(errs, fmt.Errorf("describe the corpus: %w", err))
	}
	for _, v := range st.Vendors {
		h.Choices = append(h.Choices, VendorCount{ID: v.ID, Name: v.Name, Quotes: v.Quotes})
	}
	slices.SortStableFunc(h.Choices, func(a, b VendorCount) int {
		return cmp.Or(cmp.Compare(b.Quotes, a.Quotes), cmp.Compare(a.Name, b.Name))
	})

	// What is new this month: the digest's source, else the index's.
	src, _ := b.cfg.Index.(digest.DigestSource)
	reg := corpus.Builtin()
	if r, ok := b.cfg.Index.(interface{ Registry() *corpus.Registry }); ok && r.Registry() != nil {
		reg = r.Registry()
	}
	if d != nil {
		src, reg = d.Source, d.Registry
	}
	src = CorrectedSource(src, b.correctionStore(), reg, b.log) // as answers show them
	now := time.Now().In(b.cfg.Location)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location())
	var quotes []index.AnswerQuote
	if src != nil {
		if quotes, err = src.Since(ctx, month); err != nil {
			errs = append(errs, fmt.Errorf("read this month's quotations: %w", err))
		}
	}
	h.Month = len(quotes) > 0
	if h.Month {
		vendors, topics := map[string]int{}, map[corpus.Topic]int{}
		for _, q := range quotes {
			if q.Vendor != "" {
				vendors[q.Vendor]++
			}
			for _, t := range q.Topics {
				topics[t]++
			}
		}
		for id, n := range vendors {
			h.Vendors = append(h.Vendors, VendorCount{ID: id, Name: digest.VendorName(reg, id), Quotes: n})
		}
		for t, n := range topics {
			h.Topics = append(h.Topics, TopicCount{Topic: t, Quotes: n})
		}
		dg, err := digest.BuildDigest(ctx, src, reg, month, now, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("read this month's changes: %w", err))
		}
		h.Changes, h.MoreChanges = dg.Changes, dg.MoreChanges
	} else {
		h.Vendors = slices.Clone(h.Choices)
	}
	slices.SortFunc(h.Vendors, func(a, b VendorCount) int {
		return cmp.Or(cmp.Compare(b.Quotes, a.Quotes), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(h.Topics, func(a, b TopicCount) int {
		return cmp.Or(cmp.Compare(b.Quotes, a.Quotes), cmp.Compare(a.Topic, b.Topic))
	})

	if d != nil && d.Store != nil {
		subs, err := d.Store.Subscriptions(ctx)
		if err != nil {
			errs = append(errs, err)
		}
		for _, s := range subs {
			if s.Channel == d.Channel {
				continue // listed as the digest channel
			}
			hs := HomeSubscription{Channel: s.Channel}
			for _, id := range s.Vendors {
				hs.Vendors = append(hs.Vendors, digest.VendorName(d.Registry, id))
			}
			h.Subscriptions = append(h.Subscriptions, hs)
		}
	}
	return h, errors.Join(errs...)
}
