// Command trustwatch indexes articles on technology vendors and answers
// questions on their trust positions, in a terminal and in Slack.
//
// main only calls run; run owns configuration, signals and wiring, and each
// command lives in a file of its own.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	env := dotenv{path: ".env", readFile: os.ReadFile} // optional; the real environment wins
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr, env); err != nil {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(os.Stderr, "trustwatch:", msg)
		}
		os.Exit(exitCode(err))
	}
}
