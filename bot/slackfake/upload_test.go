package slackfake_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// TestExternalUpload: slack-go's own three steps (files.getUploadURLExternal, the POST to
// upload_url, files.completeUploadExternal) against the fake share the file in the thread.
func TestExternalUpload(t *testing.T) {
	fake := slackfake.New(t)
	api := apiClient(fake)
	content := "# Report\n\nwords\n"
	f, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{
		Reader: strings.NewReader(content), FileSize: len(content), Filename: "nimbus.md", Title: "Nimbus Cloud",
		Channel: "C1", ThreadTimestamp: "1700000000.000100", InitialComment: "here it is",
	})
	if err != nil {
		t.Fatalf("UploadFileContext = %v", err)
	}
	ups := fake.Uploads()
	if len(ups) != 1 || f.ID != ups[0].ID || f.Title != "Nimbus Cloud" {
		t.Fatalf("uploads = %+v, file %+v; want the one uploaded", ups, f)
	}
	u := ups[0]
	if !u.Completed || u.Filename != "nimbus.md" || string(u.Content) != content || u.Channel != "C1" ||
		u.ThreadTS != "1700000000.000100" || u.InitialComment != "here it is" {
		t.Errorf("upload = %+v; want nimbus.md's bytes shared to C1 in the thread", u)
	}
	if calls := fake.CallsTo(slackfake.UploadMethod); len(calls) != 1 || calls[0].Status != http.StatusOK {
		t.Errorf("calls to the upload URL = %+v; want one, answered 200", calls)
	}
}

func TestExternalUploadRefusals(t *testing.T) {
	fake := slackfake.New(t)
	api := apiClient(fake)
	ctx := context.Background()
	if _, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "a.md", FileSize: -1}); err == nil || err.Error() != "missing_argument" {
		t.Errorf("getUploadURLExternal with length -1 = %v; want missing_argument", err)
	}
	u, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "a.md", FileSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	complete := func() error {
		_, err := api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: u.FileID}}, Channel: "C1"})
		return err
	}
	if err := complete(); err == nil || err.Error() != "upload_incomplete" {
		t.Errorf("completeUploadExternal before the bytes = %v; want upload_incomplete", err)
	}
	if err := api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Reader: bytes.NewReader([]byte("abc")), Filename: "a.md"}); err != nil {
		t.Fatalf("UploadToURL = %v", err)
	}
	if err := api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Reader: bytes.NewReader([]byte("abc")), Filename: "a.md"}); err == nil {
		t.Errorf("a second POST to the same upload URL succeeded; want 404")
	}
	if err := complete(); err != nil {
		t.Fatalf("completeUploadExternal = %v", err)
	}
	if err := complete(); err == nil || err.Error() != "file_not_found" {
		t.Errorf("completeUploadExternal twice = %v; want file_not_found (it can only be called once)", err)
	}
	_, err = api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: "F404"}}, Channel: "C1"})
	if err == nil || err.Error() != "file_not_found" {
		t.Errorf("completeUploadExternal of an unknown file = %v; want file_not_found", err)
	}
}
