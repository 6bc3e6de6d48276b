package bot

import (
	"encoding/json"
	"strings"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// The correction modal: opened from a quotation's menu, prefilled with
// what the bot has, submitted back as a view_submission that
// correction_flow.go validates.

// CorrectionCallbackID is the callback_id of the correction modal.
const CorrectionCallbackID = "trustwatch_correction"

// Block ids of the modal's inputs, which response_action errors name;
// each input's action id is fixValueID.
const (
	fixSpeakerBlock = "fix_speaker"
	fixTitleBlock   = "fix_title"
	fixVendorBlock  = "fix_vendor"
	fixLabelsBlock  = "fix_labels"
	fixValueID      = "value"
)

// modalMeta is the modal's private_metadata: what it corrects, and where
// the menu was, for the confirmation.
type modalMeta struct {
	Kind    string `json:"k"`
	Ref     string `json:"r"`
	Channel string `json:"c,omitempty"`
}

func (m modalMeta) encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

// Block Kit's limits on a modal.
const (
	maxModalTitle = 24
	maxInputValue = 3000
)

// RenderCorrectionModal is the modal that corrects q's speaker, vendor or
// labels, or hides it (kind), prefilled with what the bot has now.
func RenderCorrectionModal(kind string, q index.AnswerQuote, reg *corpus.Registry, channel string) slack.ModalViewRequest {
	r := newRenderer(index.Answer{}, RenderOptions{Vendors: reg})
	card, src := r.quoteCard(q)
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(safeCut(card, maxSectionText)), nil, nil),
		slack.NewContextBlock("", mrkdwn(safeCut(src, maxSectionText))),
	}
	submit := "Save correction"
	switch kind {
	case FixSpeaker:
		name := textInput(fixValueID, oneLine(q.Speaker), maxName, "The person who said it")
		role := textInput(fixValueID, oneLine(q.SpeakerTitle), maxRole, "CEO of …")
		blocks = append(blocks,
			input(fixSpeakerBlock, "Who said it", name, false, "Their name, as the article gives it."),
			input(fixTitleBlock, "Their role", role, true, "Leave it empty if the article gives none."))
	case FixVendor:
		cur := ""
		if q.Vendor != "" {
			cur = r.vendorName(q.Vendor)
		}
		el := textInput(fixValueID, cur, maxName, "Amazon Web Services")
		blocks = append(blocks, input(fixVendorBlock, "The vendor it speaks for or about", el, false,
			"A vendor's name, alias or id, such as the sources command lists."))
	case FixLabels:
		var opts, initial []*slack.OptionBlockObject
		for _, l := range corpus.Labels {
			o := slack.NewOptionBlockObject(string(l), plain(shorten(labelWords(l), maxOptionText)), nil)
			opts = append(opts, o)
			for _, have := range q.Labels {
				if have == l {
					initial = append(initial, o)
				}
			}
		}
		el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Pick the right labels"), fixValueID, opts...)
		if len(initial) > 0 {
			el.InitialOptions = initial
		}
		blocks = append(blocks, input(fixLabelsBlock, "Its stance labels", el, false, "Every label that fits; “other” when none does."))
	case FixNotStatement:
		submit = "Hide it"
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn("This hides the quotation from every answer, as not a statement of the vendor's. It can be undone."), nil, nil))
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plain(shorten(fixLabels[kind], maxModalTitle)),
		Submit:          plain(submit),
		Close:           plain("Cancel"),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: modalMeta{Kind: kind, Ref: q.Ref(), Channel: channel}.encode(),
		CallbackID:      CorrectionCallbackID,
	}
}

// RenderModalNotice is a modal that only says something: a correction
// refused or saved for a reason no field explains.
func RenderModalNotice(title, text string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plain(shorten(title, maxModalTitle)),
		Close:  plain("Close"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(mrkdwn(safeCut(text, maxSectionText)), nil, nil)}},
	}
}

func textInput(actionID, initial string, maxLen int, placeholder string) *slack.PlainTextInputBlockElement {
	el := slack.NewPlainTextInputBlockElement(plain(placeholder), actionID)
	el.MaxLength = maxLen
	if initial = strings.TrimSpace(initial); initial != "" {
		el.InitialValue = shorten(initial, maxLen)
	}
	return el
}

func input(blockID, label string, el slack.BlockElement, optional bool, hint string) *slack.InputBlock {
	b := slack.NewInputBlock(blockID, plain(label), plain(hint), el)
	b.Optional = optional
	return b
}
