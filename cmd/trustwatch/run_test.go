package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestUnknownFlag: a flag no command knows is said once, on one line with
// a hint, exit 2, without the whole usage.
func TestUnknownFlag(t *testing.T) {
	for _, args := range [][]string{{"ask", "--nosuch", "trust"}, {"index", "-x"}, {"digest", "--since"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, envOf(nil), &stdout, &stderr)
			if exitCode(err) != 2 || err == nil {
				t.Fatalf("run(%q) = %v (exit %d); want exit 2", args, err, exitCode(err))
			}
			all := stderr.String() + "trustwatch: " + err.Error() + "\n"
			problem := strings.TrimPrefix(strings.SplitN(err.Error(), ":", 2)[1], " ")
			problem = strings.SplitN(problem, " (", 2)[0]
			if n := strings.Count(all, problem); n != 1 {
				t.Errorf("run(%q) says %q %d times:\n%s", args, problem, n, all)
			}
			if strings.Contains(all, "Flags:") || strings.Count(all, "\n") > 1 {
				t.Errorf("run(%q) prints more than one line:\n%s", args, all)
			}
			if want := "trustwatch " + args[0] + " --help"; !strings.Contains(err.Error(), want) {
				t.Errorf("run(%q) = %q; want a hint %q", args, err, want)
			}
		})
	}
}

// TestHelpStillPrints: -h prints the command's usage and flags, exit 0.
func TestHelpStillPrints(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"ask", "-h"}, envOf(nil), &stdout, &stderr); err != nil {
		t.Fatalf("ask -h = %v", err)
	}
	if out := stderr.String(); !strings.Contains(out, "Usage: trustwatch ask") || !strings.Contains(out, "-vendor") {
		t.Errorf("ask -h printed:\n%s", out)
	}
}

// TestServeHelp: serve's help says how the corpus is followed now.
func TestServeHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"serve", "--help"}, envOf(nil), &stdout, &stderr); err != nil {
		t.Fatalf("serve --help = %v", err)
	}
	help := strings.Join(strings.Fields(stderr.String()), " ")
	if strings.Contains(help, "checked every 30 s") {
		t.Errorf("serve --help still says the corpus is checked every 30 s:\n%s", help)
	}
	for _, w := range []string{"file-system notifications", "rescan"} {
		if !strings.Contains(help, w) {
			t.Errorf("serve --help lacks %q:\n%s", w, help)
		}
	}
}
