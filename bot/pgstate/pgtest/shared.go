package pgtest

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
)

// The package's one server, started by the first test that needs it.
var (
	once    sync.Once
	shared  *Server
	failure error
	dbSeq   atomic.Int64
)

// Main runs the tests of a package with m and stops the shared server
// after them, if one was started. Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: stop PostgreSQL:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Shared returns the package's server, starting it on first use; the
// package's TestMain must call Main, which stops it. Without
// PostgreSQL installed the test is skipped, saying how to install it,
// except in CI (CI=true), where a missing PostgreSQL fails it.
func Shared(t testing.TB) *Server {
	t.Helper()
	once.Do(func() { shared, failure = Start() })
	switch {
	case skips(failure, os.Getenv("CI")):
		t.Skip(failure)
	case failure != nil:
		t.Fatal(failure)
	}
	return shared
}

// skips reports whether a test should skip after err from Start: only
// when PostgreSQL is missing and not in CI.
func skips(err error, ci string) bool {
	return errors.Is(err, ErrNotInstalled) && ci != "true"
}

// URL returns the URL of a new, empty database for t on the shared server.
func URL(t testing.TB) string {
	t.Helper()
	s := Shared(t)
	db := fmt.Sprintf("test_%d_%d", os.Getpid(), dbSeq.Add(1))
	if err := s.CreateDB(db); err != nil {
		t.Fatal(err)
	}
	return s.URL(db)
}
