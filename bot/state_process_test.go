package bot

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/digest"
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

// TestClaimOfAnEndedProcess: a claim whose process has ended is taken over
// at once, not after StaleClaim, and says what it took over; a claim of a
// live process, or of one on another host, is not.
func TestClaimOfAnEndedProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux tells whether a pid is running here")
	}
	ctx := context.Background()
	me := digest.ThisProcess()
	dead := deadPID(t)
	tests := []struct {
		name     string
		owner    Process
		takeOver bool
	}{
		{"ended process", Process{Host: me.Host, PID: dead, Boot: me.Boot, NS: me.NS}, true},
		{"live process", me, false},
		{"another host", Process{Host: me.Host + "-elsewhere", PID: dead}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), StateFile)
			crashed := testStore(t, path)
			crashed.process = tt.owner
			first, err := crashed.Claim(ctx, "C1", "s", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			rec, err := testStore(t, path).Claim(ctx, "C1", "s", time.Now())
			switch {
			case tt.takeOver && err != nil:
				t.Fatalf("Claim over %+v = %v; want it taken over at once", tt.owner, err)
			case tt.takeOver && (rec.Prior == nil || rec.Prior.Owner != first.Owner):
				t.Errorf("taken-over claim's Prior = %+v; want the claim of %s", rec.Prior, first.Owner)
			case !tt.takeOver && !errors.Is(err, ErrClaimed):
				t.Errorf("Claim over %+v = %+v, %v; want ErrClaimed", tt.owner, rec, err)
			}
		})
	}
}
