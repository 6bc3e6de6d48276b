package pgstate

import "testing"

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
