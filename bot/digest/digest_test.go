package digest

import (
	"encoding/json"
	"fmt"
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

func TestComposeDigestWhatChanged(t *testing.T) {
	reg := testRegistry(t)
	tests := []struct {
		name   string
		quotes []index.AnswerQuote
		prior  map[string][]corpus.Label
		want   []string // kind vendor labels [was] speaker
	}{
		{
			name:   "nothing new in positions",
			quotes: []index.AnswerQuote{quote("acme", "Ada Quill", "trust us", corpus.TrustPriority)},
			prior:  map[string][]corpus.Label{"acme": {corpus.TrustPriority, corpus.NoCompetePledge}},
		},
		{
			name:   "new label",
			quotes: []index.AnswerQuote{quote("acme", "Ada Quill", "your data stays yours", corpus.DataPrivacyPledge, corpus.TrustPriority)},
			prior:  map[string][]corpus.Label{"acme": {corpus.TrustPriority}},
			want:   []string{"new-position acme [data-privacy-pledge] Ada Quill"},
		},
		{
			name:   "other is no position",
			quotes: []index.AnswerQuote{quote("acme", "Ada Quill", "hello", corpus.Other)},
			prior:  map[string][]corpus.Label{"acme": {corpus.TrustPriority}},
		},
		{
			name: "no-compete pledge after coopetition is a reversal",
			quotes: []index.AnswerQuote{
				quote("globex", "Hank Scorpio", "we will never compete with our customers", corpus.NoCompetePledge),
			},
			prior: map[string][]corpus.Label{"globex": {corpus.AcknowledgesCoopetition, corpus.TrustPriority}},
			want:  []string{"reversal globex [no-compete-pledge] acknowledges-coopetition Hank Scorpio"},
		},
		{
			name: "coopetition after a no-compete pledge is a reversal too",
			quotes: []index.AnswerQuote{
				quote("acme", "Ada Quill", "of course we compete with some customers", corpus.AcknowledgesCoopetition, corpus.SovereigntyPledge),
			},
			prior: map[string][]corpus.Label{"acme": {corpus.NoCompetePledge}},
			want: []string{
				"reversal acme [acknowledges-coopetition] no-compete-pledge Ada Quill",
				"new-position acme [sovereignty-pledge] Ada Quill",
			},
		},
		{
			name: "first quotations of a vendor",
			quotes: []index.AnswerQuote{
				quote("initech", "Bill Lumbergh", "yeah, we put customers first", corpus.CustomerSuccess),
				quote("initech", "Bill Lumbergh", "and trust", corpus.TrustPriority),
			},
			want: []string{"first-quotations initech [trust-priority customer-success] Bill Lumbergh"},
		},
		{
			name: "changes come before the rest, reversals first",
			quotes: []index.AnswerQuote{
				quote("initech", "Bill Lumbergh", "first", corpus.CustomerSuccess),
				quote("acme", "Ada Quill", "new", corpus.DataPrivacyPledge),
				quote("globex", "Hank Scorpio", "reversed", corpus.NoCompetePledge),
			},
			prior: map[string][]corpus.Label{"acme": {corpus.TrustPriority}, "globex": {corpus.AcknowledgesCoopetition}},
			want: []string{
				"reversal globex [no-compete-pledge] acknowledges-coopetition Hank Scorpio",
				"new-position acme [data-privacy-pledge] Ada Quill",
				"first-quotations initech [customer-success] Bill Lumbergh",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ComposeDigest(tt.quotes, tt.prior, reg, time.Time{})
			var got []string
			for _, c := range d.Changes {
				s := fmt.Sprintf("%s %s %v", c.Kind, c.Vendor, c.Labels)
				if c.Was != "" {
					s += " " + string(c.Was)
				}
				got = append(got, s+" "+c.Quote.Speaker)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Changes = %q; want %q", got, tt.want)
			}
			if len(tt.want) > 0 && d.Vendors[0].Vendor != d.Changes[0].Vendor {
				t.Errorf("first vendor = %s; want the first changed one, %s", d.Vendors[0].Vendor, d.Changes[0].Vendor)
			}
		})
	}
}

func TestFilterVendors(t *testing.T) {
	qs := []index.AnswerQuote{quote("acme", "A", "a"), quote("globex", "G", "g"), quote("", "", "n")}
	if got := FilterVendors(qs, nil); len(got) != 3 {
		t.Errorf("FilterVendors(nil) kept %d; want all 3", len(got))
	}
	got := FilterVendors(qs, []string{"globex"})
	if len(got) != 1 || got[0].Vendor != "globex" {
		t.Errorf("FilterVendors(globex) = %v; want globex's only", got)
	}
}

func TestDigestJSON(t *testing.T) {
	d := ComposeDigest([]index.AnswerQuote{quote("acme", "Ada Quill", "w", corpus.TrustPriority)}, nil, testRegistry(t),
		time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC))
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`"since":"2026-03-30T09:00:00Z"`, `"quotes":1`, `"kind":"first-quotations"`,
		`"vendors":[{"vendor":"acme","name":"Acme Cloud","labels":["trust-priority"],"quotes":[{"text":"w","speaker":"Ada Quill"`} {
		if !strings.Contains(string(b), w) {
			t.Errorf("JSON lacks %s:\n%s", w, b)
		}
	}
}
