package digest

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// procStat returns the fields of /proc/pid/stat after the command name
// (which may hold spaces and parentheses): state first, then ppid, ….
func procStat(pid int) ([]string, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil, err
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil, errors.New("unreadable /proc stat")
	}
	return strings.Fields(string(b[i+1:])), nil
}

// processStart is field 22 of /proc/pid/stat: the start time in clock
// ticks after boot.
func processStart(pid int) string {
	f, err := procStat(pid)
	if err != nil || len(f) < 20 {
		return ""
	}
	return f[19]
}

// processAlive reports whether pid is a running process; a zombie (killed,
// not yet reaped) is not.
func processAlive(pid int) (alive, known bool) {
	f, err := procStat(pid)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, true
	case err != nil || len(f) == 0:
		return false, false
	}
	return f[0] != "Z" && f[0] != "X", true
}

func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func pidNamespace() string {
	ns, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return ""
	}
	return ns
}
