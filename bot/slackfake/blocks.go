package slackfake

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Block Kit limits Slack enforces on a message's blocks; a message over them is refused with
// invalid_blocks. See https://docs.slack.dev/reference/block-kit/blocks.
const (
	maxBlocks          = 50
	maxSectionText     = 3000
	maxSectionFields   = 10
	maxFieldText       = 2000
	maxHeaderText      = 150
	maxContextElements = 10
	maxActionsElements = 25
	maxButtonText      = 75
	maxButtonValue     = 2000
)

type textObject struct {
	Text *string `json:"text"`
}

type block struct {
	Type     string            `json:"type"`
	Text     *textObject       `json:"text"`
	Fields   []textObject      `json:"fields"`
	Elements []json.RawMessage `json:"elements"`
	// Accessory is a section's element beside its text (views.go checks an overflow menu's).
	Accessory json.RawMessage `json:"accessory"`
}

type element struct {
	Type  string      `json:"type"`
	Text  *textObject `json:"text"`
	Value *string     `json:"value"`
}

// checkBlocks returns Slack's messages for each limit the blocks break, none when they are fine.
func checkBlocks(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var blocks []block
	if err := json.Unmarshal(raw, &blocks); err != nil {
		return []string{"[ERROR] failed to parse blocks: " + err.Error() + " [json-pointer:/blocks]"}
	}
	var problems []string
	tooLong := func(s *string, limit int, ptr string) {
		if s != nil && utf8.RuneCountInString(*s) > limit {
			problems = append(problems, fmt.Sprintf("[ERROR] must be less than %d characters [json-pointer:%s]", limit+1, ptr))
		}
	}
	tooMany := func(n, limit int, ptr string) {
		if n > limit {
			problems = append(problems, fmt.Sprintf("[ERROR] no more than %d items allowed [json-pointer:%s]", limit, ptr))
		}
	}
	tooMany(len(blocks), maxBlocks, "/blocks")
	for i, b := range blocks {
		at := fmt.Sprintf("/blocks/%d", i)
		switch b.Type {
		case "section":
			if b.Text != nil {
				tooLong(b.Text.Text, maxSectionText, at+"/text/text")
			}
			tooMany(len(b.Fields), maxSectionFields, at+"/fields")
			for j, f := range b.Fields {
				tooLong(f.Text, maxFieldText, fmt.Sprintf("%s/fields/%d/text", at, j))
			}
			problems = append(problems, checkAccessory(b.Accessory, at+"/accessory")...)
		case "header":
			if b.Text != nil {
				tooLong(b.Text.Text, maxHeaderText, at+"/text/text")
			}
		case "context":
			tooMany(len(b.Elements), maxContextElements, at+"/elements")
		case "actions":
			tooMany(len(b.Elements), maxActionsElements, at+"/elements")
			for j, raw := range b.Elements {
				var e element
				if json.Unmarshal(raw, &e) != nil || e.Type != "button" {
					continue
				}
				ptr := fmt.Sprintf("%s/elements/%d", at, j)
				if e.Text != nil {
					tooLong(e.Text.Text, maxButtonText, ptr+"/text/text")
				}
				tooLong(e.Value, maxButtonValue, ptr+"/value")
			}
		}
	}
	return problems
}
