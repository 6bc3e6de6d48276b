package bot

import (
	"testing"
	"testing/synctest"
	"time"
)

func TestParseRate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Rate
		ok   bool
	}{
		{"10/1m", Rate{10, time.Minute}, true},
		{"60/1m", Rate{60, time.Minute}, true},
		{" 100 / 1h ", Rate{100, time.Hour}, true},
		{"5/m", Rate{5, time.Minute}, true},
		{"3/30s", Rate{3, 30 * time.Second}, true},
		{"", Rate{}, false},
		{"10", Rate{}, false},
		{"0/1m", Rate{}, false},
		{"-1/1m", Rate{}, false},
		{"ten/1m", Rate{}, false},
		{"10/", Rate{}, false},
		{"10/forever", Rate{}, false},
		{"10/1ms", Rate{}, false},
		{"10/48h", Rate{}, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseRate(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("ParseRate(%q) = %v, %v; want %v, ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestRateString(t *testing.T) {
	for _, r := range []Rate{DefaultUserRate, DefaultChannelRate, {3, time.Hour}, {5, 30 * time.Second}} {
		back, err := ParseRate(r.String())
		if err != nil || back != r {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", r.String(), back, err, r)
		}
	}
}

func TestLimiterWindows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Rate{N: 2, Per: time.Minute}, time.Now)
		take := func(key string, want ...verdict) {
			t.Helper()
			for i, w := range want {
				if got := l.take(key); got != w {
					t.Errorf("take(%q) #%d = %v; want %v", key, i+1, got, w)
				}
			}
		}
		take("U1", allowed, allowed, limitedFirst, limitedAgain, limitedAgain)
		take("U2", allowed) // keys are counted apart
		time.Sleep(59 * time.Second)
		take("U1", limitedAgain) // the notice is once per window
		time.Sleep(time.Second)
		take("U1", allowed, allowed, limitedFirst) // a new window, a new notice
	})
}

func TestLimiterBoundedKeys(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(Rate{N: 1, Per: time.Minute}, time.Now)
		for i := range 3 * limiterMax {
			l.take(string(rune(i)) + "k")
		}
		if n := len(l.windows); n > limiterMax {
			t.Errorf("%d keys remembered; want at most %d", n, limiterMax)
		}
	})
}
