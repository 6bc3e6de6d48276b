package bot

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		text string
		sub  string
		args []string
	}{
		{"", "help", nil},
		{"   ", "help", nil},
		{"help", "help", nil},
		{"HELP", "help", nil},
		{"--help", "help", nil},
		{"vendr", "help", nil},
		{"comapre", "help", nil},
		{"vendor AWS", "vendor", []string{"AWS"}},
		{"vendor Amazon Web Services", "vendor", []string{"Amazon", "Web", "Services"}},
		{"compare aws vs microsoft", "compare", []string{"aws", "vs", "microsoft"}},
		{"sources", "sources", nil},
		{"source", "sources", nil},
		{"digest", "digest", nil},
		{"subscribe aws", "subscribe", []string{"aws"}},
		{"unsubscribe", "unsubscribe", nil},
		{"subscriptions", "subscriptions", nil},
		{"does AWS compete with its customers?", "", nil},
		{"AWS", "", nil},
		{"vendors that pledge not to compete", "", nil},
		{"helpful vendors?", "", nil},
	} {
		sub, args := parseCommand(tc.text)
		if sub != tc.sub || !slices.Equal(args, tc.args) {
			t.Errorf("parseCommand(%q) = %q, %q; want %q, %q", tc.text, sub, args, tc.sub, tc.args)
		}
	}
}

func TestCompareArgs(t *testing.T) {
	for _, tc := range []struct {
		text string
		a, b string
		ok   bool
	}{
		{"aws microsoft", "aws", "microsoft", true},
		{"aws vs microsoft", "aws", "microsoft", true},
		{"AWS vs. Microsoft", "AWS", "Microsoft", true},
		{"aws and microsoft", "aws", "microsoft", true},
		{"Amazon Web Services versus Google Cloud", "Amazon Web Services", "Google Cloud", true},
		{"aws, microsoft", "aws", "microsoft", true},
		{"aws & microsoft", "aws", "microsoft", true},
		{"aws", "", "", false},
		{"aws google microsoft", "", "", false},
		{"", "", "", false},
	} {
		a, b, ok := compareArgs(strings.Fields(tc.text))
		if a != tc.a || b != tc.b || ok != tc.ok {
			t.Errorf("compareArgs(%q) = %q, %q, %v; want %q, %q, %v", tc.text, a, b, ok, tc.a, tc.b, tc.ok)
		}
	}
}

func TestPlainText(t *testing.T) {
	const self = "U0BOT"
	for _, tc := range []struct{ in, want string }{
		{"<@U0BOT> does AWS compete?", "does AWS compete?"},
		{"what does <@U0BOT|trustwatch> say", "what does say"},
		{"<@U0BOT>", ""},
		{"ask <@U123ABC> about it", "ask @U123ABC about it"},
		{"ask <@U123ABC|bob> about it", "ask @bob about it"},
		{"<!here> <!channel> <!everyone>", "@here @channel @everyone"},
		{"<!here|here> hi", "here hi"},
		{"<!subteam^S123|@admins> hi", "@admins hi"},
		{"<!date^1392734382^{date}|Feb 18, 2014> news", "Feb 18, 2014 news"},
		{"in <#C123|general>", "in #general"},
		{"see <https://evil.example/x|click here>", "see click here"},
		{"see <https://example.com>", "see https://example.com"},
		{"mail <mailto:a@b.c|a@b.c>", "mail a@b.c"},
		{"AT&amp;T &lt;3 &gt;", "AT&T <3 >"},
		{"&lt;!channel&gt;", "<!channel>"}, // shown escaped by the renderer
		{"  spaced \n out  ", "spaced out"},
	} {
		if got := plainText(tc.in, self); got != tc.want {
			t.Errorf("plainText(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestShareValueFits(t *testing.T) {
	for _, q := range []string{"short", strings.Repeat("é", 3000), strings.Repeat(`"<>&`, 1000)} {
		v := shareValue{Kind: "ask", Question: q}.encode()
		if len(v) > maxShareValue {
			t.Errorf("encode(%d-byte question) = %d bytes; want at most %d", len(q), len(v), maxShareValue)
		}
		var back shareValue
		if err := json.Unmarshal([]byte(v), &back); err != nil || back.Kind != "ask" || !strings.HasPrefix(q, back.Question) {
			t.Errorf("encode(%d-byte question) does not decode to a prefix: %v", len(q), err)
		}
	}
}
