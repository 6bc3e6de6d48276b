package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/report"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// ReportTimeout bounds making and uploading one report. It replaces
// Config.RequestTimeout for "report", since a large vendor's dossier
// takes longer than an answer; the report still runs on the answer
// pool, so acks and other answers go on meanwhile.
const ReportTimeout = 2 * time.Minute

// dossiers is what the bot needs of the index for reports; *index.Index
// has it. An Index without it answers "report" with a sentence.
type dossiers interface {
	VendorQuotes(ctx context.Context, id string, topic corpus.Topic) (index.VendorQuotes, error)
}

// requestTimeout is how long the request may take to work out.
func (b *Bot) requestTimeout(req request) time.Duration {
	if req.sub == "report" {
		return max(b.cfg.RequestTimeout, ReportTimeout)
	}
	return b.cfg.RequestTimeout
}

// reportCommand makes the dossier of the vendor in args (and topic, when
// given) and uploads its Markdown and chart to the conversation, in the
// thread for a mention; the message returned tells the asker how it went.
func (b *Bot) reportCommand(ctx context.Context, req request) (Message, int, error) {
	if len(req.args) == 0 {
		return RenderHelp(b.cfg.Command), 0, nil
	}
	name, topic := strings.Join(req.args, " "), corpus.Topic("")
	if len(req.args) > 1 {
		if t := corpus.Topic(strings.ToLower(req.args[len(req.args)-1])); slices.Contains(corpus.Topics, t) {
			name, topic = strings.Join(req.args[:len(req.args)-1], " "), t
		}
	}
	d, ok := b.cfg.Index.(dossiers)
	if !ok {
		return RenderError("this index cannot make reports."), 0, nil
	}
	v, err := d.VendorQuotes(ctx, name, topic)
	if errors.Is(err, index.ErrUnknownVendor) {
		return RenderError(fmt.Sprintf("I do not know a vendor called %q. %s sources lists the vendors I know; a report takes a vendor and, if you want, a topic (%s).", name, b.cfg.Command, topicList())), 0, nil
	}
	if err != nil {
		return Message{}, 0, fmt.Errorf("report on %q: %w", name, err)
	}
	b.fixes(ctx).ApplyDossier(&v, b.registry()) // as answers show them
	if len(v.Quotes) == 0 {
		return reportNotice(report.Empty(v)), 0, nil
	}
	png, err := report.Chart(v)
	if err != nil {
		return Message{}, 0, err
	}
	md := report.Markdown(v, "")
	base := v.Vendor
	if topic != "" {
		base += "-" + string(topic)
	}
	files := []upload{{name: base + ".md", title: "Dossier: " + oneLine(v.Name), content: []byte(md)}}
	if png != nil {
		files = append(files, upload{name: base + ".png", title: "Statements per label over time: " + oneLine(v.Name),
			alt: oneLine(v.Name) + ": statements per label over time", content: png})
	}
	thread := ""
	if req.source == fromMention {
		thread = req.threadTS
	}
	comment := fmt.Sprintf("Dossier on %s: %d statements.", Escape(oneLine(v.Name)), len(v.Quotes))
	if err := b.post.upload(ctx, req.channel, thread, comment, files); err != nil {
		var se slack.SlackErrorResponse
		if errors.As(err, &se) {
			return RenderError(fmt.Sprintf("I could not upload the report here (%s): invite me with /invite, or ask me in a direct message.", se.Err)), len(v.Quotes), nil
		}
		return Message{}, 0, err
	}
	return reportNotice(fmt.Sprintf("I uploaded the dossier on %s (%d statements) with its chart to this conversation.", oneLine(v.Name), len(v.Quotes))), len(v.Quotes), nil
}

func topicList() string {
	names := make([]string, len(corpus.Topics))
	for i, t := range corpus.Topics {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// reportNotice is a one-sentence message, escaped.
func reportNotice(text string) Message {
	var b blockList
	b.section(Escape(text))
	return Message{Text: plainFallback(text), Blocks: b.list}
}

// upload is one file to share.
type upload struct {
	name, title, alt string
	content          []byte
}

// upload shares files in channel (in thread, when not "") as one message
// with comment, through Slack's external upload: files.getUploadURLExternal
// and a POST of the bytes for each file, then one files.completeUploadExternal
// for all. Each call is retried while Slack rate-limits it.
func (p *poster) upload(ctx context.Context, channel, thread, comment string, files []upload) error {
	done := make([]slack.FileSummary, 0, len(files))
	for _, f := range files {
		var u *slack.GetUploadURLExternalResponse
		err := p.retry(ctx, "files.getUploadURLExternal", func() error {
			var err error
			u, err = p.api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{
				FileName: f.name, FileSize: len(f.content), AltTxt: f.alt})
			return err
		})
		if err != nil {
			return fmt.Errorf("upload %s: %w", f.name, err)
		}
		err = p.retry(ctx, "upload_url", func() error {
			return p.api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL,
				Reader: bytes.NewReader(f.content), Filename: f.name})
		})
		if err != nil {
			return fmt.Errorf("upload %s: %w", f.name, err)
		}
		done = append(done, slack.FileSummary{ID: u.FileID, Title: f.title})
	}
	err := p.retry(ctx, "files.completeUploadExternal", func() error {
		_, err := p.api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
			Files: done, Channel: channel, ThreadTimestamp: thread, InitialComment: comment})
		return err
	})
	if err != nil {
		return fmt.Errorf("share %d files in %s: %w", len(done), channel, err)
	}
	return nil
}
