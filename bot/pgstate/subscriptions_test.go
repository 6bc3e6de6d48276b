package pgstate

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot"
)

// subscriptionStore is what the subscribe command and the digest need of
// a store, met by bot.Store and Store alike.
type subscriptionStore interface {
	Subscribe(ctx context.Context, channel string, vendors []string, by string) (bot.Subscription, error)
	Unsubscribe(ctx context.Context, channel string, vendors []string) (bot.Subscription, bool, error)
	Subscriptions(ctx context.Context) ([]bot.Subscription, error)
}

func TestSubscriptions(t *testing.T) {
	run := func(t *testing.T, c *clock, s, other subscriptionStore) {
		ctx := context.Background()
		if subs, err := s.Subscriptions(ctx); err != nil || len(subs) != 0 {
			t.Fatalf("Subscriptions of a new store = %v, %v; want none", subs, err)
		}
		first, err := s.Subscribe(ctx, "C2", []string{"nimbus"}, "U1")
		if err != nil || first.By != "U1" || !first.Since.Equal(c.Now()) {
			t.Fatalf("Subscribe(C2) = %+v, %v; want by U1 since now", first, err)
		}
		c.Advance(time.Minute)
		got, err := s.Subscribe(ctx, "C2", []string{"acme", "nimbus", "acme"}, "U9")
		if err != nil || !slices.Equal(got.Vendors, []string{"acme", "nimbus"}) || got.By != "U1" || !got.Since.Equal(first.Since) {
			t.Fatalf("Subscribe adding acme = %+v, %v; want acme, nimbus, by U1 since the first", got, err)
		}
		if _, err := s.Subscribe(ctx, "C1", nil, "U2"); err != nil {
			t.Fatal(err)
		}
		// Another process or replica sees them.
		subs, err := other.Subscriptions(ctx)
		if err != nil || len(subs) != 2 || subs[0].Channel != "C1" || subs[0].Vendors != nil || subs[1].Channel != "C2" {
			t.Fatalf("Subscriptions = %+v, %v; want C1 (all) and C2 (acme, nimbus)", subs, err)
		}
		rest, was, err := s.Unsubscribe(ctx, "C2", []string{"nimbus"})
		if err != nil || !was || !slices.Equal(rest.Vendors, []string{"acme"}) {
			t.Errorf("Unsubscribe(C2, nimbus) = %+v, %v, %v; want acme left", rest, was, err)
		}
		rest, was, err = s.Unsubscribe(ctx, "C2", []string{"acme"})
		if err != nil || !was || rest.Channel != "" {
			t.Errorf("Unsubscribe(C2, acme) = %+v, %v, %v; want no subscription left", rest, was, err)
		}
		if _, was, _ := s.Unsubscribe(ctx, "C9", nil); was {
			t.Errorf("Unsubscribe(C9) says it was subscribed")
		}
		rest, was, err = s.Unsubscribe(ctx, "C1", []string{"acme"})
		if err != nil || !was || rest.Channel != "C1" || rest.Vendors != nil {
			t.Errorf("Unsubscribe(C1, acme) of a channel following all = %+v, %v, %v; want it unchanged", rest, was, err)
		}
		if _, was, err := s.Unsubscribe(ctx, "C1", nil); err != nil || !was {
			t.Errorf("Unsubscribe(C1) = %v, %v; want it was", was, err)
		}
		// Subscribing with no vendor widens to every vendor.
		if _, err := s.Subscribe(ctx, "C3", []string{"acme"}, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Subscribe(ctx, "C3", nil, ""); len(got.Vendors) != 0 {
			t.Errorf("Subscribe(C3) with no vendor = %v; want every vendor", got.Vendors)
		}
		if got, _ := s.Subscribe(ctx, "C3", []string{"acme"}, ""); len(got.Vendors) != 0 {
			t.Errorf("Subscribe(C3, acme) while following all = %v; want every vendor still", got.Vendors)
		}
		if subs, _ := other.Subscriptions(ctx); len(subs) != 1 || subs[0].Channel != "C3" {
			t.Errorf("Subscriptions at the end = %+v; want C3 only", subs)
		}
	}
	t.Run("bbolt", func(t *testing.T) {
		c := newClock()
		path := filepath.Join(t.TempDir(), bot.StateFile)
		opts := bot.StoreOptions{LockTimeout: time.Second, Now: c.Now}
		run(t, c, bot.NewStore(path, opts), bot.NewStore(path, opts))
	})
	t.Run("postgres", func(t *testing.T) {
		c := newClock()
		a, b := twoStores(t, c)
		run(t, c, a, b)
	})
}

// TestSubscribeRace: vendors added by two replicas at once are all kept.
func TestSubscribeRace(t *testing.T) {
	ctx := context.Background()
	a, b := twoStores(t, nil)
	vendors := []string{"acme", "globex", "initech", "nimbus", "umbrella", "vandelay"}
	var wg sync.WaitGroup
	for i, v := range vendors {
		s := []*Store{a, b}[i%2]
		wg.Go(func() {
			if _, err := s.Subscribe(ctx, "C1", []string{v}, "U1"); err != nil {
				t.Errorf("Subscribe(C1, %s): %v", v, err)
			}
		})
	}
	wg.Wait()
	subs, err := a.Subscriptions(ctx)
	if err != nil || len(subs) != 1 || !slices.Equal(subs[0].Vendors, vendors) {
		t.Fatalf("Subscriptions after racing Subscribes = %+v, %v; want C1 with %v", subs, err, vendors)
	}
}
