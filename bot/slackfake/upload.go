package slackfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// UploadMethod is the Method of a Call made to an upload_url rather than to the Web API.
const UploadMethod = "upload_url"

// Upload is a file uploaded with Slack's external upload: files.getUploadURLExternal, the bytes
// posted to its upload_url, then files.completeUploadExternal. Channel is empty until completed.
type Upload struct {
	ID             string
	Filename       string
	Length         int // as announced to files.getUploadURLExternal
	AltText        string
	Content        []byte // as posted to the upload URL; nil until then
	Title          string
	Channel        string // channel_id of files.completeUploadExternal
	ThreadTS       string
	InitialComment string
	Completed      bool
}

// Uploads returns every upload started, in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Upload, 0, len(s.uploadOrder))
	for _, id := range s.uploadOrder {
		out = append(out, *s.uploads[id])
	}
	return out
}

// getUploadURL answers files.getUploadURLExternal in the shape of the docs' response fixture.
func (s *Server) getUploadURL(c Call) answer {
	name := c.Params.Get("filename")
	n, err := strconv.Atoi(c.Params.Get("length"))
	if name == "" || err != nil || n <= 0 {
		return fail("missing_argument") // the docs' error for a length of 0
	}
	s.mu.Lock()
	s.seq++
	id := fmt.Sprintf("F0FAKE%06d", s.seq)
	if s.uploads == nil {
		s.uploads = map[string]*Upload{}
	}
	s.uploads[id] = &Upload{ID: id, Filename: name, Length: n, AltText: c.Params.Get("alt_txt")}
	s.uploadOrder = append(s.uploadOrder, id)
	s.changedLocked()
	s.mu.Unlock()

	a := answer(s.fixtures.object(fixtureGetUploadURL))
	a["upload_url"], a["file_id"] = s.srv.URL+"/upload/v1/"+id, id
	return a
}

// serveUpload takes the bytes posted to an upload_url, raw or as the one file of a multipart
// form, and answers 200 as Slack does ("OK - <size>"); an unknown or used URL is a 404.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/v1/")
	c := Call{Method: UploadMethod, Path: r.URL.Path, Params: map[string][]string{}, Time: time.Now()}
	c.ContentType, _, _ = mime.ParseMediaType(r.Header.Get("Content-Type"))
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		c.Token = tok
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err == nil && c.ContentType == "multipart/form-data" {
		body, err = multipartFile(r.Header.Get("Content-Type"), body)
	}
	c.Body = body
	s.mu.Lock()
	u := s.uploads[id]
	switch {
	case r.Method != http.MethodPost:
		c.Status = http.StatusMethodNotAllowed
	case err != nil:
		c.Status, c.Error = http.StatusBadRequest, err.Error()
	case u == nil || u.Content != nil:
		c.Status = http.StatusNotFound
	default:
		c.Status, c.OK = http.StatusOK, true
		u.Content = body
	}
	s.mu.Unlock()
	s.record(c)
	w.WriteHeader(c.Status)
	if c.OK {
		fmt.Fprintf(w, "OK - %d", len(body))
	}
}

// multipartFile is the content of the first file part of a multipart body.
func multipartFile(contentType string, body []byte) ([]byte, error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return nil, fmt.Errorf("read upload: no file part: %w", err)
		}
		if p.FileName() != "" {
			return io.ReadAll(p)
		}
	}
}

// completeUpload answers files.completeUploadExternal in the shape of the docs' response fixture:
// every file must have been uploaded, and is shared to channel_id (in thread_ts) once.
func (s *Server) completeUpload(c Call) answer {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.Params.Get("files")), &files); err != nil || len(files) == 0 {
		return fail("invalid_arguments")
	}
	channel := c.Params.Get("channel_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range files {
		u := s.uploads[f.ID]
		if u == nil || u.Completed {
			return fail("file_not_found")
		}
		if u.Content == nil || len(u.Content) != u.Length {
			return fail("upload_incomplete")
		}
	}
	out := make([]any, 0, len(files))
	for _, f := range files {
		u := s.uploads[f.ID]
		u.Completed, u.Title = true, f.Title
		u.Channel, u.ThreadTS, u.InitialComment = channel, c.Params.Get("thread_ts"), c.Params.Get("initial_comment")
		out = append(out, answer{"id": f.ID, "title": or(f.Title, u.Filename)})
	}
	s.changedLocked()
	a := answer(s.fixtures.object(fixtureCompleteUpload))
	a["files"] = out
	return a
}
