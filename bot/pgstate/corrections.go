package pgstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/corpus"
)

var (
	_ bot.CorrectionStore = (*Store)(nil)
	_ bot.FeedbackStore   = (*Store)(nil)
)

const correctionCols = `id, quote, kind, speaker, speaker_title, vendor, labels, by_user, at, undone_by, undone_at, was`

// AddCorrection stores c unless one with its ID is stored already: the
// unique key makes a redelivered submission one correction.
func (s *Store) AddCorrection(ctx context.Context, c bot.Correction) (bool, error) {
	was, err := json.Marshal(c.Was)
	if err != nil {
		return false, fmt.Errorf("store correction %s: %w", c.ID, err)
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO corrections (`+correctionCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', NULL, $10)
		ON CONFLICT (id) DO NOTHING`,
		c.ID, c.Quote, c.Kind, c.Speaker, c.SpeakerTitle, c.Vendor, labelStrings(c.Labels), c.By, c.At.UTC(), was)
	if err != nil {
		return false, fmt.Errorf("store correction %s: %w", c.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// UndoCorrection marks correction id undone by by, once.
func (s *Store) UndoCorrection(ctx context.Context, id, by string) (bot.Correction, bool, error) {
	var c bot.Correction
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE corrections SET undone_by = $3, undone_at = `+nowSQL+`
			WHERE id = $2 AND undone_at IS NULL`, s.now(), id, by)
		if err != nil {
			return err
		}
		c, err = scanCorrection(tx.QueryRow(ctx, `SELECT `+correctionCols+` FROM corrections WHERE id = $1`, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return bot.Correction{}, false, nil
	}
	if err != nil {
		return bot.Correction{}, false, fmt.Errorf("undo correction %s: %w", id, err)
	}
	return c, true, nil
}

// correctionCache keeps the corrections last read: each answer reads
// them. Rows are never deleted, and each is undone at most once, so the
// number of rows and of undone rows tell exactly whether any changed,
// in one cheap query, whichever replica wrote.
type correctionCache struct {
	mu     sync.Mutex
	ok     bool
	rows   int
	undone int
	list   []bot.Correction
}

// Corrections lists every correction, oldest first.
func (s *Store) Corrections(ctx context.Context) ([]bot.Correction, error) {
	var rows, undone int
	if err := s.pool.QueryRow(ctx, `SELECT count(*), count(undone_at) FROM corrections`).Scan(&rows, &undone); err != nil {
		return nil, fmt.Errorf("list corrections: %w", err)
	}
	c := &s.corrections
	c.mu.Lock()
	if c.ok && c.rows == rows && c.undone == undone {
		list := slices.Clone(c.list)
		c.mu.Unlock()
		return list, nil
	}
	c.mu.Unlock()
	list, err := s.readCorrections(ctx)
	if err != nil {
		return nil, err
	}
	undone = 0
	for _, x := range list {
		if x.Undone() {
			undone++
		}
	}
	c.mu.Lock()
	c.ok, c.rows, c.undone, c.list = true, len(list), undone, slices.Clone(list)
	c.mu.Unlock()
	return list, nil
}

// readCorrections reads every correction, oldest first.
func (s *Store) readCorrections(ctx context.Context) ([]bot.Correction, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+correctionCols+` FROM corrections ORDER BY at, id`)
	if err != nil {
		return nil, fmt.Errorf("list corrections: %w", err)
	}
	defer rows.Close()
	var out []bot.Correction
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, fmt.Errorf("list corrections: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list corrections: %w", err)
	}
	return out, nil
}

func scanCorrection(row pgx.Row) (bot.Correction, error) {
	var c bot.Correction
	var labels []string
	var undone *time.Time
	var was []byte
	if err := row.Scan(&c.ID, &c.Quote, &c.Kind, &c.Speaker, &c.SpeakerTitle, &c.Vendor, &labels,
		&c.By, &c.At, &c.UndoneBy, &undone, &was); err != nil {
		return bot.Correction{}, err
	}
	for _, l := range labels {
		c.Labels = append(c.Labels, corpus.Label(l))
	}
	if undone != nil {
		c.UndoneAt = undone.UTC()
	}
	c.At = c.At.UTC()
	if err := json.Unmarshal(was, &c.Was); err != nil {
		return bot.Correction{}, fmt.Errorf("read correction %s: %w", c.ID, err)
	}
	return c, nil
}

func labelStrings(ls []corpus.Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return out
}

// Vote records v, replacing the user's earlier vote on the same answer.
func (s *Store) Vote(ctx context.Context, v bot.Vote) error {
	var at *time.Time
	if !v.At.IsZero() {
		at = &v.At
	} else {
		at = s.now()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO answer_votes (answer, user_id, question, up, at)
		VALUES ($2, $3, $4, $5, `+nowSQL+`)
		ON CONFLICT (answer, user_id) DO UPDATE SET up = EXCLUDED.up, at = EXCLUDED.at,
			question = CASE WHEN EXCLUDED.question = '' THEN answer_votes.question ELSE EXCLUDED.question END`,
		at, v.Answer, v.User, v.Question, v.Up)
	if err != nil {
		return fmt.Errorf("store vote on %s: %w", v.Answer, err)
	}
	return nil
}

// Feedback counts the votes per answer, last voted on first.
func (s *Store) Feedback(ctx context.Context) ([]bot.AnswerFeedback, error) {
	rows, err := s.pool.Query(ctx, `SELECT answer, max(question),
		count(*) FILTER (WHERE up), count(*) FILTER (WHERE NOT up), max(at)
		FROM answer_votes GROUP BY answer ORDER BY max(at) DESC, answer`)
	if err != nil {
		return nil, fmt.Errorf("count votes: %w", err)
	}
	defer rows.Close()
	var out []bot.AnswerFeedback
	for rows.Next() {
		var f bot.AnswerFeedback
		if err := rows.Scan(&f.Answer, &f.Question, &f.Up, &f.Down, &f.Last); err != nil {
			return nil, fmt.Errorf("count votes: %w", err)
		}
		f.Last = f.Last.UTC()
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count votes: %w", err)
	}
	return out, nil
}
