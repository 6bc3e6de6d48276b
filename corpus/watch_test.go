package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// startWatch runs Watch on dir with a short debounce and returns the
// channel its calls arrive on.
func startWatch(t *testing.T, dir string, opts WatchOptions) <-chan struct{} {
	t.Helper()
	if opts.Debounce == 0 {
		opts.Debounce = 30 * time.Millisecond
	}
	if opts.Rescan == 0 {
		opts.Rescan = time.Hour
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := make(chan struct{}, 100)
	done := make(chan error)
	watching := make(chan struct{})
	ready := opts.Ready
	opts.Ready = func() {
		if ready != nil {
			ready()
		}
		close(watching)
	}
	go func() { done <- Watch(ctx, dir, opts, func() { calls <- struct{}{} }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch returned %v after cancel; want nil", err)
		}
	})
	select {
	case <-watching:
	case err := <-done:
		t.Fatalf("Watch(%s) = %v before watching", dir, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not call Ready within 5s")
	}
	return calls
}

// TestWatchReadyBeforeChanges: Ready comes once the watches are in place,
// so a file written right after it is reported.
func TestWatchReadyBeforeChanges(t *testing.T) {
	dir := t.TempDir()
	readies := 0
	calls := startWatch(t, dir, WatchOptions{Ready: func() { readies++ }})
	write(t, filepath.Join(dir, "new.md"), "written right after Ready")
	wantCall(t, calls, "file written right after Ready")
	if readies != 1 {
		t.Errorf("Ready called %d times; want 1", readies)
	}
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func wantCall(t *testing.T, calls <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-calls:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: changed not called within 5s", what)
	}
}

// wantNoCall waits a few debounce windows for a call that must not come.
func wantNoCall(t *testing.T, calls <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-calls:
		t.Fatalf("%s: changed called; want no call", what)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestWatchChanges(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "old.md"), "# Old\n\nText.")
	calls := startWatch(t, dir, WatchOptions{})

	steps := []struct {
		name string
		do   func()
	}{
		{"create", func() { write(t, filepath.Join(dir, "new.md"), "# New\n\nText.") }},
		{"modify", func() { write(t, filepath.Join(dir, "old.md"), "# Old\n\nRewritten text.") }},
		{"delete", func() { os.Remove(filepath.Join(dir, "new.md")) }},
		{"rename", func() { os.Rename(filepath.Join(dir, "old.md"), filepath.Join(dir, "renamed.md")) }},
		{"html in a new folder", func() { write(t, filepath.Join(dir, "a", "b", "page.html"), "<p>Text</p>") }},
		{"file in that folder", func() { write(t, filepath.Join(dir, "a", "b", "more.txt"), "Text") }},
		{"folder removed", func() { os.RemoveAll(filepath.Join(dir, "a")) }},
		{"atomic write", func() {
			tmp := filepath.Join(dir, ".atomic.md.tmp")
			write(t, tmp, "# Atomic\n\nText.")
			os.Rename(tmp, filepath.Join(dir, "atomic.md"))
		}},
	}
	for _, s := range steps {
		s.do()
		wantCall(t, calls, s.name)
	}

	write(t, filepath.Join(dir, "photo.jpg"), "not an article")
	write(t, filepath.Join(dir, ".hidden.md"), "hidden")
	write(t, filepath.Join(dir, ".git", "HEAD.md"), "hidden folder")
	wantNoCall(t, calls, "non-article and hidden files")
}

func TestWatchBurst(t *testing.T) {
	dir := t.TempDir()
	calls := startWatch(t, dir, WatchOptions{Debounce: 100 * time.Millisecond})
	for i := range 50 {
		write(t, filepath.Join(dir, "burst", strconv.Itoa(i)+".md"), "# Burst\n\nText "+strconv.Itoa(i))
	}
	wantCall(t, calls, "burst of 50 writes")
	n := 1
	for {
		select {
		case <-calls:
			n++
			continue
		case <-time.After(500 * time.Millisecond):
		}
		break
	}
	if n > 2 {
		t.Errorf("a burst of 50 writes made %d calls; want 1 or 2", n)
	}
}

// TestWatchRescan checks the safety net for lost events: a new
// modification time alone (touch) makes only a Chmod event, which Watch
// ignores, so only the periodic listing can see it.
func TestWatchRescan(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.md")
	write(t, name, "# A\n\nText.")
	calls := startWatch(t, dir, WatchOptions{Rescan: 100 * time.Millisecond})
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
	wantCall(t, calls, "modification time changed")
}
