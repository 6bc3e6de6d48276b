package pgtest

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestServerListensOnLoopbackOnly checks that the shared server takes
// connections on 127.0.0.1 at its port, and that each URL is a new
// database.
func TestServerListensOnLoopbackOnly(t *testing.T) {
	s := Shared(t)
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port())), 5*time.Second)
	if err != nil {
		t.Fatalf("dial the test server: %v", err)
	}
	c.Close()
	if a, b := URL(t), URL(t); a == b {
		t.Errorf("URL twice = %q both times; want two databases", a)
	}
	if _, err := os.Stat(filepath.Join(s.dir, ".s.PGSQL."+strconv.Itoa(s.Port()))); err != nil {
		t.Errorf("socket not in the server's own folder: %v", err)
	}
}

// TestStartStop checks that a server of its own starts and that Stop
// removes its folder.
func TestStartStop(t *testing.T) {
	Shared(t) // skips or fails as the shared one does
	s, err := Start()
	if err != nil {
		t.Fatalf("Start() = %v", err)
	}
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop() = %v", err)
	}
	if _, err := os.Stat(s.dir); !os.IsNotExist(err) {
		t.Errorf("after Stop, %s: %v; want it removed", s.dir, err)
	}
}

// TestMissingPostgreSQL checks that without the binaries Start says how
// to install them, and that this skips a test locally but fails it in CI.
func TestMissingPostgreSQL(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	old := versionBins
	versionBins = filepath.Join(t.TempDir(), "*", "bin")
	t.Cleanup(func() { versionBins = old })
	_, err := Start()
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "apt-get install postgresql") {
		t.Fatalf("Start() without PostgreSQL = %v; want ErrNotInstalled saying how to install it", err)
	}
	for _, tc := range []struct {
		name string
		err  error
		ci   string
		want bool
	}{
		{"missing, locally", err, "", true},
		{"missing, in CI", err, "true", false},
		{"other failure", errors.New("port taken"), "", false},
		{"started", nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := skips(tc.err, tc.ci); got != tc.want {
				t.Errorf("skips(%v, %q) = %v; want %v", tc.err, tc.ci, got, tc.want)
			}
		})
	}
}
