package pgstate

import (
	"errors"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://ada:s3cret@db.example:5432/trust?sslmode=require", "postgres://ada:xxxxx@db.example:5432/trust?sslmode=require"},
		{"postgres://ada@db.example/trust", "postgres://ada@db.example/trust"},
		{"postgres://db.example/trust?password=s3cret", "postgres://db.example/trust?password=xxxxx"},
		{"host=db.example password=s3cret", "(unparsable URL)"},
		{"postgres://ada:s3cret@db.example:bad/trust", "(unparsable URL)"},
	} {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// TestOneLine checks that a connection error listing each address tried
// on its own line is said on one line, its chain kept.
func TestOneLine(t *testing.T) {
	inner := errors.New("failed to connect to `user=ada database=trust`:\n\t127.0.0.1:1 (127.0.0.1): dial error: connection refused\n\t[::1]:1 ([::1]): dial error: connection refused")
	err := oneLine(inner)
	want := "failed to connect to `user=ada database=trust`: 127.0.0.1:1 (127.0.0.1): dial error: connection refused; [::1]:1 ([::1]): dial error: connection refused"
	if err.Error() != want {
		t.Errorf("oneLine(…) = %q; want %q", err.Error(), want)
	}
	if !errors.Is(err, inner) {
		t.Errorf("oneLine(…) lost its chain")
	}
	if e := errors.New("refused"); oneLine(e) != e {
		t.Errorf("oneLine changed a one-line error")
	}
}
