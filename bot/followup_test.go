package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/trustwatch/trustwatch/corpus"
)

func TestFollowUp(t *testing.T) {
	reg, err := corpus.LoadRegistry([]byte("vendors:\n  - id: nimbus\n    name: Nimbus Cloud\n    aliases: [Nimbus]\n"))
	if err != nil {
		t.Fatal(err)
	}
	reg = corpus.Builtin().Merge(reg)
	for _, tc := range []struct {
		text    string
		kind    followKind
		lang    string
		vendors []string
	}{
		{"more", followMore, "", nil},
		{"More?", followMore, "", nil},
		{"plus", followMore, "", nil},
		{"la suite", followMore, "", nil},
		{"La suite ?", followMore, "", nil},
		{"next", followMore, "", nil},
		{"older ones?", followOlder, "", nil},
		{"plus anciennes ?", followOlder, "", nil},
		{"et en français ?", followLang, "fr", nil},
		{"in English?", followLang, "en", nil},
		{"en anglais", followLang, "en", nil},
		{"and Nimbus?", followVendor, "", []string{"nimbus"}},
		{"et Nimbus Cloud ?", followVendor, "", []string{"nimbus"}},
		{"what about Nimbus?", followVendor, "", []string{"nimbus"}},
		{"Nimbus?", followVendor, "", []string{"nimbus"}},
		{"does Nimbus Cloud train its models on customer data?", followQuestion, "", nil},
		{"thanks!", followQuestion, "", nil},
		{strings.Repeat("a", maxFollowUp+1), followTooLong, "", nil},
		{strings.Repeat("é", maxFollowUp), followQuestion, "", nil},
	} {
		t.Run(tc.text[:min(len(tc.text), 40)], func(t *testing.T) {
			kind, lang, vendors := followUp(tc.text, reg)
			if kind != tc.kind || lang != tc.lang || !slices.Equal(vendors, tc.vendors) {
				t.Errorf("followUp(%q) = %v, %q, %v; want %v, %q, %v", tc.text, kind, lang, vendors, tc.kind, tc.lang, tc.vendors)
			}
		})
	}
}

func TestThreadMetadataRoundTrip(t *testing.T) {
	in := Thread{Question: "does Nimbus Cloud compete?", Vendors: []string{"stratus"}, Lang: "fr", Before: "2023-01-10", Offset: 5, Shown: 4, Oldest: "2022-01-10"}
	md := in.metadata()
	if md.EventType != ThreadEventType {
		t.Fatalf("event type %q; want %q", md.EventType, ThreadEventType)
	}
	out, ok := threadFromMetadata(md.EventType, md.Payload)
	if !ok || !slices.Equal(out.Vendors, in.Vendors) || out.Question != in.Question || out.Offset != 5 || out.Lang != "fr" || out.Oldest != in.Oldest {
		t.Errorf("round trip = %+v, %v; want %+v", out, ok, in)
	}
	if _, ok := threadFromMetadata(DigestEventType, md.Payload); ok {
		t.Error("a digest's metadata read as a thread")
	}
}

func TestMemThreadsExpireAndBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		s := newMemThreads(time.Now)
		_ = s.SaveThread(ctx, "C1", "1.1", Thread{Question: "q"})
		if _, ok, _ := s.Thread(ctx, "C1", "1.1"); !ok {
			t.Fatal("a thread just saved is unknown")
		}
		if _, ok, _ := s.Thread(ctx, "C2", "1.1"); ok {
			t.Error("a thread is known in another channel")
		}
		time.Sleep(threadTTL + time.Second)
		if _, ok, _ := s.Thread(ctx, "C1", "1.1"); ok {
			t.Error("a thread is known after a day")
		}
		for i := range threadMax + 10 {
			_ = s.SaveThread(ctx, "C1", string(rune(i)), Thread{Question: "q"})
		}
		if n := len(s.m); n > threadMax {
			t.Errorf("%d threads kept; want at most %d", n, threadMax)
		}
	})
}
