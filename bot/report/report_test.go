package report

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to write it): %v", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./bot/report -update to accept):\n%s", path, got)
	}
}

func src(id, pub, date string) index.Source {
	return index.Source{ID: id, Title: "Title of " + id, Publication: pub, URL: "https://news.example/" + id, Date: date}
}

func aq(text, speaker, title, date string, labels []corpus.Label, topics []corpus.Topic) index.AnswerQuote {
	q := index.AnswerQuote{Quote: corpus.Quote{Text: text, Speaker: speaker, SpeakerTitle: title, Vendor: "nimbus", Labels: labels, Topics: topics}}
	q.Article = src(strings.ReplaceAll(strings.ToLower(speaker), " ", "-")+"-"+date, "Cloud Ledger", date)
	return q
}

// nimbus is an invented vendor's dossier: positions taken and reversed,
// several topics, a reprint, an undated statement, and words that try
// to plant a link and HTML.
func nimbus() index.VendorQuotes {
	l := func(ls ...corpus.Label) []corpus.Label { return ls }
	tp := func(ts ...corpus.Topic) []corpus.Topic { return ts }
	reprinted := aq("We will never compete with our customers.", "Ada Varga", "chief executive", "2024-03-12", l(corpus.NoCompetePledge, corpus.TrustPriority), tp(corpus.TopicCompetition, corpus.TopicTrust))
	reprinted.AlsoIn = []index.Source{src("wire-copy", "Tech Wire", "2024-03-13")}
	hostile := aq("Read [the terms](http://evil.example) and <script>alert(1)</script> at www.evil.example, *now*.", "Bo Tran", "", "2023-11-02", l(corpus.DataPrivacyPledge), tp(corpus.TopicCustomerData))
	hostile.Article.URL = "javascript:alert(1)"
	return index.VendorQuotes{Vendor: "nimbus", Name: "Nimbus Cloud", Quotes: []index.AnswerQuote{
		aq("Some of our partners are also our competitors, and that is fine.", "Ada Varga", "chief executive", "2025-01-20", l(corpus.AcknowledgesCoopetition), tp(corpus.TopicCompetition, corpus.TopicPartnership)),
		reprinted,
		hostile,
		aq("Your data stays in the region you choose.", "Bo Tran", "head of security", "2023-11", l(corpus.SovereigntyPledge), tp(corpus.TopicSovereignty)),
		aq("We are in the business of helping others build.", "", "", "2022-05-04", l(corpus.AcknowledgesCoopetition), nil),
		aq("Our customers come first.", "Ada Varga", "chief executive", "", l(corpus.CustomerSuccess), nil),
	}}
}

func TestMarkdownGolden(t *testing.T) {
	for _, tc := range []struct {
		name, file, chart string
		v                 index.VendorQuotes
	}{
		{"whole dossier", "nimbus.golden.md", "nimbus.png", nimbus()},
		{"no chart", "nimbus-nochart.golden.md", "", func() index.VendorQuotes { v := nimbus(); v.Quotes = v.Quotes[5:]; return v }()},
		{"narrowed to a topic", "nimbus-competition.golden.md", "nimbus-competition.png", func() index.VendorQuotes {
			v := nimbus()
			v.Topic = corpus.TopicCompetition
			v.Quotes = v.Quotes[:2]
			v.More = 3
			return v
		}()},
		{"nothing", "empty.golden.md", "", index.VendorQuotes{Vendor: "borealis", Name: "Borealis", Quotes: []index.AnswerQuote{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.file, Markdown(tc.v, tc.chart))
		})
	}
}

func TestChanges(t *testing.T) {
	got := Changes(nimbus().Quotes)
	var lines []string
	for _, c := range got {
		lines = append(lines, c.Quote.Article.Date+" "+c.Kind+" "+codes(c.Labels)+" "+string(c.Was))
	}
	want := []string{
		"2022-05-04 new-position `acknowledges-coopetition` ",
		"2023-11 new-position `sovereignty-pledge` ",
		"2023-11-02 new-position `data-privacy-pledge` ",
		"2024-03-12 reversal `no-compete-pledge` acknowledges-coopetition",
		"2024-03-12 new-position `trust-priority` ",
		"2025-01-20 reversal `acknowledges-coopetition` no-compete-pledge",
	}
	// A statement taking two positions at once is one change.
	two := Changes([]index.AnswerQuote{aq("Trust and privacy.", "Ada Varga", "", "2024-01-01", []corpus.Label{corpus.TrustPriority, corpus.Other, corpus.DataPrivacyPledge}, nil)})
	if len(two) != 1 || codes(two[0].Labels) != "`trust-priority`, `data-privacy-pledge`" {
		t.Errorf("Changes(one statement, two labels) = %+v; want one new-position with both", two)
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("Changes =\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got[3].WasDate != "2022-05-04" || got[5].WasDate != "2024-03-12" {
		t.Errorf("reversals' WasDate = %q, %q; want 2022-05-04, 2024-03-12", got[3].WasDate, got[5].WasDate)
	}
}
