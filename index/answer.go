package index

import (
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

// Answer is what trustwatch says to a question. It has the JSON shape of
// the contract's `ask --json`, so the terminal and Slack renderers are two
// views of the same value.
type Answer struct {
	Question string `json:"question"`
	// Vendors are the vendor ids the question named.
	Vendors []string      `json:"vendors"`
	Quotes  []AnswerQuote `json:"quotes"`
	Stances []Stance      `json:"stances"`
	Sources []Source      `json:"sources"`
	// Hint says what to try when nothing matched, or that the vendor asked
	// about has no matching quotation (then every quote shown is another
	// vendor's and has OtherVendor set).
	Hint string `json:"hint,omitempty"`
	// Note tells of something done to the question, such as cutting it.
	Note string `json:"note,omitempty"`
	// Total is how many quotations matched before the limit.
	Total int `json:"total"`
}

// AnswerQuote is one quotation in an answer, with its article.
type AnswerQuote struct {
	corpus.Quote
	Score   float64 `json:"score"`
	Article Source  `json:"article"`
	// AlsoIn lists the other articles that carry the same quotation.
	AlsoIn []Source `json:"also_in"`
	// OtherVendor marks a quotation shown as the nearest evidence when the
	// vendor asked about had none: it is not an answer about that vendor.
	OtherVendor bool `json:"other_vendor,omitempty"`
	// Highlight is the quotation text with the matched terms marked; the
	// marks are "\x02" before and "\x03" after each match, for renderers
	// to turn into their own emphasis.
	Highlight string `json:"-"`
	// FirstIndexed is when the quotation (its text, in this article) was
	// first indexed; the digest uses it to tell what is new.
	FirstIndexed time.Time `json:"first_indexed,omitzero"`

	key string // normalised-text key, for dedup
	id  string // the document shown, when it came from a search
}

// Stance is where one vendor stands on the matching quotations.
type Stance struct {
	Vendor  string         `json:"vendor"`
	Name    string         `json:"name"`
	Labels  []corpus.Label `json:"labels"`
	Summary string         `json:"summary"`
}

// Source is an article as an answer cites it.
type Source struct {
	ID          string `json:"id,omitempty"`
	Title       string `json:"title"`
	Publication string `json:"publication"`
	URL         string `json:"url"`
	Date        string `json:"date"`
	// Lang is set on an also_in source that quotes the statement in
	// the other language ("en" or "fr"): a translation merged into it.
	Lang string `json:"lang,omitempty"`
}
