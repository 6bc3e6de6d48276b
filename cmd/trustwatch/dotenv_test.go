package main

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"testing"
)

// fileOf is a dotenv whose file holds content; nil content is no file.
func fileOf(content *string) dotenv {
	return dotenv{path: ".env", readFile: func(name string) ([]byte, error) {
		if content == nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return []byte(*content), nil
	}}
}

func ptr(s string) *string { return &s }

// TestDotenv: a .env file that cannot be read stops trustwatch with exit 2
// and the line to fix, never showing the line (it may hold a token); a
// good one fills what the real environment leaves unset; none is fine.
func TestDotenv(t *testing.T) {
	tests := []struct {
		name     string
		file     *string
		env      map[string]string
		wantCode int
		want     []string // fragments of the error
		notWant  []string
	}{
		{"bad variable name", ptr("# tokens\nSLACK_BOT_TOKEN=xoxb-secret-1\n\nBAD-NAME=1\nSLACK_APP_TOKEN=xapp-secret-2\n"), nil, 2,
			[]string{".env line 4", `unexpected character "-"`}, []string{"xoxb-secret-1", "xapp-secret-2"}},
		{"unterminated quote", ptr("SLACK_BOT_TOKEN=\"xoxb-secret-1\nTRUSTWATCH_COMMAND=/trust\n"), nil, 2,
			[]string{".env line 1", "quoted value"}, []string{"xoxb-secret-1"}},
		{"after a value on several lines", ptr("A=\"one\ntwo\"\nB=2\nC-D=3\n"), nil, 2,
			[]string{".env line 4"}, nil},
		{"no file", nil, nil, 2, []string{"SLACK_BOT_TOKEN is not set"}, nil},
		{"the file's token", ptr("SLACK_BOT_TOKEN=xoxb-from-file\n"), nil, 2,
			[]string{"TRUSTWATCH_DIGEST_CHANNEL is not set"}, []string{"SLACK_BOT_TOKEN"}},
		{"the environment wins", ptr("TRUSTWATCH_DIGEST_SCHEDULE=0 9 * * *\n"), map[string]string{"TRUSTWATCH_DIGEST_SCHEDULE": "bad"}, 2,
			[]string{`TRUSTWATCH_DIGEST_SCHEDULE="bad"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"TRUSTWATCH_INDEX": t.TempDir()}
			for k, v := range tt.env {
				env[k] = v
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"digest", "--post"}, envOf(env), &stdout, &stderr, fileOf(tt.file))
			if exitCode(err) != tt.wantCode || err == nil {
				t.Fatalf("run with .env %q = %v (exit %d); want exit %d", deref(tt.file), err, exitCode(err), tt.wantCode)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error is several lines: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("run with .env %q = %q; want %q", deref(tt.file), msg, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(msg+stderr.String()+stdout.String(), w) {
					t.Errorf("run with .env %q says %q: %s", deref(tt.file), w, msg)
				}
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return "(none)"
	}
	return *s
}
