package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bot/digest"
	"github.com/trustwatch/trustwatch/bot/slackfake"
	"github.com/trustwatch/trustwatch/index"
)

// nimbusVendors is a registry file for an invented vendor.
const nimbusVendors = `vendors:
  - id: nimbus
    name: Nimbus Cloud
    aliases: [Nimbus Cloud, Nimbus]
    people: [Ada Varga]
`

// TestDigestPostWhileIndexHeld: with the index held by another process
// (serve), digest --post still posts the slot, once, from the files
// changed since the digest's start: a file older than that brings nothing
// new, and its labels still count as the vendor's earlier position.
func TestDigestPostWhileIndexHeld(t *testing.T) {
	fake := slackfake.New(t)
	expr, tz, slot := slotEarlierToday(t)
	const channel = "C0BUSY"
	dir, indexDir := t.TempDir(), t.TempDir()
	vendors := filepath.Join(t.TempDir(), "vendors.yaml")
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(vendors, nimbusVendors)
	write(filepath.Join(dir, "old.md"), "---\ntitle: An old pledge\npublication: Example Daily\ndate: 2024-01-10\n---\n\n"+
		"Ada Varga, chief executive of Nimbus Cloud, said: “We will never compete with our customers.”\n")
	write(filepath.Join(dir, "new.md"), "---\ntitle: A new tone\npublication: Example Daily\ndate: 2024-06-10\n---\n\n"+
		"Ada Varga, chief executive of Nimbus Cloud, said: “Of course we compete with some of our customers, and we partner with them too.”\n")
	old := time.Now().Add(-72 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "old.md"), old, old); err != nil {
		t.Fatal(err)
	}
	getenv := slackEnv(t, fake, map[string]string{
		"TRUSTWATCH_CORPUS":          dir,
		"TRUSTWATCH_INDEX":           indexDir,
		"TRUSTWATCH_VENDORS":         vendors,
		"TRUSTWATCH_DIGEST_CHANNEL":  channel,
		"TRUSTWATCH_DIGEST_SCHEDULE": expr,
		"TRUSTWATCH_TIMEZONE":        tz,
	})
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"index"}, getenv, &out, &errb); err != nil {
		t.Fatalf("index: %v; stderr %s", err, errb.String())
	}
	held, err := index.Open(indexDir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()

	out.Reset()
	errb.Reset()
	if err := run(context.Background(), []string{"digest", "--post"}, getenv, &out, &errb); err != nil {
		t.Fatalf("digest --post with the index held = %v; stderr:\n%s", err, errb.String())
	}
	if want := "posted the digest for this slot (" + slot + ") to " + channel; !strings.Contains(out.String(), want) {
		t.Errorf("digest --post printed:\n%s\nwant %q; stderr:\n%s", out.String(), want, errb.String())
	}
	if !strings.Contains(errb.String(), "in use by another trustwatch process") {
		t.Errorf("stderr = %q; want it to say the index is in use", errb.String())
	}
	posts := fake.CallsTo("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d messages posted; want 1", len(posts))
	}
	shown := posts[0].Text + string(posts[0].Blocks)
	if !strings.Contains(shown, "compete with some of our customers") {
		t.Errorf("digest lacks the new quotation:\n%s", shown)
	}
	if strings.Contains(shown, "never compete") {
		t.Errorf("digest shows the old file's quotation as new:\n%s", shown)
	}
	if !strings.Contains(shown, "reversed") {
		t.Errorf("digest does not tell Nimbus Cloud's reversal (the old file's pledge is its earlier position):\n%s", shown)
	}

	// Again, index still held: the slot is done, nothing posted.
	out.Reset()
	if err := run(context.Background(), []string{"digest", "--post", "--since", "7d"}, getenv, &out, &errb); err != nil {
		t.Fatalf("second digest --post = %v; stderr:\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "already posted for this slot") {
		t.Errorf("second digest --post printed:\n%s", out.String())
	}
	if n := len(fake.CallsTo("chat.postMessage")); n != 1 {
		t.Errorf("%d messages posted after a second run; want 1", n)
	}

	// The printed digest, index still held, over the last two days.
	out.Reset()
	if err := run(context.Background(), []string{"digest", "--json", "--since", "48h"}, getenv, &out, &errb); err != nil {
		t.Fatalf("digest --json = %v; stderr:\n%s", err, errb.String())
	}
	var d digest.Digest
	if err := json.Unmarshal(out.Bytes(), &d); err != nil || d.Quotes != 1 || len(d.Changes) != 1 || d.Changes[0].Kind != digest.ChangeReversal {
		t.Errorf("digest --json with the index held = %s (%v); want the one new quotation and its reversal", out.String(), err)
	}
}
