package digest

import (
	"os"
	"sync"
)

// Process identifies the process that claimed a digest slot well enough
// to tell, on the same host, whether it is still running: a pid alone is
// not enough, since pids are reused after the process is gone (and after
// a reboot), so the process's start time and the host's boot id go with
// it where the system tells them (Linux).
type Process struct {
	Host string `json:"host"`
	PID  int    `json:"pid"`
	// Start is when the process started, in the system's own units
	// (clock ticks after boot on Linux); "" where unknown.
	Start string `json:"start,omitempty"`
	// Boot is the host's boot id; "" where unknown.
	Boot string `json:"boot,omitempty"`
	// NS is the process's pid namespace ("pid:[4026531836]" on Linux): a
	// pid means something only in its own, and containers can share a
	// host name and a kernel; "" where unknown.
	NS string `json:"pid_ns,omitempty"`
}

var (
	selfOnce sync.Once
	self     Process
)

// ThisProcess is the running process's identity, read once.
func ThisProcess() Process {
	selfOnce.Do(func() {
		host, _ := os.Hostname()
		self = Process{Host: host, PID: os.Getpid()}
		self.Start, self.Boot, self.NS = processStart(self.PID), bootID(), pidNamespace()
	})
	return self
}

// Gone reports whether p has certainly ended: it ran on this host, and
// the host was rebooted since, or no process has its pid, or the one that
// has it started at another time. A process on another host, or one this
// system cannot tell about, is never gone: its claim waits to be stale.
func (p *Process) Gone() bool {
	if p == nil || p.PID <= 0 {
		return false
	}
	me := ThisProcess()
	if p.Host == "" || p.Host != me.Host {
		return false
	}
	if p.Boot != "" && me.Boot != "" && p.Boot != me.Boot {
		return true
	}
	if p.NS != me.NS {
		return false // another container's pid, or a record without one
	}
	if p.PID == me.PID && (p.Start == "" || p.Start == me.Start) {
		return false
	}
	alive, known := processAlive(p.PID)
	if !known {
		return false
	}
	if !alive {
		return true
	}
	return p.Start != "" && processStart(p.PID) != "" && processStart(p.PID) != p.Start
}
