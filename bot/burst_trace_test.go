package bot

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// burstTrace collects the stamps of every envelope of the benchmark's
// bursts (stamp.go), to say where an answer's time goes: set
// TRUSTWATCH_BURST_TRACE=1 to have the benchmark log the breakdown.
type burstTrace struct {
	mu     sync.Mutex
	stamps map[string]*[stageCount]time.Time
}

func newBurstTrace() *burstTrace {
	return &burstTrace{stamps: map[string]*[stageCount]time.Time{}}
}

func (t *burstTrace) stamp(id string, s stage) {
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.stamps[id]
	if st == nil {
		st = new([stageCount]time.Time)
		t.stamps[id] = st
	}
	if st[s].IsZero() {
		st[s] = now
	}
}

// reset forgets the stamps so far (the warm-up's).
func (t *burstTrace) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(t.stamps)
}

// tracedCommand is one command's path: when the stand-in sent it, its
// stamps, when the stand-in received its answer.
type tracedCommand struct {
	sent, arrived time.Time
	at            [stageCount]time.Time
}

func (t *burstTrace) command(id string, sent, arrived time.Time) tracedCommand {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := tracedCommand{sent: sent, arrived: arrived}
	if st := t.stamps[id]; st != nil {
		c.at = *st
	}
	return c
}

// breakdown is the table the benchmark logs: for each stage, the time
// since the envelope was sent (p50, p99) and the wait from the stage
// before it (p50, p99, max), over every command of the bursts.
func breakdown(cmds []tracedCommand) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s %9s %9s   %-24s %9s %9s %9s\n", "stage", "p50-ms", "p99-ms", "wait from", "p50-ms", "p99-ms", "max-ms")
	prev := "sent"
	last := func(c tracedCommand) time.Time { return c.sent }
	row := func(name string, at func(tracedCommand) time.Time) {
		var since, wait []time.Duration
		for _, c := range cmds {
			t, p := at(c), last(c)
			if t.IsZero() || p.IsZero() {
				continue
			}
			since = append(since, t.Sub(c.sent))
			wait = append(wait, t.Sub(p))
		}
		if len(since) == 0 {
			return
		}
		fmt.Fprintf(&b, "%-12s %9.1f %9.1f   %-24s %9.1f %9.1f %9.1f\n", name, percentile(since, 50), percentile(since, 99),
			prev, percentile(wait, 50), percentile(wait, 99), percentile(wait, 100))
		prev, last = name, at
	}
	for s := range stageCount {
		row(s.String(), func(c tracedCommand) time.Time { return c.at[s] })
	}
	row("arrived", func(c tracedCommand) time.Time { return c.arrived })
	return b.String()
}

// concurrency is how many commands were between two stages at once, on
// average over the bursts' spans and at most: how many answers were
// really worked out together.
func concurrency(cmds []tracedCommand, from, to stage) (mean float64, peak int) {
	type edge struct {
		t time.Time
		d int
	}
	var es []edge
	var busy time.Duration
	for _, c := range cmds {
		if c.at[from].IsZero() || c.at[to].IsZero() {
			continue
		}
		es = append(es, edge{c.at[from], 1}, edge{c.at[to], -1})
		busy += c.at[to].Sub(c.at[from])
	}
	slices.SortFunc(es, func(a, b edge) int { return a.t.Compare(b.t) })
	n := 0
	var span time.Duration
	for i, e := range es {
		if n > 0 && i > 0 {
			span += e.t.Sub(es[i-1].t)
		}
		n += e.d
		peak = max(peak, n)
	}
	if span == 0 {
		return 0, peak
	}
	return float64(busy) / float64(span), peak
}

// runtimeStats reads the runtime's own view of a burst: GC cycles and
// the time goroutines spent runnable, waiting for a CPU.
type runtimeStats struct {
	samples []metrics.Sample
}

func newRuntimeStats() *runtimeStats {
	names := []string{"/gc/cycles/total:gc-cycles", "/sched/latencies:seconds",
		"/cpu/classes/gc/total:cpu-seconds", "/cpu/classes/user:cpu-seconds", "/cpu/classes/idle:cpu-seconds", "/gc/heap/live:bytes",
		"/sched/pauses/total/gc:seconds", "/gc/heap/allocs:bytes", "/gc/heap/allocs:objects"}
	r := &runtimeStats{}
	for _, n := range names {
		r.samples = append(r.samples, metrics.Sample{Name: n})
	}
	return r
}

func (r *runtimeStats) read() []metrics.Sample {
	s := slices.Clone(r.samples)
	metrics.Read(s)
	return s
}

// diff describes what happened between two reads.
func (r *runtimeStats) diff(a, b []metrics.Sample) string {
	var out strings.Builder
	for i := range a {
		switch a[i].Value.Kind() {
		case metrics.KindUint64:
			if strings.HasPrefix(a[i].Name, "/gc/heap/allocs:bytes") {
				fmt.Fprintf(&out, "%s +%d MB; ", a[i].Name, (b[i].Value.Uint64()-a[i].Value.Uint64())>>20)
				continue
			}
			if strings.HasPrefix(a[i].Name, "/gc/heap/live") {
				fmt.Fprintf(&out, "%s %d MB; ", a[i].Name, b[i].Value.Uint64()>>20)
				continue
			}
			fmt.Fprintf(&out, "%s +%d; ", a[i].Name, b[i].Value.Uint64()-a[i].Value.Uint64())
		case metrics.KindFloat64:
			fmt.Fprintf(&out, "%s +%.1f ms; ", a[i].Name, 1000*(b[i].Value.Float64()-a[i].Value.Float64()))
		case metrics.KindFloat64Histogram:
			ha, hb := a[i].Value.Float64Histogram(), b[i].Value.Float64Histogram()
			var total uint64
			counts := make([]uint64, len(hb.Counts))
			for j := range hb.Counts {
				counts[j] = hb.Counts[j] - ha.Counts[j]
				total += counts[j]
			}
			q := func(p float64) float64 {
				var seen uint64
				for j, c := range counts {
					seen += c
					if float64(seen) >= p*float64(total) {
						return 1000 * hb.Buckets[j+1]
					}
				}
				return 0
			}
			fmt.Fprintf(&out, "%s n=%d p50<=%.2f ms p99<=%.2f ms p99.9<=%.2f ms; ", a[i].Name, total, q(0.5), q(0.99), q(0.999))
		}
	}
	return out.String()
}

// machineCPU is the CPU time every process of the machine has used so
// far, and the time its CPUs sat idle (/proc/stat; zeros elsewhere): with
// the process's own CPU time, it tells how much of the machine the
// benchmark had.
func machineCPU() (busy, idle time.Duration) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	if len(fields) < 8 || fields[0] != "cpu" {
		return 0, 0
	}
	var ticks [10]int64
	for i, f := range fields[1:min(len(fields), 11)] {
		fmt.Sscan(f, &ticks[i])
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	// user nice system idle iowait irq softirq steal guest guest_nice
	busy = time.Duration(ticks[0]+ticks[1]+ticks[2]+ticks[5]+ticks[6]+ticks[7]) * tick
	idle = time.Duration(ticks[3]+ticks[4]) * tick
	return busy, idle
}

// burstProfile starts a CPU profile of the measured bursts into the file
// TRUSTWATCH_BURST_PROFILE names, if set, and writes their allocations,
// lock contention and blocking beside it; the returned stop ends it.
func burstProfile(b *testing.B) (stop func()) {
	path := os.Getenv("TRUSTWATCH_BURST_PROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatalf("create profile: %v", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatalf("start profile: %v", err)
	}
	// The allocations of the bursts: the second profile less the first
	// (go tool pprof -base PATH.allocs0 PATH.allocs1).
	writeAllocs := func(name string) {
		g, err := os.Create(name)
		if err != nil {
			b.Fatalf("create profile: %v", err)
		}
		defer g.Close()
		runtime.GC()
		if err := pprof.Lookup("allocs").WriteTo(g, 0); err != nil {
			b.Fatalf("write profile: %v", err)
		}
	}
	writeAllocs(path + ".allocs0")
	// Who waits for whom, on locks and channels, during the bursts.
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(int(10 * time.Microsecond))
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		writeAllocs(path + ".allocs1")
		for _, name := range []string{"mutex", "block"} {
			g, err := os.Create(path + "." + name)
			if err != nil {
				b.Fatalf("create profile: %v", err)
			}
			if err := pprof.Lookup(name).WriteTo(g, 0); err != nil {
				b.Fatalf("write profile: %v", err)
			}
			g.Close()
		}
		runtime.SetMutexProfileFraction(0)
		runtime.SetBlockProfileRate(0)
	}
}

// countingDials is the bot's default HTTP client (bot.New's), counting
// the connections it opens: keep-alive should make a burst's posts reuse
// a few.
func countingDials(workers int) (*http.Client, *atomic.Int64) {
	var n atomic.Int64
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = workers + 4
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		n.Add(1)
		return dial(ctx, network, addr)
	}
	return &http.Client{Timeout: 30 * time.Second, Transport: tr}, &n
}
