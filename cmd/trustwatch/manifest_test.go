package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestManifestCommand(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    []string // lines the manifest must hold
		wantErr string
	}{
		{"defaults", nil, nil, []string{`  name: "trustwatch"`, `    - command: "/trust"`, "  socket_mode_enabled: true"}, ""},
		{"name and command", []string{"--name", "Trust Watch"}, map[string]string{"TRUSTWATCH_COMMAND": "/tw"},
			[]string{`  name: "Trust Watch"`, `    display_name: "trust-watch"`, `    - command: "/tw"`}, ""},
		{"name too long", []string{"--name", strings.Repeat("x", 36)}, nil, nil, "--name must be 1 to 35 characters"},
		{"stray argument", []string{"extra"}, nil, nil, "takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			getenv := func(k string) string { return tt.env[k] }
			err := run(context.Background(), append([]string{"manifest"}, tt.args...), getenv, &stdout, &stderr)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("manifest %v: error %v; want one containing %q", tt.args, err, tt.wantErr)
				}
				if exitCode(err) != 2 {
					t.Errorf("manifest %v: exit code %d; want 2", tt.args, exitCode(err))
				}
				return
			}
			if err != nil {
				t.Fatalf("manifest %v: %v (stderr %s)", tt.args, err, stderr.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout.String(), w+"\n") {
					t.Errorf("manifest %v lacks the line %q:\n%s", tt.args, w, stdout.String())
				}
			}
		})
	}
}
