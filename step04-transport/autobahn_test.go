package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/autobahn"
)

// runSuite runs the scripted Autobahn suite against this step's
// -autobahn agent, end to end, and returns the grades. The table goes to
// the test log: `go test ./stepNN-name -run Autobahn -v` prints it.
func runSuite(t *testing.T) []autobahn.Result {
	t.Helper()
	srv, err := autobahn.Start()
	require.NoError(t, err)
	defer func() { assert.NoError(t, srv.Close()) }()
	var out bytes.Buffer
	require.NoError(t, runAutobahn(t.Context(), &out, srv.URL, stepName()), out.String())
	assert.Contains(t, out.String(), "autobahn: reports updated")
	results := srv.Results()
	t.Log("\n" + autobahn.Summary(results) + "\n" + autobahn.Table(results))
	return results
}

// step04Misses are the cases this step does not pass, and how it fails
// them. Step05 makes every one of them OK.
func step04Misses() map[string]autobahn.Grade {
	misses := make(map[string]autobahn.Grade)
	add := func(g autobahn.Grade, ids ...string) {
		for _, id := range ids {
			misses[id] = g
		}
	}
	// Control frames are not checked: an oversized or fragmented ping
	// gets its pong.
	add(autobahn.Failed, "2.5", "5.1")
	// RSV bits are ignored, so the frames are echoed or answered.
	add(autobahn.Failed, "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7")
	// Reserved opcodes, stray continuations and a second data frame in a
	// fragmented message are caught, but with a plain error: TCP closes
	// without a close frame.
	add(autobahn.NonStrict, "4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.1.5",
		"4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5")
	add(autobahn.NonStrict, "5.2", "5.9", "5.10", "5.11", "5.12", "5.13",
		"5.14", "5.15", "5.16", "5.17", "5.18")
	// Text is not validated: invalid UTF-8 is echoed.
	add(autobahn.Failed, "6.3.1", "6.3.2", "6.4.1", "6.4.2", "6.4.3", "6.4.4",
		"6.8.1", "6.8.2", "6.8.3", "6.8.4", "6.10.1", "6.10.2", "6.10.3", "6.10.4",
		"6.12.1", "6.12.2", "6.12.3", "6.12.4", "6.12.5", "6.12.6",
		"6.13.1", "6.13.2", "6.13.3", "6.13.4",
		"6.14.1", "6.14.2", "6.14.3", "6.14.4", "6.14.5", "6.14.6",
		"6.16.1", "6.16.2", "6.16.3", "6.16.4", "6.16.5", "6.16.6",
		"6.17.1", "6.17.2", "6.17.3", "6.17.4", "6.17.5", "6.17.6",
		"6.18.1", "6.18.2", "6.19.1", "6.19.2",
		"6.20.1", "6.20.2", "6.20.3", "6.20.4", "6.21.1", "6.21.2")
	// Close payloads are not checked: any code is echoed, a 1-byte or
	// 126-byte payload is accepted, the reason is not validated.
	add(autobahn.Failed, "7.3.2", "7.3.6", "7.5.1",
		"7.9.1", "7.9.2", "7.9.3", "7.9.4", "7.9.5", "7.9.6", "7.9.7",
		"7.9.8", "7.9.9", "7.9.10", "7.13.1", "7.13.2")
	// A masked frame from the server is unmasked and echoed.
	add(autobahn.Failed, "X.2.1")
	return misses
}

// TestAutobahnSuite: this step passes the valid cases of every family
// (1, 2, 5 and 6.1-6.2 among them) and misses exactly the violations that
// step05 is about.
func TestAutobahnSuite(t *testing.T) {
	misses := step04Misses()
	for _, r := range runSuite(t) {
		want, missed := misses[r.ID]
		if !missed {
			want = autobahn.OK
		}
		assert.Equal(t, want, r.Grade, "case %s (%s): %s", r.ID, r.Description, r.Detail)
	}
}
