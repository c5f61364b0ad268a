package autobahn

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// start serves cfg for one test and closes the server afterwards.
func start(t *testing.T, cfg Config) *Server {
	t.Helper()
	srv, err := StartConfig(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, srv.Close()) })
	return srv
}

// gorillaNotOK lists every case in which the gorilla agent (gorilla
// v1.5.3's client plus the UTF-8 check of gorilla's Autobahn example, see
// gorillaEcho) is not OK, with the detail the server gives and the reason,
// checked in gorilla's source. Every other case must be OK.
var gorillaNotOK = map[string]struct {
	grade  Grade
	detail string
}{
	// gorilla does not validate text; the agent checks utf8.Valid once
	// ReadMessage has returned the whole message, so it cannot fail fast.
	"6.4.1": {NonStrict, "failed with 1007 only once the whole message had come"},
	"6.4.2": {NonStrict, "failed with 1007 only once the whole message had come"},
	"6.4.3": {NonStrict, "failed with 1007 only once the whole message had come"},
	"6.4.4": {NonStrict, "failed with 1007 only once the whole message had come"},
	// advanceFrame reads a code only from a payload of 2 bytes or more, so
	// a 1-byte payload counts as "no status" (1005), and the default close
	// handler answers 1005 with an empty close instead of failing.
	"7.3.2": {Failed, "expected close 1002, got close with an empty payload"},
	// An invalid UTF-8 reason goes to handleProtocolError, which always
	// sends 1002 ("invalid utf8 payload in close frame"), not 1007.
	"7.5.1": {Failed, `expected close 1007, got close 1002 "invalid utf8 payload in close frame"`},
	// Dialer.DialContext stores any Sec-WebSocket-Protocol of the response
	// in conn.subprotocol, offered or not.
	"X.1.7": {Failed, `accepted the bad handshake, then sent a text message "Hello, world!"`},
	// DialContext turns compression on whenever the response selects
	// permessage-deflate with both no_context_takeover parameters, even
	// though EnableCompression was off and nothing was offered; the echo
	// then comes compressed, with RSV1 set.
	"X.1.8": {Failed, "accepted the bad handshake, then sent a text frame with RSV bits 100 set"},
	// DialContext looks only for permessage-deflate and ignores any other
	// extension in the response.
	"X.1.9": {Failed, `accepted the bad handshake, then sent a text message "Hello, world!"`},
	// validReceivedCloseCodes lists 1012 and 1013 but not 1014 (Bad
	// Gateway, registered later), so gorilla fails the connection.
	"X.3.3": {NonStrict, "failed with 1002 on close code 1014"},
}

// TestGorilla runs the whole suite against the gorilla agent: all OK but
// the cases listed in gorillaNotOK. It runs the suite in two halves side by
// side, each through the full agent protocol: family 9 is CPU work, while
// the rest mostly waits out the pauses of 6.4 that gorilla does not cut
// short.
func TestGorilla(t *testing.T) {
	var perf, rest []Case
	for _, c := range Cases() {
		if strings.HasPrefix(c.ID, "9.") {
			perf = append(perf, c)
		} else {
			rest = append(rest, c)
		}
	}
	require.Len(t, perf, 54)
	require.Len(t, rest, 255-54)
	for name, cases := range map[string][]Case{"family 9": perf, "the rest": rest} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := start(t, Config{Cases: cases})
			runAgent(t, srv.URL, "gorilla", gorillaEcho)
			checkGorilla(t, srv.Results())
		})
	}
}

func checkGorilla(t *testing.T, results []Result) {
	for _, r := range results {
		want, listed := gorillaNotOK[r.ID]
		if !listed {
			assert.Equal(t, OK, r.Grade, "%s (%s): %s", r.ID, r.Description, r.Detail)
			continue
		}
		assert.Equal(t, want.grade, r.Grade, "%s (%s): %s", r.ID, r.Description, r.Detail)
		assert.Contains(t, r.Detail, want.detail, r.ID)
	}
	if t.Failed() {
		t.Log("\n" + Table(results))
	}
}
