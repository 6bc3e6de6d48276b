package pgstate

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// clock is a test clock shared by the Stores of a test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openStore opens a Store on url for the test, closed after it.
func openStore(t testing.TB, url string, opts Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), url, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// twoStores opens two Stores, two replicas, on a new database, with the
// clock c (nil: the database's).
func twoStores(t testing.TB, c *clock) (*Store, *Store) {
	t.Helper()
	url := pgtest.URL(t)
	var now func() time.Time
	if c != nil {
		now = c.Now
	}
	return openStore(t, url, Options{Owner: "replica A", Now: now}), openStore(t, url, Options{Owner: "replica B", Now: now})
}

// TestOpenErrors checks that a failure to open names the host and port,
// and never holds the password.
func TestOpenErrors(t *testing.T) {
	srv := pgtest.Shared(t)
	good := pgtest.URL(t)
	wrongPassword := strings.Replace(good, pgtest.Password, "Hunter2-wrong", 1)
	for _, tc := range []struct {
		name, url, password, want string
	}{
		{"nothing listens", "postgres://ada:Pa55-word@127.0.0.1:1/trust?sslmode=disable&connect_timeout=5", "Pa55-word", "127.0.0.1:1"},
		{"wrong password", wrongPassword, "Hunter2-wrong", "127.0.0.1:" + strconv.Itoa(srv.Port())},
		{"password in the query", "postgres://ada@127.0.0.1:1/trust?sslmode=disable&password=Qu3ry-pass", "Qu3ry-pass", "127.0.0.1:1"},
		{"not a URL", "postgres://ada:S3cret@127.0.0.1:notaport/db", "S3cret", "not valid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), tc.url, Options{})
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) succeeded; want an error", Redact(tc.url))
			}
			if strings.Contains(err.Error(), tc.password) {
				t.Errorf("Open error holds the password: %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open error = %v; want it to name %q", err, tc.want)
			}
		})
	}
	openStore(t, good, Options{}) // the right password opens it
}
