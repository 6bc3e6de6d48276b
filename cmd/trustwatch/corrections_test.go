package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// correctionVendors is a registry of two invented vendors.
const correctionVendors = `vendors:
  - id: nimbus
    name: Nimbus Cloud
    aliases: [Nimbus Cloud, Nimbus]
    people: [Ada Varga]
  - id: borealis
    name: Borealis AI
    aliases: [Borealis AI, Borealis]
    people: [Cai Moreno]
`

// Users of the corrections test: an allowed user, a member of an
// allowed user group, and someone who is neither.
const (
	corrector = slackfake.DefaultUserID
	groupie   = "U0GROUPIE"
	outsider  = "U0OUTSIDER"
	editors   = "S0EDITORS"
)

// correctionWorld is a corpus of invented articles, its vendors and an
// index folder whose parent holds the state, for serve to run over.
type correctionWorld struct {
	fake      *slackfake.Server
	corpusDir string
	indexDir  string
	env       func(string) string
}

func newCorrectionWorld(t *testing.T) *correctionWorld {
	t.Helper()
	w := &correctionWorld{fake: slackfake.New(t), corpusDir: t.TempDir(), indexDir: filepath.Join(t.TempDir(), "index")}
	vendors := filepath.Join(t.TempDir(), "vendors.yaml")
	writeFile(t, vendors, correctionVendors)
	writeFile(t, filepath.Join(w.corpusDir, "nimbus.md"), "---\ntitle: Nimbus and its customers\npublication: Example Daily\ndate: 2024-06-10\n---\n\n"+
		"Ada Varga, chief executive of Nimbus Cloud, said: “We will never compete with our customers.”\n")
	writeFile(t, filepath.Join(w.corpusDir, "borealis.md"), "---\ntitle: Borealis on trust\npublication: Example Weekly\ndate: 2024-05-02\n---\n\n"+
		"Cai Moreno, chief executive of Borealis AI, said: “Trust is our first priority, always.”\n")
	w.fake.SetUserGroup(editors, groupie)
	w.env = slackEnv(t, w.fake, map[string]string{
		"TRUSTWATCH_CORPUS":     w.corpusDir,
		"TRUSTWATCH_INDEX":      w.indexDir,
		"TRUSTWATCH_VENDORS":    vendors,
		"TRUSTWATCH_CORRECTORS": corrector + ", " + editors,
	})
	return w
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// ask mentions the bot with question and returns its answer's blocks.
func (w *correctionWorld) ask(t *testing.T, question string) json.RawMessage {
	t.Helper()
	before := len(w.fake.CallsTo("chat.postMessage"))
	w.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> " + question})
	posts, err := w.fake.WaitCalls("chat.postMessage", before+1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	return unescaped(posts[before].Blocks)
}

// unescaped is raw JSON without Go's \u0026, \u003c and \u003e, so that
// tests read "&lt;" and "<@U…>" as Slack does.
func unescaped(raw json.RawMessage) json.RawMessage {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return raw
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSpace(b.Bytes())
}

// menuOn finds the correction menu of the quotation that mentions words.
func menuOn(t *testing.T, blocks json.RawMessage, words string) slackfake.Overflow {
	t.Helper()
	for _, m := range slackfake.Overflows(blocks) {
		if strings.Contains(m.Text, words) {
			return m
		}
	}
	t.Fatalf("no correction menu on a quotation with %q in %s", words, blocks)
	return slackfake.Overflow{}
}

func menuOption(t *testing.T, m slackfake.Overflow, text string) slackfake.MenuOption {
	t.Helper()
	for _, o := range m.Options {
		if o.Text == text {
			return o
		}
	}
	t.Fatalf("menu has no %q option: %+v", text, m.Options)
	return slackfake.MenuOption{}
}

// choose picks text in menu as user and returns the modal it opened.
func (w *correctionWorld) choose(t *testing.T, user string, m slackfake.Overflow, text string) slackfake.OpenedView {
	t.Helper()
	n := len(w.fake.OpenedViews())
	w.fake.SendOverflowAction(slackfake.OverflowAction{UserID: user, Menu: m, Option: menuOption(t, m, text)})
	views, err := w.fake.WaitOpenedViews(n+1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	return views[n]
}

// submit submits v with values and returns the ack's payload.
func (w *correctionWorld) submit(t *testing.T, v slackfake.OpenedView, user string, values map[string]map[string]any) map[string]any {
	t.Helper()
	id := w.fake.SendViewSubmission(slackfake.ViewSubmission{View: v, UserID: user, Values: values})
	ack, err := w.fake.WaitAck(id, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency > 3*time.Second {
		t.Errorf("view submission acknowledged after %v; Slack wants 3s", ack.Latency)
	}
	t.Logf("view submission acknowledged in %v", ack.Latency)
	if len(ack.Payload) == 0 {
		return nil
	}
	var p map[string]any
	if err := json.Unmarshal(ack.Payload, &p); err != nil {
		t.Fatalf("ack payload %s: %v", ack.Payload, err)
	}
	return p
}

// fieldError is the sentence of a response_action errors on block.
func fieldError(p map[string]any, block string) string {
	if p["response_action"] != "errors" {
		return ""
	}
	errs, _ := p["errors"].(map[string]any)
	s, _ := errs[block].(string)
	return s
}

// noticeText is the text of a response_action update's modal, which
// must be a modal Slack would take.
func noticeText(p map[string]any) string {
	if p["response_action"] != "update" {
		return ""
	}
	b, _ := json.Marshal(p["view"])
	if problems := slackfake.CheckModal(b); len(problems) > 0 {
		return fmt.Sprintf("a modal Slack refuses: %v", problems)
	}
	return string(unescaped(b))
}

// saysSafely fails when text (blocks or a message) would ping or link
// from what a user typed.
func saysSafely(t *testing.T, what, text string) {
	t.Helper()
	for _, bad := range []string{"<!channel>", "<!here>", "<https://evil", "<@U0OUTSIDER>"} {
		if strings.Contains(text, bad) {
			t.Errorf("%s carries %s from user text: %s", what, bad, text)
		}
	}
}

// TestCorrectionsEndToEnd: through Slack, a quotation's speaker is
// corrected from its menu and modal, and the next answers say so (the
// name typed escaped, "corrected by" the corrector), after `index` and a
// deleted index folder too; bad values get a sentence on their field; a
// user not in TRUSTWATCH_CORRECTORS is refused with a sentence and
// nothing is stored; a quotation since deleted from the corpus gets a
// sentence; a thumbs down is counted; `corrections` lists and exports.
func TestCorrectionsEndToEnd(t *testing.T) {
	w := newCorrectionWorld(t)
	s := startServe(t, w.env)
	s.waitReady(t)
	blocks := w.ask(t, "does Nimbus compete with its customers?")
	menu := menuOn(t, blocks, "Ada Varga")
	if len(menu.Options) != 4 {
		t.Errorf("menu options = %+v; want Wrong speaker, Wrong vendor, Wrong label, Not a statement", menu.Options)
	}

	// Wrong speaker: the modal is prefilled with what the bot has.
	view := w.choose(t, corrector, menu, "Wrong speaker")
	if view.CallbackID != bot.CorrectionCallbackID || !strings.Contains(string(view.Blocks), `"initial_value":"Ada Varga"`) {
		t.Errorf("speaker modal (%s): %s; want it prefilled with Ada Varga", view.CallbackID, view.Blocks)
	}
	// Empty: a sentence on the field, nothing stored.
	p := w.submit(t, view, corrector, map[string]map[string]any{"fix_speaker": {"value": slackfake.PlainTextValue("   ")}})
	if e := fieldError(p, "fix_speaker"); !strings.Contains(e, "name") {
		t.Errorf("empty speaker: ack %v; want response_action errors with a sentence on fix_speaker", p)
	}
	// A 40,000-character name, and a submission whose metadata is not the bot's.
	p = w.submit(t, view, corrector, map[string]map[string]any{"fix_speaker": {"value": slackfake.PlainTextValue(strings.Repeat("Bo ", 13334))}})
	if e := fieldError(p, "fix_speaker"); !strings.Contains(e, "under 100 characters") {
		t.Errorf("a 40,000-character speaker: ack %v; want a sentence on fix_speaker", p)
	}
	id := w.fake.SendViewSubmission(slackfake.ViewSubmission{View: view, PrivateMetadata: `{"k":"<!channel>"}`,
		Values: map[string]map[string]any{"fix_speaker": {"value": slackfake.PlainTextValue("Bo Lind")}}})
	if ack, err := w.fake.WaitAck(id, serveWait); err != nil {
		t.Fatal(err)
	} else {
		var forged map[string]any
		_ = json.Unmarshal(ack.Payload, &forged)
		if n := noticeText(forged); !strings.Contains(n, "no longer works") || strings.Contains(n, "<!channel>") {
			t.Errorf("forged metadata: ack %s; want the modal updated with a sentence", ack.Payload)
		}
	}
	// A name that tries to ping and link: stored as typed, always shown escaped.
	hostile := "<!channel> <https://evil.example|Bo Lind>"
	p = w.submit(t, view, corrector, map[string]map[string]any{
		"fix_speaker": {"value": slackfake.PlainTextValue(hostile)},
		"fix_title":   {"value": slackfake.PlainTextValue("CTO of Nimbus Cloud")},
	})
	if p != nil {
		t.Fatalf("speaker correction: ack %v; want an empty ack (the modal closes)", p)
	}
	eph, err := w.fake.WaitCalls("chat.postEphemeral", 1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if c := eph[0]; c.User != corrector || !strings.Contains(string(c.Blocks), bot.UndoActionID) || !strings.Contains(string(unescaped(c.Blocks)), "&lt;!channel&gt;") {
		t.Errorf("confirmation to %s: %s; want one to %s, with the name escaped and an Undo button", c.User, c.Blocks, corrector)
	}
	saysSafely(t, "the confirmation", string(unescaped(eph[0].Blocks))+eph[0].Text)

	blocks = w.ask(t, "does Nimbus compete with its customers?")
	text := string(blocks)
	if !strings.Contains(text, "&lt;!channel&gt; &lt;https://evil.example|Bo Lind&gt;") || strings.Contains(text, "*Ada Varga*") {
		t.Errorf("next answer after the correction: %s; want the corrected speaker, escaped, and not Ada Varga", text)
	}
	if !strings.Contains(text, "corrected by <@"+corrector+">") {
		t.Errorf("next answer: %s; want corrected by <@%s>", text, corrector)
	}
	saysSafely(t, "the corrected answer", text)

	// Wrong vendor with a vendor no registry knows: a sentence on the field.
	menu = menuOn(t, blocks, "compete")
	vview := w.choose(t, corrector, menu, "Wrong vendor")
	p = w.submit(t, vview, corrector, map[string]map[string]any{"fix_vendor": {"value": slackfake.PlainTextValue("Initech <!here>")}})
	if e := fieldError(p, "fix_vendor"); !strings.Contains(e, "do not know that vendor") || strings.Contains(e, "Initech") {
		t.Errorf("unknown vendor: ack %v; want a sentence on fix_vendor that does not repeat the input", p)
	}

	// A member of an allowed user group corrects the labels; an unknown
	// label value is refused first.
	lview := w.choose(t, groupie, menu, "Wrong label")
	p = w.submit(t, lview, groupie, map[string]map[string]any{"fix_labels": {"value": slackfake.SelectedOptions("world-domination")}})
	if e := fieldError(p, "fix_labels"); e == "" {
		t.Errorf("unknown label: ack %v; want a sentence on fix_labels", p)
	}
	p = w.submit(t, lview, groupie, map[string]map[string]any{"fix_labels": {"value": slackfake.SelectedOptions()}})
	if e := fieldError(p, "fix_labels"); e == "" {
		t.Errorf("no label: ack %v; want a sentence on fix_labels", p)
	}
	if p = w.submit(t, lview, groupie, map[string]map[string]any{"fix_labels": {"value": slackfake.SelectedOptions("trust-priority")}}); p != nil {
		t.Errorf("labels by a member of %s: ack %v; want it saved", editors, p)
	}

	// Someone not in TRUSTWATCH_CORRECTORS: refused at the menu, and at
	// a submission of a modal opened for someone else.
	before := len(w.fake.CallsTo(slackfake.ResponseURLMethod))
	nViews := len(w.fake.OpenedViews())
	w.fake.SendOverflowAction(slackfake.OverflowAction{UserID: outsider, Menu: menu, Option: menuOption(t, menu, "Wrong vendor")})
	said, err := w.fake.WaitCalls(slackfake.ResponseURLMethod, before+1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if c := said[before]; c.ResponseType != "ephemeral" || !strings.Contains(string(c.Blocks), "TRUSTWATCH_CORRECTORS") {
		t.Errorf("outsider's menu choice answered %s %s; want a private sentence naming TRUSTWATCH_CORRECTORS", c.ResponseType, c.Blocks)
	}
	if n := len(w.fake.OpenedViews()); n != nViews {
		t.Errorf("an outsider's choice opened a modal")
	}
	p = w.submit(t, vview, outsider, map[string]map[string]any{"fix_vendor": {"value": slackfake.PlainTextValue("Borealis AI")}})
	if n := noticeText(p); !strings.Contains(n, "TRUSTWATCH_CORRECTORS") {
		t.Errorf("outsider's submission: ack %v; want the modal updated with a sentence naming TRUSTWATCH_CORRECTORS", p)
	}

	// A quotation deleted from the corpus after its modal opened.
	bblocks := w.ask(t, "what does Borealis say about trust?")
	bmenu := menuOn(t, bblocks, "Cai Moreno")
	bview := w.choose(t, corrector, bmenu, "Not a statement")
	synced := s.events.syncs()
	if err := os.Remove(filepath.Join(w.corpusDir, "borealis.md")); err != nil {
		t.Fatal(err)
	}
	if !s.events.syncedAfter(synced, serveWait, func(r index.SyncReport) bool { return r.Removed > 0 }) {
		t.Fatal("the watcher did not see the article deleted")
	}
	p = w.submit(t, bview, corrector, nil)
	if n := noticeText(p); !strings.Contains(n, "no longer in the corpus") {
		t.Errorf("correction of a deleted quotation: ack %v; want a sentence saying it is no longer in the corpus", p)
	}
	before = len(w.fake.CallsTo(slackfake.ResponseURLMethod))
	w.fake.SendOverflowAction(slackfake.OverflowAction{UserID: corrector, Menu: bmenu, Option: menuOption(t, bmenu, "Wrong speaker")})
	said, err = w.fake.WaitCalls(slackfake.ResponseURLMethod, before+1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(said[before].Blocks), "no longer in the corpus") {
		t.Errorf("menu on a deleted quotation answered %s; want a sentence saying it is no longer in the corpus", said[before].Blocks)
	}

	// A thumbs down on an answer.
	down := buttonValue(t, blocks, bot.FeedbackDownActionID)
	w.fake.SendInteractive(slackfake.BlockActions{Actions: []slackfake.Action{{ActionID: bot.FeedbackDownActionID, Value: down}}})
	if _, err := w.fake.WaitCalls(slackfake.ResponseURLMethod, before+2, serveWait); err != nil {
		t.Fatal(err)
	}

	s.stop(t)

	// What the store holds, through the commands.
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"corrections"}, w.env, &out, &errb); err != nil {
		t.Fatalf("corrections: %v; %s", err, errb.String())
	}
	list := out.String()
	if strings.Count(list, "by "+corrector) != 1 || strings.Count(list, "by "+groupie) != 1 || strings.Contains(list, outsider) ||
		!strings.Contains(list, `speaker "Ada Varga`) || !strings.Contains(list, `labels "no-compete-pledge" → "trust-priority"`) {
		t.Errorf("corrections listed:\n%s\nwant the speaker by %s and the labels by %s, nothing by %s", list, corrector, groupie, outsider)
	}
	out.Reset()
	if err := run(context.Background(), []string{"corrections", "--json"}, w.env, &out, &errb); err != nil {
		t.Fatalf("corrections --json: %v; %s", err, errb.String())
	}
	data := t.TempDir()
	writeFile(t, filepath.Join(data, "corrections.jsonl"), out.String())
	ex, err := corpus.ReadLabelData(os.DirFS(data))
	if err != nil || len(ex) != 1 {
		t.Fatalf("corrections --json read as training data: %d examples, %v; want 1\n%s", len(ex), err, out.String())
	}
	if e := ex[0]; e.Text != "We will never compete with our customers." || len(e.Labels) != 1 || e.Labels[0] != corpus.TrustPriority || e.Lang != "en" {
		t.Errorf("training example = %+v; want the quotation with the corrected label trust-priority", e)
	}
	out.Reset()
	if err := run(context.Background(), []string{"ask", "--json", "does Nimbus compete with its customers?"}, w.env, &out, &errb); err != nil {
		t.Fatalf("ask: %v; %s", err, errb.String())
	}
	if js := string(unescaped(out.Bytes())); !strings.Contains(js, `"speaker":"<!channel> <https://evil.example|Bo Lind>"`) || !strings.Contains(js, `"labels":["trust-priority"]`) {
		t.Errorf("ask --json after the corrections: %s; want the corrected speaker and labels, as in Slack", js)
	}
	out.Reset()
	if err := run(context.Background(), []string{"feedback"}, w.env, &out, &errb); err != nil {
		t.Fatalf("feedback: %v; %s", err, errb.String())
	}
	if fb := out.String(); !strings.Contains(fb, "1 thumbs down") || !strings.Contains(fb, "does Nimbus compete with its customers?") {
		t.Errorf("feedback:\n%s\nwant one thumbs down on the Nimbus question", fb)
	}

	// The correction survives `index` and a deleted index folder.
	out.Reset()
	if err := run(context.Background(), []string{"index"}, w.env, &out, &errb); err != nil {
		t.Fatalf("index: %v; %s", err, errb.String())
	}
	if err := os.RemoveAll(w.indexDir); err != nil {
		t.Fatal(err)
	}
	s = startServe(t, w.env)
	s.waitReady(t)
	text = string(w.ask(t, "does Nimbus compete with its customers?"))
	if !strings.Contains(text, "&lt;!channel&gt; &lt;https://evil.example|Bo Lind&gt;") || !strings.Contains(text, "corrected by <@"+groupie+">") || !strings.Contains(text, "trust priority") {
		t.Errorf("answer after index and a deleted index folder: %s; want the corrected speaker and label, corrected by %s (the latest)", text, groupie)
	}
	saysSafely(t, "the answer after a rebuilt index", text)

	// Undo, from the confirmation's button: the speaker is the article's again.
	undo := buttonValue(t, eph[0].Blocks, bot.UndoActionID)
	before = len(w.fake.CallsTo(slackfake.ResponseURLMethod))
	w.fake.SendInteractive(slackfake.BlockActions{Ephemeral: true, Actions: []slackfake.Action{{ActionID: bot.UndoActionID, Value: undo}}})
	said, err = w.fake.WaitCalls(slackfake.ResponseURLMethod, before+1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if c := said[before]; !c.ReplaceOriginal || !strings.Contains(string(c.Blocks), "Undone") {
		t.Errorf("Undo answered %s (replace_original %v); want Undone, replacing the confirmation", c.Blocks, c.ReplaceOriginal)
	}
	blocks = w.ask(t, "does Nimbus compete with its customers?")
	text = string(blocks)
	if !strings.Contains(text, "*Ada Varga*") || strings.Contains(text, "Bo Lind") || !strings.Contains(text, "trust priority") {
		t.Errorf("answer after Undo: %s; want Ada Varga again, the label correction kept", text)
	}

	// Undo from the corrected quotation's menu: its latest correction, the labels.
	menu = menuOn(t, blocks, "Ada Varga")
	before = len(w.fake.CallsTo(slackfake.ResponseURLMethod))
	w.fake.SendOverflowAction(slackfake.OverflowAction{UserID: corrector, Menu: menu, Option: menuOption(t, menu, "Undo the last correction")})
	if said, err = w.fake.WaitCalls(slackfake.ResponseURLMethod, before+1, serveWait); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(said[before].Blocks), "Undone") {
		t.Errorf("menu undo answered %s; want Undone", said[before].Blocks)
	}
	text = string(w.ask(t, "does Nimbus compete with its customers?"))
	if !strings.Contains(text, "no-compete pledge") || strings.Contains(text, "corrected") || len(menuOn(t, json.RawMessage(text), "Ada Varga").Options) != 4 {
		t.Errorf("answer after both undos: %s; want the index's labels, nothing corrected, no undo in the menu", text)
	}
}

// buttonValue is the value of the button with actionID in blocks.
func buttonValue(t *testing.T, blocks json.RawMessage, actionID string) string {
	t.Helper()
	var bs []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	_ = json.Unmarshal(blocks, &bs)
	for _, b := range bs {
		for _, e := range b.Elements {
			if e.ActionID == actionID {
				return e.Value
			}
		}
	}
	t.Fatalf("no button %s in %s", actionID, blocks)
	return ""
}

// TestReplicasShareCorrections: with PostgreSQL, a correction made
// through one replica is in the next answer of the other.
func TestReplicasShareCorrections(t *testing.T) {
	w := newCorrectionWorld(t)
	db := pgtest.URL(t)
	extra := map[string]string{"TRUSTWATCH_CORPUS": w.corpusDir, "TRUSTWATCH_VENDORS": w.env("TRUSTWATCH_VENDORS"), "TRUSTWATCH_CORRECTORS": ""}
	startReplicas(t, w.fake, db, extra)
	first, second := connOf(t, w.fake)

	mention := func(conn int, question string) json.RawMessage {
		t.Helper()
		before := len(w.fake.CallsTo("chat.postMessage"))
		w.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> " + question, Conn: conn})
		posts, err := w.fake.WaitCalls("chat.postMessage", before+1, serveWait)
		if err != nil {
			t.Fatal(err)
		}
		return unescaped(posts[before].Blocks)
	}
	const nimbusQ, borealisQ = "does Nimbus compete with its customers?", "what does Borealis say about trust?"
	menu := menuOn(t, mention(first, nimbusQ), "Ada Varga")
	n := len(w.fake.OpenedViews())
	w.fake.SendOverflowAction(slackfake.OverflowAction{UserID: outsider, Menu: menu, Option: menuOption(t, menu, "Wrong speaker"), Conn: first})
	views, err := w.fake.WaitOpenedViews(n+1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	id := w.fake.SendViewSubmission(slackfake.ViewSubmission{View: views[n], Conn: first,
		Values: map[string]map[string]any{"fix_speaker": {"value": slackfake.PlainTextValue("Bo Lind")}}})
	if ack, err := w.fake.WaitAck(id, serveWait); err != nil || len(ack.Payload) > 0 {
		t.Fatalf("submission (every member may correct): ack %s, %v; want an empty ack", ack.Payload, err)
	}
	text := string(mention(second, nimbusQ))
	if !strings.Contains(text, "*Bo Lind*") || !strings.Contains(text, "corrected by <@"+outsider+">") {
		t.Errorf("the other replica's answer: %s; want Bo Lind, corrected by %s", text, outsider)
	}

	// Not a statement, through the second replica: the first hides it.
	menu = menuOn(t, mention(second, borealisQ), "Cai Moreno")
	n = len(w.fake.OpenedViews())
	eph := len(w.fake.CallsTo("chat.postEphemeral"))
	w.fake.SendOverflowAction(slackfake.OverflowAction{Menu: menu, Option: menuOption(t, menu, "Not a statement"), Conn: second})
	if views, err = w.fake.WaitOpenedViews(n+1, serveWait); err != nil {
		t.Fatal(err)
	}
	id = w.fake.SendViewSubmission(slackfake.ViewSubmission{View: views[n], Conn: second})
	if ack, err := w.fake.WaitAck(id, serveWait); err != nil || len(ack.Payload) > 0 {
		t.Fatalf("not a statement: ack %s, %v; want an empty ack", ack.Payload, err)
	}
	confirm, err := w.fake.WaitCalls("chat.postEphemeral", eph+1, serveWait)
	if err != nil {
		t.Fatal(err)
	}
	if text := string(mention(first, borealisQ)); strings.Contains(text, "Cai Moreno") {
		t.Errorf("answer after not a statement: %s; want the quotation hidden", text)
	}

	// Undone from the command line: it is back.
	var out, errb bytes.Buffer
	undo := buttonValue(t, confirm[eph].Blocks, bot.UndoActionID)
	env := replicaEnv(t, w.fake, db, extra)
	if err := run(context.Background(), []string{"corrections", "--undo", undo}, env, &out, &errb); err != nil || !strings.Contains(out.String(), "not a statement") {
		t.Fatalf("corrections --undo %s = %v; stdout %s stderr %s", undo, err, out.String(), errb.String())
	}
	if err := run(context.Background(), []string{"corrections", "--undo", "c0000000000000000"}, env, &out, &errb); exitCode(err) != 2 {
		t.Errorf("corrections --undo of no correction = %v (exit %d); want exit 2", err, exitCode(err))
	}
	if text := string(mention(second, borealisQ)); !strings.Contains(text, "Cai Moreno") {
		t.Errorf("answer after the undo: %s; want the quotation back", text)
	}
}
