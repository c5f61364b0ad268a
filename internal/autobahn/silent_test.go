package autobahn

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSilentAgentFails proves that the grader can fail: an agent that
// connects and never answers fails every case. Left out are family 9 but
// its smallest cases, since silence fails them all the same way, and the
// bad handshakes X.1.1-X.1.6, which gorilla's Dial (the agent connects
// with it) refuses before the agent could be silent; TestGorilla has
// them. Short bounds and parallel cases keep the test quick, and the
// grades do not depend on timing, since the agent never answers.
func TestSilentAgentFails(t *testing.T) {
	t.Parallel()
	var cases []Case
	for _, c := range Cases() {
		switch {
		case strings.HasPrefix(c.ID, "9.") && c.ID != "9.1.1" && c.ID != "9.7.1":
		case c.ID >= "X.1.1" && c.ID <= "X.1.6":
		default:
			cases = append(cases, c)
		}
	}
	require.Len(t, cases, 255-52-6)
	srv := start(t, Config{Cases: cases, Timeout: 250 * time.Millisecond, Pause: 50 * time.Millisecond})
	runAgentParallel(t, srv.URL, "silent", 16, silent)

	for _, r := range srv.Results() {
		assert.Equal(t, Failed, r.Grade, "%s: %s", r.ID, r.Detail)
		assert.NotEqual(t, "not run", r.Detail, r.ID)
	}

	details := map[string]string{}
	for _, r := range srv.Results() {
		details[r.ID] = r.Detail
	}
	for id, want := range map[string]string{
		"1.1.1":  `expected the echo of the text message with an empty payload, got nothing within 250ms`,
		"2.2":    `expected pong "Hello, world!", got nothing within 250ms`,
		"3.1":    `nothing within 250ms: expected close 1002`,
		"6.3.1":  `nothing within 250ms: expected close 1007`,
		"6.4.1":  `nothing within 250ms: expected close 1007`,
		"7.1.1":  `expected the echo of the text message "Hello, world!", got nothing within 250ms`,
		"7.3.3":  `no close frame in reply to the server's close: nothing within 250ms`,
		"9.1.1":  `expected the echo of the text message of 65536 bytes, got nothing within 1.5s`,
		"X.1.7":  `kept the connection open after the bad handshake (nothing within 250ms); it must close it`,
		"2.10":   `expected pongs for the 10 pings, got nothing within 250ms after 0 pongs`,
		"5.19":   `expected pong "pongme 1!", got nothing within 250ms`,
		"X.2.1":  `nothing within 250ms: expected close 1002`,
		"7.13.2": `nothing within 250ms: expected close 1002`,
	} {
		assert.Equal(t, want, details[id], id)
	}
}
