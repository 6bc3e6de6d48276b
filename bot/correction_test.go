package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// TestFixesApply: the corrections in force change an answer's quotations
// (the latest of each kind wins, undone ones do not count), a quotation
// that is not a statement leaves the answer, and the stances follow.
func TestFixesApply(t *testing.T) {
	a := index.Answer{Question: "q", Quotes: []index.AnswerQuote{nimbusQuote(), orbitQuote()}, Stances: []index.Stance{nimbusStance(), orbitStance()}, Total: 2}
	nimbus, orbit := a.Quotes[0].Ref(), a.Quotes[1].Ref()
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	cs := []Correction{
		{ID: "c3", Quote: nimbus, Kind: FixLabels, Labels: []corpus.Label{corpus.CustomerSuccess}, By: "U2", At: t0.Add(2 * time.Minute)},
		{ID: "c1", Quote: nimbus, Kind: FixSpeaker, Speaker: "Wrong Name", By: "U1", At: t0},
		{ID: "c2", Quote: nimbus, Kind: FixSpeaker, Speaker: "Bo Lind", SpeakerTitle: "CTO", By: "U1", At: t0.Add(time.Minute)},
		{ID: "c4", Quote: nimbus, Kind: FixVendor, Vendor: "orbit", By: "U3", At: t0.Add(3 * time.Minute), UndoneAt: t0.Add(4 * time.Minute)},
		{ID: "c5", Quote: orbit, Kind: FixNotStatement, By: "U4", At: t0},
	}
	by := FixesOf(cs).Apply(&a, corpus.Builtin())
	if len(a.Quotes) != 1 || a.Total != 1 {
		t.Fatalf("after Apply: %d quotes, total %d; want the one statement left", len(a.Quotes), a.Total)
	}
	q := a.Quotes[0]
	if q.Speaker != "Bo Lind" || q.SpeakerTitle != "CTO" || q.Vendor != "nimbus" || len(q.Labels) != 1 || q.Labels[0] != corpus.CustomerSuccess {
		t.Errorf("corrected quote = %s, %s, %s, %v; want Bo Lind, CTO, nimbus (the vendor correction undone), customer-success", q.Speaker, q.SpeakerTitle, q.Vendor, q.Labels)
	}
	if by[nimbus] != "U2" {
		t.Errorf("corrected by %q; want U2, who made the latest correction", by[nimbus])
	}
	if len(a.Stances) != 1 || a.Stances[0].Vendor != "nimbus" || len(a.Stances[0].Labels) != 1 || a.Stances[0].Labels[0] != corpus.CustomerSuccess {
		t.Errorf("stances = %+v; want Nimbus with customer-success only", a.Stances)
	}
	if FixesOf(nil).Apply(&a, nil) != nil {
		t.Errorf("no corrections: Apply says something was corrected")
	}
}

// TestRenderCorrectionControls: with corrections on, each quotation has
// a menu of four options whose values fit Slack's 150 and name its Ref;
// thumbs close the answer; "corrected by" mentions only a user id.
func TestRenderCorrectionControls(t *testing.T) {
	a := answerCase()
	ref := a.Quotes[0].Ref()
	plainMsg := RenderAnswer(a, RenderOptions{})
	raw, _ := json.Marshal(plainMsg.Blocks)
	if strings.Contains(string(raw), "overflow") || strings.Contains(string(raw), FeedbackUpActionID) {
		t.Errorf("without corrections the answer has menus or thumbs: %s", raw)
	}
	for _, by := range []string{"U0FIXER", "<!channel>", "U0FIXER> <!here"} {
		msg := RenderAnswer(a, RenderOptions{Corrections: true, Corrected: map[string]string{ref: by}, FeedbackID: "A0123456789abcdef", FeedbackQuestion: strings.Repeat("é", 2000)})
		raw, _ := json.Marshal(msg.Blocks)
		var sec *slack.SectionBlock
		for _, b := range msg.Blocks {
			if s, ok := b.(*slack.SectionBlock); ok && s.Accessory != nil {
				sec = s
			}
		}
		if sec == nil || sec.Accessory.OverflowElement == nil || len(sec.Accessory.OverflowElement.Options) != 5 {
			t.Fatalf("corrected quotation's menu: %s; want an overflow of five options, the last an undo", raw)
		}
		opts := sec.Accessory.OverflowElement.Options
		if k, r, ok := parseFixValue(opts[4].Value); !ok || k != undoFix || r != ref {
			t.Errorf("fifth option %q = %q; want undo:%s", opts[4].Text.Text, opts[4].Value, ref)
		}
		for _, o := range opts[:4] {
			if len(o.Value) > 150 || !strings.HasSuffix(o.Value, ":"+ref) {
				t.Errorf("option %q = %q; want a value of at most 150 naming %s", o.Text.Text, o.Value, ref)
			}
			if k, r, ok := parseFixValue(o.Value); !ok || r != ref || fixLabels[k] != o.Text.Text {
				t.Errorf("parseFixValue(%q) = %q, %q, %v", o.Value, k, r, ok)
			}
		}
		last, ok := msg.Blocks[len(msg.Blocks)-1].(*slack.ActionBlock)
		if !ok || len(last.Elements.ElementSet) != 2 {
			t.Fatalf("last block = %T; want the thumbs", msg.Blocks[len(msg.Blocks)-1])
		}
		for _, e := range last.Elements.ElementSet {
			if btn := e.(*slack.ButtonBlockElement); len(btn.Value) > maxButtonValue {
				t.Errorf("thumb's value is %d bytes; Slack's limit is %d", len(btn.Value), maxButtonValue)
			}
		}
		text := string(raw)
		switch by {
		case "U0FIXER":
			if !strings.Contains(text, "corrected by \\u003c@U0FIXER\\u003e") {
				t.Errorf("corrected by a user: %s; want the mention", text)
			}
		default:
			if strings.Contains(text, "!channel") || strings.Contains(text, "!here") || !strings.Contains(text, "· corrected") {
				t.Errorf("corrected by %q: %s; want a plain \"corrected\", no mention", by, text)
			}
		}
	}
	for _, v := range []string{"", "speaker", "speaker:", "bogus:" + ref, "labels:" + strings.Repeat("x", 150)} {
		if _, _, ok := parseFixValue(v); ok {
			t.Errorf("parseFixValue(%q) accepted", v)
		}
	}
}

// TestCorrectionModal: each kind's modal is within Block Kit's limits,
// prefilled with what the bot has, and says what it corrects.
func TestCorrectionModal(t *testing.T) {
	q := nimbusQuote()
	q.Speaker = "<!channel> " + strings.Repeat("N", 200)
	for _, kind := range fixKinds {
		v := RenderCorrectionModal(kind, q, corpus.Builtin(), "C1")
		raw, _ := json.Marshal(v)
		if n := len([]rune(v.Title.Text)); n > maxModalTitle || v.CallbackID != CorrectionCallbackID || len(v.Blocks.BlockSet) > maxViewBlocks || len(v.PrivateMetadata) > 3000 {
			t.Errorf("%s modal: title %q (%d), callback %q, %d blocks", kind, v.Title.Text, n, v.CallbackID, len(v.Blocks.BlockSet))
		}
		var meta modalMeta
		if json.Unmarshal([]byte(v.PrivateMetadata), &meta) != nil || meta.Kind != kind || meta.Ref != q.Ref() || meta.Channel != "C1" {
			t.Errorf("%s modal metadata %q", kind, v.PrivateMetadata)
		}
		if strings.Contains(string(raw), "<!channel>") {
			t.Errorf("%s modal shows the speaker unescaped: %s", kind, raw)
		}
	}
	v := RenderCorrectionModal(FixLabels, q, corpus.Builtin(), "")
	raw, _ := json.Marshal(v)
	if !strings.Contains(string(raw), `"initial_options":[{"text":{"type":"plain_text","text":"no-compete pledge","emoji":false},"value":"no-compete-pledge"},{"text":{"type":"plain_text","text":"trust priority","emoji":false},"value":"trust-priority"}]`) {
		t.Errorf("labels modal not prefilled with the quotation's labels: %s", raw)
	}
}

// TestCorrectors: an empty list lets everyone; users are matched at once;
// a user group's members are asked of Slack once per groupTTL; a group
// that cannot be read refuses with an error rather than allowing.
func TestCorrectors(t *testing.T) {
	ctx := context.Background()
	if ok, err := newCorrectors(nil, nil).allowed(ctx, "U1"); !ok || err != nil {
		t.Errorf("no correctors: allowed = %v, %v; want every member", ok, err)
	}
	calls := 0
	fail := false
	c := newCorrectors([]string{"U1", "S1"}, func(_ context.Context, g string) ([]string, error) {
		calls++
		if fail {
			return nil, errors.New("ratelimited")
		}
		return []string{"U2"}, nil
	})
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	for _, tc := range []struct {
		user string
		want bool
	}{{"U1", true}, {"U2", true}, {"U3", false}, {"U2", true}} {
		if ok, err := c.allowed(ctx, tc.user); ok != tc.want || err != nil {
			t.Errorf("allowed(%s) = %v, %v; want %v", tc.user, ok, err, tc.want)
		}
	}
	if calls != 1 {
		t.Errorf("usergroups.users.list called %d times; want once, then cached", calls)
	}
	now, fail = now.Add(groupTTL+time.Second), true
	if ok, err := c.allowed(ctx, "U2"); ok || err == nil {
		t.Errorf("group unreadable: allowed = %v, %v; want refused with an error", ok, err)
	}
	for _, tc := range []struct {
		in   string
		ok   bool
		want int
	}{{"", true, 0}, {"U1,S2, W3", true, 3}, {"U1,U1", true, 1}, {"alice", false, 0}, {"<@U1>", false, 0}, {"C1234", false, 0}} {
		got, err := ParseCorrectors(tc.in)
		if (err == nil) != tc.ok || len(got) != tc.want {
			t.Errorf("ParseCorrectors(%q) = %v, %v; want %d ids, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// BenchmarkRenderCorrections is an answer's rendering with its
// correction menus and thumbs, to set beside BenchmarkRenderAnswer.
func BenchmarkRenderCorrections(b *testing.B) {
	for _, bc := range []struct {
		name string
		a    index.Answer
	}{{"seed-like", answerCase()}, {"long", longCase()}} {
		for _, on := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/menus=%v", bc.name, on), func(b *testing.B) {
				opt := RenderOptions{Command: "/trust", ShareButton: true, ShareValue: "x", Corrections: on}
				if on {
					opt.FeedbackID, opt.FeedbackQuestion = "A0123456789abcdef", bc.a.Question
				}
				for b.Loop() {
					RenderAnswer(bc.a, opt)
				}
			})
		}
	}
}
