package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
	"github.com/spec2lib/websocket/internal/scripted"
)

func TestDemoAgainstGorilla(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, demo(testContext(t), &out, srv.URL))
	for _, want := range []string{
		"GET / HTTP/1.1", "Sec-WebSocket-Version: 13",
		"HTTP/1.1 101 Switching Protocols",
		"ok   Sec-WebSocket-Accept matches the key",
		"handshake complete",
	} {
		assert.Contains(t, out.String(), want)
	}
	assert.NotContains(t, out.String(), "FAIL")
}

func TestDemoShowsFailedCheck(t *testing.T) {
	srv := scripted.Start(t, respond(func(*http.Request) string {
		return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: bm90IHRoZSByaWdodCBhbnN3ZXI=\r\n\r\n"
	}))
	var out strings.Builder
	err := demo(testContext(t), &out, srv.URL)
	require.ErrorIs(t, err, errBadAccept)
	assert.Contains(t, out.String(), "ok   Upgrade is websocket")
	assert.Contains(t, out.String(), "FAIL Sec-WebSocket-Accept matches the key")
	assert.NotContains(t, out.String(), "no extension we did not offer", "the checks stop at the first failure")
}

func TestResponseHead(t *testing.T) {
	assert.Equal(t, "HTTP/1.1 101 x\r\nA: b", responseHead("HTTP/1.1 101 x\r\nA: b\r\n\r\n\x81\x00"))
	assert.Equal(t, "HTTP/1.1 101 x\n... (the response did not end)", responseHead("HTTP/1.1 101 x"))
	long := responseHead("HTTP/1.1 101 x\r\n" + strings.Repeat("X: y\r\n", 1000))
	assert.Len(t, long, maxShownHead+len("\n... (cut: more than 2 KiB)"))
}
