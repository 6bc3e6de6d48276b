package digest

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// DefaultSchedule is the digest's schedule when none is configured:
// weekdays at nine.
const DefaultSchedule = "0 9 * * 1-5"

// Schedule is a cron schedule (minute hour day-of-month month day-of-week)
// read in a time zone. It is a plain value: Next and Prev are pure
// functions of the time given, so the digest's timing is tested without
// waiting.
//
// Clock changes: a slot names a local wall time, and each wall time fires
// at most once.
//   - A wall time that does not exist that day (spring forward: 02:30 in
//     Europe/Paris on the last Sunday of March) fires at the instant the
//     clocks change (03:00 CEST), as Vixie cron does; several skipped slots
//     fire once, together.
//   - A wall time that occurs twice (fall back) fires at its first
//     occurrence only.
//
// A slot's identity (SlotID) is its local date and time with the zone's
// name, such as "2026-03-29T09:00 Europe/Paris", so that it is stable
// across restarts and processes.
type Schedule struct {
	expr   string
	loc    *time.Location
	minute uint64 // bits 0-59
	hour   uint64 // bits 0-23
	dom    uint64 // bits 1-31
	month  uint64 // bits 1-12
	dow    uint64 // bits 0-6, Sunday is 0
	// domAny and dowAny record a field written as "*" (or "*/n"): when
	// both day fields are restricted, a day matches either (cron's rule).
	domAny, dowAny bool
}

// field describes one of the five cron fields.
type field struct {
	n        int
	name     string
	min, max int
	names    []string // names for min, min+1, …; nil when the field has none
}

var fields = [5]field{
	{1, "minute", 0, 59, nil},
	{2, "hour", 0, 23, nil},
	{3, "day-of-month", 1, 31, nil},
	{4, "month", 1, 12, []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	// 7 is Sunday too; it is folded onto 0 after parsing.
	{5, "day-of-week", 0, 7, []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}},
}

// macros are the usual shorthands.
var macros = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@weekly":   "0 0 * * 0",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
}

// ParseSchedule reads a five-field cron expression: minute hour
// day-of-month month day-of-week, each "*", a number, a range "a-b", a
// step "*/n" or "a-b/n", or a list of these separated by commas. Months
// and weekdays may be named (jan, mon-fri); 0 and 7 are both Sunday. The
// shorthands @hourly, @daily, @weekly, @monthly and @yearly are accepted.
// loc nil is UTC.
func ParseSchedule(expr string, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	s := Schedule{expr: strings.TrimSpace(expr), loc: loc}
	text := s.expr
	if m, ok := macros[strings.ToLower(text)]; ok {
		text = m
	}
	parts := strings.Fields(text)
	if len(parts) != 5 {
		return Schedule{}, fmt.Errorf("schedule %q: want 5 fields (minute hour day-of-month month day-of-week), got %d", expr, len(parts))
	}
	sets := make([]uint64, 5)
	for i, p := range parts {
		set, err := parseField(p, fields[i])
		if err != nil {
			return Schedule{}, fmt.Errorf("schedule %q: %w", expr, err)
		}
		sets[i] = set
	}
	s.minute, s.hour, s.dom, s.month = sets[0], sets[1], sets[2], sets[3]
	s.dow = sets[4]
	if s.dow&(1<<7) != 0 {
		s.dow = s.dow&^(1<<7) | 1
	}
	s.domAny = strings.HasPrefix(parts[2], "*")
	s.dowAny = strings.HasPrefix(parts[4], "*")
	if s.dowAny && !s.domAny && !s.anyMonthHasDay() {
		return Schedule{}, fmt.Errorf("schedule %q never fires: none of its months has that day", expr)
	}
	return s, nil
}

// parseField reads one field into a bit set.
func parseField(text string, f field) (uint64, error) {
	var set uint64
	for item := range strings.SplitSeq(text, ",") {
		if item == "" {
			return 0, fmt.Errorf("field %d (%s) %q: empty list item", f.n, f.name, text)
		}
		rng, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n <= 0 {
				return 0, fmt.Errorf("field %d (%s) %q: step %q is not a positive number", f.n, f.name, item, stepText)
			}
			step = n
		}
		lo, hi := f.min, f.max
		switch {
		case rng == "*":
			if f.n == 5 {
				hi = 6 // "*" is each day once, not Sunday twice
			}
		default:
			a, b, isRange := strings.Cut(rng, "-")
			var err error
			if lo, err = fieldValue(a, f); err != nil {
				return 0, err
			}
			hi = lo
			switch {
			case isRange:
				if hi, err = fieldValue(b, f); err != nil {
					return 0, err
				}
				if hi < lo {
					return 0, fmt.Errorf("field %d (%s) range %s: start is after end", f.n, f.name, rng)
				}
			case hasStep: // "a/n" is "a-max/n"
				hi = f.max
			}
		}
		for v := lo; v <= hi; v += step {
			set |= 1 << v
		}
	}
	return set, nil
}

// fieldValue reads a number or a name within the field's range.
func fieldValue(s string, f field) (int, error) {
	if s == "" {
		return 0, fmt.Errorf("field %d (%s): missing value", f.n, f.name)
	}
	for i, name := range f.names {
		if strings.EqualFold(s, name) {
			return f.min + i, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		if f.names != nil {
			last := f.names[len(f.names)-1]
			if f.n == 5 {
				last = "sat" // 7 is Sunday's second number, not a day of its own
			}
			return 0, fmt.Errorf("field %d (%s) %q is not a number or a name (%s-%s)", f.n, f.name, s, f.names[0], last)
		}
		return 0, fmt.Errorf("field %d (%s) %q is not a number", f.n, f.name, s)
	}
	if v < f.min || v > f.max {
		return 0, fmt.Errorf("field %d (%s) %d out of range %d-%d", f.n, f.name, v, f.min, f.max)
	}
	return v, nil
}

// anyMonthHasDay reports whether some month of the schedule has one of its
// days of the month (February counted with 29 days).
func (s Schedule) anyMonthHasDay() bool {
	for m := time.January; m <= time.December; m++ {
		if s.month&(1<<m) == 0 {
			continue
		}
		last := time.Date(2024, m+1, 0, 0, 0, 0, 0, time.UTC).Day() // 2024 is a leap year
		if s.dom&(1<<(last+1)-1) != 0 {
			return true
		}
	}
	return false
}

// String is the expression the schedule was parsed from.
func (s Schedule) String() string { return s.expr }

// Location is the schedule's time zone.
func (s Schedule) Location() *time.Location { return s.loc }

// SlotID is the stable identity of the slot that fires at t: its local
// date and time in the schedule's zone, with the zone's name.
func (s Schedule) SlotID(t time.Time) string {
	return t.In(s.loc).Format("2006-01-02T15:04") + " " + s.loc.String()
}

// horizon bounds the search for a slot: a valid schedule fires at least
// once in any eight years (29 February can be eight years apart).
const horizon = 9 * 366

// Next returns the first slot strictly after after, in the schedule's
// zone; the zero Time if there is none within the horizon (a schedule
// that ParseSchedule accepted always has one).
func (s Schedule) Next(after time.Time) time.Time {
	if s.loc == nil {
		return time.Time{}
	}
	local := after.In(s.loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	for range horizon {
		for _, t := range s.daySlots(day) {
			if t.After(after) {
				return t
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}
}

// Prev returns the latest slot at or before at; the zero Time if there is
// none within the horizon.
func (s Schedule) Prev(at time.Time) time.Time {
	if s.loc == nil {
		return time.Time{}
	}
	local := at.In(s.loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	for range horizon {
		slots := s.daySlots(day)
		for i := len(slots) - 1; i >= 0; i-- {
			if !slots[i].After(at) {
				return slots[i]
			}
		}
		day = day.AddDate(0, 0, -1)
	}
	return time.Time{}
}

// daySlots returns the instants the schedule fires on a local date (day
// is that date at midnight UTC, used only for its calendar fields), in
// order, each once.
func (s Schedule) daySlots(day time.Time) []time.Time {
	if !s.matchDay(day) {
		return nil
	}
	var out []time.Time
	for h := range bitsOf(s.hour) {
		for m := range bitsOf(s.minute) {
			t := resolve(day.Year(), day.Month(), day.Day(), h, m, s.loc)
			if n := len(out); n > 0 && !t.After(out[n-1]) {
				continue // skipped wall times that fire together at the change
			}
			out = append(out, t)
		}
	}
	return out
}

// matchDay applies the month and the day fields to a date, with cron's
// rule: when both day-of-month and day-of-week are restricted, either
// matches.
func (s Schedule) matchDay(day time.Time) bool {
	if s.month&(1<<day.Month()) == 0 {
		return false
	}
	domOK := s.dom&(1<<day.Day()) != 0
	dowOK := s.dow&(1<<day.Weekday()) != 0
	switch {
	case s.domAny && s.dowAny:
		return true
	case s.domAny:
		return dowOK
	case s.dowAny:
		return domOK
	}
	return domOK || dowOK
}

// bitsOf yields the set bits of b in increasing order.
func bitsOf(b uint64) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for b != 0 {
			i := bits.TrailingZeros64(b)
			if !yield(i) {
				return
			}
			b &^= 1 << i
		}
	}
}

// resolve is the instant a slot at local wall time y-m-d h:mi fires: the
// first instant the clock in loc shows it, or, for a wall time the clocks
// skip, the instant they change.
func resolve(y int, mo time.Month, d, h, mi int, loc *time.Location) time.Time {
	t := time.Date(y, mo, d, h, mi, 0, 0, loc)
	if t.Hour() != h || t.Minute() != mi || t.Day() != d {
		// Skipped: Go normalised the wall time to one side of the gap.
		start, end := t.ZoneBounds()
		want := time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
		got := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
		if got.After(want) && !start.IsZero() {
			return start
		}
		if !end.IsZero() {
			return end
		}
		return t
	}
	// Repeated: Go may have chosen the second occurrence; the first is
	// one offset change earlier, in the zone that ended when t's began.
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t
	}
	_, before := start.Add(-time.Second).Zone()
	_, now := t.Zone()
	if before > now {
		earlier := t.Add(-time.Duration(before-now) * time.Second)
		if e := earlier.In(loc); e.Hour() == h && e.Minute() == mi && e.Day() == d {
			return e
		}
	}
	return t
}
