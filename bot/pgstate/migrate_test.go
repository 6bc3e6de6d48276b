package pgstate

import (
	"context"
	"sync"
	"testing"

	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
)

// TestMigrateConcurrently starts three replicas at once on a new
// database: all open, and each migration is applied once (applied twice,
// its CREATE TABLE would fail).
func TestMigrateConcurrently(t *testing.T) {
	url := pgtest.URL(t)
	want, err := loadMigrations()
	if err != nil || len(want) == 0 {
		t.Fatalf("loadMigrations() = %v, %v; want some", want, err)
	}
	const n = 3
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = Open(context.Background(), url, Options{}) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open #%d of %d at once: %v", i, n, err)
		}
		t.Cleanup(stores[i].Close)
	}
	rows, err := stores[0].pool.Query(context.Background(), "SELECT version, name FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []migration
	for rows.Next() {
		var m migration
		if err := rows.Scan(&m.version, &m.name); err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	if len(got) != len(want) {
		t.Fatalf("schema_migrations holds %d rows %v; want %d, one per migration", len(got), got, len(want))
	}
	for i := range want {
		if got[i].version != want[i].version || got[i].name != want[i].name {
			t.Errorf("schema_migrations[%d] = %d %s; want %d %s", i, got[i].version, got[i].name, want[i].version, want[i].name)
		}
	}
	// A later start finds nothing to do.
	openStore(t, url, Options{})
}
