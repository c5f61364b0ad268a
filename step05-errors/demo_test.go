package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spec2lib/websocket/internal/echoserver"
)

// TestDemoShowsEachFailure: every bad case fails the connection with its
// code, and the demo says what step04 did instead.
func TestDemoShowsEachFailure(t *testing.T) {
	srv := echoserver.Start(echoserver.Options{})
	defer srv.Close()
	var out bytes.Buffer
	require.NoError(t, demo(testContext(t), &out, srv.URL))
	for _, want := range []string{
		`-> FIN close             33  code 1007 "invalid UTF-8 in a text message"`,
		`ReadMessage: websocket: failed the connection with 1007: invalid UTF-8 in a text message`,
		`as a type:   *ProtocolError{Code: 1007}, errors.Is(err, ErrInvalidUTF8)`,
		`ReadMessage: websocket: failed the connection with 1002: a control frame of 126 bytes`,
		`ReadMessage: websocket: failed the connection with 1002: reserved bits set without an extension`,
		`ReadMessage: websocket: failed the connection with 1002: close code 1005 is not allowed`,
		`ReadMessage: websocket: failed the connection with 1002: a continuation frame with no message to continue`,
		`as a type:   *ProtocolError{Code: 1009}, errors.Is(err, ErrMessageTooBig)`,
		`step04, with the same bytes: answered it with a pong`,
	} {
		assert.Contains(t, out.String(), want)
	}
	assert.Equal(t, 6, bytes.Count(out.Bytes(), []byte("step04, with the same bytes:")))
}

// TestDemoNeedsAServerThatMisbehaves: a server that ignores the request
// to misbehave makes the demo fail with a message that says so.
func TestDemoNeedsAServerThatMisbehaves(t *testing.T) {
	srv := silentServer(t)
	var out bytes.Buffer
	err := demo(testContext(t), &out, srv.URL)
	assert.ErrorContains(t, err, "the server did not break the protocol (only the built-in server does, when asked)")
}
