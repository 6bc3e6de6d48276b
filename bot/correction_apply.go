package bot

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// The corrections in force apply beyond answers too: to the digest, the
// Home tab's changes of position and vendors' dossiers, each through
// Fixes.Apply, so that every view of a quotation agrees.

// fixesIn reads the corrections in force from cs; when they cannot be
// read, none, said in log (a digest or a report is worth more than its
// corrections).
func fixesIn(ctx context.Context, cs CorrectionStore, log *slog.Logger) Fixes {
	if cs == nil {
		return nil
	}
	list, err := cs.Corrections(ctx)
	if err != nil {
		if log == nil {
			log = slog.Default()
		}
		log.Warn("corrections not applied", "err", err)
		return nil
	}
	return FixesOf(list)
}

// ApplyQuotes is Apply for a list of quotations: it returns quotes as
// answers show them, corrected, without those that are not statements.
func (fx Fixes) ApplyQuotes(quotes []index.AnswerQuote, reg *corpus.Registry) []index.AnswerQuote {
	a := index.Answer{Quotes: quotes}
	fx.Apply(&a, reg)
	return a.Quotes
}

// ApplyDossier is Apply for a vendor's dossier; a quotation corrected to
// another vendor leaves it.
func (fx Fixes) ApplyDossier(v *index.VendorQuotes, reg *corpus.Registry) {
	a := index.Answer{Quotes: v.Quotes}
	by := fx.Apply(&a, reg)
	v.Quotes = slices.DeleteFunc(a.Quotes, func(q index.AnswerQuote) bool {
		_, fixed := by[q.Ref()]
		return fixed && q.Vendor != v.Vendor
	})
}

// CorrectedSource is src with the corrections in store applied to the
// quotations it gives, read afresh on each call: what the digest reads,
// so that it shows the quotations as answers do. A nil store gives src.
// The vendors' earlier positions (VendorLabels) are the index's.
func CorrectedSource(src digest.DigestSource, store CorrectionStore, reg *corpus.Registry, log *slog.Logger) digest.DigestSource {
	if _, done := src.(correctedSource); done || store == nil || src == nil {
		return src
	}
	return correctedSource{DigestSource: src, store: store, reg: reg, log: log}
}

type correctedSource struct {
	digest.DigestSource
	store CorrectionStore
	reg   *corpus.Registry
	log   *slog.Logger
}

// Since gives the source's quotations, corrected.
func (s correctedSource) Since(ctx context.Context, t time.Time) ([]index.AnswerQuote, error) {
	quotes, err := s.DigestSource.Since(ctx, t)
	if err != nil {
		return nil, err
	}
	return fixesIn(ctx, s.store, s.log).ApplyQuotes(quotes, s.reg), nil
}
