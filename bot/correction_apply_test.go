package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/bot/report"
	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// correctedName is an invented speaker the corrections below give.
const correctedName = "Ilse Marrowgate"

// correct stores corrections of kind on each quotation, as the Slack
// form saves them.
func correct(t *testing.T, cs CorrectionStore, c Correction, quotes ...index.AnswerQuote) {
	t.Helper()
	for _, q := range quotes {
		c := c
		c.ID, c.Quote, c.By, c.At, c.Was = c.Kind+"-"+q.Ref(), q.Ref(), "U0FIXER", time.Now(), snapshot(q)
		if _, err := cs.AddCorrection(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
}

// snippet is words of q the renderers show whole.
func snippet(q index.AnswerQuote) string {
	w := strings.Fields(q.Text)
	return strings.Join(w[:min(len(w), 4)], " ")
}

// TestDigestAppliesCorrections: the digest read through CorrectedSource
// (as cmd/trustwatch gives it to serve and `digest`) shows a corrected
// speaker, and leaves out a quotation that is not a statement.
func TestDigestAppliesCorrections(t *testing.T) {
	ctx := context.Background()
	ix := sampleIndex(t)
	store := NewStore(filepath.Join(t.TempDir(), StateFile), StoreOptions{})
	src := CorrectedSource(ix, store, ix.Registry(), nil)
	build := func() (digest.Digest, string) {
		d, err := digest.BuildDigest(ctx, src, ix.Registry(), time.Time{}, time.Now(), []string{"aws"})
		if err != nil {
			t.Fatal(err)
		}
		return d, blocksText(t, RenderDigest(d, "/trust"))
	}
	before, text := build()
	if len(before.Vendors) != 1 || len(before.Vendors[0].Quotes) < 2 {
		t.Fatalf("digest of aws = %+v; want two quotations or more", before.Vendors)
	}
	shown := before.Vendors[0].Quotes
	if !strings.Contains(text, snippet(shown[1])) || strings.Contains(text, correctedName) {
		t.Fatalf("digest before the corrections lacks %q or has %q:\n%s", snippet(shown[1]), correctedName, text)
	}
	correct(t, store, Correction{Kind: FixSpeaker, Speaker: correctedName, SpeakerTitle: "CTO"}, shown[0])
	correct(t, store, Correction{Kind: FixNotStatement}, shown[1])
	after, text := build()
	if !strings.Contains(text, "*"+correctedName+"*, CTO") {
		t.Errorf("digest after the corrections lacks the corrected speaker:\n%s", text)
	}
	if strings.Contains(text, snippet(shown[1])) || after.Quotes != before.Quotes-1 {
		t.Errorf("digest after the corrections: %d quotations (before %d), shows %q; want the one not a statement gone:\n%s", after.Quotes, before.Quotes, snippet(shown[1]), text)
	}
}

// TestHomeChangesApplyCorrections: the Home tab's latest changes of
// position name the corrected speaker of the quotation that shows them.
func TestHomeChangesApplyCorrections(t *testing.T) {
	h, store := homeHarness(t)
	ix := sampleIndex(t)
	now := time.Now()
	dg, err := digest.BuildDigest(context.Background(), ix, ix.Registry(), time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC), now, nil)
	if err != nil || len(dg.Changes) == 0 {
		t.Fatalf("this month's digest = %+v, %v; want changes of position", dg, err)
	}
	correct(t, store, Correction{Kind: FixSpeaker, Speaker: correctedName}, dg.Changes[0].Quote)
	h.fake.SendAppHomeOpened(slackfake.HomeOpened{UserID: "U0ADA"})
	got := viewText(h.waitView(1))
	if !strings.Contains(got, "("+correctedName+")") {
		t.Errorf("the Home tab's changes lack the corrected speaker %q:\n%s", correctedName, got)
	}
}

// TestReportAppliesCorrections: "/trust report" uploads the dossier with
// the corrections in force: a corrected speaker and labels, a quotation
// that is not a statement left out, one moved to another vendor too.
func TestReportAppliesCorrections(t *testing.T) {
	dir := t.TempDir()
	store := NewStore(filepath.Join(dir, StateFile), StoreOptions{})
	v, err := sampleIndex(t).VendorQuotes(context.Background(), "aws", "")
	if err != nil || len(v.Quotes) < 3 {
		t.Fatalf("aws's quotations = %d, %v; want three or more", len(v.Quotes), err)
	}
	before := report.Markdown(v, "")
	for _, q := range v.Quotes[1:3] {
		if !strings.Contains(before, snippet(q)) {
			t.Fatalf("dossier before the corrections lacks %q:\n%s", snippet(q), before)
		}
	}
	if strings.Contains(before, correctedName) || strings.Contains(before, string(corpus.SovereigntyPledge)) {
		t.Fatalf("dossier before the corrections already has the corrected speaker or label:\n%s", before)
	}
	correct(t, store, Correction{Kind: FixSpeaker, Speaker: correctedName}, v.Quotes[0])
	correct(t, store, Correction{Kind: FixLabels, Labels: []corpus.Label{corpus.SovereigntyPledge}}, v.Quotes[0])
	correct(t, store, Correction{Kind: FixNotStatement}, v.Quotes[1])
	correct(t, store, Correction{Kind: FixVendor, Vendor: "google-cloud"}, v.Quotes[2])
	h := start(t, sampleIndex(t), func(c *Config) { c.StateDir = dir })
	h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "report aws"})
	ups := h.waitUploads(1)
	if len(ups) == 0 {
		t.Fatal("no dossier uploaded")
	}
	md := string(ups[0].Content)
	if !strings.Contains(md, correctedName) || !strings.Contains(md, string(corpus.SovereigntyPledge)) {
		t.Errorf("dossier lacks the corrected speaker or label:\n%s", md)
	}
	for _, q := range v.Quotes[1:3] {
		if strings.Contains(md, snippet(q)) {
			t.Errorf("dossier shows %q, not a statement or not aws's:\n%s", snippet(q), md)
		}
	}
	if want := fmt.Sprintf("%d statements in", len(v.Quotes)-2); !strings.Contains(md, want) {
		t.Errorf("dossier does not count %s:\n%s", want, md)
	}
}
