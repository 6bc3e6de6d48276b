package corpus

import (
	"fmt"
	"strings"
	"time"
)

// Article is one article of the corpus, its markup stripped. Quotations'
// offsets point into Text.
type Article struct {
	// ID is the path relative to the corpus root, slash-separated.
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Publication string   `json:"publication,omitempty"`
	URL         string   `json:"url,omitempty"`
	Date        Date     `json:"date,omitzero"`
	Lang        string   `json:"lang,omitempty"`
	Author      string   `json:"author,omitempty"`
	Vendors     []string `json:"vendors,omitempty"`
	// Text is the body with front matter removed and markup stripped
	// (links and reference links keep their text; images, emphasis, code
	// marks, heading marks, list marks and HTML tags go; entities are
	// decoded). Bracketed text that is not a link stays ("[Ndlr : …]").
	//
	// Paragraphs (headings and list items included) are separated by
	// exactly "\n\n"; the lines of a paragraph are joined by one space and
	// runs of white space collapsed, so Text holds no other "\n". A
	// paragraph that was a block quote ("> " in Markdown or plain text)
	// starts with the two bytes "> " (nested quotes are flattened to one
	// marker); no other paragraph does. So a paragraph p of
	// strings.Split(Text, "\n\n") is a block quote iff
	// strings.HasPrefix(p, "> "), and its words start 2 bytes later.
	Text string `json:"-"`
}

// Precision says how much of a Date is known.
type Precision int

// Date precisions, from none to a full timestamp.
const (
	Unknown Precision = iota
	Month
	Day
	Instant
)

// Date is an article's publication date at the precision the article gave:
// "2022-02", "2022-02-14" or an RFC 3339 timestamp.
type Date struct {
	Time      time.Time
	Precision Precision
}

// ParseDate reads "YYYY-MM", "YYYY-MM-DD" or RFC 3339. The empty string is
// the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Date{}, nil
	case len(s) == 7:
		t, err := time.Parse("2006-01", s)
		if err == nil {
			return Date{t, Month}, nil
		}
	case len(s) == 10:
		t, err := time.Parse(time.DateOnly, s)
		if err == nil {
			return Date{t, Day}, nil
		}
	default:
		t, err := time.Parse(time.RFC3339, s)
		if err == nil {
			return Date{t, Instant}, nil
		}
	}
	return Date{}, fmt.Errorf("date %q: want YYYY-MM, YYYY-MM-DD or RFC 3339", s)
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Precision == Unknown }

// String formats the date at its own precision; "" when unknown.
func (d Date) String() string {
	switch d.Precision {
	case Month:
		return d.Time.Format("2006-01")
	case Day:
		return d.Time.Format(time.DateOnly)
	case Instant:
		return d.Time.Format(time.RFC3339)
	}
	return ""
}

// MarshalText writes the date as String does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what MarshalText wrote.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
