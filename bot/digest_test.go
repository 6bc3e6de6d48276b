package bot

import (
	"bytes"
	"fmt"
	"github.com/trustwatch/trustwatch/bot/digest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// testRegistry is a registry of invented vendors.
func testRegistry(t testing.TB) *corpus.Registry {
	t.Helper()
	reg, err := corpus.LoadRegistry([]byte(`
vendors:
  - id: acme
    name: Acme Cloud
    aliases: [Acme, Acme Cloud]
    people: [Ada Quill]
  - id: globex
    name: Globex
    aliases: [Globex, Globex Corp]
    people: [Hank Scorpio]
  - id: initech
    name: Initech
    aliases: [Initech]
  - id: umbrella
    name: Umbrella Data
    aliases: [Umbrella, Umbrella Data]
  - id: hooli
    name: Hooli
    aliases: [Hooli]
  - id: vandelay
    name: Vandelay Industries
    aliases: [Vandelay]
`))
	if err != nil {
		t.Fatalf("LoadRegistry: %v", err)
	}
	return reg
}

// quote makes an invented quotation.
func quote(vendor, speaker, text string, labels ...corpus.Label) index.AnswerQuote {
	return index.AnswerQuote{
		Quote: corpus.Quote{Text: text, Speaker: speaker, SpeakerTitle: "CEO of " + vendor, Vendor: vendor, Labels: labels},
		Article: index.Source{ID: vendor + ".md", Title: "News about " + vendor, Publication: "The Daily Invented",
			URL: "https://news.example/" + vendor, Date: "2026-03"},
	}
}

func TestComposeDigestGroupsAndCaps(t *testing.T) {
	reg := testRegistry(t)
	var qs []index.AnswerQuote
	// acme: 5 quotations, globex: 2, then one each for four more vendors
	// and one quotation tied to no vendor.
	for i := range 5 {
		qs = append(qs, quote("acme", "Ada Quill", fmt.Sprintf("acme words %d", i), corpus.TrustPriority))
	}
	qs = append(qs, quote("globex", "Hank Scorpio", "globex words 0", corpus.CustomerSuccess), quote("globex", "Hank Scorpio", "globex words 1", corpus.Other))
	for _, v := range []string{"initech", "umbrella", "hooli", "vandelay"} {
		qs = append(qs, quote(v, "Someone", v+" words", corpus.Other))
	}
	qs = append(qs, quote("", "", "nobody's words", corpus.Other))
	prior := map[string][]corpus.Label{"acme": {corpus.TrustPriority}, "globex": {corpus.CustomerSuccess, corpus.Other}}
	for _, v := range []string{"initech", "umbrella", "hooli", "vandelay"} {
		prior[v] = []corpus.Label{corpus.Other}
	}
	since := time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC)
	d := digest.ComposeDigest(qs, prior, reg, since)

	if d.Quotes != len(qs) || !d.Since.Equal(since) {
		t.Errorf("Quotes, Since = %d, %s; want %d, %s", d.Quotes, d.Since, len(qs), since)
	}
	if len(d.Changes) != 0 {
		t.Errorf("Changes = %+v; want none (no vendor took a new position)", d.Changes)
	}
	var got []string
	for _, g := range d.Vendors {
		got = append(got, fmt.Sprintf("%s:%d+%d", g.Vendor, len(g.Quotes), g.More))
	}
	// Most quoted first, then by name; at most 5 vendors, 3 quotations each.
	want := []string{"acme:3+2", "globex:2+0", "hooli:1+0", "initech:1+0", "umbrella:1+0"}
	if !slices.Equal(got, want) {
		t.Errorf("Vendors = %v; want %v", got, want)
	}
	var more []string
	for _, g := range d.MoreVendors {
		more = append(more, fmt.Sprintf("%s:%d", g.Vendor, g.More))
	}
	if want := []string{"vandelay:1", ":1"}; !slices.Equal(more, want) {
		t.Errorf("MoreVendors = %v; want %v (the quotation tied to no vendor last)", more, want)
	}
	if d.Vendors[0].Name != "Acme Cloud" || d.Vendors[0].Quotes[0].Text != "acme words 0" {
		t.Errorf("first group = %s, %q; want Acme Cloud, newest first", d.Vendors[0].Name, d.Vendors[0].Quotes[0].Text)
	}
	if !slices.Equal(d.Vendors[1].Labels, []corpus.Label{corpus.CustomerSuccess, corpus.Other}) {
		t.Errorf("globex labels = %v; want customer-success, other", d.Vendors[1].Labels)
	}

	m := RenderDigest(d, "/trust")
	all := blocksText(t, m)
	for _, w := range []string{"_and 2 more — ask `/trust vendor acme`_", "and 2 more vendors: Vandelay Industries (1), Not tied to a vendor (1)"} {
		if !strings.Contains(all, w) {
			t.Errorf("RenderDigest lacks %q in:\n%s", w, all)
		}
	}
	if len(m.Blocks) > maxBlocks {
		t.Errorf("RenderDigest made %d blocks; Slack takes %d", len(m.Blocks), maxBlocks)
	}
}

func TestComposeDigestCapsChanges(t *testing.T) {
	var qs []index.AnswerQuote
	for _, v := range []string{"acme", "globex", "initech", "umbrella", "hooli", "vandelay"} {
		qs = append(qs, quote(v, "X", "words", corpus.TrustPriority))
	}
	d := digest.ComposeDigest(qs, nil, testRegistry(t), time.Time{})
	if len(d.Changes) != digest.DigestChanges || d.MoreChanges != 1 {
		t.Errorf("Changes, MoreChanges = %d, %d; want %d, 1", len(d.Changes), d.MoreChanges, digest.DigestChanges)
	}
	if all := blocksText(t, RenderDigest(d, "/trust")); !strings.Contains(all, "_and 1 more_") {
		t.Errorf("RenderDigest lacks the changes left out:\n%s", all)
	}
}

// TestRenderDigestNeverEmitsInputMarkup: whatever an article or the
// registry says, the digest never mentions, broadcasts or links but for a
// source's URL, and every text object is verbatim.
func TestRenderDigestNeverEmitsInputMarkup(t *testing.T) {
	q := quote("acme", "Mallory "+hostile, "words "+hostile, corpus.TrustPriority)
	q.SpeakerTitle = "chief " + hostile
	q.Article = index.Source{Title: "Title " + hostile, Publication: "Pub " + hostile, URL: "javascript:alert(1)", Date: "<!date^1|x>"}
	q2 := quote("globex", "G", "fine", corpus.NoCompetePledge)
	q2.Article.URL = "https://news.example/a?b=1&c=2"
	q3 := quote("initech", "I", "x", corpus.Other)
	q3.Article.URL = "https://evil.example/|<!here>"
	var qs []index.AnswerQuote
	for range 4 {
		qs = append(qs, q)
	}
	d := digest.ComposeDigest(append(qs, q2, q3), map[string][]corpus.Label{"globex": {corpus.AcknowledgesCoopetition}}, nil, time.Time{})
	for i := range d.Vendors {
		if d.Vendors[i].Vendor == "acme" {
			d.Vendors[i].Name = "Acme " + hostile
			d.Vendors[i].Vendor = "acme " + hostile
		}
	}
	m := RenderDigest(d, "/trust <!channel>")
	checkMessage(t, m, "")
	all := blocksText(t, m)
	for _, w := range []string{"&lt;!channel&gt;", "&amp;amp;", "<https://news.example/a?b=1&amp;c=2|News about globex>", "ask `/trust vendor acme &lt;!channel&gt;"} {
		if !strings.Contains(all, w) {
			t.Errorf("RenderDigest lacks %q:\n%s", w, all)
		}
	}
}

// TestRenderDigestGolden pins the digest's look; -update rewrites it.
func TestRenderDigestGolden(t *testing.T) {
	reg := testRegistry(t)
	qs := []index.AnswerQuote{
		quote("globex", "Hank Scorpio", "We will never compete with the customers who build on Globex.", corpus.NoCompetePledge, corpus.TrustPriority),
		quote("acme", "Ada Quill", "Your data is yours: we do not train on it.", corpus.DataPrivacyPledge),
		quote("acme", "Ada Quill", "Trust is our first priority.", corpus.TrustPriority),
	}
	prior := map[string][]corpus.Label{"globex": {corpus.AcknowledgesCoopetition}, "acme": {corpus.TrustPriority}}
	paris, _ := time.LoadLocation("Europe/Paris")
	m := RenderDigest(digest.ComposeDigest(qs, prior, reg, time.Date(2026, 3, 27, 9, 0, 0, 0, paris)), "/trust")
	checkMessage(t, m, "")
	got := goldenJSON(t, m)
	path := filepath.Join("testdata", "digest.golden.json")
	if updating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("RenderDigest differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

func TestRenderDigestEmpty(t *testing.T) {
	since := time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC)
	m := RenderDigest(digest.ComposeDigest(nil, nil, nil, since), "/trust")
	if all := blocksText(t, m); !strings.Contains(all, "Nothing new in the corpus since Mon 30 Mar 2026 09:00 UTC") {
		t.Errorf("empty digest reads:\n%s", all)
	}
}

// blocksText is the text of a message's blocks, one per line.
func blocksText(t *testing.T, m Message) string {
	t.Helper()
	return strings.Join(texts(t, m), "\n")
}
