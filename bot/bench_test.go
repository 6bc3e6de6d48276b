package bot

import (
	"context"
	"fmt"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/corpus"
	"github.com/trustwatch/trustwatch/index"
)

// The benchmark's generated corpus: benchArticles articles by benchVendors
// invented vendors, each with a few attributed quotations.
const (
	benchArticles = 10_000
	benchVendors  = 30
	benchBurst    = 100 // slash commands sent at once
)

var (
	benchOnce sync.Once
	benchIx   *index.Index
	benchDir  string
	benchErr  error
)

func TestMain(m *testing.M) {
	code := pgtest.Main(m) // stops the PostgreSQL of state_iface_test.go, if started
	if benchIx != nil {
		benchIx.Close()
	}
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func benchVendor(i int) string {
	syl := []string{"zor", "blax", "quen", "tari", "vol", "nex", "mira", "dun", "kel", "opa"}
	return strings.ToUpper(syl[i%10][:1]) + syl[i%10][1:] + syl[(i/10+3)%10] + fmt.Sprint(i)
}

var benchQuotes = []string{
	"We will never compete with our customers in their own markets",
	"Trust is our top priority and the foundation of everything we build",
	"We do not train our models on customer data, and we never will",
	"Customer data stays in Europe, under European jurisdiction",
	"We exist for the success of our customers",
	"Of course we have competitors in every market, some are also partners",
}

// benchCorpus is the generated corpus and the registry that knows its
// vendors.
func benchCorpus() (fstest.MapFS, *corpus.Registry, error) {
	var reg strings.Builder
	reg.WriteString("vendors:\n")
	for v := range benchVendors {
		fmt.Fprintf(&reg, "  - id: bench%d\n    name: %s\n    aliases: [%s]\n    people: [Ada Person%d]\n", v, benchVendor(v), benchVendor(v), v)
	}
	extra, err := corpus.LoadRegistry([]byte(reg.String()))
	if err != nil {
		return nil, nil, fmt.Errorf("generated registry: %w", err)
	}
	fsys := fstest.MapFS{}
	for i := range benchArticles {
		r := rand.New(rand.NewPCG(uint64(i), 1))
		v := r.IntN(benchVendors)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: \"%s news %d\"\npublication: Outlet %d\nurl: https://outlet%d.example/%d\ndate: %s\n---\n\n",
			benchVendor(v), i, i%20, i%20, i, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%1200).Format(time.DateOnly))
		for k := range 3 {
			fmt.Fprintf(&b, "The company reported results for the quarter, driven by its cloud business (%d).\n\n", r.IntN(1000))
			fmt.Fprintf(&b, "\"%s (%d),\" said Ada Person%d, chief executive of %s.\n\n", benchQuotes[(i+k)%len(benchQuotes)], r.IntN(1000), v, benchVendor(v))
		}
		fsys[fmt.Sprintf("gen/%02d/a%05d.md", i/1000, i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys, corpus.Builtin().Merge(extra), nil
}

// benchIndex indexes the generated corpus into a temporary folder, once
// per process: it takes a while.
func benchIndex(b *testing.B) *index.Index {
	b.Helper()
	benchOnce.Do(func() {
		fsys, reg, err := benchCorpus()
		if err != nil {
			benchErr = err
			return
		}
		if benchDir, benchErr = os.MkdirTemp("", "trustwatch-bench-"); benchErr != nil {
			return
		}
		if benchIx, benchErr = index.Open(benchDir, index.Options{Registry: reg}); benchErr != nil {
			return
		}
		var rep index.SyncReport
		rep, benchErr = benchIx.Sync(context.Background(), fsys, nil)
		if benchErr == nil && rep.Quotes == 0 {
			benchErr = fmt.Errorf("generated corpus: %d articles, no quotations", rep.Articles)
		}
		if benchErr == nil {
			// As `index` leaves it: settled, compacted.
			benchErr = benchIx.Compact(context.Background())
		}
	})
	if benchErr != nil {
		b.Fatalf("index the generated corpus: %v", benchErr)
	}
	return benchIx
}

// BenchmarkSlashCommandBurst sends 100 slash commands at once through the
// fake Slack to a bot on a 10k-article index, and reports how fast they
// are acknowledged and answered (from the envelope's send to the answer's
// arrival at the response_url), with the default 8 workers and several
// numbers of answers worked out at once.
func BenchmarkSlashCommandBurst(b *testing.B) {
	ix := benchIndex(b)
	var questions []string
	distinct := os.Getenv("TRUSTWATCH_BURST_DISTINCT") != ""
	for v := range benchVendors {
		questions = append(questions, "does "+benchVendor(v)+" compete with its customers?",
			"will "+benchVendor(v)+" train on my data?")
		if !distinct {
			questions = append(questions, "who keeps customer data in Europe?")
			continue
		}
		// No question asked twice in a burst, so none shares another's
		// search (askshare.go): the figure for a burst of all different
		// questions.
		questions = append(questions, "does "+benchVendor(v)+" keep customer data in Europe?",
			"what has "+benchVendor(v)+" said about trust?")
	}
	for _, parallel := range slices.Compact([]int{1, max(1, runtime.GOMAXPROCS(0)-1), runtime.GOMAXPROCS(0), DefaultWorkers}) {
		b.Run(fmt.Sprintf("parallel=%d", parallel), func(b *testing.B) {
			var tr *burstTrace
			var traced []tracedCommand
			before := func(*Bot) {}
			tune := func(c *Config) { c.Logger, c.Parallel = nil, parallel }
			var dials *atomic.Int64
			if os.Getenv("TRUSTWATCH_BURST_TRACE") != "" {
				tr = newBurstTrace()
				before = func(bot *Bot) { bot.stamp = tr.stamp }
				tune = func(c *Config) {
					c.Logger, c.Parallel = nil, parallel
					c.HTTPClient, dials = countingDials(DefaultWorkers)
				}
			}
			h := startBot(b, ix, before, tune)
			q := 0
			burst := func() (acks, answers []time.Duration) {
				urls := make(map[string]string, benchBurst) // envelope id → response_url path
				base := len(h.fake.CallsTo(slackfake.ResponseURLMethod))
				for range benchBurst {
					url := h.fake.NewResponseURL()
					id := h.fake.SendSlashCommand(slackfake.SlashCommand{Text: questions[q%len(questions)], ResponseURL: url})
					urls[id] = url[strings.Index(url, "/response/"):]
					q++
				}
				calls, err := h.fake.WaitCalls(slackfake.ResponseURLMethod, base+benchBurst, time.Minute)
				if err != nil {
					b.Fatal(err)
				}
				arrived := make(map[string]time.Time, benchBurst)
				for _, c := range calls[base:] {
					if !c.OK {
						b.Fatalf("answer refused: %s", c.Error)
					}
					arrived[c.Path] = c.Time
				}
				for id, path := range urls {
					ack, err := h.fake.WaitAck(id, time.Minute)
					if err != nil {
						b.Fatal(err)
					}
					sent := ack.Received.Add(-ack.Latency)
					acks = append(acks, ack.Latency)
					answers = append(answers, arrived[path].Sub(sent))
					if tr != nil {
						traced = append(traced, tr.command(id, sent, arrived[path]))
					}
				}
				return acks, answers
			}
			burst() // warm up: connections, caches, the index's first merges
			if tr != nil {
				tr.reset()
				traced = nil
			}
			var acks, answers []time.Duration
			var dials0 int64
			if dials != nil {
				dials0 = dials.Load()
			}
			rt := newRuntimeStats()
			rt0 := rt.read()
			stopProfile := burstProfile(b)
			busy0, idle0 := machineCPU()
			wall0 := time.Now()
			cpu0 := cpuTime()
			for b.Loop() {
				a, n := burst()
				acks, answers = append(acks, a...), append(answers, n...)
			}
			stopProfile()
			cpu := cpuTime() - cpu0
			wall := time.Since(wall0)
			busy1, idle1 := machineCPU()
			if tr != nil {
				mean, peak := concurrency(traced, stageSlot, stageRendered)
				b.Logf("where the time goes (ms since the envelope was sent):\n%s\nanswers worked out at once: %.2f on average, %d at most\nruntime: %s\n"+
					"CPU: this process %.0f ms, the whole machine %.0f ms busy and %.0f ms idle, in %.0f ms (%d CPUs)\n"+
					"HTTP connections the bot opened for %d answers: %d",
					breakdown(traced), mean, peak, rt.diff(rt0, rt.read()),
					ms(cpu), ms(busy1-busy0), ms(idle1-idle0), ms(wall), runtime.NumCPU(),
					len(answers), dials.Load()-dials0)
			}
			// The process's CPU time per answer, the fake Slack's
			// included: a figure that holds on a machine busy with
			// other work, unlike the latencies.
			b.ReportMetric(ms(cpu)/float64(len(answers)), "cpu-ms/answer")
			// How many CPUs the benchmark had and the machine's other
			// processes took meanwhile (Linux): latencies are only
			// comparable between runs with the same share.
			if busy1 > busy0 {
				b.ReportMetric(float64(cpu)/float64(wall), "cpus-used")
				b.ReportMetric(max(float64(busy1-busy0-cpu), 0)/float64(wall), "cpus-others")
			}
			b.ReportMetric(percentile(acks, 50), "ack-p50-ms")
			b.ReportMetric(percentile(acks, 99), "ack-p99-ms")
			b.ReportMetric(percentile(answers, 50), "answer-p50-ms")
			b.ReportMetric(percentile(answers, 99), "answer-p99-ms")
		})
	}
}

// percentile is the p-th percentile of ds, in milliseconds.
func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, (len(s)*p+99)/100-1)
	return float64(s[max(i, 0)].Microseconds()) / 1000
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
