package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	correctionsBucket = []byte("corrections")
	votesBucket       = []byte("votes")
)

var (
	_ CorrectionStore = (*Store)(nil)
	_ FeedbackStore   = (*Store)(nil)
)

// AddCorrection stores c unless one with its ID is stored already.
func (s *Store) AddCorrection(ctx context.Context, c Correction) (bool, error) {
	var added bool
	defer s.corrections.drop()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if b := tx.Bucket(correctionsBucket); b != nil && b.Get([]byte(c.ID)) != nil {
			return nil
		}
		added = true
		return putJSON(tx, correctionsBucket, []byte(c.ID), c)
	})
	if err != nil {
		return false, fmt.Errorf("store correction %s: %w", c.ID, err)
	}
	return added, nil
}

// UndoCorrection marks correction id undone by by.
func (s *Store) UndoCorrection(ctx context.Context, id, by string) (Correction, bool, error) {
	var c Correction
	var found bool
	defer s.corrections.drop()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if found, err = getJSON(tx.Bucket(correctionsBucket), []byte(id), &c); err != nil || !found || c.Undone() {
			return err
		}
		c.UndoneBy, c.UndoneAt = by, s.opts.Now().UTC()
		return putJSON(tx, correctionsBucket, []byte(id), c)
	})
	if err != nil {
		return Correction{}, false, fmt.Errorf("undo correction %s: %w", id, err)
	}
	return c, found, nil
}

// correctionCache keeps the corrections last read, with the state file's
// stamp then: each answer reads them, and decoding them all costs
// milliseconds once there are hundreds. The file's stamp changes with
// every write, by any process; a stamp younger than racyStamp when read
// is not trusted, since a write within the file system's timestamp
// granularity might not change it.
type correctionCache struct {
	mu    sync.Mutex
	stamp fileStamp
	list  []Correction
	ok    bool
}

// racyStamp is how old a file's modification time must be, when the
// file is read, for its stamp to tell a later write.
const racyStamp = time.Second

type fileStamp struct {
	mod  time.Time
	size int64
}

func stampOf(path string) (fileStamp, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, false
	}
	return fileStamp{mod: fi.ModTime(), size: fi.Size()}, true
}

func (c *correctionCache) get(path string) ([]Correction, bool) {
	st, ok := stampOf(path)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok || !c.ok || st != c.stamp {
		return nil, false
	}
	return slices.Clone(c.list), true
}

func (c *correctionCache) put(path string, before fileStamp, list []Correction) {
	st, ok := stampOf(path)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ok = ok && st == before && time.Since(st.mod) > racyStamp
	c.stamp, c.list = st, slices.Clone(list)
}

func (c *correctionCache) drop() {
	c.mu.Lock()
	c.ok = false
	c.mu.Unlock()
}

// Corrections lists every correction, oldest first.
func (s *Store) Corrections(ctx context.Context) ([]Correction, error) {
	if list, ok := s.corrections.get(s.path); ok {
		return list, nil
	}
	before, _ := stampOf(s.path)
	var out []Correction
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(correctionsBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var c Correction
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("read correction %q: %w", k, err)
			}
			out = append(out, c)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list corrections: %w", err)
	}
	sortCorrections(out)
	s.corrections.put(s.path, before, out)
	return out, nil
}

func sortCorrections(cs []Correction) {
	slices.SortStableFunc(cs, func(a, b Correction) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

func voteKey(answer, user string) []byte { return []byte(answer + "\x00" + user) }

// Vote records v, replacing the user's earlier vote on the same answer.
func (s *Store) Vote(ctx context.Context, v Vote) error {
	if v.At.IsZero() {
		v.At = s.opts.Now().UTC()
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		return putJSON(tx, votesBucket, voteKey(v.Answer, v.User), v)
	})
	if err != nil {
		return fmt.Errorf("store vote on %s: %w", v.Answer, err)
	}
	return nil
}

// Feedback counts the votes per answer.
func (s *Store) Feedback(ctx context.Context) ([]AnswerFeedback, error) {
	var votes []Vote
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(votesBucket)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, data []byte) error {
			var v Vote
			if err := json.Unmarshal(data, &v); err != nil {
				return fmt.Errorf("read vote %q: %w", k, err)
			}
			votes = append(votes, v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count votes: %w", err)
	}
	return tally(votes), nil
}

// tally counts votes per answer, the answer last voted on first.
func tally(votes []Vote) []AnswerFeedback {
	by := map[string]*AnswerFeedback{}
	var out []*AnswerFeedback
	for _, v := range votes {
		f := by[v.Answer]
		if f == nil {
			f = &AnswerFeedback{Answer: v.Answer}
			by[v.Answer] = f
			out = append(out, f)
		}
		if v.Question != "" {
			f.Question = v.Question
		}
		if v.Up {
			f.Up++
		} else {
			f.Down++
		}
		if v.At.After(f.Last) {
			f.Last = v.At
		}
	}
	res := make([]AnswerFeedback, len(out))
	for i, f := range out {
		res[i] = *f
	}
	slices.SortStableFunc(res, func(a, b AnswerFeedback) int {
		if c := b.Last.Compare(a.Last); c != 0 {
			return c
		}
		return cmp.Compare(a.Answer, b.Answer)
	})
	return res
}

// Vote is one person's thumbs up or down on one answer.
type Vote struct {
	// Answer identifies the answer (the id its buttons carry), Question
	// is what it answered.
	Answer   string    `json:"answer"`
	Question string    `json:"question,omitempty"`
	User     string    `json:"user"`
	Up       bool      `json:"up"`
	At       time.Time `json:"at"`
}

// AnswerFeedback is the votes on one answer: one per person, the last
// they gave.
type AnswerFeedback struct {
	Answer   string
	Question string
	Up, Down int
	Last     time.Time
}

// FeedbackStore keeps the thumbs up and down. Both state stores implement
// it.
type FeedbackStore interface {
	// Vote records v, replacing the user's earlier vote on that answer.
	Vote(ctx context.Context, v Vote) error
	// Feedback counts the votes per answer, last voted on first.
	Feedback(ctx context.Context) ([]AnswerFeedback, error)
}
