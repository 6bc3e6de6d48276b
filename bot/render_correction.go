package bot

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/index"
)

// Action ids of the correction menu on each quotation and of the thumbs
// under each answer.
const (
	CorrectActionID      = "correct_quote"
	FeedbackUpActionID   = "feedback_up"
	FeedbackDownActionID = "feedback_down"
)

// fixLabels are the correction menu's options, by kind.
var fixLabels = map[string]string{
	FixSpeaker:      "Wrong speaker",
	FixVendor:       "Wrong vendor",
	FixLabels:       "Wrong label",
	FixNotStatement: "Not a statement",
}

// undoFix is the menu option of a corrected quotation that undoes its
// latest correction.
const undoFix = "undo"

// fixValue is an option's value: the kind and the quotation's Ref.
func fixValue(kind, ref string) string { return kind + ":" + ref }

// parseFixValue reads an option's value; false for anything else.
func parseFixValue(v string) (kind, ref string, ok bool) {
	kind, ref, ok = strings.Cut(v, ":")
	if !ok || (fixLabels[kind] == "" && kind != undoFix) || ref == "" || len(v) > maxOptionValue {
		return "", "", false
	}
	return kind, ref, true
}

// quoteMenu is the correction menu of a quotation, when corrections are
// on (RenderOptions.Corrections).
func (r *renderer) quoteMenu(q index.AnswerQuote) *slack.Accessory {
	if !r.opt.Corrections || q.Article.ID == "" {
		return nil
	}
	ref := q.Ref()
	opts := make([]*slack.OptionBlockObject, 0, len(fixKinds))
	for _, k := range fixKinds {
		opts = append(opts, slack.NewOptionBlockObject(fixValue(k, ref), plain(fixLabels[k]), nil))
	}
	if _, corrected := r.opt.Corrected[ref]; corrected { // the fifth and last an overflow may have
		opts = append(opts, slack.NewOptionBlockObject(fixValue(undoFix, ref), plain("Undo the last correction"), nil))
	}
	return slack.NewAccessory(slack.NewOverflowBlockElement(CorrectActionID, opts...))
}

// correctedBy is the mention of who corrected q, for its source line;
// the id comes from the verified payload of the correction, and mention
// emits it only with the shape of a user id.
func (r *renderer) correctedBy(q index.AnswerQuote) string {
	if len(r.opt.Corrected) == 0 {
		return ""
	}
	by, ok := r.opt.Corrected[q.Ref()]
	if !ok {
		return ""
	}
	if m := mention(by); m != "" {
		return " · corrected by " + m
	}
	return " · corrected"
}

// feedbackValue is what the thumbs carry: the answer's id and question.
type feedbackValue struct {
	Answer   string `json:"a"`
	Question string `json:"q,omitempty"`
}

// maxFeedbackQuestion bounds the question a thumb carries.
const maxFeedbackQuestion = 500

func (v feedbackValue) encode() string {
	v.Question = shorten(oneLine(v.Question), maxFeedbackQuestion)
	b, _ := json.Marshal(v)
	return string(b)
}

// feedback adds the thumbs up and down under an answer, when it has an
// id (RenderOptions.FeedbackID).
func (r *renderer) feedback(b *blockList) {
	id := r.opt.FeedbackID
	if id == "" || len(id) > 64 || !utf8.ValidString(r.opt.FeedbackQuestion) {
		return
	}
	v := feedbackValue{Answer: id, Question: r.opt.FeedbackQuestion}.encode()
	if len(v) > maxButtonValue {
		return
	}
	up := slack.NewButtonBlockElement(FeedbackUpActionID, v, slack.NewTextBlockObject(slack.PlainTextType, ":thumbsup: Useful", true, false))
	down := slack.NewButtonBlockElement(FeedbackDownActionID, v, slack.NewTextBlockObject(slack.PlainTextType, ":thumbsdown: Not useful", true, false))
	b.add(slack.NewActionBlock("feedback", up, down), len("Useful Not useful"))
}
