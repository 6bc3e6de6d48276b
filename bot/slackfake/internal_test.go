package slackfake

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckBlocks(t *testing.T) {
	section := func(text string) string {
		return `{"type":"section","text":{"type":"mrkdwn","text":"` + text + `"}}`
	}
	tests := []struct {
		name   string
		blocks string
		want   []string
	}{
		{"none", ``, nil},
		{"fine", `[` + section("hello") + `,{"type":"divider"}]`, nil},
		{"section at limit", `[` + section(strings.Repeat("«", 3000)) + `]`, nil},
		{"section over limit", `[{"type":"divider"},` + section(strings.Repeat("a", 3001)) + `]`,
			[]string{"[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]"}},
		{"header over limit", `[{"type":"header","text":{"type":"plain_text","text":"` + strings.Repeat("h", 151) + `"}}]`,
			[]string{"[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"}},
		{"51 blocks", `[` + strings.Repeat(`{"type":"divider"},`, 50) + `{"type":"divider"}]`,
			[]string{"[ERROR] no more than 50 items allowed [json-pointer:/blocks]"}},
		{"button label over limit", `[{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"` + strings.Repeat("b", 76) + `"},"value":"v"}]}]`,
			[]string{"[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"}},
		{"not an array", `{"type":"divider"}`, []string{"bad"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkBlocks(json.RawMessage(tt.blocks))
			if tt.name == "not an array" {
				if len(got) != 1 {
					t.Errorf("checkBlocks(%s) = %q; want one parse error", tt.blocks, got)
				}
				return
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("checkBlocks(%s…) = %q; want %q", tt.blocks[:min(len(tt.blocks), 40)], got, tt.want)
			}
		})
	}
}

func TestRichText(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"", `[]`},
		{"hello", `[{"text":"hello","type":"text"}]`},
		{"<@U0FAKEBOT> vendor aws", `[{"type":"user","user_id":"U0FAKEBOT"},{"text":" vendor aws","type":"text"}]`},
		{"ask <@W123|bob> and <@U9>", `[{"text":"ask ","type":"text"},{"type":"user","user_id":"W123"},{"text":" and ","type":"text"},{"type":"user","user_id":"U9"}]`},
	}
	for _, tt := range tests {
		blocks := richText(tt.text)
		section := blocks[0].(map[string]any)["elements"].([]any)[0].(map[string]any)
		got, _ := json.Marshal(section["elements"])
		if string(got) != tt.want {
			t.Errorf("richText(%q) elements = %s; want %s", tt.text, got, tt.want)
		}
	}
}
