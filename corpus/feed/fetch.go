package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

var errTooManyRedirects = fmt.Errorf("more than %d redirects", MaxRedirects)

// fetchError is why a request failed, in words for a user, and whether
// trying again later may help.
type fetchError struct {
	reason    string
	transient bool
}

func (e *fetchError) Error() string { return e.reason }

// fetched is a response read in full.
type fetched struct {
	body               []byte
	contentType        string
	etag, lastModified string
	notModified        bool
}

// validators make a request conditional.
type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// get fetches rawURL, reading at most limit bytes of it. A 304 answer to
// the conditional request is notModified.
func (p *Poller) get(ctx context.Context, rawURL, accept string, limit int64, v validators) (fetched, error) {
	ctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return fetched{}, &fetchError{reason: "not a URL that can be fetched"}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fetched{}, &fetchError{reason: "not an http(s) URL"}
	}
	if !validHost(req.URL.Hostname()) {
		return fetched{}, &fetchError{reason: "not a valid host name"}
	}
	req.Header.Set("User-Agent", p.opts.UserAgent)
	req.Header.Set("Accept", accept)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		if p.outOfTime(ctx) {
			return fetched{}, &fetchError{reason: p.timeLimit(), transient: true}
		}
		return fetched{}, p.requestError(err)
	}
	defer resp.Body.Close()
	f := fetched{
		contentType:  resp.Header.Get("Content-Type"),
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		f.notModified = true
		return f, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		transient := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout
		return f, &fetchError{reason: "HTTP " + resp.Status, transient: transient}
	}
	if resp.ContentLength > limit {
		return f, tooLarge(limit)
	}
	f.body, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if p.outOfTime(ctx) {
			return f, &fetchError{reason: p.timeLimit(), transient: true}
		}
		return f, p.requestError(err)
	}
	if int64(len(f.body)) > limit {
		return f, tooLarge(limit)
	}
	return f, nil
}

func tooLarge(limit int64) error {
	return &fetchError{reason: fmt.Sprintf("too large (over %d MB)", limit>>20)}
}

// requestError words a failed request for a user.
func (p *Poller) requestError(err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		d := p.opts.Timeout
		if t := p.client.Timeout; t > 0 && t < d {
			d = t
		}
		return &fetchError{reason: fmt.Sprintf("no answer within %v", d.Round(time.Millisecond)), transient: true}
	case errors.Is(err, errTooManyRedirects):
		return &fetchError{reason: errTooManyRedirects.Error()}
	case errors.Is(err, context.Canceled):
		return &fetchError{reason: "stopped", transient: true}
	}
	if re := (*refusedError)(nil); errors.As(err, &re) {
		return &fetchError{reason: re.Error()}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &fetchError{reason: err.Error(), transient: true}
}

// isHTML reports whether a Content-Type is that of a web page. A missing
// one is given the benefit of the doubt.
func isHTML(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return contentType == ""
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// toUTF8 decodes a page from the charset its Content-Type names; a page
// whose header names none is left for the HTML reader, which reads the
// page's own <meta charset>.
func toUTF8(body []byte, contentType string) []byte {
	_, params, err := mime.ParseMediaType(contentType)
	cs := strings.ToLower(params["charset"])
	if err != nil || cs == "" || cs == "utf-8" || cs == "utf8" {
		return body
	}
	r, err := charset.NewReaderLabel(cs, bytes.NewReader(body))
	if err != nil {
		return body
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return body
	}
	return out
}

// validHost reports whether h is an IP address or a host name that DNS
// could answer for: labels of letters, digits, '-' and '_' (or non-ASCII,
// for IDNs), none empty, at most 253 bytes. "..", "." or "a..b" are asked
// of no resolver.
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return true
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if r < 0x80 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}
