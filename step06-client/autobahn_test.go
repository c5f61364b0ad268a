package main

import (
	"bytes"
	"slices"
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
	srv, err := autobahn.StartConfig(autobahn.Config{Cases: slices.Concat(autobahn.Cases(), autobahn.DeflateCases())})
	require.NoError(t, err)
	defer func() { assert.NoError(t, srv.Close()) }()
	var out bytes.Buffer
	require.NoError(t, runAutobahn(t.Context(), &out, srv.URL, stepName()), out.String())
	assert.Contains(t, out.String(), "autobahn: reports updated")
	results := srv.Results()
	t.Log("\n" + autobahn.Summary(results) + "\n" + autobahn.Table(results))
	return results
}

// TestAutobahnSuite: every case of families 1-7, 9 and 10, of families
// 12 and 13 (permessage-deflate), and the handshake and masking checks,
// is OK.
func TestAutobahnSuite(t *testing.T) {
	for _, r := range runSuite(t) {
		assert.Equal(t, autobahn.OK, r.Grade, "case %s (%s): %s", r.ID, r.Description, r.Detail)
	}
}
