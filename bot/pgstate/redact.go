package pgstate

import (
	"errors"
	"net/url"
	"strings"
)

// Redact returns the database URL with its password, if any, replaced by
// "xxxxx", fit for a log line or an error message. A URL that does not
// parse becomes "(unparsable URL)": it could hold a password anywhere.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return "(unparsable URL)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// scrub makes sure err's message does not hold password.
func scrub(err error, password string) error {
	if err == nil || password == "" || !strings.Contains(err.Error(), password) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), password, "xxxxx"))
}

// oneLine is err said on one line, its chain kept: pgx puts each address
// it tried on a line of its own, and a start-up failure is one sentence.
func oneLine(err error) error {
	if err == nil || !strings.Contains(err.Error(), "\n") {
		return err
	}
	return lineErr{err}
}

type lineErr struct{ err error }

func (e lineErr) Unwrap() error { return e.err }

func (e lineErr) Error() string {
	lines := strings.Split(e.err.Error(), "\n")
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			if i == 1 {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(l)
	}
	return b.String()
}
