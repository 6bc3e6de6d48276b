package digest

import (
	"os/exec"
	"runtime"
	"testing"
)

// deadPID starts a short child process and reaps it: its pid names no
// process any more (until the system reuses it).
func deadPID(t *testing.T) int {
	t.Helper()
	path, err := exec.LookPath("true")
	if err != nil {
		t.Skip("no true(1) to start a child process with")
	}
	cmd := exec.Command(path)
	if err := cmd.Run(); err != nil {
		t.Fatalf("run a child process: %v", err)
	}
	return cmd.Process.Pid
}

func TestProcessGone(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux tells whether a pid is running here")
	}
	me := ThisProcess()
	dead := deadPID(t)
	tests := []struct {
		name string
		p    *Process
		want bool
	}{
		{"this process", &me, false},
		{"a reaped child", &Process{Host: me.Host, PID: dead, Boot: me.Boot, NS: me.NS}, true},
		{"this pid, started at another time (reused)", &Process{Host: me.Host, PID: me.PID, Start: "1", Boot: me.Boot, NS: me.NS}, true},
		{"before a reboot", &Process{Host: me.Host, PID: me.PID, Start: me.Start, Boot: "another-boot", NS: me.NS}, true},
		{"another pid namespace (a container)", &Process{Host: me.Host, PID: dead, Boot: me.Boot, NS: "pid:[1]"}, false},
		{"another host", &Process{Host: me.Host + "-elsewhere", PID: dead}, false},
		{"an old record", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Gone(); got != tt.want {
				t.Errorf("%+v.Gone() = %v; want %v", tt.p, got, tt.want)
			}
		})
	}
}
