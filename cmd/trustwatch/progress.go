package main

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressEvery is how often index redraws its progress bar at most: often
// enough to look alive, rarely enough to cost nothing next to indexing.
const progressEvery = 100 * time.Millisecond

// progress is index's progress bar on a terminal's stderr: articles done
// of all, the rate in articles/s and the time elapsed and left, on one
// line that is cleared at the end. A nil progress draws nothing, which is
// what index uses when stderr is not a terminal (CI, a pipe, a file).
//
// Drawing is github.com/schollz/progressbar's: rate and time left are
// smoothed there, and the line is redrawn in place.
type progress struct {
	w        io.Writer
	throttle time.Duration
	bar      *progressbar.ProgressBar // made at the first update, when the total is known
}

// newProgress is a progress bar drawn on w at most every throttle (0:
// at every update).
func newProgress(w io.Writer, throttle time.Duration) *progress {
	return &progress{w: w, throttle: throttle}
}

// update is index.Sync's progress callback: done files of total.
func (p *progress) update(done, total int) {
	if p == nil || total <= 0 {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(p.throttle),
			progressbar.OptionClearOnFinish(),
		)
	} else if total != p.bar.GetMax() {
		p.bar.ChangeMax(total)
	}
	_ = p.bar.Set(done) // a terminal that cannot be written to is not index's problem
}

// finish clears the bar's line, also when Sync stopped before the end (an
// error, Ctrl-C), so that what index prints next starts a clean line.
func (p *progress) finish() {
	if p == nil || p.bar == nil || p.bar.IsFinished() {
		return
	}
	_ = p.bar.Clear()
	_ = p.bar.Exit()
}
