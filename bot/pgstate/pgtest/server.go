// Package pgtest runs a throwaway PostgreSQL server for tests: initdb and
// pg_ctl in a temporary folder, listening on a free loopback port only,
// run as the unprivileged postgres user when the tests run as root. One
// server serves a test package (started on first use, stopped by Main);
// each test gets a database of its own from URL.
package pgtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// Password is the password of the server's superuser "postgres", checked
// on loopback connections (scram-sha-256) so that tests see a real
// authentication.
const Password = "pgtest-secret"

// ErrNotInstalled means no PostgreSQL server binaries were found.
var ErrNotInstalled = errors.New("PostgreSQL is not installed (initdb and pg_ctl not on PATH nor in /usr/lib/postgresql/*/bin); install it with `apt-get install postgresql`")

// Server is a running throwaway PostgreSQL server.
type Server struct {
	dir  string // the temporary folder: data, socket, log
	bin  string // folder of initdb, pg_ctl and createdb
	port int
	run  []string // prefix running a server command as the unprivileged user, if any
}

// versionBins is where Debian's packages put each version's binaries.
var versionBins = "/usr/lib/postgresql/*/bin"

// findBin returns the folder holding initdb and pg_ctl.
func findBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			// PATH may hold links to a few of the binaries only: the
			// folder they point into has them all (createdb too).
			if real, err := filepath.EvalSymlinks(p); err == nil {
				p = real
			}
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob(versionBins)
	for i := len(dirs) - 1; i >= 0; i-- { // the newest version first
		if _, err := os.Stat(filepath.Join(dirs[i], "pg_ctl")); err == nil {
			return dirs[i], nil
		}
	}
	return "", ErrNotInstalled
}

// Start initializes and starts a server in a new temporary folder. It
// fails with ErrNotInstalled when PostgreSQL is missing.
func Start() (*Server, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, fmt.Errorf("create PostgreSQL test folder: %w", err)
	}
	s := &Server{dir: dir, bin: bin}
	if err := s.asUser(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.initdb(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// A free port can be taken by someone else before the server binds
	// it: try a few.
	for range 3 {
		if err = s.start(); err == nil {
			return s, nil
		}
	}
	os.RemoveAll(dir)
	return nil, err
}

// asUser arranges for the server to run as an unprivileged user when the
// tests run as root, which PostgreSQL refuses.
func (s *Server) asUser() error {
	if os.Geteuid() != 0 {
		return nil
	}
	var u *user.User
	var err error
	for _, name := range []string{"postgres", "nobody"} {
		if u, err = user.Lookup(name); err == nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("find an unprivileged user to run PostgreSQL as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(s.dir, uid, gid); err != nil {
		return fmt.Errorf("hand %s to user %s: %w", s.dir, u.Username, err)
	}
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		return fmt.Errorf("run PostgreSQL as %s: %w", u.Username, err)
	}
	s.run = []string{runuser, "-u", u.Username, "--"}
	return nil
}

// command runs a server binary, as the unprivileged user if any.
func (s *Server) command(name string, args ...string) error {
	argv := append(append(append([]string{}, s.run...), filepath.Join(s.bin, name)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = s.dir
	// Its own process group: an interrupted `go test` does not kill the
	// server before Stop does.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, bytes.TrimSpace(out.Bytes()))
	}
	return nil
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

func (s *Server) initdb() error {
	pwfile := filepath.Join(s.dir, "pwfile")
	if err := os.WriteFile(pwfile, []byte(Password+"\n"), 0o644); err != nil {
		return fmt.Errorf("write PostgreSQL password file: %w", err)
	}
	defer os.Remove(pwfile)
	return s.command("initdb", "-D", s.data(), "-U", "postgres", "--pwfile", pwfile,
		"--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")
}

func (s *Server) start() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	return s.startOn(port)
}

// Halt stops the server at once and keeps its data, as a database lost
// while its clients run; Resume starts it again.
func (s *Server) Halt() error {
	return s.command("pg_ctl", "stop", "-D", s.data(), "-m", "fast", "-w")
}

// Resume starts the server Halt stopped, on the same port, with its data.
func (s *Server) Resume() error { return s.startOn(s.port) }

// DurableEnv, set to true, runs the servers with PostgreSQL's own
// durability settings, as a real deployment does (fsync, synchronous
// commits, full page writes): for benchmarks that must not flatter the
// store. By default tests trade durability for speed.
const DurableEnv = "TRUSTWATCH_PGTEST_DURABLE"

func (s *Server) startOn(port int) error {
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories=%s -c max_connections=200", port, s.dir)
	if os.Getenv(DurableEnv) != "true" {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	err := s.command("pg_ctl", "start", "-D", s.data(), "-l", filepath.Join(s.dir, "server.log"), "-w", "-t", "60", "-o", opts)
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
		return fmt.Errorf("start PostgreSQL on port %d: %w\n%s", port, err, log)
	}
	s.port = port
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free loopback port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Port is the loopback port the server listens on.
func (s *Server) Port() int { return s.port }

// URL is the URL of database db on the server, as the superuser.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://postgres:%s@127.0.0.1:%d/%s?sslmode=disable", Password, s.port, db)
}

// CreateDB creates an empty database named db.
func (s *Server) CreateDB(db string) error {
	// Through the socket in the folder, where local connections are
	// trusted; createdb needs no unprivileged user.
	cmd := exec.Command(filepath.Join(s.bin, "createdb"), "-h", s.dir, "-p", strconv.Itoa(s.port), "-U", "postgres", db)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("create test database %s: %w: %s", db, err, bytes.TrimSpace(out))
	}
	return nil
}

// Stop stops the server at once and removes its folder.
func (s *Server) Stop() error {
	err := s.command("pg_ctl", "stop", "-D", s.data(), "-m", "fast", "-w")
	if rerr := os.RemoveAll(s.dir); err == nil && rerr != nil {
		err = fmt.Errorf("remove PostgreSQL test folder: %w", rerr)
	}
	return err
}
