package bot

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// waitUploads waits until n uploads are completed.
func (h *harness) waitUploads(n int) []slackfake.Upload {
	h.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		var done []slackfake.Upload
		for _, u := range h.fake.Uploads() {
			if u.Completed {
				done = append(done, u)
			}
		}
		if len(done) >= n || time.Now().After(deadline) {
			return done
		}
		if _, err := h.fake.WaitCalls("files.completeUploadExternal", len(h.fake.CallsTo("files.completeUploadExternal"))+1, time.Until(deadline)); err != nil {
			return done
		}
	}
}

// TestReportUploadedWithChart: "/trust report aws" uploads the dossier
// and its chart to the channel, through Slack's external upload, and the
// Markdown is the terminal's (the golden file of `trustwatch report aws`).
func TestReportUploadedWithChart(t *testing.T) {
	h := start(t, sampleIndex(t))
	id := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "report aws"})
	ack, err := h.fake.WaitAck(id, wait)
	if err != nil || ack.Latency > 3*time.Second {
		t.Fatalf("ack = %+v, %v; want one within 3s", ack, err)
	}
	private := h.waitPost("the notice", func(c slackfake.Call) bool { return c.Method == slackfake.ResponseURLMethod })
	if !strings.Contains(shown(private), "I uploaded the dossier on Amazon Web Services (4 statements)") {
		t.Errorf("notice = %s; want what was uploaded", shown(private))
	}
	ups := h.waitUploads(2)
	if len(ups) != 2 {
		t.Fatalf("uploads = %+v; want the Markdown and the chart", ups)
	}
	md, chart := ups[0], ups[1]
	if md.Filename != "aws.md" || chart.Filename != "aws.png" || md.Channel != slackfake.DefaultChannelID || md.ThreadTS != "" || chart.Channel != md.Channel {
		t.Errorf("uploads = %s to %s, %s to %s; want aws.md and aws.png in %s", md.Filename, md.Channel, chart.Filename, chart.Channel, slackfake.DefaultChannelID)
	}
	if calls := h.fake.CallsTo("files.completeUploadExternal"); len(calls) != 1 {
		t.Errorf("%d calls to files.completeUploadExternal; want one for both files", len(calls))
	}
	want, err := os.ReadFile("../cmd/trustwatch/testdata/report-aws.golden.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(md.Content) != string(want) {
		t.Errorf("uploaded Markdown differs from cmd/trustwatch/testdata/report-aws.golden.md:\n%s", md.Content)
	}
	img, err := png.Decode(bytes.NewReader(chart.Content))
	if err != nil {
		t.Fatalf("decode the uploaded chart: %v", err)
	}
	if r := img.Bounds(); r.Dx() != 768 || r.Dy() != 384 || chart.AltText == "" {
		t.Errorf("chart is %dx%d, alt text %q; want 768x384 with alt text", r.Dx(), r.Dy(), chart.AltText)
	}
}

// TestReportInThread: a mention asking for a report on a topic gets it
// in its thread.
func TestReportInThread(t *testing.T) {
	h := start(t, sampleIndex(t))
	ts := "1700000000.000100"
	h.fake.SendEvent(slackfake.Event{Text: "<@" + slackfake.BotUserID + "> report Amazon competition", TS: ts})
	c := h.waitPost("the notice", func(slackfake.Call) bool { return true })
	if c.ThreadTS != ts || !strings.Contains(shown(c), "I uploaded the dossier") {
		t.Errorf("notice in thread %q: %s; want in %q", c.ThreadTS, shown(c), ts)
	}
	ups := h.waitUploads(2)
	if len(ups) != 2 || ups[0].ThreadTS != ts || ups[0].Filename != "aws-competition.md" || !strings.Contains(string(ups[0].Content), "dossier on competition") {
		t.Errorf("uploads = %+v; want the competition dossier in thread %s", ups, ts)
	}
}

// TestReportRefusals: an unknown vendor, a vendor with nothing, and a
// channel the bot may not upload to each get a sentence, never a crash.
func TestReportRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, text, fail, want string
		uploads                int
	}{
		{"unknown vendor", "report nosuch", "", `I do not know a vendor called "nosuch".`, 0},
		{"vendor with nothing on the topic", "report aws sovereignty", "", "There are no quotations from Amazon Web Services on sovereignty in the corpus.", 0},
		{"no vendor", "report", "", "How to ask", 0},
		{"hostile vendor name", "report <!here> [x](http://evil)", "", "I do not know a vendor called", 0},
		{"upload refused", "report aws", "not_in_channel", "I could not upload the report here (not_in_channel)", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t, sampleIndex(t))
			if tc.fail != "" {
				h.fake.FailNext("files.completeUploadExternal", 1, tc.fail)
			}
			h.fake.SendSlashCommand(slackfake.SlashCommand{Text: tc.text})
			c := h.waitPost("the answer", func(c slackfake.Call) bool { return c.Method == slackfake.ResponseURLMethod })
			if !strings.Contains(shown(c), tc.want) {
				t.Errorf("answer = %s; want %q", shown(c), tc.want)
			}
			if strings.Contains(blocksJSON(c), "<!here>") || strings.Contains(blocksJSON(c), "<http") {
				t.Errorf("answer pings or links: %s", blocksJSON(c))
			}
			done := 0
			for _, u := range h.fake.Uploads() {
				if u.Completed {
					done++
				}
			}
			if done != tc.uploads {
				t.Errorf("%d uploads shared; want %d", done, tc.uploads)
			}
		})
	}
}

// slowDossiers makes reports only when released.
type slowDossiers struct {
	*fakeIndex
	started chan struct{}
	release chan struct{}
}

func (s slowDossiers) VendorQuotes(ctx context.Context, id string, topic corpus.Topic) (index.VendorQuotes, error) {
	s.started <- struct{}{}
	select {
	case <-s.release:
		return index.VendorQuotes{Vendor: id, Name: "Nimbus Cloud"}, nil
	case <-ctx.Done():
		return index.VendorQuotes{}, ctx.Err()
	}
}

// TestReportDoesNotBlock: while a report is being made, commands are
// acked at once and other questions answered.
func TestReportDoesNotBlock(t *testing.T) {
	ix := slowDossiers{fakeIndex: &fakeIndex{}, started: make(chan struct{}, 1), release: make(chan struct{})}
	h := start(t, ix, func(c *Config) { c.Parallel = 2 })
	h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "report nimbus"})
	select {
	case <-ix.started:
	case <-time.After(wait):
		t.Fatal("the report never started")
	}
	id := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: "does nimbus train on our data?"})
	ack, err := h.fake.WaitAck(id, wait)
	if err != nil || ack.Latency > 3*time.Second {
		t.Fatalf("ack during a report = %+v, %v; want one within 3s", ack, err)
	}
	c := h.waitPost("the other answer", func(c slackfake.Call) bool { return c.Method == slackfake.ResponseURLMethod })
	if !strings.Contains(shown(c), "nothing about does nimbus") {
		t.Errorf("first answer during the report = %s; want the question's", shown(c))
	}
	close(ix.release)
	c = h.waitPost("the report's answer", func(c slackfake.Call) bool {
		return c.Method == slackfake.ResponseURLMethod && strings.Contains(shown(c), "Nimbus Cloud")
	})
	if !strings.Contains(shown(c), "There are no quotations from Nimbus Cloud") {
		t.Errorf("report's answer = %s", shown(c))
	}
}
