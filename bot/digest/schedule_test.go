package digest

import (
	"strings"
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func mustSchedule(t *testing.T, expr string, loc *time.Location) Schedule {
	t.Helper()
	s, err := ParseSchedule(expr, loc)
	if err != nil {
		t.Fatalf("ParseSchedule(%q): %v", expr, err)
	}
	return s
}

func TestParseScheduleErrors(t *testing.T) {
	tests := []struct {
		name, expr, want string
	}{
		{"empty", "", "want 5 fields"},
		{"four fields", "0 9 * *", "want 5 fields (minute hour day-of-month month day-of-week), got 4"},
		{"six fields", "0 0 9 * * 1", "got 6"},
		{"hour out of range", "0 25 * * *", "field 2 (hour) 25 out of range 0-23"},
		{"minute out of range", "60 * * * *", "field 1 (minute) 60 out of range 0-59"},
		{"day zero", "0 9 0 * *", "field 3 (day-of-month) 0 out of range 1-31"},
		{"month 13", "0 9 * 13 *", "field 4 (month) 13 out of range 1-12"},
		{"weekday 8", "0 9 * * 8", "field 5 (day-of-week) 8 out of range 0-7"},
		{"bad name", "0 9 * * mon-fry", `field 5 (day-of-week) "fry" is not a number or a name (sun-sat)`},
		{"not a number", "x 9 * * *", `field 1 (minute) "x" is not a number`},
		{"bad month name", "0 9 * janv *", `field 4 (month) "janv" is not a number or a name (jan-dec)`},
		{"reversed range", "0 17-9 * * *", "field 2 (hour) range 17-9: start is after end"},
		{"zero step", "*/0 * * * *", `step "0" is not a positive number`},
		{"bad step", "*/x * * * *", `step "x" is not a positive number`},
		{"empty item", "0 9,,10 * * *", "empty list item"},
		{"missing range end", "0 9- * * *", "field 2 (hour): missing value"},
		{"never fires", "0 0 30 2 *", "never fires"},
		{"negative", "-1 * * * *", "missing value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSchedule(tt.expr, time.UTC)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseSchedule(%q) = %v; want an error containing %q", tt.expr, err, tt.want)
			}
		})
	}
}

func TestParseScheduleAccepts(t *testing.T) {
	for _, expr := range []string{
		"0 9 * * 1-5", "0 9 * * mon-fri", "0 9 * * MON-FRI", "*/15 * * * *", "0 9-17/2 * * *",
		"0 9 1,15 * *", "0 9 * jan-mar,dec *", "0 9 29 2 *", "0 0 * * 7", "5/10 * * * *",
		"@daily", "@hourly", "@weekly", "@monthly", "@yearly", "  0 9 * * 1-5  ",
	} {
		if _, err := ParseSchedule(expr, time.UTC); err != nil {
			t.Errorf("ParseSchedule(%q) = %v; want nil", expr, err)
		}
	}
}

// TestNext walks schedules forward and checks each slot's local time.
func TestNext(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	ny := mustLoad(t, "America/New_York")
	tests := []struct {
		name  string
		expr  string
		loc   *time.Location
		start string // RFC 3339
		want  []string
	}{
		{
			name: "weekdays at nine skip the weekend", expr: "0 9 * * 1-5", loc: time.UTC,
			start: "2026-03-05T10:00:00Z", // a Thursday
			want:  []string{"2026-03-06T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z"},
		},
		{
			name: "sunday as 7", expr: "0 0 * * 7", loc: time.UTC, start: "2026-03-01T00:00:00Z",
			want: []string{"2026-03-08T00:00:00Z", "2026-03-15T00:00:00Z"},
		},
		{
			name: "sunday as 0 and names", expr: "0 0 * * sun", loc: time.UTC, start: "2026-03-01T00:00:00Z",
			want: []string{"2026-03-08T00:00:00Z"},
		},
		{
			name: "day of month or day of week", expr: "0 12 13 * fri", loc: time.UTC, start: "2026-02-01T00:00:00Z",
			// Fridays 6, 13 (also the 13th), 20, 27, then 13 March (a Friday) and 6 March.
			want: []string{"2026-02-06T12:00:00Z", "2026-02-13T12:00:00Z", "2026-02-20T12:00:00Z", "2026-02-27T12:00:00Z", "2026-03-06T12:00:00Z"},
		},
		{
			name: "star step counts as unrestricted", expr: "0 12 */10 * mon", loc: time.UTC, start: "2026-03-01T00:00:00Z",
			want: []string{"2026-03-02T12:00:00Z", "2026-03-09T12:00:00Z"},
		},
		{
			name: "leap day", expr: "0 0 29 feb *", loc: time.UTC, start: "2026-01-01T00:00:00Z",
			want: []string{"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"},
		},
		{
			name: "steps and lists", expr: "10-40/15 8,20 * * *", loc: time.UTC, start: "2026-01-01T00:00:00Z",
			want: []string{"2026-01-01T08:10:00Z", "2026-01-01T08:25:00Z", "2026-01-01T08:40:00Z", "2026-01-01T20:10:00Z"},
		},
		{
			name: "paris at nine around spring forward", expr: "0 9 * * *", loc: paris, start: "2026-03-28T00:00:00Z",
			want: []string{"2026-03-28T09:00:00+01:00", "2026-03-29T09:00:00+02:00", "2026-03-30T09:00:00+02:00"},
		},
		{
			name: "paris skipped 02:30 fires at the change", expr: "30 2 * * *", loc: paris, start: "2026-03-28T00:00:00Z",
			want: []string{"2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"},
		},
		{
			name: "paris several skipped slots fire once", expr: "*/20 2 * * *", loc: paris, start: "2026-03-29T00:00:00+01:00",
			want: []string{"2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00"},
		},
		{
			name: "paris a real slot at the change is the same firing", expr: "30 2,3 * * *", loc: paris, start: "2026-03-29T00:00:00+01:00",
			want: []string{"2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"},
		},
		{
			name: "paris repeated 02:30 fires once", expr: "30 2 * * *", loc: paris, start: "2026-10-24T12:00:00Z",
			want: []string{"2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"},
		},
		{
			name: "paris every 30 minutes through fall back", expr: "*/30 * * * *", loc: paris, start: "2026-10-25T01:45:00+02:00",
			// 02:00 and 02:30 CEST; the repeated hour (CET) fires nothing; then 03:00 CET.
			want: []string{"2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T03:00:00+01:00"},
		},
		{
			name: "paris at nine around fall back", expr: "0 9 * * *", loc: paris, start: "2026-10-24T00:00:00Z",
			want: []string{"2026-10-24T09:00:00+02:00", "2026-10-25T09:00:00+01:00"},
		},
		{
			name: "new york skipped 02:30", expr: "30 2 * * *", loc: ny, start: "2026-03-07T12:00:00Z",
			want: []string{"2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"},
		},
		{
			name: "new york repeated 01:30", expr: "30 1 * * *", loc: ny, start: "2026-10-31T12:00:00Z",
			want: []string{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"},
		},
		{
			name: "new york weekdays at nine across the change", expr: "0 9 * * 1-5", loc: ny, start: "2026-03-06T15:00:00Z",
			want: []string{"2026-03-09T09:00:00-04:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSchedule(t, tt.expr, tt.loc)
			at, err := time.Parse(time.RFC3339, tt.start)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				want, err := time.Parse(time.RFC3339, w)
				if err != nil {
					t.Fatal(err)
				}
				got := s.Next(at)
				if !got.Equal(want) {
					t.Fatalf("Next(%s) = %s; want %s", at.In(tt.loc).Format(time.RFC3339), got.Format(time.RFC3339), w)
				}
				if p := s.Prev(got); !p.Equal(got) {
					t.Errorf("Prev(%s) = %s; want the slot itself", got.Format(time.RFC3339), p.Format(time.RFC3339))
				}
				if p := s.Prev(got.Add(-time.Nanosecond)); !p.Before(got) || !s.Next(p).Equal(got) {
					t.Errorf("Prev just before %s = %s; want the slot before it", got.Format(time.RFC3339), p.Format(time.RFC3339))
				}
				at = got
			}
		})
	}
}

func TestPrev(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	s := mustSchedule(t, "0 9 * * 1-5", paris)
	tests := []struct{ at, want string }{
		{"2026-03-30T08:59:00+02:00", "2026-03-27T09:00:00+01:00"}, // Monday before nine: Friday's
		{"2026-03-30T09:00:00+02:00", "2026-03-30T09:00:00+02:00"}, // at the slot: itself
		{"2026-03-30T18:00:00+02:00", "2026-03-30T09:00:00+02:00"},
		{"2026-03-29T12:00:00+02:00", "2026-03-27T09:00:00+01:00"}, // Sunday
	}
	for _, tt := range tests {
		at, _ := time.Parse(time.RFC3339, tt.at)
		want, _ := time.Parse(time.RFC3339, tt.want)
		if got := s.Prev(at); !got.Equal(want) {
			t.Errorf("Prev(%s) = %s; want %s", tt.at, got.Format(time.RFC3339), tt.want)
		}
	}
}

func TestSlotID(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	s := mustSchedule(t, "0 9 * * *", paris)
	at := s.Next(time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC))
	if got, want := s.SlotID(at), "2026-03-29T09:00 Europe/Paris"; got != want {
		t.Errorf("SlotID(%s) = %q; want %q", at, got, want)
	}
	// The first occurrence of a repeated wall time keeps its plain name.
	s = mustSchedule(t, "30 2 * * *", paris)
	at = s.Next(time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC))
	if got, want := s.SlotID(at), "2026-10-25T02:30 Europe/Paris"; got != want {
		t.Errorf("SlotID(%s) = %q; want %q", at, got, want)
	}
}
