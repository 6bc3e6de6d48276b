// Package pgstate keeps the bot's state in PostgreSQL, shared by several
// replicas of one Slack app: events already handled, digest slots, channel
// subscriptions, leases such as feed polling, and work in flight. Every
// claim is made by the database's own guarantees (unique keys, INSERT …
// ON CONFLICT, row locks), so that exactly one replica wins it.
//
// It is the one package of trustwatch that uses the PostgreSQL driver.
package pgstate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the bot's state in a PostgreSQL database. It is safe for
// concurrent use, by several goroutines and several processes.
type Store struct {
	pool  *pgxpool.Pool
	opts  Options
	owner string

	lastPrune atomic.Int64 // unix nanoseconds of the last background prune
	pruning   sync.WaitGroup

	corrections correctionCache // corrections.go
}

// Options tune a Store. The zero value is usable.
type Options struct {
	// Owner names this Store in the claims and leases it takes; default
	// the host, process id and a number telling apart the Stores of one
	// process.
	Owner string
	// StaleClaim is how long a digest slot's claim without a post holds
	// before another replica may take the slot over; default
	// bot.DefaultStaleClaim.
	StaleClaim time.Duration
	// Logger gets the warnings of background work (pruning); nil
	// discards them.
	Logger *slog.Logger
	// Now is the clock. Nil is the database's clock, one for all
	// replicas, which is what production wants; tests set their own.
	Now func() time.Time
}

// connectTimeout bounds each connection attempt, so that an unreachable
// host fails the start instead of hanging it.
const connectTimeout = 10 * time.Second

// maxConns is the pool's size unless the URL says otherwise; minConns
// the connections it keeps open.
const (
	maxConns = 16
	minConns = 4
)

// storeSeq tells apart the Stores of one process.
var storeSeq atomic.Int64

// Open connects to the database at url (postgres://user:pass@host:port/db)
// and brings its schema up to date. A failure names the URL's host and
// port, never its password.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, errors.New("connect to PostgreSQL: the database URL is not valid; want postgres://user:password@host:port/database")
	}
	where := fmt.Sprintf("%s:%d", cfg.ConnConfig.Host, cfg.ConnConfig.Port)
	if !strings.Contains(url, "pool_max_conns") {
		// A burst records each envelope before its ack, in parallel:
		// more than pgxpool's default of 4 connections (the URL's
		// pool_max_conns wins).
		cfg.MaxConns = max(cfg.MaxConns, maxConns)
	}
	if !strings.Contains(url, "pool_min_conns") {
		// Connections ready before the first burst: one made during it
		// costs the ack its SCRAM handshake, on both sides.
		cfg.MinConns = max(cfg.MinConns, minConns)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 { // the URL's connect_timeout wins
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", where, oneLine(scrub(err, cfg.ConnConfig.Password)))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", where, oneLine(scrub(err, cfg.ConnConfig.Password)))
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("migrate PostgreSQL at %s: %w", where, scrub(err, cfg.ConnConfig.Password))
	}
	if opts.StaleClaim <= 0 {
		opts.StaleClaim = defaultStaleClaim
	}
	if opts.Owner == "" {
		host, _ := os.Hostname()
		opts.Owner = fmt.Sprintf("pid %d on %s #%d", os.Getpid(), host, storeSeq.Add(1))
	}
	return &Store{pool: pool, opts: opts, owner: opts.Owner}, nil
}

func (s *Store) log() *slog.Logger {
	if s.opts.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.opts.Logger
}

// Owner is the name this Store claims under.
func (s *Store) Owner() string { return s.owner }

// Close waits for a background prune, then closes the connections.
func (s *Store) Close() {
	s.pruning.Wait()
	s.pool.Close()
}

// now is the argument every query takes as $1 for the current instant:
// the Store's clock, or NULL for the database's (see nowSQL).
func (s *Store) now() *time.Time {
	if s.opts.Now == nil {
		return nil
	}
	t := s.opts.Now()
	return &t
}

// nowSQL is the current instant in a query whose $1 is Store.now().
const nowSQL = "coalesce($1::timestamptz, now())"
