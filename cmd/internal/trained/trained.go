// Package trained writes the model file a training command built, or
// checks that the committed one is what the data gives: the step that
// cmd/trainlabels and cmd/trainspeakers share.
package trained

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// Save writes model to out, or with check compares it with out's
// contents and fails when they differ, saying which command rebuilds it.
// It tells stdout what it did.
func Save(out string, model []byte, check bool, command, data string, stdout io.Writer) error {
	if check {
		old, err := os.ReadFile(out)
		if err != nil {
			return fmt.Errorf("read committed model: %w", err)
		}
		if !bytes.Equal(old, model) {
			return fmt.Errorf("%s differs from what %s gives: run go run %s", out, data, command)
		}
		fmt.Fprintf(stdout, "%s is what the data gives (%d bytes)\n", out, len(model))
		return nil
	}
	if err := os.WriteFile(out, model, 0o644); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", out, len(model))
	return nil
}
