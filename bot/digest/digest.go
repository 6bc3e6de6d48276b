// Package digest is what the corpus gained since the last digest, and
// its posting on a schedule: the Digest value (grouped by vendor, with the
// changes of position), the cron Schedule and its slots, and the Digester
// that posts each slot once per channel through the claims of a Store
// (SlotRecord, Subscription), whoever else runs at the same time.
//
// It draws nothing: package bot draws a Digest as Block Kit and posts it
// (bot.SlackPoster), and answers the digest's subcommands. It must not
// import package bot, which imports it; slack-go is used only to tell a
// refused post from one that may have gone through.
package digest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// The digest's caps keep it short enough to read over coffee; the rest is
// one `/trust vendor …` away.
const (
	DigestVendors = 5 // vendors shown
	DigestQuotes  = 3 // quotations shown per vendor
	DigestChanges = 5 // "what changed" lines shown
)

// DigestSource is what the digest asks of the index; *index.Index has
// these methods.
type DigestSource interface {
	// Since returns the quotations first indexed at or after t, newest
	// first.
	Since(ctx context.Context, t time.Time) ([]index.AnswerQuote, error)
	// VendorLabels returns the labels the vendor's quotations carried
	// that were first indexed before t.
	VendorLabels(ctx context.Context, vendor string, before time.Time) ([]corpus.Label, error)
}

// Digest is what the corpus gained over a span of time, grouped by
// vendor, with what changed in vendors' positions at the top. It is the
// JSON of `trustwatch digest --json`, and what RenderDigest draws.
type Digest struct {
	// Since and Until bound when the quotations were first indexed.
	Since time.Time `json:"since"`
	Until time.Time `json:"until,omitzero"`
	// Quotes is how many new quotations there are in all, shown or not.
	Quotes int `json:"quotes"`
	// Changes are the vendors' new or reversed positions, at most
	// DigestChanges; MoreChanges counts the others.
	Changes     []Change `json:"changes"`
	MoreChanges int      `json:"more_changes,omitempty"`
	// Vendors are the vendors with new quotations, at most DigestVendors,
	// those with changes first, then the most quoted; quotations not tied
	// to a vendor come last, under the vendor "".
	Vendors []DigestVendor `json:"vendors"`
	// MoreVendors are the vendors left out, with their counts.
	MoreVendors []DigestVendor `json:"more_vendors,omitempty"`
}

// DigestVendor is one vendor's new quotations.
type DigestVendor struct {
	Vendor string `json:"vendor"`
	Name   string `json:"name"`
	// Labels is the union of the new quotations' labels.
	Labels []corpus.Label `json:"labels"`
	// Quotes are the newest, at most DigestQuotes; More counts the rest.
	Quotes []index.AnswerQuote `json:"quotes,omitempty"`
	More   int                 `json:"more"`
}

// Kinds of Change.
const (
	// ChangeFirst is a vendor's first quotations in the corpus.
	ChangeFirst = "first-quotations"
	// ChangeNewLabel is a vendor taking a position it never took before.
	ChangeNewLabel = "new-position"
	// ChangeReversal is a vendor saying the opposite of what it said
	// before: a no-compete pledge after acknowledging coopetition, or
	// the reverse.
	ChangeReversal = "reversal"
)

// Change is a vendor's position that moved.
type Change struct {
	Kind   string         `json:"kind"`
	Vendor string         `json:"vendor"`
	Name   string         `json:"name"`
	Labels []corpus.Label `json:"labels"`
	// Was is the earlier, opposed position of a reversal.
	Was corpus.Label `json:"was,omitempty"`
	// Quote is the newest quotation that shows the change.
	Quote index.AnswerQuote `json:"quote"`
}

// Empty reports whether there is nothing new.
func (d Digest) Empty() bool { return d.Quotes == 0 }

// opposite pairs the labels a vendor cannot hold at once.
var opposite = map[corpus.Label]corpus.Label{
	corpus.NoCompetePledge:         corpus.AcknowledgesCoopetition,
	corpus.AcknowledgesCoopetition: corpus.NoCompetePledge,
}

// ComposeDigest makes the digest of quotes, the quotations first indexed
// since since, newest first. prior holds, per vendor id, the labels its
// quotations carried before since (VendorLabels); a vendor missing from
// it had none. reg names the vendors; nil leaves their ids.
func ComposeDigest(quotes []index.AnswerQuote, prior map[string][]corpus.Label, reg *corpus.Registry, since time.Time) Digest {
	d := Digest{Since: since, Quotes: len(quotes), Changes: []Change{}, Vendors: []DigestVendor{}}
	byVendor := map[string]*DigestVendor{}
	var all []*DigestVendor
	var quotesOf = map[string][]index.AnswerQuote{}
	for _, q := range quotes {
		g := byVendor[q.Vendor]
		if g == nil {
			g = &DigestVendor{Vendor: q.Vendor, Name: VendorName(reg, q.Vendor), Labels: []corpus.Label{}}
			byVendor[q.Vendor] = g
			all = append(all, g)
		}
		quotesOf[q.Vendor] = append(quotesOf[q.Vendor], q)
		for _, l := range q.Labels {
			if !slices.Contains(g.Labels, l) {
				g.Labels = append(g.Labels, l)
			}
		}
	}

	// A vendor ranks by its weightiest change: reversal, new position,
	// first quotations, none.
	rank := map[string]int{ChangeReversal: 0, ChangeNewLabel: 1, ChangeFirst: 2}
	var changes []Change
	vendorRank := map[string]int{}
	for _, g := range all {
		g.Labels = orderedLabels(g.Labels)
		vendorRank[g.Vendor] = len(rank)
		if g.Vendor == "" {
			continue
		}
		for _, c := range changesOf(g, quotesOf[g.Vendor], prior[g.Vendor]) {
			vendorRank[g.Vendor] = min(vendorRank[g.Vendor], rank[c.Kind])
			changes = append(changes, c)
		}
	}
	slices.SortStableFunc(changes, func(a, b Change) int { return cmp.Compare(rank[a.Kind], rank[b.Kind]) })
	if len(changes) > DigestChanges {
		d.MoreChanges = len(changes) - DigestChanges
		changes = changes[:DigestChanges]
	}
	d.Changes = append(d.Changes, changes...)

	slices.SortStableFunc(all, func(a, b *DigestVendor) int {
		if (a.Vendor == "") != (b.Vendor == "") {
			return boolRank(a.Vendor == "") - boolRank(b.Vendor == "")
		}
		if n := cmp.Compare(vendorRank[a.Vendor], vendorRank[b.Vendor]); n != 0 {
			return n
		}
		if n := cmp.Compare(len(quotesOf[b.Vendor]), len(quotesOf[a.Vendor])); n != 0 {
			return n
		}
		return cmp.Compare(a.Name, b.Name)
	})
	for i, g := range all {
		qs := quotesOf[g.Vendor]
		if i >= DigestVendors {
			g.More = len(qs)
			d.MoreVendors = append(d.MoreVendors, *g)
			continue
		}
		g.Quotes = qs[:min(len(qs), DigestQuotes)]
		g.More = len(qs) - len(g.Quotes)
		d.Vendors = append(d.Vendors, *g)
	}
	return d
}

// changesOf finds how a vendor's new quotations move its position from
// the labels it had before (prior).
func changesOf(g *DigestVendor, quotes []index.AnswerQuote, prior []corpus.Label) []Change {
	var fresh []corpus.Label
	for _, l := range g.Labels {
		if l != corpus.Other && !slices.Contains(prior, l) {
			fresh = append(fresh, l)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	carrying := func(l corpus.Label) index.AnswerQuote {
		for _, q := range quotes {
			if slices.Contains(q.Labels, l) {
				return q
			}
		}
		return index.AnswerQuote{}
	}
	if len(prior) == 0 {
		return []Change{{Kind: ChangeFirst, Vendor: g.Vendor, Name: g.Name, Labels: fresh, Quote: carrying(fresh[0])}}
	}
	var out, added []Change
	var newLabels []corpus.Label
	for _, l := range fresh {
		if was, ok := opposite[l]; ok && slices.Contains(prior, was) {
			out = append(out, Change{Kind: ChangeReversal, Vendor: g.Vendor, Name: g.Name, Labels: []corpus.Label{l}, Was: was, Quote: carrying(l)})
			continue
		}
		newLabels = append(newLabels, l)
	}
	if len(newLabels) > 0 {
		added = append(added, Change{Kind: ChangeNewLabel, Vendor: g.Vendor, Name: g.Name, Labels: newLabels, Quote: carrying(newLabels[0])})
	}
	return append(out, added...)
}

// orderedLabels puts labels in the contract's order, unknown ones last.
func orderedLabels(ls []corpus.Label) []corpus.Label {
	pos := func(l corpus.Label) int {
		if i := slices.Index(corpus.Labels, l); i >= 0 {
			return i
		}
		return len(corpus.Labels)
	}
	slices.SortStableFunc(ls, func(a, b corpus.Label) int { return cmp.Compare(pos(a), pos(b)) })
	return ls
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// VendorName is a vendor's name from the registry, else its id; "" for
// none.
func VendorName(reg *corpus.Registry, id string) string {
	if id == "" {
		return ""
	}
	if reg != nil {
		if v, ok := reg.Vendor(id); ok && v.Name != "" {
			return v.Name
		}
	}
	return id
}

// FilterVendors keeps the quotations of the given vendors; none keeps all.
func FilterVendors(quotes []index.AnswerQuote, vendors []string) []index.AnswerQuote {
	if len(vendors) == 0 {
		return quotes
	}
	var out []index.AnswerQuote
	for _, q := range quotes {
		if slices.Contains(vendors, q.Vendor) {
			out = append(out, q)
		}
	}
	return out
}

// BuildDigest reads from src what was first indexed from since on, for
// the given vendors (none: all), and composes its digest. until is the
// time the digest is said to cover up to; it is taken before reading, so
// that a quotation indexed meanwhile is in the next digest too rather
// than in none.
func BuildDigest(ctx context.Context, src DigestSource, reg *corpus.Registry, since, until time.Time, vendors []string) (Digest, error) {
	quotes, err := src.Since(ctx, since)
	if err != nil {
		return Digest{}, fmt.Errorf("read quotations since %s: %w", since.Format(time.RFC3339), err)
	}
	quotes = FilterVendors(quotes, vendors)
	prior := map[string][]corpus.Label{}
	for _, q := range quotes {
		if _, done := prior[q.Vendor]; done || q.Vendor == "" {
			continue
		}
		ls, err := src.VendorLabels(ctx, q.Vendor, since)
		if err != nil {
			return Digest{}, fmt.Errorf("read earlier positions of %s: %w", q.Vendor, err)
		}
		prior[q.Vendor] = ls
	}
	d := ComposeDigest(quotes, prior, reg, since)
	d.Until = until
	return d, nil
}
