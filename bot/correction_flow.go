package bot

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// How corrections and thumbs travel: a choice in a quotation's menu, a
// thumb or an Undo is a block_actions click (fromClick), answered on a
// worker by serveClick; the correction modal's submission is a
// view_submission, validated and stored before its ack (submitCorrection)
// since only the ack can show errors in the modal.

// fromClick is a click on a correction menu, a thumb or an Undo button
// (request.click).
const fromClick source = 101

// UndoActionID is the action_id of the Undo button under a confirmation.
const UndoActionID = "undo_correction"

// click is what a fromClick request asks.
type click struct {
	kind, ref   string // a choice in a quotation's menu
	vote        *Vote  // a thumb
	undo        string // the id of the correction to undo
	undoRef     string // the quotation whose latest correction to undo
	triggerID   string
	responseURL string
}

// quoteFinder is what corrections need of the index: finding a quotation
// by its stable Ref (*index.Index has it).
type quoteFinder interface {
	Quote(ctx context.Context, ref string) (index.AnswerQuote, bool, error)
}

// Timeouts of the correction flow: a click's answer (views.open must come
// within 3 s of the click, or its trigger expires), and the work done
// before a submission's ack.
const (
	clickTimeout  = 20 * time.Second
	submitTimeout = 2 * time.Second
)

// answerID is the shape of the answer ids the thumbs carry.
var answerID = regexp.MustCompile(`^A[0-9a-f]{16}$`)

// newAnswerID names one answer, for its thumbs.
func newAnswerID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "A" + hex.EncodeToString(b[:])
}

// correctionStore is the state's CorrectionStore, nil without a state.
func (b *Bot) correctionStore() CorrectionStore {
	if b.state == nil {
		return nil
	}
	return b.state
}

// feedbackStore is the state's FeedbackStore, nil without a state.
func (b *Bot) feedbackStore() FeedbackStore {
	if b.state == nil {
		return nil
	}
	return b.state
}

// fixes reads the corrections in force; without a store, or when it
// cannot be read, none (an answer is worth more than its corrections).
func (b *Bot) fixes(ctx context.Context) Fixes {
	return fixesIn(ctx, b.correctionStore(), b.log)
}

// withCorrections applies the corrections in force to answers and sets
// opt's correction menus, "corrected by" and thumbs for question.
func (b *Bot) withCorrections(ctx context.Context, opt *RenderOptions, question string, answers ...*index.Answer) {
	if b.correctionStore() == nil {
		return
	}
	_, canFind := b.cfg.Index.(quoteFinder)
	opt.Corrections = canFind
	fx := b.fixes(ctx)
	reg := b.registry()
	for _, a := range answers {
		for ref, by := range fx.Apply(a, reg) {
			if opt.Corrected == nil {
				opt.Corrected = map[string]string{}
			}
			opt.Corrected[ref] = by
		}
	}
	if b.feedbackStore() != nil {
		opt.FeedbackID, opt.FeedbackQuestion = newAnswerID(), question
	}
}

// clickAction reads a click on a correction menu, a thumb or an Undo.
func (b *Bot) clickAction(req request, cb slack.InteractionCallback) (request, bool) {
	for _, a := range cb.ActionCallback.BlockActions {
		c := &click{triggerID: cb.TriggerID, responseURL: cb.ResponseURL}
		switch a.ActionID {
		case CorrectActionID:
			kind, ref, ok := parseFixValue(a.SelectedOption.Value)
			if !ok {
				continue
			}
			if kind == undoFix {
				c.undoRef = ref
			} else {
				c.kind, c.ref = kind, ref
			}
		case FeedbackUpActionID, FeedbackDownActionID:
			var v feedbackValue
			if json.Unmarshal([]byte(a.Value), &v) != nil || !answerID.MatchString(v.Answer) {
				continue
			}
			c.vote = &Vote{Answer: v.Answer, Question: shorten(oneLine(v.Question), maxFeedbackQuestion), User: cb.User.ID, Up: a.ActionID == FeedbackUpActionID}
		case UndoActionID:
			if !correctionIDShape.MatchString(a.Value) {
				continue
			}
			c.undo = a.Value
		default:
			continue
		}
		if !userID.MatchString(cb.User.ID) {
			return req, false
		}
		req.source, req.user, req.click, req.responseURL = fromClick, cb.User.ID, c, cb.ResponseURL
		req.channel = cb.Channel.ID
		if req.channel == "" {
			req.channel = cb.Container.ChannelID
		}
		if cb.TriggerID != "" {
			req.dedupKey = "action:" + cb.TriggerID
		}
		return req, true
	}
	return req, false
}

// serveClick answers a fromClick request.
func (b *Bot) serveClick(ctx context.Context, req request) {
	ctx, cancel := context.WithTimeout(ctx, clickTimeout)
	defer cancel()
	c := req.click
	var say string
	replace := false
	switch {
	case c.vote != nil:
		say = b.vote(ctx, *c.vote)
	case c.undo != "":
		say, replace = b.undoClick(ctx, req.user, c.undo)
	case c.undoRef != "":
		say = "That quotation has no correction in force any more; nothing was changed."
		if ids := b.fixes(ctx)[c.undoRef].IDs; len(ids) > 0 {
			say, _ = b.undoClick(ctx, req.user, ids[len(ids)-1])
		}
	default:
		say = b.openCorrection(ctx, req)
	}
	if say == "" {
		return
	}
	if err := b.tell(ctx, req, say, replace); err != nil {
		b.log.Error("click not answered", "envelope_id", req.envelopeID, "channel", req.channel, "err", err)
	}
}

// tell shows text (mrkdwn, escaped) to whoever clicked, privately.
func (b *Bot) tell(ctx context.Context, req request, text string, replace bool) error {
	msg := Message{Text: plainFallback(text), Blocks: []slack.Block{slack.NewSectionBlock(mrkdwn(safeCut(text, maxSectionText)), nil, nil)}}
	if req.responseURL != "" {
		if err := b.post.respond(ctx, req.responseURL, response{Message: msg, Ephemeral: true, ReplaceOriginal: replace}); err == nil {
			return nil
		}
	}
	if req.channel == "" {
		return fmt.Errorf("tell %s: no response_url and no channel", req.user)
	}
	return b.post.ephemeral(ctx, req.channel, req.user, msg)
}

// Sentences of the correction flow.
const (
	sayNoStore    = "Corrections need a state store on the bot; ask whoever runs trustwatch to give it one."
	sayNotAllowed = "Sorry, only the people set in TRUSTWATCH_CORRECTORS may correct quotations here, and you are not one of them. Nothing was changed; ask whoever runs trustwatch if you should be."
	sayNoCheck    = "I could not check who may correct quotations (Slack did not tell me a user group's members). Nothing was changed; try again in a minute."
	sayGone       = "That quotation is no longer in the corpus (its article was removed or changed), so there is nothing to correct."
	sayNoSave     = "I could not save the correction; nothing was changed. Try again in a minute."
	sayStale      = "This form no longer works; pick the correction again from the quotation's ⋯ menu."
)

// mayCorrect says why user may not correct, or "" if they may.
func (b *Bot) mayCorrect(ctx context.Context, user string) string {
	ok, err := b.correctors.allowed(ctx, user)
	switch {
	case err != nil:
		b.log.Warn("correctors not read", "err", err)
		return sayNoCheck
	case !ok:
		return sayNotAllowed
	}
	return ""
}

// currentQuote finds the quotation ref as answers show it now, with the
// corrections in force; the bare index's version too.
func (b *Bot) currentQuote(ctx context.Context, ref string) (shown, indexed index.AnswerQuote, ok bool, err error) {
	qf, can := b.cfg.Index.(quoteFinder)
	if !can {
		return shown, indexed, false, nil
	}
	indexed, ok, err = qf.Quote(ctx, ref)
	if err != nil || !ok {
		return shown, indexed, ok, err
	}
	a := index.Answer{Quotes: []index.AnswerQuote{indexed}}
	b.fixes(ctx).Apply(&a, b.registry())
	if len(a.Quotes) == 0 {
		return indexed, indexed, true, nil // hidden: correct it as the index has it
	}
	return a.Quotes[0], indexed, true, nil
}

// openCorrection opens the correction modal for a menu choice, or says
// why not.
func (b *Bot) openCorrection(ctx context.Context, req request) string {
	c := req.click
	if b.correctionStore() == nil {
		return sayNoStore
	}
	if why := b.mayCorrect(ctx, req.user); why != "" {
		return why
	}
	q, _, ok, err := b.currentQuote(ctx, c.ref)
	if err != nil {
		b.log.Error("quotation not found", "err", err)
		return "I could not read that quotation from the index; try again in a minute."
	}
	if !ok {
		return sayGone
	}
	view := RenderCorrectionModal(c.kind, q, b.registry(), req.channel)
	err = b.post.retry(ctx, "views.open", func() error {
		_, err := b.api.OpenViewContext(ctx, c.triggerID, view)
		return err
	})
	if err != nil {
		b.log.Error("correction form not opened", "channel", req.channel, "err", fmt.Errorf("views.open: %w", err))
		return fmt.Sprintf("I could not open the correction form (%s); pick it again from the menu.", slackErrCode(err))
	}
	b.log.Info("correction form opened", "kind", c.kind, "channel", req.channel)
	return ""
}

// viewSubmission takes a view_submission envelope: a correction modal's
// is validated and stored, then acknowledged with errors or a notice for
// the modal, or nothing (the modal closes); others are acknowledged. It
// reports false for any other envelope.
func (b *Bot) viewSubmission(ctx context.Context, client *socketmode.Client, evt socketmode.Event, p *pool) bool {
	if evt.Type != socketmode.EventTypeInteractive || evt.Request == nil {
		return false
	}
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok || cb.Type != slack.InteractionTypeViewSubmission {
		return false
	}
	env := evt.Request
	if cb.View.CallbackID != CorrectionCallbackID {
		b.ack(ctx, client, env.EnvelopeID)
		return true
	}
	// The store and the index are read beside the loop, as admit does.
	b.admitting.Go(func() {
		b.admitSlots <- struct{}{}
		defer func() { <-b.admitSlots }()
		payload, done := b.submitCorrection(ctx, cb)
		actx, cancel := context.WithTimeout(ctx, ackTimeout)
		err := client.AckCtx(actx, env.EnvelopeID, payload)
		cancel()
		if err != nil {
			b.log.Error("ack failed", "envelope_id", env.EnvelopeID, "err", err)
		}
		if done != nil {
			p.submit(done)
		}
	})
	return true
}

// correctionIDShape is the shape of correction ids.
var correctionIDShape = regexp.MustCompile(`^c[0-9a-f]{16}$`)

// correctionID names the correction a modal submits: the same for a
// redelivery of the same submission, so that it is stored once.
func correctionID(viewID, hash string) string {
	sum := sha256.Sum256([]byte(viewID + "\x00" + hash))
	return "c" + hex.EncodeToString(sum[:8])
}

// submitCorrection validates and stores a correction modal's submission.
// It returns the ack's payload (nil closes the modal) and, once stored,
// the confirmation to post.
func (b *Bot) submitCorrection(ctx context.Context, cb slack.InteractionCallback) (any, func(context.Context)) {
	ctx, cancel := context.WithTimeout(ctx, submitTimeout)
	defer cancel()
	notice := func(text string) *slack.ViewSubmissionResponse {
		v := RenderModalNotice("Correction not saved", text)
		return slack.NewUpdateViewSubmissionResponse(&v)
	}
	var meta modalMeta
	user := cb.User.ID
	if json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta) != nil || fixLabels[meta.Kind] == "" || !userID.MatchString(user) {
		return notice(sayStale), nil
	}
	store := b.correctionStore()
	if store == nil {
		return notice(sayNoStore), nil
	}
	if why := b.mayCorrect(ctx, user); why != "" {
		b.log.Info("correction refused", "user", user, "kind", meta.Kind)
		return notice(why), nil
	}
	c := Correction{Quote: meta.Ref, Kind: meta.Kind, By: user, At: time.Now().UTC()}
	if errs := b.readFix(&c, cb); len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	_, indexed, ok, err := b.currentQuote(ctx, meta.Ref)
	if err != nil {
		b.log.Error("correction not saved", "err", err)
		return notice(sayNoSave), nil
	}
	if !ok {
		return notice(sayGone), nil
	}
	c.ID, c.Was = correctionID(cb.View.ID, cb.View.Hash), snapshot(indexed)
	if _, err := store.AddCorrection(ctx, c); err != nil {
		b.log.Error("correction not saved", "err", err)
		return notice(sayNoSave), nil
	}
	b.log.Info("correction saved", "id", c.ID, "kind", c.Kind, "user", user)
	b.cfg.Hooks.corrected(c)
	if meta.Channel == "" {
		return nil, nil
	}
	return nil, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, deliverTimeout)
		defer cancel()
		if err := b.post.ephemeral(ctx, meta.Channel, user, b.confirmation(c)); err != nil {
			b.log.Warn("correction not confirmed", "channel", meta.Channel, "err", err)
		}
	}
}

// readFix reads the modal's values into c, or says what is wrong with
// them, by input block. Nothing the user typed is repeated in a sentence.
func (b *Bot) readFix(c *Correction, cb slack.InteractionCallback) map[string]string {
	var values map[string]map[string]slack.BlockAction
	if cb.View.State != nil {
		values = cb.View.State.Values
	}
	value := func(block string) slack.BlockAction { return values[block][fixValueID] }
	errs := map[string]string{}
	switch c.Kind {
	case FixSpeaker:
		name := oneLine(value(fixSpeakerBlock).Value)
		title := oneLine(value(fixTitleBlock).Value)
		switch {
		case name == "":
			errs[fixSpeakerBlock] = "Give the name of the person who said it."
		case utf8.RuneCountInString(name) > maxName:
			errs[fixSpeakerBlock] = fmt.Sprintf("Keep the name under %d characters.", maxName)
		}
		if utf8.RuneCountInString(title) > maxRole {
			errs[fixTitleBlock] = fmt.Sprintf("Keep the role under %d characters.", maxRole)
		}
		c.Speaker, c.SpeakerTitle = name, title
	case FixVendor:
		name := oneLine(value(fixVendorBlock).Value)
		if name == "" {
			errs[fixVendorBlock] = "Give the vendor's name, such as Amazon Web Services."
			break
		}
		v, ok := b.vendorNamed(name)
		if !ok {
			errs[fixVendorBlock] = "I do not know that vendor. Give a vendor's name, alias or id, as the sources command lists them."
			break
		}
		c.Vendor = v.ID
	case FixLabels:
		opts := value(fixLabelsBlock).SelectedOptions
		if len(opts) == 0 {
			errs[fixLabelsBlock] = "Pick at least one label; “other” when none fits."
			break
		}
		for _, o := range opts {
			l := corpus.Label(o.Value)
			if !slices.Contains(corpus.Labels, l) {
				errs[fixLabelsBlock] = "That is not one of the stance labels; pick them from the list."
				break
			}
			if !slices.Contains(c.Labels, l) {
				c.Labels = append(c.Labels, l)
			}
		}
		slices.SortFunc(c.Labels, func(x, y corpus.Label) int {
			return slices.Index(corpus.Labels, x) - slices.Index(corpus.Labels, y)
		})
	}
	return errs
}

// vendorNamed is the vendor that name names: its id, name or an alias.
func (b *Bot) vendorNamed(name string) (corpus.Vendor, bool) {
	reg := b.registry()
	if v, ok := reg.Vendor(strings.ToLower(name)); ok {
		return v, true
	}
	if v, ok := reg.Lookup(name); ok && namedBy(v, name) {
		return v, true
	}
	return corpus.Vendor{}, false
}

// confirmation is the private message that says a correction is saved,
// with a button to undo it.
func (b *Bot) confirmation(c Correction) Message {
	var what string
	switch c.Kind {
	case FixSpeaker:
		what = "its speaker is *" + Escape(shorten(c.Speaker, maxName)) + "*"
		if c.SpeakerTitle != "" {
			what += ", " + Escape(shorten(c.SpeakerTitle, maxRole))
		}
	case FixVendor:
		what = "it is about *" + Escape(digest.VendorName(b.registry(), c.Vendor)) + "*"
	case FixLabels:
		what = "its labels are _" + labelList(c.Labels) + "_"
	case FixNotStatement:
		what = "it is not a statement, and no answer shows it"
	}
	text := "Thanks, correction saved: for the quotation “" + Escape(shorten(oneLine(c.Was.Text), 200)) + "”, " + what +
		". Every answer says so from now on."
	undo := slack.NewButtonBlockElement(UndoActionID, c.ID, plain("Undo"))
	return Message{Text: plainFallback("Correction saved"), Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(safeCut(text, maxSectionText)), nil, nil),
		slack.NewActionBlock("correction", undo),
	}}
}

// undoClick undoes a correction for user, and says so; replace tells
// whether the sentence replaces the confirmation it was clicked on.
func (b *Bot) undoClick(ctx context.Context, user, id string) (string, bool) {
	store := b.correctionStore()
	if store == nil {
		return sayNoStore, false
	}
	if why := b.mayCorrect(ctx, user); why != "" {
		return why, false
	}
	c, found, err := store.UndoCorrection(ctx, id, user)
	switch {
	case err != nil:
		b.log.Error("correction not undone", "id", id, "err", err)
		return "I could not undo the correction; try again in a minute.", false
	case !found:
		return "I have no such correction any more; nothing was changed.", false
	}
	b.log.Info("correction undone", "id", id, "user", user)
	return "Undone: answers show that quotation as before (“" + Escape(shorten(oneLine(c.Was.Text), 200)) + "”).", true
}

// vote records a thumb and thanks for it.
func (b *Bot) vote(ctx context.Context, v Vote) string {
	fs := b.feedbackStore()
	if fs == nil {
		return ""
	}
	v.At = time.Now().UTC()
	if err := fs.Vote(ctx, v); err != nil {
		b.log.Error("vote not saved", "err", err)
		return "I could not save your vote; try again in a minute."
	}
	b.log.Info("vote saved", "up", v.Up)
	if v.Up {
		return "Thanks, noted as useful."
	}
	return "Thanks, noted as not useful. If a quotation is wrong, its ⋯ menu lets you correct it."
}
