package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// The -update flag rewrites golden files. Other test files in this
// package may want a flag of the same name, so it is registered only if
// none is, and read by name.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Invented vendors, people and articles: nothing here is a real quotation.
var (
	nimbusArticle = index.Source{ID: "cloudwire-2024-03-nimbus.md", Title: "Nimbus Cloud says it will stay out of its customers' markets",
		Publication: "Cloudwire", URL: "https://cloudwire.example/2024/03/nimbus-markets", Date: "2024-03"}
	nimbusAlso = index.Source{ID: "lejournal-2024-03-nimbus.md", Title: "Nimbus Cloud & ses clients",
		Publication: "Le Journal du Nuage", URL: "https://journal-nuage.example/nimbus?id=7&lang=fr", Date: "2024-03-12"}
	orbitArticle = index.Source{ID: "techdaily-2023-11-orbit.md", Title: "Orbit Systems on coopetition",
		Publication: "Tech Daily", URL: "https://techdaily.example/orbit", Date: "2023-11"}
)

func nimbusQuote() index.AnswerQuote {
	return index.AnswerQuote{
		Quote: corpus.Quote{
			Text:         "We will never compete with our customers. Their trust is the only thing we sell.",
			Speaker:      "Ada Quill",
			SpeakerTitle: "CEO of Nimbus Cloud",
			Vendor:       "nimbus",
			Labels:       []corpus.Label{corpus.NoCompetePledge, corpus.TrustPriority},
			Lang:         "en",
		},
		Score:     2.5,
		Article:   nimbusArticle,
		AlsoIn:    []index.Source{nimbusAlso},
		Highlight: "We will never \x02compete\x03 with our \x02customers\x03. Their trust is the only thing we sell.",
	}
}

func orbitQuote() index.AnswerQuote {
	return index.AnswerQuote{
		Quote: corpus.Quote{
			Text:         "Oui, nous sommes en concurrence avec certains clients, et nous l'assumons.",
			Speaker:      "Bruno Ferrand",
			SpeakerTitle: "directeur général d'Orbit Systems France",
			Vendor:       "orbit",
			Labels:       []corpus.Label{corpus.AcknowledgesCoopetition},
			Lang:         "fr",
		},
		Score:   1.2,
		Article: orbitArticle,
	}
}

func nimbusStance() index.Stance {
	return index.Stance{Vendor: "nimbus", Name: "Nimbus Cloud", Labels: []corpus.Label{corpus.NoCompetePledge, corpus.TrustPriority},
		Summary: "Nimbus Cloud pledges not to compete with its customers and puts trust first."}
}

func orbitStance() index.Stance {
	return index.Stance{Vendor: "orbit", Name: "Orbit Systems", Labels: []corpus.Label{corpus.AcknowledgesCoopetition},
		Summary: "Orbit Systems competes with some customers while partnering with them, and defends it."}
}

func answerCase() index.Answer {
	return index.Answer{
		Question: "does Nimbus compete with its customers?",
		Vendors:  []string{"nimbus"},
		Quotes:   []index.AnswerQuote{nimbusQuote()},
		Stances:  []index.Stance{nimbusStance()},
		Sources:  []index.Source{nimbusArticle, nimbusAlso},
		Total:    1,
	}
}

func otherVendorCase() index.Answer {
	q := orbitQuote()
	q.OtherVendor = true
	return index.Answer{
		Question: "does Zephyr compete with its customers?",
		Vendors:  []string{"zephyr"},
		Quotes:   []index.AnswerQuote{q},
		Stances:  []index.Stance{orbitStance()},
		Sources:  []index.Source{orbitArticle},
		Hint:     "No quotation from Zephyr matches. The nearest evidence below is about another vendor.",
		Total:    1,
	}
}

func hintCase() index.Answer {
	return index.Answer{
		Question: "what about quantum?",
		Hint:     "No quotation matches \"quantum\". Try naming a vendor, or words such as compete, trust or data.",
		Note:     "The question was cut to its first 200 characters.",
	}
}

func longCase() index.Answer {
	a := answerCase()
	a.Quotes = nil
	long := strings.Repeat("Trust & <confidence> are earned every day, in every région. ", 60)
	for range 30 {
		q := nimbusQuote()
		q.Text, q.Highlight = long, "\x02"+long+"\x03"
		q.Article.Title = strings.Repeat("A very long title ", 30)
		for range 8 {
			q.AlsoIn = append(q.AlsoIn, index.Source{Publication: "Outlet " + strings.Repeat("x", len(q.AlsoIn)+1)})
		}
		a.Quotes = append(a.Quotes, q)
	}
	for range 12 {
		s := nimbusStance()
		s.Summary = strings.Repeat("A long summary. ", 80)
		a.Stances = append(a.Stances, s)
	}
	for range 60 {
		a.Sources = append(a.Sources, nimbusArticle)
	}
	a.Total = 30
	return a
}

func compareCards() []index.Answer {
	n := answerCase()
	n.Question = ""
	o := index.Answer{Vendors: []string{"orbit"}, Quotes: []index.AnswerQuote{orbitQuote()}, Stances: []index.Stance{orbitStance()},
		Sources: []index.Source{orbitArticle}, Total: 1}
	return []index.Answer{n, o}
}

func TestRenderGolden(t *testing.T) {
	tests := []struct {
		name string
		msg  Message
	}{
		{"answer", RenderAnswer(answerCase(), RenderOptions{Command: "/trust", ShareButton: true, ShareValue: "q:does Nimbus compete with its customers?"})},
		{"answer_shared", RenderAnswer(answerCase(), RenderOptions{Command: "/trust", SharedBy: "U024BE7LH"})},
		{"other_vendor", RenderAnswer(otherVendorCase(), RenderOptions{Command: "/trust"})},
		{"hint_only", RenderAnswer(hintCase(), RenderOptions{Command: "/ask"})},
		{"long", RenderAnswer(longCase(), RenderOptions{Command: "/trust"})},
		{"vendor", RenderVendor(answerCase(), RenderOptions{Command: "/trust"})},
		{"compare", RenderCompare(compareCards(), RenderOptions{Command: "/trust"})},
		{"help", RenderHelp("/trust")},
		{"error", RenderError("the index is being rebuilt; ask again in a minute.")},
		{"busy", RenderBusy()},
		{"sources", RenderSources(SourcesInfo{Articles: 12, Quotes: 41, Newest: "2024-03-12",
			Vendors:      []VendorCount{{"nimbus", "Nimbus Cloud", 20}, {"orbit", "Orbit Systems", 21}},
			Publications: []string{"Cloudwire", "Le Journal du Nuage", "Tech Daily"}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMessage(t, tt.msg, "U024BE7LH")
			got := goldenJSON(t, tt.msg)
			path := filepath.Join("testdata", "render", tt.name+".golden.json")
			if updating() {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run go test -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from its golden file %s; run go test -update and review the diff\ngot:\n%s", tt.name, path, got)
			}
			roundTrip(t, tt.msg)
		})
	}
}

// goldenJSON is a message as its golden file holds it: the fallback and
// the blocks, indented, with <, > and & left readable.
func goldenJSON(t *testing.T, m Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		Text   string        `json:"text"`
		Blocks []slack.Block `json:"blocks"`
	}{m.Text, m.Blocks}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// roundTrip checks that the blocks survive slack-go's own decoding, which
// is what Slack's payloads go through in this program and its tests.
func roundTrip(t *testing.T, m Message) {
	t.Helper()
	first, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatalf("marshal blocks: %v", err)
	}
	var back slack.Blocks
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatalf("unmarshal blocks into slack.Blocks: %v", err)
	}
	if len(back.BlockSet) != len(m.Blocks) {
		t.Fatalf("round trip: %d blocks; want %d", len(back.BlockSet), len(m.Blocks))
	}
	second, err := json.Marshal(back.BlockSet)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("round trip changed the blocks:\n%s\n%s", first, second)
	}
}

// hostile holds everything Slack would turn into a live mention,
// broadcast or link, were it passed through.
const hostile = "<!channel> <!here> <!everyone> <@U123> <#C123> <!subteam^S1> <https://evil.example|click> @here @everyone #general https://bare.example &amp;"

func hostileAnswer() index.Answer {
	src := index.Source{Title: hostile, Publication: hostile, URL: "https://evil.example|click", Date: hostile}
	q := nimbusQuote()
	q.Text, q.Highlight, q.Speaker, q.SpeakerTitle, q.Vendor = hostile, "\x02"+hostile+"\x03", hostile, hostile, hostile
	q.Labels = []corpus.Label{corpus.Label(hostile)}
	q.Article, q.AlsoIn = src, []index.Source{src, {Publication: hostile + "2", URL: "javascript:alert(1)"}}
	o := q
	o.OtherVendor = true
	o.Article.URL = "<https://evil.example>"
	return index.Answer{
		Question: hostile, Vendors: []string{hostile}, Quotes: []index.AnswerQuote{q, o},
		Stances: []index.Stance{{Vendor: hostile, Name: hostile, Labels: []corpus.Label{corpus.Label(hostile)}, Summary: hostile}},
		Sources: []index.Source{src, nimbusArticle}, Hint: hostile, Note: hostile, Total: 2,
	}
}

func TestRenderNoLiveInput(t *testing.T) {
	a := hostileAnswer()
	empty := a
	empty.Quotes = nil
	tests := []struct {
		name string
		msg  Message
	}{
		{"answer", RenderAnswer(a, RenderOptions{Command: hostile, SharedBy: hostile, ShareButton: true, ShareValue: hostile})},
		{"answer shared", RenderAnswer(a, RenderOptions{SharedBy: "U024BE7LH"})},
		{"nothing", RenderAnswer(empty, RenderOptions{})},
		{"vendor", RenderVendor(a, RenderOptions{})},
		{"compare", RenderCompare([]index.Answer{a, empty}, RenderOptions{})},
		{"help", RenderHelp(hostile)},
		{"error", RenderError(hostile)},
		{"sources", RenderSources(SourcesInfo{Articles: 1, Newest: hostile, Vendors: []VendorCount{{hostile, hostile, 1}}, Publications: []string{hostile}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMessage(t, tt.msg, "U024BE7LH")
			for _, text := range texts(t, tt.msg) {
				for _, w := range []string{"<!", "<#", "<https://evil", "<http://bare", "<javascript"} {
					if strings.Contains(text, w) {
						t.Errorf("text carries %q: %q", w, text)
					}
				}
			}
			if strings.Contains(tt.msg.Text, "<") {
				t.Errorf("fallback text carries '<': %q", tt.msg.Text)
			}
		})
	}
}

func TestRenderLimits(t *testing.T) {
	m := RenderAnswer(longCase(), RenderOptions{Command: "/trust", ShareButton: true, ShareValue: "x"})
	checkMessage(t, m, "")
	var quotes int
	for _, b := range m.Blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil && strings.HasPrefix(s.Text.Text, ">“") {
			quotes++
		}
	}
	if quotes == 0 || quotes == 30 {
		t.Errorf("long answer shows %d quotations; want some, not all 30", quotes)
	}
	if !strings.Contains(string(goldenJSON(t, m)), "more not shown") {
		t.Errorf("long answer does not say that quotations were left out")
	}
}

func FuzzRender(f *testing.F) {
	f.Add("does AWS compete?", "We \x02never\x03 compete.", "Ada Quill", "https://x.example/a", "Title", "hint", uint8(3))
	f.Add(hostile, hostile, hostile, "https://evil.example|x", hostile, hostile, uint8(60))
	f.Add("", "", "", "", "", "", uint8(0))
	f.Add("é", strings.Repeat("&", 5000), strings.Repeat("é", 3000), "http://a.example/"+strings.Repeat("é", 900), "\xff\xfe", "\x02\x03\x02", uint8(255))
	f.Fuzz(func(t *testing.T, question, text, speaker, url, title, hint string, n uint8) {
		src := index.Source{Title: title, Publication: speaker, URL: url, Date: hint}
		a := index.Answer{Question: question, Vendors: []string{speaker}, Hint: hint, Note: title, Total: int(n)}
		for i := range int(n) % 64 {
			q := index.AnswerQuote{Quote: corpus.Quote{Text: text, Speaker: speaker, SpeakerTitle: title, Vendor: speaker,
				Labels: []corpus.Label{corpus.Label(hint), corpus.TrustPriority}}, Article: src, AlsoIn: []index.Source{src, {Publication: title}}}
			q.Highlight = text
			q.OtherVendor = i%2 == 1
			a.Quotes = append(a.Quotes, q)
			a.Stances = append(a.Stances, index.Stance{Vendor: speaker, Name: title, Summary: text, Labels: q.Labels})
			a.Sources = append(a.Sources, src)
		}
		opt := RenderOptions{Command: question, SharedBy: speaker, ShareButton: n%2 == 0, ShareValue: text}
		for _, m := range []Message{
			RenderAnswer(a, opt),
			RenderVendor(a, opt),
			RenderCompare([]index.Answer{a, a}, opt),
			RenderError(text),
			RenderHelp(question),
		} {
			checkMessage(t, m, "")
		}
	})
}

// linkRE matches the links a message may carry: to an http(s) URL with
// no space, pipe or angle bracket in it, with a label.
var linkRE = regexp.MustCompile(`^<https?://[^\s|<>]+\|[^<>]*>`)

// checkMessage asserts what every rendered message must be: within
// Slack's limits, every mrkdwn text verbatim, and no '<' in any text but
// a link from an article's URL or a mention of sharedBy.
func checkMessage(t *testing.T, m Message, sharedBy string) {
	t.Helper()
	if m.Text == "" {
		t.Errorf("fallback text is empty")
	}
	if len(m.Text) > maxFallback {
		t.Errorf("fallback text is %d bytes; want at most %d", len(m.Text), maxFallback)
	}
	if len(m.Blocks) == 0 || len(m.Blocks) > maxBlocks {
		t.Errorf("%d blocks; want 1 to %d", len(m.Blocks), maxBlocks)
	}
	total := 0
	for i, b := range m.Blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			if b.Text != nil && len(b.Text.Text) > maxSectionText {
				t.Errorf("block %d: section text is %d bytes; want at most %d", i, len(b.Text.Text), maxSectionText)
			}
			if len(b.Fields) > maxFields {
				t.Errorf("block %d: %d fields; want at most %d", i, len(b.Fields), maxFields)
			}
			for _, f := range b.Fields {
				if len(f.Text) > maxFieldText {
					t.Errorf("block %d: field is %d bytes; want at most %d", i, len(f.Text), maxFieldText)
				}
			}
		case *slack.ContextBlock:
			if n := len(b.ContextElements.Elements); n == 0 || n > maxContextItems {
				t.Errorf("block %d: context has %d elements", i, n)
			}
		case *slack.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok && len(btn.Value) > maxButtonValue {
					t.Errorf("block %d: button value is %d bytes", i, len(btn.Value))
				}
			}
		}
	}
	allowed := mention(sharedBy)
	for _, obj := range textObjects(t, m) {
		total += len(obj.Text)
		if strings.TrimSpace(obj.Text) == "" {
			t.Errorf("empty %s text object", obj.Type)
		}
		if obj.Type == slack.MarkdownType && !obj.Verbatim {
			t.Errorf("mrkdwn text is not verbatim: %q", obj.Text)
		}
		if obj.Type == slack.PlainTextType && strings.ContainsAny(obj.Text, "<>&") {
			t.Errorf("plain text carries markup: %q", obj.Text)
		}
		for s := obj.Text; ; {
			i := strings.IndexByte(s, '<')
			if i < 0 {
				break
			}
			s = s[i:]
			switch {
			case allowed != "" && strings.HasPrefix(s, allowed):
				s = s[len(allowed):]
			case linkRE.MatchString(s):
				s = s[len(linkRE.FindString(s)):]
			default:
				t.Errorf("text carries a '<' that is neither a link nor the shared-by mention: %q", obj.Text)
				s = s[1:]
			}
		}
	}
	if total > maxMessageText {
		t.Errorf("message text is %d bytes; want at most %d", total, maxMessageText)
	}
	roundTrip(t, m)
}

// textObjects finds every text object in a message's JSON, wherever it is.
func textObjects(t *testing.T, m Message) []slack.TextBlockObject {
	t.Helper()
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var out []slack.TextBlockObject
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			typ, _ := v["type"].(string)
			if text, ok := v["text"].(string); ok && (typ == slack.MarkdownType || typ == slack.PlainTextType) {
				verbatim, _ := v["verbatim"].(bool)
				out = append(out, slack.TextBlockObject{Type: typ, Text: text, Verbatim: verbatim})
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}

func texts(t *testing.T, m Message) []string {
	var out []string
	for _, o := range textObjects(t, m) {
		out = append(out, o.Text)
	}
	return out
}

func BenchmarkRenderAnswer(b *testing.B) {
	for _, bc := range []struct {
		name string
		a    index.Answer
	}{{"seed-like", answerCase()}, {"long", longCase()}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				RenderAnswer(bc.a, RenderOptions{Command: "/trust", ShareButton: true, ShareValue: "x"})
			}
		})
	}
}

// TestOutletsNameTranslations: a source that quotes the statement in the
// other language (a translation merged into it) says so.
func TestOutletsNameTranslations(t *testing.T) {
	q := index.AnswerQuote{
		Article: index.Source{Publication: "Cloud Weekly"},
		AlsoIn:  []index.Source{{Publication: "Le Nuage Hebdo", Lang: "fr"}, {Publication: "Infra Daily"}},
	}
	got := outlets(q)
	want := []string{"Le Nuage Hebdo in French", "Infra Daily"}
	if !slices.Equal(got, want) {
		t.Errorf("outlets = %q; want %q", got, want)
	}
}
