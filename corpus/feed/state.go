package feed

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// statePath is the state file's corpus path. It is hidden, so List skips
// it and Watch ignores it.
const statePath = "feeds/.state.json"

// forgetAfter is how long an entry that left its feed is remembered.
const forgetAfter = 90 * 24 * time.Hour

// state is what survives between polls: per feed, its validators and the
// entries already turned into files.
type state struct {
	mu    sync.Mutex
	Feeds map[string]*feedState `json:"feeds"`
}

type feedState struct {
	validators
	Entries map[string]entryState `json:"entries,omitempty"`
}

// entryState is an entry seen: the file it became ("" when it was already
// there or could not be used) and when it was last in its feed.
type entryState struct {
	Path string    `json:"path,omitempty"`
	Seen time.Time `json:"seen"`
}

// loadState reads the state file. A missing file is an empty state; a
// broken one is reported, and an empty state returned.
func loadState(dir string) (*state, error) {
	st := &state{Feeds: map[string]*feedState{}}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(statePath)))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read feed state: %w", err)
	}
	if err := json.Unmarshal(data, st); err != nil {
		return &state{Feeds: map[string]*feedState{}}, fmt.Errorf("broken feed state (%v)", err)
	}
	if st.Feeds == nil {
		st.Feeds = map[string]*feedState{}
	}
	return st, nil
}

// save writes the state file atomically.
func (st *state) save(dir string) error {
	st.mu.Lock()
	data, err := json.MarshalIndent(st, "", "  ")
	st.mu.Unlock()
	if err != nil {
		return fmt.Errorf("encode feed state: %w", err)
	}
	return writeAtomic(filepath.Join(dir, filepath.FromSlash(statePath)), append(data, '\n'))
}

func (st *state) feed(u string) *feedState {
	f := st.Feeds[u]
	if f == nil {
		f = &feedState{}
		st.Feeds[u] = f
	}
	if f.Entries == nil {
		f.Entries = map[string]entryState{}
	}
	return f
}

func (st *state) validators(u string) validators {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.feed(u).validators
}

func (st *state) setValidators(u string, v validators) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.feed(u).validators = v
}

// seen reports whether an entry was seen, and marks it present now.
func (st *state) seen(u, key string, now time.Time) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	e, ok := st.feed(u).Entries[key]
	if ok {
		e.Seen = now
		st.feed(u).Entries[key] = e
	}
	return ok
}

func (st *state) markSeen(u, key, path string, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.feed(u).Entries[key] = entryState{Path: path, Seen: now}
}

// forget drops the entries of a feed not seen in forgetAfter.
func (st *state) forget(u string, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	f := st.feed(u)
	for k, e := range f.Entries {
		if now.Sub(e.Seen) > forgetAfter {
			delete(f.Entries, k)
		}
	}
}
