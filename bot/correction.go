package bot

import (
	"context"
	"slices"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// Corrections: people in Slack tell the bot that a quotation's speaker,
// vendor or labels are wrong, or that it is not a statement at all. A
// correction is keyed by the quotation's stable identity (index.QuoteRef:
// its article and normalised words), so it holds after re-indexing and a
// rebuilt index, and it is applied to every answer the bot gives.

// Kinds of Correction.
const (
	FixSpeaker      = "speaker"
	FixVendor       = "vendor"
	FixLabels       = "labels"
	FixNotStatement = "not-a-statement"
)

// fixKinds are the kinds of correction, in the order the menu shows them.
var fixKinds = []string{FixSpeaker, FixVendor, FixLabels, FixNotStatement}

// Correction is one correction of one quotation.
type Correction struct {
	// ID names the correction, for undoing it.
	ID string `json:"id"`
	// Quote is the quotation's index.QuoteRef.
	Quote string `json:"quote"`
	Kind  string `json:"kind"`
	// The right values, for the kind: Speaker and SpeakerTitle for
	// FixSpeaker, Vendor (a registry id) for FixVendor, Labels for
	// FixLabels; nothing for FixNotStatement.
	Speaker      string         `json:"speaker,omitempty"`
	SpeakerTitle string         `json:"speaker_title,omitempty"`
	Vendor       string         `json:"vendor,omitempty"`
	Labels       []corpus.Label `json:"labels,omitempty"`
	// By is the Slack user id of who made it, At when.
	By string    `json:"by"`
	At time.Time `json:"at"`
	// UndoneBy and UndoneAt are set once it is undone; it then no longer
	// applies, and stays listed.
	UndoneBy string    `json:"undone_by,omitempty"`
	UndoneAt time.Time `json:"undone_at,omitzero"`
	// Was is the quotation as the bot had it when corrected: what
	// `trustwatch corrections` shows, and the text its export trains on.
	Was QuoteSnapshot `json:"was"`
}

// Undone reports whether the correction was undone.
func (c Correction) Undone() bool { return !c.UndoneAt.IsZero() }

// QuoteSnapshot is what a correction keeps of the quotation it corrects.
type QuoteSnapshot struct {
	Text         string         `json:"text"`
	Article      string         `json:"article"`
	Lang         string         `json:"lang,omitempty"`
	Speaker      string         `json:"speaker,omitempty"`
	SpeakerTitle string         `json:"speaker_title,omitempty"`
	Vendor       string         `json:"vendor,omitempty"`
	Labels       []corpus.Label `json:"labels,omitempty"`
	Topics       []corpus.Topic `json:"topics,omitempty"`
}

// snapshot is what a correction keeps of q.
func snapshot(q index.AnswerQuote) QuoteSnapshot {
	return QuoteSnapshot{Text: q.Text, Article: q.Article.ID, Lang: q.Lang, Speaker: q.Speaker,
		SpeakerTitle: q.SpeakerTitle, Vendor: q.Vendor, Labels: slices.Clone(q.Labels), Topics: slices.Clone(q.Topics)}
}

// CorrectionStore keeps the corrections. Both state stores implement it.
type CorrectionStore interface {
	// AddCorrection stores c unless a correction with its ID is stored
	// already (a redelivered submission); it reports whether c was new.
	AddCorrection(ctx context.Context, c Correction) (bool, error)
	// UndoCorrection marks correction id undone by user by and returns
	// it; false when there is none with that id. Undoing one already
	// undone changes nothing.
	UndoCorrection(ctx context.Context, id, by string) (Correction, bool, error)
	// Corrections lists every correction, undone ones included, oldest
	// first.
	Corrections(ctx context.Context) ([]Correction, error)
}

// Fixes are the corrections in force, by quotation Ref: what every answer
// applies.
type Fixes map[string]Fix

// Fix is what the corrections in force say of one quotation: the latest
// of each kind wins.
type Fix struct {
	Speaker, SpeakerTitle *string
	Vendor                *string
	Labels                []corpus.Label // nil: unchanged
	Hidden                bool           // not a statement
	// By is who made the latest correction, At when; IDs are the
	// corrections in force.
	By  string
	At  time.Time
	IDs []string
}

// FixesOf folds corrections (in any order) into the fixes in force.
func FixesOf(cs []Correction) Fixes {
	byTime := func(a, b Correction) int { return a.At.Compare(b.At) }
	if !slices.IsSortedFunc(cs, byTime) { // as the stores list them, mostly
		cs = slices.Clone(cs)
		slices.SortStableFunc(cs, byTime)
	}
	out := Fixes{}
	for _, c := range cs {
		if c.Undone() || c.Quote == "" {
			continue
		}
		f := out[c.Quote]
		switch c.Kind {
		case FixSpeaker:
			sp, t := c.Speaker, c.SpeakerTitle
			f.Speaker, f.SpeakerTitle = &sp, &t
		case FixVendor:
			v := c.Vendor
			f.Vendor = &v
		case FixLabels:
			f.Labels = slices.Clone(c.Labels)
		case FixNotStatement:
			f.Hidden = true
		default:
			continue
		}
		f.By, f.At = c.By, c.At
		f.IDs = append(f.IDs, c.ID)
		out[c.Quote] = f
	}
	return out
}

// Apply corrects a's quotations: their speaker, vendor and labels as
// corrected, those that are not statements left out, and the stances and
// sources worked out again. It returns, by Ref, who corrected each
// quotation shown. reg names vendors (nil: the built-in registry).
func (fx Fixes) Apply(a *index.Answer, reg *corpus.Registry) map[string]string {
	if len(fx) == 0 || len(a.Quotes) == 0 {
		return nil
	}
	by := map[string]string{}
	kept := a.Quotes[:0:0]
	changed := false
	for _, q := range a.Quotes {
		f, ok := fx[q.Ref()]
		if !ok {
			kept = append(kept, q)
			continue
		}
		changed = true
		if f.Hidden {
			a.Total = max(a.Total-1, 0)
			continue
		}
		if f.Speaker != nil {
			q.Speaker, q.SpeakerTitle = *f.Speaker, *f.SpeakerTitle
			q.Attribution = corpus.Attribution{Rule: "corrected", Evidence: "corrected in Slack"}
		}
		if f.Vendor != nil {
			q.Vendor = *f.Vendor
		}
		if f.Labels != nil {
			q.Labels = slices.Clone(f.Labels)
			q.Cues = nil
		}
		by[q.Ref()] = f.By
		kept = append(kept, q)
	}
	if changed {
		a.Quotes = kept
		index.Restate(a, reg)
	}
	return by
}
