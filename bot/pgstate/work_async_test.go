package pgstate

import (
	"context"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
)

// TestWorkRecordCommitsAsynchronously: recording work, on the ack path,
// does not wait for the disk (synchronous_commit off for its own
// transaction only); the session's setting is left as it was.
func TestWorkRecordCommitsAsynchronously(t *testing.T) {
	s := openStore(t, pgtest.URL(t), Options{})
	ctx := context.Background()
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	for _, tt := range []struct {
		name string
		sql  string
		args []any
	}{
		{"RecordWork", recordWorkSQL, []any{time.Now(), "EnvA1", bot.WorkSlash, []byte("{}"), s.Owner(), nil}},
		{"RecordWorks", recordWorksSQL, []any{time.Now(), []string{"EnvA2"}, []string{bot.WorkSlash}, [][]byte{[]byte("{}")}, []string{s.Owner()}, []*time.Time{nil}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := conn.Exec(ctx, "SET synchronous_commit = on"); err != nil {
				t.Fatal(err)
			}
			tx, err := conn.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			rows, err := tx.Query(ctx, tt.sql, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			var in, after string
			if err := tx.QueryRow(ctx, "SHOW synchronous_commit").Scan(&in); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := conn.QueryRow(ctx, "SHOW synchronous_commit").Scan(&after); err != nil {
				t.Fatal(err)
			}
			if in != "off" || after != "on" {
				t.Errorf("synchronous_commit in the transaction recording work = %q, after it = %q; want off, then on again", in, after)
			}
		})
	}
}
