package bot

import "testing"

// TestStampLine: the stages slack-go's debug lines tell of, with their
// envelope ids; other lines stamp nothing.
func TestStampLine(t *testing.T) {
	tests := []struct {
		line      string
		id        string
		want      stage
		stampless bool
	}{
		{line: `Received WebSocket message: {"envelope_id":"e-1","payload":{"text":"hi"},"type":"slash_commands"}`, id: "e-1", want: stageRead},
		{line: `Sending Socket Mode response with envelope ID "e-2"`, id: "e-2", want: stageAckWrite},
		{line: "Finished sending Socket Mode response with envelope ID \"e-3\"\n", id: "e-3", want: stageAckWritten},
		{line: `Received WebSocket message: {"type":"hello"}`, stampless: true},
		{line: "Starting to receive message", stampless: true},
	}
	for _, tc := range tests {
		var got []string
		stampLine(func(id string, s stage) { got = append(got, id+" "+s.String()) }, tc.line)
		want := []string{tc.id + " " + tc.want.String()}
		if tc.stampless {
			want = nil
		}
		if len(got) != len(want) || (len(want) == 1 && got[0] != want[0]) {
			t.Errorf("stampLine(%q) stamped %q; want %q", tc.line, got, want)
		}
	}
	stampLine(nil, "Starting to receive message") // no stamper: nothing to do
}
