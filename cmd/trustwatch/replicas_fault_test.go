package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/trustwatch/trustwatch/bot"
	"github.com/trustwatch/trustwatch/bot/pgstate"
	"github.com/trustwatch/trustwatch/bot/pgstate/pgtest"
	"github.com/trustwatch/trustwatch/bot/slackfake"
)

// TestReplicasDatabaseLostAndBack: PostgreSQL stopped under two running
// replicas, then started again. Answers go on meanwhile (a redelivery to
// the same replica still found in its memory), each replica warns once,
// and both recover by themselves: work is recorded again. No password
// is logged; no replica stops.
func TestReplicasDatabaseLostAndBack(t *testing.T) {
	db := pgtest.URL(t)
	srv := pgtest.Shared(t)
	fake := slackfake.New(t)
	a, b := startReplicas(t, fake, db, nil)

	_, conn := connOf(t, fake) // b's: the commands go to one replica
	answered := 0
	ask := func(trigger string, redeliver bool) {
		t.Helper()
		cmd := slackfake.SlashCommand{Text: "what did Ada Varga say", TriggerID: trigger, Conn: conn, ResponseURL: fake.NewResponseURL()}
		fake.SendSlashCommand(cmd)
		if redeliver { // the same command again, to the same replica
			fake.SendSlashCommand(cmd)
		}
		answered++
		if _, err := fake.WaitCalls(slackfake.ResponseURLMethod, answered, serveWait); err != nil {
			t.Fatalf("%v; stderr:\n%s", err, b.stderr.String())
		}
	}
	ask("T-before", false)

	if err := srv.Halt(); err != nil {
		t.Fatal(err)
	}
	halted := true
	t.Cleanup(func() {
		if halted {
			_ = srv.Resume()
		}
	})
	for i := range 5 {
		ask(fmt.Sprintf("T-down-%d", i), true)
	}
	if err := srv.Resume(); err != nil {
		t.Fatal(err)
	}
	halted = false
	// The replica that took the commands saw the store go, and come back.
	if !b.events.within(serveWait, func() bool { return slices.Equal(b.events.store, []bool{false, true}) }) {
		b.events.mu.Lock()
		t.Fatalf("store changes seen by the replica answering = %v; want down once, then back:\n%s", b.events.store, b.stderr.String())
	}
	ask("T-back", false)

	if got := answersTo(fake); len(got) != answered {
		t.Errorf("%d response_urls answered; want %d", len(got), answered)
	} else {
		for path, n := range got {
			if n != 1 {
				t.Errorf("%s answered %d times; want once", path, n)
			}
		}
	}
	// Recorded again once the database was back.
	st, err := pgstate.Open(context.Background(), db, pgstate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if first, err := st.RecordWork(context.Background(), bot.Work{ID: "command:T-back", Kind: bot.WorkSlash, Payload: []byte("{}")}); err != nil || first {
		t.Errorf("the command after the database came back was not recorded (RecordWork = %v, %v)", first, err)
	}
	for _, s := range []*serving{a, b} {
		s.stop(t)
		logs := s.stderr.String()
		if n := strings.Count(logs, "state store unreachable"); n > 1 || s == b && n != 1 {
			t.Errorf("%d warnings of the store lost; want 1 at most, 1 by the replica answering:\n%s", n, logs)
		}
		s.events.mu.Lock()
		if changes := s.events.store; len(changes) > 0 && !slices.Equal(changes, []bool{false, true}) {
			t.Errorf("store changes seen by a replica = %v; want none, or down once then back", changes)
		}
		s.events.mu.Unlock()
		if strings.Contains(logs, pgtest.Password) {
			t.Errorf("a replica logged the database password:\n%s", logs)
		}
	}
}
