package autobahn

import (
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCases(t *testing.T) {
	cs := Cases()
	assert.Len(t, cs, 255)
	id := regexp.MustCompile(`^([1-9][0-9]?|X)(\.[0-9]+){1,2}$`)
	seen := map[string]bool{}
	for _, c := range cs {
		assert.Regexp(t, id, c.ID)
		assert.False(t, seen[c.ID], "duplicate %s", c.ID)
		seen[c.ID] = true
		assert.NotEmpty(t, c.Description, c.ID)
		assert.NotNil(t, c.run, c.ID)
	}
}

func TestFilter(t *testing.T) {
	ids := func(cs []Case) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		filter []string
		want   string
	}{
		{[]string{"6.4"}, "6.4.1 6.4.2 6.4.3 6.4.4"},
		{[]string{"6.4.2"}, "6.4.2"},
		{[]string{"2.1"}, "2.1"}, // not 2.10 or 2.11
		{[]string{"5.2", "2.11", "5.1"}, "2.11 5.1 5.2"},
		{[]string{"7.13"}, "7.13.1 7.13.2"},
		{[]string{"X.3"}, "X.3.1 X.3.2 X.3.3"},
		{[]string{"8"}, ""},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, ids(Filter(Cases(), tc.filter...)), "%v", tc.filter)
	}
	assert.Len(t, Filter(Cases(), "9"), 54)
	assert.Len(t, Filter(Cases(), "6"), 85)
}

func TestCaseCount(t *testing.T) {
	srv := start(t, Config{Cases: Filter(Cases(), "1.1")})
	assert.Regexp(t, `^ws://127\.0\.0\.1:\d+$`, srv.URL)
	assert.Equal(t, 8, caseCount(t, srv.URL, "test"))
}

// TestNotRun checks that a case nobody ran is FAILED "not run", and that a
// case run twice keeps the grade of its last run.
func TestNotRun(t *testing.T) {
	srv := start(t, Config{Cases: Filter(Cases(), "1.1.1", "2.1")})
	dialRaw(t, srv.URL, 2).conn.Close() // FAILED: TCP closed instead of a pong
	gorillaEcho(caseURL(srv.URL, 2, "gorilla"))
	updateReports(t, srv.URL, "test")
	assert.Equal(t, []Result{
		{ID: "1.1.1", Description: "text message of 0 bytes", Grade: Failed, Detail: "not run"},
		{ID: "2.1", Description: "ping with no payload", Grade: OK},
	}, srv.Results())
}

func TestUnknownPathOrCase(t *testing.T) {
	srv := start(t, Config{Cases: Filter(Cases(), "1.1.1")})
	for _, path := range []string{"/", "/runCase?case=0", "/runCase?case=2", "/runCase?case=x", "/getCaseCounts"} {
		_, resp, err := websocket.DefaultDialer.Dial(srv.URL+path, nil)
		require.ErrorIs(t, err, websocket.ErrBadHandshake, path)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, path)
	}
	assert.Equal(t, "not run", srv.Results()[0].Detail)
}

// TestBadRequest checks that a client whose handshake request breaks RFC
// 6455 §4.1 fails the case at once.
func TestBadRequest(t *testing.T) {
	tests := []struct {
		name, request, detail string
	}{
		{"no key", "GET /runCase?case=1 HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
			"Sec-WebSocket-Key is not 16 bytes in base64"},
		{"old version", "GET /runCase?case=1 HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n",
			"Sec-WebSocket-Version is not 13"},
		{"POST", "POST /runCase?case=1 HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n",
			"the method is POST, not GET"},
		{"no upgrade", "GET /runCase?case=1 HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
			"Upgrade does not name websocket"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := start(t, Config{Cases: Filter(Cases(), "1.1.1")})
			conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "ws://"))
			require.NoError(t, err)
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(agentDeadline))
			fmt.Fprint(conn, tc.request)
			status := make([]byte, len("HTTP/1.1 400"))
			_, err = conn.Read(status)
			require.NoError(t, err)
			assert.Equal(t, "HTTP/1.1 400", string(status))
			updateReports(t, srv.URL, "test")
			r := srv.Results()[0]
			assert.Equal(t, Failed, r.Grade)
			assert.Equal(t, "bad handshake request: "+tc.detail+" (RFC 6455 §4.1)", r.Detail)
		})
	}
}
